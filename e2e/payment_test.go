package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"onetrip"
	"onetrip/app/apptest"
	"onetrip/catalog"
	"onetrip/courier"
	"onetrip/courier/couriersim"
	"onetrip/demo"
	"onetrip/payment"
	"onetrip/payment/paysim"
	"onetrip/seal"
	"onetrip/sqlstore"
)

// payFees pays a case's unpaid orders online through the node's payment
// simulator, as the payer's browser would: the pay page opened by user,
// then paid by Alipay; it returns when every notification (duplicates
// included) has been answered.
func payFees(t *testing.T, e *apptest.Env, caseID, user string) caseJSON {
	t.Helper()
	var c caseJSON
	e.Do("GET", "/api/v1/cases/"+caseID, user, nil).JSON(t, &c)
	for _, o := range c.Fees {
		if o.Status != payment.StatusUnpaid {
			continue
		}
		var page struct {
			PayURL string `json:"pay_url"`
		}
		r := e.Do("POST", "/api/v1/payments/"+o.ID+"/pay", user, map[string]any{})
		r.JSON(t, &page)
		if r.Status != 200 || !strings.Contains(page.PayURL, paysim.DefaultPrefix+"/orders/") {
			t.Fatalf("open the pay page: %d %s", r.Status, r.Body)
		}
		if _, err := e.Sims.Pay.Pay(o.Code, payment.ChannelAlipay); err != nil {
			t.Fatalf("pay %s: %v", o.Code, err)
		}
	}
	e.Sims.Pay.Wait()
	settle(t, e)
	e.Do("GET", "/api/v1/cases/"+caseID, user, nil).JSON(t, &c)
	return c
}

