package e2e

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"onetrip/app/apptest"
	"onetrip/casework"
	"onetrip/demo"
	"onetrip/idcode"
	"onetrip/sharing"
	"onetrip/sharing/registry"
	"onetrip/sharing/remote"
)

type grantJSON = sharing.Grant
type accessJSON = sharing.Access

// retiree is a person of the built-in registries (population and social
// insurance records); stranger has a valid ID the registries do not hold.
var (
	retiree  = registry.Person(4321)
	stranger = idcode.MakeCitizenID("330802", mustDate("1970-01-01"), 999)
)

// flip is another check character than c.
func flip(c byte) string {
	if c == '1' {
		return "2"
	}
	return "1"
}

// retirement is a window application of the retirement service
// (330-RSSB-004) for a person: its own materials received, the shared ones
// left to the platform.
func retirement(id, name string) map[string]any {
	return map[string]any{"item": "330-RSSB-004", "region": "330802", "channel": "window",
		"applicant": map[string]any{"type": "person", "name": name, "id_number": id},
		"materials": []map[string]any{{"spec": "330-RSSB-004.M01", "status": "received"}, {"spec": "330-RSSB-004.M05", "status": "received"}}}
}

func TestSharingCatalogueSearch(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		var page struct {
			Total int
			Items []catalogRow
		}
		r := e.Do("GET", "/api/v1/sharing/items?q=户籍", "qz.reviewer", nil)
		r.JSON(t, &page)
		if r.Status != 200 || page.Total < 2 || !hasCode(page.Items, "D-HOUSEHOLD") {
			t.Fatalf("search: %d %s", r.Status, r.Body)
		}
		e.Do("GET", "/api/v1/sharing/items?level=restricted", "qz.clerk", nil).JSON(t, &page)
		if page.Total != 2 || !hasCode(page.Items, "D-CRIMINAL") || page.Items[0].ProviderName == "" {
			t.Fatalf("restricted items: %+v", page)
		}
		e.Do("GET", "/api/v1/sharing/items?provider=taxation&limit=2", "qz.supervisor", nil).JSON(t, &page)
		if page.Total != 3 || len(page.Items) != 2 {
			t.Fatalf("a provider's items, paged: %+v", page)
		}
		for _, tc := range []struct{ path, user, code string }{
			{"/api/v1/sharing/items?level=secret", "qz.clerk", "invalid"},
			{"/api/v1/sharing/items?limit=-1", "qz.clerk", "invalid"},
			{"/api/v1/sharing/items", "qz.applicant", "forbidden"},
			{"/api/v1/sharing/items", "", "unauthorized"},
		} {
			if r := e.Do("GET", tc.path, tc.user, nil); r.ErrorCode() != tc.code {
				t.Errorf("%s as %q: %d %s", tc.path, tc.user, r.Status, r.Body)
			}
		}
	})
}

// catalogRow is an item of the sharing catalogue.
type catalogRow struct {
	Code, Name, Level, Provider string
	ProviderName                string `json:"provider_name"`
}

func hasCode(list []catalogRow, code string) bool {
	for _, it := range list {
		if it.Code == code {
			return true
		}
	}
	return false
}

