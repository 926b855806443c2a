package web

import (
	"net/http"
	"strings"
	"time"

	"onetrip"
	"onetrip/auth"
	"onetrip/httpx"
	"onetrip/identity"
	"onetrip/sqlstore"
)

// A citizen's own account (统一身份认证): register with a mobile number and
// an SMS code, reset the password the same way, verify the real name,
// bind a company as its legal representative and authorise its staff,
// close the account. Registration and reset are before any session, so
// their forms carry the login form's pre-session CSRF cookie.

// registerData is the registration and reset forms' state.
type registerData struct {
	Reset   bool   // the reset form, not registration
	Mobile  string // as typed
	SentTo  string // masked, once a code went out
	PreCSRF string
}

func (w *Web) showRegister(rw http.ResponseWriter, r *http.Request, status int, d registerData, errMsg, note string) {
	d.PreCSRF = auth.NewToken("")
	w.setCookie(rw, preCSRFCookie, d.PreCSRF, time.Hour)
	title := "ui.reg.title"
	if d.Reset {
		title = "ui.reg.reset_title"
	}
	pg := w.page(r, title, d)
	pg.Error, pg.Flash = errMsg, note
	w.render(rw, r, "register", status, pg)
}

func (w *Web) registerForm(rw http.ResponseWriter, r *http.Request) {
	if p := httpx.Principal(r.Context()); p != nil {
		http.Redirect(rw, r, "/account", http.StatusSeeOther)
		return
	}
	w.showRegister(rw, r, http.StatusOK, registerData{Reset: strings.HasPrefix(r.URL.Path, "/password")}, "", "")
}

// preForm reads a form posted before any session and checks its
// pre-session CSRF token; on failure it has answered.
func (w *Web) preForm(rw http.ResponseWriter, r *http.Request, d registerData) bool {
	r.Body = http.MaxBytesReader(rw, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		w.renderError(rw, r, onetrip.Invalid("err.invalid"))
		return false
	}
	c, err := r.Cookie(preCSRFCookie)
	if err != nil || !auth.CSRFEqual(c.Value, r.PostFormValue("csrf")) {
		w.showRegister(rw, r, http.StatusForbidden, d, onetrip.Render(httpx.PageLang(r), "auth.csrf"), "")
		return false
	}
	return true
}

// registerCode sends the code of the registration or reset form.
func (w *Web) registerCode(rw http.ResponseWriter, r *http.Request) {
	d := registerData{Reset: strings.HasPrefix(r.URL.Path, "/password")}
	if !w.preForm(rw, r, d) {
		return
	}
	d.Mobile = r.PostFormValue("mobile")
	purpose := identity.PurposeRegister
	if d.Reset {
		purpose = identity.PurposeReset
	}
	lang := httpx.PageLang(r)
	to, err := w.store.SendCode(r.Context(), d.Mobile, purpose, httpx.ClientAddr(r))
	if err != nil {
		status, body := httpx.Body(err, lang)
		w.showRegister(rw, r, status, d, errorText(lang, body), "")
		return
	}
	d.SentTo = to
	note := onetrip.Render(lang, "ui.reg.sent", to)
	if d.Reset {
		note = onetrip.Render(lang, "identity.reset.done")
	}
	w.showRegister(rw, r, http.StatusOK, d, "", note)
}

// register opens the account and logs its holder in; reset sets the new
// password and sends them to the login page.
func (w *Web) register(rw http.ResponseWriter, r *http.Request) {
	d := registerData{Reset: strings.HasPrefix(r.URL.Path, "/password")}
	if !w.preForm(rw, r, d) {
		return
	}
	d.Mobile, d.SentTo = r.PostFormValue("mobile"), "…"
	lang := httpx.PageLang(r)
	pw := r.PostFormValue("password")
	if pw != r.PostFormValue("password2") {
		w.showRegister(rw, r, http.StatusBadRequest, d, onetrip.Render(lang, "ui.reg.mismatch"), "")
		return
	}
	if d.Reset {
		if err := w.store.ResetPasswordBySMS(r.Context(), d.Mobile, r.PostFormValue("code"), pw, httpx.ClientAddr(r)); err != nil {
			status, body := httpx.Body(err, lang)
			w.showRegister(rw, r, status, d, errorText(lang, body), "")
			return
		}
		w.showLogin(rw, r, http.StatusOK, strings.TrimSpace(d.Mobile), "", "")
		return
	}
	u, err := w.store.Register(r.Context(), d.Mobile, r.PostFormValue("code"), pw, httpx.ClientAddr(r))
	if err != nil {
		status, body := httpx.Body(err, lang)
		w.showRegister(rw, r, status, d, errorText(lang, body), "")
		return
	}
	id, _, err := w.store.CreateSession(r.Context(), u.ID)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	w.log.Info("registered", "user", u.ID)
	w.setCookie(rw, httpx.SessionCookie, id, auth.SessionTTL)
	w.setCookie(rw, preCSRFCookie, "", -time.Second)
	http.Redirect(rw, r, "/account?welcome=1", http.StatusSeeOther)
}

// accountData is the account page.
type accountData struct {
	Account   sqlstore.Account
	Companies []sqlstore.Company
	Welcome   bool
	Until     string // the staff form's default end: a year from today
	Name, ID  string // the real-name form as typed
}