// settle waits until every accepted notification is applied to its case
// (the node's settler does it right after the answer; this is the same
// call, run here so the test knows it is done).
func settle(t *testing.T, e *apptest.Env) {
	t.Helper()
	if _, err := e.Store.SettlePending(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// houseSaleApproved takes the 二手房买卖 bundle in for the demo applicant as
// the buyer (who pays the registration fee) and approves its three steps.
func houseSaleApproved(t *testing.T, e *apptest.Env, delivery string) caseJSON {
	t.Helper()
	c := acceptBundle(t, e, "B-HOUSE-RESALE", map[string]any{"delivery": delivery,
		"parties": []map[string]any{{"role": "buyer", "type": "person", "name": demo.QZApplicant.Name, "id_number": demo.QZApplicant.IDNumber}}})
	decide(t, e, "qz.reviewer.housing", queueTask(t, e, "qz.reviewer.housing", c.ID), "approve", map[string]string{"合同编号": "KC-2026-1202-002", "成交价格": "1500000"})
	decide(t, e, "qz.reviewer.tax", queueTask(t, e, "qz.reviewer.tax", c.ID), "approve", map[string]string{"完税凭证号": "SW330802-445566"})
	decide(t, e, "qz.reviewer.land", queueTask(t, e, "qz.reviewer.land", c.ID), "approve", map[string]string{"不动产权证书号": "浙(2026)衢州市不动产权第0700001号"})
	var done caseJSON
	e.Do("GET", "/api/v1/cases/"+c.ID, "qz.clerk", nil).JSON(t, &done)
	return done
}

// TestHouseSaleFeePaidOnline: the registration fee (80 元, the buyer's) is
// charged when registration is approved; the certificate waits for it;
// paid online it is issued by the platform's signed notification (its
// duplicate changes nothing), with an e-receipt that verifies, and paying
// online is no trip.
func TestHouseSaleFeePaidOnline(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		c := houseSaleApproved(t, e, "window")
		if len(c.Fees) != 1 {
			t.Fatalf("fees after approval: %+v", c.Fees)
		}
		o := c.Fees[0]
		if o.Amount != catalog.Amount(8000) || o.Status != payment.StatusUnpaid || o.Payer.Name != demo.QZApplicant.Name ||
			o.Payer.IDNumber != demo.QZApplicant.IDNumber || o.Department != "330802-natural-resources" || payment.CheckCode(o.Code) != nil {
			t.Fatalf("order: %+v", o)
		}
		if len(c.Licences) != 0 {
			t.Fatalf("the certificate was issued before the fee was paid: %+v", c.Licences)
		}
		trips := len(c.Trips)
		if r := e.Do("POST", "/api/v1/cases/"+c.ID+"/handover", "qz.clerk", map[string]any{"version": c.Version,
			"collector": map[string]any{"relation": "applicant"}}); r.Status != 409 || !strings.Contains(string(r.Body), "casework.fee.unpaid") {
			t.Fatalf("handover before payment: %d %s", r.Status, r.Body)
		}
		// The seller (the applicant of record) sees the order with the
		// buyer's number masked; the buyer sees it whole.
		var seen []payment.Order
		e.Do("GET", "/api/v1/cases/"+c.ID+"/payments", "qz.applicant", nil).JSON(t, &seen)
		if len(seen) != 1 || seen[0].Payer.IDNumber != demo.QZApplicant.IDNumber {
			t.Fatalf("the buyer's view: %+v", seen)
		}
		if r := e.Do("GET", "/api/v1/payments/"+o.ID, "hz.clerk", nil); r.Status != 404 {
			t.Fatalf("another city's clerk reads the order: %d", r.Status)
		}
		// The registration department's system sees the fee in its task.
		landTask := func() taskJSON {
			for _, x := range c.Tasks {
				if x.Step == "330-ZRZY-002" {
					var v taskJSON
					e.Do("GET", "/api/v1/tasks/"+x.ID, "qz.reviewer.land", nil).JSON(t, &v)
					return v
				}
			}
			t.Fatal("no registration task")
			return taskJSON{}
		}
		if v := landTask(); v.Case == nil || len(v.Case.Fees) != 1 || v.Case.Fees[0].Status != payment.StatusUnpaid {
			t.Fatalf("the task's case shows no unpaid fee: %+v", v.Case)
		}
		paid := payFees(t, e, c.ID, "qz.applicant")
		if v := landTask(); v.Case == nil || len(v.Case.Fees) != 1 || v.Case.Fees[0].Status != payment.StatusPaid {
			t.Fatalf("the task's case shows the fee unpaid: %+v", v.Case)
		}
		if paid.Fees[0].Status != payment.StatusPaid || paid.Fees[0].Channel != payment.ChannelAlipay || len(paid.Licences) != 1 {
			t.Fatalf("after payment: %+v, licences %+v", paid.Fees, paid.Licences)
		}
		if len(paid.Trips) != trips {
			t.Fatalf("paying online made a trip: %d → %d", trips, len(paid.Trips))
		}
		// Exactly one payment.paid however many copies came.
		sent := e.Sims.Pay.Sent()
		if len(sent) < 2 {
			t.Fatalf("the simulator sent %d copies, want the notification and its duplicate", len(sent))
		}
		for _, d := range sent {
			if d.Status != 200 {
				t.Errorf("a copy was answered %d %s", d.Status, d.Err)
			}
		}
		evs, _ := e.Store.Events(context.Background(), c.ID)
		n := 0
		for _, ev := range evs {
			if ev.Type == "payment.paid" {
				n++
			}
		}
		if n != 1 {
			t.Fatalf("%d payment.paid events, want 1", n)
		}
		// The e-receipt, signed with the department's seal, verifies; a
		// changed amount does not.
		var rc payment.Receipt
		r := e.Do("GET", "/api/v1/payments/"+o.ID+"/receipt", "qz.applicant", nil)
		r.JSON(t, &rc)
		if r.Status != 200 || rc.Amount != catalog.Amount(8000) || rc.CaseNumber != c.Number || strings.Contains(string(r.Body), demo.QZApplicant.IDNumber) {
			t.Fatalf("receipt: %d %s", r.Status, r.Body)
		}
		var chk sqlstore.ReceiptCheck
		e.Do("GET", "/api/v1/receipts/"+rc.Number+"/verify", "", nil).JSON(t, &chk)
		if !chk.Valid || chk.Receipt.Number != rc.Number {
			t.Fatalf("receipt check: %+v", chk)
		}
		forged := rc
		forged.Amount = catalog.Amount(800)
		e.Do("POST", "/api/v1/receipts/verify", "", forged).JSON(t, &chk)
		if chk.Valid {
			t.Fatal("a receipt with a changed amount verifies")
		}
		// A second payment of the same order is impossible.
		if r := e.Do("POST", "/api/v1/payments/"+o.ID+"/pay", "qz.applicant", map[string]any{}); r.Status != 409 {
			t.Fatalf("pay a paid order: %d %s", r.Status, r.Body)
		}
		r = e.Do("POST", "/api/v1/cases/"+c.ID+"/handover", "qz.clerk", map[string]any{"version": paid.Version,
			"collector": map[string]any{"relation": "applicant", "name": "赵卫东", "id_number": seller}})
		if r.Status != 200 {
			t.Fatalf("handover after payment: %d %s", r.Status, r.Body)
		}
		// Another department collecting in the same county: its receipt
		// takes the county's next number, and a fee charged at acceptance
		// carries the case's number.
		d := driverLicenceByCourier(t, e)
		var rc2 payment.Receipt
		e.Do("GET", "/api/v1/payments/"+d.Fees[0].ID+"/receipt", "qz.applicant", nil).JSON(t, &rc2)
		if d.Fees[0].Status != payment.StatusPaid || rc2.Number == "" || rc2.Number == rc.Number || d.Fees[0].CaseNumber != d.Number || rc2.CaseNumber != d.Number {
			t.Fatalf("the second department's receipt: %+v (first %s); order %+v", rc2, rc.Number, d.Fees[0])
		}
	})
}

