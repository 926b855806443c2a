package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"onetrip/app/apptest"
	"onetrip/demo"
)

// TestReceiptQROpensProgressBrowser: the clerk opens the 受理通知书 of a
// case just taken in and reads where its QR code leads; logged out, that
// address shows the case's progress — status, due date, the step and its
// department, the applicant masked — on a 390-pixel phone without sideways
// scrolling, with no axe violation; a mistyped code typed into the form
// then says so.
func TestReceiptQROpensProgressBrowser(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		c := residencePermit(t, e)
		b := apptest.NewBrowser(t)
		e.Login(b, "qz.clerk")
		b.Do(chromedp.Navigate(e.URL+"/cases/"+c.ID+"/receipt/print"), chromedp.WaitVisible(chromedp.ID("receipt")))
		target := b.Attr("#receipt-qr", "data-progress-url")
		code := b.Text("#receipt-code")
		if !strings.HasPrefix(target, e.URL+"/progress?") || !strings.Contains(target, code) || len(code) != 6 {
			t.Fatalf("the QR code leads to %q (code %q)", target, code)
		}
		if n := b.Eval(`String(document.querySelectorAll("#receipt-qr svg rect").length > 20)`); n != "true" {
			t.Fatal("the receipt has no QR code")
		}
		b.Do(chromedp.Navigate(e.URL+"/cases/"+c.ID), chromedp.WaitVisible(chromedp.ID("case")))
		logout(b)

		b.Do(chromedp.EmulateViewport(390, 844))
		b.Do(chromedp.Navigate(target), chromedp.WaitVisible(chromedp.ID("progress-verdict")))
		if st := b.Text("#progress-status"); st != "已受理" {
			t.Fatalf("status %q", st)
		}
		if who := b.Text("#progress-applicant"); who != "王**" {
			t.Fatalf("applicant %q", who)
		}
		if due := b.Attr("#progress-due", "data-date"); due != c.DueDate {
			t.Fatalf("due %q, want %s", due, c.DueDate)
		}
		steps := b.Text("#progress-steps")
		if !strings.Contains(steps, "公安") || !strings.Contains(steps, "待审批") {
			t.Fatalf("steps %q", steps)
		}
		if page := b.Text("body"); strings.Contains(page, demo.QZApplicant.Name) || strings.Contains(page, demo.QZApplicant.IDNumber) {
			t.Fatal("the public page shows the applicant's name or ID number")
		}
		if n := b.Eval(`String(document.querySelectorAll('form[action="/logout"]').length)`); n != "0" {
			t.Fatal("still logged in")
		}
		if w := b.Eval(`String(document.documentElement.scrollWidth)`); w != "390" {
			t.Errorf("the progress page is %s px wide on a 390 px phone", w)
		}
		noAxeViolations(t, b, "the progress page")

		// A code mistyped in the form: the same page says so, nothing shown.
		b.Do(chromedp.SetValue(chromedp.ID("progress-code-input"), wrongCode(code)),
			chromedp.Click(chromedp.ID("btn-progress")), chromedp.WaitVisible(chromedp.ID("progress-problem")))
		if msg := b.Text("#progress-problem-text"); !strings.Contains(msg, "不正确") {
			t.Fatalf("the wrong code's message %q", msg)
		}
		if n := b.Eval(`String(document.querySelectorAll("#progress-verdict").length)`); n != "0" {
			t.Fatal("a wrong code still shows the case")
		}
	})
}
