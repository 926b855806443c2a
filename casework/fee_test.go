package casework

import (
	"testing"
	"time"

	"onetrip"
	"onetrip/catalog"
	"onetrip/intake"
	"onetrip/payment"
)

// feeGuide is 食品经营许可 with a 10 元 fee due at the given moment, issuing
// a licence (so a held licence can be seen), delivered as chosen.
func feeGuide(due catalog.FeeDue) *Guide {
	g := singleGuide()
	it := g.Steps[0]
	it.Fee = catalog.Fee{Yuan: 1000, Basis: "工本费每证10元", Due: due}
	it.Result = catalog.Result{Licence: "L-DRIVER"}
	g.Steps[0], g.Item = it, &it
	return g
}

func feeCase(t *testing.T, clk Clock, g *Guide, delivery string) Case {
	t.Helper()
	sub := foodSubmit(intake.ChannelWindow, foodComplete())
	sub.Applicant = personApplicant()
	sub.Delivery = delivery
	return mustSubmit(t, sub, clk, g).Case
}

func paid(t *testing.T, o payment.Order, clk Clock) payment.Order {
	t.Helper()
	p, changed, err := payment.Pay(o, payment.Notification{ID: "n-" + o.ID, Txn: "T-" + o.ID, Code: o.Code, Amount: o.Amount,
		Channel: payment.ChannelAlipay, Status: payment.NotifySuccess, PaidAt: clk.Now, SentAt: clk.Now})
	if err != nil || !changed {
		t.Fatalf("Pay: %v (changed %v)", err, changed)
	}
	return p
}

func TestFeesFallDueWhenTheGuideSays(t *testing.T) {
	for _, tc := range []struct {
		name                   string
		due                    catalog.FeeDue
		atAccept, atDecision   int
		licenceAtDecision      bool
		wantEventAtAccept      bool
		wantEventAtDecisionNum int
	}{
		{"at acceptance (身份证, 驾驶证)", catalog.FeeAtAcceptance, 1, 1, false, true, 0},
		{"at the step's approval (不动产登记)", catalog.FeeAtApproval, 0, 1, false, false, 1},
		{"before issue (default)", catalog.FeeBeforeIssue, 0, 1, false, false, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clk := newClock()
			g := feeGuide(tc.due)
			c := feeCase(t, clk, g, "courier")
			if len(c.Fees) != tc.atAccept {
				t.Fatalf("fees at acceptance %d, want %d", len(c.Fees), tc.atAccept)
			}
			if tc.atAccept == 1 {
				o := c.Fees[0]
				if err := payment.CheckCode(o.Code); err != nil || o.Code[:6] != region[:6] {
					t.Errorf("code %q: %v", o.Code, err)
				}
				if o.Amount != 1000 || o.Payer.IDNumber != personID || o.Department != deptSCJG || o.Status != payment.StatusUnpaid {
					t.Errorf("order %+v", o)
				}
				if o.DueDate <= "2026-11-26" {
					t.Errorf("due date %s", o.DueDate)
				}
			}
			r := decide(t, c, itemFood, "approve", map[string]string{"证号": "330602000001", "准驾车型": "C1"}, clk, g)
			if len(r.Case.Fees) != tc.atDecision || len(r.NewOrders) != tc.wantEventAtDecisionNum {
				t.Fatalf("fees after decision %d (new %d)", len(r.Case.Fees), len(r.NewOrders))
			}
			if len(r.Licences) != 0 {
				t.Errorf("a licence was issued with its fee unpaid: %+v", r.Licences)
			}
			if r.Case.Status != intake.StatusApproved {
				t.Fatalf("status %s", r.Case.Status)
			}
			if _, err := IssueResult(r.Case, clk); !onetrip.HasCode(err, onetrip.CodeConflict) {
				t.Errorf("issue with the fee unpaid: %v", err)
			}
			if err := CanDispatch(&r.Case); !onetrip.HasCode(err, onetrip.CodeConflict) {
				t.Errorf("dispatch with the fee unpaid: %v", err)
			}
			s, err := SettleFeeOf(r.Case, SettleFee{Order: paid(t, r.Case.Fees[0], clk), Actor: "platform"}, clk, g)
			if err != nil {
				t.Fatal(err)
			}
			if len(s.Licences) != 1 || s.Licences[0].Type != "L-DRIVER" {
				t.Errorf("held licence not released: %+v", s.Licences)
			}
			if len(s.Orders) != 1 || s.Orders[0].Was != 1 || s.Case.Fees[0].Version != 2 || s.Case.Fees[0].Status != payment.StatusPaid {
				t.Errorf("order change %+v", s.Orders)
			}
			if s.Trip != nil {
				t.Error("paying online is a trip")
			}
			if err := CanDispatch(&s.Case); err != nil {
				t.Errorf("dispatch once paid: %v", err)
			}
		})
	}
}

