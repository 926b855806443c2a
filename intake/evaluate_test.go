package intake

import (
	"reflect"
	"strings"
	"testing"

	"onetrip"
	"onetrip/catalog"
)

// testBundle is two steps: company set-up (issues L-BIZ) and then a permit
// that needs the business licence (a prior-step material), the ID card
// (merged with the first step's) and the application form (merged by name).
func testBundle(t *testing.T) []catalog.ChecklistEntry {
	t.Helper()
	a := catalog.Item{Code: "330-TEST-001", Name: "设立", Result: catalog.Result{Licence: "L-BIZ"}, Materials: []catalog.MaterialSpec{
		{Name: "申请书", Required: true, Form: catalog.FormOriginal, Copies: 1, Source: "applicant", Note: "申请人签字"},
		{Name: "身份证", Required: true, Form: catalog.FormElectronic, Source: "licence:L-IDCARD"},
		{Name: "章程", Required: true, Deferrable: true, Form: catalog.FormCopy, Copies: 2, Source: "applicant"},
		{Name: "补充说明", Required: false, Form: catalog.FormCopy, Copies: 1, Source: "applicant"},
	}}
	b := catalog.Item{Code: "330-TEST-002", Name: "许可", Materials: []catalog.MaterialSpec{
		{Name: "营业执照", Required: true, Form: catalog.FormElectronic, Source: "licence:L-BIZ"},
		{Name: "身份证", Required: true, Form: catalog.FormElectronic, Source: "licence:L-IDCARD"},
		{Name: "申请书", Required: true, Form: catalog.FormOriginal, Copies: 1, Source: "applicant"},
		{Name: "产权证明", Required: true, Form: catalog.FormElectronic, Source: "shared:D-HOUSE"},
	}}
	catalog.NormalizeItem(&a)
	catalog.NormalizeItem(&b)
	bundle := catalog.Bundle{Code: "B-TEST", Steps: []catalog.Step{{Item: a.Code}, {Item: b.Code, After: []string{a.Code}}}}
	es := catalog.BundleChecklist(bundle, []catalog.Item{a, b})
	// Keys in order: 申请书, 身份证, 章程, 补充说明, 营业执照 (prior), 产权证明.
	var keys []string
	for _, e := range es {
		keys = append(keys, EntryKey(e))
	}
	want := []string{"330-TEST-001.M01", "330-TEST-001.M02", "330-TEST-001.M03", "330-TEST-001.M04", "330-TEST-002.M01", "330-TEST-002.M04"}
	if !reflect.DeepEqual(keys, want) || !es[4].PriorStep || !es[1].Fetched || !es[5].Fetched {
		t.Fatalf("test checklist changed: %v", keys)
	}
	return es
}

// TestEvaluateFetchedMustBeHeld: a clerk cannot mark a material 免提交 with
// a record the applicant does not hold (another holder's, another type's,
// or one that does not exist).
func TestEvaluateFetchedMustBeHeld(t *testing.T) {
	es := testBundle(t)
	held := HeldRecords{"shared:D-HOUSE": {"H-9"}, "licence:L-IDCARD": {"ID-1"}}
	for _, ref := range []string{"H-404", "ID-1", ""} {
		marks := []Mark{{Spec: "330-TEST-001.M01", Status: MarkReceived}, {Spec: "330-TEST-001.M03", Status: MarkReceived},
			{Spec: "330-TEST-002.M04", Status: MarkReceived, Licence: ref}}
		_, err := Evaluate(es, marks, held)
		if ref == "" {
			if err != nil {
				t.Errorf("no licence named: %v", err)
			}
			continue
		}
		e := onetrip.AsError(err)
		if err == nil || len(e.Details) != 1 || e.Details[0].Path != "materials[2].licence" || e.Details[0].Key != "intake.material.not_held" {
			t.Errorf("ref %q: %v", ref, err)
		}
	}
}

var allHeld = HoldingsMap{"licence:L-IDCARD": "ID-330102", "shared:D-HOUSE": "H-9"}

