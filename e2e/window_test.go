package e2e

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"onetrip/app/apptest"
	"onetrip/httpx"
)

// markRadio picks a material's radio on the window's checklist by the
// material's name.
func markRadio(b *apptest.Browser, name, status string) {
	b.Do(chromedp.Click(chromedp.CSS(`#marks tr[data-name="` + name + `"] input[value="` + status + `"]`)))
}

// windowIntake starts an intake of 二手房买卖一件事 for the seller, every
// material received except 不动产登记申请书, and issues the notice; it
// returns the case number.
func windowIntake(t *testing.T, e *apptest.Env, b *apptest.Browser) string {
	t.Helper()
	b.Do(
		chromedp.Navigate(e.URL+"/window?q=二手房"),
		chromedp.WaitVisible(chromedp.CSS(`#win-bundles li[data-code="B-HOUSE-RESALE"] a`)),
	)
	clickAndWait(b, `#win-bundles li[data-code="B-HOUSE-RESALE"] a`, "#intake-form")
	if got := b.Text("#form-title"); !strings.Contains(got, "二手房买卖一件事") {
		t.Fatalf("form title %q", got)
	}
	// The ID number is checked as it is typed: first a wrong check digit…
	bad := seller[:17] + map[bool]string{true: "1", false: "2"}[seller[17] != '1']
	b.Do(chromedp.SendKeys(chromedp.ID("applicant-name"), "赵卫东"), chromedp.SendKeys(chromedp.ID("applicant-id"), bad),
		chromedp.WaitVisible(chromedp.CSS("#applicant-id-check.bad")))
	if msg := b.Text("#applicant-id-check"); !strings.Contains(msg, "第18位校验码") {
		t.Fatalf("as-you-type check of a wrong ID: %q", msg)
	}
	// …then the right one.
	b.Eval(`document.getElementById("applicant-id").value = ""`)
	b.Do(chromedp.SendKeys(chromedp.ID("applicant-id"), seller),
		chromedp.WaitVisible(chromedp.CSS("#applicant-id-check.ok")))
	// The buyer, the other party the guide names.
	b.Do(chromedp.SendKeys(chromedp.ID("party-buyer-name"), "钱买方"), chromedp.SendKeys(chromedp.ID("party-buyer-id"), buyer),
		chromedp.WaitVisible(chromedp.CSS("#party-buyer-id-check.ok")))
	// Everything received except the application form, which is missing.
	b.Do(chromedp.WaitVisible(chromedp.CSS("[data-mark-all]")), chromedp.Click(chromedp.CSS("[data-mark-all]")))
	markRadio(b, "不动产登记申请书", "missing")
	// 受理 is refused before anything is written: the checklist is not complete.
	clickAndWait(b, "#btn-accept", "#form-problems")
	if msg := b.Text("#form-problems"); !strings.Contains(msg, "不能受理") || !strings.Contains(b.Text("#would-notice"), "不动产登记申请书") {
		t.Fatalf("accepting an incomplete case: %q", msg)
	}
	clickAndWait(b, "#btn-notice", "#result")
	if st := b.Attr("#result", "data-status"); st != "needs_correction" {
		t.Fatalf("first visit: status %q", st)
	}
	items := b.Text("#result-notice")
	if !strings.Contains(items, "不动产登记申请书") || b.Eval(`String(document.querySelectorAll("#result-notice tbody tr").length)`) != "1" {
		t.Fatalf("the notice must name exactly the application form: %q", items)
	}
	return b.Text("#case-number")
}

// openInQueue opens a case's window review form from the queue.
func openInQueue(b *apptest.Browser, e *apptest.Env, number string) {
	b.Do(chromedp.Navigate(e.URL+"/window/queue"), chromedp.WaitVisible(chromedp.CSS(`#queue tr[data-number="`+number+`"] a.button`)))
	clickAndWait(b, `#queue tr[data-number="`+number+`"] a.button`, "#review-form")
}

// openCase opens the case page from the result page.
func openCase(b *apptest.Browser) {
	clickAndWait(b, "#case-link", "#case")
}

