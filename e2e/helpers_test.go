package e2e

import (
	"slices"
	"testing"
	"time"

	"onetrip/app/apptest"
)

func mustDate(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// uploadPDF uploads a small PDF as user and answers its blob id.
func uploadPDF(t *testing.T, e *apptest.Env, user, text string) string {
	t.Helper()
	r := e.Do("POST", "/api/v1/blobs", user, []byte("%PDF-1.7\n% "+text+"\n1 0 obj <<>> endobj\n%%EOF\n"), "Content-Type", "application/pdf")
	var info struct{ ID string }
	r.JSON(t, &info)
	if r.Status != 201 || info.ID == "" {
		t.Fatalf("upload: %d %s", r.Status, r.Body)
	}
	return info.ID
}

// uploadedMarks are an online application's marks: every material the
// applicant provides uploaded (one PDF each), except those named in skip;
// materials the platform fetches are left to it.
func uploadedMarks(t *testing.T, e *apptest.Env, user, item string, skip ...string) []map[string]any {
	t.Helper()
	var it struct {
		Materials []struct{ ID, Name, Source string }
	}
	if r := e.Do("GET", "/api/v1/items/"+item, "", nil); r.Status != 200 {
		t.Fatalf("item %s: %d", item, r.Status)
	} else {
		r.JSON(t, &it)
	}
	out := []map[string]any{}
	for _, m := range it.Materials {
		if m.Source != "applicant" || slices.Contains(skip, m.ID) || slices.Contains(skip, m.Name) {
			continue
		}
		out = append(out, map[string]any{"spec": m.ID, "status": "received", "file": uploadPDF(t, e, user, m.Name)})
	}
	return out
}
