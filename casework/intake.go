package casework

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"onetrip"
	"onetrip/catalog"
	"onetrip/idcode"
	"onetrip/intake"
)

// Submission is an application as the window, an agent or the online form
// hands it in (POST /api/v1/cases).
type Submission struct {
	Item      string           `json:"item,omitempty"`
	Bundle    string           `json:"bundle,omitempty"`
	Region    string           `json:"region"`
	Channel   intake.Channel   `json:"channel"`
	Applicant intake.Applicant `json:"applicant"`
	// Parties are the guide's further parties (the seller, when the buyer
	// applies): see Guide.Parties.
	Parties   []intake.Party  `json:"parties,omitempty"`
	Agent     *intake.Agent   `json:"agent,omitempty"`
	Materials []intake.Mark   `json:"materials"`
	Form      json.RawMessage `json:"form,omitempty"`
	Delivery  string          `json:"delivery,omitempty"`
	Refusal   *Refusal        `json:"refusal,omitempty"`
	// USCCConfirmed: the window clerk has the applicant's paper licence in
	// hand and confirms a USCC whose check character fails (some early
	// codes do). Without it such a code is refused.
	USCCConfirmed bool `json:"uscc_confirmed,omitempty"`
}

// Review is a window's decision on a case waiting at it (an online
// submission in pre-review, or a correction brought back), an applicant's
// online answer to a notice, or deferred materials arriving. Materials are
// new marks; entries not marked keep their last state.
type Review struct {
	Materials []intake.Mark `json:"materials"`
	InPerson  bool          `json:"in_person"`
	Refusal   *Refusal      `json:"refusal,omitempty"`
	Version   int           `json:"version"`
}

var errNoGuide = errors.New("casework: submission without a guide and without a problem saying why")

// MaxFormBytes bounds the free-form part of an application.
const MaxFormBytes = 64 << 10

// Submit is the command that takes an application in.
type Submit struct {
	Submission
	Actor         string // username of who hands it in
	Center        string // the service centre it is handed in at
	ApplicantUser string // the applicant's own account, online
	Held          intake.Holdings
	// Found are problems the store found (unknown files, an unknown
	// region, an unpublished item), reported with the command's own.
	Found onetrip.Problems
}

// CheckMarks checks the material lines of a request before they are
// judged: present (an empty list says "nothing handed in", a missing one is
// a mistake) and each spec listed once.
func CheckMarks(marks []intake.Mark, p *onetrip.Problems) {
	if marks == nil {
		p.Add("materials", "casework.materials_required")
		return
	}
	first := map[string]int{}
	for i, m := range marks {
		spec := strings.TrimSpace(m.Spec)
		if spec == "" {
			continue // Evaluate names it
		}
		if j, dup := first[spec]; dup {
			p.Add("materials["+strconv.Itoa(i)+"].spec", "casework.material_twice", spec, j)
			continue
		}
		first[spec] = i
	}
}

// CheckForm checks the free-form part of an application: at most
// MaxFormBytes, and a JSON object when given.
func CheckForm(form json.RawMessage, p *onetrip.Problems) {
	if len(form) > MaxFormBytes {
		p.Add("form", "casework.form_too_large")
		return
	}
	if t := bytes.TrimSpace(form); len(t) > 0 && (t[0] != '{' || !json.Valid(t)) {
		p.Add("form", "casework.form_object")
	}
}

