package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"onetrip/app/apptest"
	"onetrip/demo"
)

// phonePage is one page of the phone tests: who looks at it ("" = nobody
// logged in) and its path, where {case}, {fees}, {closed}, {rated},
// {notice}, {licence} and {identifier} stand for the applicant's own
// objects (phoneData).
type phonePage struct{ user, path string }

// phonePages are the applicant's pages that must work on a phone: no
// sideways scrolling, tables as cards, a one-line header, 44 px targets.
// Add new applicant pages here (/register, /progress, /inbox, /account).
var phonePages = []phonePage{
	{"", "/"},
	{"", "/guides"},
	{"", "/guides/330-SCJG-005"},
	{"", "/guides/330-SCJG-005?region=330802"},
	{"", "/bundles/B-HOUSE-RESALE"},
	{"", "/qa?q=" + url.QueryEscape("开面馆要办什么证")},
	{"", "/verify"},
	{"", "/verify/{identifier}"},
	{"", "/login"},
	{"qz.applicant", "/"},
	{"qz.applicant", "/workbench"},
	{"qz.applicant", "/guides"},
	{"qz.applicant", "/guides/330-SCJG-005?region=330802"},
	{"qz.applicant", "/bundles/B-HOUSE-RESALE"},
	{"qz.applicant", "/qa?q=" + url.QueryEscape("孩子上户口要带什么")},
	{"qz.applicant", "/apply/330-SCJG-005?region=330802"},
	{"qz.applicant", "/apply/330-RSSB-002?region=330802"},
	{"qz.applicant", "/apply/bundle/B-HOUSE-RESALE"},
	{"qz.applicant", "/my/cases"},
	{"qz.applicant", "/cases/{case}"},   // a correction notice, the resubmission's uploads
	{"qz.applicant", "/cases/{fees}"},   // a bundle's case with a fee to pay
	{"qz.applicant", "/cases/{closed}"}, // closed, the rating form
	{"qz.applicant", "/cases/{rated}"},  // closed and rated
	{"qz.applicant", "/notices/{notice}/print"},
	{"qz.applicant", "/cases/{fees}/receipt/print"},
	{"qz.applicant", "/my/licences"},
	{"qz.applicant", "/licences/{licence}"},
	{"qz.applicant", "/my/data-uses"},
	{"qz.applicant", "/verify"},
	{"qz.applicant", "/account"},
	{"", "/register"},
	{"", "/password/reset"},
	{"", "/progress"},
}

// phoneCheckJS measures the page as a phone shows it and answers its
// problems as JSON: the page wider than the screen, a box in <main> that
// scrolls sideways (a table that did not become cards), a header taller
// than one line, and controls in <main> under 44 px. Links inside running
// text (an inline <a> in a sentence) are exempt, as WCAG 2.5.5 exempts
// them; a checkbox or radio button counts with its label.
const phoneCheckJS = `(() => {
  const out = [], iw = window.innerWidth;
  const sw = document.documentElement.scrollWidth;
  if (sw > iw) {
    const wide = [...document.querySelectorAll("body *")].filter(el => el.getBoundingClientRect().right > iw + 1).slice(0, 3);
    out.push("page " + sw + " px wide on a " + iw + " px screen: " + wide.map(d).join(", "));
  }
  for (const el of document.querySelectorAll("main *")) {
    if (el.matches("input, select, textarea")) continue;
    const ox = getComputedStyle(el).overflowX;
    if ((ox === "auto" || ox === "scroll") && el.scrollWidth > el.clientWidth + 1) out.push("scrolls sideways: " + d(el) + " " + el.scrollWidth + ">" + el.clientWidth);
  }
  const h = document.querySelector("header.top");
  if (h && h.getBoundingClientRect().height > 64) out.push("header " + Math.round(h.getBoundingClientRect().height) + " px tall");
  const menu = document.querySelector("#site-menu > summary");
  if (h && (!menu || menu.getBoundingClientRect().height < 44)) out.push("no 44 px menu button in the header");
  const visible = el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
  const inText = a => {
    if (a.tagName !== "A" || getComputedStyle(a).display !== "inline") return false;
    let text = a.parentElement.textContent;
    for (const c of a.parentElement.querySelectorAll("a, button")) text = text.replace(c.textContent, "");
    return /[\p{L}\p{N}]/u.test(text);
  };
  for (const el of document.querySelectorAll("main a[href], main button, main input:not([type=hidden]), main select, main textarea, main summary")) {
    if (!visible(el) || inText(el)) continue;
    const t = el.matches("input[type=checkbox], input[type=radio]") && el.closest("label") || el;
    const ht = t.getBoundingClientRect().height;
    if (ht < 43.5) out.push("target " + Math.round(ht) + " px tall: " + d(el));
  }
  return JSON.stringify(out);
  function d(el) { return el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : "") + " «" + (el.textContent || el.name || "").trim().slice(0, 20) + "»"; }
})()`

