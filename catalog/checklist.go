package catalog

import "slices"

// ChecklistEntry is one line of the applicant's material checklist (材料清单)
// for an item or a bundle: one thing to hand in or to be fetched, however many
// steps need it.
type ChecklistEntry struct {
	Name       string   // the name of the first spec it covers
	Source     string   // as in the file: applicant, licence:L-…, shared:D-…, prior-step
	Form       Form     // the strictest form asked for: original > copy > electronic
	Copies     int      // the most copies any spec asks for
	Required   bool     // some step requires it
	Deferrable bool     // every step that requires it allows deferral (容缺); all specs if none requires it
	Fetched    bool     // from the licence library or shared data: 免提交 when the applicant holds it
	PriorStep  bool     // produced by an earlier step of the bundle: never on the applicant's list, shown 免提交
	FromItem   string   // the earlier step that produces it, when known (a licence an earlier step issues)
	Notes      []string // the specs' notes, each once
	SpecIDs    []string // the material spec ids it covers
	Items      []string // the item codes that need it, in order
	// Parties are the roles that must each hold a fetched material for it
	// to be 免提交 (HolderRoles of its specs, merged); empty: the applicant.
	Parties []PartyRole
}

// Exempt reports whether the applicant hands nothing in for the entry: it
// comes from an earlier step, or is fetched (when the applicant holds it).
func (e ChecklistEntry) Exempt() bool { return e.PriorStep || e.Fetched }

// Checklist merges the materials of items applied for together. For one item
// it is that item's materials. For several items a material several steps
// need appears once, so the applicant is asked once (rules 1 and 5 of DESIGN):
//
//   - licence: and shared: materials merge by source; applicant and
//     prior-step materials merge by name (spaces and full-width forms folded);
//   - an entry never takes two specs of the same item (a birth registration
//     asks for the mother's and the father's ID card, both licence:L-IDCARD);
//   - prior-step materials stay on the list with PriorStep set so the UI can
//     show them as 免提交; they are not on the applicant's list.
//
// Entries come in order of first appearance. Checklist knows nothing of a
// bundle's DAG; for a bundle use BundleChecklist, which also knows which
// licences earlier steps issue.
func Checklist(items []Item) []ChecklistEntry {
	return checklist(items, func(string, Source) string { return "" })
}

// BundleChecklist is Checklist for a bundle's steps (items holds at least the
// step items, in any order). It walks the steps in the bundle's Order, and a
// licence material whose type an ancestor step issues as its result (营业执照
// after 公司设立) becomes a prior-step material: the applicant cannot hold it
// yet, the earlier step produces it. A step that runs in parallel with the
// issuer does not count, so 生育津贴 still asks for the mother's own social
// security card while the newborn's is being made.
func BundleChecklist(b Bundle, items []Item) []ChecklistEntry {
	return BundleChecklistData(b, items, nil)
}

// BundleChecklistData is BundleChecklist knowing which department kind
// provides each shared data item: a shared material whose provider is the
// department of an ancestor step is that step's output (契税完税信息 after 契税申报,
// 网签备案信息 after 网签备案) and becomes a prior-step material too.
func BundleChecklistData(b Bundle, items []Item, providers map[string]string) []ChecklistEntry {
	byCode := map[string]Item{}
	for _, it := range items {
		if _, dup := byCode[it.Code]; !dup {
			byCode[it.Code] = it
		}
	}
	order, err := b.Order()
	if err != nil {
		order = stepCodes(b)
	}
	var steps []Item
	for _, c := range order {
		if it, ok := byCode[c]; ok {
			steps = append(steps, it)
		}
	}
	anc := ancestors(b)
	return checklist(steps, func(item string, src Source) string {
		for _, a := range order { // the first ancestor in order that produces it
			if !anc[item][a] {
				continue
			}
			switch src.Kind {
			case SourceLicence:
				if byCode[a].Result.Licence == src.Ref {
					return a
				}
			case SourceShared:
				if p, ok := providers[src.Ref]; ok && p == byCode[a].DepartmentKind {
					return a
				}
			}
		}
		return ""
	})
}

// BundleChecklist is BundleChecklistData with the catalogue's items and
// shared data providers.
func (c *Catalog) BundleChecklist(b Bundle) []ChecklistEntry {
	providers := map[string]string{}
	for _, d := range c.SharedData {
		providers[d.Code] = d.ProviderKind
	}
	return BundleChecklistData(b, c.Items, providers)
}

// ancestors maps each step to every step it waits for, directly or not.
func ancestors(b Bundle) map[string]map[string]bool {
	codes, preds, _ := graph(b)
	out := map[string]map[string]bool{}
	var walk func(c string, seen map[string]bool)
	walk = func(c string, seen map[string]bool) {
		for _, p := range preds[c] {
			if !seen[p] {
				seen[p] = true
				walk(p, seen)
			}
		}
	}
	for _, c := range codes {
		out[c] = map[string]bool{}
		walk(c, out[c])
	}
	return out
}

// checklist merges; issuer names the earlier step that issues a licence
// material for an item, or "".
func checklist(items []Item, issuer func(item string, src Source) string) []ChecklistEntry {
	var out []ChecklistEntry
	keys := []string{}
	reqDefer := []bool{} // per entry: all required specs deferrable
	allDefer := []bool{} // per entry: all specs deferrable
	for _, it := range items {
		for _, m := range it.Materials {
			src, err := ParseSource(m.Source)
			key, from := "", ""
			switch {
			case err != nil:
				key = "raw:" + m.Source + "|" + normName(m.Name)
			case src.Fetched() && issuer(it.Code, src) != "":
				key, from = "prior:"+m.Source, issuer(it.Code, src)
			case src.Fetched():
				key = "src:" + m.Source
			case src.Kind == SourcePriorStep:
				key = "prior:" + normName(m.Name)
			default:
				key = "name:" + normName(m.Name)
			}
			at := -1
			for i, k := range keys {
				if k == key && !slices.Contains(out[i].Items, it.Code) {
					at = i
					break
				}
			}
			if at < 0 {
				at = len(out)
				keys = append(keys, key)
				reqDefer = append(reqDefer, true)
				allDefer = append(allDefer, true)
				out = append(out, ChecklistEntry{
					Name: m.Name, Source: m.Source, Form: m.Form,
					Fetched:   err == nil && src.Fetched() && from == "",
					PriorStep: from != "" || (err == nil && src.Kind == SourcePriorStep),
					FromItem:  from,
				})
			}
			e := &out[at]
			if formRank(m.Form) > formRank(e.Form) {
				e.Form = m.Form
			}
			e.Copies = max(e.Copies, m.Copies)
			e.Required = e.Required || m.Required
			if m.Required {
				reqDefer[at] = reqDefer[at] && m.Deferrable
			}
			allDefer[at] = allDefer[at] && m.Deferrable
			if m.Note != "" && !slices.Contains(e.Notes, m.Note) {
				e.Notes = append(e.Notes, m.Note)
			}
			e.SpecIDs = append(e.SpecIDs, m.ID)
			e.Items = append(e.Items, it.Code)
			for _, r := range HolderRoles(m, it.Parties) {
				if !slices.Contains(e.Parties, r) {
					e.Parties = append(e.Parties, r)
				}
			}
		}
	}
	for i := range out {
		if out[i].Required {
			out[i].Deferrable = reqDefer[i]
		} else {
			out[i].Deferrable = allDefer[i]
		}
	}
	return out
}

func formRank(f Form) int {
	switch f {
	case FormOriginal:
		return 3
	case FormCopy:
		return 2
	case FormElectronic:
		return 1
	}
	return 0
}
