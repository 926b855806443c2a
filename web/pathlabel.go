package web

import (
	"regexp"
	"strconv"

	"onetrip"
)

// Findings and diffs name fields by JSON path ("materials[8].name"); admins
// read them as "申请材料第 9 项 · 材料名称". The path itself stays available
// (data-path, title) for precision.

// fieldKeys maps path segments to the message that names them.
var fieldKeys = map[string]string{
	"code": "ui.adm.f.code", "name": "ui.adm.f.name", "kind": "ui.adm.f.kind", "department_kind": "ui.guides.dept",
	"level": "ui.adm.f.level", "window": "ui.guides.window", "legal_basis": "ui.guide.legal_basis",
	"conditions": "ui.guide.conditions", "materials": "ui.guide.materials", "statutory_days": "ui.guide.statutory",
	"promised_days": "ui.guide.promised", "fee": "ui.guide.fee", "online": "ui.guide.online", "max_visits": "ui.guide.visits",
	"delivery": "ui.guide.delivery", "result": "ui.guide.result", "keywords": "ui.adm.f.keywords", "joint": "ui.adm.f.joint", "faq": "ui.guide.faq",
	"lead_kind": "ui.adm.bundle.lead", "steps": "ui.bundle.steps", "implementations": "ui.adm.impl.title",
	"region": "ui.guide.region", "department": "ui.guide.department", "address": "ui.guide.address",
	"hours": "ui.guide.hours", "phone": "ui.guide.phone", "item": "ui.bundle.item",
	"collector": "ui.col.collector", "parties": "ui.party.parties",
}

// ownSubKeys name the fields of objects whose fields mean something of
// their own (a collector's name is a person's, not a material's).
var ownSubKeys = map[string]map[string]string{
	"parties":   {"name": "ui.win.applicant_name", "id_number": "ui.win.id_number", "type": "ui.win.applicant_type", "role": "ui.party.parties"},
	"collector": {"name": "ui.col.name", "id_number": "ui.col.id_number", "relation": "ui.col.relation", "authorisation": "ui.col.authorisation"},
}

// subKeys name the fields inside a list entry or object.
var subKeys = map[string]string{
	"name": "ui.guide.m.name", "required": "ui.guide.m.required", "deferrable": "ui.guide.m.deferrable",
	"form": "ui.adm.f.form", "copies": "ui.adm.f.copies", "source": "ui.guide.m.source", "note": "ui.guide.m.note",
	"id": "ui.adm.f.id", "position": "ui.adm.f.position", "yuan": "ui.adm.f.fee", "basis": "ui.adm.f.fee_basis", "due": "ui.adm.f.fee_due", "payer": "ui.adm.f.fee_payer",
	"licence": "ui.adm.f.result_licence", "document": "ui.adm.f.result_document", "q": "ui.adm.f.q", "a": "ui.adm.f.a",
	"item": "ui.bundle.item", "after": "ui.bundle.after", "promised_days": "ui.guide.local_days",
}

// pathRE reads field[index].sub[index2]; every part after field is optional.
var pathRE = regexp.MustCompile(`^([a-z_]+)(?:\[([^\]]+)\])?(?:\.([a-z_]+))?(?:\[(\d+)\])?$`)

// pathLabel names a path in a language; a path it cannot read is returned
// as it is.
func pathLabel(lang onetrip.Lang, path string) string {
	m := pathRE.FindStringSubmatch(path)
	if m == nil {
		return path
	}
	key, ok := fieldKeys[m[1]]
	if !ok {
		return path
	}
	s := onetrip.Render(lang, key)
	if m[2] != "" {
		s += nth(lang, m[2])
	}
	if m[3] != "" {
		sub, ok := subKeys[m[3]]
		if own, has := ownSubKeys[m[1]]; has {
			sub, ok = own[m[3]]
		}
		if !ok {
			return path
		}
		s += " · " + onetrip.Render(lang, sub)
	}
	if m[4] != "" {
		s += nth(lang, m[4])
	}
	return s
}

// nth is "第 3 项" for index 2, or the key itself ("（330802）") when the
// index is an id or a region code.
func nth(lang onetrip.Lang, index string) string {
	if i, err := strconv.Atoi(index); err == nil && len(index) < 4 {
		return onetrip.Render(lang, "ui.adm.nth", i+1)
	}
	return onetrip.Render(lang, "ui.adm.keyed", index)
}
