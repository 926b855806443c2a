package httpapi

import (
	"net/http"
	"slices"

	"onetrip"
	"onetrip/httpx"
	"onetrip/policy"
	"onetrip/sqlstore"
	"onetrip/supervision"
	"onetrip/workday"
)

// RatingRequest rates a closed case or its window service (好差评).
type RatingRequest struct {
	CaseID string `json:"case_id"`
	supervision.NewRating
}

// RatingAnswer is the rating recorded and, for a bad one, the
// rectification it opened for the responsible department.
type RatingAnswer struct {
	Rating        supervision.Rating         `json:"rating"`
	Rectification *supervision.Rectification `json:"rectification,omitempty"`
}

var (
	fromParam = Param{Name: "from", In: "query", Format: "date", Desc: "first day of the period (YYYY-MM-DD, China); default 1 January of to's year", Example: "2026-01-01"}
	toParam   = Param{Name: "to", In: "query", Format: "date", Desc: "last day of the period (YYYY-MM-DD, China); default today", Example: "2026-03-31"}
)

func (a *API) routesSupervision() {
	a.routesReports()
	a.handle(Route{Method: "POST", Path: "/api/v1/ratings", Summary: "rate a closed case or its window service once (GB/T 39735: 非常满意…非常不满意): the applicant online, or the window's rating device as the clerk; a bad rating must say why and opens a rectification for the responsible department; one follow-up rating is allowed after the rectification is answered",
		Tag: "supervision", Body: RatingRequest{}, Resp: RatingAnswer{}, Status: 201, Errors: []int{404, 409}},
		func(w http.ResponseWriter, r *http.Request) error {
			var req RatingRequest
			if err := httpx.DecodeJSON(w, r, &req, 0); err != nil {
				return err
			}
			if req.CaseID == "" {
				return onetrip.Invalid("api.rating.case").WithDetail("case_id", "api.rating.case")
			}
			rt, rect, err := a.store.RateCase(r.Context(), caller(r), req.CaseID, req.NewRating)
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusCreated, RatingAnswer{Rating: rt, Rectification: rect})
			return nil
		})
	a.handle(Route{Method: "GET", Path: "/api/v1/cases/{id}/ratings", Summary: "a case's ratings, oldest first", Tag: "supervision", Resp: []supervision.Rating{}},
		func(w http.ResponseWriter, r *http.Request) error {
			c, err := a.visibleCase(r)
			if err != nil {
				return err
			}
			list, err := a.store.CaseRatings(r.Context(), c.ID)
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, list)
			return nil
		})
	a.handle(Route{Method: "GET", Path: "/api/v1/ratings", Summary: "ratings in the caller's scope over a period, newest first: a region's for its supervisors and admins, a department's for its reviewers",
		Tag: "supervision", Params: []Param{regionParam, fromParam, toParam, {Name: "level", In: "query", Desc: "only this level", Enum: strs(supervision.Levels)},
			{Name: "before", In: "query", Desc: "keyset cursor: the X-Next-Cursor of the previous page"}, limitParam},
		Resp: []supervision.Rating{}},
		func(w http.ResponseWriter, r *http.Request) error {
			v := r.URL.Query()
			dept, prefix, err := policy.SupervisionScope(caller(r), v.Get("region"))
			if err != nil {
				return err
			}
			p, err := supervision.ParsePeriod(v.Get("from"), v.Get("to"), workday.DateOf(a.store.Now()))
			if err != nil {
				return err
			}
			q := sqlstore.RatingQuery{Department: dept, RegionPrefix: prefix, Period: p, Level: supervision.Level(v.Get("level")), Before: v.Get("before")}
			if q.Level != "" && !q.Level.Valid() {
				return onetrip.Invalid("http.bad_query", "level", v.Get("level"))
			}
			if err := queryInts(r, map[string]*int{"limit": &q.Limit}); err != nil {
				return err
			}
			list, err := a.store.RatingList(r.Context(), q)
			if err != nil {
				return err
			}
			if len(list) > 0 {
				last := list[len(list)-1]
				w.Header().Set("X-Next-Cursor", sqlstore.TS(last.At)+"_"+last.ID)
			}
			httpx.WriteJSON(w, http.StatusOK, list)
			return nil
		})
	a.handle(Route{Method: "GET", Path: "/api/v1/rectifications", Summary: "rectifications (整改) of bad ratings in the caller's scope, the soonest due first: a department's own, a centre's window ratings for its clerks, a region's for supervisors; overdue=true lists those past a limit",
		Tag: "supervision", Params: []Param{regionParam, {Name: "state", In: "query", Desc: "only this state", Enum: strs(supervision.RectStates)},
			{Name: "overdue", In: "query", Desc: "only running ones past their contact or answer limit", Enum: []string{"true", "false"}}, limitParam},
		Resp: []supervision.Rectification{}},
		func(w http.ResponseWriter, r *http.Request) error {
			v := r.URL.Query()
			q, err := rectQuery(caller(r), v.Get("region"))
			if err != nil {
				return err
			}
			q.State = supervision.RectState(v.Get("state"))
			if q.State != "" && !slices.Contains(supervision.RectStates, q.State) {
				return onetrip.Invalid("http.bad_query", "state", v.Get("state"))
			}
			switch v.Get("overdue") {
			case "", "false":
			case "true":
				q.Overdue = true
			default:
				return onetrip.Invalid("http.bad_query", "overdue", v.Get("overdue"))
			}
			if err := queryInts(r, map[string]*int{"limit": &q.Limit}); err != nil {
				return err
			}
			list, err := a.store.Rectifications(r.Context(), q)
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, list)
			return nil
		})
	a.handle(Route{Method: "GET", Path: "/api/v1/rectifications/{id}", Summary: "one rectification", Tag: "supervision", Resp: supervision.Rectification{}},
		func(w http.ResponseWriter, r *http.Request) error {
			x, err := a.store.Rectification(r.Context(), caller(r), r.PathValue("id"))
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, x)
			return nil
		})
	a.handle(Route{Method: "POST", Path: "/api/v1/rectifications/{id}/steps", Summary: "record a rectification's step: contact (the rater was reached, within 1 working day) or answer (rectified and answered, within 15); held to the version the caller saw",
		Tag: "supervision", Body: sqlstore.RectStep{}, Resp: supervision.Rectification{}, Errors: []int{409}},
		func(w http.ResponseWriter, r *http.Request) error {
			var req sqlstore.RectStep
			if err := httpx.DecodeJSON(w, r, &req, 0); err != nil {
				return err
			}
			x, err := a.store.StepRectification(r.Context(), caller(r), r.PathValue("id"), req)
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, x)
			return nil
		})
	a.handle(Route{Method: "GET", Path: "/api/v1/alerts", Summary: "clock alerts (预警) in the caller's scope, newest first: a case's or task's clock turned due-soon or overdue (raised once each by the clock watch); a department's for its reviewers, a region's for supervisors",
		Tag: "supervision", Params: []Param{regionParam, {Name: "kind", In: "query", Desc: "only this kind", Enum: strs(supervision.AlertKinds)},
			{Name: "before", In: "query", Desc: "keyset cursor: the X-Next-Cursor of the previous page"}, limitParam},
		Resp: []supervision.Alert{}},
		func(w http.ResponseWriter, r *http.Request) error {
			v := r.URL.Query()
			dept, prefix, err := policy.SupervisionScope(caller(r), v.Get("region"))
			if err != nil {
				return err
			}
			q := sqlstore.AlertQuery{Department: dept, RegionPrefix: prefix, Kind: supervision.AlertKind(v.Get("kind")), Before: v.Get("before")}
			if q.Kind != "" && !slices.Contains(supervision.AlertKinds, q.Kind) {
				return onetrip.Invalid("http.bad_query", "kind", v.Get("kind"))
			}
			if err := queryInts(r, map[string]*int{"limit": &q.Limit}); err != nil {
				return err
			}
			list, err := a.store.Alerts(r.Context(), q)
			if err != nil {
				return err
			}
			if len(list) > 0 {
				w.Header().Set("X-Next-Cursor", sqlstore.AlertCursor(list[len(list)-1]))
			}
			httpx.WriteJSON(w, http.StatusOK, list)
			return nil
		})
	a.handle(Route{Method: "GET", Path: "/api/v1/stats/overview", Summary: "a region's measures over a period (电子监察): applications, acceptances, decisions on time, working days used against promised, the 最多跑一次 realisation and zero-trip rates, second-notice breaches and corrections per 100, online and 免提交 shares, satisfaction and rectification on time; with its child regions, the trend by day or month, and every item and department — the numbers the dashboard shows",
		Tag: "supervision", Params: []Param{withDesc(regionParam, "the region (default: the caller's own); must lie within the caller's scope"), fromParam, toParam,
			{Name: "subject", In: "query", Desc: "only this item or bundle code"}, {Name: "department", In: "query", Desc: "only this (lead) department's id"}},
		Resp: sqlstore.Overview{}},
		func(w http.ResponseWriter, r *http.Request) error {
			q, err := a.statsQuery(r)
			if err != nil {
				return err
			}
			o, err := a.store.Overview(r.Context(), q)
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, o)
			return nil
		})
}