// phoneCheck fails the test with each of the page's phone problems.
func phoneCheck(t *testing.T, b *apptest.Browser, page string) {
	t.Helper()
	// A page's elements are visible before its stylesheet has loaded: on a
	// loaded machine the check measured the unstyled page (a 146 px header).
	waitFor(t, page+" loaded with its styles", func() bool {
		return b.Eval(`String(document.readyState === "complete" && [...document.querySelectorAll('link[rel="stylesheet"]')].every(l => l.sheet))`) == "true"
	})
	var problems []string
	if err := json.Unmarshal([]byte(b.Eval(phoneCheckJS)), &problems); err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("%s: %s", page, p)
	}
}

// phoneData makes and finds the applicant's own objects the pages show:
// an online case with a correction notice, a house sale whose fee the
// buyer (王建国) owes, two closed cases (one rated, one to rate) and a
// licence of his.
func phoneData(t *testing.T, e *apptest.Env) map[string]string {
	t.Helper()
	ids := map[string]string{}
	c := noticeCase(t, e)
	ids["case"], ids["notice"] = c.ID, c.Notice.ID
	ids["fees"] = houseSaleApproved(t, e, "window").ID

	// Two 居住证申领 approved, so closed (delivered electronically): one
	// to rate, one rated.
	for _, k := range []string{"closed", "rated"} {
		if c := approvePermit(t, e, residencePermit(t, e)); c.Status != "closed" {
			t.Fatalf("the approved 居住证申领 is %s", c.Status)
		} else {
			ids[k] = c.ID
		}
	}
	if r := e.Do("POST", "/api/v1/ratings", "qz.applicant", map[string]any{"case_id": ids["rated"], "target": "case", "level": "very_satisfied",
		"comment": "窗口一次办好，手机上就能查到进度"}); r.Status != 201 {
		t.Fatalf("rating: %d %s", r.Status, r.Body)
	}
	var lics []struct{ ID, Identifier string }
	e.Do("GET", "/api/v1/licences", "qz.applicant", nil).JSON(t, &lics)
	if len(lics) == 0 {
		t.Fatal("the applicant holds no licence")
	}
	ids["licence"], ids["identifier"] = lics[0].ID, lics[0].Identifier
	return ids
}

// noticeCase is 王建国's online application that the window answers with
// a correction notice: the form is not stamped.
func noticeCase(t *testing.T, e *apptest.Env) caseJSON {
	t.Helper()
	sub := map[string]any{"item": "330-RSSB-002", "region": "330802", "channel": "online",
		"applicant": map[string]any{"type": "person", "name": demo.QZApplicant.Name, "id_number": demo.QZApplicant.IDNumber},
		"materials": uploadedMarks(t, e, "qz.applicant", "330-RSSB-002")}
	var c caseJSON
	if r := e.Do("POST", "/api/v1/cases", "qz.applicant", sub); r.Status != 201 {
		t.Fatalf("apply: %d %s", r.Status, r.Body)
	} else {
		r.JSON(t, &c)
	}
	r := e.Do("POST", "/api/v1/cases/"+c.ID+"/review", "qz.clerk", map[string]any{"version": c.Version,
		"materials": []mark{{Spec: "330-RSSB-002.M01", Status: "defective", Reason: "登记信息表未经单位盖章"}}})
	r.JSON(t, &c)
	if r.Status != 200 || c.Status != "needs_correction" || c.Notice == nil {
		t.Fatalf("the window's notice: %d %s", r.Status, r.Body)
	}
	return c
}

func (p phonePage) url(e *apptest.Env, ids map[string]string) string {
	path := p.path
	for k, v := range ids {
		path = strings.ReplaceAll(path, "{"+k+"}", v)
	}
	return e.URL + path
}

