package casework

import (
	"encoding/json"
	"time"

	"onetrip/idcode"
	"onetrip/intake"
)

// The data of the events department systems subscribe to through webhooks,
// as typed values: the commands record them and the API document describes
// them from the same types, so what is sent is what is documented. Fields
// are in alphabetical order of their JSON names, as a map's would be, so the
// stored event text keeps the shape older events have.

// NotifiedEvents are the events a department system can subscribe to.
var NotifiedEvents = []string{"case.accepted", "task.ready", "task.decided", "case.decided", "case.closed"}

// CaseAcceptedData is case.accepted: the case is accepted (受理) and its clock
// runs; DeferredDue is when deferred (容缺) materials are due.
type CaseAcceptedData struct {
	DeferredDue string `json:"deferred_due"`
	DueDate     string `json:"due_date"`
	Tasks       int    `json:"tasks"`
}

// TaskReadyData is task.ready: a step entered a department's queue.
// AfterReturn marks a step back in the queue after the window supplied what
// it had returned the case for.
type TaskReadyData struct {
	AfterReturn bool   `json:"after_return,omitempty"`
	Department  string `json:"department"`
	DueDate     string `json:"due_date"`
	Step        string `json:"step"`
	Task        string `json:"task"`
}

// TaskDecidedData is task.decided: a department decided its step. Decision is
// the task's outcome in the vocabulary of task statuses (approved, denied,
// returned), the same words case.decided uses.
type TaskDecidedData struct {
	Decision   string            `json:"decision"`
	Department string            `json:"department"`
	Opinion    string            `json:"opinion"`
	Outputs    map[string]string `json:"outputs"`
	Step       string            `json:"step"`
	Task       string            `json:"task"`
}

// CaseDecidedData is case.decided: the case's decision once its steps made
// it, with every denying step's reason.
type CaseDecidedData struct {
	Decision       string       `json:"decision"`
	LeadDepartment string       `json:"lead_department"`
	Reasons        []DenyReason `json:"reasons"`
}

// DenyReason is one denying step's opinion in case.decided.
type DenyReason struct {
	Department string `json:"department"`
	Opinion    string `json:"opinion"`
	Step       string `json:"step"`
}

// CaseClosedData is case.closed (已办结); HandedOverBy is the clerk who handed
// the result over at the window, when that closed it, and Collector whom
// to (the 领取回执 is printed from it).
type CaseClosedData struct {
	HandedOverBy string            `json:"handed_over_by,omitempty"`
	Collector    *intake.Collector `json:"collector,omitempty"`
}

// Decisions of a case (case.decided, Case.decision).
const (
	CaseApproved = "approved"
	CaseDenied   = "denied"
)

// Notification is the body of a webhook delivery: one event of one case,
// signed as it is sent. Seq is the event's place in the case's log (the
// case's events a subscription does not receive leave gaps in it);
// DeliverySeq is the subscription's own count of deliveries, from 1 with
// no gaps, so a receiver can tell that one has not arrived yet.
type Notification struct {
	Actor       string          `json:"actor"`
	At          time.Time       `json:"at"`
	CaseID      string          `json:"case_id"`
	CaseNumber  string          `json:"case_number"`
	Data        json.RawMessage `json:"data"`
	Delivery    string          `json:"delivery"`
	DeliverySeq int             `json:"delivery_seq,omitempty"`
	Event       string          `json:"event"`
	Seq         int             `json:"seq"`
}

// Collection is a hand-over at the window as the case's log records it:
// when, by which clerk, to whom (the 领取回执 is printed from it).
type Collection struct {
	At        time.Time
	Clerk     string
	Collector intake.Collector
}

// CollectionOf finds the hand-over in a case's events: the case.closed
// event that names a collector. ok is false for a case closed otherwise
// (delivered by courier or online, denied) or not closed.
func CollectionOf(evs []Event) (Collection, bool) {
	for _, e := range evs {
		if e.Type != "case.closed" {
			continue
		}
		var d CaseClosedData
		if json.Unmarshal(e.Data, &d) != nil || d.Collector == nil {
			return Collection{}, false
		}
		return Collection{At: e.At, Clerk: d.HandedOverBy, Collector: *d.Collector}, true
	}
	return Collection{}, false
}

// ForSubscribers is an event's data as department systems receive it in
// webhooks: the record keeps a collector's citizen ID in full (who took
// the licence), a subscriber gets it masked, as printed on the receipt.
func ForSubscribers(typ string, data json.RawMessage) json.RawMessage {
	if typ != "case.closed" {
		return data
	}
	var d CaseClosedData
	if json.Unmarshal(data, &d) != nil || d.Collector == nil {
		return data
	}
	d.Collector.IDNumber = idcode.MaskCitizenID(d.Collector.IDNumber)
	out, err := json.Marshal(d)
	if err != nil {
		return data
	}
	return out
}
