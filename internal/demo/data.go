package demo

import "hutong/domain"

// Password is the one password of every demo account, printed by
// `hutong seed --demo`. Demo data is for trying Hutong out, never for a
// production database.
const Password = "hutong-demo-2026"

// AdminEmail is the demo platform administrator's login.
const AdminEmail = "admin@hutong.demo"

// person is a demo account. The names are invented staff pseudonyms; no
// child and no real person from the source documents appears.
type person struct {
	Email, Phone, Name string
}

// admin verifies the demo organisations.
var admin = person{Email: AdminEmail, Name: "林静"}

// people are the staff of the demo organisations, keyed by a short handle.
var people = map[string]person{
	"du":    {Email: "du.jianhua@hutong.demo", Name: "杜建华"},
	"zhang": {Email: "zhang.wenjuan@hutong.demo", Name: "张文娟"},
	"meng":  {Email: "meng.qinglin@hutong.demo", Name: "孟庆林"},
	"ma":    {Email: "ma.ruixia@hutong.demo", Name: "马瑞霞"},
	"qian":  {Email: "qian.zhiyuan@hutong.demo", Name: "钱志远"},
	"gu":    {Email: "gu.xiaoyan@hutong.demo", Name: "顾晓燕"},
	"hua":   {Email: "hua.liping@hutong.demo", Name: "华丽萍"},
	"guo":   {Email: "guo.wenwen@hutong.demo", Phone: "13800138000", Name: "过雯雯"},
	"jiang": {Email: "jiang.siyuan@hutong.demo", Name: "蒋思源"},
	"lu":    {Email: "lu.jiayi@hutong.demo", Name: "陆佳怡"},
	"shen":  {Email: "shen.hongmei@hutong.demo", Name: "沈红梅"},
	"qin":   {Email: "qin.haitao@hutong.demo", Name: "秦海涛"},
	"wei":   {Email: "wei.liqun@hutong.demo", Name: "韦立群"},
	"shao":  {Email: "shao.wenbo@hutong.demo", Name: "邵文博"},
	"zhu":   {Email: "zhu.yongqing@hutong.demo", Name: "朱永庆"},
	"fang":  {Email: "fang.lihua@hutong.demo", Name: "方丽华"},
}

// member is a person's place in a demo organisation besides its owner.
type member struct {
	Who   string
	Roles []domain.Role
}

// orgSpec is a demo organisation. Code17 is the first 17 characters of its
// unified social credit code (registration authority and kind, region,
// organisation code); the check character is computed.
type orgSpec struct {
	Key     string
	Input   domain.OrganizationInput
	Code17  string
	Owner   string
	Members []member
}

