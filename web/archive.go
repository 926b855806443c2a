package web

import (
	"encoding/base64"
	"math"
	"mime"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"onetrip"
	"onetrip/archive"
	"onetrip/blob"
	"onetrip/httpx"
	"onetrip/policy"
	"onetrip/sqlstore"
)

// The archivist's pages (电子归档, issue 16: 档案分别管理, each department
// keeps its own): the packages with their 四性检测 results and a list of
// the failures, one package's metadata, checks and files, transfer
// batches (移交) with their signed list, and destruction (提出销毁 by the
// archivist, 批准销毁 by a region admin). A department's archivist sees
// the department's packages, a region's admin the region's
// (policy.CanReadPackage); a department's data admin has no part in it.
// Packages are always shown masked (sqlstore.Package.Masked).

// archListLimit bounds the list; archFailedLimit the failures looked at.
const (
	archListLimit   = 200
	archFailedLimit = 500
	archTransferMax = 500
	archSearchMax   = 200 // a search field's length
)

// archServedTypes are the declared types a file is shown as in the
// browser; anything else is a download (application/octet-stream).
var archServedTypes = []string{"application/pdf", "image/jpeg", "image/png", "application/json"}

// archRow is one package of a list, masked.
type archRow struct {
	P         sqlstore.Package
	Href      string
	StateKey  string
	Retention string
	Archived  string
	Size      string
	Pickable  bool // kept: may go into a transfer batch
	Picked    bool
}

type archListData struct {
	Number, Applicant, Item, From, To string
	Scope                             string
	Rows                              []archRow
	Failed                            []archRow
	Truncated                         bool
	Limit                             int
	CanTransfer                       bool
	Error                             string
	ErrorList                         []string
}

// archiveUser admits a department's archivist and a region's admin; a
// department's data admin and every other role are refused (403), the
// logged-out sent to the login page. On failure it has answered.
func (w *Web) archiveUser(rw http.ResponseWriter, r *http.Request) (*onetrip.Principal, bool) {
	p, ok := w.requireUser(rw, r, onetrip.RoleArchivist, onetrip.RoleAdmin)
	if !ok {
		return nil, false
	}
	if _, _, err := policy.PackageScope(p); err != nil {
		w.renderError(rw, r, err)
		return nil, false
	}
	return p, true
}

// archiveStorage answers 503 when the node has no archive storage.
func (w *Web) archiveStorage(rw http.ResponseWriter, r *http.Request) bool {
	if w.opts.Archive == nil {
		w.renderError(rw, r, onetrip.Unavailable("archive.storage.none"))
		return false
	}
	return true
}

func archStateKey(state string) string {
	switch state {
	case sqlstore.PackageKept, sqlstore.PackageTransferred, sqlstore.PackageDestroyed:
		return "ui.arch.state." + state
	}
	return "ui.arch.state.other"
}

func archDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(onetrip.China).Format(time.DateOnly)
}

func packageHref(id string) string { return "/archive/packages/" + url.PathEscape(id) }

func (w *Web) archRowOf(lang onetrip.Lang, pkg sqlstore.Package) archRow {
	m := pkg.Masked()
	return archRow{P: m, Href: packageHref(m.ID), StateKey: archStateKey(m.State), Retention: m.Retention.Label(lang),
		Archived: archDate(m.ArchivedAt), Size: blob.SizeLabel(m.Size), Pickable: m.State == sqlstore.PackageKept}
}

// archScope narrows a query to what p may list (policy.PackageScope;
// archiveUser has let only those with a scope in).
func archScope(p *onetrip.Principal, q *sqlstore.PackageQuery) {
	q.Department, q.Region, _ = policy.PackageScope(p)
}

func (w *Web) archiveList(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.archiveUser(rw, r)
	if !ok {
		return
	}
	v := r.URL.Query()
	d := &archListData{Number: strings.TrimSpace(v.Get("number")), Applicant: strings.TrimSpace(v.Get("applicant")),
		Item: strings.TrimSpace(v.Get("item")), From: strings.TrimSpace(v.Get("from")), To: strings.TrimSpace(v.Get("to"))}
	for _, s := range []string{d.Number, d.Applicant, d.Item} {
		if utf8.RuneCountInString(s) > archSearchMax {
			w.renderError(rw, r, onetrip.Invalid("ui.arch.search.too_long", archSearchMax))
			return
		}
	}
	if err := (sqlstore.PackageQuery{From: d.From, To: d.To}).Check(); err != nil {
		w.renderError(rw, r, err)
		return
	}
	w.archiveListShow(rw, r, p, http.StatusOK, d, nil)
}

