package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"onetrip"
	"onetrip/httpx"
	"onetrip/idcode"
	"onetrip/policy"
	"onetrip/sqlstore"
	"onetrip/workday"
)

// The working-day calendar (节假日): the year's holidays and adjusted
// working days (调休), built in from lunar-go and overridden by the province
// administrator when the State Council publishes next year's schedule.
// Every change is audited; anyone with the admin or supervisor role may
// look.

type calendarDay struct {
	Date, Weekday, Name string
	Work, Override      bool
}

type calendarData struct {
	Year, Prev, Next int
	Days             []calendarDay
	Audit            []sqlstore.CalendarAudit
	CanEdit          bool
	Date, Name       string
	Work             bool
	Flash            string
	// MissingNext is next year when its schedule is missing and it is
	// already autumn (from 1 October), when the State Council publishes it.
	MissingNext int
}

// canEditCalendar: only the province administrator changes the calendar.
func canEditCalendar(p *onetrip.Principal) bool {
	return p.Is(onetrip.RoleAdmin) && !policy.DepartmentAdmin(p) && idcode.RegionLevel(p.Region) == idcode.LevelProvince
}

func (w *Web) adminCalendar(rw http.ResponseWriter, r *http.Request) {
	if _, ok := w.requireUser(rw, r, onetrip.RoleAdmin, onetrip.RoleSupervisor); !ok {
		return
	}
	w.calendarShow(rw, r, http.StatusOK, "", "", nil)
}

func (w *Web) calendarShow(rw http.ResponseWriter, r *http.Request, status int, flash, errMsg string, posted *calendarData) {
	ctx := r.Context()
	p := httpx.Principal(ctx)
	year := time.Now().In(onetrip.China).Year()
	ys := r.FormValue("year")
	if ys != "" {
		y, err := strconv.Atoi(ys)
		if err != nil || y < workday.MinYear || y > workday.MaxYear {
			w.renderError(rw, r, onetrip.Invalid("http.bad_query", "year", ys))
			return
		}
		year = y
	}
	cal, err := w.store.Calendar(ctx)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	ov, err := w.store.CalendarOverrides(ctx)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	isOv := map[workday.Date]bool{}
	for _, o := range ov {
		isOv[o.Date] = true
	}
	pg := w.page(r, "ui.cal.title", nil)
	d := &calendarData{Year: year, Prev: year - 1, Next: year + 1, CanEdit: canEditCalendar(p), Flash: flash}
	if today := workday.DateOf(w.store.Now()); today.M >= time.October && !cal.Published(today.Y+1) {
		d.MissingNext = today.Y + 1
	}
	if posted != nil {
		d.Date, d.Name, d.Work = posted.Date, posted.Name, posted.Work
	}
	for _, e := range cal.Entries(year) {
		d.Days = append(d.Days, calendarDay{Date: e.Date.String(), Weekday: pg.T("ui.cal.wd." + strconv.Itoa(int(e.Date.Weekday()))),
			Name: e.Name, Work: e.Work, Override: isOv[e.Date]})
	}
	if d.Audit, err = w.store.CalendarAuditTrail(ctx); err != nil {
		w.renderError(rw, r, err)
		return
	}
	pg.Data, pg.Error = d, errMsg
	w.render(rw, r, "admin_calendar", status, pg)
}

// calendarEditor starts a change: a province administrator and a valid
// form; on failure it has answered.
func (w *Web) calendarEditor(rw http.ResponseWriter, r *http.Request) (*onetrip.Principal, bool) {
	p, ok := w.requireUser(rw, r, onetrip.RoleAdmin)
	if !ok || !w.postForm(rw, r) {
		return nil, false
	}
	if !canEditCalendar(p) {
		w.renderError(rw, r, onetrip.Forbidden("ui.cal.province_only"))
		return nil, false
	}
	return p, true
}

func (w *Web) adminCalendarAdd(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.calendarEditor(rw, r)
	if !ok {
		return
	}
	posted := &calendarData{Date: strings.TrimSpace(r.PostFormValue("date")), Name: strings.TrimSpace(r.PostFormValue("name")), Work: r.PostFormValue("work") == "1"}
	lang := httpx.PageLang(r)
	day, err := workday.Parse(posted.Date)
	if err == nil && posted.Name == "" {
		err = onetrip.Invalid("ui.cal.name_required")
	}
	if err == nil {
		err = w.store.SetCalendarOverrides(r.Context(), []workday.Override{{Date: day, Work: posted.Work, Name: posted.Name}}, p.Username)
	}
	if err != nil {
		status, body := httpx.Body(err, lang)
		w.calendarShow(rw, r, status, "", errorText(body), posted)
		return
	}
	w.log.Info("calendar override", "date", posted.Date, "work", posted.Work, "by", p.Username)
	w.calendarShow(rw, r, http.StatusOK, onetrip.Render(lang, "ui.cal.saved", posted.Date), "", nil)
}

func (w *Web) adminCalendarDelete(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.calendarEditor(rw, r)
	if !ok {
		return
	}
	day, err := workday.Parse(r.PostFormValue("date"))
	if err == nil {
		err = w.store.DeleteCalendarOverride(r.Context(), day, p.Username)
	}
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	w.calendarShow(rw, r, http.StatusOK, onetrip.Render(httpx.PageLang(r), "ui.cal.deleted", day.String()), "", nil)
}
