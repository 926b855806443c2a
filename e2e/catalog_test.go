package e2e

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"onetrip/app/apptest"
	"onetrip/httpx"
)

const editedItem = "330-SCJG-001"

// clickAndWait clicks a submit button and waits until the next page has
// replaced the current one (the old document is marked first), then until
// css is visible on it.
func clickAndWait(b *apptest.Browser, button, css string) {
	b.Eval(`document.body.dataset.stale = "1"`)
	b.Do(
		chromedp.Click(chromedp.CSS(button)),
		chromedp.WaitNotPresent(chromedp.CSS(`body[data-stale]`)),
		chromedp.WaitVisible(chromedp.CSS(css)),
	)
}

// TestAdminFixesVagueMaterialAndPublishes is the catalogue issue's browser
// test: the province admin adds "营业执照等材料" to an item, publishing is
// refused with the vague-wording finding shown at that material; renaming it
// publishes a new version, which the public guide then shows.
func TestAdminFixesVagueMaterialAndPublishes(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		b := apptest.NewBrowser(t)
		e.Login(b, "zj.admin")
		b.Do(chromedp.Navigate(e.URL+"/admin/items/"+editedItem), chromedp.WaitVisible(chromedp.ID("item-form")))
		n := b.Eval(`String(document.querySelectorAll("#materials tbody tr").length)`)
		if n != "8" {
			t.Fatalf("%s has %s materials, want 8", editedItem, n)
		}

		// Add a row, name it vaguely, save the draft.
		clickAndWait(b, "#add-material", "#m-8-name")
		if id := b.Attr("#m-8", "data-id"); id != editedItem+".M09" {
			t.Fatalf("new material id %q, want %s.M09", id, editedItem)
		}
		b.Do(chromedp.SendKeys(chromedp.ID("m-8-name"), "营业执照等材料"))
		clickAndWait(b, "#save-draft", "#editor-status")
		if st := b.Text("#editor-status"); !strings.Contains(st, "草稿已保存") {
			t.Fatalf("save status: %q", st)
		}

		// Publishing is refused, the finding shown at the material and in the list.
		clickAndWait(b, "#publish", "#editor-status.error")
		if st := b.Text("#editor-status"); !strings.Contains(st, "不能发布") {
			t.Fatalf("publish status: %q", st)
		}
		if f := b.Text(`#findings li[data-path="materials[8].name"]`); !strings.Contains(f, "等材料") {
			t.Fatalf("finding in the list: %q", f)
		}
		if f := b.Text("#m-8 .field-errors"); !strings.Contains(f, "模糊表述") || !strings.Contains(f, "等材料") {
			t.Fatalf("finding at the material: %q", f)
		}
		if v := b.Attr("#m-8-name", "value"); v != "营业执照等材料" {
			t.Fatalf("the draft's material after the refusal: %q", v)
		}

		// Rename it, save, publish: version 2.
		b.Do(chromedp.Clear(chromedp.ID("m-8-name")), chromedp.SendKeys(chromedp.ID("m-8-name"), "股东会决议原件"))
		clickAndWait(b, "#save-draft", "#editor-status")
		if st := b.Text("#editor-status"); !strings.Contains(st, "可以发布") {
			t.Fatalf("save status after the fix: %q (findings: %s)", st, b.Eval(`(document.querySelector("#findings")||{}).textContent||""`))
		}
		clickAndWait(b, "#publish", "#published-flash")
		if f := b.Text("#published-flash"); !strings.Contains(f, "已发布第 2 版") {
			t.Fatalf("publish flash: %q", f)
		}

		// The public guide shows the new material and version.
		b.Do(chromedp.Click(chromedp.CSS("#published-flash a")), chromedp.WaitVisible(chromedp.ID("guide-materials")))
		if v := b.Text("#guide-version"); !strings.Contains(v, "第 2 版") {
			t.Fatalf("guide version: %q", v)
		}
		if m := b.Text("#guide-materials"); !strings.Contains(m, "股东会决议原件") || strings.Contains(m, "营业执照等材料") {
			t.Fatalf("guide materials: %q", m)
		}
	})
}

