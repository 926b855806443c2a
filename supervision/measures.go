package supervision

import (
	"math"
	"strconv"
	"time"

	"onetrip/catalog"
	"onetrip/intake"
	"onetrip/workday"
)

// Facts are what the measures read of one case: its row, and how many of its
// materials the checklist names and how many of those were satisfied from the
// licence library, shared data or an earlier step (免提交).
type Facts struct {
	Region, Subject, Department, Center string
	Channel                             intake.Channel
	Status                              intake.Status
	CreatedAt                           time.Time
	AcceptedAt, DecidedAt, ClosedAt     *time.Time
	DueDate                             string // as suspensions extended it
	PromisedDays                        int
	SecondNotice                        bool
	Notices                             int
	TripsTotal, TripsCounted, MaxVisits int
	Materials, Exempt                   int
}

// Counts are the additive figures of a set of cases and ratings: each
// measure is a ratio of two of them, so counts of days, regions or items
// add up and the ratio is taken last.
type Counts struct {
	Submitted     int64 `json:"submitted"`      // applications made (submission day)
	Online        int64 `json:"online"`         // of them, made online (网上申请)
	Corrected     int64 `json:"corrected"`      // of them, given a correction notice (补正)
	SecondNotices int64 `json:"second_notices"` // of them, a second notice naming something new (breach)
	Materials     int64 `json:"materials"`      // checklist materials of the submitted
	Exempt        int64 `json:"exempt"`         // of them, 免提交 (licence library, shared data, earlier step)
	Accepted      int64 `json:"accepted"`       // accepted (受理, acceptance day)
	Decided       int64 `json:"decided"`        // decided (办结: approved or denied, decision day)
	OnTime        int64 `json:"on_time"`        // of them, decided by their due date
	DaysUsed      int64 `json:"days_used"`      // working days the decided used
	DaysPromised  int64 `json:"days_promised"`  // working days the decided were promised
	Closed        int64 `json:"closed"`         // closed with the result delivered (closing day)
	WithinVisits  int64 `json:"within_visits"`  // of them, counted trips ≤ max visits (最多跑一次)
	ZeroTrip      int64 `json:"zero_trip"`      // of them, no trip at all (零跑)
	Ratings       int64 `json:"ratings"`        // ratings given (rating day)
	Satisfied     int64 `json:"satisfied"`      // of them, 非常满意, 满意 or 基本满意
	Bad           int64 `json:"bad"`            // of them, 不满意 or 非常不满意
}

// Add adds o to c.
func (c *Counts) Add(o Counts) {
	c.Submitted += o.Submitted
	c.Online += o.Online
	c.Corrected += o.Corrected
	c.SecondNotices += o.SecondNotices
	c.Materials += o.Materials
	c.Exempt += o.Exempt
	c.Accepted += o.Accepted
	c.Decided += o.Decided
	c.OnTime += o.OnTime
	c.DaysUsed += o.DaysUsed
	c.DaysPromised += o.DaysPromised
	c.Closed += o.Closed
	c.WithinVisits += o.WithinVisits
	c.ZeroTrip += o.ZeroTrip
	c.Ratings += o.Ratings
	c.Satisfied += o.Satisfied
	c.Bad += o.Bad
}

// Fields are the counts as a list in the order of CountNames, for storage.
func (c *Counts) Fields() []*int64 {
	return []*int64{&c.Submitted, &c.Online, &c.Corrected, &c.SecondNotices, &c.Materials, &c.Exempt, &c.Accepted,
		&c.Decided, &c.OnTime, &c.DaysUsed, &c.DaysPromised, &c.Closed, &c.WithinVisits, &c.ZeroTrip, &c.Ratings, &c.Satisfied, &c.Bad}
}

// CountNames are the counts' names, as columns and JSON keys.
var CountNames = []string{"submitted", "online", "corrected", "second_notices", "materials", "exempt", "accepted",
	"decided", "on_time", "days_used", "days_promised", "closed", "within_visits", "zero_trip", "ratings", "satisfied", "bad"}

