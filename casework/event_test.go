package casework

// Tests of the event log (hash chain, verification, placement of licence
// events) and of the rule that every case status change goes through the
// transition table: by walking what each command did, and by reading the
// source for assignments to a case's Status outside move.

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"onetrip"
	"onetrip/catalog"
	"onetrip/intake"
	"onetrip/workday"
)

// ---------------------------------------------------------------------------
// The hash chain

func TestEventHash(t *testing.T) {
	at := time.Date(2026, 11, 26, 10, 0, 0, 123456000, onetrip.China)
	base := EventHash("", "case-1", 1, "case.submitted", "clerk", at, `{"a":1}`)
	if len(base) != 64 {
		t.Fatalf("hash %q: want 32 bytes of SM3 in hex", base)
	}
	if again := EventHash("", "case-1", 1, "case.submitted", "clerk", at.UTC(), `{"a":1}`); again != base {
		t.Error("the same instant in another zone hashes differently")
	}
	tests := []struct {
		name string
		hash string
	}{
		{"prev", EventHash("x", "case-1", 1, "case.submitted", "clerk", at, `{"a":1}`)},
		{"case", EventHash("", "case-2", 1, "case.submitted", "clerk", at, `{"a":1}`)},
		{"seq", EventHash("", "case-1", 2, "case.submitted", "clerk", at, `{"a":1}`)},
		{"type", EventHash("", "case-1", 1, "case.accepted", "clerk", at, `{"a":1}`)},
		{"actor", EventHash("", "case-1", 1, "case.submitted", "clerk2", at, `{"a":1}`)},
		{"time", EventHash("", "case-1", 1, "case.submitted", "clerk", at.Add(time.Microsecond), `{"a":1}`)},
		{"data", EventHash("", "case-1", 1, "case.submitted", "clerk", at, `{"a":2}`)},
		// The fields are separated: moving text between them changes the hash.
		{"field boundary", EventHash("", "case-1", 1, "case.submittedc", "lerk", at, `{"a":1}`)},
	}
	for _, tc := range tests {
		if tc.hash == base {
			t.Errorf("changing the %s does not change the hash", tc.name)
		}
	}
}

func sampleEvents() []NewEvent {
	return []NewEvent{
		{Type: "case.submitted", Data: map[string]any{"number": "ZJ-1", "channel": intake.ChannelWindow}},
		{Type: "case.accepted", Data: map[string]any{"due_date": "2026-12-01"}},
		{Type: "case.review_started", Data: nil},
		{Type: "task.decided", Data: map[string]any{"task": "t1", "decision": "approve"}},
		{Type: "case.decided", Data: map[string]any{"decision": "approved"}},
	}
}

func TestChainAppend(t *testing.T) {
	at := time.Date(2026, 11, 26, 10, 0, 0, 123456789, onetrip.China)
	evs, end := Chain{}.Append("case-1", at, "clerk", sampleEvents())
	if len(evs) != 5 || end.Seq != 5 || end.Hash != evs[4].Hash {
		t.Fatalf("end %+v after %d events", end, len(evs))
	}
	prev := ""
	for i, e := range evs {
		if e.Seq != i+1 || e.PrevHash != prev || e.CaseID != "case-1" || e.Actor != "clerk" {
			t.Errorf("event %d %+v", i, e)
		}
		if e.At.Location() != time.UTC || e.At.Nanosecond() != 123456000 || !e.At.Equal(at.Truncate(time.Microsecond)) {
			t.Errorf("at %v: want UTC, microseconds", e.At)
		}
		if e.Hash != EventHash(prev, e.CaseID, e.Seq, e.Type, e.Actor, e.At, string(e.Data)) {
			t.Errorf("event %d hash", i)
		}
		prev = e.Hash
	}
	if string(evs[2].Data) != "{}" {
		t.Errorf("nil data is %s, want {}", evs[2].Data)
	}
	var d map[string]any
	if err := json.Unmarshal(evs[0].Data, &d); err != nil || d["number"] != "ZJ-1" || d["channel"] != "window" {
		t.Errorf("data %s", evs[0].Data)
	}
	if err := VerifyEvents(evs); err != nil {
		t.Errorf("a fresh chain does not verify: %v", err)
	}

	t.Run("appending in two commands is one chain", func(t *testing.T) {
		a, mid := Chain{}.Append("case-1", at, "clerk", sampleEvents()[:2])
		b, end2 := mid.Append("case-1", at, "clerk", sampleEvents()[2:])
		if !reflect.DeepEqual(append(a, b...), evs) || end2 != end {
			t.Error("two appends differ from one")
		}
		later, _ := mid.Append("case-1", at.Add(time.Hour), "reviewer", sampleEvents()[2:])
		if err := VerifyEvents(append(a, later...)); err != nil {
			t.Errorf("events of two commands by two actors: %v", err)
		}
	})
	t.Run("nothing to append", func(t *testing.T) {
		none, same := end.Append("case-1", at, "clerk", nil)
		if len(none) != 0 || same != end {
			t.Errorf("%v %+v", none, same)
		}
	})
	t.Run("data that cannot be marshalled is {}", func(t *testing.T) {
		bad, _ := Chain{}.Append("case-1", at, "clerk", []NewEvent{{Type: "x", Data: map[string]any{"ch": make(chan int)}}})
		if string(bad[0].Data) != "{}" {
			t.Errorf("data %s", bad[0].Data)
		}
	})
	t.Run("a result's events chain after the case's end", func(t *testing.T) {
		clk := newClock()
		c := acceptedFood(t, clk)
		c.Chain = end
		r := decide(t, c, itemFood, "approve", nil, clk, singleGuide())
		out, end3 := r.Case.Chain.Append(c.ID, clk.Now, "reviewer", r.Events)
		if out[0].Seq != 6 || out[0].PrevHash != end.Hash || end3.Seq != 5+len(r.Events) {
			t.Errorf("first %+v end %+v", out[0], end3)
		}
		if err := VerifyEvents(append(slices.Clone(evs), out...)); err != nil {
			t.Error(err)
		}
	})
}

