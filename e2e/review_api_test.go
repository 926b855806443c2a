package e2e

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"onetrip"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"onetrip/app/apptest"
	"onetrip/casework"
	"onetrip/idcode"
	"onetrip/jobs"
	"onetrip/licence"
	"onetrip/sqlstore"
	"onetrip/sqlstore/sqltest"
)

var cst = onetrip.China

// at pins the store's clock (the working-day calendar then decides dates).
func at(e *apptest.Env, t time.Time) { e.Store.SetClock(func() time.Time { return t.UTC() }) }

type taskJSON = casework.TaskView

// acceptBundle submits a bundle at the 柯城区 window with every material the
// applicant hands in received, and returns the accepted case.
func acceptBundle(t *testing.T, e *apptest.Env, bundle string, extra map[string]any) caseJSON {
	t.Helper()
	cl := bundleChecklist(t, e, bundle)
	body := map[string]any{"bundle": bundle, "region": "330802", "channel": "window",
		"applicant": map[string]any{"type": "person", "name": "赵卫东", "id_number": seller}, "materials": marksExcept(cl)}
	if bundle == "B-HOUSE-RESALE" {
		body["parties"] = houseBuyer()
	}
	for k, v := range extra {
		body[k] = v
	}
	r := e.Do("POST", "/api/v1/cases", "qz.clerk", body)
	var c caseJSON
	r.JSON(t, &c)
	if r.Status != 201 || c.Status != "accepted" {
		t.Fatalf("accept %s: %d %s", bundle, r.Status, r.Body)
	}
	return c
}

// queueTask finds the case's task in a reviewer's ready queue.
func queueTask(t *testing.T, e *apptest.Env, user, caseID string) taskJSON {
	t.Helper()
	var list []taskJSON
	r := e.Do("GET", "/api/v1/tasks?status=ready", user, nil)
	r.JSON(t, &list)
	for _, x := range list {
		if x.CaseID == caseID {
			return x
		}
	}
	t.Fatalf("%s has no ready task of case %s: %s", user, caseID, r.Body)
	return taskJSON{}
}

func decide(t *testing.T, e *apptest.Env, user string, task taskJSON, decision string, outputs map[string]string) taskJSON {
	t.Helper()
	r := e.Do("POST", "/api/v1/tasks/"+task.ID+"/decision", user, map[string]any{"decision": decision, "opinion": "同意",
		"outputs": outputs, "version": task.Version})
	var v taskJSON
	r.JSON(t, &v)
	if r.Status != 200 {
		t.Fatalf("%s decides %s: %d %s", user, task.Step, r.Status, r.Body)
	}
	return v
}

