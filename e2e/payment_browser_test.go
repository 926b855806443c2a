package e2e

import (
	"bytes"
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"onetrip"
	"onetrip/app/apptest"
	"onetrip/courier"
	"onetrip/demo"
	"onetrip/payment"
	"onetrip/payment/paysim"
)

// TestHouseSaleFeePaidOnlineBrowser is the payment issue's browser test:
// the buyer of an approved 二手房买卖 opens the case and sees the 80 元
// registration fee unpaid and no certificate; 在线缴费 takes him to the
// payment platform's page, where he pays by Alipay; back on the case page
// the order is paid, the certificate is issued only now, paying online
// made no trip, and the e-receipt prints with its QR code, whose public
// page says 真实有效 with the payer masked.
func TestHouseSaleFeePaidOnlineBrowser(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		c := houseSaleApproved(t, e, "window")
		if len(c.Fees) != 1 || len(c.Licences) != 0 {
			t.Fatalf("approved case: fees %+v, licences %+v", c.Fees, c.Licences)
		}
		o := c.Fees[0]
		trips := len(c.Trips)
		b := apptest.NewBrowser(t)
		e.Login(b, "qz.applicant")
		b.Do(chromedp.Navigate(e.URL+"/cases/"+c.ID), chromedp.WaitVisible(chromedp.ID("fees")))
		row := "#fee-" + o.ID
		if st, amt := b.Attr(row, "data-status"), b.Text(row+" .fee-amount"); st != "unpaid" || amt != "80.00" {
			t.Fatalf("the fee before payment: status %q, amount %q", st, amt)
		}
		txt := b.Text(row)
		for _, want := range []string{"待缴费", "不动产", demo.QZApplicant.Name, "本人", demo.QZApplicant.IDNumber, o.DueDate, groupCode(o.Code)} {
			if !strings.Contains(txt, want) {
				t.Fatalf("the fee's row lacks %q: %q", want, txt)
			}
		}
		if n := b.Eval(`String(document.querySelectorAll("#case-licences").length)`); n != "0" {
			t.Fatal("the case page shows a certificate before the fee is paid")
		}
		if n := b.Eval(`String(document.querySelectorAll("` + row + ` a[id^=receipt-]").length)`); n != "0" {
			t.Fatal("an unpaid order offers an e-receipt")
		}

		// 在线缴费: the platform's page, Alipay, pay.
		b.Do(chromedp.Click(chromedp.ID("pay-"+o.ID)), chromedp.WaitVisible(chromedp.CSS(`input[name=channel][value=alipay]`)))
		if u := b.Eval(`location.pathname`); !strings.HasPrefix(u, paysim.DefaultPrefix+"/orders/") {
			t.Fatalf("在线缴费 went to %s, not the platform's pay page", u)
		}
		if page := b.Text("main"); !strings.Contains(page, "80.00") || !strings.Contains(page, o.Code) {
			t.Fatalf("the pay page: %q", page)
		}
		b.Do(chromedp.Click(chromedp.CSS(`input[name=channel][value=alipay]`)),
			chromedp.Click(chromedp.CSS(`button[name=outcome][value=success]`)),
			chromedp.WaitVisible(chromedp.ID("case")),
			// The platform's notification may come after the browser: the
			// page follows the order until it does.
			chromedp.WaitVisible(chromedp.CSS(row+`[data-status=paid]`)))
		if u := b.Eval(`location.pathname + location.search`); u != "/cases/"+c.ID+"?paid=1" {
			t.Fatalf("back from the platform at %s", u)
		}
		if flash := b.Text(".flash"); !strings.Contains(flash, "缴费成功") {
			t.Fatalf("the flash after paying: %q", flash)
		}
		if st := b.Attr(row, "data-status"); st != "paid" || !strings.Contains(b.Text(row), "支付宝") {
			t.Fatalf("the fee after payment: %q %q", st, b.Text(row))
		}
		if lic := b.Text("#case-licences"); !strings.Contains(lic, "不动产权证书") {
			t.Fatalf("the certificate after payment: %q", lic)
		}

		// The store agrees: paid by Alipay, the certificate issued now, no trip.
		settled(t, e, o.ID)
		var paid caseJSON
		e.Do("GET", "/api/v1/cases/"+c.ID, "qz.applicant", nil).JSON(t, &paid)
		if paid.Fees[0].Status != payment.StatusPaid || paid.Fees[0].Channel != payment.ChannelAlipay || len(paid.Licences) != 1 {
			t.Fatalf("after payment: fees %+v, licences %+v", paid.Fees, paid.Licences)
		}
		if len(paid.Trips) != trips {
			t.Fatalf("paying online made a trip: %d → %d", trips, len(paid.Trips))
		}
		var rc payment.Receipt
		if r := e.Do("GET", "/api/v1/payments/"+o.ID+"/receipt", "qz.applicant", nil); r.Status != 200 {
			t.Fatalf("receipt: %d %s", r.Status, r.Body)
		} else {
			r.JSON(t, &rc)
		}

		// The printed e-receipt: number, amount, seal, fingerprint, QR code.
		if href := b.Attr("#receipt-"+o.ID, "href"); href != "/payments/"+o.ID+"/receipt/print" {
			t.Fatalf("the receipt link: %q", href)
		}
		b.Do(chromedp.Navigate(e.URL+"/payments/"+o.ID+"/receipt/print"), chromedp.WaitVisible(chromedp.ID("e-receipt")))
		if b.Text("#rcpt-number") != rc.Number || b.Text("#rcpt-amount") != "80.00" || b.Attr("#e-receipt", "data-valid") != "true" {
			t.Fatalf("the printed receipt: %q", b.Text("#e-receipt"))
		}
		if n := b.Eval(`String(document.querySelectorAll(".main-nav").length + "/" + (document.querySelectorAll("#receipt-qr svg rect").length > 20) + "/" + document.querySelectorAll("#rcpt-seal svg").length)`); n != "0/true/1" {
			t.Fatalf("print view (nav/qr/seal) = %s", n)
		}
		if fp := b.Text("#rcpt-fingerprint"); len(strings.ReplaceAll(fp, " ", "")) != 64 {
			t.Fatalf("the signature's fingerprint: %q", fp)
		}
		if body := b.Eval(`document.body.innerText`); strings.Contains(body, demo.QZApplicant.IDNumber) {
			t.Fatal("the printed receipt shows the payer's full ID number")
		}
		verify := b.Attr("#receipt-qr", "data-verify-url")
		if verify != e.URL+"/receipts/"+rc.Number {
			t.Fatalf("the QR code's target %q", verify)
		}

		// Its public check, without logging in: genuine, the payer masked.
		anon := apptest.NewBrowser(t)
		anon.Do(chromedp.Navigate(verify), chromedp.WaitVisible(chromedp.ID("receipt-verdict")))
		if g := anon.Text("#receipt-genuine"); g != "真实有效" || anon.Attr("#receipt-verdict", "data-valid") != "true" {
			t.Fatalf("the receipt's verdict: %q", anon.Text("#receipt-verdict"))
		}
		if facts := anon.Text("#receipt-facts"); !strings.Contains(facts, rc.Number) || !strings.Contains(facts, "80.00") ||
			strings.Contains(facts, demo.QZApplicant.Name) || strings.Contains(facts, demo.QZApplicant.IDNumber) || !strings.Contains(facts, "王**") {
			t.Fatalf("the receipt's public facts: %q", facts)
		}
		// An unknown number is said to be unknown, not genuine.
		anon.Do(chromedp.Navigate(e.URL+"/receipts/330802202600000099999"), chromedp.WaitVisible(chromedp.ID("receipt-problem")))
		if n := anon.Eval(`String(document.querySelectorAll("#receipt-verdict").length)`); n != "0" {
			t.Fatal("an unknown receipt got a verdict")
		}
	})
}

