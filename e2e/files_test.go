package e2e

import (
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"onetrip/app/apptest"
)

// TestUploadsShowTheirNames: a file uploaded with its name is shown by that
// name, type and size on the applicant's case page and the window's
// pre-review; its download carries the name; the digest stays behind the
// link's title. Another applicant cannot read it.
func TestUploadsShowTheirNames(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		pdf := []byte("%PDF-1.7\n% 退休证明\n1 0 obj <<>> endobj\n%%EOF\n")
		r := e.Do("POST", "/api/v1/blobs?name="+url.QueryEscape(`C:\fakepath\退休证明.pdf`), "qz.applicant", pdf, "Content-Type", "application/pdf")
		var info struct{ ID, Name string }
		r.JSON(t, &info)
		if r.Status != 201 || info.Name != "退休证明.pdf" {
			t.Fatalf("upload: %d %s", r.Status, r.Body)
		}
		dl := e.Do("GET", "/api/v1/blobs/"+info.ID, "qz.applicant", nil)
		if dl.Status != 200 || !strings.Contains(dl.Header.Get("Content-Disposition"), "filename*=utf-8''%E9%80%80%E4%BC%91") {
			t.Fatalf("download: %d %q", dl.Status, dl.Header.Get("Content-Disposition"))
		}
		if other := e.Do("GET", "/api/v1/blobs/"+info.ID, "hz.applicant", nil); other.Status != 404 {
			t.Fatalf("another applicant reads the file: %d", other.Status)
		}

		var me struct {
			Name     string
			IDNumber string `json:"id_number"`
		}
		e.Do("GET", "/api/v1/me", "qz.applicant", nil).JSON(t, &me)
		marks := uploadedMarks(t, e, "qz.applicant", "330-RSSB-002")
		marks[0]["file"] = info.ID
		r = e.Do("POST", "/api/v1/cases", "qz.applicant", map[string]any{"item": "330-RSSB-002", "region": "330802", "channel": "online",
			"applicant": map[string]any{"type": "person", "name": me.Name, "id_number": me.IDNumber}, "materials": marks})
		var c caseJSON
		r.JSON(t, &c)
		if r.Status != 201 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}

		for _, who := range []struct{ user, path string }{{"qz.applicant", "/cases/" + c.ID}, {"qz.clerk", "/window/cases/" + c.ID}} {
			b := apptest.NewBrowser(t)
			e.Login(b, who.user)
			b.Do(chromedp.Navigate(e.URL+who.path), chromedp.WaitVisible(chromedp.CSS("ul.files a.file")))
			text := b.Text("ul.files")
			if !strings.Contains(text, "退休证明.pdf") || !strings.Contains(text, "PDF · ") || strings.Contains(text, info.ID[:12]) {
				t.Errorf("%s: files read %q", who.path, text)
			}
			if title := b.Attr(`a.file[href="/api/v1/blobs/`+info.ID+`"]`, "title"); title != "SM3 "+info.ID {
				t.Errorf("%s: title %q", who.path, title)
			}
		}
	})
}
