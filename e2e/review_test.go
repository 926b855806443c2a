package e2e

import (
	"bytes"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"onetrip/app/apptest"
	"onetrip/idcode"
)

// logout ends the browser's session from the header's form.
func logout(b *apptest.Browser) {
	b.Do(chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)), chromedp.WaitVisible(chromedp.ID("username")))
}

// openTask opens a case's task from the reviewer's queue.
func openTask(t *testing.T, b *apptest.Browser, e *apptest.Env, number string) {
	t.Helper()
	row := `#review-queue tr[data-number="` + number + `"]`
	b.Do(chromedp.Navigate(e.URL+"/review"), chromedp.WaitVisible(chromedp.ID("review-queue")))
	if n := b.Eval(`String(document.querySelectorAll('` + row + `').length)`); n != "1" {
		t.Fatalf("case %s is in the queue %s times: %s", number, n, b.Text("#review-queue"))
	}
	clickAndWait(b, row+" a.button", "#task")
}

// TestReviewersDecideAndNextStepAppearsBrowser is issue 5's browser test:
// a case of 二手房买卖一件事 accepted through the API; the housing reviewer
// approves its contract filing with the contract number and price, the tax
// reviewer approves the deed tax; then the registration step is in the
// land department's queue and its page shows what the housing step produced.
func TestReviewersDecideAndNextStepAppearsBrowser(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		cl := bundleChecklist(t, e, "B-HOUSE-RESALE")
		var c caseJSON
		r := e.Do("POST", "/api/v1/cases", "qz.clerk", houseResale(marksExcept(cl)))
		r.JSON(t, &c)
		if r.Status != 201 || c.Status != "accepted" {
			t.Fatalf("accept: %d %s", r.Status, r.Body)
		}
		b := apptest.NewBrowser(t)

		// Nothing for the land department yet: registration waits for both.
		e.Login(b, "qz.reviewer.land")
		b.Do(chromedp.Navigate(e.URL+"/review"), chromedp.WaitVisible(chromedp.ID("review-queue")))
		if strings.Contains(b.Text("#review-queue"), c.Number) {
			t.Fatal("the registration step must wait for the housing and tax steps")
		}
		logout(b)

		e.Login(b, "qz.reviewer.housing")
		openTask(t, b, e, c.Number)
		if st := b.Attr("#task", "data-status"); st != "ready" {
			t.Fatalf("housing task %s", st)
		}
		// The housing reviewer works from its step's materials; the
		// registration's are folded away.
		if own := b.Text("#task-materials"); strings.Contains(own, "不动产登记申请书") || !strings.Contains(b.Eval(`document.getElementById("other-materials").textContent`), "不动产登记申请书") {
			t.Fatalf("the housing step's materials: %q", own)
		}
		// The step's result defines its fields: the reviewer fills them in,
		// names nothing.
		b.Do(fillOutput("合同编号", "KC-WQ-2026-000731"), fillOutput("成交价格", "1860000元"))
		clickAndWait(b, "#btn-decide", "#review-flash")
		if f := b.Text("#review-flash"); !strings.Contains(f, "已通过") {
			t.Fatalf("flash %q", f)
		}
		logout(b)

		e.Login(b, "qz.reviewer.tax")
		openTask(t, b, e, c.Number)
		// The tax reviewer already sees the housing step's conclusion.
		if got := b.Text("#earlier-outputs"); !strings.Contains(got, "KC-WQ-2026-000731") {
			t.Fatalf("shared conclusions for the tax step: %q", got)
		}
		b.Do(fillOutput("完税凭证号", "WS-330802-88"))
		clickAndWait(b, "#btn-decide", "#review-flash")
		logout(b)

		e.Login(b, "qz.reviewer.land")
		openTask(t, b, e, c.Number)
		if st := b.Attr("#task", "data-status"); st != "ready" {
			t.Fatalf("registration task %s", st)
		}
		contract := b.Text(`#earlier-outputs tr[data-name="合同编号"] .out-value`)
		price := b.Text(`#earlier-outputs tr[data-name="成交价格"] .out-value`)
		if contract != "KC-WQ-2026-000731" || price != "1860000元" {
			t.Fatalf("the registration reviewer sees contract %q and price %q", contract, price)
		}
		if got := b.Text("#task-title"); !strings.Contains(got, "转移登记") {
			t.Fatalf("task title %q", got)
		}
	})
}