func TestGrantRules(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ask := func(user string, body map[string]any) (grantJSON, apptest.Response) {
			var g grantJSON
			r := e.Do("POST", "/api/v1/sharing/grants", user, body)
			if r.Status < 300 {
				r.JSON(t, &g)
			}
			return g, r
		}
		// Bad requests: nothing recorded.
		before := len(grantsOf(t, e, "qz.reviewer", ""))
		for _, tc := range []struct {
			name string
			body any
			code string
		}{
			{"a restricted item", map[string]any{"item": "D-CRIMINAL", "purpose": "审查"}, "forbidden"},
			{"no purpose", map[string]any{"item": "D-HPF", "purpose": "  "}, "invalid"},
			{"an unknown field", map[string]any{"item": "D-HPF", "purpose": "审查", "fields": []string{"存款"}}, "invalid"},
			{"too long a term", map[string]any{"item": "D-HPF", "purpose": "审查", "valid_until": "2031-01-01"}, "invalid"},
			{"a past term", map[string]any{"item": "D-HPF", "purpose": "审查", "valid_until": "2020-01-01"}, "invalid"},
			{"an unknown item", map[string]any{"item": "D-NOPE", "purpose": "审查"}, "invalid"},
			{"an unknown member", `{"item":"D-HPF","purpose":"审查","extra":1}`, "invalid"},
			{"malformed JSON", `{"item":`, "invalid"},
		} {
			r := e.Do("POST", "/api/v1/sharing/grants", "qz.reviewer", tc.body)
			if r.ErrorCode() != tc.code {
				t.Errorf("%s: %d %s", tc.name, r.Status, r.Body)
			}
		}
		if n := len(grantsOf(t, e, "qz.reviewer", "")); n != before {
			t.Fatalf("refused requests recorded grants: %d → %d", before, n)
		}
		if _, r := ask("qz.applicant", map[string]any{"item": "D-ENT-REG", "purpose": "查询"}); r.ErrorCode() != "forbidden" {
			t.Fatalf("an applicant asks for a grant: %d %s", r.Status, r.Body)
		}

		// An open item is granted at once.
		g, r := ask("qz.reviewer", map[string]any{"item": "D-ENT-REG", "purpose": "食品经营许可审查：核验企业登记状态"})
		if r.Status != 201 || g.Status != "approved" || g.Consumer != "330802-market" || len(g.Fields) != 9 {
			t.Fatalf("an open item: %d %s", r.Status, r.Body)
		}
		// A conditional one waits for its provider.
		g, r = ask("qz.reviewer", map[string]any{"item": "D-SI-PAY", "purpose": "食品经营许可审查：核验从业人员参保", "fields": []string{"姓名", "参保状态"}})
		if r.Status != 201 || g.Status != "requested" || g.Provider != "330000-human-resources-social-security" {
			t.Fatalf("a conditional item: %d %s", r.Status, r.Body)
		}
		decide := func(user string, body map[string]any) apptest.Response {
			return e.Do("POST", "/api/v1/sharing/grants/"+g.ID+"/decision", user, body)
		}
		if r := decide("zj.police.admin", map[string]any{"approve": true}); r.ErrorCode() != "not_found" {
			t.Fatalf("another provider's admin decides: %d %s", r.Status, r.Body)
		}
		if r := decide("qz.reviewer", map[string]any{"approve": true}); r.ErrorCode() != "forbidden" {
			t.Fatalf("the consumer decides its own request: %d %s", r.Status, r.Body)
		}
		if r := decide("hz.reviewer", map[string]any{"approve": true}); r.ErrorCode() != "not_found" {
			t.Fatalf("a stranger learns of the request: %d %s", r.Status, r.Body)
		}
		if r := decide("zj.hrss.admin", map[string]any{"approve": false}); r.ErrorCode() != "invalid" {
			t.Fatalf("a refusal without a reason: %d %s", r.Status, r.Body)
		}
		if r := decide("zj.hrss.admin", map[string]any{"approve": true, "valid_until": "2035-01-01"}); r.ErrorCode() != "invalid" {
			t.Fatalf("a term longer than asked: %d %s", r.Status, r.Body)
		}
		r = decide("zj.hrss.admin", map[string]any{"approve": true, "valid_until": "2027-03-31"})
		r.JSON(t, &g)
		if r.Status != 200 || g.Status != "approved" || g.ValidUntil != "2027-03-31" || g.DecidedBy != "zj.hrss.admin" {
			t.Fatalf("approval: %d %s", r.Status, r.Body)
		}
		if r := decide("zj.hrss.admin", map[string]any{"approve": false, "reason": "改主意"}); r.ErrorCode() != "conflict" {
			t.Fatalf("a second decision: %d %s", r.Status, r.Body)
		}
		// The provider revokes it: at once, with a reason.
		if r := e.Do("POST", "/api/v1/sharing/grants/"+g.ID+"/revoke", "zj.hrss.admin", map[string]any{"reason": ""}); r.ErrorCode() != "invalid" {
			t.Fatalf("a revocation without a reason: %d %s", r.Status, r.Body)
		}
		if r := e.Do("POST", "/api/v1/sharing/grants/"+g.ID+"/revoke", "qz.reviewer", map[string]any{"reason": "x"}); r.ErrorCode() != "forbidden" {
			t.Fatalf("the consumer revokes: %d %s", r.Status, r.Body)
		}
		var rv grantJSON
		r = e.Do("POST", "/api/v1/sharing/grants/"+g.ID+"/revoke", "zj.hrss.admin", map[string]any{"reason": "审查已结束"})
		r.JSON(t, &rv)
		if r.Status != 200 || rv.Status != "revoked" {
			t.Fatalf("revocation: %d %s", r.Status, r.Body)
		}
		if r := e.Do("POST", "/api/v1/sharing/grants/"+g.ID+"/revoke", "zj.hrss.admin", map[string]any{"reason": "again"}); r.ErrorCode() != "conflict" {
			t.Fatalf("a second revocation: %d %s", r.Status, r.Body)
		}
		// A refusal with its reason.
		g2, _ := ask("qz.reviewer", map[string]any{"item": "D-HPF", "purpose": "核验公积金"})
		r = e.Do("POST", "/api/v1/sharing/grants/"+g2.ID+"/decision", "zj.admin", map[string]any{"approve": false, "reason": "与审查事项无关"})
		r.JSON(t, &g2)
		if g2.Status != "refused" || g2.Reason != "与审查事项无关" {
			t.Fatalf("refusal: %s", r.Body)
		}

		// Who sees which list.
		in := grantsOf(t, e, "zj.hrss.admin", "?incoming=true")
		for _, x := range in {
			if x.Provider != "330000-human-resources-social-security" {
				t.Fatalf("a provider sees another's grant: %+v", x)
			}
		}
		if len(in) < 3 {
			t.Fatalf("the provider's incoming grants: %d", len(in))
		}
		if r := e.Do("GET", "/api/v1/sharing/grants?incoming=true", "qz.clerk", nil); r.ErrorCode() != "forbidden" {
			t.Fatalf("a clerk decides nothing: %s", r.Body)
		}
		if r := e.Do("GET", "/api/v1/sharing/grants?status=maybe", "qz.clerk", nil); r.ErrorCode() != "invalid" {
			t.Fatalf("a bad status: %s", r.Body)
		}
		if r := e.Do("GET", "/api/v1/sharing/grants/"+g.ID, "hz.clerk", nil); r.ErrorCode() != "not_found" {
			t.Fatalf("another body reads the grant: %s", r.Body)
		}
		// A department's data admin has none of a region admin's powers.
		if r := e.Do("GET", "/api/v1/users", "zj.hrss.admin", nil); r.ErrorCode() != "forbidden" {
			t.Fatalf("a data admin lists users: %d", r.Status)
		}
		if r := e.Do("GET", "/api/v1/cases", "zj.hrss.admin", nil); r.Status != 403 {
			t.Fatalf("a data admin lists cases: %d", r.Status)
		}
	})
}

