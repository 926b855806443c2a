package intake

import (
	"strings"
	"testing"

	"onetrip"
)

func TestCanMove(t *testing.T) {
	yes := []struct{ from, to Status }{
		{StatusDraft, StatusSubmitted},
		{StatusSubmitted, StatusAccepted},
		{StatusSubmitted, StatusNeedsCorrection},
		{StatusSubmitted, StatusRefused},
		{StatusNeedsCorrection, StatusSubmitted},
		{StatusNeedsCorrection, StatusAccepted},
		{StatusNeedsCorrection, StatusNeedsCorrection},
		{StatusNeedsCorrection, StatusRefused},
		{StatusAccepted, StatusInReview},
		{StatusInReview, StatusSuspended},
		{StatusSuspended, StatusInReview},
		{StatusInReview, StatusApproved},
		{StatusInReview, StatusDenied},
		{StatusApproved, StatusIssued},
		{StatusIssued, StatusDelivered},
		{StatusIssued, StatusClosed},
		{StatusDelivered, StatusClosed},
		{StatusDenied, StatusClosed},
		{StatusClosed, StatusArchived},
		{StatusDraft, StatusWithdrawn},
		{StatusSubmitted, StatusWithdrawn},
		{StatusNeedsCorrection, StatusWithdrawn},
		{StatusAccepted, StatusWithdrawn},
		{StatusInReview, StatusWithdrawn},
		{StatusSuspended, StatusWithdrawn},
	}
	allowed := map[[2]Status]bool{}
	for _, c := range yes {
		allowed[[2]Status{c.from, c.to}] = true
	}
	// Every pair not listed is refused: the diagram is exactly the list.
	for _, f := range Statuses {
		for _, to := range Statuses {
			want := allowed[[2]Status{f, to}]
			if got := CanMove(f, to); got != want {
				t.Errorf("CanMove(%s, %s) = %v, want %v", f, to, got, want)
			}
			if err := Move(f, to); (err == nil) != want {
				t.Errorf("Move(%s, %s) = %v, want ok=%v", f, to, err, want)
			} else if err != nil && !onetrip.HasCode(err, onetrip.CodeConflict) {
				t.Errorf("Move(%s, %s): want a conflict, got %v", f, to, err)
			}
		}
	}
	// Notable refusals, spelled out.
	for _, c := range []struct{ from, to Status }{
		{StatusAccepted, StatusApproved},  // only via in_review
		{StatusSuspended, StatusApproved}, // resume first
		{StatusApproved, StatusWithdrawn}, // decided: not open
		{StatusRefused, StatusWithdrawn},  // final
		{StatusArchived, StatusClosed},    // final
		{StatusDraft, StatusAccepted},     // submit first
		{StatusDenied, StatusIssued},      // nothing to issue
		{"", StatusSubmitted}, {StatusDraft, "bogus"},
	} {
		if CanMove(c.from, c.to) {
			t.Errorf("CanMove(%q, %q) must be false", c.from, c.to)
		}
	}
}

func TestMoveErrors(t *testing.T) {
	err := Move(StatusAccepted, StatusRefused)
	e := onetrip.AsError(err)
	if e.Code != onetrip.CodeConflict || !strings.Contains(err.Error(), "accepted") || !strings.Contains(err.Error(), "refused") {
		t.Fatalf("want a conflict naming both states, got %v", err)
	}
	zh := onetrip.Render(onetrip.LangZH, e.Key, e.Args...)
	if !strings.Contains(zh, "accepted") || !strings.Contains(zh, "refused") {
		t.Errorf("zh message does not name both: %s", zh)
	}
	if len(e.Details) != 2 || onetrip.Render(onetrip.LangZH, e.Details[0].Key) != "已受理" ||
		onetrip.Render(onetrip.LangZH, e.Details[1].Key) != "不予受理" {
		t.Errorf("details must carry the names: %+v", e.Details)
	}
	err = Move("bogus", "nope")
	e = onetrip.AsError(err)
	if e.Code != onetrip.CodeInvalid || len(e.Details) != 2 || e.Details[0].Path != "from" || e.Details[1].Path != "to" {
		t.Fatalf("unknown statuses: %v", err)
	}
}

func TestOpenFinal(t *testing.T) {
	open := map[Status]bool{StatusDraft: true, StatusSubmitted: true, StatusNeedsCorrection: true,
		StatusAccepted: true, StatusInReview: true, StatusSuspended: true}
	final := map[Status]bool{StatusRefused: true, StatusWithdrawn: true, StatusArchived: true}
	for _, s := range Statuses {
		if s.Open() != open[s] {
			t.Errorf("%s.Open() = %v", s, s.Open())
		}
		if s.Final() != final[s] {
			t.Errorf("%s.Final() = %v", s, s.Final())
		}
		// Final means no move leaves it.
		leaves := false
		for _, to := range Statuses {
			leaves = leaves || CanMove(s, to)
		}
		if leaves == s.Final() {
			t.Errorf("%s: Final() = %v but a move leaves it: %v", s, s.Final(), leaves)
		}
		if s.Decided() != (s == StatusApproved || s == StatusDenied) {
			t.Errorf("%s.Decided() wrong", s)
		}
		if s.Label(onetrip.LangZH) == s.Key() || s.Label(onetrip.LangEN) == s.Key() {
			t.Errorf("%s has no name", s)
		}
	}
	if Status("x").Open() || Status("x").Final() || Status("x").Valid() {
		t.Error("unknown status")
	}
}