func states(ev Evaluation) map[string]EntryState {
	m := map[string]EntryState{}
	for _, r := range ev.Entries {
		m[r.Key] = r.State
	}
	return m
}

func noticeKeys(items []NoticeItem) []string {
	var ks []string
	for _, n := range items {
		ks = append(ks, n.Key+":"+string(n.Problem))
	}
	return ks
}

func TestEvaluate(t *testing.T) {
	es := testBundle(t)
	const (
		form   = "330-TEST-001.M01"
		form2  = "330-TEST-002.M03"
		id     = "330-TEST-001.M02"
		rules  = "330-TEST-001.M03"
		extra  = "330-TEST-001.M04"
		prior  = "330-TEST-002.M01"
		house  = "330-TEST-002.M04"
		house2 = "330-TEST-002.M04"
	)
	rcv := func(spec string) Mark { return Mark{Spec: spec, Status: MarkReceived, File: "blob-" + spec} }
	tests := []struct {
		name     string
		marks    []Mark
		held     Holdings
		complete bool
		notice   []string
		states   map[string]EntryState
		deferred int
	}{
		{
			name: "everything handed in or held", marks: []Mark{rcv(form), rcv(rules)}, held: allHeld, complete: true,
			states: map[string]EntryState{form: StateReceived, id: StateFetched, rules: StateReceived, extra: StateMissing, prior: StatePriorStep, house: StateFetched},
		},
		{
			name: "a mark on the second spec of a merged entry marks it", marks: []Mark{rcv(form2), rcv(rules)}, held: allHeld, complete: true,
			states: map[string]EntryState{form: StateReceived},
		},
		{
			name:     "nothing marked, nothing held: every required entry missing, the optional one not on the notice",
			complete: false,
			notice:   []string{form + ":missing", id + ":missing", rules + ":missing", house + ":missing"},
			states:   map[string]EntryState{prior: StatePriorStep, extra: StateMissing},
		},
		{
			name: "deferred where allowed", marks: []Mark{rcv(form), {Spec: rules, Status: MarkDeferred, Reason: "三日内补交"}}, held: allHeld,
			complete: true, deferred: 1, states: map[string]EntryState{rules: StateDeferred},
		},
		{
			name: "defective with a reason goes on the notice", marks: []Mark{{Spec: form, Status: MarkDefective, Reason: "缺少签字"}, rcv(rules)}, held: allHeld,
			notice: []string{form + ":defective"},
		},
		{
			name: "held fetched entry marked missing or deferred is still fetched", held: allHeld, complete: true,
			marks:  []Mark{rcv(form), rcv(rules), {Spec: id, Status: MarkMissing}, {Spec: house2, Status: MarkMissing}},
			states: map[string]EntryState{id: StateFetched, house: StateFetched},
		},
		{
			name: "held fetched entry the clerk finds defective is defective", held: allHeld,
			marks:  []Mark{rcv(form), rcv(rules), {Spec: house, Status: MarkDefective, Reason: "产权已变更"}},
			notice: []string{house + ":defective"},
		},
		{
			name: "fetched entry: received with a file when not held; the held record the clerk names is used", complete: true,
			held:   HeldRecords{"shared:D-HOUSE": {"H-77", "H-90"}},
			marks:  []Mark{rcv(form), rcv(rules), rcv(id), {Spec: house, Status: MarkReceived, Licence: "H-77"}},
			states: map[string]EntryState{id: StateReceived, house: StateFetched},
		},
		{
			name: "optional entry marked defective is on the notice", held: allHeld,
			marks:  []Mark{rcv(form), rcv(rules), {Spec: extra, Status: MarkDefective, Reason: "页面不清晰"}},
			notice: []string{extra + ":defective"},
		},
		{
			name: "optional entry marked missing is not", held: allHeld, complete: true,
			marks: []Mark{rcv(form), rcv(rules), {Spec: extra, Status: MarkMissing}},
		},
		{
			name: "two agreeing marks on one entry are fine", held: allHeld, complete: true,
			marks: []Mark{rcv(form), rcv(form2), rcv(rules)},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ev, err := Evaluate(es, tc.marks, tc.held)
			if err != nil {
				t.Fatal(err)
			}
			if ev.Complete != tc.complete {
				t.Errorf("Complete = %v, want %v (notice %v)", ev.Complete, tc.complete, noticeKeys(ev.Notice))
			}
			if got := noticeKeys(ev.Notice); !reflect.DeepEqual(got, tc.notice) {
				t.Errorf("notice = %v, want %v", got, tc.notice)
			}
			got := states(ev)
			for k, want := range tc.states {
				if got[k] != want {
					t.Errorf("%s: state %s, want %s", k, got[k], want)
				}
			}
			if len(ev.Deferred) != tc.deferred {
				t.Errorf("deferred = %d, want %d", len(ev.Deferred), tc.deferred)
			}
			if len(ev.Entries) != len(es) {
				t.Errorf("%d entries, want %d", len(ev.Entries), len(es))
			}
			wantOutcome := OutcomeNeedsCorrection
			if tc.complete {
				wantOutcome = OutcomeAccepted
			}
			if Decide(ev) != wantOutcome {
				t.Errorf("Decide = %s", Decide(ev))
			}
		})
	}
}

