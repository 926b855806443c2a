package httpapi_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"

	"onetrip/app/apptest"
	"onetrip/httpapi"
	"onetrip/sqlstore/sqltest"
)

func TestRegionsAndScope(t *testing.T) {
	for _, engine := range sqltest.Engines() {
		t.Run(engine, func(t *testing.T) {
			e := apptest.New(t, engine)
			r := e.Do("GET", "/api/v1/regions?parent=330000", "", nil)
			if r.Status != http.StatusUnauthorized || r.ErrorCode() != "unauthorized" {
				t.Fatalf("anonymous: %d %s", r.Status, r.Body)
			}
			r = e.Do("GET", "/api/v1/regions?parent=330000", "qz.clerk", nil)
			var cities []struct{ Code, Name string }
			r.JSON(t, &cities)
			if r.Status != 200 || len(cities) != 11 || cities[7].Name != "衢州市" {
				t.Fatalf("%d %s", r.Status, r.Body)
			}
			r = e.Do("GET", "/api/v1/regions/330802", "qz.clerk", nil)
			var one struct {
				Name string
				Path []struct{ Name string }
			}
			r.JSON(t, &one)
			if one.Name != "柯城区" || len(one.Path) != 3 || one.Path[0].Name != "浙江省" {
				t.Fatalf("%s", r.Body)
			}
			for _, c := range []struct {
				name, method, path, user string
				status                   int
				code                     string
			}{
				{"bad parent", "GET", "/api/v1/regions?parent=33x000", "qz.clerk", 400, "invalid"},
				{"unknown region", "GET", "/api/v1/regions/330899", "qz.clerk", 404, "not_found"},
				{"own departments", "GET", "/api/v1/departments?region=330802", "qz.clerk", 200, ""},
				{"the city's departments", "GET", "/api/v1/departments?region=330800", "qz.clerk", 200, ""},
				{"another city's departments", "GET", "/api/v1/departments?region=330102", "qz.clerk", 403, "forbidden"},
				{"another county's centres", "GET", "/api/v1/centers?region=330803", "qz.clerk", 403, "forbidden"},
				{"hangzhou admin in quzhou", "GET", "/api/v1/centers?region=330802", "hz.admin", 403, "forbidden"},
				{"missing region", "GET", "/api/v1/departments", "qz.admin", 400, "invalid"},
				{"users need admin", "GET", "/api/v1/users", "qz.clerk", 403, "forbidden"},
				{"no such endpoint", "GET", "/api/v1/nothing", "qz.clerk", 404, "not_found"},
			} {
				r := e.Do(c.method, c.path, c.user, nil)
				if r.Status != c.status || r.ErrorCode() != c.code {
					t.Errorf("%s: %d %s", c.name, r.Status, r.Body)
				}
			}
		})
	}
}

func TestBadInputChangesNothing(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		count := func() int {
			var users []json.RawMessage
			e.Do("GET", "/api/v1/users", "qz.admin", nil).JSON(t, &users)
			return len(users)
		}
		before := count()
		good := `{"username":"newclerk","name":"新窗口","role":"clerk","region":"330802","center":"330802-center","password":"long-enough-pw"}`
		for _, c := range []struct {
			name    string
			body    string
			headers []string
			user    string
			status  int
			code    string
		}{
			{"malformed", `{"username": "x",`, nil, "qz.admin", 400, "invalid"},
			{"not json", `username=x`, nil, "qz.admin", 400, "invalid"},
			{"unknown field", `{"username":"x1","role":"clerk","password":"long-enough-pw","is_root":true}`, nil, "qz.admin", 400, "invalid"},
			{"wrong type", `{"username":7}`, nil, "qz.admin", 400, "invalid"},
			{"two values", good + good, nil, "qz.admin", 400, "invalid"},
			{"empty", ``, nil, "qz.admin", 400, "invalid"},
			{"oversized", `{"name":"` + strings.Repeat("长", 400000) + `"}`, nil, "qz.admin", 413, "too_large"},
			{"wrong content type", good, []string{"Content-Type", "text/plain"}, "qz.admin", 415, "unsupported"},
			{"forged token", good, []string{"Authorization", "Bearer otk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}, "", 401, "unauthorized"},
			{"not bearer", good, []string{"Authorization", "Basic eDp5"}, "", 401, "unauthorized"},
			{"no token", good, nil, "", 401, "unauthorized"},
			{"other city", strings.Replace(good, "330802", "330102", 1), nil, "qz.admin", 403, "forbidden"},
			{"not an admin", good, nil, "qz.clerk", 403, "forbidden"},
			{"invalid account", `{"username":"a b","role":"chief","password":"x"}`, nil, "qz.admin", 400, "invalid"},
		} {
			r := e.Do("POST", "/api/v1/users", c.user, c.body, c.headers...)
			if r.Status != c.status || r.ErrorCode() != c.code {
				t.Errorf("%s: %d %s", c.name, r.Status, r.Body)
			}
		}
		if after := count(); after != before {
			t.Fatalf("bad requests created accounts: %d → %d", before, after)
		}
		r := e.Do("POST", "/api/v1/users", "qz.admin", good)
		if r.Status != 201 || count() != before+1 {
			t.Fatalf("good request: %d %s", r.Status, r.Body)
		}
		// The invalid account's answer lists every problem with its field.
		r = e.Do("POST", "/api/v1/users", "qz.admin", `{"username":"a b","role":"chief","password":"x"}`, "Accept-Language", "en")
		var body struct {
			Error struct {
				Message string
				Details []struct{ Path, Message string }
			}
		}
		r.JSON(t, &body)
		paths := []string{}
		for _, d := range body.Error.Details {
			paths = append(paths, d.Path)
		}
		sort.Strings(paths)
		if strings.Join(paths, ",") != "password,role,username" || !strings.Contains(body.Error.Message, "problem") {
			t.Fatalf("details: %s", r.Body)
		}
	})
}

