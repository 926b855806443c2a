package supervision

import (
	"math"
	"sort"
	"strings"
	"time"

	"onetrip"
	"onetrip/workday"
)

// Progress reports (进展报告) and circulars (通报): the province sets
// reporting rounds (each a period of measures and a due date: the seed's
// 14, 20 and 30 March); every city's supervisor submits its report —
// pre-filled with its and its counties' measures, with a narrative — by the
// due date; the province sees who reported and who is late, and issues a
// circular naming the leading and lagging cities with their figures.

// Round is one reporting round.
type Round struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Region    string    `json:"region"` // the province (or city) that set it: its children report
	Period    Period    `json:"period"`
	Due       string    `json:"due"` // YYYY-MM-DD (China): reports are due by the end of it
	CreatedBy string    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
}

// NewRound is what a province sends to set a round.
type NewRound struct {
	Name string `json:"name"`
	From string `json:"from"`
	To   string `json:"to"`
	Due  string `json:"due"`
}

// CheckRound validates a new round on day today: a name, a period that is
// a valid one (ParsePeriod), and a due date on a working day on or after
// the period's end and not in the past.
func CheckRound(n NewRound, cal *workday.Calendar, today workday.Date) (Period, error) {
	var probs onetrip.Problems
	if strings.TrimSpace(n.Name) == "" || onetrip.TooLong(n.Name, onetrip.MaxShort) {
		probs.Add("name", "supervision.round.name")
	}
	p, err := ParsePeriod(n.From, n.To, maxDate(today, mustDate(n.To)))
	if err != nil {
		probs.Add("from", "supervision.round.period")
	}
	due, derr := workday.Parse(n.Due)
	switch {
	case derr != nil:
		probs.Add("due", "supervision.period.date", n.Due)
	case err == nil && due.Before(p.To):
		probs.Add("due", "supervision.round.due_before", n.Due, p.To.String())
	case due.Before(today):
		probs.Add("due", "supervision.round.due_past", n.Due)
	case !cal.IsWorkday(due):
		probs.Add("due", "supervision.round.due_holiday", n.Due)
	}
	return p, probs.Err("supervision.round.invalid")
}

func mustDate(s string) workday.Date {
	d, err := workday.Parse(s)
	if err != nil {
		return workday.Date{}
	}
	return d
}

func maxDate(a, b workday.Date) workday.Date {
	if b.After(a) {
		return b
	}
	return a
}

// ReportState is where a city's report stands.
type ReportState string

const (
	ReportDraft     ReportState = "draft"     // saved, not submitted
	ReportSubmitted ReportState = "submitted" // 已报送
)

// Report is one region's report for a round: its figures and its
// children's as they were when last saved, and the narrative.
type Report struct {
	ID          string      `json:"id"`
	Round       string      `json:"round"`
	Region      string      `json:"region"`
	RegionName  string      `json:"region_name"`
	State       ReportState `json:"state"`
	Narrative   string      `json:"narrative"`
	Measures    Measures    `json:"measures"`
	Children    []Figure    `json:"children"`
	SavedAt     time.Time   `json:"saved_at"`
	SubmittedAt *time.Time  `json:"submitted_at,omitempty"`
	SubmittedBy string      `json:"submitted_by,omitempty"`
	Version     int         `json:"version"`
}

// Figure is a named region's measures in a report or a circular.
type Figure struct {
	Code     string   `json:"code"`
	Name     string   `json:"name"`
	Measures Measures `json:"measures"`
}

// MaxNarrative bounds a report's narrative (characters).
const MaxNarrative = 20000

// Submit checks and submits a report's narrative: a submitted report is
// final (the province reads what was sent); a narrative is required.
func (r Report) Submit(narrative string, submit bool, by string, at time.Time) (Report, error) {
	var probs onetrip.Problems
	if onetrip.TooLong(narrative, MaxNarrative) {
		probs.Add("narrative", "err.too_long", MaxNarrative)
	}
	if submit && strings.TrimSpace(narrative) == "" {
		probs.Add("narrative", "supervision.report.narrative")
	}
	if err := probs.Err("supervision.report.invalid"); err != nil {
		return r, err
	}
	if r.State == ReportSubmitted {
		return r, onetrip.Conflict("supervision.report.submitted")
	}
	r.Narrative, r.SavedAt = narrative, at
	r.Version++
	if submit {
		r.State, r.SubmittedAt, r.SubmittedBy = ReportSubmitted, &at, by
	} else {
		r.State = ReportDraft
	}
	return r, nil
}