// signedWith is a notification signed by k, as the platform (or a forger
// holding another key) would send it.
func signedWith(t *testing.T, k *seal.Key, n payment.Notification) ([]byte, string) {
	t.Helper()
	body, sig, err := payment.SignNotification(k, n)
	if err != nil {
		t.Fatal(err)
	}
	return body, sig
}

// TestPaymentCallbacksRefused: forged, garbled, stale, mismatched and
// replayed notifications are refused and change nothing; the genuine one
// pays once; a copy of it changes nothing.
func TestPaymentCallbacksRefused(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		platform, err := seal.NewKey()
		if err != nil {
			t.Fatal(err)
		}
		forger, _ := seal.NewKey()
		// The node trusts this test's platform key from here on.
		e.Store.SetPaymentPlatform(paysim.NewClient(e.URL+paysim.DefaultPrefix, nil), platform.Public())
		c := houseSaleApproved(t, e, "window")
		o := c.Fees[0]
		now := time.Now()
		good := payment.Notification{ID: "N20261202000001", Txn: "T20261202000001", Code: o.Code, Amount: o.Amount,
			Channel: payment.ChannelWechat, Status: payment.NotifySuccess, PaidAt: now, SentAt: now}
		post := func(body []byte, sig string) apptest.Response {
			return e.Do("POST", "/api/v1/payments/notify", "", body, payment.SignatureHeader, sig)
		}
		unpaid := func(what string) {
			t.Helper()
			var x payment.Order
			e.Do("GET", "/api/v1/payments/"+o.ID, "qz.clerk", nil).JSON(t, &x)
			if x.Status != payment.StatusUnpaid {
				t.Fatalf("%s changed the order: %+v", what, x)
			}
		}
		with := func(f func(*payment.Notification)) payment.Notification { n := good; f(&n); return n }
		body, sig := signedWith(t, forger, good)
		for _, tc := range []struct {
			name   string
			body   []byte
			sig    string
			status int
			key    string
		}{
			{"forged", body, sig, 403, "payment.callback.signature"},
			{"no signature", body, "", 403, "payment.callback.signature"},
			{"garbled signature", body, "!!!", 403, "payment.callback.signature"},
			{"body changed after signing", append(body[:len(body)-1:len(body)-1], ' ', '}'), func() string { _, s := signedWith(t, platform, good); return s }(), 403, "payment.callback.signature"},
			{"stale", nil, "", 400, "payment.callback.stale"},
			{"amount", nil, "", 400, "payment.callback.amount"},
			{"unknown code", nil, "", 404, ""},
		} {
			b, s := tc.body, tc.sig
			switch tc.name {
			case "stale":
				b, s = signedWith(t, platform, with(func(n *payment.Notification) { n.SentAt = now.Add(-2 * time.Hour) }))
			case "amount":
				b, s = signedWith(t, platform, with(func(n *payment.Notification) { n.Amount = catalog.Amount(100) }))
			case "unknown code":
				code, _ := payment.NewCode("330802", 2026, 999999)
				b, s = signedWith(t, platform, with(func(n *payment.Notification) { n.Code = code }))
			}
			r := post(b, s)
			if r.Status != tc.status || (tc.key != "" && !strings.Contains(string(r.Body), tc.key)) {
				t.Errorf("%s: %d %s, want %d %s", tc.name, r.Status, r.Body, tc.status, tc.key)
			}
			unpaid(tc.name)
		}
		if r := post([]byte(strings.Repeat(" ", 20<<10)), "x"); r.Status != 413 {
			t.Errorf("an oversized notification: %d", r.Status)
		}
		body, sig = signedWith(t, platform, good)
		var ans struct{ Outcome string }
		if r := post(body, sig); r.Status != 200 {
			t.Fatalf("the genuine notification: %d %s", r.Status, r.Body)
		} else if r.JSON(t, &ans); ans.Outcome != "accepted" {
			t.Fatalf("outcome %q", ans.Outcome)
		}
		settle(t, e)
		var after caseJSON
		e.Do("GET", "/api/v1/cases/"+c.ID, "qz.clerk", nil).JSON(t, &after)
		if after.Fees[0].Status != payment.StatusPaid || after.Fees[0].Txn != good.Txn || len(after.Licences) != 1 {
			t.Fatalf("after the genuine notification: %+v", after.Fees)
		}
		// The same bytes again: a duplicate, nothing changes.
		r := post(body, sig)
		if r.JSON(t, &ans); r.Status != 200 || ans.Outcome != "duplicate" {
			t.Fatalf("a copy: %d %s", r.Status, r.Body)
		}
		// Another body under the same notification id: a replay, refused.
		body2, sig2 := signedWith(t, platform, with(func(n *payment.Notification) { n.Txn = "T20261202000009" }))
		if r := post(body2, sig2); r.Status != 409 || !strings.Contains(string(r.Body), "store.payment.replayed") {
			t.Fatalf("a replay under a known id: %d %s", r.Status, r.Body)
		}
		// A second payment of a paid order under a new id: refused (the
		// platform refunds it), the first stands.
		body3, sig3 := signedWith(t, platform, with(func(n *payment.Notification) { n.ID, n.Txn = "N20261202000002", "T20261202000002" }))
		if r := post(body3, sig3); r.Status != 409 || !strings.Contains(string(r.Body), "payment.order.paid_twice") {
			t.Fatalf("paid twice: %d %s", r.Status, r.Body)
		}
		var final caseJSON
		e.Do("GET", "/api/v1/cases/"+c.ID, "qz.clerk", nil).JSON(t, &final)
		if final.Fees[0].Txn != good.Txn || final.Version != after.Version {
			t.Fatalf("refused notifications changed the case: %+v v%d→v%d", final.Fees[0], after.Version, final.Version)
		}
	})
}

