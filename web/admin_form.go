package web

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"onetrip"
	"onetrip/catalog"
)

// The item editor is a plain HTML form: every button is a submit with a
// name and value (action=up:2), the server applies it to the posted form and
// renders the result. itemForm holds the posted text as typed, so a value
// that does not parse is shown back to the admin unchanged.

// materialRow is one material as edited.
type materialRow struct {
	ID, Name, Form, Copies, Source, Note string
	Parties                              string // the roles that hold it, by name (卖方、买方)
	Required, Deferrable                 bool
}

// faqRow is one question and answer as edited.
type faqRow struct{ Q, A string }

// itemForm is an item as the editor posts it.
type itemForm struct {
	Code, Name, Kind, DepartmentKind, Level, Window string
	LegalBasis, Conditions, Keywords                string // one entry per line
	Parties                                         string // the case's party roles by name, the applicant's first
	Materials                                       []materialRow
	StatutoryDays, PromisedDays                     string
	FeeYuan, FeeBasis                               string
	FeeDue, FeePayer                                string
	Online, MaxVisits                               string
	Delivery                                        []string
	ResultKind                                      string // licence or document
	ResultLicence, ResultDocument                   string
	ResultFields                                    string // a document's fields, one per line
	FAQ                                             []faqRow
	// JointName and JointParticipants make the item a joint step
	// (catalog.Joint): its name and the participating department kinds,
	// one per line; both blank: not joint.
	JointName, JointParticipants string
}

// maxRows bounds the repeated rows a posted form may claim.
const maxRows = 200

func formFromItem(it catalog.Item) itemForm {
	f := itemForm{Code: it.Code, Name: it.Name, Kind: it.Kind, DepartmentKind: it.DepartmentKind, Level: string(it.Level),
		Window: it.Window, LegalBasis: strings.Join(it.LegalBasis, "\n"), Conditions: strings.Join(it.Conditions, "\n"),
		Keywords: strings.Join(it.Keywords, "\n"), StatutoryDays: strconv.Itoa(it.StatutoryDays),
		PromisedDays: strconv.Itoa(it.PromisedDays), FeeYuan: it.Fee.Yuan.String(), FeeBasis: it.Fee.Basis,
		FeeDue: string(it.Fee.Due), FeePayer: string(it.Fee.Payer),
		Online: string(it.Online), MaxVisits: strconv.Itoa(it.MaxVisits), ResultLicence: it.Result.Licence,
		ResultDocument: it.Result.Document, ResultFields: strings.Join(it.Result.Fields, "\n"), ResultKind: "licence",
		Parties: catalog.PartyRoleNames(it.Parties, onetrip.LangZH)}
	if it.Result.Licence == "" && it.Result.Document != "" {
		f.ResultKind = "document"
	}
	if it.Joint != nil {
		f.JointName, f.JointParticipants = it.Joint.Name, strings.Join(it.Joint.Participants, "\n")
	}
	for _, m := range it.Materials {
		f.Materials = append(f.Materials, materialRow{ID: m.ID, Name: m.Name, Form: string(m.Form), Copies: strconv.Itoa(m.Copies),
			Source: m.Source, Note: m.Note, Required: m.Required, Deferrable: m.Deferrable, Parties: catalog.PartyRoleNames(m.Parties, onetrip.LangZH)})
	}
	for _, d := range it.Delivery {
		f.Delivery = append(f.Delivery, string(d))
	}
	for _, q := range it.FAQ {
		f.FAQ = append(f.FAQ, faqRow{q.Q, q.A})
	}
	return f
}

// newItemForm is the blank form of a new item.
func newItemForm(code string) itemForm {
	return itemForm{Code: code, Kind: catalog.ItemKinds[0], Level: string(catalog.LevelCounty), Window: catalog.Windows[0],
		StatutoryDays: "20", PromisedDays: "5", FeeYuan: "0", Online: string(catalog.OnlineFull), MaxVisits: "0",
		Delivery: []string{string(catalog.DeliveryElectronic)}, ResultKind: "document"}
}

// rowCount reads a posted row count, bounded.
func rowCount(v url.Values, key string) int {
	n, err := strconv.Atoi(v.Get(key))
	if err != nil || n < 0 {
		return 0
	}
	return min(n, maxRows)
}

