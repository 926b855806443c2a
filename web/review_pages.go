package web

import (
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"onetrip"
	"onetrip/casework"
	"onetrip/httpx"
	"onetrip/policy"
	"onetrip/sqlstore"
	"onetrip/workday"
)

// The review workbench (部门审批): a department's queue by due date with
// the clock's colour, a task opened with the case, its materials and every
// other step's outputs (结论互认), and the decision: approve with outputs,
// deny or return with the reason. Two reviewers deciding at once: the task
// version makes exactly one win; the other sees who was faster.

// reviewStatuses are the queue's tabs.
var reviewStatuses = []string{casework.TaskReady, casework.TaskWaiting, casework.TaskApproved, casework.TaskDenied, casework.TaskReturned}

type reviewQueueData struct {
	Status   string
	Statuses []string
	Tasks    []casework.TaskView
	Next     string
	Dept     string
	Flash    string
}

const reviewPage = 50

func (w *Web) reviewQueue(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireUser(rw, r, onetrip.RoleReviewer)
	if !ok {
		return
	}
	ctx := r.Context()
	dept, err := policy.TaskQueue(p)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	q := r.URL.Query()
	d := &reviewQueueData{Status: q.Get("status"), Statuses: reviewStatuses, Dept: w.deptNames(ctx, dept)[dept]}
	if d.Status == "" {
		d.Status = casework.TaskReady
	}
	pg := w.page(r, "ui.rv.title", d)
	valid := false
	for _, s := range reviewStatuses {
		valid = valid || s == d.Status
	}
	if !valid {
		w.renderError(rw, r, onetrip.Invalid("http.bad_query", "status", d.Status))
		return
	}
	list, err := w.store.Tasks(ctx, sqlstore.TaskQuery{Department: dept, Status: d.Status, After: q.Get("after"), AfterDue: q.Get("after_due"), Limit: reviewPage})
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	d.Tasks = list
	if len(list) == reviewPage {
		last := list[len(list)-1]
		d.Next = "/review?status=" + url.QueryEscape(d.Status) + "&after=" + url.QueryEscape(last.ID) + "&after_due=" + url.QueryEscape(last.DueDate)
	}
	if id := q.Get("decided"); id != "" {
		if t, err := w.store.TaskByID(ctx, id); err == nil && policy.CanWorkTask(p, &t) {
			d.Flash = pg.T("ui.rv.decided", pg.T("review.status."+t.Status))
		}
	}
	w.render(rw, r, "review", http.StatusOK, pg)
}

type kv struct{ Name, Value string }

type earlierStep struct {
	StepName, DeptName, DecidedBy, DecidedAt, Opinion string
	Outputs                                           []kv
}

type reviewTaskData struct {
	V         casework.TaskView
	Materials []caseMatRow
	// OtherMaterials are the bundle's materials other steps ask for,
	// shown folded.
	OtherMaterials []caseMatRow
	Earlier        []earlierStep
	Outputs        []kv
	// OutputNames are the names the step's decision may give (offered in
	// the form's list; others are refused).
	OutputNames []string
	// FixedOutputs: the rows are the step's defined fields.
	FixedOutputs bool
	Decision     string
	Opinion      string
	Kinds        []option
	Open         []casework.Suspension
	CanDecide    bool
	DeptName     string
	Error        string
}

// outputRows is how many name/value rows the approval form offers.
const outputRows = 6

