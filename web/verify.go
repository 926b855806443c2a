package web

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"onetrip"
	"onetrip/auth"
	"onetrip/httpx"
	"onetrip/licence"
	"onetrip/sqlstore"
)

// Public verification of licences (证照核验), no login: the page a
// licence's QR code opens, /verify/{identifier}, says whether the licence
// is genuine (真实) and whether it is valid, expired or revoked (有效、
// 已过期、已撤销) with the reason, the issuer, the dates and the type, the
// holder masked. /verify takes an identifier typed in or an exported
// licence file (the JSON of licence.Signed), parsed strictly and checked
// against this platform's seals and revocations. A malformed identifier or
// file is a 400 page saying what is wrong, an unknown identifier a 404
// page: never a 500, never "valid".

// maxLicenceUpload bounds an uploaded licence file; a real one is 2–4 KB.
const maxLicenceUpload = 64 << 10

// verifyData is the verification page: the form, and the verdict when
// there is one.
type verifyData struct {
	Identifier string // as asked (the path or the form)
	Check      *sqlstore.PublicCheck
	GenuineKey string
	StatusKey  string
	Problem    string   // why there is no verdict: malformed or unknown
	Details    []string // the problem's details
	NotFound   bool
	CSRF       string // the upload form's token (double-submit before login)
	FromFile   bool
}

// publicCSRF is the CSRF token of a form anyone may post (the licence
// check's upload, 有帮助/没帮助 on an answer): the session's when logged
// in, otherwise a double-submit cookie as on the login form (kept while it
// lives, so two open forms both work).
func (w *Web) publicCSRF(rw http.ResponseWriter, r *http.Request) string {
	if sess, ok := session(r); ok {
		return sess.CSRF
	}
	if c, err := r.Cookie(preCSRFCookie); err == nil && len(c.Value) >= 16 && len(c.Value) <= 128 {
		w.setCookie(rw, preCSRFCookie, c.Value, time.Hour) // keep it: another tab's form stays valid
		return c.Value
	}
	tok := auth.NewToken("")
	w.setCookie(rw, preCSRFCookie, tok, time.Hour)
	return tok
}

// checkPublicCSRF accepts the session's token or the double-submit cookie.
func checkPublicCSRF(r *http.Request, token string) error {
	if sess, ok := session(r); ok {
		if auth.CSRFEqual(token, sess.CSRF) {
			return nil
		}
		return onetrip.Forbidden("auth.csrf")
	}
	c, err := r.Cookie(preCSRFCookie)
	if err != nil || token == "" || !auth.CSRFEqual(c.Value, token) {
		return onetrip.Forbidden("auth.csrf")
	}
	return nil
}

// verdictData fills the page from a check.
func verdictData(d *verifyData, c sqlstore.LicenceCheck, lang onetrip.Lang) {
	pc := c.Public(lang)
	d.Check = &pc
	d.GenuineKey = "ui.verify.genuine.no"
	if pc.Genuine {
		d.GenuineKey = "ui.verify.genuine.yes"
	}
	d.StatusKey = statusKey(pc.Status)
}

// problemData fills the page from an error: what is wrong and its details.
func problemData(d *verifyData, err error, lang onetrip.Lang) int {
	status, body := httpx.Body(err, lang)
	d.Problem = body.Error.Message
	for _, x := range body.Error.Details {
		d.Details = append(d.Details, strings.TrimSpace(x.Path+" "+x.Message))
	}
	d.NotFound = status == http.StatusNotFound
	return status
}

// verifyForm is the public form: an identifier or a licence file. An
// identifier given in the query goes to its page.
func (w *Web) verifyForm(rw http.ResponseWriter, r *http.Request) {
	if id := strings.TrimSpace(r.URL.Query().Get("identifier")); id != "" {
		http.Redirect(rw, r, verifyHref(id), http.StatusSeeOther)
		return
	}
	d := &verifyData{CSRF: w.publicCSRF(rw, r)}
	w.render(rw, r, "verify", http.StatusOK, w.page(r, "ui.verify.title", d))
}

