package identity

import (
	"testing"
	"time"

	"onetrip"
	"onetrip/idcode"
)

func code(t *testing.T, key []byte, digits string, sent time.Time, tries int, used bool) *Code {
	t.Helper()
	c := &Code{ID: "c1", Mobile: "13800138000", Purpose: PurposeRegister, Hash: HashDigits(key, "c1", digits), SentAt: sent, Tries: tries}
	if used {
		u := sent.Add(time.Second)
		c.UsedAt = &u
	}
	return c
}

func TestCheckMobile(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"13800138000", "13800138000"}, {"+86 138 0013 8000", "13800138000"}, {"86-13800138000", "13800138000"},
		{"12800138000", ""}, {"1380013800", ""}, {"1380013800a", ""}, {"", ""}, {"138001380000", ""},
	} {
		got, err := CheckMobile(c.in)
		if got != c.want || (err == nil) != (c.want != "") {
			t.Errorf("CheckMobile(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
	if MaskMobile("13800138000") != "138****8000" {
		t.Error(MaskMobile("13800138000"))
	}
}

func TestCodeRules(t *testing.T) {
	key := []byte("k")
	t0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name    string
		code    *Code
		digits  string
		at      time.Time
		want    string // message key, "" for right
		count   bool
		tooMany bool
	}{
		{"right", code(t, key, "123456", t0, 0, false), "123456", t0.Add(time.Minute), "", false, false},
		{"none sent", nil, "123456", t0, "identity.code.none", false, false},
		{"wrong counts", code(t, key, "123456", t0, 0, false), "654321", t0, "identity.code.wrong", true, false},
		{"fifth wrong locks", code(t, key, "123456", t0, 4, false), "654321", t0, "identity.code.locked", true, true},
		{"locked even if right", code(t, key, "123456", t0, 5, false), "123456", t0.Add(time.Minute), "identity.code.locked", false, true},
		{"lock over, code expired", code(t, key, "123456", t0, 5, false), "123456", t0.Add(LockFor + time.Second), "identity.code.expired", false, false},
		{"expired", code(t, key, "123456", t0, 0, false), "123456", t0.Add(CodeTTL + time.Second), "identity.code.expired", false, false},
		{"reused", code(t, key, "123456", t0, 0, true), "123456", t0.Add(time.Minute), "identity.code.used", false, false},
		{"other key", code(t, []byte("x"), "123456", t0, 0, false), "123456", t0, "identity.code.wrong", true, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			err, count := Check(c.code, key, c.digits, c.at)
			got := ""
			if err != nil {
				got = onetrip.AsError(err).Key
			}
			if got != c.want || count != c.count {
				t.Fatalf("Check = %v, count %v; want %q, count %v", err, count, c.want, c.count)
			}
			if c.tooMany != (err != nil && onetrip.AsError(err).Code == onetrip.CodeTooMany) {
				t.Fatalf("too many: %v", err)
			}
		})
	}
}

func TestCanSend(t *testing.T) {
	key := []byte("k")
	t0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name string
		last *Code
		at   time.Time
		ok   bool
	}{
		{"first", nil, t0, true},
		{"within a minute", code(t, key, "1", t0, 0, false), t0.Add(30 * time.Second), false},
		{"after a minute", code(t, key, "1", t0, 0, false), t0.Add(61 * time.Second), true},
		{"used, again at once", code(t, key, "1", t0, 0, true), t0.Add(10 * time.Second), true},
		{"locked", code(t, key, "1", t0, 5, false), t0.Add(10 * time.Minute), false},
		{"lock over", code(t, key, "1", t0, 5, false), t0.Add(LockFor), true},
	} {
		if err := CanSend(c.last, c.at); (err == nil) != c.ok {
			t.Errorf("%s: CanSend = %v", c.name, err)
		}
	}
}

func TestCheckRealName(t *testing.T) {
	id := idcode.MakeCitizenID("330802", time.Date(1986, 5, 14, 0, 0, 0, 0, time.UTC), 123)
	for _, c := range []struct {
		name, given, id string
		pop             Population
		ok              bool
	}{
		{"match", "王建国", id, Population{true, "王建国"}, true},
		{"spaces", " 王建国 ", padded(id), Population{true, "王建国"}, true},
		{"dots", "阿依古丽•买买提", id, Population{true, "阿依古丽·买买提"}, true},
		{"other name", "王建", id, Population{true, "王建国"}, false},
		{"no such person", "王建国", id, Population{}, false},
		{"bad check digit", "王建国", id[:17] + "0", Population{true, "王建国"}, false},
		{"no name", "", id, Population{true, "王建国"}, false},
	} {
		_, err := CheckRealName(c.given, c.id, c.pop)
		if (err == nil) != c.ok {
			t.Errorf("%s: %v", c.name, err)
		}
	}
}

