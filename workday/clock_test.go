package workday

import (
	"math/rand/v2"
	"testing"
	"time"

	"onetrip"
)

// at is a moment on the Chinese mainland.
func at(y int, m time.Month, d, hour int) time.Time {
	return time.Date(y, m, d, hour, 0, 0, 0, onetrip.China)
}

func ptr(t time.Time) *time.Time { return &t }

func TestDueWithoutSuspension(t *testing.T) {
	c := Default()
	clk := Clock{Start: D(2026, 2, 12), Limit: 3} // due Tue Feb 24, over 春节
	for _, tc := range []struct {
		now    time.Time
		used   int
		left   int
		status Status
	}{
		{at(2026, 2, 12, 10), 0, 3, StatusNormal},  // acceptance day
		{at(2026, 2, 13, 10), 1, 2, StatusNormal},  // Fri
		{at(2026, 2, 14, 10), 2, 1, StatusDueSoon}, // adjusted Saturday; limit 3 turns yellow at 1 left
		{at(2026, 2, 20, 10), 2, 1, StatusDueSoon}, // holiday: nothing consumed
		{at(2026, 2, 24, 10), 3, 0, StatusDueSoon}, // the due date itself is still on time
		{at(2026, 2, 25, 10), 4, -1, StatusOverdue},
		{at(2026, 2, 28, 10), 7, -4, StatusOverdue}, // adjusted Saturday counts
	} {
		got := c.Due(clk, tc.now)
		if got.DueDate != D(2026, 2, 24) || got.Used != tc.used || got.Left != tc.left || got.Status != tc.status || got.Suspended || got.Stopped != 0 {
			t.Errorf("at %v: %+v; want used %d left %d %s", tc.now, got, tc.used, tc.left, tc.status)
		}
	}
}

func TestDueSoonThreshold(t *testing.T) {
	c := Default()
	// Limit 20 from Mon 2026-03-02: due 2026-03-30; yellow at <= 4 left.
	clk := Clock{Start: D(2026, 3, 2), Limit: 20}
	if got := c.Due(clk, at(2026, 3, 23, 9)); got.DueDate != D(2026, 3, 30) || got.Left != 5 || got.Status != StatusNormal {
		t.Errorf("5 left: %+v", got)
	}
	if got := c.Due(clk, at(2026, 3, 24, 9)); got.Left != 4 || got.Status != StatusDueSoon {
		t.Errorf("4 left: %+v", got)
	}
	for limit, want := range map[int]int{0: 1, 1: 1, 5: 1, 9: 1, 10: 2, 20: 4, 60: 12} {
		if got := DueSoonDays(limit); got != want {
			t.Errorf("DueSoonDays(%d) = %d, want %d", limit, got, want)
		}
	}
}

func TestDueOverdueOnWeekend(t *testing.T) {
	c := Default()
	clk := Clock{Start: D(2026, 3, 6), Limit: 5} // Fri; due Fri 2026-03-13
	for _, tc := range []struct {
		now  time.Time
		left int
	}{
		{at(2026, 3, 13, 17), 0},
		{at(2026, 3, 14, 9), -1}, // Saturday: overdue, at least one day
		{at(2026, 3, 16, 9), -1},
		{at(2026, 3, 17, 9), -2},
	} {
		got := c.Due(clk, tc.now)
		wantStatus := StatusOverdue
		if tc.left == 0 {
			wantStatus = StatusDueSoon
		}
		if got.DueDate != D(2026, 3, 13) || got.Left != tc.left || got.Used != 5-tc.left || got.Status != wantStatus {
			t.Errorf("at %v: %+v; want left %d %s", tc.now, got, tc.left, wantStatus)
		}
	}
}

func TestDueImmediate(t *testing.T) {
	c := Default()
	// 即办 accepted on a working day: due by the end of that day, and not
	// flagged 即将到期 the moment it arrives.
	clk := Clock{Start: D(2026, 2, 12), Limit: 0}
	if got := c.Due(clk, at(2026, 2, 12, 15)); got.DueDate != D(2026, 2, 12) || got.Left != 0 || got.Status != StatusNormal {
		t.Errorf("same day: %+v", got)
	}
	if got := c.Due(clk, at(2026, 2, 13, 9)); got.Left != -1 || got.Status != StatusOverdue {
		t.Errorf("next day: %+v", got)
	}
	// Accepted on a holiday (self-service terminal): due the next working day.
	clk.Start = D(2026, 2, 15)
	if got := c.Due(clk, at(2026, 2, 15, 9)); got.DueDate != D(2026, 2, 24) || got.Left != 1 || got.Used != 0 || got.Status != StatusNormal {
		t.Errorf("holiday acceptance: %+v", got)
	}
	if got := c.Due(clk, at(2026, 2, 24, 9)); got.Left != 0 || got.Used != 0 || got.Status != StatusNormal {
		t.Errorf("holiday acceptance, due day: %+v", got)
	}
	if got := c.Due(clk, at(2026, 2, 25, 9)); got.Left != -1 || got.Status != StatusOverdue {
		t.Errorf("holiday acceptance, after: %+v", got)
	}
}

