package sharing

import (
	"context"
	"errors"
	"testing"
	"time"

	"onetrip"
	"onetrip/catalog"
	"onetrip/idcode"
)

var (
	now         = time.Date(2026, 12, 1, 10, 0, 0, 0, onetrip.China)
	household   = catalog.DataItem{Code: "D-HOUSEHOLD", Name: "户籍户成员信息", ProviderKind: "public-security", Subject: catalog.SubjectPerson, Level: catalog.ShareConditional, Fields: []string{"户号", "成员姓名", "公民身份号码"}}
	entReg      = catalog.DataItem{Code: "D-ENT-REG", Name: "企业登记基本信息", ProviderKind: "market", Subject: catalog.SubjectOrg, Level: catalog.ShareOpen, Fields: []string{"统一社会信用代码", "名称"}}
	criminal    = catalog.DataItem{Code: "D-CRIMINAL", Name: "违法犯罪记录", ProviderKind: "public-security", Subject: catalog.SubjectPerson, Level: catalog.ShareRestricted, Fields: []string{"姓名"}}
	center      = Consumer{Kind: ConsumerCenter, ID: "330802-center"}
	citizen     = idcode.MakeCitizenID("330802", time.Date(1980, 1, 2, 0, 0, 0, 0, time.UTC), 101)
	otherPerson = idcode.MakeCitizenID("330802", time.Date(1981, 3, 4, 0, 0, 0, 0, time.UTC), 102)
)

func code(err error) onetrip.Code {
	var e *onetrip.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

func TestRequestGrant(t *testing.T) {
	for _, tc := range []struct {
		name   string
		item   catalog.DataItem
		req    GrantRequest
		code   onetrip.Code
		status string
		fields int
		until  string
	}{
		{"conditional: waits for the provider, a year by default", household, GrantRequest{Item: "D-HOUSEHOLD", Purpose: "一件事办理核验户籍"}, "", GrantRequested, 3, "2027-12-01"},
		{"open: granted at once", entReg, GrantRequest{Item: "D-ENT-REG", Purpose: "核验企业登记", Fields: []string{"名称"}}, "", GrantApproved, 1, "2027-12-01"},
		{"restricted: never", criminal, GrantRequest{Item: "D-CRIMINAL", Purpose: "核查"}, onetrip.CodeForbidden, "", 0, ""},
		{"no purpose", household, GrantRequest{Item: "D-HOUSEHOLD", Purpose: "  "}, onetrip.CodeInvalid, "", 0, ""},
		{"a field the item lacks", household, GrantRequest{Item: "D-HOUSEHOLD", Purpose: "核验", Fields: []string{"照片"}}, onetrip.CodeInvalid, "", 0, ""},
		{"an end date in the past", household, GrantRequest{Item: "D-HOUSEHOLD", Purpose: "核验", ValidUntil: "2026-11-30"}, onetrip.CodeInvalid, "", 0, ""},
		{"an end date too far", household, GrantRequest{Item: "D-HOUSEHOLD", Purpose: "核验", ValidUntil: "2030-01-01"}, onetrip.CodeInvalid, "", 0, ""},
		{"an end date that is not a date", household, GrantRequest{Item: "D-HOUSEHOLD", Purpose: "核验", ValidUntil: "明年"}, onetrip.CodeInvalid, "", 0, ""},
		{"a chosen end date", household, GrantRequest{Item: "D-HOUSEHOLD", Purpose: "核验", ValidUntil: "2027-06-30"}, "", GrantRequested, 3, "2027-06-30"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g, err := RequestGrant(tc.item, center, tc.req, "qz.clerk", now)
			if code(err) != tc.code {
				t.Fatalf("error %v, want code %q", err, tc.code)
			}
			if err != nil {
				return
			}
			if g.Status != tc.status || len(g.Fields) != tc.fields || g.ValidUntil != tc.until || g.Consumer != center.ID || g.Provider != "330000-"+tc.item.ProviderKind {
				t.Errorf("grant %+v", g)
			}
		})
	}
}