// Dated is a contribution to the counts of one day (China).
type Dated struct {
	Day    workday.Date
	Counts Counts
}

// Contributions are what one case adds to the counts, on the days it
// happened: its submission (applications, online, corrections, breaches,
// materials), its acceptance, its decision (on time, days used against
// promised) and its closing (the visits promise). A case contributes to each
// day at most once, so recomputing a day from its cases is exact.
//
// The rules: a decision is on time when made on or before the due date the
// suspensions extended; the days used are the promised days less the working
// days left at the decision (or more, by the working days past the due date).
// A closed case realises 最多跑一次 when its counted trips (DESIGN rule 2, as
// casework counts them) are within its max visits, and is zero-trip when the
// applicant never came at all.
func Contributions(f Facts, cal *workday.Calendar) []Dated {
	var out []Dated
	add := func(at time.Time, c Counts) {
		d := workday.DateOf(at)
		for i := range out {
			if out[i].Day == d {
				out[i].Counts.Add(c)
				return
			}
		}
		out = append(out, Dated{Day: d, Counts: c})
	}
	sub := Counts{Submitted: 1, Materials: int64(f.Materials), Exempt: int64(min(f.Exempt, f.Materials))}
	if f.Channel == intake.ChannelOnline {
		sub.Online = 1
	}
	if f.Notices > 0 {
		sub.Corrected = 1
	}
	if f.SecondNotice {
		sub.SecondNotices = 1
	}
	add(f.CreatedAt, sub)
	if f.AcceptedAt != nil {
		add(*f.AcceptedAt, Counts{Accepted: 1})
	}
	if f.AcceptedAt != nil && f.DecidedAt != nil {
		dec := Counts{Decided: 1, DaysPromised: int64(f.PromisedDays)}
		if due, err := workday.Parse(f.DueDate); err == nil {
			used, onTime := DaysUsed(cal, f.PromisedDays, workday.DateOf(*f.DecidedAt), due)
			dec.DaysUsed = int64(used)
			if onTime {
				dec.OnTime = 1
			}
		}
		add(*f.DecidedAt, dec)
	}
	if f.ClosedAt != nil && (f.Status == intake.StatusClosed || f.Status == intake.StatusArchived) {
		cl := Counts{Closed: 1}
		if f.TripsCounted <= f.MaxVisits {
			cl.WithinVisits = 1
		}
		if f.TripsTotal == 0 {
			cl.ZeroTrip = 1
		}
		add(*f.ClosedAt, cl)
	}
	return out
}

// DaysUsed is how many working days a case promised `promised` used when
// decided on `decided` with its (suspension-extended) due date `due`, and
// whether that was on time. The due date already holds the suspensions, so
// no suspension needs reading: used = promised − working days left.
func DaysUsed(cal *workday.Calendar, promised int, decided, due workday.Date) (used int, onTime bool) {
	if decided.After(due) {
		return promised + cal.WorkdaysBetween(due, decided), false
	}
	return max(0, promised-cal.WorkdaysBetween(decided, due)), true
}

// RatingCounts is what one rating adds, on its day.
func RatingCounts(l Level) Counts {
	c := Counts{Ratings: 1}
	if l.Good() {
		c.Satisfied = 1
	}
	if l.Bad() {
		c.Bad = 1
	}
	return c
}