// TestReconciliationFindsPlantedMismatch: a day's statement with one line
// onetrip never saw, and one order paid: reconciliation lists exactly the
// planted line for finance.
func TestReconciliationFindsPlantedMismatch(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		c := houseSaleApproved(t, e, "window")
		payFees(t, e, c.ID, "qz.applicant")
		day := time.Now().In(onetrip.China).Format("2006-01-02")
		ghost, _ := payment.NewCode("330802", 2026, 424242)
		e.Sims.Pay.PlantStatementLine(day, payment.StatementLine{Txn: "SIMGHOST0001", Code: ghost, Kind: payment.KindPay,
			Amount: catalog.Amount(6000), Channel: payment.ChannelCard, At: time.Now()})
		if r := e.Do("POST", "/api/v1/payments/reconcile", "qz.clerk", map[string]any{"day": day}); r.Status != 403 {
			t.Fatalf("a clerk reconciles: %d", r.Status)
		}
		if r := e.Do("POST", "/api/v1/payments/reconcile", "qz.admin", map[string]any{"day": "2026-13-01"}); r.Status != 400 {
			t.Fatalf("a bad day: %d %s", r.Status, r.Body)
		}
		var rec sqlstore.Reconciliation
		r := e.Do("POST", "/api/v1/payments/reconcile", "qz.admin", map[string]any{"day": day})
		r.JSON(t, &rec)
		if r.Status != 200 || rec.Lines != 2 || rec.Orders != 1 || len(rec.Mismatches) != 1 || rec.Mismatches[0].Code != ghost {
			t.Fatalf("reconciliation: %d %s", r.Status, r.Body)
		}
		// Listed with the others (the payments job reconciles yesterday on
		// its own), newest first.
		var list []sqlstore.Reconciliation
		e.Do("GET", "/api/v1/payments/reconciliations", "qz.admin", nil).JSON(t, &list)
		if len(list) == 0 || list[0].Day != day || len(list[0].Mismatches) != 1 {
			t.Fatalf("reconciliations: %+v", list)
		}
	})
}

