package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"onetrip"
	"onetrip/auth"
	"onetrip/sqlstore"
)

// API tokens (接口令牌): a user's bearer tokens for scripts and department
// systems — listed with when they expire, issued with a lifetime (the
// secret shown once), revoked with one click.

type tokensData struct {
	Tokens  []tokenRow
	Issued  string // the new token's secret, shown once
	Name    string
	TTLDays int
}

type tokenRow struct {
	sqlstore.APIToken
	State string // active, expired, revoked
}

func (w *Web) accountTokens(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireUser(rw, r)
	if !ok {
		return
	}
	w.tokensShow(rw, r, p, http.StatusOK, &tokensData{TTLDays: int(auth.DefaultTokenTTL.Hours() / 24)}, "")
}

func (w *Web) tokensShow(rw http.ResponseWriter, r *http.Request, p *onetrip.Principal, status int, d *tokensData, errMsg string) {
	list, err := w.store.Tokens(r.Context(), p.UserID)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	now := w.store.Now()
	for _, t := range list {
		row := tokenRow{APIToken: t, State: "active"}
		switch {
		case t.RevokedAt != nil:
			row.State = "revoked"
		case t.ExpiresAt != nil && !now.Before(*t.ExpiresAt):
			row.State = "expired"
		}
		d.Tokens = append(d.Tokens, row)
	}
	pg := w.page(r, "ui.tok.title", d)
	pg.Error = errMsg
	w.render(rw, r, "tokens", status, pg)
}

func (w *Web) accountTokenIssue(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireUser(rw, r)
	if !ok || !w.postForm(rw, r) {
		return
	}
	d := &tokensData{Name: strings.TrimSpace(r.PostFormValue("name"))}
	d.TTLDays, _ = strconv.Atoi(r.PostFormValue("ttl_days"))
	lang := w.page(r, "ui.tok.title", nil).Lang
	if d.Name == "" || onetrip.TooLong(d.Name, 100) {
		w.tokensShow(rw, r, p, http.StatusBadRequest, d, onetrip.Render(lang, "api.token.name"))
		return
	}
	if d.TTLDays < 1 || d.TTLDays > 365 {
		w.tokensShow(rw, r, p, http.StatusBadRequest, d, onetrip.Render(lang, "api.token.ttl"))
		return
	}
	tok, _, err := w.store.IssueToken(r.Context(), p.UserID, d.Name, time.Duration(d.TTLDays)*24*time.Hour)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	w.log.Info("token issued", "user", p.Username, "name", d.Name, "days", d.TTLDays)
	d.Issued, d.Name = tok, ""
	w.tokensShow(rw, r, p, http.StatusOK, d, "")
}

func (w *Web) accountTokenRevoke(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireUser(rw, r)
	if !ok || !w.postForm(rw, r) {
		return
	}
	if err := w.store.RevokeToken(r.Context(), p.UserID, r.PathValue("id")); err != nil {
		w.renderError(rw, r, err)
		return
	}
	http.Redirect(rw, r, "/account/tokens", http.StatusSeeOther)
}
