package catalog

import (
	"slices"
	"testing"
)

func entry(t *testing.T, es []ChecklistEntry, name string) ChecklistEntry {
	t.Helper()
	for _, e := range es {
		if e.Name == name {
			return e
		}
	}
	t.Fatalf("no entry %q", name)
	return ChecklistEntry{}
}

func TestChecklistSingleItem(t *testing.T) {
	c := mustDemo(t)
	it, _ := c.Item("330-ZRZY-002")
	es := Checklist([]Item{it})
	if len(es) != len(it.Materials) {
		t.Fatalf("%d entries for %d materials", len(es), len(it.Materials))
	}
	for i, e := range es {
		m := it.Materials[i]
		if e.Name != m.Name || !slices.Equal(e.SpecIDs, []string{m.ID}) || !slices.Equal(e.Items, []string{it.Code}) ||
			e.Required != m.Required || e.Form != m.Form {
			t.Errorf("entry %d = %+v for %+v", i, e, m)
		}
	}
	if e := entry(t, es, "不动产权证书"); !e.Fetched || e.PriorStep || !e.Exempt() {
		t.Errorf("licence material: %+v", e)
	}
	if e := entry(t, es, "授权委托书"); e.Fetched || e.Exempt() || e.Form != FormOriginal {
		t.Errorf("applicant material: %+v", e)
	}
}

func TestChecklistHouseResale(t *testing.T) {
	c := mustDemo(t)
	b, _ := c.Bundle("B-HOUSE-RESALE")
	es := c.BundleChecklist(b)
	// The bundle knows that the registration step's 网签信息 and 完税信息 are
	// what its earlier steps (网签备案 by housing, 契税申报 by taxation) produce.
	if got := Checklist(c.BundleItems(b)); len(got) != len(es)-1 {
		t.Fatalf("Checklist %d entries, BundleChecklist %d", len(got), len(es))
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name)
	}
	want := []string{"存量房买卖合同", "不动产权证书", "买卖双方居民身份证", "交易资金监管协议", "契税纳税申报表", "房屋买卖合同网签信息",
		"家庭成员名下住房信息", "婚姻登记信息", "不动产登记申请书", "房屋买卖合同网签信息", "契税完税信息", "出卖人结婚证", "授权委托书"}
	if !slices.Equal(names, want) {
		t.Fatalf("names %q", names)
	}
	id := entry(t, es, "买卖双方居民身份证") // 承受方居民身份证 merged by source
	if !slices.Equal(id.Items, []string{"330-ZJJS-004", "330-SWJG-002", "330-ZRZY-002"}) ||
		!slices.Equal(id.SpecIDs, []string{"330-ZJJS-004.M03", "330-SWJG-002.M03", "330-ZRZY-002.M02"}) || !id.Fetched {
		t.Errorf("ID card entry %+v", id)
	}
	if e := entry(t, es, "房屋买卖合同网签信息"); len(e.Items) != 1 || e.Source != "shared:D-HOUSE-CONTRACT" || !e.Fetched {
		t.Errorf("contract entry of the tax step (in parallel with the filing): %+v", e)
	}
	if e := es[9]; !e.PriorStep || e.FromItem != "330-ZJJS-004" || e.Items[0] != "330-ZRZY-002" {
		t.Errorf("contract entry of the registration step: %+v", e)
	}
	if e := entry(t, es, "契税完税信息"); !e.PriorStep || e.FromItem != "330-SWJG-002" {
		t.Errorf("tax paid entry: %+v", e)
	}
	if e := entry(t, es, "婚姻登记信息"); e.Required || e.Source != "shared:D-MARRIAGE" {
		t.Errorf("marriage data must stay apart from licence:L-MARRIAGE: %+v", e)
	}
	total := 0
	for _, e := range es {
		total += len(e.SpecIDs)
	}
	if total != 16 {
		t.Errorf("every spec must be covered once, got %d", total)
	}
}

