package registry

import (
	"context"
	"errors"
	"maps"
	"slices"
	"testing"
	"time"

	"onetrip/catalog"
	"onetrip/idcode"
	"onetrip/sharing"
)

func TestIdentifiersAreValidAndFoundAgain(t *testing.T) {
	ctx := context.Background()
	reg := New()
	for _, i := range []int{0, 1, 11, 12, 4321, People - 1} {
		id := Person(i)
		if _, err := idcode.CheckCitizenID(id); err != nil {
			t.Fatalf("person %d: %s fails its check: %v", i, id, err)
		}
		rec, ok, err := reg.Fetch(ctx, "D-POP-BASIC", id)
		if err != nil || !ok || rec["公民身份号码"] != id || rec["姓名"] == "" || rec["户籍地址"] == "" {
			t.Fatalf("person %d (%s): %v %v %v", i, id, rec, ok, err)
		}
	}
	for _, j := range []int{0, 5, 12, Companies - 1} {
		uscc := Company(j)
		if _, warns, err := idcode.CheckUSCC(uscc); err != nil || len(warns) > 0 {
			t.Fatalf("company %d: %s: %v %v", j, uscc, err, warns)
		}
		rec, ok, err := reg.Fetch(ctx, "D-ENT-REG", uscc)
		if err != nil || !ok || rec["统一社会信用代码"] != uscc || rec["名称"] == "" {
			t.Fatalf("company %d (%s): %v %v %v", j, uscc, rec, ok, err)
		}
	}
}

func TestEveryoneIsDistinct(t *testing.T) {
	seen := map[string]bool{}
	for i := range People {
		id := Person(i)
		if seen[id] {
			t.Fatalf("person %d repeats %s", i, id)
		}
		seen[id] = true
	}
	for j := range Companies {
		id := Company(j)
		if seen[id] {
			t.Fatalf("company %d repeats %s", j, id)
		}
		seen[id] = true
	}
}

func TestStrangersAreNotFound(t *testing.T) {
	ctx := context.Background()
	reg := New()
	for _, tc := range []struct{ item, subject string }{
		{"D-POP-BASIC", idcode.MakeCitizenID("330802", base.AddDate(0, 0, 3), 100)}, // an odd day: not issued
		{"D-POP-BASIC", idcode.MakeCitizenID("330602", base, seqOf(0))},             // another county
		{"D-POP-BASIC", idcode.MakeCitizenID("330802", base, 101)},                  // the wrong sequence code
		{"D-ENT-REG", idcode.MakeOrgUSCC("91", "330802", "MAYYYYYY")},
		{"D-ENT-REG", idcode.MakeOrgUSCC("92", "330802", "MA000001")},
		{"D-POP-BASIC", "not an id"},
	} {
		if rec, ok, err := reg.Fetch(ctx, tc.item, tc.subject); ok || err != nil {
			t.Errorf("%s %s: %v %v %v", tc.item, tc.subject, rec, ok, err)
		}
	}
	if _, _, err := reg.Fetch(ctx, "D-CRIMINAL", Person(0)); err != ErrNotProvided {
		t.Errorf("an item the registries do not hold: %v", err)
	}
}

func TestHouseholdsAndMarriagesAgree(t *testing.T) {
	ctx := context.Background()
	reg := New()
	head, spouse, child := Person(0), Person(12), Person(24) // k = 0, 1, 2 in 柯城区
	h1, _, _ := reg.Fetch(ctx, "D-HOUSEHOLD", head)
	h2, _, _ := reg.Fetch(ctx, "D-HOUSEHOLD", spouse)
	h3, _, _ := reg.Fetch(ctx, "D-HOUSEHOLD", child)
	if h1["户号"] != h2["户号"] || h2["户号"] != h3["户号"] || h1["与户主关系"] != "户主" || h3["与户主关系"] != "子女" || h2["户主姓名"] != h1["成员姓名"] {
		t.Fatalf("one household: %v %v %v", h1, h2, h3)
	}
	m1, ok1, _ := reg.Fetch(ctx, "D-MARRIAGE", head)
	m2, ok2, _ := reg.Fetch(ctx, "D-MARRIAGE", spouse)
	if !ok1 || !ok2 || m1["证件字号"] != m2["证件字号"] || (m1["男方身份证件号码"] != head && m1["女方身份证件号码"] != head) {
		t.Fatalf("the couple's marriage: %v %v", m1, m2)
	}
	if _, ok, _ := reg.Fetch(ctx, "D-MARRIAGE", child); ok {
		t.Fatal("the child is not married")
	}
}

