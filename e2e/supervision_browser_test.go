package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"onetrip/app/apptest"
	"onetrip/demo"
	"onetrip/supervision"
)

// TestSupervisorDrillsDownAndRectificationGoesOverdueBrowser is the
// supervision issue's browser test. With the demo's past loaded, 衢州's
// supervisor opens the dashboard, drills from the city to 柯城区 and from
// its on-time figure to an overdue case. Then 王建国 rates a closed case
// 不满意 on its page; the rectification it opens is on time, and 15
// working days later, unanswered, it is listed overdue.
func TestSupervisorDrillsDownAndRectificationGoesOverdueBrowser(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		end := time.Date(2026, 11, 27, 17, 0, 0, 0, cst) // a Friday
		if _, err := demo.LoadHistory(context.Background(), e.Store, 40, 50, end); err != nil {
			t.Fatal(err)
		}
		at(e, end)
		if _, err := e.Store.RefreshStats(context.Background()); err != nil {
			t.Fatal(err)
		}
		b := apptest.NewBrowser(t)
		e.Login(b, "qz.supervisor")
		b.Do(chromedp.Navigate(e.URL+"/supervision/dashboard?region=330800&from=2026-09-01&to=2026-11-27"), chromedp.WaitVisible(chromedp.ID("dash-children")))
		if v := b.Attr("#fig-accepted", "data-value"); v == "" || v == "0" {
			t.Fatalf("衢州's dashboard shows no accepted cases: %q", b.Text("#dash-figures"))
		}
		if svg := b.Eval(`String(document.querySelectorAll("#dash-trend svg, #dash-bars-on-time svg").length)`); svg != "2" {
			t.Fatalf("charts: %s SVGs", svg)
		}
		// The city → 柯城区.
		b.Do(chromedp.Click(chromedp.CSS(`#dash-children tr[data-code="330802"] a`)), chromedp.WaitVisible(chromedp.CSS(`#dashboard[data-region="330802"]`)))
		if name := b.Text("#dash-title"); !strings.Contains(name, "柯城区") {
			t.Fatalf("the county's dashboard: %q", name)
		}
		// Its on-time figure → the overdue cases behind it → one of them.
		b.Do(chromedp.Click(chromedp.CSS(`#fig-on_time a`)), chromedp.WaitVisible(chromedp.CSS(`tr[data-number] a`)))
		if u := b.Eval(`location.search`); !strings.Contains(u, "overdue=1") || !strings.Contains(u, "region=330802") {
			t.Fatalf("the drill-down went to %s", u)
		}
		if n := b.Eval(`String(document.querySelectorAll("tr[data-number] .clock-overdue").length)`); n == "0" {
			t.Fatalf("the overdue list shows no overdue clock: %q", b.Text("main"))
		}
		number := b.Text(`tr[data-number] a`)
		b.Do(chromedp.Click(chromedp.CSS(`tr[data-number] a`)), chromedp.WaitVisible(chromedp.ID("case")))
		if page := b.Text("#case"); !strings.Contains(page, number) {
			t.Fatalf("the case page of %s: %q", number, page)
		}
		logout(b)

		// 王建国 rates a case of his 不满意, on its page.
		at(e, time.Date(2026, 11, 30, 9, 0, 0, 0, cst))
		c := residencePermit(t, e)
		at(e, time.Date(2026, 12, 1, 10, 0, 0, 0, cst))
		c = approvePermit(t, e, c)
		if c.Status != "closed" {
			t.Fatalf("the permit: %s", c.Status)
		}
		e.Login(b, "qz.applicant")
		b.Do(chromedp.Navigate(e.URL+"/cases/"+c.ID), chromedp.WaitVisible(chromedp.ID("rating-form")),
			chromedp.Click(chromedp.CSS(`#rating-form input[value=dissatisfied]`)),
			chromedp.SendKeys(chromedp.ID("rating-comment"), "窗口等候时间太长"),
			chromedp.Click(chromedp.ID("btn-rate")),
			chromedp.WaitVisible(chromedp.ID("rating-rect")))
		if txt := b.Text("#rating"); !strings.Contains(txt, "不满意") {
			t.Fatalf("the recorded rating: %q", txt)
		}
		logout(b)
		open := func() string { // a fresh login: the session ages with the test clock
			e.Login(b, "qz.supervisor")
			b.Do(chromedp.Navigate(e.URL+"/rectifications"), chromedp.WaitVisible(chromedp.CSS("main")))
			return b.Eval(`(() => { const r = [...document.querySelectorAll("tr[data-status]")].find(x => x.textContent.includes("` + c.Number + `")); return r ? r.dataset.status : "none" })()`)
		}
		if st := open(); st != "on_time" {
			t.Fatalf("the new rectification: %s", st)
		}
		// The police contact him the next day, and then nothing: 15 working
		// days after 1 December is 22 December, overdue on the 23rd.
		at(e, time.Date(2026, 12, 2, 10, 0, 0, 0, cst))
		var rects []supervision.Rectification
		e.Do("GET", "/api/v1/rectifications", "qz.reviewer.police", nil).JSON(t, &rects)
		contacted := false
		for _, x := range rects {
			if x.CaseID == c.ID {
				if r := e.Do("POST", "/api/v1/rectifications/"+x.ID+"/steps", "qz.reviewer.police", map[string]any{"action": "contact", "text": "已电话联系", "version": x.Version}); r.Status != 200 {
					t.Fatalf("contact: %d %s", r.Status, r.Body)
				}
				contacted = true
			}
		}
		if !contacted {
			t.Fatalf("the police have no rectification of %s", c.Number)
		}
		at(e, time.Date(2026, 12, 22, 17, 0, 0, 0, cst))
		if st := open(); st != "on_time" {
			t.Fatalf("on its last day: %s", st)
		}
		at(e, time.Date(2026, 12, 23, 9, 0, 0, 0, cst))
		if st := open(); st != "overdue" {
			t.Fatalf("after 15 working days unanswered: %s", st)
		}
		b.Do(chromedp.Navigate(e.URL+"/rectifications?overdue=1"), chromedp.WaitVisible(chromedp.ID("rect-overdue-toggle")))
		if !strings.Contains(b.Text("main"), c.Number) {
			t.Fatalf("the overdue list lacks %s", c.Number)
		}
	})
}
