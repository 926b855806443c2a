package e2e

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"onetrip/app/apptest"
	"onetrip/casework"
	"onetrip/demo"
)

// jointItem is the catalogue's 联合验收: housing leads; natural resources,
// fire, civil air defence and the urban-construction archives take part.
const jointItem = "330-ZJJS-002"

// TestJointCompletionAcceptance is issue 20's 联合验收: the accepted case
// gives each participant a task at once, in parallel, on the same
// materials; two ask for rectification (需整改) and the applicant gets ONE
// combined notice; after the window supplies the rectified material the
// two approve, and the lead's consolidation — refused before then — issues
// one opinion listing all four departments' findings.
func TestJointCompletionAcceptance(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		var it struct {
			Materials []struct{ ID, Name, Source string }
		}
		e.Do("GET", "/api/v1/items/"+jointItem, "", nil).JSON(t, &it)
		var marks []mark
		for _, m := range it.Materials { // the licences not in the library are handed in at the window
			marks = append(marks, mark{Spec: m.ID, Status: "received"})
		}
		r := e.Do("POST", "/api/v1/cases", "qz.clerk", map[string]any{"item": jointItem, "region": "330802", "channel": "window",
			"applicant": map[string]any{"type": "org", "name": demo.QZCompany.Name, "id_number": demo.QZCompany.IDNumber}, "materials": marks})
		var c caseJSON
		r.JSON(t, &c)
		if r.Status != 201 || c.Status != "accepted" {
			t.Fatalf("accept %s: %d %s", jointItem, r.Status, r.Body)
		}
		reviewers := map[string]string{"natural-resources": "qz.reviewer.land", "fire-rescue": "qz.reviewer.fire",
			"civil-air-defence": "qz.reviewer.airdef", "archives": "qz.reviewer.archives"}
		tasks := map[string]taskJSON{}
		for kind, user := range reviewers {
			x := queueTask(t, e, user, c.ID)
			if x.Participant != kind || x.Department != "330802-"+kind || x.Step != jointItem {
				t.Fatalf("%s's task: participant %q department %q step %s", user, x.Participant, x.Department, x.Step)
			}
			tasks[kind] = x
		}
		// The lead's consolidation waits for them: not in housing's queue,
		// and refused if decided.
		var housing []taskJSON
		e.Do("GET", "/api/v1/tasks?status=waiting", "qz.reviewer.housing", nil).JSON(t, &housing)
		i := slices.IndexFunc(housing, func(x taskJSON) bool { return x.CaseID == c.ID })
		if i < 0 || housing[i].Participant != "" || !housing[i].Lead {
			t.Fatalf("housing's consolidation is not waiting: %+v", housing)
		}
		lead := housing[i]
		early := e.Do("POST", "/api/v1/tasks/"+lead.ID+"/decision", "qz.reviewer.housing", map[string]any{"decision": "approve", "opinion": "同意备案", "version": lead.Version})
		if early.Status != 409 {
			t.Fatalf("consolidation before the participants answered: %d %s", early.Status, early.Body)
		}
		// A participant cannot decide for another.
		if r := e.Do("POST", "/api/v1/tasks/"+tasks["fire-rescue"].ID+"/decision", "qz.reviewer.land", map[string]any{"decision": "approve", "opinion": "同意", "version": tasks["fire-rescue"].Version}); r.Status != 404 && r.Status != 403 {
			t.Fatalf("natural resources decides fire's task: %d %s", r.Status, r.Body)
		}
		rectify := map[string]string{"fire-rescue": "消防：疏散指示标志未按图施工，需整改", "civil-air-defence": "人防：防护密闭门安装不合格，需整改"}
		for _, kind := range []string{"natural-resources", "fire-rescue", "civil-air-defence", "archives"} {
			x, user := tasks[kind], reviewers[kind]
			if op, ok := rectify[kind]; ok {
				if r := e.Do("POST", "/api/v1/tasks/"+x.ID+"/decision", user, map[string]any{"decision": "return", "opinion": op, "version": x.Version}); r.Status != 200 {
					t.Fatalf("%s asks for rectification: %d %s", kind, r.Status, r.Body)
				}
				continue
			}
			decide(t, e, user, x, "approve", nil)
		}
		// ONE combined notice with both findings.
		notices := eventsOf[casework.JointRectificationData](t, e, c.ID, "joint.rectification")
		if len(notices) != 1 {
			t.Fatalf("%d combined rectification notices, want 1", len(notices))
		}
		var asked []string
		for _, f := range notices[0].Findings {
			if f.Decision == "returned" {
				asked = append(asked, f.Opinion)
			}
		}
		if len(notices[0].Findings) != 4 || len(asked) != 2 || !slices.Contains(asked, rectify["fire-rescue"]) || !slices.Contains(asked, rectify["civil-air-defence"]) {
			t.Fatalf("the combined notice: %+v", notices[0])
		}
		// The window brings the rectified report; the two review again.
		if r := e.Do("POST", "/api/v1/cases/"+c.ID+"/supply", "qz.clerk", map[string]any{"materials": []mark{{Spec: marks[1].Spec, Status: "received"}}}); r.Status != 200 {
			t.Fatalf("supply the rectified material: %d %s", r.Status, r.Body)
		}
		for _, kind := range []string{"fire-rescue", "civil-air-defence"} {
			decide(t, e, reviewers[kind], queueTask(t, e, reviewers[kind], c.ID), "approve", nil)
		}
		lead = queueTask(t, e, "qz.reviewer.housing", c.ID)
		decide(t, e, "qz.reviewer.housing", lead, "approve", map[string]string{"备案编号": "KC-2026-0042", "验收结论": "联合验收合格"})
		opinions := eventsOf[casework.JointOpinionData](t, e, c.ID, "joint.consolidated")
		if len(opinions) != 1 || len(opinions[0].Findings) != 4 || opinions[0].Department != "330802-housing-construction" {
			t.Fatalf("consolidated opinions: %+v", opinions)
		}
		for _, f := range opinions[0].Findings {
			if f.Decision != "approved" || !strings.HasPrefix(f.Department, "330802-") {
				t.Fatalf("finding %+v", f)
			}
		}
		var got caseJSON
		e.Do("GET", "/api/v1/cases/"+c.ID, "qz.clerk", nil).JSON(t, &got)
		if got.Status != "closed" && got.Status != "approved" {
			t.Fatalf("case after the consolidation: %s", got.Status)
		}
	})
}

// eventsOf is the data of a case's events of one type, oldest first.
func eventsOf[T any](t *testing.T, e *apptest.Env, caseID, typ string) []T {
	t.Helper()
	var evs struct {
		Events []struct {
			Type string
			Data json.RawMessage
		}
	}
	e.Do("GET", "/api/v1/cases/"+caseID+"/events", "qz.clerk", nil).JSON(t, &evs)
	var out []T
	for _, ev := range evs.Events {
		if ev.Type == typ {
			var d T
			if err := json.Unmarshal(ev.Data, &d); err != nil {
				t.Fatalf("%s: %v", typ, err)
			}
			out = append(out, d)
		}
	}
	return out
}
