package review

import (
	"slices"
	"testing"

	"onetrip"
)

// The house resale bundle: filing and tax in parallel, then registration.
func house(filing, tax, reg string) []Step {
	return []Step{
		{Code: "filing", Status: filing},
		{Code: "tax", Status: tax},
		{Code: "reg", After: []string{"filing", "tax"}, Status: reg},
	}
}

func TestNextReady(t *testing.T) {
	for _, c := range []struct {
		steps []Step
		want  []string
	}{
		{house(Ready, Ready, Waiting), nil},
		{house(Approved, Ready, Waiting), nil},
		{house(Approved, Approved, Waiting), []string{"reg"}},
		{house(Approved, Denied, Waiting), nil},
		{house(Approved, Approved, Ready), nil},
	} {
		if got := NextReady(c.steps); !slices.Equal(got, c.want) {
			t.Errorf("%+v: got %v want %v", c.steps, got, c.want)
		}
	}
}

func TestJointLimits(t *testing.T) {
	for _, tc := range []struct{ limit, participants, consolidation int }{
		{5, 4, 1}, {2, 1, 1}, {1, 1, 1}, {0, 0, 0},
	} {
		if p, c := JointLimits(tc.limit); p != tc.participants || c != tc.consolidation {
			t.Errorf("JointLimits(%d) = %d, %d; want %d, %d", tc.limit, p, c, tc.participants, tc.consolidation)
		}
	}
}

func TestOutcome(t *testing.T) {
	for _, c := range []struct {
		steps          []Step
		done, approved bool
		blocked        []string
	}{
		{house(Ready, Ready, Waiting), false, false, nil},
		{house(Approved, Approved, Ready), false, false, nil},
		{house(Approved, Approved, Approved), true, true, nil},
		{house(Approved, Denied, Waiting), true, false, []string{"reg"}},
		{house(Ready, Denied, Waiting), false, false, nil}, // filing still running
		{house(Returned, Approved, Waiting), false, false, nil},
		{house(Approved, Approved, Denied), true, false, nil},
	} {
		done, ok, blocked := Outcome(c.steps)
		if done != c.done || ok != c.approved || !slices.Equal(blocked, c.blocked) {
			t.Errorf("%+v: got %v %v %v", c.steps, done, ok, blocked)
		}
	}
}

func TestCheckDecisionAndCanDecide(t *testing.T) {
	if err := CheckDecision(Approve, "", map[string]string{"合同编号": "HT-1"}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		d, op string
		out   map[string]string
	}{{"maybe", "x", nil}, {Deny, " ", nil}, {Return, "", nil}, {Approve, "", map[string]string{"": "x"}}} {
		if !onetrip.HasCode(CheckDecision(c.d, c.op, c.out), onetrip.CodeInvalid) {
			t.Errorf("%v accepted", c)
		}
	}
	if err := CanDecide(Ready, 3, 3); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		st      string
		v, want int
	}{{Waiting, 1, 1}, {Approved, 2, 2}, {Ready, 3, 2}} {
		if !onetrip.HasCode(CanDecide(c.st, c.v, c.want), onetrip.CodeConflict) {
			t.Errorf("%v allowed", c)
		}
	}
}
