package workday

import (
	"slices"
	"strconv"
	"time"

	"onetrip"
)

// Suspension kinds (特别程序): while one is open the clock of a limit stops.
const (
	KindHearing          = "hearing"           // 听证
	KindInspection       = "inspection"        // 现场核查
	KindExpertReview     = "expert_review"     // 专家评审
	KindPublicNotice     = "public_notice"     // 公示
	KindDeferredMaterial = "deferred_material" // 容缺材料补交
)

// Kinds lists the suspension kinds in display order.
var Kinds = []string{KindHearing, KindInspection, KindExpertReview, KindPublicNotice, KindDeferredMaterial}

// KindKey is the message key of a kind's display name, e.g.
// "workday.kind.hearing".
func KindKey(kind string) string { return "workday.kind." + kind }

// ValidKind reports whether kind is one of Kinds.
func ValidKind(kind string) bool { return slices.Contains(Kinds, kind) }

// Suspension is one period in which the clock stood still. End is nil while
// the suspension is open.
type Suspension struct {
	Kind   string     `json:"kind"`
	Reason string     `json:"reason"`
	Start  time.Time  `json:"start"`
	End    *time.Time `json:"end,omitempty"`
}

// Clock is a limit in working days that started on the acceptance date.
// Closed, when set, is when the case or task was closed: the clock is read
// as of that moment, for good.
type Clock struct {
	Start       Date         `json:"start"`
	Limit       int          `json:"limit"`
	Suspensions []Suspension `json:"suspensions,omitempty"`
	Closed      *time.Time   `json:"closed,omitempty"`
}

// Status is the traffic light of a clock.
type Status string

const (
	StatusNormal    Status = "normal"    // 正常 (green)
	StatusDueSoon   Status = "due_soon"  // 即将到期 (yellow)
	StatusOverdue   Status = "overdue"   // 已超期 (red)
	StatusSuspended Status = "suspended" // 暂停计时
)

// Statuses lists the clock statuses.
var Statuses = []Status{StatusNormal, StatusDueSoon, StatusOverdue, StatusSuspended}

// Key is the message key of the status name, e.g. "workday.status.overdue".
func (s Status) Key() string { return "workday.status." + string(s) }

// Due is a clock read at one moment.
type Due struct {
	// DueDate is the last day of the limit: the acceptance date plus Limit
	// working days, pushed later by every working day the clock stood still.
	// While a suspension is open it is provisional: the due date if the
	// clock resumed at the moment of reading.
	DueDate Date `json:"due_date"`
	// Used and Left are in working days. Left is the number of running
	// working days after today up to the due date, so it is 0 on the due
	// date itself; once the due date has passed it is negative (at least
	// -1, even on a weekend right after the due date). Used + Left ==
	// Limit, except that a 即办 limit (0) accepted on a non-working day
	// shows Used 0 and Left 1 until its due date, the next working day.
	Used int `json:"used"`
	Left int `json:"left"`
	// Stopped is the number of working days the clock stood still before
	// the due date, i.e. how far suspensions pushed the due date.
	Stopped   int    `json:"stopped"`
	Suspended bool   `json:"suspended"` // a suspension is open now
	Closed    bool   `json:"closed"`
	Status    Status `json:"status"`
}

// DueSoonDays is how close to the due date a clock turns yellow: Left <=
// max(1, limit/5) working days, i.e. the last fifth of the limit but never
// less than the last day before the due date.
func DueSoonDays(limit int) int { return max(1, limit/5) }

// DueSoon is the yellow light: left working days within DueSoonDays of a
// limit. A 即办 limit (0) is never due soon: it is due by the end of its
// day and only overdue after.
func DueSoon(left, limit int) bool { return limit > 0 && left <= DueSoonDays(limit) }