func TestEvaluateDetails(t *testing.T) {
	es := testBundle(t)
	ev, err := Evaluate(es, []Mark{
		{Spec: "330-TEST-001.M01", Status: MarkDefective, Reason: "缺少签字", File: "f1"},
		{Spec: "330-TEST-002.M03", Status: MarkDefective, Reason: "日期有误", File: "f2"},
		{Spec: "330-TEST-002.M04", Status: MarkReceived, Licence: "H-77"},
	}, HoldingsMap{"shared:D-HOUSE": "H-77"})
	if err != nil {
		t.Fatal(err)
	}
	r := ev.Entries[0]
	if r.Reason != "缺少签字；日期有误" || !reflect.DeepEqual(r.Files, []string{"f1", "f2"}) {
		t.Errorf("merged marks: %+v", r)
	}
	if h := ev.Entries[5]; h.State != StateFetched || h.Ref != "H-77" {
		t.Errorf("licence ref: %+v", h)
	}
	byKey := map[string]NoticeItem{}
	for _, n := range ev.Notice {
		byKey[n.Key] = n
	}
	f := byKey["330-TEST-001.M01"]
	if f.Guide != "申请书（原件1份）：申请人签字" || f.GuideEN != "申请书 (original, 1 copy): 申请人签字" ||
		!reflect.DeepEqual(f.SpecIDs, []string{"330-TEST-001.M01", "330-TEST-002.M03"}) || f.ReasonText(onetrip.LangEN) != "缺少签字；日期有误" {
		t.Errorf("notice item: %+v", f)
	}
	id := byKey["330-TEST-001.M02"]
	if id.ReasonKey != "intake.reason.not_in_library" || id.ReasonText(onetrip.LangZH) != "证照库中未查到该证照，请提交纸质或电子材料" {
		t.Errorf("not in library: %+v", id)
	}
	rules := byKey["330-TEST-001.M03"]
	if rules.ReasonKey != "intake.reason.missing" || rules.Guide != "章程（复印件2份）" || rules.GuideFor(onetrip.LangEN) != "章程 (copy, 2 copies)" {
		t.Errorf("missing: %+v", rules)
	}
}

