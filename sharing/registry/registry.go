// Package registry is the built-in simulator of the provider departments'
// base registries (基础库) for the demo and the tests: 120,000 people with
// valid citizen IDs in twelve counties of 衢州 and 杭州, their households,
// ID-card photos, vehicles, marriages, social assistance, births and deaths,
// social insurance, employment, skill certificates, medical insurance,
// provident fund, real estate and its sales and taxes, degrees, disability
// cards and a credit blacklist; 24,000 companies with valid USCCs, their
// registration, tax clearance, tax credit, investment projects and their
// environmental approvals, and customs registration; and 600 social
// organisations registered by civil affairs (USCCs 51…/52…).
//
// Nothing is stored: a subject's identifier encodes its place in the
// population (county, birth date, sequence code for a person; county and
// organisation code for a company), so a lookup decodes the identifier,
// checks it is one the registry issued, and computes the record. Generation
// is instant and every answer is the same on every machine. The registries
// agree with one another: a household's members share its address, the
// parents on a birth certificate are a married couple, the buyer of a
// contract holds the home and paid its deed tax, a deregistered company has
// cleared its taxes, an environmental approval names a filed project.
package registry

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/emmansun/gmsm/sm3"

	"onetrip/idcode"
	"onetrip/sharing"
)

// Counties are where the registry's people and companies live.
var Counties = []struct{ Code, Name string }{
	{"330802", "浙江省衢州市柯城区"}, {"330803", "浙江省衢州市衢江区"}, {"330822", "浙江省衢州市常山县"},
	{"330824", "浙江省衢州市开化县"}, {"330825", "浙江省衢州市龙游县"}, {"330881", "浙江省江山市"},
	{"330102", "浙江省杭州市上城区"}, {"330105", "浙江省杭州市拱墅区"}, {"330106", "浙江省杭州市西湖区"},
	{"330108", "浙江省杭州市滨江区"}, {"330109", "浙江省杭州市萧山区"}, {"330110", "浙江省杭州市余杭区"},
}

// The population's size.
const (
	PeoplePerCounty     = 10000
	CompaniesPerCounty  = 2000
	SocialOrgsPerCounty = 50
)

// People, Companies and SocialOrgs are the registry's totals.
const (
	People     = PeoplePerCounty * 12
	Companies  = CompaniesPerCounty * 12
	SocialOrgs = SocialOrgsPerCounty * 12
)

var base = time.Date(1950, 1, 1, 0, 0, 0, 0, time.UTC)

// Person is the registry's i-th person's citizen ID.
func Person(i int) string {
	r, k := i%len(Counties), i/len(Counties)
	return idcode.MakeCitizenID(Counties[r].Code, base.AddDate(0, 0, 2*k), seqOf(k))
}

// Company is the registry's j-th company's USCC.
func Company(j int) string {
	r, k := j%len(Counties), j/len(Counties)
	return idcode.MakeOrgUSCC("91", Counties[r].Code, org8("MA", k))
}

// SocialOrg is the registry's j-th social organisation's USCC: registered
// by civil affairs (authority 5), a social group (51, even k) or a private
// non-enterprise unit (52, odd k), its organisation code in civil affairs'
// MJ block.
func SocialOrg(j int) string {
	r, k := j%len(Counties), j/len(Counties)
	return idcode.MakeOrgUSCC(socialOrgType(k), Counties[r].Code, org8("MJ", k))
}

func socialOrgType(k int) string {
	if k%2 == 0 {
		return "51"
	}
	return "52"
}

func seqOf(k int) int { return 100 + (k*37)%800 }

// usccChars are the characters of an organisation code body (GB 32100).
const usccChars = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// org8 is the organisation code body: a two-letter block, then k in six
// characters.
func org8(block string, k int) string {
	b := []byte(block + "000000")
	for i := 7; i >= 2; i-- {
		b[i] = usccChars[k%len(usccChars)]
		k /= len(usccChars)
	}
	return string(b)
}

// personIndex decodes a citizen ID the registry issued into (county, k).
func personIndex(id string) (int, int, bool) {
	if len(id) != 18 {
		return 0, 0, false
	}
	r := countyIndex(id[:6])
	birth, err := time.Parse("20060102", id[6:14])
	seq, serr := strconv.Atoi(id[14:17])
	if r < 0 || err != nil || serr != nil {
		return 0, 0, false
	}
	days := int(birth.Sub(base).Hours() / 24)
	if days < 0 || days%2 != 0 || days/2 >= PeoplePerCounty {
		return 0, 0, false
	}
	k := days / 2
	if seqOf(k) != seq || Person(k*len(Counties)+r) != id {
		return 0, 0, false
	}
	return r, k, true
}

func companyIndex(uscc string) (int, int, bool) {
	if len(uscc) != 18 || uscc[:2] != "91" {
		return 0, 0, false
	}
	r := countyIndex(uscc[2:8])
	if r < 0 || uscc[8:10] != "MA" {
		return 0, 0, false
	}
	k := orgSeq(uscc[10:16])
	if k < 0 || k >= CompaniesPerCounty || Company(k*len(Counties)+r) != uscc {
		return 0, 0, false
	}
	return r, k, true
}

