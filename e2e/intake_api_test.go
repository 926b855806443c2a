package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"onetrip/app/apptest"
	"onetrip/casework"
	"onetrip/idcode"
	"onetrip/sqlstore/sqltest"
)

// checklist is a bundle's or item's merged checklist from the public API.
type checklistEntry struct {
	Name       string   `json:"name"`
	Source     string   `json:"source"`
	Required   bool     `json:"required"`
	Deferrable bool     `json:"deferrable"`
	PriorStep  bool     `json:"prior_step"`
	SpecIDs    []string `json:"spec_ids"`
}

func bundleChecklist(t *testing.T, e *apptest.Env, code string) []checklistEntry {
	t.Helper()
	var b struct{ Checklist []checklistEntry }
	r := e.Do("GET", "/api/v1/bundles/"+code, "", nil)
	if r.Status != 200 {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	r.JSON(t, &b)
	return b.Checklist
}

type mark struct {
	Spec   string `json:"spec"`
	Status string `json:"status"`
	Reason string `json:"reason,omitempty"`
}

// marksExcept marks every entry the applicant hands in as received, except
// the named ones (left out: missing).
func marksExcept(cl []checklistEntry, except ...string) []mark {
	var out []mark
	for _, e := range cl {
		if e.PriorStep {
			continue
		}
		skip := false
		for _, x := range except {
			if e.Name == x {
				skip = true
			}
		}
		if !skip {
			out = append(out, mark{Spec: e.SpecIDs[0], Status: "received"})
		}
	}
	return out
}

func specOf(t *testing.T, cl []checklistEntry, name string) string {
	for _, e := range cl {
		if e.Name == name && !e.PriorStep {
			return e.SpecIDs[0]
		}
	}
	t.Fatalf("no material %s", name)
	return ""
}

var (
	seller = idcode.MakeCitizenID("330802", mustDate("1975-03-09"), 211)
	buyer  = idcode.MakeCitizenID("330802", mustDate("1988-06-01"), 52)
)

// houseBuyer is the other party of a house sale the seller applies for.
func houseBuyer() []map[string]any {
	return []map[string]any{{"role": "buyer", "type": "person", "name": "钱买方", "id_number": buyer}}
}

func houseResale(marks []mark) map[string]any {
	return map[string]any{"bundle": "B-HOUSE-RESALE", "region": "330802", "channel": "window",
		"applicant": map[string]any{"type": "person", "name": "赵卫东", "id_number": seller}, "parties": houseBuyer(), "materials": marks,
		"form": map[string]any{"房屋坐落": "柯城区荷花街道某小区3幢201室"}}
}

type caseJSON = casework.Case

func TestWindowIntakeOneNoticeAndVisits(t *testing.T) {
	for _, engine := range sqltest.Engines() {
		t.Run(engine, func(t *testing.T) {
			e := apptest.New(t, engine)
			cl := bundleChecklist(t, e, "B-HOUSE-RESALE")

			// The applicant comes without the application form: ONE notice names it.
			r := e.Do("POST", "/api/v1/cases", "qz.clerk", houseResale(marksExcept(cl, "不动产登记申请书")))
			var c caseJSON
			r.JSON(t, &c)
			if r.Status != 201 || c.Status != "needs_correction" || c.Notice == nil || len(c.Notice.Items) != 1 ||
				c.Notice.Items[0].Name != "不动产登记申请书" || !strings.HasPrefix(c.Number, "330802-") {
				t.Fatalf("first visit: %d %s", r.Status, r.Body)
			}
			if !strings.Contains(c.Notice.Items[0].Guide, "不动产登记申请书") {
				t.Fatalf("the notice must quote the guide: %+v", c.Notice.Items[0])
			}
			// They come back once with it: accepted, with number and due date.
			r = e.Do("POST", "/api/v1/cases/"+c.ID+"/review", "qz.clerk", map[string]any{
				"materials": []mark{{Spec: specOf(t, cl, "不动产登记申请书"), Status: "received"}}, "in_person": true, "version": c.Version})
			r.JSON(t, &c)
			if r.Status != 200 || c.Status != "accepted" || c.DueDate == "" || c.Visits.Total != 2 || c.Visits.Counted != 1 || c.Visits.Breach {
				t.Fatalf("second visit: %d %s", r.Status, r.Body)
			}
			if len(c.Tasks) != 3 {
				t.Fatalf("tasks: %+v", c.Tasks)
			}
			// The events are chained and intact.
			var ev struct {
				Events      []casework.Event
				ChainIntact bool `json:"chain_intact"`
			}
			e.Do("GET", "/api/v1/cases/"+c.ID+"/events", "qz.clerk", nil).JSON(t, &ev)
			if !ev.ChainIntact || len(ev.Events) < 5 {
				t.Fatalf("events: %+v", ev)
			}

			// A second case: the resubmission gets a notice naming a NEW material.
			r = e.Do("POST", "/api/v1/cases", "qz.clerk", houseResale(marksExcept(cl, "不动产登记申请书")))
			var c2 caseJSON
			r.JSON(t, &c2)
			r = e.Do("POST", "/api/v1/cases/"+c2.ID+"/review", "qz.clerk", map[string]any{"materials": []mark{
				{Spec: specOf(t, cl, "不动产登记申请书"), Status: "received"},
				{Spec: specOf(t, cl, "存量房买卖合同"), Status: "defective", Reason: "合同缺少买受人签字"}}, "in_person": true})
			r.JSON(t, &c2)
			if c2.Status != "needs_correction" || !c2.SecondNotice || c2.Notice == nil || len(c2.Notice.Breaches) != 1 ||
				c2.Notice.Breaches[0].Name != "存量房买卖合同" {
				t.Fatalf("second notice: %s", r.Body)
			}
			r = e.Do("POST", "/api/v1/cases/"+c2.ID+"/review", "qz.clerk", map[string]any{"materials": []mark{
				{Spec: specOf(t, cl, "存量房买卖合同"), Status: "received"}}, "in_person": true})
			r.JSON(t, &c2)
			if c2.Status != "accepted" || c2.Visits.Total != 3 || c2.Visits.Counted != 2 || !c2.Visits.Breach || c2.Visits.Counted <= c2.MaxVisits {
				t.Fatalf("after acceptance: %+v", c2.Visits)
			}
		})
	}
}

func TestIntakeIdempotencyKey(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		cl := bundleChecklist(t, e, "B-HOUSE-RESALE")
		body := houseResale(marksExcept(cl))
		a := e.Do("POST", "/api/v1/cases", "qz.clerk", body, "Idempotency-Key", "window-3-0001")
		b := e.Do("POST", "/api/v1/cases", "qz.clerk", body, "Idempotency-Key", "window-3-0001")
		var ca, cb caseJSON
		a.JSON(t, &ca)
		b.JSON(t, &cb)
		if a.Status != 201 || b.Status != 201 || ca.ID != cb.ID || ca.Number != cb.Number || b.Header.Get("Idempotent-Replayed") != "true" {
			t.Fatalf("%d %d %s %s", a.Status, b.Status, ca.ID, cb.ID)
		}
		var list []caseJSON
		e.Do("GET", "/api/v1/cases?region=330802", "qz.clerk", nil).JSON(t, &list)
		if len(list) != 1 {
			t.Fatalf("%d cases for one key", len(list))
		}
		other := houseResale(marksExcept(cl, "不动产登记申请书"))
		if r := e.Do("POST", "/api/v1/cases", "qz.clerk", other, "Idempotency-Key", "window-3-0001"); r.Status != 409 {
			t.Fatalf("same key, other body: %d %s", r.Status, r.Body)
		}
		// The first answer is kept for the window (24 h by default), then
		// pruned; after it the key is new again.
		ctx := context.Background()
		if n, err := e.Store.PruneIdempotency(ctx); err != nil || n != 0 {
			t.Fatalf("prune inside the window: %d %v", n, err)
		}
		start := time.Now()
		at(e, start.Add(23*time.Hour))
		if r := e.Do("POST", "/api/v1/cases", "qz.clerk", body, "Idempotency-Key", "window-3-0001"); r.Header.Get("Idempotent-Replayed") != "true" {
			t.Fatalf("retry inside the window: %d %s", r.Status, r.Body)
		}
		at(e, start.Add(25*time.Hour))
		if n, err := e.Store.PruneIdempotency(ctx); err != nil || n != 1 {
			t.Fatalf("prune after the window: %d %v", n, err)
		}
		var again caseJSON
		r := e.Do("POST", "/api/v1/cases", "qz.clerk", body, "Idempotency-Key", "window-3-0001")
		r.JSON(t, &again)
		if r.Status != 201 || r.Header.Get("Idempotent-Replayed") != "" || again.ID == ca.ID {
			t.Fatalf("after the window the key is new: %d %s", r.Status, r.Body)
		}
		// An expired answer not yet pruned is not replayed either.
		e.Store.SetIdemWindow(time.Minute)
		at(e, start.Add(25*time.Hour+2*time.Minute))
		if r := e.Do("POST", "/api/v1/cases", "qz.clerk", body, "Idempotency-Key", "window-3-0001"); r.Status != 201 || r.Header.Get("Idempotent-Replayed") != "" {
			t.Fatalf("expired, unpruned key: %d %s", r.Status, r.Body)
		}
	})
}