// archiveListShow fills in the list, the failures and the transfer form;
// picked are the packages ticked in a refused transfer.
func (w *Web) archiveListShow(rw http.ResponseWriter, r *http.Request, p *onetrip.Principal, status int, d *archListData, picked []string) {
	ctx := r.Context()
	pg := w.page(r, "ui.arch.title", d)
	q := sqlstore.PackageQuery{Number: d.Number, Applicant: d.Applicant, Item: d.Item, From: d.From, To: d.To, Limit: archListLimit}
	archScope(p, &q)
	list, err := w.store.ArchivePackages(ctx, q)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	d.Limit, d.Truncated = archListLimit, len(list) == archListLimit
	for _, pkg := range list {
		row := w.archRowOf(pg.Lang, pkg)
		row.Picked = slices.Contains(picked, pkg.ID)
		d.Rows = append(d.Rows, row)
	}
	// The failures of the whole scope, whatever the search.
	fq := sqlstore.PackageQuery{Failed: true, Limit: archFailedLimit}
	archScope(p, &fq)
	failed, err := w.store.ArchivePackages(ctx, fq)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	for _, pkg := range failed {
		d.Failed = append(d.Failed, w.archRowOf(pg.Lang, pkg))
	}
	d.Scope = w.scopeLabel(r, p)
	d.CanTransfer = p.Role == onetrip.RoleArchivist
	w.render(rw, r, "archive", status, pg)
}

// archiveTransfer hands the ticked packages to the archives. A refusal (a
// package failing its check at transfer, one not kept, another
// department's) comes back on the list with the problems; nothing moves.
func (w *Web) archiveTransfer(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireUser(rw, r, onetrip.RoleArchivist)
	if !ok || !w.postForm(rw, r) || !w.archiveStorage(rw, r) {
		return
	}
	ids := r.PostForm["package"]
	lang := httpx.PageLang(r)
	var err error
	var t sqlstore.Transfer
	if len(ids) > archTransferMax {
		err = onetrip.Invalid("ui.arch.transfer.too_many", archTransferMax)
	} else {
		t, err = w.store.TransferPackages(r.Context(), p, ids, w.opts.Archive)
	}
	if err != nil {
		switch onetrip.AsError(err).Code {
		case onetrip.CodeInvalid, onetrip.CodeConflict, onetrip.CodeNotFound:
		default:
			w.renderError(rw, r, err)
			return
		}
		status, body := httpx.Body(err, lang)
		d := &archListData{Error: body.Error.Message}
		for _, det := range body.Error.Details {
			d.ErrorList = append(d.ErrorList, det.Message)
		}
		w.archiveListShow(rw, r, p, status, d, ids)
		return
	}
	w.log.Info("archive transfer", "transfer", t.ID, "department", t.Department, "packages", t.Count, "by", p.Username)
	http.Redirect(rw, r, "/archive/transfers/"+url.PathEscape(t.ID)+"?created=1", http.StatusSeeOther)
}

// ---- one package ----

type archFact struct {
	Key, Value string
	Code       bool
}

type archProblem struct {
	File, Message string
}

type archCheckRow struct {
	Check, Label string
	Passed       bool
	Problems     []archProblem
}

type archFile struct {
	archive.FileRef
	RoleLabel, SizeLabel, Href string
}

type archPackageData struct {
	Row          archRow
	Facts        []archFact
	NoMetadata   bool
	Checks       []archCheckRow
	CheckedAt    string
	Offline      bool
	Files        []archFile
	DownloadHref string
	Destroyed    bool
	CanRecheck   bool
	CanPropose   bool // the department's archivist
	CanApprove   bool // a region's admin
	TransferHref string
	Reason       string
	ReasonMax    int
	Error        string
	Flash        string
}

