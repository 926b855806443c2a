package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"onetrip"
	"onetrip/catalog"
	"onetrip/idcode"
	"onetrip/intake"
	"onetrip/licence"
)

// The further parties of a case (the buyer of a house sale, when the
// seller applies): one fieldset per role the guide names after the
// applicant's, identified like the applicant; the licence lookup checks
// each party's own licences for the materials that name them.

// partyField is one further party on a form.
type partyField struct {
	Role  catalog.PartyRole
	Label string
	Index int // in the submitted parties: error paths are parties[Index]
	intake.Applicant
}

// partyFields are the form's fieldsets for the roles after the first,
// with what was posted.
func partyFields(lang onetrip.Lang, roles []catalog.PartyRole, posted []intake.Party) []partyField {
	if len(roles) < 2 {
		return nil
	}
	var out []partyField
	for i, r := range roles[1:] {
		f := partyField{Role: r, Label: r.Label(lang), Index: i, Applicant: intake.Applicant{Type: intake.ApplicantPerson}}
		for _, p := range posted {
			if p.Role == r {
				f.Applicant = p.Applicant
			}
		}
		out = append(out, f)
	}
	return out
}

// readParties reads the posted further parties in the guide's order; a
// role left wholly blank is left out (the command then says it is missing).
func readParties(r *http.Request, roles []catalog.PartyRole) []intake.Party {
	if len(roles) < 2 {
		return nil
	}
	var out []intake.Party
	for _, role := range roles[1:] {
		k := "party." + string(role) + "."
		a := intake.Applicant{Type: r.PostFormValue(k + "type"), Name: r.PostFormValue(k + "name"), IDNumber: r.PostFormValue(k + "id")}
		if a.Type == "" {
			a.Type = intake.ApplicantPerson
		}
		if strings.TrimSpace(a.Name) == "" && strings.TrimSpace(a.IDNumber) == "" {
			continue
		}
		out = append(out, intake.Party{Role: role, Applicant: a})
	}
	return out
}

// markParties shows 免提交 on the rows another party must hold, when every
// party they name holds it in the licence library (intake.PartyHoldings):
// the applicant's rows are markHeld's.
func (w *Web) markParties(ctx context.Context, rows []markRow, roles []catalog.PartyRole, a intake.Applicant, others []intake.Party) error {
	if len(roles) < 2 {
		return nil
	}
	h := intake.PartyHoldings{Roles: roles, Of: map[string][]catalog.PartyRole{}, ByRole: map[catalog.PartyRole]intake.Holdings{}}
	for _, r := range roles {
		party, ok := intake.PartyOf(roles, a, others, r)
		if !ok {
			continue
		}
		num, _, err := idcode.CheckPartyID(or(party.Type, idcode.PartyPerson), party.IDNumber)
		if err != nil {
			continue
		}
		held, err := w.store.HoldingsOf(ctx, num)
		if err != nil {
			return err
		}
		h.ByRole[r] = held
	}
	for i := range rows {
		r := &rows[i]
		if !r.Others || r.PriorStep || !strings.HasPrefix(r.SourceCode, "licence:") {
			continue
		}
		h.Of[r.SourceCode] = r.HolderRoles
		if ref, ok := h.Holds(r.SourceCode); ok {
			r.Held = ref
			if first, _, _ := strings.Cut(ref, intake.RefSep); strings.HasPrefix(first, licence.Prefix) {
				r.HeldHref = verifyHref(first)
			}
		}
	}
	return nil
}

// partyPath is the error path of a further party's field.
func partyPath(i int, field string) string { return "parties[" + strconv.Itoa(i) + "]." + field }