// Submit takes an application in. At a window or through an agent the
// checklist decides at once: accepted (with due date and tasks) or
// needs_correction with ONE notice naming everything missing; the clerk may
// instead refuse with reason and legal basis. Online applications wait in
// the window's pre-review queue as submitted. g may be nil when the store
// could not resolve the guide (its problems are in cmd.Found).
func SubmitCase(cmd Submit, clk Clock, g *Guide) (Result, error) {
	sub := cmd.Submission
	p := append(onetrip.Problems(nil), cmd.Found...)
	if err := idcode.CheckRegionCode(sub.Region); err != nil {
		e := onetrip.AsError(err)
		p.Add("region", e.Key, e.Args...)
	}
	if sub.Agent != nil {
		ag := *sub.Agent // normalised on a copy: the caller's command stays as it was
		sub.Agent = &ag
	}
	warns, err := intake.CheckParties(sub.Channel, &sub.Applicant, sub.Agent)
	if err != nil {
		p = append(p, onetrip.AsError(err).Details...)
	}
	confirmed := false
	for _, w := range warns {
		if w.Key != "idcode.uscc.check" && w.Key != "idcode.uscc.org_check" {
			continue
		}
		if !sub.USCCConfirmed {
			// A typo and a genuine early code look the same: refused unless
			// the clerk compared it with the paper licence.
			p.Add("applicant.id_number", w.Key, w.Args...)
			p.Add("uscc_confirmed", "casework.uscc_confirm")
		} else {
			confirmed = true
		}
	}
	sub.Parties = slices.Clone(sub.Parties) // normalised on a copy, as the agent
	if g != nil {
		if err := intake.CheckCaseParties(g.Parties(), sub.Applicant, sub.Parties); err != nil {
			p = append(p, onetrip.AsError(err).Details...)
		}
	}
	CheckForm(sub.Form, &p)
	CheckMarks(sub.Materials, &p)
	if sub.Refusal != nil {
		checkRefusal(sub.Refusal, &p)
	}
	var ev intake.Evaluation
	if g != nil {
		if sub.Delivery != "" && !DeliveryOffered(g.ResultSteps(), sub.Delivery) {
			p.Add("delivery", "casework.delivery", sub.Delivery)
		}
		ev, err = intake.Evaluate(g.Entries, sub.Materials, cmd.Held)
		if err != nil {
			p = append(p, onetrip.AsError(err).Details...)
		} else if sub.Channel == intake.ChannelOnline {
			// Online, a required material is uploaded or fetched before
			// the application goes in; the form says which are missing.
			for _, r := range intake.MissingOnline(ev) {
				p.Add("materials", "casework.online.missing", r.Name)
			}
		}
	}
	if err := p.Err("casework.invalid", len(p)); err != nil {
		return Result{}, err
	}
	if g == nil {
		return Result{}, onetrip.Internal(errNoGuide)
	}
	now := clk.Now
	c := Case{ID: clk.NewID(), Region: sub.Region, Item: sub.Item, Bundle: sub.Bundle, CatalogVersion: g.Version,
		StepVersions: g.Versions, Title: g.Title, Channel: sub.Channel, Status: intake.StatusDraft, Applicant: sub.Applicant, Parties: sub.Parties, Agent: sub.Agent,
		Form: sub.Form, Delivery: sub.Delivery, MaxVisits: g.MaxVisits, PromisedDays: g.Promised, LeadDepartment: g.Lead,
		CreatedAt: now, CreatedBy: cmd.Actor, UpdatedAt: now, Version: 1, Center: cmd.Center, ApplicantUser: cmd.ApplicantUser}
	if len(bytes.TrimSpace(c.Form)) == 0 {
		c.Form = json.RawMessage("{}")
	}
	if c.Delivery == "" {
		c.Delivery = DefaultDelivery(g.ResultSteps())
	}
	for _, w := range warns {
		c.Warnings = append(c.Warnings, w.String())
	}
	r := Result{Case: c, Inserted: true, At: now}
	if err := move(&r.Case, intake.StatusSubmitted); err != nil {
		return Result{}, err
	}
	submitted := map[string]any{"number": c.Number, "channel": c.Channel, "item": c.Item, "bundle": c.Bundle, "version": c.CatalogVersion,
		"facts": Facts(&r.Case)}
	if confirmed {
		submitted["uscc_confirmed_by"] = cmd.Actor // the clerk who compared the code with the paper licence
	}
	r.event("case.submitted", submitted)
	r.judged(ev)
	if sub.Channel == intake.ChannelOnline {
		return r, nil
	}
	var trip *intake.Trip
	if sub.Channel == intake.ChannelWindow {
		trip = &intake.Trip{Purpose: intake.PurposeSubmit, At: now, Voluntary: intake.ClassifyTrip(intake.PurposeSubmit, g.Steps)}
	}
	if err := r.decide(ev, sub.Refusal, trip, clk, g, cmd.Actor); err != nil {
		return Result{}, err
	}
	return r, nil
}

// Numbered gives a new case the number the store allocated once the
// command had validated it (so a bad request takes no number).
func (r *Result) Numbered(number string) {
	r.Case.Number = number
	// Fees charged at acceptance were made before the number existed.
	for i := range r.NewOrders {
		r.NewOrders[i].CaseNumber = number
	}
	for i := range r.Case.Fees {
		r.Case.Fees[i].CaseNumber = number
	}
	for _, e := range r.Events {
		if d, ok := e.Data.(map[string]any); ok && e.Type == "case.submitted" {
			d["number"] = number
		}
	}
}

