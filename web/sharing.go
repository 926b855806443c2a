package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"onetrip"
	"onetrip/catalog"
	"onetrip/httpx"
	"onetrip/sharing"
	"onetrip/sqlstore"
)

// The sharing platform's pages (信息共享平台): the catalogue of shared data
// items (any official), a body's grants and a provider's requests to
// decide, the access log (supervisors, provider admins) and an
// applicant's own data uses (数据使用记录). The rules are the store's and
// the sharing package's; these pages show them.

const sharingPage = 50

type sharingItemsData struct {
	Q, Provider, Level, Subject string
	Providers                   []option
	Levels, Subjects            []option
	Items                       []sqlstore.SharingItem
	Total, From, To             int
	Prev, Next                  string
	CanAsk                      bool
}

func (w *Web) sharingItems(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireUser(rw, r, onetrip.RoleClerk, onetrip.RoleAgent, onetrip.RoleReviewer, onetrip.RoleSystem, onetrip.RoleSupervisor, onetrip.RoleAdmin)
	if !ok {
		return
	}
	pg := w.page(r, "ui.share.items.title", nil)
	v := r.URL.Query()
	offset, _ := strconv.Atoi(v.Get("offset"))
	d := &sharingItemsData{Q: strings.TrimSpace(v.Get("q")), Provider: v.Get("provider"), Level: v.Get("level"), Subject: v.Get("subject")}
	_, err := sharing.ConsumerOf(p)
	d.CanAsk = err == nil
	list, total, err := w.store.SharingItems(r.Context(), sqlstore.SharingItemQuery{Q: d.Q, Provider: d.Provider, Level: d.Level, Subject: d.Subject,
		Limit: sharingPage, Offset: max(offset, 0)})
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	d.Items, d.Total = list, total
	d.From, d.To = min(max(offset, 0)+1, total), min(max(offset, 0)+len(list), total)
	page := func(off int) string {
		q := url.Values{"q": {d.Q}, "provider": {d.Provider}, "level": {d.Level}, "subject": {d.Subject}, "offset": {strconv.Itoa(off)}}
		return "/sharing?" + q.Encode()
	}
	if offset > 0 {
		d.Prev = page(max(offset-sharingPage, 0))
	}
	if offset+len(list) < total {
		d.Next = page(offset + sharingPage)
	}
	kinds, err := w.store.DepartmentKinds(r.Context())
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	all, _ := w.store.DataItems(r.Context())
	provides := map[string]bool{}
	for _, it := range all {
		provides[it.ProviderKind] = true
	}
	for _, k := range kinds {
		if provides[k.Kind] {
			d.Providers = append(d.Providers, option{k.Kind, k.Name})
		}
	}
	for _, l := range catalog.ShareLevels {
		d.Levels = append(d.Levels, option{string(l), pg.T("ui.share.level." + string(l))})
	}
	for _, s := range catalog.Subjects {
		d.Subjects = append(d.Subjects, option{string(s), pg.T("ui.share.subject." + string(s))})
	}
	pg.Data = d
	w.render(rw, r, "sharing_items", http.StatusOK, pg)
}

type grantsData struct {
	Own, Incoming []sharing.Grant
	Consumer      string // the caller's body, "" when it consumes nothing
	Decides       bool
	Items         []option
	Ask           sharing.GrantRequest
	Flash         string
}

func (w *Web) sharingGrants(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireUser(rw, r)
	if !ok {
		return
	}
	w.grantsShow(rw, r, p, http.StatusOK, &grantsData{Ask: sharing.GrantRequest{Item: r.URL.Query().Get("item")}}, "")
}

