package progress

import (
	"time"

	"onetrip"
	"onetrip/casework"
	"onetrip/intake"
	"onetrip/licence"
	"onetrip/policy"
	"onetrip/workday"
)

// View is a case as the public lookup shows it: how it stands and when it
// is due, the applicant's name masked (a company's in full: it is public),
// and nothing else personal — no ID numbers, no materials, no notice, no
// opinions or refusal reasons, no form; a decision shows as its outcome.
type View struct {
	Number     string        `json:"number"`
	Title      string        `json:"title"`
	Status     intake.Status `json:"status"`
	StatusText string        `json:"status_text"` // the status in the asker's language
	// Applicant is the applicant's name as the public sees it: 王** for a
	// person, the registered name of a company.
	Applicant  string `json:"applicant"`
	Submitted  string `json:"submitted_on"`          // YYYY-MM-DD, Beijing time
	AcceptedOn string `json:"accepted_on,omitempty"` // YYYY-MM-DD, Beijing time
	// DueDate is the case's due date as suspensions have extended it.
	DueDate        string `json:"due_date,omitempty"`
	DueProvisional bool   `json:"due_provisional,omitempty"` // in a year whose holidays are not published yet
	// Clock is the case's traffic light (normal, due_soon, overdue,
	// suspended) once accepted.
	Clock     workday.Status `json:"clock,omitempty"`
	ClockText string         `json:"clock_text,omitempty"`
	// Outcome is the decision once there is one: approved or denied.
	Outcome   string `json:"outcome,omitempty"`
	DecidedOn string `json:"decided_on,omitempty"`
	ClosedOn  string `json:"closed_on,omitempty"`
	Steps     []Step `json:"steps"`
	UpdatedAt string `json:"updated_at"` // YYYY-MM-DD HH:MM, Beijing time
}

// Step is one department's part of the case (a task), as the public sees it.
type Step struct {
	Name       string `json:"name"`
	Department string `json:"department"`
	Status     string `json:"status"` // waiting, ready, approved, denied, returned, canceled
	StatusText string `json:"status_text"`
	Lead       bool   `json:"lead,omitempty"` // the lead department (牵头部门)
	DueDate    string `json:"due_date,omitempty"`
	DoneOn     string `json:"done_on,omitempty"` // decided, YYYY-MM-DD
}

// Names are the display names the view needs: departments by ID and
// steps (items) by code. A missing name shows as its code.
type Names struct {
	Departments map[string]string
	Steps       map[string]string
}

// Public builds the public view of c in a language.
func Public(c *casework.Case, n Names, lang onetrip.Lang) View {
	v := View{Number: c.Number, Title: c.Title, Status: c.Status, StatusText: c.Status.Label(lang),
		Applicant: MaskedApplicant(c.Applicant), Submitted: day(&c.CreatedAt), AcceptedOn: day(c.AcceptedAt),
		DueDate: c.DueDate, DueProvisional: c.DueProvisional, DecidedOn: day(c.DecidedAt), ClosedOn: day(c.ClosedAt),
		Steps: []Step{}, UpdatedAt: c.UpdatedAt.In(onetrip.China).Format("2006-01-02 15:04")}
	if c.Clock != nil {
		v.DueDate = c.Clock.DueDate
		v.Clock = workday.Status(c.Clock.Status)
		v.ClockText = onetrip.Render(lang, v.Clock.Key())
	}
	if c.Decision == casework.CaseApproved || c.Decision == casework.CaseDenied {
		v.Outcome = c.Decision
	}
	for _, t := range c.Tasks {
		s := Step{Name: or(n.Steps[t.Step], t.Step), Department: or(n.Departments[t.Department], t.Department),
			Status: t.Status, StatusText: onetrip.Render(lang, "review.status."+t.Status), Lead: t.Lead, DoneOn: day(t.DecidedAt)}
		if t.Status == casework.TaskWaiting || t.Status == casework.TaskReady {
			s.DueDate = t.DueDate // a step's due date matters while it runs
		}
		v.Steps = append(v.Steps, s)
	}
	return v
}

// MaskedApplicant is the applicant's name as the public lookup shows it: a
// person's masked as every public page of the platform masks it
// (licence.MaskName: 王建国 → 王**), a company's as registered.
func MaskedApplicant(a intake.Applicant) string {
	if a.Type == intake.ApplicantOrg {
		return a.Name
	}
	return licence.MaskName(a.Name)
}

// ShowsCode reports whether p may see a case's query code on the case
// page: an applicant who follows the case on the platform (policy.
// CanReadCase: the applicant of record, a further party of it, an
// organisation's representative or staff while authorised), who may pass
// it on to family. The code shows less than the page they are on.
// Officials print it on the receipt instead.
func ShowsCode(p *onetrip.Principal, c *casework.Case) bool {
	return p != nil && p.Role == onetrip.RoleApplicant && policy.CanReadCase(p, c)
}

func day(t *time.Time) string {
	if t == nil || t.IsZero() {
		return ""
	}
	return t.In(onetrip.China).Format("2006-01-02")
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
