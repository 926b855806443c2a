package e2e

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"onetrip/app/apptest"
	"onetrip/demo"
)

// TestAgentAppliesOnBehalf: a village agent (代办员) applies for a villager
// with the authorisation recorded; the villager makes no trip, and the
// county's window sees the case.
func TestAgentAppliesOnBehalf(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		var me struct {
			Name     string
			IDNumber string `json:"id_number"`
		}
		e.Do("GET", "/api/v1/me", "qz.agent", nil).JSON(t, &me)
		cl := bundleChecklist(t, e, "B-HOUSE-RESALE")
		body := houseResale(marksExcept(cl))
		body["channel"] = "agent"
		body["region"] = "330802005"
		body["agent"] = map[string]any{"name": me.Name, "id_number": me.IDNumber, "authorisation": "委托书 KC-DB-2026-0088"}
		r := e.Do("POST", "/api/v1/cases", "qz.agent", body)
		var c caseJSON
		r.JSON(t, &c)
		if r.Status != 201 || c.Status != "accepted" || c.Agent == nil || c.Agent.Authorisation == "" || c.Visits.Total != 0 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		if r := e.Do("GET", "/api/v1/cases/"+c.ID, "qz.clerk", nil); r.Status != 200 {
			t.Fatalf("the county window cannot see the agent's case: %d", r.Status)
		}
		if r := e.Do("GET", "/api/v1/cases/"+c.ID, "hz.agent", nil); r.Status != 404 {
			t.Fatalf("another agent sees it: %d", r.Status)
		}
		// Without the authorisation nothing is recorded.
		body["agent"] = map[string]any{"name": me.Name, "id_number": me.IDNumber}
		if r := e.Do("POST", "/api/v1/cases", "qz.agent", body); r.Status != 400 {
			t.Fatalf("no authorisation: %d %s", r.Status, r.Body)
		}
		// The agent's intake page opens with the agent section filled in.
		b := apptest.NewBrowser(t)
		e.Login(b, "qz.agent")
		b.Do(chromedp.Navigate(e.URL+"/window/new?bundle=B-HOUSE-RESALE"), chromedp.WaitReady(chromedp.CSS("body")))
		if got := b.Eval(`document.querySelector('input[name="agent_name"]') ? document.querySelector('input[name="agent_name"]').value : ""`); got != me.Name {
			t.Fatalf("agent name on the form: %q", got)
		}
	})
}

// TestApplicantWithdrawsOnline: the applicant withdraws an open case from
// its page; a form without the CSRF token changes nothing.
func TestApplicantWithdrawsOnline(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		var me struct {
			Name     string
			IDNumber string `json:"id_number"`
		}
		e.Do("GET", "/api/v1/me", "qz.applicant", nil).JSON(t, &me)
		r := e.Do("POST", "/api/v1/cases", "qz.applicant", map[string]any{"item": "330-RSSB-002", "region": "330802", "channel": "online",
			"applicant": map[string]any{"type": "person", "name": me.Name, "id_number": me.IDNumber}, "materials": uploadedMarks(t, e, "qz.applicant", "330-RSSB-002")})
		var c caseJSON
		r.JSON(t, &c)
		if r.Status != 201 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		b := apptest.NewBrowser(t)
		e.Login(b, "qz.applicant")
		b.Do(chromedp.Navigate(e.URL+"/cases/"+c.ID), chromedp.WaitVisible(chromedp.ID("withdraw-form")),
			chromedp.SendKeys(chromedp.CSS(`#withdraw-form input[name="reason"]`), "已在其他渠道办理"),
			chromedp.Click(chromedp.CSS(`#withdraw-form button`)), chromedp.WaitNotPresent(chromedp.ID("withdraw-form")))
		var after caseJSON
		e.Do("GET", "/api/v1/cases/"+c.ID, "qz.applicant", nil).JSON(t, &after)
		if after.Status != "withdrawn" {
			t.Fatalf("status %s", after.Status)
		}
	})
}

// TestApplicantSuppliesDeferredOnline: a case accepted with a deferred
// material (容缺); the applicant uploads it from the case page, no trip.
func TestApplicantSuppliesDeferredOnline(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		var item struct {
			Materials []struct {
				ID                   string
				Required, Deferrable bool
			}
		}
		e.Do("GET", "/api/v1/items/330-WSJK-001", "", nil).JSON(t, &item)
		deferred := ""
		for _, m := range item.Materials {
			if m.Required && m.Deferrable {
				deferred = m.ID
			}
		}
		marks := append(uploadedMarks(t, e, "qz.applicant", "330-WSJK-001", deferred), map[string]any{"spec": deferred, "status": "deferred"})
		r := e.Do("POST", "/api/v1/cases", "qz.applicant", map[string]any{"item": "330-WSJK-001", "region": "330802", "channel": "online",
			"applicant": map[string]any{"type": "org", "name": demo.QZCompany.Name, "id_number": demo.QZCompany.IDNumber}, "materials": marks})
		var c caseJSON
		r.JSON(t, &c)
		if r.Status != 201 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		r = e.Do("POST", "/api/v1/cases/"+c.ID+"/review", "qz.clerk", map[string]any{"materials": []mark{{Spec: deferred, Status: "deferred"}}})
		r.JSON(t, &c)
		if c.Status != "accepted" || c.DeferredDue == "" {
			t.Fatalf("review: %s", r.Body)
		}
		pdf := filepath.Join(t.TempDir(), "检测报告.pdf")
		os.WriteFile(pdf, []byte("%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"), 0o600)
		b := apptest.NewBrowser(t)
		e.Login(b, "qz.applicant")
		b.Do(chromedp.Navigate(e.URL+"/cases/"+c.ID), chromedp.WaitVisible(chromedp.ID("supply-online-form")),
			chromedp.SetUploadFiles(chromedp.CSS(`#supply-online-form input[type="file"]`), []string{pdf}),
			chromedp.Click(chromedp.CSS(`#supply-online-form button[type=submit]`)), chromedp.WaitNotPresent(chromedp.ID("supply-online-form")))
		var after caseJSON
		e.Do("GET", "/api/v1/cases/"+c.ID, "qz.applicant", nil).JSON(t, &after)
		for _, m := range after.Materials {
			if m.State == "deferred" || (m.Key == deferred && len(m.Files) != 1) {
				t.Fatalf("material after upload: %+v", m)
			}
		}
		if after.Visits.Total != 0 {
			t.Fatalf("an upload is not a trip: %+v", after.Visits)
		}
	})
}
