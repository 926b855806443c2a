package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"onetrip"
	"onetrip/idcode"
	"onetrip/licence"
	"onetrip/policy"
	"onetrip/sqlstore"
)

// Lists of the licence library: "my licences" (我的证照) for applicants,
// with where each licence was used instead of paper; and the licences a
// department issued (reviewers, department systems) or a region's
// (clerks, supervisors, admins), searchable and exportable to Excel.

// myLicence is one licence of "my licences" with its uses.
type myLicence struct {
	L         licence.Licence
	StatusKey string
	Own       bool // held by the user, not by an organisation they represent
	Uses      []sqlstore.LicenceUse
}

type myLicencesData struct {
	Licences []myLicence
	NoID     bool
}

func (w *Web) myLicences(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireUser(rw, r, onetrip.RoleApplicant)
	if !ok {
		return
	}
	ctx := r.Context()
	d := &myLicencesData{NoID: p.IDNumber == ""}
	if !d.NoID {
		list, err := w.store.Licences(ctx, sqlstore.LicenceQuery{Holder: p.IDNumber, Limit: 200})
		if err != nil {
			w.renderError(rw, r, err)
			return
		}
		for _, l := range list {
			uses, err := w.store.LicenceUses(ctx, l.ID)
			if err != nil {
				w.renderError(rw, r, err)
				return
			}
			d.Licences = append(d.Licences, myLicence{L: l, StatusKey: statusKey(l.Status), Own: l.Holder.IDNumber == p.IDNumber, Uses: uses})
		}
	}
	w.render(rw, r, "my_licences", http.StatusOK, w.page(r, "ui.lic.my.title", d))
}

// licRow is one licence of a list.
type licRow struct {
	L         licence.Licence
	HolderID  string
	StatusKey string
}

type licListData struct {
	Q, Status, Type string
	Types           []option
	Statuses        []option
	Scope           string
	Rows            []licRow
	XLSXHref        string
	Next, Prev      string
}

const licPage = 50

// licenceStatuses are the list's status filter.
var licenceStatuses = []licence.Status{licence.StatusValid, licence.StatusExpired, licence.StatusRevoked}

// licenceScope narrows a query to what p may list, as the API does:
// reviewers and department systems their department's licences, clerks,
// supervisors and admins their region's. Applicants have "my licences".
func licenceScope(p *onetrip.Principal, q *sqlstore.LicenceQuery) bool {
	switch p.Role {
	case onetrip.RoleReviewer, onetrip.RoleSystem:
		if p.Department == "" {
			return false
		}
		q.Department = p.Department
	case onetrip.RoleClerk, onetrip.RoleSupervisor, onetrip.RoleAdmin:
		if p.Region == "" || policy.DepartmentAdmin(p) {
			return false
		}
		q.RegionPrefix = idcode.RegionPrefix(p.Region)
	default:
		return false
	}
	return true
}

// licenceListQuery reads the list's filters; on failure it has answered.
func (w *Web) licenceListQuery(rw http.ResponseWriter, r *http.Request) (*onetrip.Principal, sqlstore.LicenceQuery, *licListData, bool) {
	p, ok := w.requireUser(rw, r)
	if !ok {
		return nil, sqlstore.LicenceQuery{}, nil, false
	}
	if p.Role == onetrip.RoleApplicant {
		if strings.HasSuffix(r.URL.Path, ".xlsx") { // their own licences have no export
			w.renderError(rw, r, onetrip.Forbidden("err.forbidden"))
		} else {
			http.Redirect(rw, r, "/my/licences", http.StatusSeeOther)
		}
		return nil, sqlstore.LicenceQuery{}, nil, false
	}
	v := r.URL.Query()
	d := &licListData{Q: strings.TrimSpace(v.Get("q")), Status: v.Get("status"), Type: v.Get("type")}
	q := sqlstore.LicenceQuery{Q: d.Q, Type: d.Type, Status: licence.Status(d.Status), Limit: licPage}
	if !licenceScope(p, &q) {
		w.renderError(rw, r, onetrip.Forbidden("err.forbidden"))
		return nil, q, nil, false
	}
	valid := d.Status == ""
	for _, s := range licenceStatuses {
		valid = valid || string(s) == d.Status
	}
	if !valid {
		w.renderError(rw, r, onetrip.Invalid("http.bad_query", "status", d.Status))
		return nil, q, nil, false
	}
	if len(d.Q) > 200 {
		w.renderError(rw, r, onetrip.Invalid("ui.lic.q_too_long", 200))
		return nil, q, nil, false
	}
	if s := v.Get("offset"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			w.renderError(rw, r, onetrip.Invalid("http.bad_query", "offset", s))
			return nil, q, nil, false
		}
		q.Offset = n
	}
	return p, q, d, true
}

