package web

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"onetrip"
	"onetrip/catalog"
	"onetrip/httpx"
	"onetrip/sqlstore"
)

// The admin editor of "一件事" bundles: steps as rows (an item and the
// items it waits for), the DAG drawn from what is being edited, save as a
// draft and publish with the findings shown.

type bundleEditor struct {
	Code      string
	Form      bundleForm
	Version   sqlstore.VersionInfo
	Published int
	IsNew     bool
	CanEdit   bool
	F         *findings
	Status    string
	StatusBad bool
	SVG       template.HTML
	Depts     []catalog.DepartmentKind
	Items     []opt // item code → "code name"
	JustPubl  int
}

type bundleListData struct {
	Bundles []sqlstore.BundleSummary
	CanEdit bool
}

func (w *Web) adminBundles(rw http.ResponseWriter, r *http.Request) {
	u, ok := w.requireUser(rw, r, onetrip.RoleAdmin)
	if !ok {
		return
	}
	bs, err := w.store.Bundles(r.Context(), true)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	w.render(rw, r, "admin_bundles", http.StatusOK, w.page(r, "ui.adm.bundles.title", &bundleListData{Bundles: bs, CanEdit: canEditCatalog(u)}))
}

// currentBundle is the bundle's draft if there is one, else its published
// version.
func (w *Web) currentBundle(ctx context.Context, code string) (sqlstore.BundleVersion, int, error) {
	bs, err := w.store.Bundles(ctx, true)
	if err != nil {
		return sqlstore.BundleVersion{}, 0, err
	}
	for _, s := range bs {
		if s.Code == code {
			v := s.PublishedVersion
			if s.DraftVersion > 0 {
				v = s.DraftVersion
			}
			bv, err := w.store.Bundle(ctx, code, v)
			return bv, s.PublishedVersion, err
		}
	}
	return sqlstore.BundleVersion{}, 0, onetrip.NotFound("store.catalog.bundle_not_found", code)
}

func (w *Web) loadBundleEditor(ctx context.Context, r *http.Request, p *Page, u *onetrip.Principal, code string) (*bundleEditor, error) {
	e := &bundleEditor{Code: code, CanEdit: canEditCatalog(u), F: &findings{byPath: map[string][]string{}}}
	bv, pub, err := w.currentBundle(ctx, code)
	switch {
	case err == nil:
		e.Form, e.Version, e.Published = formFromBundle(bv.Bundle), bv.Info, pub
		refs, err := w.store.Refs(ctx)
		if err != nil {
			return nil, err
		}
		e.F = newFindings(p.Lang, nil, catalog.ToProblems(catalog.CheckBundle(bv.Bundle, refs)))
	case onetrip.HasCode(err, onetrip.CodeNotFound) && e.CanEdit && r.URL.Query().Get("new") == "1":
		e.IsNew, e.Form = true, bundleForm{Code: code, PromisedDays: "0"}
	default:
		return nil, err
	}
	var err2 error
	if e.Depts, _, err2 = w.deptKindNames(ctx); err2 != nil {
		return nil, err2
	}
	items, err := w.store.Items(ctx, sqlstore.ItemQuery{Limit: 500})
	if err != nil {
		return nil, err
	}
	for _, it := range items {
		e.Items = append(e.Items, opt{it.Code, it.Code + " " + it.Name})
	}
	return e, nil
}

func (w *Web) renderBundleEditor(rw http.ResponseWriter, r *http.Request, p *Page, e *bundleEditor, status int) {
	b, _ := e.Form.bundle()
	if len(b.Steps) > 0 {
		svg, _, err := w.bundleSVG(r.Context(), b)
		if err != nil {
			w.renderError(rw, r, err)
			return
		}
		e.SVG = svg
	}
	p.Data = e
	p.Title = p.T("ui.adm.bundle.title", e.Code)
	w.render(rw, r, "admin_bundle", status, p)
}

