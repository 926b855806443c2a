package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"onetrip"
	"onetrip/app/apptest"
)

// TestReportPages: the province sets a round on its page (a holiday due
// date refused at the form), 衢州's supervisor finds the report pre-filled,
// saves a draft and submits it, cannot write 杭州's, and the province's
// circular prints with 衢州 first and exports to Excel.
func TestReportPages(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		at := func(tm time.Time) { e.Store.SetClock(func() time.Time { return tm.UTC() }) }
		at(time.Date(2026, 3, 2, 10, 0, 0, 0, onetrip.China))
		permitCase(t, e, true)
		at(time.Date(2026, 3, 9, 9, 0, 0, 0, onetrip.China))
		if _, err := e.Store.RefreshStats(t.Context()); err != nil {
			t.Fatal(err)
		}
		prov, qz, hz, clerk := pageAs(t, e, "zj.admin"), pageAs(t, e, "qz.supervisor"), pageAs(t, e, "hz.supervisor"), pageAs(t, e, "qz.clerk")
		if st, _ := clerk.do("GET", "/supervision/reports", nil); st != http.StatusForbidden {
			t.Fatalf("a clerk opens the reports: %d", st)
		}
		st, body := prov.do("GET", "/supervision/reports", nil)
		if st != 200 || !strings.Contains(body, `id="round-form"`) {
			t.Fatalf("the province's reports page: %d", st)
		}
		if st, body := qz.do("GET", "/supervision/reports", nil); st != 200 || !strings.Contains(body, `id="round-form"`) {
			t.Fatalf("a city sets rounds for its counties: %d", st)
		}
		round := url.Values{"name": {"2026年3月第一轮"}, "from": {"2026-03-01"}, "to": {"2026-03-08"}, "due": {"2026-03-14"}}
		if st, body := prov.post("/supervision/reports", round); st != http.StatusBadRequest || !strings.Contains(body, "不是工作日") || !strings.Contains(body, "2026年3月第一轮") {
			t.Fatalf("a Saturday due date: %d", st)
		}
		round.Set("due", "2026-03-13")
		st, _ = prov.post("/supervision/reports", round)
		if st != http.StatusSeeOther {
			t.Fatalf("set the round: %d", st)
		}
		u, err := e.Store.UserByName(t.Context(), "zj.admin")
		if err != nil {
			t.Fatal(err)
		}
		rounds, err := e.Store.Rounds(t.Context(), u.Principal())
		if err != nil || len(rounds) != 1 {
			t.Fatalf("rounds %v %v", rounds, err)
		}
		base := "/supervision/reports/" + rounds[0].ID
		st, body = qz.do("GET", base+"/regions/330800", nil)
		if st != 200 || !strings.Contains(body, `id="report-form"`) || !strings.Contains(body, "按时办结率") || !strings.Contains(body, "柯城区") || !strings.Contains(body, "100.0%") {
			t.Fatalf("衢州's report: %d", st)
		}
		if st, _ := hz.post(base+"/regions/330800", url.Values{"narrative": {"x"}, "version": {"0"}}); st != http.StatusNotFound {
			t.Fatalf("杭州 writes 衢州's report: %d", st)
		}
		if st, _ := qz.post(base+"/regions/330800", url.Values{"narrative": {"草稿"}, "version": {"0"}, "save": {"1"}}); st != http.StatusSeeOther {
			t.Fatalf("draft: %d", st)
		}
		if st, body := qz.post(base+"/regions/330800", url.Values{"narrative": {" "}, "version": {"1"}, "submit": {"1"}}); st != http.StatusBadRequest || !strings.Contains(body, "请填写工作进展说明") {
			t.Fatalf("an empty submission: %d", st)
		}
		if st, _ := qz.post(base+"/regions/330800", url.Values{"narrative": {"全市按时办结"}, "version": {"1"}, "submit": {"1"}}); st != http.StatusSeeOther {
			t.Fatalf("submit: %d", st)
		}
		if _, body := qz.do("GET", base+"/regions/330800", nil); strings.Contains(body, `id="report-form"`) || !strings.Contains(body, "全市按时办结") {
			t.Fatal("a submitted report is still editable or lost its narrative")
		}
		if st, _ := qz.do("GET", base+"/circular", nil); st != http.StatusNotFound {
			t.Fatalf("a city reads the circular: %d", st)
		}
		at(time.Date(2026, 3, 16, 9, 0, 0, 0, onetrip.China))
		prov = pageAs(t, e, "zj.admin") // a new session: the last one aged a week on the test clock
		st, body = prov.do("GET", base, nil)
		if st != 200 || !strings.Contains(body, `data-region="330800" data-status="on_time"`) || !strings.Contains(body, `data-region="330100" data-status="late"`) {
			t.Fatalf("the round's standing: %d", st)
		}
		st, body = prov.do("GET", base+"/circular", nil)
		if st != 200 || !strings.Contains(body, `<li data-region="330800">衢州市`) || !strings.Contains(body, "杭州市") {
			t.Fatalf("the circular: %d", st)
		}
		st, body = prov.do("GET", base+"/circular.xlsx", nil)
		f, err := excelize.OpenReader(strings.NewReader(body))
		if err != nil {
			t.Fatalf("circular.xlsx: %d %v", st, err)
		}
		if v, _ := f.GetCellValue("排名", "E2"); v != "衢州市" {
			t.Fatalf("the first ranked region in the workbook: %q", v)
		}
	})
}