func socialOrgIndex(uscc string) (int, int, bool) {
	if len(uscc) != 18 || (uscc[:2] != "51" && uscc[:2] != "52") {
		return 0, 0, false
	}
	r := countyIndex(uscc[2:8])
	if r < 0 || uscc[8:10] != "MJ" {
		return 0, 0, false
	}
	k := orgSeq(uscc[10:16])
	if k < 0 || k >= SocialOrgsPerCounty || SocialOrg(k*len(Counties)+r) != uscc {
		return 0, 0, false
	}
	return r, k, true
}

// orgSeq decodes org8's six characters, -1 when one is not a code character.
func orgSeq(s string) int {
	k := 0
	for i := range len(s) {
		d := indexByte(usccChars, s[i])
		if d < 0 {
			return -1
		}
		k = k*len(usccChars) + d
	}
	return k
}

func indexByte(s string, c byte) int {
	for i := range len(s) {
		if s[i] == c {
			return i
		}
	}
	return -1
}

func countyIndex(code string) int {
	for i, c := range Counties {
		if c.Code == code {
			return i
		}
	}
	return -1
}

var (
	surnames = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢傅钟姜崔谭陆汪范金石廖贾夏韦方邹熊孟秦白江阎薛尹段雷黎史龙陶贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
	given    = []rune("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红兰建文辉力波宁鹏飞海燕春梅晓东林峰雪琳佳怡浩然子涵欣悦宇轩思远雨")
	streets  = []string{"府山街道", "荷花街道", "信安街道", "双港街道", "花园街道", "新新街道", "白云街道", "衢化街道"}
	roads    = []string{"新桥路", "劳动路", "县学街", "荷花中路", "衢化路", "花园东大道", "白云中大道", "世纪大道", "西安路", "南湖路"}
	firms    = []string{"科技", "餐饮", "商贸", "建设", "物流", "电子", "食品", "农业", "文化", "医药"}
	firmKind = []string{"有限公司", "有限责任公司", "股份有限公司"}
)

func nameOf(r, k int) string {
	i := k*len(Counties) + r
	n := string(surnames[i%len(surnames)]) + string(given[(i/len(surnames))%len(given)])
	if i%3 != 0 {
		n += string(given[(i/7+3)%len(given)])
	}
	return n
}

func addressOf(r, k int) string {
	return fmt.Sprintf("%s%s%s%d号", Counties[r].Name, streets[k%len(streets)], roads[(k/8)%len(roads)], 1+k%199)
}

func man(k int) bool { return seqOf(k)%2 == 1 }

func date(t time.Time) string { return t.Format(time.DateOnly) }

func birthOf(k int) time.Time { return base.AddDate(0, 0, 2*k) }

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// cents shows an amount in fen as yuan with two decimals.
func cents(n int) string { return fmt.Sprintf("%d.%02d", n/100, n%100) }

// The counties: short names and abbreviations, the hospital (births and
// deaths). In Counties' order.
var (
	countyShort = []string{"柯城", "衢江", "常山", "开化", "龙游", "江山", "上城", "拱墅", "西湖", "滨江", "萧山", "余杭"}
	countyAbbr  = []string{"柯", "衢", "常", "开", "龙", "江", "上", "拱", "西", "滨", "萧", "余"}
	hospitals   = []string{"衢州市人民医院", "衢州市衢江区人民医院", "常山县人民医院", "开化县人民医院", "龙游县人民医院", "江山市人民医院",
		"浙江大学医学院附属第一医院", "浙江省人民医院", "杭州市西溪医院", "浙江大学医学院附属第二医院滨江院区", "杭州市萧山区第一人民医院", "杭州市余杭区第一人民医院"}
)

func inQuzhou(r int) bool { return r < 6 }

func city(r int) string {
	if inQuzhou(r) {
		return "衢州"
	}
	return "杭州"
}

// The people's life events, each a pure function of the person's index.

// dead: one in 200, among the older half (born before 1977).
func dead(k int) bool { return k < PeoplePerCounty/2 && k%100 == 13 }

func deathOf(r, k int) time.Time { return day(2022, 1, 1).AddDate(0, 0, (k*37+r*101)%1760) }

func retired(k int) bool { return birthOf(k).Year() < 1966 }

// unemployed: the workers whose social insurance is suspended (k%11 == 0).
func unemployed(k int) bool { return k%11 == 0 && !retired(k) && !dead(k) }

func leftJob(r, k int) time.Time { return day(2026, 1, 5).AddDate(0, 0, (k*7+r)%290) }

// assisted: one household in 50 receives social assistance, all its members.
func assisted(k int) bool { return (k/3)%50 == 5 }

// ownsVehicle: two in five, none in an assisted household.
func ownsVehicle(k int) bool { return k%5 < 2 && !assisted(k) }

func disabled(k int) bool { return k%40 == 15 }

// The birth certificate (出生医学证明) exists since 1996.
var birthCertFrom = day(1996, 1, 1)

// parentsOf is the head of the household whose first two members are the
// parents of a household's child k (k%3 == 2): the couple born 28 years
// before, married at 25 (D-MARRIAGE).
func parentsOf(k int) int {
	p := k - 5112
	return p - p%3
}