func checkRefusal(rf *Refusal, p *onetrip.Problems) {
	if err := intake.CheckRefusal(rf.Reason, rf.LegalBasis); err != nil {
		for _, d := range onetrip.AsError(err).Details {
			p.Add("refusal."+d.Path, d.Key, d.Args...)
		}
	}
}

// decide is the window's outcome on a case waiting at it: refused when the
// clerk refuses, accepted when the checklist is complete (容缺 included),
// else a correction notice naming everything missing at once. A trip in
// person is recorded with how it ended.
func (r *Result) decide(ev intake.Evaluation, refusal *Refusal, trip *intake.Trip, clk Clock, g *Guide, actor string) error {
	c := &r.Case
	prior := c.Notices
	switch {
	case refusal != nil:
		if err := r.refuse(*refusal, clk, actor); err != nil {
			return err
		}
	case intake.Decide(ev) == intake.OutcomeAccepted:
		if err := r.accept(ev, clk, g); err != nil {
			return err
		}
	default:
		if err := r.notice(ev, clk, actor); err != nil {
			return err
		}
	}
	if trip != nil {
		trip.Outcome = tripOutcome(c.Status, prior)
		r.addTrip(*trip)
	}
	return nil
}

// judged records a new evaluation of the checklist as the case's materials.
func (r *Result) judged(ev intake.Evaluation) {
	c := &r.Case
	r.Judged = true
	c.Materials = make([]Material, 0, len(ev.Entries))
	for _, e := range ev.Entries {
		m := Material{Key: e.Key, Name: e.Name, Source: e.Entry.Source, Required: e.Required, State: e.State,
			Reason: e.Reason, Ref: e.Ref, Files: e.Files, SpecIDs: e.SpecIDs}
		if m.Ref == "" {
			m.Ref = e.Licence
		}
		if m.Files == nil {
			m.Files = []string{}
		}
		if m.Reason == "" && e.ReasonKey != "" {
			args := make([]any, len(e.ReasonArgs))
			for i, a := range e.ReasonArgs {
				args[i] = a
			}
			m.Reason = onetrip.Render(onetrip.LangZH, e.ReasonKey, args...)
		}
		c.Materials = append(c.Materials, m)
	}
	r.datedDeferred()
}

// datedDeferred gives every deferred material the case's deferred due date.
func (r *Result) datedDeferred() {
	for i := range r.Case.Materials {
		if r.Case.Materials[i].State == intake.StateDeferred {
			r.Case.Materials[i].DueDate = r.Case.DeferredDue
		} else {
			r.Case.Materials[i].DueDate = ""
		}
	}
}

// accept is 受理: the due date counts from the working day after, deferred
// materials get their own date, and the tasks are created, those with
// nothing to wait for ready at once.
func (r *Result) accept(ev intake.Evaluation, clk Clock, g *Guide) error {
	c := &r.Case
	if err := move(c, intake.StatusAccepted); err != nil {
		return err
	}
	at := clk.Now
	c.AcceptedAt = &at
	c.DueDate = intake.DueDate(clk.Calendar, at, c.PromisedDays).String()
	if len(ev.Deferred) > 0 {
		c.DeferredDue = intake.DeferredDue(clk.Calendar, at).String()
	}
	r.datedDeferred()
	r.NewTasks = NewTasks(g, c.ID, clk)
	c.Tasks = append([]Task(nil), r.NewTasks...)
	r.event("case.accepted", CaseAcceptedData{DueDate: c.DueDate, DeferredDue: c.DeferredDue, Tasks: len(c.Tasks)})
	for _, t := range c.Tasks {
		if t.Status == TaskReady {
			r.event("task.ready", TaskReadyData{Task: t.ID, Step: t.Step, Department: t.Department, DueDate: t.DueDate})
		}
	}
	return r.charge(g, clk, catalog.FeeAtAcceptance, "")
}

// notice issues a correction notice (一次性告知书) naming every missing or
// defective material. A later notice naming a material the first did not is
// a breach of the one-notice rule, recorded on it and on the case.
func (r *Result) notice(ev intake.Evaluation, clk Clock, actor string) error {
	c := &r.Case
	if err := move(c, intake.StatusNeedsCorrection); err != nil {
		return err
	}
	n := &Notice{ID: clk.NewID(), CaseID: c.ID, Seq: c.Notices + 1, Kind: NoticeCorrection, Items: ev.Notice,
		Breaches: []intake.NoticeItem{}, CreatedAt: clk.Now, CreatedBy: actor}
	if c.Notices > 0 && c.FirstCorrection != nil {
		if b := intake.SecondNoticeBreaches(c.FirstCorrection.Items, ev.Notice); len(b) > 0 {
			n.Breaches = b
			c.SecondNotice = true
		}
	}
	if c.FirstCorrection == nil {
		c.FirstCorrection = n // every later notice is held against this one
	}
	r.issueNotice(n)
	r.event("case.correction_notice", map[string]any{"notice": n.ID, "seq": n.Seq, "items": len(n.Items), "breaches": len(n.Breaches)})
	return nil
}

