package workday

import (
	"encoding/json"
	"testing"
	"time"

	"onetrip"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Date
		key  string
	}{
		{"2026-02-12", D(2026, 2, 12), ""},
		{"2024-02-29", D(2024, 2, 29), ""},
		{"2000-02-29", D(2000, 2, 29), ""},
		{"2100-02-29", Date{}, "workday.date_day"},
		{"2026-02-29", Date{}, "workday.date_day"},
		{"2026-04-31", Date{}, "workday.date_day"},
		{"2026-00-10", Date{}, "workday.date_month"},
		{"2026-13-01", Date{}, "workday.date_month"},
		{"2026-01-00", Date{}, "workday.date_day"},
		{"2026-2-12", Date{}, "workday.date_format"},
		{"2026/02/12", Date{}, "workday.date_format"},
		{"2026-02-1x", Date{}, "workday.date_format"},
		{"", Date{}, "workday.date_format"},
		{"2026-02-12T00:00", Date{}, "workday.date_format"},
	} {
		got, err := Parse(tc.in)
		if tc.key == "" {
			if err != nil || got != tc.want {
				t.Errorf("Parse(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
			}
			continue
		}
		if e := onetrip.AsError(err); err == nil || e.Code != onetrip.CodeInvalid || e.Key != tc.key {
			t.Errorf("Parse(%q) error = %v; want key %s", tc.in, err, tc.key)
		}
	}
}

func TestDayNumbersMatchTimePackage(t *testing.T) {
	// Every day from 1900 to 2200: our day numbers, weekdays and back
	// conversion agree with the time package.
	t0 := time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 301*366; i++ {
		tm := t0.AddDate(0, 0, i)
		d := Date{tm.Year(), tm.Month(), tm.Day()}
		n := d.day()
		if want := int(tm.Sub(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)).Hours() / 24); n != want {
			t.Fatalf("%v.day() = %d, want %d", d, n, want)
		}
		if back := fromDay(n); back != d {
			t.Fatalf("fromDay(%d) = %v, want %v", n, back, d)
		}
		if d.Weekday() != tm.Weekday() {
			t.Fatalf("%v.Weekday() = %v, want %v", d, d.Weekday(), tm.Weekday())
		}
	}
	// Out-of-range day and month carry over like time.Date.
	if got := D(2026, 2, 29).AddDays(0); got != D(2026, 3, 1) {
		t.Errorf("normalised 2026-02-29 = %v", got)
	}
	if got := (Date{2026, 13, 1}).AddDays(0); got != D(2027, 1, 1) {
		t.Errorf("normalised 2026-13-01 = %v", got)
	}
}

func TestDateOfUsesChinaTime(t *testing.T) {
	for _, tc := range []struct {
		t    time.Time
		want Date
	}{
		{time.Date(2026, 2, 11, 15, 59, 59, 0, time.UTC), D(2026, 2, 11)},
		{time.Date(2026, 2, 11, 16, 0, 0, 0, time.UTC), D(2026, 2, 12)},
		{time.Date(2026, 2, 12, 23, 59, 0, 0, onetrip.China), D(2026, 2, 12)},
	} {
		if got := DateOf(tc.t); got != tc.want {
			t.Errorf("DateOf(%v) = %v, want %v", tc.t, got, tc.want)
		}
	}
	if got := D(2026, 2, 12).Time(); !got.Equal(time.Date(2026, 2, 11, 16, 0, 0, 0, time.UTC)) {
		t.Errorf("Time() = %v", got)
	}
}

func TestDateTextAndCompare(t *testing.T) {
	d := D(2026, 10, 1)
	b, err := json.Marshal(struct{ D Date }{d})
	if err != nil || string(b) != `{"D":"2026-10-01"}` {
		t.Fatalf("json = %s, %v", b, err)
	}
	var back struct{ D Date }
	if err := json.Unmarshal(b, &back); err != nil || back.D != d {
		t.Fatalf("unmarshal = %v, %v", back.D, err)
	}
	if err := json.Unmarshal([]byte(`{"D":"2026-10-32"}`), &back); err == nil {
		t.Fatal("2026-10-32 accepted")
	}
	if D(5, 1, 2).String() != "0005-01-02" {
		t.Error(D(5, 1, 2).String())
	}
	if !D(2026, 1, 31).Before(D(2026, 2, 1)) || !D(2026, 2, 1).After(D(2026, 1, 31)) ||
		D(2026, 2, 1).Compare(D(2026, 2, 1)) != 0 || D(2027, 1, 1).Compare(D(2026, 12, 31)) != 1 {
		t.Error("comparison")
	}
	if !(Date{}).IsZero() || d.IsZero() {
		t.Error("IsZero")
	}
	if d.AddDays(-1) != D(2026, 9, 30) || d.AddDays(92) != D(2027, 1, 1) {
		t.Error("AddDays")
	}
}