func BenchmarkFetch(b *testing.B) {
	ctx := context.Background()
	reg := New()
	for i := 0; b.Loop(); i++ {
		reg.Fetch(ctx, "D-POP-BASIC", Person(i%People))
	}
}

// catalogueFields are the shared items of the province's catalogue and their
// fields (catalog/data/zhejiang-catalog.json); TestItemsAreTheCatalogue
// holds the two together.
var catalogueFields = []struct {
	item   string
	org    bool
	fields []string
}{
	{"D-POP-BASIC", false, []string{"姓名", "公民身份号码", "性别", "民族", "出生日期", "户籍地址"}},
	{"D-HOUSEHOLD", false, []string{"户号", "户主姓名", "成员姓名", "与户主关系", "公民身份号码", "户籍地址"}},
	{"D-POP-PHOTO", false, []string{"公民身份号码", "姓名", "照片", "采集日期"}},
	{"D-VEHICLE", false, []string{"号牌号码", "车辆类型", "所有人", "初次登记日期", "机动车状态"}},
	{"D-MARRIAGE", false, []string{"男方姓名", "男方身份证件号码", "女方姓名", "女方身份证件号码", "登记类别", "登记日期", "证件字号", "登记机关"}},
	{"D-SOCIAL-ASSIST", false, []string{"姓名", "公民身份号码", "救助类别", "家庭保障人口", "保障起始日期", "保障状态"}},
	{"D-SOCORG", true, []string{"统一社会信用代码", "名称", "类型", "法定代表人", "住所", "业务主管单位", "登记状态"}},
	{"D-BIRTH", false, []string{"出生医学证明编号", "新生儿姓名", "性别", "出生时间", "出生地点", "母亲身份证件号码", "父亲身份证件号码", "签发机构"}},
	{"D-DEATH", false, []string{"姓名", "公民身份号码", "死亡日期", "死亡地点", "签发机构"}},
	{"D-ENT-REG", true, []string{"统一社会信用代码", "名称", "类型", "法定代表人", "注册资本", "成立日期", "住所", "经营范围", "登记状态"}},
	{"D-ENT-REP", true, []string{"统一社会信用代码", "法定代表人", "法定代表人证件号码"}},
	{"D-SI-PAY", false, []string{"姓名", "公民身份号码", "参保险种", "参保单位", "参保状态", "累计缴费月数", "最近缴费年月", "离退休状态"}},
	{"D-EMPLOYMENT", false, []string{"姓名", "公民身份号码", "登记类别", "用人单位", "劳动合同起止日期", "终止或解除日期", "终止或解除原因"}},
	{"D-SKILL-CERT", false, []string{"姓名", "公民身份号码", "证书名称", "职业（工种）", "等级", "证书编号", "发证日期", "评价机构"}},
	{"D-MED-INS", false, []string{"姓名", "公民身份号码", "参保险种", "参保地", "参保状态", "累计缴费年限", "异地就医备案状态"}},
	{"D-HPF", false, []string{"姓名", "公民身份号码", "缴存单位", "账户状态", "月缴存额", "缴存起始年月"}},
	{"D-REALTY", false, []string{"权利人", "证件号码", "不动产单元号", "坐落", "权利类型", "用途", "面积", "抵押状态", "查封状态"}},
	{"D-HOUSE-CONTRACT", false, []string{"合同编号", "房屋坐落", "出卖人", "买受人", "成交价格", "建筑面积", "备案日期"}},
	{"D-TAX-PAID", false, []string{"纳税人名称", "证件号码", "税种", "计税依据", "实缴税额", "电子税票号码", "完税日期"}},
	{"D-TAX-CLEAR", true, []string{"纳税人识别号", "纳税人名称", "清税状态", "清税日期"}},
	{"D-TAX-CREDIT", true, []string{"纳税人识别号", "纳税人名称", "评价年度", "信用级别"}},
	{"D-DEGREE", false, []string{"姓名", "公民身份号码", "院校名称", "专业", "学历层次", "学位", "毕业日期", "证书编号"}},
	{"D-DISHONEST", false, []string{"被执行人姓名或名称", "证件号码", "执行法院", "案号", "失信情形", "发布日期"}},
	{"D-DISABILITY", false, []string{"姓名", "公民身份号码", "残疾人证号", "残疾类别", "残疾等级", "发证日期"}},
	{"D-PROJECT", true, []string{"项目代码", "项目名称", "建设单位", "建设地点", "建设规模和内容", "总投资", "备案日期"}},
	{"D-EIA", true, []string{"项目代码", "项目名称", "建设单位", "审批文号", "审批日期", "审批部门"}},
	{"D-CUSTOMS", true, []string{"统一社会信用代码", "海关编码", "企业名称", "备案海关", "备案日期", "备案状态"}},
}