func TestHouseResaleScenario(t *testing.T) {
	for _, engine := range sqltest.Engines() {
		t.Run(engine, func(t *testing.T) {
			e := apptest.New(t, engine)
			// Accepted on Wednesday 30 September 2026: the National Day week follows.
			at(e, time.Date(2026, 9, 30, 10, 0, 0, 0, cst))
			c := acceptBundle(t, e, "B-HOUSE-RESALE", map[string]any{"delivery": "window"})
			if c.DueDate != "2026-10-08" {
				t.Fatalf("due date %s, want 2026-10-08 (1 working day after 30 September skips 1–7 October)", c.DueDate)
			}
			// Filing (housing) and deed tax (taxation) run in parallel; registration waits.
			housing := queueTask(t, e, "qz.reviewer.housing", c.ID)
			tax := queueTask(t, e, "qz.reviewer.tax", c.ID)
			var land []taskJSON
			e.Do("GET", "/api/v1/tasks?status=ready", "qz.reviewer.land", nil).JSON(t, &land)
			if len(land) != 0 {
				t.Fatalf("registration is ready before its steps: %+v", land)
			}
			if r := e.Do("POST", "/api/v1/tasks/"+housing.ID+"/decision", "qz.reviewer.tax", map[string]any{"decision": "approve", "version": housing.Version}); r.Status != 403 {
				t.Fatalf("another department decides: %d", r.Status)
			}
			decide(t, e, "qz.reviewer.housing", housing, "approve", map[string]string{"合同编号": "KC-2026-0930-001", "成交价格": "1860000"})
			decide(t, e, "qz.reviewer.tax", tax, "approve", map[string]string{"完税凭证号": "SW330802-778899"})

			// The registration reviewer sees what the housing step produced.
			reg := queueTask(t, e, "qz.reviewer.land", c.ID)
			var opened taskJSON
			e.Do("GET", "/api/v1/tasks/"+reg.ID, "qz.reviewer.land", nil).JSON(t, &opened)
			seen := map[string]string{}
			for _, x := range opened.EarlierSteps {
				for k, v := range x.Outputs {
					seen[k] = v
				}
			}
			if seen["合同编号"] != "KC-2026-0930-001" || seen["成交价格"] != "1860000" || opened.Case == nil || len(opened.Case.Materials) == 0 {
				t.Fatalf("registration step sees %v", seen)
			}
			decide(t, e, "qz.reviewer.land", reg, "approve", map[string]string{"不动产权证书号": "浙(2026)衢州市不动产权第0123456号"})

			// …and the registration result is visible back to the housing department.
			var back taskJSON
			e.Do("GET", "/api/v1/tasks/"+housing.ID, "qz.reviewer.housing", nil).JSON(t, &back)
			found := false
			for _, x := range back.EarlierSteps {
				if x.Outputs["不动产权证书号"] != "" {
					found = true
				}
			}
			if !found {
				t.Fatalf("housing does not see the certificate number: %+v", back.EarlierSteps)
			}
			payFees(t, e, c.ID, "qz.clerk") // the registration fee, paid at the window
			var done caseJSON
			e.Do("GET", "/api/v1/cases/"+c.ID, "qz.clerk", nil).JSON(t, &done)
			if done.Status != "approved" || done.Decision != "approved" {
				t.Fatalf("case after the last step: %s", done.Status)
			}
			// Results at the window: in the pickup list, handed over, closed; the trip counts.
			var pick []caseJSON
			e.Do("GET", "/api/v1/pickups", "qz.clerk", nil).JSON(t, &pick)
			if len(pick) != 1 || pick[0].ID != c.ID {
				t.Fatalf("pickups: %+v", pick)
			}
			// The collector must be checked: nobody named is refused.
			if r := e.Do("POST", "/api/v1/cases/"+c.ID+"/handover", "qz.clerk", map[string]any{"version": done.Version}); r.Status != 400 {
				t.Fatalf("handover to nobody: %d %s", r.Status, r.Body)
			}
			r := e.Do("POST", "/api/v1/cases/"+c.ID+"/handover", "qz.clerk", map[string]any{"version": done.Version,
				"collector": map[string]any{"relation": "authorised", "name": "钱受托", "id_number": idcode.MakeCitizenID("330802", time.Date(1988, 8, 8, 0, 0, 0, 0, time.UTC), 17), "authorisation": "WT-2026-0007"}})
			r.JSON(t, &done)
			if r.Status != 200 || done.Status != "closed" || done.Visits.Total != 2 {
				t.Fatalf("handover: %d %s", r.Status, r.Body)
			}
		})
	}
}