// client is a browser-like HTTP client of a test node: a session cookie
// (none when anonymous) and no redirect following.
type client struct {
	t    *testing.T
	e    *apptest.Env
	c    *http.Client
	sess string
	CSRF string
	lang string // the lang cookie: "en" for English pages
}

func newClient(t *testing.T, e *apptest.Env, username string) *client {
	t.Helper()
	cl := &client{t: t, e: e, c: &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	if username != "" {
		u, err := e.Store.UserByName(context.Background(), username)
		if err != nil {
			t.Fatal(err)
		}
		if cl.sess, cl.CSRF, err = e.Store.CreateSession(context.Background(), u.ID); err != nil {
			t.Fatal(err)
		}
	}
	return cl
}

func (cl *client) do(method, path string, form url.Values) (int, http.Header, []byte) {
	cl.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, cl.e.URL+path, body)
	if err != nil {
		cl.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if cl.lang != "" {
		req.AddCookie(&http.Cookie{Name: httpx.LangCookie, Value: cl.lang})
	}
	if cl.sess != "" {
		req.AddCookie(&http.Cookie{Name: httpx.SessionCookie, Value: cl.sess})
	}
	resp, err := cl.c.Do(req)
	if err != nil {
		cl.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, b
}

func (cl *client) get(path string) (int, string) {
	cl.t.Helper()
	st, _, b := cl.do("GET", path, nil)
	return st, string(b)
}

var materialsTable = regexp.MustCompile(`(?s)<table class="materials[^"]*" id="guide-materials">.*?</table>`)

// TestPublicGuidesWithoutLogin: the search, a guide and its print view open
// anonymously; the print view carries the QR code and exactly the guide's
// materials table.
func TestPublicGuidesWithoutLogin(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		anon := newClient(t, e, "")
		st, page := anon.get("/guides?q=" + url.QueryEscape("开公司") + "&region=330802")
		if st != 200 || !strings.Contains(page, "公司设立登记") || !strings.Contains(page, `/guides/330-SCJG-001?region=330802`) {
			t.Fatalf("search: %d %s", st, page)
		}
		if !strings.Contains(page, "零跑动") || !strings.Contains(page, "全程网办") {
			t.Fatal("search results lack the online and visits badges")
		}
		st, guide := anon.get("/guides/330-SCJG-001?region=330802")
		if st != 200 || !strings.Contains(guide, "柯城区市场监督管理局") || !strings.Contains(guide, "免提交") || !strings.Contains(guide, "不收费") {
			t.Fatalf("guide: %d %s", st, guide)
		}
		st, print := anon.get("/guides/330-SCJG-001/print?region=330802")
		if st != 200 {
			t.Fatalf("print: %d", st)
		}
		if !strings.Contains(print, `<svg xmlns="http://www.w3.org/2000/svg" class="qr"`) || strings.Contains(print, `class="main-nav"`) {
			t.Fatal("the print view must carry the QR code and no navigation")
		}
		g, p := materialsTable.FindString(guide), materialsTable.FindString(print)
		if g == "" || g != p || !strings.Contains(g, "公司章程") {
			t.Fatalf("materials differ between guide and print view:\n%s\n---\n%s", g, p)
		}
		st, bundle := anon.get("/bundles/B-RESTAURANT")
		if st != 200 || !strings.Contains(bundle, `id="bundle-dag"><svg`) || !strings.Contains(bundle, "免提交") {
			t.Fatalf("bundle: %d", st)
		}
		if st, _ := anon.get("/guides/330-NONE-999"); st != 404 {
			t.Fatalf("unknown guide: %d", st)
		}
		if st, _ := anon.get("/admin/items"); st != http.StatusSeeOther {
			t.Fatalf("anonymous admin: %d, want a redirect to login", st)
		}
	})
}

