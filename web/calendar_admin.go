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
// Each year names the State Council notice its schedule comes from
// (通知来源: title, 文号, date), shipped with the built-in table or recorded
// by the administrator; a year without a published schedule says so, and that
// its deadlines are provisional. Every change is audited; anyone with the
// admin or supervisor role may look.

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
	// Published: the year's schedule is known (built in or entered); when
	// not, its deadlines count Monday to Friday and are provisional.
	Published bool
	// Source is the notice behind the year's schedule; nil when none is
	// recorded.
	Source *sqlstore.CalendarSource
	// SourceForm is what the source form shows: the recorded source, or
	// what was posted when it was refused, with the problems by field.
	SourceForm  sourceForm
	SourceF     *findings // a refused source's problems, by field
	SourceError string
	SourceAudit []sqlstore.CalendarSourceAudit
}

// sourceForm is a year's source as typed.
type sourceForm struct {
	Title, Number, Published, URL string
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
	d.Published = cal.Published(year)
	src, ok, err := w.store.CalendarSourceOf(ctx, year)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	if ok {
		d.Source = &src
		d.SourceForm = sourceForm{Title: src.Title, Number: src.Number, Published: src.Published.String(), URL: src.URL}
	}
	if posted != nil {
		d.Date, d.Name, d.Work = posted.Date, posted.Name, posted.Work
		if posted.SourceF != nil {
			d.SourceForm, d.SourceF, d.SourceError = posted.SourceForm, posted.SourceF, posted.SourceError
		}
	}
	for _, e := range cal.Entries(year) {
		d.Days = append(d.Days, calendarDay{Date: e.Date.String(), Weekday: pg.T("ui.cal.wd." + strconv.Itoa(int(e.Date.Weekday()))),
			Name: e.Name, Work: e.Work, Override: isOv[e.Date]})
	}
	if d.Audit, err = w.store.CalendarAuditTrail(ctx); err != nil {
		w.renderError(rw, r, err)
		return
	}
	if d.SourceAudit, err = w.store.CalendarSourceAuditTrail(ctx); err != nil {
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
		w.calendarShow(rw, r, status, "", errorText(httpx.PageLang(r), body), posted)
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

// adminCalendarSource records the notice behind a year's schedule. A
// refused source writes nothing: the page comes back (400) with the
// problems next to their fields and what was typed.
func (w *Web) adminCalendarSource(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.calendarEditor(rw, r)
	if !ok {
		return
	}
	year, ok := w.calendarYear(rw, r)
	if !ok {
		return
	}
	f := sourceForm{Title: strings.TrimSpace(r.PostFormValue("title")), Number: strings.TrimSpace(r.PostFormValue("number")),
		Published: strings.TrimSpace(r.PostFormValue("published")), URL: strings.TrimSpace(r.PostFormValue("url"))}
	lang := httpx.PageLang(r)
	src, err := workday.ParseSource(year, f.Title, f.Number, f.Published, f.URL, workday.DateOf(w.store.Now()))
	var saved sqlstore.CalendarSource
	if err == nil {
		saved, err = w.store.SetCalendarSource(r.Context(), src, p.Username)
	}
	if err != nil {
		e := onetrip.AsError(err)
		if e.Code != onetrip.CodeInvalid {
			w.renderError(rw, r, err)
			return
		}
		status, body := httpx.Body(err, lang)
		w.calendarShow(rw, r, status, "", "", &calendarData{SourceForm: f, SourceF: newFindings(lang, err, nil), SourceError: body.Error.Message})
		return
	}
	w.log.Info("calendar source", "year", year, "number", saved.Number, "by", p.Username)
	w.calendarShow(rw, r, http.StatusOK, onetrip.Render(lang, "ui.cal.src.saved", year, saved.Number), "", nil)
}

// adminCalendarSourceDelete removes the administrator's record of a
// year's source; the shipped one, if any, applies again.
func (w *Web) adminCalendarSourceDelete(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.calendarEditor(rw, r)
	if !ok {
		return
	}
	year, ok := w.calendarYear(rw, r)
	if !ok {
		return
	}
	if err := w.store.DeleteCalendarSource(r.Context(), year, p.Username); err != nil {
		w.renderError(rw, r, err)
		return
	}
	w.log.Info("calendar source deleted", "year", year, "by", p.Username)
	w.calendarShow(rw, r, http.StatusOK, onetrip.Render(httpx.PageLang(r), "ui.cal.src.deleted", year), "", nil)
}

// calendarYear is the posted year a source change is about; on failure it
// has answered (400).
func (w *Web) calendarYear(rw http.ResponseWriter, r *http.Request) (int, bool) {
	ys := r.PostFormValue("year")
	y, err := strconv.Atoi(ys)
	if err != nil || y < workday.MinYear || y > workday.MaxYear {
		w.renderError(rw, r, onetrip.Invalid("http.bad_query", "year", ys))
		return 0, false
	}
	return y, true
}