func (w *Web) grantsShow(rw http.ResponseWriter, r *http.Request, p *onetrip.Principal, status int, d *grantsData, errMsg string) {
	ctx := r.Context()
	c, cerr := sharing.ConsumerOf(p)
	d.Decides = sharing.Decides(p)
	if cerr != nil && !d.Decides {
		w.renderError(rw, r, onetrip.Forbidden("sharing.consumer"))
		return
	}
	var err error
	if cerr == nil {
		d.Consumer = c.ID
		if d.Own, err = w.store.Grants(ctx, p, sqlstore.GrantQuery{}); err != nil {
			w.renderError(rw, r, err)
			return
		}
		items, _, err := w.store.SharingItems(ctx, sqlstore.SharingItemQuery{Limit: 500})
		if err != nil {
			w.renderError(rw, r, err)
			return
		}
		for _, it := range items {
			if it.Level != catalog.ShareRestricted {
				d.Items = append(d.Items, option{it.Code, it.Code + " " + it.Name + "（" + it.ProviderName + "）"})
			}
		}
	}
	if d.Decides {
		if d.Incoming, err = w.store.Grants(ctx, p, sqlstore.GrantQuery{Incoming: true}); err != nil {
			w.renderError(rw, r, err)
			return
		}
	}
	pg := w.page(r, "ui.share.grants.title", d)
	pg.Error = errMsg
	w.render(rw, r, "sharing_grants", status, pg)
}

func (w *Web) sharingGrantAsk(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireUser(rw, r)
	if !ok || !w.postForm(rw, r) {
		return
	}
	req := sharing.GrantRequest{Item: r.PostFormValue("item"), Purpose: r.PostFormValue("purpose"), ValidUntil: r.PostFormValue("valid_until")}
	for _, f := range strings.FieldsFunc(r.PostFormValue("fields"), func(c rune) bool { return c == ',' || c == '，' || c == '、' || c == ' ' }) {
		req.Fields = append(req.Fields, f)
	}
	g, err := w.store.RequestGrant(r.Context(), p, req)
	if err != nil {
		status, body := httpx.Body(err, httpx.PageLang(r))
		w.grantsShow(rw, r, p, status, &grantsData{Ask: req}, errorText(httpx.PageLang(r), body))
		return
	}
	w.log.Info("sharing grant requested", "grant", g.ID, "item", g.Item, "consumer", g.Consumer, "status", g.Status)
	http.Redirect(rw, r, "/sharing/grants#grant-"+g.ID, http.StatusSeeOther)
}

func (w *Web) sharingGrantDecide(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireUser(rw, r, onetrip.RoleAdmin)
	if !ok || !w.postForm(rw, r) {
		return
	}
	d := sharing.GrantDecision{Approve: r.PostFormValue("decision") == "approve", Reason: r.PostFormValue("reason"), ValidUntil: r.PostFormValue("valid_until")}
	if _, err := w.store.DecideGrant(r.Context(), p, r.PathValue("id"), d); err != nil {
		status, body := httpx.Body(err, httpx.PageLang(r))
		w.grantsShow(rw, r, p, status, &grantsData{}, errorText(httpx.PageLang(r), body))
		return
	}
	http.Redirect(rw, r, "/sharing/grants#grant-"+r.PathValue("id"), http.StatusSeeOther)
}

func (w *Web) sharingGrantRevoke(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireUser(rw, r, onetrip.RoleAdmin)
	if !ok || !w.postForm(rw, r) {
		return
	}
	if _, err := w.store.RevokeGrant(r.Context(), p, r.PathValue("id"), sharing.GrantRevocation{Reason: r.PostFormValue("reason")}); err != nil {
		status, body := httpx.Body(err, httpx.PageLang(r))
		w.grantsShow(rw, r, p, status, &grantsData{}, errorText(httpx.PageLang(r), body))
		return
	}
	http.Redirect(rw, r, "/sharing/grants#grant-"+r.PathValue("id"), http.StatusSeeOther)
}

type accessLogData struct {
	Subject, Case, Consumer, Item, From, To string
	Rows                                    []sharing.Access
	Next, XLSXHref                          string
}