func TestElectronicResultWaitsForThePayment(t *testing.T) {
	clk := newClock()
	g := feeGuide(catalog.FeeBeforeIssue)
	c := feeCase(t, clk, g, "electronic")
	r := decide(t, c, itemFood, "approve", map[string]string{"证号": "330602000001", "准驾车型": "C1"}, clk, g)
	if r.Case.Status != intake.StatusApproved {
		t.Fatalf("closed before paying: %s", r.Case.Status)
	}
	s, err := SettleFeeOf(r.Case, SettleFee{Order: paid(t, r.Case.Fees[0], clk)}, clk, g)
	if err != nil {
		t.Fatal(err)
	}
	if s.Case.Status != intake.StatusClosed {
		t.Errorf("status after paying %s, want closed", s.Case.Status)
	}
	assertLegalWalk(t, r.Case.Status, s)
	waived, err := payment.Waive(r.Case.Fees[0], "admin", "低保户减免", clk.Now)
	if err != nil {
		t.Fatal(err)
	}
	if w, err := SettleFeeOf(r.Case, SettleFee{Order: waived, Actor: "admin"}, clk, g); err != nil || w.Case.Status != intake.StatusClosed ||
		w.Events[0].Type != "payment.waived" {
		t.Errorf("waived: %v %s", err, w.Case.Status)
	}
}

func TestSettleFeeRefusesWhatIsNotSettled(t *testing.T) {
	clk := newClock()
	g := feeGuide(catalog.FeeAtAcceptance)
	c := feeCase(t, clk, g, "courier")
	if _, err := SettleFeeOf(c, SettleFee{Order: c.Fees[0]}, clk, g); !onetrip.HasCode(err, onetrip.CodeConflict) {
		t.Errorf("unpaid order: %v", err)
	}
	other := paid(t, c.Fees[0], clk)
	other.ID = "elsewhere"
	if _, err := SettleFeeOf(c, SettleFee{Order: other}, clk, g); !onetrip.HasCode(err, onetrip.CodeNotFound) {
		t.Errorf("another case's order: %v", err)
	}
}

func TestPayingAtTheWindowIsATripUnlessAlreadyThere(t *testing.T) {
	clk := newClock()
	g := feeGuide(catalog.FeeAtAcceptance)
	c := feeCase(t, clk, g, "courier") // accepted at the window today: one trip
	same, err := SettleFeeOf(c, SettleFee{Order: paid(t, c.Fees[0], clk), AtWindow: true}, clk, g)
	if err != nil || same.Trip != nil {
		t.Errorf("paying during the accepting visit made a trip: %v %+v", err, same.Trip)
	}
	next := later(clk, 72*time.Hour)
	own, err := SettleFeeOf(c, SettleFee{Order: paid(t, c.Fees[0], next), AtWindow: true}, next, g)
	if err != nil || own.Trip == nil || own.Trip.Purpose != intake.PurposePay {
		t.Fatalf("a trip to pay was not recorded: %v %+v", err, own.Trip)
	}
	if own.Case.Visits.Counted != 2 || !own.Case.Visits.Breach {
		t.Errorf("visits %+v: a trip to pay counts (max 1)", own.Case.Visits)
	}
}

