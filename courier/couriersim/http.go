package couriersim

import (
	"encoding/json"
	"errors"
	"html/template"
	"net/http"
	"strings"

	"onetrip"
	"onetrip/courier"
)

// routes wires the API (what onetrip's client calls), the key, the
// handset's progress endpoint and the demo page.
func (s *Sim) routes() {
	p := s.prefix
	m := http.NewServeMux()
	m.HandleFunc("POST "+p+"/api/quote", s.handleQuote)
	m.HandleFunc("POST "+p+"/api/bookings", s.handleBook)
	m.HandleFunc("GET "+p+"/api/key", s.handleKey)
	m.HandleFunc("POST "+p+"/api/shipments/{waybill}/events", s.handleEvent)
	m.HandleFunc("GET "+p+"/{$}", s.handlePage)
	// The page's buttons are browser forms: refuse cross-site posts.
	m.Handle("POST "+p+"/shipments/{waybill}", http.NewCrossOriginProtection().Handler(http.HandlerFunc(s.handleForm)))
	s.mux = m
}

// ServeHTTP serves the sim under its prefix.
func (s *Sim) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

// apiError is the sim's error body; Message is rendered in the request's
// Accept-Language, zh-CN by default.
type apiError struct {
	Code    onetrip.Code `json:"code"`
	Key     string       `json:"key"`
	Message string       `json:"message"`
	Details []apiDetail  `json:"details,omitempty"`
}

type apiDetail struct {
	Path    string `json:"path"`
	Key     string `json:"key"`
	Message string `json:"message"`
}

func statusOf(c onetrip.Code) int {
	switch c {
	case onetrip.CodeInvalid:
		return http.StatusBadRequest
	case onetrip.CodeNotFound:
		return http.StatusNotFound
	case onetrip.CodeConflict:
		return http.StatusConflict
	case onetrip.CodeTooLarge:
		return http.StatusRequestEntityTooLarge
	case onetrip.CodeForbidden:
		return http.StatusForbidden
	}
	return http.StatusInternalServerError
}

// message renders an error with its details, for people.
func message(e *onetrip.Error, lang onetrip.Lang) string {
	parts := []string{onetrip.Render(lang, e.Key, e.Args...)}
	for _, d := range e.Details {
		parts = append(parts, d.Path+onetrip.Colon(lang)+onetrip.Render(lang, d.Key, d.Args...))
	}
	return strings.Join(parts, onetrip.Semicolon(lang))
}

func writeError(w http.ResponseWriter, r *http.Request, err error) {
	e := onetrip.AsError(err)
	lang := onetrip.ParseLang(r.Header.Get("Accept-Language"))
	body := apiError{Code: e.Code, Key: e.Key, Message: message(e, lang)}
	if e.Code == onetrip.CodeInternal {
		body.Message = onetrip.Render(lang, "err.internal")
	}
	for _, d := range e.Details {
		body.Details = append(body.Details, apiDetail{Path: d.Path, Key: d.Key, Message: onetrip.Render(lang, d.Key, d.Args...)})
	}
	writeJSON(w, statusOf(e.Code), body)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func decode(w http.ResponseWriter, r *http.Request, v any) error {
	err := onetrip.DecodeStrict(http.MaxBytesReader(w, r.Body, maxRequest), v)
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return onetrip.E(onetrip.CodeTooLarge, "couriersim.too_large", maxRequest)
	}
	return err
}

// feeAnswer is the API's answer: fees in fen, as courier platforms send them.
type feeAnswer struct {
	Waybill string `json:"waybill,omitempty"`
	FeeFen  int64  `json:"fee_fen"`
}

func (s *Sim) handleQuote(w http.ResponseWriter, r *http.Request) {
	var b courier.Booking
	if err := decode(w, r, &b); err != nil {
		writeError(w, r, err)
		return
	}
	fee, err := s.quote(b)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, feeAnswer{FeeFen: fee.Fen()})
}

func (s *Sim) handleBook(w http.ResponseWriter, r *http.Request) {
	var b courier.Booking
	if err := decode(w, r, &b); err != nil {
		writeError(w, r, err)
		return
	}
	bk, err := s.book(b)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, feeAnswer{Waybill: bk.Waybill, FeeFen: bk.Fee.Fen()})
}

func (s *Sim) handleKey(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/x-pem-file")
	_, _ = w.Write([]byte(s.key.Public().PEM()))
}

// progress is what a driver's handset reports.
type progress struct {
	Status   string `json:"status"`
	Reason   string `json:"reason"`
	Location string `json:"location"`
}

func (s *Sim) handleEvent(w http.ResponseWriter, r *http.Request) {
	var p progress
	if err := decode(w, r, &p); err != nil {
		writeError(w, r, err)
		return
	}
	ev, err := s.advance(r.PathValue("waybill"), p.Status, p.Reason, p.Location)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusAccepted, ev)
}

func (s *Sim) handleForm(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxRequest)
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, onetrip.Invalid("err.invalid"))
		return
	}
	if _, err := s.advance(r.PathValue("waybill"), r.PostFormValue("status"), r.PostFormValue("reason"), ""); err != nil {
		s.errorPage(w, r, err)
		return
	}
	http.Redirect(w, r, s.prefix+"/", http.StatusSeeOther)
}