func TestConcurrentCaseNumbersAreDistinct(t *testing.T) {
	for _, engine := range sqltest.Engines() {
		t.Run(engine, func(t *testing.T) {
			e := apptest.New(t, engine)
			cl := bundleChecklist(t, e, "B-HOUSE-RESALE")
			body, _ := json.Marshal(houseResale(marksExcept(cl)))
			tok := e.Token("qz.clerk")
			const n = 200
			numbers := make(chan string, n)
			var wg sync.WaitGroup
			sem := make(chan struct{}, 32)
			for i := 0; i < n; i++ {
				wg.Add(1)
				go func(i int) {
					defer wg.Done()
					sem <- struct{}{}
					defer func() { <-sem }()
					req, _ := http.NewRequest("POST", e.URL+"/api/v1/cases", strings.NewReader(string(body)))
					req.Header.Set("Content-Type", "application/json")
					req.Header.Set("Authorization", "Bearer "+tok)
					req.Header.Set("Idempotency-Key", fmt.Sprintf("k-%d", i))
					resp, err := http.DefaultClient.Do(req)
					if err != nil {
						t.Error(err)
						return
					}
					defer resp.Body.Close()
					var c caseJSON
					json.NewDecoder(resp.Body).Decode(&c)
					if resp.StatusCode != 201 {
						t.Errorf("status %d", resp.StatusCode)
					}
					numbers <- c.Number
				}(i)
			}
			wg.Wait()
			close(numbers)
			seen := map[string]bool{}
			for num := range numbers {
				if seen[num] || num == "" {
					t.Fatalf("duplicate or empty number %q", num)
				}
				seen[num] = true
			}
			if len(seen) != n {
				t.Fatalf("%d distinct numbers for %d cases", len(seen), n)
			}
		})
	}
}

