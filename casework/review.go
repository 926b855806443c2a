package casework

import (
	"slices"
	"strings"

	"onetrip"
	"onetrip/catalog"
	"onetrip/intake"
	"onetrip/licence"
	"onetrip/payment"
	"onetrip/review"
	"onetrip/workday"
)

// Task statuses, as review names them.
const (
	TaskWaiting  = review.Waiting
	TaskReady    = review.Ready
	TaskApproved = review.Approved
	TaskDenied   = review.Denied
	TaskReturned = review.Returned
	TaskCanceled = review.Canceled
)

// NewTasks makes one task per step of an accepted case. Steps with nothing
// to wait for are ready at once (parallel by default, DESIGN rule 4); each
// step's limit is its share of the case's promised limit.
func NewTasks(g *Guide, caseID string, clk Clock) []Task {
	plan := g.stepPlan()
	days := g.stepDays()
	per := make([]int, len(plan)) // in the order of the plan, as the limits are given out
	for i, st := range plan {
		per[i] = days[st.Item]
	}
	chain := 0
	if len(per) > 0 {
		chain = per[0]
	}
	if g.Bundle != nil {
		chain = longestChain(plan, days)
	}
	limits := workday.StepLimits(g.Promised, per, chain)
	out := make([]Task, len(plan))
	var joint []Task // participants' tasks, after the steps' own
	for i, st := range plan {
		t := Task{ID: clk.NewID(), CaseID: caseID, Step: st.Item, ItemVersion: g.Versions[st.Item], Department: g.Impls[st.Item].Department,
			After: st.After, Lead: st.Item == g.LeadStep, Status: TaskWaiting, Version: 1, LimitDays: limits[i], Seq: i + 1, Outputs: map[string]string{}}
		if t.After == nil {
			t.After = []string{}
		}
		ps := g.Participants[st.Item]
		if len(ps) > 0 {
			var own int
			own, t.LimitDays = review.JointLimits(limits[i])
			for _, p := range ps {
				pt := t
				pt.ID, pt.Department, pt.Participant, pt.Lead, pt.LimitDays = clk.NewID(), p.Department, p.Kind, false, own
				pt.Outputs = map[string]string{}
				if len(st.After) == 0 {
					pt.ready(clk)
				}
				joint = append(joint, pt)
			}
		} else if len(st.After) == 0 {
			t.ready(clk)
		}
		out[i] = t
	}
	for k := range joint {
		joint[k].Seq = len(plan) + k + 1
	}
	return append(out, joint...)
}

// ready puts a task in its department's queue now, due its limit of
// working days from today.
func (t *Task) ready(clk Clock) {
	now := clk.Now
	t.Status, t.ReadyAt = TaskReady, &now
	t.DueDate = clk.Calendar.AddWorkdays(workday.DateOf(now), t.LimitDays).String()
}

// Key names a task within its case: its step, or for a participant's
// opinion on a joint step the step and the participant
// ("330-ZJJS-002@fire-rescue"). The review rules know tasks by it and the
// store keeps it unique per case.
func (t Task) Key() string {
	if t.Participant != "" {
		return t.Step + "@" + t.Participant
	}
	return t.Step
}

// reviewSteps are the case's tasks as the review rules see them: a joint
// step's consolidation waits for its participants as for the steps before
// it.
func reviewSteps(tasks []Task) []review.Step {
	participants := map[string][]string{} // step → its participants' keys
	for _, x := range tasks {
		if x.Participant != "" {
			participants[x.Step] = append(participants[x.Step], x.Key())
		}
	}
	steps := make([]review.Step, len(tasks))
	for i, x := range tasks {
		after := x.After
		if ps := participants[x.Step]; x.Participant == "" && len(ps) > 0 {
			after = append(slices.Clone(x.After), ps...)
		}
		steps[i] = review.Step{Code: x.Key(), After: after, Status: x.Status}
	}
	return steps
}

