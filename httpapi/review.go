package httpapi

import (
	"net/http"
	"strconv"
	"time"

	"onetrip"
	"onetrip/casework"
	"onetrip/httpx"
	"onetrip/intake"
	"onetrip/policy"
	"onetrip/review"
	"onetrip/sqlstore"
	"onetrip/workday"
)

// HandoverRequest hands a result over at the window to the collector whose
// ID card the clerk checked.
type HandoverRequest struct {
	Version   int              `json:"version"`
	Collector intake.Collector `json:"collector"`
}

// CalendarDay is one day the calendar lists: a holiday or an adjusted
// working day, built in or an admin's override.
type CalendarDay struct {
	Date     string `json:"date"`
	Work     bool   `json:"work"`
	Name     string `json:"name"`
	Override bool   `json:"override"`
}

// CalendarSourceJSON is the State Council notice a year's holiday schedule
// comes from: shipped with onetrip (builtin) or recorded by the province
// admin; SchedulePublished says whether the calendar has that year's
// holidays (otherwise due dates in it are counted Monday to Friday and
// provisional).
type CalendarSourceJSON struct {
	Year              int       `json:"year"`
	Title             string    `json:"title"`
	Number            string    `json:"number"`
	Published         string    `json:"published"`
	URL               string    `json:"url,omitempty"`
	Builtin           bool      `json:"builtin"`
	RecordedBy        string    `json:"recorded_by,omitempty"`
	RecordedAt        time.Time `json:"recorded_at,omitzero"`
	SchedulePublished bool      `json:"schedule_published"`
}

// CalendarSourceRequest records a year's source.
type CalendarSourceRequest struct {
	Title     string `json:"title"`
	Number    string `json:"number"`
	Published string `json:"published"`
	URL       string `json:"url,omitempty"`
}

// OverrideJSON is an admin's calendar override.
type OverrideJSON struct {
	Date string `json:"date"`
	Work bool   `json:"work"`
	Name string `json:"name"`
}