func (a *API) routesReports() {
	a.handle(Route{Method: "POST", Path: "/api/v1/report-rounds", Summary: "set a reporting round (进展报告轮次) for the caller's region's children: a name, the period of measures and the due date (a working day, not before the period ends); a province's or city's supervisor or admin",
		Tag: "supervision", Body: supervision.NewRound{}, Resp: supervision.Round{}, Status: 201},
		func(w http.ResponseWriter, r *http.Request) error {
			var req supervision.NewRound
			if err := httpx.DecodeJSON(w, r, &req, 0); err != nil {
				return err
			}
			rd, err := a.store.CreateRound(r.Context(), caller(r), req)
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusCreated, rd)
			return nil
		})
	a.handle(Route{Method: "GET", Path: "/api/v1/report-rounds", Summary: "the rounds the caller follows or reports in, the newest due first",
		Tag: "supervision", Resp: []supervision.Round{}},
		func(w http.ResponseWriter, r *http.Request) error {
			list, err := a.store.Rounds(r.Context(), caller(r))
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, list)
			return nil
		})
	a.handle(Route{Method: "GET", Path: "/api/v1/report-rounds/{id}", Summary: "a round with every reporting region's standing (pending, late, on time, submitted late); a reporting region sees its own",
		Tag: "supervision", Resp: sqlstore.RoundView{}},
		func(w http.ResponseWriter, r *http.Request) error {
			v, err := a.store.Round(r.Context(), caller(r), r.PathValue("id"))
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, v)
			return nil
		})
	a.handle(Route{Method: "GET", Path: "/api/v1/report-rounds/{id}/reports/{region}", Summary: "a region's report for a round: as submitted, or pre-filled with its and its children's measures for the period as they are now",
		Tag: "supervision", Resp: supervision.Report{}},
		func(w http.ResponseWriter, r *http.Request) error {
			x, err := a.store.Report(r.Context(), caller(r), r.PathValue("id"), r.PathValue("region"))
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, x)
			return nil
		})
	a.handle(Route{Method: "PUT", Path: "/api/v1/report-rounds/{id}/reports/{region}", Summary: "save the region's report (its narrative, with the figures as they are now) or submit it (final); the region's own supervisor, held to the version last read (0 before the first save)",
		Tag: "supervision", Body: sqlstore.ReportEdit{}, Resp: supervision.Report{}, Errors: []int{409}},
		func(w http.ResponseWriter, r *http.Request) error {
			var req sqlstore.ReportEdit
			if err := httpx.DecodeJSON(w, r, &req, 64<<10); err != nil {
				return err
			}
			x, err := a.store.SaveReport(r.Context(), caller(r), r.PathValue("id"), r.PathValue("region"), req)
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, x)
			return nil
		})
	a.handle(Route{Method: "GET", Path: "/api/v1/report-rounds/{id}/circular", Summary: "the round's circular (通报) for the region that set it: its children ranked on the period's measures (mean of on-time, realisation and satisfaction rates), the leaders, the laggards and who reported late",
		Tag: "supervision", Resp: supervision.Circular{}},
		func(w http.ResponseWriter, r *http.Request) error {
			c, err := a.store.Circular(r.Context(), caller(r), r.PathValue("id"))
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, c)
			return nil
		})
}

