package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"onetrip"
	"onetrip/httpx"
	"onetrip/policy"
	"onetrip/qa"
	"onetrip/sqlstore"
)

// The knowledge base's admin pages (知识库管理, issue 15): the entries with
// their review (a draft, reviewed by another admin, published, retired),
// the synonym table, and the questions nobody could answer. Any region
// admin reads them; a region's admins write and review the entries of
// their region and the regions inside it (policy.CanEditKnowledge), the
// province's admins the synonym table (policy.CanEditSynonyms) — the same
// rules as the JSON API (httpapi/qa.go). A department's data admin has no
// part in it.

// kbStates are the entry states in their order, for the tabs and the
// review buttons.
var kbStates = []qa.EntryState{qa.StateDraft, qa.StateReviewed, qa.StatePublished, qa.StateRetired}

// kbMoves are the review steps offered on an entry page, in the order of
// its buttons; qa.Transition decides which apply.
var kbMoves = []qa.EntryState{qa.StateReviewed, qa.StatePublished, qa.StateDraft, qa.StateRetired}

// kbService is an item or bundle as the pages name it.
type kbService struct {
	Code, Name string
}

type kbTab struct {
	Href, Label string
	Current     bool
}

type kbRow struct {
	E          qa.Entry
	Services   []kbService
	Region     string
	StateLabel string
}

type kbListData struct {
	State, Q, Service string
	Tabs              []kbTab
	Rows              []kbRow
	Services          []kbService // the service filter's suggestions
	GuideFAQ          int
}

// kbForm is an entry as typed.
type kbForm struct {
	Question, Answer, Services, Region, ValidFrom, ValidTo, Revision string
}

func (f kbForm) entry(id string) qa.Entry {
	return qa.Entry{ID: id, Question: f.Question, Answer: f.Answer, Services: qa.ParseTargets(f.Services), Region: f.Region,
		ValidFrom: f.ValidFrom, ValidTo: f.ValidTo}
}

func formOf(e qa.Entry) kbForm {
	return kbForm{Question: e.Question, Answer: e.Answer, Services: strings.Join(e.Services, "\n"), Region: e.Region,
		ValidFrom: e.ValidFrom, ValidTo: e.ValidTo, Revision: strconv.Itoa(e.Revision)}
}

type kbPlaceholder struct {
	Name, Label string
}

type kbAction struct {
	State     qa.EntryState
	Label     string
	Dangerous bool
}

type kbEntryData struct {
	IsNew   bool
	Entry   qa.Entry // as stored (the new entry: none)
	Form    kbForm
	F       *findings // a refused save's problems, by field
	Error   string
	Flash   string
	CanEdit bool
	// ReadOnly explains why the user cannot edit (the entry's region is
	// outside their scope).
	ReadOnly     string
	StateLabel   string
	Region       string
	Services     []kbService
	Actions      []kbAction
	Own          bool   // the user wrote it: someone else reviews it
	Blocked      string // why the stored text cannot be reviewed yet
	Lint         []finding
	Preview      string
	PreviewNote  string
	Placeholders []kbPlaceholder
	QuestionMax  int
	AnswerMax    int
}

// Findings lets the page's partials find the form's problems.
func (d *kbEntryData) Findings() *findings { return d.F }

type kbSynonymRow struct {
	Term, Targets string
}

type kbSynonymsData struct {
	Rows    []kbSynonymRow
	CanEdit bool
	Term    string
	Targets string
	F       *findings
	Error   string
	Flash   string
	MaxRune int
}

// Findings lets the page's partials find the form's problems.
func (d *kbSynonymsData) Findings() *findings { return d.F }

type kbUnansweredRow struct {
	Question, Region, LastAt string
	Asked                    int
	Href                     string
}

// kbAdmin admits the region admins; a department's data admin is
// refused (403). On failure it has answered.
func (w *Web) kbAdmin(rw http.ResponseWriter, r *http.Request) (*onetrip.Principal, bool) {
	p, ok := w.requireUser(rw, r, onetrip.RoleAdmin)
	if !ok {
		return nil, false
	}
	if policy.DepartmentAdmin(p) {
		w.renderError(rw, r, onetrip.Forbidden("err.forbidden"))
		return nil, false
	}
	return p, true
}