func TestTokensAPI(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		r := e.Do("POST", "/api/v1/tokens", "qz.system", `{"name":"market system"}`)
		var issued struct{ Token, ID string }
		r.JSON(t, &issued)
		if r.Status != 201 || !strings.HasPrefix(issued.Token, "otk_") {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		me := e.Do("GET", "/api/v1/me", "", nil, "Authorization", "Bearer "+issued.Token)
		if me.Status != 200 || !strings.Contains(string(me.Body), `"department":"330802-market"`) {
			t.Fatalf("%s", me.Body)
		}
		if strings.Contains(string(me.Body), "password") {
			t.Fatal("the password hash leaked")
		}
		if r := e.Do("DELETE", "/api/v1/tokens/"+issued.ID, "qz.clerk", nil); r.Status != 404 {
			t.Fatalf("revoking another user's token: %d", r.Status)
		}
		if r := e.Do("DELETE", "/api/v1/tokens/"+issued.ID, "qz.system", nil); r.Status != 204 {
			t.Fatalf("revoke: %d %s", r.Status, r.Body)
		}
		if r := e.Do("GET", "/api/v1/me", "", nil, "Authorization", "Bearer "+issued.Token); r.Status != 401 {
			t.Fatalf("revoked token still works: %d", r.Status)
		}
	})
}

// TestOpenAPIInStep checks the document against the mux: every route is
// documented with a summary and the document has no path the API lacks.
func TestOpenAPIInStep(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		r := e.Do("GET", "/api/v1/openapi.json", "", nil)
		var doc struct {
			OpenAPI string                                `json:"openapi"`
			Paths   map[string]map[string]json.RawMessage `json:"paths"`
		}
		r.JSON(t, &doc)
		if r.Status != 200 || doc.OpenAPI != "3.1.0" {
			t.Fatalf("%d %s", r.Status, r.Body[:min(200, len(r.Body))])
		}
		api := httpapi.New(e.Store, nil, nil, "test")
		seen := map[string]bool{}
		param := regexp.MustCompile(`\{[^}]+\}`)
		for _, rt := range api.Routes() {
			op, ok := doc.Paths[rt.Path][strings.ToLower(rt.Method)]
			if !ok {
				t.Errorf("%s %s is not documented", rt.Method, rt.Path)
				continue
			}
			if rt.Summary == "" || !strings.Contains(string(op), `"summary"`) {
				t.Errorf("%s %s has no summary", rt.Method, rt.Path)
			}
			seen[rt.Method+" "+rt.Path] = true
			// The route answers something other than the catch-all 404.
			path := param.ReplaceAllString(rt.Path, "x")
			resp := e.Do(rt.Method, path, "qz.admin", nil)
			if resp.Status == 404 && strings.Contains(string(resp.Body), `"http.not_found"`) {
				t.Errorf("%s %s is documented but not routed", rt.Method, rt.Path)
			}
		}
		for p, ops := range doc.Paths {
			for m := range ops {
				if !seen[strings.ToUpper(m)+" "+p] {
					t.Errorf("documented %s %s has no route", m, p)
				}
			}
		}
	})
}
