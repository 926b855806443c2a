package web

import (
	"net/http"
	"net/url"
	"slices"

	"onetrip"
	"onetrip/policy"
	"onetrip/sqlstore"
	"onetrip/supervision"
)

// Clock alerts (预警): a case's or task's clock turned due-soon or overdue,
// raised once each by the clock watch. A department's reviewers see their
// department's, supervisors and admins their region's; opening the page
// marks them seen, and the header counts the unseen.

type alertRow struct {
	A                  supervision.Alert
	At                 string
	StepName, DeptName string
	New                bool // raised since the user last looked
}

type alertsView struct {
	Region  string
	Regions []regionOpt
	Kind    string
	Kinds   []supervision.AlertKind
	Rows    []alertRow
	Unread  int
	Next    string
}

const alertPage = 50

func (w *Web) alertsPage(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireUser(rw, r, onetrip.RoleReviewer, onetrip.RoleSupervisor, onetrip.RoleAdmin)
	if !ok {
		return
	}
	ctx := r.Context()
	q := r.URL.Query()
	v := &alertsView{Kind: q.Get("kind"), Kinds: supervision.AlertKinds}
	if regionalViewer(p) {
		v.Region = q.Get("region")
	}
	dept, prefix, err := policy.SupervisionScope(p, v.Region)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	aq := sqlstore.AlertQuery{Department: dept, RegionPrefix: prefix, Kind: supervision.AlertKind(v.Kind), Before: q.Get("before"), Limit: alertPage}
	if aq.Kind != "" && !slices.Contains(supervision.AlertKinds, aq.Kind) {
		w.renderError(rw, r, onetrip.Invalid("http.bad_query", "kind", v.Kind))
		return
	}
	// The unseen come first (newest first): on the first unfiltered page
	// they are the first rows. Counted before they are marked seen.
	unread, err := w.store.UnreadAlerts(ctx, p.UserID, sqlstore.AlertQuery{Department: dept, RegionPrefix: prefix})
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	list, err := w.store.Alerts(ctx, aq)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	if err := w.store.SeeAlerts(ctx, p.UserID); err != nil {
		w.renderError(rw, r, err)
		return
	}
	v.Unread = unread
	refs, err := w.store.Refs(ctx)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	depts := []string{}
	for _, a := range list {
		depts = append(depts, a.Department)
	}
	names := w.deptNames(ctx, depts...)
	fresh := aq.Kind == "" && aq.Before == ""
	for i, a := range list {
		row := alertRow{A: a, At: timeOf(a.At), DeptName: names[a.Department], New: fresh && i < unread}
		if a.Step != "" {
			row.StepName = or(refs.Items[a.Step].Name, a.Step)
		}
		v.Rows = append(v.Rows, row)
	}
	if len(list) == alertPage {
		nx := url.Values{"before": {sqlstore.AlertCursor(list[len(list)-1])}}
		if v.Kind != "" {
			nx.Set("kind", v.Kind)
		}
		if v.Region != "" {
			nx.Set("region", v.Region)
		}
		v.Next = "/alerts?" + nx.Encode()
	}
	if regionalViewer(p) {
		if v.Regions, err = w.regionTree(ctx, p.Region, countyDepth(p.Region)); err != nil {
			w.renderError(rw, r, err)
			return
		}
		if v.Region == "" {
			v.Region = p.Region
		}
	}
	w.render(rw, r, "alerts", http.StatusOK, w.page(r, "ui.alerts.title", v))
}

// alertCounter is the header's count of p's unseen alerts: for reviewers,
// supervisors and admins with a scope, one COUNT when the layout asks (a
// print view or a script never does); nil for everyone else.
func (w *Web) alertCounter(r *http.Request, p *onetrip.Principal) func() int {
	if p == nil || !p.Is(onetrip.RoleReviewer, onetrip.RoleSupervisor, onetrip.RoleAdmin) || viaToken(r) {
		return nil
	}
	dept, prefix, err := policy.SupervisionScope(p, "")
	if err != nil {
		return nil
	}
	n, done := 0, false
	return func() int {
		if !done {
			done = true
			// A count that fails costs the badge, never the page.
			if c, err := w.store.UnreadAlerts(r.Context(), p.UserID, sqlstore.AlertQuery{Department: dept, RegionPrefix: prefix}); err == nil {
				n = c
			}
		}
		return n
	}
}

// AlertCount is the number of alerts the user has not seen (0 for roles
// without alerts and for visitors).
func (p *Page) AlertCount() int {
	if p.alerts == nil {
		return 0
	}
	return p.alerts()
}