// TestCoverageScopeAndExcel: a city supervisor sees their city, not
// another, and the Excel export has the tables.
func TestCoverageScopeAndExcel(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		sup := newClient(t, e, "qz.supervisor")
		st, page := sup.get("/stats/coverage")
		if st != 200 || !strings.Contains(page, "衢州市") || !strings.Contains(page, `id="cov-chart"><svg`) || !strings.Contains(page, "6月底目标 50%") {
			t.Fatalf("coverage: %d", st)
		}
		if st, _ := sup.get("/stats/coverage?region=330100"); st != http.StatusForbidden {
			t.Fatalf("another city: %d, want 403", st)
		}
		if st, _ := sup.get("/stats/coverage.xlsx?region=330100"); st != http.StatusForbidden {
			t.Fatalf("another city's export: %d, want 403", st)
		}
		if st, _ := newClient(t, e, "qz.clerk").get("/stats/coverage"); st != http.StatusForbidden {
			t.Fatalf("clerk: %d, want 403", st)
		}
		st, h, body := sup.do("GET", "/stats/coverage.xlsx?region=330802", nil)
		if st != 200 || !strings.Contains(h.Get("Content-Type"), "spreadsheetml") {
			t.Fatalf("export: %d %s", st, h.Get("Content-Type"))
		}
		f, err := excelize.OpenReader(bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		total, err := f.GetRows("汇总")
		if err != nil || len(total) != 2 || total[0][0] != "名称" || total[1][0] != "柯城区" {
			t.Fatalf("汇总: %v %v", total, err)
		}
		depts, err := f.GetRows("按部门")
		if err != nil || len(depts) < 10 || !strings.Contains(strings.Join(depts[1], " "), "柯城区") {
			t.Fatalf("按部门: %d rows %v", len(depts), err)
		}
	})
}

// TestCatalogWritesAreGuarded: no write without the CSRF token, none by a
// city admin, implementations only inside the admin's region, bad numbers
// refused whole; nothing changes.
func TestCatalogWritesAreGuarded(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		zj, qz := newClient(t, e, "zj.admin"), newClient(t, e, "qz.admin")
		form := url.Values{"name": {"改名"}, "m_count": {"0"}, "action": {"save"}}
		if st, _, _ := zj.do("POST", "/admin/items/"+editedItem, form); st != http.StatusForbidden {
			t.Fatalf("save without csrf: %d", st)
		}
		if st, _, _ := zj.do("POST", "/admin/items/"+editedItem+"/publish", url.Values{}); st != http.StatusForbidden {
			t.Fatalf("publish without csrf: %d", st)
		}
		form.Set("csrf", qz.CSRF)
		if st, _, _ := qz.do("POST", "/admin/items/"+editedItem, form); st != http.StatusForbidden {
			t.Fatalf("city admin editing the catalogue: %d", st)
		}
		impl := url.Values{"csrf": {qz.CSRF}, "region": {"330100"}, "department": {"330100-market"}, "promised_days": {"1"},
			"address": {"x"}, "hours": {"x"}, "phone": {"x"}}
		if st, _, _ := qz.do("POST", "/admin/items/"+editedItem+"/implementations", impl); st != http.StatusForbidden {
			t.Fatalf("implementation outside the scope: %d", st)
		}
		// A number that does not parse: shown back, nothing saved.
		bad := url.Values{"csrf": {zj.CSRF}, "name": {"公司设立登记"}, "kind": {"行政许可"}, "department_kind": {"market"}, "level": {"county"},
			"window": {"商事登记"}, "legal_basis": {"《公司法》"}, "conditions": {"条件"}, "statutory_days": {"三"}, "promised_days": {"1"},
			"fee_yuan": {"0"}, "online": {"full"}, "max_visits": {"0"}, "delivery": {"electronic"}, "result_kind": {"licence"},
			"result_licence": {"L-BIZ"}, "m_count": {"0"}, "action": {"save"}}
		st, _, body := zj.do("POST", "/admin/items/"+editedItem, bad)
		if st != http.StatusBadRequest || !strings.Contains(string(body), "应填整数") || !strings.Contains(string(body), `value="三"`) {
			t.Fatalf("bad number: %d", st)
		}
		// A structural problem from the store (fetched material on paper): nothing saved.
		bad.Set("statutory_days", "3")
		bad.Set("m_count", "1")
		for k, v := range map[string]string{"m.0.id": editedItem + ".M01", "m.0.name": "营业执照", "m.0.form": "original", "m.0.copies": "1", "m.0.source": "licence:L-BIZ"} {
			bad.Set(k, v)
		}
		st, _, body = zj.do("POST", "/admin/items/"+editedItem, bad)
		if st != http.StatusBadRequest || !strings.Contains(string(body), "未保存") {
			t.Fatalf("structural problem: %d", st)
		}
		iv, err := e.Store.CurrentItem(ctx, editedItem)
		if err != nil || iv.Info.Version != 1 || iv.Info.State != "published" || iv.Item.Name != "公司设立登记" {
			t.Fatalf("the item changed: v%d %s %q %v", iv.Info.Version, iv.Info.State, iv.Item.Name, err)
		}
		// The city admin keeps an implementation in their city.
		impl = url.Values{"csrf": {qz.CSRF}, "region": {"330802"}, "department": {"330802-market"}, "promised_days": {"5"},
			"address": {"柯城区行政服务中心"}, "hours": {"工作日"}, "phone": {"0570-1"}}
		st, _, body = qz.do("POST", "/admin/items/"+editedItem+"/implementations", impl)
		if st != http.StatusBadRequest || !strings.Contains(string(body), "不能超过") {
			t.Fatalf("local days above the item's: %d", st)
		}
		impl.Set("promised_days", "1")
		if st, h, _ := qz.do("POST", "/admin/items/"+editedItem+"/implementations", impl); st != http.StatusSeeOther || !strings.Contains(h.Get("Location"), "impl_saved=330802") {
			t.Fatalf("implementation in scope: %d", st)
		}
		m, err := e.Store.ImplementationFor(ctx, editedItem, "330802")
		if err != nil || m.Address != "柯城区行政服务中心" || m.Center == "" {
			t.Fatalf("implementation: %+v %v", m, err)
		}
	})
}

