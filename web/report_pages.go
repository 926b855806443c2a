package web

import (
	"net/http"
	"strconv"

	"onetrip"
	"onetrip/httpx"
	"onetrip/policy"
	"onetrip/sqlstore"
	"onetrip/supervision"
)

// Progress reports and circulars (进展报告与通报, issue 12): the rounds a
// province or city sets, each reporting region's standing, a region's
// report (its figures pre-filled, the narrative written, saved, submitted),
// and the printable circular with its Excel export. Every read and write
// is the store's, with the policy's checks.

func (w *Web) routesReports() {
	w.mux.HandleFunc("GET /supervision/reports", w.reportRounds)
	w.mux.HandleFunc("POST /supervision/reports", w.reportRoundCreate)
	w.mux.HandleFunc("GET /supervision/reports/{id}", w.reportRound)
	w.mux.HandleFunc("GET /supervision/reports/{id}/circular", w.reportCircular)
	w.mux.HandleFunc("GET /supervision/reports/{id}/circular.xlsx", w.reportCircularXLSX)
	w.mux.HandleFunc("GET /supervision/reports/{id}/regions/{region}", w.reportPage)
	w.mux.HandleFunc("POST /supervision/reports/{id}/regions/{region}", w.reportSave)
	w.mux.HandleFunc("GET /supervision/reports/{id}/regions/{region}/xlsx", w.reportXLSX)
}

// formError is a refused form's answer as one line in the page's language.
func formError(pg *Page, err error) string {
	_, body := httpx.Body(err, pg.Lang)
	return errorText(pg.Lang, body)
}

// figureRow is one line of a measures table.
type figureRow struct {
	Key   string // the measure's message key
	Value string
}

// figureRows lays out a region's headline measures in a fixed order.
func figureRows(m supervision.Measures) []figureRow {
	n := func(v int64) string { return strconv.FormatInt(v, 10) }
	return []figureRow{
		{"ui.rep.m.submitted", n(m.Submitted)}, {"ui.rep.m.accepted", n(m.Accepted)}, {"ui.rep.m.decided", n(m.Decided)},
		{"ui.rep.m.on_time", fmtRate(m.OnTimeRate)},
		{"ui.rep.m.days", fmtNum(m.MeanDaysUsed) + " / " + fmtNum(m.MeanDaysPromised)},
		{"ui.rep.m.realisation", fmtRate(m.RealisationRate)}, {"ui.rep.m.zero_trip", fmtRate(m.ZeroTripRate)},
		{"ui.rep.m.breaches", fmtNum(m.BreachesPer100)}, {"ui.rep.m.corrections", fmtNum(m.CorrectionsPer100)},
		{"ui.rep.m.online", fmtRate(m.OnlineShare)}, {"ui.rep.m.exempt", fmtRate(m.ExemptShare)},
		{"ui.rep.m.satisfaction", fmtRate(m.SatisfactionRate)}, {"ui.rep.m.rect_on_time", fmtRate(m.RectOnTimeRate)},
		{"ui.rep.m.rect_overdue", n(m.Rect.Overdue)},
	}
}

type roundsView struct {
	Rounds []supervision.Round
	CanSet bool
	Form   supervision.NewRound
	Err    string
}

func (w *Web) reportRounds(rw http.ResponseWriter, r *http.Request) {
	w.renderRounds(rw, r, supervision.NewRound{}, nil, http.StatusOK)
}

func (w *Web) renderRounds(rw http.ResponseWriter, r *http.Request, form supervision.NewRound, formErr error, status int) {
	p, ok := w.requireUser(rw, r, onetrip.RoleSupervisor, onetrip.RoleAdmin)
	if !ok {
		return
	}
	list, err := w.store.Rounds(r.Context(), p)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	pg := w.page(r, "ui.rep.title", nil)
	v := &roundsView{Rounds: list, CanSet: policy.SetRounds(p) == nil, Form: form}
	if formErr != nil {
		v.Err = formError(pg, formErr)
	}
	pg.Data = v
	w.render(rw, r, "report_rounds", status, pg)
}