// TestStaleDecisionShowsConflict: two reviewers of one department open the
// same task; the second decision, on the old version, gets the 409 page
// saying someone else decided.
func TestStaleDecisionShowsConflict(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		cl := bundleChecklist(t, e, "B-HOUSE-RESALE")
		var c caseJSON
		e.Do("POST", "/api/v1/cases", "qz.clerk", houseResale(marksExcept(cl))).JSON(t, &c)
		var task struct {
			ID      string
			Version int
		}
		for _, tk := range c.Tasks {
			if tk.Step == "330-ZJJS-004" {
				task.ID, task.Version = tk.ID, tk.Version
			}
		}
		rv := newClient(t, e, "qz.reviewer.housing")
		st, page := rv.get("/review/tasks/" + task.ID)
		if st != 200 || !strings.Contains(page, `id="decision-form"`) || !strings.Contains(page, "存量房买卖合同") {
			t.Fatalf("task page: %d", st)
		}
		form := url.Values{"csrf": {rv.CSRF}, "decision": {"approve"}, "version": {strconv.Itoa(task.Version)}, "out.name.0": {"合同编号"}, "out.value.0": {"A-1"}}
		if st, h, _ := rv.do("POST", "/review/tasks/"+task.ID+"/decision", form); st != http.StatusSeeOther || !strings.HasPrefix(h.Get("Location"), "/review?decided=") {
			t.Fatalf("first decision: %d", st)
		}
		form.Set("decision", "deny")
		form.Set("opinion", "材料存疑")
		st, _, body := rv.do("POST", "/review/tasks/"+task.ID+"/decision", form)
		if st != http.StatusConflict || !strings.Contains(string(body), "已被他人处理") {
			t.Fatalf("stale decision: %d", st)
		}
		if st, _ := newClient(t, e, "qz.reviewer.tax").get("/review/tasks/" + task.ID); st != http.StatusForbidden {
			t.Fatalf("another department's task: %d", st)
		}
		// A denial needs its reason.
		var tax string
		for _, tk := range c.Tasks {
			if tk.Step == "330-SWJG-002" {
				tax = tk.ID
			}
		}
		tx := newClient(t, e, "qz.reviewer.tax")
		st, _, body = tx.do("POST", "/review/tasks/"+tax+"/decision", url.Values{"csrf": {tx.CSRF}, "decision": {"deny"}, "version": {"1"}})
		if st != http.StatusBadRequest || !strings.Contains(string(body), "必须填写意见") {
			t.Fatalf("denial without reason: %d", st)
		}
		// A special procedure stops the clock, and ends.
		st, _, _ = tx.do("POST", "/review/tasks/"+tax+"/suspend", url.Values{"csrf": {tx.CSRF}, "kind": {"inspection"}, "reason": {"现场核查房屋状况"}})
		if st != http.StatusSeeOther {
			t.Fatalf("suspend: %d", st)
		}
		_, page = tx.get("/review/tasks/" + tax)
		m := regexp.MustCompile(`name="suspension" value="([^"]+)"`).FindStringSubmatch(page)
		if m == nil || !strings.Contains(page, "现场核查房屋状况") {
			t.Fatal("the open suspension must be listed with its reason")
		}
		if _, cp := tx.get("/cases/" + c.ID); !strings.Contains(cp, "暂停计时") {
			t.Fatal("the case page must show the clock stopped")
		}
		if st, _, _ := tx.do("POST", "/review/tasks/"+tax+"/resume", url.Values{"csrf": {tx.CSRF}, "suspension": {m[1]}}); st != http.StatusSeeOther {
			t.Fatalf("resume: %d", st)
		}
	})
}