func (w *Web) accountPage(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireUser(rw, r, onetrip.RoleApplicant)
	if !ok {
		return
	}
	w.showAccount(rw, r, p, http.StatusOK, &accountData{Welcome: r.URL.Query().Get("welcome") == "1"}, "", r.URL.Query().Get("done"))
}

func (w *Web) showAccount(rw http.ResponseWriter, r *http.Request, p *onetrip.Principal, status int, d *accountData, errMsg, done string) {
	var err error
	if d.Account, err = w.store.AccountOf(r.Context(), p); err != nil {
		w.renderError(rw, r, err)
		return
	}
	if d.Companies, err = w.store.Companies(r.Context(), p); err != nil {
		w.renderError(rw, r, err)
		return
	}
	d.Until = w.store.Now().In(onetrip.China).AddDate(1, 0, 0).Format(time.DateOnly)
	pg := w.page(r, "ui.acct.title", d)
	pg.Error = errMsg
	if done != "" && validDone[done] {
		pg.Flash = pg.T("ui.acct.done." + done)
	}
	w.render(rw, r, "account", status, pg)
}

// validDone are the notes a finished action redirects with.
var validDone = map[string]bool{"verified": true, "bound": true, "unbound": true, "granted": true, "revoked": true}

// accountAction runs one of the account page's forms: on failure the page
// again with the message and nothing changed, on success a redirect.
func (w *Web) accountAction(rw http.ResponseWriter, r *http.Request, d *accountData, done string, act func(p *onetrip.Principal) error) {
	p, ok := w.requireUser(rw, r, onetrip.RoleApplicant)
	if !ok || !w.postForm(rw, r) {
		return
	}
	if err := act(p); err != nil {
		lang := httpx.PageLang(r)
		status, body := httpx.Body(err, lang)
		// The caller's principal predates a verification: read it again.
		w.showAccount(rw, r, p, status, d, errorText(lang, body), "")
		return
	}
	http.Redirect(rw, r, "/account?done="+done, http.StatusSeeOther)
}

func (w *Web) accountRealName(rw http.ResponseWriter, r *http.Request) {
	d := &accountData{}
	w.accountAction(rw, r, d, "verified", func(p *onetrip.Principal) error {
		d.Name, d.ID = r.PostFormValue("name"), r.PostFormValue("id_number")
		_, err := w.store.VerifyRealName(r.Context(), p, d.Name, d.ID, httpx.ClientAddr(r))
		return err
	})
}

func (w *Web) accountBind(rw http.ResponseWriter, r *http.Request) {
	w.accountAction(rw, r, &accountData{}, "bound", func(p *onetrip.Principal) error {
		_, err := w.store.BindCompany(r.Context(), p, r.PostFormValue("uscc"), httpx.ClientAddr(r))
		return err
	})
}

func (w *Web) accountUnbind(rw http.ResponseWriter, r *http.Request) {
	w.accountAction(rw, r, &accountData{}, "unbound", func(p *onetrip.Principal) error {
		return w.store.UnbindCompany(r.Context(), p, r.PathValue("uscc"))
	})
}

func (w *Web) accountGrant(rw http.ResponseWriter, r *http.Request) {
	w.accountAction(rw, r, &accountData{}, "granted", func(p *onetrip.Principal) error {
		var items []string
		if r.PostFormValue("scope") == "items" {
			items = strings.FieldsFunc(r.PostFormValue("items"), func(c rune) bool { return c == ',' || c == '，' || c == ' ' || c == '\n' })
			if len(items) == 0 {
				return onetrip.Invalid("ui.acct.items_required")
			}
		}
		_, err := w.store.GrantStaff(r.Context(), p, r.PathValue("uscc"), sqlstore.StaffGrant{Name: r.PostFormValue("name"),
			IDNumber: r.PostFormValue("id_number"), Items: items, Until: r.PostFormValue("until")}, httpx.ClientAddr(r))
		return err
	})
}

func (w *Web) accountRevoke(rw http.ResponseWriter, r *http.Request) {
	w.accountAction(rw, r, &accountData{}, "revoked", func(p *onetrip.Principal) error {
		return w.store.RevokeStaff(r.Context(), p, r.PathValue("id"))
	})
}

// accountClose closes the account and ends the session with it.
func (w *Web) accountClose(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireUser(rw, r, onetrip.RoleApplicant)
	if !ok || !w.postForm(rw, r) {
		return
	}
	if err := w.store.CloseAccount(r.Context(), p, r.PostFormValue("password"), httpx.ClientAddr(r)); err != nil {
		lang := httpx.PageLang(r)
		status, body := httpx.Body(err, lang)
		w.showAccount(rw, r, p, status, &accountData{}, errorText(lang, body), "")
		return
	}
	w.setCookie(rw, httpx.SessionCookie, "", -time.Second)
	w.showLogin(rw, r, http.StatusOK, "", "", "")
}

func init() {
	// lastDay is an authorisation's last day: it holds until the end of it.
	catalogFuncs["lastDay"] = func(t time.Time) string { return t.In(onetrip.China).AddDate(0, 0, -1).Format(time.DateOnly) }
}