// parseItemForm reads the editor's posted fields; code comes from the URL.
func parseItemForm(v url.Values, code string) itemForm {
	f := itemForm{Code: code, Name: v.Get("name"), Kind: v.Get("kind"), DepartmentKind: v.Get("department_kind"),
		Level: v.Get("level"), Window: v.Get("window"), LegalBasis: v.Get("legal_basis"), Conditions: v.Get("conditions"),
		Keywords: v.Get("keywords"), StatutoryDays: v.Get("statutory_days"), PromisedDays: v.Get("promised_days"),
		FeeYuan: v.Get("fee_yuan"), FeeBasis: v.Get("fee_basis"), FeeDue: v.Get("fee_due"), FeePayer: v.Get("fee_payer"), Online: v.Get("online"), MaxVisits: v.Get("max_visits"),
		Delivery: v["delivery"], ResultKind: v.Get("result_kind"), ResultLicence: v.Get("result_licence"),
		ResultDocument: v.Get("result_document"), ResultFields: v.Get("result_fields"), Parties: v.Get("parties"),
		JointName: v.Get("joint_name"), JointParticipants: v.Get("joint_participants")}
	for i := range rowCount(v, "m_count") {
		p := fmt.Sprintf("m.%d.", i)
		f.Materials = append(f.Materials, materialRow{ID: v.Get(p + "id"), Name: v.Get(p + "name"), Form: v.Get(p + "form"),
			Copies: v.Get(p + "copies"), Source: v.Get(p + "source"), Note: v.Get(p + "note"), Parties: v.Get(p + "parties"),
			Required: v.Get(p+"required") != "", Deferrable: v.Get(p+"deferrable") != ""})
	}
	for i := range rowCount(v, "faq_count") {
		q, a := v.Get(fmt.Sprintf("faq.%d.q", i)), v.Get(fmt.Sprintf("faq.%d.a", i))
		if strings.TrimSpace(q) == "" && strings.TrimSpace(a) == "" {
			continue // the blank row offered for a new question
		}
		f.FAQ = append(f.FAQ, faqRow{q, a})
	}
	return f
}

// splitLines is a textarea's entries: one per line, trimmed, blanks dropped.
func splitLines(s string) []string {
	out := []string{}
	for _, l := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// item converts the form. Numbers that do not parse are problems at the
// field's JSON path; everything else is left to catalog.CheckItem.
func (f itemForm) item() (catalog.Item, onetrip.Problems) {
	var p onetrip.Problems
	num := func(path, s string) int {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			p.Add(path, "ui.adm.not_int", s)
		}
		return n
	}
	it := catalog.Item{Code: f.Code, Name: strings.TrimSpace(f.Name), Kind: f.Kind, DepartmentKind: f.DepartmentKind,
		Level: catalog.Level(f.Level), Window: f.Window, LegalBasis: splitLines(f.LegalBasis), Conditions: splitLines(f.Conditions),
		Keywords: splitLines(f.Keywords), StatutoryDays: num("statutory_days", f.StatutoryDays),
		PromisedDays: num("promised_days", f.PromisedDays), Fee: catalog.Fee{Basis: strings.TrimSpace(f.FeeBasis),
			Due: catalog.FeeDue(f.FeeDue), Payer: catalog.PartyRole(f.FeePayer)},
		Online: catalog.Online(f.Online), MaxVisits: num("max_visits", f.MaxVisits), Parties: catalog.ParsePartyRoles(f.Parties)}
	if y := strings.TrimSpace(f.FeeYuan); y != "" {
		a, err := catalog.ParseAmount(y)
		if err != nil {
			p.Add("fee.yuan", "ui.adm.bad_amount", y)
		}
		it.Fee.Yuan = a
	}
	for i, m := range f.Materials {
		it.Materials = append(it.Materials, catalog.MaterialSpec{ID: m.ID, Name: strings.TrimSpace(m.Name), Required: m.Required,
			Deferrable: m.Deferrable, Form: catalog.Form(m.Form), Copies: num(fmt.Sprintf("materials[%d].copies", i), m.Copies),
			Source: m.Source, Note: strings.TrimSpace(m.Note), Parties: catalog.ParsePartyRoles(m.Parties)})
	}
	for _, d := range f.Delivery {
		it.Delivery = append(it.Delivery, catalog.Delivery(d))
	}
	if strings.TrimSpace(f.JointName) != "" || strings.TrimSpace(f.JointParticipants) != "" {
		it.Joint = &catalog.Joint{Name: strings.TrimSpace(f.JointName), Participants: splitLines(f.JointParticipants)}
	}
	switch f.ResultKind {
	case "licence":
		it.Result.Licence = f.ResultLicence
	case "document":
		it.Result.Document = strings.TrimSpace(f.ResultDocument)
		if fs := splitLines(f.ResultFields); len(fs) > 0 {
			it.Result.Fields = fs
		}
	default:
		p.Add("result", "ui.adm.result_kind")
	}
	for _, q := range f.FAQ {
		it.FAQ = append(it.FAQ, catalog.FAQ{Q: strings.TrimSpace(q.Q), A: strings.TrimSpace(q.A)})
	}
	catalog.NormalizeItem(&it)
	return it, p
}

var materialIDRE = regexp.MustCompile(`^(.+)\.M(\d+)$`)

// nextMaterialID is the next free "<code>.Mnn" after every id in taken, so
// a new material never takes an id an earlier version gave another one.
func nextMaterialID(code string, taken []string) string {
	n := 0
	for _, id := range taken {
		if m := materialIDRE.FindStringSubmatch(id); m != nil && m[1] == code {
			if k, err := strconv.Atoi(m[2]); err == nil && k > n {
				n = k
			}
		}
	}
	return catalog.DefaultMaterialID(code, n)
}

