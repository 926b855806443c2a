// Package casework is the case aggregate (办件): a case with its materials,
// notices, trips, tasks, suspensions and events, and every command that
// changes it — submit, judge at the window (accept, notice, refuse),
// resubmit, supply deferred material, decide a task (and so the case),
// suspend, resume, issue, hand over, deliver, close, withdraw — as a pure
// function (case, command, clock, guide) → (result, error).
//
// Every status change goes through intake's transition table (move), so
// the diagram of DESIGN is what runs. The store loads a case, runs a
// command and persists its Result in one transaction; the HTTP layers only
// translate. The finer rules (checklist evaluation, the one-notice rule,
// trip counting, DAG readiness, due dates) stay in intake, review and
// workday, which the commands call.
package casework

import (
	"encoding/json"
	"time"

	"onetrip/catalog"
	"onetrip/intake"
	"onetrip/payment"
	"onetrip/workday"
)

// Case is one application, from submission to archive.
type Case struct {
	ID             string           `json:"id"`
	Number         string           `json:"number"`
	Region         string           `json:"region"`
	Center         string           `json:"center,omitempty"`
	Item           string           `json:"item,omitempty"`
	Bundle         string           `json:"bundle,omitempty"`
	CatalogVersion int              `json:"catalog_version"`
	StepVersions   map[string]int   `json:"step_versions"`
	Title          string           `json:"title"`
	Channel        intake.Channel   `json:"channel"`
	Status         intake.Status    `json:"status"`
	Applicant      intake.Applicant `json:"applicant"`
	Parties        []intake.Party   `json:"parties,omitempty"` // further parties in the guide's roles
	ApplicantUser  string           `json:"-"`
	Agent          *intake.Agent    `json:"agent,omitempty"`
	Form           json.RawMessage  `json:"form"`
	Delivery       string           `json:"delivery"`
	MaxVisits      int              `json:"max_visits"`
	PromisedDays   int              `json:"promised_days"`
	LeadDepartment string           `json:"lead_department,omitempty"`
	AcceptedAt     *time.Time       `json:"accepted_at,omitempty"`
	DueDate        string           `json:"due_date,omitempty"`
	// DueProvisional: the due date falls in a year whose holidays are not
	// published yet; it was counted Monday to Friday and may move.
	DueProvisional bool         `json:"due_provisional,omitempty"`
	DeferredDue    string       `json:"deferred_due,omitempty"`
	Decision       string       `json:"decision,omitempty"`
	DecidedAt      *time.Time   `json:"decided_at,omitempty"`
	ClosedAt       *time.Time   `json:"closed_at,omitempty"`
	Notices        int          `json:"notices"`
	SecondNotice   bool         `json:"second_notice_breach"`
	Visits         VisitSummary `json:"visits"`
	Refusal        *Refusal     `json:"refusal,omitempty"`
	CreatedAt      time.Time    `json:"created_at"`
	CreatedBy      string       `json:"created_by"`
	UpdatedAt      time.Time    `json:"updated_at"`
	Version        int          `json:"version"`
	Materials      []Material   `json:"materials,omitempty"`
	Notice         *Notice      `json:"notice,omitempty"`
	Trips          []TripRecord `json:"trips,omitempty"`
	Tasks          []Task       `json:"tasks,omitempty"`
	Licences       []LicenceRef `json:"licences,omitempty"` // licences the case produced
	// Fees are the case's payment orders (缴费单), as they stand.
	Fees        []payment.Order `json:"fees,omitempty"`
	Suspensions []Suspension    `json:"-"` // shown through Clock
	Clock       *Deadline       `json:"clock,omitempty"`
	Warnings    []string        `json:"warnings,omitempty"`
	// Chain is where the case's event log ends: the next event continues it.
	Chain Chain `json:"-"`
	// FirstCorrection is the case's first correction notice, which a later
	// one is held against (the one-notice rule); loaded when Notices > 0.
	FirstCorrection *Notice `json:"-"`
}

// VisitSummary is the case's trips against its promise.
type VisitSummary struct {
	Total   int  `json:"total"`
	Counted int  `json:"counted"`
	Max     int  `json:"max"`
	Breach  bool `json:"breach"`
}

// Refusal is a 不予受理 decision: the reason and its legal basis.
type Refusal struct {
	Reason     string `json:"reason"`
	LegalBasis string `json:"legal_basis"`
}