// TestBundleEditorFindings: a draft whose steps form a cycle is refused
// whole with the cycle shown (and drawn); a draft promising less than its
// longest chain is saved but cannot be published; the fixed draft publishes.
func TestBundleEditorFindings(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		zj := newClient(t, e, "zj.admin")
		form := url.Values{"csrf": {zj.CSRF}, "name": {"开办餐饮店一件事"}, "lead_kind": {"market"}, "promised_days": {"3"},
			"keywords": {"开饭店"}, "s_count": {"3"}, "s.0.item": {"330-SCJG-001"}, "s.0.after": {"330-SCJG-005"},
			"s.1.item": {"330-SCJG-005"}, "s.1.after": {"330-SCJG-001"}, "action": {"save"}}
		st, _, body := zj.do("POST", "/admin/bundles/B-RESTAURANT", form)
		if st != http.StatusBadRequest || !strings.Contains(string(body), "循环依赖") || !strings.Contains(string(body), "未保存") ||
			!strings.Contains(string(body), `id="bundle-dag"><svg`) {
			t.Fatalf("save with a cycle: %d", st)
		}
		form.Set("s.0.after", "")
		form.Set("promised_days", "0")
		if st, _, body = zj.do("POST", "/admin/bundles/B-RESTAURANT", form); st != 200 || !strings.Contains(string(body), "草稿已保存") {
			t.Fatalf("save below the chain: %d", st)
		}
		st, _, body = zj.do("POST", "/admin/bundles/B-RESTAURANT/publish", url.Values{"csrf": {zj.CSRF}})
		if st != http.StatusBadRequest || !strings.Contains(string(body), "不能发布") || !strings.Contains(string(body), "最长步骤链") {
			t.Fatalf("publish below the chain: %d", st)
		}
		form.Set("promised_days", "3")
		if st, _, body = zj.do("POST", "/admin/bundles/B-RESTAURANT", form); st != 200 || !strings.Contains(string(body), "可以发布") {
			t.Fatalf("fixed draft: %d", st)
		}
		st, h, _ := zj.do("POST", "/admin/bundles/B-RESTAURANT/publish", url.Values{"csrf": {zj.CSRF}})
		if st != http.StatusSeeOther || !strings.Contains(h.Get("Location"), "published=2") {
			t.Fatalf("publish: %d %s", st, h.Get("Location"))
		}
		_, page := newClient(t, e, "").get("/bundles/B-RESTAURANT")
		if !strings.Contains(page, "第 2 版") || strings.Contains(page, "330-ZHZF-001") {
			t.Fatal("the public bundle page must show version 2 with two steps")
		}
	})
}