func grantsOf(t *testing.T, e *apptest.Env, user, query string) []grantJSON {
	t.Helper()
	var list []grantJSON
	r := e.Do("GET", "/api/v1/sharing/grants"+query, user, nil)
	if r.Status != 200 {
		t.Fatalf("grants of %s: %d %s", user, r.Status, r.Body)
	}
	r.JSON(t, &list)
	return list
}

func TestSharingQueries(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		// The retiree's case at the 柯城 centre: the centre (granted every
		// item its services use) reads the applicant's data for it.
		var c casework.Case
		r := e.Do("POST", "/api/v1/cases", "qz.clerk", retirement(retiree, "退休人"))
		r.JSON(t, &c)
		if r.Status != 201 {
			t.Fatalf("case: %d %s", r.Status, r.Body)
		}
		query := func(user string, body any) apptest.Response { return e.Do("POST", "/api/v1/sharing/query", user, body) }
		var ans sharing.Answer
		r = query("qz.clerk", map[string]any{"item": "D-SI-PAY", "subject": retiree, "case": c.ID, "purpose": "退休审核：核对缴费年限"})
		r.JSON(t, &ans)
		if r.Status != 200 || ans.Fields["参保状态"] == "" || ans.Fields["公民身份号码"] != retiree || strings.Contains(string(r.Body[:strings.Index(string(r.Body), `"fields"`)]), retiree) {
			t.Fatalf("a granted query: %d %s", r.Status, r.Body)
		}

		// Refusals say the same whether the person exists or not.
		deny := map[string]map[string]any{
			"no case":           {"item": "D-SI-PAY", "subject": retiree, "purpose": "查询"},
			"another subject":   {"item": "D-SI-PAY", "subject": registry.Person(99), "case": c.ID, "purpose": "查询"},
			"a stranger":        {"item": "D-SI-PAY", "subject": stranger, "case": c.ID, "purpose": "查询"},
			"an unknown case":   {"item": "D-SI-PAY", "subject": retiree, "case": "nope", "purpose": "查询"},
			"an ungranted item": {"item": "D-DEATH", "subject": retiree, "case": c.ID, "purpose": "查询"},
			"a restricted item": {"item": "D-CRIMINAL", "subject": retiree, "case": c.ID, "purpose": "查询"},
		}
		var bodies []string
		for name, q := range deny {
			r := query("qz.clerk", q)
			if r.Status != 403 {
				t.Errorf("%s: %d %s", name, r.Status, r.Body)
			}
			if name != "a restricted item" {
				bodies = append(bodies, string(r.Body))
			}
		}
		for _, b := range bodies[1:] {
			if b != bodies[0] {
				t.Fatalf("refusals differ, so a caller can probe: %s vs %s", b, bodies[0])
			}
		}
		// Another centre, with the case of 柯城: its own grant does not reach another body's case.
		if r := query("hz.clerk", map[string]any{"item": "D-SI-PAY", "subject": retiree, "case": c.ID, "purpose": "查询"}); r.Status != 403 {
			t.Fatalf("another body's case: %d %s", r.Status, r.Body)
		}
		// Bad input.
		for _, tc := range []struct {
			name, user string
			body       any
			code       string
		}{
			{"a failing check digit", "qz.clerk", map[string]any{"item": "D-SI-PAY", "subject": retiree[:17] + flip(retiree[17]), "case": c.ID, "purpose": "查询"}, "invalid"},
			{"no purpose", "qz.clerk", map[string]any{"item": "D-SI-PAY", "subject": retiree, "case": c.ID, "purpose": ""}, "invalid"},
			{"an unknown item", "qz.clerk", map[string]any{"item": "D-NOPE", "subject": retiree, "purpose": "查询"}, "invalid"},
			{"a USCC for a person's item", "qz.clerk", map[string]any{"item": "D-SI-PAY", "subject": demo.QZCompany.IDNumber, "case": c.ID, "purpose": "查询"}, "invalid"},
			{"malformed JSON", "qz.clerk", `{"item":"D-SI-PAY",`, "invalid"},
			{"an applicant", "qz.applicant", map[string]any{"item": "D-SI-PAY", "subject": retiree, "case": c.ID, "purpose": "查询"}, "forbidden"},
			{"no token", "", map[string]any{"item": "D-SI-PAY", "subject": retiree, "purpose": "查询"}, "unauthorized"},
		} {
			if r := query(tc.user, tc.body); r.ErrorCode() != tc.code {
				t.Errorf("%s: %d %s", tc.name, r.Status, r.Body)
			}
		}
		// An open item needs the grant only: the reviewer's department
		// asks for the enterprise register and reads any company's.
		e.Do("POST", "/api/v1/sharing/grants", "qz.reviewer", map[string]any{"item": "D-ENT-REG", "purpose": "核验企业登记", "fields": []string{"名称", "登记状态"}})
		r = query("qz.reviewer", map[string]any{"item": "D-ENT-REG", "subject": registry.Company(7), "purpose": "食品经营许可审查"})
		ans = sharing.Answer{}
		r.JSON(t, &ans)
		if r.Status != 200 || len(ans.Fields) != 2 || ans.Fields["名称"] == "" {
			t.Fatalf("only the granted fields: %d %s", r.Status, r.Body)
		}
		if r := query("qz.reviewer", map[string]any{"item": "D-ENT-REG", "subject": demo.QZCompany.IDNumber[:17] + "Y", "purpose": "审查"}); r.Status != 400 && r.Status != 404 {
			t.Fatalf("an unknown company: %d %s", r.Status, r.Body)
		}

		// A grant expires: 杭州's reviewers hold the register until
		// tomorrow; the same query is refused the day after.
		tomorrow := sharing.Date(time.Now().AddDate(0, 0, 1))
		if r := e.Do("POST", "/api/v1/sharing/grants", "hz.reviewer", map[string]any{"item": "D-ENT-REG", "purpose": "核验", "valid_until": tomorrow}); r.Status != 201 {
			t.Fatalf("a short grant: %d %s", r.Status, r.Body)
		}
		q := map[string]any{"item": "D-ENT-REG", "subject": registry.Company(7), "purpose": "审查"}
		if r := query("hz.reviewer", q); r.Status != 200 {
			t.Fatalf("before it expires: %d %s", r.Status, r.Body)
		}
		e.Store.SetClock(func() time.Time { return time.Now().AddDate(0, 0, 2) })
		r = query("hz.reviewer", q)
		e.Store.SetClock(nil)
		if r.Status != 403 {
			t.Fatalf("an expired grant: %d %s", r.Status, r.Body)
		}

		// Every attempt is in the log: the supervisor finds them by the
		// subject's ID number, masked, with their results.
		var log []accessJSON
		r = e.Do("GET", "/api/v1/sharing/log?subject="+retiree, "qz.supervisor", nil)
		r.JSON(t, &log)
		log0 := log
		results := map[string]int{}
		for _, a := range log {
			results[a.Result]++
			if a.Subject == retiree || !strings.Contains(a.Subject, "*") {
				t.Fatalf("the subject is shown masked: %+v", a)
			}
		}
		if strings.Contains(string(r.Body), retiree) {
			t.Fatal("the log answers the full ID number")
		}
		// intake's own reads (population, social insurance) + 1 answered
		// query; 4 refusals of retiree's (no case, unknown case, ungranted,
		// restricted; 杭州's centre's attempt is not 衢州's supervisor's to
		// see); 1 without purpose.
		if results["answered"] < 3 || results["denied"] != 4 || results["invalid"] != 1 {
			t.Fatalf("results in the log: %v", results)
		}
		for _, a := range log {
			if a.CaseNumber == c.Number && a.Result == "answered" && a.Consumer == "330802-center" {
				goto found
			}
		}
		t.Fatalf("the case's read is not in the log: %+v", log)
	found:
		// Scope of the log: a provider's admin sees its items only; a
		// clerk nothing; 杭州's supervisor not 衢州's reads.
		e.Do("GET", "/api/v1/sharing/log", "zj.hrss.admin", nil).JSON(t, &log)
		for _, a := range log {
			if a.Provider != "330000-human-resources-social-security" {
				t.Fatalf("a provider sees another's reads: %+v", a)
			}
		}
		if len(log) == 0 {
			t.Fatal("the provider sees no reads of its items")
		}
		e.Do("GET", "/api/v1/sharing/log?subject="+retiree, "hz.supervisor", nil).JSON(t, &log)
		for _, a := range log {
			if !strings.HasPrefix(a.Consumer, "3301") {
				t.Fatalf("杭州's supervisor sees 衢州's reads: %+v", a)
			}
		}
		// The supervisor's Excel export of the same search, by token.
		x := e.Do("GET", "/sharing/log.xlsx?subject="+retiree, "qz.supervisor", nil)
		if x.Status != 200 || !strings.Contains(x.Header.Get("Content-Type"), "spreadsheetml") {
			t.Fatalf("export: %d %s", x.Status, x.Header.Get("Content-Type"))
		}
		f, err := excelize.OpenReader(bytes.NewReader(x.Body))
		if err != nil {
			t.Fatal(err)
		}
		xrows, _ := f.GetRows("数据访问日志")
		if len(xrows) != len(log0)+1 || !strings.Contains(strings.Join(xrows[1], "|"), "*") || strings.Contains(fmt.Sprint(xrows), retiree) {
			t.Fatalf("export rows: %d (log %d): %v", len(xrows), len(log0), xrows[:min(2, len(xrows))])
		}
		if x := e.Do("GET", "/sharing/log.xlsx", "qz.clerk", nil); x.Status != 403 {
			t.Fatalf("a clerk's export: %d", x.Status)
		}
		for _, tc := range []struct{ path, user, code string }{
			{"/api/v1/sharing/log", "qz.clerk", "forbidden"},
			{"/api/v1/sharing/log?from=yesterday", "qz.supervisor", "invalid"},
			{"/api/v1/me/data-uses", "qz.clerk", "forbidden"},
		} {
			if r := e.Do("GET", tc.path, tc.user, nil); r.ErrorCode() != tc.code {
				t.Errorf("%s as %s: %d %s", tc.path, tc.user, r.Status, r.Body)
			}
		}
	})
}