// statsQuery reads a measures query the caller may ask.
func (a *API) statsQuery(r *http.Request) (sqlstore.StatsQuery, error) {
	v := r.URL.Query()
	region, err := policy.StatsRegion(caller(r), v.Get("region"))
	if err != nil {
		return sqlstore.StatsQuery{}, err
	}
	p, err := supervision.ParsePeriod(v.Get("from"), v.Get("to"), workday.DateOf(a.store.Now()))
	if err != nil {
		return sqlstore.StatsQuery{}, err
	}
	return sqlstore.StatsQuery{Region: region, Period: p, Subject: v.Get("subject"), Department: v.Get("department")}, nil
}

// rectQuery is the rectifications p sees: a clerk its centre's window
// ratings, everyone else their supervision scope.
func rectQuery(p *onetrip.Principal, region string) (sqlstore.RectQuery, error) {
	if p.Is(onetrip.RoleClerk) && p.Center != "" {
		return sqlstore.RectQuery{Center: p.Center}, nil
	}
	dept, prefix, err := policy.SupervisionScope(p, region)
	return sqlstore.RectQuery{Department: dept, RegionPrefix: prefix}, err
}

func init() {
	onetrip.Register(onetrip.Messages{
		"api.rating.case": {"请给出要评价的办件（case_id）", "say which case is rated (case_id)"},
	})
}
