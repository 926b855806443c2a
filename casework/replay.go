package casework

import (
	"encoding/hex"
	"encoding/json"
	"sort"
	"strconv"
	"time"

	"github.com/emmansun/gmsm/sm3"

	"onetrip"
	"onetrip/intake"
)

// Facts is the digest (SM3, hex) of what a case is about and never changes
// after submission: region, centre, item or bundle and its versions, title,
// channel, applicant, further parties and agent, form, delivery, promise and lead, who
// handed it in and when. case.submitted records it, so an audit can tell a
// row edited afterwards without the log repeating personal data.
func Facts(c *Case) string {
	h := sm3.New()
	agent, _ := json.Marshal(c.Agent)
	keys := make([]string, 0, len(c.StepVersions))
	for k := range c.StepVersions {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	steps := ""
	for _, k := range keys {
		steps += k + "=" + strconv.Itoa(c.StepVersions[k]) + ";"
	}
	for _, part := range []string{c.ID, c.Region, c.Center, c.Item, c.Bundle, strconv.Itoa(c.CatalogVersion), steps, c.Title, string(c.Channel),
		c.Applicant.Type, c.Applicant.Name, c.Applicant.IDNumber, c.ApplicantUser, string(agent), string(c.Form), c.Delivery,
		strconv.Itoa(c.MaxVisits), strconv.Itoa(c.PromisedDays), c.LeadDepartment, c.CreatedAt.UTC().Format(onetrip.TimeLayout), c.CreatedBy} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	if len(c.Parties) > 0 { // only then: the facts of cases with one party stay as they were
		parties, _ := json.Marshal(c.Parties)
		h.Write(parties)
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Replayed is the state of a case as its events tell it: what the log
// determines of the case row.
type Replayed struct {
	Number       string
	Facts        string
	Status       intake.Status
	AcceptedAt   *time.Time
	DecidedAt    *time.Time
	ClosedAt     *time.Time
	DueDate      string
	DeferredDue  string
	Decision     string
	Notices      int
	SecondNotice bool
	Trips        []intake.Trip
}

// statusOf is the status an event type moves a case to ("" for events that
// keep it; case.decided says which in its data).
var statusOf = map[string]intake.Status{
	"case.submitted":         intake.StatusSubmitted,
	"case.resubmitted":       intake.StatusSubmitted,
	"case.accepted":          intake.StatusAccepted,
	"case.correction_notice": intake.StatusNeedsCorrection,
	"case.refused":           intake.StatusRefused,
	"case.review_started":    intake.StatusInReview,
	"case.suspended":         intake.StatusSuspended,
	"case.resumed":           intake.StatusInReview,
	"case.issued":            intake.StatusIssued,
	"case.delivered":         intake.StatusDelivered,
	"case.closed":            intake.StatusClosed,
	"case.withdrawn":         intake.StatusWithdrawn,
	"case.archived":          intake.StatusArchived,
}

// Replay folds a case's events into the state they determine. Every move
// must be one the transition table allows, from draft; a log that makes an
// impossible move is an error naming the event.
func Replay(evs []Event) (Replayed, error) {
	r := Replayed{Status: intake.StatusDraft}
	for _, e := range evs {
		var d struct {
			Number      string `json:"number"`
			Facts       string `json:"facts"`
			DueDate     string `json:"due_date"`
			DeferredDue string `json:"deferred_due"`
			Decision    string `json:"decision"`
			Breaches    int    `json:"breaches"`
			Outstanding *int   `json:"outstanding"`
			Seq         int    `json:"seq"`
			Purpose     string `json:"purpose"`
			Outcome     string `json:"outcome"`
			Voluntary   bool   `json:"voluntary"`
		}
		if len(e.Data) > 0 {
			if err := json.Unmarshal(e.Data, &d); err != nil {
				return r, onetrip.Invalid("casework.replay.data", e.Seq, e.Type)
			}
		}
		at := e.At
		to := statusOf[e.Type]
		switch e.Type {
		case "case.submitted":
			r.Number, r.Facts = d.Number, d.Facts
		case "case.accepted":
			r.AcceptedAt, r.DueDate, r.DeferredDue = &at, d.DueDate, d.DeferredDue
		case "case.resumed":
			if d.DueDate != "" {
				r.DueDate = d.DueDate
			}
		case "case.correction_notice":
			r.Notices++
			if d.Breaches > 0 {
				r.SecondNotice = true
			}
		case "case.refused":
			r.Notices++
		case "case.decided":
			r.Decision, r.DecidedAt = d.Decision, &at
			to = intake.StatusDenied
			if d.Decision == "approved" {
				to = intake.StatusApproved
			}
		case "case.closed", "case.withdrawn":
			r.ClosedAt = &at
		case "case.deferred_supplied":
			if d.Outstanding != nil && *d.Outstanding == 0 {
				r.DeferredDue = ""
			}
		case "trip.recorded":
			r.Trips = append(r.Trips, intake.Trip{Seq: d.Seq, At: at, Purpose: intake.TripPurpose(d.Purpose), Outcome: intake.TripOutcome(d.Outcome), Voluntary: d.Voluntary})
		}
		if to != "" {
			if !intake.CanMove(r.Status, to) {
				return r, onetrip.Conflict("casework.replay.move", e.Seq, e.Type, string(r.Status), string(to))
			}
			r.Status = to
		}
	}
	return r, nil
}

// Finding is one way a case's stored state and its log disagree.
type Finding struct {
	Field string // what: chain, head, status, due_date, visits, facts …
	Key   string // message key
	Args  []any
}

func init() {
	onetrip.Register(onetrip.Messages{
		"casework.replay.data":     {"第 %d 条事件（%s）的数据无法读取", "event %d (%s) has data that cannot be read"},
		"casework.replay.move":     {"第 %d 条事件（%s）把办件从“%s”改为“%s”，状态图不允许", "event %d (%s) moves the case from %s to %s, which the diagram does not allow"},
		"casework.audit.chain":     {"事件链被改动：%s", "the event chain was altered: %s"},
		"casework.audit.head":      {"办件记录的链头（第 %d 条，%s）与事件（第 %d 条，%s）不符：有事件被删除或添加", "the case's chain head (event %d, %s) does not match its events (event %d, %s): events were removed or added"},
		"casework.audit.field":     {"办件的“%s”为 %q，事件记录的是 %q", "the case's %s is %q while its events say %q"},
		"casework.audit.facts":     {"办件的受理信息（申请人、事项、地区等）与提交时记录的摘要不符", "the case's submission facts (applicant, item, region …) do not match the digest recorded at submission"},
		"casework.audit.replay":    {"事件无法重放：%s", "the events cannot be replayed: %s"},
		"casework.audit.no_events": {"办件没有任何事件", "the case has no events"},
	})
}

// CheckCase compares a case row with its events: the chain intact, the
// row's chain head the last event, and every column the events determine
// equal to their fold (status, number, times, due dates, decision,
// notices, breaches, visits) and the submission facts to their digest.
// Nothing found is nil.
func CheckCase(c *Case, evs []Event) []Finding {
	var out []Finding
	add := func(field, key string, args ...any) { out = append(out, Finding{Field: field, Key: key, Args: args}) }
	if len(evs) == 0 {
		add("chain", "casework.audit.no_events")
		return out
	}
	if err := VerifyEvents(evs); err != nil {
		e := onetrip.AsError(err)
		add("chain", "casework.audit.chain", onetrip.Render(onetrip.LangZH, e.Key, e.Args...))
		return out
	}
	last := evs[len(evs)-1]
	if c.Chain.Seq != last.Seq || c.Chain.Hash != last.Hash {
		add("head", "casework.audit.head", c.Chain.Seq, short(c.Chain.Hash), last.Seq, short(last.Hash))
	}
	r, err := Replay(evs)
	if err != nil {
		e := onetrip.AsError(err)
		add("replay", "casework.audit.replay", onetrip.Render(onetrip.LangZH, e.Key, e.Args...))
		return out
	}
	field := func(name, got, want string) {
		if got != want {
			add(name, "casework.audit.field", name, got, want)
		}
	}
	if r.Facts != "" && r.Facts != Facts(c) { // logs older than the digest have none
		add("facts", "casework.audit.facts")
	}
	field("number", c.Number, r.Number)
	field("status", string(c.Status), string(r.Status))
	field("accepted_at", tsOf(c.AcceptedAt), tsOf(r.AcceptedAt))
	field("decided_at", tsOf(c.DecidedAt), tsOf(r.DecidedAt))
	field("closed_at", tsOf(c.ClosedAt), tsOf(r.ClosedAt))
	field("due_date", c.DueDate, r.DueDate)
	field("deferred_due", c.DeferredDue, r.DeferredDue)
	field("decision", c.Decision, r.Decision)
	field("notices", strconv.Itoa(c.Notices), strconv.Itoa(r.Notices))
	field("second_notice_breach", strconv.FormatBool(c.SecondNotice), strconv.FormatBool(r.SecondNotice))
	rc := *c
	rc.AcceptedAt = r.AcceptedAt
	v, _ := CountVisits(r.Trips, &rc)
	field("visits", visitsText(c.Visits), visitsText(v))
	return out
}

func tsOf(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.UTC().Format(onetrip.TimeLayout)
}

func visitsText(v VisitSummary) string {
	return strconv.Itoa(v.Total) + "/" + strconv.Itoa(v.Counted) + "/" + strconv.FormatBool(v.Breach)
}

func short(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}
