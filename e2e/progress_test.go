package e2e

import (
	"context"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"onetrip/app/apptest"
	"onetrip/demo"
	"onetrip/idcode"
	"onetrip/progress"
	"onetrip/sqlstore"
)

var (
	progressURLAttr = regexp.MustCompile(`data-progress-url="([^"]+)"`)
	receiptCodeText = regexp.MustCompile(`id="receipt-code">([^<]+)<`)
	progressProblem = regexp.MustCompile(`id="progress-problem-text">([^<]*)<`)
)

// receiptProgressURL prints a case's 受理通知书 as the clerk and returns
// where its QR code leads and the query code printed beside the number.
func receiptProgressURL(t *testing.T, e *apptest.Env, caseID string) (string, string) {
	t.Helper()
	st, page := newClient(t, e, "qz.clerk").get("/cases/" + caseID + "/receipt/print")
	m, c := progressURLAttr.FindStringSubmatch(page), receiptCodeText.FindStringSubmatch(page)
	if st != 200 || m == nil || c == nil {
		t.Fatalf("the receipt: %d, QR target %v, code %v", st, m, c)
	}
	return html.UnescapeString(m[1]), c[1]
}

// problemText is the progress page's error message.
func problemText(t *testing.T, page string) string {
	t.Helper()
	m := progressProblem.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no problem on the page: %s", page)
	}
	return m[1]
}

// lookupOutcomes are the logged outcomes of a number's lookups, oldest first.
func lookupOutcomes(t *testing.T, e *apptest.Env, number string) []string {
	t.Helper()
	list, err := e.Store.ProgressLookups(context.Background(), number, 100)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i := len(list) - 1; i >= 0; i-- {
		if list[i].Source == "" {
			t.Fatalf("a lookup without its source: %+v", list[i])
		}
		out = append(out, list[i].Outcome)
	}
	return out
}

