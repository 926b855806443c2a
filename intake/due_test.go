package intake

import (
	"onetrip"
	"testing"
	"time"

	"onetrip/workday"
)

func TestDueDate(t *testing.T) {
	cal, err := workday.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	cst := onetrip.China
	tests := []struct {
		name     string
		at       time.Time
		days     int
		due, def workday.Date
	}{
		// 2026-11-27 is a Friday: the count starts on Monday.
		{"friday, 1 day", time.Date(2026, 11, 27, 10, 0, 0, 0, cst), 1, workday.D(2026, 11, 30), workday.D(2026, 12, 4)},
		// 23:30 UTC on the 26th is already the 27th in China.
		{"acceptance date is China's", time.Date(2026, 11, 26, 23, 30, 0, 0, time.UTC), 1, workday.D(2026, 11, 30), workday.D(2026, 12, 4)},
		{"即办 on a working day", time.Date(2026, 11, 27, 10, 0, 0, 0, cst), 0, workday.D(2026, 11, 27), workday.D(2026, 12, 4)},
		{"即办 on a Saturday is Monday", time.Date(2026, 11, 28, 10, 0, 0, 0, cst), 0, workday.D(2026, 11, 30), workday.D(2026, 12, 4)},
		{"negative is 即办", time.Date(2026, 11, 27, 10, 0, 0, 0, cst), -3, workday.D(2026, 11, 27), workday.D(2026, 12, 4)},
		// National Day 2026: 10-01..10-07 off, Saturday 10-10 an adjusted
		// working day (调休), per the lunar-go table.
		{"over the National Day holiday", time.Date(2026, 9, 30, 10, 0, 0, 0, cst), 3, workday.D(2026, 10, 10), workday.D(2026, 10, 13)},
	}
	for _, tc := range tests {
		if got := DueDate(cal, tc.at, tc.days); got != tc.due {
			t.Errorf("%s: DueDate = %s, want %s", tc.name, got, tc.due)
		}
		if got := DeferredDue(cal, tc.at); got != tc.def {
			t.Errorf("%s: DeferredDue = %s, want %s", tc.name, got, tc.def)
		}
	}
}
