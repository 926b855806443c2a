package web_test

import (
	"context"
	"net/url"
	"testing"

	"onetrip/app/apptest"
	"onetrip/identity"
)

// TestAccountPagesRefuseBadInput: the pre-session forms need their CSRF
// cookie; the account page's forms need the session's token, a real-name
// mismatch or someone else's company leaves the page with the message and
// nothing changed; a clerk has no account page.
func TestAccountPagesRefuseBadInput(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		anon := &pageClient{t: t, e: e}
		if st, _ := anon.do("POST", "/register/code", url.Values{"mobile": {"13900007777"}, "csrf": {"forged"}}); st != 403 {
			t.Fatalf("code without the CSRF cookie: %d", st)
		}
		if n := len(e.Sims.SMS.Messages("13900007777")); n != 0 {
			t.Fatalf("%d texts sent for a forged form", n)
		}
		if st, _ := anon.do("POST", "/register", url.Values{"mobile": {"13900007777"}, "code": {"123456"}, "csrf": {"forged"}}); st != 403 {
			t.Fatalf("register without the CSRF cookie: %d", st)
		}
		if st, page := anon.do("GET", "/register", nil); st != 200 {
			t.Fatalf("register page: %d", st)
		} else {
			wants(t, "register page", page, `id="code-form"`, "获取验证码")
		}

		// A registered citizen at the mobile level.
		if r := e.Do("POST", "/api/v1/sms-codes", "", map[string]any{"mobile": "13900007777", "purpose": "register"}); r.Status != 202 {
			t.Fatalf("code: %d %s", r.Status, r.Body)
		}
		sent := e.Sims.SMS.Messages("13900007777")
		code := ""
		for _, c := range sent[len(sent)-1].Text {
			if c >= '0' && c <= '9' && len(code) < 6 {
				code += string(c)
			}
		}
		if r := e.Do("POST", "/api/v1/accounts", "", map[string]any{"mobile": "13900007777", "code": code, "password": "一个足够长的好密码2026"}); r.Status != 201 {
			t.Fatalf("register: %d %s", r.Status, r.Body)
		}
		c := pageAs(t, e, "13900007777")
		if st, page := c.do("GET", "/account", nil); st != 200 {
			t.Fatalf("account: %d", st)
		} else {
			wants(t, "account page", page, `id="real-name-form"`, `data-level="mobile"`)
		}
		if st, _ := c.do("POST", "/account/real-name", url.Values{"name": {"王建国"}, "id_number": {"330802198605141236"}}); st != 403 {
			t.Fatalf("real name without CSRF: %d", st)
		}
		st, page := c.post("/account/real-name", url.Values{"name": {"王建"}, "id_number": {"330802198605141236"}})
		if st != 400 {
			t.Fatalf("mismatch: %d", st)
		}
		wants(t, "mismatch", page, "姓名与公民身份号码不一致", `id="real-name-form"`)
		// 王建国's identity is the demo account's already.
		if st, page := c.post("/account/real-name", url.Values{"name": {"王建国"}, "id_number": {"330802198605141236"}}); st != 409 {
			t.Fatalf("taken identity: %d", st)
		} else {
			wants(t, "taken", page, "已被另一个账号实名认证")
		}
		u, _ := e.Store.UserByName(context.Background(), "13900007777")
		p, _ := e.Store.PrincipalOf(context.Background(), u)
		if acc, _ := e.Store.AccountOf(context.Background(), p); acc.Level != identity.LevelMobile || acc.IDNumber != "" {
			t.Fatalf("after refusals: %+v", acc)
		}
		// Binding before verification, and a clerk's account page.
		if st, _ := c.post("/account/companies", url.Values{"uscc": {"91330802MA2BW0013X"}}); st != 403 {
			t.Fatalf("bind unverified: %d", st)
		}
		if st, _ := pageAs(t, e, "qz.clerk").do("GET", "/account", nil); st != 403 {
			t.Fatalf("clerk's account page: %d", st)
		}
	})
}