func (w *Web) reportRoundCreate(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireUser(rw, r, onetrip.RoleSupervisor, onetrip.RoleAdmin)
	if !ok {
		return
	}
	if err := w.checkCSRF(r); err != nil {
		w.renderError(rw, r, err)
		return
	}
	n := supervision.NewRound{Name: r.PostFormValue("name"), From: r.PostFormValue("from"), To: r.PostFormValue("to"), Due: r.PostFormValue("due")}
	rd, err := w.store.CreateRound(r.Context(), p, n)
	if err != nil {
		status, _ := httpx.Body(err, httpx.PageLang(r))
		w.renderRounds(rw, r, n, err, status)
		return
	}
	http.Redirect(rw, r, "/supervision/reports/"+rd.ID, http.StatusSeeOther)
}

type roundView struct {
	sqlstore.RoundView
	Circular bool // the viewer follows the whole round
}

func (w *Web) reportRound(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireUser(rw, r, onetrip.RoleSupervisor, onetrip.RoleAdmin)
	if !ok {
		return
	}
	v, err := w.store.Round(r.Context(), p, r.PathValue("id"))
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	pg := w.page(r, "ui.rep.round", &roundView{RoundView: v, Circular: policy.ReadRound(p, v.Round.Region)})
	pg.Title = v.Round.Name
	w.render(rw, r, "report_round", http.StatusOK, pg)
}

type reportView struct {
	Report   supervision.Report
	Round    supervision.Round
	Figures  []figureRow
	Children []childFigures
	CanWrite bool
	Err      string
}

type childFigures struct {
	Code, Name string
	Rows       []figureRow
}

func (w *Web) reportPage(rw http.ResponseWriter, r *http.Request) {
	w.renderReport(rw, r, nil, "", http.StatusOK)
}

func (w *Web) renderReport(rw http.ResponseWriter, r *http.Request, formErr error, narrative string, status int) {
	p, ok := w.requireUser(rw, r, onetrip.RoleSupervisor, onetrip.RoleAdmin)
	if !ok {
		return
	}
	v, err := w.store.Round(r.Context(), p, r.PathValue("id"))
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	x, err := w.store.Report(r.Context(), p, r.PathValue("id"), r.PathValue("region"))
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	pg := w.page(r, "ui.rep.report", nil)
	rv := &reportView{Report: x, Round: v.Round, Figures: figureRows(x.Measures), CanWrite: policy.WriteReport(p, v.Round.Region, x.Region) == nil && x.State != supervision.ReportSubmitted}
	for _, c := range x.Children {
		rv.Children = append(rv.Children, childFigures{Code: c.Code, Name: c.Name, Rows: figureRows(c.Measures)})
	}
	if formErr != nil {
		rv.Err = formError(pg, formErr)
		rv.Report.Narrative = narrative
	}
	pg.Title = v.Round.Name + " · " + x.RegionName
	pg.Data = rv
	w.render(rw, r, "report", status, pg)
}

func (w *Web) reportSave(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireUser(rw, r, onetrip.RoleSupervisor)
	if !ok {
		return
	}
	if err := w.checkCSRF(r); err != nil {
		w.renderError(rw, r, err)
		return
	}
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	e := sqlstore.ReportEdit{Narrative: r.PostFormValue("narrative"), Submit: r.PostFormValue("submit") != "", Version: version}
	if _, err := w.store.SaveReport(r.Context(), p, r.PathValue("id"), r.PathValue("region"), e); err != nil {
		status, _ := httpx.Body(err, httpx.PageLang(r))
		w.renderReport(rw, r, err, e.Narrative, status)
		return
	}
	http.Redirect(rw, r, r.URL.Path, http.StatusSeeOther)
}

// reportHeaders are the columns of a measures sheet; the sheet is for
// Chinese reports.
var reportHeaders = []any{"地区代码", "地区", "申请", "受理", "办结", "按时办结率", "平均用时（工作日）", "平均承诺时限（工作日）", "最多跑一次实现率", "零跑动率",
	"二次告知（每百件）", "补正告知（每百件）", "网办率", "免提交率", "评价数", "满意率", "差评", "差评整改按时率", "整改超期"}

var reportPercent = []string{"F", "I", "J", "M", "N", "P", "R"}

