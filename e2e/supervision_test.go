package e2e

import (
	"context"
	"fmt"
	"testing"
	"time"

	"onetrip/app/apptest"
	"onetrip/demo"
	"onetrip/httpapi"
	"onetrip/sqlstore"
	"onetrip/sqlstore/sqltest"
	"onetrip/supervision"
)

// residencePermit takes a 居住证申领 (330-GAJG-004: public security, 7
// working days, delivered electronically, no fee) through the 柯城区 window
// for 王建国 with every material he hands in received (his ID card and
// social insurance come from the library and shared data), except those
// named missing, and returns the case as the window left it.
func residencePermit(t *testing.T, e *apptest.Env, missing ...string) caseJSON {
	t.Helper()
	var item struct {
		Materials []struct{ ID, Name, Source string }
	}
	e.Do("GET", "/api/v1/items/330-GAJG-004", "", nil).JSON(t, &item)
	var marks []mark
	for _, m := range item.Materials {
		if m.Source != "applicant" && m.Name != "本人照片" { // the demo registry has no photo of him: he brings one
			continue
		}
		st := "received"
		for _, x := range missing {
			if x == m.Name {
				st = "missing"
			}
		}
		marks = append(marks, mark{Spec: m.ID, Status: st})
	}
	r := e.Do("POST", "/api/v1/cases", "qz.clerk", map[string]any{"item": "330-GAJG-004", "region": "330802", "channel": "window", "delivery": "electronic",
		"applicant": map[string]any{"type": "person", "name": demo.QZApplicant.Name, "id_number": demo.QZApplicant.IDNumber}, "materials": marks,
		"form": map[string]any{}})
	var c caseJSON
	r.JSON(t, &c)
	if r.Status != 201 {
		t.Fatalf("intake: %d %s", r.Status, r.Body)
	}
	return c
}

// approvePermit has the police reviewer approve the case's one task.
func approvePermit(t *testing.T, e *apptest.Env, c caseJSON) caseJSON {
	t.Helper()
	decide(t, e, "qz.reviewer.police", queueTask(t, e, "qz.reviewer.police", c.ID), "approve", map[string]string{"居住地址": "浙江省衢州市柯城区府山街道坊门街18号"})
	e.Do("GET", "/api/v1/cases/"+c.ID, "qz.clerk", nil).JSON(t, &c)
	return c
}

func overview(t *testing.T, e *apptest.Env, user, query string) sqlstore.Overview {
	t.Helper()
	if _, err := e.Store.RefreshStats(context.Background()); err != nil {
		t.Fatal(err)
	}
	var o sqlstore.Overview
	r := e.Do("GET", "/api/v1/stats/overview?"+query, user, nil)
	if r.Status != 200 {
		t.Fatalf("overview %s: %d %s", query, r.Status, r.Body)
	}
	r.JSON(t, &o)
	return o
}