func TestRestaurantScenarioLeadMarket(t *testing.T) {
	for _, engine := range sqltest.Engines() {
		t.Run(engine, func(t *testing.T) {
			e := apptest.New(t, engine)
			// Accepted Thursday 12 February 2026, before the Spring Festival.
			at(e, time.Date(2026, 2, 12, 9, 30, 0, 0, cst))
			c := acceptBundle(t, e, "B-RESTAURANT", nil)
			// 3 working days: 13 Feb (Fri), 14 Feb (Sat, adjusted working day), then 15–23 Feb off: 24 Feb.
			if c.DueDate != "2026-02-24" {
				t.Fatalf("due date %s, want 2026-02-24", c.DueDate)
			}
			if c.LeadDepartment != "330802-market" {
				t.Fatalf("lead %s", c.LeadDepartment)
			}
			first := queueTask(t, e, "qz.reviewer", c.ID) // 公司设立 first
			if first.Step != "330-SCJG-001" || !first.Lead {
				t.Fatalf("first step %+v", first)
			}
			// The founder (a person) applies; the company registration step
			// outputs the code it assigned and the name. Without them the
			// business licence has no holder: the approval says so.
			if r := e.Do("POST", "/api/v1/tasks/"+first.ID+"/decision", "qz.reviewer", map[string]any{"decision": "approve",
				"outputs": map[string]string{"注册资本": "50万元"}, "version": first.Version}); r.Status != 400 || !strings.Contains(string(r.Body), "outputs.统一社会信用代码") {
				t.Fatalf("approval without the company: %d %s", r.Status, r.Body)
			}
			company := idcode.MakeOrgUSCC("91", "330802", "MA2D0001")
			decide(t, e, "qz.reviewer", first, "approve", map[string]string{"统一社会信用代码": company, "名称": "衢州市卫东餐饮有限公司"})
			// Five steps in parallel now.
			for _, u := range []string{"qz.reviewer", "qz.reviewer.fire", "qz.reviewer.housing", "qz.reviewer.police", "qz.reviewer.city"} {
				task := queueTask(t, e, u, c.ID)
				decide(t, e, u, task, "approve", nil)
			}
			var done caseJSON
			e.Do("GET", "/api/v1/cases/"+c.ID, "qz.clerk", nil).JSON(t, &done)
			if done.Decision != "approved" {
				t.Fatalf("restaurant case: %s %s", done.Status, done.Decision)
			}
			// The business licence and the food licence are the company's,
			// not the founder's.
			held := map[string]bool{}
			for _, ref := range done.Licences {
				var l licence.Licence
				e.Do("GET", "/api/v1/licences/"+ref.ID, "qz.clerk", nil).JSON(t, &l)
				if l.Holder.IDType != licence.IDUSCC || l.Holder.IDNumber != company || l.Holder.Name != "衢州市卫东餐饮有限公司" {
					t.Errorf("%s is held by %+v", l.Type, l.Holder)
				}
				held[l.Type] = true
			}
			if !held["L-BIZ"] || !held["L-FOOD"] {
				t.Fatalf("licences of the case: %+v", done.Licences)
			}
		})
	}
}

