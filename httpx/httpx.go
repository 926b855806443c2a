// Package httpx is what the JSON API and the web pages share: the caller's
// principal and language in the request context, the error model on the
// wire, and strict JSON decoding.
package httpx

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"mime"
	"net/http"
	"strings"

	"onetrip"
	"onetrip/auth"
)

type ctxKey int

const (
	principalKey ctxKey = iota
	langKey
)

// WithPrincipal stores the authenticated caller in the context.
func WithPrincipal(ctx context.Context, p *onetrip.Principal) context.Context {
	return context.WithValue(ctx, principalKey, p)
}

// Principal returns the authenticated caller, or nil.
func Principal(ctx context.Context) *onetrip.Principal {
	p, _ := ctx.Value(principalKey).(*onetrip.Principal)
	return p
}

// LangCookie holds the chosen UI language.
const LangCookie = "lang"

// Lang is the request's language: the lang cookie, then Accept-Language,
// then zh-CN.
func Lang(r *http.Request) onetrip.Lang {
	if l, ok := r.Context().Value(langKey).(onetrip.Lang); ok {
		return l
	}
	if c, err := r.Cookie(LangCookie); err == nil && c.Value != "" {
		return onetrip.ParseLang(c.Value)
	}
	return onetrip.ParseLang(r.Header.Get("Accept-Language"))
}

// PageLang is a web page's language: the lang cookie set by the language
// switch, else zh-CN. Browsers' Accept-Language is not followed: the
// platform is Chinese first, English only on request.
func PageLang(r *http.Request) onetrip.Lang {
	if c, err := r.Cookie(LangCookie); err == nil && c.Value != "" {
		return onetrip.ParseLang(c.Value)
	}
	return onetrip.LangZH
}

// Status maps error codes to HTTP statuses: the one table.
func Status(c onetrip.Code) int {
	switch c {
	case onetrip.CodeInvalid:
		return http.StatusBadRequest
	case onetrip.CodeNotFound:
		return http.StatusNotFound
	case onetrip.CodeConflict:
		return http.StatusConflict
	case onetrip.CodeForbidden:
		return http.StatusForbidden
	case onetrip.CodeUnauthorized:
		return http.StatusUnauthorized
	case onetrip.CodeTooLarge:
		return http.StatusRequestEntityTooLarge
	case onetrip.CodeUnsupported:
		return http.StatusUnsupportedMediaType
	case onetrip.CodeUnavailable:
		return http.StatusServiceUnavailable
	case onetrip.CodeMethod:
		return http.StatusMethodNotAllowed
	case onetrip.CodeTooMany:
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}

// ErrorBody is the error model on the wire.
type ErrorBody struct {
	Error ErrorPayload `json:"error"`
}

// ErrorPayload is {"code", "message", "details"}.
type ErrorPayload struct {
	Code    onetrip.Code `json:"code"`
	Message string       `json:"message"`
	Key     string       `json:"key"`
	Details []DetailJSON `json:"details,omitempty"`
}

// DetailJSON is one problem inside a request.
type DetailJSON struct {
	Path    string `json:"path"`
	Key     string `json:"key"`
	Message string `json:"message"`
}

// Body renders an error in a language.
func Body(err error, lang onetrip.Lang) (int, ErrorBody) {
	e := onetrip.AsError(err)
	b := ErrorBody{Error: ErrorPayload{Code: e.Code, Key: e.Key, Message: onetrip.Render(lang, e.Key, e.Args...)}}
	for _, d := range e.Details {
		b.Error.Details = append(b.Error.Details, DetailJSON{Path: d.Path, Key: d.Key, Message: onetrip.Render(lang, d.Key, d.Args...)})
	}
	return Status(e.Code), b
}

// WriteError writes err in the error model. Internal errors are logged with
// their cause and answered with a generic message.
func WriteError(w http.ResponseWriter, r *http.Request, err error) {
	status, body := Body(err, Lang(r))
	if status >= 500 {
		slog.ErrorContext(r.Context(), "request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="onetrip"`)
	}
	if status == http.StatusTooManyRequests && w.Header().Get("Retry-After") == "" {
		w.Header().Set("Retry-After", "1")
	}
	WriteJSON(w, status, body)
}

// WriteJSON writes v as JSON with a status.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// MaxBody is the default limit of a JSON request body.
const MaxBody = 1 << 20

func init() {
	onetrip.Register(onetrip.Messages{
		"http.content_type": {"请求内容类型应为 application/json，实为 %q", "the request content type must be application/json, got %q"},
		"http.too_large":    {"请求体超过 %d 字节的上限", "the request body exceeds the limit of %d bytes"},
		"http.not_found":    {"没有这个接口：%s %s", "no such endpoint: %s %s"},
		"http.method":       {"该接口不支持 %s 方法", "this endpoint does not allow %s"},
		"http.bad_query":    {"查询参数 %s 的值 %q 无效", "query parameter %s has an invalid value %q"},
		"http.rate_limited": {"请求太频繁，请 %d 秒后再试", "too many requests; try again in %d seconds"},
	})
}

// DecodeJSON reads a strict JSON body into v: content type application/json,
// at most limit bytes (MaxBody when 0), no unknown fields, one value only.
// Errors are invalid/unsupported/too_large in the error model with the path.
func DecodeJSON(w http.ResponseWriter, r *http.Request, v any, limit int64) error {
	if limit <= 0 {
		limit = MaxBody
	}
	ct := r.Header.Get("Content-Type")
	if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
		return onetrip.E(onetrip.CodeUnsupported, "http.content_type", ct)
	}
	if err := onetrip.DecodeStrict(http.MaxBytesReader(w, r.Body, limit), v); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return onetrip.E(onetrip.CodeTooLarge, "http.too_large", limit)
		}
		return onetrip.AsError(err)
	}
	return nil
}

// Browser session cookie and the CSRF header pages send with API calls.
const (
	SessionCookie = "onetrip_session"
	CSRFHeader    = "X-CSRF-Token"
)

// CSRFEqual compares tokens in constant time; empty never matches.
func CSRFEqual(a, b string) bool { return auth.CSRFEqual(a, b) }

// Origin is the scheme and host the request was made to, for absolute
// links back to this node (a payment platform's return address).
func Origin(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// LocalPath reports whether s is a path on this node ("/cases/1"), not
// another site ("//evil.example", "https://…"): a return address taken
// from a client is one, or it would be an open redirect.
func LocalPath(s string) bool {
	return strings.HasPrefix(s, "/") && !strings.HasPrefix(s, "//") && !strings.HasPrefix(s, "/\\") && !strings.ContainsAny(s, "\r\n")
}