// orgs are the demo organisations, drawn from the documents in
// shared/seeds: the 渭南 centre's annual report, the 历下 feature, the
// Jiangsu station upgrade and the 无锡 "六一" event.
var orgs = []orgSpec{
	{
		Key: "weinan", Code17: "12610500435247165", Owner: "du",
		Members: []member{{"zhang", []domain.Role{domain.RoleChildDirector, domain.RoleStaff}}},
		Input: domain.OrganizationInput{
			Kind: domain.KindStation, Name: "渭南市未成年人救助保护中心", RegionCode: "610500",
			ServiceAreas: []string{"emergency_rescue", "temporary_care", "home_visits", "case_management", "training", "safety_education", "left_behind"},
			Description:  "渭南市未成年人救助保护中心承担全市流浪、困境儿童的紧急救助、临时照料和个案跟进,开通困境儿童24小时援助热线,并参与全国儿童救助保护热线12349渭南地区的个案受理和处置。中心在合阳、白水、蒲城三县开展“三县三镇六村”儿童保护试点,为儿童督导员、儿童主任提供督导、政策指导和业务培训;依托“儿童之家”开展“书香润童心”融入活动、自我保护课程和研学夏令营,并定期回访建档儿童。",
		},
	},
	{
		Key: "lixia", Code17: "11370102004213658", Owner: "meng",
		Members: []member{{"ma", []domain.Role{domain.RoleEvaluator, domain.RoleStaff}}},
		Input: domain.OrganizationInput{
			Kind: domain.KindBureau, Name: "济南市历下区民政局", RegionCode: "370102",
			ServiceAreas: []string{"guardianship", "case_management", "training"},
			Description:  "济南市历下区民政局统筹全区未成年人保护工作,建成区未成年人救助保护中心、街道未成年人保护工作站和社区儿童关爱之家三级网络,由街道儿童督导员、社区儿童主任、未保专员和专业社工组成工作队伍。区未保中心孵化了红色教育、传统文化、安全防护、心理支持等儿童类社会组织,为困境儿童建立“一人一档”,开通未保服务专线和24小时心理疏导热线,并通过政府购买服务引入专业力量。",
		},
	},
	{
		Key: "wuxi_bureau", Code17: "11320200014005782", Owner: "qian",
		Members: []member{{"gu", []domain.Role{domain.RoleEvaluator}}},
		Input: domain.OrganizationInput{
			Kind: domain.KindBureau, Name: "无锡市民政局", RegionCode: "320200",
			ServiceAreas: []string{"guardianship", "training", "left_behind"},
			Description:  "无锡市民政局负责全市儿童福利和未成年人保护工作,在全省首个探索“慈善+儿童”融合模式,牵头成立市级儿童福利类社会组织联盟,实施农村留守儿童和困境儿童关爱服务质量提升三年行动,发布儿童福利类公益慈善项目,推进省级示范性镇(街道)未成年人保护工作站(关爱之家)建设。",
		},
	},
	{
		Key: "liangxi", Code17: "12320213MB1H73620", Owner: "hua",
		Members: []member{{"guo", []domain.Role{domain.RoleChildDirector}}},
		Input: domain.OrganizationInput{
			Kind: domain.KindStation, Name: "梁溪区未成年人救助保护中心", RegionCode: "320213",
			ServiceAreas: []string{"case_management", "temporary_care", "community_activity", "legal_aid"},
			Description:  "梁溪区未成年人救助保护中心是无锡市儿童福利类社会组织联盟的活动基地,发挥阵地联用、活动联办、服务联动的作用,对接困境儿童的需求与社会组织的专业服务。中心与检察机关开展“民政+检察”困境儿童保护合作,推动困境儿童救助信息互通、服务力量互融。",
		},
	},
	{
		Key: "xinghuo", Code17: "52320200MJ5938271", Owner: "jiang",
		Members: []member{{"lu", []domain.Role{domain.RoleStaff}}, {"shen", []domain.Role{domain.RoleFinance}}},
		Input: domain.OrganizationInput{
			Kind: domain.KindSocialOrg, Name: "无锡市星火青少年社会心理服务中心", RegionCode: "320200",
			ServiceAreas: []string{"psychological", "case_management"}, Rating: "4A",
			Description: "无锡市星火青少年社会心理服务中心深耕儿童和青少年心理健康服务多年,为困境儿童提供心理疏导和个案管理。中心与无锡市民政局、无锡市锡商公益基金会合作,为全市儿童主任(儿童督导员)开发“困境儿童心理健康服务能力提升”系列微课,是无锡市儿童福利类社会组织联盟成员。",
		},
	},
	{
		Key: "lezhu", Code17: "52320205MJ6012743", Owner: "qin",
		Input: domain.OrganizationInput{
			Kind: domain.KindSocialOrg, Name: "锡山区乐助社工事务所", RegionCode: "320205",
			ServiceAreas: []string{"home_visits", "tutoring", "safety_education", "left_behind"}, Rating: "3A",
			Description: "锡山区乐助社工事务所是扎根锡山区的专业社会工作机构,长期为农村留守儿童和困境儿童提供入户走访、课业辅导和安全教育服务,是无锡市儿童福利类社会组织联盟成员。",
		},
	},
	{
		Key: "heyu", Code17: "52320116MJ5716482", Owner: "wei",
		Input: domain.OrganizationInput{
			Kind: domain.KindSocialOrg, Name: "禾雨社会服务中心", RegionCode: "320116",
			ServiceAreas: []string{"community_activity", "home_visits", "case_management", "tutoring"},
			Description:  "禾雨社会服务中心以项目化方式运营南京江北新区长芦街道未成年人保护工作站,由专业社工按年度服务计划开展困境帮扶、跟踪走访和寒暑期活动,例如冬令营航空科普研学,帮助辖区困境儿童解决实际困难。",
		},
	},
	{
		Key: "xishang", Code17: "53320200MJ6173948", Owner: "shao",
		Members: []member{{"shen", []domain.Role{domain.RoleFinance}}, {"fang", []domain.Role{domain.RoleFinance}}},
		Input: domain.OrganizationInput{
			Kind: domain.KindFoundation, Name: "无锡市锡商公益基金会", RegionCode: "320200", PublicFundraising: true,
			ServiceAreas: []string{"psychological", "volunteer_services"},
			Description:  "无锡市锡商公益基金会是具有公开募捐资格的慈善组织,联合无锡市民政局开展困境儿童心理健康关爱项目,支持困境儿童“113”微心愿工程等儿童福利类公益慈善项目。",
		},
	},
	{
		Key: "alliance", Code17: "51320200MJ6284051", Owner: "zhu",
		Members: []member{{"gu", []domain.Role{domain.RoleAdmin}}},
		Input: domain.OrganizationInput{
			Kind: domain.KindAlliance, Name: "无锡市儿童关爱社会组织联盟", RegionCode: "320200",
			ServiceAreas: []string{"case_management", "psychological", "volunteer_services"},
			Description:  "无锡市儿童关爱社会组织联盟在无锡市民政局指导下成立,汇聚深耕一线的儿童福利类社会组织,以梁溪区未成年人救助保护中心为活动基地,整合“护童”公益资源,为全市困境儿童提供专业关爱和救助帮扶。",
		},
	},
}

// allianceKey names the demo alliance, and allianceMembers the
// organisations that join it and confirm.
const allianceKey = "alliance"

var allianceMembers = []string{"xinghuo", "lezhu", "liangxi"}