func TestDecisionConflictsAndBadInput(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		c := acceptBundle(t, e, "B-HOUSE-RESALE", nil)
		housing := queueTask(t, e, "qz.reviewer.housing", c.ID)
		// Two decisions on the same version: exactly one wins.
		var wg sync.WaitGroup
		codes := make([]int, 2)
		for i := range codes {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				codes[i] = e.Do("POST", "/api/v1/tasks/"+housing.ID+"/decision", "qz.reviewer.housing",
					map[string]any{"decision": []string{"approve", "deny"}[i], "opinion": "意见", "version": housing.Version}).Status
			}(i)
		}
		wg.Wait()
		sort.Ints(codes)
		if codes[0] != 200 || codes[1] != 409 {
			t.Fatalf("concurrent decisions: %v", codes)
		}
		var reg []taskJSON
		var cc caseJSON
		e.Do("GET", "/api/v1/cases/"+c.ID, "qz.clerk", nil).JSON(t, &cc)
		for _, x := range cc.Tasks {
			if x.Step == "330-ZRZY-002" {
				reg = append(reg, taskJSON{Task: x})
			}
		}
		for _, tc := range []struct {
			name, user, task string
			body             map[string]any
			status           int
		}{
			{"already decided", "qz.reviewer.housing", housing.ID, map[string]any{"decision": "approve", "version": housing.Version + 1}, 409},
			{"not ready", "qz.reviewer.land", reg[0].ID, map[string]any{"decision": "approve", "version": reg[0].Version}, 409},
			{"unknown decision", "qz.reviewer.land", reg[0].ID, map[string]any{"decision": "maybe", "version": 1}, 400},
			{"deny without reason", "qz.reviewer.land", reg[0].ID, map[string]any{"decision": "deny", "version": 1}, 400},
			{"unknown field", "qz.reviewer.land", reg[0].ID, map[string]any{"decision": "approve", "version": 1, "force": true}, 400},
		} {
			if r := e.Do("POST", "/api/v1/tasks/"+tc.task+"/decision", tc.user, tc.body); r.Status != tc.status {
				t.Errorf("%s: %d %s", tc.name, r.Status, r.Body)
			}
		}
		// Suspension: stops the clock; another on a suspended case is 409; resume; a closed case refuses.
		r := e.Do("POST", "/api/v1/cases/"+c.ID+"/suspensions", "qz.reviewer.tax", map[string]any{"kind": "inspection", "reason": "现场核验房屋状况"})
		var sp casework.Suspension
		r.JSON(t, &sp)
		if r.Status != 201 {
			t.Fatalf("suspend: %d %s", r.Status, r.Body)
		}
		if r := e.Do("POST", "/api/v1/cases/"+c.ID+"/suspensions", "qz.reviewer.tax", map[string]any{"kind": "hearing", "reason": "x"}); r.Status != 409 {
			t.Fatalf("second suspension: %d", r.Status)
		}
		if r := e.Do("POST", "/api/v1/cases/"+c.ID+"/suspensions", "qz.reviewer.tax", map[string]any{"kind": "nap", "reason": ""}); r.Status != 400 {
			t.Fatalf("bad suspension: %d", r.Status)
		}
		var sc caseJSON
		e.Do("GET", "/api/v1/cases/"+c.ID, "qz.clerk", nil).JSON(t, &sc)
		if sc.Status != "suspended" || sc.Clock == nil || !sc.Clock.Suspended {
			t.Fatalf("suspended case: %s %+v", sc.Status, sc.Clock)
		}
		if r := e.Do("POST", "/api/v1/cases/"+c.ID+"/suspensions/"+sp.ID+"/resume", "qz.reviewer.tax", nil); r.Status != 200 {
			t.Fatalf("resume: %d %s", r.Status, r.Body)
		}
		// Calendar: an override both holiday and working day is refused; nothing changes.
		if r := e.Do("PUT", "/api/v1/calendar/overrides", "zj.admin", []map[string]any{{"date": "2028-01-03", "work": false, "name": "元旦"},
			{"date": "2028-01-03", "work": true, "name": "调休"}}); r.Status != 409 {
			t.Fatalf("conflicting override: %d %s", r.Status, r.Body)
		}
		if r := e.Do("PUT", "/api/v1/calendar/overrides", "qz.admin", []map[string]any{{"date": "2028-01-03", "work": false, "name": "元旦"}}); r.Status != 403 {
			t.Fatalf("a city admin changes the calendar: %d", r.Status)
		}
		if r := e.Do("PUT", "/api/v1/calendar/overrides", "zj.admin", []map[string]any{{"date": "2028-01-03", "work": false, "name": "元旦"}}); r.Status != 200 {
			t.Fatalf("override: %d %s", r.Status, r.Body)
		}
		var audit []sqlstore.CalendarAudit
		e.Do("GET", "/api/v1/calendar/audit", "zj.admin", nil).JSON(t, &audit)
		if len(audit) != 1 || audit[0].Actor != "zj.admin" {
			t.Fatalf("audit %+v", audit)
		}
	})
}