func (w *Web) adminBundle(rw http.ResponseWriter, r *http.Request) {
	u, ok := w.requireUser(rw, r, onetrip.RoleAdmin)
	if !ok {
		return
	}
	if r.PathValue("code") == "new" { // the list's "new bundle" form
		code := strings.TrimSpace(r.URL.Query().Get("code"))
		if code == "" || code == "new" {
			http.Redirect(rw, r, "/admin/bundles", http.StatusSeeOther)
			return
		}
		http.Redirect(rw, r, "/admin/bundles/"+url.PathEscape(code)+"?new=1", http.StatusSeeOther)
		return
	}
	p := w.page(r, "ui.adm.bundles.title", nil)
	e, err := w.loadBundleEditor(r.Context(), r, p, u, r.PathValue("code"))
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	if n, err := strconv.Atoi(r.URL.Query().Get("published")); err == nil && n > 0 {
		e.JustPubl = n
		p.Flash = p.T("ui.adm.published", n)
	}
	w.renderBundleEditor(rw, r, p, e, http.StatusOK)
}

func (w *Web) adminBundleSave(rw http.ResponseWriter, r *http.Request) {
	u, ok := w.catalogEditor(rw, r)
	if !ok {
		return
	}
	ctx, code := r.Context(), r.PathValue("code")
	p := w.page(r, "ui.adm.bundles.title", nil)
	e, err := w.loadBundleEditor(ctx, r, p, u, code)
	if onetrip.HasCode(err, onetrip.CodeNotFound) { // a new bundle: the first save creates it
		r.URL.RawQuery = "new=1"
		e, err = w.loadBundleEditor(ctx, r, p, u, code)
	}
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	e.Form = parseBundleForm(r.PostForm, code)
	e.F = &findings{byPath: map[string][]string{}}
	action := r.PostFormValue("action")
	if action == "" {
		action = "save"
	}
	if err := e.Form.apply(action); err != nil {
		e.Status, e.StatusBad = errorMessage(r, err), true
		w.renderBundleEditor(rw, r, p, e, http.StatusBadRequest)
		return
	}
	b, probs := e.Form.bundle()
	if len(probs) > 0 {
		err := probs.Err("ui.adm.not_saved", len(probs))
		e.F, e.Status, e.StatusBad = newFindings(p.Lang, err, nil), errorMessage(r, err), true
		w.renderBundleEditor(rw, r, p, e, http.StatusBadRequest)
		return
	}
	res, err := w.store.SaveBundleDraft(ctx, b, u.Username)
	if err != nil {
		if !onetrip.HasCode(err, onetrip.CodeInvalid) && !onetrip.HasCode(err, onetrip.CodeConflict) {
			w.renderError(rw, r, err)
			return
		}
		e.F, e.Status, e.StatusBad = newFindings(p.Lang, err, nil), errorMessage(r, err), true
		w.renderBundleEditor(rw, r, p, e, httpx.Status(onetrip.AsError(err).Code))
		return
	}
	if action == "save" {
		e.Form = formFromBundle(b)
	}
	e.Version, e.IsNew = res.Info, false
	e.F = newFindings(p.Lang, nil, res.Findings)
	if e.F.Any() {
		e.Status = p.T("ui.adm.saved_findings", res.Info.Version, len(e.F.List))
	} else {
		e.Status = p.T("ui.adm.saved_clean", res.Info.Version)
	}
	w.renderBundleEditor(rw, r, p, e, http.StatusOK)
}

// adminBundlePublish publishes the draft (publishDraft).
func (w *Web) adminBundlePublish(rw http.ResponseWriter, r *http.Request) {
	w.publishDraft(rw, r, "bundle", "ui.adm.bundles.title", w.store.PublishBundle, func(p *Page, u *onetrip.Principal, code string, err error) {
		e, lerr := w.loadBundleEditor(r.Context(), r, p, u, code)
		if lerr != nil {
			w.renderError(rw, r, lerr)
			return
		}
		e.F, e.Status, e.StatusBad = newFindings(p.Lang, err, nil), errorMessage(r, err), true
		w.renderBundleEditor(rw, r, p, e, httpx.Status(onetrip.AsError(err).Code))
	})
}

// StepErrs are a step row's findings: its item and its after list.
func (e *bundleEditor) StepErrs(i int) []string {
	p := "steps[" + strconv.Itoa(i) + "]"
	var out []string
	for _, f := range e.F.List {
		if f.Path == p+".item" || strings.HasPrefix(f.Path, p+".after") {
			out = append(out, f.Message)
		}
	}
	return out
}