func TestVerifyEvents(t *testing.T) {
	at := time.Date(2026, 11, 26, 2, 0, 0, 0, time.UTC)
	evs, _ := Chain{}.Append("case-1", at, "clerk", sampleEvents())
	tests := []struct {
		name   string
		tamper func([]Event) []Event
		at     int // the event named, 1-based
	}{
		{"data changed", func(e []Event) []Event { e[2].Data = json.RawMessage(`{"x":1}`); return e }, 3},
		{"type changed", func(e []Event) []Event { e[1].Type = "case.refused"; return e }, 2},
		{"actor changed", func(e []Event) []Event { e[0].Actor = "someone"; return e }, 1},
		{"time changed", func(e []Event) []Event { e[4].At = e[4].At.Add(time.Second); return e }, 5},
		{"case changed", func(e []Event) []Event { e[3].CaseID = "case-2"; return e }, 4},
		{"hash replaced", func(e []Event) []Event { e[1].Hash = strings.Repeat("0", 64); return e }, 2},
		{"first removed", func(e []Event) []Event { return e[1:] }, 1},
		{"middle removed", func(e []Event) []Event { return append(e[:2:2], e[3:]...) }, 3},
		{"two swapped", func(e []Event) []Event { e[1], e[2] = e[2], e[1]; return e }, 2},
		{"forged event inserted with its own correct hash", func(e []Event) []Event {
			f := Event{CaseID: "case-1", Seq: 3, Type: "case.accepted", Actor: "forger", At: at, Data: json.RawMessage(`{}`), PrevHash: e[1].Hash}
			f.Hash = EventHash(f.PrevHash, f.CaseID, f.Seq, f.Type, f.Actor, f.At, string(f.Data))
			return append(append(e[:2:2], f), e[2:]...)
		}, 4},
		{"data changed and its own hash recomputed", func(e []Event) []Event {
			e[1].Data = json.RawMessage(`{"due_date":"2027-01-01"}`)
			e[1].Hash = EventHash(e[1].PrevHash, e[1].CaseID, e[1].Seq, e[1].Type, e[1].Actor, e[1].At, string(e[1].Data))
			return e
		}, 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.tamper(slices.Clone(evs))
			err := VerifyEvents(got)
			wantErr(t, err, onetrip.CodeConflict, "casework.events.broken")
			if args := onetrip.AsError(err).Args; len(args) != 2 || args[1] != tc.at {
				t.Errorf("args %v, want event %d named", args, tc.at)
			}
		})
	}
	if err := VerifyEvents(nil); err != nil {
		t.Errorf("an empty log: %v", err)
	}
	// Dropping the newest events leaves a valid prefix: only the chain's
	// recorded end (Case.Chain) can show it.
	if err := VerifyEvents(evs[:3]); err != nil {
		t.Errorf("a prefix: %v", err)
	}
}