// Material is one checklist entry of a case as last judged (申请材料).
type Material struct {
	Key      string            `json:"key"`
	Name     string            `json:"name"`
	Source   string            `json:"source"`
	Required bool              `json:"required"`
	State    intake.EntryState `json:"state"`
	Reason   string            `json:"reason,omitempty"`
	Ref      string            `json:"ref,omitempty"`
	Files    []string          `json:"files,omitempty"`
	SpecIDs  []string          `json:"spec_ids"`
	DueDate  string            `json:"due_date,omitempty"`
}

// Notice kinds.
const (
	NoticeCorrection = "correction" // 一次性告知书
	NoticeRefusal    = "refusal"    // 不予受理通知书
)

// Notice is a correction notice (一次性告知书) or refusal as issued.
type Notice struct {
	ID         string              `json:"id"`
	CaseID     string              `json:"case_id"`
	Seq        int                 `json:"seq"`
	Kind       string              `json:"kind"` // correction, refusal
	Items      []intake.NoticeItem `json:"items"`
	Breaches   []intake.NoticeItem `json:"breaches"`
	Reason     string              `json:"reason,omitempty"`
	LegalBasis string              `json:"legal_basis,omitempty"`
	CreatedAt  time.Time           `json:"created_at"`
	CreatedBy  string              `json:"created_by"`
}

// TripRecord is one in-person trip with whether it counts.
type TripRecord struct {
	intake.Trip
	Counted bool   `json:"counted"`
	Why     string `json:"why"`
}

// Task is one department's piece of work on a case (审批任务). Its status is
// one of review's task statuses.
type Task struct {
	ID          string            `json:"id"`
	CaseID      string            `json:"case_id"`
	Step        string            `json:"step"`
	ItemVersion int               `json:"item_version"`
	Department  string            `json:"department"`
	After       []string          `json:"after"`
	Lead        bool              `json:"lead"`
	Status      string            `json:"status"`
	Version     int               `json:"version"`
	LimitDays   int               `json:"limit_days"`
	ReadyAt     *time.Time        `json:"ready_at,omitempty"`
	DueDate     string            `json:"due_date,omitempty"`
	DecidedAt   *time.Time        `json:"decided_at,omitempty"`
	DecidedBy   string            `json:"decided_by,omitempty"`
	Opinion     string            `json:"opinion,omitempty"`
	Outputs     map[string]string `json:"outputs,omitempty"`
	Seq         int               `json:"seq"`
	// Participant is the department kind whose opinion this task is, on a
	// joint step (联合验收 …); "" for a step's own task, which on a joint
	// step is the lead's consolidation.
	Participant string `json:"participant,omitempty"`
	// Clock is the task's deadline status (normal, due_soon, overdue, suspended).
	Clock string `json:"clock,omitempty"`
	// DueProvisional: the due date is in a year without a published
	// holiday schedule.
	DueProvisional bool `json:"due_provisional,omitempty"`
}

// Suspension is a special procedure (特别程序) that stops a case's clock:
// the clock's period with who started it, on which case and task.
type Suspension struct {
	ID     string `json:"id"`
	CaseID string `json:"case_id"`
	TaskID string `json:"task_id,omitempty"`
	workday.Suspension
	CreatedBy string `json:"created_by"`
}

// Deadline is a case's clock as of now: the due date as suspensions have
// extended it, the traffic light, and the days used and left.
type Deadline struct {
	DueDate     string       `json:"due_date"`
	Status      string       `json:"status"`
	Used        int          `json:"used"`
	Left        int          `json:"left"`
	Suspended   bool         `json:"suspended"`
	Suspensions []Suspension `json:"suspensions"`
}

// LicenceRef is a licence as a case lists the ones it produced.
type LicenceRef struct {
	ID         string `json:"id"`
	Identifier string `json:"identifier"`
	Type       string `json:"type"`
	TypeName   string `json:"type_name"`
}

// TaskView is a task in a queue or opened for review: the task with its
// case's headline and, when opened, the case and earlier steps' outputs.
type TaskView struct {
	Task
	CaseNumber   string        `json:"case_number"`
	CaseTitle    string        `json:"case_title"`
	StepName     string        `json:"step_name"`
	Applicant    string        `json:"applicant"`
	CaseStatus   intake.Status `json:"case_status"`
	Case         *Case         `json:"case,omitempty"`
	EarlierSteps []Task        `json:"earlier_steps,omitempty"`
	// Outstanding, on an opened ready task, are the step's own deferred
	// materials (容缺) not yet handed in: until they are, it cannot be
	// approved (OutstandingFor).
	Outstanding []Material `json:"outstanding_deferred,omitempty"`
	// StepMaterials, on an opened task, are the keys of the materials its
	// step asks for (StepMaterials).
	StepMaterials []string `json:"step_materials,omitempty"`
	// StepOutputs, on an opened task, are the outputs its decision may
	// give (Guide.StepOutputs): other names are refused.
	StepOutputs []catalog.Output `json:"step_outputs,omitempty"`
}

