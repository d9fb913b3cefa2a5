package searchtest

import (
	"crypto/rand"
	"encoding/hex"
	"math"
	"time"

	"hutong/search"
)

// newType describes the test documents: organisation-like records with
// Chinese text, keyword facets, a number, a time, a bool and a location.
// Each call gets its own name, so tests sharing one search server never
// see each other's documents.
func newType() *search.DocType {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return &search.DocType{
		Name: "searchtest_" + hex.EncodeToString(b),
		Fields: []search.Field{
			{Name: "name", Kind: search.Text, Searchable: true, Weight: 10},
			{Name: "description", Kind: search.Text, Searchable: true, Weight: 4},
			{Name: "kind", Kind: search.Keyword, Filterable: true, Facet: true},
			{Name: "region_code", Kind: search.Keyword, Filterable: true, Facet: true},
			{Name: "service_areas", Kind: search.Keyword, Filterable: true, Facet: true},
			{Name: "rating", Kind: search.Number, Filterable: true, Sortable: true},
			{Name: "founded", Kind: search.Time, Filterable: true, Sortable: true},
			{Name: "fundraising", Kind: search.Bool, Filterable: true},
		},
		Geo: true,
		Synonyms: [][]string{
			{"心理疏导", "心理辅导", "心理咨询"},
			{"留守儿童", "农村留守儿童"},
			{"困境儿童", "困难儿童"},
			{"课业辅导", "作业辅导", "学业辅导"},
		},
	}
}

// center is Tian'anmen; every fixture lies a known distance due north.
var center = search.GeoPoint{Lat: 39.9087, Lng: 116.3975}

// metersPerDegreeLat is the length of one degree of latitude on the
// sphere both backends use (radius 6371 km).
const metersPerDegreeLat = 6371000 * math.Pi / 180

// north returns the point km kilometres due north of center.
func north(km float64) *search.GeoPoint {
	return &search.GeoPoint{Lat: center.Lat + km*1000/metersPerDegreeLat, Lng: center.Lng}
}

// org is one fixture row; km is its distance north of center.
type org struct {
	id, name, description, kind, region string
	areas                               []string
	rating                              int64
	founded                             string
	fundraising                         bool
	km                                  float64
}

// orgs are the fixtures the read-only checks search. Their words are
// chosen so that each check has an exact expected answer: 童 appears in
// o01-o06 and o11 only; 心理疏导, 心理咨询, 作业辅导 and 困境儿童 appear
// once each; o07 carries HTML metacharacters.
var orgs = []org{
	{"o01", "阳光儿童服务中心", "为农村留守儿童提供心理疏导和课业辅导，每周开展陪伴活动。", "social_org", "110105", []string{"psychological", "tutoring"}, 5, "2012-03-01", true, 1},
	{"o02", "春苗困境儿童关爱协会", "关注困境家庭孩子的生活保障与助学，联合社区开展探访。", "social_org", "110108", []string{"welfare", "education"}, 4, "2015-06-10", false, 3},
	{"o03", "朝阳区未成年人保护工作站", "街道未保站，开展儿童权益宣传与个案管理。", "station", "110105", []string{"protection", "casework"}, 3, "2019-09-01", false, 6},
	{"o04", "海淀区民政局", "负责辖区儿童福利与政府购买服务项目的发布。", "bureau", "110108", []string{"welfare"}, 0, "2000-01-01", false, 10},
	{"o05", "护童公益基金会", "资助微心愿与助学项目，支持社工机构开展保护工作。", "foundation", "110101", []string{"education", "wishes"}, 5, "2010-05-20", true, 0.5},
	{"o06", "京津冀儿童保护联盟", "联盟成员共享培训资源，推动专业化。", "alliance", "110101", []string{"training", "protection"}, 4, "2018-11-11", false, 2},
	{"o07", "彩虹社工服务社", "提供青少年心理咨询、亲子沟通工作坊<和>家庭教育讲座 & 更多。", "social_org", "110106", []string{"psychological", "family"}, 3, "2016-04-01", false, 8},
	{"o08", "星星点灯成长中心", "为外来务工人员子女提供作业辅导与阅读陪伴。", "social_org", "110106", []string{"tutoring"}, 4, "2020-02-02", false, 4},
	{"o09", "Sunshine Children Center", "International volunteers tutoring children in English.", "social_org", "110105", []string{"tutoring"}, 3, "2021-07-07", false, 12},
	{"o10", "通州区关爱之家", "社区关爱之家为孩子提供课后托管和营养午餐。", "station", "110112", []string{"care"}, 3, "2017-08-08", false, 20},
	{"o11", "悦读童年阅读推广中心", "在乡村学校建立图书角。", "social_org", "110112", []string{"education"}, 2, "2022-10-01", false, 15},
}

// documents turns the fixtures into search documents with versions.
func documents() []search.Document {
	docs := make([]search.Document, len(orgs))
	for i, o := range orgs {
		founded, err := time.Parse(time.DateOnly, o.founded)
		if err != nil {
			panic(err)
		}
		docs[i] = search.Document{
			ID:      o.id,
			Version: int64(1_700_000_000_000_000 + i),
			Fields: map[string]any{
				"name": o.name, "description": o.description, "kind": o.kind,
				"region_code": o.region, "service_areas": o.areas, "rating": o.rating,
				"founded": founded.UTC(), "fundraising": o.fundraising,
			},
			Geo: north(o.km),
		}
	}
	return docs
}

// byID finds a fixture.
func byID(id string) org {
	for _, o := range orgs {
		if o.id == id {
			return o
		}
	}
	panic("no fixture " + id)
}

// where lists the ids of fixtures keep accepts, in fixture order.
func where(keep func(o org) bool) []string {
	var ids []string
	for _, o := range orgs {
		if keep(o) {
			ids = append(ids, o.id)
		}
	}
	return ids
}
