package catalog

import (
	"slices"
	"strings"
	"testing"

	"onetrip"
)

func details(err error) []string {
	var out []string
	for _, d := range onetrip.AsError(err).Details {
		out = append(out, d.Path+" "+d.Key)
	}
	return out
}

func TestParseStrict(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		want []string
	}{
		{"unknown field in a material",
			`{"code":"330-SCJG-001","name":"x","kind":"行政许可","department_kind":"market","level":"county","window":"商事登记","legal_basis":[],"conditions":[],"materials":[{"name":"a","required":true,"deferrable":false,"form":"copy","copies":1,"source":"applicant","colour":"red"}],"statutory_days":1,"promised_days":1,"fee":{"yuan":0,"basis":""},"online":"full","max_visits":0,"delivery":[],"result":{},"keywords":[],"faq":[]}`,
			[]string{"materials[0].colour catalog.json.unknown"}},
		{"case must match",
			`{"Code":"x"}`,
			[]string{"Code catalog.json.unknown"}},
		{"several problems at once",
			`{"code":1,"name":"x","name":"y","statutory_days":1.5,"fee":{"yuan":"80","basis":""},"max_visits":null,"materials":{}}`,
			[]string{"name catalog.json.duplicate", "code catalog.json.type", "statutory_days catalog.json.integer",
				"fee.yuan catalog.json.type", "max_visits catalog.json.type", "materials catalog.json.type"}},
		{"amount with three decimals", `{"fee":{"yuan":1.005,"basis":""}}`, []string{"fee.yuan catalog.json.amount"}},
		{"syntax", "{\n  \"code\": ,\n}", []string{" catalog.json.syntax"}},
		{"truncated", `{"code": "x"`, []string{" catalog.json.syntax"}},
		{"trailing", `{} {}`, []string{" catalog.json.trailing"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseItem([]byte(tc.in))
			if err == nil {
				t.Fatal("no error")
			}
			var got []string
			for _, d := range details(err) {
				if !strings.HasSuffix(d, "catalog.json.missing") {
					got = append(got, d)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
	_, err := ParseItem([]byte("{\n  \"code\": ,\n}"))
	if d := onetrip.AsError(err).Details[0]; d.Args[0] != 2 || d.Args[1] != 11 {
		t.Errorf("syntax position %v", d.Args)
	}
	_, err = ParseItem([]byte(`{}`))
	if n := len(details(err)); n != 18 {
		t.Errorf("an empty object should miss 18 keys, got %d: %v", n, details(err))
	}
}

func TestParseCatalogUnknownFieldPath(t *testing.T) {
	data := strings.Replace(string(DemoJSON), `"copies": 1,`, `"copies": 1, "colour": "red",`, 1)
	_, err := Parse([]byte(data))
	if got := details(err); !slices.Equal(got, []string{"items[0].materials[0].colour catalog.json.unknown"}) {
		t.Fatalf("got %q", got)
	}
	if !onetrip.HasCode(err, onetrip.CodeInvalid) {
		t.Fatal("not invalid")
	}
}

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*Catalog)
		want []string // path rule
	}{
		{"item code format", func(c *Catalog) { c.Items[0].Code = "330-fzgg-1" }, []string{"items[0].code code_format", "bundles[5].steps[0].item unknown_step_item"}},
		{"duplicate item code", func(c *Catalog) { c.Items[1].Code = c.Items[0].Code }, []string{"items[1].code duplicate_code", "bundles[5].steps[2].item unknown_step_item"}},
		{"unknown department kind", func(c *Catalog) { c.Items[0].DepartmentKind = "nope" }, []string{"items[0].department_kind unknown_department_kind"}},
		{"joint step with its lead, a repeat and an unknown kind", func(c *Catalog) {
			c.Items[0].Joint = &Joint{Participants: []string{c.Items[0].DepartmentKind, "fire-rescue", "fire-rescue", "nope"}}
		}, []string{"items[0].joint.name joint_name", "items[0].joint.participants[0] joint_lead", "items[0].joint.participants[2] joint_duplicate", "items[0].joint.participants[3] unknown_department_kind"}},
		{"joint step without participants", func(c *Catalog) { c.Items[0].Joint = &Joint{Name: "联审"} }, []string{"items[0].joint.participants joint_participants"}},
		{"unknown enums", func(c *Catalog) {
			c.Items[0].Window = "窗口"
			c.Items[0].Online = "web"
			c.Items[0].Materials[0].Form = "paper"
			c.Items[0].Delivery = []Delivery{"drone"}
			c.Items[0].Level = "town"
			c.Items[0].Kind = "行政处罚"
		}, []string{"items[0].kind enum", "items[0].level enum", "items[0].window enum", "items[0].materials[0].form enum",
			"items[0].online enum", "items[0].max_visits zero_visit_not_online", "items[0].delivery[0] enum",
			"items[0].materials[0].form zero_visit_paper"}},
		{"negatives", func(c *Catalog) {
			c.Items[0].StatutoryDays = -1
			c.Items[0].PromisedDays = -2
			c.Items[0].Materials[0].Copies = -1
			c.Items[0].Fee.Yuan = -100
		}, []string{"items[0].materials[0].copies negative", "items[0].statutory_days negative", "items[0].promised_days negative", "items[0].fee.yuan fee_negative"}},
		{"max visits 2", func(c *Catalog) { c.Items[0].MaxVisits = 2 }, []string{"items[0].max_visits max_visits"}},
		{"zero visits without full online", func(c *Catalog) { c.Items[0].Online = OnlineSubmit }, []string{"items[0].max_visits zero_visit_not_online"}},
		{"bad source", func(c *Catalog) { c.Items[0].Materials[0].Source = "licence:biz" }, []string{"items[0].materials[0].source source"}},
		{"fetched on paper", func(c *Catalog) { c.Items[0].Materials[1].Copies = 2 }, []string{"items[0].materials[1] fetched_paper"}},
		{"unknown licence and data", func(c *Catalog) {
			c.Items[0].Materials[1].Source = "licence:L-NOPE"
			c.Items[9].Materials[2].Source = "shared:D-NOPE"
		}, []string{"items[0].materials[1].source unknown_licence", "items[9].materials[2].source unknown_data"}},
		{"duplicate material id", func(c *Catalog) { c.Items[0].Materials[1].ID = c.Items[0].Materials[0].ID }, []string{"items[0].materials[1].id duplicate_id"}},
		{"result both", func(c *Catalog) { c.Items[0].Result.Licence = "L-BIZ" }, []string{"items[0].result result"}},
		{"delivery twice", func(c *Catalog) { c.Items[0].Delivery = []Delivery{"electronic", "electronic"} }, []string{"items[0].delivery[1] duplicate_value"}},
		{"multiline condition", func(c *Catalog) { c.Items[0].Conditions[0] += "\n第二行" }, []string{"items[0].conditions[0] multiline"}},
		{"licence type refs", func(c *Catalog) {
			c.LicenceTypes = append(c.LicenceTypes, c.LicenceTypes[0])
			c.LicenceTypes[0].IssuerKind = "police"
			c.LicenceTypes[0].Holder = "people"
		}, []string{"licence_types[0].issuer_kind unknown_department_kind", "licence_types[0].holder enum", "licence_types[25].code duplicate_code"}},
		{"licence field twice", func(c *Catalog) {
			c.LicenceTypes[3].Fields = append(c.LicenceTypes[3].Fields, c.LicenceTypes[3].Fields[1])
		},
			[]string{"licence_types[3].fields[15] duplicate_value"}},
		{"shared data", func(c *Catalog) { c.SharedData[4].Level = "secret"; c.SharedData[4].Code = "CRIMINAL" }, []string{"shared_data[4].code code_format", "shared_data[4].level enum"}},
		{"bundle unknown item", func(c *Catalog) { c.Bundles[1].Steps[0].Item = "330-NOPE-001" }, []string{"bundles[1].steps[2].after[0] after_not_step", "bundles[1].steps[0].item unknown_step_item"}},
		{"bundle duplicate step", func(c *Catalog) { c.Bundles[1].Steps[1].Item = "330-ZJJS-004" }, []string{"bundles[1].steps[1].item duplicate_step", "bundles[1].steps[2].after[1] after_not_step"}},
		{"bundle after non-step", func(c *Catalog) { c.Bundles[1].Steps[0].After = []string{"330-SCJG-001"} }, []string{"bundles[1].steps[0].after[0] after_not_step"}},
		{"bundle cycle", func(c *Catalog) { c.Bundles[1].Steps[0].After = []string{"330-ZRZY-002"} }, []string{"bundles[1].steps cycle"}},
		{"bundle self cycle", func(c *Catalog) { c.Bundles[1].Steps[0].After = []string{"330-ZJJS-004"} }, []string{"bundles[1].steps cycle"}},
		{"bundle code and duplicate", func(c *Catalog) { c.Bundles[1].Code = c.Bundles[0].Code }, []string{"bundles[1].code duplicate_code"}},
		{"lint included", func(c *Catalog) { c.Items[0].Materials[0].Name = "其他材料" }, []string{"items[0].materials[0].name vague"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := mustDemo(t)
			tc.edit(c)
			fs := Check(c)
			if got := rules(fs); !slices.Equal(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
			err := Validate(c)
			if len(fs) != len(onetrip.AsError(err).Details) || !onetrip.HasCode(err, onetrip.CodeInvalid) {
				t.Errorf("Validate does not carry every finding: %v", err)
			}
		})
	}
}

func TestValidateItemAndBundle(t *testing.T) {
	refs := mustDemo(t).Refs()
	if err := ValidateItem(cleanItem(), refs); err != nil {
		t.Fatal(err)
	}
	it := cleanItem()
	it.PromisedDays = 30
	it.Code = "x"
	if got := details(ValidateItem(it, refs)); !slices.Equal(got, []string{"code catalog.check.code_format", "promised_days catalog.lint.promised_over_statutory"}) {
		t.Fatalf("got %q", got)
	}
	b, err := ParseBundle([]byte(`{"code":"B-X","name":"x","lead_kind":"market","promised_days":0,"steps":[{"item":"330-SCJG-001","after":[]}],"keywords":[]}`))
	if err != nil {
		t.Fatal(err)
	}
	if err := ValidateBundle(b, refs); err == nil || !strings.Contains(err.Error(), "promised_below_chain") && !strings.Contains(err.Error(), "longest chain") {
		t.Fatalf("want chain finding, got %v", err)
	}
}