func TestAfterDecision(t *testing.T) {
	lic := func(id string) NewEvent { return NewEvent{Type: "licence.issued", Data: map[string]any{"licence": id}} }
	types := func(r Result) []string {
		var out []string
		for _, e := range r.Events {
			s := e.Type
			if d, ok := e.Data.(map[string]any); ok && d["licence"] != nil {
				s += ":" + fmt.Sprint(d["licence"])
			}
			out = append(out, s)
		}
		return out
	}
	t.Run("after its step's decision, before the case's", func(t *testing.T) {
		g := singleGuide()
		g.Steps[0].Result = catalog.Result{Licence: licBiz}
		clk := newClock()
		c := electronicFood(t, clk)
		r := decide(t, c, itemFood, "approve", nil, clk, g)
		if len(r.Licences) != 1 {
			t.Fatalf("licences %+v", r.Licences)
		}
		r.AfterDecision(r.Licences[0].TaskID, lic("L1"))
		r.AfterDecision(r.Licences[0].TaskID, lic("L2"))
		want := []string{"case.review_started", "task.decided", "licence.issued:L1", "licence.issued:L2", "case.decided", "case.issued", "case.delivered", "case.closed"}
		if got := types(r); !slices.Equal(got, want) {
			t.Errorf("events %v, want %v", got, want)
		}
	})
	t.Run("an unknown task appends", func(t *testing.T) {
		r := Result{Events: []NewEvent{{Type: "task.decided", Data: TaskDecidedData{Task: "t1"}}, {Type: "case.decided"}}}
		r.AfterDecision("t9", lic("L9"))
		if got := types(r); !slices.Equal(got, []string{"task.decided", "case.decided", "licence.issued:L9"}) {
			t.Errorf("events %v", got)
		}
	})
	t.Run("each step's licences after its own decision", func(t *testing.T) {
		r := Result{Events: []NewEvent{
			{Type: "task.decided", Data: TaskDecidedData{Task: "t1"}},
			{Type: "task.decided", Data: TaskDecidedData{Task: "t2"}},
			{Type: "case.decided"},
		}}
		r.AfterDecision("t2", lic("B"))
		r.AfterDecision("t1", lic("A"))
		want := []string{"task.decided", "licence.issued:A", "task.decided", "licence.issued:B", "case.decided"}
		if got := types(r); !slices.Equal(got, want) {
			t.Errorf("events %v, want %v", got, want)
		}
	})
	t.Run("an empty result", func(t *testing.T) {
		var r Result
		r.AfterDecision("t1", lic("A"))
		if len(r.Events) != 1 {
			t.Errorf("events %v", r.Events)
		}
	})
}

// ---------------------------------------------------------------------------
// Every status change goes through the transition table.

type scenario struct {
	name string
	from intake.Status
	run  func(t *testing.T) Result
}

