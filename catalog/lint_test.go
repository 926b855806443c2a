package catalog

import (
	"slices"
	"strings"
	"testing"
)

func TestVagueWords(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		// positives
		{"身份证、户口簿等材料", []string{"等材料"}},
		{"学历学位等证明", []string{"等证明"}},
		{"批准文件等文件", []string{"等文件"}},
		{"营业执照等相关材料", []string{"等相关材料"}},
		{"办理登记等相关手续", []string{"等相关手续"}},
		{"资质证书等有关", []string{"等有关"}},
		{"其他材料", []string{"其他材料"}},
		{"其它材料", []string{"其它材料"}},
		{"其他必要的证明", []string{"其他必要的证明"}},
		{"其他有关部门意见", []string{"其他有关"}},
		{"相关材料", []string{"相关材料"}},
		{"有关材料", []string{"有关材料"}},
		{"相关的证明文件", []string{"相关的证明"}},
		{"法律法规规定的其他材料", []string{"法律法规规定的其他"}},
		{"行政法规规定的其他情形", []string{"行政法规规定的其他"}},
		{"规章规定的其它条件", []string{"规定的其它"}},
		{"身份证、户口簿等", []string{"等"}},
		{"身份证、户口簿等。", []string{"等"}},
		{"同等学力等证明", []string{"等证明"}},
		{"同等相关材料", []string{"相关材料"}}, // 同等 is a word, 相关材料 still vague
		{"相关材料和其他材料", []string{"相关材料", "其他材料"}},
		// negatives: 等 inside a word, or no vague phrase
		{"职业技能等级证书", nil},
		{"平等协商", nil},
		{"同等材料", nil},
		{"平等文件", nil},
		{"一等功证明", nil},
		{"残疾类别和等级", nil},
		{"高等学校毕业证书", nil},
		{"股东等登记事项发生变更", nil},
		{"学校、机关等单位食堂", nil},
		{"已取得营业执照或其他主体资格证明", nil},
		{"相关人员实名认证后电子签名", nil},
		{"项目符合相关规划", nil},
		{"同一职业同一等级只能申领一次", nil},
		{"达到国家二等", nil},
		{"", nil},
	} {
		if got := VagueWords(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("VagueWords(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// cleanItem is a lint- and check-clean item against the demo Refs.
func cleanItem() Item {
	it := Item{
		Code: "330-SCJG-099", Name: "测试事项", Kind: "行政许可", DepartmentKind: "market",
		Level: LevelCounty, Window: "商事登记",
		LegalBasis: []string{"《测试条例》第一条"},
		Conditions: []string{"已取得营业执照"},
		Materials: []MaterialSpec{
			{Name: "申请书", Required: true, Form: FormElectronic, Copies: 1, Source: "applicant"},
			{Name: "营业执照", Required: true, Form: FormElectronic, Source: "licence:L-BIZ"},
			{Name: "人口信息", Required: true, Form: FormElectronic, Source: "shared:D-POP-BASIC"},
		},
		StatutoryDays: 20, PromisedDays: 3,
		Online: OnlineFull, MaxVisits: 0, Delivery: []Delivery{DeliveryElectronic},
		Result:   Result{Licence: "L-FOOD"},
		Keywords: []string{"测试"},
		FAQ:      []FAQ{{Q: "问", A: "答"}},
	}
	NormalizeItem(&it)
	return it
}

func rules(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Path+" "+f.Rule)
	}
	return out
}

func TestLintItem(t *testing.T) {
	refs := mustDemo(t).Refs()
	if fs := LintItem(cleanItem(), refs); len(fs) != 0 {
		t.Fatalf("clean item has findings: %v", rules(fs))
	}
	for _, tc := range []struct {
		name string
		edit func(*Item)
		want []string
	}{
		{"vague material name", func(it *Item) { it.Materials[0].Name = "申请书等材料" }, []string{"materials[0].name vague"}},
		{"vague note", func(it *Item) { it.Materials[0].Note = "以及其他材料" }, []string{"materials[0].note vague"}},
		{"vague condition", func(it *Item) { it.Conditions = append(it.Conditions, "法律法规规定的其他条件") }, []string{"conditions[1] vague"}},
		{"vague FAQ answer", func(it *Item) {
			it.FAQ = append(it.FAQ, FAQ{Q: "要带什么？", A: "请携带身份证及其他材料"})
		}, []string{"faq[1].a vague"}}, // the sample item has one FAQ already
		{"vague result document", func(it *Item) { it.Result = Result{Document: "批复等文件"} }, []string{"result.document vague"}},
		{"grade is not vague", func(it *Item) { it.Materials[0].Name = "职业技能等级证书" }, nil},
		{"promised over statutory", func(it *Item) { it.PromisedDays = 21 }, []string{"promised_days promised_over_statutory"}},
		{"promised equal statutory", func(it *Item) { it.PromisedDays = 20 }, nil},
		{"fee without basis", func(it *Item) { it.Fee.Yuan = 8000 }, []string{"fee.basis fee_no_basis"}},
		{"fee with basis", func(it *Item) { it.Fee = Fee{Yuan: 8000, Basis: "发改价格〔2016〕2559号"} }, nil},
		{"fee negative", func(it *Item) { it.Fee = Fee{Yuan: -1, Basis: "x"} }, []string{"fee.yuan fee_negative"}},
		{"no materials", func(it *Item) { it.Materials = []MaterialSpec{} }, []string{"materials no_materials"}},
		{"duplicate material name", func(it *Item) { it.Materials[2].Name = " 申请书" }, []string{"materials[2].name duplicate_material"}},
		{"unknown licence", func(it *Item) { it.Materials[1].Source = "licence:L-NOPE" }, []string{"materials[1].source unknown_licence"}},
		{"unknown data", func(it *Item) { it.Materials[2].Source = "shared:D-NOPE" }, []string{"materials[2].source unknown_data"}},
		{"unknown result licence", func(it *Item) { it.Result.Licence = "L-NOPE" }, []string{"result.licence unknown_licence"}},
		{"prior-step is fine", func(it *Item) { it.Materials[1].Source = "prior-step" }, nil},
		{"zero visits with paper", func(it *Item) { it.Materials[0].Form = FormOriginal }, []string{"materials[0].form zero_visit_paper"}},
		{"one visit with paper", func(it *Item) { it.Materials[0].Form = FormOriginal; it.MaxVisits = 1 }, nil},
		{"empty name", func(it *Item) { it.Name = " " }, []string{"name empty_name"}},
		{"empty material name", func(it *Item) { it.Materials[0].Name = "" }, []string{"materials[0].name empty_name"}},
		{"no conditions", func(it *Item) { it.Conditions = nil }, []string{"conditions no_conditions"}},
		{"empty condition", func(it *Item) { it.Conditions = []string{""} }, []string{"conditions[0] empty_entry"}},
		{"no legal basis", func(it *Item) { it.LegalBasis = []string{} }, []string{"legal_basis no_legal_basis"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			it := cleanItem()
			tc.edit(&it)
			if got := rules(LintItem(it, refs)); !slices.Equal(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestLintBundle(t *testing.T) {
	c := mustDemo(t)
	refs := c.Refs()
	base, _ := c.Bundle("B-HOUSE-RESALE")
	for _, tc := range []struct {
		name string
		edit func(*Bundle)
		want []string
	}{
		{"clean", func(*Bundle) {}, nil},
		{"unknown step item", func(b *Bundle) { b.Steps[0].Item = "330-NOPE-001" }, []string{"steps[0].item unknown_step_item"}},
		{"cycle", func(b *Bundle) { b.Steps[0].After = []string{"330-ZRZY-002"} }, []string{"steps cycle"}},
		{"promised below chain", func(b *Bundle) { b.PromisedDays = 0 }, []string{"promised_days promised_below_chain"}},
		{"lead kind unknown", func(b *Bundle) { b.LeadKind = "nope" }, []string{"lead_kind unknown_lead_kind"}},
		{"no lead step", func(b *Bundle) { b.LeadKind = "market" }, []string{"lead_kind no_lead_step"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := Clone(&Catalog{Bundles: []Bundle{base}}).Bundles[0]
			tc.edit(&b)
			fs := LintBundle(b, refs)
			if got := rules(fs); !slices.Equal(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
	b := Clone(&Catalog{Bundles: []Bundle{base}}).Bundles[0]
	b.Steps[0].After = []string{"330-ZRZY-002"}
	fs := LintBundle(b, refs)
	if cyc := fs[0].Args[0].(string); cyc != "330-ZJJS-004 → 330-ZRZY-002 → 330-ZJJS-004" {
		t.Errorf("cycle named %q", cyc)
	}
	b.PromisedDays = 0
	b.Steps[0].After = nil
	fs = LintBundle(b, refs)
	if len(fs) != 1 || fs[0].Args[1] != 1 || !strings.Contains(fs[0].Args[2].(string), "330-ZRZY-002") {
		t.Errorf("chain finding %+v", fs)
	}
}

func TestDemoIsLintClean(t *testing.T) {
	c := mustDemo(t)
	refs := c.Refs()
	for _, it := range c.Items {
		if fs := LintItem(it, refs); len(fs) > 0 {
			t.Errorf("%s: %v", it.Code, rules(fs))
		}
	}
	for _, b := range c.Bundles {
		if fs := LintBundle(b, refs); len(fs) > 0 {
			t.Errorf("%s: %v", b.Code, rules(fs))
		}
	}
	if fs := Check(c); len(fs) > 0 {
		t.Errorf("Check: %v", rules(fs))
	}
}
