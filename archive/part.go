package archive

import (
	"encoding/json"
	"slices"

	"onetrip/casework"
)

// Part is what one department keeps of a case (档案分别管理): the case's
// own record and events, its tasks with their opinions, decisions and
// outputs, the materials its steps used, the correction notices and the
// licences it issued. Another department's tasks and their events are not
// in it.
type Part struct {
	Department string
	Tasks      []casework.Task
	Materials  []casework.Material
	Notices    []casework.Notice
	Licences   []casework.LicenceRef
	Events     []casework.Event
}

// Parts splits a closed case into its departments' parts, in the order of
// their first task. stepMaterials gives the keys of the materials a step
// used (casework.StepMaterials); issuer gives the department that issued a
// licence.
func Parts(c *casework.Case, evs []casework.Event, notices []casework.Notice, stepMaterials func(step string) []string, issuer func(licenceID string) string) []Part {
	var order []string
	taskDept := map[string]string{}
	for _, t := range c.Tasks {
		taskDept[t.ID] = t.Department
		if !slices.Contains(order, t.Department) {
			order = append(order, t.Department)
		}
	}
	out := make([]Part, 0, len(order))
	for _, d := range order {
		p := Part{Department: d, Notices: notices}
		var keys []string
		for _, t := range c.Tasks {
			if t.Department == d {
				p.Tasks = append(p.Tasks, t)
				keys = append(keys, stepMaterials(t.Step)...)
			}
		}
		for _, m := range c.Materials {
			if slices.Contains(keys, m.Key) {
				p.Materials = append(p.Materials, m)
			}
		}
		for _, l := range c.Licences {
			if issuer(l.ID) == d {
				p.Licences = append(p.Licences, l)
			}
		}
		for _, e := range evs {
			if owner, dept := eventOwner(e); (owner == "" && (dept == "" || dept == d)) || taskDept[owner] == d {
				p.Events = append(p.Events, e)
			}
		}
		out = append(out, p)
	}
	return out
}

// eventOwner is the task an event is about, or the department it is of (a
// fee's events are the collecting department's); both "" for the case's
// own events.
func eventOwner(e casework.Event) (task, department string) {
	var d struct {
		TaskID     string `json:"task_id"`
		Task       string `json:"task"`
		Department string `json:"department"`
	}
	if len(e.Data) == 0 || json.Unmarshal(e.Data, &d) != nil {
		return "", ""
	}
	if d.TaskID != "" {
		return d.TaskID, ""
	}
	return d.Task, d.Department
}