func (w *Web) archivePackage(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.archiveUser(rw, r)
	if !ok {
		return
	}
	pkg, err := w.store.VisiblePackage(r.Context(), p, r.PathValue("id"))
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	d := &archPackageData{}
	lang := httpx.PageLang(r)
	qv := r.URL.Query()
	switch {
	case qv.Get("checked") != "" && pkg.CheckOK:
		d.Flash = onetrip.Render(lang, "ui.arch.rechecked.ok")
	case qv.Get("checked") != "":
		d.Flash = onetrip.Render(lang, "ui.arch.rechecked.failed")
	case qv.Get("proposed") != "":
		d.Flash = onetrip.Render(lang, "ui.arch.destroy.proposed")
	case qv.Get("approved") != "":
		d.Flash = onetrip.Render(lang, "ui.arch.approved")
	}
	w.archivePackageShow(rw, r, p, pkg, http.StatusOK, d)
}

// problemArgs undoes JSON's numbers: a stored report's integer arguments
// come back as float64, which %d would not print.
func problemArgs(args []any) []any {
	out := make([]any, len(args))
	for i, a := range args {
		if f, ok := a.(float64); ok && f == math.Trunc(f) && math.Abs(f) < 1<<53 {
			a = int64(f)
		}
		out[i] = a
	}
	return out
}

func (w *Web) archivePackageShow(rw http.ResponseWriter, r *http.Request, p *onetrip.Principal, pkg sqlstore.Package, status int, d *archPackageData) {
	pg := w.page(r, "ui.arch.pkg.title", d)
	lang := pg.Lang
	d.Row = w.archRowOf(lang, pkg)
	m := d.Row.P // masked
	pg.Title = pg.T("ui.arch.pkg.title") + " " + m.CaseNumber
	d.Destroyed = m.State == sqlstore.PackageDestroyed
	d.CanRecheck = !d.Destroyed && w.opts.Archive != nil
	d.CanPropose = !d.Destroyed && policy.CanTransferPackage(p, m.Department)
	d.CanApprove = !d.Destroyed && p.Role == onetrip.RoleAdmin && !policy.DepartmentAdmin(p)
	d.ReasonMax = sqlstore.MaxDestroyReason
	if !d.Destroyed {
		d.DownloadHref = "/api/v1/archive/packages/" + url.PathEscape(m.ID) + "/download"
	}
	if m.TransferID != "" {
		d.TransferHref = "/archive/transfers/" + url.PathEscape(m.TransferID)
	}
	retention := m.Retention.Label(lang)
	if end, ok := m.Retention.Expires(m.ArchivedAt); ok {
		retention += onetrip.Render(lang, "ui.arch.expires", archDate(end))
	}
	names := w.regionNames(r.Context())
	if md := m.Check.Metadata; md != nil {
		result := md.Result
		if key := "ui.arch.result." + md.Result; md.Result != "" {
			if _, ok := onetrip.Lookup(key); ok {
				result = onetrip.Render(lang, key)
			}
		}
		region := md.Region
		if n := names(md.Region); n != "" && n != md.Region {
			region = n + "（" + md.Region + "）"
		}
		d.Facts = []archFact{
			{"ui.arch.meta.package_id", md.PackageID, true}, {"ui.arch.meta.fonds", md.Fonds, true}, {"ui.arch.meta.fonds_name", md.FondsName, false},
			{"ui.arch.meta.region", region, false}, {"ui.arch.meta.item_code", md.ItemCode, true}, {"ui.arch.meta.item_name", md.ItemName, false},
			{"ui.arch.meta.case_number", md.CaseNumber, true}, {"ui.arch.meta.title", md.Title, false}, {"ui.arch.meta.applicant", md.Applicant, false},
			{"ui.arch.meta.applicant_id", md.ApplicantID, true}, {"ui.arch.meta.accepted", archTime(md.Accepted), false},
			{"ui.arch.meta.closed", archTime(md.Closed), false}, {"ui.arch.meta.archived", archTime(md.Archived), false},
			{"ui.arch.meta.retention", retention, false}, {"ui.arch.meta.classification", md.Classification, false},
			{"ui.arch.meta.result", result, false}, {"ui.arch.meta.format", md.Format, true}, {"ui.arch.meta.signer", md.Signer, false},
			{"ui.arch.meta.key_print", md.SignerKeyPrint, true},
		}
		for _, f := range md.Files {
			af := archFile{FileRef: f, SizeLabel: blob.SizeLabel(int64(f.Size)), RoleLabel: f.Role}
			if key := "ui.arch.role." + f.Role; f.Role != "" {
				if _, ok := onetrip.Lookup(key); ok {
					af.RoleLabel = onetrip.Render(lang, key)
				}
			}
			if !d.Destroyed {
				af.Href = archFileHref(m.ID, f.Path)
			}
			d.Files = append(d.Files, af)
		}
	} else {
		d.NoMetadata = true
		d.Facts = []archFact{
			{"ui.arch.meta.package_id", m.ID, true}, {"ui.arch.meta.fonds", m.Department, true}, {"ui.arch.meta.fonds_name", m.DepartmentName, false},
			{"ui.arch.meta.item_code", m.ItemCode, true}, {"ui.arch.meta.item_name", m.ItemName, false}, {"ui.arch.meta.case_number", m.CaseNumber, true},
			{"ui.arch.meta.applicant", m.Applicant, false}, {"ui.arch.meta.applicant_id", m.ApplicantID, true},
			{"ui.arch.meta.closed", archTime(m.ClosedAt), false}, {"ui.arch.meta.archived", archTime(m.ArchivedAt), false},
			{"ui.arch.meta.retention", retention, false},
		}
	}
	for _, c := range archive.Checks {
		row := archCheckRow{Check: c, Label: archive.CheckLabel(c, lang), Passed: m.Check.Passed[c]}
		for _, pr := range m.Check.Problems {
			if pr.Check == c {
				row.Problems = append(row.Problems, archProblem{File: pr.File, Message: onetrip.Render(lang, pr.Key, problemArgs(pr.Args)...)})
			}
		}
		d.Checks = append(d.Checks, row)
	}
	d.CheckedAt, d.Offline = archTime(m.CheckedAt), m.Check.KeyFromPackage
	w.render(rw, r, "archive_package", status, pg)
}

func archTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return timeOf(t)
}

// archFileHref is a payload file's link, each segment of its path escaped.
func archFileHref(id, p string) string {
	parts := strings.Split(p, "/")
	for i, s := range parts {
		parts[i] = url.PathEscape(s)
	}
	return packageHref(id) + "/files/" + strings.Join(parts, "/")
}

// archiveFile serves one payload file of a package from its zip: only a
// file the package's metadata lists, shown in the browser when its
// declared type is one of archServedTypes, else as a download.
func (w *Web) archiveFile(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.archiveUser(rw, r)
	if !ok {
		return
	}
	pkg, err := w.store.VisiblePackage(r.Context(), p, r.PathValue("id"))
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	want := r.PathValue("path")
	notFound := onetrip.NotFound("ui.arch.file.not_found", want)
	if pkg.State == sqlstore.PackageDestroyed {
		w.renderError(rw, r, notFound)
		return
	}
	if !w.archiveStorage(rw, r) {
		return
	}
	zb, err := w.opts.Archive.Get(pkg.SM3)
	if err != nil {
		w.renderError(rw, r, onetrip.NotFound("archive.package.not_found", pkg.ID))
		return
	}
	pr, err := archive.Open(zb)
	if err != nil {
		w.renderError(rw, r, notFound)
		return
	}
	b, ref, err := pr.File(want)
	if err != nil {
		w.renderError(rw, r, notFound)
		return
	}
	typ, disposition := ref.Type, "inline"
	if !slices.Contains(archServedTypes, typ) {
		typ, disposition = "application/octet-stream", "attachment"
	}
	cd := mime.FormatMediaType(disposition, map[string]string{"filename": path.Base(ref.Path)})
	if cd == "" {
		cd = disposition
	}
	rw.Header().Set("Content-Type", typ)
	rw.Header().Set("Content-Disposition", cd)
	rw.Header().Set("Content-Length", strconv.Itoa(len(b)))
	rw.Header().Set("Cache-Control", "private, no-store")
	rw.Write(b)
}

