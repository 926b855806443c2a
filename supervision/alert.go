package supervision

import (
	"context"
	"time"

	"onetrip/workday"
)

// AlertKind is the clock light an alert reports entering.
type AlertKind string

const (
	AlertDueSoon AlertKind = "due_soon" // 即将到期 (yellow)
	AlertOverdue AlertKind = "overdue"  // 已超期 (red)
)

// AlertKinds lists the kinds.
var AlertKinds = []AlertKind{AlertDueSoon, AlertOverdue}

// Key is the kind's message key.
func (k AlertKind) Key() string { return "supervision.alert." + string(k) }

// AlertFor is the alert a clock in status st calls for: yellow and red
// lights alert; normal and suspended clocks do not. Each kind is raised
// once per case or task, which the store keeps by the alert's key.
func AlertFor(st workday.Status) (AlertKind, bool) {
	switch st {
	case workday.StatusDueSoon:
		return AlertDueSoon, true
	case workday.StatusOverdue:
		return AlertOverdue, true
	}
	return "", false
}

// Alert is one raised alert (预警): a case's clock, or one task's, entered a
// light. The responsible reviewers (the task's department, or every
// department with a running task for the case's own clock) and the region's
// supervisors see it.
type Alert struct {
	ID         string    `json:"id"`
	Kind       AlertKind `json:"kind"`
	CaseID     string    `json:"case_id"`
	CaseNumber string    `json:"case_number"`
	CaseTitle  string    `json:"case_title"`
	TaskID     string    `json:"task_id,omitempty"` // empty for the case's own clock
	Step       string    `json:"step,omitempty"`
	Region     string    `json:"region"`
	Department string    `json:"department,omitempty"`
	DueDate    string    `json:"due_date"`
	At         time.Time `json:"at"`
}

// Notifier is told of every alert raised, after it is recorded: the hook an
// SMS gateway or a department's messaging connects to. The in-app alerts do
// not depend on it; a failing notifier is logged and the alert stands.
type Notifier interface {
	NotifyAlert(ctx context.Context, a Alert) error
}
