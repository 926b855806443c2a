package catalog

import (
	"reflect"
	"strings"
	"testing"
)

func ids(it Item) []string {
	var out []string
	for _, m := range it.Materials {
		out = append(out, m.ID)
	}
	return out
}

func TestNormalizeItemIDs(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   []string
		want []string
	}{
		{"all missing", []string{"", "", ""}, []string{"X.M01", "X.M02", "X.M03"}},
		{"kept", []string{"X.M02", "", "custom"}, []string{"X.M02", "X.M03", "custom"}},
		{"default taken later", []string{"", "X.M01"}, []string{"X.M02", "X.M01"}},
		{"never reuse", []string{"X.M02", "", "", "X.M04"}, []string{"X.M02", "X.M03", "X.M05", "X.M04"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			it := Item{Code: "X"}
			for _, id := range tc.in {
				it.Materials = append(it.Materials, MaterialSpec{ID: id})
			}
			NormalizeItem(&it)
			if got := ids(it); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestExportKeepsMovedIDs(t *testing.T) {
	c := mustDemo(t)
	ms := c.Items[0].Materials
	ms[0], ms[2] = ms[2], ms[0] // a reorder in the editor
	out, err := Export(c)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), `"id": "330-FZGG-001.M03"`) || !strings.Contains(string(out), `"id": "330-FZGG-001.M01"`) ||
		strings.Contains(string(out), `"id": "330-FZGG-001.M02"`) {
		t.Fatal("moved ids must be written, the unmoved one left out")
	}
	back, err := Parse(out)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, c) {
		t.Fatal("round trip lost the reorder")
	}
	if got := ids(back.Items[0]); !reflect.DeepEqual(got, []string{"330-FZGG-001.M03", "330-FZGG-001.M02", "330-FZGG-001.M01"}) {
		t.Fatal(got)
	}
}

func TestDemoFresh(t *testing.T) {
	a, _ := Demo()
	b, _ := Demo()
	a.Items[0].Name = "changed"
	if b.Items[0].Name == "changed" {
		t.Fatal("Demo must return a fresh catalogue")
	}
	c := Clone(b)
	c.Items[0].Materials[0].Name = "changed"
	c.Bundles[0].Steps[1].After[0] = "x"
	if b.Items[0].Materials[0].Name == "changed" || b.Bundles[0].Steps[1].After[0] == "x" {
		t.Fatal("Clone must be deep")
	}
}

func TestAmount(t *testing.T) {
	for _, tc := range []struct {
		in   string
		fen  int64
		out  string
		fail bool
	}{
		{"0", 0, "0", false},
		{"80", 8000, "80", false},
		{"12.5", 1250, "12.5", false},
		{"12.50", 1250, "12.5", false},
		{"0.05", 5, "0.05", false},
		{"-3.05", -305, "-3.05", false},
		{"1.005", 0, "", true},
		{"8e1", 0, "", true},
		{"01", 0, "", true},
		{"1.", 0, "", true},
		{".5", 0, "", true},
		{"", 0, "", true},
		{"1234567890123456", 0, "", true},
	} {
		a, err := ParseAmount(tc.in)
		if (err != nil) != tc.fail {
			t.Errorf("ParseAmount(%q) error %v", tc.in, err)
			continue
		}
		if !tc.fail && (a.Fen() != tc.fen || a.String() != tc.out) {
			t.Errorf("ParseAmount(%q) = %d fen %q", tc.in, a.Fen(), a.String())
		}
	}
}

func TestParseSource(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Source
		fail bool
	}{
		{"applicant", Source{Kind: SourceApplicant}, false},
		{"prior-step", Source{Kind: SourcePriorStep}, false},
		{"licence:L-BIZ", Source{Kind: SourceLicence, Ref: "L-BIZ"}, false},
		{"licence:L-REALTY-PROOF", Source{Kind: SourceLicence, Ref: "L-REALTY-PROOF"}, false},
		{"shared:D-POP-BASIC", Source{Kind: SourceShared, Ref: "D-POP-BASIC"}, false},
		{"licence:D-POP-BASIC", Source{}, true},
		{"shared:", Source{}, true},
		{"licence:l-biz", Source{}, true},
		{"Applicant", Source{}, true},
		{"", Source{}, true},
	} {
		got, err := ParseSource(tc.in)
		if (err != nil) != tc.fail || got != tc.want {
			t.Errorf("ParseSource(%q) = %+v, %v", tc.in, got, err)
		}
		if !tc.fail && got.String() != tc.in {
			t.Errorf("String() = %q, want %q", got.String(), tc.in)
		}
	}
}