func TestDecideGrant(t *testing.T) {
	requested, _ := RequestGrant(household, center, GrantRequest{Purpose: "核验户籍", ValidUntil: "2027-12-01"}, "qz.clerk", now)
	approved, _ := DecideGrant(requested, GrantDecision{Approve: true}, "zj.admin", now)
	for _, tc := range []struct {
		name   string
		g      Grant
		d      GrantDecision
		code   onetrip.Code
		status string
		until  string
	}{
		{"approve", requested, GrantDecision{Approve: true}, "", GrantApproved, "2027-12-01"},
		{"approve for less time", requested, GrantDecision{Approve: true, ValidUntil: "2027-03-31"}, "", GrantApproved, "2027-03-31"},
		{"approve for more time than asked", requested, GrantDecision{Approve: true, ValidUntil: "2028-03-31"}, onetrip.CodeInvalid, "", ""},
		{"refuse with a reason", requested, GrantDecision{Reason: "用途与事项无关"}, "", GrantRefused, "2027-12-01"},
		{"refuse without a reason", requested, GrantDecision{}, onetrip.CodeInvalid, "", ""},
		{"decide twice", approved, GrantDecision{Approve: true}, onetrip.CodeConflict, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g, err := DecideGrant(tc.g, tc.d, "zj.admin", now)
			if code(err) != tc.code {
				t.Fatalf("error %v, want %q", err, tc.code)
			}
			if err == nil && (g.Status != tc.status || g.ValidUntil != tc.until || g.DecidedBy != "zj.admin" || g.DecidedAt == nil) {
				t.Errorf("grant %+v", g)
			}
		})
	}
}

func TestAllowed(t *testing.T) {
	mk := func(item catalog.DataItem, until string) *Grant {
		g, err := RequestGrant(item, center, GrantRequest{Purpose: "核验", ValidUntil: until}, "qz.clerk", now.AddDate(0, -1, 0))
		if err != nil {
			t.Fatal(err)
		}
		if g.Status == GrantRequested {
			g, _ = DecideGrant(g, GrantDecision{Approve: true}, "zj.admin", now.AddDate(0, -1, 0))
		}
		return &g
	}
	live, lapsed := mk(household, "2027-01-01"), mk(household, "2026-11-30")
	pending, _ := RequestGrant(household, center, GrantRequest{Purpose: "核验"}, "qz.clerk", now)
	refused, _ := DecideGrant(pending, GrantDecision{Reason: "不需要"}, "zj.admin", now)
	open := mk(entReg, "2027-01-01")
	ownCase := &CaseFacts{ID: "c1", Consumer: true, Open: true, Applicant: citizen}
	for _, tc := range []struct {
		name    string
		item    catalog.DataItem
		g       *Grant
		subject string
		c       *CaseFacts
		ok      bool
	}{
		{"a grant and the consumer's open case of that applicant", household, live, citizen, ownCase, true},
		{"no grant", household, nil, citizen, ownCase, false},
		{"a grant not yet decided", household, &pending, citizen, ownCase, false},
		{"a refused grant", household, &refused, citizen, ownCase, false},
		{"an expired grant", household, lapsed, citizen, ownCase, false},
		{"a conditional item without a case", household, live, citizen, nil, false},
		{"another body's case", household, live, citizen, &CaseFacts{Consumer: false, Open: true, Applicant: citizen}, false},
		{"a closed case", household, live, citizen, &CaseFacts{Consumer: true, Open: false, Applicant: citizen}, false},
		{"someone who is not the case's applicant", household, live, otherPerson, ownCase, false},
		{"an open item needs no case", entReg, open, "91330802MA0000019X", nil, true},
		{"a restricted item, whatever the grant", criminal, live, citizen, ownCase, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := Allowed(tc.item, tc.g, tc.subject, tc.c, now)
			if (err == nil) != tc.ok {
				t.Fatalf("allowed: %v, want ok=%v", err, tc.ok)
			}
			if err != nil && code(err) != onetrip.CodeForbidden {
				t.Errorf("a refusal is 403: %v", err)
			}
		})
	}
}

func TestCheckQuery(t *testing.T) {
	bad := citizen[:17] + "0"
	if bad == citizen {
		bad = citizen[:17] + "1"
	}
	for _, tc := range []struct {
		name string
		item *catalog.DataItem
		q    Query
		code onetrip.Code
	}{
		{"a person's item, a citizen ID", &household, Query{Subject: citizen, Purpose: "核验"}, ""},
		{"lower-case x is normalised", &household, Query{Subject: " " + citizen + " ", Purpose: "核验"}, ""},
		{"unknown item", nil, Query{Item: "D-NONE", Subject: citizen, Purpose: "核验"}, onetrip.CodeInvalid},
		{"a wrong check digit", &household, Query{Subject: bad, Purpose: "核验"}, onetrip.CodeInvalid},
		{"a USCC for a person's item", &household, Query{Subject: "91330802MA0000019X", Purpose: "核验"}, onetrip.CodeInvalid},
		{"no purpose", &household, Query{Subject: citizen}, onetrip.CodeInvalid},
		{"a restricted item", &criminal, Query{Subject: citizen, Purpose: "核验"}, onetrip.CodeForbidden},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := CheckQuery(tc.item, tc.q)
			if code(err) != tc.code {
				t.Fatalf("%v, want %q", err, tc.code)
			}
		})
	}
}

func TestFilterKeepsGrantedFields(t *testing.T) {
	got := Filter(Record{"户号": "1", "成员姓名": "张三", "公民身份号码": citizen}, []string{"户号", "成员姓名"})
	if len(got) != 2 || got["公民身份号码"] != "" {
		t.Fatalf("%v", got)
	}
}