func TestEndingWithoutAResultCancelsOrRefunds(t *testing.T) {
	clk := newClock()
	g := feeGuide(catalog.FeeAtAcceptance)
	c := feeCase(t, clk, g, "courier")
	w, err := WithdrawCase(c, Withdraw{Actor: clerk, Reason: "申请人撤回"}, clk)
	if err != nil {
		t.Fatal(err)
	}
	if w.Case.Fees[0].Status != payment.StatusCancelled || len(w.Orders) != 1 {
		t.Errorf("unpaid order after withdrawal: %+v", w.Case.Fees[0])
	}
	c.Fees[0] = paid(t, c.Fees[0], clk)
	d := decide(t, c, itemFood, "deny", nil, clk, g)
	var due bool
	for _, e := range d.Events {
		due = due || e.Type == "payment.refund_due"
	}
	if !due || d.Case.Fees[0].Status != payment.StatusPaid {
		t.Errorf("a denied case's payment is not marked for refund: %+v", d.Events)
	}
}

func TestRemindFeeOnce(t *testing.T) {
	clk := newClock()
	g := feeGuide(catalog.FeeAtAcceptance)
	c := feeCase(t, clk, g, "courier")
	if _, ok := RemindFee(c, c.Fees[0].ID, clk); ok {
		t.Error("reminded before the due date")
	}
	late := later(clk, 30*24*time.Hour)
	r, ok := RemindFee(c, c.Fees[0].ID, late)
	if !ok || !r.Case.Fees[0].Reminded || r.Events[0].Type != "payment.overdue" {
		t.Fatalf("not reminded: %v %+v", ok, r.Events)
	}
	if _, ok := RemindFee(r.Case, c.Fees[0].ID, late); ok {
		t.Error("reminded twice")
	}
}

func TestCourierDelivery(t *testing.T) {
	clk := newClock()
	c := approvedFood(t, clk)
	if c.Delivery != "courier" {
		t.Fatalf("delivery %s", c.Delivery)
	}
	if _, err := DispatchResult(c, " ", clk); !onetrip.HasCode(err, onetrip.CodeInvalid) {
		t.Errorf("no waybill: %v", err)
	}
	d, err := DispatchResult(c, "SF1234567890123", clk)
	if err != nil || d.Case.Status != intake.StatusIssued {
		t.Fatalf("dispatch: %v", err)
	}
	if _, err := DispatchResult(d.Case, "SF1234567890124", clk); err == nil {
		t.Error("dispatched twice")
	}
	done, err := ConfirmDelivery(d.Case, "SF1234567890123", clk)
	if err != nil || done.Case.Status != intake.StatusClosed || done.Trip != nil {
		t.Fatalf("delivered: %v %s", err, done.Case.Status)
	}
	assertLegalWalk(t, d.Case.Status, done)
	if done.Case.Visits.Counted != 1 {
		t.Errorf("visits %+v: only the accepting visit counts", done.Case.Visits)
	}

	failed, err := DeliveryFailed(d.Case, "SF1234567890123", "收件人拒收", clk)
	if err != nil || failed.Case.Status != intake.StatusIssued || failed.Case.Delivery != "window" || !AwaitsPickup(&failed.Case) {
		t.Fatalf("failed delivery does not return to the window: %v %+v", err, failed.Case)
	}
	window := approvedFood(t, clk)
	window.Delivery = "window"
	if _, err := DispatchResult(window, "SF1234567890123", clk); !onetrip.HasCode(err, onetrip.CodeConflict) {
		t.Errorf("dispatching a window case: %v", err)
	}
}
