package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"onetrip"
	"onetrip/app/apptest"
	"onetrip/identity"
	"onetrip/sharing/registry"
	"onetrip/sqlstore"
)

const citizenPassword = "我的新密码很长很长2026"

// smsCode is the newest code the built-in SMS gateway texted to a number.
func smsCode(t *testing.T, e *apptest.Env, mobile string) string {
	t.Helper()
	sent := e.Sims.SMS.Messages(mobile)
	if len(sent) == 0 {
		t.Fatalf("no SMS to %s", mobile)
	}
	text := sent[len(sent)-1].Text
	for i := 0; i+6 <= len(text); i++ {
		if isDigits(text[i : i+6]) {
			return text[i : i+6]
		}
	}
	t.Fatalf("no code in %q", text)
	return ""
}

func isDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// registerCitizen registers a number and verifies it as the registry's
// person i; it returns the username (the number), the ID and the name.
func registerCitizen(t *testing.T, e *apptest.Env, mobile string, i int) (string, string) {
	t.Helper()
	if r := e.Do("POST", "/api/v1/sms-codes", "", map[string]any{"mobile": mobile, "purpose": "register"}); r.Status != 202 {
		t.Fatalf("sms code: %d %s", r.Status, r.Body)
	}
	if r := e.Do("POST", "/api/v1/accounts", "", map[string]any{"mobile": mobile, "code": smsCode(t, e, mobile), "password": citizenPassword}); r.Status != 201 {
		t.Fatalf("register: %d %s", r.Status, r.Body)
	}
	id := registry.Person(i)
	rec, _, err := registry.Registry{}.Fetch(context.Background(), "D-POP-BASIC", id)
	if err != nil {
		t.Fatal(err)
	}
	var acc sqlstore.Account
	r := e.Do("POST", "/api/v1/me/real-name", mobile, map[string]any{"name": rec["姓名"], "id_number": id})
	if r.Status != 200 {
		t.Fatalf("real name: %d %s", r.Status, r.Body)
	}
	r.JSON(t, &acc)
	if acc.Level != identity.LevelRealName {
		t.Fatalf("level %s", acc.Level)
	}
	return id, rec["姓名"]
}

