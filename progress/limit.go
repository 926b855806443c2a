package progress

import (
	"errors"
	"time"

	"onetrip"
)

// Limits is the guessing rule. A wrong lookup (a wrong code, or a number
// no case has: the two are one outcome to the asker) counts against the
// case number asked and against the source (client address) asking, each
// in a window that opens at its first failure. A subject with its maximum
// of failures in an open window waits until the window closes; then its
// count starts over. While it waits every lookup of it is refused, the
// right code too, so waiting out the limit is the only way on, and a
// right answer never lowers a count (someone who knows one case's code
// could otherwise guess at others between looking it up).
//
// The per-number limit is kept for numbers no case has as for real ones,
// so a refusal does not tell whether a case exists either.
type Limits struct {
	PerCase   int           // wrong lookups of one case number per window
	PerSource int           // wrong lookups from one source per window
	Window    time.Duration // how long a window lasts, from its first failure
}

// DefaultLimits: 5 wrong codes per case number and 20 wrong lookups per
// source an hour. A person mistyping a code from the receipt tries two or
// three times; a guesser gets 5 tries an hour at a code space of 31⁶.
var DefaultLimits = Limits{PerCase: 5, PerSource: 20, Window: time.Hour}

// Failures is one subject's count of wrong lookups in its window.
type Failures struct {
	Count int
	Since time.Time // the window's first failure; zero when Count is 0
}

// current is f as of now: a closed window counts nothing.
func (l Limits) current(f Failures, now time.Time) Failures {
	if f.Count == 0 || !now.Before(f.Since.Add(l.Window)) {
		return Failures{}
	}
	return f
}

// Wait is how long a subject with f must wait before its next lookup
// against max: zero below max, else until its window closes.
func (l Limits) Wait(f Failures, max int, now time.Time) time.Duration {
	f = l.current(f, now)
	if f.Count < max {
		return 0
	}
	return f.Since.Add(l.Window).Sub(now)
}

// Record is f after a lookup that was admitted: a wrong one counts (and
// opens a window when none is open); a right one changes nothing.
func (l Limits) Record(f Failures, wrong bool, now time.Time) Failures {
	f = l.current(f, now)
	if !wrong {
		return f
	}
	if f.Count == 0 {
		f.Since = now
	}
	f.Count++
	return f
}

// Admit decides whether a lookup may go ahead given the case number's and
// the source's failures: nil, or a *LimitError with the longer wait.
func (l Limits) Admit(perCase, perSource Failures, now time.Time) error {
	wc, ws := l.Wait(perCase, l.PerCase, now), l.Wait(perSource, l.PerSource, now)
	switch {
	case wc == 0 && ws == 0:
		return nil
	case wc >= ws:
		return &LimitError{Wait: wc, Scope: ScopeCase, Max: l.PerCase, Window: l.Window}
	default:
		return &LimitError{Wait: ws, Scope: ScopeSource, Max: l.PerSource, Window: l.Window}
	}
}

// Scopes of a limit.
const (
	ScopeCase   = "case"
	ScopeSource = "source"
)

// LimitError is a lookup refused by the guessing rule: too many requests,
// with how long to wait (an HTTP answer's Retry-After) and which limit.
type LimitError struct {
	Wait   time.Duration
	Scope  string
	Max    int
	Window time.Duration
}

func (e *LimitError) Error() string { return e.Unwrap().Error() }

// Unwrap is the error in the error model (429 with the wait in minutes).
func (e *LimitError) Unwrap() error {
	key := "progress.limited.case"
	if e.Scope == ScopeSource {
		key = "progress.limited.source"
	}
	return onetrip.E(onetrip.CodeTooMany, key, int(e.Window/time.Minute), e.Max, e.Minutes())
}

// Seconds is the wait in whole seconds, rounded up (Retry-After).
func (e *LimitError) Seconds() int { return max(1, int((e.Wait+time.Second-1)/time.Second)) }

// Minutes is the wait in whole minutes, rounded up, as people are told it.
func (e *LimitError) Minutes() int { return max(1, int((e.Wait+time.Minute-1)/time.Minute)) }

// RetryAfter is the wait in seconds when err is a limit refusal.
func RetryAfter(err error) (int, bool) {
	var le *LimitError
	if errors.As(err, &le) {
		return le.Seconds(), true
	}
	return 0, false
}