func measureCells(code, name string, m supervision.Measures) []any {
	frac := func(r supervision.Rate) any {
		if !r.Known() {
			return nil
		}
		return float64(r) / 100
	}
	num := func(r supervision.Rate) any {
		if !r.Known() {
			return nil
		}
		return float64(r)
	}
	return []any{code, name, m.Submitted, m.Accepted, m.Decided, frac(m.OnTimeRate), num(m.MeanDaysUsed), num(m.MeanDaysPromised), frac(m.RealisationRate),
		frac(m.ZeroTripRate), num(m.BreachesPer100), num(m.CorrectionsPer100), frac(m.OnlineShare), frac(m.ExemptShare), m.Ratings, frac(m.SatisfactionRate),
		m.Bad, frac(m.RectOnTimeRate), m.Rect.Overdue}
}

func (w *Web) reportXLSX(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireUser(rw, r, onetrip.RoleSupervisor, onetrip.RoleAdmin)
	if !ok {
		return
	}
	x, err := w.store.Report(r.Context(), p, r.PathValue("id"), r.PathValue("region"))
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	sh := xlsxSheet{Name: "进展报告", Headers: reportHeaders, Percent: reportPercent, Widths: map[string]float64{"B": 20}}
	sh.Rows = append(sh.Rows, measureCells(x.Region, x.RegionName, x.Measures))
	for _, c := range x.Children {
		sh.Rows = append(sh.Rows, measureCells(c.Code, c.Name, c.Measures))
	}
	text := xlsxSheet{Name: "工作进展", Headers: []any{"报送状态", "报送时间", "工作进展说明"}, Widths: map[string]float64{"C": 100}}
	text.Rows = [][]any{{onetrip.Render(onetrip.LangZH, "ui.rep.state."+string(x.State)), xlsxTime(x.SubmittedAt), xlsxText(x.Narrative)}}
	w.sendXLSX(rw, r, "report-"+x.Region+".xlsx", sh, text)
}

type circularView struct {
	supervision.Circular
	RegionName string
	Today      string
	Rows       []circularRow
}

// circularRow is a region's line of the printed ranking.
type circularRow struct {
	Rank                              int
	Code, Name, Score                 string
	OnTime, Realisation, Satisfaction string
	Decided                           int64
	StatusKey                         string
}

func (w *Web) circular(rw http.ResponseWriter, r *http.Request) (*circularView, bool) {
	p, ok := w.requireUser(rw, r, onetrip.RoleSupervisor, onetrip.RoleAdmin)
	if !ok {
		return nil, false
	}
	c, err := w.store.Circular(r.Context(), p, r.PathValue("id"))
	if err != nil {
		w.renderError(rw, r, err)
		return nil, false
	}
	v := &circularView{Circular: c, Today: w.chinaToday()}
	for _, x := range c.Ranking {
		v.Rows = append(v.Rows, circularRow{Rank: x.Rank, Code: x.Code, Name: x.Name, Score: fmtNum(x.Score), OnTime: fmtRate(x.Measures.OnTimeRate),
			Realisation: fmtRate(x.Measures.RealisationRate), Satisfaction: fmtRate(x.Measures.SatisfactionRate), Decided: x.Measures.Decided, StatusKey: x.Status.Key()})
	}
	if path, err := w.store.RegionPath(r.Context(), c.Round.Region); err == nil {
		v.RegionName = sqlstore.FullName(path)
	}
	return v, true
}

func (w *Web) reportCircular(rw http.ResponseWriter, r *http.Request) {
	v, ok := w.circular(rw, r)
	if !ok {
		return
	}
	pg := w.page(r, "ui.rep.circular", v)
	pg.Title = v.Round.Name + " · " + pg.T("ui.rep.circular")
	w.render(rw, r, "print_circular", http.StatusOK, pg)
}

func (w *Web) reportCircularXLSX(rw http.ResponseWriter, r *http.Request) {
	v, ok := w.circular(rw, r)
	if !ok {
		return
	}
	heads := append([]any{"名次", "综合得分", "报送状态"}, reportHeaders...)
	sh := xlsxSheet{Name: "排名", Headers: heads, Widths: map[string]float64{"E": 20}}
	for _, col := range reportPercent {
		sh.Percent = append(sh.Percent, string(rune(col[0]+3)))
	}
	for _, x := range v.Ranking {
		var score any
		if x.Score.Known() {
			score = float64(x.Score)
		}
		sh.Rows = append(sh.Rows, append([]any{x.Rank, score, onetrip.Render(onetrip.LangZH, x.Status.Key())}, measureCells(x.Code, x.Name, x.Measures)...))
	}
	w.sendXLSX(rw, r, "circular-"+v.Round.ID+".xlsx", sh)
}