// scenarios are successful runs of every command, from the statuses each
// accepts; the walk of each must be a path of the transition table.
func scenarios() []scenario {
	g, bg := singleGuide(), bundleGuide()
	sub := func(cmd Submit, g *Guide) func(t *testing.T) Result {
		return func(t *testing.T) Result {
			r, err := SubmitCase(cmd, newClock(), g)
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
	}
	on := func(fixture func(*testing.T, Clock) Case, st intake.Status, cmd func(Case, Clock) (Result, error)) func(t *testing.T) Result {
		return func(t *testing.T) Result {
			clk := newClock()
			c := fixture(t, clk)
			if st != "" {
				c = inStatus(c, st)
			}
			r, err := cmd(c, clk)
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
	}
	judge := func(marks []intake.Mark, rf *Refusal) func(Case, Clock) (Result, error) {
		return func(c Case, clk Clock) (Result, error) {
			return JudgeCase(c, Judge{Review: Review{Materials: marks, Refusal: rf, InPerson: true}}, clk, g)
		}
	}
	decideStep := func(step, decision string, gd *Guide) func(Case, Clock) (Result, error) {
		return func(c Case, clk Clock) (Result, error) {
			x := c.Tasks[slices.IndexFunc(c.Tasks, func(x Task) bool { return x.Step == step })]
			var outputs map[string]string
			if step == stepBiz {
				outputs = bizOutputs
			}
			return DecideTaskOf(c, DecideTask{Decision: Decision{Decision: decision, Opinion: "意见", Outputs: outputs, Version: x.Version}, TaskID: x.ID}, clk, gd)
		}
	}
	refusal := &Refusal{Reason: "不属于本机关职权范围", LegalBasis: "《行政许可法》第三十二条"}
	withRefusal := func(s Submit) Submit { s.Refusal = refusal; return s }
	withdraw := func(c Case, clk Clock) (Result, error) { return WithdrawCase(c, Withdraw{Reason: "撤回"}, clk) }
	suspend := func(c Case, clk Clock) (Result, error) {
		return SuspendCase(c, Suspend{SuspendRequest: SuspendRequest{Kind: workday.KindHearing, Reason: "听证"}}, clk)
	}
	out := []scenario{
		{"submit window accepted", intake.StatusDraft, sub(foodSubmit(intake.ChannelWindow, foodComplete()), g)},
		{"submit window notice", intake.StatusDraft, sub(foodSubmit(intake.ChannelWindow, recv(foodForm)), g)},
		{"submit window refused", intake.StatusDraft, sub(withRefusal(foodSubmit(intake.ChannelWindow, foodComplete())), g)},
		{"submit agent deferred", intake.StatusDraft, sub(foodSubmit(intake.ChannelAgent, join(recv(foodForm, foodRules), []intake.Mark{mk(foodPremises, intake.MarkDeferred)})), g)},
		{"submit online", intake.StatusDraft, sub(foodSubmit(intake.ChannelOnline, foodComplete()), g)},
		{"submit bundle", intake.StatusDraft, sub(bundleSubmit(intake.ChannelWindow, orgApplicant(), bizComplete()), bg)},
		{"judge submitted accept", intake.StatusSubmitted, on(onlineFood, "", judge(recv(foodRules), nil))},
		{"judge submitted notice", intake.StatusSubmitted, on(onlineFood, "", judge([]intake.Mark{}, nil))},
		{"judge submitted refuse", intake.StatusSubmitted, on(onlineFood, "", judge([]intake.Mark{}, refusal))},
		{"judge correction accept", intake.StatusNeedsCorrection, on(noticedFood, "", judge(recv(foodRules), nil))},
		{"judge correction notice again", intake.StatusNeedsCorrection, on(noticedFood, "", judge([]intake.Mark{defective(foodForm, "未盖章")}, nil))},
		{"judge correction refuse", intake.StatusNeedsCorrection, on(noticedFood, "", judge([]intake.Mark{}, refusal))},
		{"resubmit", intake.StatusNeedsCorrection, on(noticedFood, "", func(c Case, clk Clock) (Result, error) {
			return ResubmitCase(c, Resubmit{Review: Review{Materials: recv(foodRules)}}, clk, g)
		})},
		{"supply deferred", intake.StatusAccepted, on(deferredFood, "", func(c Case, clk Clock) (Result, error) {
			return SupplyDeferredMaterial(c, SupplyDeferred{Review: Review{Materials: recv(foodPremises), InPerson: true}}, clk, g)
		})},
		{"remind", intake.StatusAccepted, on(deferredFood, "", func(c Case, clk Clock) (Result, error) { r, _ := RemindDeferred(c, clk); return r, nil })},
		{"licence revoked", intake.StatusClosed, on(deliveredFood, intake.StatusClosed, func(c Case, clk Clock) (Result, error) {
			return LicenceRevoked(c, clk, "l", "i", "r"), nil
		})},
		{"decide approve", intake.StatusAccepted, on(acceptedFood, "", decideStep(itemFood, "approve", g))},
		{"decide approve electronic", intake.StatusAccepted, on(electronicFood, "", decideStep(itemFood, "approve", g))},
		{"decide deny", intake.StatusAccepted, on(acceptedFood, "", decideStep(itemFood, "deny", g))},
		{"decide return", intake.StatusAccepted, on(acceptedFood, "", decideStep(itemFood, "return", g))},
		{"decide bundle step", intake.StatusAccepted, on(bundleOrg, "", decideStep(stepBiz, "approve", bg))},
		{"decide bundle in review", intake.StatusInReview, on(bundleBizApproved, "", decideStep(stepSeal, "approve", bg))},
		{"decide bundle last", intake.StatusInReview, on(bundleBothApproved, "", decideStep(stepTax, "approve", bg))},
		{"decide bundle denied", intake.StatusInReview, on(bundleBizDenied, "", decideStep(stepSeal, "approve", bg))},
		{"issue", intake.StatusApproved, on(approvedFood, "", IssueResult)},
		{"deliver", intake.StatusIssued, on(issuedFood, "", DeliverResult)},
		{"close delivered", intake.StatusDelivered, on(deliveredFood, "", CloseCase)},
		{"close denied", intake.StatusDenied, on(deniedFood, "", CloseCase)},
		{"hand over approved", intake.StatusApproved, on(approvedFood, "", func(c Case, clk Clock) (Result, error) {
			return HandOverResult(c, HandOver{Collector: trustee()}, clk, g)
		})},
		{"hand over issued", intake.StatusIssued, on(issuedFood, "", func(c Case, clk Clock) (Result, error) {
			return HandOverResult(c, HandOver{Collector: trustee()}, clk, g)
		})},
		{"suspend accepted", intake.StatusAccepted, on(acceptedFood, "", suspend)},
		{"suspend in review", intake.StatusInReview, on(acceptedFood, intake.StatusInReview, suspend)},
		{"resume", intake.StatusSuspended, on(suspendedFood, "", func(c Case, clk Clock) (Result, error) { return ResumeCase(c, c.Suspensions[0].ID, clk) })},
	}
	for _, st := range openStatuses {
		out = append(out, scenario{"withdraw " + string(st), st, on(acceptedFood, st, withdraw)})
	}
	return out
}

func TestEveryStatusChangeIsInTheTable(t *testing.T) {
	taken := map[[2]intake.Status]bool{}
	for _, sc := range scenarios() {
		t.Run(sc.name, func(t *testing.T) {
			r := sc.run(t)
			walk, err := statusWalk(sc.from, r)
			if err != nil {
				t.Fatal(err)
			}
			for i := 1; i < len(walk); i++ {
				if !intake.CanMove(walk[i-1], walk[i]) {
					t.Errorf("%s → %s", walk[i-1], walk[i])
				}
				taken[[2]intake.Status{walk[i-1], walk[i]}] = true
			}
			// A status the events do not explain would be a change that
			// bypassed move: the walk ends where the case is.
			if walk[len(walk)-1] != r.Case.Status {
				t.Errorf("walk %v, case %s", walk, r.Case.Status)
			}
		})
	}
	// Every move of the table is some command's, but archiving, which is
	// not a case command.
	var untaken []string
	for _, from := range intake.Statuses {
		for _, to := range intake.Statuses {
			if intake.CanMove(from, to) && !taken[[2]intake.Status{from, to}] {
				untaken = append(untaken, string(from)+"→"+string(to))
			}
		}
	}
	want := []string{"closed→archived"}
	if !slices.Equal(untaken, want) {
		t.Errorf("moves no command takes: %v, want %v", untaken, want)
	}
}

func TestStatusWalkCatchesABypass(t *testing.T) {
	// The walk's own check: a result whose status its events do not
	// explain, or whose events skip a move, is caught.
	r := Result{Case: Case{Status: intake.StatusClosed}, Events: []NewEvent{{Type: "case.review_started"}}}
	if _, err := statusWalk(intake.StatusAccepted, r); err == nil {
		t.Error("a status set without its event passed")
	}
	r = Result{Case: Case{Status: intake.StatusClosed}, Events: []NewEvent{{Type: "case.closed"}}}
	if _, err := statusWalk(intake.StatusAccepted, r); err == nil {
		t.Error("accepted → closed passed")
	}
	r = Result{Case: Case{Status: intake.StatusSuspended}, Events: []NewEvent{{Type: "case.suspended"}}}
	if w, err := statusWalk(intake.StatusAccepted, r); err != nil || len(w) != 3 {
		t.Errorf("the documented accepted → in_review → suspended chain: %v %v", w, err)
	}
}

// ---------------------------------------------------------------------------
// Source check: only move sets a case's status.

// caseStatusAssignments lists the assignments to X.Status in a file where X
// reads like a case (its text contains "Case", or it is c, cs or cc), outside
// the places allowed to set it: move in casework/command.go, and the scan
// functions of sqlstore that load a case from a row.
func caseStatusAssignments(fset *token.FileSet, f *ast.File, src []byte, pkg, file string) []string {
	allowed := func(fn string) bool {
		switch pkg {
		case "casework":
			return file == "command.go" && fn == "move"
		case "sqlstore":
			return strings.HasPrefix(fn, "scan")
		}
		return false
	}
	text := func(e ast.Expr) string {
		return string(src[fset.Position(e.Pos()).Offset:fset.Position(e.End()).Offset])
	}
	var out []string
	for _, d := range f.Decls {
		fn := ""
		if fd, ok := d.(*ast.FuncDecl); ok {
			fn = fd.Name.Name
		}
		ast.Inspect(d, func(n ast.Node) bool {
			as, ok := n.(*ast.AssignStmt)
			if !ok {
				return true
			}
			for _, lhs := range as.Lhs {
				sel, ok := lhs.(*ast.SelectorExpr)
				if !ok || sel.Sel.Name != "Status" {
					continue
				}
				x := strings.NewReplacer("(", "", ")", "", "*", "", " ", "").Replace(text(sel.X))
				if !strings.Contains(x, "Case") && x != "c" && x != "cs" && x != "cc" {
					continue
				}
				if allowed(fn) {
					continue
				}
				out = append(out, fmt.Sprintf("%s/%s:%d: %s (in %s)", pkg, file, fset.Position(as.Pos()).Line, text(lhs), fn))
			}
			return true
		})
	}
	return out
}

func checkSourceDir(t *testing.T, dir, pkg string) (found []string, allowed int) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	files := 0
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		files++
		found = append(found, caseStatusAssignments(fset, f, src, pkg, name)...)
		// Count the allowed ones too, so the check cannot pass by finding nothing.
		allowed += len(caseStatusAssignments(fset, f, src, "other", name))
	}
	if files == 0 {
		t.Fatalf("no Go files in %s", dir)
	}
	return found, allowed
}