// JointFinding is one participant's opinion on a joint step.
type JointFinding struct {
	Decision   string `json:"decision"`
	Department string `json:"department"`
	Kind       string `json:"kind"`
	Opinion    string `json:"opinion"`
}

// JointFindings are the participants' opinions on a joint step, in the
// order the catalogue lists them; answered is false while one is still
// deciding.
func JointFindings(c *Case, step string) (out []JointFinding, answered bool) {
	answered = true
	for _, t := range c.Tasks {
		if t.Step != step || t.Participant == "" {
			continue
		}
		if t.Status == TaskReady || t.Status == TaskWaiting {
			answered = false
		}
		out = append(out, JointFinding{Decision: t.Status, Department: t.Department, Kind: t.Participant, Opinion: t.Opinion})
	}
	return out, answered
}

// JointRectificationData is joint.rectification: every participant of a
// joint step has answered and some asked for rectification (需整改); the
// applicant gets this one combined notice with every department's findings.
type JointRectificationData struct {
	Findings []JointFinding `json:"findings"`
	Step     string         `json:"step"`
}

// JointOpinionData is joint.consolidated: the lead's one consolidated
// opinion (联合验收意见) on a joint step, listing every participant's
// findings.
type JointOpinionData struct {
	Department string            `json:"department"`
	Findings   []JointFinding    `json:"findings"`
	Opinion    string            `json:"opinion"`
	Outputs    map[string]string `json:"outputs"`
	Step       string            `json:"step"`
}

// Decision is what a reviewer or department system sends for a task.
type Decision struct {
	Decision string            `json:"decision"`
	Opinion  string            `json:"opinion,omitempty"`
	Outputs  map[string]string `json:"outputs,omitempty"`
	Version  int               `json:"version"`
}

// DecideTask is a department's decision on one ready task of the case.
type DecideTask struct {
	Decision
	TaskID string
	Actor  string
}

// LicenceDue is a licence an approved step issues: its type, for whom, and
// the outputs its fields come from.
type LicenceDue struct {
	TaskID     string
	Step       string
	Department string
	Type       string
	Holder     licence.Holder
	Outputs    map[string]string
}

func init() {
	onetrip.Register(onetrip.Messages{
		"casework.decision.version": {"请提交任务的版本号（version，打开任务时读到的值）", "give the task's version (as read when the task was opened)"},
	})
}

// OutstandingFor lists the deferred materials (容缺) a step itself needs that
// have not arrived: while any is out, the step cannot be approved (and its
// licence not issued). The case-level rule (no decision while any is out)
// is DecideTaskOf's.
func OutstandingFor(c *Case, g *Guide, step string) []Material {
	if c.DeferredDue == "" || g == nil {
		return nil
	}
	specs := g.StepSpecs(step)
	var out []Material
	for _, m := range c.Materials {
		if m.State != intake.StateDeferred {
			continue
		}
		for _, id := range m.SpecIDs {
			if slices.Contains(specs, id) {
				out = append(out, m)
				break
			}
		}
	}
	return out
}

// StepMaterials are the keys of the case's materials a step asks for: what
// its reviewer works from (the rest of the bundle's materials are other
// departments' business, shown folded).
func StepMaterials(c *Case, g *Guide, step string) []string {
	if g == nil {
		return nil
	}
	specs := g.StepSpecs(step)
	var out []string
	for _, m := range c.Materials {
		for _, id := range m.SpecIDs {
			if slices.Contains(specs, id) {
				out = append(out, m.Key)
				break
			}
		}
	}
	return out
}

