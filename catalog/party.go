package catalog

import (
	"slices"
	"strings"

	"onetrip"
)

func init() {
	onetrip.Register(onetrip.Messages{
		"catalog.check.party_unknown":     {"当事人身份 %q 无效：应为 applicant、buyer、seller、obligee、obligor 或 co", "party role %q is not one of applicant, buyer, seller, obligee, obligor, co"},
		"catalog.check.party_twice":       {"当事人身份 %q 重复", "party role %q is listed twice"},
		"catalog.check.party_not_of_item": {"材料指明的当事人 %q 不在本事项的当事人中", "the material names party %q, which the item does not have"},
	})
}

// PartyRole is the part a party plays in a case (当事人身份), as a guide
// names it: a house sale has a buyer and a seller (买卖双方), each of whom
// is identified and whose licences the platform fetches.
type PartyRole string

const (
	PartyApplicant PartyRole = "applicant" // 申请人
	PartyBuyer     PartyRole = "buyer"     // 买方（承受方）
	PartySeller    PartyRole = "seller"    // 卖方（出卖人）
	PartyObligee   PartyRole = "obligee"   // 权利人
	PartyObligor   PartyRole = "obligor"   // 义务人
	PartyCo        PartyRole = "co"        // 共同申请人
)

// PartyRoles lists the PartyRole values.
var PartyRoles = []PartyRole{PartyApplicant, PartyBuyer, PartySeller, PartyObligee, PartyObligor, PartyCo}

// Valid reports whether r is a known value.
func (r PartyRole) Valid() bool { return slices.Contains(PartyRoles, r) }

// Label is the role's name in a language.
func (r PartyRole) Label(lang onetrip.Lang) string { return label("party", string(r), lang) }

func init() {
	for k, v := range map[string][2]string{
		"party:applicant": {"申请人", "applicant"},
		"party:buyer":     {"买方", "buyer"},
		"party:seller":    {"卖方", "seller"},
		"party:obligee":   {"权利人", "obligee"},
		"party:obligor":   {"义务人", "obligor"},
		"party:co":        {"共同申请人", "co-applicant"},
	} {
		labels[k] = v
	}
}

// CaseParties are the roles of a case that applies for the given items
// together, in order: each item's Parties, each role once, the first
// item's first role first. An item that names none has one party, the
// applicant; so has a case none of whose items name any (nil).
func CaseParties(items []*Item) []PartyRole {
	var out []PartyRole
	for _, it := range items {
		for _, r := range it.Parties {
			if !slices.Contains(out, r) {
				out = append(out, r)
			}
		}
	}
	return out
}

// HolderRoles are the parties whose holdings satisfy a material: those the
// spec names, or the first party (the applicant) when it names none.
func HolderRoles(spec MaterialSpec, parties []PartyRole) []PartyRole {
	if len(spec.Parties) > 0 || len(parties) == 0 {
		return spec.Parties
	}
	return parties[:1]
}

// checkParties reports the problems of an item's party roles and of the
// roles its materials name: known roles, each once, and a material may
// only name a role the item has.
func (fs *findings) parties(it Item) {
	for i, r := range it.Parties {
		switch {
		case !r.Valid():
			fs.add(idx("parties", i), "check:party_unknown", string(r))
		case slices.Index(it.Parties, r) != i:
			fs.add(idx("parties", i), "check:party_twice", string(r))
		}
	}
	for i, m := range it.Materials {
		for j, r := range m.Parties {
			switch {
			case !r.Valid():
				fs.add(idx(idx("materials", i)+".parties", j), "check:party_unknown", string(r))
			case !slices.Contains(it.Parties, r):
				fs.add(idx(idx("materials", i)+".parties", j), "check:party_not_of_item", string(r))
			}
		}
	}
}

// ParsePartyRoles reads roles as people type them: codes or names (卖方,
// buyer), separated by lines, commas, 、 or spaces. A word that is no role
// is kept as it is, for the check to report.
func ParsePartyRoles(s string) []PartyRole {
	var out []PartyRole
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(",，、;； \t\r\n", r) }) {
		out = append(out, PartyRole(fromLabel("party", w, strs(PartyRoles))))
	}
	return out
}

// PartyRoleNames are roles by name in a language, joined by its list
// separator (卖方、买方 / seller, buyer).
func PartyRoleNames(rs []PartyRole, lang onetrip.Lang) string {
	names := make([]string, len(rs))
	for i, r := range rs {
		names[i] = r.Label(lang)
	}
	if lang == onetrip.LangEN {
		return strings.Join(names, ", ")
	}
	return strings.Join(names, "、")
}
