package web

import (
	"context"
	"net/http"
	"strings"

	"onetrip"
	"onetrip/catalog"
	"onetrip/httpx"
	"onetrip/idcode"
	"onetrip/intake"
	"onetrip/sqlstore"
)

// The sharing platform at the window: identifying the applicant fills the
// form's name from the population or enterprise register, and the lookup
// marks the materials shared data holds 免提交 — each read logged with the
// service as its purpose. At acceptance the store reads again, bound to
// the case; these reads only tell the clerk beforehand.

// markShared marks the rows whose shared data source holds the
// applicant's record, and says why for those it does not.
func (w *Web) markShared(ctx context.Context, lang onetrip.Lang, p *onetrip.Principal, rows []markRow, partyType, number, title string) error {
	return w.markSharedFor(ctx, lang, p, rows, func(r *markRow) bool { return !r.Others }, partyType, number, title)
}

// markSharedParties does markShared for each further party, on the shared
// rows that name that party alone (家庭成员名下住房信息 of the buyer).
func (w *Web) markSharedParties(ctx context.Context, lang onetrip.Lang, p *onetrip.Principal, rows []markRow, roles []catalog.PartyRole, others []intake.Party, title string) error {
	for _, o := range others {
		if len(roles) == 0 || o.Role == roles[0] {
			continue
		}
		mine := func(r *markRow) bool { return len(r.HolderRoles) == 1 && r.HolderRoles[0] == o.Role }
		if err := w.markSharedFor(ctx, lang, p, rows, mine, o.Type, o.IDNumber, title+"（"+o.Role.Label(onetrip.LangZH)+"）"); err != nil {
			return err
		}
	}
	return nil
}

// markSharedFor marks the shared rows that take (for one party's number).
func (w *Web) markSharedFor(ctx context.Context, lang onetrip.Lang, p *onetrip.Principal, rows []markRow, take func(*markRow) bool, partyType, number, title string) error {
	if partyType == "" {
		partyType = idcode.PartyPerson
	}
	num, _, err := idcode.CheckPartyID(partyType, number)
	if err != nil || p.Center == "" {
		return nil
	}
	var entries []catalog.ChecklistEntry
	for i := range rows {
		r := &rows[i]
		if r.Fetched && !r.PriorStep && take(r) && strings.HasPrefix(r.SourceCode, "shared:") {
			entries = append(entries, catalog.ChecklistEntry{Name: r.Name, Source: r.SourceCode, Fetched: true})
		}
	}
	if len(entries) == 0 {
		return nil
	}
	held, err := w.store.PreviewHoldings(ctx, p, num, title, entries)
	if err != nil {
		return err
	}
	for i := range rows {
		r := &rows[i]
		if !strings.HasPrefix(r.SourceCode, "shared:") || r.PriorStep || !take(r) {
			continue
		}
		if ref, ok := held.Holds(r.SourceCode); ok {
			r.Held, r.HeldShared = ref, sqlstore.SharedItemName(held, r.SourceCode)
			continue
		}
		if ex, ok := held.(intake.Explained); ok {
			if m, ok := ex.WhyNot(r.SourceCode); ok {
				r.SharedMiss = m.Text(lang)
			}
		}
	}
	return nil
}

// identify answers the window's identification of an applicant: the name
// and address the register holds, or "" when the centre may not read them
// or the register has no record (the check of the number still stands).
func (w *Web) identify(r *http.Request, out *idCheck, typ string) {
	u, lang := httpx.Principal(r.Context()), httpx.PageLang(r)
	if u == nil || !u.Is(onetrip.RoleClerk, onetrip.RoleAgent) || r.URL.Query().Get("identify") != "1" {
		return
	}
	id, err := w.store.IdentifyApplicant(r.Context(), u, typ, out.Number, r.URL.Query().Get("purpose"))
	if err != nil {
		return
	}
	out.Name, out.Address = id.Name, id.Address
	key := "ui.share.identified"
	if typ == idcode.PartyOrg {
		key = "ui.share.identified_org"
	}
	out.Message += onetrip.Semicolon(lang) + onetrip.Render(lang, key, id.Name, id.Address, id.ItemName+"·"+id.Provider)
}