// restrictedItems are never shared: the registry does not hold them.
var restrictedItems = []string{"D-CRIMINAL", "D-MEDICAL-RECORD"}

// complete items answer for every subject the registry issued.
var complete = map[string]bool{"D-POP-BASIC": true, "D-HOUSEHOLD": true, "D-POP-PHOTO": true, "D-SI-PAY": true,
	"D-MED-INS": true, "D-ENT-REG": true, "D-ENT-REP": true, "D-SOCORG": true}

func TestItemsAreTheCatalogue(t *testing.T) {
	cat, err := catalog.Demo()
	if err != nil {
		t.Fatal(err)
	}
	var shared, restricted []string
	for _, d := range cat.SharedData {
		if d.Level == catalog.ShareRestricted {
			restricted = append(restricted, d.Code)
			continue
		}
		shared = append(shared, d.Code)
		i := slices.IndexFunc(catalogueFields, func(c struct {
			item   string
			org    bool
			fields []string
		}) bool {
			return c.item == d.Code
		})
		if i < 0 {
			t.Errorf("%s is not in the test's table", d.Code)
			continue
		}
		if c := catalogueFields[i]; !slices.Equal(c.fields, d.Fields) || c.org != (d.Subject == catalog.SubjectOrg) {
			t.Errorf("%s: the table says %v (org %v), the catalogue %v (%s)", d.Code, c.fields, c.org, d.Fields, d.Subject)
		}
	}
	if !slices.Equal(Items, shared) {
		t.Errorf("Items %v, the catalogue shares %v", Items, shared)
	}
	if len(catalogueFields) != len(shared) || !slices.Equal(restricted, restrictedItems) {
		t.Errorf("the table has %d items, the catalogue shares %d; restricted %v", len(catalogueFields), len(shared), restricted)
	}
}

// people is a spread of the registry's people (every county, every age).
func people(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = Person(i * 7919 % People)
	}
	return out
}

func orgs(item string) []string {
	if item == "D-SOCORG" {
		out := make([]string, SocialOrgs)
		for j := range out {
			out[j] = SocialOrg(j)
		}
		return out
	}
	out := make([]string, 3000)
	for j := range out {
		out[j] = Company(j * 7 % Companies)
	}
	return out
}

func TestEveryItemAnswersWithItsFields(t *testing.T) {
	ctx := context.Background()
	reg := New()
	persons := people(6000)
	for _, c := range catalogueFields {
		t.Run(c.item, func(t *testing.T) {
			subjects := persons
			if c.org {
				subjects = orgs(c.item)
			}
			found, full := 0, ""
			for _, s := range subjects {
				rec, ok, err := reg.Fetch(ctx, c.item, s)
				if err != nil {
					t.Fatalf("%s: %v", s, err)
				}
				if !ok {
					if rec != nil {
						t.Fatalf("%s: not found, yet %v", s, rec)
					}
					continue
				}
				found++
				if len(rec) != len(c.fields) {
					t.Fatalf("%s: %d fields, the catalogue has %d: %v", s, len(rec), len(c.fields), rec)
				}
				empty := false
				for _, f := range c.fields {
					v, ok := rec[f]
					if !ok {
						t.Fatalf("%s: no %s in %v", s, f, rec)
					}
					empty = empty || v == ""
				}
				if !empty && full == "" {
					full = s
				}
			}
			if full == "" {
				t.Fatalf("no subject of %d (%d found) has every field filled", len(subjects), found)
			}
			if complete[c.item] && found != len(subjects) {
				t.Fatalf("a complete item answered %d of %d", found, len(subjects))
			}
			if !complete[c.item] && found == len(subjects) {
				t.Fatalf("a partial item answered every subject")
			}
			t.Logf("%d of %d subjects", found, len(subjects))
		})
	}
}

// snapshot is the day the registries were copied: nothing they hold
// happened later (a contract's end lies ahead, shown as a span).
const snapshot = "2026-11-30"