// kbWriter starts every change: a region admin and a posted form with a
// valid CSRF token. On failure it has answered.
func (w *Web) kbWriter(rw http.ResponseWriter, r *http.Request) (*onetrip.Principal, bool) {
	p, ok := w.requireUser(rw, r, onetrip.RoleAdmin)
	if !ok || !w.postForm(rw, r) {
		return nil, false
	}
	if policy.DepartmentAdmin(p) {
		w.renderError(rw, r, onetrip.Forbidden("err.forbidden"))
		return nil, false
	}
	return p, true
}

// kbServiceNames names the published items and bundles by code.
func (w *Web) kbServiceNames(ctx context.Context) (map[string]string, error) {
	items, err := w.store.Items(ctx, sqlstore.ItemQuery{})
	if err != nil {
		return nil, err
	}
	bundles, err := w.store.Bundles(ctx, false)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, it := range items {
		names[it.Code] = it.Name
	}
	for _, b := range bundles {
		names[b.Code] = b.Name
	}
	return names, nil
}

func namedServices(codes []string, names map[string]string) []kbService {
	out := make([]kbService, 0, len(codes))
	for _, c := range codes {
		out = append(out, kbService{c, names[c]})
	}
	return out
}

// kbRegionName names an entry's region: 全省 for none.
func kbRegionName(lang onetrip.Lang, names func(string) string, code string) string {
	if code == "" {
		return onetrip.Render(lang, "ui.kb.region.province")
	}
	if n := names(code); n != code {
		return onetrip.Render(lang, "ui.kb.region.named", n, code)
	}
	return code
}

// kbFieldKeys name the fields of an entry and a synonym in findings.
var kbFieldKeys = map[string]string{
	"question": "ui.kb.f.question", "answer": "ui.kb.f.answer", "services": "ui.kb.f.services", "region": "ui.kb.f.region",
	"valid_from": "ui.kb.f.valid_from", "valid_to": "ui.kb.f.valid_to", "term": "ui.syn.term", "targets": "ui.syn.targets",
}

// kbFindings are a refused entry's or synonym's problems, by field: a
// list's entries (services[1], targets[0]) are shown at the list's field.
func kbFindings(lang onetrip.Lang, err error) *findings {
	f := &findings{byPath: map[string][]string{}}
	if err == nil {
		return f
	}
	for _, d := range onetrip.AsError(err).Details {
		field, index, listed := strings.Cut(d.Path, "[")
		label := pathLabel(lang, d.Path)
		if key, ok := kbFieldKeys[field]; ok {
			label = onetrip.Render(lang, key)
			if listed {
				label += nth(lang, strings.TrimSuffix(index, "]"))
			}
		}
		msg := onetrip.Render(lang, d.Key, d.Args...)
		f.List = append(f.List, finding{Path: d.Path, Label: label, Message: msg})
		f.byPath[field] = append(f.byPath[field], msg)
	}
	return f
}

// ---- the list ----

func (w *Web) adminKnowledge(rw http.ResponseWriter, r *http.Request) {
	if _, ok := w.kbAdmin(rw, r); !ok {
		return
	}
	ctx := r.Context()
	qv := r.URL.Query()
	d := &kbListData{State: qv.Get("state"), Q: strings.TrimSpace(qv.Get("q")), Service: strings.TrimSpace(qv.Get("service"))}
	if d.State != "" && !slices.Contains(kbStates, qa.EntryState(d.State)) {
		w.renderError(rw, r, onetrip.Invalid("http.bad_query", "state", d.State))
		return
	}
	pg := w.page(r, "ui.kb.title", d)
	tab := func(state, label string) kbTab {
		v := url.Values{}
		for k, s := range map[string]string{"state": state, "q": d.Q, "service": d.Service} {
			if s != "" {
				v.Set(k, s)
			}
		}
		href := "/admin/knowledge"
		if len(v) > 0 {
			href += "?" + v.Encode()
		}
		return kbTab{Href: href, Label: label, Current: state == d.State}
	}
	d.Tabs = append(d.Tabs, tab("", pg.T("ui.kb.all")))
	for _, s := range kbStates {
		d.Tabs = append(d.Tabs, tab(string(s), s.Label(pg.Lang)))
	}
	list, err := w.store.KnowledgeEntries(ctx, sqlstore.KnowledgeQuery{State: qa.EntryState(d.State), Service: d.Service, Q: d.Q, Limit: 200})
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	c, err := w.store.Catalog(ctx)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	d.GuideFAQ = len(qa.GuideEntries(c.Items))
	names := map[string]string{}
	for _, it := range c.Items {
		names[it.Code] = it.Name
		d.Services = append(d.Services, kbService{it.Code, it.Name})
	}
	for _, b := range c.Bundles {
		names[b.Code] = b.Name
		d.Services = append(d.Services, kbService{b.Code, b.Name})
	}
	regions := w.regionNames(ctx)
	for _, e := range list {
		d.Rows = append(d.Rows, kbRow{E: e, Services: namedServices(e.Services, names), Region: kbRegionName(pg.Lang, regions, e.Region),
			StateLabel: e.State.Label(pg.Lang)})
	}
	w.render(rw, r, "admin_knowledge", http.StatusOK, pg)
}

