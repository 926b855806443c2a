package web

import (
	"net/http"
	"net/url"
	"strings"

	"onetrip"
	"onetrip/auth"
	"onetrip/casework"
	"onetrip/catalog"
	"onetrip/httpx"
	"onetrip/idcode"
	"onetrip/intake"
	"onetrip/policy"
	"onetrip/sqlstore"
)

// The window workbench (综合窗口): find the item or bundle, identify the
// applicant, mark each material of the merged checklist, then accept, issue
// ONE correction notice or refuse. The store decides accept or notice from
// the marks; the page only checks first that the button the clerk pressed
// fits the marks, so a notice is never issued by a mis-click.

type windowSearchData struct {
	Q       string
	Items   []guideRow
	Bundles []bundleRow
}

func (w *Web) windowSearch(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireUser(rw, r, onetrip.RoleClerk, onetrip.RoleAgent)
	if !ok {
		return
	}
	ctx := r.Context()
	d := &windowSearchData{Q: strings.TrimSpace(r.URL.Query().Get("q"))}
	pg := w.page(r, "ui.win.title", d)
	bs, err := w.store.Bundles(ctx, false)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	loaded, err := w.publishedBundles(ctx, bs)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	items, rankedBundles, err := w.searchItems(ctx, d.Q, sqlstore.ItemQuery{Region: p.Region}, pg.Lang)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	for _, b := range rankBundles(loaded, d.Q, rankedBundles) {
		d.Bundles = append(d.Bundles, bundleRow{Code: b.Code, Name: b.Name, PromisedDays: b.PromisedDays, Steps: len(b.Steps),
			Href: "/window/new?bundle=" + url.QueryEscape(b.Code)})
	}
	if d.Q != "" {
		for _, it := range items {
			d.Items = append(d.Items, guideRow{Code: it.Code, Name: it.Name, Dept: it.Department, Online: it.Online,
				OnlineLabel: catalog.Online(it.Online).Label(pg.Lang), VisitsKey: visitsKey(it.MaxVisits), PromisedDays: it.PromisedDays,
				Href: "/window/new?item=" + url.QueryEscape(it.Code)})
		}
	}
	w.render(rw, r, "window", http.StatusOK, pg)
}

// idCheck is the answer of the as-you-type check of an ID number.
type idCheck struct {
	OK       bool     `json:"ok"`
	Number   string   `json:"number,omitempty"`
	Message  string   `json:"message"`
	Warnings []string `json:"warnings,omitempty"`
	// Name and Address are the register's, when the centre identified
	// the applicant (sharing_intake.go).
	Name    string `json:"name,omitempty"`
	Address string `json:"address,omitempty"`
}

// windowCheckID checks a citizen ID or USCC as the clerk types it, in the
// words of idcode's messages (which character, expected and found).
func (w *Web) windowCheckID(rw http.ResponseWriter, r *http.Request) {
	lang := httpx.PageLang(r)
	if httpx.Principal(r.Context()) == nil {
		httpx.WriteError(rw, r, onetrip.Unauthorized("err.unauthorized"))
		return
	}
	q := r.URL.Query()
	typ, number := q.Get("type"), q.Get("number")
	if typ == "" {
		typ = idcode.PartyPerson
	}
	var out idCheck
	num, warns, err := idcode.CheckPartyID(typ, number)
	if err != nil {
		e := onetrip.AsError(err)
		out.Message = onetrip.Render(lang, e.Key, e.Args...)
	} else {
		out.OK, out.Number = true, num
		out.Message = onetrip.Render(lang, "ui.win.id_ok")
		if typ == idcode.PartyPerson {
			if id, err := idcode.CheckCitizenID(num); err == nil {
				out.Message = onetrip.Render(lang, "ui.win.id_ok_person", id.Birth.Format("2006-01-02"), onetrip.Render(lang, "ui.win.sex."+id.Sex))
			}
		}
		for _, wn := range warns {
			out.Warnings = append(out.Warnings, wn.Render(lang))
		}
		if len(out.Warnings) > 0 {
			out.Message += onetrip.Semicolon(lang) + strings.Join(out.Warnings, onetrip.Semicolon(lang))
		}
		w.identify(r, &out, typ)
	}
	httpx.WriteJSON(rw, http.StatusOK, out)
}

