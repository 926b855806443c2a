package web

import (
	"html/template"
	"math"
	"net/http"
	"net/url"
	"sort"
	"strconv"

	"onetrip"
	"onetrip/chart"
	"onetrip/policy"
	"onetrip/sqlstore"
	"onetrip/supervision"
	"onetrip/workday"
)

// The supervision dashboard (电子监察总览): a region's measures over a
// period — the headline figures, the on-time trend, the child regions side
// by side and ranked, the worst items and departments — each figure a link
// to the cases behind it, exportable to Excel and printable on A4. The
// numbers are the store's Overview, the same the API's /stats/overview
// answers.

// Thresholds the dashboard marks: the on-time target line, and the rate
// below which a child region, item or department is shown as lagging.
const (
	dashTarget = 95.0
	dashBad    = 90.0
	dashWorst  = 10 // items and departments listed
)

// dashFigure is one headline figure: its label, the value as shown, the
// counts behind it and the drill-down.
type dashFigure struct {
	ID, Key string
	Value   string
	Note    string
	Href    string
	Bad     bool
}

// dashRow is a child region, item or department with its measures.
type dashRow struct {
	Rank       int // 0: unranked (no rate)
	Code, Name string
	M          supervision.Measures
	Href       string // the drill-down: the child's dashboard, the item's or department's cases
	Bad        bool
}

// dashSort is one way of ranking the child regions.
type dashSort struct {
	Key, Label string
	Href       string
	Active     bool
}

type dashData struct {
	Region, RegionName string
	From, To           string
	Bucket             string
	Regions            []regionOpt
	Figures            []dashFigure
	Trend              template.HTML
	OnTimeBars         template.HTML
	RealisationBars    template.HTML
	Children           []dashRow
	Sorts              []dashSort
	Items, Departments []dashRow
	ItemsTotal         int
	DepartmentsTotal   int
	Windows            []dashRow // the service centres, worst first
	OnlineItems        string    // 事项网办率: "12 / 60 (20.0%)"
	XLSXHref           string
	CasesHref          string
	Refreshed          string // when the page was read (the projection is at most a minute behind)
}

// dashSorts are the rankings the children table offers; the first is the
// default.
var dashSorts = []struct {
	key, label string
	rate       func(m supervision.Measures) supervision.Rate
}{
	{"on_time", "ui.dash.f.on_time", func(m supervision.Measures) supervision.Rate { return m.OnTimeRate }},
	{"realisation", "ui.dash.f.realisation", func(m supervision.Measures) supervision.Rate { return m.RealisationRate }},
	{"zero_trip", "ui.dash.f.zero_trip", func(m supervision.Measures) supervision.Rate { return m.ZeroTripRate }},
	{"online", "ui.dash.f.online", func(m supervision.Measures) supervision.Rate { return m.OnlineShare }},
	{"satisfaction", "ui.dash.f.satisfaction", func(m supervision.Measures) supervision.Rate { return m.SatisfactionRate }},
}

// dashboardQuery reads the request's region and period: the region the
// policy lets the caller read (out of scope: 403), the period as
// supervision parses it (upside down, in the future: 400).
func (w *Web) dashboardQuery(rw http.ResponseWriter, r *http.Request) (*onetrip.Principal, sqlstore.StatsQuery, bool) {
	p, ok := w.requireUser(rw, r, onetrip.RoleSupervisor, onetrip.RoleAdmin)
	if !ok {
		return nil, sqlstore.StatsQuery{}, false
	}
	q := r.URL.Query()
	region, err := policy.StatsRegion(p, q.Get("region"))
	if err != nil {
		w.renderError(rw, r, err)
		return nil, sqlstore.StatsQuery{}, false
	}
	period, err := supervision.ParsePeriod(q.Get("from"), q.Get("to"), workday.DateOf(w.store.Now()))
	if err != nil {
		w.renderError(rw, r, err)
		return nil, sqlstore.StatsQuery{}, false
	}
	return p, sqlstore.StatsQuery{Region: region, Period: period}, true
}