// DecideTaskOf records a department's decision on a ready task. Approval
// makes the steps after it ready and issues the step's licence; when the
// steps together have decided the case, the case is approved or denied with
// every step's reasons, and a result sent electronically is issued,
// delivered and the case closed at once.
func DecideTaskOf(c Case, cmd DecideTask, clk Clock, g *Guide) (Result, error) {
	d := cmd.Decision
	if err := review.CheckDecision(d.Decision, d.Opinion, d.Outputs); err != nil {
		return Result{}, err
	}
	if d.Version < 1 {
		return Result{}, onetrip.Invalid("casework.decision.version").WithDetail("version", "casework.decision.version")
	}
	t0 := c.Task(cmd.TaskID)
	if t0 == nil {
		return Result{}, onetrip.NotFound("casework.task.not_found", cmd.TaskID)
	}
	if err := review.CanDecide(t0.Status, t0.Version, d.Version); err != nil {
		return Result{}, err
	}
	allowed := g.StepOutputs(t0.Step)
	if t0.Participant != "" {
		allowed = nil // a participant gives its opinion; the lead's consolidation gives the outputs
	}
	if err := catalog.CheckOutputs(t0.Step, allowed, d.Outputs); err != nil {
		return Result{}, err
	}
	if c.Status != intake.StatusAccepted && c.Status != intake.StatusInReview {
		return Result{}, wrongStatus("casework.task.case_state", c.Status)
	}
	if d.Decision == review.Approve {
		if out := OutstandingFor(&c, g, t0.Step); len(out) > 0 {
			return Result{}, onetrip.Conflict("casework.task.deferred", out[0].Name, c.DeferredDue)
		}
	}
	r := begin(c, clk)
	cs := &r.Case
	now := clk.Now
	me := cs.Task(cmd.TaskID)
	changed := map[string]int{me.ID: me.Version}
	me.Status = map[string]string{review.Approve: TaskApproved, review.Deny: TaskDenied, review.Return: TaskReturned}[d.Decision]
	me.Opinion, me.DecidedBy = d.Opinion, cmd.Actor
	if d.Outputs != nil {
		me.Outputs = d.Outputs
	}
	if d.Decision != review.Return {
		me.DecidedAt = &now
	}
	steps := reviewSteps(cs.Tasks)
	readyNow := review.NextReady(steps)
	for i := range cs.Tasks {
		x := &cs.Tasks[i]
		if slices.Contains(readyNow, x.Key()) {
			changed[x.ID] = x.Version
			x.ready(clk)
			steps[i].Status = TaskReady
		}
	}
	done, approved, blocked := review.Outcome(steps)
	if done && approved {
		for _, m := range cs.Materials {
			if m.State == intake.StateDeferred {
				return Result{}, onetrip.Conflict("casework.case.deferred", cs.DeferredDue)
			}
		}
	}
	if cs.Status == intake.StatusAccepted {
		if err := move(cs, intake.StatusInReview); err != nil {
			return Result{}, err
		}
		r.event("case.review_started", nil)
	}
	r.event("task.decided", TaskDecidedData{Task: me.ID, Step: me.Step, Department: me.Department, Decision: me.Status,
		Opinion: d.Opinion, Outputs: me.Outputs})
	if fs, answered := JointFindings(cs, me.Step); len(fs) > 0 { // a joint step
		switch {
		case me.Participant != "" && answered && slices.ContainsFunc(fs, func(f JointFinding) bool { return f.Decision == TaskReturned }):
			r.event("joint.rectification", JointRectificationData{Step: me.Step, Findings: fs})
		case me.Participant == "" && d.Decision == review.Approve:
			r.event("joint.consolidated", JointOpinionData{Step: me.Step, Department: me.Department, Opinion: d.Opinion, Outputs: me.Outputs, Findings: fs})
		}
	}
	for _, x := range cs.Tasks {
		if slices.Contains(readyNow, x.Key()) {
			r.event("task.ready", TaskReadyData{Task: x.ID, Step: x.Step, Department: x.Department, DueDate: x.DueDate})
		}
	}
	for i := range cs.Tasks {
		x := &cs.Tasks[i]
		if slices.Contains(blocked, x.Key()) && x.Status == TaskWaiting {
			changed[x.ID] = x.Version
			x.Status = TaskCanceled
		}
	}
	for i := range cs.Tasks {
		x := &cs.Tasks[i]
		if was, ok := changed[x.ID]; ok {
			x.Version = was + 1
			r.Tasks = append(r.Tasks, TaskChange{Task: *x, Was: was})
		}
	}
	if d.Decision == review.Approve && me.Participant == "" { // a participant's approval is an opinion: the consolidation issues
		if err := r.charge(g, clk, catalog.FeeAtApproval, me.Step); err != nil {
			return Result{}, err
		}
		if done && approved { // the case is approved now: fees due before issue
			if err := r.charge(g, clk, catalog.FeeBeforeIssue, ""); err != nil {
				return Result{}, err
			}
		}
		// A step whose fee is owed keeps its licence until it is paid
		// (SettleFeeOf issues it): the result follows the payment.
		if due, ok, err := licenceDue(cs, me, g); err != nil {
			return Result{}, err
		} else if ok && payment.AllSettled(cs.Fees, me.Step) {
			r.Licences = append(r.Licences, due)
		}
	}
	if done {
		if err := r.decideCase(approved, clk); err != nil {
			return Result{}, err
		}
	}
	return r, nil
}