// ---- one entry ----

func (w *Web) adminKnowledgeNew(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.kbAdmin(rw, r)
	if !ok {
		return
	}
	f := kbForm{Question: strings.TrimSpace(r.URL.Query().Get("question"))}
	if p.Region != "330000" && policy.CanEditKnowledge(p, p.Region) {
		f.Region = p.Region // a city's admin writes for the city
	}
	w.kbEntryShow(rw, r, p, http.StatusOK, &kbEntryData{IsNew: true, Form: f})
}

func (w *Web) adminKnowledgeEntry(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.kbAdmin(rw, r)
	if !ok {
		return
	}
	e, err := w.store.KnowledgeEntry(r.Context(), r.PathValue("id"))
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	d := &kbEntryData{Entry: e, Form: formOf(e)}
	lang := httpx.PageLang(r)
	switch {
	case r.URL.Query().Get("saved") != "":
		d.Flash = onetrip.Render(lang, "ui.kb.saved")
	case r.URL.Query().Get("moved") != "":
		d.Flash = onetrip.Render(lang, "ui.kb.moved", e.State.Label(lang))
	}
	w.kbEntryShow(rw, r, p, http.StatusOK, d)
}

// kbEntryShow fills in what the entry page shows besides the form: the
// stored entry's facts and review buttons, and the lint warnings and the
// preview of the text in the form.
func (w *Web) kbEntryShow(rw http.ResponseWriter, r *http.Request, p *onetrip.Principal, status int, d *kbEntryData) {
	ctx := r.Context()
	title := "ui.kb.entry.title"
	if d.IsNew {
		title = "ui.kb.entry.new"
	}
	pg := w.page(r, title, d)
	lang := pg.Lang
	d.QuestionMax, d.AnswerMax = qa.MaxEntryQuestionRunes, qa.MaxEntryAnswerRunes
	for _, ph := range qa.Placeholders {
		key := "ui.kb.ph." + strings.Trim(ph, "{}")
		label := ""
		if _, ok := onetrip.Lookup(key); ok {
			label = pg.T(key)
		}
		d.Placeholders = append(d.Placeholders, kbPlaceholder{ph, label})
	}
	names, err := w.kbServiceNames(ctx)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	regions := w.regionNames(ctx)
	d.CanEdit = d.IsNew || policy.CanEditKnowledge(p, d.Entry.Region)
	if !d.IsNew {
		d.StateLabel = d.Entry.State.Label(lang)
		d.Region = kbRegionName(lang, regions, d.Entry.Region)
		d.Services = namedServices(d.Entry.Services, names)
		if !d.CanEdit {
			d.ReadOnly = pg.T("ui.kb.entry.readonly", d.Region, kbRegionName(lang, regions, p.Region))
		}
		if d.CanEdit {
			for _, to := range kbMoves {
				_, err := qa.Transition(d.Entry, to, p.Username)
				switch e := onetrip.AsError(err); {
				case err == nil:
					d.Actions = append(d.Actions, kbAction{State: to, Label: pg.T("ui.kb.to." + string(to)), Dangerous: to == qa.StateRetired})
				case e.Key == "qa.entry.review_own":
					d.Own = true
				case e.Key == "qa.entry.lint":
					d.Blocked = onetrip.Render(lang, e.Key, e.Args...)
				}
			}
		}
	}
	typed := d.Form.entry(d.Entry.ID)
	// A refused form lists its lint findings among its problems already;
	// otherwise they are warnings about the text shown (the guides'
	// wording rules may have changed since it was saved).
	for _, f := range qa.LintEntry(typed) {
		if d.F.Any() {
			break
		}
		label := pathLabel(lang, f.Path)
		if key, ok := kbFieldKeys[f.Path]; ok {
			label = pg.T(key)
		}
		d.Lint = append(d.Lint, finding{Path: f.Path, Label: label, Message: onetrip.Render(lang, f.Key, f.Args...)})
	}
	if strings.TrimSpace(typed.Answer) != "" && len(typed.Services) > 0 {
		first := typed.Services[0]
		iv, err := w.store.Item(ctx, first, 0)
		switch {
		case err == nil:
			d.Preview = qa.RenderAnswer(typed, &iv.Item, lang)
			d.PreviewNote = pg.T("ui.kb.preview.from", iv.Item.Name, first)
		case onetrip.HasCode(err, onetrip.CodeNotFound):
			d.Preview = typed.Answer
			d.PreviewNote = pg.T("ui.kb.preview.no_item", first)
		default:
			w.renderError(rw, r, err)
			return
		}
	}
	pg.Data = d
	w.render(rw, r, "admin_knowledge_entry", status, pg)
}

