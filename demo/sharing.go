package demo

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"onetrip"
	"onetrip/catalog"
	"onetrip/sharing"
	"onetrip/sharing/registry"
	"onetrip/sqlstore"
)

// The demo's sharing platform: the built-in registries answer for 120,000
// synthetic people and 24,000 companies, and for the demo parties (the
// people behind the demo accounts and their companies) with records that
// agree with their licences; the service centres of 衢州 and 杭州 hold
// grants of every shared item their services use; a provider admin per
// main provider department decides new requests.

// dataAdmins are the provider departments with a demo data admin.
var dataAdmins = []struct{ user, kind, name string }{
	{"zj.police.admin", "public-security", "浙江省公安厅数据管理员"},
	{"zj.civil.admin", "civil-affairs", "浙江省民政厅数据管理员"},
	{"zj.hrss.admin", "human-resources-social-security", "浙江省人力社保厅数据管理员"},
	{"zj.land.admin", "natural-resources", "浙江省自然资源厅数据管理员"},
}

// grantCentres are the demo's service centres and agent points.
var grantCentres = []string{"330802-center", "330102-center", "330802005-agent_point1", "330102001-agent_point1"}

// Registry is the demo's provider: the demo parties' records over the
// built-in registries.
func Registry() sharing.Provider { return overlay{base: registry.New(), records: partyRecords()} }

type overlay struct {
	base    sharing.Provider
	records map[string]map[string]sharing.Record // subject → item → record
}

// Fetch implements sharing.Provider: a demo party's own record, or none of
// an item it has no record of; anyone else as the registries say.
func (o overlay) Fetch(ctx context.Context, item, subject string) (sharing.Record, bool, error) {
	if recs, ok := o.records[subject]; ok {
		r, found := recs[item]
		return r, found, nil
	}
	return o.base.Fetch(ctx, item, subject)
}

func partyRecords() map[string]map[string]sharing.Record {
	qz, hz, cmh := QZApplicant.IDNumber, HZApplicant.IDNumber, QZResident.IDNumber
	const qzAddr, hzAddr, cmhAddr = "浙江省衢州市柯城区荷花街道荷花中路1号", "浙江省杭州市上城区湖滨街道平海路8号", "浙江省衢州市柯城区白云街道白云中大道32号"
	person := func(name, id, sex, birth, addr string) sharing.Record {
		return sharing.Record{"姓名": name, "公民身份号码": id, "性别": sex, "民族": "汉族", "出生日期": birth, "户籍地址": addr}
	}
	si := func(name, id, unit string, months int) sharing.Record {
		return sharing.Record{"姓名": name, "公民身份号码": id, "参保险种": "企业职工基本养老保险", "参保单位": unit, "参保状态": "正常参保",
			"累计缴费月数": fmt.Sprint(months), "最近缴费年月": "2026-11", "离退休状态": "在职"}
	}
	return map[string]map[string]sharing.Record{
		qz: {
			"D-POP-BASIC": person("王建国", qz, "男", "1986-05-14", qzAddr),
			"D-HOUSEHOLD": {"户号": "3308020100231", "户主姓名": "王建国", "成员姓名": "王建国", "与户主关系": "户主", "公民身份号码": qz, "户籍地址": qzAddr},
			"D-SI-PAY":    si("王建国", qz, QZCompany.Name, 156),
			"D-MED-INS": {"姓名": "王建国", "公民身份号码": qz, "参保险种": "职工基本医疗保险", "参保地": "衢州市柯城区", "参保状态": "正常参保",
				"累计缴费年限": "13", "异地就医备案状态": "未备案"},
			"D-HPF": {"姓名": "王建国", "公民身份号码": qz, "缴存单位": QZCompany.Name, "账户状态": "正常", "月缴存额": "1260.00", "缴存起始年月": "2013-07"},
			"D-REALTY": {"权利人": "王建国", "证件号码": qz, "不动产单元号": "330802001001GB00012F00010101", "坐落": qzAddr,
				"权利类型": "国有建设用地使用权/房屋所有权", "用途": "城镇住宅用地/住宅", "面积": "96.40㎡", "抵押状态": "无抵押", "查封状态": "无查封"},
		},
		hz: {
			"D-POP-BASIC": person("李晓梅", hz, "女", "1990-11-02", hzAddr),
			"D-HOUSEHOLD": {"户号": "3301020300517", "户主姓名": "李晓梅", "成员姓名": "李晓梅", "与户主关系": "户主", "公民身份号码": hz, "户籍地址": hzAddr},
			"D-SI-PAY":    si("李晓梅", hz, HZCompany.Name, 98),
		},
		cmh: {
			"D-POP-BASIC": person("陈美华", cmh, "女", "1992-03-08", cmhAddr),
			"D-HOUSEHOLD": {"户号": "3308020400088", "户主姓名": "刘志远", "成员姓名": "陈美华", "与户主关系": "配偶", "公民身份号码": cmh, "户籍地址": cmhAddr},
			"D-MARRIAGE": {"男方姓名": "刘志远", "男方身份证件号码": "330802199001150018", "女方姓名": "陈美华", "女方身份证件号码": cmh,
				"登记类别": "结婚登记", "登记日期": "2018-10-08", "证件字号": "J330802-2018-004512", "登记机关": "衢州市柯城区民政局"},
		},
		QZCompany.IDNumber: {"D-ENT-REG": {"统一社会信用代码": QZCompany.IDNumber, "名称": QZCompany.Name, "类型": "有限责任公司（自然人独资）",
			"法定代表人": "王建国", "注册资本": "100万元人民币", "成立日期": "2023-04-10", "住所": "浙江省衢州市柯城区府山街道坊门街18号",
			"经营范围": "食品销售；餐饮服务；食品互联网销售", "登记状态": "存续（在营、开业、在册）"},
			"D-ENT-REP": {"统一社会信用代码": QZCompany.IDNumber, "法定代表人": "王建国", "法定代表人证件号码": qz}},
		HZCompany.IDNumber: {"D-ENT-REG": {"统一社会信用代码": HZCompany.IDNumber, "名称": HZCompany.Name, "类型": "有限责任公司（自然人投资或控股）",
			"法定代表人": "李晓梅", "注册资本": "50万元人民币", "成立日期": "2022-08-15", "住所": "浙江省杭州市上城区延安路100号",
			"经营范围": "文化活动策划；广告设计、制作、代理", "登记状态": "存续（在营、开业、在册）"},
			"D-ENT-REP": {"统一社会信用代码": HZCompany.IDNumber, "法定代表人": "李晓梅", "法定代表人证件号码": hz}},
		QZShop.IDNumber: {"D-ENT-REG": {"统一社会信用代码": QZShop.IDNumber, "名称": QZShop.Name, "类型": "个体工商户",
			"法定代表人": "周志强", "注册资本": "5万元人民币", "成立日期": "2020-05-06", "住所": "浙江省衢州市柯城区新新街道通衢巷6号",
			"经营范围": "小吃服务", "登记状态": "存续（在营、开业、在册）"},
			"D-ENT-REP": {"统一社会信用代码": QZShop.IDNumber, "法定代表人": "周志强", "法定代表人证件号码": QZShop.Representative}},
	}
}

