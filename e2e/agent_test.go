package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"

	"onetrip/app/apptest"
)

// TestAgentAppliesOnBehalf: a village agent (代办员) applies for a villager
// with the authorisation recorded; the villager makes no trip, and the
// county's window sees the case.
func TestAgentAppliesOnBehalf(t *testing.T) {
	e := apptest.New(t, "sqlite")
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
}