func readKBForm(r *http.Request) kbForm {
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	return kbForm{Question: v("question"), Answer: v("answer"), Services: v("services"), Region: v("region"),
		ValidFrom: v("valid_from"), ValidTo: v("valid_to"), Revision: v("revision")}
}

// regionMalformed reports whether a typed region is no region code at
// all: the entry's check names it, and no scope can be decided on it.
func regionMalformed(code string) bool {
	if code == "" {
		return false
	}
	for _, d := range onetrip.AsError(qa.CheckEntry(qa.Entry{Region: code}, nil)).Details {
		if d.Path == "region" {
			return true
		}
	}
	return false
}

// kbScopeRefused answers a form whose region is outside the user's scope:
// the form again, the problem at the region, 403, nothing written. It
// reports whether it answered.
func (w *Web) kbScopeRefused(rw http.ResponseWriter, r *http.Request, p *onetrip.Principal, d *kbEntryData) bool {
	if regionMalformed(d.Form.Region) || policy.CanEditKnowledge(p, d.Form.Region) {
		return false
	}
	lang := httpx.PageLang(r)
	err := &onetrip.Error{Code: onetrip.CodeForbidden, Key: "err.forbidden",
		Details: []onetrip.Detail{{Path: "region", Key: "ui.kb.region_scope", Args: []any{kbRegionName(lang, w.regionNames(r.Context()), p.Region)}}}}
	d.F = kbFindings(lang, err)
	w.kbEntryShow(rw, r, p, http.StatusForbidden, d)
	return true
}

// kbRefused shows the form again after the store refused it: a problem
// of the entry (each at its field) or a conflict (someone saved first);
// anything else is an error page.
func (w *Web) kbRefused(rw http.ResponseWriter, r *http.Request, p *onetrip.Principal, d *kbEntryData, err error) {
	e := onetrip.AsError(err)
	if e.Code != onetrip.CodeInvalid && e.Code != onetrip.CodeConflict {
		w.renderError(rw, r, err)
		return
	}
	lang := httpx.PageLang(r)
	status, body := httpx.Body(err, lang)
	if d.F = kbFindings(lang, err); !d.F.Any() { // the problems' box counts them itself
		d.Error = body.Error.Message
	}
	w.kbEntryShow(rw, r, p, status, d)
}