// TestIntakeReadsSharedDataForTheCase: at acceptance the window's centre
// reads the applicant's shared records bound to the case (免提交); a
// record the provider does not hold is in the notice with the item's and
// the provider's names; the applicant sees the reads on their data-use
// page.
func TestIntakeReadsSharedDataForTheCase(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		var c casework.Case
		r := e.Do("POST", "/api/v1/cases", "qz.clerk", map[string]any{"item": "330-MZSW-004", "region": "330802", "channel": "window",
			"applicant": map[string]any{"type": "person", "name": "王建国", "id_number": demo.QZApplicant.IDNumber},
			"materials": []map[string]any{{"spec": "330-MZSW-004.M01", "status": "received"}, {"spec": "330-MZSW-004.M03", "status": "received"}}})
		r.JSON(t, &c)
		if r.Status != 201 || c.Notice == nil {
			t.Fatalf("case: %d %s", r.Status, r.Body)
		}
		// Household, real estate, social insurance and provident fund are
		// held; the vehicle register holds no record of him.
		if len(c.Notice.Items) != 1 || c.Notice.Items[0].Name != "家庭成员机动车信息" {
			t.Fatalf("the notice: %+v", c.Notice.Items)
		}
		zh := c.Notice.Items[0].ReasonText("zh")
		if !strings.Contains(zh, "机动车登记信息") || !strings.Contains(zh, "浙江省公安局") || strings.Contains(zh, "证照库") {
			t.Fatalf("the reason names the item and its provider: %q", zh)
		}
		var uses []accessJSON
		r = e.Do("GET", "/api/v1/me/data-uses", "qz.applicant", nil)
		r.JSON(t, &uses)
		items := map[string]string{}
		for _, u := range uses {
			if u.CaseNumber == c.Number {
				items[u.Item] = u.Result
				if !strings.Contains(u.Purpose, c.Number) || u.ConsumerName == "" || u.Subject == demo.QZApplicant.IDNumber {
					t.Fatalf("a data use: %+v", u)
				}
			}
		}
		if items["D-HOUSEHOLD"] != "answered" || items["D-VEHICLE"] != "no_record" || len(items) < 6 {
			t.Fatalf("the applicant's data uses of the case: %v (%s)", items, r.Body)
		}
		if r := e.Do("GET", "/api/v1/me/data-uses", "hz.applicant", nil); strings.Contains(string(r.Body), c.Number) {
			t.Fatal("another applicant sees the reads")
		}
	})
}