// TestCalendarWebhooksSupervisionHTTP: the province admin adds an adjusted
// working day (audited), a city admin may only look; a reviewer registers
// the department's URL and sees the secret once; a supervisor lists the
// region's cases with their breaches and exports them.
func TestCalendarWebhooksSupervisionHTTP(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		zj, qz := newClient(t, e, "zj.admin"), newClient(t, e, "qz.admin")
		st, page := zj.get("/admin/calendar?year=2026")
		if st != 200 || !strings.Contains(page, "2026-02-17") || !strings.Contains(page, `id="calendar-form"`) {
			t.Fatalf("calendar: %d", st)
		}
		if _, page = qz.get("/admin/calendar?year=2026"); strings.Contains(page, `id="calendar-form"`) {
			t.Fatal("a city admin must not get the form")
		}
		add := url.Values{"csrf": {qz.CSRF}, "year": {"2027"}, "date": {"2027-10-09"}, "work": {"1"}, "name": {"国庆节"}}
		if st, _, _ := qz.do("POST", "/admin/calendar", add); st != http.StatusForbidden {
			t.Fatalf("city admin change: %d", st)
		}
		add.Set("csrf", zj.CSRF)
		st, _, body := zj.do("POST", "/admin/calendar", add)
		if st != 200 || !strings.Contains(string(body), "已保存 2027-10-09") || !strings.Contains(string(body), `data-date="2027-10-09" class="workday override"`) {
			t.Fatalf("add: %d", st)
		}
		if !strings.Contains(string(body), "zj.admin") {
			t.Fatal("the audit trail must name who changed it")
		}
		add.Set("work", "0")
		add.Set("date", "2027-10-9")
		if st, _, body := zj.do("POST", "/admin/calendar", add); st != http.StatusBadRequest || !strings.Contains(string(body), "YYYY-MM-DD") {
			t.Fatalf("bad date: %d", st)
		}
		if st, _, _ := zj.do("POST", "/admin/calendar/delete", url.Values{"csrf": {zj.CSRF}, "year": {"2027"}, "date": {"2027-10-09"}}); st != 200 {
			t.Fatalf("delete: %d", st)
		}

		rv := newClient(t, e, "qz.reviewer.housing")
		st, _, body = rv.do("POST", "/admin/webhooks", url.Values{"csrf": {rv.CSRF}, "url": {"https://fangguan.example.gov.cn/onetrip"}, "events": {"task.ready", "case.closed"}})
		if st != http.StatusCreated || !regexp.MustCompile(`<code id="secret">[0-9a-f]{64}</code>`).Match(body) {
			t.Fatalf("register: %d", st)
		}
		st, page = rv.get("/admin/webhooks")
		if st != 200 || strings.Contains(page, `id="secret"`) || !strings.Contains(page, "fangguan.example.gov.cn") {
			t.Fatalf("the list must not show the secret again: %d", st)
		}
		if st, _, body := rv.do("POST", "/admin/webhooks", url.Values{"csrf": {rv.CSRF}, "url": {"ftp://x"}}); st != http.StatusBadRequest || !strings.Contains(string(body), "http 或 https") {
			t.Fatalf("bad URL: %d", st)
		}
		if st, _ := newClient(t, e, "qz.clerk").get("/admin/webhooks"); st != http.StatusForbidden {
			t.Fatalf("clerk: %d", st)
		}

		// Supervision: a case with a second notice is listed as a breach.
		cl := bundleChecklist(t, e, "B-HOUSE-RESALE")
		var c caseJSON
		e.Do("POST", "/api/v1/cases", "qz.clerk", houseResale(marksExcept(cl, "不动产登记申请书"))).JSON(t, &c)
		e.Do("POST", "/api/v1/cases/"+c.ID+"/review", "qz.clerk", map[string]any{"materials": []mark{
			{Spec: specOf(t, cl, "不动产登记申请书"), Status: "received"},
			{Spec: specOf(t, cl, "存量房买卖合同"), Status: "defective", Reason: "缺少签字"}}, "in_person": true})
		sup := newClient(t, e, "qz.supervisor")
		st, page = sup.get("/supervision/cases?breach=1")
		if st != 200 || !strings.Contains(page, c.Number) || !strings.Contains(page, "二次告知") || strings.Contains(page, seller) {
			t.Fatalf("supervision: %d", st)
		}
		if st, _ := sup.get("/supervision/cases?region=330102"); st != http.StatusForbidden {
			t.Fatalf("another city: %d", st)
		}
		st, h, xlsx := sup.do("GET", "/supervision/cases.xlsx?region=330802", nil)
		if st != 200 || !strings.Contains(h.Get("Content-Type"), "spreadsheetml") {
			t.Fatalf("export: %d", st)
		}
		f, err := excelize.OpenReader(bytes.NewReader(xlsx))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, err := f.GetRows("办件")
		if err != nil || len(rows) != 2 || rows[0][0] != "办件编号" || rows[1][0] != c.Number || rows[1][11] != "是" {
			t.Fatalf("sheet: %v %v", rows, err)
		}
	})
}