func (w *Web) adminKnowledgeCreate(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.kbWriter(rw, r)
	if !ok {
		return
	}
	d := &kbEntryData{IsNew: true, Form: readKBForm(r)}
	d.Form.Revision = ""
	if w.kbScopeRefused(rw, r, p, d) {
		return
	}
	e, err := w.store.SaveKnowledgeEntry(r.Context(), d.Form.entry(""), 0, p.Username)
	if err != nil {
		w.kbRefused(rw, r, p, d, err)
		return
	}
	w.log.Info("knowledge entry created", "entry", e.ID, "by", p.Username)
	http.Redirect(rw, r, "/admin/knowledge/"+url.PathEscape(e.ID)+"?saved=1", http.StatusSeeOther)
}

// kbEditable loads the path's entry for a change by p: refused (403, with
// the entry's region named) when it is outside p's scope. On failure it has
// answered.
func (w *Web) kbEditable(rw http.ResponseWriter, r *http.Request, p *onetrip.Principal) (qa.Entry, bool) {
	ctx := r.Context()
	cur, err := w.store.KnowledgeEntry(ctx, r.PathValue("id"))
	if err != nil {
		w.renderError(rw, r, err)
		return cur, false
	}
	if !policy.CanEditKnowledge(p, cur.Region) {
		w.renderError(rw, r, onetrip.Forbidden("ui.kb.forbidden_entry", kbRegionName(httpx.PageLang(r), w.regionNames(ctx), cur.Region)))
		return cur, false
	}
	return cur, true
}

func (w *Web) adminKnowledgeSave(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.kbWriter(rw, r)
	if !ok {
		return
	}
	ctx := r.Context()
	cur, ok := w.kbEditable(rw, r, p)
	if !ok {
		return
	}
	d := &kbEntryData{Entry: cur, Form: readKBForm(r)}
	if w.kbScopeRefused(rw, r, p, d) {
		return
	}
	rev, err := strconv.Atoi(d.Form.Revision)
	if err != nil || rev < 1 {
		w.kbRefused(rw, r, p, d, onetrip.Invalid("qa.entry.revision"))
		return
	}
	e, err := w.store.SaveKnowledgeEntry(ctx, d.Form.entry(cur.ID), rev, p.Username)
	if err != nil {
		w.kbRefused(rw, r, p, d, err)
		return
	}
	w.log.Info("knowledge entry saved", "entry", e.ID, "revision", e.Revision, "by", p.Username)
	http.Redirect(rw, r, "/admin/knowledge/"+url.PathEscape(e.ID)+"?saved=1", http.StatusSeeOther)
}

// adminKnowledgeState moves an entry through review. A step the entry's
// state or its author does not allow comes back on the entry page (409).
func (w *Web) adminKnowledgeState(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.kbWriter(rw, r)
	if !ok {
		return
	}
	ctx := r.Context()
	cur, ok := w.kbEditable(rw, r, p)
	if !ok {
		return
	}
	to := qa.EntryState(r.PostFormValue("state"))
	if !slices.Contains(kbStates, to) {
		w.renderError(rw, r, onetrip.Invalid("ui.kb.bad_state", string(to)))
		return
	}
	e, err := w.store.TransitionKnowledgeEntry(ctx, cur.ID, to, p.Username)
	if err != nil {
		if !onetrip.HasCode(err, onetrip.CodeConflict) {
			w.renderError(rw, r, err)
			return
		}
		status, body := httpx.Body(err, httpx.PageLang(r))
		w.kbEntryShow(rw, r, p, status, &kbEntryData{Entry: cur, Form: formOf(cur), Error: body.Error.Message})
		return
	}
	w.log.Info("knowledge entry state", "entry", e.ID, "state", e.State, "by", p.Username)
	http.Redirect(rw, r, "/admin/knowledge/"+url.PathEscape(e.ID)+"?moved=1", http.StatusSeeOther)
}

// ---- synonyms ----

func (w *Web) adminSynonyms(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.kbAdmin(rw, r)
	if !ok {
		return
	}
	d := &kbSynonymsData{}
	if t := strings.TrimSpace(r.URL.Query().Get("term")); t != "" && policy.CanEditSynonyms(p) {
		d.Term = t // 修改: the row's words in the form
	}
	w.synonymsShow(rw, r, p, http.StatusOK, d)
}