// windowFormData is the intake form's state.
type windowFormData struct {
	Item, Bundle, Title string
	Steps               []string
	Rows                []markRow
	Applicant           intake.Applicant
	ApplicantRole       string       // the role the applicant plays, when the guide names parties (卖方)
	Others              []partyField // the further parties the guide names
	Roles               []catalog.PartyRole
	UseAgent            bool
	USCCConfirmed       bool // the clerk compared an early USCC with the paper licence
	Agent               intake.Agent
	Delivery            string
	Deliveries          []option
	RefuseReason        string
	RefuseBasis         string
	Idem                string
	F                   *findings
	Missing             []noticeRow // the precheck's notice when the button did not fit
	LookedUp            bool        // the form answers a lookup: the shared rows are marked
}

// Findings are the form's problems (for shared partials).
func (d *windowFormData) Findings() *findings { return d.F }

// option is one entry of a select.
type option struct{ Value, Label string }

func (w *Web) windowFormFor(r *http.Request, lang onetrip.Lang) (*windowFormData, *checklist, error) {
	item, bundle := r.FormValue("item"), r.FormValue("bundle")
	cl, err := w.loadChecklist(r.Context(), item, bundle, nil)
	if err != nil {
		return nil, nil, err
	}
	d := &windowFormData{Item: item, Bundle: bundle, Title: cl.Title, Applicant: intake.Applicant{Type: intake.ApplicantPerson}, Idem: auth.NewToken("")}
	if len(cl.Steps) > 1 {
		for _, it := range cl.Steps {
			d.Steps = append(d.Steps, it.Name)
		}
	}
	for _, dv := range cl.Delivery {
		d.Deliveries = append(d.Deliveries, option{string(dv), dv.Label(lang)})
	}
	if d.Rows, err = w.rows(r.Context(), lang, cl); err != nil {
		return nil, nil, err
	}
	if d.Roles = cl.Parties(); len(d.Roles) > 0 {
		d.ApplicantRole = d.Roles[0].Label(lang)
		d.Others = partyFields(lang, d.Roles, nil)
	}
	return d, cl, nil
}

func (w *Web) windowForm(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireUser(rw, r, onetrip.RoleClerk, onetrip.RoleAgent)
	if !ok {
		return
	}
	pg := w.page(r, "ui.win.new", nil)
	d, _, err := w.windowFormFor(r, pg.Lang)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	if p.Role == onetrip.RoleAgent { // an agent (代办员) always applies on someone's behalf
		d.UseAgent, d.Agent.Name, d.Agent.IDNumber = true, p.Name, p.IDNumber
	}
	if len(d.Deliveries) > 0 {
		d.Delivery = d.Deliveries[len(d.Deliveries)-1].Value
		for _, o := range d.Deliveries {
			if o.Value == string(catalog.DeliveryCourier) {
				d.Delivery = o.Value
			}
		}
	}
	pg.Data, pg.Title = d, d.Title
	w.render(rw, r, "window_form", http.StatusOK, pg)
}