func TestIntakeBadInputWritesNothing(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		cl := bundleChecklist(t, e, "B-HOUSE-RESALE")
		good := houseResale(marksExcept(cl))
		with := func(k string, v any) map[string]any {
			m := map[string]any{}
			for kk, vv := range good {
				m[kk] = vv
			}
			m[k] = v
			return m
		}
		for _, c := range []struct {
			name   string
			user   string
			body   any
			status int
		}{
			{"bad citizen ID", "qz.clerk", with("applicant", map[string]any{"type": "person", "name": "赵卫东", "id_number": "110105194912310021"}), 400},
			{"bad USCC", "qz.clerk", with("applicant", map[string]any{"type": "org", "name": "某公司", "id_number": "91310110666007217"}), 400},
			{"unknown item", "qz.clerk", map[string]any{"item": "330-XXXX-999", "region": "330802", "channel": "window", "applicant": good["applicant"], "materials": []mark{}}, 400},
			{"item and bundle", "qz.clerk", with("item", "330-SCJG-001"), 400},
			{"foreign material", "qz.clerk", with("materials", []mark{{Spec: "330-SCJG-001.M01", Status: "received"}}), 400},
			{"deferral not allowed", "qz.clerk", with("materials", []mark{{Spec: specOf(t, cl, "不动产登记申请书"), Status: "deferred"}}), 400},
			{"another region", "qz.clerk", with("region", "330102"), 403},
			{"unknown field", "qz.clerk", with("priority", "vip"), 400},
			{"reviewer cannot accept", "qz.reviewer", good, 403},
			{"applicant on window channel", "qz.applicant", good, 403},
		} {
			if r := e.Do("POST", "/api/v1/cases", c.user, c.body); r.Status != c.status {
				t.Errorf("%s: %d %s", c.name, r.Status, r.Body)
			}
		}
		var list []caseJSON
		e.Do("GET", "/api/v1/cases?region=330802", "qz.clerk", nil).JSON(t, &list)
		if len(list) != 0 {
			t.Fatalf("bad input created %d cases", len(list))
		}
	})
}

