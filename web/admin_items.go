package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"onetrip"
	"onetrip/archive"
	"onetrip/catalog"
	"onetrip/httpx"
	"onetrip/idcode"
	"onetrip/org"
	"onetrip/policy"
	"onetrip/sqlstore"
)

// The admin catalogue editor for items: the list, the editor of the current
// draft (or the published version when there is none), publishing with the
// guide lint shown inline, the version history with diffs, and the item's
// implementations in the admin's region.

type opt struct{ Value, Label string }

type editorOpts struct {
	Kinds      []string
	Depts      []catalog.DepartmentKind
	Levels     []opt
	Windows    []string
	Forms      []opt
	Sources    []opt
	Onlines    []opt
	FeeDues    []opt // when the fee is due, the default (before issue) first
	FeePayers  []opt // who pays, the applicant (the default) first
	Deliveries []opt
	Licences   []opt
}

// implForm is an implementation as its form posts it.
type implForm struct {
	Region, Department, PromisedDays, Address, Hours, Phone string
}

type implSection struct {
	List    []catalog.Implementation
	Form    implForm
	Editing bool
	Regions []regionOpt
	Depts   []org.Department
	F       *findings
	Error   string
}

type itemEditor struct {
	Code       string
	Form       itemForm
	Version    sqlstore.VersionInfo // the version shown; zero for a new item
	Published  int                  // the published version, 0 if none
	IsNew      bool
	CanEdit    bool
	F          *findings
	Status     string // what happened: saved, refused, nothing saved
	StatusBad  bool
	GuideHref  string
	JustPubl   int // the version just published, for the flash link
	Opts       editorOpts
	Impl       implSection
	VersionsHr string
	// Retention is the item's 保管期限 for its archive packages; Retentions
	// the choices with their names.
	Retention  archive.Retention
	Retentions []retentionOpt
	RetSaved   bool
}

// retentionOpt is one choice of the retention select.
type retentionOpt struct {
	Value archive.Retention
	Label string
}

type itemListData struct {
	Q       string
	Items   []sqlstore.ItemSummary
	CanEdit bool
}

func (w *Web) adminItems(rw http.ResponseWriter, r *http.Request) {
	u, ok := w.requireUser(rw, r, onetrip.RoleAdmin)
	if !ok {
		return
	}
	d := &itemListData{Q: strings.TrimSpace(r.URL.Query().Get("q")), CanEdit: canEditCatalog(u)}
	items, err := w.store.Items(r.Context(), sqlstore.ItemQuery{Q: d.Q, Drafts: true})
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	d.Items = items
	w.render(rw, r, "admin_items", http.StatusOK, w.page(r, "ui.adm.items.title", d))
}

// loadItemEditor assembles the editor of code as stored, with the current
// lint findings; handlers then replace the form or findings with what was
// posted.
func (w *Web) loadItemEditor(ctx context.Context, r *http.Request, p *Page, u *onetrip.Principal, code string) (*itemEditor, error) {
	e := &itemEditor{Code: code, CanEdit: canEditCatalog(u), GuideHref: guideHref(code, ""),
		VersionsHr: "/admin/items/" + url.PathEscape(code) + "/versions"}
	iv, err := w.store.CurrentItem(ctx, code)
	switch {
	case err == nil:
		e.Form, e.Version = formFromItem(iv.Item), iv.Info
		if _, fs, err := w.store.LintItemDraft(ctx, code); err == nil {
			e.F = newFindings(p.Lang, nil, catalog.ToProblems(fs))
		}
	case onetrip.HasCode(err, onetrip.CodeNotFound) && e.CanEdit && r.URL.Query().Get("new") == "1":
		e.IsNew, e.Form = true, newItemForm(code)
	default:
		return nil, err
	}
	deptKind := e.Form.DepartmentKind
	if pub, err := w.store.Item(ctx, code, 0); err == nil {
		e.Published, deptKind = pub.Info.Version, pub.Item.DepartmentKind
	}
	if err := w.editorOpts(ctx, p.Lang, e); err != nil {
		return nil, err
	}
	if !e.IsNew {
		if err := w.loadImpls(ctx, u, code, deptKind, &e.Impl); err != nil {
			return nil, err
		}
		if e.Retention, err = w.store.RetentionOf(ctx, code); err != nil {
			return nil, err
		}
		for _, r := range archive.Retentions {
			e.Retentions = append(e.Retentions, retentionOpt{Value: r, Label: r.Label(p.Lang)})
		}
		e.RetSaved = r.URL.Query().Get("retention_saved") == "1"
	}
	return e, nil
}