// TestAHangingProviderDoesNotStallIntake: a department's system that never
// answers costs an application its timeout, the material goes into the
// notice as "does not answer", and after a few failures the circuit opens
// and the system is not called at all.
func TestAHangingProviderDoesNotStallIntake(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		var calls atomic.Int32
		release := make(chan struct{})
		dept := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			calls.Add(1)
			select {
			case <-release:
			case <-r.Context().Done():
			}
		}))
		t.Cleanup(func() { close(release); dept.Close() })
		key, err := e.Store.PlatformKey(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		const timeout = 150 * time.Millisecond
		rp := remote.New(map[string]string{"D-HOUSEHOLD": dept.URL}, key, remote.Options{Timeout: timeout, Retries: -1, FailuresOpen: 2, OpenFor: time.Hour})
		e.Store.SetSharingProvider(sharing.Providers{ByItem: map[string]sharing.Provider{"D-HOUSEHOLD": rp}, Fallback: demo.Registry()})
		apply := func() (casework.Case, time.Duration) {
			start := time.Now()
			var c casework.Case
			r := e.Do("POST", "/api/v1/cases", "qz.clerk", map[string]any{"item": "330-MZSW-004", "region": "330802", "channel": "window",
				"applicant": map[string]any{"type": "person", "name": "王建国", "id_number": demo.QZApplicant.IDNumber},
				"materials": []map[string]any{{"spec": "330-MZSW-004.M01", "status": "received"}, {"spec": "330-MZSW-004.M03", "status": "received"}}})
			r.JSON(t, &c)
			if r.Status != 201 {
				t.Fatalf("case: %d %s", r.Status, r.Body)
			}
			return c, time.Since(start)
		}
		for i := range 2 {
			c, took := apply()
			// A hang is forever: anything near the request deadline (30 s)
			// would mean intake waited for it.
			if took > 20*timeout {
				t.Fatalf("application %d took %v with a %v provider timeout", i, took, timeout)
			}
			found := false
			for _, it := range c.Notice.Items {
				if it.Name == "家庭成员户籍信息" && strings.Contains(it.ReasonText("zh"), "暂时无法应答") {
					found = true
				}
			}
			if !found {
				t.Fatalf("the notice says the provider did not answer: %+v", c.Notice.Items)
			}
		}
		if rp.State("D-HOUSEHOLD") != "open" || calls.Load() != 2 {
			t.Fatalf("after 2 failures: circuit %s, %d calls", rp.State("D-HOUSEHOLD"), calls.Load())
		}
		apply()
		if calls.Load() != 2 {
			t.Fatalf("an open circuit still calls the system: %d calls", calls.Load())
		}
	})
}

