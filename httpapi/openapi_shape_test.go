package httpapi

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"onetrip"
)

// TestDocumentedBodiesDecode: for every route, a request body built from its
// OpenAPI schema alone (every property, of the documented type) decodes
// strictly into what the route reads — no unknown field, no wrong type —
// and a raw upload is documented as bytes, not as JSON.
func TestDocumentedBodiesDecode(t *testing.T) {
	doc := OpenAPI(allRoutes(t), "test")
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	var example func(s map[string]any, depth int) any
	example = func(s map[string]any, depth int) any {
		if ref, ok := s["$ref"].(string); ok {
			return example(schemas[strings.TrimPrefix(ref, "#/components/schemas/")].(map[string]any), depth+1)
		}
		if depth > 30 {
			return nil
		}
		switch s["type"] {
		case "object":
			out := map[string]any{}
			if props, ok := s["properties"].(map[string]any); ok {
				for k, v := range props {
					out[k] = example(v.(map[string]any), depth+1)
				}
			}
			return out
		case "array":
			return []any{example(s["items"].(map[string]any), depth+1)}
		case "string":
			if s["contentEncoding"] == "base64" {
				return "AAEC"
			}
			if s["format"] == "date-time" {
				return "2026-12-01T10:00:00Z"
			}
			return "x"
		case "integer":
			return 1
		case "number":
			return 1.5
		case "boolean":
			return true
		}
		return map[string]any{}
	}
	checked := 0
	for _, rt := range allRoutes(t) {
		if rt.Path == "/api/v1/blobs" && rt.Method == "POST" {
			op := doc["paths"].(map[string]any)[rt.Path].(map[string]any)["post"].(map[string]any)
			content := op["requestBody"].(map[string]any)["content"].(map[string]any)
			if _, ok := content["application/json"]; ok || content["application/pdf"] == nil {
				t.Errorf("POST /blobs must be documented as raw bytes: %v", content)
			}
			continue
		}
		if rt.Body == nil {
			continue
		}
		body, _ := json.Marshal(example(schemaOf(reflect.TypeOf(rt.Body), schemas), 0))
		dst := reflect.New(reflect.TypeOf(rt.Body)).Interface()
		if err := onetrip.DecodeStrict(bytes.NewReader(body), dst); err != nil {
			t.Errorf("%s %s: the documented body %s does not decode: %v", rt.Method, rt.Path, body, err)
		}
		checked++
	}
	if checked < 10 {
		t.Fatalf("only %d routes with bodies", checked)
	}
}

// allRoutes is every route of the API (New registers them; no store is
// touched until a handler runs).
func allRoutes(t *testing.T) []Route {
	t.Helper()
	return New(nil, nil, nil, "test").Routes()
}

func TestWrongMethodIs405(t *testing.T) {
	a := New(nil, nil, nil, "test")
	for _, tc := range []struct {
		method, path string
		status       int
		allow        string
	}{
		{"DELETE", "/api/v1/cases", 405, "POST, GET"},
		{"PUT", "/api/v1/openapi.json", 405, "GET"},
		{"GET", "/api/v1/no-such-thing", 404, ""},
	} {
		rec := httptest.NewRecorder()
		a.ServeHTTP(rec, httptest.NewRequest(tc.method, tc.path, nil))
		if rec.Code != tc.status || rec.Header().Get("Allow") != tc.allow {
			t.Errorf("%s %s: %d Allow %q", tc.method, tc.path, rec.Code, rec.Header().Get("Allow"))
		}
	}
}