// adminRetentionSave sets the item's retention period (the province's
// admins, as for the catalogue).
func (w *Web) adminRetentionSave(rw http.ResponseWriter, r *http.Request) {
	u, ok := w.requireUser(rw, r, onetrip.RoleAdmin)
	if !ok || !w.postForm(rw, r) {
		return
	}
	if !canEditCatalog(u) {
		w.renderError(rw, r, onetrip.Forbidden("err.forbidden"))
		return
	}
	code := r.PathValue("code")
	if err := w.store.SetRetention(r.Context(), code, archive.Retention(r.PostFormValue("retention")), u.Username); err != nil {
		w.renderError(rw, r, err)
		return
	}
	http.Redirect(rw, r, "/admin/items/"+url.PathEscape(code)+"?retention_saved=1#retention", http.StatusSeeOther)
}

func (w *Web) editorOpts(ctx context.Context, lang onetrip.Lang, e *itemEditor) error {
	o := &e.Opts
	o.Kinds, o.Windows = catalog.ItemKinds, catalog.Windows
	var err error
	if o.Depts, _, err = w.deptKindNames(ctx); err != nil {
		return err
	}
	for _, l := range catalog.Levels {
		o.Levels = append(o.Levels, opt{string(l), l.Label(lang)})
	}
	for _, f := range catalog.Forms {
		o.Forms = append(o.Forms, opt{string(f), f.Label(lang)})
	}
	for _, x := range catalog.OnlineLevels {
		o.Onlines = append(o.Onlines, opt{string(x), x.Label(lang)})
	}
	for _, d := range append([]catalog.FeeDue{catalog.FeeBeforeIssue}, catalog.FeeDues...) {
		o.FeeDues = append(o.FeeDues, opt{string(d), d.Label(lang)})
	}
	o.FeePayers = append(o.FeePayers, opt{"", catalog.PartyApplicant.Label(lang)})
	for _, r := range catalog.PartyRoles[1:] {
		o.FeePayers = append(o.FeePayers, opt{string(r), r.Label(lang)})
	}
	for _, d := range catalog.Deliveries {
		o.Deliveries = append(o.Deliveries, opt{string(d), d.Label(lang)})
	}
	ls, err := w.store.LicenceTypes(ctx)
	if err != nil {
		return err
	}
	ds, err := w.store.DataItems(ctx)
	if err != nil {
		return err
	}
	o.Sources = append(o.Sources, opt{string(catalog.SourceApplicant), catalog.SourceApplicant.Label(lang)})
	for _, l := range ls {
		o.Licences = append(o.Licences, opt{l.Code, l.Name})
		o.Sources = append(o.Sources, opt{"licence:" + l.Code, catalog.SourceLicence.Label(lang) + onetrip.Colon(lang) + l.Name})
	}
	for _, d := range ds {
		o.Sources = append(o.Sources, opt{"shared:" + d.Code, catalog.SourceShared.Label(lang) + onetrip.Colon(lang) + d.Name})
	}
	o.Sources = append(o.Sources, opt{string(catalog.SourcePriorStep), catalog.SourcePriorStep.Label(lang)})
	return nil
}

// DeliveryOpts are the delivery checkboxes: the item's own modes first, in
// its order, then the rest, so a form posted back keeps the order.
func (e *itemEditor) DeliveryOpts() []opt {
	var out []opt
	for _, d := range e.Form.Delivery {
		for _, o := range e.Opts.Deliveries {
			if o.Value == d {
				out = append(out, o)
			}
		}
	}
	for _, o := range e.Opts.Deliveries {
		if !slices.Contains(e.Form.Delivery, o.Value) {
			out = append(out, o)
		}
	}
	return out
}

// withPosted keeps values the options do not know (a licence type since
// removed, a tampered form) selectable, so a re-rendered form shows what was
// posted and the finding that explains it.
func (o *editorOpts) withPosted(f itemForm) {
	has := func(list []opt, v string) bool {
		for _, x := range list {
			if x.Value == v {
				return true
			}
		}
		return false
	}
	for _, m := range f.Materials {
		if !has(o.Sources, m.Source) {
			o.Sources = append(o.Sources, opt{m.Source, m.Source})
		}
	}
}

