package web_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"onetrip"
	"onetrip/app/apptest"
	"onetrip/casework"
	"onetrip/demo"
	"onetrip/web"
)

// permitCase is a 居住证申领 (330-GAJG-004, delivered electronically, no
// fee) for the demo applicant 王建国 through the 柯城区 window, every
// material he hands in received; approved, it closes.
func permitCase(t *testing.T, e *apptest.Env, approve bool) casework.Case {
	t.Helper()
	var item struct {
		Materials []struct{ ID, Name, Source string }
	}
	e.Do("GET", "/api/v1/items/330-GAJG-004", "", nil).JSON(t, &item)
	var marks []map[string]string
	for _, m := range item.Materials {
		if m.Source == "applicant" || m.Name == "本人照片" {
			marks = append(marks, map[string]string{"spec": m.ID, "status": "received"})
		}
	}
	r := e.Do("POST", "/api/v1/cases", "qz.clerk", map[string]any{"item": "330-GAJG-004", "region": "330802", "channel": "window", "delivery": "electronic",
		"applicant": map[string]any{"type": "person", "name": demo.QZApplicant.Name, "id_number": demo.QZApplicant.IDNumber}, "materials": marks, "form": map[string]any{}})
	var c casework.Case
	r.JSON(t, &c)
	if r.Status != http.StatusCreated {
		t.Fatalf("intake: %d %s", r.Status, r.Body)
	}
	if !approve {
		return c
	}
	var tasks []casework.TaskView
	e.Do("GET", "/api/v1/tasks?status=ready", "qz.reviewer.police", nil).JSON(t, &tasks)
	for _, x := range tasks {
		if x.CaseID != c.ID {
			continue
		}
		r := e.Do("POST", "/api/v1/tasks/"+x.ID+"/decision", "qz.reviewer.police", map[string]any{"decision": "approve", "opinion": "同意",
			"outputs": map[string]string{"居住地址": "浙江省衢州市柯城区府山街道坊门街18号"}, "version": x.Version})
		if r.Status != http.StatusOK {
			t.Fatalf("decide: %d %s", r.Status, r.Body)
		}
	}
	e.Do("GET", "/api/v1/cases/"+c.ID, "qz.clerk", nil).JSON(t, &c)
	if c.Status != "closed" {
		t.Fatalf("approved permit is %s", c.Status)
	}
	return c
}

func (c *pageClient) post(path string, form url.Values) (int, string) {
	c.t.Helper()
	form.Set("csrf", c.csrf)
	return c.do("POST", path, form)
}

func wants(t *testing.T, what, body string, in ...string) {
	t.Helper()
	for _, s := range in {
		if !strings.Contains(body, s) {
			t.Errorf("%s: %q missing", what, s)
		}
	}
}

func lacks(t *testing.T, what, body string, out ...string) {
	t.Helper()
	for _, s := range out {
		if strings.Contains(body, s) {
			t.Errorf("%s: %q present", what, s)
		}
	}
}

var rectLink = regexp.MustCompile(`href="/rectifications/([0-9a-f-]{36})"`)