// verifyIdentifier is the page a licence's QR code opens.
func (w *Web) verifyIdentifier(rw http.ResponseWriter, r *http.Request) {
	ident := strings.TrimSpace(r.PathValue("identifier"))
	if ident == "" {
		http.Redirect(rw, r, "/verify", http.StatusSeeOther)
		return
	}
	pg := w.page(r, "ui.verify.title", nil)
	d := &verifyData{Identifier: ident, CSRF: w.publicCSRF(rw, r)}
	pg.Data = d
	if len(ident) > 200 { // no identifier is this long: do not echo the rest
		d.Identifier = ident[:200] + "…"
		status := problemData(d, onetrip.Invalid("ui.verify.too_long", 200), pg.Lang)
		w.render(rw, r, "verify", status, pg)
		return
	}
	c, err := w.store.CheckIdentifier(r.Context(), ident)
	if err != nil {
		status := problemData(d, err, pg.Lang)
		if status >= 500 {
			w.renderError(rw, r, err)
			return
		}
		w.render(rw, r, "verify", status, pg)
		return
	}
	verdictData(d, c, pg.Lang)
	w.render(rw, r, "verify", http.StatusOK, pg)
}

// verifyPost checks what the form sent: an exported licence file (or its
// JSON pasted into the box), or an identifier, which goes to its page.
func (w *Web) verifyPost(rw http.ResponseWriter, r *http.Request) {
	pg := w.page(r, "ui.verify.title", nil)
	d := &verifyData{}
	pg.Data = d
	fail := func(err error) {
		status := problemData(d, err, pg.Lang)
		d.CSRF = w.publicCSRF(rw, r)
		w.render(rw, r, "verify", status, pg)
	}
	r.Body = http.MaxBytesReader(rw, r.Body, maxLicenceUpload+16<<10)
	if err := r.ParseMultipartForm(maxLicenceUpload + 16<<10); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			fail(onetrip.E(onetrip.CodeTooLarge, "ui.verify.too_large", maxLicenceUpload>>10))
			return
		}
		if !errors.Is(err, http.ErrNotMultipart) || r.ParseForm() != nil {
			fail(onetrip.Invalid("ui.adm.bad_form"))
			return
		}
	}
	if err := checkPublicCSRF(r, r.PostFormValue("csrf")); err != nil {
		fail(err)
		return
	}
	var raw []byte
	if r.MultipartForm != nil && len(r.MultipartForm.File["file"]) > 0 && r.MultipartForm.File["file"][0].Size > 0 {
		fh := r.MultipartForm.File["file"][0]
		if fh.Size > maxLicenceUpload {
			fail(onetrip.E(onetrip.CodeTooLarge, "ui.verify.too_large", maxLicenceUpload>>10))
			return
		}
		f, err := fh.Open()
		if err != nil {
			fail(onetrip.Invalid("ui.adm.bad_form"))
			return
		}
		raw, err = io.ReadAll(io.LimitReader(f, maxLicenceUpload+1))
		f.Close()
		if err != nil {
			fail(onetrip.Invalid("ui.adm.bad_form"))
			return
		}
	} else {
		text := strings.TrimSpace(r.PostFormValue("identifier"))
		switch {
		case text == "":
			fail(onetrip.Invalid("ui.verify.nothing"))
			return
		case !strings.HasPrefix(text, "{"):
			http.Redirect(rw, r, "/verify/"+url.PathEscape(text), http.StatusSeeOther)
			return
		}
		raw = []byte(text)
	}
	if len(raw) > maxLicenceUpload {
		fail(onetrip.E(onetrip.CodeTooLarge, "ui.verify.too_large", maxLicenceUpload>>10))
		return
	}
	sd, err := licence.ParseSigned(raw)
	if err != nil {
		fail(err)
		return
	}
	c, err := w.store.VerifyLicence(r.Context(), sd)
	if err != nil {
		if st, _ := httpx.Body(err, pg.Lang); st >= 500 {
			w.renderError(rw, r, err)
			return
		}
		fail(err)
		return
	}
	d.FromFile, d.Identifier = true, sd.Document.Identifier
	verdictData(d, c, pg.Lang)
	d.CSRF = w.publicCSRF(rw, r)
	w.render(rw, r, "verify", http.StatusOK, pg)
}