// TestWaiveAndRefund: a waiver takes an admin and a reason; a refund is
// never more than was paid and goes through the platform.
func TestWaiveAndRefund(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		c := houseSaleApproved(t, e, "window")
		o := c.Fees[0]
		if r := e.Do("POST", "/api/v1/payments/"+o.ID+"/waive", "qz.clerk", map[string]any{"reason": "低保户"}); r.Status != 403 {
			t.Fatalf("a clerk waives: %d", r.Status)
		}
		if r := e.Do("POST", "/api/v1/payments/"+o.ID+"/waive", "qz.admin", map[string]any{"reason": ""}); r.Status != 400 {
			t.Fatalf("a waiver without a reason: %d %s", r.Status, r.Body)
		}
		paid := payFees(t, e, c.ID, "qz.applicant")
		if r := e.Do("POST", "/api/v1/payments/"+o.ID+"/waive", "qz.admin", map[string]any{"reason": "低保户"}); r.Status != 409 {
			t.Fatalf("waive a paid order: %d", r.Status)
		}
		if r := e.Do("POST", "/api/v1/payments/"+o.ID+"/refund", "qz.admin", map[string]any{"amount": 81, "reason": "多收"}); r.Status != 400 && r.Status != 409 {
			t.Fatalf("refund more than paid: %d %s", r.Status, r.Body)
		}
		var x payment.Order
		r := e.Do("POST", "/api/v1/payments/"+o.ID+"/refund", "qz.admin", map[string]any{"amount": 10, "reason": "多收工本费"})
		r.JSON(t, &x)
		if r.Status != 200 || x.Refunded != catalog.Amount(1000) {
			t.Fatalf("refund 10: %d %s", r.Status, r.Body)
		}
		if paid.Fees[0].Status != payment.StatusPaid {
			t.Fatalf("paid: %+v", paid.Fees[0])
		}
	})
}