// dashValues are a region and period as query values.
func dashValues(region string, p supervision.Period) url.Values {
	return url.Values{"region": {region}, "from": {p.From.String()}, "to": {p.To.String()}}
}

// casesHref is the supervision case list of a region and period with the
// extra filters (name, value pairs).
func casesHref(region string, p supervision.Period, kv ...string) string {
	v := dashValues(region, p)
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return "/supervision/cases?" + v.Encode()
}

// dashHref is the dashboard of a region over a period.
func dashHref(region string, p supervision.Period, kv ...string) string {
	v := dashValues(region, p)
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return "/supervision/dashboard?" + v.Encode()
}

// rectHref is the rectification list of a region, with extra filters.
func rectHref(region string, kv ...string) string {
	v := url.Values{"region": {region}}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return "/rectifications?" + v.Encode()
}

// fmtRate is a rate as shown: "96.5%", or "—" when nothing was there to
// count.
func fmtRate(r supervision.Rate) string { return chart.Percent(float64(r)) }

// fmtNum is a ratio that is not a percentage (per 100, days): "2.3" or "—".
func fmtNum(r supervision.Rate) string {
	if !r.Known() {
		return "—"
	}
	return strconv.FormatFloat(float64(r), 'f', 1, 64)
}

// below reports whether a known rate is under the threshold.
func below(r supervision.Rate, t float64) bool { return r.Known() && float64(r) < t }

func init() {
	catalogFuncs["rate"] = fmtRate
	catalogFuncs["ratio"] = fmtNum
	catalogFuncs["lagging"] = func(r supervision.Rate) bool { return below(r, dashBad) }
}

func (w *Web) supervisionDashboard(rw http.ResponseWriter, r *http.Request) {
	p, sq, ok := w.dashboardQuery(rw, r)
	if !ok {
		return
	}
	ctx := r.Context()
	o, err := w.store.Overview(ctx, sq)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	pg := w.page(r, "ui.dash.title", nil)
	per := o.Period
	d := &dashData{Region: sq.Region, RegionName: o.Region.Name, From: per.From.String(), To: per.To.String(), Bucket: o.Bucket,
		XLSXHref: "/supervision/dashboard.xlsx?" + dashValues(sq.Region, per).Encode(), CasesHref: casesHref(sq.Region, per),
		ItemsTotal: o.ItemsTotal, DepartmentsTotal: o.DepartmentsTotal, Refreshed: timeOf(w.store.Now())}
	if path, err := w.store.RegionPath(ctx, sq.Region); err == nil {
		d.RegionName = sqlstore.FullName(path)
	}
	if d.Regions, err = w.regionTree(ctx, p.Region, countyDepth(p.Region)); err != nil {
		w.renderError(rw, r, err)
		return
	}
	d.Figures = dashFigures(pg, sq.Region, per, o.Measures)

	// The trend of the on-time rate; each point opens the dashboard of
	// its day or month.
	var pts []chart.Point
	for _, t := range o.Trend {
		from, to := trendSpan(t.Code, o.Bucket, per)
		pts = append(pts, chart.Point{Label: t.Name, Value: float64(t.Measures.OnTimeRate), Href: dashHref(sq.Region, supervision.Period{From: from, To: to})})
	}
	pct := chart.Options{Max: 100, Format: chart.Percent}
	d.Trend = template.HTML(chart.Line(pg.T("ui.dash.chart.trend", pg.T("ui.dash.bucket."+o.Bucket)), pts, pct, dashTarget))

	// The children side by side and ranked.
	if len(o.Children) > 0 {
		var onTime, real []chart.Bar
		for _, c := range o.Children {
			href := dashHref(c.Code, per)
			onTime = append(onTime, chart.Bar{Label: c.Name, Value: float64(c.Measures.OnTimeRate), Href: href, Bad: below(c.Measures.OnTimeRate, dashBad)})
			real = append(real, chart.Bar{Label: c.Name, Value: float64(c.Measures.RealisationRate), Href: href, Bad: below(c.Measures.RealisationRate, dashBad)})
		}
		d.OnTimeBars = template.HTML(chart.Bars(pg.T("ui.dash.chart.on_time"), onTime, pct))
		d.RealisationBars = template.HTML(chart.Bars(pg.T("ui.dash.chart.realisation"), real, pct))
		key := r.URL.Query().Get("sort")
		d.Children, key = rankChildren(o.Children, key, func(c sqlstore.Named) string { return dashHref(c.Code, per) })
		for _, s := range dashSorts {
			d.Sorts = append(d.Sorts, dashSort{Key: s.key, Label: s.label, Active: s.key == key, Href: dashHref(sq.Region, per, "sort", s.key) + "#children"})
		}
	}
	d.Items = worstRows(o.Items, func(n sqlstore.Named) string { return casesHref(sq.Region, per, "item", n.Code) })
	d.Departments = worstRows(o.Departments, func(n sqlstore.Named) string { return casesHref(sq.Region, per, "department", n.Code) })
	d.Windows = worstRows(o.Windows, func(sqlstore.Named) string { return "" })
	d.OnlineItems = pg.T("ui.dash.online_items", o.OnlineItems, o.CatalogItems, fmtRate(o.OnlineItemShare))
	pg.Title = pg.T("ui.dash.title") + " · " + d.RegionName
	pg.Data = d
	w.render(rw, r, "supervision_dashboard", http.StatusOK, pg)
}