// Measures are the headline figures of a set of counts. A rate whose
// denominator is 0 is NaN (shown "—"), never 0: no cases is not a bad score.
type Measures struct {
	Counts
	OnTimeRate        Rate `json:"on_time_rate"`        // % of decided on time (按时办结率)
	MeanDaysUsed      Rate `json:"mean_days_used"`      // working days per decided case
	MeanDaysPromised  Rate `json:"mean_days_promised"`  // promised working days per decided case
	RealisationRate   Rate `json:"realisation_rate"`    // % of closed within max visits (最多跑一次实现率)
	ZeroTripRate      Rate `json:"zero_trip_rate"`      // % of closed without a trip (零跑率)
	BreachesPer100    Rate `json:"breaches_per_100"`    // second-notice breaches per 100 applications
	CorrectionsPer100 Rate `json:"corrections_per_100"` // correction notices per 100 applications
	OnlineShare       Rate `json:"online_share"`        // % of applications made online (网办率)
	ExemptShare       Rate `json:"exempt_share"`        // % of materials 免提交
	SatisfactionRate  Rate `json:"satisfaction_rate"`   // % of ratings not bad (满意率)
	// Rectification is bad ratings' rectification: how many were opened in
	// the period, answered, answered on time and are overdue now.
	Rect RectCounts `json:"rectification"`
	// RectOnTimeRate is % of answered rectifications answered on time.
	RectOnTimeRate Rate `json:"rectification_on_time_rate"`
}

// RectCounts count rectifications.
type RectCounts struct {
	Opened   int64 `json:"opened"`
	Answered int64 `json:"answered"`
	OnTime   int64 `json:"on_time"`
	Overdue  int64 `json:"overdue"`
}

// Add adds o to c.
func (c *RectCounts) Add(o RectCounts) {
	c.Opened += o.Opened
	c.Answered += o.Answered
	c.OnTime += o.OnTime
	c.Overdue += o.Overdue
}

// RectCountsOf counts one rectification as of today.
func RectCountsOf(x Rectification, today workday.Date) RectCounts {
	c := RectCounts{Opened: 1}
	switch st := RectStatusAt(x, today); {
	case st == RectDoneOnTime:
		c.Answered, c.OnTime = 1, 1
	case st == RectDoneLate:
		c.Answered = 1
	case st.Overdue():
		c.Overdue = 1
	}
	return c
}

// MeasuresOf takes the ratios of c and r.
func MeasuresOf(c Counts, r RectCounts) Measures {
	return Measures{Counts: c, Rect: r,
		OnTimeRate:        Pct(c.OnTime, c.Decided),
		MeanDaysUsed:      ratio(c.DaysUsed, c.Decided, 1),
		MeanDaysPromised:  ratio(c.DaysPromised, c.Decided, 1),
		RealisationRate:   Pct(c.WithinVisits, c.Closed),
		ZeroTripRate:      Pct(c.ZeroTrip, c.Closed),
		BreachesPer100:    Pct(c.SecondNotices, c.Submitted),
		CorrectionsPer100: Pct(c.Corrected, c.Submitted),
		OnlineShare:       Pct(c.Online, c.Submitted),
		ExemptShare:       Pct(c.Exempt, c.Materials),
		SatisfactionRate:  Pct(c.Satisfied, c.Ratings),
		RectOnTimeRate:    Pct(r.OnTime, r.Answered),
	}
}

// Rate is a ratio as shown, rounded to one decimal; NaN when there was
// nothing to divide by, which JSON writes as null.
type Rate float64

// Known reports whether the rate has a denominator.
func (r Rate) Known() bool { return !math.IsNaN(float64(r)) }

// MarshalJSON writes NaN as null.
func (r Rate) MarshalJSON() ([]byte, error) {
	if !r.Known() {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, float64(r), 'f', -1, 64), nil
}

// UnmarshalJSON reads null as NaN.
func (r *Rate) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*r = Rate(math.NaN())
		return nil
	}
	f, err := strconv.ParseFloat(string(b), 64)
	*r = Rate(f)
	return err
}

// Pct is 100·a/b rounded to one decimal, NaN when b is 0.
func Pct(a, b int64) Rate { return ratio(a, b, 100) }

func ratio(a, b int64, k float64) Rate {
	if b == 0 {
		return Rate(math.NaN())
	}
	return Rate(math.Round(k*float64(a)/float64(b)*10) / 10)
}

// OnlineItems counts the items that can be applied for online: 全程网办 or
// 网上申报 (a pre-check online with the application at the window is not).
func OnlineItems(levels []catalog.Online) int {
	n := 0
	for _, l := range levels {
		if l == catalog.OnlineFull || l == catalog.OnlineSubmit {
			n++
		}
	}
	return n
}
