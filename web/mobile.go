package web

import (
	"encoding/json"
	"io/fs"
	"net/http"
	"net/url"
	"strings"

	"onetrip"
	"onetrip/httpx"
)

// The one mobile front (issue 13): the same pages serve a 360–414 px phone
// (CSS in static/app.css), an installed web app (the manifest and the
// service worker below) and another platform's mini-program web-view
// (?embed=1: no header, navigation or footer).

// embedCookie keeps ?embed=1 for the rest of the browser session, so the
// web-view's user can follow the pages' own links without the header coming
// back; ?embed=0 leaves the mode.
const embedCookie = "onetrip_embed"

// embedParam is the query parameter that turns the mode on (1) and off (0).
const embedParam = "embed"

// offlineHeader tells the service worker which pages it may keep for
// offline use: "public" (the guides) or "personal" (an applicant's own
// licences). Pages without it are never cached.
const offlineHeader = "Onetrip-Offline"

// routesMobile registers the manifest, the service worker and the app
// icons.
func (w *Web) routesMobile() {
	w.mux.HandleFunc("GET /manifest.webmanifest", w.manifest)
	w.mux.HandleFunc("GET /sw.js", w.serviceWorker)
	w.mux.HandleFunc("GET /icons/{name}", w.appIcon)
}

// mobileRequest runs before every route (Web.ServeHTTP, once the caller is
// known): it applies ?embed= (remembering it in a session cookie) and marks
// the pages the service worker may keep offline. It answers the request
// the route sees.
func (w *Web) mobileRequest(rw http.ResponseWriter, r *http.Request) *http.Request {
	if kind := offlineKind(httpx.Principal(r.Context()), r.Method, r.URL.Path); kind != "" {
		rw.Header().Set(offlineHeader, kind)
	}
	q := r.URL.Query()
	switch {
	case q.Get(embedParam) == "1":
		http.SetCookie(rw, &http.Cookie{Name: embedCookie, Value: "1", Path: "/", HttpOnly: true, Secure: w.opts.SecureCookies, SameSite: http.SameSiteLaxMode})
	case q.Has(embedParam):
		// Any other value leaves the mode; the page then renders with its
		// header (Page.Embedded reads embed=1 only).
		http.SetCookie(rw, &http.Cookie{Name: embedCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: w.opts.SecureCookies, SameSite: http.SameSiteLaxMode})
	default:
		if c, err := r.Cookie(embedCookie); err == nil && c.Value == "1" {
			// The page knows the mode from its own URL (Page.Path), so the
			// cookie's mode is written into the request's query.
			r = r.Clone(r.Context())
			q.Set(embedParam, "1")
			r.URL.RawQuery = q.Encode()
		}
	}
	return r
}

// Embedded reports whether the page is shown in embed mode: no header,
// navigation or footer, for a mini-program's web-view.
func (p *Page) Embedded() bool {
	u, err := url.ParseRequestURI(p.Path)
	return err == nil && u.Query().Get(embedParam) == "1"
}

// offlineKind is what the service worker may keep of a request's answer
// for offline use: the public guides, and an applicant's own licences (the
// licence page answers only its holder or representative, anything else is
// an error page, which the worker does not keep). Everything else,
// officials' views of licences included, is "".
func offlineKind(p *onetrip.Principal, method, path string) string {
	if method != http.MethodGet {
		return ""
	}
	seg := strings.Split(strings.Trim(path, "/"), "/")
	switch {
	case path == "/guides" || len(seg) == 2 && seg[0] == "guides" && seg[1] != "":
		return "public"
	case p == nil || p.Role != onetrip.RoleApplicant:
		return ""
	case path == "/my/licences" || len(seg) == 2 && seg[0] == "licences" && seg[1] != "":
		return "personal"
	}
	return ""
}

// appManifest is the web app manifest (W3C Web Application Manifest).
type appManifest struct {
	Name            string         `json:"name"`
	ShortName       string         `json:"short_name"`
	Description     string         `json:"description"`
	Lang            string         `json:"lang"`
	ID              string         `json:"id"`
	StartURL        string         `json:"start_url"`
	Scope           string         `json:"scope"`
	Display         string         `json:"display"`
	ThemeColor      string         `json:"theme_color"`
	BackgroundColor string         `json:"background_color"`
	Icons           []manifestIcon `json:"icons"`
}

type manifestIcon struct {
	Src     string `json:"src"`
	Sizes   string `json:"sizes"`
	Type    string `json:"type"`
	Purpose string `json:"purpose,omitempty"`
}

// appIconSizes are the PNG icons the manifest names (Chrome installs with
// 192 and 512; the SVG serves every other size).
var appIconSizes = map[string]int{"192.png": 192, "512.png": 512, "180.png": 180}

func (w *Web) manifest(rw http.ResponseWriter, r *http.Request) {
	lang := httpx.PageLang(r)
	m := appManifest{Name: onetrip.Render(lang, "ui.app.name"), ShortName: onetrip.Render(lang, "ui.app.name"),
		Description: onetrip.Render(lang, "ui.mobile.description"), Lang: string(lang),
		ID: "/", StartURL: "/workbench", Scope: "/", Display: "standalone", ThemeColor: "#c8161d", BackgroundColor: "#f5f6f7",
		Icons: []manifestIcon{{Src: "/static/icon.svg", Sizes: "any", Type: "image/svg+xml"},
			{Src: "/icons/192.png", Sizes: "192x192", Type: "image/png"},
			{Src: "/icons/512.png", Sizes: "512x512", Type: "image/png"},
			{Src: "/icons/512.png", Sizes: "512x512", Type: "image/png", Purpose: "maskable"}}}
	rw.Header().Set("Content-Type", "application/manifest+json; charset=utf-8")
	rw.Header().Set("Cache-Control", "no-cache")
	rw.Header().Set("Vary", "Cookie") // the language
	json.NewEncoder(rw).Encode(m)
}

// serviceWorker serves static/sw.js from the site's root, so that its scope
// is the whole site; no-cache lets a new version take over on the next
// visit.
func (w *Web) serviceWorker(rw http.ResponseWriter, r *http.Request) {
	b, err := fs.ReadFile(staticFiles, "static/sw.js")
	if err != nil {
		w.renderError(rw, r, onetrip.Internal(err))
		return
	}
	rw.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	rw.Header().Set("Cache-Control", "no-cache")
	rw.Write(b)
}

func (w *Web) appIcon(rw http.ResponseWriter, r *http.Request) {
	n, ok := appIconSizes[r.PathValue("name")]
	if !ok {
		w.renderError(rw, r, onetrip.NotFound("http.not_found", r.Method, r.URL.Path))
		return
	}
	rw.Header().Set("Content-Type", "image/png")
	rw.Header().Set("Cache-Control", "public, max-age=86400")
	rw.Write(iconPNG(n))
}
