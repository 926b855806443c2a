package supervision

import (
	"testing"
	"time"

	"onetrip"
	"onetrip/workday"
)

func TestCheckRound(t *testing.T) {
	cal := workday.Default()
	today := workday.MustParse("2026-03-02")
	for _, tc := range []struct {
		name string
		n    NewRound
		ok   bool
	}{
		{"the seed's 14 March round", NewRound{Name: "2026年一季度第一轮", From: "2026-01-01", To: "2026-02-28", Due: "2026-03-13"}, true},
		{"a period still running", NewRound{Name: "三月", From: "2026-03-01", To: "2026-03-31", Due: "2026-03-31"}, true},
		{"no name", NewRound{From: "2026-01-01", To: "2026-02-28", Due: "2026-03-13"}, false},
		{"due before the period ends", NewRound{Name: "x", From: "2026-01-01", To: "2026-02-28", Due: "2026-02-27"}, false},
		{"due in the past", NewRound{Name: "x", From: "2025-01-01", To: "2025-02-28", Due: "2026-02-27"}, false},
		{"due on a Saturday", NewRound{Name: "x", From: "2026-01-01", To: "2026-02-28", Due: "2026-03-14"}, false},
		{"due on National Day", NewRound{Name: "x", From: "2026-01-01", To: "2026-02-28", Due: "2026-10-01"}, false},
		{"upside down", NewRound{Name: "x", From: "2026-02-28", To: "2026-01-01", Due: "2026-03-13"}, false},
		{"not a date", NewRound{Name: "x", From: "2026-01-01", To: "2026-02-28", Due: "3月14日"}, false},
	} {
		_, err := CheckRound(tc.n, cal, today)
		if (err == nil) != tc.ok {
			t.Errorf("%s: %v", tc.name, err)
		}
		if err != nil && !onetrip.HasCode(err, onetrip.CodeInvalid) {
			t.Errorf("%s: code of %v", tc.name, err)
		}
	}
}

func TestReportSubmitAndStatus(t *testing.T) {
	round := Round{Due: "2026-03-13"}
	at := time.Date(2026, 3, 12, 9, 0, 0, 0, onetrip.China)
	r := Report{Version: 1}
	if StatusOf(round, nil, workday.MustParse("2026-03-13")) != StatusPending || StatusOf(round, nil, workday.MustParse("2026-03-16")) != StatusLate {
		t.Fatal("unsubmitted statuses")
	}
	d, err := r.Submit("草稿", false, "qz.supervisor", at)
	if err != nil || d.State != ReportDraft || d.Version != 2 || StatusOf(round, &d, workday.MustParse("2026-03-16")) != StatusLate {
		t.Fatalf("draft: %+v %v", d, err)
	}
	if _, err := d.Submit("  ", true, "qz.supervisor", at); !onetrip.HasCode(err, onetrip.CodeInvalid) {
		t.Fatalf("empty narrative submitted: %v", err)
	}
	s, err := d.Submit("一季度全市办件按时办结率 98.2%", true, "qz.supervisor", at)
	if err != nil || s.State != ReportSubmitted || StatusOf(round, &s, workday.MustParse("2026-03-20")) != StatusOnTime {
		t.Fatalf("submitted: %+v %v", s, err)
	}
	if _, err := s.Submit("改", true, "qz.supervisor", at); !onetrip.HasCode(err, onetrip.CodeConflict) {
		t.Fatalf("a submitted report changed: %v", err)
	}
	late, _ := d.Submit("迟报", true, "qz.supervisor", at.AddDate(0, 0, 5))
	if StatusOf(round, &late, workday.MustParse("2026-03-20")) != StatusSubmittedLate {
		t.Fatal("late submission")
	}
}

func TestMakeCircular(t *testing.T) {
	fig := func(code string, onTime, decided int64, within, closed int64) Figure {
		return Figure{Code: code, Name: code, Measures: MeasuresOf(Counts{Decided: decided, OnTime: onTime, Closed: closed, WithinVisits: within}, RectCounts{})}
	}
	figures := []Figure{
		fig("330100", 99, 100, 99, 100), // 99
		fig("330200", 97, 100, 99, 100), // 98
		fig("330300", 95, 100, 95, 100), // 95
		fig("330400", 94, 100, 94, 100), // 94
		fig("330500", 93, 100, 93, 100), // 93
		fig("330600", 92, 100, 92, 100), // 92
		fig("330700", 91, 100, 91, 100), // 91
		fig("330800", 85, 100, 85, 100), // 85: under the floor
		fig("330900", 96, 100, 96, 100), // 96
		fig("331000", 80, 100, 90, 100), // 85, fewer... same decided: by code
		fig("331100", 0, 0, 0, 0),       // no figures
	}
	status := map[string]ReportStatus{"330800": StatusLate, "331100": StatusSubmittedLate}
	for _, f := range figures {
		if _, ok := status[f.Code]; !ok {
			status[f.Code] = StatusOnTime
		}
	}
	c := MakeCircular(Round{ID: "r"}, Measures{}, figures, status, time.Now())
	codes := func(rs []Ranked) (out []string) {
		for _, r := range rs {
			out = append(out, r.Code)
		}
		return out
	}
	if got := codes(c.Ranking); got[0] != "330100" || got[1] != "330200" || got[2] != "330900" || got[10] != "331100" || c.Ranking[10].Rank != 11 {
		t.Fatalf("ranking %v", got)
	}
	if got := codes(c.Leaders); len(got) != 3 || got[2] != "330900" {
		t.Fatalf("leaders %v", got)
	}
	// The worst three of the scored (330700 91, 330800 85, 331000 85), none of them a leader.
	if got := codes(c.Laggards); len(got) != 3 || got[0] != "330700" || got[1] != "330800" || got[2] != "331000" {
		t.Fatalf("laggards %v", got)
	}
	if len(c.Late) != 2 || c.Statuses["late"] != 1 || c.Statuses["on_time"] != 9 {
		t.Fatalf("late %+v statuses %v", c.Late, c.Statuses)
	}
	if s := Score(MeasuresOf(Counts{}, RectCounts{})); s == s {
		t.Error("no figures scores NaN")
	}
	small := MakeCircular(Round{}, Measures{}, figures[:2], nil, time.Now())
	if len(small.Leaders) != 1 || len(small.Laggards) != 1 {
		t.Errorf("two regions: one leader, one laggard: %+v", small)
	}
}
