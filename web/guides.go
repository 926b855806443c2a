package web

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"onetrip"
	"onetrip/catalog"
	"onetrip/idcode"
	"onetrip/sqlstore"
)

// The public guides (办事指南): anyone may search and read them, no login.
// The print view renders the very same content template as the online page
// (rule 6 of DESIGN: the printed guide and the online guide are one record).

// guideRow is an item in the search results.
type guideRow struct {
	Code, Name, Dept, Window string
	Online, OnlineLabel      string
	VisitsKey                string
	PromisedDays             int
	Href                     string
}

// bundleRow is a bundle in the search results.
type bundleRow struct {
	Code, Name, Lead string
	PromisedDays     int
	Steps            int
	Href             string
}

type guidesData struct {
	Q, Dept, Window, Region string
	Depts                   []catalog.DepartmentKind
	Windows                 []string
	Regions                 []regionOpt
	Items                   []guideRow
	Bundles                 []bundleRow
}

func (w *Web) guides(rw http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	d := guidesData{Q: strings.TrimSpace(q.Get("q")), Dept: q.Get("dept"), Window: q.Get("window"), Region: q.Get("region"), Windows: catalog.Windows}
	p := w.page(r, "ui.guides.title", &d)
	kinds, kindNames, err := w.deptKindNames(ctx)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	d.Depts = kinds
	if d.Regions, err = w.guideRegions(ctx); err != nil {
		w.renderError(rw, r, err)
		return
	}
	status := http.StatusOK
	if d.Region != "" && idcode.CheckRegionCode(d.Region) != nil {
		p.Error, status, d.Region = p.T("ui.guides.bad_region", d.Region), http.StatusBadRequest, ""
	}
	if d.Dept != "" && kindNames[d.Dept] == "" {
		p.Error, status, d.Dept = p.T("ui.guides.bad_dept", d.Dept), http.StatusBadRequest, ""
	}
	if d.Window != "" && !slices.Contains(catalog.Windows, d.Window) {
		p.Error, status, d.Window = p.T("ui.guides.bad_window", d.Window), http.StatusBadRequest, ""
	}
	items, rankedBundles, err := w.searchItems(ctx, d.Q, sqlstore.ItemQuery{Region: d.Region, Window: d.Window, DepartmentKind: d.Dept}, p.Lang)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	for _, it := range items {
		d.Items = append(d.Items, guideRow{Code: it.Code, Name: it.Name, Dept: it.Department, Window: it.Window,
			Online: it.Online, OnlineLabel: catalog.Online(it.Online).Label(p.Lang), VisitsKey: visitsKey(it.MaxVisits),
			PromisedDays: it.PromisedDays, Href: guideHref(it.Code, d.Region)})
	}
	if d.Window == "" { // bundles have no window category
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
		for _, b := range rankBundles(loaded, d.Q, rankedBundles) {
			if d.Dept != "" && b.LeadKind != d.Dept {
				continue
			}
			d.Bundles = append(d.Bundles, bundleRow{Code: b.Code, Name: b.Name, Lead: kindNames[b.LeadKind],
				PromisedDays: b.PromisedDays, Steps: len(b.Steps), Href: "/bundles/" + url.PathEscape(b.Code)})
		}
	}
	w.render(rw, r, "guides", status, p)
}

// searchItems finds the items for what someone typed: those the
// question-answering engine ranks (开面馆 finds 食品经营许可), in its order,
// then those whose text contains the words (a material's name), each among
// the items the filters allow; and the bundles the engine ranks. No words:
// every item the filters allow, in catalogue order.
func (w *Web) searchItems(ctx context.Context, text string, f sqlstore.ItemQuery, lang onetrip.Lang) ([]sqlstore.ItemSummary, []string, error) {
	if f.Limit == 0 {
		f.Limit = 500
	}
	all, err := w.store.Items(ctx, f)
	if err != nil || text == "" {
		return all, nil, err
	}
	ranked, bundles, err := w.findServices(ctx, text, f.Region, lang)
	if err != nil {
		return nil, nil, err
	}
	f.Q = text
	words, err := w.store.Items(ctx, f)
	if err != nil {
		return nil, nil, err
	}
	byCode := map[string]sqlstore.ItemSummary{}
	for _, it := range all {
		byCode[it.Code] = it
	}
	var out []sqlstore.ItemSummary
	seen := map[string]bool{}
	for _, c := range ranked {
		if it, ok := byCode[c]; ok && !seen[c] {
			seen[c] = true
			out = append(out, it)
		}
	}
	for _, it := range words {
		if !seen[it.Code] {
			seen[it.Code] = true
			out = append(out, it)
		}
	}
	return out, bundles, nil
}

// rankBundles orders the bundles for what someone typed: those the engine
// ranked, in its order, then those whose code, name or keywords contain
// the words; with no words, all of them.
func rankBundles(bs []catalog.Bundle, text string, ranked []string) []catalog.Bundle {
	if text == "" {
		return bs
	}
	var out []catalog.Bundle
	seen := map[string]bool{}
	for _, c := range ranked {
		for _, b := range bs {
			if b.Code == c && !seen[c] {
				seen[c] = true
				out = append(out, b)
			}
		}
	}
	for _, b := range bs {
		if !seen[b.Code] && matchesWords(text, append([]string{b.Code, b.Name}, b.Keywords...)) {
			seen[b.Code] = true
			out = append(out, b)
		}
	}
	return out
}

// publishedBundles loads the published version of each listed bundle.
func (w *Web) publishedBundles(ctx context.Context, bs []sqlstore.BundleSummary) ([]catalog.Bundle, error) {
	out := make([]catalog.Bundle, 0, len(bs))
	for _, s := range bs {
		bv, err := w.store.Bundle(ctx, s.Code, s.PublishedVersion)
		if err != nil {
			return nil, err
		}
		out = append(out, bv.Bundle)
	}
	return out, nil
}

