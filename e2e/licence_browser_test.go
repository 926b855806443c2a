package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"onetrip/app/apptest"
	"onetrip/demo"
	"onetrip/licence"
	"onetrip/sqlstore"
)

// TestLicenceLibraryBrowser is the licence issue's browser test. (a) The
// demo applicant 王建国 applies online for 食品经营许可证核发 as the company
// he represents: the form shows the business licence 免提交 with its
// identifier and no upload, the precheck finds nothing missing, and the
// submitted case has it fetched, linked to its verification. (b) A food
// licence issued through a real case: its page prints like the
// certificate with the seal and a QR code, and the QR code's page says
// 真实 and 有效.
func TestLicenceLibraryBrowser(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		biz := myLicence(t, e, "qz.applicant", "L-BIZ")
		b := apptest.NewBrowser(t)
		e.Login(b, "qz.applicant")

		// (a) As himself the business licence is not his: it needs an upload.
		row := func(name string) string { return `#apply-materials tr[data-name="` + name + `"]` }
		b.Do(chromedp.Navigate(e.URL+"/apply/330-SCJG-005?region=330802"), chromedp.WaitVisible(chromedp.ID("apply-form")))
		if n := b.Eval(`String(document.querySelectorAll('` + row("营业执照") + ` input[type=file]').length)`); n != "1" {
			t.Fatalf("applying as a person, the business licence needs an upload (%s file inputs)", n)
		}
		// As the company he represents: 免提交 with the identifier, no upload.
		clickAndWait(b, `#apply-as a[data-as="`+demo.QZCompany.IDNumber+`"]`, row("营业执照")+" .held")
		if got := b.Attr("#applicant-id", "value"); got != demo.QZCompany.IDNumber || b.Eval(`document.getElementById("applicant-type").value`) != "org" {
			t.Fatalf("the form must be filled for the company: %q", got)
		}
		if held := b.Text(row("营业执照") + " .held"); held != "免提交（证照库："+biz.Identifier+"）" {
			t.Fatalf("business licence row: %q", held)
		}
		if n := b.Eval(`String(document.querySelectorAll('` + row("营业执照") + ` input').length)`); n != "0" {
			t.Fatalf("a material from the licence library must need no upload (%s inputs)", n)
		}
		dir := t.TempDir()
		for i, name := range []string{"食品经营许可申请书", "法定代表人（负责人）身份信息", "经营场所平面布局图和主要设备设施清单", "食品安全规章制度目录清单"} {
			path := filepath.Join(dir, "m"+string(rune('1'+i))+".pdf")
			if err := os.WriteFile(path, []byte("%PDF-1.4\n% "+name+"\n%%EOF\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			b.Do(chromedp.SetUploadFiles(chromedp.CSS(row(name)+` input[type=file]`), []string{path}))
		}
		clickAndWait(b, "#btn-precheck", "#precheck-result")
		if c := b.Attr("#precheck-result", "data-complete"); c != "true" {
			t.Fatalf("precheck: %s", b.Text("#precheck-result"))
		}
		if st := b.Text(row("营业执照") + " td:last-child"); !strings.Contains(st, "已调取") {
			t.Fatalf("precheck state of the business licence: %q", st)
		}
		if held := b.Text(row("营业执照") + " .held"); !strings.Contains(held, biz.Identifier) {
			t.Fatalf("after the precheck the business licence is still 免提交: %q", held)
		}
		clickAndWait(b, "#btn-submit", "#case")
		mat := `#case-materials tr[data-name="营业执照"]`
		if st := b.Attr(mat, "data-state"); st != "fetched" {
			t.Fatalf("the case's business licence: state %q", st)
		}
		verify := b.Attr(mat+" a.lic-ref", "href")
		if verify != "/verify/"+biz.Identifier {
			t.Fatalf("the fetched material must link to its verification: %q", verify)
		}
		number := b.Text("#case-number")
		b.Do(chromedp.Navigate(e.URL+verify), chromedp.WaitVisible(chromedp.ID("verdict")))
		if g, s := b.Text("#verdict-genuine"), b.Text("#verdict-status"); g != "真实" || s != "有效" {
			t.Fatalf("business licence verdict: %q %q", g, s)
		}
		// 我的证照 shows where the business licence was used.
		b.Do(chromedp.Navigate(e.URL+"/my/licences"), chromedp.WaitVisible(chromedp.ID("my-licences")))
		card := `#my-licences .lic-card[data-identifier="` + biz.Identifier + `"]`
		if uses := b.Text(card + " table.uses"); !strings.Contains(uses, number) || !strings.Contains(uses, "qz.applicant") {
			t.Fatalf("my licences must list the use in %s: %q", number, uses)
		}

		// (b) The food licence issued through a case: page, print, QR, verdict.
		_, food := foodLicenceCase(t, e)
		b.Do(chromedp.Navigate(e.URL+"/licences/"+food.ID), chromedp.WaitVisible(chromedp.ID("licence-cert")))
		if title := b.Text("#cert-title"); title != "食品经营许可证" {
			t.Fatalf("certificate title %q", title)
		}
		if b.Text("#cert-identifier") != food.Identifier || b.Text("#cert-issuer") != food.Issuer.Name || b.Text("#cert-holder") != demo.QZCompany.Name {
			t.Fatalf("certificate: %q", b.Text("#licence-cert"))
		}
		if n := b.Eval(`String(document.querySelectorAll("#cert-seal svg text").length > 3 && document.querySelectorAll("#licence-qr svg rect").length > 20)`); n != "true" {
			t.Fatal("the certificate must carry the seal image and the QR code")
		}
		if fields := b.Text("#cert-fields"); !strings.Contains(fields, "JY13308020012345") || !strings.Contains(fields, "预包装食品销售") {
			t.Fatalf("certificate fields: %q", fields)
		}
		target := b.Attr("#licence-qr", "data-verify-url")
		if target != e.URL+"/verify/"+food.Identifier || b.Attr("#verify-link", "href") != "/verify/"+food.Identifier {
			t.Fatalf("QR target %q", target)
		}
		b.Do(chromedp.Navigate(e.URL+"/licences/"+food.ID+"/print"), chromedp.WaitVisible(chromedp.ID("licence-cert")))
		if n := b.Eval(`String(document.querySelectorAll(".main-nav").length + "/" + document.querySelectorAll("#licence-qr svg").length + "/" + document.querySelectorAll("#cert-seal svg").length)`); n != "0/1/1" {
			t.Fatalf("print view (nav/qr/seal) = %s", n)
		}
		if got := b.Attr("#licence-qr", "data-verify-url"); got != target {
			t.Fatalf("the print view's QR target %q", got)
		}
		b.Do(chromedp.Navigate(target), chromedp.WaitVisible(chromedp.ID("verdict")))
		if g, s := b.Text("#verdict-genuine"), b.Text("#verdict-status"); g != "真实" || s != "有效" {
			t.Fatalf("food licence verdict: %q %q (%s)", g, s, b.Text("#verdict"))
		}
		if b.Text("#verdict-identifier") != food.Identifier || b.Text("#verdict-type") != "食品经营许可证" || b.Text("#verdict-until") != food.ValidUntil ||
			!strings.Contains(b.Text("#verdict-issuer"), food.Issuer.Name) {
			t.Fatalf("verdict facts: %q", b.Text("#verdict-facts"))
		}
	})
}