func TestNothingHappensAfterTheSnapshot(t *testing.T) {
	ctx := context.Background()
	reg := New()
	isDate := func(v string) bool { _, err := time.Parse(time.DateOnly, v); return err == nil }
	for _, c := range catalogueFields {
		subjects := people(6000)
		if c.org {
			subjects = orgs(c.item)
		}
		for _, s := range subjects {
			rec, _, _ := reg.Fetch(ctx, c.item, s)
			for f, v := range rec {
				if len(v) >= 10 && isDate(v[:10]) && v[:10] > snapshot {
					t.Fatalf("%s %s: %s %s is after %s", c.item, s, f, v, snapshot)
				}
			}
		}
	}
}

func TestAnswersAreDeterministic(t *testing.T) {
	ctx := context.Background()
	a, b := New(), New()
	for _, c := range catalogueFields {
		subjects := people(300)
		if c.org {
			subjects = orgs(c.item)[:300]
		}
		for _, s := range subjects {
			r1, ok1, err1 := a.Fetch(ctx, c.item, s)
			r2, ok2, err2 := b.Fetch(ctx, c.item, s)
			if !maps.Equal(r1, r2) || ok1 != ok2 || err1 != err2 {
				t.Fatalf("%s %s: %v %v %v, then %v %v %v", c.item, s, r1, ok1, err1, r2, ok2, err2)
			}
		}
	}
}

func TestTheWrongKindOfSubjectIsNotFound(t *testing.T) {
	ctx := context.Background()
	reg := New()
	for _, c := range catalogueFields {
		other := []string{Company(0), Company(24), SocialOrg(0)} // a person item asked about organisations
		if c.org {
			other = []string{Person(0), Person(24)}
			if c.item == "D-SOCORG" {
				other = append(other, Company(0), Company(12)) // an enterprise is not a social organisation
			} else {
				other = append(other, SocialOrg(0), SocialOrg(13))
			}
		}
		for _, s := range append(other, "", "not an id") {
			if rec, ok, err := reg.Fetch(ctx, c.item, s); rec != nil || ok || err != nil {
				t.Errorf("%s %q: %v %v %v", c.item, s, rec, ok, err)
			}
		}
	}
}

func TestRestrictedItemsAreNotProvided(t *testing.T) {
	ctx := context.Background()
	reg := New()
	for _, item := range append(restrictedItems, "D-UNKNOWN", "") {
		for _, s := range []string{Person(0), Company(0)} {
			if rec, ok, err := reg.Fetch(ctx, item, s); !errors.Is(err, ErrNotProvided) || ok || rec != nil {
				t.Errorf("%s %s: %v %v %v", item, s, rec, ok, err)
			}
		}
	}
}

func TestSocialOrganisationsAreCivilAffairs(t *testing.T) {
	ctx := context.Background()
	reg := New()
	kinds := map[string]bool{}
	for j := range SocialOrgs {
		u := SocialOrg(j)
		code, warns, err := idcode.CheckUSCC(u)
		if err != nil || len(warns) > 0 || code.Authority != "5" || (code.Type != "1" && code.Type != "2") {
			t.Fatalf("social organisation %d: %s: %+v %v %v", j, u, code, warns, err)
		}
		rec, ok, err := reg.Fetch(ctx, "D-SOCORG", u)
		if err != nil || !ok || rec["统一社会信用代码"] != u {
			t.Fatalf("%s: %v %v %v", u, rec, ok, err)
		}
		want := map[string]string{"1": "社会团体", "2": "民办非企业单位"}[code.Type]
		if rec["类型"] != want {
			t.Fatalf("%s is a %s, its record says %s", u, want, rec["类型"])
		}
		kinds[rec["类型"]] = true
		if _, ok, _ := reg.Fetch(ctx, "D-ENT-REG", u); ok {
			t.Fatalf("%s is no enterprise", u)
		}
	}
	if len(kinds) != 2 {
		t.Fatalf("kinds %v", kinds)
	}
}