func (w *Web) loadImpls(ctx context.Context, u *onetrip.Principal, code, deptKind string, s *implSection) error {
	var err error
	prefix := idcode.RegionPrefix(u.Region)
	if s.List, err = w.store.Implementations(ctx, code, prefix); err != nil {
		return err
	}
	if s.Regions, err = w.regionTree(ctx, u.Region, countyDepth(u.Region)); err != nil {
		return err
	}
	s.Depts, err = w.store.DepartmentsOfKind(ctx, deptKind, prefix)
	return err
}

func (w *Web) renderItemEditor(rw http.ResponseWriter, r *http.Request, p *Page, e *itemEditor, status int) {
	if e.F == nil {
		e.F = &findings{byPath: map[string][]string{}}
	}
	if e.Impl.F == nil {
		e.Impl.F = &findings{byPath: map[string][]string{}}
	}
	e.Opts.withPosted(e.Form)
	p.Data = e
	p.Title = p.T("ui.adm.item.title", e.Code)
	w.render(rw, r, "admin_item", status, p)
}

func (w *Web) adminItem(rw http.ResponseWriter, r *http.Request) {
	u, ok := w.requireUser(rw, r, onetrip.RoleAdmin)
	if !ok {
		return
	}
	if r.PathValue("code") == "new" { // the list's "new item" form
		code := strings.TrimSpace(r.URL.Query().Get("code"))
		if code == "" || code == "new" {
			http.Redirect(rw, r, "/admin/items", http.StatusSeeOther)
			return
		}
		http.Redirect(rw, r, "/admin/items/"+url.PathEscape(code)+"?new=1", http.StatusSeeOther)
		return
	}
	p := w.page(r, "ui.adm.items.title", nil)
	e, err := w.loadItemEditor(r.Context(), r, p, u, r.PathValue("code"))
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	q := r.URL.Query()
	if n, err := strconv.Atoi(q.Get("published")); err == nil && n > 0 {
		e.JustPubl = n
		p.Flash = p.T("ui.adm.published", n)
	}
	if reg := q.Get("impl_saved"); reg != "" {
		p.Flash = p.T("ui.adm.impl.saved", reg)
	}
	if reg := q.Get("impl"); reg != "" {
		for _, m := range e.Impl.List {
			if m.Region == reg {
				e.Impl.Form = implForm{Region: m.Region, Department: m.Department, PromisedDays: strconv.Itoa(m.PromisedDays),
					Address: m.Address, Hours: m.Hours, Phone: m.Phone}
				e.Impl.Editing = true
			}
		}
	}
	w.renderItemEditor(rw, r, p, e, http.StatusOK)
}

// adminItemSave applies the pressed button to the posted form and saves the
// draft. A form that does not convert, or a draft with structural problems,
// saves nothing and shows the posted values with every problem.
func (w *Web) adminItemSave(rw http.ResponseWriter, r *http.Request) {
	u, ok := w.catalogEditor(rw, r)
	if !ok {
		return
	}
	ctx, code := r.Context(), r.PathValue("code")
	p := w.page(r, "ui.adm.items.title", nil)
	e, err := w.loadItemEditor(ctx, r, p, u, code)
	if err != nil && !onetrip.HasCode(err, onetrip.CodeNotFound) {
		w.renderError(rw, r, err)
		return
	}
	if e == nil { // a new item: the first save creates it
		r.URL.RawQuery = "new=1"
		if e, err = w.loadItemEditor(ctx, r, p, u, code); err != nil {
			w.renderError(rw, r, err)
			return
		}
	}
	form := parseItemForm(r.PostForm, code)
	var known []string
	if pub, err := w.store.Item(ctx, code, 0); err == nil {
		for _, m := range pub.Item.Materials {
			known = append(known, m.ID)
		}
	}
	action := r.PostFormValue("action")
	if action == "" {
		action = "save"
	}
	e.Form = form
	if err := e.Form.apply(action, known); err != nil {
		e.F, e.Status, e.StatusBad = nil, errorMessage(r, err), true
		w.renderItemEditor(rw, r, p, e, http.StatusBadRequest)
		return
	}
	it, probs := e.Form.item()
	if len(probs) > 0 {
		err := probs.Err("ui.adm.not_saved", len(probs))
		e.F, e.Status, e.StatusBad = newFindings(p.Lang, err, nil), errorMessage(r, err), true
		w.renderItemEditor(rw, r, p, e, http.StatusBadRequest)
		return
	}
	res, err := w.store.SaveItemDraft(ctx, it, u.Username)
	if err != nil {
		if !onetrip.HasCode(err, onetrip.CodeInvalid) && !onetrip.HasCode(err, onetrip.CodeConflict) {
			w.renderError(rw, r, err)
			return
		}
		e.F, e.Status, e.StatusBad = newFindings(p.Lang, err, nil), errorMessage(r, err), true
		w.renderItemEditor(rw, r, p, e, httpx.Status(onetrip.AsError(err).Code))
		return
	}
	e.Form, e.Version, e.IsNew = formFromItem(it), res.Info, false
	if _, fs, err := w.store.LintItemDraft(ctx, code); err == nil {
		e.F = newFindings(p.Lang, nil, catalog.ToProblems(fs))
	} else {
		e.F = newFindings(p.Lang, nil, res.Findings)
	}
	if e.F.Any() {
		e.Status = p.T("ui.adm.saved_findings", res.Info.Version, len(e.F.List))
	} else {
		e.Status = p.T("ui.adm.saved_clean", res.Info.Version)
	}
	if e.Impl.Regions == nil { // created by this save
		if err := w.loadImpls(ctx, u, code, it.DepartmentKind, &e.Impl); err != nil {
			w.renderError(rw, r, err)
			return
		}
	}
	w.renderItemEditor(rw, r, p, e, http.StatusOK)
}

