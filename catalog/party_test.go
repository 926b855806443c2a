package catalog

import (
	"reflect"
	"testing"
)

func TestPartyRolesOfItems(t *testing.T) {
	sale := &Item{Code: "A", Parties: []PartyRole{PartyBuyer, PartySeller}}
	tax := &Item{Code: "B", Parties: []PartyRole{PartyBuyer}}
	plain := &Item{Code: "C"}
	for _, tc := range []struct {
		name  string
		items []*Item
		want  []PartyRole
	}{
		{"one applicant", []*Item{plain}, nil},
		{"buyer and seller", []*Item{sale}, []PartyRole{PartyBuyer, PartySeller}},
		{"merged, first item first, each once", []*Item{tax, plain, sale}, []PartyRole{PartyBuyer, PartySeller}},
	} {
		if got := CaseParties(tc.items); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
	both := []PartyRole{PartyBuyer, PartySeller}
	if got := HolderRoles(MaterialSpec{}, both); !reflect.DeepEqual(got, []PartyRole{PartyBuyer}) {
		t.Errorf("a material naming no one is the first party's: %v", got)
	}
	if got := HolderRoles(MaterialSpec{Parties: []PartyRole{PartySeller}}, both); !reflect.DeepEqual(got, []PartyRole{PartySeller}) {
		t.Errorf("named: %v", got)
	}
	if got := HolderRoles(MaterialSpec{}, nil); got != nil {
		t.Errorf("no parties: %v", got)
	}
}

func TestCheckItemParties(t *testing.T) {
	for _, tc := range []struct {
		name    string
		parties []PartyRole
		mat     []PartyRole
		want    []string
	}{
		{"fine", []PartyRole{PartyBuyer, PartySeller}, []PartyRole{PartySeller}, nil},
		{"unknown role", []PartyRole{"landlord"}, nil, []string{"parties[0] catalog.check.party_unknown"}},
		{"twice", []PartyRole{PartyBuyer, PartyBuyer}, nil, []string{"parties[1] catalog.check.party_twice"}},
		{"material names another role", []PartyRole{PartyBuyer}, []PartyRole{PartySeller}, []string{"materials[0].parties[0] catalog.check.party_not_of_item"}},
		{"material names an unknown role", []PartyRole{PartyBuyer}, []PartyRole{"x"}, []string{"materials[0].parties[0] catalog.check.party_unknown"}},
	} {
		var fs findings
		fs.parties(Item{Parties: tc.parties, Materials: []MaterialSpec{{Parties: tc.mat}}})
		var got []string
		for _, f := range fs {
			got = append(got, f.Path+" "+f.Key)
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestShippedHouseSaleParties: the house sale names seller (who applies) and buyer, and
// its merged checklist asks both for their ID cards and the seller for the
// title deed.
func TestShippedHouseSaleParties(t *testing.T) {
	c := mustDemo(t)
	b, ok := c.Bundle("B-HOUSE-RESALE")
	if !ok {
		t.Fatal("no B-HOUSE-RESALE")
	}
	got := map[string][]PartyRole{}
	for _, e := range c.BundleChecklist(b) {
		got[e.Source] = e.Parties
	}
	if !reflect.DeepEqual(got["licence:L-IDCARD"], []PartyRole{PartySeller, PartyBuyer}) || !reflect.DeepEqual(got["licence:L-REALTY"], []PartyRole{PartySeller}) {
		t.Errorf("holders: %v", got)
	}
}

func TestParsePartyRoles(t *testing.T) {
	got := ParsePartyRoles("卖方、buyer\n权利人, co  房东")
	want := []PartyRole{PartySeller, PartyBuyer, PartyObligee, PartyCo, "房东"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%v, want %v", got, want)
	}
	if ParsePartyRoles("  ") != nil {
		t.Error("blank")
	}
	if s := PartyRoleNames([]PartyRole{PartySeller, PartyBuyer}, "zh-CN"); s != "卖方、买方" {
		t.Error(s)
	}
}