// archivePackageWrite starts a change of one package: a posted form with
// its CSRF token, a package the user may read. On failure it has
// answered.
func (w *Web) archivePackageWrite(rw http.ResponseWriter, r *http.Request) (*onetrip.Principal, sqlstore.Package, bool) {
	p, ok := w.archiveUser(rw, r)
	if !ok || !w.postForm(rw, r) {
		return nil, sqlstore.Package{}, false
	}
	pkg, err := w.store.VisiblePackage(r.Context(), p, r.PathValue("id"))
	if err != nil {
		w.renderError(rw, r, err)
		return nil, pkg, false
	}
	return p, pkg, true
}

// archiveRefused shows the package page again with a refusal's message
// (a conflict or a problem of the form); anything else is an error page.
func (w *Web) archiveRefused(rw http.ResponseWriter, r *http.Request, p *onetrip.Principal, pkg sqlstore.Package, d *archPackageData, err error) {
	switch onetrip.AsError(err).Code {
	case onetrip.CodeInvalid, onetrip.CodeConflict:
	default:
		w.renderError(rw, r, err)
		return
	}
	status, body := httpx.Body(err, httpx.PageLang(r))
	d.Error = errorText(httpx.PageLang(r), body)
	w.archivePackageShow(rw, r, p, pkg, status, d)
}

func (w *Web) archiveRecheck(rw http.ResponseWriter, r *http.Request) {
	p, pkg, ok := w.archivePackageWrite(rw, r)
	if !ok || !w.archiveStorage(rw, r) {
		return
	}
	if pkg.State == sqlstore.PackageDestroyed {
		w.archiveRefused(rw, r, p, pkg, &archPackageData{}, onetrip.Conflict("ui.arch.destroyed"))
		return
	}
	checked, err := w.store.RecheckPackage(r.Context(), pkg.ID, "on demand", p.Username, w.opts.Archive)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	w.log.Info("archive package checked", "package", pkg.ID, "ok", checked.CheckOK, "by", p.Username)
	http.Redirect(rw, r, packageHref(pkg.ID)+"?checked=1#checks", http.StatusSeeOther)
}

func (w *Web) archiveDestroy(rw http.ResponseWriter, r *http.Request) {
	p, pkg, ok := w.archivePackageWrite(rw, r)
	if !ok {
		return
	}
	if !policy.CanTransferPackage(p, pkg.Department) {
		w.renderError(rw, r, onetrip.Forbidden("err.forbidden"))
		return
	}
	reason := strings.TrimSpace(r.PostFormValue("reason"))
	d := &archPackageData{Reason: reason}
	if err := w.store.ProposeDestruction(r.Context(), p, pkg.ID, reason); err != nil {
		w.archiveRefused(rw, r, p, pkg, d, err)
		return
	}
	w.log.Info("archive destruction proposed", "package", pkg.ID, "by", p.Username)
	http.Redirect(rw, r, packageHref(pkg.ID)+"?proposed=1", http.StatusSeeOther)
}

func (w *Web) archiveDestroyApprove(rw http.ResponseWriter, r *http.Request) {
	p, pkg, ok := w.archivePackageWrite(rw, r)
	if !ok {
		return
	}
	if p.Role != onetrip.RoleAdmin {
		w.renderError(rw, r, onetrip.Forbidden("err.forbidden"))
		return
	}
	// The package's bytes go from the archive storage; the destruction list
	// keeps what it was.
	remove := func(string) error { return nil }
	if w.opts.Archive != nil {
		remove = w.opts.Archive.Remove
	}
	if err := w.store.ApproveDestruction(r.Context(), p, pkg.ID, remove); err != nil {
		w.archiveRefused(rw, r, p, pkg, &archPackageData{}, err)
		return
	}
	w.log.Info("archive destruction approved", "package", pkg.ID, "by", p.Username)
	http.Redirect(rw, r, packageHref(pkg.ID)+"?approved=1", http.StatusSeeOther)
}

// ---- transfer batches ----

type archTransferData struct {
	T                          sqlstore.Transfer
	Rows                       []archRow
	Created                    string
	By                         string
	XLSXHref, XMLHref, SigHref string
	Flash                      string
}