// driverLicenceByCourier takes 机动车驾驶证有效期满换证 in at the window for
// the demo applicant, to be delivered by courier; the 10 元 fee is due at
// acceptance and paid online; the police approve; the address is given.
func driverLicenceByCourier(t *testing.T, e *apptest.Env) caseJSON {
	t.Helper()
	var item struct {
		Materials []struct{ ID string }
	}
	e.Do("GET", "/api/v1/items/330-GAJG-007", "", nil).JSON(t, &item)
	var marks []mark
	for _, m := range item.Materials {
		marks = append(marks, mark{Spec: m.ID, Status: "received"})
	}
	r := e.Do("POST", "/api/v1/cases", "qz.clerk", map[string]any{"item": "330-GAJG-007", "region": "330802", "channel": "window", "delivery": "courier",
		"applicant": map[string]any{"type": "person", "name": demo.QZApplicant.Name, "id_number": demo.QZApplicant.IDNumber}, "materials": marks})
	var c caseJSON
	r.JSON(t, &c)
	if r.Status != 201 || c.Status != "accepted" || len(c.Fees) != 1 || c.Fees[0].Amount != catalog.Amount(1000) {
		t.Fatalf("intake: %d %s", r.Status, r.Body)
	}
	c = payFees(t, e, c.ID, "qz.applicant")
	if c.Fees[0].Status != payment.StatusPaid {
		t.Fatalf("fee: %+v", c.Fees[0])
	}
	if r := e.Do("PUT", "/api/v1/cases/"+c.ID+"/address", "qz.applicant", map[string]any{"name": demo.QZApplicant.Name, "phone": "13905701234",
		"region": "330802", "detail": "府山街道坊门街18号"}); r.Status != 400 || !strings.Contains(string(r.Body), "courier.address.township") {
		t.Fatalf("an address without its township: %d %s", r.Status, r.Body)
	}
	if r := e.Do("PUT", "/api/v1/cases/"+c.ID+"/address", "qz.applicant", map[string]any{"name": demo.QZApplicant.Name, "phone": "13905701234",
		"region": "990101001", "detail": "府山街道坊门街18号"}); r.Status != 400 {
		t.Fatalf("an address outside China's regions: %d %s", r.Status, r.Body)
	}
	if r := e.Do("PUT", "/api/v1/cases/"+c.ID+"/address", "hz.applicant", map[string]any{"name": "x", "phone": "13905701234",
		"region": "330802006", "detail": "坊门街18号"}); r.Status != 404 {
		t.Fatalf("another applicant gives the address: %d %s", r.Status, r.Body)
	}
	if r := e.Do("PUT", "/api/v1/cases/"+c.ID+"/address", "qz.applicant", map[string]any{"name": demo.QZApplicant.Name, "phone": "13905701234",
		"region": "330802006", "detail": "坊门街18号"}); r.Status != 200 {
		t.Fatalf("the address: %d %s", r.Status, r.Body)
	}
	task := queueTask(t, e, "qz.reviewer.police", c.ID)
	decide(t, e, "qz.reviewer.police", task, "approve", map[string]string{"准驾车型": "C1", "初次领证日期": "2014-05-20"})
	e.Do("GET", "/api/v1/cases/"+c.ID, "qz.clerk", nil).JSON(t, &c)
	if c.Status != "approved" {
		t.Fatalf("after approval: %s", c.Status)
	}
	return c
}