// matchesWords reports whether every word of q occurs in one of the texts.
func matchesWords(q string, texts []string) bool {
	all := strings.ToLower(strings.Join(texts, " "))
	for _, word := range strings.Fields(strings.ToLower(q)) {
		if !strings.Contains(all, word) {
			return false
		}
	}
	return true
}

func guideHref(code, region string) string {
	h := "/guides/" + url.PathEscape(code)
	if region != "" {
		h += "?region=" + url.QueryEscape(region)
	}
	return h
}

// materialView is one row of a guide's materials table.
type materialView struct {
	ID, Name, Form, Note, Source string
	Required, Deferrable         bool
	Copies                       int
	Fetched, PriorStep           bool
}

// guideView is the content of a guide, online and in print.
type guideView struct {
	Item               catalog.Item
	Version            int
	Published          string
	Dept               string
	Level, Online      string
	VisitsKey          string
	Materials          []materialView
	Free               bool
	Fee                string
	Delivery           []string
	Result             string
	Region, RegionName string
	Regions            []regionOpt
	Impl               *catalog.Implementation
	ImplMissing        bool
	// AllImpls: on paper without a region there is nothing to choose, so
	// the print view lists every implementation (where, when, phone).
	AllImpls             []catalog.Implementation
	URL, Href, PrintHref string
	QR                   template.HTML
}

// guideView loads the published guide of code for the request's ?region=.
func (w *Web) guideView(r *http.Request, lang onetrip.Lang) (*guideView, error) {
	ctx := r.Context()
	code := r.PathValue("code")
	iv, err := w.store.Item(ctx, code, 0)
	if err != nil {
		return nil, err
	}
	it := iv.Item
	names, err := w.refNames(ctx)
	if err != nil {
		return nil, err
	}
	_, kindNames, err := w.deptKindNames(ctx)
	if err != nil {
		return nil, err
	}
	g := &guideView{Item: it, Version: iv.Info.Version, Published: dateOf(iv.Info.PublishedAt), Dept: kindNames[it.DepartmentKind],
		Level: it.Level.Label(lang), Online: it.Online.Label(lang), VisitsKey: visitsKey(it.MaxVisits),
		Free: it.Fee.Yuan == 0, Fee: it.Fee.Yuan.String()}
	for _, m := range it.Materials {
		mv := materialView{ID: m.ID, Name: m.Name, Form: m.Form.Label(lang), Note: m.Note, Required: m.Required,
			Deferrable: m.Deferrable, Copies: m.Copies, Source: names.sourceText(lang, m.Source)}
		if src, err := catalog.ParseSource(m.Source); err == nil {
			mv.Fetched, mv.PriorStep = src.Fetched(), src.Kind == catalog.SourcePriorStep
		}
		g.Materials = append(g.Materials, mv)
	}
	for _, d := range it.Delivery {
		g.Delivery = append(g.Delivery, d.Label(lang))
	}
	if it.Result.Licence != "" {
		g.Result = catalog.SourceLicence.Label(lang) + onetrip.Colon(lang) + or(names.licences[it.Result.Licence], it.Result.Licence)
	} else {
		g.Result = it.Result.Document
	}
	if g.Regions, err = w.guideRegions(ctx); err != nil {
		return nil, err
	}
	if reg := r.URL.Query().Get("region"); reg != "" {
		rg, err := w.store.Region(ctx, reg)
		if err != nil {
			return nil, err
		}
		if path, err := w.store.RegionPath(ctx, reg); err == nil {
			g.RegionName = sqlstore.FullName(path)
		} else {
			g.RegionName = rg.Name
		}
		g.Region = reg
		m, err := w.store.ImplementationFor(ctx, code, reg)
		switch {
		case err == nil:
			g.Impl = &m
		case onetrip.HasCode(err, onetrip.CodeNotFound):
			g.ImplMissing = true
		default:
			return nil, err
		}
	}
	g.Href = guideHref(code, g.Region)
	g.PrintHref = "/guides/" + url.PathEscape(code) + "/print"
	if g.Region != "" {
		g.PrintHref += "?region=" + url.QueryEscape(g.Region)
	}
	g.URL = w.absURL(r, g.Href)
	return g, nil
}

// absURL is the site's absolute URL of a path, as the browser reached it.
func (w *Web) absURL(r *http.Request, path string) string {
	scheme := "http"
	if r.TLS != nil || w.opts.SecureCookies {
		scheme = "https"
	}
	return scheme + "://" + r.Host + path
}

func (w *Web) guide(rw http.ResponseWriter, r *http.Request) {
	lang := w.page(r, "ui.guide.title", nil).Lang
	g, err := w.guideView(r, lang)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	p := w.page(r, "ui.guide.title", g)
	p.Title = g.Item.Name
	w.render(rw, r, "guide", http.StatusOK, p)
}

func (w *Web) guidePrint(rw http.ResponseWriter, r *http.Request) {
	lang := w.page(r, "ui.guide.title", nil).Lang
	g, err := w.guideView(r, lang)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	p := w.page(r, "ui.guide.title", g)
	p.Title = g.Item.Name
	if g.Region == "" {
		if g.AllImpls, err = w.store.Implementations(r.Context(), g.Item.Code, ""); err != nil {
			w.renderError(rw, r, err)
			return
		}
	}
	if g.QR, err = QRSVG(g.URL, p.T("ui.guide.qr"), 132); err != nil {
		w.renderError(rw, r, err)
		return
	}
	w.render(rw, r, "print_guide", http.StatusOK, p)
}
