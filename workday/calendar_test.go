package workday

import (
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/6tail/lunar-go/HolidayUtil"

	"onetrip"
)

// What lunar-go v1.4.7 lists for 2026, checked against its data: 春节 Feb
// 15–23 with adjusted working days Sat Feb 14 and Sat Feb 28; 国庆 Oct 1–7
// with Sun Sep 20 and Sat Oct 10; 中秋 Sep 25–27 on its own.
func TestBuiltin2026(t *testing.T) {
	c := Default()
	for _, tc := range []struct {
		d    Date
		work bool
		name string
	}{
		{D(2026, 1, 1), false, "元旦节"},
		{D(2026, 1, 4), true, "元旦节"}, // Sunday, adjusted working day
		{D(2026, 2, 13), true, ""},
		{D(2026, 2, 14), true, "春节"}, // Saturday, adjusted
		{D(2026, 2, 15), false, "春节"},
		{D(2026, 2, 17), false, "春节"},
		{D(2026, 2, 23), false, "春节"}, // Monday
		{D(2026, 2, 24), true, ""},
		{D(2026, 2, 28), true, "春节"}, // Saturday, adjusted
		{D(2026, 3, 1), false, ""},   // plain Sunday
		{D(2026, 5, 9), true, "劳动节"},
		{D(2026, 9, 19), false, ""},
		{D(2026, 9, 20), true, "国庆节"}, // Sunday, adjusted
		{D(2026, 9, 25), false, "中秋节"},
		{D(2026, 9, 30), true, ""},
		{D(2026, 10, 1), false, "国庆节"},
		{D(2026, 10, 7), false, "国庆节"},
		{D(2026, 10, 8), true, ""},
		{D(2026, 10, 10), true, "国庆节"}, // Saturday, adjusted
		{D(2026, 10, 11), false, ""},
	} {
		if got := c.IsWorkday(tc.d); got != tc.work {
			t.Errorf("IsWorkday(%v) = %v, want %v", tc.d, got, tc.work)
		}
		if got := c.HolidayName(tc.d); got != tc.name {
			t.Errorf("HolidayName(%v) = %q, want %q", tc.d, got, tc.name)
		}
	}
	// 365 days, 261 Mondays to Fridays, 19 of them holidays, 6 adjusted
	// working days on weekends.
	if got := c.WorkdaysBetween(D(2025, 12, 31), D(2026, 12, 31)); got != 248 {
		t.Errorf("working days in 2026 = %d, want 248", got)
	}
}

// The table agrees with HolidayUtil.GetHoliday on every day it covers.
func TestMatchesLunarGo(t *testing.T) {
	c := Default()
	for d := D(2000, 1, 1); d.Before(D(2031, 1, 1)); d = d.AddDays(1) {
		h := HolidayUtil.GetHoliday(d.String())
		work := d.Weekday() != time.Saturday && d.Weekday() != time.Sunday
		name := ""
		if h != nil {
			work, name = h.IsWork(), h.GetName()
		}
		if c.IsWorkday(d) != work || c.HolidayName(d) != name {
			t.Fatalf("%v: calendar says %v %q, lunar-go %v %q", d, c.IsWorkday(d), c.HolidayName(d), work, name)
		}
	}
}