// Accepted Mon 2026-03-02 with 10 working days: due Mon 2026-03-16. A hearing
// from Thu 03-05 10:00 to Tue 03-10 15:00 stops Mar 5, 6 and 9.
func TestDueSuspension(t *testing.T) {
	c := Default()
	hearing := Suspension{Kind: KindHearing, Start: at(2026, 3, 5, 10)}
	clk := Clock{Start: D(2026, 3, 2), Limit: 10}

	before := c.Due(clk, at(2026, 3, 5, 9))
	if before.DueDate != D(2026, 3, 16) || before.Left != 7 || before.Status != StatusNormal {
		t.Fatalf("before: %+v", before)
	}

	// Open: the clock stands still; the due date is provisional.
	clk.Suspensions = []Suspension{hearing}
	for _, tc := range []struct {
		now     time.Time
		due     Date
		stopped int
	}{
		{at(2026, 3, 5, 11), D(2026, 3, 16), 0}, // the start day is not yet stopped if resumed today
		{at(2026, 3, 6, 11), D(2026, 3, 17), 1},
		{at(2026, 3, 9, 11), D(2026, 3, 18), 2},
	} {
		got := c.Due(clk, tc.now)
		if got.DueDate != tc.due || got.Left != 7 || got.Used != 3 || got.Stopped != tc.stopped || !got.Suspended || got.Status != StatusSuspended {
			t.Errorf("suspended at %v: %+v; want due %v", tc.now, got, tc.due)
		}
	}
	// The weekend inside the suspension consumes nothing either.
	if got := c.Due(clk, at(2026, 3, 7, 11)); got.Left != 8 || got.DueDate != D(2026, 3, 18) {
		t.Errorf("suspended on Saturday: %+v", got)
	}

	// Resumed: it restarts with what was left.
	clk.Suspensions[0].End = ptr(at(2026, 3, 10, 15))
	after := c.Due(clk, at(2026, 3, 10, 16))
	if after.DueDate != D(2026, 3, 19) || after.Left != before.Left || after.Stopped != 3 || after.Suspended || after.Status != StatusNormal {
		t.Errorf("after: %+v", after)
	}
	// A reading during the suspension's last day but before its end.
	if got := c.Due(clk, at(2026, 3, 10, 14)); !got.Suspended || got.Left != 7 || got.DueDate != D(2026, 3, 19) {
		t.Errorf("last day, still suspended: %+v", got)
	}
	// Later readings simply count on from there.
	if got := c.Due(clk, at(2026, 3, 19, 9)); got.Left != 0 || got.Status != StatusDueSoon {
		t.Errorf("due day: %+v", got)
	}
	if got := c.Due(clk, at(2026, 3, 20, 9)); got.Left != -1 || got.Status != StatusOverdue {
		t.Errorf("after due day: %+v", got)
	}
}