// decideCase is the case's decision once its steps have made it: approved
// when every step is, denied with every denying step's reason. The lead
// department owns the result.
func (r *Result) decideCase(approved bool, clk Clock) error {
	cs := &r.Case
	now := clk.Now
	to, word := intake.StatusDenied, CaseDenied
	if approved {
		to, word = intake.StatusApproved, CaseApproved
	}
	if err := move(cs, to); err != nil {
		return err
	}
	cs.DecidedAt, cs.Decision = &now, word
	reasons := []DenyReason{}
	for _, x := range cs.Tasks {
		if x.Status == TaskDenied {
			reasons = append(reasons, DenyReason{Step: x.Step, Department: x.Department, Opinion: x.Opinion})
		}
	}
	r.event("case.decided", CaseDecidedData{Decision: cs.Decision, LeadDepartment: cs.LeadDepartment, Reasons: reasons})
	if !approved {
		r.cancelUnpaid()
	}
	if approved && cs.Delivery == "electronic" && FeesSettled(cs) {
		if err := r.issue("electronic"); err != nil {
			return err
		}
		if err := r.deliver("electronic"); err != nil {
			return err
		}
		return r.close(clk, CaseClosedData{})
	}
	return nil
}

func (r *Result) issue(delivery string) error {
	if err := move(&r.Case, intake.StatusIssued); err != nil {
		return err
	}
	r.event("case.issued", map[string]any{"delivery": delivery})
	return nil
}

func (r *Result) deliver(delivery string) error {
	if err := move(&r.Case, intake.StatusDelivered); err != nil {
		return err
	}
	r.event("case.delivered", map[string]any{"delivery": delivery})
	return nil
}

func (r *Result) close(clk Clock, data CaseClosedData) error {
	if err := move(&r.Case, intake.StatusClosed); err != nil {
		return err
	}
	now := clk.Now
	r.Case.ClosedAt = &now
	r.event("case.closed", data)
	return nil
}

// IssueResult produces an approved case's result (出件) for its delivery.
func IssueResult(c Case, clk Clock) (Result, error) {
	if c.Status != intake.StatusApproved {
		return Result{}, wrongStatus("casework.issue.not_ready", c.Status)
	}
	if err := unpaidConflict(&c); err != nil {
		return Result{}, err
	}
	r := begin(c, clk)
	return r, r.issue(c.Delivery)
}

// DeliverResult records an issued result as delivered (送达): by courier,
// or electronically.
func DeliverResult(c Case, clk Clock) (Result, error) {
	if c.Status != intake.StatusIssued {
		return Result{}, wrongStatus("casework.deliver.not_issued", c.Status)
	}
	if c.Delivery == "window" {
		return Result{}, onetrip.Conflict("casework.deliver.window") // handed over at the window (HandOverResult), with its trip
	}
	r := begin(c, clk)
	return r, r.deliver(c.Delivery)
}