// accessLogRows reads the log's filtered page for the request (the page
// and its Excel export).
func (w *Web) accessLogRows(rw http.ResponseWriter, r *http.Request, limit int) (*accessLogData, bool) {
	p, ok := w.requireUser(rw, r, onetrip.RoleSupervisor, onetrip.RoleAdmin)
	if !ok {
		return nil, false
	}
	v := r.URL.Query()
	d := &accessLogData{Subject: strings.TrimSpace(v.Get("subject")), Case: strings.TrimSpace(v.Get("case")), Consumer: v.Get("consumer"),
		Item: v.Get("item"), From: v.Get("from"), To: v.Get("to")}
	q := sqlstore.AccessQuery{Subject: d.Subject, Consumer: d.Consumer, Item: d.Item, From: d.From, To: d.To, Before: v.Get("before"), Limit: limit}
	if d.Case != "" {
		q.Case = d.Case // a case ID, or its number:
		if c, err := w.store.CaseByNumber(r.Context(), d.Case); err == nil {
			q.Case = c.ID
		}
	}
	rows, err := w.store.AccessLog(r.Context(), p, q)
	if err != nil {
		w.renderError(rw, r, err)
		return nil, false
	}
	d.Rows = rows
	filter := url.Values{"subject": {d.Subject}, "case": {d.Case}, "consumer": {d.Consumer}, "item": {d.Item}, "from": {d.From}, "to": {d.To}}
	d.XLSXHref = "/sharing/log.xlsx?" + filter.Encode()
	if len(rows) == limit {
		last := rows[len(rows)-1]
		filter.Set("before", sqlstore.TS(last.At)+"|"+last.ID)
		d.Next = "/sharing/log?" + filter.Encode()
	}
	return d, true
}

func (w *Web) sharingLog(rw http.ResponseWriter, r *http.Request) {
	d, ok := w.accessLogRows(rw, r, supPage)
	if !ok {
		return
	}
	w.render(rw, r, "sharing_log", http.StatusOK, w.page(r, "ui.share.log.title", d))
}

// accessLogMax bounds one export: the newest reads of the filter.
const accessLogMax = 500

func (w *Web) sharingLogXLSX(rw http.ResponseWriter, r *http.Request) {
	d, ok := w.accessLogRows(rw, r, accessLogMax)
	if !ok {
		return
	}
	zh := func(key string, args ...any) string { return onetrip.Render(onetrip.LangZH, key, args...) }
	sh := xlsxSheet{Name: "数据访问日志", Headers: []any{"时间", "数据项代码", "数据项", "提供部门", "查询单位", "用户", "数据主体（脱敏）", "办件编号", "用途", "结果", "返回字段", "耗时（微秒）"},
		Widths: map[string]float64{"A": 17, "C:E": 24, "I": 40}}
	for _, a := range d.Rows {
		at := a.At
		sh.Rows = append(sh.Rows, []any{xlsxTime(&at), a.Item, a.ItemName, a.ProviderName, a.ConsumerName, a.User, a.Subject, xlsxText(a.CaseNumber),
			xlsxText(a.Purpose), zh("ui.share.result." + a.Result), strings.Join(a.Fields, "、"), a.DurationMicro})
	}
	w.sendXLSX(rw, r, "sharing-access.xlsx", sh)
}

func (w *Web) myDataUses(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireUser(rw, r, onetrip.RoleApplicant)
	if !ok {
		return
	}
	var rows []sharing.Access
	if p.IDNumber != "" {
		var err error
		if rows, err = w.store.DataUses(r.Context(), p, 200); err != nil {
			w.renderError(rw, r, err)
			return
		}
	}
	pg := w.page(r, "ui.share.uses.title", struct {
		Rows []sharing.Access
		NoID bool
	}{rows, p.IDNumber == ""})
	w.render(rw, r, "my_data_uses", http.StatusOK, pg)
}

// accessRow is an access record as a table shows it.
type accessRow struct {
	sharing.Access
	ReasonText string
}

type accessTableData struct {
	Page *Page
	Rows []accessRow
	Full bool // the log's view: the user, the subject and why a read was refused
}

func init() {
	catalogFuncs["accessTable"] = func(p *Page, rows []sharing.Access, full bool) accessTableData {
		d := accessTableData{Page: p, Full: full}
		for _, a := range rows {
			row := accessRow{Access: a}
			if a.Reason != "" {
				switch a.Reason {
				case "sharing.no_record", "sharing.unavailable":
					row.ReasonText = p.T(a.Reason, a.ProviderName, a.ItemName)
				default:
					row.ReasonText = p.T(a.Reason)
				}
			}
			d.Rows = append(d.Rows, row)
		}
		return d
	}
}