// TestCitizenRegistersVerifiesAndAppliesAndCompanyStaff is issue 13's
// account test: a new citizen registers with an SMS code, verifies the real
// name, authorises nothing and applies online; a company's legal
// representative binds it and authorises a staff member, who applies as
// the company — and sees nothing of it once the authorisation is revoked.
func TestCitizenRegistersVerifiesAndAppliesAndCompanyStaff(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		const mobile = "13900001111"
		// A code, then at once another: one a minute.
		if r := e.Do("POST", "/api/v1/sms-codes", "", map[string]any{"mobile": mobile, "purpose": "register"}); r.Status != 202 {
			t.Fatalf("sms code: %d %s", r.Status, r.Body)
		}
		if r := e.Do("POST", "/api/v1/sms-codes", "", map[string]any{"mobile": mobile, "purpose": "register"}); r.Status != 429 || r.Header.Get("Retry-After") == "" {
			t.Fatalf("second code at once: %d %s", r.Status, r.Body)
		}
		code := smsCode(t, e, mobile)
		wrong := "000000"
		if code == wrong {
			wrong = "111111"
		}
		for _, c := range []struct {
			name string
			body map[string]any
			want string
		}{
			{"wrong code", map[string]any{"mobile": mobile, "code": wrong, "password": citizenPassword}, "identity.code.wrong"},
			{"weak password", map[string]any{"mobile": mobile, "code": code, "password": "short"}, ""},
			{"bad number", map[string]any{"mobile": "12345", "code": code, "password": citizenPassword}, "identity.mobile"},
			{"no code for the number", map[string]any{"mobile": "13900009999", "code": code, "password": citizenPassword}, "identity.code.none"},
		} {
			r := e.Do("POST", "/api/v1/accounts", "", c.body)
			if r.Status != 400 || c.want != "" && !strings.Contains(string(r.Body), c.want) {
				t.Fatalf("%s: %d %s", c.name, r.Status, r.Body)
			}
		}
		if _, err := e.Store.UserByName(context.Background(), mobile); err == nil {
			t.Fatal("a refused registration made an account")
		}
		r := e.Do("POST", "/api/v1/accounts", "", map[string]any{"mobile": mobile, "code": code, "password": citizenPassword})
		if r.Status != 201 {
			t.Fatalf("register: %d %s", r.Status, r.Body)
		}
		// The code is used once; the number is taken.
		if r := e.Do("POST", "/api/v1/accounts", "", map[string]any{"mobile": mobile, "code": code, "password": citizenPassword}); r.Status != 400 || !strings.Contains(string(r.Body), "identity.code.used") {
			t.Fatalf("reused code: %d %s", r.Status, r.Body)
		}
		// Not yet real-named: no online application.
		sub := map[string]any{"item": "330-RSSB-002", "region": "330802", "channel": "online",
			"applicant": map[string]any{"type": "person", "name": "某某", "id_number": registry.Person(7)}, "materials": []any{}}
		if r := e.Do("POST", "/api/v1/cases", mobile, sub); r.Status != 403 || !strings.Contains(string(r.Body), "policy.real_name_required") {
			t.Fatalf("unverified applies: %d %s", r.Status, r.Body)
		}
		// Real-name: a wrong name, a failing check character, another's
		// name: refused alike, nothing changed.
		id := registry.Person(7)
		rec, _, _ := registry.Registry{}.Fetch(context.Background(), "D-POP-BASIC", id)
		name := rec["姓名"]
		for _, c := range []struct{ name, id string }{{name + "某", id}, {name, id[:17] + map[bool]string{true: "1", false: "2"}[id[17] != '1']}, {"", id}} {
			if r := e.Do("POST", "/api/v1/me/real-name", mobile, map[string]any{"name": c.name, "id_number": c.id}); r.Status != 400 {
				t.Fatalf("real name %q %s: %d %s", c.name, c.id, r.Status, r.Body)
			}
		}
		var acc sqlstore.Account
		e.Do("GET", "/api/v1/me/account", mobile, nil).JSON(t, &acc)
		if acc.Level != identity.LevelMobile || acc.IDNumber != "" {
			t.Fatalf("after refusals: %+v", acc)
		}
		if r := e.Do("POST", "/api/v1/me/real-name", mobile, map[string]any{"name": name, "id_number": id}); r.Status != 200 {
			t.Fatalf("real name: %d %s", r.Status, r.Body)
		}
		// The register read is in the citizen's own data-use log.
		u, _ := e.Store.UserByName(context.Background(), mobile)
		p, _ := e.Store.PrincipalOf(context.Background(), u)
		uses, err := e.Store.DataUses(context.Background(), p, 10)
		if err != nil || len(uses) == 0 || uses[0].Item != "D-POP-BASIC" || !strings.Contains(uses[0].Purpose, "实名认证") {
			t.Fatalf("data uses: %v %+v", err, uses)
		}
		// Authorises nothing, applies online as themself.
		sub["applicant"] = map[string]any{"type": "person", "name": name, "id_number": id}
		sub["materials"] = uploadedMarks(t, e, mobile, "330-RSSB-002")
		var own caseJSON
		if r := e.Do("POST", "/api/v1/cases", mobile, sub); r.Status != 201 {
			t.Fatalf("applies: %d %s", r.Status, r.Body)
		} else {
			r.JSON(t, &own)
		}

		// The registry's company 12 (柯城区, in business); its legal
		// representative registers and binds it.
		uscc := registry.Company(12)
		ent, _, _ := registry.Registry{}.Fetch(context.Background(), "D-ENT-REG", uscc)
		entRep, _, _ := registry.Registry{}.Fetch(context.Background(), "D-ENT-REP", uscc)
		var repIndex int
		for i := 0; i < 200; i++ {
			if registry.Person(i) == entRep["法定代表人证件号码"] {
				repIndex = i
			}
		}
		const repMobile = "13900002222"
		registerCitizen(t, e, repMobile, repIndex)
		// The first citizen is not its representative.
		if r := e.Do("POST", "/api/v1/me/companies", mobile, map[string]any{"uscc": uscc}); r.Status != 403 || !strings.Contains(string(r.Body), "identity.company.not_rep") {
			t.Fatalf("bind by another: %d %s", r.Status, r.Body)
		}
		if r := e.Do("POST", "/api/v1/me/companies", repMobile, map[string]any{"uscc": uscc}); r.Status != 201 {
			t.Fatalf("bind: %d %s", r.Status, r.Body)
		}
		if r := e.Do("POST", "/api/v1/me/companies", repMobile, map[string]any{"uscc": uscc}); r.Status != 409 {
			t.Fatalf("bind twice: %d %s", r.Status, r.Body)
		}
		until := e.Store.Now().In(onetrip.China).AddDate(0, 6, 0).Format(time.DateOnly)
		// Bad grants: a stranger's ID, a date in the past, an unknown item,
		// another's company.
		for _, c := range []struct {
			who, uscc string
			body      map[string]any
			status    int
		}{
			{repMobile, uscc, map[string]any{"name": name, "id_number": registry.Person(8), "until": until}, 400},
			{repMobile, uscc, map[string]any{"name": name, "id_number": id, "until": "2020-01-01"}, 400},
			{repMobile, uscc, map[string]any{"name": name, "id_number": id, "until": until, "items": []string{"330-NOPE-999"}}, 400},
			{mobile, uscc, map[string]any{"name": name, "id_number": id, "until": until}, 404},
		} {
			if r := e.Do("POST", "/api/v1/me/companies/"+c.uscc+"/staff", c.who, c.body); r.Status != c.status {
				t.Fatalf("grant %v: %d %s", c.body, r.Status, r.Body)
			}
		}
		// Staff for another item only: applying for 330-WSJK-001 is beyond it.
		var narrow identity.Authorisation
		e.Do("POST", "/api/v1/me/companies/"+uscc+"/staff", repMobile, map[string]any{"name": name, "id_number": id, "until": until, "items": []string{"330-RSSB-002"}}).JSON(t, &narrow)
		orgSub := map[string]any{"item": "330-WSJK-001", "region": "330802", "channel": "online",
			"applicant": map[string]any{"type": "org", "name": ent["名称"], "id_number": uscc}, "materials": allUploaded(t, e, mobile, "330-WSJK-001")}
		if r := e.Do("POST", "/api/v1/cases", mobile, orgSub); r.Status != 400 || !strings.Contains(string(r.Body), "policy.staff_beyond") {
			t.Fatalf("beyond the authorisation: %d %s", r.Status, r.Body)
		}
		if r := e.Do("DELETE", "/api/v1/me/staff-authorisations/"+narrow.ID, repMobile, nil); r.Status != 204 {
			t.Fatalf("revoke: %d %s", r.Status, r.Body)
		}
		var grant identity.Authorisation
		r = e.Do("POST", "/api/v1/me/companies/"+uscc+"/staff", repMobile, map[string]any{"name": name, "id_number": id, "until": until, "items": []string{"330-WSJK-001"}})
		if r.Status != 201 {
			t.Fatalf("grant: %d %s", r.Status, r.Body)
		}
		r.JSON(t, &grant)
		var orgCase caseJSON
		if r := e.Do("POST", "/api/v1/cases", mobile, orgSub); r.Status != 201 {
			t.Fatalf("staff applies as the company: %d %s", r.Status, r.Body)
		} else {
			r.JSON(t, &orgCase)
		}
		for _, who := range []string{mobile, repMobile} {
			if r := e.Do("GET", "/api/v1/cases/"+orgCase.ID, who, nil); r.Status != 200 {
				t.Fatalf("%s reads the company's case: %d", who, r.Status)
			}
		}
		if r := e.Do("GET", "/api/v1/cases/"+own.ID, repMobile, nil); r.Status != 404 {
			t.Fatalf("the representative reads the staff's own case: %d", r.Status)
		}
		listed := func(who, caseID string) bool {
			var list []caseJSON
			e.Do("GET", "/api/v1/cases", who, nil).JSON(t, &list)
			for _, c := range list {
				if c.ID == caseID {
					return true
				}
			}
			return false
		}
		if !listed(mobile, orgCase.ID) || !listed(repMobile, orgCase.ID) || !listed(mobile, own.ID) {
			t.Fatal("lists before revocation")
		}
		// Revoked: the staff member's access ends at once; their own case stays theirs.
		if r := e.Do("DELETE", "/api/v1/me/staff-authorisations/"+grant.ID, mobile, nil); r.Status != 404 {
			t.Fatalf("staff revokes: %d", r.Status)
		}
		if r := e.Do("DELETE", "/api/v1/me/staff-authorisations/"+grant.ID, repMobile, nil); r.Status != 204 {
			t.Fatalf("revoke: %d %s", r.Status, r.Body)
		}
		if r := e.Do("DELETE", "/api/v1/me/staff-authorisations/"+grant.ID, repMobile, nil); r.Status != 409 {
			t.Fatalf("revoke twice: %d %s", r.Status, r.Body)
		}
		if r := e.Do("GET", "/api/v1/cases/"+orgCase.ID, mobile, nil); r.Status != 404 {
			t.Fatalf("revoked staff reads the company's case: %d", r.Status)
		}
		if listed(mobile, orgCase.ID) || !listed(mobile, own.ID) || !listed(repMobile, orgCase.ID) {
			t.Fatal("lists after revocation")
		}
		if r := e.Do("POST", "/api/v1/cases", mobile, orgSub); r.Status != 400 || !strings.Contains(string(r.Body), "policy.applicant_represents") {
			t.Fatalf("revoked staff applies: %d %s", r.Status, r.Body)
		}
		// Closing waits for the open case.
		if r := e.Do("POST", "/api/v1/me/close", mobile, map[string]any{"password": citizenPassword}); r.Status != 409 {
			t.Fatalf("close with an open case: %d %s", r.Status, r.Body)
		}

		// Password reset by SMS: the old token ends, the new password logs in.
		if r := e.Do("POST", "/api/v1/sms-codes", "", map[string]any{"mobile": "13900003333", "purpose": "reset"}); r.Status != 202 || len(e.Sims.SMS.Messages("13900003333")) != 0 {
			t.Fatalf("reset for an unknown number: %d, %d texts", r.Status, len(e.Sims.SMS.Messages("13900003333")))
		}
		at(e, e.Store.Now().Add(2*time.Minute)) // the gateway texts a number once a minute
		if r := e.Do("POST", "/api/v1/sms-codes", "", map[string]any{"mobile": repMobile, "purpose": "reset"}); r.Status != 202 {
			t.Fatalf("reset code: %d %s", r.Status, r.Body)
		}
		const newPassword = "换了一个更长的新密码2026"
		if r := e.Do("POST", "/api/v1/password-resets", "", map[string]any{"mobile": repMobile, "code": smsCode(t, e, repMobile), "password": newPassword}); r.Status != 204 {
			t.Fatalf("reset: %d %s", r.Status, r.Body)
		}
		if r := e.Do("GET", "/api/v1/me/account", repMobile, nil); r.Status != 401 {
			t.Fatalf("old token after reset: %d", r.Status)
		}
		if _, _, err := e.Store.Login(context.Background(), repMobile, newPassword, "test"); err != nil {
			t.Fatalf("login with the new password: %v", err)
		}
	})
}