func TestAddWorkdays(t *testing.T) {
	c := Default()
	for _, tc := range []struct {
		start Date
		n     int
		want  Date
	}{
		// Spring Festival 2026: accepted Thu Feb 12.
		{D(2026, 2, 12), 0, D(2026, 2, 12)},  // 即办, working day
		{D(2026, 2, 12), 1, D(2026, 2, 13)},  // Fri
		{D(2026, 2, 12), 2, D(2026, 2, 14)},  // Sat, adjusted working day
		{D(2026, 2, 12), 3, D(2026, 2, 24)},  // over Feb 15–23
		{D(2026, 2, 12), 5, D(2026, 2, 26)},  //
		{D(2026, 2, 12), 7, D(2026, 2, 28)},  // Sat, adjusted
		{D(2026, 2, 12), 8, D(2026, 3, 2)},   //
		{D(2026, 2, 12), 20, D(2026, 3, 18)}, // 7 in February, 13 in March
		{D(2026, 2, 15), 0, D(2026, 2, 24)},  // 即办 on a holiday: next working day
		{D(2026, 2, 15), 1, D(2026, 2, 24)},
		{D(2026, 2, 14), 0, D(2026, 2, 14)},
		{D(2026, 2, 24), -1, D(2026, 2, 14)},
		{D(2026, 2, 24), -3, D(2026, 2, 12)},
		// National Day 2026.
		{D(2026, 9, 18), 1, D(2026, 9, 20)}, // Sun, adjusted
		{D(2026, 9, 18), 2, D(2026, 9, 21)},
		{D(2026, 9, 24), 1, D(2026, 9, 28)}, // over 中秋 Sep 25–27
		{D(2026, 9, 29), 1, D(2026, 9, 30)},
		{D(2026, 9, 29), 2, D(2026, 10, 8)},
		{D(2026, 9, 29), 3, D(2026, 10, 9)},
		{D(2026, 9, 29), 4, D(2026, 10, 10)}, // Sat, adjusted
		{D(2026, 9, 29), 5, D(2026, 10, 12)},
		{D(2026, 10, 3), 0, D(2026, 10, 8)},
		// Outside the table: Mondays to Fridays only.
		{D(1999, 12, 31), 1, D(2000, 1, 3)},
		{D(2100, 12, 31), 1, D(2101, 1, 3)},
		{D(2101, 1, 3), -1, D(2100, 12, 31)},
		{D(1999, 12, 29), 5, D(2000, 1, 5)},
	} {
		if got := c.AddWorkdays(tc.start, tc.n); got != tc.want {
			t.Errorf("AddWorkdays(%v, %d) = %v, want %v", tc.start, tc.n, got, tc.want)
		}
	}
	if got := c.NextWorkday(D(2026, 9, 30)); got != D(2026, 10, 8) {
		t.Errorf("NextWorkday = %v", got)
	}
	if got := c.NextWorkday(D(2026, 10, 8)); got != D(2026, 10, 9) {
		t.Errorf("NextWorkday is strictly after: %v", got)
	}
}