// refuse is 不予受理, with the reason and its legal basis on the notice.
func (r *Result) refuse(rf Refusal, clk Clock, actor string) error {
	c := &r.Case
	if err := move(c, intake.StatusRefused); err != nil {
		return err
	}
	c.Refusal = &rf
	n := &Notice{ID: clk.NewID(), CaseID: c.ID, Seq: c.Notices + 1, Kind: NoticeRefusal, Items: []intake.NoticeItem{}, Breaches: []intake.NoticeItem{},
		Reason: rf.Reason, LegalBasis: rf.LegalBasis, CreatedAt: clk.Now, CreatedBy: actor}
	r.issueNotice(n)
	r.event("case.refused", map[string]any{"notice": n.ID, "reason": rf.Reason})
	return nil
}

func (r *Result) issueNotice(n *Notice) {
	r.Notice = n
	r.Case.Notices++
	r.Case.Notice = n
}

func tripOutcome(st intake.Status, priorNotices int) intake.TripOutcome {
	switch st {
	case intake.StatusAccepted:
		return intake.TripAccepted
	case intake.StatusRefused:
		return intake.TripRefused
	case intake.StatusNeedsCorrection:
		if priorNotices == 0 {
			return intake.TripFirstNotice
		}
		return intake.TripLaterNotice
	}
	return intake.TripOther
}

// addTrip records an in-person trip and counts every trip of the case
// again against its promise; crossing max_visits is a breach event.
func (r *Result) addTrip(t intake.Trip) {
	c := &r.Case
	trips := make([]intake.Trip, 0, len(c.Trips)+1)
	for _, x := range c.Trips {
		trips = append(trips, x.Trip)
	}
	t.Seq = len(trips) + 1
	trips = append(trips, t)
	r.Trip = &t
	r.event("trip.recorded", map[string]any{"seq": t.Seq, "purpose": t.Purpose, "outcome": t.Outcome, "voluntary": t.Voluntary})
	wasBreach := c.Visits.Breach
	c.Visits, c.Trips = CountVisits(trips, c)
	if c.Visits.Breach && !wasBreach {
		r.event("case.visit_breach", map[string]any{"counted": c.Visits.Counted, "max": c.MaxVisits})
	}
}

// CountVisits counts a case's trips against its max_visits (DESIGN rule 2);
// a case accepted without a trip (online, by an agent) counts the trips
// after its acceptance.
func CountVisits(trips []intake.Trip, c *Case) (VisitSummary, []TripRecord) {
	var since time.Time
	if c.Channel != intake.ChannelWindow && c.AcceptedAt != nil {
		since = *c.AcceptedAt
	}
	v := intake.CountTripsSince(trips, c.MaxVisits, since)
	out := make([]TripRecord, len(trips))
	for i, t := range trips {
		out[i] = TripRecord{Trip: t, Counted: v.PerTrip[i], Why: v.Why[i]}
	}
	return VisitSummary{Total: v.Total, Counted: v.Counted, Max: c.MaxVisits, Breach: v.Breach}, out
}

// Judge is the window's decision on a case waiting at it — an online
// submission in pre-review, or a correction the applicant brings back —
// with the same outcomes as at submission. The case's first correction
// notice must be loaded (Case.FirstCorrection) to judge a later one.
type Judge struct {
	Review
	Actor string
	Held  intake.Holdings
	Found onetrip.Problems
}

// JudgeCase runs Judge.
func JudgeCase(c Case, cmd Judge, clk Clock, g *Guide) (Result, error) {
	if c.Status != intake.StatusSubmitted && c.Status != intake.StatusNeedsCorrection {
		return Result{}, wrongStatus("casework.wrong_status", c.Status)
	}
	p := append(onetrip.Problems(nil), cmd.Found...)
	if cmd.Refusal != nil {
		checkRefusal(cmd.Refusal, &p)
	}
	ev, err := Reevaluate(&c, cmd.Materials, cmd.Held, g, &p)
	if err != nil {
		return Result{}, err
	}
	r := begin(c, clk)
	r.judged(ev)
	var trip *intake.Trip
	if cmd.InPerson {
		purpose := intake.PurposeSubmit
		if c.Notices > 0 {
			purpose = intake.PurposeCorrection
		}
		trip = &intake.Trip{Purpose: purpose, At: clk.Now, Voluntary: intake.ClassifyTrip(purpose, g.Steps)}
	}
	if err := r.decide(ev, cmd.Refusal, trip, clk, g, cmd.Actor); err != nil {
		return Result{}, err
	}
	return r, nil
}