// adminItemPublish publishes the draft (publishDraft).
func (w *Web) adminItemPublish(rw http.ResponseWriter, r *http.Request) {
	w.publishDraft(rw, r, "item", "ui.adm.items.title", w.store.PublishItem, func(p *Page, u *onetrip.Principal, code string, err error) {
		e, lerr := w.loadItemEditor(r.Context(), r, p, u, code)
		if lerr != nil {
			w.renderError(rw, r, lerr)
			return
		}
		e.F, e.Status, e.StatusBad = newFindings(p.Lang, err, nil), errorMessage(r, err), true
		w.renderItemEditor(rw, r, p, e, httpx.Status(onetrip.AsError(err).Code))
	})
}

// publishDraft is the publish button of the item and bundle editors, one
// path for both: success redirects to the editor with "已发布第 N 版"; a
// refusal (lint findings, a concurrent change) shows the editor again with
// every finding at its field.
func (w *Web) publishDraft(rw http.ResponseWriter, r *http.Request, kind, title string, publish func(ctx context.Context, code, by string) (sqlstore.VersionInfo, error),
	reshow func(p *Page, u *onetrip.Principal, code string, err error)) {
	u, ok := w.catalogEditor(rw, r)
	if !ok {
		return
	}
	code := r.PathValue("code")
	info, err := publish(r.Context(), code, u.Username)
	if err == nil {
		w.log.Info(kind+" published", "code", code, "version", info.Version, "by", u.Username)
		http.Redirect(rw, r, "/admin/"+kind+"s/"+url.PathEscape(code)+"?published="+strconv.Itoa(info.Version), http.StatusSeeOther)
		return
	}
	if !onetrip.HasCode(err, onetrip.CodeInvalid) && !onetrip.HasCode(err, onetrip.CodeConflict) {
		w.renderError(rw, r, err)
		return
	}
	reshow(w.page(r, title, nil), u, code, err)
}

type versionsData struct {
	Code, Name string
	Versions   []sqlstore.VersionInfo
	A, B       int
	Diff       []diffRow
	Compared   bool
}

// diffRow is one change between two versions, its path named for people.
type diffRow struct {
	Path, Label, Old, New string
}

// Created formats when a version was saved.
func (d *versionsData) Created(v sqlstore.VersionInfo) string { return timeOf(v.CreatedAt) }

// PublishedOn formats when a version was published ("" if never).
func (d *versionsData) PublishedOn(v sqlstore.VersionInfo) string { return dateOf(v.PublishedAt) }

