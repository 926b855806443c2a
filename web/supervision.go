package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"

	"onetrip"
	"onetrip/casework"
	"onetrip/intake"
	"onetrip/policy"
	"onetrip/sqlstore"
	"onetrip/workday"
)

// Supervision of cases (电子监察): the cases of a region with their clocks,
// visits and the two breaches the reform counts — a second notice naming a
// new material, and counted trips above the promise — filterable and
// exportable to Excel.

type supRow struct {
	Case  casework.Case
	Clock string
	Due   string
}

type supData struct {
	Region, RegionName string
	Regions            []regionOpt
	Status             string
	Statuses           []intake.Status
	Breach, Overdue    bool
	Item, Department   string // drill-downs from the dashboard: one item or bundle, one department's tasks
	ItemName, DeptName string
	From, To           string // YYYY-MM-DD (China): submitted on or after From, on or before To
	Rows               []supRow
	Breaches           int
	XLSXHref           string
	Next, Prev         string
	Audit              *sqlstore.AuditReport // the newest audit run
	Checkpoint         *casework.Checkpoint  // the newest signed checkpoint
}

const supPage = 100

// supervisionRows reads the filtered cases of the request's region.
func (w *Web) supervisionRows(rw http.ResponseWriter, r *http.Request) (*onetrip.Principal, *supData, bool) {
	p, region, ok := w.coverageRegion(rw, r)
	if !ok {
		return nil, nil, false
	}
	ctx := r.Context()
	q := r.URL.Query()
	d := &supData{Region: region, Status: q.Get("status"), Statuses: intake.Statuses, Breach: q.Get("breach") != "", Overdue: q.Get("overdue") != "",
		Item: strings.TrimSpace(q.Get("item")), Department: strings.TrimSpace(q.Get("department")), From: q.Get("from"), To: q.Get("to")}
	scope, err := policy.CaseScope(p, region)
	if err != nil {
		w.renderError(rw, r, err)
		return nil, nil, false
	}
	now := w.store.Now()
	cq := sqlstore.CaseQuery{Scope: scope, Breach: d.Breach, Overdue: d.Overdue, Today: workday.DateOf(now).String(), After: q.Get("after"), Limit: supPage,
		Item: d.Item}
	for name, v := range map[string]string{"item": d.Item, "department": d.Department} {
		if len(v) > 100 {
			w.renderError(rw, r, onetrip.Invalid("http.bad_query", name, v[:100]))
			return nil, nil, false
		}
	}
	// A department narrows the region's cases to those with one of its
	// tasks; the region scope stays.
	cq.Scope.Department = d.Department
	// The period bounds the submission time: From is the first day's
	// midnight in China, To the midnight after the last day.
	for _, b := range []struct {
		name, v string
		into    *time.Time
		next    int
	}{{"from", d.From, &cq.From, 0}, {"to", d.To, &cq.To, 1}} {
		if b.v == "" {
			continue
		}
		day, err := workday.Parse(b.v)
		if err != nil {
			w.renderError(rw, r, onetrip.Invalid("http.bad_query", b.name, b.v))
			return nil, nil, false
		}
		*b.into = day.AddDays(b.next).Time()
	}
	if d.Status != "" {
		for _, s := range strings.Split(d.Status, ",") {
			if !intake.Status(s).Valid() {
				w.renderError(rw, r, onetrip.Invalid("http.bad_query", "status", s))
				return nil, nil, false
			}
			cq.Status = append(cq.Status, intake.Status(s))
		}
	}
	list, err := w.store.Cases(ctx, cq)
	if err != nil {
		w.renderError(rw, r, err)
		return nil, nil, false
	}
	cal, err := w.store.Calendar(ctx)
	if err != nil {
		w.renderError(rw, r, err)
		return nil, nil, false
	}
	for _, c := range list {
		// The clock from the row (its due date follows suspensions): one
		// query for the page, not one per case.
		row := supRow{Case: policy.MaskCase(p, c, policy.InList, ""), Due: c.DueDate, Clock: casework.ListClock(cal, &c, now)}
		if c.SecondNotice || c.Visits.Breach {
			d.Breaches++
		}
		d.Rows = append(d.Rows, row)
	}
	base := url.Values{"region": {region}}
	if d.Status != "" {
		base.Set("status", d.Status)
	}
	if d.Breach {
		base.Set("breach", "1")
	}
	if d.Overdue {
		base.Set("overdue", "1")
	}
	for k, v := range map[string]string{"item": d.Item, "department": d.Department, "from": d.From, "to": d.To} {
		if v != "" {
			base.Set(k, v)
		}
	}
	d.XLSXHref = "/supervision/cases.xlsx?" + base.Encode()
	if len(list) == supPage {
		nx := url.Values{}
		for k, v := range base {
			nx[k] = v
		}
		nx.Set("after", sqlstore.CaseCursor(&list[len(list)-1]))
		d.Next = "/supervision/cases?" + nx.Encode()
	}
	if cq.After != "" {
		d.Prev = "/supervision/cases?" + base.Encode() // keyset pages go forward; back is the first page
	}
	if path, err := w.store.RegionPath(ctx, region); err == nil {
		d.RegionName = sqlstore.FullName(path)
	}
	if d.Department != "" {
		d.DeptName = w.deptNames(ctx, d.Department)[d.Department]
	}
	if d.Item != "" {
		if refs, err := w.store.Refs(ctx); err == nil {
			d.ItemName = refs.Items[d.Item].Name
		}
	}
	if a, ok, err := w.store.LastAudit(ctx); err == nil && ok {
		if len(a.Problems) > 20 {
			a.Problems = a.Problems[:20]
		}
		d.Audit = &a
	}
	if cp, ok, err := w.store.LastCheckpoint(ctx); err == nil && ok {
		d.Checkpoint = &cp
	}
	if d.Regions, err = w.regionTree(ctx, p.Region, countyDepth(p.Region)); err != nil {
		w.renderError(rw, r, err)
		return nil, nil, false
	}
	return p, d, true
}