func sortedKV(m map[string]string) []kv {
	out := make([]kv, 0, len(m))
	for k, v := range m {
		out = append(out, kv{k, v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// reviewTaskShow renders a task page; posted keeps the reviewer's input
// when the page is shown again with an error.
func (w *Web) reviewTaskShow(rw http.ResponseWriter, r *http.Request, p *onetrip.Principal, status int, err error, posted *reviewTaskData) {
	ctx := r.Context()
	v, lerr := w.store.OpenTask(ctx, p, r.PathValue("id"))
	if lerr != nil {
		w.renderError(rw, r, lerr)
		return
	}
	pg := w.page(r, "ui.rv.task", nil)
	d := &reviewTaskData{V: v, CanDecide: v.Status == casework.TaskReady, Decision: "approve"}
	if posted != nil {
		d.Outputs, d.Decision, d.Opinion = posted.Outputs, posted.Decision, posted.Opinion
	}
	d.OutputNames = make([]string, len(v.StepOutputs))
	for i, o := range v.StepOutputs {
		d.OutputNames[i] = o.Name
	}
	if len(d.OutputNames) > 0 {
		// The step's result defines its fields: one labelled input each,
		// nothing for the reviewer to name.
		posted := map[string]string{}
		for _, o := range d.Outputs {
			posted[o.Name] = o.Value
		}
		d.Outputs, d.FixedOutputs = nil, true
		for _, n := range d.OutputNames {
			d.Outputs = append(d.Outputs, kv{n, posted[n]})
		}
	}
	for !d.FixedOutputs && len(d.Outputs) < outputRows {
		d.Outputs = append(d.Outputs, kv{})
	}
	if err != nil {
		d.Error = errorMessage(r, err)
		for _, det := range onetrip.AsError(err).Details {
			d.Error += onetrip.Semicolon(pg.Lang) + onetrip.Render(pg.Lang, det.Key, det.Args...)
		}
	}
	c := v.Case
	ids := []string{v.Department}
	for _, t := range v.EarlierSteps {
		ids = append(ids, t.Department)
	}
	names := w.deptNames(ctx, ids...)
	d.DeptName = names[v.Department]
	refs, rerr := w.store.Refs(ctx)
	if rerr != nil {
		w.renderError(rw, r, rerr)
		return
	}
	for _, t := range v.EarlierSteps {
		d.Earlier = append(d.Earlier, earlierStep{StepName: or(refs.Items[t.Step].Name, t.Step), DeptName: names[t.Department],
			DecidedBy: t.DecidedBy, DecidedAt: dateOf(t.DecidedAt), Opinion: t.Opinion, Outputs: sortedKV(t.Outputs)})
	}
	if c != nil {
		for _, m := range c.Materials {
			row := caseMatRow{Name: m.Name, State: string(m.State), Reason: m.Reason, DueDate: m.DueDate, Files: m.Files}
			if slices.Contains(v.StepMaterials, m.Key) || len(v.StepMaterials) == 0 {
				d.Materials = append(d.Materials, row)
			} else {
				d.OtherMaterials = append(d.OtherMaterials, row)
			}
		}
		if c.Clock != nil {
			for _, sp := range c.Clock.Suspensions {
				if sp.End == nil {
					d.Open = append(d.Open, sp)
				}
			}
		}
		masked := policy.MaskCase(p, *c, policy.Opened, "")
		d.V.Case = &masked
	}
	for _, k := range workday.Kinds {
		d.Kinds = append(d.Kinds, option{k, pg.T(workday.KindKey(k))})
	}
	pg.Data = d
	pg.Title = pg.T("ui.rv.task") + " · " + v.CaseNumber
	w.render(rw, r, "review_task", status, pg)
}

func (w *Web) reviewTask(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireUser(rw, r, onetrip.RoleReviewer)
	if !ok {
		return
	}
	w.reviewTaskShow(rw, r, p, http.StatusOK, nil, nil)
}

func (w *Web) reviewDecide(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireUser(rw, r, onetrip.RoleReviewer)
	if !ok || !w.postForm(rw, r) {
		return
	}
	posted := &reviewTaskData{Decision: r.PostFormValue("decision"), Opinion: strings.TrimSpace(r.PostFormValue("opinion"))}
	d := casework.Decision{Decision: posted.Decision, Opinion: posted.Opinion}
	for i := 0; i < 50; i++ {
		name := strings.TrimSpace(r.PostFormValue("out.name." + strconv.Itoa(i)))
		value := strings.TrimSpace(r.PostFormValue("out.value." + strconv.Itoa(i)))
		if name == "" && value == "" {
			continue
		}
		posted.Outputs = append(posted.Outputs, kv{name, value})
		if d.Decision == "approve" {
			if d.Outputs == nil {
				d.Outputs = map[string]string{}
			}
			d.Outputs[name] = value
		}
	}
	d.Version, _ = strconv.Atoi(r.PostFormValue("version"))
	v, err := w.store.DecideTask(r.Context(), p, r.PathValue("id"), d)
	if err != nil {
		lang := httpx.PageLang(r)
		// Decided meanwhile by someone else: say so, whatever rule the
		// stale version broke first.
		if onetrip.HasCode(err, onetrip.CodeConflict) {
			if t, terr := w.store.TaskByID(r.Context(), r.PathValue("id")); terr == nil && t.Version != d.Version && policy.CanWorkTask(p, &t) {
				err = onetrip.Conflict("ui.rv.stale", or(t.DecidedBy, "?"), onetrip.Render(lang, "review.status."+t.Status))
			}
		}
		status, _ := httpx.Body(err, lang)
		w.reviewTaskShow(rw, r, p, status, err, posted)
		return
	}
	w.log.Info("task decided", "task", v.ID, "case", v.CaseNumber, "decision", d.Decision, "by", p.Username)
	http.Redirect(rw, r, "/review?decided="+url.QueryEscape(v.ID), http.StatusSeeOther)
}

// reviewSuspend starts a special procedure (特别程序) on the task's case:
// the clock stops until it ends.
func (w *Web) reviewSuspend(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireUser(rw, r, onetrip.RoleReviewer)
	if !ok || !w.postForm(rw, r) {
		return
	}
	t, err := w.store.TaskByID(r.Context(), r.PathValue("id"))
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	if err := policy.TaskAction(p, &t); err != nil {
		w.renderError(rw, r, err)
		return
	}
	req := casework.SuspendRequest{Kind: r.PostFormValue("kind"), Reason: strings.TrimSpace(r.PostFormValue("reason")), TaskID: t.ID}
	if _, err := w.store.Suspend(r.Context(), p, t.CaseID, req); err != nil {
		status, _ := httpx.Body(err, httpx.PageLang(r))
		w.reviewTaskShow(rw, r, p, status, err, nil)
		return
	}
	http.Redirect(rw, r, "/review/tasks/"+t.ID, http.StatusSeeOther)
}

// reviewResume ends a special procedure; the clock restarts with what was
// left.
func (w *Web) reviewResume(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireUser(rw, r, onetrip.RoleReviewer)
	if !ok || !w.postForm(rw, r) {
		return
	}
	t, err := w.store.TaskByID(r.Context(), r.PathValue("id"))
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	if err := policy.TaskAction(p, &t); err != nil {
		w.renderError(rw, r, err)
		return
	}
	if _, err := w.store.Resume(r.Context(), p, t.CaseID, r.PostFormValue("suspension")); err != nil {
		status, _ := httpx.Body(err, httpx.PageLang(r))
		w.reviewTaskShow(rw, r, p, status, err, nil)
		return
	}
	http.Redirect(rw, r, "/review/tasks/"+t.ID, http.StatusSeeOther)
}