// trendSpan is the days of one trend period (a day, or a month cut to the
// dashboard's period).
func trendSpan(code, bucket string, per supervision.Period) (workday.Date, workday.Date) {
	if bucket == "day" {
		d, err := workday.Parse(code)
		if err != nil {
			return per.From, per.To
		}
		return d, d
	}
	first, err := workday.Parse(code + "-01")
	if err != nil {
		return per.From, per.To
	}
	last := first.FirstOfNextMonth().AddDays(-1)
	if first.Before(per.From) {
		first = per.From
	}
	if last.After(per.To) {
		last = per.To
	}
	return first, last
}

// dashFigures are the headline figures, each with its drill-down: the
// cases of the period (with a filter that fits), or the rectifications.
func dashFigures(pg *Page, region string, per supervision.Period, m supervision.Measures) []dashFigure {
	n := func(v int64) string { return strconv.FormatInt(v, 10) }
	of := func(a, b int64) string { return pg.T("ui.dash.of", a, b) }
	decided := "approved,denied,issued,delivered,closed,archived"
	return []dashFigure{
		{ID: "accepted", Key: "ui.dash.f.accepted", Value: n(m.Accepted), Note: pg.T("ui.dash.submitted", m.Submitted), Href: casesHref(region, per)},
		{ID: "decided", Key: "ui.dash.f.decided", Value: n(m.Decided), Note: pg.T("ui.dash.closed", m.Closed), Href: casesHref(region, per, "status", decided)},
		{ID: "on_time", Key: "ui.dash.f.on_time", Value: fmtRate(m.OnTimeRate), Note: of(m.OnTime, m.Decided), Bad: below(m.OnTimeRate, dashBad),
			Href: casesHref(region, per, "overdue", "1")},
		{ID: "days", Key: "ui.dash.f.days", Value: fmtNum(m.MeanDaysUsed) + " / " + fmtNum(m.MeanDaysPromised), Note: pg.T("ui.dash.wdays"),
			Bad:  m.MeanDaysUsed.Known() && m.MeanDaysPromised.Known() && m.MeanDaysUsed > m.MeanDaysPromised,
			Href: casesHref(region, per, "status", "closed")},
		{ID: "realisation", Key: "ui.dash.f.realisation", Value: fmtRate(m.RealisationRate), Note: of(m.WithinVisits, m.Closed), Bad: below(m.RealisationRate, dashBad),
			Href: casesHref(region, per, "breach", "1")},
		{ID: "zero_trip", Key: "ui.dash.f.zero_trip", Value: fmtRate(m.ZeroTripRate), Note: of(m.ZeroTrip, m.Closed), Href: casesHref(region, per, "status", "closed,archived")},
		{ID: "breaches", Key: "ui.dash.f.breaches", Value: fmtNum(m.BreachesPer100), Note: of(m.SecondNotices, m.Submitted), Bad: m.SecondNotices > 0,
			Href: casesHref(region, per, "breach", "1")},
		{ID: "corrections", Key: "ui.dash.f.corrections", Value: fmtNum(m.CorrectionsPer100), Note: of(m.Corrected, m.Submitted),
			Href: casesHref(region, per, "status", "needs_correction")},
		{ID: "online", Key: "ui.dash.f.online", Value: fmtRate(m.OnlineShare), Note: of(m.Online, m.Submitted), Href: casesHref(region, per)},
		{ID: "exempt", Key: "ui.dash.f.exempt", Value: fmtRate(m.ExemptShare), Note: of(m.Exempt, m.Materials), Href: casesHref(region, per)},
		{ID: "satisfaction", Key: "ui.dash.f.satisfaction", Value: fmtRate(m.SatisfactionRate), Note: pg.T("ui.dash.ratings", m.Ratings, m.Bad),
			Bad: below(m.SatisfactionRate, dashBad), Href: rectHref(region)},
		{ID: "rect_on_time", Key: "ui.dash.f.rect_on_time", Value: fmtRate(m.RectOnTimeRate), Note: of(m.Rect.OnTime, m.Rect.Answered),
			Bad: below(m.RectOnTimeRate, dashBad), Href: rectHref(region, "state", string(supervision.RectAnswered))},
		{ID: "rect_overdue", Key: "ui.dash.f.rect_overdue", Value: n(m.Rect.Overdue), Note: pg.T("ui.dash.rect_opened", m.Rect.Opened), Bad: m.Rect.Overdue > 0,
			Href: rectHref(region, "overdue", "1")},
	}
}

