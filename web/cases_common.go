package web

import (
	"context"
	"encoding/hex"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/emmansun/gmsm/sm3"

	"onetrip"
	"onetrip/casework"
	"onetrip/catalog"
	"onetrip/intake"
	"onetrip/sqlstore"
	"onetrip/workday"
)

// Shared plumbing of the case pages: the merged checklist of an item or
// bundle as the forms show it, material marks read from a form, masking,
// and the idempotency of form posts.

func init() {
	catalogFuncs["tm"] = timeOf
	catalogFuncs["tmp"] = func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return timeOf(*t)
	}
	catalogFuncs["clockKey"] = func(s string) string { return workday.Status(s).Key() }
	catalogFuncs["kb"] = func(n int64) string { return strconv.FormatInt((n+1023)/1024, 10) }
	catalogFuncs["marksTable"] = func(p *Page, rows []markRow, review bool) marksTableData {
		return marksTableData{Page: p, Rows: rows, Review: review}
	}
	catalogFuncs["noticeTable"] = func(p *Page, rows []noticeRow, id string, breaches bool) noticeTableData {
		return noticeTableData{Page: p, Rows: rows, ID: id, Breaches: breaches}
	}
	catalogFuncs["refusalFields"] = func(p *Page, reason, basis string) refusalData {
		return refusalData{Page: p, Reason: reason, Basis: basis}
	}
	catalogFuncs["problems"] = func(p *Page, f *findings) problemsData { return problemsData{Page: p, F: f} }
	catalogFuncs["deref"] = func(b *bool) bool { return b != nil && *b }
	catalogFuncs["short"] = shortID
	catalogFuncs["partyForm"] = func(p *Page, others []partyField) partyFormData {
		var f *findings
		if d, ok := p.Data.(interface{ Findings() *findings }); ok {
			f = d.Findings()
		}
		return partyFormData{Page: p, Others: others, F: f}
	}
	catalogFuncs["partyPath"] = partyPath
	catalogFuncs["partyRows"] = func(p *Page, ps []intake.Party) partyRowsData { return partyRowsData{Page: p, Parties: ps} }
	catalogFuncs["fileList"] = func(p *Page, ids []string) fileListData { return fileListData{Page: p, IDs: ids} }
}

// shortID is the start of a long id (a digest), enough to tell files apart.
func shortID(s string) string {
	if len(s) > 12 {
		return s[:12] + "…"
	}
	return s
}

// partyRowsData is the argument of the party_rows partial.
type partyRowsData struct {
	Page    *Page
	Parties []intake.Party
}

// partyFormData is the argument of the party_fields partial.
type partyFormData struct {
	Page   *Page
	Others []partyField
	F      *findings
}

// fileListData is the argument of the files partial.
type fileListData struct {
	Page *Page
	IDs  []string
}

// Data of the partials in _marks.html.
type (
	marksTableData struct {
		Page   *Page
		Rows   []markRow
		Review bool
	}
	noticeTableData struct {
		Page     *Page
		Rows     []noticeRow
		ID       string
		Breaches bool
	}
	refusalData struct {
		Page          *Page
		Reason, Basis string
	}
	problemsData struct {
		Page *Page
		F    *findings
	}
)

// checklist is what a case is applied for, resolved as the store resolves
// it: the item or bundle, its step items and the merged checklist.
type checklist struct {
	Item, Bundle string
	Title        string
	Steps        []catalog.Item
	Entries      []catalog.ChecklistEntry
	StepNames    map[string]string
	Delivery     []catalog.Delivery // offered by every step
	Online       catalog.Online     // the shallowest online level of the steps
}

// Parties are the roles of the checklist's parties (catalog.CaseParties).
func (cl *checklist) Parties() []catalog.PartyRole {
	items := make([]*catalog.Item, len(cl.Steps))
	for i := range cl.Steps {
		items[i] = &cl.Steps[i]
	}
	return catalog.CaseParties(items)
}

// loadChecklist reads the published item or bundle, or the versions a case
// was submitted under (pin), and merges its checklist.
func (w *Web) loadChecklist(ctx context.Context, item, bundle string, pin *casework.Case) (*checklist, error) {
	top := 0
	ver := func(code string) int { return 0 }
	if pin != nil {
		top = pin.CatalogVersion
		ver = func(code string) int { return pin.StepVersions[code] }
	}
	cl := &checklist{Item: item, Bundle: bundle, StepNames: map[string]string{}}
	if item != "" {
		iv, err := w.store.Item(ctx, item, top)
		if err != nil {
			return nil, err
		}
		cl.Title, cl.Steps = iv.Item.Name, []catalog.Item{iv.Item}
		cl.Entries = catalog.Checklist(cl.Steps)
	} else {
		bv, err := w.store.Bundle(ctx, bundle, top)
		if err != nil {
			return nil, err
		}
		cl.Title = bv.Bundle.Name
		for _, st := range bv.Bundle.Steps {
			iv, err := w.store.Item(ctx, st.Item, ver(st.Item))
			if err != nil {
				return nil, err
			}
			cl.Steps = append(cl.Steps, iv.Item)
		}
		providers, err := w.store.Providers(ctx)
		if err != nil {
			return nil, err
		}
		cl.Entries = catalog.BundleChecklistData(bv.Bundle, cl.Steps, providers)
	}
	cl.Online = catalog.OnlineFull
	depth := func(o catalog.Online) int { return slices.Index(catalog.OnlineLevels, o) }
	for _, it := range cl.Steps {
		cl.StepNames[it.Code] = it.Name
		if depth(it.Online) > depth(cl.Online) {
			cl.Online = it.Online
		}
	}
	for _, d := range catalog.Deliveries {
		all := len(cl.Steps) > 0
		for _, it := range cl.Steps {
			if !slices.Contains(it.Delivery, d) {
				all = false
			}
		}
		if all {
			cl.Delivery = append(cl.Delivery, d)
		}
	}
	return cl, nil
}

