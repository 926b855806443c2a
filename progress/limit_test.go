package progress

import (
	"errors"
	"testing"
	"time"

	"onetrip"
)

var t0 = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)

func TestLimitsWaitAndRecord(t *testing.T) {
	l := DefaultLimits
	for _, tc := range []struct {
		name  string
		f     Failures
		max   int
		now   time.Time
		wait  time.Duration
		wrong Failures // after one more wrong lookup (when admitted)
		right Failures // after a right one
	}{
		{"nothing yet", Failures{}, 5, t0, 0, Failures{1, t0}, Failures{}},
		{"four wrong", Failures{4, t0}, 5, t0.Add(10 * time.Minute), 0, Failures{5, t0}, Failures{4, t0}},
		{"five wrong: wait out the hour", Failures{5, t0}, 5, t0.Add(10 * time.Minute), 50 * time.Minute, Failures{6, t0}, Failures{5, t0}},
		{"a second before the window closes", Failures{5, t0}, 5, t0.Add(time.Hour - time.Second), time.Second, Failures{6, t0}, Failures{5, t0}},
		{"the window closed: starts over", Failures{5, t0}, 5, t0.Add(time.Hour), 0, Failures{1, t0.Add(time.Hour)}, Failures{}},
		{"long after", Failures{19, t0}, 20, t0.Add(30 * time.Hour), 0, Failures{1, t0.Add(30 * time.Hour)}, Failures{}},
		{"source at its twenty", Failures{20, t0}, 20, t0.Add(59 * time.Minute), time.Minute, Failures{21, t0}, Failures{20, t0}},
		{"source below twenty", Failures{19, t0}, 20, t0.Add(59 * time.Minute), 0, Failures{20, t0}, Failures{19, t0}},
	} {
		if got := l.Wait(tc.f, tc.max, tc.now); got != tc.wait {
			t.Errorf("%s: wait %v, want %v", tc.name, got, tc.wait)
		}
		if got := l.Record(tc.f, true, tc.now); got != tc.wrong {
			t.Errorf("%s: after a wrong lookup %+v, want %+v", tc.name, got, tc.wrong)
		}
		if got := l.Record(tc.f, false, tc.now); got != tc.right {
			t.Errorf("%s: after a right lookup %+v, want %+v (a right code lowers nothing)", tc.name, got, tc.right)
		}
	}
}

// TestSixthGuessWaits plays the rule as the store does: five wrong codes
// for one number are answered "not found", the sixth lookup of it — even
// with the right code — waits the rest of the hour; other numbers from
// the same source go on until the source's twenty.
func TestSixthGuessWaits(t *testing.T) {
	l := DefaultLimits
	var perCase, perSource Failures
	now := t0
	for i := 1; i <= 5; i++ {
		if err := l.Admit(perCase, perSource, now); err != nil {
			t.Fatalf("wrong code %d refused: %v", i, err)
		}
		perCase, perSource = l.Record(perCase, true, now), l.Record(perSource, true, now)
		now = now.Add(time.Minute)
	}
	err := l.Admit(perCase, perSource, now)
	var le *LimitError
	if !errors.As(err, &le) || le.Scope != ScopeCase || le.Wait != 55*time.Minute || le.Seconds() != 3300 || le.Minutes() != 55 {
		t.Fatalf("the sixth lookup: %#v", err)
	}
	e := onetrip.AsError(err)
	if e.Code != onetrip.CodeTooMany || e.Key != "progress.limited.case" {
		t.Fatalf("in the error model: %v", e)
	}
	if s, ok := RetryAfter(err); !ok || s != 3300 {
		t.Fatalf("Retry-After %d %v", s, ok)
	}
	if msg := onetrip.Render(onetrip.LangZH, e.Key, e.Args...); msg == "" || msg == e.Key {
		t.Fatalf("message %q", msg)
	}
	// Another number from the same source: admitted until twenty.
	var other Failures
	for i := 6; i <= 20; i++ {
		if err := l.Admit(other, perSource, now); err != nil {
			t.Fatalf("wrong lookup %d of the source refused: %v", i, err)
		}
		other, perSource = l.Record(other, true, now), l.Record(perSource, true, now)
		if other.Count == 5 {
			other = Failures{}
		}
	}
	err = l.Admit(Failures{}, perSource, now)
	if !errors.As(err, &le) || le.Scope != ScopeSource || le.Max != 20 {
		t.Fatalf("the source's twenty-first: %#v", err)
	}
	if e := onetrip.AsError(err); e.Key != "progress.limited.source" {
		t.Fatalf("key %s", e.Key)
	}
	// An hour after the first failure both windows are closed.
	if err := l.Admit(perCase, perSource, t0.Add(time.Hour)); err != nil {
		t.Fatalf("after the hour: %v", err)
	}
	if _, ok := RetryAfter(onetrip.NotFound("progress.not_found")); ok {
		t.Fatal("a not-found has no Retry-After")
	}
}

func TestLimitErrorRounding(t *testing.T) {
	for _, tc := range []struct {
		wait     time.Duration
		sec, min int
	}{
		{time.Millisecond, 1, 1},
		{time.Second, 1, 1},
		{61 * time.Second, 61, 2},
		{time.Hour, 3600, 60},
	} {
		e := &LimitError{Wait: tc.wait}
		if e.Seconds() != tc.sec || e.Minutes() != tc.min {
			t.Errorf("%v: %d s, %d min; want %d, %d", tc.wait, e.Seconds(), e.Minutes(), tc.sec, tc.min)
		}
	}
}