// CloseCase closes (办结) a case whose result was delivered, or one denied
// (the decision letter is the whole result).
func CloseCase(c Case, clk Clock) (Result, error) {
	if c.Status != intake.StatusDelivered && c.Status != intake.StatusDenied {
		return Result{}, wrongStatus("casework.close.not_ready", c.Status)
	}
	r := begin(c, clk)
	return r, r.close(clk, CaseClosedData{})
}

// HandOver gives an approved result to the applicant at the window: the
// collector is checked (intake.CheckCollector) and recorded, the trip is
// recorded (and counted: collecting is a trip after acceptance, voluntary
// when the guide offered courier or electronic delivery), the result is
// issued if it was not, and the case closes.
type HandOver struct {
	Actor     string
	Collector intake.Collector
	// Representative is the citizen ID of an organisation applicant's legal
	// representative as the licence library names it ("" when unknown).
	Representative string
}

// AwaitsPickup reports whether a case's result waits at the window to be
// handed over: approved (or issued) and to be collected there.
func AwaitsPickup(c *Case) bool {
	return c.Delivery == "window" && (c.Status == intake.StatusApproved || c.Status == intake.StatusIssued)
}

// HandOverResult runs HandOver.
func HandOverResult(c Case, cmd HandOver, clk Clock, g *Guide) (Result, error) {
	if c.Status != intake.StatusApproved && c.Status != intake.StatusIssued {
		return Result{}, wrongStatus("casework.handover.not_ready", c.Status)
	}
	if err := unpaidConflict(&c); err != nil {
		return Result{}, err
	}
	col := cmd.Collector
	if err := intake.CheckCollector(c.Applicant, c.Parties, c.Agent, cmd.Representative, &col); err != nil {
		return Result{}, err
	}
	r := begin(c, clk)
	r.addTrip(intake.Trip{Purpose: intake.PurposePickup, At: clk.Now, Outcome: intake.TripPickup,
		Voluntary: c.Delivery != "window" || intake.ClassifyTrip(intake.PurposePickup, g.ResultSteps())})
	if r.Case.Status == intake.StatusApproved {
		if err := r.issue("window"); err != nil {
			return Result{}, err
		}
	}
	if err := r.close(clk, CaseClosedData{HandedOverBy: cmd.Actor, Collector: &col}); err != nil {
		return Result{}, err
	}
	return r, nil
}

// SuspendRequest starts a special procedure.
type SuspendRequest struct {
	Kind   string `json:"kind"`
	Reason string `json:"reason"`
	TaskID string `json:"task_id,omitempty"`
}

// Suspend starts a special procedure on a case under review: its clock
// (and the task's) stops until Resume.
type Suspend struct {
	SuspendRequest
	Actor string
}

// SuspendCase runs Suspend.
func SuspendCase(c Case, cmd Suspend, clk Clock) (Result, error) {
	var p onetrip.Problems
	if !workday.ValidKind(cmd.Kind) {
		p.Add("kind", "casework.susp.kind", cmd.Kind)
	}
	if strings.TrimSpace(cmd.Reason) == "" {
		p.Add("reason", "casework.susp.reason")
	} else if len([]rune(cmd.Reason)) > MaxReason {
		p.Add("reason", "casework.reason_too_long", MaxReason)
	}
	if err := p.Err("casework.susp.invalid", len(p)); err != nil {
		return Result{}, err
	}
	if cmd.TaskID != "" && c.Task(cmd.TaskID) == nil {
		return Result{}, onetrip.NotFound("casework.task.not_found", cmd.TaskID)
	}
	switch c.Status {
	case intake.StatusAccepted, intake.StatusInReview:
	case intake.StatusSuspended:
		return Result{}, onetrip.Conflict("casework.susp.open")
	default:
		return Result{}, wrongStatus("casework.susp.closed", c.Status)
	}
	r := begin(c, clk)
	cs := &r.Case
	if cs.Status == intake.StatusAccepted {
		if err := move(cs, intake.StatusInReview); err != nil {
			return Result{}, err
		}
		r.event("case.review_started", nil)
	}
	if err := move(cs, intake.StatusSuspended); err != nil {
		return Result{}, err
	}
	sp := Suspension{ID: clk.NewID(), CaseID: c.ID, TaskID: cmd.TaskID, Suspension: workday.Suspension{Kind: cmd.Kind, Reason: strings.TrimSpace(cmd.Reason), Start: clk.Now},
		CreatedBy: cmd.Actor}
	cs.Suspensions = append(cs.Suspensions, sp)
	r.Suspension = &sp
	r.event("case.suspended", map[string]any{"suspension": sp.ID, "kind": sp.Kind, "reason": sp.Reason, "task": sp.TaskID})
	return r, nil
}