func (a *API) routesReview() {
	a.handle(Route{Method: "GET", Path: "/api/v1/tasks", Summary: "the caller's department queue by due date (keyset pages: after=<last id>&after_due=<its due date>)",
		Tag: "review", Params: []Param{{Name: "status", In: "query", Desc: "task status (ready by default)", Enum: review.TaskStatuses},
			{Name: "after", In: "query", Desc: "keyset page: the id of the last task of the previous page"},
			{Name: "after_due", In: "query", Format: "date", Desc: "keyset page: the due date of the last task of the previous page"}, limitParam}, Resp: []casework.TaskView{}},
		func(w http.ResponseWriter, r *http.Request) error {
			dept, err := policy.TaskQueue(caller(r))
			if err != nil {
				return err
			}
			q := r.URL.Query()
			tq := sqlstore.TaskQuery{Department: dept, Status: q.Get("status"), After: q.Get("after"), AfterDue: q.Get("after_due")}
			switch tq.Status {
			case "", casework.TaskReady, casework.TaskWaiting, casework.TaskApproved, casework.TaskDenied, casework.TaskReturned, casework.TaskCanceled:
			default:
				return onetrip.Invalid("http.bad_query", "status", tq.Status)
			}
			if l := q.Get("limit"); l != "" {
				n, err := strconv.Atoi(l)
				if err != nil || n < 1 {
					return onetrip.Invalid("http.bad_query", "limit", l)
				}
				tq.Limit = n
			}
			list, err := a.store.Tasks(r.Context(), tq)
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, list)
			return nil
		})
	a.handle(Route{Method: "GET", Path: "/api/v1/tasks/{id}", Summary: "open a task: the case, its materials and every earlier step's outputs", Tag: "review", Resp: casework.TaskView{}},
		func(w http.ResponseWriter, r *http.Request) error {
			v, err := a.store.OpenTask(r.Context(), caller(r), r.PathValue("id"))
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, policy.MaskTask(caller(r), v))
			return nil
		})
	a.handle(Route{Method: "POST", Path: "/api/v1/tasks/{id}/decision", Summary: "decide a ready task: approve (with outputs), deny (with reason) or return to the window; a stale version is 409",
		Tag: "review", Body: casework.Decision{}, Resp: casework.TaskView{}},
		func(w http.ResponseWriter, r *http.Request) error {
			var d casework.Decision
			if err := httpx.DecodeJSON(w, r, &d, 0); err != nil {
				return err
			}
			v, err := a.store.DecideTask(r.Context(), caller(r), r.PathValue("id"), d)
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, v)
			return nil
		})
	a.handle(Route{Method: "POST", Path: "/api/v1/cases/{id}/suspensions", Summary: "start a special procedure (hearing, inspection, expert review, public notice, waiting for material): the clock stops",
		Tag: "review", Body: casework.SuspendRequest{}, Resp: casework.Suspension{}, Status: 201},
		func(w http.ResponseWriter, r *http.Request) error {
			var req casework.SuspendRequest
			if err := httpx.DecodeJSON(w, r, &req, 0); err != nil {
				return err
			}
			sp, err := a.store.Suspend(r.Context(), caller(r), r.PathValue("id"), req)
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusCreated, sp)
			return nil
		})
	a.handle(Route{Method: "POST", Path: "/api/v1/cases/{id}/suspensions/{sid}/resume", Summary: "end a special procedure: the clock restarts with what was left",
		Tag: "review", Resp: casework.Suspension{}},
		func(w http.ResponseWriter, r *http.Request) error {
			sp, err := a.store.Resume(r.Context(), caller(r), r.PathValue("id"), r.PathValue("sid"))
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, sp)
			return nil
		})
	a.handle(Route{Method: "GET", Path: "/api/v1/pickups", Summary: "approved results waiting at the windows of the clerk's region (综合窗口出件)", Tag: "review", Resp: []casework.Case{}},
		func(w http.ResponseWriter, r *http.Request) error {
			if err := requireRole(r, onetrip.RoleClerk); err != nil {
				return err
			}
			scope, err := policy.CaseScope(caller(r), "")
			if err != nil {
				return err
			}
			list, err := a.store.Pickups(r.Context(), scope)
			if err != nil {
				return err
			}
			for i := range list {
				list[i] = policy.MaskCase(caller(r), list[i], policy.InList, "")
			}
			httpx.WriteJSON(w, http.StatusOK, list)
			return nil
		})
	a.handle(Route{Method: "POST", Path: "/api/v1/cases/{id}/handover", Summary: "hand the result over at the window to a checked collector (the applicant, its legal representative, the agent on record, or an authorised person with the authorisation's number): records the collector and the trip and closes the case", Tag: "review",
		Body: HandoverRequest{}, Resp: casework.Case{}},
		func(w http.ResponseWriter, r *http.Request) error {
			var req HandoverRequest
			if err := httpx.DecodeJSON(w, r, &req, 0); err != nil {
				return err
			}
			c, err := a.store.Handover(r.Context(), caller(r), r.PathValue("id"), req.Version, req.Collector)
			return a.afterWrite(w, r, nil, http.StatusOK, c, err)
		})
	a.handle(Route{Method: "GET", Path: "/api/v1/calendar", Summary: "holidays and adjusted working days of a year (built in and overrides)", Tag: "calendar", Public: true,
		Params: []Param{{Name: "year", In: "query", Required: true, Type: "integer", Min: intp(workday.MinYear), Max: intp(workday.MaxYear), Desc: "the calendar year", Example: 2026}}, Resp: []CalendarDay{}},
		func(w http.ResponseWriter, r *http.Request) error {
			y, err := strconv.Atoi(r.URL.Query().Get("year"))
			if err != nil || y < workday.MinYear || y > workday.MaxYear {
				return onetrip.Invalid("http.bad_query", "year", r.URL.Query().Get("year"))
			}
			cal, err := a.store.Calendar(r.Context())
			if err != nil {
				return err
			}
			ov, err := a.store.CalendarOverrides(r.Context())
			if err != nil {
				return err
			}
			isOv := map[string]bool{}
			for _, o := range ov {
				isOv[o.Date.String()] = true
			}
			out := []CalendarDay{}
			for _, e := range cal.Entries(y) {
				out = append(out, CalendarDay{Date: e.Date.String(), Work: e.Work, Name: e.Name, Override: isOv[e.Date.String()]})
			}
			httpx.WriteJSON(w, http.StatusOK, out)
			return nil
		})
	a.handle(Route{Method: "PUT", Path: "/api/v1/calendar/overrides", Summary: "add or replace holiday / working-day overrides (admin); a date both holiday and working day is refused",
		Tag: "calendar", Body: []OverrideJSON{}, Resp: []OverrideJSON{}, Errors: []int{409}},
		func(w http.ResponseWriter, r *http.Request) error {
			if err := requireProvinceAdmin(r); err != nil {
				return err
			}
			var in []OverrideJSON
			if err := httpx.DecodeJSON(w, r, &in, 0); err != nil {
				return err
			}
			var list []workday.Override
			var p onetrip.Problems
			for i, o := range in {
				d, err := workday.Parse(o.Date)
				if err != nil {
					p.Add("["+strconv.Itoa(i)+"].date", "http.bad_query", "date", o.Date)
					continue
				}
				list = append(list, workday.Override{Date: d, Work: o.Work, Name: o.Name})
			}
			if err := p.Err("err.validation", len(p)); err != nil {
				return err
			}
			if err := a.store.SetCalendarOverrides(r.Context(), list, caller(r).Username); err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, in)
			return nil
		})
	a.handle(Route{Method: "DELETE", Path: "/api/v1/calendar/overrides/{date}", Summary: "remove an override (admin)", Tag: "calendar", Status: 204},
		func(w http.ResponseWriter, r *http.Request) error {
			if err := requireProvinceAdmin(r); err != nil {
				return err
			}
			d, err := workday.Parse(r.PathValue("date"))
			if err != nil {
				return onetrip.Invalid("http.bad_query", "date", r.PathValue("date"))
			}
			if err := a.store.DeleteCalendarOverride(r.Context(), d, caller(r).Username); err != nil {
				return err
			}
			w.WriteHeader(http.StatusNoContent)
			return nil
		})
	sourceJSON := func(c sqlstore.CalendarSource, cal *workday.Calendar) CalendarSourceJSON {
		return CalendarSourceJSON{Year: c.Year, Title: c.Title, Number: c.Number, Published: c.Published.String(), URL: c.URL,
			Builtin: c.Builtin, RecordedBy: c.RecordedBy, RecordedAt: c.RecordedAt, SchedulePublished: cal.Published(c.Year)}
	}
	yearOf := func(r *http.Request) (int, error) {
		y, err := strconv.Atoi(r.PathValue("year"))
		if err != nil || y < workday.MinYear || y > workday.MaxYear {
			return 0, onetrip.Invalid("http.bad_query", "year", r.PathValue("year"))
		}
		return y, nil
	}
	a.handle(Route{Method: "GET", Path: "/api/v1/calendar/sources", Summary: "the State Council notice each year's holiday schedule comes from (文号, date, link), and whether the year's schedule is published",
		Tag: "calendar", Public: true, Resp: []CalendarSourceJSON{}},
		func(w http.ResponseWriter, r *http.Request) error {
			list, err := a.store.CalendarSources(r.Context())
			if err != nil {
				return err
			}
			cal, err := a.store.Calendar(r.Context())
			if err != nil {
				return err
			}
			out := make([]CalendarSourceJSON, 0, len(list))
			for _, c := range list {
				out = append(out, sourceJSON(c, cal))
			}
			httpx.WriteJSON(w, http.StatusOK, out)
			return nil
		})
	a.handle(Route{Method: "PUT", Path: "/api/v1/calendar/sources/{year}", Summary: "record the notice a year's holiday schedule comes from (province admin; audited); it replaces the shipped one",
		Tag: "calendar", Body: CalendarSourceRequest{}, Resp: CalendarSourceJSON{}},
		func(w http.ResponseWriter, r *http.Request) error {
			if err := requireProvinceAdmin(r); err != nil {
				return err
			}
			y, err := yearOf(r)
			if err != nil {
				return err
			}
			var in CalendarSourceRequest
			if err := httpx.DecodeJSON(w, r, &in, 0); err != nil {
				return err
			}
			src, err := workday.ParseSource(y, in.Title, in.Number, in.Published, in.URL, workday.DateOf(a.store.Now()))
			if err != nil {
				return err
			}
			saved, err := a.store.SetCalendarSource(r.Context(), src, caller(r).Username)
			if err != nil {
				return err
			}
			cal, err := a.store.Calendar(r.Context())
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, sourceJSON(saved, cal))
			return nil
		})
	a.handle(Route{Method: "DELETE", Path: "/api/v1/calendar/sources/{year}", Summary: "remove the recorded source of a year (province admin; audited); the shipped one, if any, applies again",
		Tag: "calendar", Status: 204},
		func(w http.ResponseWriter, r *http.Request) error {
			if err := requireProvinceAdmin(r); err != nil {
				return err
			}
			y, err := yearOf(r)
			if err != nil {
				return err
			}
			if err := a.store.DeleteCalendarSource(r.Context(), y, caller(r).Username); err != nil {
				return err
			}
			w.WriteHeader(http.StatusNoContent)
			return nil
		})
	a.handle(Route{Method: "GET", Path: "/api/v1/calendar/audit", Summary: "the audit trail of calendar overrides (admin)", Tag: "calendar", Resp: []sqlstore.CalendarAudit{}},
		func(w http.ResponseWriter, r *http.Request) error {
			if err := requireRole(r, onetrip.RoleAdmin, onetrip.RoleSupervisor); err != nil {
				return err
			}
			list, err := a.store.CalendarAuditTrail(r.Context())
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, list)
			return nil
		})
}
