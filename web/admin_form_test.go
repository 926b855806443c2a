package web

import (
	"fmt"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"onetrip"
	"onetrip/catalog"
)

func demoItem(t *testing.T, code string) catalog.Item {
	t.Helper()
	c, err := catalog.Demo()
	if err != nil {
		t.Fatal(err)
	}
	it, ok := c.Item(code)
	if !ok {
		t.Fatalf("no demo item %s", code)
	}
	catalog.NormalizeItem(&it)
	return it
}

// values is what a browser posts for the form, as the editor renders it.
func (f itemForm) values() url.Values {
	v := url.Values{"name": {f.Name}, "kind": {f.Kind}, "department_kind": {f.DepartmentKind}, "level": {f.Level},
		"window": {f.Window}, "legal_basis": {strings.ReplaceAll(f.LegalBasis, "\n", "\r\n")}, "conditions": {f.Conditions},
		"keywords": {f.Keywords}, "statutory_days": {f.StatutoryDays}, "promised_days": {f.PromisedDays}, "fee_yuan": {f.FeeYuan},
		"fee_basis": {f.FeeBasis}, "fee_due": {f.FeeDue}, "fee_payer": {f.FeePayer}, "online": {f.Online}, "max_visits": {f.MaxVisits}, "delivery": f.Delivery,
		"result_kind": {f.ResultKind}, "result_licence": {f.ResultLicence}, "result_document": {f.ResultDocument}, "result_fields": {f.ResultFields},
		"parties": {f.Parties}, "joint_name": {f.JointName}, "joint_participants": {f.JointParticipants}, "m_count": {fmt.Sprint(len(f.Materials))}, "faq_count": {fmt.Sprint(len(f.FAQ) + 1)}}
	for i, m := range f.Materials {
		p := fmt.Sprintf("m.%d.", i)
		v.Set(p+"id", m.ID)
		v.Set(p+"name", m.Name)
		v.Set(p+"form", m.Form)
		v.Set(p+"copies", m.Copies)
		v.Set(p+"source", m.Source)
		v.Set(p+"note", m.Note)
		v.Set(p+"parties", m.Parties)
		if m.Required {
			v.Set(p+"required", "1")
		}
		if m.Deferrable {
			v.Set(p+"deferrable", "1")
		}
	}
	for i, q := range f.FAQ {
		v.Set(fmt.Sprintf("faq.%d.q", i), q.Q)
		v.Set(fmt.Sprintf("faq.%d.a", i), q.A)
	}
	return v
}

// TestItemFormRoundTrip: every demo item survives form → post → item
// unchanged, so opening and saving the editor changes nothing.
func TestItemFormRoundTrip(t *testing.T) {
	c, err := catalog.Demo()
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range c.Items {
		catalog.NormalizeItem(&it)
		got, probs := parseItemForm(formFromItem(it).values(), it.Code).item()
		if len(probs) > 0 {
			t.Fatalf("%s: %v", it.Code, probs)
		}
		if !reflect.DeepEqual(got, it) {
			t.Fatalf("%s changed through the form:\n%+v\n%+v", it.Code, got, it)
		}
	}
}

func TestItemFormBadNumbers(t *testing.T) {
	f := formFromItem(demoItem(t, "330-SCJG-001"))
	f.StatutoryDays, f.FeeYuan, f.Materials[2].Copies, f.ResultKind = "三", "1.234", "x", ""
	_, probs := f.item()
	var paths []string
	for _, p := range probs {
		paths = append(paths, p.Path)
	}
	want := []string{"statutory_days", "fee.yuan", "materials[2].copies", "result"}
	if !reflect.DeepEqual(paths, want) {
		t.Fatalf("problem paths %v, want %v", paths, want)
	}
}

// TestMaterialActions: rows move with their ids, a new row takes the next
// id free in this and every earlier version, bad rows are refused.
func TestMaterialActions(t *testing.T) {
	base := formFromItem(demoItem(t, "330-SCJG-001"))
	ids := func(f itemForm) string {
		var s []string
		for _, m := range f.Materials {
			s = append(s, strings.TrimPrefix(m.ID, "330-SCJG-001."))
		}
		return strings.Join(s, " ")
	}
	for _, tc := range []struct {
		actions []string
		known   []string
		want    string
		err     bool
	}{
		{actions: []string{"save"}, want: "M01 M02 M03 M04 M05 M06 M07 M08"},
		{actions: []string{"up:2"}, want: "M01 M03 M02 M04 M05 M06 M07 M08"},
		{actions: []string{"up:0"}, want: "M01 M02 M03 M04 M05 M06 M07 M08"},
		{actions: []string{"down:7"}, want: "M01 M02 M03 M04 M05 M06 M07 M08"},
		{actions: []string{"down:0", "down:1"}, want: "M02 M03 M01 M04 M05 M06 M07 M08"},
		{actions: []string{"del:3", "add"}, want: "M01 M02 M03 M05 M06 M07 M08 M09"},
		{actions: []string{"del:7", "add"}, want: "M01 M02 M03 M04 M05 M06 M07 M08", err: false},
		{actions: []string{"del:7", "add"}, known: []string{"330-SCJG-001.M08", "330-SCJG-001.M11"}, want: "M01 M02 M03 M04 M05 M06 M07 M12"},
		{actions: []string{"add", "up:8"}, want: "M01 M02 M03 M04 M05 M06 M07 M09 M08"},
		{actions: []string{"del:8"}, err: true},
		{actions: []string{"up:-1"}, err: true},
		{actions: []string{"explode"}, err: true},
	} {
		f := base
		f.Materials = append([]materialRow(nil), base.Materials...)
		var err error
		for _, a := range tc.actions {
			if err = f.apply(a, tc.known); err != nil {
				break
			}
		}
		if tc.err {
			if !onetrip.HasCode(err, onetrip.CodeInvalid) {
				t.Errorf("%v: want an invalid error, got %v", tc.actions, err)
			}
			continue
		}
		if err != nil || ids(f) != tc.want {
			t.Errorf("%v: %s (%v), want %s", tc.actions, ids(f), err, tc.want)
		}
	}
	f := base
	f.Materials = append([]materialRow(nil), base.Materials...)
	f.apply("add", nil)
	m := f.Materials[len(f.Materials)-1]
	if !m.Required || m.Form != "electronic" || m.Source != "applicant" || m.Name != "" {
		t.Fatalf("new row: %+v", m)
	}
}

