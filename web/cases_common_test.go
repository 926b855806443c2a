package web

import (
	"errors"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"onetrip"
	"onetrip/intake"
)

func TestChangedMarksKeepWhatWasReceived(t *testing.T) {
	rows := []markRow{
		{Key: "A", State: "received", Choice: "received"},   // unchanged: not marked again (its file stays)
		{Key: "B", State: "missing", Choice: "received"},    // brought now
		{Key: "C", State: "received", Choice: "defective"},  // found defective now
		{Key: "D", State: "defective", Choice: "defective"}, // still defective: marked again, else it would be missing
		{Key: "E", State: "fetched", Choice: "missing"},     // fetched and left alone
		{Key: "F", State: "deferred", Choice: "deferred"},   // deferred and left alone
		{Key: "G", State: "", Choice: "missing"},            // not on the case yet
	}
	var marks []intake.Mark
	var at []int
	for i, r := range rows {
		marks = append(marks, intake.Mark{Spec: r.Key, Status: intake.MarkStatus(r.Choice)})
		at = append(at, i)
	}
	got, idx := changedMarks(rows, marks, at)
	var keys []string
	for i, m := range got {
		keys = append(keys, m.Spec)
		if rows[idx[i]].Key != m.Spec {
			t.Fatalf("index %d points at %s, mark is %s", idx[i], rows[idx[i]].Key, m.Spec)
		}
	}
	if strings.Join(keys, ",") != "B,C,D,G" {
		t.Fatalf("marked %v, want B,C,D,G", keys)
	}
}

func TestReadMarksFromForm(t *testing.T) {
	rows := []markRow{{Key: "X.M01"}, {Key: "X.M02", PriorStep: true}, {Key: "X.M03"}, {Key: "X.M04"}}
	form := url.Values{"m.X.M01": {"received"}, "m.X.M03": {"defective"}, "r.X.M03": {" 缺少签字 "}}
	r := httptest.NewRequest("POST", "/", strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	marks, at := readMarks(r, rows)
	if len(marks) != 3 || at[0] != 0 || at[1] != 2 || at[2] != 3 {
		t.Fatalf("marks %+v at %v: a prior-step row is never marked", marks, at)
	}
	if marks[1].Status != intake.MarkDefective || marks[1].Reason != "缺少签字" || marks[2].Status != intake.MarkMissing {
		t.Fatalf("marks %+v", marks)
	}
	if rows[3].Choice != "missing" || rows[2].Reason != "缺少签字" {
		t.Fatal("the rows keep the form's choices to show it again")
	}
}

func TestCaseFindingsNameTheMaterial(t *testing.T) {
	rows := []markRow{{Key: "A", Name: "申请书"}, {Key: "B", Name: "合同"}}
	err := onetrip.Invalid("store.case.invalid", 2).
		WithDetail("materials[1].reason", "intake.material.reason_required", "合同").
		WithDetail("applicant.id_number", "idcode.citizen.length", 5)
	f := caseFindings(onetrip.LangZH, err, rows, []int{0, 1})
	if len(f.List) != 2 || !strings.Contains(f.List[0].Label, "合同") || len(rows[1].Errs) != 1 {
		t.Fatalf("findings %+v, rows %+v", f.List, rows)
	}
	if got := f.Errs("applicant.id_number"); len(got) != 1 || !strings.Contains(got[0], "18") {
		t.Fatalf("the ID finding belongs at its field: %v", got)
	}
	if f := caseFindings(onetrip.LangEN, errors.New("boom"), nil, nil); len(f.List) != 1 {
		t.Fatal("an error without details is still shown")
	}
}

func TestMaterialIndex(t *testing.T) {
	for path, want := range map[string]int{"materials[0].status": 0, "materials[12]": 12, "materials[x]": -1, "applicant.name": -1} {
		i, ok := materialIndex(path)
		if (want >= 0) != ok || ok && i != want {
			t.Errorf("%s: %d %v", path, i, ok)
		}
	}
}
