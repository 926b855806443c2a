package e2e

import (
	"net/url"
	"strings"
	"testing"

	"onetrip/app/apptest"
)

// TestBreachFilterSeesAllCases: a breach older than the newest 100 cases is
// listed by ?breach=1 (it was filtered in Go over the first 100 rows only),
// in the supervision page and the API; keyset pages walk every case once.
func TestBreachFilterSeesAllCases(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		cl := bundleChecklist(t, e, "B-HOUSE-RESALE")
		// The breach: a second notice naming a material the first did not.
		var old caseJSON
		e.Do("POST", "/api/v1/cases", "qz.clerk", houseResale(marksExcept(cl, "不动产登记申请书"))).JSON(t, &old)
		r := e.Do("POST", "/api/v1/cases/"+old.ID+"/review", "qz.clerk", map[string]any{"materials": []mark{
			{Spec: specOf(t, cl, "不动产登记申请书"), Status: "received"},
			{Spec: specOf(t, cl, "存量房买卖合同"), Status: "defective", Reason: "合同缺少买受人签字"}}, "in_person": true, "version": old.Version})
		r.JSON(t, &old)
		if !old.SecondNotice {
			t.Fatalf("no breach: %s", r.Body)
		}
		// 120 newer cases without a breach.
		body := houseResale(marksExcept(cl))
		for i := 0; i < 120; i++ {
			if r := e.Do("POST", "/api/v1/cases", "qz.clerk", body); r.Status != 201 {
				t.Fatalf("case %d: %d %s", i, r.Status, r.Body)
			}
		}
		sup := newClient(t, e, "qz.supervisor")
		if _, page := sup.get("/supervision/cases?region=330802&breach=1"); !strings.Contains(page, old.Number) {
			t.Fatal("the supervision list with breach=1 must show the old breach")
		}
		var list []caseJSON
		e.Do("GET", "/api/v1/cases?region=330802&breach=1", "qz.supervisor", nil).JSON(t, &list)
		if len(list) != 1 || list[0].ID != old.ID {
			t.Fatalf("API breach=1: %d cases", len(list))
		}
		// Keyset pages: 121 cases in pages of 50, each once, newest first.
		seen := map[string]bool{}
		next := "/api/v1/cases?region=330802&limit=50"
		pages := 0
		for next != "" {
			r := e.Do("GET", next, "qz.supervisor", nil)
			var page []caseJSON
			r.JSON(t, &page)
			for i, c := range page {
				if seen[c.ID] {
					t.Fatalf("case %s twice", c.Number)
				}
				seen[c.ID] = true
				if i > 0 && page[i-1].CreatedAt.Before(c.CreatedAt) {
					t.Fatal("not newest first")
				}
			}
			next = ""
			if l := r.Header.Get("Link"); l != "" {
				u := strings.TrimSuffix(strings.TrimPrefix(strings.SplitN(l, ";", 2)[0], "<"), ">")
				if _, err := url.Parse(u); err != nil {
					t.Fatal(err)
				}
				next = u
			}
			pages++
		}
		if len(seen) != 121 || pages != 3 {
			t.Fatalf("%d cases in %d pages", len(seen), pages)
		}
		if r := e.Do("GET", "/api/v1/cases?after=nonsense", "qz.supervisor", nil); r.Status != 400 {
			t.Fatalf("bad cursor: %d", r.Status)
		}
	})
}
