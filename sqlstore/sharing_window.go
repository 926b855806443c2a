package sqlstore

import (
	"context"
	"maps"
	"slices"
	"strings"
	"time"

	"onetrip"
	"onetrip/catalog"
	"onetrip/idcode"
	"onetrip/intake"
	"onetrip/seal"
	"onetrip/sharing"
)

// The sharing platform at the window: identifying the applicant (name and
// address from the population or enterprise item) and the preview of which
// shared-data materials are 免提交, both before the case exists. Their
// reads are logged like any other; the case's own reads follow at
// acceptance, bound to the case (SubmitCase).

// Identity is what identifying an applicant read.
type Identity struct {
	Name     string `json:"name"`
	Address  string `json:"address"`
	Item     string `json:"item"`
	ItemName string `json:"item_name"`
	Provider string `json:"provider"`
	Access   string `json:"access"` // the access record
}

// IdentifyApplicant reads an applicant's name and address for the window's
// form (sharing.AllowedIdentification). purpose names the service applied
// for. A refusal or no record says so without telling which.
func (s *Store) IdentifyApplicant(ctx context.Context, p *onetrip.Principal, partyType, number, purpose string) (Identity, error) {
	c, err := sharing.ConsumerOf(p)
	if err != nil {
		return Identity{}, err
	}
	subjectKind := catalog.SubjectPerson
	if partyType == idcode.PartyOrg {
		subjectKind = catalog.SubjectOrg
	}
	id := sharing.Identifications[subjectKind]
	it, err := s.dataItem(ctx, id.Item)
	if err != nil {
		return Identity{}, err
	}
	if it == nil {
		return Identity{}, onetrip.NotFound("sharing.item.unknown", id.Item)
	}
	subject, err := sharing.CheckSubject(*it, number)
	if err != nil {
		return Identity{}, err
	}
	start := time.Now()
	provName := s.bodyName(ctx, sharing.ProviderDepartment(*it))
	key, err := s.subjectKey(ctx, subject)
	if err != nil {
		return Identity{}, err
	}
	rec := sharing.Access{ID: NewID(), At: s.Now(), User: p.Username, ConsumerKind: c.Kind, Consumer: c.ID, Item: it.Code,
		Provider: sharing.ProviderDepartment(*it), SubjectKey: key, Subject: sharing.MaskSubject(*it, subject),
		Purpose: "受理前身份核验：" + strings.TrimSpace(purpose)}
	logged := func(result string, fields []string, cause error) error {
		rec.Result, rec.Fields, rec.DurationMicro = result, fields, time.Since(start).Microseconds()
		if cause != nil {
			rec.Reason = onetrip.AsError(cause).Key
		}
		if err := s.sharing.log.write(ctx, rec); err != nil {
			return err
		}
		return cause
	}
	g, err := s.activeGrant(ctx, c.ID, it.Code)
	if err != nil {
		return Identity{}, err
	}
	if err := sharing.AllowedIdentification(*it, g, c, s.Now()); err != nil {
		return Identity{}, logged(sharing.ResultDenied, nil, err)
	}
	if s.sharing.provider == nil {
		return Identity{}, logged(sharing.ResultUnavailable, nil, onetrip.Unavailable("sharing.unavailable", it.Name, provName))
	}
	r, found, err := s.sharing.provider.Fetch(sharing.WithRequest(ctx, rec.ID), it.Code, subject)
	switch {
	case err != nil:
		s.log.Warn("sharing provider failed", "item", it.Code, "err", err)
		return Identity{}, logged(sharing.ResultUnavailable, nil, onetrip.Unavailable("sharing.unavailable", it.Name, provName))
	case !found:
		return Identity{}, logged(sharing.ResultNoRecord, nil, onetrip.NotFound("sharing.no_record", provName, it.Name))
	}
	out := Identity{Name: r[id.Name], Address: r[id.Address], Item: it.Code, ItemName: it.Name, Provider: provName, Access: rec.ID}
	if err := logged(sharing.ResultAnswered, []string{id.Name, id.Address}, nil); err != nil {
		return Identity{}, err
	}
	return out, nil
}

// PreviewHoldings is what the applicant holds for the window's checklist
// before the case exists: licences, and the shared records the centre may
// read for the service (each read logged, with the service as purpose).
func (s *Store) PreviewHoldings(ctx context.Context, p *onetrip.Principal, number, title string, entries []catalog.ChecklistEntry) (intake.Holdings, error) {
	number = strings.ToUpper(strings.TrimSpace(number))
	lic, err := s.HoldingsOf(ctx, number)
	if err != nil {
		return nil, err
	}
	shared, err := s.sharedHoldings(ctx, p, p.Center, number, "受理前核验："+title, entries)
	if err != nil {
		return nil, err
	}
	for _, k := range slices.Sorted(maps.Keys(shared)) {
		if err := s.sharing.log.write(ctx, shared[k].access); err != nil {
			return nil, err
		}
	}
	if len(shared) == 0 {
		return lic, nil
	}
	return holdings{HeldRecords: lic.(intake.HeldRecords), shared: shared}, nil
}

// SharedItemName is a held shared record's data item name, for 免提交
// notes ("" when the source is not shared data).
func SharedItemName(h intake.Holdings, source string) string {
	if hs, ok := h.(holdings); ok {
		if sh, ok := hs.shared[source]; ok {
			return sh.item.Name + "（" + sh.provider + "）"
		}
	}
	return ""
}

// PlatformKey is the platform's SM2 signing key: the seal on queries to
// departments' systems (they check it against PlatformPublicKey).
func (s *Store) PlatformKey(ctx context.Context) (*seal.Key, error) {
	_, k, err := s.signingPlatformKey(ctx)
	return k, err
}