// ResumeCase ends a special procedure; the clock restarts with what was left.
func ResumeCase(c Case, suspID string, clk Clock) (Result, error) {
	idx := -1
	for i, sp := range c.Suspensions {
		if sp.ID == suspID && sp.End == nil {
			idx = i
		}
	}
	if idx < 0 || c.Status != intake.StatusSuspended {
		return Result{}, onetrip.NotFound("casework.susp.not_found", suspID)
	}
	r := begin(c, clk)
	cs := &r.Case
	now := clk.Now
	sp := cs.Suspensions[idx]
	sp.End = &now
	cs.Suspensions[idx] = sp
	if err := move(cs, intake.StatusInReview); err != nil {
		return Result{}, err
	}
	// The clock restarts with what was left: the due date moves by the days
	// it stood still, and the case keeps it (lists filter on it).
	if clk.Calendar != nil {
		if d := CaseDeadline(clk.Calendar, cs, clk.Now); d != nil {
			cs.DueDate = d.DueDate
		}
	}
	r.Suspension = &sp
	r.event("case.resumed", map[string]any{"suspension": sp.ID, "due_date": cs.DueDate})
	return r, nil
}

// licenceDue is the licence an approved step issues, if its result is a
// licence type: to whom is the holder rule's answer.
func licenceDue(c *Case, t *Task, g *Guide) (LicenceDue, bool, error) {
	if g == nil {
		return LicenceDue{}, false, nil
	}
	it := g.Step(t.Step)
	if it == nil || it.Result.Licence == "" {
		return LicenceDue{}, false, nil
	}
	code := it.Result.Licence
	h, err := LicenceHolder(g.HolderKinds[code], c, t)
	if err != nil {
		return LicenceDue{}, false, err
	}
	return LicenceDue{TaskID: t.ID, Step: t.Step, Department: t.Department, Type: code, Holder: h, Outputs: t.Outputs}, true, nil
}

// PackageRef is an archive package a department keeps of a case, as the
// case's log names it.
type PackageRef struct {
	ID         string `json:"id"`
	Department string `json:"department"`
	SM3        string `json:"sm3"`
}

// CaseArchivedData is case.archived's data: the packages, one per
// department that worked on the case; the working record keeps them as
// its pointer into the archive.
type CaseArchivedData struct {
	Packages []PackageRef `json:"packages"`
}

// ArchiveCase moves a closed case to archived (已归档) once each department
// that worked on it holds its package.
func ArchiveCase(c Case, pkgs []PackageRef, clk Clock) (Result, error) {
	if c.Status != intake.StatusClosed {
		return Result{}, wrongStatus("casework.archive.not_closed", c.Status)
	}
	if len(pkgs) == 0 {
		return Result{}, onetrip.Invalid("casework.archive.no_packages")
	}
	r := begin(c, clk)
	if err := move(&r.Case, intake.StatusArchived); err != nil {
		return Result{}, err
	}
	r.event("case.archived", CaseArchivedData{Packages: pkgs})
	return r, nil
}