// TestApplicantPagesOnAPhone: on a 390×844 touch screen every applicant
// page fits the screen (no sideways scrolling of the page or of a table),
// the header is one line with a menu button, and every control is at
// least 44 px tall; the menu opens to the navigation.
func TestApplicantPagesOnAPhone(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ids := phoneData(t, e)
		browsers := map[string]*apptest.Browser{}
		for _, p := range phonePages {
			b := browsers[p.user]
			if b == nil {
				b = apptest.NewPhoneBrowser(t)
				if p.user != "" {
					e.Login(b, p.user)
				}
				browsers[p.user] = b
			}
			b.Do(chromedp.Navigate(p.url(e, ids)), chromedp.WaitReady(chromedp.CSS("main")))
			if w := b.Eval(`String(window.innerWidth)`); w != fmt.Sprint(apptest.PhoneWidth) {
				t.Fatalf("the phone's viewport is %s px wide", w)
			}
			if strings.HasPrefix(b.Eval(`location.pathname`), "/login") && p.path != "/login" {
				t.Fatalf("%s as %q: sent to the login page", p.path, p.user)
			}
			phoneCheck(t, b, p.user+" "+p.path)
		}

		// In English (longer words) the applicant's pages fit as well.
		b := browsers["qz.applicant"]
		b.Do(chromedp.Navigate(e.URL+"/lang?to=en&back=/"), chromedp.WaitReady(chromedp.CSS("main")))
		for _, p := range phonePages {
			if p.user == "qz.applicant" {
				b.Do(chromedp.Navigate(p.url(e, ids)), chromedp.WaitReady(chromedp.CSS("main")))
				phoneCheck(t, b, "en "+p.path)
			}
		}
		b.Do(chromedp.Navigate(e.URL+"/lang?to=zh-CN&back=/"), chromedp.WaitReady(chromedp.CSS("main")))

		// The pages are the full ones, as cards: the case's notice and
		// materials, a file input with the camera, the fee's pay button.
		b.Do(chromedp.Navigate(e.URL+"/cases/"+ids["case"]), chromedp.WaitVisible(chromedp.ID("resubmit-form")))
		if got := b.Eval(`getComputedStyle(document.querySelector("#case-materials tbody tr")).display + "/" +
			getComputedStyle(document.querySelector("#case-materials tbody td"), "::before").content`); got != `block/"序号"` {
			t.Errorf("the materials are not cards captioned by their column: %s", got)
		}
		if got := b.Eval(`[...document.querySelectorAll("#resubmit-form input[type=file]")].map(i => i.accept + "|" + !document.querySelector("[data-camera-for='" + i.id + "']").hidden).join()`); got != "application/pdf,image/jpeg,image/png,.ofd|true" {
			t.Errorf("the resubmission's upload: %s", got)
		}
		if txt := b.Text("#notice-1"); !strings.Contains(txt, "登记信息表未经单位盖章") {
			t.Errorf("the notice on the phone: %q", txt)
		}
		b.Do(chromedp.Navigate(e.URL+"/cases/"+ids["fees"]), chromedp.WaitVisible(chromedp.CSS("#fee-orders button.pay-online")))
		b.Do(chromedp.Navigate(e.URL+"/cases/"+ids["closed"]), chromedp.WaitVisible(chromedp.ID("rating-form")))

		// The menu: closed, one button; open, the applicant's navigation
		// and the logout.
		if n := b.Eval(`String(document.querySelectorAll("header .main-nav a").length > 0 && getComputedStyle(document.querySelector("header .main-nav")).display)`); n != "none" {
			t.Errorf("the desktop navigation shows on the phone: %s", n)
		}
		b.Do(chromedp.Click(chromedp.CSS("#site-menu > summary")), chromedp.WaitVisible(chromedp.CSS(`#site-menu a[href="/my/licences"]`)))
		if got := b.Eval(`[...document.querySelectorAll("#site-menu nav a")].map(a => a.getAttribute("href")).join(" ")`); !strings.Contains(got, "/my/cases /my/licences /my/data-uses") {
			t.Errorf("the menu's links: %s", got)
		}
		b.Do(chromedp.Click(chromedp.CSS(`#site-menu a[href="/my/licences"]`)), chromedp.WaitVisible(chromedp.ID("my-licences")))
		if open := b.Eval(`String(document.getElementById("site-menu").open)`); open != "false" {
			t.Error("the menu is open on the next page")
		}
	})
}