func (w *Web) licenceList(rw http.ResponseWriter, r *http.Request) {
	p, q, d, ok := w.licenceListQuery(rw, r)
	if !ok {
		return
	}
	ctx := r.Context()
	pg := w.page(r, "ui.lic.list.title", d)
	types, err := w.store.LicenceTypes(ctx)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	for _, t := range types {
		d.Types = append(d.Types, option{t.Code, t.Name})
	}
	for _, s := range licenceStatuses {
		d.Statuses = append(d.Statuses, option{string(s), pg.T(statusKey(s))})
	}
	list, err := w.store.Licences(ctx, q)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	for _, l := range list {
		d.Rows = append(d.Rows, licRow{L: l, HolderID: policy.MaskLicence(p, l).Holder.IDNumber, StatusKey: statusKey(l.Status)})
	}
	d.Scope = w.scopeLabel(r, p)
	if q.Department != "" {
		pg.Title = pg.T("ui.lic.list.dept")
	}
	base := url.Values{}
	for k, val := range map[string]string{"q": d.Q, "status": d.Status, "type": d.Type} {
		if val != "" {
			base.Set(k, val)
		}
	}
	d.XLSXHref = "/licences.xlsx"
	if len(base) > 0 {
		d.XLSXHref += "?" + base.Encode()
	}
	page := func(off int) string {
		u := url.Values{}
		for k, v := range base {
			u[k] = v
		}
		if off > 0 {
			u.Set("offset", strconv.Itoa(off))
		}
		if len(u) == 0 {
			return "/licences"
		}
		return "/licences?" + u.Encode()
	}
	if len(list) == licPage {
		d.Next = page(q.Offset + licPage)
	}
	if q.Offset > 0 {
		d.Prev = page(max(0, q.Offset-licPage))
	}
	w.render(rw, r, "licences", http.StatusOK, pg)
}

// licHeaders are the Excel columns; the sheet is for Chinese reports.
var licHeaders = []any{"证照标识", "证照名称", "持证主体", "证件号码", "发证机关", "发证日期", "有效期至", "状态", "注销日期", "注销原因", "办件编号", "地区代码", "地区"}

// maxLicExport bounds one Excel export (rows).
const maxLicExport = 10000

func (w *Web) licenceXLSX(rw http.ResponseWriter, r *http.Request) {
	p, q, _, ok := w.licenceListQuery(rw, r)
	if !ok {
		return
	}
	ctx := r.Context()
	q.Limit, q.Offset = 200, 0
	var all []licence.Licence
	for len(all) < maxLicExport {
		list, err := w.store.Licences(ctx, q)
		if err != nil {
			w.renderError(rw, r, err)
			return
		}
		all = append(all, list...)
		if len(list) < q.Limit {
			break
		}
		q.Offset += q.Limit
	}
	sh := xlsxSheet{Name: "电子证照", Headers: licHeaders, Widths: map[string]float64{"A": 60, "B:E": 24, "F:G": 12, "I": 12, "M": 28}}
	names := w.regionNames(r.Context())
	for _, l := range all {
		until := xlsxDate(l.ValidUntil)
		if until == nil {
			until = onetrip.Render(onetrip.LangZH, "ui.lic.long_term")
		}
		sh.Rows = append(sh.Rows, []any{l.Identifier, l.TypeName, l.Holder.Name, xlsxText(policy.MaskLicence(p, l).Holder.IDNumber), l.Issuer.Name,
			xlsxDate(l.IssuedOn), until, onetrip.Render(onetrip.LangZH, statusKey(l.Status)), xlsxDate(l.RevokedAt), xlsxText(l.RevokeReason),
			xlsxText(l.CaseNumber), l.Region, names(l.Region)})
	}
	w.sendXLSX(rw, r, "licences.xlsx", sh)
}