func (w *Web) adminItemVersions(rw http.ResponseWriter, r *http.Request) {
	if _, ok := w.requireUser(rw, r, onetrip.RoleAdmin); !ok {
		return
	}
	ctx, code := r.Context(), r.PathValue("code")
	vs, err := w.store.ItemVersions(ctx, code)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	d := &versionsData{Code: code, Versions: vs}
	if iv, err := w.store.CurrentItem(ctx, code); err == nil {
		d.Name = iv.Item.Name
	}
	q := r.URL.Query()
	if q.Get("a") != "" || q.Get("b") != "" {
		a, errA := strconv.Atoi(q.Get("a"))
		b, errB := strconv.Atoi(q.Get("b"))
		if errA != nil || errB != nil {
			w.renderError(rw, r, onetrip.Invalid("ui.adm.versions.bad", q.Get("a"), q.Get("b")))
			return
		}
		va, err := w.store.Item(ctx, code, a)
		if err != nil {
			w.renderError(rw, r, err)
			return
		}
		vb, err := w.store.Item(ctx, code, b)
		if err != nil {
			w.renderError(rw, r, err)
			return
		}
		d.A, d.B, d.Compared = a, b, true
		lang := httpx.PageLang(r)
		for _, c := range catalog.DiffItems(va.Item, vb.Item) {
			d.Diff = append(d.Diff, diffRow{Path: c.Path, Label: pathLabel(lang, c.Path), Old: c.Old, New: c.New})
		}
	} else if len(vs) >= 2 {
		d.A, d.B = vs[1].Version, vs[0].Version
	}
	p := w.page(r, "ui.adm.versions.title", d)
	p.Title = p.T("ui.adm.versions.title") + " · " + code
	w.render(rw, r, "admin_versions", http.StatusOK, p)
}

// adminImplSave adds or replaces the implementation of the item in one
// region of the admin's scope.
func (w *Web) adminImplSave(rw http.ResponseWriter, r *http.Request) {
	u, ok := w.requireUser(rw, r, onetrip.RoleAdmin)
	if !ok || !w.postForm(rw, r) {
		return
	}
	ctx, code := r.Context(), r.PathValue("code")
	f := implForm{Region: r.PostFormValue("region"), Department: r.PostFormValue("department"),
		PromisedDays: strings.TrimSpace(r.PostFormValue("promised_days")), Address: strings.TrimSpace(r.PostFormValue("address")),
		Hours: strings.TrimSpace(r.PostFormValue("hours")), Phone: strings.TrimSpace(r.PostFormValue("phone"))}
	if !policy.WithinScope(u, f.Region) {
		w.renderError(rw, r, onetrip.Forbidden("ui.adm.impl.scope", f.Region, u.Region))
		return
	}
	m := catalog.Implementation{Item: code, Region: f.Region, Department: f.Department, Address: f.Address, Hours: f.Hours, Phone: f.Phone}
	var err error
	days, convErr := strconv.Atoi(f.PromisedDays)
	if convErr != nil {
		var probs onetrip.Problems
		probs.Add("implementations[0].promised_days", "ui.adm.not_int", f.PromisedDays)
		err = probs.Err("ui.adm.not_saved", 1)
	} else {
		m.PromisedDays = days
		if old, lerr := w.store.Implementations(ctx, code, f.Region); lerr == nil {
			for _, o := range old {
				if o.Region == f.Region { // keep its id and service centre
					m.ID, m.Center = o.ID, o.Center
				}
			}
		}
		err = w.store.SaveImplementations(ctx, []catalog.Implementation{m}, u.Username)
	}
	if err == nil {
		http.Redirect(rw, r, "/admin/items/"+url.PathEscape(code)+"?impl_saved="+url.QueryEscape(f.Region)+"#impls", http.StatusSeeOther)
		return
	}
	if !onetrip.HasCode(err, onetrip.CodeInvalid) {
		w.renderError(rw, r, err)
		return
	}
	p := w.page(r, "ui.adm.items.title", nil)
	e, lerr := w.loadItemEditor(ctx, r, p, u, code)
	if lerr != nil {
		w.renderError(rw, r, lerr)
		return
	}
	e.Impl.Form, e.Impl.Editing = f, true
	e.Impl.Error = errorMessage(r, err)
	e.Impl.F = implFindings(p.Lang, err)
	w.renderItemEditor(rw, r, p, e, http.StatusBadRequest)
}

// implFindings shows SaveImplementations' problems by form field: the
// store names them implementations[0].field.
func implFindings(lang onetrip.Lang, err error) *findings {
	f := &findings{byPath: map[string][]string{}}
	for _, d := range onetrip.AsError(err).Details {
		msg := onetrip.Render(lang, d.Key, d.Args...)
		field := d.Path
		if i := strings.LastIndex(field, "."); i >= 0 {
			field = field[i+1:]
		}
		f.List = append(f.List, finding{Path: field, Label: pathLabel(lang, field), Message: msg})
		f.byPath[field] = append(f.byPath[field], msg)
	}
	return f
}