// ReportStatus is a region's standing in a round.
type ReportStatus string

const (
	StatusPending       ReportStatus = "pending"        // not submitted, not due yet
	StatusLate          ReportStatus = "late"           // not submitted, past due
	StatusOnTime        ReportStatus = "on_time"        // submitted by the due date
	StatusSubmittedLate ReportStatus = "submitted_late" // submitted after it
)

// ReportStatuses lists the statuses.
var ReportStatuses = []ReportStatus{StatusPending, StatusLate, StatusOnTime, StatusSubmittedLate}

// Key is the status' message key.
func (s ReportStatus) Key() string { return "supervision.reportstatus." + string(s) }

// StatusOf is a report's standing on day today (r nil: none saved).
func StatusOf(round Round, r *Report, today workday.Date) ReportStatus {
	due := mustDate(round.Due)
	if r != nil && r.SubmittedAt != nil {
		if workday.DateOf(*r.SubmittedAt).After(due) {
			return StatusSubmittedLate
		}
		return StatusOnTime
	}
	if today.After(due) {
		return StatusLate
	}
	return StatusPending
}

// Score ranks a region in a circular: the mean of its on-time,
// 最多跑一次 realisation and satisfaction rates, over those it has (NaN
// with none). Equal weights are the province's published rule for the
// round; the three are the promises the reform makes.
func Score(m Measures) float64 {
	var sum float64
	n := 0
	for _, r := range []Rate{m.OnTimeRate, m.RealisationRate, m.SatisfactionRate} {
		if r.Known() {
			sum += float64(r)
			n++
		}
	}
	if n == 0 {
		return math.NaN()
	}
	return math.Round(sum/float64(n)*10) / 10
}

// Circular is the province's 通报 of a round.
type Circular struct {
	Round    Round          `json:"round"`
	Ranking  []Ranked       `json:"ranking"`  // best first; regions without figures last
	Leaders  []Ranked       `json:"leaders"`  // 表扬: the best three
	Laggards []Ranked       `json:"laggards"` // 通报: the worst three, and any below the floor
	Late     []Figure       `json:"late"`     // regions that did not report on time
	Total    Measures       `json:"total"`    // the province's own figures for the period
	Issued   time.Time      `json:"issued"`
	Statuses map[string]int `json:"statuses"` // how many regions stand in each ReportStatus
}

// Ranked is a region's place in a circular.
type Ranked struct {
	Figure
	Rank   int          `json:"rank"`
	Score  Rate         `json:"score"`
	Status ReportStatus `json:"status"`
}

// LagFloor is the score below which a region is named a laggard whatever
// its rank.
const LagFloor = 90

// MakeCircular ranks the regions by Score (higher first; ties by more
// decisions, then code), names the best three leaders and the worst three —
// and any under LagFloor — laggards (a region is never both), and lists the
// regions that have not reported on time.
func MakeCircular(round Round, total Measures, figures []Figure, status map[string]ReportStatus, at time.Time) Circular {
	c := Circular{Round: round, Total: total, Issued: at, Statuses: map[string]int{}}
	for _, f := range figures {
		st := status[f.Code]
		c.Ranking = append(c.Ranking, Ranked{Figure: f, Score: Rate(Score(f.Measures)), Status: st})
		c.Statuses[string(st)]++
		if st == StatusLate || st == StatusSubmittedLate || st == StatusPending {
			c.Late = append(c.Late, f)
		}
	}
	sort.SliceStable(c.Ranking, func(i, j int) bool {
		a, b := c.Ranking[i], c.Ranking[j]
		if a.Score.Known() != b.Score.Known() {
			return a.Score.Known()
		}
		if a.Score != b.Score && a.Score.Known() {
			return a.Score > b.Score
		}
		if a.Measures.Decided != b.Measures.Decided {
			return a.Measures.Decided > b.Measures.Decided
		}
		return a.Code < b.Code
	})
	var scored []Ranked
	for i := range c.Ranking {
		c.Ranking[i].Rank = i + 1
		if c.Ranking[i].Score.Known() {
			scored = append(scored, c.Ranking[i])
		}
	}
	nLead := min(3, len(scored)/2)
	c.Leaders = append([]Ranked{}, scored[:nLead]...)
	c.Laggards = []Ranked{}
	for i := nLead; i < len(scored); i++ {
		if i >= len(scored)-3 || float64(scored[i].Score) < LagFloor {
			c.Laggards = append(c.Laggards, scored[i])
		}
	}
	return c
}