func TestBundleForm(t *testing.T) {
	v := url.Values{"name": {" 开办餐饮店一件事 "}, "lead_kind": {"market"}, "promised_days": {"3"}, "keywords": {"开饭店\n\n开餐馆"},
		"s_count": {"3"}, "s.0.item": {"330-SCJG-001"}, "s.1.item": {"330-SCJG-005"}, "s.1.after": {"330-SCJG-001， 330-XFJY-001"}}
	f := parseBundleForm(v, "B-RESTAURANT")
	if len(f.Steps) != 2 {
		t.Fatalf("the blank row must be dropped: %+v", f.Steps)
	}
	b, probs := f.bundle()
	want := catalog.Bundle{Code: "B-RESTAURANT", Name: "开办餐饮店一件事", LeadKind: "market", PromisedDays: 3, Keywords: []string{"开饭店", "开餐馆"},
		Steps: []catalog.Step{{Item: "330-SCJG-001", After: []string{}}, {Item: "330-SCJG-005", After: []string{"330-SCJG-001", "330-XFJY-001"}}}}
	if len(probs) > 0 || !reflect.DeepEqual(b, want) {
		t.Fatalf("%+v %v", b, probs)
	}
	if err := f.apply("del:1"); err != nil || len(f.Steps) != 1 {
		t.Fatalf("del: %v %+v", err, f.Steps)
	}
	if err := f.apply("del:5"); err == nil {
		t.Fatal("deleting a missing row must fail")
	}
	f.PromisedDays = "three"
	if _, probs := f.bundle(); len(probs) != 1 || probs[0].Path != "promised_days" {
		t.Fatalf("%v", probs)
	}
}

func TestPathLabel(t *testing.T) {
	for path, want := range map[string]string{
		"materials[8].name":                     "申请材料第 9 项 · 材料名称",
		"conditions[0]":                         "受理条件第 1 项",
		"fee.basis":                             "收费 · 收费依据",
		"promised_days":                         "承诺办结时限",
		"materials[330-SCJG-001.M02].form":      "申请材料（330-SCJG-001.M02） · 形式",
		"implementations[330802].promised_days": "实施清单（330802） · 本地承诺时限",
		"steps[1].after[0]":                     "包含事项第 2 项 · 前置事项第 1 项",
		"nonsense[":                             "nonsense[",
		"unknown_field":                         "unknown_field",
	} {
		if got := pathLabel(onetrip.LangZH, path); got != want {
			t.Errorf("%s: %q, want %q", path, got, want)
		}
	}
	if got := pathLabel(onetrip.LangEN, "materials[8].name"); got != "Application materials #9 · Material" {
		t.Errorf("English: %q", got)
	}
}

func TestFindingsByField(t *testing.T) {
	var p onetrip.Problems
	p.Add("materials[2].name", "catalog.lint.vague", "等材料", "营业执照等材料")
	p.Add("conditions[1]", "catalog.lint.empty_entry")
	p.Add("implementations[330802].promised_days", "store.catalog.impl_over_base", "330802", 5, 3)
	f := newFindings(onetrip.LangZH, p.Err("store.catalog.publish_refused", 3), nil)
	if len(f.List) != 3 || !strings.Contains(f.Errs("materials[2].name")[0], "等材料") {
		t.Fatalf("%+v", f)
	}
	if got := f.Errs("conditions"); len(got) != 1 || !strings.HasPrefix(got[0], "第 2 行：") {
		t.Fatalf("list entry: %v", got)
	}
	if !f.Under("materials[2]") || f.Under("materials[1]") || len(f.Errs("implementations")) != 1 {
		t.Fatal("grouping")
	}
	var nilF *findings
	if nilF.Errs("x") != nil || nilF.Any() || nilF.Under("x") {
		t.Fatal("a nil findings has none")
	}
}