// TestWindowOneNoticeAndVisitsBrowser is issue 4's browser test: the
// demo clerk accepts 二手房买卖一件事 with the 不动产登记申请书 missing → the
// notice lists it; the applicant comes back once with it → accepted with a
// number and due date, 2 trips, 1 counted, no breach. A second case whose
// resubmission gets a notice naming a new material shows the second-notice
// breach, and after acceptance counted trips over max_visits.
func TestWindowOneNoticeAndVisitsBrowser(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		b := apptest.NewBrowser(t)
		e.Login(b, "qz.clerk")

		number := windowIntake(t, e, b)
		if !strings.HasPrefix(number, "330802-") {
			t.Fatalf("case number %q", number)
		}
		// The printable notice lists the material with the guide's wording.
		href := b.Attr("#print-notice", "href")
		b.Do(chromedp.Navigate(e.URL+href), chromedp.WaitVisible(chromedp.ID("notice-items")))
		if title, items := b.Text(".doc-title"), b.Text("#notice-items"); title != "一次性告知书" || !strings.Contains(items, "不动产登记申请书") || !strings.Contains(items, "缺少") {
			t.Fatalf("printed notice: %q %q", title, items)
		}
		if n := b.Eval(`String(document.querySelectorAll(".main-nav").length)`); n != "0" {
			t.Fatal("the print view must have no navigation")
		}

		// The applicant comes back once, with the form: accepted.
		openInQueue(b, e, number)
		if b.Eval(`String(document.getElementById("in-person").checked)`) != "true" {
			t.Fatal("a correction brought back is a trip: in person must be preselected")
		}
		if b.Eval(`String(document.querySelector('#marks tr[data-name="存量房买卖合同"] input[value="received"]').checked)`) != "true" {
			t.Fatal("what was received must stay preselected")
		}
		markRadio(b, "不动产登记申请书", "received")
		clickAndWait(b, "#btn-accept", "#result")
		if st := b.Attr("#result", "data-status"); st != "accepted" {
			t.Fatalf("second visit: %q (%s)", st, b.Text("#result"))
		}
		if got := b.Text("#case-number"); got != number {
			t.Fatalf("number changed: %q", got)
		}
		due := b.Text("#due-date")
		if len(due) != 10 || !strings.HasPrefix(due, "20") {
			t.Fatalf("due date %q", due)
		}
		receipt := b.Attr("#print-receipt", "href")
		openCase(b)
		visits := b.Attr("#visits", "data-total") + "/" + b.Attr("#visits", "data-counted") + "/" + b.Attr("#visits", "data-breach")
		if visits != "2/1/false" || b.Attr("#second-notice", "data-breach") != "false" {
			t.Fatalf("visits total/counted/breach = %s, second notice %s", visits, b.Attr("#second-notice", "data-breach"))
		}
		if n := b.Eval(`String(document.querySelectorAll('#trips tbody tr').length)`); n != "2" {
			t.Fatalf("%s trips listed", n)
		}
		if n := b.Eval(`String(document.querySelectorAll('#trips tbody tr[data-counted="true"]').length)`); n != "1" {
			t.Fatalf("%s counted trips listed", n)
		}
		if why := b.Text("#trips tbody tr:first-child"); !strings.Contains(why, "首次一次性告知") {
			t.Fatalf("the first trip must say why it does not count: %q", why)
		}
		if b.Attr("#chain", "data-intact") != "true" || b.Eval(`String(document.querySelectorAll("#tasks tbody tr").length)`) != "3" {
			t.Fatal("the case page must show the intact event chain and the three tasks")
		}
		b.Do(chromedp.Navigate(e.URL+receipt), chromedp.WaitVisible(chromedp.ID("receipt")))
		// Official documents write dates 2026年12月3日.
		dd := mustDate(due)
		officialDue := fmt.Sprintf("%d年%d月%d日", dd.Year(), dd.Month(), dd.Day())
		if got := b.Text("#receipt-number"); got != number || b.Text("#receipt-due") != officialDue || b.Text(".doc-title") != "受理通知书" {
			t.Fatalf("acceptance notice: %q %q", got, b.Text("#receipt-due"))
		}

		// A second case: the resubmission gets a notice naming a NEW material.
		number2 := windowIntake(t, e, b)
		openInQueue(b, e, number2)
		markRadio(b, "不动产登记申请书", "received")
		markRadio(b, "存量房买卖合同", "defective")
		b.Do(chromedp.SendKeys(chromedp.CSS(`#marks tr[data-name="存量房买卖合同"] input[name^="r."]`), "合同缺少买受人签字"))
		clickAndWait(b, "#btn-notice", "#result")
		if st := b.Attr("#result", "data-status"); st != "needs_correction" || !strings.Contains(b.Text("#result-notice"), "首次告知未列出") {
			t.Fatalf("second notice: %q %q", st, b.Text("#result-notice"))
		}
		openCase(b)
		if b.Attr("#second-notice", "data-breach") != "true" || !strings.Contains(b.Text("#second-notice-breach"), "二次告知") {
			t.Fatal("the case must show the second-notice breach")
		}
		if got := b.Text("#notice-2"); !strings.Contains(got, "合同缺少买受人签字") {
			t.Fatalf("the second notice must give the reason: %q", got)
		}
		// Third trip: accepted; counted trips now exceed the promise.
		openInQueue(b, e, number2)
		markRadio(b, "存量房买卖合同", "received")
		clickAndWait(b, "#btn-accept", "#result")
		if st := b.Attr("#result", "data-status"); st != "accepted" {
			t.Fatalf("third visit: %q", st)
		}
		openCase(b)
		visits = b.Attr("#visits", "data-total") + "/" + b.Attr("#visits", "data-counted") + "/" + b.Attr("#visits", "data-max") + "/" + b.Attr("#visits", "data-breach")
		if visits != "3/2/1/true" || !strings.Contains(b.Text("#visit-breach"), "超过承诺") {
			t.Fatalf("visits total/counted/max/breach = %s", visits)
		}
	})
}

