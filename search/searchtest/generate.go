package searchtest

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"hutong/search"
)

// Vocabulary for generated organisations, taken from how Chinese social
// organisations and stations name and describe themselves.
var (
	genDistricts = []struct{ code, name string }{
		{"110105", "朝阳区"}, {"110108", "海淀区"}, {"110101", "东城区"}, {"110106", "丰台区"},
		{"310104", "徐汇区"}, {"310115", "浦东新区"}, {"320213", "梁溪区"}, {"320214", "新吴区"},
		{"320506", "吴中区"}, {"330106", "西湖区"}, {"340104", "蜀山区"}, {"350102", "鼓楼区"},
		{"360102", "东湖区"}, {"370102", "历下区"}, {"410105", "金水区"}, {"420106", "武昌区"},
		{"430104", "岳麓区"}, {"440106", "天河区"}, {"440305", "南山区"}, {"500103", "渝中区"},
		{"510107", "武侯区"}, {"520102", "南明区"}, {"530102", "五华区"}, {"610113", "雁塔区"},
	}
	genBrands = []string{"阳光", "春苗", "彩虹", "星火", "启明", "同心", "爱心", "护苗", "希望", "晨曦",
		"暖阳", "向日葵", "蒲公英", "益童", "乐善", "心桥", "童心", "安心", "新芽", "萤火"}
	genSuffixes = []struct{ suffix, kind string }{
		{"社会工作服务中心", "social_org"}, {"儿童关爱协会", "social_org"}, {"青少年事务社", "social_org"},
		{"公益发展中心", "social_org"}, {"家庭服务中心", "social_org"}, {"志愿者协会", "social_org"},
		{"未成年人保护工作站", "station"}, {"关爱之家", "station"}, {"公益基金会", "foundation"},
		{"儿童保护联盟", "alliance"},
	}
	genAreas = []struct{ key, label, sentence string }{
		{"psychological", "心理疏导", "为农村留守儿童提供心理疏导与陪伴"},
		{"tutoring", "课业辅导", "组织大学生志愿者开展课业辅导和阅读推广"},
		{"welfare", "儿童福利", "协助民政部门落实困境儿童基本生活保障"},
		{"protection", "儿童保护", "推动学校防欺凌和儿童自我保护教育"},
		{"casework", "个案管理", "开展困境儿童入户探访和个案管理"},
		{"family", "家庭教育", "开展家庭教育指导和亲子沟通工作坊"},
		{"disability", "残障康复", "为残疾儿童提供康复训练和融合教育支持"},
		{"volunteer", "志愿服务", "培训社区志愿者参与儿童关爱服务"},
		{"health", "健康营养", "为山区学校提供营养午餐和健康筛查"},
		{"education", "助学", "设立助学金帮助困难家庭学生完成学业"},
	}
	genTails = []string{"承接民政局政府购买服务项目。", "建设社区儿童之家，提供课后托管。",
		"与街道未保站合作开展儿童权益宣传。", "定期发布微心愿，链接爱心人士资源。", "服务覆盖辖区内多个街道和乡镇。"}
	genRatings = []string{"", "3A", "4A", "5A"}
)

// GenerateOrganizations makes n organisation documents for
// search.Organizations, the same for the same seed: realistic Chinese
// names, service areas, descriptions, regions and ratings, for
// benchmarks and load tests.
func GenerateOrganizations(n int, seed uint64) []search.Document {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	base := time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)
	docs := make([]search.Document, n)
	for i := range docs {
		d := genDistricts[rng.IntN(len(genDistricts))]
		s := genSuffixes[rng.IntN(len(genSuffixes))]
		keys, labels, sentences := genPickAreas(rng)
		rating := genRatings[rng.IntN(len(genRatings))]
		verified := base.Add(time.Duration(rng.IntN(10*365*24)) * time.Hour)
		level := int64(0)
		if rating != "" {
			level = int64(rating[0] - '0')
		}
		docs[i] = search.Document{
			ID:      fmt.Sprintf("gen-%07d", i),
			Version: verified.UnixMicro(),
			Fields: map[string]any{
				"name":               d.name + genBrands[rng.IntN(len(genBrands))] + s.suffix,
				"service_area_names": strings.Join(labels, " "),
				"description":        strings.Join(sentences, "，") + "。" + genTails[rng.IntN(len(genTails))],
				"region_name":        d.name,
				"kind":               s.kind,
				"region_code":        d.code,
				"region_codes":       search.RegionAncestors(d.code),
				"service_areas":      keys,
				"rating":             rating,
				"rating_level":       level,
				"public_fundraising": s.kind == "foundation" || rng.IntN(10) == 0,
				"verified_at":        verified,
			},
		}
	}
	return docs
}

// genPickAreas picks one to three distinct service areas.
func genPickAreas(rng *rand.Rand) (keys, labels, sentences []string) {
	for _, j := range rng.Perm(len(genAreas))[:1+rng.IntN(3)] {
		a := genAreas[j]
		keys = append(keys, a.key)
		labels = append(labels, a.label)
		sentences = append(sentences, a.sentence)
	}
	return keys, labels, sentences
}