func (w *Web) synonymsShow(rw http.ResponseWriter, r *http.Request, p *onetrip.Principal, status int, d *kbSynonymsData) {
	list, err := w.store.Synonyms(r.Context())
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	pg := w.page(r, "ui.syn.title", d)
	sep := "、"
	if pg.Lang == onetrip.LangEN {
		sep = ", "
	}
	for _, s := range list {
		d.Rows = append(d.Rows, kbSynonymRow{Term: s.Term, Targets: strings.Join(s.Targets, sep)})
		if d.Term == s.Term && d.Targets == "" && d.F == nil {
			d.Targets = strings.Join(s.Targets, "、")
		}
	}
	d.CanEdit, d.MaxRune = policy.CanEditSynonyms(p), qa.MaxSynonymRunes
	w.render(rw, r, "admin_synonyms", status, pg)
}

// synonymEditor starts a change of the table: the province's admins.
func (w *Web) synonymEditor(rw http.ResponseWriter, r *http.Request) (*onetrip.Principal, bool) {
	p, ok := w.kbWriter(rw, r)
	if !ok {
		return nil, false
	}
	if !policy.CanEditSynonyms(p) {
		w.renderError(rw, r, onetrip.Forbidden("ui.syn.province_only"))
		return nil, false
	}
	return p, true
}

func (w *Web) adminSynonymSet(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.synonymEditor(rw, r)
	if !ok {
		return
	}
	ctx := r.Context()
	lang := httpx.PageLang(r)
	d := &kbSynonymsData{Term: strings.TrimSpace(r.PostFormValue("term")), Targets: strings.TrimSpace(r.PostFormValue("targets"))}
	old, err := w.store.Synonyms(ctx)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	sy := qa.Synonym{Term: d.Term, Targets: qa.ParseTargets(d.Targets)}
	if err := w.store.SetSynonym(ctx, sy, p.Username); err != nil {
		if !onetrip.HasCode(err, onetrip.CodeInvalid) {
			w.renderError(rw, r, err)
			return
		}
		status, body := httpx.Body(err, lang)
		if d.F = kbFindings(lang, err); !d.F.Any() {
			d.Error = body.Error.Message
		}
		w.synonymsShow(rw, r, p, status, d)
		return
	}
	key := "ui.syn.added"
	if slices.ContainsFunc(old, func(s qa.Synonym) bool { return s.Term == sy.Term }) {
		key = "ui.syn.replaced"
	}
	w.log.Info("synonym set", "term", sy.Term, "targets", sy.Targets, "by", p.Username)
	w.synonymsShow(rw, r, p, http.StatusOK, &kbSynonymsData{Flash: onetrip.Render(lang, key, sy.Term)})
}

func (w *Web) adminSynonymDelete(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.synonymEditor(rw, r)
	if !ok {
		return
	}
	term := r.PostFormValue("term")
	if err := w.store.DeleteSynonym(r.Context(), term); err != nil {
		w.renderError(rw, r, err)
		return
	}
	w.log.Info("synonym deleted", "term", term, "by", p.Username)
	w.synonymsShow(rw, r, p, http.StatusOK, &kbSynonymsData{Flash: onetrip.Render(httpx.PageLang(r), "ui.syn.deleted", term)})
}

// ---- unanswered questions ----

func (w *Web) adminUnanswered(rw http.ResponseWriter, r *http.Request) {
	if _, ok := w.kbAdmin(rw, r); !ok {
		return
	}
	ctx := r.Context()
	list, err := w.store.UnansweredQuestions(ctx, 100)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	pg := w.page(r, "ui.kbq.title", nil)
	regions := w.regionNames(ctx)
	rows := []kbUnansweredRow{}
	for _, u := range list {
		row := kbUnansweredRow{Question: u.Question, Asked: u.Asked, LastAt: u.LastAt,
			Href: "/admin/knowledge/new?" + url.Values{"question": {u.Question}}.Encode()}
		if t, err := sqlstore.ParseTS(u.LastAt); err == nil {
			row.LastAt = timeOf(t)
		}
		row.Region = pg.T("ui.kbq.no_region")
		if u.Region != "" {
			row.Region = kbRegionName(pg.Lang, regions, u.Region)
		}
		rows = append(rows, row)
	}
	pg.Data = rows
	w.render(rw, r, "admin_unanswered", http.StatusOK, pg)
}