// Due reads a clock at now.
//
// The rules (DESIGN rule 3), in working days of c:
//   - The limit runs on the working days after the acceptance date.
//   - A suspension from time s to time e stops the clock on the working days
//     d with date(s) <= d < date(e), dates in UTC+8. The day it starts on
//     does not count, the day it ends on does. So a suspension that starts
//     on working day X (after the acceptance date) and ends on working day Y
//     restarts the clock with exactly what was left: Left read on Y after
//     resumption equals Left read on X before the suspension, and Left
//     read on any working day in between. A suspension that starts and
//     ends on the same day changes nothing; overlapping suspensions stop a
//     day once.
//   - Read as of now: suspensions that start after now are ignored, and an
//     open suspension (or one whose End is after now) is taken as ending
//     now. While suspended, Left therefore stays what it was on the day the
//     suspension started, and DueDate moves later day by day.
//   - Days stopped after the due date do not move it: a suspension cannot
//     rescue a limit that has already run out.
//   - A closed clock is read at min(now, Closed).
//
// Status is overdue when the reading date is after DueDate (even while
// suspended: a breach stays visible), else suspended while a suspension is
// open, else due_soon when Left <= DueSoonDays(Limit) (never for 即办,
// Limit 0, which is due by the end of its day), else normal. A closed
// clock is overdue when it closed after its due date, else normal.
func (c *Calendar) Due(clk Clock, now time.Time) Due {
	var out Due
	at := now
	if clk.Closed != nil && !clk.Closed.After(now) {
		at = *clk.Closed
		out.Closed = true
	}
	start := clk.Start.day()
	today := DateOf(at).day()
	limit := max(clk.Limit, 0)

	// Stopped intervals [a, b) of day numbers, clipped to after acceptance.
	var spans [][2]int
	for _, s := range clk.Suspensions {
		if s.Start.After(at) || (s.End != nil && s.End.Before(s.Start)) {
			continue
		}
		end := at
		if s.End != nil && !s.End.After(at) {
			end = *s.End
		} else if !out.Closed {
			out.Suspended = true
		}
		a, b := max(DateOf(s.Start).day(), start+1), DateOf(end).day()
		if a < b {
			spans = append(spans, [2]int{a, b})
		}
	}
	spans = merge(spans)

	// Walk the running stretches between stopped spans until the limit is
	// used up; the day it runs out on is the due date. A 即办 limit (0)
	// accepted on a non-working day needs the first running working day.
	pos, rem := start, limit
	if limit == 0 && !c.isWork(start) {
		rem = 1
	}
	for _, sp := range spans {
		w := c.count(pos+1, sp[0])
		if w >= rem {
			break
		}
		rem -= w
		out.Stopped += c.count(sp[0], sp[1])
		pos = sp[1] - 1
	}
	due := start
	if rem > 0 {
		due = c.nthAfter(pos+1, rem)
	}
	out.DueDate = fromDay(due)

	// Running working days between today and the due date.
	running := func(i, j int) int { // [i, j)
		n := c.count(i, j)
		for _, sp := range spans {
			n -= c.count(max(i, sp[0]), min(j, sp[1]))
		}
		return n
	}
	if today <= due {
		out.Left = running(today+1, due+1)
	} else {
		out.Left = -max(1, running(due+1, today+1))
	}
	out.Used = max(0, limit-out.Left)

	switch {
	case today > due:
		out.Status = StatusOverdue
	case out.Closed:
		out.Status = StatusNormal
	case out.Suspended:
		out.Status = StatusSuspended
	case DueSoon(out.Left, limit):
		out.Status = StatusDueSoon
	default:
		out.Status = StatusNormal
	}
	return out
}

// merge sorts spans and joins the overlapping or touching ones.
func merge(spans [][2]int) [][2]int {
	if len(spans) < 2 {
		return spans
	}
	slices.SortFunc(spans, func(x, y [2]int) int { return x[0] - y[0] })
	out := spans[:1]
	for _, s := range spans[1:] {
		last := &out[len(out)-1]
		if s[0] <= last[1] {
			last[1] = max(last[1], s[1])
			continue
		}
		out = append(out, s)
	}
	return out
}

// Validate reports everything wrong with a clock at once: a negative limit,
// an unknown suspension kind, a suspension ending before it starts or
// starting before the acceptance date, and more than one open suspension of
// the same kind. Due never fails; it ignores what Validate rejects.
func (clk Clock) Validate() error {
	var p onetrip.Problems
	if clk.Limit < 0 {
		p.Add("limit", "workday.limit_negative", clk.Limit)
	}
	if !clk.Start.Valid() {
		e := onetrip.AsError(clk.Start.check())
		p.Add("start", e.Key, e.Args...)
	}
	open := map[string]int{}
	for i, s := range clk.Suspensions {
		path := "suspensions[" + strconv.Itoa(i) + "]"
		if !ValidKind(s.Kind) {
			p.Add(path+".kind", "workday.kind_unknown", s.Kind)
		}
		if s.Start.IsZero() {
			p.Add(path+".start", "workday.suspension_no_start")
			continue
		}
		if clk.Start.Valid() && DateOf(s.Start).Before(clk.Start) {
			p.Add(path+".start", "workday.suspension_before_start", DateOf(s.Start).String(), clk.Start.String())
		}
		if s.End != nil && s.End.Before(s.Start) {
			p.Add(path+".end", "workday.suspension_end_before_start",
				s.End.In(onetrip.China).Format(time.DateTime), s.Start.In(onetrip.China).Format(time.DateTime))
		}
		if s.End == nil {
			if j, ok := open[s.Kind]; ok {
				p.Add(path, "workday.suspension_open_twice", s.Kind, j)
			} else {
				open[s.Kind] = i
			}
		}
	}
	return p.Err("workday.clock_invalid", len(p))
}
