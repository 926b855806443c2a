package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"onetrip/app/apptest"
)

// TestCalendarSourceBrowser is issue 17's browser test: 2027's schedule is
// built in but nobody has recorded the notice behind it, and the page says
// so; the province administrator records the notice (title, 文号 typed with
// ASCII brackets, date, link) and sees it, normalised, above the table and
// in the 来源 of every built-in date; 2028, not published, is marked 未发布
// instead of a table; a supervisor sees the recorded source read-only.
func TestCalendarSourceBrowser(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		e.Store.SetClock(func() time.Time { return time.Date(2026, time.December, 2, 2, 0, 0, 0, time.UTC) })
		b := apptest.NewBrowser(t)
		e.Login(b, "zj.admin")

		b.Do(chromedp.Navigate(e.URL+"/admin/calendar?year=2027"), chromedp.WaitVisible(chromedp.ID("source-missing")))
		if txt := b.Text("#source-missing"); !strings.Contains(txt, "来源未登记") {
			t.Fatalf("2027 without a source: %q", txt)
		}
		if txt := b.Text(`#calendar tr[data-date="2027-02-05"]`); !strings.Contains(txt, "内置（来源未登记）") {
			t.Fatalf("a built-in date of 2027: %q", txt)
		}
		noAxeViolations(t, b, "2027 without a source")

		b.Do(
			chromedp.SendKeys(chromedp.ID("src-title"), "国务院办公厅关于2027年部分节假日安排的通知"),
			chromedp.SendKeys(chromedp.ID("src-number"), "国办发明电[2026]99号"),
			chromedp.SendKeys(chromedp.ID("src-url"), "https://www.gov.cn/zhengce/example.htm"),
		)
		b.Eval(`document.getElementById("src-published").value = "2026-11-10"`)
		clickAndWait(b, "#src-save", "#source-facts")
		if txt := b.Text("#calendar-flash"); !strings.Contains(txt, "国办发明电〔2026〕99号") {
			t.Fatalf("flash: %q", txt)
		}
		if n := b.Text("#source-number"); n != "国办发明电〔2026〕99号" {
			t.Fatalf("the recorded number: %q", n)
		}
		if d := b.Text("#source-published"); d != "2026-11-10" {
			t.Fatalf("the recorded date: %q", d)
		}
		if href := b.Attr("#source-link", "href"); href != "https://www.gov.cn/zhengce/example.htm" {
			t.Fatalf("the link: %q", href)
		}
		if txt := b.Text(`#calendar tr[data-date="2027-02-05"]`); !strings.Contains(txt, "国务院通知（国办发明电〔2026〕99号）") {
			t.Fatalf("a built-in date of 2027 after recording: %q", txt)
		}
		if txt := b.Text(`#source-audit tr[data-year="2027"]`); !strings.Contains(txt, "国办发明电〔2026〕99号") {
			t.Fatalf("the source audit: %q", txt)
		}
		noAxeViolations(t, b, "2027 with its source")

		b.Do(chromedp.Navigate(e.URL+"/admin/calendar?year=2028"), chromedp.WaitVisible(chromedp.ID("calendar-unpublished")))
		if txt := b.Text("#calendar-unpublished"); !strings.Contains(txt, "未发布") || !strings.Contains(txt, "尚未发布：按周一至周五计算，期限为暂定") {
			t.Fatalf("2028: %q", txt)
		}
		if b.Eval(`String(!!document.getElementById("calendar"))`) != "false" || !strings.Contains(b.Text("#source-missing"), "来源未登记") {
			t.Fatal("2028 must show no table and no source")
		}
		noAxeViolations(t, b, "2028")

		s := apptest.NewBrowser(t)
		e.Login(s, "qz.supervisor")
		s.Do(chromedp.Navigate(e.URL+"/admin/calendar?year=2027"), chromedp.WaitVisible(chromedp.ID("source-facts")))
		if n := s.Text("#source-number"); n != "国办发明电〔2026〕99号" || s.Eval(`String(!!document.getElementById("source-form"))`) != "false" {
			t.Fatalf("the supervisor's view: %q", n)
		}
	})
}

// noAxeViolations fails on every serious or critical WCAG 2.1 AA violation
// axe-core finds on the page (the calendar's forms are not among the main
// pages TestMainPagesPassAxe checks as a supervisor).
func noAxeViolations(t *testing.T, b *apptest.Browser, what string) {
	t.Helper()
	for _, v := range axeCheck(t, b) {
		var where []string
		for _, n := range v.Nodes {
			where = append(where, fmt.Sprint(n.Target...))
		}
		t.Errorf("%s: %s (%s) %s at %s", what, v.ID, v.Impact, v.Help, strings.Join(where, ", "))
	}
}