// TestPhoneEmbedManifestAndWorker: ?embed=1 shows the pages without
// header, navigation and footer and sticks while the user follows links,
// until ?embed=0; the manifest and the service worker are served from the
// root with their types, and the worker registers for the whole site.
func TestPhoneEmbedManifestAndWorker(t *testing.T) {
	e := apptest.New(t, "sqlite")
	b := apptest.NewPhoneBrowser(t)
	e.Login(b, "qz.applicant")
	chrome := `["header.top", "footer", "#site-menu", ".main-nav"].map(s => document.querySelectorAll(s).length).join()`
	b.Do(chromedp.Navigate(e.URL+"/guides?embed=1"), chromedp.WaitVisible(chromedp.ID("guide-results")))
	if got := b.Eval(chrome); got != "0,0,0,0" {
		t.Fatalf("embedded page's header, footer, menu, nav: %s", got)
	}
	phoneCheck(t, b, "/guides?embed=1")
	// A link of the page: still embedded, without ?embed on it.
	b.Do(chromedp.Click(chromedp.CSS(`#guide-results li a`)), chromedp.WaitVisible(chromedp.ID("guide")))
	if got := b.Eval(`location.search + "|" + ` + chrome); got != "|0,0,0,0" {
		t.Fatalf("a link from the embedded page (search|header,footer,menu,nav): %s", got)
	}
	b.Do(chromedp.Navigate(e.URL+"/my/cases"), chromedp.WaitVisible(chromedp.ID("my-cases")))
	if got := b.Eval(chrome); got != "0,0,0,0" {
		t.Fatalf("embedded my cases: %s", got)
	}
	b.Do(chromedp.Navigate(e.URL+"/my/cases?embed=0"), chromedp.WaitVisible(chromedp.ID("my-cases")))
	if got := b.Eval(chrome); got != "1,1,1,1" {
		t.Fatalf("after ?embed=0: %s", got)
	}
	b.Do(chromedp.Navigate(e.URL+"/guides"), chromedp.WaitVisible(chromedp.ID("guide-results")))
	if got := b.Eval(chrome); got != "1,1,1,1" {
		t.Fatalf("the mode came back after ?embed=0: %s", got)
	}

	for path, want := range map[string]string{"/manifest.webmanifest": "application/manifest+json", "/sw.js": "text/javascript",
		"/icons/192.png": "image/png", "/icons/512.png": "image/png", "/static/icon.svg": "image/svg+xml"} {
		r := e.Do("GET", path, "", nil)
		if ct := r.Header.Get("Content-Type"); r.Status != 200 || !strings.HasPrefix(ct, want) {
			t.Errorf("%s: %d %q, want %s", path, r.Status, ct, want)
		}
		if path == "/manifest.webmanifest" {
			var m struct {
				Name, Scope, Display string
				Icons                []struct{ Src, Sizes string }
			}
			json.Unmarshal(r.Body, &m)
			if m.Name != "一窗通" || m.Scope != "/" || m.Display != "standalone" || len(m.Icons) < 3 {
				t.Errorf("manifest: %s", r.Body)
			}
		}
	}
	if r := e.Do("GET", "/icons/77.png", "", nil); r.Status != 404 {
		t.Errorf("an icon size not served: %d", r.Status)
	}
	if href := b.Attr(`link[rel=manifest]`, "href"); href != "/manifest.webmanifest" {
		t.Errorf("the pages' manifest link: %q", href)
	}
	scope, err := chromedp.Run(b.Ctx, chromedp.Evaluate[string](`navigator.serviceWorker.ready.then(r => r.scope + " " + r.active.scriptURL)`, chromedp.EvalAwaitPromise))
	if err != nil || scope != e.URL+"/ "+e.URL+"/sw.js" {
		t.Fatalf("the service worker: %q %v", scope, err)
	}
}