// postMultipart posts a multipart form as the client's user: fields and
// files (field name → bytes; the file name is deliberately misleading).
func (cl *client) postMultipart(path string, fields url.Values, files map[string][]byte) (int, http.Header, string) {
	cl.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	for k, data := range files {
		fw, err := mw.CreateFormFile(k, "scan.exe")
		if err != nil {
			cl.t.Fatal(err)
		}
		fw.Write(data)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", cl.e.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.AddCookie(&http.Cookie{Name: httpx.SessionCookie, Value: cl.sess})
	resp, err := cl.c.Do(req)
	if err != nil {
		cl.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

// TestWindowRefusalAndScopeHTTP: the ID check answers in idcode's words; a
// refusal without its legal basis is refused and writes nothing; with it,
// the printable 不予受理通知书 states both; other regions' clerks and other
// applicants do not see the case; supervisors see the ID masked.
func TestWindowRefusalAndScopeHTTP(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		clerk := newClient(t, e, "qz.clerk")
		st, body := clerk.get("/window/check-id?type=person&number=110105194912310021")
		if st != 200 || !strings.Contains(body, `"ok":false`) || !strings.Contains(body, "校验码") {
			t.Fatalf("check-id bad: %d %s", st, body)
		}
		if _, body = clerk.get("/window/check-id?type=org&number=91310110666007217T"); !strings.Contains(body, `"ok":true`) {
			t.Fatalf("check-id USCC: %s", body)
		}
		if st, _ := newClient(t, e, "").get("/window/check-id?number=1"); st != http.StatusUnauthorized {
			t.Fatalf("anonymous check-id: %d", st)
		}
		form := url.Values{"csrf": {clerk.CSRF}, "bundle": {"B-HOUSE-RESALE"}, "applicant_type": {"person"}, "applicant_name": {"赵卫东"},
			"applicant_id": {seller}, "party.buyer.name": {"钱买方"}, "party.buyer.id": {buyer}, "action": {"refuse"}, "refuse_reason": {"该房屋已被司法查封，不能办理转移登记"}}
		st, _, page := clerk.do("POST", "/window/new", form)
		if st != http.StatusBadRequest || !strings.Contains(string(page), "须写明法律依据") || !strings.Contains(string(page), "已被司法查封") {
			t.Fatalf("refusal without basis: %d", st)
		}
		var list []caseJSON
		e.Do("GET", "/api/v1/cases?region=330802", "qz.clerk", nil).JSON(t, &list)
		if len(list) != 0 {
			t.Fatalf("a refused form wrote %d cases", len(list))
		}
		form.Set("refuse_basis", "《不动产登记暂行条例》第二十二条")
		form.Set("idem", "refuse-1")
		st, h, _ := clerk.do("POST", "/window/new", form)
		if st != http.StatusSeeOther || !strings.HasPrefix(h.Get("Location"), "/window/result/") {
			t.Fatalf("refusal: %d %s", st, h.Get("Location"))
		}
		// The same form again (a double click) gives the same case.
		if st, h2, _ := clerk.do("POST", "/window/new", form); st != http.StatusSeeOther || h2.Get("Location") != h.Get("Location") {
			t.Fatalf("double submit: %d %s", st, h2.Get("Location"))
		}
		id := strings.TrimPrefix(h.Get("Location"), "/window/result/")
		st, body = clerk.get(h.Get("Location"))
		if st != 200 || !strings.Contains(body, `data-status="refused"`) || !strings.Contains(body, "打印不予受理通知书") {
			t.Fatalf("result: %d", st)
		}
		c, err := e.Store.CaseByID(context.Background(), id)
		if err != nil || c.Notice == nil {
			t.Fatal(err)
		}
		st, body = clerk.get("/notices/" + c.Notice.ID + "/print")
		if st != 200 || !strings.Contains(body, "不予受理通知书") || !strings.Contains(body, "第二十二条") || !strings.Contains(body, "已被司法查封") {
			t.Fatalf("refusal print: %d", st)
		}
		for _, u := range []string{"hz.clerk", "qz.applicant"} {
			if st, _ := newClient(t, e, u).get("/cases/" + id); st != http.StatusNotFound {
				t.Fatalf("%s sees the case: %d", u, st)
			}
			if st, _ := newClient(t, e, u).get("/notices/" + c.Notice.ID + "/print"); st != http.StatusNotFound {
				t.Fatalf("%s sees the notice: %d", u, st)
			}
		}
		st, body = newClient(t, e, "qz.supervisor").get("/cases/" + id)
		if st != 200 || strings.Contains(body, seller) || !strings.Contains(body, seller[:6]) {
			t.Fatalf("supervisor: %d, the citizen ID must be masked", st)
		}
		if st, body = clerk.get("/cases/" + id); st != 200 || !strings.Contains(body, seller) {
			t.Fatalf("clerk: %d, the clerk sees the full ID", st)
		}
		for _, p := range []string{"/window", "/window/queue", "/window/pickups", "/window/deferred", "/window/new?item=330-RSSB-002"} {
			if st, _ := clerk.get(p); st != 200 {
				t.Fatalf("%s: %d", p, st)
			}
		}
		if st, _ := newClient(t, e, "qz.reviewer").get("/window"); st != http.StatusForbidden {
			t.Fatalf("a reviewer at the window: %d", st)
		}
	})
}

// TestOnlineApplicationHTTP: the guide links to the online form; 预检 says
// what is missing before anything is submitted; files are typed by content
// (a text file named like a scan is refused); the submitted application
// waits in the window's queue and in 我的办件.
func TestOnlineApplicationHTTP(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		if _, guide := newClient(t, e, "").get("/guides/330-RSSB-002?region=330802"); !strings.Contains(guide, `href="/apply/330-RSSB-002?region=330802"`) {
			t.Fatal("the guide of an online item must link to the online form")
		}
		app := newClient(t, e, "qz.applicant")
		st, page := app.get("/apply/330-RSSB-002?region=330802")
		if st != 200 || !strings.Contains(page, `name="f.330-RSSB-002.M01"`) || !strings.Contains(page, "王建国") {
			t.Fatalf("form: %d", st)
		}
		if st, page := app.get("/apply/bundle/B-HOUSE-RESALE"); st != 200 || !strings.Contains(page, `name="f.330-ZRZY-002.M01"`) ||
			strings.Contains(page, `name="f.330-ZRZY-002.M05"`) {
			t.Fatalf("bundle form: %d (a prior-step material has no upload)", st)
		}
		if st, _ := newClient(t, e, "qz.clerk").get("/apply/330-RSSB-002"); st != http.StatusForbidden {
			t.Fatalf("a clerk applying online: %d", st)
		}
		var me struct {
			IDNumber string `json:"id_number"`
		}
		e.Do("GET", "/api/v1/me", "qz.applicant", nil).JSON(t, &me)
		fields := url.Values{"csrf": {app.CSRF}, "region": {"330802"}, "applicant_type": {"person"}, "applicant_name": {"王建国"},
			"applicant_id": {me.IDNumber}, "action": {"precheck"}, "idem": {"apply-1"}}
		pdf := []byte("%PDF-1.4\n% 职工参保登记信息表\n%%EOF\n")
		st, _, page = app.postMultipart("/apply/330-RSSB-002", fields, map[string][]byte{"f.330-RSSB-002.M01": []byte("just text, not a scan")})
		if st != http.StatusBadRequest || !strings.Contains(page, "按文件内容判断") {
			t.Fatalf("a text file named scan.exe: %d", st)
		}
		st, _, page = app.postMultipart("/apply/330-RSSB-002", fields, map[string][]byte{"f.330-RSSB-002.M01": pdf})
		// 职工身份信息 comes from the population register (shared data):
		// with the form uploaded the precheck finds nothing missing.
		if st != 200 || !strings.Contains(page, `data-complete="true"`) || !strings.Contains(page, "职工身份信息") {
			t.Fatalf("precheck: %d", st)
		}
		blobID := regexp.MustCompile(`name="file.330-RSSB-002.M01" value="([0-9a-f]{64})"`).FindStringSubmatch(page)
		if blobID == nil {
			t.Fatal("the uploaded file must be kept on the form")
		}
		if n := len(listCases(t, e, "qz.clerk")); n != 0 {
			t.Fatalf("precheck wrote %d cases", n)
		}
		fields.Set("file.330-RSSB-002.M01", blobID[1])
		fields.Set("action", "submit")
		st, h, _ := app.postMultipart("/apply/330-RSSB-002", fields, map[string][]byte{"f.330-RSSB-002.M02": pdf})
		if st != http.StatusSeeOther || !strings.Contains(h.Get("Location"), "done=submitted") {
			t.Fatalf("submit: %d %s", st, h.Get("Location"))
		}
		cases := listCases(t, e, "qz.clerk")
		if len(cases) != 1 || cases[0].Status != "submitted" || cases[0].Channel != "online" {
			t.Fatalf("the window's queue: %+v", cases)
		}
		if _, q := newClient(t, e, "qz.clerk").get("/window/queue"); !strings.Contains(q, cases[0].Number) {
			t.Fatal("the online application must wait in the window's queue")
		}
		if _, my := app.get("/my/cases"); !strings.Contains(my, cases[0].Number) || !strings.Contains(my, "待预审") {
			t.Fatal("我的办件 must list the application")
		}
		if st, page := app.get(h.Get("Location")); st != 200 || !strings.Contains(page, "申请已提交") {
			t.Fatalf("case page after submit: %d", st)
		}
		// The window finds the form unsigned: ONE notice; the applicant answers it online.
		var c caseJSON
		e.Do("POST", "/api/v1/cases/"+cases[0].ID+"/review", "qz.clerk", map[string]any{"materials": []mark{
			{Spec: "330-RSSB-002.M01", Status: "defective", Reason: "未加盖单位公章"}}}).JSON(t, &c)
		if c.Status != "needs_correction" {
			t.Fatalf("pre-review: %s", c.Status)
		}
		_, page = app.get("/cases/" + c.ID)
		if !strings.Contains(page, `id="resubmit-form"`) || !strings.Contains(page, "未加盖单位公章") {
			t.Fatal("the applicant must see the notice and a form to answer it")
		}
		signed := []byte("%PDF-1.4\n% 已盖章\n%%EOF\n")
		st, h, _ = app.postMultipart("/cases/"+c.ID+"/resubmit", url.Values{"csrf": {app.CSRF}, "version": {strconv.Itoa(c.Version)}},
			map[string][]byte{"f.330-RSSB-002.M01": signed})
		if st != http.StatusSeeOther || !strings.Contains(h.Get("Location"), "done=resubmitted") {
			t.Fatalf("resubmit: %d", st)
		}
		if cs := listCases(t, e, "qz.clerk"); cs[0].Status != "submitted" {
			t.Fatalf("after resubmission: %s", cs[0].Status)
		}
	})
}

func listCases(t *testing.T, e *apptest.Env, user string) []caseJSON {
	t.Helper()
	var list []caseJSON
	e.Do("GET", "/api/v1/cases?region=330802", user, nil).JSON(t, &list)
	return list
}