// markRow is one checklist entry in a form: what the guide asks, the
// entry's current state (on a case) and the choice in the form.
type markRow struct {
	Key, Name, Source, Guide string
	Required, Deferrable     bool
	Fetched, PriorStep       bool
	From                     string   // the earlier step that produces it
	For                      []string // the steps that need it
	State                    string   // on a case: the entry's state
	Choice, Reason           string   // the form's mark
	Files                    []string // blob ids on record or uploaded
	Errs                     []string
	SourceCode               string // the entry's source as in the catalogue: licence:L-BIZ
	Held, HeldHref           string // 免提交: the licence the applicant holds (licence_intake.go)
	HeldShared               string // 免提交 by shared data: the item and its provider (sharing_intake.go)
	Holders                  string // the parties who must hold it, named (卖方、买方), when the guide has parties
	HolderRoles              []catalog.PartyRole
	Others                   bool   // another party must hold it: looked up by markParties, not markHeld
	SharedMiss               string // why shared data does not hold it (no grant, no record, no answer)
}

// rows turns the checklist into form rows in the page language.
func (w *Web) rows(ctx context.Context, lang onetrip.Lang, cl *checklist) ([]markRow, error) {
	names, err := w.refNames(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]markRow, 0, len(cl.Entries))
	roles := cl.Parties()
	for _, e := range cl.Entries {
		r := markRow{Key: intake.EntryKey(e), Name: e.Name, Source: names.sourceText(lang, e.Source), Guide: intake.GuideText(e, lang),
			Required: e.Required, Deferrable: e.Deferrable, Fetched: e.Fetched, PriorStep: e.PriorStep, Choice: "missing",
			SourceCode: e.Source}
		if e.FromItem != "" {
			r.From = or(cl.StepNames[e.FromItem], e.FromItem)
		}
		if len(cl.Steps) > 1 {
			for _, c := range e.Items {
				r.For = append(r.For, or(cl.StepNames[c], c))
			}
		}
		if len(roles) > 0 && e.Fetched && !e.PriorStep {
			holders := catalog.HolderRoles(catalog.MaterialSpec{Parties: e.Parties}, roles)
			var names []string
			for _, h := range holders {
				names = append(names, h.Label(lang))
				r.Others = r.Others || h != roles[0]
			}
			sep := "、"
			if lang == onetrip.LangEN {
				sep = ", "
			}
			r.Holders, r.HolderRoles = strings.Join(names, sep), holders
		}
		out = append(out, r)
	}
	return out, nil
}

// markChoices are the radio values of a material; "missing" on a fetched
// entry means "fetch it" (nothing handed in).
var markChoices = []string{"received", "deferred", "defective", "missing"}

// readMarks reads each row's radio and reason from the posted form. It
// keeps the choices on the rows (to show the form again) and returns the
// marks with, for each mark, the index of its row.
func readMarks(r *http.Request, rows []markRow) ([]intake.Mark, []int) {
	marks := []intake.Mark{}
	var at []int
	for i := range rows {
		row := &rows[i]
		if row.PriorStep {
			continue
		}
		row.Choice = strings.TrimSpace(r.PostFormValue("m." + row.Key))
		row.Reason = strings.TrimSpace(r.PostFormValue("r." + row.Key))
		if row.Choice == "" {
			row.Choice = "missing"
		}
		m := intake.Mark{Spec: row.Key, Status: intake.MarkStatus(row.Choice)}
		if row.Choice == "defective" {
			m.Reason = row.Reason
		}
		marks = append(marks, m)
		at = append(at, i)
	}
	return marks, at
}

