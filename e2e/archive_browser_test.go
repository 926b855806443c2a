package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"onetrip"
	"onetrip/app/apptest"
	"onetrip/archive"
	"onetrip/sqlstore"
)

// fetched is a response the page's own fetch saw, with the tab's session.
type fetched struct {
	Status      int    `json:"status"`
	Type        string `json:"type"`
	Disposition string `json:"disposition"`
	Body        []byte `json:"body"` // base64 in the JSON
}

// browserFetch requests a path from the current page with its cookies
// (the session): the bytes as the browser received them.
func browserFetch(t *testing.T, b *apptest.Browser, method, path string, form url.Values) fetched {
	t.Helper()
	init := `{credentials: "same-origin"}`
	if form != nil {
		init = `{method: ` + strconv.Quote(method) + `, credentials: "same-origin", redirect: "manual", headers: {"Content-Type": "application/x-www-form-urlencoded"}, body: ` +
			strconv.Quote(form.Encode()) + `}`
	}
	js := `fetch(` + strconv.Quote(path) + `, ` + init + `).then(async r => {
		const b = new Uint8Array(await r.arrayBuffer());
		let s = "";
		for (let i = 0; i < b.length; i += 0x8000) s += String.fromCharCode.apply(null, b.subarray(i, i + 0x8000));
		return JSON.stringify({status: r.status, type: r.headers.get("content-type") || "", disposition: r.headers.get("content-disposition") || "", body: btoa(s)});
	})`
	s, err := chromedp.Run(b.Ctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("fetch %s: %v", path, err)
	}
	var f fetched
	if err := json.Unmarshal([]byte(s), &f); err != nil {
		t.Fatalf("fetch %s: %v", path, err)
	}
	return f
}