func TestSalesAndTheirTaxesAgree(t *testing.T) {
	ctx := context.Background()
	reg := New()
	buyers, sellers, developers := 0, 0, 0
	for _, id := range people(12000) {
		c, hasContract, _ := reg.Fetch(ctx, "D-HOUSE-CONTRACT", id)
		tax, paid, _ := reg.Fetch(ctx, "D-TAX-PAID", id)
		if hasContract != paid {
			t.Fatalf("%s: a contract %v, taxes paid %v", id, c, tax)
		}
		if !hasContract {
			continue
		}
		if tax["证件号码"] != id || tax["计税依据"] != c["成交价格"] || tax["完税日期"] < c["备案日期"] {
			t.Fatalf("%s: the contract %v, the taxes %v", id, c, tax)
		}
		r, k, _ := personIndex(id)
		switch tax["纳税人名称"] {
		case c["买受人"]:
			buyers++
			realty, ok, _ := reg.Fetch(ctx, "D-REALTY", id)
			if tax["税种"] != "契税" || !ok || realty["坐落"] != c["房屋坐落"] || realty["面积"] != c["建筑面积"] {
				t.Fatalf("the buyer %s: %v %v %v", id, c, tax, realty)
			}
			d, _ := dealOf(r, k)
			if d.seller < 0 {
				developers++
				continue
			}
			sc, ok, _ := reg.Fetch(ctx, "D-HOUSE-CONTRACT", Person(d.seller*len(Counties)+r))
			if !ok || !maps.Equal(sc, c) {
				t.Fatalf("the buyer %s's contract %v, the seller's %v", id, c, sc)
			}
		case c["出卖人"]:
			sellers++
			if tax["税种"] != "个人所得税" {
				t.Fatalf("the seller %s: %v", id, tax)
			}
		default:
			t.Fatalf("%s is neither party of %v (%v)", id, c, tax)
		}
	}
	if buyers == 0 || sellers == 0 || developers == 0 || developers == buyers {
		t.Fatalf("buyers %d (from developers %d), sellers %d", buyers, developers, sellers)
	}
}

func TestProjectsAndApprovalsAgree(t *testing.T) {
	ctx := context.Background()
	reg := New()
	projects, approved := 0, 0
	for j := range Companies {
		u := Company(j)
		p, filed, _ := reg.Fetch(ctx, "D-PROJECT", u)
		e, ok, _ := reg.Fetch(ctx, "D-EIA", u)
		if filed {
			projects++
			code := p["项目代码"]
			if len(code) != len("2026-330802-47-03-123456") || code[5:11] != u[2:8] || code[:4] != p["备案日期"][:4] || code[15:17] != "03" {
				t.Fatalf("%s: project code %s (%v)", u, code, p)
			}
		}
		if !ok {
			continue
		}
		approved++
		if !filed || e["项目代码"] != p["项目代码"] || e["项目名称"] != p["项目名称"] || e["建设单位"] != p["建设单位"] || e["审批日期"] <= p["备案日期"] {
			t.Fatalf("%s: the approval %v, the project %v", u, e, p)
		}
	}
	if approved == 0 || approved == projects {
		t.Fatalf("%d projects, %d approved", projects, approved)
	}
}

func TestDeregisteredCompaniesClearedTheirTaxes(t *testing.T) {
	ctx := context.Background()
	reg := New()
	closed, early := 0, 0
	for j := range Companies {
		u := Company(j)
		ent, _, _ := reg.Fetch(ctx, "D-ENT-REG", u)
		clr, ok, _ := reg.Fetch(ctx, "D-TAX-CLEAR", u)
		if ent["登记状态"] == "注销" {
			closed++
			if !ok || clr["清税状态"] != "已清税" || clr["纳税人识别号"] != u || clr["纳税人名称"] != ent["名称"] || clr["清税日期"] <= ent["成立日期"] {
				t.Fatalf("%s: deregistered %v, its taxes %v %v", u, ent, clr, ok)
			}
		} else if ok {
			early++ // cleared, about to deregister
		}
	}
	if closed == 0 || early == 0 {
		t.Fatalf("%d deregistered, %d cleared in business", closed, early)
	}
}

func TestMarriagesAreOfAge(t *testing.T) {
	ctx := context.Background()
	reg := New()
	for _, id := range people(6000) {
		m, ok, _ := reg.Fetch(ctx, "D-MARRIAGE", id)
		if !ok {
			continue
		}
		man, _, _ := reg.Fetch(ctx, "D-POP-BASIC", m["男方身份证件号码"])
		woman, _, _ := reg.Fetch(ctx, "D-POP-BASIC", m["女方身份证件号码"])
		on, _ := time.Parse(time.DateOnly, m["登记日期"])
		hb, _ := time.Parse(time.DateOnly, man["出生日期"])
		wb, _ := time.Parse(time.DateOnly, woman["出生日期"])
		if man["性别"] != "男" || woman["性别"] != "女" || on.Before(hb.AddDate(22, 0, 0)) || on.Before(wb.AddDate(20, 0, 0)) ||
			m["证件字号"][8:12] != m["登记日期"][:4] {
			t.Fatalf("%s: %v (%v, %v)", id, m, man, woman)
		}
	}
}

