package e2e

import (
	"testing"
	"time"

	"onetrip/app/apptest"
)

// TestCalendarSourcesAPI: the sources of the holiday schedules are public;
// the province admin records and removes one (audited by the store); a
// supervisor or a city admin may not; a malformed body, a bad year or a
// 文号 of the wrong shape is refused and changes nothing.
func TestCalendarSourcesAPI(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		e.Store.SetClock(func() time.Time { return time.Date(2026, time.December, 2, 2, 0, 0, 0, time.UTC) })
		type src struct {
			Year              int
			Number            string
			Builtin           bool
			RecordedBy        string `json:"recorded_by"`
			SchedulePublished bool   `json:"schedule_published"`
		}
		list := func() map[int]src {
			var l []src
			if r := e.Do("GET", "/api/v1/calendar/sources", "", nil); r.Status != 200 {
				t.Fatalf("list: %d", r.Status)
			} else {
				r.JSON(t, &l)
			}
			out := map[int]src{}
			for _, s := range l {
				out[s.Year] = s
			}
			return out
		}
		before := list()
		if s := before[2024]; !s.Builtin || s.Number != "国办发明电〔2023〕7号" || !s.SchedulePublished {
			t.Fatalf("2024: %+v", s)
		}
		if _, ok := before[2027]; ok {
			t.Fatal("2027 has no source shipped")
		}
		body := map[string]any{"title": "国务院办公厅关于2027年部分节假日安排的通知", "number": "国办发明电[2026]9号", "published": "2026-11-20"}
		for _, bad := range []struct {
			name, user, path string
			body             any
			want             int
		}{
			{"a supervisor", "qz.supervisor", "/api/v1/calendar/sources/2027", body, 403},
			{"a city admin", "qz.admin", "/api/v1/calendar/sources/2027", body, 403},
			{"malformed JSON", "zj.admin", "/api/v1/calendar/sources/2027", `{"title":`, 400},
			{"a year out of range", "zj.admin", "/api/v1/calendar/sources/1999", body, 400},
			{"a number of the wrong shape", "zj.admin", "/api/v1/calendar/sources/2027", map[string]any{"title": body["title"], "number": "第9号", "published": "2026-11-20"}, 400},
			{"a date after today", "zj.admin", "/api/v1/calendar/sources/2027", map[string]any{"title": body["title"], "number": body["number"], "published": "2026-12-20"}, 400},
		} {
			if r := e.Do("PUT", bad.path, bad.user, bad.body); r.Status != bad.want {
				t.Errorf("%s: %d %s, want %d", bad.name, r.Status, r.Body, bad.want)
			}
		}
		if _, ok := list()[2027]; ok {
			t.Fatal("a refused request recorded a source")
		}
		r := e.Do("PUT", "/api/v1/calendar/sources/2027", "zj.admin", body)
		var saved src
		r.JSON(t, &saved)
		if r.Status != 200 || saved.Number != "国办发明电〔2026〕9号" || saved.Builtin || saved.RecordedBy != "zj.admin" {
			t.Fatalf("record: %d %s", r.Status, r.Body)
		}
		if s := list()[2027]; s.Number != saved.Number {
			t.Fatalf("listed: %+v", s)
		}
		if r := e.Do("DELETE", "/api/v1/calendar/sources/2027", "zj.admin", nil); r.Status != 204 {
			t.Fatalf("delete: %d", r.Status)
		}
		if r := e.Do("DELETE", "/api/v1/calendar/sources/2027", "zj.admin", nil); r.Status != 404 {
			t.Fatalf("delete again: %d", r.Status)
		}
		if _, ok := list()[2027]; ok {
			t.Fatal("deleted, still listed")
		}
	})
}
