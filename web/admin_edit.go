package web

import (
	"errors"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"onetrip"
	"onetrip/httpx"
	"onetrip/policy"
)

// Shared plumbing of the admin editors: who may edit what, reading a posted
// form safely, and showing findings next to the fields they name.

// catalogRegion is the scope an admin must have to edit the basic
// catalogue: the province. Implementations need only a region scope.
const catalogRegion = "330000"

// maxFormBody bounds an editor's posted form.
const maxFormBody = 256 << 10

// canEditCatalog reports whether the user may edit items and bundles.
func canEditCatalog(p *onetrip.Principal) bool {
	return p != nil && p.Role == onetrip.RoleAdmin && !policy.DepartmentAdmin(p) && p.Region == catalogRegion
}

// catalogEditor starts every write to the catalogue: an admin, a posted
// form within the size limit with a valid CSRF token, and the province
// scope (anyone else gets 403). On failure it has answered.
func (w *Web) catalogEditor(rw http.ResponseWriter, r *http.Request) (*onetrip.Principal, bool) {
	p, ok := w.requireUser(rw, r, onetrip.RoleAdmin)
	if !ok || !w.postForm(rw, r) {
		return nil, false
	}
	if !canEditCatalog(p) {
		w.renderError(rw, r, onetrip.Forbidden("ui.adm.province_only"))
		return nil, false
	}
	return p, true
}

// postForm reads a posted form within a size limit and checks its CSRF
// token first; on failure it has answered.
func (w *Web) postForm(rw http.ResponseWriter, r *http.Request) bool {
	r.Body = http.MaxBytesReader(rw, r.Body, maxFormBody)
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			w.renderError(rw, r, onetrip.E(onetrip.CodeTooLarge, "ui.adm.too_large", maxFormBody>>10))
			return false
		}
		w.renderError(rw, r, onetrip.Invalid("ui.adm.bad_form"))
		return false
	}
	if err := w.checkCSRF(r); err != nil {
		w.renderError(rw, r, err)
		return false
	}
	return true
}

// finding is one problem as shown: where (the JSON path and its name for
// people) and what.
type finding struct {
	Path, Label, Message string
}

// findings groups messages by the field they belong to. Paths are JSON
// paths of the item or bundle ("materials[2].name"); entries of one-per-line
// lists ("conditions[1]") are shown at their textarea with the line number.
type findings struct {
	List   []finding
	byPath map[string][]string
}

var listEntryRE = regexp.MustCompile(`^(legal_basis|conditions|keywords|delivery|joint\.participants)\[(\d+)\]$`)

func newFindings(lang onetrip.Lang, err error, ds []onetrip.Detail) *findings {
	f := &findings{byPath: map[string][]string{}}
	if err != nil {
		ds = append(ds, onetrip.AsError(err).Details...)
	}
	for _, d := range ds {
		msg := onetrip.Render(lang, d.Key, d.Args...)
		f.List = append(f.List, finding{Path: d.Path, Label: pathLabel(lang, d.Path), Message: msg})
		key := d.Path
		if m := listEntryRE.FindStringSubmatch(d.Path); m != nil {
			key = m[1]
			msg = onetrip.Render(lang, "ui.adm.line", lineNo(m[2])) + msg
		}
		if strings.HasPrefix(key, "implementations[") {
			key = "implementations"
		}
		f.byPath[key] = append(f.byPath[key], msg)
	}
	return f
}

func lineNo(index string) int {
	n, _ := strconv.Atoi(index)
	return n + 1
}

// Errs are the messages for one field's path.
func (f *findings) Errs(path string) []string {
	if f == nil {
		return nil
	}
	return f.byPath[path]
}

// Under reports whether there is a finding at path or inside it
// ("materials[2]" covers "materials[2].name").
func (f *findings) Under(path string) bool {
	if f == nil {
		return false
	}
	for p := range f.byPath {
		if p == path || strings.HasPrefix(p, path+".") {
			return true
		}
	}
	return false
}

// Any reports whether there is any finding.
func (f *findings) Any() bool { return f != nil && len(f.List) > 0 }

// errorMessage renders an error's summary in the page language.
func errorMessage(r *http.Request, err error) string {
	_, body := httpx.Body(err, httpx.PageLang(r))
	return body.Error.Message
}