func TestOnlyMoveSetsCaseStatus(t *testing.T) {
	cw, cwAll := checkSourceDir(t, ".", "casework")
	st, stAll := checkSourceDir(t, filepath.Join("..", "sqlstore"), "sqlstore")
	if bad := append(cw, st...); len(bad) > 0 {
		sort.Strings(bad)
		t.Errorf("a case's status is set outside move (use move, which checks intake's transition table):\n%s", strings.Join(bad, "\n"))
	}
	if cwAll < 1 || stAll < 1 {
		t.Errorf("the check found %d assignments in casework (want move's) and %d in sqlstore (want scanCase's): is it looking?", cwAll, stAll)
	}
}

func TestCaseStatusCheckFindsBypasses(t *testing.T) {
	src := `package casework

func move(c *Case, to intake.Status) error { c.Status = to; return nil }

func CloseNow(c Case) Case {
	c.Status = intake.StatusClosed
	return c
}

func other(r *Result, res Result) {
	r.Case.Status = intake.StatusApproved
	res.Case.Status, r.Notices = intake.StatusIssued, 2
	cs := &r.Case
	cs.Status = intake.StatusDenied
	(*cs).Status = intake.StatusDenied
	me := cs.Task("t")
	me.Status = TaskApproved
	cs.Tasks[0].Status = TaskReady
	steps[0].Status = TaskReady
	v.CaseStatus = intake.StatusClosed
	_ = func() { c.Status = "x" }
}

var _ = func(c *Case) { c.Status = intake.StatusClosed }
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "command.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	got := caseStatusAssignments(fset, f, []byte(src), "casework", "command.go")
	want := []string{
		"casework/command.go:6: c.Status (in CloseNow)",
		"casework/command.go:11: r.Case.Status (in other)",
		"casework/command.go:12: res.Case.Status (in other)",
		"casework/command.go:14: cs.Status (in other)",
		"casework/command.go:15: (*cs).Status (in other)",
		"casework/command.go:21: c.Status (in other)",
		"casework/command.go:24: c.Status (in )",
	}
	if !slices.Equal(got, want) {
		t.Errorf("found\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// move is allowed only in command.go; in sqlstore only scan functions.
	if got := caseStatusAssignments(fset, f, []byte(src), "casework", "intake.go"); len(got) != len(want)+1 {
		t.Errorf("move outside command.go: %v", got)
	}
	sq := "package sqlstore\nfunc scanCase(c *casework.Case) { c.Status = \"x\" }\nfunc load(c *casework.Case) { c.Status = \"x\" }\n"
	f2, err := parser.ParseFile(fset, "cases.go", sq, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got := caseStatusAssignments(fset, f2, []byte(sq), "sqlstore", "cases.go"); !slices.Equal(got, []string{"sqlstore/cases.go:3: c.Status (in load)"}) {
		t.Errorf("sqlstore: %v", got)
	}
}
