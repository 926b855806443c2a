package intake

import (
	"onetrip"
	"testing"
	"time"

	"onetrip/catalog"
	"onetrip/workday"
)

// houseResale sets up 二手房买卖一件事 from the demo catalogue. The applicant
// holds the licences and shared data the steps fetch.
//
// Note: 房屋买卖合同网签信息 (D-HOUSE-CONTRACT) and 契税完税信息 (D-TAX-PAID)
// are produced by the bundle's own earlier steps, which the catalogue's
// checklist cannot see (it knows only licences earlier steps issue), so here
// the holdings simply have them.
func houseResale(t *testing.T) ([]catalog.Item, []catalog.ChecklistEntry, Holdings) {
	t.Helper()
	c, err := catalog.Demo()
	if err != nil {
		t.Fatal(err)
	}
	b, ok := c.Bundle("B-HOUSE-RESALE")
	if !ok {
		t.Fatal("demo catalogue has no B-HOUSE-RESALE")
	}
	items := c.BundleItems(b)
	held := HoldingsMap{
		"licence:L-REALTY":        "浙(2019)绍兴市不动产权第0012345号",
		"licence:L-IDCARD":        "330602199001011234",
		"shared:D-HOUSE-CONTRACT": "WQ-2026-000123",
		"shared:D-TAX-PAID":       "QS-2026-000456",
	}
	return items, catalog.BundleChecklist(b, items), held
}

const (
	specContract = "330-ZJJS-004.M01" // 存量房买卖合同
	specTaxForm  = "330-SWJG-002.M01" // 契税纳税申报表
	specRegForm  = "330-ZRZY-002.M01" // 不动产登记申请书
)

func received(specs ...string) []Mark {
	var ms []Mark
	for _, s := range specs {
		ms = append(ms, Mark{Spec: s, Status: MarkReceived, File: "blob-" + s})
	}
	return ms
}

func mustEvaluate(t *testing.T, es []catalog.ChecklistEntry, marks []Mark, held Holdings) Evaluation {
	t.Helper()
	ev, err := Evaluate(es, marks, held)
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

func mustMove(t *testing.T, from, to Status) Status {
	t.Helper()
	if err := Move(from, to); err != nil {
		t.Fatal(err)
	}
	return to
}

// Done-when (a): the clerk takes 二手房买卖一件事 with 不动产登记申请书 missing;
// the notice lists it; the applicant comes back once with it and the case is
// accepted: 2 trips, 1 counted, no breach.
func TestScenarioHouseResaleOneReturn(t *testing.T) {
	items, es, held := houseResale(t)
	maxVisits := BundleMaxVisits(items)
	if maxVisits != 1 {
		t.Fatalf("max visits %d, want 1 (the registration step)", maxVisits)
	}
	if ClassifyTrip(PurposeSubmit, items) {
		t.Fatal("the registration step needs a visit: the trip is not voluntary")
	}
	st := mustMove(t, StatusDraft, StatusSubmitted)

	// Trip 1: everything but the registration form.
	ev1 := mustEvaluate(t, es, received(specContract, specTaxForm), held)
	if Decide(ev1) != OutcomeNeedsCorrection || len(ev1.Notice) != 1 {
		t.Fatalf("notice: %+v", ev1.Notice)
	}
	n := ev1.Notice[0]
	if n.Key != specRegForm || n.Name != "不动产登记申请书" || n.Problem != ProblemMissing ||
		n.Guide != "不动产登记申请书（电子件1份）：在线填写，双方人脸识别后电子签名" {
		t.Fatalf("notice item: %+v", n)
	}
	st = mustMove(t, st, Decide(ev1).Status())
	trips := []Trip{{Seq: 1, Purpose: PurposeSubmit, Outcome: TripFirstNotice}}

	// Trip 2: back with the form.
	ev2 := mustEvaluate(t, es, received(specContract, specTaxForm, specRegForm), held)
	if Decide(ev2) != OutcomeAccepted || len(ev2.Notice) != 0 {
		t.Fatalf("second evaluation: %+v", ev2.Notice)
	}
	if b := SecondNoticeBreaches(ev1.Notice, ev2.Notice); len(b) != 0 {
		t.Fatalf("breaches: %v", b)
	}
	mustMove(t, st, Decide(ev2).Status())
	trips = append(trips, Trip{Seq: 2, Purpose: PurposeCorrection, Outcome: TripAccepted})

	v := CountTrips(trips, maxVisits)
	if v.Total != 2 || v.Counted != 1 || v.Breach {
		t.Fatalf("visits: %+v", v)
	}

	// The accepted case gets its number and due date.
	cal, err := workday.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 27, 10, 30, 0, 0, onetrip.China) // a Friday
	num := CaseNumber("330602", workday.DateOf(at), 42)
	if num != "330602-20261127-000042" {
		t.Fatal(num)
	}
	if due := DueDate(cal, at, 1); due != workday.D(2026, 11, 30) {
		t.Fatalf("due %s, want the Monday", due)
	}
}

// Done-when (b): the resubmission gets a notice naming a new material: a
// second-notice breach, and once accepted the counted trips exceed
// max_visits.
func TestScenarioSecondNotice(t *testing.T) {
	items, es, held := houseResale(t)
	maxVisits := BundleMaxVisits(items)
	st := mustMove(t, StatusDraft, StatusSubmitted)

	ev1 := mustEvaluate(t, es, received(specContract, specTaxForm), held)
	st = mustMove(t, st, Decide(ev1).Status())
	trips := []Trip{{Seq: 1, Purpose: PurposeSubmit, Outcome: TripFirstNotice}}

	// Trip 2: the form is brought, but now the clerk finds the contract
	// defective, which the first notice did not name.
	marks := append(received(specTaxForm, specRegForm), Mark{Spec: specContract, Status: MarkDefective, Reason: "合同缺少买受人签名"})
	ev2 := mustEvaluate(t, es, marks, held)
	if Decide(ev2) != OutcomeNeedsCorrection {
		t.Fatal("want a second notice")
	}
	breaches := SecondNoticeBreaches(ev1.Notice, ev2.Notice)
	if len(breaches) != 1 || breaches[0].Key != specContract || breaches[0].Problem != ProblemDefective {
		t.Fatalf("breaches: %+v", breaches)
	}
	st = mustMove(t, st, Decide(ev2).Status()) // needs_correction → needs_correction
	trips = append(trips, Trip{Seq: 2, Purpose: PurposeCorrection, Outcome: TripLaterNotice})
	if v := CountTrips(trips, maxVisits); v.Counted != 1 || v.Breach {
		t.Fatalf("after the second notice: %+v", v)
	}

	// Trip 3: the corrected contract; accepted.
	ev3 := mustEvaluate(t, es, received(specContract, specTaxForm, specRegForm), held)
	mustMove(t, st, Decide(ev3).Status())
	trips = append(trips, Trip{Seq: 3, Purpose: PurposeCorrection, Outcome: TripAccepted})
	v := CountTrips(trips, maxVisits)
	if v.Total != 3 || v.Counted != 2 || !v.Breach || v.Counted <= maxVisits {
		t.Fatalf("visits: %+v", v)
	}
}