// groupCode is a payment code as the pages print it, in groups of four.
func groupCode(code string) string {
	var parts []string
	for i := 0; i < len(code); i += 4 {
		parts = append(parts, code[i:min(i+4, len(code))])
	}
	return strings.Join(parts, " ")
}

// TestCourierDispatchBrowser: the window sends an approved 驾驶证换证 by
// courier from the case page. A wrong address and a wrong weight are
// refused with their messages and change nothing; 寄出（快递） books the
// courier and shows the waybill; a second booking (a page opened before)
// gets the store's refusal; the envelope prints with the waybill's
// barcode and no ID number; the day's dispatch list has it, on the page
// and in Excel; the courier's tracking shows on the case page.
func TestCourierDispatchBrowser(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		c := driverLicenceByCourier(t, e)
		before, _, err := e.Store.CaseAddress(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		b := apptest.NewBrowser(t)
		e.Login(b, "qz.clerk")
		b.Do(chromedp.Navigate(e.URL+"/cases/"+c.ID), chromedp.WaitVisible(chromedp.ID("dispatch-form")))
		if addr := b.Text("#case-address-text"); !strings.Contains(addr, "13905701234") || !strings.Contains(addr, "府山街道坊门街18号") {
			t.Fatalf("the address the clerk sees: %q", addr)
		}

		// A phone and a region that are no address in China: both named, nothing saved.
		b.Do(chromedp.SetValue(chromedp.ID("addr-phone"), "12345"), chromedp.SetValue(chromedp.ID("addr-region"), "990101001"))
		clickAndWait(b, "#btn-address", "#form-problems")
		if phone, region := b.Text("label:has(#addr-phone) .field-errors"), b.Text("label:has(#addr-region) .field-errors"); !strings.Contains(phone, "12345") || !strings.Contains(region, "990101001") {
			t.Fatalf("the address's problems: phone %q, region %q", phone, region)
		}
		if after, _, _ := e.Store.CaseAddress(ctx, c.ID); after != before {
			t.Fatalf("a refused address changed the case's: %+v → %+v", before, after)
		}
		if shown, typed := b.Text("#case-address-text"), b.Attr("#addr-phone", "value"); !strings.Contains(shown, "13905701234") || typed != "12345" {
			t.Fatalf("after the refusal the page shows %q on record and %q typed", shown, typed)
		}

		// A weight of nothing, then one beyond the price table: refused.
		for _, grams := range []string{"0", "999999"} {
			b.Do(chromedp.SetValue(chromedp.ID("dispatch-grams"), grams))
			clickAndWait(b, "#btn-dispatch", "#dispatch-error")
			if msg := b.Text("#dispatch-error"); !strings.Contains(msg, "重量") {
				t.Fatalf("dispatch with %s g: %q", grams, msg)
			}
		}
		var still caseJSON
		e.Do("GET", "/api/v1/cases/"+c.ID, "qz.clerk", nil).JSON(t, &still)
		if still.Status != "approved" {
			t.Fatalf("a refused dispatch moved the case to %s", still.Status)
		}
		csrf := b.Attr(`#dispatch-form input[name=csrf]`, "value")

		// 寄出（快递）: booked, the waybill shown.
		b.Do(chromedp.SetValue(chromedp.ID("dispatch-grams"), "250"))
		clickAndWait(b, "#btn-dispatch", "#shipment")
		waybill := b.Text("#shipment-waybill")
		if courier.CheckWaybill(waybill) != nil || b.Attr("#shipment", "data-status") != courier.StatusBooked || !strings.Contains(b.Text("#shipment-status"), "已下单") {
			t.Fatalf("the shipment: %q", b.Text("#shipment"))
		}
		// The same form posted again, as from a page opened before: the
		// store's refusal (the case is issued already) on the page.
		f := browserFetch(t, b, "POST", "/cases/"+c.ID+"/dispatch", url.Values{"csrf": {csrf}, "grams": {"200"}})
		if f.Status != 409 || !strings.Contains(string(f.Body), `id="dispatch-error">办件当前状态为“已出件”`) {
			t.Fatalf("a second dispatch: %d %s", f.Status, f.Body)
		}
		if ss, _ := e.Store.Shipments(ctx, "330802-center", e.Store.Now().In(onetrip.China).Format("2006-01-02")); len(ss) != 1 {
			t.Fatalf("a second dispatch booked again: %+v", ss)
		}

		// The envelope: waybill and barcode, the recipient, no ID number.
		b.Do(chromedp.Navigate(e.URL+"/cases/"+c.ID+"/envelope/print"), chromedp.WaitVisible(chromedp.ID("envelope")))
		if n := b.Eval(`String(document.querySelectorAll("#env-waybill svg rect").length > 10)`); n != "true" {
			t.Fatal("the envelope has no barcode")
		}
		if b.Text("#env-recipient") != demo.QZApplicant.Name || b.Text("#env-case") != c.Number || !strings.Contains(b.Text("#env-address"), "府山街道坊门街18号") ||
			!strings.Contains(b.Text("#env-waybill"), waybill) {
			t.Fatalf("the envelope: %q", b.Text("#envelope"))
		}
		if strings.Contains(b.Eval(`document.body.innerHTML`), demo.QZApplicant.IDNumber) {
			t.Fatal("the envelope carries the applicant's ID number")
		}

		// The day's dispatch list, on the page and in Excel.
		b.Do(chromedp.Navigate(e.URL+"/window/dispatch"), chromedp.WaitVisible(chromedp.ID("dispatch-lines")))
		line := b.Text(`#dispatch-lines tr[data-waybill="` + waybill + `"]`)
		if !strings.Contains(line, c.Number) || !strings.Contains(line, "139****1234") || strings.Contains(line, "13905701234") {
			t.Fatalf("the dispatch list's line: %q", line)
		}
		x := browserFetch(t, b, "GET", b.Attr("#dispatch-xlsx", "href"), nil)
		if x.Status != 200 || !strings.Contains(x.Type, "spreadsheetml") {
			t.Fatalf("the dispatch list in Excel: %d %s", x.Status, x.Type)
		}
		wb, err := excelize.OpenReader(bytes.NewReader(x.Body))
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := wb.GetRows("交寄清单")
		if len(rows) != 2 || rows[1][1] != waybill || rows[1][2] != c.Number || rows[1][4] != "139****1234" {
			t.Fatalf("the Excel list: %v", rows)
		}

		// The courier's events show on the case page.
		if _, err := e.Sims.Courier.Advance(waybill, courier.StatusPickedUp, ""); err != nil {
			t.Fatal(err)
		}
		e.Sims.Courier.Wait()
		b.Do(chromedp.Navigate(e.URL+"/cases/"+c.ID), chromedp.WaitVisible(chromedp.ID("tracking")))
		if tr := b.Text("#tracking"); !strings.Contains(tr, "已揽收") || !strings.Contains(b.Text("#shipment-status"), "已揽收") {
			t.Fatalf("tracking on the case page: %q", tr)
		}
	})
}