func TestBirthsAndParentsAgree(t *testing.T) {
	ctx := context.Background()
	reg := New()
	births := 0
	for _, id := range people(6000) {
		b, ok, _ := reg.Fetch(ctx, "D-BIRTH", id)
		if !ok {
			continue
		}
		births++
		child, _, _ := reg.Fetch(ctx, "D-POP-BASIC", id)
		mother, _, _ := reg.Fetch(ctx, "D-POP-BASIC", b["母亲身份证件号码"])
		father, _, _ := reg.Fetch(ctx, "D-POP-BASIC", b["父亲身份证件号码"])
		m, married, _ := reg.Fetch(ctx, "D-MARRIAGE", b["母亲身份证件号码"])
		if b["新生儿姓名"] != child["姓名"] || b["性别"] != child["性别"] || b["出生时间"][:10] != child["出生日期"] ||
			mother["性别"] != "女" || father["性别"] != "男" || !married || m["男方身份证件号码"] != b["父亲身份证件号码"] ||
			m["登记日期"] >= child["出生日期"] || mother["出生日期"] >= m["登记日期"] {
			t.Fatalf("%s: birth %v, child %v, mother %v, father %v, marriage %v", id, b, child, mother, father, m)
		}
	}
	if births == 0 {
		t.Fatal("no births")
	}
}

func TestLivesAgreeAcrossRegistries(t *testing.T) {
	ctx := context.Background()
	reg := New()
	plates := map[string]bool{}
	for _, id := range people(12000) {
		get := func(item string) (sharing.Record, bool) {
			rec, ok, err := reg.Fetch(ctx, item, id)
			if err != nil {
				t.Fatal(err)
			}
			return rec, ok
		}
		si, _ := get("D-SI-PAY")
		emp, employed := get("D-EMPLOYMENT")
		if d, ok := get("D-DEATH"); ok {
			if si["参保状态"] != "终止参保" || si["最近缴费年月"] != d["死亡日期"][:7] || (employed && emp["终止或解除原因"] != "劳动者死亡") {
				t.Fatalf("%s died %v, yet %v %v", id, d, si, emp)
			}
		}
		if employed {
			if emp["用人单位"] != si["参保单位"] || (emp["登记类别"] == "失业登记") != (si["参保状态"] == "暂停缴费") ||
				(emp["登记类别"] == "失业登记" && si["最近缴费年月"] != emp["终止或解除日期"][:7]) {
				t.Fatalf("%s: employment %v, social insurance %v", id, emp, si)
			}
		}
		if v, ok := get("D-VEHICLE"); ok {
			if _, assisted := get("D-SOCIAL-ASSIST"); assisted {
				t.Fatalf("%s is assisted and owns %v", id, v)
			}
			if p := v["号牌号码"]; len([]rune(p)) != 7 || plates[p] || (p[:len("浙H")] != "浙H" && p[:len("浙A")] != "浙A") {
				t.Fatalf("%s: plate %q", id, p)
			}
			plates[v["号牌号码"]] = true
		}
		if d, ok := get("D-DISABILITY"); ok && (len(d["残疾人证号"]) != 20 || d["残疾人证号"][:18] != id) {
			t.Fatalf("%s: disability card %v", id, d)
		}
	}
}

func TestCustomsCodesAreDistinct(t *testing.T) {
	ctx := context.Background()
	reg := New()
	seen := map[string]bool{}
	for j := range Companies {
		u := Company(j)
		rec, ok, _ := reg.Fetch(ctx, "D-CUSTOMS", u)
		if !ok {
			continue
		}
		c := rec["海关编码"]
		if len(c) != 10 || c[:4] != u[2:6] || seen[c] {
			t.Fatalf("%s: customs code %q", u, c)
		}
		seen[c] = true
	}
	if len(seen) == 0 {
		t.Fatal("no customs registrations")
	}
}

func BenchmarkFetchEveryItem(b *testing.B) {
	ctx := context.Background()
	reg := New()
	for i := 0; b.Loop(); i++ {
		c := catalogueFields[i%len(catalogueFields)]
		s := Person(i * 7919 % People)
		if c.item == "D-SOCORG" {
			s = SocialOrg(i % SocialOrgs)
		} else if c.org {
			s = Company(i * 7 % Companies)
		}
		reg.Fetch(ctx, c.item, s)
	}
}
