package web

import (
	"context"
	"html/template"
	"net/http"
	"net/url"

	"onetrip"
	"onetrip/httpx"
	"onetrip/licence"
	"onetrip/policy"
	"onetrip/sqlstore"
)

// The licence page (电子证照): a licence shown and printed like the
// certificate — the type's name as title, the type's fields in the order of
// its official form, the issuer, signer and date under the issuer's red
// seal and a QR code that opens the public verification page — for whoever
// may see its full record (policy.CanSeeLicence). The holder and the
// issuing department see the holder in full; the window, supervision and
// admins of the region see it masked, as the public does. The issuing
// department revokes it here.

// licenceView is a licence as its page and print view show it.
type licenceView struct {
	L                 licence.Licence
	Masked            bool
	Cert              licence.Certificate // the lines as the type's form prints them
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

// certDocument is what a licence's certificate prints of it (a record read
// from the library shows its signed document: Licence.ShowSigned).
func certDocument(l licence.Licence) licence.Document {
	return licence.Document{Identifier: l.Identifier, Type: l.Type, TypeName: l.TypeName, Holder: l.Holder, Issuer: l.Issuer,
		IssuedOn: l.IssuedOn, ValidUntil: l.ValidUntil, Fields: l.Fields, CaseNumber: l.CaseNumber, SealID: l.SealID}
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

// licenceView builds the page of a licence for p: masking, the lines of
// the type's certificate (licence.Document.Certificate), the seal's image
// and the QR code of its verification URL.
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
	v.Cert = certDocument(v.L).Certificate(order)
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

// Label is the name a certificate line is printed under: the type's field
// name, else the line's role.
func (d certData) Label(ln licence.Line) string {
	if ln.Name != "" {
		return ln.Name
	}
	switch ln.Role {
	case licence.RoleHolderName:
		return d.Page.T("ui.lic.holder")
	case licence.RoleHolderID:
		return d.Page.T("ui.lic.idtype." + d.V.L.Holder.IDType)
	case licence.RoleValidity:
		return d.Page.T("ui.lic.valid")
	}
	return ""
}

// Value is what a certificate line prints: the validity the type has no
// field for in the page's language, any other line as the certificate
// gives it.
func (d certData) Value(ln licence.Line) string {
	if ln.Name == "" && ln.Role == licence.RoleValidity {
		l := d.V.L
		until := l.ValidUntil
		if until == "" {
			until = d.Page.T("ui.lic.long_term")
		}
		return l.IssuedOn + " " + d.Page.T("ui.lic.to") + " " + until
	}
	return ln.Value
}

// certIDs are the element ids of the certificate's lines of a role.
var certIDs = map[licence.Role]string{licence.RoleHolderName: "cert-holder", licence.RoleHolderID: "cert-holder-id",
	licence.RoleValidity: "cert-validity", licence.RoleIssuer: "cert-issuer", licence.RoleIssuedOn: "cert-date"}

// LineID is the element id of a certificate line ("" for the type's own
// fields); Certificate gives each role at most one line.
func (d certData) LineID(ln licence.Line) string { return certIDs[ln.Role] }

// LineClass marks a code and a blank left to fill.
func (d certData) LineClass(ln licence.Line) string {
	switch {
	case ln.Value == "" && !(ln.Name == "" && ln.Role == licence.RoleValidity):
		return "blank"
	case ln.Role == licence.RoleHolderID:
		return "code"
	}
	return ""
}

func init() {
	catalogFuncs["heldNote"] = func(p *Page, r markRow) heldNoteData { return heldNoteData{Page: p, Row: r} }
	catalogFuncs["licCert"] = func(p *Page, v *licenceView) certData { return certData{Page: p, V: v} }
}