// TestProgressLookup is issue 13's "done when": the receipt's QR code opens
// the public progress page of that case without login, showing its status,
// due date and the masked name and nothing personal; a wrong code reads
// as an unknown number, both counted and logged; the sixth wrong code for
// a number is 429 with Retry-After and then the right code waits too,
// until the hour is over; the source's twentieth failure stops it too.
func TestProgressLookup(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		c := residencePermit(t, e)
		if c.Status != "accepted" || c.DueDate == "" {
			t.Fatalf("the permit: %s, due %q", c.Status, c.DueDate)
		}
		target, printed := receiptProgressURL(t, e, c.ID)
		want, err := e.Store.QueryCode(ctx, c.Number)
		if err != nil || printed != want || len(want) != progress.CodeLength {
			t.Fatalf("the printed code %q, the case's %q (%v)", printed, want, err)
		}
		u, err := url.Parse(target)
		if err != nil || target != e.URL+"/progress?number="+c.Number+"&code="+want {
			t.Fatalf("the QR code leads to %q", target)
		}
		path := u.RequestURI()

		// Opened with no session: the case's public view.
		anon := newClient(t, e, "")
		st, page := anon.get(path)
		if st != 200 {
			t.Fatalf("the QR target without login: %d %s", st, page)
		}
		for _, s := range []string{c.Number, "已受理", `data-date="` + c.DueDate + `"`, "王**", "居住证", `id="progress-steps"`} {
			if !strings.Contains(page, s) {
				t.Errorf("the progress page lacks %q", s)
			}
		}
		for _, leak := range []string{demo.QZApplicant.Name, demo.QZApplicant.IDNumber, idcode.MaskCitizenID(demo.QZApplicant.IDNumber), "/cases/" + c.ID} {
			if strings.Contains(page, leak) {
				t.Errorf("the public page shows %q", leak)
			}
		}
		if strings.Contains(page, `action="/logout"`) || !strings.Contains(page, `href="/login"`) {
			t.Error("the page is not the anonymous one")
		}
		anon.lang = "en"
		if st, page := anon.get(path); st != 200 || !strings.Contains(page, "Case progress") || !strings.Contains(page, "accepted") {
			t.Fatalf("in English: %d", st)
		}
		anon.lang = ""

		// The API gives the same view, conforming to the document (e.Do checks).
		r := e.Do("GET", "/api/v1/progress?number="+c.Number+"&code="+strings.ToLower(want), "", nil)
		var v progress.View
		r.JSON(t, &v)
		if r.Status != 200 || v.Number != c.Number || v.Status != "accepted" || v.StatusText != "已受理" || v.DueDate != c.DueDate || v.Applicant != "王**" ||
			len(v.Steps) != 1 || !strings.Contains(v.Steps[0].Department, "公安") || v.Steps[0].Status != "ready" {
			t.Fatalf("the API: %d %s", r.Status, r.Body)
		}
		if body := string(r.Body); strings.Contains(body, demo.QZApplicant.Name) || strings.Contains(body, demo.QZApplicant.IDNumber) || strings.Contains(body, c.ID) {
			t.Fatalf("the API shows personal data: %s", body)
		}
		if r := e.Do("GET", "/api/v1/progress?number="+c.Number+"&code="+want, "", nil, "Accept-Language", "en"); !strings.Contains(string(r.Body), `"status_text":"accepted"`) {
			t.Fatalf("the API in English: %s", r.Body)
		}

		// The applicant of record sees the code on the case page; the clerk
		// (who prints it) does not get the line.
		if _, page := newClient(t, e, "qz.applicant").get("/cases/" + c.ID); !strings.Contains(page, `id="case-query-code"`) || !strings.Contains(page, want) ||
			!strings.Contains(page, html.EscapeString(path)) {
			t.Error("the applicant's case page lacks the query code and its link")
		}
		if _, page := newClient(t, e, "qz.clerk").get("/cases/" + c.ID); strings.Contains(page, `id="case-query-code"`) {
			t.Error("the clerk's case page shows the applicant's line")
		}

		// Malformed input: 400 naming each field; neither counted nor logged.
		if st, page := anon.get("/progress?number=330802-2026&code=O1"); st != 400 || !strings.Contains(page, "查询码为 6 位") {
			t.Fatalf("malformed: %d %s", st, page)
		}
		if r := e.Do("GET", "/api/v1/progress?number=", "", nil); r.Status != 400 || r.ErrorCode() != "invalid" || !strings.Contains(string(r.Body), `"path":"code"`) {
			t.Fatalf("the API without a code: %d %s", r.Status, r.Body)
		}
		if st, page := anon.get("/progress"); st != 200 || !strings.Contains(page, `id="progress-form"`) || strings.Contains(page, `id="progress-problem"`) {
			t.Fatalf("the empty form: %d", st)
		}

		// A wrong code and an unknown number: the same message, 404, logged.
		wrong := wrongCode(want)
		unknown := "330802-20261127-999999"
		st1, p1 := anon.get("/progress?number=" + c.Number + "&code=" + wrong)
		st2, p2 := anon.get("/progress?number=" + unknown + "&code=" + want)
		if st1 != 404 || st2 != 404 || problemText(t, p1) != problemText(t, p2) || strings.Contains(p1, "王**") {
			t.Fatalf("wrong code %d / unknown number %d: %q / %q", st1, st2, problemText(t, p1), problemText(t, p2))
		}
		r1 := e.Do("GET", "/api/v1/progress?number="+c.Number+"&code="+wrong, "", nil)
		r2 := e.Do("GET", "/api/v1/progress?number="+unknown+"&code="+want, "", nil)
		if r1.Status != 404 || r2.Status != 404 || string(r1.Body) != string(r2.Body) || !strings.Contains(string(r1.Body), `"progress.not_found"`) {
			t.Fatalf("the API: %d %s / %d %s", r1.Status, r1.Body, r2.Status, r2.Body)
		}
		if got := strings.Join(lookupOutcomes(t, e, c.Number), ","); got != "shown,shown,shown,shown,wrong_code,wrong_code" {
			t.Fatalf("the log of %s: %s", c.Number, got)
		}
		if got := strings.Join(lookupOutcomes(t, e, unknown), ","); got != "unknown_number,unknown_number" {
			t.Fatalf("the log of the unknown number: %s", got)
		}

		// Three more wrong codes: five in all, each still a plain 404.
		for i := range 3 {
			if st, _ := anon.get("/progress?number=" + c.Number + "&code=" + wrong); st != 404 {
				t.Fatalf("wrong code %d: %d", i+3, st)
			}
		}
		// The sixth: 429 with Retry-After, and then the right code waits too.
		for _, code := range []string{wrong, want} {
			st, hdr, body := anon.do("GET", "/progress?number="+c.Number+"&code="+code, nil)
			secs, _ := strconv.Atoi(hdr.Get("Retry-After"))
			if st != 429 || secs < 3000 || secs > 3600 || !strings.Contains(problemText(t, string(body)), "分钟后再试") || strings.Contains(string(body), "王**") {
				t.Fatalf("over the limit with %s: %d, Retry-After %q, %s", code, st, hdr.Get("Retry-After"), problemText(t, string(body)))
			}
		}
		if r := e.Do("GET", "/api/v1/progress?number="+c.Number+"&code="+want, "", nil); r.Status != 429 || r.Header.Get("Retry-After") == "" || r.ErrorCode() != "too_many_requests" {
			t.Fatalf("the API over the limit: %d %q %s", r.Status, r.Header.Get("Retry-After"), r.Body)
		}
		log := lookupOutcomes(t, e, c.Number)
		if n := len(log); n != 12 || log[8] != "wrong_code" || log[9] != "limited" || log[10] != "limited" || log[11] != "limited" {
			t.Fatalf("the log: %v", log)
		}

		// The source: 7 failures so far (5 wrong, 2 unknown); 13 more
		// unknown numbers make 20, and then any lookup from it waits.
		for i := range 13 {
			n := "330802-20261127-" + strconv.Itoa(900001+i)
			if st, _ := anon.get("/progress?number=" + n + "&code=" + want); st != 404 {
				t.Fatalf("source failure %d: %d", 8+i, st)
			}
		}
		st, hdr, body := anon.do("GET", "/progress?number=330802-20261127-900099&code="+want, nil)
		if st != 429 || hdr.Get("Retry-After") == "" || !strings.Contains(problemText(t, string(body)), "您所在网络") {
			t.Fatalf("the source's 21st: %d %q %s", st, hdr.Get("Retry-After"), body)
		}

		// An hour after the first failure the windows are closed: the
		// right code shows the case again.
		at(e, time.Now().Add(61*time.Minute))
		if st, page := anon.get(path); st != 200 || !strings.Contains(page, "王**") {
			t.Fatalf("after the hour: %d %s", st, page)
		}
	})
}

