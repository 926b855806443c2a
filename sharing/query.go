package sharing

import (
	"context"
	"time"

	"onetrip"
	"onetrip/catalog"
)

// Query asks one item about one subject, for a case, with a purpose.
type Query struct {
	Item    string `json:"item"`
	Subject string `json:"subject"`
	Case    string `json:"case,omitempty"` // the case ID; conditional items need one
	Purpose string `json:"purpose"`
}

// CaseFacts is what the rules need of the case a query names, as the
// store found it for the consumer.
type CaseFacts struct {
	ID, Number string
	// Consumer: the case is the consumer's own (its centre took it, or
	// its department has a step in it).
	Consumer bool
	// Open: the case is running (not refused, withdrawn, closed or archived).
	Open bool
	// Applicant is the applicant's citizen ID or USCC.
	Applicant string
}

// Outcomes of a query, as the access log records them.
const (
	ResultAnswered    = "answered"
	ResultNoRecord    = "no_record"
	ResultDenied      = "denied"
	ResultInvalid     = "invalid"
	ResultUnavailable = "unavailable"
)

// Results lists the outcomes.
var Results = []string{ResultAnswered, ResultNoRecord, ResultDenied, ResultInvalid, ResultUnavailable}

// CheckQuery is the query's form: the item exists and is shared, the
// subject's identifier fits the item and passes its check, a purpose is
// stated. It returns the subject normalised.
func CheckQuery(it *catalog.DataItem, q Query) (string, error) {
	if it == nil {
		return "", onetrip.Invalid("sharing.query.invalid", 1).WithDetail("item", "sharing.item.unknown", q.Item)
	}
	var p onetrip.Problems
	checkPurpose(&p, "purpose", q.Purpose)
	subject, err := CheckSubject(*it, q.Subject)
	if err != nil {
		for _, d := range onetrip.AsError(err).Details {
			p.Add(d.Path, d.Key, d.Args...)
		}
	}
	if err := p.Err("sharing.query.invalid", len(p)); err != nil {
		return "", err
	}
	return subject, restricted(*it)
}

// Allowed decides whether a consumer may read an item about a subject: an
// active grant of the consumer, and, for a conditional item, a case of the
// consumer that is open and whose applicant is the subject. The answer is
// the same whether or not the subject exists anywhere: a refusal is decided
// before any provider is asked, so it tells nothing about who exists.
func Allowed(it catalog.DataItem, g *Grant, subject string, c *CaseFacts, now time.Time) error {
	if err := restricted(it); err != nil {
		return err
	}
	if !g.Active(Date(now)) {
		return onetrip.Forbidden("sharing.denied")
	}
	if it.Level == catalog.ShareConditional {
		if c == nil || !c.Consumer || !c.Open || c.Applicant != subject {
			return onetrip.Forbidden("sharing.denied")
		}
	}
	return nil
}

// Record is one subject's record in a provider: field → value.
type Record map[string]string

// Filter keeps the granted fields of a record.
func Filter(r Record, fields []string) Record {
	out := make(Record, len(fields))
	for _, f := range fields {
		if v, ok := r[f]; ok {
			out[f] = v
		}
	}
	return out
}

// Provider answers for items of a department's data: the built-in
// registries, or a department's own system over HTTP. Fetch returns false
// when the provider holds no record of the subject; an error when it
// cannot answer (down, slow, refusing).
type Provider interface {
	Fetch(ctx context.Context, item, subject string) (Record, bool, error)
}

// Answer is a query's result: the granted fields of the subject's record.
type Answer struct {
	Item     string    `json:"item"`
	ItemName string    `json:"item_name"`
	Provider string    `json:"provider"`
	Subject  string    `json:"subject"` // masked
	Fields   Record    `json:"fields"`
	Access   string    `json:"access"` // the access record's ID
	At       time.Time `json:"at"`
}