func TestOnlineApplicationPreReview(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		var me struct {
			IDNumber string `json:"id_number"`
			Name     string
		}
		e.Do("GET", "/api/v1/me", "qz.applicant", nil).JSON(t, &me)
		var item struct {
			Materials []struct {
				ID, Name, Source string
				Required         bool
			}
		}
		e.Do("GET", "/api/v1/items/330-RSSB-002", "", nil).JSON(t, &item)
		marks := uploadedMarks(t, e, "qz.applicant", "330-RSSB-002")
		sub := map[string]any{"item": "330-RSSB-002", "region": "330802", "channel": "online",
			"applicant": map[string]any{"type": "person", "name": me.Name, "id_number": me.IDNumber}, "materials": marks}
		var pre struct{ Complete bool }
		if r := e.Do("POST", "/api/v1/cases/precheck", "qz.applicant", sub); r.Status != 200 {
			t.Fatalf("precheck %d %s", r.Status, r.Body)
		} else {
			r.JSON(t, &pre)
		}
		r := e.Do("POST", "/api/v1/cases", "qz.applicant", sub)
		var c caseJSON
		r.JSON(t, &c)
		if r.Status != 201 || c.Status != "submitted" || c.Visits.Total != 0 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		// Another applicant cannot see it; the window can, and accepts it.
		if r := e.Do("GET", "/api/v1/cases/"+c.ID, "hz.applicant", nil); r.Status != 404 {
			t.Fatalf("other applicant: %d", r.Status)
		}
		if r := e.Do("GET", "/api/v1/cases/"+c.ID, "hz.clerk", nil); r.Status != 404 {
			t.Fatalf("other region's clerk: %d", r.Status)
		}
		r = e.Do("POST", "/api/v1/cases/"+c.ID+"/review", "qz.clerk", map[string]any{"materials": []mark{}})
		r.JSON(t, &c)
		if r.Status != 200 || (c.Status != "accepted" && c.Status != "needs_correction") || c.Visits.Total != 0 {
			t.Fatalf("pre-review: %d %s", r.Status, r.Body)
		}
		if pre.Complete != (c.Status == "accepted") {
			t.Fatalf("precheck said complete=%v, the window decided %s", pre.Complete, c.Status)
		}
	})
}