// wrongCode is a well-formed code that is not code.
func wrongCode(code string) string {
	i := strings.IndexByte(progress.Alphabet, code[0])
	return string(progress.Alphabet[(i+1)%len(progress.Alphabet)]) + code[1:]
}

// TestProgressGuessesCountedTogether: ten wrong codes for one number at
// once are counted one after another — exactly five are answered 404 and
// the other five wait — on both engines.
func TestProgressGuessesCountedTogether(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		c := residencePermit(t, e)
		code, err := e.Store.QueryCode(context.Background(), c.Number)
		if err != nil {
			t.Fatal(err)
		}
		target := e.URL + "/api/v1/progress?number=" + c.Number + "&code=" + wrongCode(code)
		statuses := make([]int, 10)
		var wg sync.WaitGroup
		for i := range statuses {
			wg.Go(func() {
				resp, err := http.Get(target)
				if err != nil {
					t.Error(err)
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				statuses[i] = resp.StatusCode
			})
		}
		wg.Wait()
		count := map[int]int{}
		for _, s := range statuses {
			count[s]++
		}
		if count[404] != 5 || count[429] != 5 {
			t.Fatalf("statuses %v", statuses)
		}
		logged := map[string]int{}
		for _, o := range lookupOutcomes(t, e, c.Number) {
			logged[o]++
		}
		if logged[sqlstore.LookupWrong] != 5 || logged[sqlstore.LookupLimited] != 5 {
			t.Fatalf("logged %v", logged)
		}
	})
}
