package web

import (
	"context"
	"html/template"
	"net/http"

	"onetrip/catalog"
)

// The public page of a "一件事" bundle: its steps drawn as a DAG, the one
// promised limit, and the merged checklist the applicant brings once.

type stepView struct {
	Code, Name, Dept string
	PromisedDays     int
	After            []string // names of the steps it waits for
	Lead             bool
	Href             string
}

type checkView struct {
	Name, Form, Source string
	Copies             int
	Required           bool
	Deferrable         bool
	Fetched, PriorStep bool
	From               string // the earlier step that produces it
	Notes              []string
	Items              []string // names of the steps that need it
}

type bundleView struct {
	Bundle      catalog.Bundle
	Version     int
	Published   string
	Lead        string
	SVG         template.HTML
	Steps       []stepView
	Checklist   []checkView
	SeparateSum int  // the steps' promised days added up, as if applied for one by one
	Online      bool // every step can be applied for online: the bundle can be
}

// bundleSVG draws a bundle with its item names and lead steps highlighted.
func (w *Web) bundleSVG(ctx context.Context, b catalog.Bundle) (template.HTML, catalog.Refs, error) {
	refs, err := w.store.Refs(ctx)
	if err != nil {
		return "", refs, err
	}
	names := map[string]string{}
	for code, ref := range refs.Items {
		names[code] = ref.Name
	}
	// catalog.SVG escapes every text it writes.
	return template.HTML(catalog.SVG(b, names, catalog.LeadSteps(b, refs)...)), refs, nil
}

func (w *Web) bundle(rw http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	lang := w.page(r, "ui.bundle.title", nil).Lang
	bv, err := w.store.Bundle(ctx, r.PathValue("code"), 0)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	b := bv.Bundle
	_, kindNames, err := w.deptKindNames(ctx)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	v := &bundleView{Bundle: b, Version: bv.Info.Version, Published: dateOf(bv.Info.PublishedAt), Lead: kindNames[b.LeadKind], Online: true}
	svg, refs, err := w.bundleSVG(ctx, b)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	v.SVG = svg
	lead := map[string]bool{}
	for _, c := range catalog.LeadSteps(b, refs) {
		lead[c] = true
	}
	order, err := b.Order()
	if err != nil {
		order = nil
		for _, s := range b.Steps {
			order = append(order, s.Item)
		}
	}
	after := map[string][]string{}
	for _, s := range b.Steps {
		after[s.Item] = s.After
	}
	var items []catalog.Item
	for _, code := range order {
		iv, err := w.store.Item(ctx, code, 0)
		if err != nil {
			w.renderError(rw, r, err)
			return
		}
		it := iv.Item
		items = append(items, it)
		if it.Online == catalog.OnlineNone {
			v.Online = false
		}
		sv := stepView{Code: code, Name: it.Name, Dept: kindNames[it.DepartmentKind], PromisedDays: it.PromisedDays, Lead: lead[code],
			Href: guideHref(code, "")}
		for _, a := range after[code] {
			sv.After = append(sv.After, or(refs.Items[a].Name, a))
		}
		v.Steps = append(v.Steps, sv)
		v.SeparateSum += it.PromisedDays
	}
	names, err := w.refNames(ctx)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	for _, e := range catalog.BundleChecklist(b, items) {
		cv := checkView{Name: e.Name, Form: e.Form.Label(lang), Copies: e.Copies, Required: e.Required, Deferrable: e.Deferrable,
			Fetched: e.Fetched, PriorStep: e.PriorStep, Notes: e.Notes, Source: names.sourceText(lang, e.Source)}
		if e.FromItem != "" {
			cv.From = or(refs.Items[e.FromItem].Name, e.FromItem)
		}
		for _, c := range e.Items {
			cv.Items = append(cv.Items, or(refs.Items[c].Name, c))
		}
		v.Checklist = append(v.Checklist, cv)
	}
	p := w.page(r, "ui.bundle.title", v)
	p.Title = b.Name
	w.render(rw, r, "bundle", http.StatusOK, p)
}