// TestSMSCodeLocksAfterFiveWrongTries: five wrong codes lock the number
// (429), the right code too, and every attempt is on record.
func TestSMSCodeLocksAfterFiveWrongTries(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		const mobile = "13700001234"
		if r := e.Do("POST", "/api/v1/sms-codes", "", map[string]any{"mobile": mobile, "purpose": "register"}); r.Status != 202 {
			t.Fatalf("sms code: %d %s", r.Status, r.Body)
		}
		code := smsCode(t, e, mobile)
		wrong := "000000"
		if code == wrong {
			wrong = "111111"
		}
		for i := 1; i <= identity.MaxTries; i++ {
			r := e.Do("POST", "/api/v1/accounts", "", map[string]any{"mobile": mobile, "code": wrong, "password": citizenPassword})
			want := 400
			if i == identity.MaxTries {
				want = 429
			}
			if r.Status != want {
				t.Fatalf("try %d: %d %s", i, r.Status, r.Body)
			}
		}
		r := e.Do("POST", "/api/v1/accounts", "", map[string]any{"mobile": mobile, "code": code, "password": citizenPassword})
		if r.Status != 429 || r.Header.Get("Retry-After") == "" {
			t.Fatalf("right code while locked: %d %s", r.Status, r.Body)
		}
		if r := e.Do("POST", "/api/v1/sms-codes", "", map[string]any{"mobile": mobile, "purpose": "register"}); r.Status != 429 {
			t.Fatalf("new code while locked: %d %s", r.Status, r.Body)
		}
		var n int
		if err := e.Store.DB().QueryRowContext(context.Background(), `SELECT COUNT(*) FROM identity_attempts WHERE kind = 'register' AND subject = $1 AND outcome <> 'ok'`,
			identity.MaskMobile(mobile)).Scan(&n); err != nil || n != identity.MaxTries+1 {
			t.Fatalf("attempts logged: %d %v", n, err)
		}
	})
}

// allUploaded uploads a file for every material of an item, the ones the
// platform would fetch for a holder too: a registry company holds no
// licences in the library.
func allUploaded(t *testing.T, e *apptest.Env, user, item string) []map[string]any {
	t.Helper()
	var it struct {
		Materials []struct{ ID, Name string }
	}
	e.Do("GET", "/api/v1/items/"+item, "", nil).JSON(t, &it)
	out := []map[string]any{}
	for _, m := range it.Materials {
		out = append(out, map[string]any{"spec": m.ID, "status": "received", "file": uploadPDF(t, e, user, m.Name)})
	}
	return out
}