// TestTheRepresentativesMaterialsAreFetched: a company applying online
// has its legal representative's identity (法定代表人身份信息, from the
// population register) fetched as the 免提交 badge promises — the
// representative its business licence names; and only that person may
// apply for it online.
func TestTheRepresentativesMaterialsAreFetched(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		sub := map[string]any{"item": "330-SCJG-005", "region": "330802", "channel": "online", "materials": uploadedMarks(t, e, "qz.applicant", "330-SCJG-005"),
			"applicant": map[string]any{"type": "org", "name": demo.QZCompany.Name, "id_number": demo.QZCompany.IDNumber}}
		var pre struct {
			Complete bool
			Entries  []struct{ Name, State, Source string }
		}
		r := e.Do("POST", "/api/v1/cases/precheck", "qz.applicant", sub)
		r.JSON(t, &pre)
		states := map[string]string{}
		for _, en := range pre.Entries {
			states[en.Name] = en.State
		}
		if r.Status != 200 || states["法定代表人（负责人）身份信息"] != "fetched" || states["营业执照"] != "fetched" || !pre.Complete {
			t.Fatalf("precheck: %d %v", r.Status, states)
		}
		var uses []accessJSON
		e.Do("GET", "/api/v1/me/data-uses", "qz.applicant", nil).JSON(t, &uses)
		if len(uses) == 0 || uses[0].Item != "D-POP-BASIC" || !strings.Contains(uses[0].Purpose, "法定代表人") {
			t.Fatalf("the representative's read is not in their data uses: %+v", uses)
		}
		// 李晓梅 does not represent 王建国's company.
		if r := e.Do("POST", "/api/v1/cases", "hz.applicant", sub); r.Status != 400 || !strings.Contains(string(r.Body), "policy.applicant_represents") {
			t.Fatalf("someone else applies for the company: %d %s", r.Status, r.Body)
		}
		if r := e.Do("POST", "/api/v1/cases", "qz.applicant", sub); r.Status != 201 {
			t.Fatalf("the representative applies: %d %s", r.Status, r.Body)
		}
	})
}
