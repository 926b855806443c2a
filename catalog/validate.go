package catalog

import (
	"slices"
	"strings"
)

// Validate checks a whole catalogue and reports every problem at once as an
// invalid onetrip.Error whose details carry JSON paths
// ("items[12].materials[3].source"). It runs the structural checks and the
// guide lint: a catalogue with any problem is rejected whole, so a published
// catalogue is always lint-clean.
func Validate(c *Catalog) error {
	fs := Check(c)
	return ToProblems(fs).Err("catalog.invalid", len(fs))
}

// ValidateItem checks one item (structure and lint) against a catalogue's
// Refs, for the admin editor; paths are relative to the item.
func ValidateItem(it Item, refs Refs) error {
	fs := CheckItem(it, refs)
	return ToProblems(fs).Err("catalog.item.invalid", it.Code, len(fs))
}

// ValidateBundle checks one bundle (structure and lint) against Refs.
func ValidateBundle(b Bundle, refs Refs) error {
	fs := CheckBundle(b, refs)
	return ToProblems(fs).Err("catalog.bundle.invalid", b.Code, len(fs))
}

// Check returns every finding of a catalogue, in file order.
func Check(c *Catalog) []Finding {
	var fs findings
	if blank(c.Version) {
		fs.add("version", "check:empty_version")
	}
	refs := c.Refs()
	kinds := map[string]string{}
	for i, d := range c.DepartmentKinds {
		p := idx("department_kinds", i)
		fs.code(p+".kind", d.Kind, deptKindRE.MatchString(d.Kind), "market, public-security", kinds)
		fs.nonBlank(p+".name", d.Name)
		fs.nonBlank(p+".short", d.Short)
	}
	licences := map[string]string{}
	for i, l := range c.LicenceTypes {
		p := idx("licence_types", i)
		fs.code(p+".code", l.Code, licenceCodeRE.MatchString(l.Code), "L-BIZ", licences)
		fs.nonBlank(p+".name", l.Name)
		fs.deptKind(p+".issuer_kind", l.IssuerKind, refs)
		fs.enum(p+".holder", string(l.Holder), strs(Subjects))
		fs.nonNegative(p+".validity_years", l.ValidityYears)
		fs.entries(p+".fields", l.Fields)
		fs.unique(p+".fields", l.Fields)
	}
	data := map[string]string{}
	for i, d := range c.SharedData {
		p := idx("shared_data", i)
		fs.code(p+".code", d.Code, dataCodeRE.MatchString(d.Code), "D-POP-BASIC", data)
		fs.nonBlank(p+".name", d.Name)
		fs.deptKind(p+".provider_kind", d.ProviderKind, refs)
		fs.enum(p+".subject", string(d.Subject), strs(Subjects))
		fs.entries(p+".fields", d.Fields)
		fs.enum(p+".level", string(d.Level), strs(ShareLevels))
	}
	items := map[string]string{}
	for i, it := range c.Items {
		p := idx("items", i)
		if first, dup := items[it.Code]; dup {
			fs.add(p+".code", "check:duplicate_code", it.Code, first)
		} else {
			items[it.Code] = p + ".code"
		}
		fs = append(fs, prefixed(p, CheckItem(it, refs))...)
	}
	bundles := map[string]string{}
	for i, b := range c.Bundles {
		p := idx("bundles", i)
		if first, dup := bundles[b.Code]; dup {
			fs.add(p+".code", "check:duplicate_code", b.Code, first)
		} else {
			bundles[b.Code] = p + ".code"
		}
		fs = append(fs, prefixed(p, CheckBundle(b, refs))...)
	}
	return fs
}

// CheckItem returns an item's structural findings followed by its lint.
func CheckItem(it Item, refs Refs) []Finding {
	var fs findings
	if !itemCodeRE.MatchString(it.Code) {
		fs.add("code", "check:code_format", it.Code, "330-XXXX-NNN")
	}
	fs.enum("kind", it.Kind, ItemKinds)
	fs.deptKind("department_kind", it.DepartmentKind, refs)
	fs.enum("level", string(it.Level), strs(Levels))
	fs.enum("window", it.Window, Windows)
	fs.oneLine("legal_basis", it.LegalBasis) // blank entries: LintItem
	fs.oneLine("conditions", it.Conditions)
	ids := map[string]string{}
	for i, m := range it.Materials {
		p := idx("materials", i)
		if blank(m.ID) {
			fs.add(p+".id", "check:empty_id")
		} else if first, dup := ids[m.ID]; dup {
			fs.add(p+".id", "check:duplicate_id", m.ID, first)
		} else {
			ids[m.ID] = p + ".id"
		}
		fs.enum(p+".form", string(m.Form), strs(Forms))
		fs.nonNegative(p+".copies", m.Copies)
		src, err := ParseSource(m.Source)
		if err != nil {
			fs.add(p+".source", "check:source", m.Source)
		} else if src.Kind != SourceApplicant && (m.Form != FormElectronic || m.Copies != 0) {
			fs.add(p, "check:fetched_paper", m.Source, string(m.Form), m.Copies)
		}
	}
	fs.parties(it)
	fs.joint(it, refs)
	fs.nonNegative("statutory_days", it.StatutoryDays)
	fs.nonNegative("promised_days", it.PromisedDays)
	fs.enum("online", string(it.Online), strs(OnlineLevels))
	switch {
	case it.MaxVisits != 0 && it.MaxVisits != 1:
		fs.add("max_visits", "check:max_visits", it.MaxVisits)
	case it.MaxVisits == 0 && it.Online != OnlineFull:
		fs.add("max_visits", "check:zero_visit_not_online", string(it.Online))
	}
	if it.Fee.Due != FeeBeforeIssue {
		fs.enum("fee.due", string(it.Fee.Due), strs(FeeDues))
	}
	if it.Fee.Payer != "" {
		fs.enum("fee.payer", string(it.Fee.Payer), strs(PartyRoles))
	}
	if len(it.Delivery) == 0 {
		fs.add("delivery", "check:no_delivery")
	}
	seen := map[Delivery]bool{}
	for i, d := range it.Delivery {
		fs.enum(idx("delivery", i), string(d), strs(Deliveries))
		if seen[d] {
			fs.add(idx("delivery", i), "check:duplicate_value", string(d))
		}
		seen[d] = true
	}
	if (it.Result.Licence == "") == (it.Result.Document == "") {
		fs.add("result", "check:result")
	}
	if len(it.Result.Fields) > 0 && it.Result.Document == "" {
		fs.add("result.fields", "check:result_fields")
	}
	fs.entries("result.fields", it.Result.Fields)
	for i, f := range it.Result.Fields {
		if slices.Contains(it.Result.Fields[:i], f) {
			fs.add(idx("result.fields", i), "check:duplicate_value", f)
		}
	}
	fs.entries("keywords", it.Keywords)
	for i, f := range it.FAQ {
		fs.nonBlank(idx("faq", i)+".q", f.Q)
		fs.nonBlank(idx("faq", i)+".a", f.A)
	}
	return append(fs, LintItem(it, refs)...)
}