// TestPhonePhotoDownscaled: a photo larger than 2000 px on its long side,
// chosen on the apply page, is sent as a 2000 px JPEG; a small image and a
// PDF go as chosen.
func TestPhonePhotoDownscaled(t *testing.T) {
	e := apptest.New(t, "sqlite")
	dir := t.TempDir()
	big, small := filepath.Join(dir, "登记表.png"), filepath.Join(dir, "small.png")
	writePNG(t, big, 3000, 2000)
	writePNG(t, small, 600, 400)
	b := apptest.NewPhoneBrowser(t)
	e.Login(b, "qz.applicant")
	b.Do(chromedp.Navigate(e.URL+"/apply/330-RSSB-002?region=330802"), chromedp.WaitVisible(chromedp.ID("apply-materials")))
	input := `#apply-materials input[type=file]`
	b.Do(chromedp.SetUploadFiles(chromedp.CSS(input), []string{big}), chromedp.WaitReady(chromedp.CSS(input+`[data-downscale-state]`)))
	got, err := chromedp.Run(b.Ctx, chromedp.Evaluate[string](`(async () => {
		const i = document.querySelector("`+input+`"), f = i.files[0], bmp = await createImageBitmap(f);
		return [i.dataset.downscaled, f.name, f.type, bmp.width + "x" + bmp.height, f.size < 3000000, i.parentNode.querySelector(".downscaled-note").textContent].join("|");
	})()`, chromedp.EvalAwaitPromise))
	if err != nil || got != "2000x1333|登记表.jpg|image/jpeg|2000x1333|true|照片已缩小为 2000×1333 像素后上传" || b.Attr(input, "data-downscale-state") != "reduced" {
		t.Fatalf("the big photo: %q %v", got, err)
	}
	// Sent with 预审 (the button's value goes along): the server has the JPEG.
	b.Do(chromedp.Click(chromedp.ID("btn-precheck")), chromedp.WaitVisible(chromedp.ID("precheck-result")))
	if up := b.Text("#apply-materials .uploaded"); !strings.Contains(up, "登记表.jpg") {
		t.Fatalf("after 预审 the upload reads %q", up)
	}
	b.Do(chromedp.Navigate(e.URL+"/apply/330-RSSB-002?region=330802"), chromedp.WaitVisible(chromedp.ID("apply-materials")))
	pdf := filepath.Join(dir, "form.pdf")
	os.WriteFile(pdf, []byte("%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"), 0o600)
	for _, f := range []string{small, pdf} {
		b.Do(chromedp.SetUploadFiles(chromedp.CSS(input), []string{f}), chromedp.WaitReady(chromedp.CSS(input+`[data-downscale-state]`)))
		got := b.Eval(`(i => i.dataset.downscaleState + "|" + i.files[0].name + "|" + !i.parentNode.querySelector(".downscaled-note"))(document.querySelector("` + input + `"))`)
		if want := "kept|" + filepath.Base(f) + "|true"; got != want {
			t.Errorf("%s: %q, want %q", f, got, want)
		}
	}
}

func writePNG(t *testing.T, path string, w, h int) {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y += 8 {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 0x80, 0xff})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}

// cachedJS lists what the service worker keeps, cache by cache.
const cachedJS = `(async () => {
  const out = [];
  for (const name of await caches.keys()) for (const r of await (await caches.open(name)).keys()) { const u = new URL(r.url); out.push(name + " " + u.pathname + u.search); }
  return out.sort().join("\n");
})()`

// waitCached waits until the worker's caches satisfy cond (a JavaScript
// expression over the list "all" of cachedJS lines) and answers them.
func waitCached(t *testing.T, b *apptest.Browser, cond string) []string {
	t.Helper()
	got, err := chromedp.Run(b.Ctx, chromedp.Poll[string](`(async () => { const all = (await `+cachedJS+`).split("\n"); return (`+cond+`) && all.join("\n"); })()`,
		chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(20*time.Second)))
	if err != nil {
		list, _ := chromedp.Run(b.Ctx, chromedp.Evaluate[string](cachedJS, chromedp.EvalAwaitPromise))
		t.Fatalf("caches never satisfied %s: %v\n%s", cond, err, list)
	}
	return strings.Split(got, "\n")
}