func founded(k int) time.Time { return day(2005, 1, 1).AddDate(0, 0, 3*k) }

// employer is the company a person works for (D-SI-PAY, D-HPF,
// D-EMPLOYMENT): one in business, never a deregistered one.
func employer(k int) int {
	j := k % CompaniesPerCounty
	if j%4 == 3 {
		j--
	}
	return j
}

// area is a household's home's floor area in hundredths of a ㎡ (D-REALTY,
// D-HOUSE-CONTRACT).
func area(k int) int { return (60+k%90)*100 + k%100 }

func areaText(k int) string { return fmt.Sprintf("%d.%02d㎡", area(k)/100, area(k)%100) }

// deal is a home sale filed online (网签备案): one household head in 24 is
// the buyer of the home the household lives in (D-REALTY's), sold by a
// person (the spouse of the next household, every other deal) or by a
// developer (a new home).
type deal struct {
	buyer, seller int // seller -1: a developer, company index developer
	developer     int
	number        string
	price         int // yuan
	filed         time.Time
}

func dealOf(r, k int) (deal, bool) {
	b := k
	switch {
	case k%24 == 0:
	case k%48 == 4:
		b = k - 4
	default:
		return deal{}, false
	}
	d := deal{buyer: b, seller: b + 4, developer: -1, filed: day(2024, 1, 2).AddDate(0, 0, (b*7+r*3)%1050)}
	kind := "CL" // 存量房
	if b%48 == 24 {
		d.seller, d.developer, kind = -1, 13+20*((b/48)%100), "YS" // 商品房: a 建设 company in business
	}
	unit := 32000 + (b*11)%28000
	if inQuzhou(r) {
		unit = 14000 + (b*7)%8000
	}
	d.price = area(b) * unit / 10000 * 100
	d.number = fmt.Sprintf("%s%s%d%05d", kind, Counties[r].Code, d.filed.Year(), b/24)
	return d, true
}

// project is an investment project filed (备案) by one company in eight.
type project struct {
	code, name, place, scale string
	invest                   int // 万元
	filed                    time.Time
}

var projects = []struct{ industry, name, content string }{ // by firms
	{"65", "智能软件研发及产业化项目", "新建研发楼及配套用房，购置服务器、研发和测试设备"},
	{"62", "中央厨房及冷链配送中心建设项目", "新建中央厨房、冷库及配送用房，购置加工和冷链设备"},
	{"51", "商贸仓储配送中心建设项目", "新建仓储用房及分拣配送中心，购置货架和分拣设备"},
	{"47", "装配式建筑构件生产基地建设项目", "新建生产厂房及堆场，购置预制构件生产线"},
	{"59", "智慧物流园区建设项目", "新建智能仓库及配套用房，购置自动化立体库和装卸设备"},
	{"39", "电子元器件生产线建设项目", "新建标准厂房，购置贴片、检测等生产设备"},
	{"14", "休闲食品技术改造项目", "改造生产车间，购置自动化包装和检测设备"},
	{"01", "数字农业示范基地建设项目", "建设智能温室及配套设施，购置水肥一体化和环境监测设备"},
	{"87", "文化创意街区提升改造项目", "改造街区建筑及配套设施，建设展示和演艺空间"},
	{"27", "中成药生产线技术改造项目", "改造GMP生产车间，购置提取、制剂和包装设备"},
}

func projectOf(r, k int) (project, bool) {
	if k%8 != 2 {
		return project{}, false
	}
	p := projects[k%len(firms)]
	year := 2023 + (k/8)%4
	land := 3000 + (k*53)%27000
	x := project{name: p.name, place: Counties[r].Name + streets[(k/8)%len(streets)],
		scale:  fmt.Sprintf("总用地面积%d平方米，总建筑面积%d平方米，%s", land, land*(12+k%10)/10, p.content),
		invest: 500 + (k*37)%19500, filed: day(year, 1, 4).AddDate(0, 0, (k*13)%200)}
	x.code = fmt.Sprintf("%d-%s-%s-03-%06d", year, Counties[r].Code, p.industry, 100000+((k*len(Counties)+r)*7919)%900000)
	return x, true
}