// TestMeasuresOnKnownCases builds a month of 柯城区 cases through the window
// and the reviewers, where every figure is known, and reads them back from
// the overview: the headline, the county among 衢州's children, the item,
// the department and the day of the trend.
func TestMeasuresOnKnownCases(t *testing.T) {
	for _, engine := range sqltest.Engines() {
		t.Run(engine, func(t *testing.T) {
			e := apptest.New(t, engine)
			// Monday 2 March 2026: two permits accepted, due Monday 9 March (衢州
			// promises 5 working days of the statutory 7), and one sent back
			// for its form.
			at(e, time.Date(2026, 3, 2, 10, 0, 0, 0, cst))
			a, b, c := residencePermit(t, e), residencePermit(t, e), residencePermit(t, e, "居住证申领登记表")
			if a.Status != "accepted" || a.PromisedDays != 5 || a.DueDate != "2026-03-09" || c.Status != "needs_correction" {
				t.Fatalf("intake: %s, %d days, due %s; %s", a.Status, a.PromisedDays, a.DueDate, c.Status)
			}
			// A is decided on Wednesday 4 March (2 working days of 5) and
			// closes at once: the licence goes out electronically.
			at(e, time.Date(2026, 3, 4, 15, 0, 0, 0, cst))
			a = approvePermit(t, e, a)
			if a.Status != "closed" {
				t.Fatalf("an electronic result closes at the decision: %s", a.Status)
			}
			// B is decided on Tuesday 10 March, one working day late.
			at(e, time.Date(2026, 3, 10, 9, 0, 0, 0, cst))
			b = approvePermit(t, e, b)
			exempt, materials := 0, 0
			for _, x := range []caseJSON{a, b, c} {
				var full caseJSON
				e.Do("GET", "/api/v1/cases/"+x.ID, "qz.clerk", nil).JSON(t, &full)
				for _, m := range full.Materials {
					materials++
					if m.State == "fetched" || m.State == "prior_step" {
						exempt++
					}
				}
			}
			at(e, time.Date(2026, 4, 1, 9, 0, 0, 0, cst))
			o := overview(t, e, "qz.supervisor", "region=330800&from=2026-03-01&to=2026-03-31")
			m := o.Measures
			want := supervision.Counts{Submitted: 3, Corrected: 1, Accepted: 2, Decided: 2, OnTime: 1, DaysUsed: 2 + 6, DaysPromised: 10,
				Closed: 2, WithinVisits: int64(withinVisits(a) + withinVisits(b)), ZeroTrip: 0, Materials: int64(materials), Exempt: int64(exempt)}
			if m.Counts != want {
				t.Fatalf("counts\n got %+v\nwant %+v", m.Counts, want)
			}
			if m.OnTimeRate != 50 || m.MeanDaysUsed != 4 || m.MeanDaysPromised != 5 || m.CorrectionsPer100 != 33.3 || m.OnlineShare != 0 || m.SatisfactionRate.Known() {
				t.Fatalf("rates %+v", m)
			}
			// 柯城区 holds them all; 衢江区 is listed with nothing (unknown rates, not zeros).
			var kc, qj *sqlstore.Named
			for i := range o.Children {
				switch o.Children[i].Code {
				case "330802":
					kc = &o.Children[i]
				case "330803":
					qj = &o.Children[i]
				}
			}
			if kc == nil || qj == nil || kc.Measures.Counts != want || qj.Measures.Submitted != 0 || qj.Measures.OnTimeRate.Known() {
				t.Fatalf("children %+v", o.Children)
			}
			if len(o.Items) != 1 || o.Items[0].Code != "330-GAJG-004" || o.Items[0].Name != "居住证申领" || o.Items[0].Measures.Decided != 2 {
				t.Fatalf("items %+v", o.Items)
			}
			if len(o.Departments) != 1 || o.Departments[0].Code != "330802-public-security" {
				t.Fatalf("departments %+v", o.Departments)
			}
			if len(o.Windows) != 1 || o.Windows[0].Code != "330802-center" || o.Windows[0].Name == "" || o.Windows[0].Measures.Submitted != 3 {
				t.Fatalf("windows %+v", o.Windows)
			}
			if o.CatalogItems == 0 || o.OnlineItems == 0 || o.OnlineItems > o.CatalogItems || !o.OnlineItemShare.Known() {
				t.Fatalf("items online: %d of %d", o.OnlineItems, o.CatalogItems)
			}
			if o.Bucket != "day" || len(o.Trend) != 31 || o.Trend[1].Code != "2026-03-02" || o.Trend[1].Measures.Accepted != 2 || o.Trend[3].Measures.OnTime != 1 || o.Trend[9].Measures.Decided != 1 {
				t.Fatalf("trend %+v", o.Trend[:12])
			}
			// A year reads months: the same counts.
			if y := overview(t, e, "zj.admin", "region=330000&from=2026-01-01&to=2026-04-01"); y.Measures.Counts != want || y.Bucket != "month" || len(y.Trend) != 4 {
				t.Fatalf("province %+v", y.Measures.Counts)
			}
			// The projection is a fold: rebuilt from nothing it says the same.
			if _, err := e.Store.RebuildStats(context.Background()); err != nil {
				t.Fatal(err)
			}
			if again := overview(t, e, "qz.supervisor", "region=330800&from=2026-03-01&to=2026-03-31"); again.Measures.Counts != want {
				t.Fatalf("rebuilt %+v", again.Measures.Counts)
			}

			// Bad input: a region outside the scope, upside down, not a date, in the future.
			for _, tc := range []struct {
				user, query string
				status      int
			}{
				{"qz.supervisor", "region=330100", 403},
				{"qz.supervisor", "region=330800&from=2026-03-31&to=2026-03-01", 400},
				{"qz.supervisor", "region=330800&from=2026-3-1", 400},
				{"qz.supervisor", "region=330800&to=2027-01-01", 400},
				{"qz.supervisor", "region=33080X", 400},
				{"qz.clerk", "", 403},
				{"qz.applicant", "", 403},
				{"", "", 401},
			} {
				if r := e.Do("GET", "/api/v1/stats/overview?"+tc.query, tc.user, nil); r.Status != tc.status {
					t.Errorf("%s %s: %d %s, want %d", tc.user, tc.query, r.Status, r.Body, tc.status)
				}
			}
		})
	}
}

