package web

import (
	"net/http"
	"strconv"
	"strings"

	"onetrip"
	"onetrip/auth"
	"onetrip/casework"
	"onetrip/httpx"
	"onetrip/intake"
	"onetrip/policy"
	"onetrip/sqlstore"
)

// The window's queues: cases waiting at the window (online submissions in
// pre-review, corrections the applicant brings back), results to hand out
// (出件), and deferred materials whose reminders are due.

type queueData struct {
	Title string
	Cases []casework.Case
	Today string
	Flash string
	Done  string // the case just handed over: its receipt can be printed
}

// windowCases lists the region's cases in some statuses, as a list shows
// them (ID numbers masked).
func (w *Web) windowCases(r *http.Request, p *onetrip.Principal, st ...intake.Status) ([]casework.Case, error) {
	scope, err := policy.CaseScope(p, "")
	if err != nil {
		return nil, err
	}
	list, err := w.store.Cases(r.Context(), sqlstore.CaseQuery{Scope: scope, Status: st, Limit: 200})
	for i := range list {
		list[i] = policy.MaskCase(p, list[i], policy.InList, "")
	}
	return list, err
}

func (w *Web) windowQueue(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireUser(rw, r, onetrip.RoleClerk)
	if !ok {
		return
	}
	list, err := w.windowCases(r, p, intake.StatusSubmitted, intake.StatusNeedsCorrection)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	w.render(rw, r, "window_queue", http.StatusOK, w.page(r, "ui.win.queue", &queueData{Cases: list}))
}

// windowReviewData is the form deciding a case waiting at the window.
type windowReviewData struct {
	Case         casework.Case
	Rows         []markRow
	Notice       []noticeRow
	InPerson     bool
	RefuseReason string
	RefuseBasis  string
	Idem         string
	F            *findings
	Missing      []noticeRow
	Open         bool // the case waits at the window: the form is shown
}

// reviewRows are the case's checklist (as submitted) with each entry's
// current state preselected: what was received stays unless the clerk
// changes it.
func (w *Web) reviewRows(r *http.Request, lang onetrip.Lang, c *casework.Case) ([]markRow, error) {
	cl, err := w.loadChecklist(r.Context(), c.Item, c.Bundle, c)
	if err != nil {
		return nil, err
	}
	rows, err := w.rows(r.Context(), lang, cl)
	if err != nil {
		return nil, err
	}
	byKey := map[string]casework.Material{}
	for _, m := range c.Materials {
		byKey[m.Key] = m
	}
	for i := range rows {
		m, ok := byKey[rows[i].Key]
		if !ok {
			continue
		}
		rows[i].State, rows[i].Files = string(m.State), m.Files
		if ref, href := matRef(m); ref != "" {
			rows[i].Held, rows[i].HeldHref = ref, href
		}
		rows[i].Choice = defaultChoice(string(m.State))
		if m.State == intake.StateDefective {
			rows[i].Reason = m.Reason
		}
	}
	return rows, nil
}

// defaultChoice is the radio an entry's state preselects.
func defaultChoice(state string) string {
	switch state {
	case "received", "deferred", "defective":
		return state
	}
	return "missing" // missing, and fetched: "fetch it"
}

// changedMarks keeps the marks that change something: an entry already
// received, deferred or fetched and left as it was is not marked again,
// so its file and reference stay on the case.
func changedMarks(rows []markRow, marks []intake.Mark, at []int) ([]intake.Mark, []int) {
	out := []intake.Mark{}
	var idx []int
	for i, m := range marks {
		row := rows[at[i]]
		switch row.State {
		case "received", "deferred", "fetched":
			if row.Choice == defaultChoice(row.State) {
				continue
			}
		}
		out = append(out, m)
		idx = append(idx, at[i])
	}
	return out, idx
}

func (w *Web) windowReviewLoad(rw http.ResponseWriter, r *http.Request, p *onetrip.Principal) (*Page, *windowReviewData, bool) {
	c, err := w.visibleCase(r.Context(), p, r.PathValue("id"))
	if err != nil {
		w.renderError(rw, r, err)
		return nil, nil, false
	}
	pg := w.page(r, "ui.win.review", nil)
	d := &windowReviewData{Case: c, InPerson: c.Status == intake.StatusNeedsCorrection, Idem: auth.NewToken(""),
		Open: c.Status == intake.StatusSubmitted || c.Status == intake.StatusNeedsCorrection}
	if d.Rows, err = w.reviewRows(r, pg.Lang, &c); err != nil {
		w.renderError(rw, r, err)
		return nil, nil, false
	}
	if c.Notice != nil && c.Notice.Kind == casework.NoticeCorrection {
		d.Notice = noticeRows(pg.Lang, c.Notice.Items, c.Notice.Breaches)
	}
	pg.Data = d
	pg.Title = pg.T("ui.win.review") + " · " + c.Number
	return pg, d, true
}