var (
	skills = []struct{ job, cert string }{
		{"电工", "职业技能等级证书"}, {"育婴员", "职业技能等级证书"}, {"保育师", "职业技能等级证书"}, {"养老护理员", "职业技能等级证书"},
		{"中式烹调师", "职业技能等级证书"}, {"美容师", "职业技能等级证书"}, {"焊工", "职业资格证书"}, {"汽车维修工", "职业技能等级证书"},
		{"茶艺师", "职业技能等级证书"}, {"电子商务师", "职业技能等级证书"}, {"消防设施操作员", "职业资格证书"}, {"家政服务员", "职业技能等级证书"},
	}
	skillLevels = []string{"五级/初级工", "四级/中级工", "三级/高级工", "二级/技师", "一级/高级技师"}
	skillOrgs   = [2][2]string{{"衢州技师学院", "衢州市职业技能鉴定指导中心"}, {"杭州技师学院", "杭州第一技师学院"}}

	majors = []struct{ major, field, school, code string }{ // 本科 and 硕士
		{"计算机科学与技术", "工学", "杭州电子科技大学", "10336"}, {"会计学", "管理学", "浙江工商大学", "10353"},
		{"汉语言文学", "文学", "浙江师范大学", "10345"}, {"临床医学", "医学", "浙江大学", "10335"},
		{"土木工程", "工学", "浙江工业大学", "10337"}, {"法学", "法学", "浙江大学", "10335"},
		{"电子信息工程", "工学", "中国计量大学", "10356"}, {"国际经济与贸易", "经济学", "浙江理工大学", "10338"},
		{"机械设计制造及其自动化", "工学", "衢州学院", "11488"}, {"护理学", "理学", "杭州师范大学", "10346"},
	}
	colleges = []struct{ major, school, code string }{ // 专科
		{"大数据与会计", "衢州职业技术学院", "12790"}, {"护理", "衢州职业技术学院", "12790"},
		{"计算机应用技术", "杭州职业技术学院", "12867"}, {"电子商务", "杭州职业技术学院", "12867"},
		{"机电一体化技术", "衢州职业技术学院", "12790"}, {"学前教育", "杭州职业技术学院", "12867"},
	}

	disabilities = []string{"视力残疾", "听力残疾", "言语残疾", "肢体残疾", "智力残疾", "精神残疾", "多重残疾"}
	grades       = []string{"一级", "二级", "三级", "四级"}

	vehicleTypes = []string{"小型轿车", "小型普通客车", "小型轿车", "小型越野客车", "轻型普通货车"}
	plateLetters = "ABCDEFGHJKLMNPQRSTUVWXYZ" // no I, no O
	birthLetters = "KLMNPQRST"                // the certificate's series, 1996 to 2004

	societies = []struct{ name, boss string }{ // 社会团体; boss "": a trade association, registered directly
		{"个体劳动者协会", "市场监督管理局"}, {"餐饮行业协会", ""}, {"电子商务协会", ""}, {"建筑业协会", ""}, {"物流行业协会", ""},
		{"食品行业协会", ""}, {"农产品经纪人协会", "农业农村局"}, {"文化创意产业协会", ""}, {"医药行业协会", ""},
		{"摄影家协会", "文学艺术界联合会"}, {"书法家协会", "文学艺术界联合会"}, {"作家协会", "文学艺术界联合会"},
		{"志愿者协会", "民政局"}, {"慈善总会", "民政局"}, {"老年人体育协会", "文化和广电旅游体育局"},
		{"篮球协会", "文化和广电旅游体育局"}, {"围棋协会", "文化和广电旅游体育局"}, {"家庭教育研究会", "教育局"},
		{"中医药学会", "卫生健康局"}, {"护理学会", "卫生健康局"}, {"计算机学会", "科学技术协会"}, {"农学会", "科学技术协会"},
		{"茶叶协会", "农业农村局"}, {"养老服务业协会", ""}, {"家政服务业协会", ""},
	}
	services = []struct{ name, boss string }{ // 民办非企业单位
		{"幼儿园", "教育局"}, {"养老服务中心", "民政局"}, {"职业技能培训学校", "人力资源和社会保障局"},
		{"社会工作服务中心", "民政局"}, {"康复中心", "卫生健康局"},
	}
	brands = []string{"阳光", "春晖", "启明", "明德", "康宁", "安心", "爱心", "晨曦", "博雅", "乐龄", "童心", "育才", "金色",
		"常青", "益民", "和美", "颐康", "求知", "星辰", "绿洲", "悦心", "善德", "仁和", "蓝天", "新星"}
)

// plate is a person's licence plate: 浙H in 衢州, 浙A in 杭州, a digit, a
// letter and three digits, distinct within the city.
func plate(r, k int) string {
	n := (k*6 + r%6) * 7919 % 240000 // a bijection of 0..239999
	m := n / len(plateLetters)
	c := byte('A')
	if inQuzhou(r) {
		c = 'H'
	}
	return fmt.Sprintf("浙%c%d%c%03d", c, m/1000, plateLetters[n%len(plateLetters)], m%1000)
}

// Registry answers the items it holds.
type Registry struct{}

// New is the registry.
func New() *Registry { return &Registry{} }

// Items are the data items the registry provides: every item of the
// catalogue that is shared (the restricted D-CRIMINAL and D-MEDICAL-RECORD
// are not), in the catalogue's order.
var Items = []string{"D-POP-BASIC", "D-HOUSEHOLD", "D-POP-PHOTO", "D-VEHICLE", "D-MARRIAGE", "D-SOCIAL-ASSIST", "D-SOCORG",
	"D-BIRTH", "D-DEATH", "D-ENT-REG", "D-ENT-REP", "D-SI-PAY", "D-EMPLOYMENT", "D-SKILL-CERT", "D-MED-INS", "D-HPF", "D-REALTY",
	"D-HOUSE-CONTRACT", "D-TAX-PAID", "D-TAX-CLEAR", "D-TAX-CREDIT", "D-DEGREE", "D-DISHONEST", "D-DISABILITY",
	"D-PROJECT", "D-EIA", "D-CUSTOMS"}

