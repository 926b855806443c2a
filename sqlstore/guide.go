package sqlstore

import (
	"context"
	"encoding/json"
	"strconv"

	"onetrip"
	"onetrip/casework"
	"onetrip/catalog"
	"onetrip/intake"
	"onetrip/org"
)

// guide resolves what a case applies for (casework.Guide): the published
// versions (pinned is nil) or the versions a case was submitted under
// (pinned: the item or bundle version, and each step's item version), so a
// case keeps its guide. What makes it unresolvable is added to p; the
// guide is then nil or incomplete. Resolutions are cached per catalogue
// generation (catalog_cache.go).
func (s *Store) guide(ctx context.Context, itemCode, bundleCode, region string, p *onetrip.Problems, pinned *casework.Case) (*casework.Guide, error) {
	gen, err := s.catalogGen(ctx)
	if err != nil {
		return nil, err
	}
	key := itemCode + "|" + bundleCode + "|" + region
	if pinned != nil {
		b, _ := json.Marshal(pinned.StepVersions)
		key += "|" + strconv.Itoa(pinned.CatalogVersion) + string(b)
	}
	if g, ok := s.resolved.get(key, gen); ok {
		return g, nil
	}
	var probs onetrip.Problems
	g, err := s.resolveGuide(ctx, itemCode, bundleCode, region, &probs, pinned)
	if err != nil {
		return nil, err
	}
	*p = append(*p, probs...)
	if len(probs) == 0 && g != nil {
		s.resolved.put(key, gen, g)
	}
	return g, nil
}

// caseGuide is the guide a case was submitted under.
func (s *Store) caseGuide(ctx context.Context, c *casework.Case) (*casework.Guide, error) {
	var p onetrip.Problems
	g, err := s.guide(ctx, c.Item, c.Bundle, c.Region, &p, c)
	if err != nil {
		return nil, err
	}
	if g == nil || len(p) > 0 {
		return nil, onetrip.Internal(onetrip.Errorf("case %s: its guide no longer resolves: %v", c.Number, p))
	}
	return g, nil
}

func (s *Store) resolveGuide(ctx context.Context, itemCode, bundleCode, region string, p *onetrip.Problems, pinned *casework.Case) (*casework.Guide, error) {
	pin := func(code string) int {
		if pinned == nil {
			return 0
		}
		return pinned.StepVersions[code]
	}
	top := 0
	if pinned != nil {
		top = pinned.CatalogVersion
	}
	g := &casework.Guide{Versions: map[string]int{}, Impls: map[string]catalog.Implementation{}, HolderKinds: map[string]catalog.Subject{}}
	switch {
	case (itemCode == "") == (bundleCode == ""):
		p.Add("item", "store.case.item_or_bundle")
		return nil, nil
	case itemCode != "":
		iv, err := s.Item(ctx, itemCode, top)
		if err != nil {
			if onetrip.HasCode(err, onetrip.CodeNotFound) {
				p.Add("item", "store.case.unpublished", itemCode)
				return nil, nil
			}
			return nil, err
		}
		g.Item, g.Version, g.Title = &iv.Item, iv.Info.Version, iv.Item.Name
		g.Steps = []catalog.Item{iv.Item}
		g.Versions[itemCode] = iv.Info.Version
		g.Entries = catalog.Checklist(g.Steps)
		g.MaxVisits = iv.Item.MaxVisits
	default:
		bv, err := s.Bundle(ctx, bundleCode, top)
		if err != nil {
			if onetrip.HasCode(err, onetrip.CodeNotFound) {
				p.Add("bundle", "store.case.unpublished", bundleCode)
				return nil, nil
			}
			return nil, err
		}
		g.Bundle, g.Version, g.Title, g.Promised = &bv.Bundle, bv.Info.Version, bv.Bundle.Name, bv.Bundle.PromisedDays
		for _, st := range bv.Bundle.Steps {
			iv, err := s.Item(ctx, st.Item, pin(st.Item))
			if err != nil {
				return nil, err
			}
			g.Steps = append(g.Steps, iv.Item)
			g.Versions[st.Item] = iv.Info.Version
		}
		providers, err := s.Providers(ctx)
		if err != nil {
			return nil, err
		}
		g.Entries = catalog.BundleChecklistData(bv.Bundle, g.Steps, providers)
		g.MaxVisits = intake.BundleMaxVisits(g.Steps)
	}
	types, err := s.LicenceTypes(ctx)
	if err != nil {
		return nil, err
	}
	g.LicenceTypes = make(map[string]catalog.LicenceType, len(types))
	for _, t := range types {
		g.HolderKinds[t.Code] = t.Holder
		g.LicenceTypes[t.Code] = t
	}
	if _, err := s.Region(ctx, region); err != nil {
		p.Add("region", "store.case.region_unknown", region)
		return g, nil
	}
	for _, it := range g.Steps {
		m, err := s.ImplementationFor(ctx, it.Code, region)
		if err != nil {
			if onetrip.HasCode(err, onetrip.CodeNotFound) {
				p.Add("region", "store.case.not_offered", it.Code, region)
				continue
			}
			return nil, err
		}
		g.Impls[it.Code] = m
		if it.Joint != nil {
			if g.Participants == nil {
				g.Participants = map[string][]casework.Participant{}
			}
			for _, k := range it.Joint.Participants {
				g.Participants[it.Code] = append(g.Participants[it.Code], casework.Participant{Kind: k, Department: org.DepartmentID(m.Region, k)})
			}
		}
	}
	if g.Item != nil {
		g.Promised = g.Item.PromisedDays
		if m, ok := g.Impls[g.Item.Code]; ok {
			g.Promised = m.PromisedDays // the region's local promise
		}
		g.Lead, g.LeadStep = g.Impls[g.Item.Code].Department, g.Item.Code
	} else {
		for _, it := range g.Steps {
			if it.DepartmentKind == g.Bundle.LeadKind {
				g.Lead, g.LeadStep = g.Impls[it.Code].Department, it.Code
				break
			}
		}
		if g.LeadStep == "" && len(g.Steps) > 0 { // lint forbids it; keep a lead anyway
			last := g.Steps[len(g.Steps)-1]
			g.Lead, g.LeadStep = g.Impls[last.Code].Department, last.Code
		}
	}
	return g, nil
}