// button is one step a person may take on the page.
type button struct {
	Status, ZH, EN string
	Reason         bool // asks for a reason
}

var buttons = []button{
	{courier.StatusPickedUp, "揽收", "Pick up", false},
	{courier.StatusInTransit, "运输中", "In transit", false},
	{courier.StatusOutForDelivery, "派送中", "Out for delivery", false},
	{courier.StatusDelivered, "签收", "Delivered", false},
	{courier.StatusFailed, "投递失败", "Delivery failed", true},
	{courier.StatusReturned, "退回", "Return", false},
}

type pageRow struct {
	Ship     courier.Shipment
	To       courier.Address
	StatusZH string
	StatusEN string
	Buttons  []button
	Events   []pageEvent
}

type pageEvent struct {
	At, Status, Location, Reason string
}

var page = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>快递平台模拟器 Courier simulator</title>
<style>
body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;padding:1rem;max-width:48rem;margin:auto;line-height:1.5}
.ship{border:1px solid #ccc;border-radius:.5rem;padding:.75rem;margin:.75rem 0}
.en{color:#555;font-size:.9em}
form{display:inline-block;margin:.2rem .2rem 0 0}
button{font-size:1rem;padding:.5rem .75rem;min-height:2.75rem}
input[type=text]{font-size:1rem;padding:.4rem;width:9rem}
ol{padding-left:1.2rem;font-size:.9em}
.err{background:#fee;border:1px solid #c00;padding:.75rem;border-radius:.5rem}
</style></head><body>
<h1>快递平台模拟器 <span class="en">Courier simulator</span></h1>
{{if .Error}}<p class="err" role="alert">{{.Error}} <span class="en">{{.ErrorEN}}</span></p><p><a href="{{.Prefix}}/">返回 <span class="en">Back</span></a></p>{{end}}
{{if not .Error}}
<p>推送地址 <span class="en">Notify URL</span>: <code>{{if .NotifyURL}}{{.NotifyURL}}{{else}}未设置 not set{{end}}</code></p>
{{range $row := .Rows}}<div class="ship">
<div><strong>{{.Ship.Waybill}}</strong> · {{.StatusZH}} <span class="en">{{.StatusEN}}</span>{{if .Ship.Reason}} · {{.Ship.Reason}}{{end}}</div>
<div>{{.To.Name}} {{.To.Phone}} · {{.Ship.CaseNumber}} · {{.Ship.Grams}} g · {{.Ship.Fee}} 元</div>
{{range .Buttons}}<form method="post" action="{{$.Prefix}}/shipments/{{$row.Ship.Waybill}}">
<input type="hidden" name="status" value="{{.Status}}">
{{if .Reason}}<input type="text" name="reason" required placeholder="原因 reason">{{end}}
<button type="submit">{{.ZH}} <span class="en">{{.EN}}</span></button></form>{{end}}
{{if .Events}}<ol>{{range .Events}}<li>{{.At}} {{.Status}} {{.Location}} {{.Reason}}</li>{{end}}</ol>{{end}}
</div>{{else}}<p>暂无运单 <span class="en">No shipments yet</span></p>{{end}}
{{end}}
</body></html>`))

// pageData feeds the page; Error set shows only the error and a way back.
type pageData struct {
	Prefix, NotifyURL, Error, ErrorEN string
	Rows                              []pageRow
}

func (s *Sim) handlePage(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	d := pageData{Prefix: s.prefix, NotifyURL: s.notifyURL}
	for i := len(s.order) - 1; i >= 0; i-- { // newest first
		en := s.ships[s.order[i]]
		row := pageRow{Ship: en.ship, To: en.ship.To.Masked(),
			StatusZH: courier.StatusLabel(en.ship.Status, "zh-CN"), StatusEN: courier.StatusLabel(en.ship.Status, "en")}
		for _, b := range buttons {
			if courier.CanAdvance(en.ship.Status, b.Status) {
				row.Buttons = append(row.Buttons, b)
			}
		}
		for _, ev := range en.history {
			row.Events = append(row.Events, pageEvent{At: ev.At.In(onetrip.China).Format("01-02 15:04:05"),
				Status: courier.StatusLabel(ev.Status, "zh-CN"), Location: ev.Location, Reason: ev.Reason})
		}
		d.Rows = append(d.Rows, row)
	}
	s.mu.Unlock()
	renderPage(w, http.StatusOK, d)
}

func (s *Sim) errorPage(w http.ResponseWriter, r *http.Request, err error) {
	e := onetrip.AsError(err)
	d := pageData{Prefix: s.prefix, Error: message(e, onetrip.LangZH), ErrorEN: message(e, onetrip.LangEN)}
	if e.Code == onetrip.CodeInternal {
		d.Error, d.ErrorEN = onetrip.Render(onetrip.LangZH, "err.internal"), onetrip.Render(onetrip.LangEN, "err.internal")
	}
	renderPage(w, statusOf(e.Code), d)
}

func renderPage(w http.ResponseWriter, status int, d pageData) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_ = page.Execute(w, d)
}
