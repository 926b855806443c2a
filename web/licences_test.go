package web

import (
	"strings"
	"testing"

	"onetrip"
	"onetrip/licence"
)

func TestMaskLicence(t *testing.T) {
	person := licence.Licence{Holder: licence.Holder{Name: "王建国", IDType: licence.IDCitizen, IDNumber: "33010219200403064X"},
		Fields: map[string]string{"姓名": "王建国", "公民身份号码": "33010219200403064X", "住址": "衢州市"}}
	m := maskLicence(person)
	if m.Holder.Name != "王**" || m.Holder.IDNumber != "330***********064X" {
		t.Fatalf("holder: %+v", m.Holder)
	}
	for k, v := range m.Fields {
		if strings.Contains(v, "王建国") || strings.Contains(v, "33010219200403064X") {
			t.Errorf("field %s not masked: %q", k, v)
		}
	}
	if person.Fields["姓名"] != "王建国" {
		t.Error("masking changed the original's fields")
	}
	org := licence.Licence{Holder: licence.Holder{Name: "衢州市建国食品有限公司", IDType: licence.IDUSCC, IDNumber: "91310110666007217T"},
		RepresentativeID: "33010219200403064X", Fields: map[string]string{"法定代表人身份证": "33010219200403064X", "名称": "衢州市建国食品有限公司"}}
	m = maskLicence(org)
	if m.Holder != org.Holder || m.Fields["名称"] != org.Holder.Name {
		t.Errorf("an organisation is public: %+v", m)
	}
	if m.RepresentativeID == org.RepresentativeID || strings.Contains(m.Fields["法定代表人身份证"], org.RepresentativeID) {
		t.Errorf("the representative's ID must be masked: %+v", m)
	}
}

func TestOrderedFields(t *testing.T) {
	got := orderedFields(map[string]string{"b": "2", "z": "26", "a": "1", "c": "3"}, []string{"c", "a", "missing", "a"})
	var keys []string
	for _, f := range got {
		keys = append(keys, f.Name)
	}
	if strings.Join(keys, ",") != "c,a,b,z" {
		t.Fatalf("order: %v", keys)
	}
}

func TestFullHolder(t *testing.T) {
	l := &licence.Licence{Holder: licence.Holder{IDNumber: "H"}, RepresentativeID: "R", Issuer: licence.Issuer{DepartmentID: "D"}}
	for _, c := range []struct {
		p    onetrip.Principal
		want bool
	}{
		{onetrip.Principal{Role: onetrip.RoleApplicant, IDNumber: "H"}, true},
		{onetrip.Principal{Role: onetrip.RoleApplicant, IDNumber: "R"}, true},
		{onetrip.Principal{Role: onetrip.RoleApplicant, IDNumber: "X"}, false},
		{onetrip.Principal{Role: onetrip.RoleApplicant}, false},
		{onetrip.Principal{Role: onetrip.RoleReviewer, Department: "D"}, true},
		{onetrip.Principal{Role: onetrip.RoleReviewer, Department: "E"}, false},
		{onetrip.Principal{Role: onetrip.RoleClerk, Region: "330802"}, false},
		{onetrip.Principal{Role: onetrip.RoleAdmin, Region: "330000"}, false},
	} {
		if got := fullHolder(&c.p, l); got != c.want {
			t.Errorf("%+v: %v", c.p, got)
		}
	}
}
