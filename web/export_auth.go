package web

import (
	"context"
	"net/http"
	"strings"

	"onetrip"
	"onetrip/httpx"
)

// Bearer tokens on the Excel exports: a script fetches the same workbook a
// supervisor downloads, with `Authorization: Bearer TOKEN` instead of a
// session. The token's user is the caller, so the role and the region or
// department scope are the page's own (requireUser and policy); nothing else
// of the web interface takes a token.

type tokenKey struct{}

func withToken(ctx context.Context) context.Context { return context.WithValue(ctx, tokenKey{}, true) }

// viaToken reports whether the request's caller came with a bearer token.
func viaToken(r *http.Request) bool { v, _ := r.Context().Value(tokenKey{}).(bool); return v }

// isExport reports whether the request goes to an Excel export: a GET (or
// HEAD) route whose pattern ends in .xlsx. The route is the mux's match, not
// the path's spelling: /cases/x.xlsx is the case page and takes no token.
func (w *Web) isExport(r *http.Request) bool {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return false
	}
	_, pattern := w.mux.Handler(r)
	return strings.HasPrefix(pattern, "GET /") && strings.HasSuffix(pattern, ".xlsx")
}

// exportCaller authenticates the request's bearer token; a missing, bad,
// revoked or expired one is unauthorized.
func (w *Web) exportCaller(r *http.Request) (*onetrip.Principal, error) {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		return nil, onetrip.Unauthorized("auth.token_invalid")
	}
	u, err := w.store.UserByToken(r.Context(), strings.TrimSpace(tok))
	if err != nil {
		return nil, err
	}
	return w.store.PrincipalOf(r.Context(), u)
}

// plainError answers a script's error as one line of text in the request's
// language (Accept-Language is followed here): never the login page, never
// HTML.
func (w *Web) plainError(rw http.ResponseWriter, r *http.Request, err error) {
	status, body := httpx.Body(err, httpx.Lang(r))
	if status >= 500 {
		w.log.Error("export failed", "path", r.URL.Path, "err", err)
	}
	if status == http.StatusUnauthorized {
		rw.Header().Set("WWW-Authenticate", `Bearer realm="onetrip"`)
	}
	rw.Header().Set("Content-Type", "text/plain; charset=utf-8")
	rw.Header().Set("Cache-Control", "no-store")
	rw.WriteHeader(status)
	rw.Write([]byte(body.Error.Message + "\n"))
}
