package web

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"sort"

	"onetrip"
	"onetrip/httpx"
	"onetrip/licence"
	"onetrip/policy"
	"onetrip/sqlstore"
)

// The licence page (电子证照): a licence shown and printed like the
// certificate — the type's name as title, the fields, the holder, the
// issuer and date, the issuer's red seal and a QR code that opens the
// public verification page — for whoever may see its full record
// (policy.CanSeeLicence). The holder and the issuing department see the
// holder in full; the window, supervision and admins of the region see it
// masked, as the public does. The issuing department revokes it here.

// fieldRow is one field of a licence in display order.
type fieldRow struct{ Name, Value string }

// licenceView is a licence as its page and print view show it.
type licenceView struct {
	L                 licence.Licence
	Masked            bool
	Fields            []fieldRow
	Seal              *sqlstore.SealInfo
	SealSVG           template.HTML
	QR                template.HTML
	VerifyURL         string // absolute: what the QR code encodes
	VerifyHref        string
	Href, PrintHref   string
	ExportHref        string
	SealDataHref      string
	SealsHref         string // the issuer's published seals (public API)
	CaseHref          string
	StatusKey         string
	CanRevoke         bool
	Reason, RevokeErr string // the revocation form after a refusal
	Uses              []sqlstore.LicenceUse
}

// statusKey is the message key of a licence status: 有效, 已过期, 已撤销.
func statusKey(s licence.Status) string { return "ui.lic.status." + string(s) }

// orderedFields lists a licence's fields in its type's order, then any
// others by name.
func orderedFields(fields map[string]string, order []string) []fieldRow {
	out := make([]fieldRow, 0, len(fields))
	seen := map[string]bool{}
	for _, k := range order {
		if v, ok := fields[k]; ok && !seen[k] {
			out = append(out, fieldRow{k, v})
			seen[k] = true
		}
	}
	var rest []string
	for k := range fields {
		if !seen[k] {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	for _, k := range rest {
		out = append(out, fieldRow{k, fields[k]})
	}
	return out
}

// verifyHref is the public verification page of an identifier.
func verifyHref(identifier string) string { return "/verify/" + url.PathEscape(identifier) }

// visibleLicence loads the path's licence when p may see it; any other is
// not found, so licences of other people and regions do not leak.
func (w *Web) visibleLicence(ctx context.Context, p *onetrip.Principal, id string) (licence.Licence, error) {
	l, err := w.store.LicenceByID(ctx, id)
	if err != nil {
		return l, err
	}
	if !policy.CanSeeLicence(p, &l) {
		return licence.Licence{}, onetrip.NotFound("store.licence.not_found", id)
	}
	return l, nil
}

// licenceView builds the page of a licence for p: masking, fields in the
// type's order, the seal's image and the QR code of its verification URL.
func (w *Web) licenceView(r *http.Request, pg *Page, p *onetrip.Principal, l licence.Licence) (*licenceView, error) {
	ctx := r.Context()
	v := &licenceView{L: policy.MaskLicence(p, l), Masked: !policy.DiscloseLicence(p, &l), StatusKey: statusKey(l.Status)}
	var order []string
	types, err := w.store.LicenceTypes(ctx)
	if err != nil {
		return nil, err
	}
	for _, t := range types {
		if t.Code == l.Type {
			order = t.Fields
		}
	}
	v.Fields = orderedFields(v.L.Fields, order)
	if si, err := w.store.SealByID(ctx, l.SealID); err == nil {
		v.Seal = &si
		v.SealSVG = template.HTML(si.SVG()) // seal.SVG escapes its text
	} else if !onetrip.HasCode(err, onetrip.CodeNotFound) {
		return nil, err
	}
	id := url.PathEscape(l.ID)
	v.Href, v.PrintHref = "/licences/"+id, "/licences/"+id+"/print"
	v.ExportHref, v.SealDataHref = "/api/v1/licences/"+id+"/export", "/api/v1/licences/"+id+"/seal"
	v.SealsHref = "/api/v1/seals/" + url.PathEscape(l.Issuer.DepartmentID)
	v.VerifyHref = verifyHref(l.Identifier)
	v.VerifyURL = w.absURL(r, v.VerifyHref)
	if l.CaseID != "" {
		v.CaseHref = "/cases/" + url.PathEscape(l.CaseID)
	}
	if v.QR, err = QRSVG(v.VerifyURL, pg.T("ui.lic.qr"), 120); err != nil {
		return nil, err
	}
	v.CanRevoke = policy.CanRevokeLicence(p, &l)
	if v.Uses, err = w.store.LicenceUses(ctx, l.ID); err != nil {
		return nil, err
	}
	return v, nil
}

func (w *Web) licencePage(rw http.ResponseWriter, r *http.Request) {
	w.showLicence(rw, r, "licence", http.StatusOK, "", "")
}

func (w *Web) licencePrint(rw http.ResponseWriter, r *http.Request) {
	w.showLicence(rw, r, "print_licence", http.StatusOK, "", "")
}

// showLicence renders a licence's page or print view; reason and errMsg
// refill the revocation form after a refusal.
func (w *Web) showLicence(rw http.ResponseWriter, r *http.Request, tmpl string, status int, reason, errMsg string) {
	p, ok := w.requireUser(rw, r)
	if !ok {
		return
	}
	l, err := w.visibleLicence(r.Context(), p, r.PathValue("id"))
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	pg := w.page(r, "ui.lic.title", nil)
	v, err := w.licenceView(r, pg, p, l)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	v.Reason, v.RevokeErr = reason, errMsg
	pg.Data, pg.Title = v, l.TypeName+" · "+l.Identifier
	if r.URL.Query().Get("done") == "revoked" {
		pg.Flash = pg.T("ui.lic.revoked_flash")
	}
	w.render(rw, r, tmpl, status, pg)
}

// licenceRevoke revokes a licence from its page: the issuing department
// only, with a reason, through the store, which also checks both.
func (w *Web) licenceRevoke(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireUser(rw, r)
	if !ok || !w.postForm(rw, r) {
		return
	}
	reason := r.PostFormValue("reason")
	l, err := w.store.RevokeLicence(r.Context(), p, r.PathValue("id"), reason)
	if err != nil {
		if onetrip.HasCode(err, onetrip.CodeInvalid) || onetrip.HasCode(err, onetrip.CodeConflict) {
			status, _ := httpx.Body(err, httpx.PageLang(r))
			w.showLicence(rw, r, "licence", status, reason, errorMessage(r, err))
			return
		}
		w.renderError(rw, r, err)
		return
	}
	w.log.Info("licence revoked", "licence", l.Identifier, "by", p.Username)
	http.Redirect(rw, r, "/licences/"+url.PathEscape(l.ID)+"?done=revoked", http.StatusSeeOther)
}

// Data of the partials in _licence.html.
type (
	heldNoteData struct {
		Page *Page
		Row  markRow
	}
	certData struct {
		Page *Page
		V    *licenceView
	}
)

func init() {
	catalogFuncs["heldNote"] = func(p *Page, r markRow) heldNoteData { return heldNoteData{Page: p, Row: r} }
	catalogFuncs["licCert"] = func(p *Page, v *licenceView) certData { return certData{Page: p, V: v} }
}