func (w *Web) supervisionCases(rw http.ResponseWriter, r *http.Request) {
	_, d, ok := w.supervisionRows(rw, r)
	if !ok {
		return
	}
	w.render(rw, r, "supervision_cases", http.StatusOK, w.page(r, "ui.sup.title", d))
}

// regionNames names regions for a report (浙江省衢州市柯城区), each looked
// up once per export; an unknown code names itself.
func (w *Web) regionNames(ctx context.Context) func(code string) string {
	seen := map[string]string{}
	return func(code string) string {
		if n, ok := seen[code]; ok {
			return n
		}
		n := code
		if path, err := w.store.RegionPath(ctx, code); err == nil && len(path) > 0 {
			n = sqlstore.FullName(path)
		}
		seen[code] = n
		return n
	}
}

// supHeaders are the Excel columns; the sheet is for Chinese reports.
var supHeaders = []any{"办件编号", "事项或一件事", "申请人", "状态", "受理时间", "承诺办结日期", "时限状态", "跑动次数", "计入承诺的跑动", "承诺最多跑动",
	"超过承诺跑动", "二次告知", "渠道", "地区代码", "地区"}

func (w *Web) supervisionXLSX(rw http.ResponseWriter, r *http.Request) {
	_, d, ok := w.supervisionRows(rw, r)
	if !ok {
		return
	}
	yes := func(b bool) string {
		if b {
			return "是"
		}
		return "否"
	}
	sh := xlsxSheet{Name: "办件", Headers: supHeaders, Widths: map[string]float64{"A:B": 26, "E": 17, "F": 12, "O": 28}}
	names := w.regionNames(r.Context())
	for _, row := range d.Rows {
		c := row.Case
		var clock any
		if row.Clock != "" {
			clock = onetrip.Render(onetrip.LangZH, "workday.status."+row.Clock)
		}
		sh.Rows = append(sh.Rows, []any{c.Number, c.Title, xlsxText(c.Applicant.Name), c.Status.Label(onetrip.LangZH), xlsxTime(c.AcceptedAt), xlsxDate(row.Due), clock, c.Visits.Total,
			c.Visits.Counted, c.MaxVisits, yes(c.Visits.Breach), yes(c.SecondNotice), onetrip.Render(onetrip.LangZH, "ui.case.channel."+string(c.Channel)), c.Region, names(c.Region)})
	}
	w.sendXLSX(rw, r, "cases-"+d.Region+".xlsx", sh)
}
