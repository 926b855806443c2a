package e2e

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"onetrip/app/apptest"
	"onetrip/demo"
	"onetrip/idcode"
	"onetrip/licence"
	"onetrip/sqlstore"
	"onetrip/workday"
)

// TestStepWithOutstandingDeferredMaterialCannotBeApproved: 容缺 per task. The
// fire step's own training record was accepted deferred; until it arrives
// the fire step cannot be approved (and L-FIRE is not issued), the other
// steps can, and the reviewer's task says why.
func TestStepWithOutstandingDeferredMaterialCannotBeApproved(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		cl := bundleChecklist(t, e, "B-RESTAURANT")
		training := specOf(t, cl, "员工岗前消防安全教育培训记录")
		marks := marksExcept(cl, "员工岗前消防安全教育培训记录")
		marks = append(marks, mark{Spec: training, Status: "deferred"})
		c := acceptBundle(t, e, "B-RESTAURANT", map[string]any{"materials": marks})
		if c.DeferredDue == "" {
			t.Fatalf("accepted with deferred material but no due date: %+v", c)
		}
		first := queueTask(t, e, "qz.reviewer", c.ID)
		decide(t, e, "qz.reviewer", first, "approve", map[string]string{"统一社会信用代码": idcode.MakeOrgUSCC("91", "330802", "MA2D0003"), "名称": "衢州市卫东餐饮有限公司"})

		fire := queueTask(t, e, "qz.reviewer.fire", c.ID)
		var opened struct {
			Outstanding []struct{ Name string } `json:"outstanding_deferred"`
		}
		e.Do("GET", "/api/v1/tasks/"+fire.ID, "qz.reviewer.fire", nil).JSON(t, &opened)
		if len(opened.Outstanding) != 1 || opened.Outstanding[0].Name != "员工岗前消防安全教育培训记录" {
			t.Fatalf("the fire task must say what it waits for: %+v", opened)
		}
		r := e.Do("POST", "/api/v1/tasks/"+fire.ID+"/decision", "qz.reviewer.fire", map[string]any{"decision": "approve", "version": fire.Version})
		if r.Status != 409 || !strings.Contains(string(r.Body), "casework.task.deferred") {
			t.Fatalf("approval with the step's deferred material out: %d %s", r.Status, r.Body)
		}
		// Another step of the case is not held up by the fire step's material.
		housing := queueTask(t, e, "qz.reviewer.housing", c.ID)
		decide(t, e, "qz.reviewer.housing", housing, "approve", nil)
		// The page says why the approve button is blocked.
		page := newClient(t, e, "qz.reviewer.fire")
		if _, body := page.get("/review/tasks/" + fire.ID); !strings.Contains(body, `id="outstanding-deferred"`) || !strings.Contains(body, "员工岗前消防安全教育培训记录") {
			t.Fatal("the review page must name the outstanding deferred material")
		}
		var got struct{ Licences []struct{ Type string } }
		e.Do("GET", "/api/v1/cases/"+c.ID, "qz.clerk", nil).JSON(t, &got)
		for _, l := range got.Licences {
			if l.Type == "L-FIRE" {
				t.Fatal("L-FIRE issued before the training record arrived")
			}
		}
		// The record arrives; now the fire step can be approved.
		var cc caseJSON
		e.Do("GET", "/api/v1/cases/"+c.ID, "qz.clerk", nil).JSON(t, &cc)
		if r := e.Do("POST", "/api/v1/cases/"+c.ID+"/supply", "qz.clerk", map[string]any{"materials": []mark{{Spec: training, Status: "received"}},
			"in_person": true, "version": cc.Version}); r.Status != 200 {
			t.Fatalf("supply: %d %s", r.Status, r.Body)
		}
		fire = queueTask(t, e, "qz.reviewer.fire", c.ID)
		decide(t, e, "qz.reviewer.fire", fire, "approve", nil)
	})
}