func withinVisits(c caseJSON) int {
	if c.Visits.Counted <= c.MaxVisits {
		return 1
	}
	return 0
}

// TestRatingOpensRectification: the applicant rates a closed case once; a
// bad rating opens a rectification for the police department, which is
// overdue after 15 working days unanswered; answered, the applicant adds
// one follow-up rating and no more.
func TestRatingOpensRectification(t *testing.T) {
	for _, engine := range sqltest.Engines() {
		t.Run(engine, func(t *testing.T) {
			e := apptest.New(t, engine)
			at(e, time.Date(2026, 3, 2, 10, 0, 0, 0, cst))
			open := residencePermit(t, e)
			done := approvePermit(t, e, residencePermit(t, e))
			rate := func(user, caseID, level, comment string) (int, string, httpapi.RatingAnswer) {
				r := e.Do("POST", "/api/v1/ratings", user, map[string]any{"case_id": caseID, "target": "case", "level": level, "comment": comment})
				var a httpapi.RatingAnswer
				if r.Status == 201 {
					r.JSON(t, &a)
				}
				return r.Status, r.ErrorCode(), a
			}
			for _, tc := range []struct {
				name, user, caseID, level, comment string
				status                             int
			}{
				{"an open case", "qz.applicant", open.ID, "satisfied", "", 409},
				{"someone else's case", "hz.applicant", done.ID, "satisfied", "", 404},
				{"a clerk online", "qz.clerk", done.ID, "satisfied", "", 403},
				{"a bad rating without a reason", "qz.applicant", done.ID, "dissatisfied", "", 400},
				{"an unknown level", "qz.applicant", done.ID, "great", "", 400},
				{"an unknown case", "qz.applicant", "0193a1b2-7c4d-7e5f-8a9b-0c1d2e3f4a5b", "satisfied", "", 404},
			} {
				if st, code, _ := rate(tc.user, tc.caseID, tc.level, tc.comment); st != tc.status {
					t.Errorf("%s: %d %s, want %d", tc.name, st, code, tc.status)
				}
			}
			if r := e.Do("POST", "/api/v1/ratings", "qz.applicant", `{"case_id": "`+done.ID+`", "level": `); r.Status != 400 {
				t.Errorf("malformed JSON: %d", r.Status)
			}
			if list, _ := e.Store.CaseRatings(context.Background(), done.ID); len(list) != 0 {
				t.Fatalf("refused ratings were written: %+v", list)
			}

			// Friday 6 March: 不满意. Contact due Monday 9, answer due Friday 27.
			at(e, time.Date(2026, 3, 6, 15, 0, 0, 0, cst))
			st, _, ans := rate("qz.applicant", done.ID, "dissatisfied", "窗口等候时间太长")
			if st != 201 || ans.Rectification == nil || ans.Rectification.Department != "330802-public-security" ||
				ans.Rectification.ContactDue != "2026-03-09" || ans.Rectification.AnswerDue != "2026-03-27" {
				t.Fatalf("bad rating: %d %+v", st, ans)
			}
			if st, _, _ := rate("qz.applicant", done.ID, "satisfied", ""); st != 409 {
				t.Fatalf("a second rating while rectifying: %d", st)
			}
			x := ans.Rectification
			var seen supervision.Rectification
			if r := e.Do("GET", "/api/v1/rectifications/"+x.ID, "hz.supervisor", nil); r.Status != 404 {
				t.Fatalf("another city's supervisor reads it: %d", r.Status)
			}
			e.Do("GET", "/api/v1/rectifications/"+x.ID, "qz.supervisor", nil).JSON(t, &seen)
			if seen.Status != supervision.RectOnTime {
				t.Fatalf("just opened: %s", seen.Status)
			}
			// Unanswered after 15 working days (Monday 30 March): overdue, listed so.
			at(e, time.Date(2026, 3, 30, 9, 0, 0, 0, cst))
			var overdue []supervision.Rectification
			e.Do("GET", "/api/v1/rectifications?overdue=true", "qz.supervisor", nil).JSON(t, &overdue)
			if len(overdue) != 1 || overdue[0].ID != x.ID || overdue[0].Status != supervision.RectOverdue {
				t.Fatalf("overdue list: %+v", overdue)
			}
			step := func(user, action, text string, version int) (int, supervision.Rectification) {
				r := e.Do("POST", "/api/v1/rectifications/"+x.ID+"/steps", user, map[string]any{"action": action, "text": text, "version": version})
				var y supervision.Rectification
				if r.Status == 200 {
					r.JSON(t, &y)
				}
				return r.Status, y
			}
			for _, tc := range []struct {
				name, user, action, text string
				version, status          int
			}{
				{"the supervisor answers for the department", "qz.supervisor", "answer", "已整改", 1, 403},
				{"another department", "qz.reviewer.tax", "answer", "已整改", 1, 404},
				{"an empty answer", "qz.reviewer.police", "answer", " ", 1, 400},
				{"an unknown step", "qz.reviewer.police", "close", "x", 1, 400},
				{"a stale version", "qz.reviewer.police", "contact", "已电话联系", 7, 409},
			} {
				if st, _ := step(tc.user, tc.action, tc.text, tc.version); st != tc.status {
					t.Errorf("%s: %d, want %d", tc.name, st, tc.status)
				}
			}
			st, y := step("qz.reviewer.police", "contact", "已电话联系申请人并致歉", 1)
			if st != 200 || y.State != supervision.RectContacted || y.Version != 2 {
				t.Fatalf("contact: %d %+v", st, y)
			}
			st, y = step("qz.reviewer.police", "answer", "增开周末窗口，等候时间缩短至15分钟内", 2)
			if st != 200 || y.State != supervision.RectAnswered || y.Status != supervision.RectDoneLate {
				t.Fatalf("answer: %d %+v", st, y)
			}
			// The one follow-up rating, then no more.
			if st, _, ans := rate("qz.applicant", done.ID, "satisfied", ""); st != 201 || !ans.Rating.FollowUp || ans.Rectification != nil {
				t.Fatalf("follow-up: %d %+v", st, ans)
			}
			if st, _, _ := rate("qz.applicant", done.ID, "very_satisfied", ""); st != 409 {
				t.Fatalf("a third rating: %d", st)
			}
			at(e, time.Date(2026, 4, 1, 9, 0, 0, 0, cst))
			o := overview(t, e, "qz.supervisor", "region=330800&from=2026-03-01&to=2026-03-31")
			if o.Measures.Ratings != 2 || o.Measures.Bad != 1 || o.Measures.SatisfactionRate != 50 ||
				o.Measures.Rect != (supervision.RectCounts{Opened: 1, Answered: 1}) || o.Measures.RectOnTimeRate != 0 {
				t.Fatalf("rating measures %+v %+v", o.Measures.Counts, o.Measures.Rect)
			}
		})
	}
}