// ErrNotProvided: the registry does not hold the item.
var ErrNotProvided = errors.New("registry: item not provided by the built-in registries")

// Fetch implements sharing.Provider.
func (Registry) Fetch(_ context.Context, item, subject string) (sharing.Record, bool, error) {
	switch item {
	case "D-ENT-REG", "D-ENT-REP", "D-TAX-CLEAR", "D-TAX-CREDIT", "D-PROJECT", "D-EIA", "D-CUSTOMS":
		r, k, ok := companyIndex(subject)
		if !ok {
			return nil, false, nil
		}
		return company(item, subject, r, k)
	case "D-SOCORG":
		r, k, ok := socialOrgIndex(subject)
		if !ok {
			return nil, false, nil
		}
		return socialOrg(subject, r, k), true, nil
	case "D-POP-BASIC", "D-HOUSEHOLD", "D-POP-PHOTO", "D-VEHICLE", "D-MARRIAGE", "D-SOCIAL-ASSIST", "D-BIRTH", "D-DEATH",
		"D-SI-PAY", "D-EMPLOYMENT", "D-SKILL-CERT", "D-MED-INS", "D-HPF", "D-REALTY", "D-HOUSE-CONTRACT", "D-TAX-PAID",
		"D-DEGREE", "D-DISHONEST", "D-DISABILITY":
		r, k, ok := personIndex(subject)
		if !ok {
			return nil, false, nil
		}
		return person(item, subject, r, k)
	}
	return nil, false, ErrNotProvided
}

func companyName(r, k int) string {
	return Counties[r].Name[9:] + nameOf(r, k)[3:] + firms[k%len(firms)] + firmKind[k%len(firmKind)]
}

func company(item, uscc string, r, k int) (sharing.Record, bool, error) {
	name := companyName(r, k)
	switch item {
	case "D-ENT-REG":
		return sharing.Record{"统一社会信用代码": uscc, "名称": name, "类型": "有限责任公司（自然人投资或控股）",
			"法定代表人": nameOf(r, k*5%PeoplePerCounty), "注册资本": fmt.Sprintf("%d万元人民币", 10*(1+k%50)),
			"成立日期": date(founded(k)), "住所": addressOf(r, k),
			"经营范围": "一般项目：" + firms[k%len(firms)] + "相关业务（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）",
			"登记状态": []string{"存续（在营、开业、在册）", "存续（在营、开业、在册）", "存续（在营、开业、在册）", "注销"}[k%4]}, true, nil
	case "D-ENT-REP": // the representative's identity, for binding the company to their account
		return sharing.Record{"统一社会信用代码": uscc, "法定代表人": nameOf(r, k*5%PeoplePerCounty),
			"法定代表人证件号码": Person(k*5%PeoplePerCounty*len(Counties) + r)}, true, nil
	case "D-TAX-CLEAR":
		var on time.Time
		switch {
		case k%4 == 3: // deregistered (D-ENT-REG): its taxes were cleared first
			on = founded(k).AddDate(3, 0, (k*11)%700)
		case k%40 == 1: // in business, cleared to deregister (简易注销 pending)
			on = day(2026, 9, 1).AddDate(0, 0, k%60)
		default:
			return nil, false, nil
		}
		return sharing.Record{"纳税人识别号": uscc, "纳税人名称": name, "清税状态": "已清税", "清税日期": date(on)}, true, nil
	case "D-TAX-CREDIT":
		if k%10 != 0 {
			return nil, false, nil
		}
		return sharing.Record{"纳税人识别号": uscc, "纳税人名称": name, "评价年度": "2025", "信用级别": "A"}, true, nil
	case "D-PROJECT":
		p, ok := projectOf(r, k)
		if !ok {
			return nil, false, nil
		}
		return sharing.Record{"项目代码": p.code, "项目名称": p.name, "建设单位": name, "建设地点": p.place,
			"建设规模和内容": p.scale, "总投资": fmt.Sprintf("%d万元", p.invest), "备案日期": date(p.filed)}, true, nil
	case "D-EIA":
		p, ok := projectOf(r, k)
		if !ok || k%16 != 2 { // half the projects need an approved report (报告表); the others file a form
			return nil, false, nil
		}
		on := p.filed.AddDate(0, 0, 45+k%60)
		return sharing.Record{"项目代码": p.code, "项目名称": p.name, "建设单位": name,
			"审批文号": fmt.Sprintf("%s环%s建〔%d〕%d号", city(r)[:3], countyAbbr[r], on.Year(), 1+k/16),
			"审批日期": date(on), "审批部门": city(r) + "市生态环境局" + countyShort[r] + "分局"}, true, nil
	case "D-CUSTOMS":
		if k%4 != 0 {
			return nil, false, nil
		}
		zone := '9' // 经济区划: other; some in a development zone
		if k%12 == 0 {
			zone = '2'
		}
		office := "钱江海关"
		switch {
		case inQuzhou(r):
			office = "衢州海关"
		case countyShort[r] == "萧山":
			office = "萧山海关"
		}
		status := "正常"
		if k%36 == 8 {
			status = "注销"
		}
		return sharing.Record{"统一社会信用代码": uscc, "海关编码": fmt.Sprintf("%s%c6%04d", Counties[r].Code[:4], zone, (r%6)*500+k/4),
			"企业名称": name, "备案海关": office, "备案日期": date(founded(k).AddDate(0, 0, 180+(k*7)%900)), "备案状态": status}, true, nil
	}
	return nil, false, ErrNotProvided
}