// TestFetchedMaterialMustBeHeld: a licence-sourced material is 免提交 only
// with a valid licence of its type held by the applicant; anything else is
// a 400 naming the line, and a fetch that is accepted is logged as a use.
func TestFetchedMaterialMustBeHeld(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		find := func(holder, typ string) licence.Licence {
			list, err := e.Store.Licences(ctx, sqlstore.LicenceQuery{Holder: holder, Type: typ})
			if err != nil || len(list) == 0 {
				t.Fatalf("demo licence %s of %s: %v", typ, holder, err)
			}
			return list[0]
		}
		own := find(demo.QZCompany.IDNumber, "L-BIZ")
		others := find(demo.HZCompany.IDNumber, "L-BIZ")
		idcard := find(demo.QZApplicant.IDNumber, "L-IDCARD")
		var item struct {
			Materials []struct{ ID, Name, Source string }
		}
		e.Do("GET", "/api/v1/items/330-SCJG-005", "", nil).JSON(t, &item)
		type lmark struct {
			Spec    string `json:"spec"`
			Status  string `json:"status"`
			Licence string `json:"licence,omitempty"`
		}
		body := func(ref string) map[string]any {
			var marks []lmark
			for _, m := range item.Materials {
				mk := lmark{Spec: m.ID, Status: "received"}
				if m.Source == "licence:L-BIZ" {
					mk.Licence = ref
				}
				marks = append(marks, mk)
			}
			return map[string]any{"item": "330-SCJG-005", "region": "330802", "channel": "window",
				"applicant": map[string]any{"type": "org", "name": demo.QZCompany.Name, "id_number": demo.QZCompany.IDNumber}, "materials": marks}
		}
		for _, ref := range []string{others.Identifier, idcard.Identifier, licence.Prefix + "does-not-exist"} {
			r := e.Do("POST", "/api/v1/cases", "qz.clerk", body(ref))
			if r.Status != 400 || !strings.Contains(string(r.Body), ".licence") || !strings.Contains(string(r.Body), "intake.material.not_held") {
				t.Fatalf("fetched with %s: %d %s", ref, r.Status, r.Body)
			}
		}
		var c caseJSON
		r := e.Do("POST", "/api/v1/cases", "qz.clerk", body(own.Identifier))
		r.JSON(t, &c)
		if r.Status != 201 || c.Status != "accepted" {
			t.Fatalf("own licence: %d %s", r.Status, r.Body)
		}
		fetched := false
		for _, m := range c.Materials {
			if m.Source == "licence:L-BIZ" {
				fetched = m.State == "fetched" && m.Ref == own.Identifier
			}
		}
		if !fetched {
			t.Fatalf("the business licence must be fetched: %+v", c.Materials)
		}
		uses, err := e.Store.LicenceUses(ctx, own.ID)
		if err != nil {
			t.Fatal(err)
		}
		logged := false
		for _, u := range uses {
			if u.CaseID == c.ID && strings.Contains(u.Purpose, c.Number) && u.UsedBy == "qz.clerk" {
				logged = true
			}
		}
		if !logged {
			t.Fatalf("the fetch must be logged with the case number: %+v", uses)
		}
	})
}

// TestSubmissionStructureIsRequired: materials must be given (null or
// missing is not "nothing handed in"), the form is an object, a spec is
// listed once; each is a 400 naming the field, and nothing is recorded.
func TestSubmissionStructureIsRequired(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		cl := bundleChecklist(t, e, "B-HOUSE-RESALE")
		marks := marksExcept(cl)
		twice := append(append([]mark{}, marks...), marks[0])
		for _, tc := range []struct {
			name string
			body map[string]any
			path string
		}{
			{"materials null", houseResaleWith(nil, "materials", nil), "materials"},
			{"materials missing", houseResaleWith(nil, "materials", "-"), "materials"},
			{"form a string", houseResaleWith(marks, "form", "备注"), "form"},
			{"form an array", houseResaleWith(marks, "form", []string{"a"}), "form"},
			{"spec twice", houseResaleWith(twice, "", nil), "materials[" + strconv.Itoa(len(marks)) + "].spec"},
		} {
			before := countCases(t, e)
			r := e.Do("POST", "/api/v1/cases", "qz.clerk", tc.body)
			if r.Status != 400 || !strings.Contains(string(r.Body), `"path":"`+tc.path+`"`) {
				t.Errorf("%s: %d %s", tc.name, r.Status, r.Body)
			}
			if countCases(t, e) != before {
				t.Errorf("%s: a case was recorded", tc.name)
			}
		}
	})
}