// apply carries out an editor button on the form: add a material, move one
// up or down, delete one, add a blank FAQ row. "save" changes nothing. An
// unknown action or a row out of range is an error; material ids move with
// their rows. known are ids taken in other versions.
func (f *itemForm) apply(action string, known []string) error {
	verb, arg, _ := strings.Cut(action, ":")
	row := func(n int) (int, error) {
		i, err := strconv.Atoi(arg)
		if err != nil || i < 0 || i >= n {
			return 0, onetrip.Invalid("ui.adm.bad_action", action)
		}
		return i, nil
	}
	ms := f.Materials
	switch verb {
	case "save":
	case "add":
		taken := append([]string(nil), known...)
		for _, m := range ms {
			taken = append(taken, m.ID)
		}
		f.Materials = append(ms, materialRow{ID: nextMaterialID(f.Code, taken), Required: true,
			Form: string(catalog.FormElectronic), Copies: "1", Source: string(catalog.SourceApplicant)})
	case "up", "down", "del":
		i, err := row(len(ms))
		if err != nil {
			return err
		}
		switch {
		case verb == "del":
			f.Materials = append(ms[:i:i], ms[i+1:]...)
		case verb == "up" && i > 0:
			ms[i-1], ms[i] = ms[i], ms[i-1]
		case verb == "down" && i < len(ms)-1:
			ms[i], ms[i+1] = ms[i+1], ms[i]
		}
	case "faq_del":
		i, err := row(len(f.FAQ))
		if err != nil {
			return err
		}
		f.FAQ = append(f.FAQ[:i:i], f.FAQ[i+1:]...)
	default:
		return onetrip.Invalid("ui.adm.bad_action", action)
	}
	return nil
}

// bundleForm is a bundle as its editor posts it.
type bundleForm struct {
	Code, Name, LeadKind, PromisedDays, Keywords string
	Steps                                        []stepRow
}

// stepRow is one step: its item and the items it waits for, "code1,code2".
type stepRow struct{ Item, After string }

func formFromBundle(b catalog.Bundle) bundleForm {
	f := bundleForm{Code: b.Code, Name: b.Name, LeadKind: b.LeadKind, PromisedDays: strconv.Itoa(b.PromisedDays),
		Keywords: strings.Join(b.Keywords, "\n")}
	for _, s := range b.Steps {
		f.Steps = append(f.Steps, stepRow{s.Item, strings.Join(s.After, ",")})
	}
	return f
}

func parseBundleForm(v url.Values, code string) bundleForm {
	f := bundleForm{Code: code, Name: v.Get("name"), LeadKind: v.Get("lead_kind"), PromisedDays: v.Get("promised_days"),
		Keywords: v.Get("keywords")}
	for i := range rowCount(v, "s_count") {
		s := stepRow{strings.TrimSpace(v.Get(fmt.Sprintf("s.%d.item", i))), strings.TrimSpace(v.Get(fmt.Sprintf("s.%d.after", i)))}
		if s.Item == "" && s.After == "" {
			continue // the blank row offered for a new step
		}
		f.Steps = append(f.Steps, s)
	}
	return f
}

// splitCodes reads "a, b，c" (ASCII or full-width commas, spaces) as codes.
func splitCodes(s string) []string {
	out := []string{}
	for _, c := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '，' || r == '、' || r == ' ' || r == '\t' }) {
		out = append(out, c)
	}
	return out
}

func (f bundleForm) bundle() (catalog.Bundle, onetrip.Problems) {
	var p onetrip.Problems
	n, err := strconv.Atoi(strings.TrimSpace(f.PromisedDays))
	if err != nil {
		p.Add("promised_days", "ui.adm.not_int", f.PromisedDays)
	}
	b := catalog.Bundle{Code: f.Code, Name: strings.TrimSpace(f.Name), LeadKind: f.LeadKind, PromisedDays: n, Keywords: splitLines(f.Keywords)}
	for _, s := range f.Steps {
		b.Steps = append(b.Steps, catalog.Step{Item: s.Item, After: splitCodes(s.After)})
	}
	catalog.NormalizeBundle(&b)
	return b, p
}

// apply carries out a bundle editor button: add a blank step or delete one.
func (f *bundleForm) apply(action string) error {
	verb, arg, _ := strings.Cut(action, ":")
	switch verb {
	case "save":
	case "add":
		f.Steps = append(f.Steps, stepRow{})
	case "del":
		i, err := strconv.Atoi(arg)
		if err != nil || i < 0 || i >= len(f.Steps) {
			return onetrip.Invalid("ui.adm.bad_action", action)
		}
		f.Steps = append(f.Steps[:i:i], f.Steps[i+1:]...)
	default:
		return onetrip.Invalid("ui.adm.bad_action", action)
	}
	return nil
}
