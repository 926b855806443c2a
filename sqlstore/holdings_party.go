package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"

	"onetrip"
	"onetrip/casework"
	"onetrip/catalog"
	"onetrip/intake"
	"onetrip/policy"
)

// What a party holds for an application, the legal representative
// included: an organisation's material that describes a person — 法定代表人
// 身份信息 from the population register, an ID card from the licence
// library — is its legal representative's (intake.RepresentativeSource).
// The representative is the one the organisation's own licences name.

// representativeOf is the legal representative's citizen ID that the
// organisation's newest valid licence names, or "".
func (s *Store) representativeOf(ctx context.Context, org string) (string, error) {
	var rep string
	err := s.r.QueryRowContext(ctx, `SELECT representative_id FROM licences WHERE holder_id_number = $1 AND representative_id <> ''
		AND revoked_at IS NULL AND (valid_until IS NULL OR valid_until >= $2) ORDER BY issued_at DESC, id DESC LIMIT 1`, org, chinaDate(s.Now())).Scan(&rep)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return rep, s.mapErr(err)
}

// partyHoldings is what the applicant — and, for an organisation, its
// legal representative — holds for the guide's materials: licences, and
// the shared records the centre may read for it.
func (s *Store) partyHoldings(ctx context.Context, p *onetrip.Principal, center string, a intake.Applicant, g *casework.Guide) (intake.Holdings, error) {
	id := strings.ToUpper(strings.TrimSpace(a.IDNumber))
	held, err := s.applicantHoldings(ctx, p, center, id, g)
	if err != nil || a.Type != intake.ApplicantOrg || g == nil {
		return held, err
	}
	rep, err := s.representativeOf(ctx, id)
	if err != nil || rep == "" {
		return held, err
	}
	repEntries, err := s.representativeEntries(ctx, g.Entries)
	if err != nil || len(repEntries) == 0 {
		return held, err
	}
	repLic, err := s.HoldingsOf(ctx, rep)
	if err != nil {
		return nil, err
	}
	repShared, err := s.sharedHoldings(ctx, p, center, rep, g.Title+"（法定代表人）", repEntries)
	if err != nil {
		return nil, err
	}
	out := holdings{HeldRecords: intake.HeldRecords{}, shared: map[string]sharedHeld{}}
	switch h := held.(type) {
	case holdings:
		out.HeldRecords, out.shared = h.HeldRecords, h.shared
	case intake.HeldRecords:
		out.HeldRecords = h
	}
	for _, e := range repEntries {
		if refs := repLic.(intake.HeldRecords)[e.Source]; len(refs) > 0 && len(out.HeldRecords[e.Source]) == 0 {
			out.HeldRecords[e.Source] = refs
		}
		if sh, ok := repShared[e.Source]; ok {
			if out.shared == nil {
				out.shared = map[string]sharedHeld{}
			}
			out.shared[e.Source] = sh
		}
	}
	return out, nil
}

// caseHoldings is what the case's parties hold (intake.PartyHoldings):
// each party's holdings, looked up only for the entries that name them,
// so the seller's records are not read for the buyer's materials. A guide
// that names no parties has the applicant's (partyHoldings).
func (s *Store) caseHoldings(ctx context.Context, p *onetrip.Principal, center string, a intake.Applicant, others []intake.Party, g *casework.Guide) (intake.Holdings, error) {
	var roles []catalog.PartyRole
	if g != nil {
		roles = g.Parties()
	}
	if len(roles) == 0 {
		return s.partyHoldings(ctx, p, center, a, g)
	}
	out := intake.PartyHoldings{Roles: roles, Of: map[string][]catalog.PartyRole{}, ByRole: map[catalog.PartyRole]intake.Holdings{}}
	for _, e := range g.Entries {
		out.Of[e.Source] = e.Parties
	}
	for i, r := range roles {
		if i > 0 && !policy.FetchesForOthers(p) {
			break // online: the other parties hand theirs in
		}
		party, ok := intake.PartyOf(roles, a, others, r)
		if !ok || party.IDNumber == "" {
			continue // not named (the command says so): holds nothing
		}
		sub := *g
		sub.Entries = nil
		for _, e := range g.Entries {
			if slices.Contains(catalog.HolderRoles(catalog.MaterialSpec{Parties: e.Parties}, roles), r) {
				sub.Entries = append(sub.Entries, e)
			}
		}
		sub.Title = g.Title + "（" + r.Label(onetrip.LangZH) + "）"
		held, err := s.partyHoldings(ctx, p, center, party, &sub)
		if err != nil {
			return nil, err
		}
		out.ByRole[r] = held
	}
	return out, nil
}

// representativeEntries are the fetched entries that describe a person: a
// licence type held by people, a data item about people.
func (s *Store) representativeEntries(ctx context.Context, entries []catalog.ChecklistEntry) ([]catalog.ChecklistEntry, error) {
	types, err := s.LicenceTypes(ctx)
	if err != nil {
		return nil, err
	}
	holder := map[string]catalog.Subject{}
	for _, t := range types {
		holder["licence:"+t.Code] = t.Holder
	}
	var out []catalog.ChecklistEntry
	for _, e := range entries {
		if !e.Fetched {
			continue
		}
		subject := holder[e.Source]
		if code, ok := strings.CutPrefix(e.Source, "shared:"); ok {
			it, err := s.dataItem(ctx, code)
			if err != nil {
				return nil, err
			}
			if it != nil {
				subject = it.Subject
			}
		}
		if intake.RepresentativeSource(intake.ApplicantOrg, subject) {
			out = append(out, e)
		}
	}
	return out, nil
}
