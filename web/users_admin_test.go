package web_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"onetrip/app/apptest"
	"onetrip/sqlstore"
)

var (
	tempPassword = regexp.MustCompile(`<code id="usr-temp-password">([^<]+)</code>`)
	formVersion  = regexp.MustCompile(`name="version" value="(\d+)"`)
	loginCSRF    = regexp.MustCompile(`name="csrf" value="([^"]+)"`)
)

// webLogin logs in through the login form and returns the answer's
// status: 303 when it let the user in.
func webLogin(t *testing.T, e *apptest.Env, username, password string) (int, string) {
	t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(e.URL + "/login")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := loginCSRF.FindSubmatch(body)
	if m == nil {
		t.Fatal("the login form has no CSRF token")
	}
	req, _ := http.NewRequest("POST", e.URL+"/login", strings.NewReader(url.Values{"csrf": {string(m[1])}, "username": {username}, "password": {password}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for _, ck := range resp.Cookies() {
		req.AddCookie(ck)
	}
	resp, err = c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ = io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// userOf reads an account from the store.
func userOf(t *testing.T, e *apptest.Env, username string) sqlstore.User {
	t.Helper()
	u, err := e.Store.UserByName(context.Background(), username)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// versionOn is the account version a page's forms carry.
func versionOn(t *testing.T, page string) string {
	t.Helper()
	m := formVersion.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no version on the page: %.400s", page)
	}
	return m[1]
}

// TestUserAdminPages: 衢州's admin lists its region's accounts and no one
// else's, creates a reviewer for 柯城区 (a generated password shown once,
// with which the new reviewer logs in), moves it to another department,
// resets its password (the old one and its old token stop working, the
// new one works) and disables it (login, token and session refused; enabling
// does not bring the session back). Refused without a change: a post
// without the CSRF token, an invalid department (a form error at the
// field), an admin for the province (403), a stale form (409), anything on
// 杭州's accounts (404, nothing about them shown), disabling oneself; a
// department's data admin is refused everywhere; citizens' accounts are
// the province's and only disabled.
func TestUserAdminPages(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		qz := pageAs(t, e, "qz.admin")

		st, page := qz.do("GET", "/admin/users", nil)
		if st != http.StatusOK {
			t.Fatalf("the list: %d %s", st, page)
		}
		wants(t, "the list", page, `data-username="qz.reviewer"`, `data-username="qz.clerk"`, `data-username="qz.agent"`, "群众账号由本人注册", `href="/admin/users"`)
		lacks(t, "the list", page, `data-username="hz.reviewer"`, `data-username="zj.admin"`, `data-username="zj.police.admin"`, `data-username="qz.applicant"`)
		st, page = qz.do("GET", "/admin/users?role=reviewer&region=330802&q=Reviewer.TAX", nil)
		if st != http.StatusOK || !strings.Contains(page, `data-username="qz.reviewer.tax"`) || strings.Contains(page, `data-username="qz.reviewer"`) {
			t.Fatalf("the filters: %d %s", st, page)
		}
		for q, want := range map[string]int{"role=boss": 400, "region=330100": 403, "region=33x": 400, "state=gone": 400, "offset=-1": 400} {
			if st, _ := qz.do("GET", "/admin/users?"+q, nil); st != want {
				t.Errorf("?%s: %d, want %d", q, st, want)
			}
		}

		// The form: the departments and centres of the chosen region.
		st, page = qz.do("GET", "/admin/users/new", nil)
		if st != http.StatusOK || !strings.Contains(page, `id="usr-new-form"`) || !strings.Contains(page, `<option value="330802"`) || strings.Contains(page, `<option value="330102"`) {
			t.Fatalf("the new form: %d %s", st, page)
		}
		good := url.Values{"username": {"qz.rv.new"}, "name": {"柯城区新审批员"}, "role": {"reviewer"}, "region": {"330802"},
			"department": {"330802-market"}, "password_mode": {"generate"}}
		with := func(k, v string) url.Values {
			f := url.Values{}
			for k, vs := range good {
				f[k] = vs
			}
			f.Set(k, v)
			return f
		}
		st, page = qz.post("/admin/users/new", with("refresh", "1"))
		if st != http.StatusOK || !strings.Contains(page, `<option value="330802-market" selected>`) || !strings.Contains(page, `<option value="330802-center"`) {
			t.Fatalf("refresh: %d %s", st, page)
		}
		nobody := func(what string) {
			t.Helper()
			if _, err := e.Store.UserByName(ctx, "qz.rv.new"); err == nil {
				t.Fatalf("%s wrote the account", what)
			}
		}
		nobody("the refresh")
		if st, _ := qz.do("POST", "/admin/users/new", good); st != http.StatusForbidden {
			t.Fatalf("no CSRF token: %d", st)
		}
		nobody("a post without the CSRF token")
		st, page = qz.post("/admin/users/new", with("department", "330802-nosuch"))
		if st != http.StatusBadRequest || !strings.Contains(page, `id="form-problems"`) || !strings.Contains(page, "部门 330802-nosuch 不存在") ||
			!strings.Contains(page, `value="qz.rv.new"`) || !strings.Contains(page, `<option value="330802-nosuch" selected>`) {
			t.Fatalf("an invalid department: %d %s", st, page)
		}
		nobody("an invalid department")
		if st, _ := qz.post("/admin/users/new", with("department", "330102-market")); st != http.StatusBadRequest {
			t.Fatalf("another region's department: %d", st)
		}
		st, page = qz.post("/admin/users/new", url.Values{"username": {"qz.rv.new"}, "role": {"admin"}, "region": {"330000"}, "password_mode": {"generate"}})
		if st != http.StatusForbidden || !strings.Contains(page, "只能授予本辖区（330800）及其下级区划的范围") {
			t.Fatalf("an admin for the province: %d %s", st, page)
		}
		if st, _ := qz.post("/admin/users/new", with("role", "applicant")); st != http.StatusForbidden {
			t.Fatalf("a citizen's account: %d", st)
		}
		st, page = qz.post("/admin/users/new", with("password_mode", "set")) // and no password typed
		if st != http.StatusBadRequest || !strings.Contains(page, "密码至少需要 10 个字符") {
			t.Fatalf("a short password: %d %s", st, page)
		}
		nobody("the refused forms")

		st, page = qz.post("/admin/users/new", good)
		m := tempPassword.FindStringSubmatch(page)
		if st != http.StatusOK || m == nil || !strings.Contains(page, "已创建账号 qz.rv.new") {
			t.Fatalf("create: %d %s", st, page)
		}
		temp := m[1]
		rv := userOf(t, e, "qz.rv.new")
		if rv.Department != "330802-market" || rv.Region != "330802" || rv.Name != "柯城区新审批员" {
			t.Fatalf("created: %+v", rv)
		}
		if st, body := webLogin(t, e, "qz.rv.new", temp); st != http.StatusSeeOther {
			t.Fatalf("the new reviewer logs in: %d %s", st, body)
		}
		if st, page := qz.post("/admin/users/new", good); st != http.StatusConflict || !strings.Contains(page, "用户名 qz.rv.new 已被使用") {
			t.Fatalf("a taken username: %d %s", st, page)
		}

		// Another department.
		st, page = qz.do("GET", "/admin/users/"+rv.ID, nil)
		if st != http.StatusOK || !strings.Contains(page, "新建账号") || !strings.Contains(page, `id="usr-scope-form"`) {
			t.Fatalf("the account: %d %s", st, page)
		}
		v1 := versionOn(t, page)
		move := url.Values{"version": {v1}, "name": {"柯城区新审批员"}, "role": {"reviewer"}, "region": {"330802"}, "department": {"330802-public-security"}}
		st, page = qz.post("/admin/users/"+rv.ID+"/scope", move)
		if st != http.StatusSeeOther {
			t.Fatalf("move: %d %s", st, page)
		}
		if got := userOf(t, e, "qz.rv.new"); got.Department != "330802-public-security" {
			t.Fatalf("moved: %+v", got)
		}
		move.Set("department", "330802-market")
		st, page = qz.post("/admin/users/"+rv.ID+"/scope", move) // the page before the move
		if st != http.StatusConflict || !strings.Contains(page, `id="usr-error"`) {
			t.Fatalf("a stale form: %d %s", st, page)
		}
		if got := userOf(t, e, "qz.rv.new"); got.Department != "330802-public-security" {
			t.Fatal("a stale form wrote")
		}
		st, page = qz.do("GET", "/admin/users/"+rv.ID+"?done=scope", nil)
		wants(t, "after the move", page, "已保存角色和范围", "调整角色和范围", "所属部门：柯城区市场监督管理局 → ")
		v2 := versionOn(t, page)
		move.Set("version", v2)
		move.Set("department", "330802-nosuch")
		if st, page := qz.post("/admin/users/"+rv.ID+"/scope", move); st != http.StatusBadRequest || !strings.Contains(page, "部门 330802-nosuch 不存在") {
			t.Fatalf("a bad department on the change: %d %s", st, page)
		}
		move.Del("csrf") // post sets it
		if st, _ := qz.do("POST", "/admin/users/"+rv.ID+"/scope", move); st != http.StatusForbidden {
			t.Fatalf("a change without the CSRF token: %d", st)
		}

		// A reset: the old password and token stop working.
		tok := e.Token("qz.rv.new")
		if st, _, _ := fetch(t, e, "GET", "/api/v1/me", "Bearer "+tok); st != http.StatusOK {
			t.Fatalf("the token before: %d", st)
		}
		if st, _ := qz.post("/admin/users/"+rv.ID+"/password", url.Values{"version": {v2}, "mode": {"set"}, "password": {"short"}}); st != http.StatusBadRequest {
			t.Fatalf("a short typed password: %d", st)
		}
		st, page = qz.post("/admin/users/"+rv.ID+"/password", url.Values{"version": {v2}, "mode": {"generate"}})
		m = tempPassword.FindStringSubmatch(page)
		if st != http.StatusOK || m == nil || m[1] == temp {
			t.Fatalf("reset: %d %s", st, page)
		}
		if st, _ := webLogin(t, e, "qz.rv.new", temp); st != http.StatusUnauthorized {
			t.Fatalf("the old password: %d", st)
		}
		temp = m[1]
		if st, _ := webLogin(t, e, "qz.rv.new", temp); st != http.StatusSeeOther {
			t.Fatalf("the new password: %d", st)
		}
		if st, _, _ := fetch(t, e, "GET", "/api/v1/me", "Bearer "+tok); st != http.StatusUnauthorized {
			t.Fatalf("the old token after the reset: %d", st)
		}

		// Disabled: login, token and session refused at once.
		tok, _, _ = e.Store.IssueToken(ctx, rv.ID, "script", 0)
		rvPage := pageAs(t, e, "qz.rv.new")
		if st, _ := rvPage.do("GET", "/review", nil); st != http.StatusOK {
			t.Fatalf("the reviewer's session: %d", st)
		}
		_, page = qz.do("GET", "/admin/users/"+rv.ID, nil)
		wants(t, "before disabling", page, `data-sessions="2"`, `data-tokens="1"`)
		st, _ = qz.post("/admin/users/"+rv.ID+"/disable", url.Values{"version": {versionOn(t, page)}})
		if st != http.StatusSeeOther {
			t.Fatalf("disable: %d", st)
		}
		if st, body := webLogin(t, e, "qz.rv.new", temp); st != http.StatusUnauthorized || !strings.Contains(body, "该账号已停用") {
			t.Fatalf("a disabled account logs in: %d", st)
		}
		if st, _, _ := fetch(t, e, "GET", "/api/v1/me", "Bearer "+tok); st != http.StatusUnauthorized {
			t.Fatalf("a disabled account's token: %d", st)
		}
		if st, _ := rvPage.do("GET", "/review", nil); st != http.StatusSeeOther {
			t.Fatalf("a disabled account's session: %d", st)
		}
		_, page = qz.do("GET", "/admin/users/"+rv.ID+"?done=disable", nil)
		wants(t, "disabled", page, `data-state="disabled"`, `id="usr-enable"`, "已停用账号", `data-sessions="0"`)
		st, _ = qz.post("/admin/users/"+rv.ID+"/enable", url.Values{"version": {versionOn(t, page)}})
		if st != http.StatusSeeOther {
			t.Fatalf("enable: %d", st)
		}
		if st, _ := rvPage.do("GET", "/review", nil); st != http.StatusSeeOther {
			t.Fatal("enabling revived the old session")
		}
		if st, _ := webLogin(t, e, "qz.rv.new", temp); st != http.StatusSeeOther {
			t.Fatalf("enabled, the account logs in: %d", st)
		}
		if st, _ := qz.post("/admin/users/"+rv.ID+"/revoke", url.Values{}); st != http.StatusSeeOther {
			t.Fatalf("revoke: %d", st)
		}
		if n, m, _ := e.Store.UserAccess(ctx, rv.ID); n != 0 || m != 0 {
			t.Fatalf("after revoking: %d sessions %d tokens", n, m)
		}

		// 杭州's accounts do not exist for 衢州's admin.
		hz := userOf(t, e, "hz.reviewer")
		for _, c := range []struct {
			method, path string
		}{{"GET", ""}, {"POST", "/scope"}, {"POST", "/password"}, {"POST", "/disable"}, {"POST", "/revoke"}} {
			var st int
			var page string
			if c.method == "GET" {
				st, page = qz.do("GET", "/admin/users/"+hz.ID, nil)
			} else {
				st, page = qz.post("/admin/users/"+hz.ID+c.path, url.Values{"version": {"1"}, "role": {"reviewer"}, "region": {"330802"}})
			}
			if st != http.StatusNotFound || strings.Contains(page, "hz.reviewer") || strings.Contains(page, hz.Name) {
				t.Errorf("%s 杭州's account%s: %d", c.method, c.path, st)
			}
		}
		if got := userOf(t, e, "hz.reviewer"); got.Version != hz.Version || got.Disabled {
			t.Fatal("杭州's account changed")
		}
		if st, _ := qz.do("GET", "/admin/users/nosuch", nil); st != http.StatusNotFound {
			t.Fatalf("no such account: %d", st)
		}

		// Oneself: not disabled, not demoted.
		me := userOf(t, e, "qz.admin")
		_, page = qz.do("GET", "/admin/users/"+me.ID, nil)
		wants(t, "one's own account", page, `id="usr-self"`)
		lacks(t, "one's own account", page, `id="usr-disable"`, `id="usr-scope-form"`)
		if st, _ := qz.post("/admin/users/"+me.ID+"/disable", url.Values{"version": {versionOn(t, page)}}); st != http.StatusForbidden {
			t.Fatalf("disabling oneself: %d", st)
		}
		if st, _ := qz.post("/admin/users/"+me.ID+"/scope", url.Values{"version": {versionOn(t, page)}, "role": {"clerk"}, "region": {"330800"}}); st != http.StatusForbidden {
			t.Fatalf("demoting oneself: %d", st)
		}
		if got := userOf(t, e, "qz.admin"); got.Disabled || got.Role != "admin" {
			t.Fatal("qz.admin changed itself")
		}

		// Citizens' accounts: the province's, only disabled.
		app := userOf(t, e, "qz.applicant")
		if st, _ := qz.do("GET", "/admin/users/"+app.ID, nil); st != http.StatusNotFound {
			t.Fatalf("a city admin on a citizen's account: %d", st)
		}
		zj := pageAs(t, e, "zj.admin")
		st, page = zj.do("GET", "/admin/users/"+app.ID, nil)
		wants(t, "a citizen's account", page, `id="usr-citizen"`, `id="usr-disable"`)
		lacks(t, "a citizen's account", page, `id="usr-scope-form"`, `id="usr-pw-form"`)
		if st, _ := zj.post("/admin/users/"+app.ID+"/password", url.Values{"version": {versionOn(t, page)}}); st != http.StatusForbidden {
			t.Fatalf("a citizen's password: %d", st)
		}
		if _, page := zj.do("GET", "/admin/users?q=qz.applicant", nil); !strings.Contains(page, `data-username="qz.applicant"`) {
			t.Fatal("the province's list lacks the citizens")
		}

		// A department's data admin manages no one.
		pol := pageAs(t, e, "zj.police.admin")
		for _, path := range []string{"/admin/users", "/admin/users/new", "/admin/users/" + rv.ID, "/admin/users/" + hz.ID} {
			if st, _ := pol.do("GET", path, nil); st != http.StatusForbidden {
				t.Errorf("the data admin GET %s: %d", path, st)
			}
		}
		if st, _ := pol.post("/admin/users/"+rv.ID+"/disable", url.Values{"version": {"1"}}); st != http.StatusForbidden {
			t.Errorf("the data admin disables: %d", st)
		}
		if st, _ := pol.post("/admin/users/new", with("username", "pol.new")); st != http.StatusForbidden {
			t.Errorf("the data admin creates: %d", st)
		}
		if st, _ := pageAs(t, e, "qz.clerk").do("GET", "/admin/users", nil); st != http.StatusForbidden {
			t.Errorf("a clerk: %d", st)
		}
		if got := userOf(t, e, "qz.rv.new"); got.Disabled {
			t.Fatal("the data admin disabled an account")
		}

		// English.
		qz.lang = "en"
		_, page = qz.do("GET", "/admin/users/"+rv.ID, nil)
		wants(t, "the English page", page, "Role and scope", "Reset the password", "role and scope changed", "Department: ")
		lacks(t, "the English page", page, "调整角色和范围")
	})
}
