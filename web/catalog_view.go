package web

import (
	"context"
	"fmt"
	"html/template"
	"slices"
	"strconv"
	"strings"
	"time"

	"onetrip"
	"onetrip/catalog"
	"onetrip/idcode"
	"onetrip/sqlstore"
)

// catalogFuncs are the template helpers of the catalogue pages.
var catalogFuncs = template.FuncMap{
	// docDate is a date as official documents write it: 2026年12月2日.
	"docDate": func(p *Page, ymd string) string {
		d, err := time.Parse(time.DateOnly, strings.TrimSpace(ymd[:min(len(ymd), 10)]))
		if err != nil {
			return ymd
		}
		if p.Lang == onetrip.LangEN {
			return d.Format("2 January 2006")
		}
		return strconv.Itoa(d.Year()) + "年" + strconv.Itoa(int(d.Month())) + "月" + strconv.Itoa(d.Day()) + "日"
	},
	// Working days as people say them: 即办 for a limit of 0.
	"wdays": func(p *Page, n int) string {
		if n == 0 {
			return p.T("ui.guide.immediate")
		}
		return p.T("ui.guide.wdays", n)
	},
	"promise": func(p *Page, n int) string {
		if n == 0 {
			return p.T("ui.guide.immediate")
		}
		return p.T("ui.guides.days", n)
	},
	// The trip summary; a promise of no trip reads 零跑动.
	"visitsSummary": func(p *Page, total, counted, most int) string {
		if most == 0 {
			return p.T("ui.case.visits.summary0", total, counted)
		}
		return p.T("ui.case.visits.summary", total, counted, most)
	},
	"hasPrefix": strings.HasPrefix,
	"inc":       func(i int) int { return i + 1 },
	"pct":       func(f float64) string { return fmt.Sprintf("%.1f%%", f*100) },
	"join": func(list []string, sep string) string {
		return strings.Join(list, sep)
	},
	"has": func(list []string, v string) bool { return slices.Contains(list, v) },
	"covTable": func(p *Page, rows []sqlstore.CoverageRow, id string) covTableData {
		return covTableData{Page: p, Rows: rows, ID: id}
	},
	"share": func(n, total int) string {
		if total == 0 {
			return "—"
		}
		return fmt.Sprintf("%.1f%%", float64(n)*100/float64(total))
	},
}

// covTableData is one coverage table: its page, rows and element id.
type covTableData struct {
	Page *Page
	Rows []sqlstore.CoverageRow
	ID   string
}

// dateOf formats a time as a Chinese calendar date, "" for nil.
func dateOf(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.In(onetrip.China).Format("2006-01-02")
}

// timeOf formats a time to the minute in Beijing time.
func timeOf(t time.Time) string { return t.In(onetrip.China).Format("2006-01-02 15:04") }

// regionOpt is one entry of a region select; Depth indents it.
type regionOpt struct {
	Code, Name string
	Depth      int
}

// Indent is the entry's label with full-width spaces for its depth.
func (o regionOpt) Indent() string { return strings.Repeat("\u3000", o.Depth) + o.Name }

// regionTree lists root and its descendants down to depth levels below it,
// each parent before its children.
func (w *Web) regionTree(ctx context.Context, root string, depth int) ([]regionOpt, error) {
	r, err := w.store.Region(ctx, root)
	if err != nil {
		return nil, err
	}
	out := []regionOpt{{Code: r.Code, Name: r.Name}}
	var walk func(code string, d int) error
	walk = func(code string, d int) error {
		if d > depth {
			return nil
		}
		kids, err := w.store.Regions(ctx, code)
		if err != nil {
			return err
		}
		for _, k := range kids {
			if k.Name == "市辖区" {
				continue
			}
			out = append(out, regionOpt{Code: k.Code, Name: k.Name, Depth: d})
			if err := walk(k.Code, d+1); err != nil {
				return err
			}
		}
		return nil
	}
	return out, walk(root, 1)
}

// countyDepth is how many levels lie between a region and its counties:
// scopes are listed down to counties, not to every township.
func countyDepth(region string) int {
	switch idcode.RegionLevel(region) {
	case idcode.LevelProvince:
		return 2
	case idcode.LevelCity:
		return 1
	}
	return 0
}

// guideRegions are the regions the public guides can be searched by: the
// province, and the demo cities (衢州, 杭州) with their counties.
func (w *Web) guideRegions(ctx context.Context) ([]regionOpt, error) {
	p, err := w.store.Region(ctx, "330000")
	if err != nil {
		return nil, err
	}
	out := []regionOpt{{Code: p.Code, Name: p.Name}}
	for _, city := range sqlstore.DemoCities {
		t, err := w.regionTree(ctx, city, 1)
		if err != nil {
			return nil, err
		}
		for _, o := range t {
			o.Depth++
			out = append(out, o)
		}
	}
	return out, nil
}

// visitsKey names an item's promise on trips: 零跑动 or 最多跑一次.
func visitsKey(maxVisits int) string {
	if maxVisits == 0 {
		return "ui.guide.visits0"
	}
	return "ui.guide.visits1"
}

// refNames maps licence type and data item codes to their names, for
// material sources and results.
type refNames struct {
	licences, data map[string]string
}

func (w *Web) refNames(ctx context.Context) (refNames, error) {
	n := refNames{licences: map[string]string{}, data: map[string]string{}}
	ls, err := w.store.LicenceTypes(ctx)
	if err != nil {
		return n, err
	}
	for _, l := range ls {
		n.licences[l.Code] = l.Name
	}
	ds, err := w.store.DataItems(ctx)
	if err != nil {
		return n, err
	}
	for _, d := range ds {
		n.data[d.Code] = d.Name
	}
	return n, nil
}

// sourceText describes a material's source for the applicant: 申请人提供,
// 电子证照：营业执照, 共享数据：人口基本信息, 前序环节结果.
func (n refNames) sourceText(lang onetrip.Lang, source string) string {
	src, err := catalog.ParseSource(source)
	if err != nil {
		return source
	}
	switch src.Kind {
	case catalog.SourceLicence:
		return src.Kind.Label(lang) + onetrip.Colon(lang) + or(n.licences[src.Ref], src.Ref)
	case catalog.SourceShared:
		return src.Kind.Label(lang) + onetrip.Colon(lang) + or(n.data[src.Ref], src.Ref)
	}
	return src.Kind.Label(lang)
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// deptKindNames maps department kinds to their names.
func (w *Web) deptKindNames(ctx context.Context) ([]catalog.DepartmentKind, map[string]string, error) {
	ks, err := w.store.DepartmentKinds(ctx)
	if err != nil {
		return nil, nil, err
	}
	m := map[string]string{}
	for _, k := range ks {
		m[k.Kind] = k.Name
	}
	return ks, m, nil
}