// TestClockWatchAlertsOnce: a task turning due-soon and then overdue raises
// one alert of each kind, seen by the department's reviewers and the
// city's supervisors, not by another department or city.
func TestClockWatchAlertsOnce(t *testing.T) {
	for _, engine := range sqltest.Engines() {
		t.Run(engine, func(t *testing.T) {
			e := apptest.New(t, engine)
			at(e, time.Date(2026, 3, 2, 10, 0, 0, 0, cst))
			c := residencePermit(t, e)
			ctx := context.Background()
			alerts := func(user string) []supervision.Alert {
				var list []supervision.Alert
				if r := e.Do("GET", "/api/v1/alerts", user, nil); r.Status != 200 {
					t.Fatalf("alerts for %s: %d %s", user, r.Status, r.Body)
				} else {
					r.JSON(t, &list)
				}
				return list
			}
			kinds := func(list []supervision.Alert) map[string]int {
				out := map[string]int{}
				for _, a := range list {
					if a.CaseID == c.ID {
						out[fmt.Sprintf("%s/%v", a.Kind, a.TaskID != "")]++
					}
				}
				return out
			}
			if _, err := e.Store.WatchClocks(ctx); err != nil {
				t.Fatal(err)
			}
			if k := kinds(alerts("qz.supervisor")); len(k) != 0 {
				t.Fatalf("a fresh clock alerts: %v", k)
			}
			// Friday 6 March: one working day left of 5 — due soon.
			at(e, time.Date(2026, 3, 6, 9, 0, 0, 0, cst))
			for range 2 {
				if _, err := e.Store.WatchClocks(ctx); err != nil {
					t.Fatal(err)
				}
			}
			if k := kinds(alerts("qz.reviewer.police")); k["due_soon/true"] != 1 || k["due_soon/false"] != 1 || len(k) != 2 {
				t.Fatalf("due soon, seen by the police: %v", k)
			}
			// Tuesday 10 March: overdue.
			at(e, time.Date(2026, 3, 10, 9, 0, 0, 0, cst))
			raised, err := e.Store.WatchClocks(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if again, _ := e.Store.WatchClocks(ctx); len(again) != 0 {
				t.Fatalf("raised twice: %+v", again)
			}
			if len(raised) < 2 {
				t.Fatalf("raised %+v", raised)
			}
			if k := kinds(alerts("qz.supervisor")); k["overdue/true"] != 1 || k["overdue/false"] != 1 || k["due_soon/true"] != 1 {
				t.Fatalf("the city's supervisor: %v", k)
			}
			for _, user := range []string{"qz.reviewer.tax", "hz.supervisor"} {
				if k := kinds(alerts(user)); len(k) != 0 {
					t.Fatalf("%s sees %v", user, k)
				}
			}
			if r := e.Do("GET", "/api/v1/alerts", "qz.applicant", nil); r.Status != 403 {
				t.Fatalf("an applicant reads alerts: %d", r.Status)
			}
			if r := e.Do("GET", "/api/v1/alerts?region=330100", "qz.supervisor", nil); r.Status != 403 {
				t.Fatalf("another city's alerts: %d", r.Status)
			}
		})
	}
}

// TestProgressReportsAndCircular: the province sets a round; 衢州's
// supervisor finds the report pre-filled with 衢州's and its counties'
// figures, saves a draft and submits it by the due date; 杭州 does not; the
// circular ranks the cities on the period's figures and names 杭州 late.
func TestProgressReportsAndCircular(t *testing.T) {
	for _, engine := range sqltest.Engines() {
		t.Run(engine, func(t *testing.T) {
			e := apptest.New(t, engine)
			at(e, time.Date(2026, 3, 2, 10, 0, 0, 0, cst))
			approvePermit(t, e, residencePermit(t, e))
			at(e, time.Date(2026, 3, 9, 9, 0, 0, 0, cst))
			round := map[string]any{"name": "2026年3月第一轮", "from": "2026-03-01", "to": "2026-03-08", "due": "2026-03-13"}
			for _, tc := range []struct {
				user   string
				edit   func(map[string]any)
				status int
			}{
				{"qz.clerk", nil, 403},
				{"zj.admin", func(m map[string]any) { m["due"] = "2026-03-14" }, 400},  // a Saturday
				{"zj.admin", func(m map[string]any) { m["due"] = "2026-03-06" }, 400},  // before the period ends
				{"zj.admin", func(m map[string]any) { m["from"] = "2026-03-10" }, 400}, // upside down
			} {
				body := map[string]any{}
				for k, v := range round {
					body[k] = v
				}
				if tc.edit != nil {
					tc.edit(body)
				}
				if r := e.Do("POST", "/api/v1/report-rounds", tc.user, body); r.Status != tc.status {
					t.Errorf("%s %v: %d %s", tc.user, body, r.Status, r.Body)
				}
			}
			var rd supervision.Round
			if r := e.Do("POST", "/api/v1/report-rounds", "zj.admin", round); r.Status != 201 {
				t.Fatalf("round: %d %s", r.Status, r.Body)
			} else {
				r.JSON(t, &rd)
			}
			if _, err := e.Store.RefreshStats(context.Background()); err != nil {
				t.Fatal(err)
			}
			path := "/api/v1/report-rounds/" + rd.ID + "/reports/330800"
			var rep supervision.Report
			e.Do("GET", path, "qz.supervisor", nil).JSON(t, &rep)
			if rep.State != supervision.ReportDraft || rep.Measures.Decided != 1 || rep.Measures.OnTimeRate != 100 || len(rep.Children) == 0 || rep.Version != 0 {
				t.Fatalf("pre-filled: %+v", rep)
			}
			for _, tc := range []struct {
				user, region string
				body         map[string]any
				status       int
			}{
				{"hz.supervisor", "330800", map[string]any{"narrative": "x", "version": 0}, 404},
				{"zj.admin", "330800", map[string]any{"narrative": "x", "version": 0}, 403},
				{"qz.supervisor", "330100", map[string]any{"narrative": "x", "version": 0}, 404},
				{"qz.supervisor", "330802", map[string]any{"narrative": "x", "version": 0}, 404}, // a county does not report to the province
				{"qz.supervisor", "330800", map[string]any{"narrative": "", "submit": true, "version": 0}, 400},
				{"qz.supervisor", "330800", map[string]any{"narrative": "x", "version": 3}, 409},
			} {
				if r := e.Do("PUT", "/api/v1/report-rounds/"+rd.ID+"/reports/"+tc.region, tc.user, tc.body); r.Status != tc.status {
					t.Errorf("%s writes %s: %d %s", tc.user, tc.region, r.Status, r.Body)
				}
			}
			r := e.Do("PUT", path, "qz.supervisor", map[string]any{"narrative": "全市居住证申领按时办结", "version": 0})
			r.JSON(t, &rep)
			if r.Status != 200 || rep.State != supervision.ReportDraft || rep.Version != 1 {
				t.Fatalf("draft: %d %s", r.Status, r.Body)
			}
			at(e, time.Date(2026, 3, 13, 16, 0, 0, 0, cst))
			r = e.Do("PUT", path, "qz.supervisor", map[string]any{"narrative": "全市居住证申领按时办结，零跑动事项持续增加", "submit": true, "version": 1})
			r.JSON(t, &rep)
			if r.Status != 200 || rep.State != supervision.ReportSubmitted {
				t.Fatalf("submit: %d %s", r.Status, r.Body)
			}
			if r := e.Do("PUT", path, "qz.supervisor", map[string]any{"narrative": "改", "submit": true, "version": 2}); r.Status != 409 {
				t.Fatalf("a submitted report changed: %d", r.Status)
			}
			at(e, time.Date(2026, 3, 16, 9, 0, 0, 0, cst))
			var v sqlstore.RoundView
			e.Do("GET", "/api/v1/report-rounds/"+rd.ID, "zj.admin", nil).JSON(t, &v)
			st := map[string]supervision.ReportStatus{}
			for _, x := range v.Regions {
				st[x.Code] = x.Status
			}
			if len(v.Regions) != 11 || st["330800"] != supervision.StatusOnTime || st["330100"] != supervision.StatusLate {
				t.Fatalf("standing: %v", st)
			}
			var own sqlstore.RoundView
			e.Do("GET", "/api/v1/report-rounds/"+rd.ID, "qz.supervisor", nil).JSON(t, &own)
			if len(own.Regions) != 1 || own.Regions[0].Code != "330800" {
				t.Fatalf("a city sees only its own standing: %+v", own.Regions)
			}
			if r := e.Do("GET", "/api/v1/report-rounds/"+rd.ID+"/circular", "qz.supervisor", nil); r.Status != 404 {
				t.Fatalf("a city reads the circular: %d", r.Status)
			}
			var c supervision.Circular
			e.Do("GET", "/api/v1/report-rounds/"+rd.ID+"/circular", "zj.admin", nil).JSON(t, &c)
			if len(c.Ranking) != 11 || c.Ranking[0].Code != "330800" || c.Ranking[0].Score != 100 || len(c.Late) != 10 || c.Statuses["on_time"] != 1 {
				t.Fatalf("circular: %+v", c)
			}
		})
	}
}

// TestDemoHistory: the demo's past is made by the real commands and shows
// what a supervisor needs to see — late and on-time decisions, overdue
// clocks with their alerts, breaches, ratings and rectifications.
func TestDemoHistory(t *testing.T) {
	e := apptest.New(t, "sqlite")
	end := time.Date(2026, 11, 30, 17, 0, 0, 0, cst)
	res, err := demo.LoadHistory(context.Background(), e.Store, 60, 60, end)
	if err != nil {
		t.Fatal(err)
	}
	if res.Cases != 120 || res.Ratings == 0 {
		t.Fatalf("history %+v", res)
	}
	at(e, end)
	o := overview(t, e, "qz.supervisor", "region=330800&from=2026-08-01&to=2026-11-30")
	m := o.Measures
	if m.Submitted != 60 || m.Decided < 30 || m.OnTime == m.Decided || m.Corrected == 0 || m.Ratings == 0 || !m.OnTimeRate.Known() {
		t.Fatalf("衢州's measures %+v", m.Counts)
	}
	var alerts []supervision.Alert
	e.Do("GET", "/api/v1/alerts?kind=overdue", "qz.supervisor", nil).JSON(t, &alerts)
	if len(alerts) == 0 {
		t.Fatal("no overdue alerts in the history")
	}
	var cs []caseJSON
	e.Do("GET", "/api/v1/cases?region=330802&overdue=1", "qz.supervisor", nil).JSON(t, &cs)
	if len(cs) == 0 {
		t.Fatal("no overdue case to drill down to")
	}
}

// TestFoldSeesChangesAtOneMoment: two changes of a case at the same
// moment (a pinned clock; two commands in one microsecond) are told apart
// by the case's version, so a fold between them misses nothing.
func TestFoldSeesChangesAtOneMoment(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		at(e, time.Date(2026, 3, 2, 10, 0, 0, 0, cst))
		c := residencePermit(t, e)
		if _, err := e.Store.RefreshStats(context.Background()); err != nil {
			t.Fatal(err)
		}
		approvePermit(t, e, c) // the same moment
		at(e, time.Date(2026, 3, 3, 10, 0, 0, 0, cst))
		o := overview(t, e, "qz.supervisor", "region=330800&from=2026-03-01&to=2026-03-02")
		if o.Measures.Accepted != 1 || o.Measures.Decided != 1 || o.Measures.Closed != 1 {
			t.Fatalf("the decision at the acceptance's moment was not folded: %+v", o.Measures.Counts)
		}
	})
}