func socialOrg(uscc string, r, k int) sharing.Record {
	place := Counties[r].Name[9:]
	kind, name, boss := "社会团体", place+societies[(k/2)%len(societies)].name, societies[(k/2)%len(societies)].boss
	if k%2 == 1 {
		s := services[(k/2)%len(services)]
		kind, name, boss = "民办非企业单位", place+brands[(k/2)%len(brands)]+s.name, s.boss
	}
	if boss == "" {
		boss = "无（行业协会商会直接登记）"
	} else {
		boss = place + boss
	}
	status := "正常"
	if k%9 == 8 {
		status = "注销"
	}
	return sharing.Record{"统一社会信用代码": uscc, "名称": name, "类型": kind, "法定代表人": nameOf(r, (k*131+7)%PeoplePerCounty),
		"住所": addressOf(r, (k*97+11)%PeoplePerCounty), "业务主管单位": boss, "登记状态": status}
}

func person(item, id string, r, k int) (sharing.Record, bool, error) {
	name := nameOf(r, k)
	sex := "女"
	if man(k) {
		sex = "男"
	}
	addr := addressOf(r, k-k%3) // a household shares its address
	switch item {
	case "D-POP-BASIC":
		nation := "汉族"
		if k%97 == 0 {
			nation = "畲族"
		}
		return sharing.Record{"姓名": name, "公民身份号码": id, "性别": sex, "民族": nation, "出生日期": date(birthOf(k)), "户籍地址": addr}, true, nil
	case "D-HOUSEHOLD":
		head := k - k%3
		rel := []string{"户主", "配偶", "子女"}[k%3]
		return sharing.Record{"户号": fmt.Sprintf("%s%07d", Counties[r].Code, head/3), "户主姓名": nameOf(r, head), "成员姓名": name,
			"与户主关系": rel, "公民身份号码": id, "户籍地址": addr}, true, nil
	case "D-POP-PHOTO":
		sum := sm3.Sum([]byte(id))
		taken := later(day(2016, 1, 1).AddDate(0, 0, (k*53+r*7)%3600), birthOf(k).AddDate(16, 0, k%90))
		return sharing.Record{"公民身份号码": id, "姓名": name, "照片": "photo:sm3-" + hex.EncodeToString(sum[:8]), "采集日期": date(taken)}, true, nil
	case "D-VEHICLE":
		if !ownsVehicle(k) {
			return nil, false, nil
		}
		status := "正常"
		switch {
		case k%23 == 0:
			status = "逾期未检验"
		case k%31 == 1:
			status = "抵押"
		}
		first := later(day(2008, 1, 1).AddDate(0, 0, (k*31)%6500), birthOf(k).AddDate(18, 0, k%365))
		return sharing.Record{"号牌号码": plate(r, k), "车辆类型": vehicleTypes[(k/5)%len(vehicleTypes)], "所有人": name,
			"初次登记日期": date(first), "机动车状态": status}, true, nil
	case "D-MARRIAGE":
		a, b := k-k%3, k-k%3+1 // the household's first two members
		if k%3 == 2 || b >= PeoplePerCounty {
			return nil, false, nil // the household's child is not married, nor a county's last person, alone
		}
		husband, wife := a, b
		if !man(a) {
			husband, wife = b, a
		}
		wed := birthOf(a).AddDate(25, 3, 0)
		if wed.After(day(2026, 6, 30)) {
			wed = birthOf(a).AddDate(22, 1, 0) // the youngest couples married at the legal age
		}
		return sharing.Record{"男方姓名": nameOf(r, husband), "男方身份证件号码": Person(husband*len(Counties) + r),
			"女方姓名": nameOf(r, wife), "女方身份证件号码": Person(wife*len(Counties) + r), "登记类别": "结婚登记",
			"登记日期": date(wed), "证件字号": fmt.Sprintf("J%s-%d-%06d", Counties[r].Code, wed.Year(), a),
			"登记机关": Counties[r].Name[9:] + "民政局"}, true, nil
	case "D-SOCIAL-ASSIST":
		if !assisted(k) {
			return nil, false, nil
		}
		h := k / 3
		kind, status := "最低生活保障", "在保"
		if h%100 == 55 {
			kind = "低保边缘家庭"
		}
		if h%200 == 155 {
			status = "停保"
		}
		return sharing.Record{"姓名": name, "公民身份号码": id, "救助类别": kind, "家庭保障人口": "3",
			"保障起始日期": date(day(2019, 7, 1).AddDate(0, 0, (h*37)%2000)), "保障状态": status}, true, nil
	case "D-BIRTH":
		if k%3 != 2 || birthOf(k).Before(birthCertFrom) {
			return nil, false, nil // only a household's child born since 1996 has one
		}
		p := parentsOf(k)
		father, mother := p, p+1
		if !man(p) {
			father, mother = p+1, p
		}
		born := birthOf(k).Add(time.Duration((k*7)%24)*time.Hour + time.Duration((k*13)%60)*time.Minute)
		return sharing.Record{"出生医学证明编号": fmt.Sprintf("%c33%07d", birthLetters[born.Year()-1996], r*PeoplePerCounty+k),
			"新生儿姓名": name, "性别": sex, "出生时间": born.Format("2006-01-02 15:04"), "出生地点": Counties[r].Name,
			"母亲身份证件号码": Person(mother*len(Counties) + r), "父亲身份证件号码": Person(father*len(Counties) + r),
			"签发机构": hospitals[r]}, true, nil
	case "D-DEATH":
		if !dead(k) {
			return nil, false, nil
		}
		place, by := hospitals[r], hospitals[r]
		if k%3 == 0 {
			place, by = addr, Counties[r].Name[9:]+streets[k%len(streets)]+"社区卫生服务中心"
		}
		return sharing.Record{"姓名": name, "公民身份号码": id, "死亡日期": date(deathOf(r, k)), "死亡地点": place, "签发机构": by}, true, nil
	case "D-SI-PAY":
		until := 2026
		if dead(k) {
			until = deathOf(r, k).Year()
		}
		status, months, last := "正常参保", 12*(until-max(birthOf(k).Year()+22, 1995)), "2026-11"
		if k%11 == 0 {
			status = "暂停缴费"
		}
		if unemployed(k) {
			last = leftJob(r, k).Format("2006-01")
		}
		ret := "在职"
		if retired(k) {
			ret, status = "已退休", "正常参保"
		}
		if dead(k) {
			status, last = "终止参保", deathOf(r, k).Format("2006-01")
		}
		return sharing.Record{"姓名": name, "公民身份号码": id, "参保险种": "企业职工基本养老保险", "参保单位": companyName(r, employer(k)),
			"参保状态": status, "累计缴费月数": strconv.Itoa(max(months, 0)), "最近缴费年月": last, "离退休状态": ret}, true, nil
	case "D-EMPLOYMENT":
		if retired(k) {
			return nil, false, nil
		}
		j := employer(k)
		rec := sharing.Record{"姓名": name, "公民身份号码": id, "登记类别": "就业登记", "用人单位": companyName(r, j),
			"终止或解除日期": "", "终止或解除原因": ""} // in force: not ended
		adult := later(founded(j).AddDate(0, 0, 30), birthOf(k).AddDate(18, 0, 0))
		switch {
		case dead(k):
			end := deathOf(r, k)
			start := later(end.AddDate(-3, 0, -(k%200)), adult)
			rec["劳动合同起止日期"] = date(start) + "至" + date(start.AddDate(5, 0, -1))
			rec["终止或解除日期"], rec["终止或解除原因"] = date(end), "劳动者死亡"
		case unemployed(k):
			end := leftJob(r, k)
			start := end.AddDate(-3, 0, 1)
			reason := "劳动合同期满终止"
			if k%3 != 0 {
				start = end.AddDate(-2, -(k % 12), 0)
				reason = []string{"", "协商一致解除", "用人单位经济性裁员"}[k%3]
			}
			rec["登记类别"] = "失业登记"
			rec["劳动合同起止日期"] = date(start) + "至" + date(start.AddDate(3, 0, -1))
			rec["终止或解除日期"], rec["终止或解除原因"] = date(end), reason
		case k%3 == 0:
			rec["劳动合同起止日期"] = date(later(day(2012, 3, 1).AddDate(0, 0, (k*13)%1800), adult)) + "至无固定期限"
		default:
			start := later(day(2022, 1, 1).AddDate(0, 0, (k*13)%1400), adult)
			rec["劳动合同起止日期"] = date(start) + "至" + date(start.AddDate(5, 0, -1))
		}
		return rec, true, nil
	case "D-SKILL-CERT":
		if k%6 != 1 || retired(k) {
			return nil, false, nil // one worker in six
		}
		s := skills[(k/6)%len(skills)]
		lv := []int{0, 0, 1, 1, 1, 2, 2, 2, 3, 4}[(k/72)%10]
		on := later(day(2019, 6, 1).AddDate(0, 0, (k*29)%2300), birthOf(k).AddDate(20, 0, 0))
		by := skillOrgs[1][k%2]
		if inQuzhou(r) {
			by = skillOrgs[0][k%2]
		}
		return sharing.Record{"姓名": name, "公民身份号码": id, "证书名称": s.cert, "职业（工种）": s.job, "等级": skillLevels[lv],
			"证书编号": fmt.Sprintf("S%s%02d%d%06d", Counties[r].Code, on.Year()%100, 5-lv, r*PeoplePerCounty+k),
			"发证日期": date(on), "评价机构": by}, true, nil
	case "D-MED-INS":
		status := "正常参保"
		if dead(k) {
			status = "终止参保"
		}
		return sharing.Record{"姓名": name, "公民身份号码": id, "参保险种": "职工基本医疗保险", "参保地": Counties[r].Name[9:],
			"参保状态": status, "累计缴费年限": strconv.Itoa(max(2026-birthOf(k).Year()-22, 0)), "异地就医备案状态": []string{"未备案", "已备案"}[k%7/6]}, true, nil
	case "D-HPF":
		if k%4 == 3 {
			return nil, false, nil
		}
		status := "正常"
		switch {
		case dead(k):
			status = "销户"
		case unemployed(k):
			status = "封存"
		}
		return sharing.Record{"姓名": name, "公民身份号码": id, "缴存单位": companyName(r, employer(k)), "账户状态": status,
			"月缴存额": fmt.Sprintf("%d.00", 600+(k%20)*90), "缴存起始年月": fmt.Sprintf("%d-07", max(birthOf(k).Year()+23, 1999))}, true, nil
	case "D-REALTY":
		if k%3 != 0 {
			return nil, false, nil // the household's head holds the home
		}
		return sharing.Record{"权利人": name, "证件号码": id, "不动产单元号": fmt.Sprintf("%sGB%05dF%08d", Counties[r].Code, k%1000, k),
			"坐落": addr, "权利类型": "国有建设用地使用权/房屋所有权", "用途": "城镇住宅用地/住宅", "面积": areaText(k),
			"抵押状态": []string{"无抵押", "已抵押"}[k%5/4], "查封状态": "无查封"}, true, nil
	case "D-HOUSE-CONTRACT":
		d, ok := dealOf(r, k)
		if !ok {
			return nil, false, nil
		}
		var seller string
		if d.seller >= 0 {
			seller = nameOf(r, d.seller)
		} else {
			seller = companyName(r, d.developer)
		}
		return sharing.Record{"合同编号": d.number, "房屋坐落": addressOf(r, d.buyer), "出卖人": seller, "买受人": nameOf(r, d.buyer),
			"成交价格": cents(100 * d.price), "建筑面积": areaText(d.buyer), "备案日期": date(d.filed)}, true, nil
	case "D-TAX-PAID":
		d, ok := dealOf(r, k)
		if !ok {
			return nil, false, nil
		}
		tax, due := "契税", d.price // in fen: 1% of the price
		if k != d.buyer {
			tax = "个人所得税" // the seller, assessed at 1% of the price
		} else if area(k) > 14000 {
			due = d.price * 3 / 2 // 1.5% above 140 ㎡
		}
		paid := d.filed.AddDate(0, 0, 3+k%10)
		return sharing.Record{"纳税人名称": name, "证件号码": id, "税种": tax, "计税依据": cents(100 * d.price), "实缴税额": cents(due),
			"电子税票号码": fmt.Sprintf("33%s%02d%010d", Counties[r].Code[2:6], paid.Year()%100, r*PeoplePerCounty+k),
			"完税日期":   date(paid)}, true, nil
	case "D-DEGREE":
		if k%5 >= 2 || birthOf(k).Year() < 1979 {
			return nil, false, nil // graduated before the online register (2001), or no degree
		}
		y := birthOf(k).Year()
		var school, code, major, level, degree string
		var grad, digit int
		switch n := (k / 5) % 6; {
		case n < 2:
			c := colleges[(k/30)%len(colleges)]
			school, code, major, level, grad, digit = c.school, c.code, c.major, "专科", y+21, 6 // 专科 confers no degree
		case n == 5 && y+25 <= 2025:
			m := majors[(k/30)%len(majors)]
			school, code, major, level, degree, grad, digit = m.school, m.code, m.major, "硕士研究生", m.field+"硕士", y+25, 2
		default:
			m := majors[(k/30)%len(majors)]
			school, code, major, level, degree, grad, digit = m.school, m.code, m.major, "本科", m.field+"学士", y+22, 5
		}
		return sharing.Record{"姓名": name, "公民身份号码": id, "院校名称": school, "专业": major, "学历层次": level, "学位": degree,
			"毕业日期": fmt.Sprintf("%d-06-30", grad), "证书编号": fmt.Sprintf("%s%d%d%06d", code, grad, digit, r*PeoplePerCounty+k)}, true, nil
	case "D-DISHONEST":
		if k%101 != 0 {
			return nil, false, nil
		}
		return sharing.Record{"被执行人姓名或名称": name, "证件号码": idcode.MaskCitizenID(id), "执行法院": Counties[r].Name[9:] + "人民法院",
			"案号": fmt.Sprintf("（2025）浙%s执%d号", Counties[r].Code[2:6], 1000+k), "失信情形": "有履行能力而拒不履行生效法律文书确定义务",
			"发布日期": "2025-09-18"}, true, nil
	case "D-DISABILITY":
		if !disabled(k) {
			return nil, false, nil
		}
		kind, grade := (k/40)%len(disabilities), (k/280)%len(grades)
		return sharing.Record{"姓名": name, "公民身份号码": id, "残疾人证号": fmt.Sprintf("%s%d%d", id, kind+1, grade+1),
			"残疾类别": disabilities[kind], "残疾等级": grades[grade],
			"发证日期": date(later(day(2010, 1, 1).AddDate(0, 0, (k*17)%5400), birthOf(k).AddDate(0, 0, 30)))}, true, nil
	}
	return nil, false, ErrNotProvided
}