func TestWorkdaysBetween(t *testing.T) {
	c := Default()
	for _, tc := range []struct {
		a, b Date
		want int
	}{
		{D(2026, 2, 12), D(2026, 2, 24), 3},
		{D(2026, 2, 12), D(2026, 2, 23), 2}, // b is a holiday
		{D(2026, 2, 12), D(2026, 2, 12), 0},
		{D(2026, 2, 24), D(2026, 2, 12), 0}, // b before a
		{D(2026, 9, 30), D(2026, 10, 10), 3},
		{D(2026, 9, 18), D(2026, 10, 12), 12}, // Sep 20–24, 28–30; Oct 8, 9, 10, 12
		{D(1999, 12, 24), D(2000, 1, 7), 10},
		{D(2100, 12, 24), D(2101, 1, 7), 10},
	} {
		if got := c.WorkdaysBetween(tc.a, tc.b); got != tc.want {
			t.Errorf("WorkdaysBetween(%v, %v) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
	a, b := D(1999, 1, 1), D(2102, 1, 1) // the whole table and beyond
	if got, want := c.WorkdaysBetween(a, b), naiveBetween(c, a, b); got != want {
		t.Errorf("WorkdaysBetween(%v, %v) = %d, stepping gives %d", a, b, got, want)
	}
}

func naiveBetween(c *Calendar, a, b Date) int {
	n := 0
	for d := a.AddDays(1); !d.After(b); d = d.AddDays(1) {
		if c.IsWorkday(d) {
			n++
		}
	}
	return n
}

func naiveAdd(c *Calendar, s Date, n int) Date {
	d := s
	switch {
	case n == 0:
		for !c.IsWorkday(d) {
			d = d.AddDays(1)
		}
	case n > 0:
		for n > 0 {
			d = d.AddDays(1)
			if c.IsWorkday(d) {
				n--
			}
		}
	default:
		for n < 0 {
			d = d.AddDays(-1)
			if c.IsWorkday(d) {
				n++
			}
		}
	}
	return d
}

// The fast paths (prefix sums, binary search, whole weeks outside the table)
// agree with stepping one day at a time, across the table's edges too.
func TestAddWorkdaysMatchesStepping(t *testing.T) {
	c, err := New([]Override{
		{Date: D(2050, 3, 1), Work: false, Name: "长假"}, // a long made-up holiday
		{Date: D(2050, 3, 2), Work: false, Name: "长假"},
		{Date: D(2050, 3, 3), Work: false, Name: "长假"},
		{Date: D(2050, 3, 4), Work: false, Name: "长假"},
		{Date: D(2050, 3, 5), Work: true, Name: "长假"},
	})
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	starts := []Date{D(1999, 12, 20), D(2000, 1, 1), D(2100, 12, 20), D(2101, 1, 1), D(2050, 2, 27), D(2026, 2, 12)}
	for i := 0; i < 3000; i++ {
		var s Date
		if i < len(starts)*50 {
			s = starts[i%len(starts)]
		} else {
			s = fromDay(r.IntN(Date{2103, 1, 1}.day()-Date{1997, 1, 1}.day()) + Date{1997, 1, 1}.day())
		}
		n := r.IntN(121) - 40
		got, want := c.AddWorkdays(s, n), naiveAdd(c, s, n)
		if got != want {
			t.Fatalf("AddWorkdays(%v, %d) = %v, stepping gives %v", s, n, got, want)
		}
		if n > 0 {
			if k := c.WorkdaysBetween(s, got); k != n {
				t.Fatalf("WorkdaysBetween(%v, %v) = %d, want %d", s, got, k, n)
			}
		}
		e := s.AddDays(r.IntN(200) - 20)
		if got, want := c.WorkdaysBetween(s, e), naiveBetween(c, s, e); got != want {
			t.Fatalf("WorkdaysBetween(%v, %v) = %d, stepping gives %d", s, e, got, want)
		}
	}
}

func TestOverrides(t *testing.T) {
	c, err := New([]Override{
		{Date: D(2028, 1, 3), Work: false, Name: "元旦节"},  // lunar-go has nothing for 2028 yet
		{Date: D(2028, 1, 3), Work: false, Name: "元旦节"},  // identical duplicate: fine
		{Date: D(2028, 1, 8), Work: true, Name: "元旦节"},   // a Saturday made a working day
		{Date: D(2027, 3, 1), Work: false, Name: "测试假日"}, // a 2027 date lunar-go does not list
		{Date: D(2026, 2, 14), Work: false, Name: ""},    // overrides win over the built-in table
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		d    Date
		work bool
		name string
	}{
		{D(2028, 1, 3), false, "元旦节"},
		{D(2028, 1, 8), true, "元旦节"},
		{D(2027, 3, 1), false, "测试假日"},
		{D(2026, 2, 14), false, ""},
		{D(2026, 2, 15), false, "春节"}, // the rest of the table is untouched
	} {
		if c.IsWorkday(tc.d) != tc.work || c.HolidayName(tc.d) != tc.name {
			t.Errorf("%v: %v %q, want %v %q", tc.d, c.IsWorkday(tc.d), c.HolidayName(tc.d), tc.work, tc.name)
		}
	}
	if got := c.AddWorkdays(D(2026, 2, 12), 2); got != D(2026, 2, 24) {
		t.Errorf("with Feb 14 a holiday, +2 = %v", got)
	}
	if got := c.AddWorkdays(D(2027, 12, 31), 1); got != D(2028, 1, 4) {
		t.Errorf("over the 2028 override, +1 = %v", got)
	}
	if got := c.AddWorkdays(D(2028, 1, 7), 1); got != D(2028, 1, 8) {
		t.Errorf("onto the adjusted Saturday, +1 = %v", got)
	}
	if got := c.Entries(2028); len(got) != 2 || got[0].Date != D(2028, 1, 3) || got[1] != (Override{D(2028, 1, 8), true, "元旦节"}) {
		t.Errorf("Entries(2028) = %v", got)
	}
	if len(c.Entries(2026)) != len(Default().Entries(2026)) {
		t.Error("replacing a built-in entry must not add one")
	}
	// The built-in calendar is not affected by another calendar's overrides.
	if !Default().IsWorkday(D(2026, 2, 14)) {
		t.Error("Default changed")
	}
}

func TestOverrideErrors(t *testing.T) {
	_, err := New([]Override{
		{Date: D(2027, 10, 9), Work: true, Name: "国庆节"},
		{Date: D(2027, 2, 1), Work: false, Name: "春节"},
		{Date: D(2027, 2, 1), Work: true, Name: "春节"},
	})
	e := onetrip.AsError(err)
	if e.Code != onetrip.CodeConflict || e.Key != "workday.override_conflict" {
		t.Fatalf("conflict: %v", err)
	}
	for _, lang := range onetrip.Langs {
		if msg := onetrip.Render(lang, e.Key, e.Args...); !strings.Contains(msg, "2027-02-01") || !strings.Contains(msg, "overrides[1]") || !strings.Contains(msg, "overrides[2]") {
			t.Errorf("%s message does not name the date and entries: %s", lang, msg)
		}
	}
	if len(e.Details) != 1 || e.Details[0].Path != "overrides[2].work" {
		t.Errorf("details = %+v", e.Details)
	}

	_, err = New([]Override{{Date: D(2027, 2, 1), Name: "春节"}, {Date: D(2027, 2, 1), Name: "除夕"}})
	if e := onetrip.AsError(err); e.Code != onetrip.CodeConflict || e.Key != "workday.override_name_conflict" {
		t.Fatalf("name conflict: %v", err)
	}

	_, err = New([]Override{
		{Date: D(2027, 2, 30)},
		{Date: D(2101, 1, 1)},
		{Date: Date{}},
		{Date: D(2027, 5, 6)},
	})
	e = onetrip.AsError(err)
	if e.Code != onetrip.CodeInvalid || e.Key != "workday.overrides_invalid" || len(e.Details) != 3 {
		t.Fatalf("invalid: %v", err)
	}
	want := []struct{ path, key string }{
		{"overrides[0].date", "workday.date_day"},
		{"overrides[1].date", "workday.override_out_of_range"},
		{"overrides[2].date", "workday.date_month"},
	}
	for i, w := range want {
		if e.Details[i].Path != w.path || e.Details[i].Key != w.key {
			t.Errorf("detail %d = %+v, want %+v", i, e.Details[i], w)
		}
	}
}

func TestConcurrentReads(t *testing.T) {
	c, err := New([]Override{{Date: D(2028, 1, 3), Name: "元旦节"}})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 2000; i++ {
				s := D(2026, 1, 1).AddDays(i % 800)
				_ = c.AddWorkdays(s, i%30)
				_ = c.WorkdaysBetween(s, s.AddDays(40))
				_ = c.HolidayName(s)
				_ = Default().IsWorkday(s)
			}
		}()
	}
	wg.Wait()
}

func TestProvisionalYears(t *testing.T) {
	c := Default()
	if !c.Published(2026) || c.Provisional(D(2026, 12, 1)) {
		t.Fatal("2026 has a published schedule")
	}
	last := 0
	for y := 2020; y <= 2040; y++ {
		if c.Published(y) {
			last = y
		}
	}
	if c.Published(last+1) || !c.Provisional(D(last+1, 3, 1)) {
		t.Fatalf("%d has no schedule yet", last+1)
	}
	c2, err := New([]Override{{Date: D(last+1, 1, 1), Work: false, Name: "元旦"}})
	if err != nil || !c2.Published(last+1) {
		t.Fatalf("an admin's override publishes a year: %v", err)
	}
}
