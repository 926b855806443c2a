package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"onetrip"
	"onetrip/sqlstore"
	"onetrip/sqlstore/sqltest"
	"onetrip/workday"
)

// TestCalendarSources: the shipped sources show until an administrator
// records one for the year; a record is checked (a bad one writes nothing,
// not even an audit line), replaces the shipped one, is audited with who
// and when, and deleting it brings the shipped one back.
func TestCalendarSources(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		now := time.Date(2026, time.December, 2, 2, 0, 0, 0, time.UTC)
		s.SetClock(func() time.Time { return now })

		list, err := s.CalendarSources(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != len(workday.BuiltinSources()) {
			t.Fatalf("a fresh store lists %d sources, want the %d shipped", len(list), len(workday.BuiltinSources()))
		}
		for _, c := range list {
			if !c.Builtin || c.RecordedBy != "" {
				t.Fatalf("%d: %+v", c.Year, c)
			}
		}
		if _, ok, err := s.CalendarSourceOf(ctx, 2027); err != nil || ok {
			t.Fatalf("2027 has no source yet: %v %v", ok, err)
		}
		c26, ok, err := s.CalendarSourceOf(ctx, 2026)
		if err != nil || !ok || !c26.Builtin || c26.Number != "国办发明电〔2025〕7号" {
			t.Fatalf("2026: %+v %v %v", c26, ok, err)
		}

		// Refused: nothing written, nothing audited.
		bad := workday.Source{Year: 2027, Title: "国务院办公厅关于2027年部分节假日安排的通知", Number: "国办发明电〔2026〕", Published: workday.D(2026, time.December, 3)}
		_, err = s.SetCalendarSource(ctx, bad, "zj.admin")
		if !onetrip.HasCode(err, onetrip.CodeInvalid) || len(onetrip.AsError(err).Details) != 2 {
			t.Fatalf("a bad number and a date after today: %v", err)
		}
		if _, ok, _ := s.CalendarSourceOf(ctx, 2027); ok {
			t.Fatal("a refused source was written")
		}
		if a, _ := s.CalendarSourceAuditTrail(ctx); len(a) != 0 {
			t.Fatalf("a refused source was audited: %+v", a)
		}

		// Recorded, tidied, audited.
		src := workday.Source{Year: 2027, Title: "国务院办公厅关于2027年部分节假日安排的通知", Number: "国办发明电[2026]99号",
			Published: workday.D(2026, time.November, 10), URL: "https://www.gov.cn/example"}
		got, err := s.SetCalendarSource(ctx, src, "zj.admin")
		if err != nil {
			t.Fatal(err)
		}
		if got.Number != "国办发明电〔2026〕99号" || got.Builtin || got.RecordedBy != "zj.admin" || !got.RecordedAt.Equal(now) {
			t.Fatalf("recorded: %+v", got)
		}
		c27, ok, err := s.CalendarSourceOf(ctx, 2027)
		if err != nil || !ok || c27.Source != got.Source || c27.RecordedBy != "zj.admin" || !c27.RecordedAt.Equal(now) {
			t.Fatalf("read back: %+v %v %v", c27, ok, err)
		}

		// A record replaces the shipped source for its year; replacing it
		// again keeps one row.
		fix := c26.Source
		fix.URL = "https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm"
		if _, err := s.SetCalendarSource(ctx, fix, "zj.admin"); err != nil {
			t.Fatal(err)
		}
		fix.Title = "国务院办公厅关于2026年部分节假日安排的通知 "
		later := now.Add(time.Hour)
		s.SetClock(func() time.Time { return later })
		if _, err := s.SetCalendarSource(ctx, fix, "zj.admin2"); err != nil {
			t.Fatal(err)
		}
		list, _ = s.CalendarSources(ctx)
		years := map[int]sqlstore.CalendarSource{}
		for _, c := range list {
			if _, dup := years[c.Year]; dup {
				t.Fatalf("%d listed twice", c.Year)
			}
			years[c.Year] = c
		}
		if c := years[2026]; c.Builtin || c.RecordedBy != "zj.admin2" || c.Title != "国务院办公厅关于2026年部分节假日安排的通知" || c.URL != fix.URL {
			t.Fatalf("2026 after the fix: %+v", c)
		}
		if c := years[2027]; c.Number != "国办发明电〔2026〕99号" {
			t.Fatalf("2027 in the list: %+v", c)
		}
		for i := 1; i < len(list); i++ {
			if list[i-1].Year >= list[i].Year {
				t.Fatal("the list is not in year order")
			}
		}

		// Deleted: the shipped source is back; deleting again is not found.
		if err := s.DeleteCalendarSource(ctx, 2026, "zj.admin"); err != nil {
			t.Fatal(err)
		}
		if c, ok, _ := s.CalendarSourceOf(ctx, 2026); !ok || !c.Builtin || c.Source != c26.Source {
			t.Fatalf("2026 after the delete: %+v", c)
		}
		if err := s.DeleteCalendarSource(ctx, 2026, "zj.admin"); !onetrip.HasCode(err, onetrip.CodeNotFound) {
			t.Fatalf("delete twice: %v", err)
		}
		if err := s.DeleteCalendarSource(ctx, 2027, "zj.admin"); err != nil {
			t.Fatal(err)
		}
		if _, ok, _ := s.CalendarSourceOf(ctx, 2027); ok {
			t.Fatal("2027 still has a source")
		}

		trail, err := s.CalendarSourceAuditTrail(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(trail) != 5 {
			t.Fatalf("audit: %d lines, want 5: %+v", len(trail), trail)
		}
		last := trail[0]
		if last.Action != "delete" || last.Year != 2027 || last.Number != "国办发明电〔2026〕99号" || last.Actor != "zj.admin" || last.Published != "2026-11-10" {
			t.Fatalf("the newest line: %+v", last)
		}
		if first := trail[len(trail)-1]; first.Action != "set" || first.Year != 2027 || first.URL != "https://www.gov.cn/example" || !first.At.Equal(now) {
			t.Fatalf("the oldest line: %+v", first)
		}
	})
}