func TestDueSuspensionEdges(t *testing.T) {
	c := Default()
	base := Clock{Start: D(2026, 3, 2), Limit: 10} // due 2026-03-16
	now := at(2026, 3, 11, 9)                      // 3 left: green
	plain := c.Due(base, now)

	for _, tc := range []struct {
		name    string
		susp    []Suspension
		due     Date
		stopped int
		status  Status
	}{
		{"same day changes nothing",
			[]Suspension{{Kind: KindInspection, Start: at(2026, 3, 4, 9), End: ptr(at(2026, 3, 4, 17))}},
			D(2026, 3, 16), 0, StatusNormal},
		{"overlapping suspensions stop a day once",
			[]Suspension{
				{Kind: KindHearing, Start: at(2026, 3, 3, 9), End: ptr(at(2026, 3, 5, 9))},      // Mar 3, 4
				{Kind: KindExpertReview, Start: at(2026, 3, 4, 9), End: ptr(at(2026, 3, 6, 9))}, // Mar 4, 5
			},
			D(2026, 3, 19), 3, StatusNormal},
		{"not yet started is ignored",
			[]Suspension{{Kind: KindPublicNotice, Start: at(2026, 3, 13, 9)}},
			D(2026, 3, 16), 0, StatusNormal},
		{"end after now counts as open",
			[]Suspension{{Kind: KindPublicNotice, Start: at(2026, 3, 10, 9), End: ptr(at(2026, 3, 20, 9))}},
			D(2026, 3, 17), 1, StatusSuspended},
		{"started before acceptance: only days after acceptance stop",
			[]Suspension{{Kind: KindDeferredMaterial, Start: at(2026, 2, 27, 9), End: ptr(at(2026, 3, 4, 9))}}, // Mar 3
			D(2026, 3, 17), 1, StatusNormal},
		{"over a weekend only: nothing stops",
			[]Suspension{{Kind: KindInspection, Start: at(2026, 3, 7, 9), End: ptr(at(2026, 3, 9, 9))}},
			D(2026, 3, 16), 0, StatusNormal},
		{"end before start is ignored",
			[]Suspension{{Kind: KindInspection, Start: at(2026, 3, 9, 9), End: ptr(at(2026, 3, 5, 9))}},
			D(2026, 3, 16), 0, StatusNormal},
	} {
		clk := base
		clk.Suspensions = tc.susp
		got := c.Due(clk, now)
		if got.DueDate != tc.due || got.Stopped != tc.stopped || got.Status != tc.status {
			t.Errorf("%s: %+v; want due %v stopped %d %s", tc.name, got, tc.due, tc.stopped, tc.status)
		}
		// Whatever the suspensions, the days used up to a suspension
		// start can only shrink, and Used + Left == Limit.
		if got.Used+got.Left != clk.Limit || got.Used > plain.Used {
			t.Errorf("%s: used %d left %d", tc.name, got.Used, got.Left)
		}
	}
}

// A suspension after the due date cannot rescue the limit; the breach stays
// red while suspended.
func TestDueSuspensionAfterDueDate(t *testing.T) {
	c := Default()
	clk := Clock{Start: D(2026, 3, 2), Limit: 10, Suspensions: []Suspension{
		{Kind: KindHearing, Start: at(2026, 3, 18, 9)},
	}}
	got := c.Due(clk, at(2026, 3, 24, 9))
	if got.DueDate != D(2026, 3, 16) || got.Left != -2 || got.Stopped != 0 || !got.Suspended || got.Status != StatusOverdue {
		t.Errorf("%+v", got)
	}
}

func TestDueClosed(t *testing.T) {
	c := Default()
	clk := Clock{Start: D(2026, 9, 29), Limit: 3} // due Fri 2026-10-09
	clk.Closed = ptr(at(2026, 10, 9, 16))
	got := c.Due(clk, at(2026, 12, 1, 9))
	if got.DueDate != D(2026, 10, 9) || got.Left != 0 || !got.Closed || got.Status != StatusNormal {
		t.Errorf("closed on time: %+v", got)
	}
	clk.Closed = ptr(at(2026, 10, 10, 10)) // adjusted Saturday: one day late
	got = c.Due(clk, at(2026, 12, 1, 9))
	if got.Left != -1 || got.Status != StatusOverdue {
		t.Errorf("closed late: %+v", got)
	}
	// A suspension open at closing does not show as suspended.
	clk.Closed = ptr(at(2026, 10, 8, 10))
	clk.Suspensions = []Suspension{{Kind: KindHearing, Start: at(2026, 10, 8, 9)}}
	got = c.Due(clk, at(2026, 12, 1, 9))
	if got.Suspended || got.Status != StatusNormal || got.Left != 1 {
		t.Errorf("closed while suspended: %+v", got)
	}
	// Closed in the future (clock skew): read as open now.
	clk = Clock{Start: D(2026, 9, 29), Limit: 3, Closed: ptr(at(2026, 10, 9, 16))}
	if got := c.Due(clk, at(2026, 10, 8, 9)); got.Closed || got.Left != 1 {
		t.Errorf("closed later than now: %+v", got)
	}
}

