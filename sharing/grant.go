package sharing

import (
	"strings"
	"time"

	"onetrip"
	"onetrip/catalog"
)

// Grant statuses. An approved grant past its end date is expired (Active
// says so; the stored status stays approved).
const (
	GrantRequested = "requested"
	GrantApproved  = "approved"
	GrantRefused   = "refused"
	GrantRevoked   = "revoked"
)

// GrantStatuses lists the stored statuses.
var GrantStatuses = []string{GrantRequested, GrantApproved, GrantRefused, GrantRevoked}

// Grant is a consumer body's right to query one data item (授权): which
// fields, for what, until when. The provider department decides it.
type Grant struct {
	ID           string     `json:"id"`
	Item         string     `json:"item"`
	ItemName     string     `json:"item_name"`
	Provider     string     `json:"provider"` // the provider department's id
	ConsumerKind string     `json:"consumer_kind"`
	Consumer     string     `json:"consumer"`
	ConsumerName string     `json:"consumer_name,omitempty"`
	Fields       []string   `json:"fields"` // the granted fields; the item's all when requested empty
	Purpose      string     `json:"purpose"`
	ValidUntil   string     `json:"valid_until"` // last day it may be used (YYYY-MM-DD, China)
	Status       string     `json:"status"`
	RequestedBy  string     `json:"requested_by"`
	RequestedAt  time.Time  `json:"requested_at"`
	DecidedBy    string     `json:"decided_by,omitempty"`
	DecidedAt    *time.Time `json:"decided_at,omitempty"`
	Reason       string     `json:"reason,omitempty"`
}

// GrantRequest is what a consumer asks for.
type GrantRequest struct {
	Item    string   `json:"item"`
	Fields  []string `json:"fields,omitempty"`
	Purpose string   `json:"purpose"`
	// ValidUntil is the last day asked for; a year from today when empty.
	ValidUntil string `json:"valid_until,omitempty"`
}

// RequestGrant makes a consumer's grant request: a stated purpose, fields
// of the item, an end date within MaxGrantYears; an item that is not
// shared cannot be granted. An open item (无条件共享) is granted at once;
// a conditional one waits for the provider.
func RequestGrant(it catalog.DataItem, c Consumer, req GrantRequest, by string, now time.Time) (Grant, error) {
	if err := restricted(it); err != nil {
		return Grant{}, err
	}
	var p onetrip.Problems
	checkPurpose(&p, "purpose", req.Purpose)
	checkFields(&p, it, req.Fields)
	today := Date(now)
	until := strings.TrimSpace(req.ValidUntil)
	if until == "" {
		until = Date(now.AddDate(1, 0, 0))
	}
	if d, err := time.Parse(time.DateOnly, until); err != nil || until <= today || d.After(now.AddDate(MaxGrantYears, 0, 0)) {
		p.Add("valid_until", "sharing.grant.until", MaxGrantYears)
	}
	if err := p.Err("sharing.grant.invalid", len(p)); err != nil {
		return Grant{}, err
	}
	fields := req.Fields
	if len(fields) == 0 {
		fields = it.Fields
	}
	g := Grant{Item: it.Code, ItemName: it.Name, Provider: ProviderDepartment(it), ConsumerKind: c.Kind, Consumer: c.ID,
		Fields: append([]string(nil), fields...), Purpose: strings.TrimSpace(req.Purpose), ValidUntil: until,
		Status: GrantRequested, RequestedBy: by, RequestedAt: now}
	if it.Level == catalog.ShareOpen {
		at := now
		g.Status, g.DecidedBy, g.DecidedAt, g.Reason = GrantApproved, "platform", &at, "无条件共享"
	}
	return g, nil
}

// GrantDecision is the provider's answer to a request.
type GrantDecision struct {
	Approve bool   `json:"approve"`
	Reason  string `json:"reason,omitempty"`
	// ValidUntil may shorten what was asked for.
	ValidUntil string `json:"valid_until,omitempty"`
}

// DecideGrant records the provider's decision on a requested grant; a
// refusal gives its reason; an approval may shorten the term, not extend it.
func DecideGrant(g Grant, d GrantDecision, by string, now time.Time) (Grant, error) {
	if g.Status != GrantRequested {
		return g, onetrip.Conflict("sharing.grant.state", g.Status)
	}
	var p onetrip.Problems
	reason := strings.TrimSpace(d.Reason)
	if !d.Approve && reason == "" {
		p.Add("reason", "sharing.grant.reason")
	}
	if u := strings.TrimSpace(d.ValidUntil); u != "" {
		if _, err := time.Parse(time.DateOnly, u); err != nil || u <= Date(now) || u > g.ValidUntil {
			p.Add("valid_until", "sharing.grant.until", MaxGrantYears)
		} else {
			g.ValidUntil = u
		}
	}
	if err := p.Err("sharing.grant.invalid", len(p)); err != nil {
		return g, err
	}
	at := now
	g.Status, g.DecidedBy, g.DecidedAt, g.Reason = GrantRefused, by, &at, reason
	if d.Approve {
		g.Status = GrantApproved
	}
	return g, nil
}

// Active reports whether the grant may be used on a day: approved and not
// past its last day.
// GrantRevocation ends an approved grant before its term.
type GrantRevocation struct {
	Reason string `json:"reason"`
}

// RevokeGrant is the provider stopping an approved grant at once (the
// purpose ended, a misuse): the next query is refused.
func RevokeGrant(g Grant, rv GrantRevocation, by string, now time.Time) (Grant, error) {
	if g.Status != GrantApproved {
		return g, onetrip.Conflict("sharing.grant.state", g.Status)
	}
	reason := strings.TrimSpace(rv.Reason)
	if reason == "" {
		return g, onetrip.Invalid("sharing.grant.invalid", 1).WithDetail("reason", "sharing.grant.revoke_reason")
	}
	at := now
	g.Status, g.DecidedBy, g.DecidedAt, g.Reason = GrantRevoked, by, &at, reason
	return g, nil
}

func (g *Grant) Active(today string) bool {
	return g != nil && g.Status == GrantApproved && today <= g.ValidUntil
}

// Expired reports whether an approved grant ran out before today.
func (g *Grant) Expired(today string) bool { return g.Status == GrantApproved && today > g.ValidUntil }
