package e2e

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"onetrip/app/apptest"
)

var (
	pdfPageObj  = regexp.MustCompile(`/Type\s*/Page\b[^s]`)
	pdfMediaBox = regexp.MustCompile(`/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]`)
)

// printed prints the page at path as the browser would on paper (the
// page's own @page size) and answers the sizes of its pages in points.
func printed(t *testing.T, b *apptest.Browser, url, ready string) [][2]float64 {
	t.Helper()
	b.Do(chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS(ready)))
	pdf, err := chromedp.Run(b.Ctx, chromedp.PrintToPDF(chromedp.PDFPreferCSSPageSize()))
	if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("print %s: %v", url, err)
	}
	var pages [][2]float64
	for _, m := range pdfMediaBox.FindAllSubmatch(pdf, -1) {
		var v [4]float64
		for i := range v {
			v[i], _ = strconv.ParseFloat(string(m[i+1]), 64)
		}
		pages = append(pages, [2]float64{v[2] - v[0], v[3] - v[1]})
	}
	if n := len(pdfPageObj.FindAll(pdf, -1)); n != len(pages) {
		t.Fatalf("%s: %d page objects, %d media boxes", url, n, len(pages))
	}
	return pages
}

func isA4(p [2]float64) bool { return p[0] > 593 && p[0] < 597 && p[1] > 840 && p[1] < 844 } // 210 × 297 mm

// TestOfficialDocumentsPrintOnOneA4Page: the correction notice and the
// acceptance notice print on A4 (not US Letter), each on one page with its
// signing block (经办人, 申请人签收, seal area, the date written 2026年12月2日),
// and without the screen's links; the guide prints on A4 too.
func TestOfficialDocumentsPrintOnOneA4Page(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		cl := bundleChecklist(t, e, "B-HOUSE-RESALE")
		var noticed, accepted caseJSON
		e.Do("POST", "/api/v1/cases", "qz.clerk", houseResale(marksExcept(cl, "不动产登记申请书"))).JSON(t, &noticed)
		e.Do("POST", "/api/v1/cases", "qz.clerk", retirement(retiree, "退休人")).JSON(t, &accepted)
		if noticed.Notice == nil || accepted.AcceptedAt == nil {
			t.Fatalf("fixtures: %s %s", noticed.Status, accepted.Status)
		}
		b := apptest.NewBrowser(t)
		e.Login(b, "qz.clerk")
		for _, doc := range []struct{ name, url, ready string }{
			{"correction notice", e.URL + "/notices/" + noticed.Notice.ID + "/print", "#notice"},
			{"acceptance notice", e.URL + "/cases/" + accepted.ID + "/receipt/print", "#receipt"},
		} {
			pages := printed(t, b, doc.url, doc.ready)
			if len(pages) != 1 || !isA4(pages[0]) {
				t.Errorf("%s: pages %v, want one A4 page (595 × 842 pt)", doc.name, pages)
			}
			sign := b.Text("#doc-sign")
			if !strings.Contains(sign, "经办人") || !strings.Contains(sign, "签收") || !strings.Contains(sign, "（盖章）") ||
				!regexp.MustCompile(`\d{4}年\d{1,2}月\d{1,2}日`).MatchString(sign) || strings.Contains(sign, "qz.clerk") {
				t.Errorf("%s: the signing block %q", doc.name, sign)
			}
			if hidden := b.Eval(`String([...document.querySelectorAll("a")].every(a => a.closest(".noprint")))`); hidden != "true" {
				t.Errorf("%s: a screen link is printed", doc.name)
			}
		}
		if pages := printed(t, b, e.URL+"/guides/330-SCJG-005/print?region=330802", "main"); len(pages) == 0 || !isA4(pages[0]) {
			t.Errorf("the guide prints on %v, want A4", pages)
		}
		// Printed without a region, the guide lists where it is done
		// instead of asking to choose.
		printed(t, b, e.URL+"/guides/330-SCJG-005/print", "#guide-impls")
		if impls := b.Text("#guide-impls"); !strings.Contains(impls, "柯城区") || strings.Contains(b.Text("#guide"), "请选择办理地区") {
			t.Errorf("the printed guide without a region: %q", impls)
		}
	})
}