// anonClient is a cookie-keeping anonymous client: the verification form's
// double-submit CSRF cookie.
type anonClient struct {
	t *testing.T
	e *apptest.Env
	c *http.Client
}

func newAnon(t *testing.T, e *apptest.Env) *anonClient {
	jar, _ := cookiejar.New(nil)
	return &anonClient{t: t, e: e, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (a *anonClient) get(path string) (int, string) {
	a.t.Helper()
	resp, err := a.c.Get(a.e.URL + path)
	if err != nil {
		a.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// postFile posts the verification form with a file (nil: none) and the
// pasted text.
func (a *anonClient) postFile(csrf string, file []byte, text string) (int, string) {
	a.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("csrf", csrf)
	mw.WriteField("identifier", text)
	if file != nil {
		fw, _ := mw.CreateFormFile("file", "licence.json")
		fw.Write(file)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", a.e.URL+"/verify", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := a.c.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// TestLicencePagesHTTP: verification pages for unknown, malformed, expired
// and revoked identifiers and for uploaded files; who may open a licence
// page and who sees the holder in full; revocation needs CSRF and the
// issuing department; lists, Excel, seals and the window's 免提交 lookup.
func TestLicencePagesHTTP(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		biz := myLicence(t, e, "qz.applicant", "L-BIZ")
		card := myLicence(t, e, "qz.applicant", "L-IDCARD")
		anon := newAnon(t, e)

		// Verification by identifier: valid, unknown (404), malformed (400).
		st, page := anon.get("/verify/" + strings.ToLower(biz.Identifier))
		if st != 200 || !strings.Contains(page, `id="verdict-genuine">真实`) || !strings.Contains(page, `id="verdict-status">有效`) {
			t.Fatalf("verify: %d", st)
		}
		unknown, _ := licence.Identifier(sqlstore.LicenceTypeCode("market", 3), biz.Issuer.Code, "209901010001", "001")
		if st, page := anon.get("/verify/" + unknown); st != 404 || !strings.Contains(page, "未找到该证照") || !strings.Contains(page, unknown) {
			t.Fatalf("unknown identifier: %d", st)
		}
		for _, bad := range []string{"1.2.3", biz.Identifier[:len(biz.Identifier)-1] + "Z", "x", strings.Repeat("9", 300), "%E4%BD%A0%E5%A5%BD"} {
			if st, page := anon.get("/verify/" + bad); st != 400 || !strings.Contains(page, "证照标识") {
				t.Errorf("malformed identifier %q: %d", bad, st)
			}
		}
		if st, _ := anon.get("/verify?identifier=" + url.QueryEscape(biz.Identifier)); st != http.StatusSeeOther {
			t.Errorf("identifier form: %d", st)
		}
		// A person's licence: the holder is masked on the public page.
		if _, page := anon.get("/verify/" + card.Identifier); strings.Contains(page, demo.QZApplicant.IDNumber) || strings.Contains(page, "王建国") ||
			!strings.Contains(page, "王**") || !strings.Contains(page, demo.QZApplicant.IDNumber[:3]) {
			t.Error("the verification page must mask a person")
		}
		// Expired and revoked demo licences.
		shopFood, _ := e.Store.Licences(ctx, sqlstore.LicenceQuery{Holder: demo.QZShop.IDNumber, Type: "L-FOOD"})
		driver, _ := e.Store.Licences(ctx, sqlstore.LicenceQuery{Holder: demo.QZResident.IDNumber, Type: "L-DRIVER"})
		if len(shopFood) != 1 || len(driver) != 1 {
			t.Fatalf("demo licences: %d %d", len(shopFood), len(driver))
		}
		if _, page := anon.get("/verify/" + shopFood[0].Identifier); !strings.Contains(page, `id="verdict-status">已过期`) || !strings.Contains(page, `id="verdict-genuine">真实`) {
			t.Error("expired licence page")
		}
		if _, page := anon.get("/verify/" + driver[0].Identifier); !strings.Contains(page, `id="verdict-status">已撤销`) || !strings.Contains(page, "驾驶人申请注销驾驶证") {
			t.Error("revoked licence page")
		}

		// Verification of an uploaded licence file.
		st, page = anon.get("/verify")
		m := csrfField.FindStringSubmatch(page)
		if st != 200 || m == nil {
			t.Fatalf("verify form: %d", st)
		}
		good := exportOf(t, e, "qz.applicant", card.ID)
		raw, _ := json.Marshal(good)
		if st, page := anon.postFile(m[1], raw, ""); st != 200 || !strings.Contains(page, `id="verdict-genuine">真实`) || strings.Contains(page, demo.QZApplicant.IDNumber) {
			t.Fatalf("genuine file: %d", st)
		}
		if st, page := anon.postFile(m[1], nil, string(raw)); st != 200 || !strings.Contains(page, `id="verdict-genuine">真实`) {
			t.Fatalf("pasted file: %d", st)
		}
		forged := clone(t, good)
		forged.Document.Fields["住址"] = "浙江省杭州市西湖区"
		fraw, _ := json.Marshal(forged)
		if st, page := anon.postFile(m[1], fraw, ""); st != 200 || !strings.Contains(page, `id="verdict-genuine">不真实`) || strings.Contains(page, `id="verdict-status">有效`) {
			t.Fatalf("tampered file: %d", st)
		}
		for name, body := range map[string][]byte{"garbage": []byte("not a licence"), "truncated": raw[:len(raw)/2],
			"unknown field": bytes.Replace(raw, []byte(`{"document":`), []byte(`{"x":1,"document":`), 1)} {
			if st, page := anon.postFile(m[1], body, ""); st != 400 || !strings.Contains(page, "verify-problem") {
				t.Errorf("%s: %d", name, st)
			}
		}
		if st, _ := anon.postFile(m[1], append(raw, bytes.Repeat([]byte(" "), 70<<10)...), ""); st != http.StatusRequestEntityTooLarge {
			t.Errorf("oversized file: %d", st)
		}
		if st, _ := anon.postFile("forged", raw, ""); st != http.StatusForbidden {
			t.Errorf("file without the form's token: %d", st)
		}
		if st, _ := newAnon(t, e).postFile(m[1], raw, ""); st != http.StatusForbidden {
			t.Errorf("file without the CSRF cookie: %d", st)
		}

		// The licence page: who may open it, who sees the holder in full.
		if st, _ := newClient(t, e, "").get("/licences/" + biz.ID); st != http.StatusSeeOther {
			t.Errorf("anonymous licence page: %d", st)
		}
		for _, u := range []string{"hz.applicant", "hz.reviewer", "hz.clerk"} {
			if st, _ := newClient(t, e, u).get("/licences/" + biz.ID); st != http.StatusNotFound {
				t.Errorf("%s opens another's licence: %d", u, st)
			}
			if st, _ := newClient(t, e, u).get("/licences/" + biz.ID + "/print"); st != http.StatusNotFound {
				t.Errorf("%s opens another's licence print: %d", u, st)
			}
		}
		if st, _ := newClient(t, e, "qz.applicant").get("/licences/not-a-licence"); st != http.StatusNotFound {
			t.Errorf("unknown licence page: %d", st)
		}
		st, page = newClient(t, e, "qz.applicant").get("/licences/" + card.ID)
		if st != 200 || !strings.Contains(page, demo.QZApplicant.IDNumber) || !strings.Contains(page, `data-masked="false"`) || !strings.Contains(page, "<svg") {
			t.Fatalf("holder's own licence page: %d", st)
		}
		if strings.Contains(page, `id="revoke-form"`) {
			t.Error("the holder must not be offered revocation")
		}
		st, page = newClient(t, e, "qz.clerk").get("/licences/" + card.ID)
		if st != 200 || strings.Contains(page, demo.QZApplicant.IDNumber) || !strings.Contains(page, `data-masked="true"`) {
			t.Fatalf("a clerk sees the holder masked: %d", st)
		}

		// Revocation: CSRF, a reason and the issuing department.
		rev := newClient(t, e, "qz.reviewer")
		st, page = rev.get("/licences/" + biz.ID)
		if st != 200 || !strings.Contains(page, `id="revoke-form"`) || !strings.Contains(page, demo.QZCompany.IDNumber) {
			t.Fatalf("issuer's licence page: %d", st)
		}
		still := func(when string) {
			l, err := e.Store.LicenceByID(ctx, biz.ID)
			if err != nil || l.Status != licence.StatusValid {
				t.Fatalf("%s: the licence changed: %v %s", when, err, l.Status)
			}
		}
		if st, _, _ := rev.do("POST", "/licences/"+biz.ID+"/revoke", url.Values{"reason": {"企业申请注销登记"}}); st != http.StatusForbidden {
			t.Errorf("revocation without CSRF: %d", st)
		}
		still("without CSRF")
		if st, _, _ := rev.do("POST", "/licences/"+biz.ID+"/revoke", url.Values{"csrf": {"wrong"}, "reason": {"企业申请注销登记"}}); st != http.StatusForbidden {
			t.Errorf("revocation with a wrong CSRF token: %d", st)
		}
		still("wrong CSRF")
		if st, _, body := rev.do("POST", "/licences/"+biz.ID+"/revoke", url.Values{"csrf": {rev.CSRF}, "reason": {"  "}}); st != 400 || !strings.Contains(string(body), `id="revoke-error"`) {
			t.Errorf("revocation without a reason: %d", st)
		}
		still("no reason")
		holder := newClient(t, e, "qz.applicant")
		if st, _, _ := holder.do("POST", "/licences/"+biz.ID+"/revoke", url.Values{"csrf": {holder.CSRF}, "reason": {"x"}}); st != http.StatusForbidden {
			t.Errorf("the holder revoking: %d", st)
		}
		hz := newClient(t, e, "hz.reviewer")
		if st, _, _ := hz.do("POST", "/licences/"+biz.ID+"/revoke", url.Values{"csrf": {hz.CSRF}, "reason": {"x"}}); st != http.StatusNotFound {
			t.Errorf("another department revoking: %d", st)
		}
		still("others")
		st, h, _ := rev.do("POST", "/licences/"+biz.ID+"/revoke", url.Values{"csrf": {rev.CSRF}, "reason": {"企业申请注销登记"}})
		if st != http.StatusSeeOther || h.Get("Location") != "/licences/"+biz.ID+"?done=revoked" {
			t.Fatalf("revocation: %d %s", st, h.Get("Location"))
		}
		if _, page := anon.get("/verify/" + biz.Identifier); !strings.Contains(page, `id="verdict-status">已撤销`) || !strings.Contains(page, "企业申请注销登记") {
			t.Error("the verification page must show the revocation at once")
		}
		if _, page := rev.get("/licences/" + biz.ID); strings.Contains(page, `id="revoke-form"`) || !strings.Contains(page, `id="cert-stamp"`) {
			t.Error("a revoked licence's page")
		}

		// Lists: the department's, search, status, Excel; applicants go to theirs.
		st, page = rev.get("/licences?q=" + url.QueryEscape("建国"))
		if st != 200 || !strings.Contains(page, biz.Identifier) || strings.Contains(page, card.Identifier) {
			t.Fatalf("department list search: %d", st)
		}
		if _, page := rev.get("/licences?status=revoked"); !strings.Contains(page, biz.Identifier) {
			t.Error("revoked filter")
		}
		if _, page := rev.get("/licences?status=valid"); strings.Contains(page, biz.Identifier) {
			t.Error("valid filter lists a revoked licence")
		}
		if st, _ := rev.get("/licences?status=bogus"); st != 400 {
			t.Errorf("bad status: %d", st)
		}
		if _, page := hz.get("/licences"); strings.Contains(page, biz.Identifier) {
			t.Error("another department lists our licence")
		}
		if st, _, body := rev.do("GET", "/licences.xlsx?q="+url.QueryEscape("建国"), nil); st != 200 {
			t.Fatalf("xlsx: %d", st)
		} else {
			f, err := excelize.OpenReader(bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			rows, _ := f.GetRows("电子证照")
			if len(rows) < 2 || rows[0][0] != "证照标识" || rows[0][7] != "状态" || rows[1][0] != biz.Identifier || rows[1][7] != "已撤销" {
				t.Fatalf("xlsx rows: %v", rows)
			}
		}
		if st, h, _ := holder.do("GET", "/licences", nil); st != http.StatusSeeOther || h.Get("Location") != "/my/licences" {
			t.Errorf("an applicant's /licences: %d", st)
		}
		st, page = newClient(t, e, "qz.supervisor").get("/licences")
		if st != 200 || !strings.Contains(page, card.Identifier) || strings.Contains(page, demo.QZApplicant.IDNumber) {
			t.Errorf("supervisor list (citizen IDs masked): %d", st)
		}
		st, page = holder.get("/my/licences")
		if st != 200 || !strings.Contains(page, card.Identifier) || !strings.Contains(page, biz.Identifier) || strings.Contains(page, demo.HZCompany.IDNumber) {
			t.Errorf("my licences: %d", st)
		}

		// Seals: an admin of the region sees them and rotates; others cannot.
		adm := newClient(t, e, "qz.admin")
		st, page = adm.get("/admin/seals?department=330802-market")
		if st != 200 || !strings.Contains(page, "BEGIN PUBLIC KEY") || !strings.Contains(page, "<svg") || !strings.Contains(page, `id="btn-rotate"`) {
			t.Fatalf("seals page: %d", st)
		}
		if st, _ := adm.get("/admin/seals"); st != 200 {
			t.Errorf("seals page without a department: %d", st)
		}
		if st, _, _ := adm.do("POST", "/admin/seals/rotate", url.Values{"department": {"330802-market"}}); st != http.StatusForbidden {
			t.Errorf("rotation without CSRF: %d", st)
		}
		hzAdm := newClient(t, e, "hz.admin")
		if st, _ := hzAdm.get("/admin/seals?department=330802-market"); st != http.StatusForbidden {
			t.Errorf("another city's admin: %d", st)
		}
		if st, _, _ := hzAdm.do("POST", "/admin/seals/rotate", url.Values{"csrf": {hzAdm.CSRF}, "department": {"330802-market"}}); st != http.StatusForbidden {
			t.Errorf("another city's admin rotating: %d", st)
		}
		if st, _ := rev.get("/admin/seals"); st != http.StatusForbidden {
			t.Errorf("a reviewer at the seals page: %d", st)
		}
		if ds, _ := e.Store.Seals(ctx, "330802-market"); len(ds.Seals) != 1 {
			t.Fatalf("seals before rotation: %d", len(ds.Seals))
		}
		if st, _, _ := adm.do("POST", "/admin/seals/rotate", url.Values{"csrf": {adm.CSRF}, "department": {"330802-market"}}); st != http.StatusSeeOther {
			t.Fatalf("rotation: %d", st)
		}
		if ds, _ := e.Store.Seals(ctx, "330802-market"); len(ds.Seals) != 2 || ds.Current == nil || ds.Current.ID == biz.SealID {
			t.Fatalf("after rotation: %+v", ds)
		}
		// What the old seal signed still verifies.
		if _, page := anon.get("/verify/" + shopFood[0].Identifier); !strings.Contains(page, `id="verdict-genuine">真实`) {
			t.Error("a licence of the retired seal")
		}

		// The window looks the applicant up: the company's food licence from the
		// library... the business licence is revoked now, so the ID card is the
		// fetched one for the person; the revoked business licence is not.
		clerk := newClient(t, e, "qz.clerk")
		form := url.Values{"csrf": {clerk.CSRF}, "item": {"330-SCJG-005"}, "applicant_type": {"org"}, "applicant_name": {demo.QZCompany.Name},
			"applicant_id": {demo.QZCompany.IDNumber}, "action": {"lookup"}}
		st, _, body := clerk.do("POST", "/window/new", form)
		if st != 200 || strings.Contains(string(body), "免提交（证照库：") {
			t.Errorf("a revoked business licence must not be 免提交: %d", st)
		}
		shop := url.Values{"csrf": {clerk.CSRF}, "item": {"330-SCJG-005"}, "applicant_type": {"org"}, "applicant_name": {demo.QZShop.Name},
			"applicant_id": {demo.QZShop.IDNumber}, "action": {"lookup"}}
		shopBiz, _ := e.Store.Licences(ctx, sqlstore.LicenceQuery{Holder: demo.QZShop.IDNumber, Type: "L-BIZ"})
		st, _, body = clerk.do("POST", "/window/new", shop)
		if st != 200 || len(shopBiz) != 1 || !strings.Contains(string(body), "免提交（证照库："+shopBiz[0].Identifier+"）") {
			t.Errorf("the window's lookup must show the shop's business licence 免提交: %d", st)
		}
		if n := len(listCases(t, e, "qz.clerk")); n != 0 {
			t.Errorf("a lookup wrote %d cases", n)
		}
	})
}
