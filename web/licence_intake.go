package web

import (
	"context"
	"net/url"
	"strings"

	"onetrip"
	"onetrip/idcode"
	"onetrip/licence"
	"onetrip/sqlstore"
)

// The licence library at intake (免提交): where a material's source is a
// licence type and the applicant holds a valid licence of it, the window's
// and the online form show "免提交（证照库：<identifier>）" instead of a mark
// or an upload. The store decides the same at submission (HoldingsOf in
// Precheck and SubmitCase); the forms only say it before.

// markHeld marks the rows that the holdings of the applicant with this ID
// number satisfy; a number that does not check holds nothing here.
func (w *Web) markHeld(ctx context.Context, rows []markRow, partyType, number string) error {
	for i := range rows {
		rows[i].Held, rows[i].HeldHref, rows[i].HeldShared, rows[i].SharedMiss = "", "", "", ""
	}
	if strings.TrimSpace(number) == "" {
		return nil
	}
	if partyType == "" {
		partyType = idcode.PartyPerson
	}
	num, _, err := idcode.CheckPartyID(partyType, number)
	if err != nil {
		return nil
	}
	held, err := w.store.HoldingsOf(ctx, num)
	if err != nil {
		return err
	}
	for i := range rows {
		r := &rows[i]
		if !r.Fetched || r.PriorStep || r.Others {
			continue
		}
		if ref, ok := held.Holds(r.SourceCode); ok {
			r.Held = ref
			if strings.HasPrefix(ref, licence.Prefix) {
				r.HeldHref = verifyHref(ref)
			}
		}
	}
	return nil
}

// partyOpt is one party an applicant may apply as: themself, or an
// organisation whose licences name them its legal representative.
type partyOpt struct {
	Name, IDNumber string
	Org            bool
	Href           string
	Current        bool
}

// applicantParties lists the parties p may apply as, with links to the
// form filled for each (action is the form's path, region kept).
func (w *Web) applicantParties(ctx context.Context, p *onetrip.Principal, action, region, current string) ([]partyOpt, error) {
	if p.IDNumber == "" {
		return nil, nil
	}
	href := func(as string) string {
		v := url.Values{}
		if region != "" {
			v.Set("region", region)
		}
		if as != "" {
			v.Set("as", as)
		}
		if len(v) == 0 {
			return action
		}
		return action + "?" + v.Encode()
	}
	out := []partyOpt{{Name: p.Name, IDNumber: p.IDNumber, Href: href(""), Current: current == p.IDNumber}}
	list, err := w.store.Licences(ctx, sqlstore.LicenceQuery{Holder: p.IDNumber, Limit: 200})
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{p.IDNumber: true}
	for _, l := range list {
		if l.Holder.IDType != licence.IDUSCC || l.RepresentativeID != p.IDNumber || seen[l.Holder.IDNumber] {
			continue
		}
		seen[l.Holder.IDNumber] = true
		out = append(out, partyOpt{Name: l.Holder.Name, IDNumber: l.Holder.IDNumber, Org: true, Href: href(l.Holder.IDNumber),
			Current: current == l.Holder.IDNumber})
	}
	// Companies bound on the account, and those it is authorised staff of
	// (a submission beyond the authorisation's items is refused there).
	companies, err := w.store.Companies(ctx, p)
	if err != nil {
		return nil, err
	}
	for _, c := range companies {
		if seen[c.USCC] {
			continue
		}
		seen[c.USCC] = true
		out = append(out, partyOpt{Name: c.Name, IDNumber: c.USCC, Org: true, Href: href(c.USCC), Current: current == c.USCC})
	}
	if len(out) == 1 {
		return nil, nil // only themself: nothing to choose
	}
	return out, nil
}

// mayShowHoldings reports whether an applicant may see what the library
// holds for a party: their own ID number or an organisation they
// represent. Others' licence identifiers are not shown on their form.
func mayShowHoldings(p *onetrip.Principal, parties []partyOpt, number string) bool {
	number = strings.ToUpper(strings.TrimSpace(number))
	if p.IDNumber != "" && number == p.IDNumber {
		return true
	}
	for _, o := range parties {
		if o.IDNumber == number {
			return true
		}
	}
	return false
}