// TestDriverLicenceDeliveredByCourier is the courier test: booked
// at the reference price, tracked by the courier's signed events, signed
// for — the case is delivered and closed with no trip after acceptance; a
// second booking is refused; a failed delivery returns another case to
// the window and tells the applicant.
func TestDriverLicenceDeliveredByCourier(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		c := driverLicenceByCourier(t, e)
		trips := len(c.Trips)
		if r := e.Do("POST", "/api/v1/cases/"+c.ID+"/dispatch", "qz.applicant", map[string]any{}); r.Status != 403 {
			t.Fatalf("an applicant dispatches: %d", r.Status)
		}
		var sh courier.Shipment
		r := e.Do("POST", "/api/v1/cases/"+c.ID+"/dispatch", "qz.clerk", map[string]any{"grams": 150})
		r.JSON(t, &sh)
		if r.Status != 201 || sh.Waybill == "" || sh.Status != courier.StatusBooked || sh.Fee <= 0 || sh.Fee > catalog.Amount(800) {
			t.Fatalf("dispatch: %d %s", r.Status, r.Body)
		}
		if r := e.Do("POST", "/api/v1/cases/"+c.ID+"/dispatch", "qz.clerk", map[string]any{}); r.Status != 409 {
			t.Fatalf("a second booking: %d %s", r.Status, r.Body)
		}
		e.Do("GET", "/api/v1/cases/"+c.ID, "qz.clerk", nil).JSON(t, &c)
		if c.Status != "issued" || len(c.Licences) != 1 {
			t.Fatalf("after dispatch: %s, licences %+v", c.Status, c.Licences)
		}
		for _, st := range []string{courier.StatusPickedUp, courier.StatusInTransit, courier.StatusDelivered} {
			if _, err := e.Sims.Courier.Advance(sh.Waybill, st, ""); err != nil {
				t.Fatalf("advance to %s: %v", st, err)
			}
		}
		e.Sims.Courier.Wait()
		e.Do("GET", "/api/v1/cases/"+c.ID, "qz.clerk", nil).JSON(t, &c)
		if c.Status != "closed" || len(c.Trips) != trips {
			t.Fatalf("after delivery: %s, trips %d → %d", c.Status, trips, len(c.Trips))
		}
		var view struct {
			Shipment courier.Shipment
			Events   []sqlstore.TrackingEvent
		}
		e.Do("GET", "/api/v1/cases/"+c.ID+"/shipment", "qz.applicant", nil).JSON(t, &view)
		if view.Shipment.Status != courier.StatusDelivered || len(view.Events) != 3 {
			t.Fatalf("tracking: %+v", view)
		}

		// A failed delivery: back to the window, the applicant told.
		c2 := driverLicenceByCourier(t, e)
		r = e.Do("POST", "/api/v1/cases/"+c2.ID+"/dispatch", "qz.clerk", map[string]any{})
		r.JSON(t, &sh)
		if r.Status != 201 {
			t.Fatalf("dispatch: %d %s", r.Status, r.Body)
		}
		e.Sims.Courier.Advance(sh.Waybill, courier.StatusPickedUp, "")
		if _, err := e.Sims.Courier.Advance(sh.Waybill, courier.StatusFailed, "收件人电话无人接听，三次投递未果"); err != nil {
			t.Fatal(err)
		}
		e.Sims.Courier.Wait()
		e.Do("GET", "/api/v1/cases/"+c2.ID, "qz.applicant", nil).JSON(t, &c2)
		if c2.Delivery != "window" || c2.Status == "closed" {
			t.Fatalf("after a failed delivery: %s by %s", c2.Status, c2.Delivery)
		}
		evs, _ := e.Store.Events(context.Background(), c2.ID)
		if last := evs[len(evs)-1]; last.Type != "case.delivery_failed" || !strings.Contains(string(last.Data), "无人接听") {
			t.Fatalf("last event %s %s", last.Type, last.Data)
		}

		// The courier's events: forged and unknown waybills refused.
		courierKey, _ := seal.NewKey()
		ev := courier.TrackingEvent{ID: "E-TEST-1", Waybill: sh.Waybill, Status: courier.StatusReturned, At: time.Now(), SentAt: time.Now()}
		body, sig, err := courier.SignEvent(courierKey, ev)
		if err != nil {
			t.Fatal(err)
		}
		if r := e.Do("POST", "/api/v1/courier/events", "", body, courier.SignatureHeader, sig); r.Status != 403 {
			t.Fatalf("a forged event: %d %s", r.Status, r.Body)
		}
		e.Store.SetCourier(couriersim.NewClient(e.URL+couriersim.DefaultPrefix, nil), courierKey.Public())
		ev.Waybill = "SF0000000000000"
		body, sig, _ = courier.SignEvent(courierKey, ev)
		if r := e.Do("POST", "/api/v1/courier/events", "", body, courier.SignatureHeader, sig); r.Status != 404 {
			t.Fatalf("an unknown waybill: %d %s", r.Status, r.Body)
		}
	})
}

