package demo

import (
	"context"
	"fmt"
	"time"

	"onetrip"
	"onetrip/idcode"
	"onetrip/licence"
	"onetrip/sharing/registry"
	"onetrip/sqlstore"
)

// Party is a synthetic person or organisation of the demo set. Every ID
// number has a correct check character (idcode.MakeCitizenID and
// MakeOrgUSCC); none belongs to a real person or company.
type Party struct {
	Name           string
	IDType         string // licence.IDCitizen or licence.IDUSCC
	IDNumber       string
	Representative string // an organisation's legal representative (citizen ID)
}

func birth(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

// The demo parties. QZApplicant and HZApplicant are the people behind the
// demo accounts qz.applicant (王建国) and hz.applicant (李晓梅); QZCompany is
// the company 王建国 represents, holding a business licence (L-BIZ), so that
// applying for its food business licence (330-SCJG-005) shows the business
// licence fetched from the library (免提交) instead of a copy.
var (
	QZApplicant = Party{Name: "王建国", IDType: licence.IDCitizen, IDNumber: idcode.MakeCitizenID("330802", birth(1986, 5, 14), 123)}
	HZApplicant = Party{Name: "李晓梅", IDType: licence.IDCitizen, IDNumber: idcode.MakeCitizenID("330102", birth(1990, 11, 2), 123)}
	QZCompany   = Party{Name: "衢州市建国食品有限公司", IDType: licence.IDUSCC, IDNumber: idcode.MakeOrgUSCC("91", "330802", "MA28JG01"),
		Representative: QZApplicant.IDNumber}
	HZCompany = Party{Name: "杭州晓梅文化传媒有限公司", IDType: licence.IDUSCC, IDNumber: idcode.MakeOrgUSCC("91", "330102", "MA2HXM02"),
		Representative: HZApplicant.IDNumber}
	QZShop = Party{Name: "柯城区百味小吃店", IDType: licence.IDUSCC, IDNumber: idcode.MakeOrgUSCC("92", "330802", "MA2BW003"),
		Representative: idcode.MakeCitizenID("330802", birth(1979, 8, 21), 245)}
	QZResident = Party{Name: "陈美华", IDType: licence.IDCitizen, IDNumber: idcode.MakeCitizenID("330802", birth(1992, 3, 8), 186)}
)

// demoLicence is one licence of the demo set, issued directly by the right
// department with its seal.
type demoLicence struct {
	typ, dept string
	holder    Party
	issued    string
	fields    map[string]string
	revoke    string // revoked with this reason
}

func demoLicences() []demoLicence {
	ps := func(region string) string { return region + "-public-security" }
	return []demoLicence{
		{typ: "L-IDCARD", dept: ps("330802"), holder: QZApplicant, issued: "2019-06-18", fields: map[string]string{
			"姓名": "王建国", "性别": "男", "民族": "汉", "出生日期": "1986-05-14", "住址": "浙江省衢州市柯城区荷花街道荷花中路1号",
			"公民身份号码": QZApplicant.IDNumber, "签发机关": "衢州市公安局柯城分局", "有效期限": "2019-06-18 至 2039-06-17"}},
		{typ: "L-HUKOU", dept: ps("330802"), holder: QZApplicant, issued: "2010-03-02", fields: map[string]string{
			"户主姓名": "王建国", "户别": "家庭户", "住址": "浙江省衢州市柯城区荷花街道荷花中路1号", "姓名": "王建国", "与户主关系": "户主",
			"公民身份号码": QZApplicant.IDNumber, "出生地": "浙江省衢州市", "籍贯": "浙江衢州"}},
		{typ: "L-BIZ", dept: "330802-market", holder: QZCompany, issued: "2023-04-10", fields: map[string]string{
			"统一社会信用代码": QZCompany.IDNumber, "名称": QZCompany.Name, "类型": "有限责任公司（自然人独资）", "法定代表人": "王建国",
			"经营范围": "食品销售；餐饮服务；食品互联网销售", "成立日期": "2023-04-10", "住所": "浙江省衢州市柯城区府山街道坊门街18号",
			"注册资本": "壹佰万元整", "登记机关": "衢州市柯城区市场监督管理局"}},
		{typ: "L-IDCARD", dept: ps("330102"), holder: HZApplicant, issued: "2021-09-30", fields: map[string]string{
			"姓名": "李晓梅", "性别": "女", "民族": "汉", "出生日期": "1990-11-02", "住址": "浙江省杭州市上城区湖滨街道平海路8号",
			"公民身份号码": HZApplicant.IDNumber, "签发机关": "杭州市公安局上城分局", "有效期限": "2021-09-30 至 2041-09-29"}},
		{typ: "L-BIZ", dept: "330102-market", holder: HZCompany, issued: "2022-08-15", fields: map[string]string{
			"统一社会信用代码": HZCompany.IDNumber, "名称": HZCompany.Name, "类型": "有限责任公司（自然人投资或控股）", "法定代表人": "李晓梅",
			"经营范围": "文化活动策划；广告设计、制作、代理", "成立日期": "2022-08-15", "住所": "浙江省杭州市上城区延安路100号",
			"注册资本": "伍拾万元整", "登记机关": "杭州市上城区市场监督管理局"}},
		{typ: "L-BIZ", dept: "330802-market", holder: QZShop, issued: "2020-05-06", fields: map[string]string{
			"统一社会信用代码": QZShop.IDNumber, "名称": QZShop.Name, "类型": "个体工商户", "法定代表人": "周志强",
			"经营范围": "小吃服务", "成立日期": "2020-05-06", "住所": "浙江省衢州市柯城区新新街道通衢巷6号", "登记机关": "衢州市柯城区市场监督管理局"}},
		// Issued in 2020 for five years: expired, to show the status.
		{typ: "L-FOOD", dept: "330802-market", holder: QZShop, issued: "2020-06-01", fields: map[string]string{
			"经营者名称": QZShop.Name, "统一社会信用代码": QZShop.IDNumber, "法定代表人（负责人）": "周志强", "住所": "浙江省衢州市柯城区新新街道通衢巷6号",
			"经营场所": "浙江省衢州市柯城区新新街道通衢巷6号", "主体业态": "小餐饮", "经营项目": "热食类食品制售", "发证机关": "衢州市柯城区市场监督管理局"}},
		{typ: "L-IDCARD", dept: ps("330802"), holder: QZResident, issued: "2022-01-12", fields: map[string]string{
			"姓名": "陈美华", "性别": "女", "民族": "汉", "出生日期": "1992-03-08", "住址": "浙江省衢州市柯城区白云街道白云中大道32号",
			"公民身份号码": QZResident.IDNumber, "签发机关": "衢州市公安局柯城分局", "有效期限": "2022-01-12 至 2042-01-11"}},
		{typ: "L-MARRIAGE", dept: "330802-civil-affairs", holder: QZResident, issued: "2018-10-08", fields: map[string]string{
			"持证人": "陈美华", "登记日期": "2018-10-08", "结婚证字号": "J330802-2018-004512", "男方姓名": "刘志远",
			"女方姓名": "陈美华", "女方身份证件号": QZResident.IDNumber, "登记机关": "衢州市柯城区民政局"}},
		// A driving licence its issuer revoked (注销), to show the status.
		{typ: "L-DRIVER", dept: ps("330802"), holder: QZResident, issued: "2021-04-20", revoke: "驾驶人申请注销驾驶证", fields: map[string]string{
			"证号": QZResident.IDNumber, "姓名": "陈美华", "性别": "女", "国籍": "中国", "住址": "浙江省衢州市柯城区白云街道白云中大道32号",
			"出生日期": "1992-03-08", "初次领证日期": "2015-04-20", "准驾车型": "C1"}},
	}
}

// LoadParties issues the demo parties' licences directly, each by its
// department with that department's seal (made on first use), so the
// licence library, "my licences" and intake's 免提交 path have something to
// show. It is part of Load and runs once per database.
func LoadParties(ctx context.Context, s *sqlstore.Store) error {
	for _, d := range demoLicences() {
		l, err := s.IssueLicence(ctx, sqlstore.IssueRequest{Type: d.typ, Department: d.dept,
			Holder:           licence.Holder{Name: d.holder.Name, IDType: d.holder.IDType, IDNumber: d.holder.IDNumber},
			RepresentativeID: d.holder.Representative, Fields: d.fields, IssuedOn: d.issued, By: "demo"})
		if err != nil {
			return fmt.Errorf("demo licence %s of %s: %w", d.typ, d.holder.Name, err)
		}
		if d.revoke != "" {
			p := &onetrip.Principal{Username: "demo", Role: onetrip.RoleSystem, Department: d.dept}
			if _, err := s.RevokeLicence(ctx, p, l.ID, d.revoke); err != nil {
				return fmt.Errorf("demo licence %s of %s: %w", d.typ, d.holder.Name, err)
			}
		}
	}
	return nil
}

// Sample is a demo party as the start-up banner and the demo login page
// show it: who, the ID number to type, what they hold and what to try.
type Sample struct {
	Name, IDNumber string
	Holds, Try     string // zh-CN: a newcomer reads them at the window
}

// Samples are the parties a newcomer runs the tour with.
func Samples() []Sample {
	return []Sample{
		{QZApplicant.Name, QZApplicant.IDNumber, "居民身份证、户口簿；人口、户籍、社保、医保、公积金、不动产共享记录；衢州市建国食品有限公司法定代表人；账号 qz.applicant",
			"窗口办理“最低生活保障审核确认”：输入证件号码即填姓名，户籍等共享材料免提交"},
		{QZCompany.Name, QZCompany.IDNumber, "营业执照（法定代表人王建国）；企业登记共享记录", "以企业名义在线申请“食品经营许可证核发（新办）”：营业执照免提交"},
		{QZResident.Name, QZResident.IDNumber, "居民身份证、结婚证；驾驶证（已注销）；人口、户籍、婚姻共享记录", "证照库中查看有效、已撤销的证照"},
		{QZShop.Name, QZShop.IDNumber, "营业执照；食品经营许可证（已过期）", "核验页查看过期证照"},
		{HZApplicant.Name, HZApplicant.IDNumber, "居民身份证；杭州晓梅文化传媒有限公司法定代表人；账号 hz.applicant", "杭州（上城区）的办件"},
		{"（共享数据中的居民）", registry.Person(4321), "内置人口库 120,000 人之一：人口、户籍、社保、医保等记录", "窗口办理“企业职工正常退休申请”"},
		{"（共享数据中的企业）", registry.Company(7), "内置企业库 24,000 家之一：企业登记记录", "部门查询企业登记信息（无条件共享）"},
	}
}
