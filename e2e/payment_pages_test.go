package e2e

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"onetrip"
	"onetrip/app/apptest"
	"onetrip/courier"
	"onetrip/payment"
)

// TestPaymentPagesRefuseBadInput: the payment and courier forms answer
// bad input on the page with the message and change nothing — a waiver
// without a reason, a price table with a band out of order, an unknown
// payer, a day that is no date — and their good input works: the window
// opens an order's payment with its code and QR code (paying then is a
// trip), the table and a centre's payer save, a day reconciles; the
// overdue list shows an unpaid fee past its date; the pages render in
// English too.
func TestPaymentPagesRefuseBadInput(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		c := houseSaleApproved(t, e, "window")
		o := c.Fees[0]
		admin := newClient(t, e, "qz.admin")

		// 减免 without a reason: the message at the order, nothing changed.
		st, _, body := admin.do("POST", "/payments/"+o.ID+"/waive", url.Values{"csrf": {admin.CSRF}, "reason": {"  "}})
		if st != 400 || !strings.Contains(string(body), `id="fee-error-`+o.ID+`"`) || !strings.Contains(string(body), "请填写减免理由") {
			t.Fatalf("a waiver without a reason: %d %s", st, body)
		}
		if x, _ := e.Store.Order(ctx, o.ID); x.Status != payment.StatusUnpaid {
			t.Fatalf("a refused waiver changed the order: %+v", x)
		}
		if st, _, _ := admin.do("POST", "/payments/"+o.ID+"/waive", url.Values{"reason": {"低保户"}}); st != 403 {
			t.Fatalf("a waiver without the CSRF token: %d", st)
		}

		// 窗口扫码缴费 the next day: the code and the pay page's QR code;
		// paid, it is a trip (the accepting visit was the day before).
		base, start := e.Store.Now(), time.Now()
		later := func(d time.Duration) { e.Store.SetClock(func() time.Time { return base.Add(d + time.Since(start)) }) }
		later(24 * time.Hour)
		defer e.Store.SetClock(nil)
		clerk, admin := newClient(t, e, "qz.clerk"), newClient(t, e, "qz.admin") // sessions of the new day
		if st, page := clerk.get("/cases/" + c.ID); st != 200 || !strings.Contains(page, `id="window-pay-`+o.ID+`"`) || strings.Contains(page, `id="pay-`+o.ID+`"`) {
			t.Fatalf("the clerk's case page: %d", st)
		}
		st, _, body = clerk.do("POST", "/payments/"+o.ID+"/window", url.Values{"csrf": {clerk.CSRF}})
		page := string(body)
		if st != 200 || !strings.Contains(page, `id="window-pay-qr"`) || !strings.Contains(page, groupCode(o.Code)) || !strings.Contains(page, `data-poll="/payments/`+o.ID+`/status"`) {
			t.Fatalf("the window's payment: %d %s", st, page)
		}
		if _, err := e.Sims.Pay.Pay(o.Code, payment.ChannelWechat); err != nil {
			t.Fatal(err)
		}
		settled(t, e, o.ID)
		st, _, body = clerk.do("GET", "/payments/"+o.ID+"/status", nil)
		if st != 200 || !strings.Contains(string(body), `"status":"paid"`) {
			t.Fatalf("the order's status: %d %s; deliveries %+v", st, body, e.Sims.Pay.Sent())
		}
		var paid caseJSON
		e.Do("GET", "/api/v1/cases/"+c.ID, "qz.clerk", nil).JSON(t, &paid)
		if len(paid.Trips) != len(c.Trips)+1 || paid.Trips[len(paid.Trips)-1].Purpose != "pay" {
			t.Fatalf("paying at the window is a trip: %+v", paid.Trips)
		}
		if st, page := clerk.get("/payments/" + o.ID + "/window"); st != 200 || !strings.Contains(page, `id="window-pay-settled"`) {
			t.Fatalf("the window's page of a paid order: %d", st)
		}
		if st, _ := newClient(t, e, "hz.clerk").get("/payments/" + o.ID + "/window"); st != 404 {
			t.Fatalf("another city's clerk opens the order: %d", st)
		}
		// A refund of more than was paid: refused on the page.
		st, _, body = admin.do("POST", "/payments/"+o.ID+"/refund", url.Values{"csrf": {admin.CSRF}, "amount": {"81"}, "reason": {"多收"}})
		if st != 400 || !strings.Contains(string(body), "超过可退金额") {
			t.Fatalf("a refund of too much: %d %s", st, body)
		}

		// The reference prices: a city's admin reads them, the province's edit them.
		if st, page := admin.get("/admin/courier"); st != 200 || strings.Contains(page, `id="prices-form"`) || !strings.Contains(page, "330802-center") {
			t.Fatalf("a city admin's courier page: %d", st)
		}
		if st, _, _ := admin.do("POST", "/admin/courier/prices", url.Values{"csrf": {admin.CSRF}, "rows": {"1"}, "max_grams.0": {"500"}}); st != 403 {
			t.Fatalf("a city admin saves prices: %d", st)
		}
		prov := newClient(t, e, "zj.admin")
		bad := url.Values{"csrf": {prov.CSRF}, "rows": {"3"}, "max_grams.0": {"1000"}, "city.0": {"8"}, "province.0": {"10"}, "country.0": {"15"},
			"max_grams.2": {"500"}, "city.2": {"9"}, "province.2": {"abc"}, "country.2": {"20"}}
		st, _, body = prov.do("POST", "/admin/courier/prices", bad)
		if st != 400 || !strings.Contains(string(body), "第 3 档") || !strings.Contains(string(body), "不大于上一档") || !strings.Contains(string(body), "第 3 档 · 省内") {
			t.Fatalf("a table out of order: %d %s", st, body)
		}
		if tb, _ := e.Store.PriceTable(ctx); len(tb.Bands) != len(courier.DefaultPriceTable.Bands) {
			t.Fatalf("a refused table was saved: %+v", tb)
		}
		good := url.Values{"csrf": {prov.CSRF}, "rows": {"2"}, "max_grams.0": {"500"}, "city.0": {"8"}, "province.0": {"10"}, "country.0": {"15"},
			"max_grams.1": {"3000"}, "city.1": {"12"}, "province.1": {"15"}, "country.1": {"25.5"}}
		if st, h, _ := prov.do("POST", "/admin/courier/prices", good); st != 303 || h.Get("Location") != "/admin/courier?done=prices" {
			t.Fatalf("a good table: %d", st)
		}
		if tb, _ := e.Store.PriceTable(ctx); len(tb.Bands) != 2 || tb.Bands[1].Prices[courier.ZoneCountry] != 2550 {
			t.Fatalf("the saved table: %+v", tb)
		}
		// A centre's payer: an unknown one refused, a known one saved.
		if st, _, body := admin.do("POST", "/admin/courier/centres/330802-center", url.Values{"csrf": {admin.CSRF}, "payer": {"nobody"}}); st != 400 || !strings.Contains(string(body), "付费方“nobody”无效") {
			t.Fatalf("an unknown payer: %d %s", st, body)
		}
		if st, _, _ := admin.do("POST", "/admin/courier/centres/330802-center", url.Values{"csrf": {admin.CSRF}, "payer": {"centre"}}); st != 303 {
			t.Fatalf("a centre's payer: %d", st)
		}
		if py, _ := e.Store.CentrePayer(ctx, "330802-center"); py != courier.PayerCentre {
			t.Fatalf("the centre's payer: %s", py)
		}

		// Reconciliation: a day that is no date is refused; a day reconciles.
		st, _, body = admin.do("POST", "/admin/reconcile", url.Values{"csrf": {admin.CSRF}, "day": {"2026-13-01"}})
		if st != 400 || !strings.Contains(string(body), `id="reconcile-error"`) {
			t.Fatalf("a bad day: %d %s", st, body)
		}
		day := e.Store.Now().In(onetrip.China).Format("2006-01-02")
		if st, _, _ := admin.do("POST", "/admin/reconcile", url.Values{"csrf": {admin.CSRF}, "day": {day}}); st != 303 {
			t.Fatalf("reconcile %s: %d", day, st)
		}
		if st, page := admin.get("/admin/reconcile"); st != 200 || !strings.Contains(page, `data-day="`+day+`"`) || !strings.Contains(page, "账实相符") {
			t.Fatalf("the reconciliations: %d %s", st, page)
		}
		if st, _ := clerk.get("/admin/reconcile"); st != 403 {
			t.Fatalf("a clerk's reconciliation page: %d", st)
		}

		// Overdue fees: a second case's fee, a month later, is on the list.
		c2 := houseSaleApproved(t, e, "window")
		later(31 * 24 * time.Hour)
		sup := newClient(t, e, "qz.supervisor")
		if st, page := sup.get("/supervision/fees"); st != 200 || !strings.Contains(page, c2.Number) || strings.Contains(page, ">"+c.Number+"<") {
			t.Fatalf("the overdue fees: %d %s", st, page)
		}

		// English pages, in English typography.
		en := newClient(t, e, "qz.applicant")
		en.lang = "en"
		if st, page := en.get("/cases/" + c2.ID); st != 200 || !strings.Contains(page, "Pay online") || !strings.Contains(page, "overdue") {
			t.Fatalf("the English case page: %d", st)
		}
		rc, err := e.Store.ReceiptOfOrder(ctx, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		for user, paths := range map[string][]string{
			"qz.applicant":  {"/cases/" + c.ID, "/cases/" + c2.ID, "/payments/" + o.ID + "/receipt/print", "/receipts/" + rc.Number, "/receipts"},
			"qz.clerk":      {"/cases/" + c2.ID, "/payments/" + c2.Fees[0].ID + "/window", "/window/dispatch"},
			"qz.admin":      {"/cases/" + c.ID, "/admin/courier", "/admin/reconcile"},
			"qz.supervisor": {"/supervision/fees"},
		} {
			cl := newClient(t, e, user)
			cl.lang = "en"
			for _, path := range paths {
				st, body := cl.get(path)
				text := tags.ReplaceAllString(body, " ")
				if m := fullWidthAfterLatin.FindAllString(text, 3); st != 200 || len(m) > 0 {
					t.Errorf("%s in English as %s: %d, full-width punctuation %q", path, user, st, m)
				}
			}
		}
	})
}

// settled applies the platform's notifications of an order (the store
// settles accepted notifications right after it answers the platform) and
// reads the order.
func settled(t *testing.T, e *apptest.Env, orderID string) payment.Order {
	t.Helper()
	e.Sims.Pay.Wait()
	settle(t, e)
	o, err := e.Store.Order(context.Background(), orderID)
	if err != nil {
		t.Fatal(err)
	}
	return o
}
