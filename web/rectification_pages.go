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
	"onetrip/sqlstore"
	"onetrip/supervision"
)

// Rectifications (差评整改): the work a bad rating opens — contact the rater
// within a working day, rectify and answer within fifteen. A department's
// reviewers see and answer their department's, a centre's clerks their
// window's, supervisors and admins follow their region's.

type rectRow struct {
	X    supervision.Rectification
	Resp string // the responsible department or centre, by name
}

type rectTab struct {
	Key, Href string
	Active    bool
}

type rectListView struct {
	Region  string
	Regions []regionOpt // supervisors and admins narrow by region
	State   string
	Overdue bool
	Tabs    []rectTab
	Rows    []rectRow
	// OverdueHref toggles the overdue filter, keeping the tab.
	OverdueHref string
}

// rectScope is the rectifications p sees, as the API reads them: a clerk
// its centre's window ratings, everyone else their supervision scope.
func rectScope(p *onetrip.Principal, region string) (sqlstore.RectQuery, error) {
	if p.Is(onetrip.RoleClerk) && p.Center != "" {
		return sqlstore.RectQuery{Center: p.Center}, nil
	}
	dept, prefix, err := policy.SupervisionScope(p, region)
	return sqlstore.RectQuery{Department: dept, RegionPrefix: prefix}, err
}

// regionalViewer reports whether p reads supervision records by region
// (and may narrow them by one).
func regionalViewer(p *onetrip.Principal) bool {
	return p.Is(onetrip.RoleSupervisor, onetrip.RoleAdmin) && !policy.DepartmentAdmin(p) && p.Region != ""
}

// respNames names the responsible department or centre of each row, each
// looked up once.
func (w *Web) respNames(ctx context.Context, xs []supervision.Rectification) []rectRow {
	depts := []string{}
	for _, x := range xs {
		depts = append(depts, x.Department)
	}
	names := w.deptNames(ctx, depts...)
	centres := map[string]string{}
	out := make([]rectRow, 0, len(xs))
	for _, x := range xs {
		row := rectRow{X: x, Resp: names[x.Department]}
		if x.Department == "" && x.Center != "" {
			n, ok := centres[x.Center]
			if !ok {
				n = x.Center
				if c, err := w.store.Center(ctx, x.Center); err == nil {
					n = c.Name
				}
				centres[x.Center] = n
			}
			row.Resp = n
		}
		out = append(out, row)
	}
	return out
}

func (w *Web) rectifications(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireUser(rw, r, onetrip.RoleReviewer, onetrip.RoleClerk, onetrip.RoleSupervisor, onetrip.RoleAdmin)
	if !ok {
		return
	}
	ctx := r.Context()
	q := r.URL.Query()
	v := &rectListView{State: q.Get("state"), Overdue: q.Get("overdue") != "" && q.Get("overdue") != "false"}
	if regionalViewer(p) {
		v.Region = q.Get("region")
	}
	rq, err := rectScope(p, v.Region)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	if v.State != "" && !slices.Contains(supervision.RectStates, supervision.RectState(v.State)) {
		w.renderError(rw, r, onetrip.Invalid("http.bad_query", "state", v.State))
		return
	}
	rq.State, rq.Overdue, rq.Limit = supervision.RectState(v.State), v.Overdue, 500
	list, err := w.store.Rectifications(ctx, rq)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	v.Rows = w.respNames(ctx, list)
	href := func(state string, overdue bool) string {
		u := url.Values{}
		if v.Region != "" {
			u.Set("region", v.Region)
		}
		if state != "" {
			u.Set("state", state)
		}
		if overdue {
			u.Set("overdue", "1")
		}
		if len(u) == 0 {
			return "/rectifications"
		}
		return "/rectifications?" + u.Encode()
	}
	v.Tabs = append(v.Tabs, rectTab{Key: "ui.rect.tab.all", Href: href("", v.Overdue), Active: v.State == ""})
	for _, s := range supervision.RectStates {
		v.Tabs = append(v.Tabs, rectTab{Key: s.Key(), Href: href(string(s), v.Overdue), Active: v.State == string(s)})
	}
	v.OverdueHref = href(v.State, !v.Overdue)
	if regionalViewer(p) {
		if v.Regions, err = w.regionTree(ctx, p.Region, countyDepth(p.Region)); err != nil {
			w.renderError(rw, r, err)
			return
		}
		if v.Region == "" {
			v.Region = p.Region
		}
	}
	w.render(rw, r, "rectifications", http.StatusOK, w.page(r, "ui.rect.title", v))
}

type rectView struct {
	X      supervision.Rectification
	Rating *ratingRow
	Resp   string
	CanAct bool
	// A refused step: what was typed, which form, and why.
	Action, Text, Err string
}

func (w *Web) rectification(rw http.ResponseWriter, r *http.Request) {
	w.showRectification(rw, r, http.StatusOK, nil)
}

func (w *Web) showRectification(rw http.ResponseWriter, r *http.Request, status int, answer func(pg *Page, v *rectView)) {
	p, ok := w.requireUser(rw, r)
	if !ok {
		return
	}
	ctx := r.Context()
	x, err := w.store.Rectification(ctx, p, r.PathValue("id"))
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	pg := w.page(r, "ui.rect.one", nil)
	v := &rectView{X: x, CanAct: policy.Rectify(p, &x) == nil && x.State != supervision.RectAnswered}
	v.Resp = w.respNames(ctx, []supervision.Rectification{x})[0].Resp
	if list, err := w.store.CaseRatings(ctx, x.CaseID); err == nil {
		for _, rt := range list {
			if rt.ID == x.RatingID {
				row := ratingRows([]supervision.Rating{rt})[0]
				v.Rating = &row
			}
		}
	}
	switch r.URL.Query().Get("done") {
	case "contact":
		pg.Flash = pg.T("ui.rect.flash.contact")
	case "answer":
		pg.Flash = pg.T("ui.rect.flash.answer")
	}
	if answer != nil {
		answer(pg, v)
	}
	pg.Title = pg.T("ui.rect.one") + " " + x.CaseNumber
	pg.Data = v
	w.render(rw, r, "rectification", status, pg)
}

// rectificationStep records a contact or an answer, held to the version
// the form was shown with: a change meanwhile is the store's 409, shown on
// the page with what was typed.
func (w *Web) rectificationStep(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireUser(rw, r)
	if !ok || !w.postForm(rw, r) {
		return
	}
	id := r.PathValue("id")
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	st := sqlstore.RectStep{Action: r.PostFormValue("action"), Text: strings.TrimSpace(r.PostFormValue("text")), Version: version}
	if _, err := w.store.StepRectification(r.Context(), p, id, st); err != nil {
		status, body := httpx.Body(err, httpx.PageLang(r))
		if status == http.StatusNotFound {
			w.renderError(rw, r, err)
			return
		}
		w.showRectification(rw, r, status, func(pg *Page, v *rectView) {
			v.Action, v.Text, v.Err = st.Action, st.Text, errorText(pg.Lang, body)
		})
		return
	}
	http.Redirect(rw, r, "/rectifications/"+id+"?done="+url.QueryEscape(st.Action), http.StatusSeeOther)
}