func (w *Web) windowReviewForm(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireUser(rw, r, onetrip.RoleClerk)
	if !ok {
		return
	}
	pg, d, ok := w.windowReviewLoad(rw, r, p)
	if !ok {
		return
	}
	status := http.StatusOK
	if d.Case.Status != intake.StatusSubmitted && d.Case.Status != intake.StatusNeedsCorrection {
		pg.Error = pg.T("store.case.wrong_status", pg.T(d.Case.Status.Key()))
		status = http.StatusConflict
	}
	w.render(rw, r, "window_review", status, pg)
}

func (w *Web) windowReviewSubmit(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireUser(rw, r, onetrip.RoleClerk)
	if !ok || !w.postForm(rw, r) {
		return
	}
	ctx := r.Context()
	idem := formIdem(p, r)
	if w.replayed(rw, r, idem, toResult) {
		return
	}
	pg, d, ok := w.windowReviewLoad(rw, r, p)
	if !ok {
		return
	}
	d.Idem = r.PostFormValue("idem")
	all, allAt := readMarks(r, d.Rows)
	marks, at := changedMarks(d.Rows, all, allAt)
	d.InPerson = r.PostFormValue("in_person") != ""
	d.RefuseReason, d.RefuseBasis = r.PostFormValue("refuse_reason"), r.PostFormValue("refuse_basis")
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	rv := casework.Review{Materials: marks, InPerson: d.InPerson, Version: version}
	action := r.PostFormValue("action")
	switch action {
	case "refuse":
		rv.Refusal = &casework.Refusal{Reason: strings.TrimSpace(d.RefuseReason), LegalBasis: strings.TrimSpace(d.RefuseBasis)}
	case "accept", "notice":
		c := d.Case
		sub := casework.Submission{Item: c.Item, Bundle: c.Bundle, Region: c.Region, Applicant: c.Applicant, Materials: all}
		if msg, missing := w.buttonFits(r, sub, action == "accept"); msg != "" {
			d.F = &findings{List: []finding{{Label: pg.T("ui.win.problem"), Message: msg}}}
			d.Missing = missing
			w.render(rw, r, "window_review", http.StatusUnprocessableEntity, pg)
			return
		}
	default:
		w.renderError(rw, r, onetrip.Invalid("ui.adm.bad_action", action))
		return
	}
	c, err := w.store.ReviewCase(ctx, p, d.Case.ID, rv, idem)
	if err != nil {
		if w.replayed(rw, r, idem, toResult) {
			return
		}
		status, _ := httpx.Body(err, pg.Lang)
		d.F = caseFindings(pg.Lang, err, d.Rows, at)
		w.render(rw, r, "window_review", status, pg)
		return
	}
	http.Redirect(rw, r, "/window/result/"+c.ID, http.StatusSeeOther)
}

func (w *Web) windowPickups(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireUser(rw, r, onetrip.RoleClerk)
	if !ok {
		return
	}
	scope, err := policy.CaseScope(p, "")
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	list, err := w.store.Pickups(r.Context(), scope)
	for i := range list {
		list[i] = policy.MaskCase(p, list[i], policy.InList, "")
	}
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	pg := w.page(r, "ui.win.pickups", nil)
	d := &queueData{Cases: list}
	if id := r.URL.Query().Get("done"); id != "" {
		if c, err := w.visibleCase(r.Context(), p, id); err == nil && c.Status == intake.StatusClosed {
			d.Flash, d.Done = pg.T("ui.win.handed_over", c.Number), c.ID
		}
	}
	pg.Data = d
	w.render(rw, r, "window_pickups", http.StatusOK, pg)
}

// windowDeferred lists accepted cases with deferred materials (容缺)
// outstanding; those past their due date need a reminder.
func (w *Web) windowDeferred(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireUser(rw, r, onetrip.RoleClerk)
	if !ok {
		return
	}
	list, err := w.windowCases(r, p, intake.StatusAccepted, intake.StatusInReview, intake.StatusSuspended)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	d := &queueData{Today: today()}
	for _, c := range list {
		if c.DeferredDue != "" {
			d.Cases = append(d.Cases, c)
		}
	}
	w.render(rw, r, "window_deferred", http.StatusOK, w.page(r, "ui.win.deferred", d))
}
