package intake

import (
	"reflect"
	"testing"
	"time"

	"onetrip"
	"onetrip/catalog"
	"onetrip/idcode"
)

func TestCheckCaseParties(t *testing.T) {
	sale := []catalog.PartyRole{catalog.PartyBuyer, catalog.PartySeller}
	buyer := Applicant{Type: ApplicantPerson, Name: "张三", IDNumber: citizen}
	sellerID := idcode.MakeCitizenID("330802", time.Date(1975, 3, 9, 0, 0, 0, 0, time.UTC), 211)
	seller := func(id string) Party {
		return Party{Role: catalog.PartySeller, Applicant: Applicant{Type: ApplicantPerson, Name: "赵卫东", IDNumber: id}}
	}
	tests := []struct {
		name   string
		roles  []catalog.PartyRole
		others []Party
		want   []string
	}{
		{"one party, none more", nil, nil, nil},
		{"one party, another given", nil, []Party{seller(sellerID)}, []string{"parties intake.party.none_named"}},
		{"buyer applies, seller named", sale, []Party{seller(sellerID)}, nil},
		{"the seller missing", sale, nil, []string{"parties intake.party.missing"}},
		{"the seller twice", sale, []Party{seller(sellerID), seller(agentID)}, []string{"parties[1].role intake.party.twice"}},
		{"the buyer again", sale, []Party{{Role: catalog.PartyBuyer, Applicant: buyer}, seller(sellerID)}, []string{"parties[0].role intake.party.is_applicant", "parties[0].id_number intake.party.same_id"}},
		{"a role the guide lacks", sale, []Party{seller(sellerID), {Role: catalog.PartyObligee, Applicant: Applicant{Type: ApplicantPerson, Name: "王", IDNumber: agentID}}}, []string{"parties[1].role intake.party.role"}},
		{"the buyer sells to himself", sale, []Party{seller(citizen)}, []string{"parties[0].id_number intake.party.same_id"}},
		{"the seller's ID wrong", sale, []Party{seller("3308021975")}, []string{"parties[0].id_number idcode.citizen.length"}},
		{"the seller unnamed", sale, []Party{{Role: catalog.PartySeller, Applicant: Applicant{Type: ApplicantPerson, IDNumber: sellerID}}}, []string{"parties[0].name intake.name.required"}},
	}
	for _, tc := range tests {
		err := CheckCaseParties(tc.roles, buyer, tc.others)
		if got := problemKeys(err); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
	others := []Party{{Role: catalog.PartySeller, Applicant: Applicant{Type: " person ", Name: " 赵卫东 ", IDNumber: " " + sellerID + " "}}}
	if err := CheckCaseParties(sale, buyer, others); err != nil || others[0].Name != "赵卫东" || others[0].IDNumber != sellerID {
		t.Errorf("not normalised: %+v %v", others, err)
	}
	if a, ok := PartyOf(sale, buyer, others, catalog.PartySeller); !ok || a.IDNumber != sellerID {
		t.Errorf("PartyOf seller: %+v", a)
	}
	if a, ok := PartyOf(sale, buyer, others, catalog.PartyBuyer); !ok || a != buyer {
		t.Errorf("PartyOf buyer: %+v", a)
	}
	if _, ok := PartyOf(sale, buyer, nil, catalog.PartySeller); ok {
		t.Error("PartyOf a missing role")
	}
	// The message names the role in the page's language.
	if got := onetrip.Render(onetrip.LangZH, "intake.party.missing", catalog.PartySeller); got != "缺少当事人：卖方" {
		t.Errorf("zh: %q", got)
	}
	if got := onetrip.Render(onetrip.LangEN, "intake.party.missing", catalog.PartySeller); got != "a party is missing: seller" {
		t.Errorf("en: %q", got)
	}
}

func TestPartyHoldings(t *testing.T) {
	sale := []catalog.PartyRole{catalog.PartyBuyer, catalog.PartySeller}
	h := PartyHoldings{Roles: sale,
		Of: map[string][]catalog.PartyRole{"licence:L-IDCARD": sale, "licence:L-REALTY": {catalog.PartySeller}},
		ByRole: map[catalog.PartyRole]Holdings{
			catalog.PartyBuyer:  HeldRecords{"licence:L-IDCARD": {"id-b"}, "licence:L-MARRIAGE": {"m-b"}},
			catalog.PartySeller: HeldRecords{"licence:L-IDCARD": {"id-s"}, "licence:L-REALTY": {"deed-s"}},
		}}
	for _, tc := range []struct {
		source, ref string
		ok          bool
	}{
		{"licence:L-IDCARD", "id-b+id-s", true}, // both hold theirs
		{"licence:L-REALTY", "deed-s", true},    // the seller's deed
		{"licence:L-MARRIAGE", "m-b", true},     // nobody named: the applicant's
		{"licence:L-BIZ", "", false},            // nobody holds it
	} {
		ref, ok := h.Holds(tc.source)
		if ref != tc.ref || ok != tc.ok {
			t.Errorf("Holds(%s) = %q %v, want %q %v", tc.source, ref, ok, tc.ref, tc.ok)
		}
		if tc.ok && !h.HoldsRef(tc.source, tc.ref) {
			t.Errorf("HoldsRef(%s, %s)", tc.source, tc.ref)
		}
	}
	for _, bad := range []string{"id-b", "id-s+id-b", "id-b+id-s+x", ""} {
		if h.HoldsRef("licence:L-IDCARD", bad) {
			t.Errorf("HoldsRef accepts %q", bad)
		}
	}
	// One party missing (the seller not yet named): a joint material is not held.
	h.ByRole = map[catalog.PartyRole]Holdings{catalog.PartyBuyer: h.ByRole[catalog.PartyBuyer]}
	if _, ok := h.Holds("licence:L-IDCARD"); ok {
		t.Error("held without the seller")
	}
}
