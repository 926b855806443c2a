package web

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"onetrip"
	"onetrip/auth"
	"onetrip/demo"
	"onetrip/httpx"
	"onetrip/sqlstore"
)

type sessionKey struct{}

func withSession(ctx context.Context, s sqlstore.Session) context.Context {
	return context.WithValue(ctx, sessionKey{}, s)
}

func session(r *http.Request) (sqlstore.Session, bool) {
	s, ok := r.Context().Value(sessionKey{}).(sqlstore.Session)
	return s, ok
}

// loginData is the login form's state.
type loginData struct {
	Username string
	Next     string
	PreCSRF  string
	Samples  []demo.Sample // demo mode: the sample parties to try
}

func (w *Web) loginForm(rw http.ResponseWriter, r *http.Request) {
	if httpx.Principal(r.Context()) != nil {
		http.Redirect(rw, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	w.showLogin(rw, r, http.StatusOK, "", r.URL.Query().Get("next"), "")
}

func (w *Web) showLogin(rw http.ResponseWriter, r *http.Request, status int, username, next, errMsg string) {
	tok := auth.NewToken("")
	w.setCookie(rw, preCSRFCookie, tok, time.Hour)
	d := loginData{Username: username, Next: next, PreCSRF: tok}
	if w.opts.Demo {
		d.Samples = demo.Samples()
	}
	p := w.page(r, "ui.login.title", d)
	p.Error = errMsg
	w.render(rw, r, "login", status, p)
}

func (w *Web) login(rw http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(rw, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		w.renderError(rw, r, onetrip.Invalid("err.invalid"))
		return
	}
	lang := httpx.PageLang(r)
	username, next := r.PostFormValue("username"), r.PostFormValue("next")
	c, err := r.Cookie(preCSRFCookie)
	if err != nil || !auth.CSRFEqual(c.Value, r.PostFormValue("csrf")) {
		w.showLogin(rw, r, http.StatusForbidden, username, next, onetrip.Render(lang, "auth.csrf"))
		return
	}
	u, alerts, err := w.store.Login(r.Context(), username, r.PostFormValue("password"), httpx.ClientAddr(r))
	if err != nil {
		status, body := httpx.Body(err, lang)
		w.showLogin(rw, r, status, username, next, body.Error.Message)
		return
	}
	id, _, err := w.store.CreateSession(r.Context(), u.ID)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	w.log.Info("login", "username", u.Username, "role", u.Role)
	w.setCookie(rw, httpx.SessionCookie, id, auth.SessionTTL)
	w.setCookie(rw, preCSRFCookie, "", -time.Second)
	if next == "" {
		next = "/workbench"
	}
	if alerts > 0 {
		// Failed logins against the account since its owner last came in:
		// tell them on the page they land on.
		w.setCookie(rw, loginAlertCookie, strconv.Itoa(alerts), time.Minute)
	}
	http.Redirect(rw, r, safeNext(next), http.StatusSeeOther)
}

func (w *Web) logout(rw http.ResponseWriter, r *http.Request) {
	if err := w.checkCSRF(r); err != nil {
		w.renderError(rw, r, err)
		return
	}
	if c, err := r.Cookie(httpx.SessionCookie); err == nil {
		if err := w.store.DeleteSession(r.Context(), c.Value); err != nil {
			w.renderError(rw, r, err)
			return
		}
	}
	w.setCookie(rw, httpx.SessionCookie, "", -time.Second)
	http.Redirect(rw, r, "/login", http.StatusSeeOther)
}

// loginAlertCookie carries, for one page, how many failed logins an
// account had before its owner logged in.
const loginAlertCookie = "onetrip_login_alert"
