package web

import (
	"bytes"
	"context"
	"encoding/json"
	"image/png"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"onetrip"
	"onetrip/httpx"
)

// TestOfflineKind: the service worker may keep the guides for anybody and
// the licence pages for an applicant (the page itself refuses licences that
// are not theirs); nothing an official sees, no other personal page, no
// print view, no write.
func TestOfflineKind(t *testing.T) {
	applicant := &onetrip.Principal{Username: "qz.applicant", Role: onetrip.RoleApplicant}
	clerk := &onetrip.Principal{Username: "qz.clerk", Role: onetrip.RoleClerk}
	reviewer := &onetrip.Principal{Username: "qz.reviewer", Role: onetrip.RoleReviewer}
	for _, tc := range []struct {
		who          *onetrip.Principal
		method, path string
		want         string
	}{
		{nil, "GET", "/guides", "public"},
		{applicant, "GET", "/guides", "public"},
		{clerk, "GET", "/guides/330-SCJG-005", "public"},
		{nil, "GET", "/guides/330-SCJG-005/print", ""},
		{nil, "GET", "/guides/", ""},
		{nil, "HEAD", "/guides", ""},
		{nil, "POST", "/guides", ""},
		{applicant, "GET", "/my/licences", "personal"},
		{applicant, "GET", "/licences/01a23c68-2e1a", "personal"},
		{applicant, "GET", "/licences/01a23c68-2e1a/print", ""},
		{applicant, "POST", "/licences/01a23c68-2e1a/revoke", ""},
		{nil, "GET", "/my/licences", ""},
		{nil, "GET", "/licences/01a23c68-2e1a", ""},
		{reviewer, "GET", "/licences/01a23c68-2e1a", ""},
		{clerk, "GET", "/my/licences", ""},
		{applicant, "GET", "/licences", ""},
		{applicant, "GET", "/licences.xlsx", ""},
		{applicant, "GET", "/my/cases", ""},
		{applicant, "GET", "/cases/abc", ""},
		{applicant, "GET", "/my/data-uses", ""},
		{applicant, "GET", "/workbench", ""},
		{applicant, "GET", "/", ""},
	} {
		if got := offlineKind(tc.who, tc.method, tc.path); got != tc.want {
			t.Errorf("%v %s %s: %q, want %q", tc.who, tc.method, tc.path, got, tc.want)
		}
	}
}

// TestEmbedMode: ?embed=1 sets the session cookie and marks the page;
// with the cookie and no parameter the page is still embedded; any other
// ?embed= (0) clears the cookie and shows the page whole.
func TestEmbedMode(t *testing.T) {
	w := &Web{}
	var seen string
	h := http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) { seen = w.mobileRequest(rw, r).URL.RequestURI() })
	for _, tc := range []struct {
		name, target, cookie string
		embedded             bool
		setCookie            string // "" none, "1" set, "-" cleared
	}{
		{"plain", "/guides?q=开面馆", "", false, ""},
		{"on", "/guides?embed=1", "", true, "1"},
		{"sticks", "/guides/330-SCJG-005?region=330802", "1", true, ""},
		{"off", "/my/cases?embed=0", "1", false, "-"},
		{"empty value leaves it", "/my/cases?embed=", "1", false, "-"},
		{"a stale cookie value", "/my/cases", "yes", false, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", tc.target, nil)
			if tc.cookie != "" {
				r.AddCookie(&http.Cookie{Name: embedCookie, Value: tc.cookie})
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, r)
			p := &Page{Path: seen}
			if p.Embedded() != tc.embedded {
				t.Errorf("the page at %q: embedded %v", seen, p.Embedded())
			}
			if tc.embedded && tc.cookie != "" && !strings.Contains(seen, "region=330802") {
				t.Errorf("the query was lost: %q", seen)
			}
			var got string
			for _, c := range rec.Result().Cookies() {
				if c.Name == embedCookie {
					got = c.Value
					if c.MaxAge < 0 {
						got = "-"
					}
					if !c.HttpOnly || c.Path != "/" || c.MaxAge > 0 {
						t.Errorf("cookie %+v: a session cookie for the site", c)
					}
				}
			}
			if got != tc.setCookie {
				t.Errorf("cookie %q, want %q", got, tc.setCookie)
			}
		})
	}
}