// TestArchivistPagesBrowser is the archive issue's browser test: a closed
// 二手房买卖 is archived into one package per department; the land
// registration's archivist finds it by case number, opens it (the 四性检测
// passed on all four, the scanned material opens as the PDF it is),
// hands it to the archives in a transfer batch and takes the batch's
// Excel and signed XML lists. The housing archivist neither lists the
// land package nor opens it.
func TestArchivistPagesBrowser(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		c := closedHouseSale(t, e)
		res, err := e.Store.ArchiveDue(ctx, 0, e.Blobs, e.Archive, 0)
		if err != nil || res.Packages != 3 {
			t.Fatalf("archive: %+v %v", res, err)
		}
		pkgs, err := e.Store.ArchivePackages(ctx, sqlstore.PackageQuery{Case: c.ID})
		if err != nil {
			t.Fatal(err)
		}
		var land, housing sqlstore.Package
		for _, p := range pkgs {
			switch p.Department {
			case "330802-natural-resources":
				land = p
			case "330802-housing-construction":
				housing = p
			}
		}
		if land.ID == "" || housing.ID == "" {
			t.Fatalf("packages: %+v", pkgs)
		}

		b := apptest.NewBrowser(t)
		e.Login(b, "qz.archivist.land")
		b.Do(chromedp.Navigate(e.URL+"/workbench"), chromedp.WaitVisible(chromedp.ID("workbench-title")))
		if nav := b.Text(".main-nav"); !strings.Contains(nav, "档案") {
			t.Fatalf("the archivist's navigation: %q", nav)
		}

		// The list, searched by case number.
		b.Do(chromedp.Navigate(e.URL+"/archive"), chromedp.WaitVisible(chromedp.ID("archive-search")),
			chromedp.SendKeys(chromedp.ID("arch-number"), c.Number))
		clickAndWait(b, "#arch-search-submit", "#packages")
		if n := b.Eval(`String(document.querySelectorAll("#packages tbody tr[data-package]").length)`); n != "1" {
			t.Fatalf("%s packages found by case number, want 1", n)
		}
		row := `#packages tr[data-package="` + land.ID + `"]`
		txt := b.Text(row)
		for _, want := range []string{c.Number, land.ItemName, c.Applicant.Name, "保管中", "通过", land.Retention.Label(onetrip.LangZH)} {
			if !strings.Contains(txt, want) {
				t.Fatalf("the package's row lacks %q: %q", want, txt)
			}
		}
		if strings.Contains(b.Eval(`document.body.innerHTML`), c.Applicant.IDNumber) {
			t.Fatal("the list shows the applicant's full ID number")
		}
		if b.Text("#failed-packages") == "" || b.Eval(`String(!!document.getElementById("failed-empty"))`) != "true" {
			t.Fatalf("failed checks: %q", b.Text("#failed-packages"))
		}

		// The package: metadata, four checks passed, its files.
		clickAndWait(b, row+" a.pkg-link", "#package")
		if facts := b.Text("#package-facts"); !strings.Contains(facts, land.ID) || !strings.Contains(facts, c.Number) || strings.Contains(facts, c.Applicant.IDNumber) {
			t.Fatalf("metadata: %q", facts)
		}
		if n := b.Eval(`String(document.querySelectorAll('#check-results tr[data-passed="true"]').length)`); n != "4" {
			t.Fatalf("%s of 4 checks passed: %s", n, b.Text("#check-results"))
		}
		href := b.Eval(`(document.querySelector('#package-files tr[data-role="material"] a.file-link[href$=".pdf"]') || {}).getAttribute?.("href") || ""`)
		if href == "" {
			t.Fatalf("no PDF material on the package page: %s", b.Text("#package-files"))
		}
		f := browserFetch(t, b, "GET", href, nil)
		if f.Status != 200 || f.Type != "application/pdf" || !bytes.HasPrefix(f.Body, []byte("%PDF-")) || !strings.Contains(f.Disposition, "inline") {
			t.Fatalf("the material %s: %d %s %q %.40q", href, f.Status, f.Type, f.Disposition, f.Body)
		}
		if f := browserFetch(t, b, "GET", "/archive/packages/"+land.ID+"/files/tagmanifest-sm3.txt.sig", nil); f.Status != 404 {
			t.Fatalf("a file the metadata does not list: %d", f.Status)
		}
		if f := browserFetch(t, b, "GET", "/archive/packages/"+land.ID+"/files/../metadata.json", nil); f.Status == 200 {
			t.Fatalf("a path out of data/: %d", f.Status)
		}

		// Transfer it.
		b.Do(chromedp.Navigate(e.URL+"/archive?number="+url.QueryEscape(c.Number)), chromedp.WaitVisible(chromedp.ID("transfer-form")),
			chromedp.Click(chromedp.ID("pick-"+land.ID)))
		clickAndWait(b, "#btn-transfer", "#transfer")
		tid := b.Attr("#transfer", "data-transfer")
		if n := b.Text("#transfer-count"); n != "1" || tid == "" || b.Eval(`String(!!document.querySelector('#transfer-packages tr[data-package="`+land.ID+`"]'))`) != "true" {
			t.Fatalf("the transfer page: %s", b.Text("#transfer"))
		}
		if flash := b.Text("#transfer-flash"); !strings.Contains(flash, "1") {
			t.Fatalf("flash: %q", flash)
		}

		// Its exports.
		x := browserFetch(t, b, "GET", b.Attr("#transfer-xlsx", "href"), nil)
		if x.Status != 200 || !strings.Contains(x.Type, "spreadsheetml") {
			t.Fatalf("xlsx: %d %s", x.Status, x.Type)
		}
		wb, err := excelize.OpenReader(bytes.NewReader(x.Body))
		if err != nil {
			t.Fatal(err)
		}
		defer wb.Close()
		rows, err := wb.GetRows("移交清单")
		if err != nil || len(rows) != 2 || rows[0][0] != "档号" || rows[1][0] != land.ID || rows[1][1] != c.Number {
			t.Fatalf("移交清单: %v %v", rows, err)
		}
		if v, _ := wb.GetCellValue("移交清单", "F2"); v != land.ArchivedAt.In(onetrip.China).Format("2006-01-02") {
			t.Fatalf("archived date cell %q", v)
		}
		if raw, _ := wb.GetCellValue("移交清单", "F2", excelize.Options{RawCellValue: true}); strings.Contains(raw, "-") {
			t.Fatalf("the archived date is text, not a date: %q", raw)
		}
		if panes, err := wb.GetPanes("移交清单"); err != nil || !panes.Freeze || panes.YSplit != 1 {
			t.Fatalf("header not frozen: %+v %v", panes, err)
		}
		xm := browserFetch(t, b, "GET", b.Attr("#transfer-xml", "href"), nil)
		if xm.Status != 200 || xm.Type != "application/xml" || !strings.Contains(string(xm.Body), c.Number) || !strings.Contains(xm.Disposition, "attachment") {
			t.Fatalf("xml: %d %s %s", xm.Status, xm.Type, xm.Body)
		}
		var list archive.TransferList
		if err := xml.Unmarshal(xm.Body, &list); err != nil || list.ID != tid || len(list.Packages) != 1 || list.Packages[0].CaseNumber != c.Number ||
			list.Packages[0].SM3 != land.SM3 || !list.Packages[0].Checked {
			t.Fatalf("transfer list: %+v %v", list, err)
		}
		sig := browserFetch(t, b, "GET", b.Attr("#transfer-sig", "href"), nil)
		if sig.Status != 200 || sig.Type != "application/octet-stream" || len(sig.Body) < 8 || sig.Body[0] != 0x30 {
			t.Fatalf("signature: %d %s %x", sig.Status, sig.Type, sig.Body)
		}

		// Transferred, it cannot go again: the list answers the refusal.
		b.Do(chromedp.Navigate(e.URL+"/archive"), chromedp.WaitVisible(chromedp.ID("transfer-form")))
		if st := b.Attr(row, "data-state"); st != "transferred" || b.Eval(`String(!!document.getElementById("pick-`+land.ID+`"))`) != "false" {
			t.Fatalf("after the transfer: state %q", st)
		}
		csrf := b.Eval(`document.querySelector('#transfer-form input[name=csrf]').value`)
		again := browserFetch(t, b, "POST", "/archive/transfers", url.Values{"csrf": {csrf}, "package": {land.ID}})
		if again.Status < 400 || again.Status >= 500 || !strings.Contains(string(again.Body), `id="archive-error"`) || !strings.Contains(string(again.Body), c.Number) {
			t.Fatalf("transferring again: %d", again.Status)
		}

		// Destruction within the retention period is refused on the page.
		b.Do(chromedp.Navigate(e.URL+"/archive/packages/"+land.ID), chromedp.WaitVisible(chromedp.ID("destroy-form")),
			chromedp.SendKeys(chromedp.ID("destroy-reason"), "保管期限届满"))
		clickAndWait(b, "#btn-destroy", "#package-error")
		if msg := b.Text("#package-error"); !strings.Contains(msg, "保管期限未满") || !strings.Contains(msg, c.Number) {
			t.Fatalf("destroying within retention: %q", msg)
		}

		// The city's admin sees the three departments' packages.
		a := apptest.NewBrowser(t)
		e.Login(a, "qz.admin")
		a.Do(chromedp.Navigate(e.URL+"/archive?number="+url.QueryEscape(c.Number)), chromedp.WaitVisible(chromedp.ID("packages")))
		if n := a.Eval(`String(document.querySelectorAll("#packages tbody tr[data-package]").length) + "/" + String(!!document.getElementById("btn-transfer"))`); n != "3/false" {
			t.Fatalf("the admin's list (packages/transfer button): %s", n)
		}

		// Another department's archivist.
		h := apptest.NewBrowser(t)
		e.Login(h, "qz.archivist.housing")
		h.Do(chromedp.Navigate(e.URL+"/archive?number="+url.QueryEscape(c.Number)), chromedp.WaitVisible(chromedp.ID("packages")))
		if has := h.Eval(`String(!!document.querySelector('#packages tr[data-package="` + land.ID + `"]')) + "/" + String(!!document.querySelector('#packages tr[data-package="` + housing.ID + `"]'))`); has != "false/true" {
			t.Fatalf("the housing archivist's list (land/housing): %s", has)
		}
		for _, p := range []string{"/archive/packages/" + land.ID, href, "/archive/transfers/" + tid, "/archive/transfers/" + tid + ".xml"} {
			if f := browserFetch(t, h, "GET", p, nil); f.Status != 404 {
				t.Fatalf("the housing archivist opens %s: %d", p, f.Status)
			}
		}
	})
}
