package courier

import (
	"strings"
	"time"

	"onetrip"
	"onetrip/catalog"
)

// Shipment statuses, in the order a delivery normally goes.
const (
	StatusBooked         = "booked"
	StatusPickedUp       = "picked_up"
	StatusInTransit      = "in_transit"
	StatusOutForDelivery = "out_for_delivery"
	StatusDelivered      = "delivered"
	StatusFailed         = "failed"   // a delivery attempt failed, with a reason
	StatusReturned       = "returned" // back at the centre
)

// Statuses lists every status.
var Statuses = []string{StatusBooked, StatusPickedUp, StatusInTransit, StatusOutForDelivery, StatusDelivered, StatusFailed, StatusReturned}

// transitions is the shipment's life: a failed delivery may be tried again
// or returned; in_transit repeats at every depot scan.
var transitions = map[string][]string{
	StatusBooked:         {StatusPickedUp, StatusFailed},
	StatusPickedUp:       {StatusInTransit, StatusFailed},
	StatusInTransit:      {StatusInTransit, StatusOutForDelivery, StatusDelivered, StatusFailed},
	StatusOutForDelivery: {StatusDelivered, StatusFailed},
	StatusFailed:         {StatusReturned, StatusOutForDelivery},
	StatusDelivered:      nil,
	StatusReturned:       nil,
}

// KnownStatus reports whether s is a shipment status.
func KnownStatus(s string) bool {
	_, ok := transitions[s]
	return ok
}

// CanAdvance reports whether a shipment may go from one status to another.
func CanAdvance(from, to string) bool {
	for _, t := range transitions[from] {
		if t == to {
			return true
		}
	}
	return false
}

// Shipment is one result on its way to an applicant.
type Shipment struct {
	ID         string         `json:"id"`
	CaseID     string         `json:"case_id"`
	CaseNumber string         `json:"case_number"`
	Center     string         `json:"center"`
	Waybill    string         `json:"waybill"`
	Status     string         `json:"status"`
	To         Address        `json:"to"`
	Grams      int            `json:"grams"`
	Fee        catalog.Amount `json:"fee"`
	Payer      Payer          `json:"payer"`
	BookedAt   time.Time      `json:"booked_at"`
	UpdatedAt  time.Time      `json:"updated_at"`
	Reason     string         `json:"reason,omitempty"`
	Version    int            `json:"version"`
}

// Final reports whether the shipment's life is over: signed for or back at
// the centre.
func (s Shipment) Final() bool { return s.Status == StatusDelivered || s.Status == StatusReturned }

// Advance applies a tracking event. The courier platform delivers events at
// least once, so an event repeating the current status (other than a new
// depot scan in transit) changes nothing and is no error: (s, false, nil).
// Replays of the same event are the caller's to drop by event ID.
func Advance(s Shipment, e TrackingEvent) (Shipment, bool, error) {
	if !KnownStatus(e.Status) {
		return s, false, onetrip.Invalid("courier.status.unknown", e.Status)
	}
	if e.Waybill != "" && s.Waybill != "" && e.Waybill != s.Waybill {
		return s, false, onetrip.Invalid("courier.event.waybill", e.Waybill, s.Waybill)
	}
	if e.Status == s.Status && e.Status != StatusInTransit {
		return s, false, nil
	}
	if !CanAdvance(s.Status, e.Status) {
		return s, false, onetrip.Conflict("courier.shipment.transition", statusName(s.Status), statusName(e.Status))
	}
	reason := strings.TrimSpace(e.Reason)
	if e.Status == StatusFailed && reason == "" {
		return s, false, onetrip.Invalid("courier.event.reason")
	}
	s.Status = e.Status
	switch {
	case reason != "":
		s.Reason = reason
	case e.Status != StatusReturned: // a return keeps the failure's reason
		s.Reason = ""
	}
	if !e.At.IsZero() {
		s.UpdatedAt = e.At
	}
	s.Version++
	return s, true, nil
}

// statusName is a status as a message argument, shown by its label.
type statusName string

func (n statusName) Label(lang onetrip.Lang) string { return StatusLabel(string(n), string(lang)) }

// StatusLabel is a status's name for people, in zh-CN or en (any other
// language gives zh-CN); an unknown status is shown as it is.
func StatusLabel(status, lang string) string {
	if !KnownStatus(status) {
		return status
	}
	return onetrip.Render(onetrip.ParseLang(lang), "courier.status."+status)
}