// rankChildren orders the child regions by the chosen rate, best first,
// those without a rate last (by name); an unknown key is the default. It
// returns the key used.
func rankChildren(kids []sqlstore.Named, key string, href func(sqlstore.Named) string) ([]dashRow, string) {
	by := dashSorts[0]
	for _, s := range dashSorts {
		if s.key == key {
			by = s
		}
	}
	rows := make([]dashRow, 0, len(kids))
	for _, c := range kids {
		rows = append(rows, dashRow{Code: c.Code, Name: c.Name, M: c.Measures, Href: href(c), Bad: below(by.rate(c.Measures), dashBad)})
	}
	val := func(r dashRow) float64 {
		v := float64(by.rate(r.M))
		if math.IsNaN(v) {
			return math.Inf(-1)
		}
		return v
	}
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := val(rows[i]), val(rows[j])
		if a != b {
			return a > b
		}
		return rows[i].Code < rows[j].Code
	})
	rank := 0
	for i := range rows {
		if by.rate(rows[i].M).Known() {
			rank++
			rows[i].Rank = rank
		}
	}
	return rows, by.key
}

// worstRows are the first dashWorst of the store's worst-first list that
// were decided at all: a rate of nothing ranks nobody.
func worstRows(list []sqlstore.Named, href func(sqlstore.Named) string) []dashRow {
	out := []dashRow{}
	for _, n := range list {
		if n.Measures.Decided == 0 {
			continue
		}
		out = append(out, dashRow{Rank: len(out) + 1, Code: n.Code, Name: or(n.Name, n.Code), M: n.Measures, Href: href(n), Bad: below(n.Measures.OnTimeRate, dashBad)})
		if len(out) == dashWorst {
			break
		}
	}
	return out
}

