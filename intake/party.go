package intake

import (
	"slices"
	"strconv"
	"strings"

	"onetrip"
	"onetrip/catalog"
)

// Party is a party of a case beside the applicant of record, in the role
// the guide names (the seller of a house sale, when the buyer applies):
// identified like the applicant, and holding licences of its own.
type Party struct {
	Role catalog.PartyRole `json:"role"`
	Applicant
}

// CheckCaseParties decides whether a submission names the parties its
// guide asks for (roles, catalog.CaseParties; the applicant of record
// plays roles[0]): each further role exactly once, no role the guide does
// not name, each identity valid (as Applicant.Check), and nobody twice (a
// buyer is not their own seller). The parties are normalised in place;
// problems come all at once under parties[i].
func CheckCaseParties(roles []catalog.PartyRole, a Applicant, others []Party) error {
	var p onetrip.Problems
	if len(roles) == 0 {
		if len(others) > 0 {
			p.Add("parties", "intake.party.none_named")
		}
		return p.Err("intake.party.invalid", len(p))
	}
	seen := map[catalog.PartyRole]bool{roles[0]: true}
	ids := map[string]bool{a.IDNumber: a.IDNumber != ""}
	for i := range others {
		path := "parties[" + strconv.Itoa(i) + "]"
		o := &others[i]
		switch {
		case o.Role == roles[0]:
			p.Add(path+".role", "intake.party.is_applicant", o.Role)
		case !slices.Contains(roles, o.Role):
			p.Add(path+".role", "intake.party.role", string(o.Role))
		case seen[o.Role]:
			p.Add(path+".role", "intake.party.twice", o.Role)
		}
		seen[o.Role] = true
		before := len(p)
		o.check(&p, path)
		if len(p) == before && o.IDNumber != "" {
			if ids[o.IDNumber] {
				p.Add(path+".id_number", "intake.party.same_id")
			}
			ids[o.IDNumber] = true
		}
	}
	for _, r := range roles[1:] {
		if !seen[r] {
			p.Add("parties", "intake.party.missing", r)
		}
	}
	return p.Err("intake.party.invalid", len(p))
}

// PartyOf is the party playing a role in a case: the applicant of record
// for roles[0] (or any role when the guide names none), else the further
// party with that role.
func PartyOf(roles []catalog.PartyRole, a Applicant, others []Party, role catalog.PartyRole) (Applicant, bool) {
	if len(roles) == 0 || role == roles[0] {
		return a, true
	}
	for _, o := range others {
		if o.Role == role {
			return o.Applicant, true
		}
	}
	return Applicant{}, false
}

// PartyHoldings are what a case's parties hold, each party's own: a
// fetched entry is held when every party it names holds it (买卖双方居民身份证:
// the buyer's ID card and the seller's), and its ref lists theirs in the
// entry's order, joined by RefSep. An entry that names no one is the
// applicant's (Roles[0]).
type PartyHoldings struct {
	Roles  []catalog.PartyRole            // the guide's, the applicant's first
	Of     map[string][]catalog.PartyRole // source → the roles that must hold it
	ByRole map[catalog.PartyRole]Holdings // each party's holdings
}

// RefSep joins the refs of one material held by several parties.
const RefSep = "+"

func (h PartyHoldings) holders(source string) []catalog.PartyRole {
	if rs := h.Of[source]; len(rs) > 0 {
		return rs
	}
	return h.Roles[:min(1, len(h.Roles))]
}

// Holds implements Holdings.
func (h PartyHoldings) Holds(source string) (string, bool) {
	var refs []string
	for _, r := range h.holders(source) {
		held := h.ByRole[r]
		if held == nil {
			return "", false
		}
		ref, ok := held.Holds(source)
		if !ok {
			return "", false
		}
		refs = append(refs, ref)
	}
	return strings.Join(refs, RefSep), len(refs) > 0
}

// HoldsRef implements Holdings: each part of ref is held by its party.
func (h PartyHoldings) HoldsRef(source, ref string) bool {
	roles, refs := h.holders(source), strings.Split(ref, RefSep)
	if len(roles) == 0 || len(refs) != len(roles) {
		return false
	}
	for i, r := range roles {
		if held := h.ByRole[r]; held == nil || !held.HoldsRef(source, refs[i]) {
			return false
		}
	}
	return true
}

// WhyNot implements Explained: the first party that lacks a shared record
// says why.
func (h PartyHoldings) WhyNot(source string) (SharedMiss, bool) {
	for _, r := range h.holders(source) {
		if ex, ok := h.ByRole[r].(Explained); ok {
			if m, ok := ex.WhyNot(source); ok {
				return m, true
			}
		}
	}
	return SharedMiss{}, false
}