// fieldLabels name the fields of a submission for people.
var fieldLabels = map[string]string{
	"applicant": "ui.win.applicant", "applicant.type": "ui.win.applicant_type", "applicant.name": "ui.win.applicant_name",
	"applicant.id_number": "ui.win.id_number", "agent": "ui.win.agent", "agent.name": "ui.win.agent_name",
	"agent.id_number": "ui.win.agent_id", "agent.authorisation": "ui.win.agent_auth", "refusal.reason": "ui.win.refuse_reason",
	"refusal.legal_basis": "ui.win.refuse_basis", "region": "ui.guide.region", "item": "ui.bundle.item", "bundle": "ui.bundle.title",
	"delivery": "ui.guide.delivery", "channel": "ui.win.channel", "materials": "ui.guide.materials", "form": "ui.win.form",
	"reason": "ui.rv.opinion", "kind": "ui.rv.susp_kind", "opinion": "ui.rv.opinion", "outputs": "ui.rv.outputs", "decision": "ui.rv.decision",
}

// caseFindings turns an error's details into findings: a material path
// (materials[3].status) is named by its material and shown at its row; the
// other paths at their field.
func caseFindings(lang onetrip.Lang, err error, rows []markRow, at []int) *findings {
	f := &findings{byPath: map[string][]string{}}
	e := onetrip.AsError(err)
	if len(e.Details) == 0 {
		msg := onetrip.Render(lang, e.Key, e.Args...)
		f.List = append(f.List, finding{Label: onetrip.Render(lang, "ui.win.problem"), Message: msg})
		return f
	}
	for _, d := range e.Details {
		msg := onetrip.Render(lang, d.Key, d.Args...)
		label := d.Path
		if k, ok := fieldLabels[d.Path]; ok {
			label = onetrip.Render(lang, k)
		}
		if i, ok := materialIndex(d.Path); ok && i < len(at) {
			row := &rows[at[i]]
			label = onetrip.Render(lang, "ui.guide.materials") + " · " + row.Name
			row.Errs = append(row.Errs, msg)
		} else {
			f.byPath[d.Path] = append(f.byPath[d.Path], msg)
		}
		f.List = append(f.List, finding{Path: d.Path, Label: label, Message: msg})
	}
	return f
}

// materialIndex reads i from "materials[i]…".
func materialIndex(path string) (int, bool) {
	rest, ok := strings.CutPrefix(path, "materials[")
	if !ok {
		return 0, false
	}
	n, _, ok := strings.Cut(rest, "]")
	if !ok {
		return 0, false
	}
	i, err := strconv.Atoi(n)
	return i, err == nil
}

// visibleCase loads a case the user may see; any other case is not found,
// so other regions' cases do not leak.
func (w *Web) visibleCase(ctx context.Context, p *onetrip.Principal, id string) (casework.Case, error) {
	return w.store.VisibleCase(ctx, p, id)
}

// formIdem makes the idempotency key of a form post: the form's one-time
// key (field idem, made when the form was shown) and the SM3 of its
// fields. A double click or a reload answers with the first result.
func formIdem(p *onetrip.Principal, r *http.Request) *sqlstore.Idem {
	key := r.PostFormValue("idem")
	if key == "" || len(key) > 100 {
		return nil
	}
	names := make([]string, 0, len(r.PostForm))
	for k := range r.PostForm {
		if k != "csrf" {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	h := sm3.New()
	h.Write([]byte(r.URL.Path + "\n"))
	for _, k := range names {
		for _, v := range r.PostForm[k] {
			h.Write([]byte(k + "=" + v + "\n"))
		}
	}
	return &sqlstore.Idem{Principal: p.UserID, Key: "web:" + key, BodyHash: hex.EncodeToString(h.Sum(nil))}
}

// idemReplay answers a repeated form post with the case of its first
// answer; ok is false when the key is new.
func (w *Web) idemReplay(ctx context.Context, idem *sqlstore.Idem) (casework.Case, bool, error) {
	if idem == nil {
		return casework.Case{}, false, nil
	}
	ans, ok, err := w.store.IdemLookup(ctx, *idem)
	if err != nil || !ok {
		return casework.Case{}, false, err
	}
	c, err := w.store.CaseByID(ctx, ans.CaseID)
	if err != nil {
		return c, false, nil
	}
	return c, true, nil
}

// replayed answers a form post whose one-time key was already answered (a
// double click, a retry after a lost answer) by redirecting to where the
// first answer went. A failed lookup is not an answer: the write that
// follows reports whatever is wrong.
func (w *Web) replayed(rw http.ResponseWriter, r *http.Request, idem *sqlstore.Idem, to func(casework.Case) string) bool {
	c, done, err := w.idemReplay(r.Context(), idem)
	if err != nil || !done {
		return false
	}
	http.Redirect(rw, r, to(c), http.StatusSeeOther)
	return true
}

func toResult(c casework.Case) string    { return "/window/result/" + c.ID }
func toSubmitted(c casework.Case) string { return "/cases/" + c.ID + "?done=submitted" }

// today is the date in Beijing.
func today() string { return workday.DateOf(time.Now()).String() }

// deptNames maps department ids to their names.
func (w *Web) deptNames(ctx context.Context, ids ...string) map[string]string {
	out := map[string]string{}
	for _, id := range ids {
		if _, done := out[id]; done || id == "" {
			continue
		}
		if d, err := w.store.Department(ctx, id); err == nil {
			out[id] = d.Name
		} else {
			out[id] = id
		}
	}
	return out
}
