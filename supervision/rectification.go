package supervision

import (
	"strings"
	"time"

	"onetrip"
	"onetrip/workday"
)

// RectState is where a rectification (整改) stands.
type RectState string

const (
	RectOpen      RectState = "open"      // 待联系: the department has not reached the rater yet
	RectContacted RectState = "contacted" // 已联系: reached, rectifying
	RectAnswered  RectState = "answered"  // 已整改: rectified and answered; the rater may rate once more
)

// RectStates lists the states in order.
var RectStates = []RectState{RectOpen, RectContacted, RectAnswered}

// Key is the state's message key.
func (s RectState) Key() string { return "supervision.rect." + string(s) }

// Limits are how many working days a department has, from the working day
// after a bad rating, to contact the rater and to rectify and answer.
// Configurable per deployment; Default is the province's rule.
type Limits struct {
	ContactDays int `json:"contact_days"`
	AnswerDays  int `json:"answer_days"`
}

// DefaultLimits: contact within 1 working day, answer within 15.
var DefaultLimits = Limits{ContactDays: 1, AnswerDays: 15}

// Rectification is the work a bad rating opens for the responsible
// department (差评整改).
type Rectification struct {
	ID          string     `json:"id"`
	RatingID    string     `json:"rating_id"`
	CaseID      string     `json:"case_id"`
	CaseNumber  string     `json:"case_number"`
	Region      string     `json:"region"`
	Department  string     `json:"department,omitempty"` // responsible for a case's rating
	Center      string     `json:"center,omitempty"`     // responsible for a window's rating
	Target      Target     `json:"target"`
	Level       Level      `json:"level"`
	Comment     string     `json:"comment"`
	State       RectState  `json:"state"`
	ContactDue  string     `json:"contact_due"` // YYYY-MM-DD, China
	AnswerDue   string     `json:"answer_due"`
	ContactedAt *time.Time `json:"contacted_at,omitempty"`
	ContactNote string     `json:"contact_note,omitempty"`
	AnsweredAt  *time.Time `json:"answered_at,omitempty"`
	Answer      string     `json:"answer,omitempty"`
	CreatedAt   time.Time  `json:"created_at"`
	Version     int        `json:"version"`
	// Status is the rectification's clock as of the reading (RectStatusAt).
	Status RectStatus `json:"status"`
}

// OpenRectification is the rectification a bad rating opens, due as lim
// says in working days of cal from the rating's date.
func OpenRectification(r Rating, cal *workday.Calendar, lim Limits, id string) (Rectification, bool) {
	if !r.Level.Bad() {
		return Rectification{}, false
	}
	day := workday.DateOf(r.At)
	dept := r.Department // a window's service answers to its centre, not a department
	if r.Target == TargetWindow {
		dept = ""
	}
	return Rectification{ID: id, RatingID: r.ID, CaseID: r.CaseID, CaseNumber: r.CaseNumber, Region: r.Region, Department: dept, Center: r.Center, Target: r.Target,
		Level: r.Level, Comment: r.Comment, State: RectOpen, CreatedAt: r.At, Version: 1,
		ContactDue: cal.AddWorkdays(day, max(lim.ContactDays, 1)).String(), AnswerDue: cal.AddWorkdays(day, max(lim.AnswerDays, 1)).String()}, true
}

// Contact records that the department reached the rater (with what was
// said). Only an open rectification is contacted.
func (x Rectification) Contact(note string, at time.Time) (Rectification, error) {
	if err := checkNote("note", note); err != nil {
		return x, err
	}
	if x.State != RectOpen {
		return x, onetrip.Conflict("supervision.rect.state", string(x.State))
	}
	x.State, x.ContactedAt, x.ContactNote = RectContacted, &at, strings.TrimSpace(note)
	x.Version++
	return x, nil
}

// Respond records the rectification and the answer given to the rater. An
// open one may be answered at once: the answer is the contact too.
func (x Rectification) Respond(text string, at time.Time) (Rectification, error) {
	if err := checkNote("answer", text); err != nil {
		return x, err
	}
	if x.State == RectAnswered {
		return x, onetrip.Conflict("supervision.rect.state", string(x.State))
	}
	if x.ContactedAt == nil {
		x.ContactedAt = &at
	}
	x.State, x.AnsweredAt, x.Answer = RectAnswered, &at, strings.TrimSpace(text)
	x.Version++
	return x, nil
}

func checkNote(field, s string) error {
	var probs onetrip.Problems
	switch {
	case strings.TrimSpace(s) == "":
		probs.Add(field, "supervision.rect.empty")
	case onetrip.TooLong(s, onetrip.MaxText):
		probs.Add(field, "err.too_long", onetrip.MaxText)
	}
	return probs.Err("supervision.rect.invalid")
}

// RectStatus is a rectification's clock.
type RectStatus string

const (
	RectOnTime         RectStatus = "on_time"         // running, within both limits
	RectContactOverdue RectStatus = "contact_overdue" // not contacted by ContactDue
	RectOverdue        RectStatus = "overdue"         // not answered by AnswerDue
	RectDoneOnTime     RectStatus = "done_on_time"    // answered by AnswerDue, contacted by ContactDue
	RectDoneLate       RectStatus = "done_late"       // answered, but a limit was missed
)

// RectStatuses lists the statuses.
var RectStatuses = []RectStatus{RectOnTime, RectContactOverdue, RectOverdue, RectDoneOnTime, RectDoneLate}

// Key is the status' message key.
func (s RectStatus) Key() string { return "supervision.rectstatus." + string(s) }

// Overdue reports whether the status is a running rectification past a limit
// (supervision lists these).
func (s RectStatus) Overdue() bool { return s == RectContactOverdue || s == RectOverdue }

// RectStatusAt reads a rectification's clock on day today (China). A limit is
// met when the act happened on or before its due day.
func RectStatusAt(x Rectification, today workday.Date) RectStatus {
	contactDue, _ := workday.Parse(x.ContactDue)
	answerDue, _ := workday.Parse(x.AnswerDue)
	late := func(at *time.Time, due workday.Date) bool {
		if at == nil {
			return today.After(due)
		}
		return workday.DateOf(*at).After(due)
	}
	if x.State == RectAnswered {
		if late(x.ContactedAt, contactDue) || late(x.AnsweredAt, answerDue) {
			return RectDoneLate
		}
		return RectDoneOnTime
	}
	switch {
	case today.After(answerDue):
		return RectOverdue
	case late(x.ContactedAt, contactDue):
		return RectContactOverdue
	}
	return RectOnTime
}