// houseResaleWith is the resale application with one field set ("-"
// removes it).
func houseResaleWith(marks []mark, field string, v any) map[string]any {
	b := houseResale(marks)
	switch {
	case field == "":
	case v == "-":
		delete(b, field)
	default:
		b[field] = v
	}
	if field == "materials" && v == nil {
		b["materials"] = nil
	}
	return b
}

func countCases(t *testing.T, e *apptest.Env) int {
	t.Helper()
	var list []caseJSON
	e.Do("GET", "/api/v1/cases?limit=200", "qz.clerk", nil).JSON(t, &list)
	return len(list)
}

// TestDeadlineInAnUnpublishedYearIsProvisional: a due date in a year whose
// holidays are not published is marked provisional in the API and on the
// case page, and the calendar page warns from 1 October.
func TestDeadlineInAnUnpublishedYearIsProvisional(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		last := 2026
		for workday.Default().Published(last + 1) {
			last++
		}
		at(e, time.Date(last, 12, 31, 10, 0, 0, 0, cst))
		c := acceptBundle(t, e, "B-HOUSE-RESALE", nil)
		var got caseJSON
		e.Do("GET", "/api/v1/cases/"+c.ID, "qz.clerk", nil).JSON(t, &got)
		if !strings.HasPrefix(got.Clock.DueDate, strconv.Itoa(last+1)) || !got.DueProvisional {
			t.Fatalf("due %s provisional %v", got.Clock.DueDate, got.DueProvisional)
		}
		if _, page := newClient(t, e, "qz.clerk").get("/cases/" + c.ID); !strings.Contains(page, "provisional") {
			t.Fatal("the case page must mark the due date provisional")
		}
		at(e, time.Date(last, 10, 1, 9, 0, 0, 0, cst))
		if _, page := newClient(t, e, "zj.admin").get("/admin/calendar"); !strings.Contains(page, `id="calendar-missing"`) {
			t.Fatal("the calendar page must warn that next year's schedule is missing")
		}
	})
}

// TestTokensPage: a user issues a token on the tokens page (shown once),
// uses it, sees when it expires, revokes it, and the API refuses it.
func TestTokensPage(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		cl := newClient(t, e, "qz.system")
		st, _, body := cl.do("POST", "/account/tokens", url.Values{"csrf": {cl.CSRF}, "name": {"市场监管局审批系统"}, "ttl_days": {"30"}})
		m := regexp.MustCompile(`id="token-secret">([^<]+)<`).FindStringSubmatch(string(body))
		if st != 200 || m == nil {
			t.Fatalf("issue: %d", st)
		}
		tok := m[1]
		call := func() int {
			req, _ := http.NewRequest("GET", e.URL+"/api/v1/me", nil)
			req.Header.Set("Authorization", "Bearer "+tok)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			return resp.StatusCode
		}
		if call() != 200 {
			t.Fatal("the new token does not work")
		}
		_, page := cl.get("/account/tokens")
		if !strings.Contains(page, "市场监管局审批系统") || strings.Contains(page, tok) {
			t.Fatal("the list must name the token and never show its secret again")
		}
		var list []struct{ ID, Name string }
		e.Do("GET", "/api/v1/tokens", "qz.system", nil).JSON(t, &list)
		id := ""
		for _, x := range list {
			if x.Name == "市场监管局审批系统" {
				id = x.ID
			}
		}
		if st, _, _ := cl.do("POST", "/account/tokens/"+id+"/revoke", url.Values{"csrf": {cl.CSRF}}); st != 303 {
			t.Fatalf("revoke: %d", st)
		}
		if call() != 401 {
			t.Fatal("a revoked token still works")
		}
		if st, _, _ := cl.do("POST", "/account/tokens", url.Values{"csrf": {cl.CSRF}, "name": {"x"}, "ttl_days": {"9999"}}); st != 400 {
			t.Fatalf("a token for 9999 days: %d", st)
		}
	})
}
