package casework

import (
	"onetrip"
	"strings"
	"testing"

	"onetrip/intake"
)

// stored runs results as the store does: each command's events chained
// after the last, the case row taking the new head.
type stored struct {
	c   Case
	evs []Event
}

func (s *stored) save(r Result) {
	evs, ch := r.Case.Chain.Append(r.Case.ID, r.At, "actor", r.Events)
	r.Case.Chain = ch
	s.c, s.evs = r.Case, append(s.evs, evs...)
}

// history is a case through submission, a decision and the issue of its
// result, with its log.
func history(t *testing.T) stored {
	t.Helper()
	clk := newClock()
	var s stored
	s.save(mustSubmit(t, foodSubmit(intake.ChannelWindow, foodComplete()), clk, singleGuide()))
	s.save(decide(t, s.c, itemFood, "approve", nil, clk, singleGuide()))
	return s
}

func TestCheckCaseAcceptsItsOwnHistory(t *testing.T) {
	s := history(t)
	if f := CheckCase(&s.c, s.evs); len(f) != 0 {
		t.Fatalf("findings on an untouched case: %+v", f)
	}
	r, err := Replay(s.evs)
	if err != nil || r.Status != s.c.Status || r.Number != s.c.Number {
		t.Fatalf("replay %+v %v", r, err)
	}
}

// TestCheckCaseFindsTampering: each way someone with the database could
// change a case is found, and named.
func TestCheckCaseFindsTampering(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(s *stored)
		field string
	}{
		{"last event deleted", func(s *stored) { s.evs = s.evs[:len(s.evs)-1] }, "head"},
		{"an event edited", func(s *stored) { s.evs[1].Data = []byte(`{"due_date":"2099-01-01"}`) }, "chain"},
		{"status edited", func(s *stored) { s.c.Status = intake.StatusRefused }, "status"},
		{"applicant's name edited", func(s *stored) { s.c.Applicant.Name = "别人" }, "facts"},
		{"due date edited", func(s *stored) { s.c.DueDate = "2099-12-31" }, "due_date"},
		{"visits edited", func(s *stored) { s.c.Visits.Breach = true }, "visits"},
		{"decision edited", func(s *stored) { s.c.Decision = "denied" }, "decision"},
		{"whole chain recomputed without its last event", func(s *stored) {
			// The chain is intact again, but the row's head still names the
			// removed event: head check.
			var ch Chain
			var evs []Event
			for _, e := range s.evs[:len(s.evs)-1] {
				x, n := ch.Append(e.CaseID, e.At, e.Actor, []NewEvent{{Type: e.Type, Data: e.Data}})
				evs, ch = append(evs, x...), n
			}
			s.evs = evs
		}, "head"},
		{"whole chain and head recomputed without the decision", func(s *stored) {
			// Consistent chain and head: replay finds the row's status is
			// not what the remaining events say. (Only a checkpoint can tell
			// the whole history was rewritten.)
			var ch Chain
			var evs []Event
			for _, e := range s.evs {
				if strings.HasPrefix(e.Type, "task.") || e.Type == "case.decided" || e.Type == "case.review_started" {
					continue
				}
				x, n := ch.Append(e.CaseID, e.At, e.Actor, []NewEvent{{Type: e.Type, Data: e.Data}})
				evs, ch = append(evs, x...), n
			}
			s.evs, s.c.Chain = evs, ch
		}, "status"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := history(t)
			tc.edit(&s)
			found := CheckCase(&s.c, s.evs)
			ok := false
			for _, f := range found {
				if f.Field == tc.field {
					ok = true
				}
			}
			if !ok {
				t.Fatalf("want a %s finding, got %+v", tc.field, found)
			}
		})
	}
}

// TestEarlyUSCCNeedsTheClerksConfirmation: a USCC whose check character
// fails is refused naming the right one, unless the clerk confirms it
// against the paper licence; the confirmation is on the case's log.
func TestEarlyUSCCNeedsTheClerksConfirmation(t *testing.T) {
	clk := newClock()
	cmd := foodSubmit(intake.ChannelWindow, foodComplete())
	good := cmd.Applicant.IDNumber
	cmd.Applicant.IDNumber = good[:17] + map[bool]string{true: "0", false: "1"}[good[17] != '0']
	_, err := SubmitCase(cmd, clk, singleGuide())
	e := onetrip.AsError(err)
	paths := map[string]string{}
	for _, d := range e.Details {
		paths[d.Path] = d.Key
	}
	if !onetrip.HasCode(err, onetrip.CodeInvalid) || paths["applicant.id_number"] != "idcode.uscc.check" || paths["uscc_confirmed"] == "" {
		t.Fatalf("unconfirmed: %v", err)
	}
	cmd.USCCConfirmed = true
	r, err := SubmitCase(cmd, clk, singleGuide())
	if err != nil {
		t.Fatal(err)
	}
	d := r.Events[0].Data.(map[string]any)
	if d["uscc_confirmed_by"] != cmd.Actor || len(r.Case.Warnings) == 0 {
		t.Fatalf("confirmation not recorded: %v %v", d, r.Case.Warnings)
	}
}
