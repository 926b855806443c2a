package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"onetrip/casework"
	"onetrip/httpx"
	"onetrip/progress"
)

// The public progress page (办件进度查询, issue 13), no login: the form
// asks for the case number and the query code printed on the 受理通知书
// (and sent by SMS); the receipt's QR code opens /progress?number=…&code=…
// directly. It shows the case's public view (progress.View): nothing
// personal beyond the applicant's masked name. A wrong code and an unknown
// number get the same 404 message; over the guessing limit the page is 429
// with Retry-After, saying how long to wait. Plain markup for a phone: a
// list of facts and one card per step, no tables.

type progressData struct {
	Number, Code string // as typed, to correct in the form
	View         *progress.View
	Problem      string
	Details      []string
	NotFound     bool
	Limited      bool
}

func (w *Web) progressPage(rw http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	pg := w.page(r, "ui.progress.title", nil)
	d := &progressData{Number: strings.TrimSpace(q.Get("number")), Code: strings.TrimSpace(q.Get("code"))}
	pg.Data = d
	status := http.StatusOK
	if q.Has("number") || q.Has("code") {
		v, err := w.store.Progress(r.Context(), d.Number, d.Code, httpx.ClientAddr(r), pg.Lang)
		if err == nil {
			d.View = &v
			pg.Title = pg.T("ui.progress.title") + " " + v.Number
		} else {
			var body httpx.ErrorBody
			status, body = httpx.Body(err, pg.Lang)
			if status >= 500 {
				w.renderError(rw, r, err)
				return
			}
			if secs, ok := progress.RetryAfter(err); ok {
				rw.Header().Set("Retry-After", strconv.Itoa(secs))
				d.Limited = true
			}
			d.NotFound = status == http.StatusNotFound
			d.Problem = body.Error.Message
			for _, x := range body.Error.Details {
				d.Details = append(d.Details, x.Message)
			}
		}
	}
	w.render(rw, r, "progress", status, pg)
}

// progressHref is the public progress page of a case, with its code: what
// the receipt's QR code and the applicant's link open.
func progressHref(number, code string) string {
	return "/progress?number=" + url.QueryEscape(number) + "&code=" + url.QueryEscape(code)
}

// caseQueryCode is the query code shown on the case page to the applicant
// of record (progress.ShowsCode), "" for anyone else or when the platform
// secret cannot be read (the page then shows no code rather than fail).
func (w *Web) caseQueryCode(r *http.Request, c *casework.Case) (code, href string) {
	if !progress.ShowsCode(httpx.Principal(r.Context()), c) {
		return "", ""
	}
	code, err := w.store.QueryCode(r.Context(), c.Number)
	if err != nil {
		w.log.Error("query code", "case", c.ID, "err", err)
		return "", ""
	}
	return code, progressHref(c.Number, code)
}