// TestSupervisionPages walks the pages of supervision without a browser:
// the applicant rates a closed case on its page (a bad rating needs a
// reason), the department contacts and answers on the rectification page
// (a stale version is the store's 409), the applicant sees the answer and
// rates once more; the rating device at the window; the dashboard with its
// drill-downs, refusals and export; the case list's new filters; the
// alerts page and the header's badge.
func TestSupervisionPages(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		at := func(tm time.Time) { e.Store.SetClock(func() time.Time { return tm.UTC() }) }
		at(time.Date(2026, 3, 2, 10, 0, 0, 0, onetrip.China))
		open := permitCase(t, e, false)
		done := permitCase(t, e, true)
		applicant, police := pageAs(t, e, "qz.applicant"), pageAs(t, e, "qz.reviewer.police")
		sup, clerk := pageAs(t, e, "qz.supervisor"), pageAs(t, e, "qz.clerk")

		t.Run("rating", func(t *testing.T) {
			if st, body := applicant.do("GET", "/cases/"+open.ID, nil); st != 200 || strings.Contains(body, `id="rating-form"`) {
				t.Fatalf("an open case: %d, form shown %v", st, strings.Contains(body, `id="rating-form"`))
			}
			st, body := applicant.do("GET", "/cases/"+done.ID, nil)
			if st != 200 {
				t.Fatalf("closed case: %d", st)
			}
			wants(t, "closed case", body, `id="rating-form"`, "非常满意", "非常不满意", `name="csrf"`)
			if st, _ := applicant.do("POST", "/cases/"+done.ID+"/rating", url.Values{"level": {"satisfied"}}); st != http.StatusForbidden {
				t.Fatalf("no CSRF token: %d", st)
			}
			st, body = applicant.post("/cases/"+done.ID+"/rating", url.Values{"level": {"dissatisfied"}})
			if st != http.StatusBadRequest {
				t.Fatalf("a bad rating without a reason: %d", st)
			}
			wants(t, "refused rating", body, `id="rating-error"`, "请说明不满意的原因", `id="rating-form"`)
			if st, body := sup.do("GET", "/cases/"+done.ID, nil); st != 200 || strings.Contains(body, `id="rating-form"`) {
				t.Fatalf("a supervisor gets the form: %d", st)
			}
			st, _ = applicant.post("/cases/"+done.ID+"/rating", url.Values{"level": {"dissatisfied"}, "comment": {"窗口等候时间太长"}})
			if st != http.StatusSeeOther {
				t.Fatalf("rate: %d", st)
			}
			_, body = applicant.do("GET", "/cases/"+done.ID+"?done=rated", nil)
			wants(t, "rated", body, "感谢您的评价", "您的评价", "不满意", `id="rating-rect"`)
			lacks(t, "rated", body, `id="rating-form"`)
			if st, _ := applicant.post("/cases/"+done.ID+"/rating", url.Values{"level": {"satisfied"}}); st != http.StatusConflict {
				t.Fatalf("a second rating while rectifying: %d", st)
			}
		})

		var rectID string
		t.Run("rectification", func(t *testing.T) {
			st, body := police.do("GET", "/rectifications", nil)
			if st != 200 {
				t.Fatalf("list: %d", st)
			}
			wants(t, "list", body, done.Number, "待联系", "窗口等候时间太长")
			m := rectLink.FindStringSubmatch(body)
			if m == nil {
				t.Fatalf("no link to the rectification: %s", body)
			}
			rectID = m[1]
			if st, _ := applicant.do("GET", "/rectifications", nil); st != http.StatusForbidden {
				t.Fatalf("an applicant lists rectifications: %d", st)
			}
			if st, body := sup.do("GET", "/rectifications?overdue=1", nil); st != 200 || strings.Contains(body, done.Number) {
				t.Fatalf("overdue before the limit: %d", st)
			}
			if st, body := sup.do("GET", "/rectifications/"+rectID, nil); st != 200 || strings.Contains(body, `id="rect-answer-form"`) {
				t.Fatalf("the supervisor reads, does not answer: %d", st)
			}
			_, body = police.do("GET", "/rectifications/"+rectID, nil)
			wants(t, "page", body, `id="rect-contact-form"`, `id="rect-answer-form"`, "/cases/"+done.ID, `id="rect-contact-due"`)
			st, body = police.post("/rectifications/"+rectID+"/step", url.Values{"action": {"contact"}, "text": {"已电话联系"}, "version": {"7"}})
			if st != http.StatusConflict {
				t.Fatalf("stale version: %d", st)
			}
			wants(t, "stale version", body, `id="rect-error"`, "整改单已被他人更新", "已电话联系")
			if st, _ := police.post("/rectifications/"+rectID+"/step", url.Values{"action": {"contact"}, "text": {"已电话联系申请人并致歉"}, "version": {"1"}}); st != http.StatusSeeOther {
				t.Fatalf("contact: %d", st)
			}
			if st, _ := police.post("/rectifications/"+rectID+"/step", url.Values{"action": {"answer"}, "text": {"增开周末窗口"}, "version": {"2"}}); st != http.StatusSeeOther {
				t.Fatalf("answer: %d", st)
			}
			_, body = police.do("GET", "/rectifications/"+rectID+"?done=answer", nil)
			wants(t, "answered", body, "已提交整改答复", "增开周末窗口", "已电话联系申请人并致歉")
			lacks(t, "answered", body, `id="rect-answer-form"`)
		})

		t.Run("follow-up", func(t *testing.T) {
			_, body := applicant.do("GET", "/cases/"+done.ID, nil)
			wants(t, "answered", body, "增开周末窗口", `id="rating-form"`, "整改已答复")
			if st, _ := applicant.post("/cases/"+done.ID+"/rating", url.Values{"level": {"satisfied"}}); st != http.StatusSeeOther {
				t.Fatalf("follow-up: %d", st)
			}
			_, body = applicant.do("GET", "/cases/"+done.ID, nil)
			wants(t, "after the follow-up", body, "追评", "满意")
			lacks(t, "after the follow-up", body, `id="rating-form"`)
		})

		t.Run("device", func(t *testing.T) {
			if st, body := clerk.do("GET", "/window/rate/"+open.ID, nil); st != 200 || !strings.Contains(body, `id="rate-not-yet"`) {
				t.Fatalf("an open case on the device: %d", st)
			}
			st, body := clerk.do("GET", "/window/rate/"+done.ID, nil)
			if st != 200 {
				t.Fatalf("device: %d", st)
			}
			wants(t, "device", body, `id="device-form"`, `value="window" checked`, "device-level")
			if st, _ := applicant.do("GET", "/window/rate/"+done.ID, nil); st != http.StatusForbidden {
				t.Fatalf("an applicant opens the device: %d", st)
			}
			if st, _ := clerk.post("/window/rate/"+done.ID, url.Values{"target": {"window"}, "level": {"very_satisfied"}}); st != http.StatusSeeOther {
				t.Fatalf("device rating: %d", st)
			}
			_, body = clerk.do("GET", "/window/rate/"+done.ID+"?done=window", nil)
			wants(t, "device rated", body, "感谢您的评价", "（已评价：非常满意）")
			if st, _ := clerk.post("/window/rate/"+done.ID, url.Values{"target": {"window"}, "level": {"satisfied"}}); st != http.StatusConflict {
				t.Fatalf("the window rated twice: %d", st)
			}
		})

		t.Run("dashboard", func(t *testing.T) {
			at(time.Date(2026, 3, 31, 10, 0, 0, 0, onetrip.China))
			// Sessions from four weeks ago have run out.
			applicant, police, sup = pageAs(t, e, "qz.applicant"), pageAs(t, e, "qz.reviewer.police"), pageAs(t, e, "qz.supervisor")
			if _, err := e.Store.RefreshStats(ctx); err != nil {
				t.Fatal(err)
			}
			q := "region=330800&from=2026-03-01&to=2026-03-31"
			st, body := sup.do("GET", "/supervision/dashboard?"+q, nil)
			if st != 200 {
				t.Fatalf("dashboard: %d %s", st, body)
			}
			wants(t, "dashboard", body, "电子监察总览", `id="fig-on_time"`, "按时办结率", "最多跑一次实现率", "<svg", "柯城区", `id="dash-children"`,
				`/supervision/cases?breach=1&amp;from=2026-03-01&amp;region=330800&amp;to=2026-03-31`, `/supervision/dashboard?from=2026-03-01&amp;region=330802&amp;to=2026-03-31`,
				`item=330-GAJG-004`)
			en := *sup
			en.lang = "en"
			if st, body := en.do("GET", "/supervision/dashboard?"+q, nil); st != 200 || !strings.Contains(body, "Supervision dashboard") || !strings.Contains(body, "On-time rate by day") {
				t.Errorf("in English: %d", st)
			}
			for _, c := range []struct {
				query  string
				status int
			}{
				{"region=330100", http.StatusForbidden},
				{"region=330800&from=2026-03-10&to=2026-03-01", http.StatusBadRequest},
				{"region=33080x", http.StatusBadRequest},
			} {
				if st, _ := sup.do("GET", "/supervision/dashboard?"+c.query, nil); st != c.status {
					t.Errorf("%s: %d, want %d", c.query, st, c.status)
				}
			}
			if st, _ := police.do("GET", "/supervision/dashboard", nil); st != http.StatusForbidden {
				t.Errorf("a reviewer opens the dashboard: %d", st)
			}
			st, h, b := fetch(t, e, "GET", "/supervision/dashboard.xlsx?"+q, "Bearer "+e.Token("qz.supervisor"))
			if st != 200 || !strings.Contains(h.Get("Content-Type"), "spreadsheetml") {
				t.Fatalf("export: %d %s", st, b)
			}
			f, err := excelize.OpenReader(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if got := f.GetSheetList(); !slices.Equal(got, web.DashboardSheets) {
				t.Fatalf("sheets %v", got)
			}
			rows, _ := f.GetRows("汇总")
			if len(rows) != 2 || rows[0][3] != "受理" || rows[1][1] != "330800" || rows[1][3] == "" {
				t.Fatalf("汇总: %v", rows)
			}
			typ, _ := f.GetCellType("汇总", "D2")
			if typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
				t.Errorf("counts are numbers, D2 is %v", typ)
			}
			if kids, _ := f.GetRows("下级地区"); len(kids) < 2 {
				t.Errorf("下级地区: %v", kids)
			}
		})

		t.Run("case list", func(t *testing.T) {
			st, body := sup.do("GET", "/supervision/cases?item=330-GAJG-004&from=2026-03-02&to=2026-03-02", nil)
			if st != 200 {
				t.Fatalf("list: %d", st)
			}
			wants(t, "that day", body, open.Number, done.Number, `id="sup-item"`)
			_, body = sup.do("GET", "/supervision/cases?item=330-GAJG-004&from=2026-03-03", nil)
			lacks(t, "after that day", body, open.Number, done.Number)
			_, body = sup.do("GET", "/supervision/cases?item=330-SCJG-004&from=2026-03-02&to=2026-03-02", nil)
			lacks(t, "another item", body, open.Number)
			if st, _ := sup.do("GET", "/supervision/cases?from=2026-13-01", nil); st != http.StatusBadRequest {
				t.Errorf("a bad date: %d", st)
			}
		})

		t.Run("alerts", func(t *testing.T) {
			if st, body := applicant.do("GET", "/", nil); st != 200 || strings.Contains(body, `id="alert-badge"`) {
				t.Fatalf("applicant's home: %d", st)
			}
			if st, _ := (&pageClient{t: t, e: e}).do("GET", "/", nil); st != 200 {
				t.Fatalf("anonymous home: %d", st)
			}
			if st, _ := applicant.do("GET", "/alerts", nil); st != http.StatusForbidden {
				t.Fatalf("an applicant's alerts: %d", st)
			}
			// The open case's clock runs out: an alert, shown in the badge
			// until the alerts page is opened.
			if _, err := e.Store.WatchClocks(ctx); err != nil {
				t.Fatal(err)
			}
			_, body := sup.do("GET", "/workbench", nil)
			wants(t, "workbench", body, `id="alert-badge"`, "/supervision/dashboard")
			st, body := sup.do("GET", "/alerts", nil)
			if st != 200 {
				t.Fatalf("alerts: %d", st)
			}
			wants(t, "alerts", body, open.Number, "已超期", "alert-new")
			_, body = sup.do("GET", "/workbench", nil)
			lacks(t, "workbench after", body, `id="alert-badge"`)
			if st, body := police.do("GET", "/alerts", nil); st != 200 || !strings.Contains(body, open.Number) {
				t.Fatalf("the department's alerts: %d", st)
			}
		})
		t.Run("english", func(t *testing.T) {
			for user, paths := range map[string][]string{
				"qz.supervisor":      {"/supervision/dashboard?region=330800&from=2026-03-01&to=2026-03-31", "/rectifications", "/rectifications/" + rectID, "/alerts", "/cases/" + done.ID},
				"qz.reviewer.police": {"/rectifications", "/alerts"},
				"qz.applicant":       {"/cases/" + done.ID},
				"qz.clerk":           {"/window/rate/" + done.ID, "/cases/" + done.ID, "/rectifications"},
			} {
				c := pageAs(t, e, user)
				c.lang = "en"
				for _, path := range paths {
					st, body := c.do("GET", path, nil)
					if st != 200 {
						t.Errorf("%s as %s: %d", path, user, st)
						continue
					}
					text := pageTags.ReplaceAllString(body, " ")
					if m := fullWidthAfterLatin.FindAllString(text, 3); len(m) > 0 || strings.Contains(text, "(s)") {
						t.Errorf("%s as %s: Chinese punctuation or a plural in English: %q", path, user, m)
					}
				}
			}
		})
	})
}