// Task returns the case's task with the id, or nil.
func (c *Case) Task(id string) *Task {
	for i := range c.Tasks {
		if c.Tasks[i].ID == id {
			return &c.Tasks[i]
		}
	}
	return nil
}

// HasTaskOf reports whether a department works on the case.
func (c *Case) HasTaskOf(department string) bool {
	for _, t := range c.Tasks {
		if t.Department == department {
			return true
		}
	}
	return false
}

// ClockSuspensions are the periods that stop a clock: for the case (taskID
// "") all of them; for a task those of the case as a whole and its own.
func ClockSuspensions(list []Suspension, taskID string) []workday.Suspension {
	var out []workday.Suspension
	for _, sp := range list {
		if taskID != "" && sp.TaskID != "" && sp.TaskID != taskID {
			continue
		}
		out = append(out, sp.Suspension)
	}
	return out
}

// CaseDeadline computes a case's clock at now. A case not yet accepted
// has none.
func CaseDeadline(cal *workday.Calendar, c *Case, now time.Time) *Deadline {
	if c.AcceptedAt == nil {
		return nil
	}
	clk := workday.Clock{Start: workday.DateOf(*c.AcceptedAt), Limit: c.PromisedDays, Suspensions: ClockSuspensions(c.Suspensions, ""), Closed: c.DecidedAt}
	d := cal.Due(clk, now)
	list := c.Suspensions
	if list == nil {
		list = []Suspension{}
	}
	return &Deadline{DueDate: d.DueDate.String(), Status: string(d.Status), Used: d.Used, Left: d.Left, Suspended: d.Suspended, Suspensions: list}
}

// TaskDeadline is a task's clock status at now; it sets the task's due
// date as the suspensions extend it. A task not yet ready has none.
func TaskDeadline(cal *workday.Calendar, t *Task, susp []Suspension, now time.Time) string {
	if t.ReadyAt == nil {
		return ""
	}
	clk := workday.Clock{Start: workday.DateOf(*t.ReadyAt), Limit: t.LimitDays, Suspensions: ClockSuspensions(susp, t.ID), Closed: t.DecidedAt}
	d := cal.Due(clk, now)
	t.DueDate, t.DueProvisional = d.DueDate.String(), cal.Provisional(d.DueDate)
	return string(d.Status)
}

// WithClocks fills the case's and its tasks' clocks at now.
func WithClocks(cal *workday.Calendar, c *Case, now time.Time) {
	c.Clock = CaseDeadline(cal, c, now)
	if c.Clock == nil {
		return
	}
	if d, err := workday.Parse(c.Clock.DueDate); err == nil {
		c.DueProvisional = cal.Provisional(d)
	}
	for i := range c.Tasks {
		c.Tasks[i].Clock = TaskDeadline(cal, &c.Tasks[i], c.Suspensions, now)
	}
}

// ListClock is a case's clock status as a list shows it, from the row
// alone (its due date is kept as suspensions extend it): no query per row.
// It is the full clock's status except that a suspended case shows
// suspended until its due date has passed.
func ListClock(cal *workday.Calendar, c *Case, now time.Time) string {
	if c.AcceptedAt == nil || c.DueDate == "" {
		return ""
	}
	due, err := workday.Parse(c.DueDate)
	if err != nil {
		return ""
	}
	if c.DecidedAt != nil {
		if workday.DateOf(*c.DecidedAt).After(due) {
			return string(workday.StatusOverdue)
		}
		return string(workday.StatusNormal)
	}
	today := workday.DateOf(now)
	switch {
	case today.After(due):
		return string(workday.StatusOverdue)
	case c.Status == intake.StatusSuspended:
		return string(workday.StatusSuspended)
	case workday.DueSoon(cal.WorkdaysBetween(today, due), c.PromisedDays):
		return string(workday.StatusDueSoon)
	}
	return string(workday.StatusNormal)
}