func (w *Web) windowSubmit(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireUser(rw, r, onetrip.RoleClerk, onetrip.RoleAgent)
	if !ok || !w.postForm(rw, r) {
		return
	}
	ctx := r.Context()
	idem := formIdem(p, r)
	if w.replayed(rw, r, idem, toResult) {
		return
	}
	pg := w.page(r, "ui.win.new", nil)
	d, _, err := w.windowFormFor(r, pg.Lang)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	pg.Data, pg.Title = d, d.Title
	d.Idem = r.PostFormValue("idem")
	marks, at := readMarks(r, d.Rows)
	d.Applicant = intake.Applicant{Type: r.PostFormValue("applicant_type"), Name: r.PostFormValue("applicant_name"), IDNumber: r.PostFormValue("applicant_id")}
	d.UseAgent = r.PostFormValue("use_agent") != "" || p.Role == onetrip.RoleAgent
	d.Agent = intake.Agent{Name: r.PostFormValue("agent_name"), IDNumber: r.PostFormValue("agent_id"), Authorisation: r.PostFormValue("agent_auth")}
	d.Delivery = r.PostFormValue("delivery")
	d.USCCConfirmed = r.PostFormValue("uscc_confirmed") != "" && p.Role == onetrip.RoleClerk
	d.RefuseReason, d.RefuseBasis = r.PostFormValue("refuse_reason"), r.PostFormValue("refuse_basis")
	others := readParties(r, d.Roles)
	d.Others = partyFields(pg.Lang, d.Roles, others)
	if err := w.markHeld(ctx, d.Rows, d.Applicant.Type, d.Applicant.IDNumber); err != nil {
		w.renderError(rw, r, err)
		return
	}
	if err := w.markParties(ctx, d.Rows, d.Roles, d.Applicant, others); err != nil {
		w.renderError(rw, r, err)
		return
	}
	sub := casework.Submission{Item: d.Item, Bundle: d.Bundle, Region: p.Region, Channel: intake.ChannelWindow, Applicant: d.Applicant,
		Parties: others, Materials: marks, Delivery: d.Delivery, USCCConfirmed: d.USCCConfirmed}
	if d.UseAgent {
		ag := d.Agent
		sub.Channel, sub.Agent = intake.ChannelAgent, &ag
	}
	action := r.PostFormValue("action")
	switch action {
	case "lookup": // 查询证照库和共享数据: the form again, with what the library and shared data hold marked 免提交
		d.LookedUp = true
		if err := w.markShared(ctx, pg.Lang, p, d.Rows, d.Applicant.Type, d.Applicant.IDNumber, d.Title); err != nil {
			w.renderError(rw, r, err)
			return
		}
		if err := w.markSharedParties(ctx, pg.Lang, p, d.Rows, d.Roles, others, d.Title); err != nil {
			w.renderError(rw, r, err)
			return
		}
		w.render(rw, r, "window_form", http.StatusOK, pg)
		return
	case "refuse":
		sub.Refusal = &casework.Refusal{Reason: strings.TrimSpace(d.RefuseReason), LegalBasis: strings.TrimSpace(d.RefuseBasis)}
	case "accept", "notice":
		if msg, missing := w.buttonFits(r, sub, action == "accept"); msg != "" {
			d.F = &findings{List: []finding{{Label: pg.T("ui.win.problem"), Message: msg}}}
			d.Missing = missing
			w.render(rw, r, "window_form", http.StatusUnprocessableEntity, pg)
			return
		}
	default:
		w.renderError(rw, r, onetrip.Invalid("ui.adm.bad_action", action))
		return
	}
	c, err := w.store.SubmitCase(ctx, p, sub, idem)
	if err != nil {
		if w.replayed(rw, r, idem, toResult) {
			return
		}
		status, _ := httpx.Body(err, pg.Lang)
		d.F = caseFindings(pg.Lang, err, d.Rows, at)
		w.render(rw, r, "window_form", status, pg)
		return
	}
	w.log.Info("window intake", "case", c.Number, "status", c.Status, "clerk", p.Username)
	http.Redirect(rw, r, "/window/result/"+c.ID, http.StatusSeeOther)
}

// buttonFits checks the pressed button against the marks before anything
// is written: 受理 needs a complete checklist, 一次性告知 an incomplete
// one. It returns the message to show (and the notice the marks would
// give) when they do not fit; "" when they do or the precheck itself
// fails (the store then reports every problem).
func (w *Web) buttonFits(r *http.Request, sub casework.Submission, accept bool) (string, []noticeRow) {
	lang := httpx.PageLang(r)
	ev, err := w.store.Precheck(r.Context(), httpx.Principal(r.Context()), sub)
	if err != nil {
		return "", nil
	}
	switch {
	case accept && !ev.Complete:
		return onetrip.Render(lang, "ui.win.cannot_accept", len(ev.Notice)), noticeRows(lang, ev.Notice, nil)
	case !accept && ev.Complete:
		return onetrip.Render(lang, "ui.win.nothing_to_notice"), nil
	}
	return "", nil
}

// noticeRow is one line of a correction notice as shown and printed.
type noticeRow struct {
	Name, Problem, Reason, Guide string
	Breach                       bool
}

func noticeRows(lang onetrip.Lang, items, breaches []intake.NoticeItem) []noticeRow {
	br := map[string]bool{}
	for _, b := range breaches {
		br[b.Key] = true
	}
	out := make([]noticeRow, 0, len(items))
	for _, it := range items {
		out = append(out, noticeRow{Name: it.Name, Problem: onetrip.Render(lang, "ui.notice.problem."+string(it.Problem)),
			Reason: it.ReasonText(lang), Guide: it.GuideFor(lang), Breach: br[it.Key]})
	}
	return out
}

// windowResultData is the page after a decision at the window.
type windowResultData struct {
	Case   casework.Case
	Notice []noticeRow
	Status string
	Fees   *feesData // fees due at acceptance: paid at the window while the applicant is there
}

func (w *Web) windowResult(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireUser(rw, r)
	if !ok {
		return
	}
	c, err := w.visibleCase(r.Context(), p, r.PathValue("id"))
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	pg := w.page(r, "ui.win.result", nil)
	d := &windowResultData{Case: policy.MaskCase(p, c, policy.Opened, ""), Status: string(c.Status)}
	if c.Notice != nil && c.Notice.Kind == casework.NoticeCorrection {
		d.Notice = noticeRows(pg.Lang, c.Notice.Items, c.Notice.Breaches)
	}
	d.Fees = w.caseFees(pg, p, &c)
	pg.Data = d
	w.render(rw, r, "window_result", http.StatusOK, pg)
}