func TestWebhookDeliveredOnceInOrderAfterFailures(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		type got struct {
			seq   int
			event string
			id    string
		}
		var mu sync.Mutex
		var received []got
		calls := 0
		var secret string
		recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			body, _ := io.ReadAll(r.Body)
			mu.Lock()
			defer mu.Unlock()
			calls++
			if calls <= 2 { // the department system is down for the first two tries
				http.Error(w, "down", http.StatusServiceUnavailable)
				return
			}
			if !jobs.VerifySignature(secret, body, r.Header.Get(jobs.SignatureHeader), time.Now()) {
				http.Error(w, "bad signature", http.StatusUnauthorized)
				return
			}
			var d struct {
				Delivery string `json:"delivery"`
				Event    string `json:"event"`
				Seq      int    `json:"seq"`
			}
			json.Unmarshal(body, &d)
			received = append(received, got{d.Seq, d.Event, d.Delivery})
		}))
		defer recv.Close()
		r := e.Do("POST", "/api/v1/webhooks", "qz.system", map[string]any{"url": recv.URL})
		var hook sqlstore.Webhook
		r.JSON(t, &hook)
		if r.Status != 201 || hook.Secret == "" {
			t.Fatalf("register: %d %s", r.Status, r.Body)
		}
		mu.Lock()
		secret = hook.Secret
		mu.Unlock()
		c := acceptBundle(t, e, "B-RESTAURANT", nil)
		first := queueTask(t, e, "qz.reviewer", c.ID)
		decide(t, e, "qz.reviewer", first, "approve", map[string]string{"统一社会信用代码": idcode.MakeOrgUSCC("91", "330802", "MA2D0002"), "名称": "衢州市卫东餐饮有限公司"})
		for _, u := range []string{"qz.reviewer", "qz.reviewer.fire", "qz.reviewer.housing", "qz.reviewer.police", "qz.reviewer.city"} {
			decide(t, e, u, queueTask(t, e, u, c.ID), "approve", nil)
		}
		// Expected: every subscribed event of the case, from the event log.
		var ev struct{ Events []casework.Event }
		e.Do("GET", "/api/v1/cases/"+c.ID+"/events", "qz.clerk", nil).JSON(t, &ev)
		var want []int
		for _, x := range ev.Events {
			for _, typ := range sqlstore.WebhookEvents {
				if x.Type == typ {
					want = append(want, x.Seq)
				}
			}
		}
		deadline := time.Now().Add(30 * time.Second)
		for {
			mu.Lock()
			n := len(received)
			mu.Unlock()
			if n >= len(want) || time.Now().After(deadline) {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
		time.Sleep(300 * time.Millisecond) // nothing more may arrive
		mu.Lock()
		defer mu.Unlock()
		if len(received) != len(want) {
			t.Fatalf("received %d events, want %d: %+v", len(received), len(want), received)
		}
		for i, g := range received {
			if g.seq != want[i] {
				t.Fatalf("event %d has seq %d, want %d (order per case): %+v", i, g.seq, want[i], received)
			}
		}
		var log []sqlstore.Delivery
		e.Do("GET", "/api/v1/webhooks/"+hook.ID+"/deliveries", "qz.system", nil).JSON(t, &log)
		if len(log) != len(want) {
			t.Fatalf("delivery log has %d entries", len(log))
		}
		// Replay sends one again.
		if r := e.Do("POST", "/api/v1/webhooks/deliveries/"+log[0].ID+"/replay", "qz.system", nil); r.Status != 200 {
			t.Fatalf("replay: %d %s", r.Status, r.Body)
		}
	})
}

// TestWebhookSecretSealedAtRest: the database never holds the HMAC key in
// the clear.
func TestWebhookSecretSealedAtRest(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		r := e.Do("POST", "/api/v1/webhooks", "qz.system", map[string]any{"url": "https://example.invalid/hook"})
		var hook sqlstore.Webhook
		r.JSON(t, &hook)
		if r.Status != 201 || len(hook.Secret) != 64 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		var stored string
		if err := e.Store.DB().QueryRow(`SELECT secret FROM webhooks WHERE id = $1`, hook.ID).Scan(&stored); err != nil {
			t.Fatal(err)
		}
		if stored == hook.Secret || !strings.HasPrefix(stored, "sm4:") {
			t.Fatalf("stored secret %q", stored)
		}
		back, err := e.Store.WebhookByID(context.Background(), hook.ID)
		if err != nil || back.Secret != hook.Secret {
			t.Fatalf("%v", err)
		}
		if r := e.Do("POST", "/api/v1/webhooks", "qz.system", map[string]any{"url": "ftp://x"}); r.Status != 400 {
			t.Fatalf("bad URL: %d", r.Status)
		}
		if r := e.Do("POST", "/api/v1/webhooks", "qz.clerk", map[string]any{"url": "https://x.invalid"}); r.Status != 403 {
			t.Fatalf("a clerk registers: %d", r.Status)
		}
	})
}