// dashHeaders are the Excel columns of every sheet; rates are percentages
// as numbers with one decimal (95.3), an empty cell when there was nothing
// to count.
var dashHeaders = []any{"名称", "编码", "申请", "受理", "办结", "按时办结", "按时办结率(%)", "平均用时(工作日)", "平均承诺(工作日)",
	"办结送达", "最多跑一次", "最多跑一次实现率(%)", "零跑", "零跑率(%)", "二次告知", "二次告知/百件", "补正", "补正/百件",
	"网上申请", "网办率(%)", "材料", "免提交", "免提交率(%)", "评价", "满意", "差评", "满意率(%)",
	"整改单", "已整改", "按时整改", "整改超期", "差评整改按时率(%)"}

// DashboardSheets are the sheet names of the dashboard workbook.
var DashboardSheets = []string{"汇总", "下级地区", "事项", "部门"}

// rateCell is a rate as an Excel number, nil (an empty cell) when unknown.
func rateCell(r supervision.Rate) any {
	if !r.Known() {
		return nil
	}
	return math.Round(float64(r)*10) / 10
}

func dashCells(name, code string, m supervision.Measures) []any {
	return []any{name, code, m.Submitted, m.Accepted, m.Decided, m.OnTime, rateCell(m.OnTimeRate), rateCell(m.MeanDaysUsed), rateCell(m.MeanDaysPromised),
		m.Closed, m.WithinVisits, rateCell(m.RealisationRate), m.ZeroTrip, rateCell(m.ZeroTripRate), m.SecondNotices, rateCell(m.BreachesPer100),
		m.Corrected, rateCell(m.CorrectionsPer100), m.Online, rateCell(m.OnlineShare), m.Materials, m.Exempt, rateCell(m.ExemptShare),
		m.Ratings, m.Satisfied, m.Bad, rateCell(m.SatisfactionRate), m.Rect.Opened, m.Rect.Answered, m.Rect.OnTime, m.Rect.Overdue, rateCell(m.RectOnTimeRate)}
}

// dashboardSheets are the workbook's tables: the region (with the
// period), its child regions, its items and its departments (the worst
// first, as many as the overview lists).
func dashboardSheets(o sqlstore.Overview, regionName string) []xlsxSheet {
	widths := map[string]float64{"A": 30, "B": 20}
	head := append(append([]any{}, dashHeaders...), "开始日期", "结束日期")
	sum := xlsxSheet{Name: DashboardSheets[0], Headers: head, Widths: widths}
	sum.Rows = append(sum.Rows, append(dashCells(regionName, o.Region.Code, o.Measures), o.Period.From.Time(), o.Period.To.Time()))
	sheets := []xlsxSheet{sum}
	for i, list := range [][]sqlstore.Named{o.Children, o.Items, o.Departments} {
		sh := xlsxSheet{Name: DashboardSheets[i+1], Headers: dashHeaders, Widths: widths}
		for _, n := range list {
			sh.Rows = append(sh.Rows, dashCells(or(n.Name, n.Code), n.Code, n.Measures))
		}
		sheets = append(sheets, sh)
	}
	return sheets
}

func (w *Web) supervisionDashboardXLSX(rw http.ResponseWriter, r *http.Request) {
	_, sq, ok := w.dashboardQuery(rw, r)
	if !ok {
		return
	}
	o, err := w.store.Overview(r.Context(), sq)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	name := o.Region.Name
	if path, err := w.store.RegionPath(r.Context(), sq.Region); err == nil {
		name = sqlstore.FullName(path)
	}
	w.sendXLSX(rw, r, "dashboard-"+sq.Region+"-"+o.Period.From.String()+"-"+o.Period.To.String()+".xlsx", dashboardSheets(o, name)...)
}