func TestChecklistRestaurant(t *testing.T) {
	c := mustDemo(t)
	b, _ := c.Bundle("B-RESTAURANT")
	es := c.BundleChecklist(b)
	biz := entry(t, es, "营业执照")
	if !biz.PriorStep || biz.Fetched || biz.FromItem != "330-SCJG-001" || !biz.Required || biz.Deferrable ||
		!slices.Equal(biz.Items, []string{"330-SCJG-005", "330-XFJY-001", "330-ZJJS-003", "330-GAJG-001", "330-ZHZF-001"}) {
		t.Errorf("营业执照 must come from 公司设立 for every later step: %+v", biz)
	}
	if e := entry(t, es, "法人股东营业执照"); e.PriorStep || !e.Fetched || len(e.Items) != 1 {
		t.Errorf("the shareholder's licence is the applicant's own: %+v", e)
	}
	if e := entry(t, es, "自然人股东身份信息"); len(e.Items) != 3 || !e.Required {
		t.Errorf("population data merged by source: %+v", e)
	}
	if e := entry(t, es, "员工岗前消防安全教育培训记录"); !e.Deferrable {
		t.Errorf("deferrable material: %+v", e)
	}
	// Without the DAG, Checklist merges by source alone.
	plain := Checklist(c.BundleItems(b))
	if e := entry(t, plain, "法人股东营业执照"); e.PriorStep || len(e.Items) != 6 {
		t.Errorf("plain checklist: %+v", e)
	}
}

func TestBundleChecklistParallelIssuer(t *testing.T) {
	c := mustDemo(t)
	b, _ := c.Bundle("B-NEWBORN")
	es := c.BundleChecklist(b)
	if e := entry(t, es, "出生医学证明"); !e.PriorStep || e.FromItem != "330-WSJK-003" || len(e.Items) != 3 {
		t.Errorf("birth certificate comes from the first step: %+v", e)
	}
	if e := entry(t, es, "社会保障卡（金融账户）"); e.PriorStep || !e.Fetched {
		t.Errorf("生育津贴 does not wait for the card step: %+v", e)
	}
	if e := entry(t, es, "母亲居民身份证"); slices.Contains(e.SpecIDs, "330-WSJK-003.M03") {
		t.Errorf("the father's ID card must not merge into the mother's: %+v", e)
	}
	b, _ = c.Bundle("B-RETIREMENT")
	if e := entry(t, c.BundleChecklist(b), "退休审批结果"); !e.PriorStep || !e.Exempt() {
		t.Errorf("prior-step material: %+v", e)
	}
}

func TestChecklistMergeRules(t *testing.T) {
	app := func(name string, req, def bool, form Form, copies int) MaterialSpec {
		return MaterialSpec{ID: name, Name: name, Required: req, Deferrable: def, Form: form, Copies: copies, Source: "applicant"}
	}
	for _, tc := range []struct {
		name            string
		a, b            MaterialSpec
		req, def        bool
		form            Form
		copies, entries int
	}{
		{"both deferrable", app("x", true, true, FormCopy, 1), app("x", true, true, FormCopy, 1), true, true, FormCopy, 1, 1},
		{"one not deferrable", app("x", true, true, FormCopy, 1), app("x", true, false, FormCopy, 1), true, false, FormCopy, 1, 1},
		{"optional spec does not block deferral", app("x", true, true, FormCopy, 1), app("x", false, false, FormCopy, 1), true, true, FormCopy, 1, 1},
		{"both optional", app("x", false, false, FormCopy, 1), app("x", false, true, FormCopy, 1), false, false, FormCopy, 1, 1},
		{"strictest form, most copies", app("x", true, false, FormCopy, 2), app("x", false, false, FormOriginal, 1), true, false, FormOriginal, 2, 1},
		{"name folded", app("营业执照（副本）", true, false, FormCopy, 1), app("营业执照(副本) ", true, false, FormCopy, 1), true, false, FormCopy, 1, 1},
		{"different names", app("x", true, false, FormCopy, 1), app("y", true, false, FormCopy, 1), true, false, FormCopy, 1, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			es := Checklist([]Item{{Code: "A", Materials: []MaterialSpec{tc.a}}, {Code: "B", Materials: []MaterialSpec{tc.b}}})
			if len(es) != tc.entries {
				t.Fatalf("%d entries", len(es))
			}
			e := es[0]
			if tc.entries == 1 && (e.Required != tc.req || e.Deferrable != tc.def || e.Form != tc.form || e.Copies != tc.copies ||
				!slices.Equal(e.Items, []string{"A", "B"})) {
				t.Errorf("got %+v", e)
			}
		})
	}
}