// sharingUsers are the provider departments' data admins.
func sharingUsers() []sqlstore.NewUser {
	var out []sqlstore.NewUser
	for _, a := range dataAdmins {
		out = append(out, sqlstore.NewUser{Username: a.user, Name: a.name, Role: onetrip.RoleAdmin, Region: "330000", Department: "330000-" + a.kind})
	}
	return out
}

// LoadGrants gives the demo centres a grant of every shared item the
// catalogue's services fetch, each decided by its provider (open items
// are granted at once), and leaves one request waiting for a provider's
// decision. It is part of Load.
func LoadGrants(ctx context.Context, s *sqlstore.Store) error {
	c, err := catalog.Demo()
	if err != nil {
		return err
	}
	level := map[string]catalog.ShareLevel{}
	for _, d := range c.SharedData {
		level[d.Code] = d.Level
	}
	var items []string
	for _, it := range c.Items {
		for _, m := range it.Materials {
			if code, ok := strings.CutPrefix(m.Source, "shared:"); ok && level[code] != catalog.ShareRestricted && !slices.Contains(items, code) {
				items = append(items, code)
			}
		}
	}
	slices.Sort(items)
	platform := &onetrip.Principal{Username: "zj.admin", Role: onetrip.RoleAdmin, Region: "330000"}
	for _, centre := range grantCentres {
		clerk := &onetrip.Principal{Username: "demo", Role: onetrip.RoleClerk, Region: centre[:6], Center: centre}
		for _, code := range items {
			g, err := s.RequestGrant(ctx, clerk, sharing.GrantRequest{Item: code, Purpose: "一窗受理：核验申请人信息，共享数据免提交材料", ValidUntil: "2027-12-31"})
			if err != nil {
				return fmt.Errorf("demo grant %s to %s: %w", code, centre, err)
			}
			if g.Status == sharing.GrantRequested {
				if _, err := s.DecideGrant(ctx, platform, g.ID, sharing.GrantDecision{Approve: true, Reason: "演示：窗口受理所需"}); err != nil {
					return fmt.Errorf("demo grant %s to %s: %w", code, centre, err)
				}
			}
		}
	}
	reviewer := &onetrip.Principal{Username: "qz.reviewer", Role: onetrip.RoleReviewer, Region: "330802", Department: "330802-market"}
	if _, err := s.RequestGrant(ctx, reviewer, sharing.GrantRequest{Item: "D-SI-PAY", Fields: []string{"姓名", "公民身份号码", "参保单位", "参保状态"},
		Purpose: "食品经营许可审查：核验从业人员参保情况", ValidUntil: "2027-06-30"}); err != nil {
		return fmt.Errorf("demo grant request: %w", err)
	}
	return nil
}