// archiveTransferPage is a batch's page, and by the suffix of its last
// segment the batch's exports: .xlsx (移交清单 as Excel), .xml (the signed
// list) and .sig (its SM2 signature, DER).
func (w *Web) archiveTransferPage(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.archiveUser(rw, r)
	if !ok {
		return
	}
	id, ext := r.PathValue("id"), ""
	for _, x := range []string{".xlsx", ".xml", ".sig"} {
		if s, found := strings.CutSuffix(id, x); found {
			id, ext = s, x
			break
		}
	}
	t, err := w.store.TransferByID(r.Context(), p, id)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	for i := range t.Packages {
		t.Packages[i] = t.Packages[i].Masked()
	}
	switch ext {
	case ".xlsx":
		w.archiveTransferXLSX(rw, r, t)
		return
	case ".xml":
		rw.Header().Set("Content-Type", "application/xml")
		rw.Header().Set("Content-Disposition", `attachment; filename="`+t.ID+`.xml"`)
		rw.Header().Set("Cache-Control", "no-store")
		rw.Write([]byte(t.XML))
		return
	case ".sig":
		der, err := base64.StdEncoding.DecodeString(t.Signature)
		if err != nil {
			w.renderError(rw, r, onetrip.Internal(err))
			return
		}
		rw.Header().Set("Content-Type", "application/octet-stream")
		rw.Header().Set("Content-Disposition", `attachment; filename="`+t.ID+`.sig"`)
		rw.Header().Set("Cache-Control", "no-store")
		rw.Write(der)
		return
	}
	pg := w.page(r, "ui.arch.tr.title", nil)
	base := "/archive/transfers/" + url.PathEscape(t.ID)
	d := &archTransferData{T: t, Created: archTime(t.CreatedAt), By: pg.Who(t.CreatedBy),
		XLSXHref: base + ".xlsx", XMLHref: base + ".xml", SigHref: base + ".sig"}
	if r.URL.Query().Get("created") != "" {
		d.Flash = pg.T("ui.arch.tr.created_flash", t.Count)
	}
	for _, pkg := range t.Packages {
		d.Rows = append(d.Rows, w.archRowOf(pg.Lang, pkg))
	}
	pg.Title = pg.T("ui.arch.tr.title") + " " + t.ID
	pg.Data = d
	w.render(rw, r, "archive_transfer", http.StatusOK, pg)
}

// archXLSXHeaders are the transfer list's columns; the sheet is in
// Chinese, for the archives that receive it.
var archXLSXHeaders = []string{"ui.arch.meta.package_id", "ui.arch.meta.case_number", "ui.arch.meta.item_code", "ui.arch.meta.item_name",
	"ui.arch.meta.title", "ui.arch.xlsx.archived", "ui.arch.meta.retention", "ui.arch.col.files", "ui.arch.xlsx.size", "ui.arch.xlsx.sm3", "ui.arch.col.check"}

func (w *Web) archiveTransferXLSX(rw http.ResponseWriter, r *http.Request, t sqlstore.Transfer) {
	zh := func(key string, args ...any) string { return onetrip.Render(onetrip.LangZH, key, args...) }
	sh := xlsxSheet{Name: zh("ui.arch.xlsx.sheet"), Widths: map[string]float64{"A": 44, "B": 22, "C": 16, "D:E": 28, "F": 12, "J": 66}}
	for _, k := range archXLSXHeaders {
		sh.Headers = append(sh.Headers, zh(k))
	}
	for _, pkg := range t.Packages {
		check := zh("ui.arch.check.ok")
		if !pkg.CheckOK {
			check = zh("ui.arch.check.failed")
		}
		sh.Rows = append(sh.Rows, []any{pkg.ID, xlsxText(pkg.CaseNumber), xlsxText(pkg.ItemCode), xlsxText(pkg.ItemName),
			xlsxText(strings.TrimSpace(pkg.Applicant + " " + pkg.ItemName)), xlsxDate(pkg.ArchivedAt), pkg.Retention.Label(onetrip.LangZH),
			pkg.Files, pkg.Size, pkg.SM3, check})
	}
	w.sendXLSX(rw, r, t.ID+".xlsx", sh)
}