// TestMobileFrontMarksOfflinePages: every request gets the header the
// service worker reads, from who asks for what.
func TestMobileFrontMarksOfflinePages(t *testing.T) {
	w := &Web{}
	h := http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) { w.mobileRequest(rw, r) })
	applicant := &onetrip.Principal{Username: "qz.applicant", Role: onetrip.RoleApplicant}
	for path, want := range map[string]string{"/my/licences": "personal", "/guides": "public", "/my/cases": ""} {
		r := httptest.NewRequest("GET", path, nil).WithContext(httpx.WithPrincipal(context.Background(), applicant))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		if got := rec.Header().Get(offlineHeader); got != want {
			t.Errorf("%s: %s %q, want %q", path, offlineHeader, got, want)
		}
	}
}

// TestManifestWorkerAndIcons: the manifest names the app and its icons,
// every one of which is served; the worker comes from the root with a
// JavaScript type and is revalidated on every visit.
func TestManifestWorkerAndIcons(t *testing.T) {
	w := New(Options{})
	get := func(path string, cookies ...*http.Cookie) *httptest.ResponseRecorder {
		r := httptest.NewRequest("GET", path, nil)
		for _, c := range cookies {
			r.AddCookie(c)
		}
		rec := httptest.NewRecorder()
		w.ServeHTTP(rec, r)
		return rec
	}
	rec := get("/manifest.webmanifest")
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "application/manifest+json; charset=utf-8" {
		t.Fatalf("manifest: %d %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	var m appManifest
	if err := json.Unmarshal(rec.Body.Bytes(), &m); err != nil {
		t.Fatal(err)
	}
	if m.Name != "一窗通" || m.Lang != "zh-CN" || m.Scope != "/" || m.StartURL != "/workbench" || m.Display != "standalone" {
		t.Errorf("manifest: %+v", m)
	}
	sizes := map[string]bool{}
	for _, ic := range m.Icons {
		sizes[ic.Sizes] = true
		r := get(ic.Src)
		if r.Code != 200 || r.Header().Get("Content-Type") != ic.Type {
			t.Errorf("icon %s: %d %q, want %s", ic.Src, r.Code, r.Header().Get("Content-Type"), ic.Type)
		}
		if ic.Type == "image/png" {
			img, err := png.Decode(bytes.NewReader(r.Body.Bytes()))
			if err != nil || ic.Sizes != strconv.Itoa(img.Bounds().Dx())+"x"+strconv.Itoa(img.Bounds().Dy()) {
				t.Errorf("icon %s (%s): %v %v", ic.Src, ic.Sizes, err, img.Bounds())
			}
		}
	}
	if !sizes["192x192"] || !sizes["512x512"] {
		t.Errorf("the manifest lacks the 192 and 512 icons Chrome installs with: %v", sizes)
	}
	if en := get("/manifest.webmanifest", &http.Cookie{Name: httpx.LangCookie, Value: "en"}); !strings.Contains(en.Body.String(), `"lang":"en"`) ||
		!strings.Contains(en.Body.String(), "OneTrip") {
		t.Errorf("the English manifest: %s", en.Body)
	}
	sw := get("/sw.js")
	if sw.Code != 200 || sw.Header().Get("Content-Type") != "text/javascript; charset=utf-8" || sw.Header().Get("Cache-Control") != "no-cache" ||
		!strings.Contains(sw.Body.String(), "Onetrip-Offline") {
		t.Errorf("sw.js: %d %v", sw.Code, sw.Header())
	}
	for _, bad := range []string{"/icons/64.png", "/icons/192.svg", "/icons/"} {
		if r := get(bad); r.Code != 404 {
			t.Errorf("%s: %d", bad, r.Code)
		}
	}
}

// TestIconPNGKeepsTheFavicon: the icon drawn at 32 px is the favicon's
// picture, and at any size the white bar stays in the maskable safe zone
// (the middle 80 %).
func TestIconPNGKeepsTheFavicon(t *testing.T) {
	for _, n := range []int{32, 192, 512} {
		img, err := png.Decode(bytes.NewReader(iconPNG(n)))
		if err != nil || img.Bounds().Dx() != n {
			t.Fatalf("%d: %v", n, err)
		}
		for _, pt := range [][2]float64{{.5, .5}, {.2, .45}, {.8, .55}} {
			if r, g, b, _ := img.At(int(pt[0]*float64(n)), int(pt[1]*float64(n))).RGBA(); r>>8 != 0xff || g>>8 != 0xff || b>>8 != 0xff {
				t.Errorf("%d px: (%v) is not the white bar", n, pt)
			}
		}
		for _, pt := range [][2]float64{{.05, .05}, {.5, .3}, {.1, .5}, {.5, .7}} {
			if _, g, _, _ := img.At(int(pt[0]*float64(n)), int(pt[1]*float64(n))).RGBA(); g>>8 != 0x10 {
				t.Errorf("%d px: (%v) is not red", n, pt)
			}
		}
	}
}
