package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"onetrip"
	"onetrip/catalog"
	"onetrip/idcode"
	"onetrip/policy"
	"onetrip/sqlstore"
)

// Coverage (事项网办覆盖率): the seed's targets are online application for at
// least half of all items by the end of June and for all of them by the end
// of the year. Supervisors and admins see their own region and anything
// inside it, never a neighbour's.

// Coverage targets of the seed, as shares of items applied for online.
const (
	targetJune = 0.5
	targetYear = 1.0
)

type coverageView struct {
	Region, RegionName string
	Regions            []regionOpt
	Cov                sqlstore.Coverage
	Chart              template.HTML
	Online             []string // online level codes, deepest first
	OnlineLabels       []string
	TargetJune         float64
	TargetYear         float64
	MeetsJune          bool
	MeetsYear          bool
	XLSXHref           string
}

// coverageRegion resolves ?region= for the user: their own region by
// default; a region outside their scope is refused.
func (w *Web) coverageRegion(rw http.ResponseWriter, r *http.Request) (*onetrip.Principal, string, bool) {
	p, ok := w.requireUser(rw, r, onetrip.RoleSupervisor, onetrip.RoleAdmin)
	if !ok {
		return nil, "", false
	}
	region := r.URL.Query().Get("region")
	if region == "" {
		region = p.Region
	}
	if idcode.CheckRegionCode(region) != nil {
		w.renderError(rw, r, onetrip.Invalid("ui.cov.bad_region", region))
		return nil, "", false
	}
	if !policy.WithinScope(p, region) {
		w.renderError(rw, r, onetrip.Forbidden("ui.cov.out_of_scope", region, p.Region))
		return nil, "", false
	}
	return p, region, true
}

func (w *Web) coverage(rw http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u, region, ok := w.coverageRegion(rw, r)
	if !ok {
		return
	}
	cov, err := w.store.Coverage(ctx, region)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	p := w.page(r, "ui.cov.title", nil)
	v := &coverageView{Region: region, RegionName: cov.Region.Name, Cov: cov, TargetJune: targetJune, TargetYear: targetYear,
		MeetsJune: cov.Region.Online >= targetJune, MeetsYear: cov.Region.Online >= targetYear,
		XLSXHref: "/stats/coverage.xlsx?region=" + url.QueryEscape(region)}
	if path, err := w.store.RegionPath(ctx, region); err == nil {
		v.RegionName = sqlstore.FullName(path)
	}
	if v.Regions, err = w.regionTree(ctx, u.Region, countyDepth(u.Region)); err != nil {
		w.renderError(rw, r, err)
		return
	}
	for _, o := range catalog.OnlineLevels {
		v.Online = append(v.Online, string(o))
		v.OnlineLabels = append(v.OnlineLabels, o.Label(p.Lang))
	}
	v.Chart = coverageChart(cov.Departments, p)
	p.Data = v
	w.render(rw, r, "coverage", http.StatusOK, p)
}

// coverageChart draws each department's online share as a horizontal bar,
// with the June (50%) and year-end (100%) targets as vertical lines. Bars
// are green at the year target, amber at the June target, red below.
func coverageChart(rows []sqlstore.CoverageRow, p *Page) template.HTML {
	const labelW, barW, rowH, top, right = 230, 440, 24, 44, 70
	width, height := labelW+barW+right, top+len(rows)*rowH+16
	esc := template.HTMLEscapeString
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="%d" height="%d" viewBox="0 0 %d %d" role="img" aria-label="%s" font-family="sans-serif" font-size="12">`,
		width, height, width, height, esc(p.T("ui.cov.chart")))
	fmt.Fprintf(&b, `<title>%s</title>`, esc(p.T("ui.cov.chart")))
	for _, t := range []struct {
		share float64
		label string
	}{{targetJune, p.T("ui.cov.target.june")}, {targetYear, p.T("ui.cov.target.year")}} {
		x := labelW + int(t.share*barW)
		fmt.Fprintf(&b, `<line class="target" x1="%d" y1="%d" x2="%d" y2="%d" stroke="#c8161d" stroke-dasharray="4 3"/>`, x, top-14, x, height-8)
		anchor := "middle"
		if t.share >= 1 {
			anchor = "end"
		}
		fmt.Fprintf(&b, `<text x="%d" y="%d" fill="#c8161d" text-anchor="%s">%s</text>`, x, top-18, anchor, esc(t.label))
	}
	for i, r := range rows {
		y := top + i*rowH
		fill := "#c8161d"
		switch {
		case r.Online >= targetYear:
			fill = "#1a7f37"
		case r.Online >= targetJune:
			fill = "#b7791f"
		}
		fmt.Fprintf(&b, `<g class="bar" data-key="%s"><text x="%d" y="%d" text-anchor="end" fill="#1f2329">%s</text>`, esc(r.Key), labelW-8, y+15, esc(r.Name))
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" fill="#eef0f3"/>`, labelW, y+3, barW, rowH-8)
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" fill="%s"/>`, labelW, y+3, int(r.Online*barW), rowH-8, fill)
		fmt.Fprintf(&b, `<text x="%d" y="%d" fill="#1f2329">%.1f%%</text></g>`, labelW+barW+6, y+15, r.Online*100)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// coverageHeaders are the Excel columns; the sheets are for Chinese reports.
var coverageHeaders = []any{"名称", "编码", "事项数", "全程网办", "网上申报", "网上预约预审", "不可网办", "网办率", "全程网办率",
	"零跑动", "最多跑一次", "跑动多次", "最多跑一次率"}

func coverageCells(r sqlstore.CoverageRow) []any {
	return []any{r.Name, r.Key, r.Items, r.ByOnline["full"], r.ByOnline["submit"], r.ByOnline["precheck"], r.ByOnline["none"],
		r.Online, r.OnlineFull, r.ByVisits["0"], r.ByVisits["1"], r.ByVisits["more"], r.AtMostOne}
}

// coverageXLSX exports the coverage tables: 汇总 (the region), 按部门 and
// 按地区, one row each, Chinese headers in row 1, shares as percentages.
func (w *Web) coverageXLSX(rw http.ResponseWriter, r *http.Request) {
	_, region, ok := w.coverageRegion(rw, r)
	if !ok {
		return
	}
	cov, err := w.store.Coverage(r.Context(), region)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	w.sendXLSX(rw, r, "coverage-"+region+".xlsx", coverageSheets(cov)...)
}

// CoverageSheets are the sheet names of the coverage workbook.
var CoverageSheets = []string{"汇总", "按部门", "按地区"}

// coverageSheets are the workbook's tables: the region, its departments,
// its child regions.
func coverageSheets(cov sqlstore.Coverage) []xlsxSheet {
	tables := [][]sqlstore.CoverageRow{{cov.Region}, cov.Departments, cov.Children}
	sheets := make([]xlsxSheet, len(CoverageSheets))
	for i, name := range CoverageSheets {
		sh := xlsxSheet{Name: name, Headers: coverageHeaders, Percent: []string{"H", "I", "M"}, Widths: map[string]float64{"A": 28}}
		for _, row := range tables[i] {
			sh.Rows = append(sh.Rows, coverageCells(row))
		}
		sheets[i] = sh
	}
	return sheets
}