// The resumption rule, on random data: suspend on working day X (after the
// acceptance date, so X was a running day), resume on
// working day Y; Left read on Y after resumption equals Left read on X
// before suspension, and the due date moves by exactly the working days in
// [X, Y) that fell before it.
func TestResumptionRestartsWithWhatWasLeft(t *testing.T) {
	c := Default()
	r := rand.New(rand.NewPCG(7, 8))
	kinds := Kinds
	for i := 0; i < 2000; i++ {
		start := c.AddWorkdays(D(2026, 1, 1), r.IntN(230))
		limit := r.IntN(30)
		x := c.AddWorkdays(start, 1+r.IntN(limit+3))
		y := c.AddWorkdays(x, 1+r.IntN(15))
		clk := Clock{Start: start, Limit: limit}
		// An earlier closed suspension makes the case less trivial.
		if r.IntN(2) == 0 && c.WorkdaysBetween(start, x) > 2 {
			a := c.AddWorkdays(start, 1)
			clk.Suspensions = append(clk.Suspensions, Suspension{Kind: KindInspection, Start: at(a.Y, a.M, a.D, 9), End: ptr(at(a.Y, a.M, a.D+1, 9))})
		}
		beforeNow := at(x.Y, x.M, x.D, 8)
		before := c.Due(clk, beforeNow)

		clk.Suspensions = append(clk.Suspensions, Suspension{Kind: kinds[i%len(kinds)], Start: at(x.Y, x.M, x.D, 10), End: ptr(at(y.Y, y.M, y.D, 11))})
		during := c.Due(clk, at(x.Y, x.M, x.D, 12))
		after := c.Due(clk, at(y.Y, y.M, y.D, 12))
		if after.Left != before.Left || during.Left != before.Left {
			t.Fatalf("start %v limit %d, suspended %v–%v: left before %d, during %d, after %d", start, limit, x, y, before.Left, during.Left, after.Left)
		}
		if before.Left >= 0 {
			// The suspension began on or before the due date: it moves
			// by every working day stopped.
			if want := c.AddWorkdays(before.DueDate, c.WorkdaysBetween(x.AddDays(-1), y.AddDays(-1))); after.DueDate != want {
				t.Fatalf("start %v limit %d, suspended %v–%v: due %v → %v, want %v", start, limit, x, y, before.DueDate, after.DueDate, want)
			}
		} else if after.DueDate != before.DueDate {
			t.Fatalf("suspension after the due date moved it: %v → %v", before.DueDate, after.DueDate)
		}
	}
}

func TestValidateClock(t *testing.T) {
	good := Clock{Start: D(2026, 3, 2), Limit: 10, Suspensions: []Suspension{
		{Kind: KindHearing, Start: at(2026, 3, 3, 9), End: ptr(at(2026, 3, 4, 9))},
		{Kind: KindHearing, Start: at(2026, 3, 5, 9)},
		{Kind: KindPublicNotice, Start: at(2026, 3, 5, 9)},
	}}
	if err := good.Validate(); err != nil {
		t.Fatal(err)
	}
	bad := Clock{Start: D(2026, 3, 2), Limit: -1, Suspensions: []Suspension{
		{Kind: "lunch", Start: at(2026, 3, 3, 9)},
		{Kind: KindHearing, Start: at(2026, 3, 1, 9), End: ptr(at(2026, 3, 4, 9))},
		{Kind: KindHearing, Start: at(2026, 3, 5, 9), End: ptr(at(2026, 3, 4, 9))},
		{Kind: KindExpertReview},
		{Kind: KindInspection, Start: at(2026, 3, 5, 9)},
		{Kind: KindInspection, Start: at(2026, 3, 6, 9)},
	}}
	e := onetrip.AsError(bad.Validate())
	want := []struct{ path, key string }{
		{"limit", "workday.limit_negative"},
		{"suspensions[0].kind", "workday.kind_unknown"},
		{"suspensions[1].start", "workday.suspension_before_start"},
		{"suspensions[2].end", "workday.suspension_end_before_start"},
		{"suspensions[3].start", "workday.suspension_no_start"},
		{"suspensions[5]", "workday.suspension_open_twice"},
	}
	if e.Code != onetrip.CodeInvalid || e.Key != "workday.clock_invalid" || len(e.Details) != len(want) {
		t.Fatalf("%v", e)
	}
	for i, w := range want {
		if e.Details[i].Path != w.path || e.Details[i].Key != w.key {
			t.Errorf("detail %d = %+v, want %+v", i, e.Details[i], w)
		}
	}
	if err := (Clock{Start: Date{2026, 2, 30}}).Validate(); err == nil {
		t.Error("bad start date accepted")
	}
}

func TestDueSoon(t *testing.T) {
	for _, tc := range []struct {
		left, limit int
		want        bool
	}{
		{0, 0, false}, // 即办 on its day
		{1, 0, false},
		{1, 3, true},
		{2, 3, false},
		{2, 10, true},
		{3, 10, false},
		{0, 10, true},
	} {
		if got := DueSoon(tc.left, tc.limit); got != tc.want {
			t.Errorf("DueSoon(%d, %d) = %v", tc.left, tc.limit, got)
		}
	}
}