// TestPhoneOfflineGuidesAndLicences: the guides and the applicant's own
// licences open offline once seen; nothing else personal is kept; logging
// out drops the personal pages and keeps an anonymous /guides.
func TestPhoneOfflineGuidesAndLicences(t *testing.T) {
	e := apptest.New(t, "sqlite")
	var lics []struct{ ID string }
	e.Do("GET", "/api/v1/licences", "qz.applicant", nil).JSON(t, &lics)
	if len(lics) == 0 {
		t.Fatal("no licence of the applicant")
	}
	lic, cs := "/licences/"+lics[0].ID, "/cases/"+noticeCase(t, e).ID
	b := apptest.NewPhoneBrowser(t)
	e.Login(b, "qz.applicant")
	if _, err := chromedp.Run(b.Ctx, chromedp.Evaluate[string](`navigator.serviceWorker.ready.then(r => r.scope)`, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatal(err)
	}
	visit := func(path, id string) {
		t.Helper()
		b.Do(chromedp.Navigate(e.URL+path), chromedp.WaitVisible(chromedp.ID(id)))
	}
	visit("/guides", "guide-results")
	if ctl := b.Eval(`String(!!navigator.serviceWorker.controller)`); ctl != "true" {
		t.Fatal("the page is not controlled by the service worker")
	}
	visit("/guides/330-SCJG-005", "guide")
	visit("/my/licences", "my-licences")
	visit(lic, "licence")
	visit("/my/cases", "my-cases")
	visit(cs, "case")
	visit("/my/data-uses", "data-uses-title")
	visit("/workbench", "workbench-title")
	all := waitCached(t, b, `["/guides", "/guides/330-SCJG-005", "/my/licences", "`+lic+`"].every(p => all.includes("onetrip-pages-v1 " + p))`)
	for _, c := range all {
		name, path, _ := strings.Cut(c, " ")
		switch {
		case name == "onetrip-pages-v1" && slices.Contains([]string{"/guides", "/guides/330-SCJG-005", "/my/licences", lic}, path):
		case name == "onetrip-static-v1" && (strings.HasPrefix(path, "/static/") || path == "/favicon.ico"):
		default:
			t.Errorf("kept offline, and should not be: %s", c)
		}
	}

	// Logging out (from the menu) drops the personal pages.
	b.Do(chromedp.Click(chromedp.CSS("#site-menu > summary")), chromedp.Click(chromedp.CSS(`#site-menu form[action="/logout"] button`)),
		chromedp.WaitVisible(chromedp.ID("username")))
	waitCached(t, b, `!all.some(c => c.includes("/licences") || c.includes("/guides/")) && all.includes("onetrip-pages-v1 /guides")`)
	// The anonymous /guides has no account in it.
	anon, err := chromedp.Run(b.Ctx, chromedp.Evaluate[string](`caches.open("onetrip-pages-v1").then(c => c.match("/guides")).then(r => r.text())`, chromedp.EvalAwaitPromise))
	if err != nil || strings.Contains(anon, demo.QZApplicant.Name) || !strings.Contains(anon, `id="guide-results"`) {
		t.Fatalf("the /guides kept after logout: %v, has the name: %v", err, strings.Contains(anon, demo.QZApplicant.Name))
	}

	// In again, the pages seen, then the network goes away: they open.
	e.Login(b, "qz.applicant")
	visit("/guides/330-SCJG-005", "guide")
	visit("/my/licences", "my-licences")
	visit(lic, "licence")
	waitCached(t, b, `["/guides/330-SCJG-005", "/my/licences", "`+lic+`"].every(p => all.includes("onetrip-pages-v1 " + p))`)
	e.Server.Close() // the phone is offline: nothing answers any more
	for path, id := range map[string]string{"/guides": "guide-results", "/guides/330-SCJG-005": "guide", "/guides/330-SCJG-005?region=330802": "guide",
		"/my/licences": "my-licences", lic: "licence"} {
		visit(path, id)
		if bg := b.Eval(`getComputedStyle(document.querySelector("header.top")).borderBottomStyle`); bg != "solid" {
			t.Errorf("%s offline without its stylesheet", path)
		}
	}
	if _, err := chromedp.Run(b.Ctx, chromedp.Navigate(e.URL+"/my/cases")); err == nil && b.Eval(`String(!!document.getElementById("my-cases"))`) == "true" {
		t.Error("/my/cases opened offline: it was kept")
	}
	if _, err := http.Get(e.URL + "/healthz"); err == nil {
		t.Fatal("the server still answers")
	}
}

// TestPhonePagesPassAxe: two of the phone pages, the case page and a
// guide, have no serious or critical WCAG 2.1 AA violation on the phone
// either, with the menu closed and open.
func TestPhonePagesPassAxe(t *testing.T) {
	e := apptest.New(t, "sqlite")
	c := noticeCase(t, e)
	b := apptest.NewPhoneBrowser(t)
	e.Login(b, "qz.applicant")
	for _, path := range []string{"/cases/" + c.ID, "/guides/330-SCJG-005?region=330802"} {
		b.Do(chromedp.Navigate(e.URL+path), chromedp.WaitReady(chromedp.CSS("main")))
		for _, open := range []bool{false, true} {
			if open {
				b.Do(chromedp.Click(chromedp.CSS("#site-menu > summary")), chromedp.WaitVisible(chromedp.CSS("#site-menu nav")))
			}
			for _, v := range axeCheck(t, b) {
				var where []string
				for _, n := range v.Nodes {
					where = append(where, fmt.Sprint(n.Target...))
				}
				t.Errorf("%s (menu open %v) on a phone: %s (%s) %s at %s", path, open, v.ID, v.Impact, v.Help, strings.Join(where, ", "))
			}
		}
	}
}
