package archive

import (
	"time"

	"onetrip"
)

// Retention is how long a package is kept (保管期限).
type Retention string

// The retention periods of DA/T 85: permanent, 30 years, 10 years.
const (
	RetentionPermanent Retention = "permanent" // 永久
	Retention30        Retention = "30y"       // 30 年
	Retention10        Retention = "10y"       // 10 年
)

// Retentions lists the periods, longest first.
var Retentions = []Retention{RetentionPermanent, Retention30, Retention10}

// DefaultRetention is an item's period until an admin sets one: 30 years,
// the period DA/T 85 gives most approval records.
const DefaultRetention = Retention30

// ParseRetention reads a period.
func ParseRetention(s string) (Retention, error) {
	for _, r := range Retentions {
		if string(r) == s {
			return r, nil
		}
	}
	return "", onetrip.Invalid("archive.retention.invalid", s)
}

// Label is the period's name.
func (r Retention) Label(lang onetrip.Lang) string {
	return onetrip.Render(lang, "archive.retention."+string(r))
}

// Expires is the day a package archived at t may be destroyed, counted
// from the 1st of January after the year of archiving (the archival year,
// as DA/T 85 counts it); ok false for permanent packages.
func (r Retention) Expires(t time.Time) (time.Time, bool) {
	years := 0
	switch r {
	case Retention30:
		years = 30
	case Retention10:
		years = 10
	default:
		return time.Time{}, false
	}
	y := t.In(onetrip.China).Year()
	return time.Date(y+1+years, time.January, 1, 0, 0, 0, 0, onetrip.China), true
}

// CanDestroy says whether a package with this period, archived at t, may be
// destroyed on day now: only once its period is over, and never a
// permanent one.
func (r Retention) CanDestroy(archived, now time.Time) bool {
	end, ok := r.Expires(archived)
	return ok && !now.Before(end)
}