// Reevaluate judges a case's materials again under its guide: what the
// case already holds, overridden by new marks; problems found so far (p)
// are reported with the evaluation's own.
func Reevaluate(c *Case, marks []intake.Mark, held intake.Holdings, g *Guide, p *onetrip.Problems) (intake.Evaluation, error) {
	CheckMarks(marks, p)
	var ev intake.Evaluation
	if g != nil {
		keys := map[string]bool{}
		for _, e := range g.Entries {
			keys[intake.EntryKey(e)] = true
		}
		var err error
		ev, err = intake.Evaluate(g.Entries, marksFromCase(c, marks, keys), held)
		if err != nil {
			*p = append(*p, onetrip.AsError(err).Details...)
		}
	}
	return ev, p.Err("casework.invalid", len(*p))
}

// marksFromCase turns the entries of a case into marks, so a re-evaluation
// keeps what was already received (every file of it) or deferred; the new
// marks come first, so problems name the request's own lines, and override.
func marksFromCase(c *Case, fresh []intake.Mark, entries map[string]bool) []intake.Mark {
	marked := map[string]bool{}
	for _, m := range fresh {
		marked[m.Spec] = true
	}
	out := append([]intake.Mark(nil), fresh...)
	for _, m := range c.Materials {
		if len(m.SpecIDs) == 0 || !entries[m.Key] {
			continue
		}
		covered := false
		for _, id := range m.SpecIDs {
			if marked[id] {
				covered = true
			}
		}
		if covered {
			continue
		}
		switch m.State {
		case intake.StateReceived:
			if len(m.Files) == 0 {
				out = append(out, intake.Mark{Spec: m.SpecIDs[0], Status: intake.MarkReceived})
			}
			for _, f := range m.Files {
				out = append(out, intake.Mark{Spec: m.SpecIDs[0], Status: intake.MarkReceived, File: f})
			}
		case intake.StateDeferred:
			out = append(out, intake.Mark{Spec: m.SpecIDs[0], Status: intake.MarkDeferred})
		}
	}
	return out
}

// Resubmit is the applicant answering a notice online: the new materials
// are recorded and the case goes back to the window's queue.
type Resubmit struct {
	Review
	Actor string
	Held  intake.Holdings
	Found onetrip.Problems
}

// ResubmitCase runs Resubmit.
func ResubmitCase(c Case, cmd Resubmit, clk Clock, g *Guide) (Result, error) {
	if c.Status != intake.StatusNeedsCorrection {
		return Result{}, wrongStatus("casework.wrong_status", c.Status)
	}
	p := append(onetrip.Problems(nil), cmd.Found...)
	ev, err := Reevaluate(&c, cmd.Materials, cmd.Held, g, &p)
	if err != nil {
		return Result{}, err
	}
	r := begin(c, clk)
	r.judged(ev)
	if err := move(&r.Case, intake.StatusSubmitted); err != nil {
		return Result{}, err
	}
	r.event("case.resubmitted", nil)
	return r, nil
}

// SupplyDeferred records materials arriving after acceptance: deferred
// ones (容缺), or what a step returned to the window for (退回补正). In
// person it is a trip, and it counts unless the guide needed none.
type SupplyDeferred struct {
	Review
	Actor string
	Held  intake.Holdings
	Found onetrip.Problems
}