func TestEvaluateRejects(t *testing.T) {
	es := testBundle(t)
	_, err := Evaluate(es, []Mark{
		{Spec: "330-XXXX-001.M01", Status: MarkReceived},                  // 0: belongs to no step
		{Spec: "330-TEST-002.M01", Status: MarkReceived},                  // 1: prior step
		{Spec: "330-TEST-001.M01", Status: MarkDeferred},                  // 2: not deferrable
		{Spec: "330-TEST-001.M03", Status: MarkDefective, Reason: "  "},   // 3: no reason
		{Spec: "330-TEST-001.M04", Status: "lost"},                        // 4: unknown status
		{Spec: "330-TEST-002.M03", Status: MarkReceived},                  // 5: disagrees with 2
		{Spec: "", Status: MarkReceived},                                  // 6: no spec
		{Spec: "330-TEST-001.M02", Status: MarkDeferred, Reason: "later"}, // 7: fetched, not deferrable
	}, nil)
	e := onetrip.AsError(err)
	if e.Code != onetrip.CodeInvalid || e.Key != "intake.materials_invalid" {
		t.Fatalf("want invalid, got %v", err)
	}
	want := []string{
		"materials[0].spec intake.material.unknown_spec",
		"materials[1].spec intake.material.prior_step",
		"materials[2].status intake.material.not_deferrable",
		"materials[3].reason intake.material.reason_required",
		"materials[4].status intake.material.status_unknown",
		"materials[5].status intake.material.disagree",
		"materials[6].spec intake.material.spec_required",
		"materials[7].status intake.material.not_deferrable",
	}
	var got []string
	for _, d := range e.Details {
		got = append(got, d.Path+" "+d.Key)
		for _, l := range onetrip.Langs {
			if s := onetrip.Render(l, d.Key, d.Args...); strings.Contains(s, "%!") {
				t.Errorf("bad render %s: %s", d.Key, s)
			}
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("problems:\n got %v\nwant %v", got, want)
	}
	if s := e.Error(); !strings.Contains(s, "330-XXXX-001.M01") || !strings.Contains(s, "no step") {
		t.Errorf("message must name the material: %s", s)
	}
}

func TestGuideText(t *testing.T) {
	tests := []struct {
		e      catalog.ChecklistEntry
		zh, en string
	}{
		{catalog.ChecklistEntry{Name: "不动产登记申请书", Form: catalog.FormOriginal, Copies: 1, Notes: []string{"申请人签字"}},
			"不动产登记申请书（原件1份）：申请人签字", "不动产登记申请书 (original, 1 copy): 申请人签字"},
		{catalog.ChecklistEntry{Name: "身份证", Form: catalog.FormElectronic},
			"身份证（电子件）", "身份证 (electronic)"},
		{catalog.ChecklistEntry{Name: "章程", Form: catalog.FormCopy, Copies: 3, Notes: []string{"加盖公章", "全体股东签字"}},
			"章程（复印件3份）：加盖公章；全体股东签字", "章程 (copy, 3 copies): 加盖公章; 全体股东签字"},
		{catalog.ChecklistEntry{Name: "说明", Copies: 2}, "说明（2份）", "说明 (2 copies)"},
		{catalog.ChecklistEntry{Name: "说明"}, "说明", "说明"},
	}
	for _, tc := range tests {
		if got := GuideText(tc.e, onetrip.LangZH); got != tc.zh {
			t.Errorf("zh: %q, want %q", got, tc.zh)
		}
		if got := GuideText(tc.e, onetrip.LangEN); got != tc.en {
			t.Errorf("en: %q, want %q", got, tc.en)
		}
	}
}

func TestEvaluatePriorStepWithoutIssuer(t *testing.T) {
	it := catalog.Item{Code: "330-TEST-003", Materials: []catalog.MaterialSpec{
		{Name: "核查意见", Required: true, Source: "prior-step"},
	}}
	catalog.NormalizeItem(&it)
	es := catalog.Checklist([]catalog.Item{it})
	_, err := Evaluate(es, []Mark{{Spec: "330-TEST-003.M01", Status: MarkReceived}}, nil)
	if got := problemKeys(err); !reflect.DeepEqual(got, []string{"materials[0].spec intake.material.prior_step_any"}) {
		t.Fatalf("%v", got)
	}
	ev, err := Evaluate(es, nil, nil)
	if err != nil || !ev.Complete || ev.Entries[0].State != StatePriorStep {
		t.Fatalf("%+v %v", ev, err)
	}
}