func TestConsumerOf(t *testing.T) {
	for _, tc := range []struct {
		p    onetrip.Principal
		want Consumer
		code onetrip.Code
	}{
		{onetrip.Principal{Role: onetrip.RoleClerk, Center: "330802-center"}, Consumer{ConsumerCenter, "330802-center"}, ""},
		{onetrip.Principal{Role: onetrip.RoleReviewer, Department: "330802-market"}, Consumer{ConsumerDepartment, "330802-market"}, ""},
		{onetrip.Principal{Role: onetrip.RoleSystem, Department: "330802-market"}, Consumer{ConsumerDepartment, "330802-market"}, ""},
		{onetrip.Principal{Role: onetrip.RoleApplicant}, Consumer{}, onetrip.CodeForbidden},
		{onetrip.Principal{Role: onetrip.RoleSupervisor, Region: "330800"}, Consumer{}, onetrip.CodeForbidden},
	} {
		got, err := ConsumerOf(&tc.p)
		if got != tc.want || code(err) != tc.code {
			t.Errorf("%+v: %+v %v", tc.p, got, err)
		}
	}
}

func TestAllowedIdentification(t *testing.T) {
	pop := catalog.DataItem{Code: "D-POP-BASIC", Level: catalog.ShareConditional, Subject: catalog.SubjectPerson}
	crim := catalog.DataItem{Code: "D-CRIMINAL", Level: catalog.ShareRestricted, Subject: catalog.SubjectPerson}
	ok := &Grant{Status: GrantApproved, ValidUntil: "2027-01-01"}
	dept := Consumer{Kind: ConsumerDepartment, ID: "330802-market"}
	for _, tc := range []struct {
		name string
		it   catalog.DataItem
		g    *Grant
		c    Consumer
		want onetrip.Code
	}{
		{"a centre with a grant", pop, ok, center, ""},
		{"a department is not at the window", pop, ok, dept, onetrip.CodeForbidden},
		{"no grant", pop, nil, center, onetrip.CodeForbidden},
		{"an expired grant", pop, &Grant{Status: GrantApproved, ValidUntil: "2026-11-30"}, center, onetrip.CodeForbidden},
		{"a refused grant", pop, &Grant{Status: GrantRefused, ValidUntil: "2027-01-01"}, center, onetrip.CodeForbidden},
		{"a restricted item", crim, ok, center, onetrip.CodeForbidden},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := AllowedIdentification(tc.it, tc.g, tc.c, now)
			if got := code(err); got != tc.want {
				t.Fatalf("%v: want %q", err, tc.want)
			}
		})
	}
}

func TestProvidersRouteByItem(t *testing.T) {
	ctx := context.Background()
	dept := providerFunc(func(item, subject string) (Record, bool, error) { return Record{"by": "dept"}, true, nil })
	fall := providerFunc(func(item, subject string) (Record, bool, error) { return Record{"by": "registry"}, true, nil })
	ps := Providers{ByItem: map[string]Provider{"D-HPF": dept}, Fallback: fall}
	if r, _, _ := ps.Fetch(ctx, "D-HPF", "x"); r["by"] != "dept" {
		t.Fatalf("a connected system answers its item: %v", r)
	}
	if r, _, _ := ps.Fetch(ctx, "D-POP-BASIC", "x"); r["by"] != "registry" {
		t.Fatalf("the rest go to the fallback: %v", r)
	}
	if _, _, err := (Providers{}).Fetch(ctx, "D-HPF", "x"); !errors.Is(err, ErrNoProvider) {
		t.Fatalf("nothing connected: %v", err)
	}
}

type providerFunc func(item, subject string) (Record, bool, error)

func (f providerFunc) Fetch(_ context.Context, item, subject string) (Record, bool, error) {
	return f(item, subject)
}

func TestRevokeGrant(t *testing.T) {
	approved := Grant{Status: GrantApproved, ValidUntil: "2027-12-31"}
	g, err := RevokeGrant(approved, GrantRevocation{Reason: "用途已结束"}, "zj.hrss.admin", now)
	if err != nil || g.Status != GrantRevoked || g.Reason != "用途已结束" || g.Active(Date(now)) {
		t.Fatalf("%+v %v", g, err)
	}
	if _, err := RevokeGrant(approved, GrantRevocation{Reason: " "}, "x", now); code(err) != onetrip.CodeInvalid {
		t.Fatalf("no reason: %v", err)
	}
	for _, st := range []string{GrantRequested, GrantRefused, GrantRevoked} {
		if _, err := RevokeGrant(Grant{Status: st}, GrantRevocation{Reason: "r"}, "x", now); code(err) != onetrip.CodeConflict {
			t.Fatalf("revoking a %s grant: %v", st, err)
		}
	}
}