// TestPickupAtWindowHTTP: a result collected at the window waits in the
// pickup list; 出件 records the trip and closes the case.
func TestPickupAtWindowHTTP(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		var item struct{ Materials []struct{ ID string } }
		e.Do("GET", "/api/v1/items/330-SCJG-004", "", nil).JSON(t, &item)
		var marks []mark
		for _, m := range item.Materials {
			marks = append(marks, mark{Spec: m.ID, Status: "received"})
		}
		var c caseJSON
		r := e.Do("POST", "/api/v1/cases", "qz.clerk", map[string]any{"item": "330-SCJG-004", "region": "330802", "channel": "window", "delivery": "window",
			"applicant": map[string]any{"type": "person", "name": "赵卫东", "id_number": seller}, "materials": marks})
		r.JSON(t, &c)
		if c.Status != "accepted" || len(c.Tasks) != 1 {
			t.Fatalf("accept: %s", r.Body)
		}
		if r := e.Do("POST", "/api/v1/tasks/"+c.Tasks[0].ID+"/decision", "qz.reviewer", map[string]any{"decision": "approve",
			"outputs": map[string]string{"统一社会信用代码": idcode.MakeOrgUSCC("92", "330802", "MA000001"), "名称": "柯城区卫东小吃店"}, "version": c.Tasks[0].Version}); r.Status != 200 {
			t.Fatalf("decide: %d %s", r.Status, r.Body)
		}
		clerk := newClient(t, e, "qz.clerk")
		_, page := clerk.get("/window/pickups")
		if !strings.Contains(page, `href="/window/pickups/`+c.ID+`"`) {
			t.Fatal("the approved case must wait in the pickup list")
		}
		st, page := clerk.get("/window/pickups/" + c.ID)
		m := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(page)
		if st != http.StatusOK || m == nil || !strings.Contains(page, `value="applicant" checked`) || !strings.Contains(page, `value="赵卫东"`) {
			t.Fatalf("hand-over form: %d", st)
		}
		// Someone else with the applicant's name, a trustee without the
		// authorisation, a malformed ID: refused with the reason at the
		// field, and the case waits.
		other := idcode.MakeCitizenID("330802", time.Date(1988, 8, 8, 0, 0, 0, 0, time.UTC), 17)
		for _, bad := range []struct {
			form url.Values
			want string
		}{
			{url.Values{"relation": {"applicant"}, "name": {"赵卫东"}, "id_number": {other}}, "领取人与申请人 赵卫东（或本办件其他当事人）的姓名或身份号码不一致"},
			{url.Values{"relation": {"authorised"}, "name": {"钱受托"}, "id_number": {other}}, "受托人领取须登记授权委托书编号"},
			{url.Values{"relation": {"applicant"}, "name": {"赵卫东"}, "id_number": {"330802"}}, "公民身份号码"},
		} {
			bad.form.Set("csrf", clerk.CSRF)
			bad.form.Set("version", m[1])
			st, _, body := clerk.do("POST", "/window/pickups/"+c.ID, bad.form)
			if st != http.StatusUnprocessableEntity || !strings.Contains(string(body), bad.want) || !strings.Contains(string(body), `id="form-problems"`) {
				t.Fatalf("bad collector %v: %d, want %q", bad.form, st, bad.want)
			}
		}
		var still caseJSON
		if e.Do("GET", "/api/v1/cases/"+c.ID, "qz.clerk", nil).JSON(t, &still); still.Status != "approved" {
			t.Fatalf("a refused hand-over moved the case: %s", still.Status)
		}
		// Without the CSRF token nothing happens.
		if st, _, _ := clerk.do("POST", "/window/pickups/"+c.ID, url.Values{"version": {m[1]}, "relation": {"applicant"}, "name": {"赵卫东"}, "id_number": {seller}}); st != http.StatusForbidden {
			t.Fatalf("hand-over without CSRF: %d", st)
		}
		st, h, _ := clerk.do("POST", "/window/pickups/"+c.ID, url.Values{"csrf": {clerk.CSRF}, "version": {m[1]},
			"relation": {"applicant"}, "name": {" 赵卫东 "}, "id_number": {strings.ToLower(seller)}})
		if st != http.StatusSeeOther {
			t.Fatalf("handover: %d", st)
		}
		if _, page = clerk.get(h.Get("Location")); !strings.Contains(page, "已出件并办结："+c.Number) || strings.Contains(page, `href="/window/pickups/`+c.ID+`"`) ||
			!strings.Contains(page, `href="/cases/`+c.ID+`/collection/print"`) {
			t.Fatal("after handover the case leaves the list, with a confirmation and the receipt to print")
		}
		if _, page = clerk.get("/cases/" + c.ID); !strings.Contains(page, "已办结") || !strings.Contains(page, "领取结果") || !strings.Contains(page, `id="collection-print"`) {
			t.Fatal("the case page must show the closed case, the pickup trip and the receipt of collection")
		}
		// The receipt of collection: who collected (ID masked), as what, who
		// handed it over, and the lines to sign.
		st, page = clerk.get("/cases/" + c.ID + "/collection/print")
		for _, want := range []string{"领取回执", c.Number, "赵卫东 · " + idcode.MaskCitizenID(seller), "申请人（当事人）本人", "领取人签字", "盖章"} {
			if !strings.Contains(page, want) {
				t.Errorf("receipt of collection lacks %q", want)
			}
		}
		if st != http.StatusOK || strings.Contains(page, seller) {
			t.Fatalf("receipt: %d (the full ID must not be printed)", st)
		}
		// Printed: one A4 page with its signing block, no screen links.
		b := apptest.NewBrowser(t)
		e.Login(b, "qz.clerk")
		if pages := printed(t, b, e.URL+"/cases/"+c.ID+"/collection/print", "#collection"); len(pages) != 1 || !isA4(pages[0]) {
			t.Errorf("receipt of collection: pages %v, want one A4 page", pages)
		}
		if sign := b.Text("#doc-sign"); !strings.Contains(sign, "领取人签字") || !strings.Contains(sign, "（盖章）") || strings.Contains(sign, "qz.clerk") ||
			!regexp.MustCompile(`\d{4}年\d{1,2}月\d{1,2}日`).MatchString(sign) {
			t.Errorf("receipt of collection: signing block %q", sign)
		}
		if hidden := b.Eval(`String([...document.querySelectorAll("a")].every(a => a.closest(".noprint")))`); hidden != "true" {
			t.Error("receipt of collection: a screen link is printed")
		}
		// Another region's clerk sees no such case; a case not handed over has no receipt.
		if st, _ := newClient(t, e, "hz.clerk").get("/cases/" + c.ID + "/collection/print"); st != http.StatusNotFound {
			t.Errorf("another region's receipt: %d", st)
		}
		var open caseJSON
		e.Do("POST", "/api/v1/cases", "qz.clerk", retirement(retiree, "退休人")).JSON(t, &open)
		if st, _ := clerk.get("/cases/" + open.ID + "/collection/print"); st != http.StatusNotFound {
			t.Errorf("receipt of a case not handed over: %d", st)
		}
	})
}

// fillOutput types a value into the review form's row of a defined output.
func fillOutput(name, value string) chromedp.Action[chromedp.Void] {
	return chromedp.SendKeys(chromedp.CSS(`#outputs tr[data-output="`+name+`"] input[name^="out.value."]`), value)
}