// TestFeeRefundedOnWithdrawal: a 驾驶证 case whose 10 元 was paid at
// acceptance is withdrawn; the payments job's refund goes through the
// platform and the order records it, once.
func TestFeeRefundedOnWithdrawal(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		var item struct{ Materials []struct{ ID string } }
		e.Do("GET", "/api/v1/items/330-GAJG-007", "", nil).JSON(t, &item)
		var marks []mark
		for _, m := range item.Materials {
			marks = append(marks, mark{Spec: m.ID, Status: "received"})
		}
		var c caseJSON
		e.Do("POST", "/api/v1/cases", "qz.clerk", map[string]any{"item": "330-GAJG-007", "region": "330802", "channel": "window", "delivery": "window",
			"applicant": map[string]any{"type": "person", "name": demo.QZApplicant.Name, "id_number": demo.QZApplicant.IDNumber}, "materials": marks}).JSON(t, &c)
		c = payFees(t, e, c.ID, "qz.applicant")
		r := e.Do("POST", "/api/v1/cases/"+c.ID+"/withdraw", "qz.applicant", map[string]any{"reason": "已在外地办理", "version": c.Version})
		if r.Status != 200 {
			t.Fatalf("withdraw: %d %s", r.Status, r.Body)
		}
		// The node's payments job may run the same sweep meanwhile: one of
		// the two refunds, once.
		n, err := e.Store.RefundsDue(ctx)
		if err != nil || n > 1 {
			t.Fatalf("refunds due: %d %v", n, err)
		}
		if n, err := e.Store.RefundsDue(ctx); n != 0 || err != nil {
			t.Fatalf("refunded twice: %d %v", n, err)
		}
		var refunds int
		if err := e.Store.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM payment_refunds WHERE order_id = $1`, c.Fees[0].ID).Scan(&refunds); err != nil || refunds != 1 {
			t.Fatalf("%d refunds recorded (%v), want 1", refunds, err)
		}
		var o payment.Order
		e.Do("GET", "/api/v1/payments/"+c.Fees[0].ID, "qz.applicant", nil).JSON(t, &o)
		if o.Status != payment.StatusRefunded || o.Refunded != catalog.Amount(1000) {
			t.Fatalf("after the refund: %+v", o)
		}
	})
}

// TestOverdueFeeAndWindowTrip: an order unpaid past its due date reminds
// the applicant once and is listed for supervision; paid at the window
// on a later day it is a trip of the case.
func TestOverdueFeeAndWindowTrip(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		c := houseSaleApproved(t, e, "window")
		trips := len(c.Trips)
		at(e, time.Now().AddDate(0, 0, 30)) // past the due date (10 working days)
		// The node's payments job may sweep meanwhile: the applicant is
		// reminded once whoever does it.
		if n, err := e.Store.RemindOverdueFees(ctx); err != nil || n > 1 {
			t.Fatalf("remind: %d %v", n, err)
		}
		if n, err := e.Store.RemindOverdueFees(ctx); n != 0 || err != nil {
			t.Fatalf("reminded twice: %d %v", n, err)
		}
		evs, _ := e.Store.Events(ctx, c.ID)
		reminders := 0
		for _, ev := range evs {
			if ev.Type == "payment.overdue" {
				reminders++
			}
		}
		if reminders != 1 {
			t.Fatalf("%d payment.overdue events, want 1", reminders)
		}
		var overdue []payment.Order
		r := e.Do("GET", "/api/v1/payments?overdue=true", "qz.supervisor", nil)
		r.JSON(t, &overdue)
		if r.Status != 200 || len(overdue) != 1 || overdue[0].ID != c.Fees[0].ID || strings.Contains(string(r.Body), demo.QZApplicant.IDNumber) {
			t.Fatalf("overdue for supervision: %d %s", r.Status, r.Body)
		}
		if r := e.Do("GET", "/api/v1/payments?overdue=true", "hz.supervisor", nil); !strings.Contains(string(r.Body), "[]") {
			t.Fatalf("another city's supervisor: %s", r.Body)
		}
		if r := e.Do("GET", "/api/v1/payments?overdue=maybe", "qz.supervisor", nil); r.Status != 400 {
			t.Fatalf("a bad filter: %d", r.Status)
		}
		if r := e.Do("GET", "/api/v1/payments", "qz.applicant", nil); r.Status != 403 {
			t.Fatalf("an applicant lists orders: %d", r.Status)
		}
		paid := payFees(t, e, c.ID, "qz.clerk") // the applicant came to the window to pay
		if len(paid.Trips) != trips+1 || paid.Trips[len(paid.Trips)-1].Purpose != "pay" {
			t.Fatalf("paying at the window on another day: trips %d → %+v", trips, paid.Trips)
		}
	})
}