func padded(s string) string { return " " + s + " " }

func TestCheckBinding(t *testing.T) {
	rep := idcode.MakeCitizenID("330802", time.Date(1986, 5, 14, 0, 0, 0, 0, time.UTC), 123)
	uscc := idcode.MakeOrgUSCC("91", "330802", "MA2BW001")
	active := Registration{Found: true, Name: "衢州市建国食品有限公司", Status: "存续（在营、开业、在册）", Representative: rep}
	for _, c := range []struct {
		name, holder, uscc string
		reg                Registration
		want               onetrip.Code
	}{
		{"the representative", rep, uscc, active, ""},
		{"not verified", "", uscc, active, onetrip.CodeForbidden},
		{"someone else", idcode.MakeCitizenID("330802", time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC), 11), uscc, active, onetrip.CodeForbidden},
		{"not registered", rep, uscc, Registration{}, onetrip.CodeNotFound},
		{"deregistered", rep, uscc, Registration{Found: true, Status: "注销", Representative: rep}, onetrip.CodeInvalid},
		{"bad uscc", rep, badCheck(uscc), active, onetrip.CodeInvalid},
	} {
		_, err := CheckBinding(c.holder, c.uscc, c.reg)
		var got onetrip.Code
		if err != nil {
			got = onetrip.AsError(err).Code
		}
		if got != c.want {
			t.Errorf("%s: %v, want %s", c.name, err, c.want)
		}
	}
}

func TestAuthorisation(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	rev := t0.Add(time.Hour)
	for _, c := range []struct {
		name string
		a    Authorisation
		item string
		at   time.Time
		ok   bool
	}{
		{"every item", Authorisation{Until: t0.AddDate(0, 1, 0)}, "330-SCJG-001", t0, true},
		{"its item", Authorisation{Items: []string{"330-SCJG-001"}, Until: t0.AddDate(0, 1, 0)}, "330-SCJG-001", t0, true},
		{"another item", Authorisation{Items: []string{"330-SCJG-001"}, Until: t0.AddDate(0, 1, 0)}, "330-ZJJS-002", t0, false},
		{"ended", Authorisation{Until: t0}, "330-SCJG-001", t0, false},
		{"revoked", Authorisation{Until: t0.AddDate(0, 1, 0), RevokedAt: &rev}, "330-SCJG-001", t0.Add(2 * time.Hour), false},
	} {
		if got := c.a.Covers(c.item, c.at); got != c.ok {
			t.Errorf("%s: Covers = %v", c.name, got)
		}
	}
	known := func(s string) bool { return s == "330-SCJG-001" }
	for _, c := range []struct {
		name  string
		a     Authorisation
		level Level
		ok    bool
	}{
		{"fine", Authorisation{StaffID: "B", Items: []string{"330-SCJG-001"}, Until: t0.AddDate(1, 0, 0)}, LevelRealName, true},
		{"self", Authorisation{StaffID: "A", Until: t0.AddDate(1, 0, 0)}, LevelRealName, false},
		{"unverified staff", Authorisation{StaffID: "B", Until: t0.AddDate(1, 0, 0)}, LevelMobile, false},
		{"past", Authorisation{StaffID: "B", Until: t0}, LevelRealName, false},
		{"too long", Authorisation{StaffID: "B", Until: t0.AddDate(4, 0, 0)}, LevelRealName, false},
		{"unknown item", Authorisation{StaffID: "B", Items: []string{"X"}, Until: t0.AddDate(1, 0, 0)}, LevelRealName, false},
	} {
		if err := CheckGrant(c.a, "A", c.level, t0, known); (err == nil) != c.ok {
			t.Errorf("%s: %v", c.name, err)
		}
	}
	if CanClose(0) != nil || CanClose(2) == nil {
		t.Error("CanClose")
	}
}

// badCheck changes a code's check character.
func badCheck(s string) string {
	if s[len(s)-1] == '1' {
		return s[:len(s)-1] + "2"
	}
	return s[:len(s)-1] + "1"
}