// SupplyDeferredMaterial runs SupplyDeferred. The materials must be
// deferred ones of the case or materials of a returned step, each received;
// a returned step goes back to its department's queue.
func SupplyDeferredMaterial(c Case, cmd SupplyDeferred, clk Clock, g *Guide) (Result, error) {
	switch c.Status {
	case intake.StatusAccepted, intake.StatusInReview, intake.StatusSuspended:
	default:
		return Result{}, wrongStatus("casework.wrong_status", c.Status)
	}
	open := map[string]bool{} // spec ids that may be handed in now
	for _, m := range c.Materials {
		if m.State == intake.StateDeferred {
			for _, sid := range m.SpecIDs {
				open[sid] = true
			}
		}
	}
	var returned []int
	for i, t := range c.Tasks {
		if t.Status == TaskReturned {
			if t.Participant != "" {
				if _, answered := JointFindings(&c, t.Step); !answered {
					continue // the combined notice goes out once every participant has answered
				}
			}
			returned = append(returned, i)
			if g != nil {
				for _, sid := range g.StepSpecs(t.Step) {
					open[sid] = true
				}
			}
		}
	}
	if len(open) == 0 && len(returned) == 0 {
		return Result{}, onetrip.Conflict("casework.nothing_deferred")
	}
	p := append(onetrip.Problems(nil), cmd.Found...)
	for i, m := range cmd.Materials {
		if !open[m.Spec] {
			p.Add("materials["+strconv.Itoa(i)+"].spec", "casework.not_deferred", m.Spec)
		}
		if m.Status != intake.MarkReceived {
			p.Add("materials["+strconv.Itoa(i)+"].status", "casework.supply_received", string(m.Status))
		}
	}
	ev, err := Reevaluate(&c, cmd.Materials, cmd.Held, g, &p)
	if err != nil {
		return Result{}, err
	}
	r := begin(c, clk)
	if len(ev.Deferred) == 0 {
		r.Case.DeferredDue = ""
	}
	r.judged(ev)
	if cmd.InPerson {
		var steps []catalog.Item
		if g != nil {
			steps = g.Steps
		}
		r.addTrip(intake.Trip{Purpose: intake.PurposeSupplement, At: clk.Now, Outcome: intake.TripOther,
			Voluntary: len(steps) > 0 && intake.ClassifyTrip(intake.PurposeSupplement, steps)})
	}
	r.event("case.deferred_supplied", map[string]any{"materials": len(cmd.Materials), "outstanding": len(ev.Deferred)})
	for _, i := range returned {
		t := &r.Case.Tasks[i]
		was := t.Version
		t.ready(clk)
		t.Version++
		r.Tasks = append(r.Tasks, TaskChange{Task: *t, Was: was})
		r.event("task.ready", TaskReadyData{Task: t.ID, Step: t.Step, Department: t.Department, DueDate: t.DueDate, AfterReturn: true})
	}
	return r, nil
}

// MaxReason bounds a free-text reason (withdrawal, revocation).
const MaxReason = 500

// Withdraw ends an open case at the applicant's request (or the window's):
// tasks that had not run are canceled.
type Withdraw struct {
	Actor  string
	Reason string
}

// WithdrawCase runs Withdraw.
func WithdrawCase(c Case, cmd Withdraw, clk Clock) (Result, error) {
	if n := len([]rune(cmd.Reason)); n > MaxReason {
		return Result{}, onetrip.Invalid("casework.reason_too_long", MaxReason).WithDetail("reason", "casework.reason_too_long", MaxReason)
	}
	r := begin(c, clk)
	if err := move(&r.Case, intake.StatusWithdrawn); err != nil {
		return Result{}, err
	}
	now := clk.Now
	r.Case.ClosedAt = &now
	for i := range r.Case.Tasks {
		t := &r.Case.Tasks[i]
		if t.Status == TaskWaiting || t.Status == TaskReady || t.Status == TaskReturned {
			was := t.Version
			t.Status, t.Version = TaskCanceled, t.Version+1
			r.Tasks = append(r.Tasks, TaskChange{Task: *t, Was: was})
		}
	}
	r.event("case.withdrawn", map[string]any{"reason": cmd.Reason})
	r.cancelUnpaid()
	return r, nil
}

// RemindDeferred records that a case's deferred materials are late: the
// window and the applicant are reminded, supervision counts it. Nothing
// happens when none is outstanding.
func RemindDeferred(c Case, clk Clock) (Result, bool) {
	var late []string
	for _, m := range c.Materials {
		if m.State == intake.StateDeferred {
			late = append(late, m.Name)
		}
	}
	if len(late) == 0 || !c.Status.Open() {
		return Result{}, false
	}
	r := begin(c, clk)
	r.event("case.deferred_reminder", map[string]any{"due": c.DeferredDue, "materials": late})
	return r, true
}

// LicenceRevoked records on the case that produced a licence that its
// issuer revoked it.
func LicenceRevoked(c Case, clk Clock, licenceID, identifier, reason string) Result {
	r := begin(c, clk)
	r.event("licence.revoked", map[string]any{"licence": licenceID, "identifier": identifier, "reason": reason})
	return r
}