// CheckBundle returns a bundle's structural findings followed by its lint.
func CheckBundle(b Bundle, refs Refs) []Finding {
	var fs findings
	if !bundleCodeRE.MatchString(b.Code) {
		fs.add("code", "check:code_format", b.Code, "B-RESTAURANT")
	}
	fs.nonBlank("name", b.Name)
	fs.nonNegative("promised_days", b.PromisedDays)
	if len(b.Steps) == 0 {
		fs.add("steps", "check:no_steps")
	}
	steps := map[string]string{}
	for i, s := range b.Steps {
		if first, dup := steps[s.Item]; dup {
			fs.add(idx("steps", i)+".item", "check:duplicate_step", s.Item, first)
		} else {
			steps[s.Item] = idx("steps", i) + ".item"
		}
	}
	for i, s := range b.Steps {
		seen := map[string]bool{}
		for j, a := range s.After {
			p := idx(idx("steps", i)+".after", j)
			if _, ok := steps[a]; !ok {
				fs.add(p, "check:after_not_step", a)
			}
			if seen[a] {
				fs.add(p, "check:duplicate_value", a)
			}
			seen[a] = true
		}
	}
	fs.entries("keywords", b.Keywords)
	return append(fs, LintBundle(b, refs)...)
}

// code checks a code's format and that it is unique among first (code → path).
func (fs *findings) code(path, code string, ok bool, example string, first map[string]string) {
	if !ok {
		fs.add(path, "check:code_format", code, example)
	}
	if p, dup := first[code]; dup {
		fs.add(path, "check:duplicate_code", code, p)
	} else {
		first[code] = path
	}
}

func (fs *findings) nonBlank(path, s string) {
	if blank(s) {
		fs.add(path, "check:empty")
	}
}

func (fs *findings) nonNegative(path string, n int) {
	if n < 0 {
		fs.add(path, "check:negative", n)
	}
}

func (fs *findings) enum(path, v string, allowed []string) {
	if !in(v, allowed) {
		fs.add(path, "check:enum", v, strings.Join(allowed, "、"))
	}
}

// joint checks a joint step: a name, and at least one participant, each a
// known department kind other than the lead's, each once.
func (fs *findings) joint(it Item, refs Refs) {
	j := it.Joint
	if j == nil {
		return
	}
	if blank(j.Name) {
		fs.add("joint.name", "check:joint_name")
	}
	if len(j.Participants) == 0 {
		fs.add("joint.participants", "check:joint_participants")
	}
	seen := map[string]bool{}
	for i, k := range j.Participants {
		p := idx("joint.participants", i)
		switch {
		case k == it.DepartmentKind:
			fs.add(p, "check:joint_lead", k)
		case seen[k]:
			fs.add(p, "check:joint_duplicate", k)
		default:
			fs.deptKind(p, k, refs)
		}
		seen[k] = true
	}
}

func (fs *findings) deptKind(path, kind string, refs Refs) {
	if !refs.DepartmentKinds[kind] {
		fs.add(path, "check:unknown_department_kind", kind)
	}
}

// entries checks a list of one-line texts: no entry may be blank or span
// lines (a list entry is one line of the printed guide and one line of an
// Excel cell, which is what lets ExportXLSX round-trip).
func (fs *findings) entries(path string, list []string) {
	for i, s := range list {
		if blank(s) {
			fs.add(idx(path, i), "check:empty")
		}
	}
	fs.oneLine(path, list)
}

// unique refuses an entry that repeats an earlier one: a licence prints
// each of its fields once.
func (fs *findings) unique(path string, list []string) {
	seen := map[string]bool{}
	for i, s := range list {
		if seen[s] {
			fs.add(idx(path, i), "check:duplicate_value", s)
		}
		seen[s] = true
	}
}

func (fs *findings) oneLine(path string, list []string) {
	for i, s := range list {
		if strings.ContainsAny(s, "\r\n") {
			fs.add(idx(path, i), "check:multiline")
		}
	}
}
