package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"onetrip"
	"onetrip/auth"
	"onetrip/httpx"
	"onetrip/idcode"
	"onetrip/policy"
	"onetrip/sqlstore"
)

// The user admin page (用户管理, issue 13): a region's admin lists the
// accounts of its region and the regions inside it, creates officials'
// accounts, changes their role and scope, resets a password (a generated
// one shown once, or one the admin types), disables and enables an
// account, and ends its sessions and tokens. Who may do what is
// policy.ManageUser and GrantUser; every change names the account's
// version, so an admin working on a stale page gets a conflict instead of
// overwriting another's change. Citizens' accounts are only disabled or
// enabled here.

// usersPage is how many accounts a page of the list shows.
const usersPage = 50

func init() {
	catalogFuncs["usrScope"] = func(p *Page, s *usrScopeForm) usrScopeArgs { return usrScopeArgs{Page: p, S: s} }
}

// usrForm is a role and scope as typed, on the create form and the change
// form.
type usrForm struct {
	Username, Name, Role, Region, Department, Center string
	PasswordMode                                     string // generate or set (a new account's)
	Version                                          string
}

func (f usrForm) principal() *onetrip.Principal {
	return &onetrip.Principal{Role: onetrip.Role(f.Role), Region: f.Region, Department: f.Department, Center: f.Center}
}

func readUsrForm(r *http.Request) usrForm {
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	return usrForm{Username: v("username"), Name: v("name"), Role: v("role"), Region: v("region"), Department: v("department"),
		Center: v("center"), PasswordMode: v("password_mode"), Version: v("version")}
}

// usrScopeForm is the role and scope fields with their choices and
// problems.
type usrScopeForm struct {
	Form                                 usrForm
	F                                    *findings
	Roles, Regions, Departments, Centers []option
	RegionName                           string
}

// usrScopeArgs is the argument of the usr_scope partial.
type usrScopeArgs struct {
	Page *Page
	S    *usrScopeForm
}

type usrRow struct {
	U     sqlstore.User
	Where string
}

type usrListData struct {
	Q, Role, Region, State string
	Roles, Regions         []option
	Rows                   []usrRow
	Prev, Next             string
	Scope                  string
	Citizens               bool // the list includes citizens' accounts (the province's admins)
}

type usrNewData struct {
	S           *usrScopeForm
	Error       string
	Scope       string
	MinPassword int
}

// Findings lets the page's partials find the form's problems.
func (d *usrNewData) Findings() *findings { return d.S.F }

type usrChangeRow struct {
	At     time.Time
	Actor  string
	Action string
	Lines  []string
}

type usrPageData struct {
	U                                            sqlstore.User
	Where                                        string
	Citizen, Self                                bool
	CanScope, CanPassword, CanDisable, CanRevoke bool
	S                                            *usrScopeForm
	Temp                                         string    // the new password, shown once
	PwF                                          *findings // the reset's problems
	PwMode                                       string
	Error                                        string // a conflict
	Flash                                        string
	Sessions, Tokens                             int
	History                                      []usrChangeRow
	MinPassword                                  int
}

// Findings lets the page's partials find the scope form's problems.
func (d *usrPageData) Findings() *findings { return d.S.F }

// userAdmin admits a region's admin; anyone else is refused (403). On
// failure it has answered.
func (w *Web) userAdmin(rw http.ResponseWriter, r *http.Request) (*onetrip.Principal, bool) {
	p, ok := w.requireUser(rw, r, onetrip.RoleAdmin)
	if !ok {
		return nil, false
	}
	if !policy.UserAdmin(p) {
		w.renderError(rw, r, onetrip.Forbidden("err.forbidden"))
		return nil, false
	}
	return p, true
}

// userWriter starts every change: a region's admin and a posted form with
// a valid CSRF token. On failure it has answered.
func (w *Web) userWriter(rw http.ResponseWriter, r *http.Request) (*onetrip.Principal, bool) {
	p, ok := w.requireUser(rw, r, onetrip.RoleAdmin)
	if !ok || !w.postForm(rw, r) {
		return nil, false
	}
	if !policy.UserAdmin(p) {
		w.renderError(rw, r, onetrip.Forbidden("err.forbidden"))
		return nil, false
	}
	return p, true
}

// userFor loads the path's account for action a by p: not found outside
// p's scope, forbidden where the rule says so. On failure it has answered.
func (w *Web) userFor(rw http.ResponseWriter, r *http.Request, p *onetrip.Principal, a policy.UserAction) (sqlstore.User, bool) {
	u, err := w.store.UserByID(r.Context(), r.PathValue("id"))
	if err == nil {
		err = policy.ManageUser(p, u.Principal(), a)
	}
	if err != nil {
		w.renderError(rw, r, err)
		return u, false
	}
	return u, true
}

// usrFieldKeys name an account's fields in findings.
var usrFieldKeys = map[string]string{
	"username": "ui.usr.f.username", "name": "ui.usr.f.name", "role": "ui.usr.f.role", "region": "ui.usr.f.region",
	"department": "ui.usr.f.department", "center": "ui.usr.f.center", "password": "ui.usr.f.password",
}

// usrFindings are a refused form's problems by field; a refusal without
// details (a scope the admin may not grant, a taken username) is put at
// the field it is about.
func usrFindings(lang onetrip.Lang, err error) *findings {
	f := &findings{byPath: map[string][]string{}}
	if err == nil {
		return f
	}
	e := onetrip.AsError(err)
	ds := e.Details
	switch e.Key {
	case "policy.user.grant_scope":
		ds = []onetrip.Detail{{Path: "region", Key: e.Key, Args: e.Args}}
	case "policy.user.citizen":
		ds = []onetrip.Detail{{Path: "role", Key: e.Key, Args: e.Args}}
	case "user.exists":
		ds = []onetrip.Detail{{Path: "username", Key: e.Key, Args: e.Args}}
	}
	for _, d := range ds {
		label := d.Path
		if key, ok := usrFieldKeys[d.Path]; ok {
			label = onetrip.Render(lang, key)
		}
		msg := onetrip.Render(lang, d.Key, d.Args...)
		f.List = append(f.List, finding{Path: d.Path, Label: label, Message: msg})
		f.byPath[d.Path] = append(f.byPath[d.Path], msg)
	}
	return f
}

// formRefusal reports whether err is a form's problem to show on the form
// (its status), not an error page.
func formRefusal(err error) bool {
	e := onetrip.AsError(err)
	return e.Code == onetrip.CodeInvalid || e.Code == onetrip.CodeConflict ||
		e.Code == onetrip.CodeForbidden && (e.Key == "policy.user.grant_scope" || e.Key == "policy.user.citizen")
}

// scopeRegions are the region choices of an admin of root: root and the
// regions one and two levels below it, and, so that every region of the
// scope can be reached, the regions inside the chosen one and the chosen
// one itself.
func (w *Web) scopeRegions(ctx context.Context, root, chosen string) []option {
	var out []option
	seen := map[string]bool{}
	add := func(code, name string, depth int) {
		if seen[code] {
			return
		}
		seen[code] = true
		label := name + " " + code
		if depth > 0 {
			label = strings.Repeat("　", depth) + label
		}
		out = append(out, option{code, label})
	}
	var walk func(code string, depth int)
	walk = func(code string, depth int) {
		kids, err := w.store.Regions(ctx, code)
		if err != nil {
			return
		}
		for _, k := range kids {
			add(k.Code, k.Name, depth)
			if depth < 2 || k.Code == chosen || idcode.RegionWithin(chosen, k.Code) && idcode.RegionLevel(k.Code) != idcode.LevelTownship {
				walk(k.Code, depth+1)
			}
		}
	}
	if r, err := w.store.Region(ctx, root); err == nil {
		add(r.Code, r.Name, 0)
		walk(root, 1)
	}
	if chosen != "" && !seen[chosen] && idcode.RegionWithin(chosen, root) {
		if r, err := w.store.Region(ctx, chosen); err == nil {
			add(r.Code, r.Name, 0)
		}
	}
	return out
}

// fillScope lists the choices of the scope form: the roles an admin
// grants, the regions of p's scope, and the departments and centres of the
// chosen region (when it is one of p's).
func (w *Web) fillScope(ctx context.Context, lang onetrip.Lang, p *onetrip.Principal, s *usrScopeForm) {
	s.Roles = nil
	for _, role := range onetrip.Roles {
		if role != onetrip.RoleApplicant {
			s.Roles = append(s.Roles, option{string(role), onetrip.Render(lang, "ui.role."+string(role))})
		}
	}
	region := s.Form.Region
	s.Regions = w.scopeRegions(ctx, p.Region, region)
	s.Departments, s.Centers, s.RegionName = nil, nil, ""
	defer func() {
		s.Roles, s.Regions = keepTyped(s.Roles, s.Form.Role), keepTyped(s.Regions, region)
		s.Departments, s.Centers = keepTyped(s.Departments, s.Form.Department), keepTyped(s.Centers, s.Form.Center)
	}()
	if idcode.CheckRegionCode(region) != nil || !idcode.RegionWithin(region, p.Region) {
		return
	}
	s.RegionName = w.regionNames(ctx)(region)
	if ds, err := w.store.Departments(ctx, region); err == nil {
		for _, d := range ds {
			s.Departments = append(s.Departments, option{d.ID, d.Name})
		}
	}
	if cs, err := w.store.Centers(ctx, region); err == nil {
		for _, c := range cs {
			s.Centers = append(s.Centers, option{c.ID, c.Name})
		}
	}
}

// keepTyped adds a typed value that is none of the choices (a refused
// form's) to them, so the form shows what was typed next to its problem.
func keepTyped(opts []option, v string) []option {
	if v == "" {
		return opts
	}
	for _, o := range opts {
		if o.Value == v {
			return opts
		}
	}
	return append(opts, option{v, v})
}

// userWhere describes an account's scope: 浙江省衢州市柯城区 · 柯城区市场监督管理局.
func (w *Web) userWhere(ctx context.Context, lang onetrip.Lang, names func(string) string, u sqlstore.User) string {
	if u.Region == "" {
		return onetrip.Render(lang, "ui.usr.no_region")
	}
	parts := []string{names(u.Region)}
	if u.Department != "" {
		if d, err := w.store.Department(ctx, u.Department); err == nil {
			parts = append(parts, d.Name)
		}
	}
	if u.Center != "" {
		if c, err := w.store.Center(ctx, u.Center); err == nil {
			parts = append(parts, c.Name)
		}
	}
	return strings.Join(parts, " · ")
}

// ---- the list ----

func (w *Web) adminUsers(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.userAdmin(rw, r)
	if !ok {
		return
	}
	ctx := r.Context()
	prefix, unscoped, err := policy.UserListScope(p)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	qv := r.URL.Query()
	d := &usrListData{Q: strings.TrimSpace(qv.Get("q")), Role: qv.Get("role"), Region: strings.TrimSpace(qv.Get("region")), State: qv.Get("state"),
		Citizens: unscoped}
	q := sqlstore.UserQuery{Scope: prefix, Unscoped: unscoped, Q: d.Q, Limit: usersPage}
	if d.Role != "" {
		if !onetrip.Role(d.Role).Valid() {
			w.renderError(rw, r, onetrip.Invalid("http.bad_query", "role", d.Role))
			return
		}
		q.Role = onetrip.Role(d.Role)
	}
	if d.Region != "" {
		if err := idcode.CheckRegionCode(d.Region); err != nil {
			w.renderError(rw, r, onetrip.Invalid("http.bad_query", "region", d.Region))
			return
		}
		if !idcode.RegionWithin(d.Region, p.Region) {
			w.renderError(rw, r, onetrip.Forbidden("policy.out_of_scope"))
			return
		}
		q.Region, q.Unscoped = d.Region, false
	}
	switch d.State {
	case "":
	case "active", "disabled":
		off := d.State == "disabled"
		q.Disabled = &off
	default:
		w.renderError(rw, r, onetrip.Invalid("http.bad_query", "state", d.State))
		return
	}
	if s := qv.Get("offset"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			w.renderError(rw, r, onetrip.Invalid("http.bad_query", "offset", s))
			return
		}
		q.Offset = n
	}
	if onetrip.TooLong(d.Q, 100) {
		w.renderError(rw, r, onetrip.Invalid("http.bad_query", "q", d.Q))
		return
	}
	list, more, err := w.store.ListUsers(ctx, q)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	pg := w.page(r, "ui.usr.title", d)
	names := w.regionNames(ctx)
	for _, u := range list {
		d.Rows = append(d.Rows, usrRow{U: u, Where: w.userWhere(ctx, pg.Lang, names, u)})
	}
	d.Roles = nil
	for _, role := range onetrip.Roles {
		d.Roles = append(d.Roles, option{string(role), pg.T("ui.role." + string(role))})
	}
	d.Regions = w.scopeRegions(ctx, p.Region, d.Region)
	d.Scope = names(p.Region)
	page := func(offset int) string {
		v := url.Values{}
		for k, s := range map[string]string{"q": d.Q, "role": d.Role, "region": d.Region, "state": d.State} {
			if s != "" {
				v.Set(k, s)
			}
		}
		if offset > 0 {
			v.Set("offset", strconv.Itoa(offset))
		}
		if len(v) == 0 {
			return "/admin/users"
		}
		return "/admin/users?" + v.Encode()
	}
	if q.Offset > 0 {
		d.Prev = page(max(q.Offset-usersPage, 0))
	}
	if more {
		d.Next = page(q.Offset + usersPage)
	}
	w.render(rw, r, "admin_users", http.StatusOK, pg)
}

// ---- a new account ----

func (w *Web) adminUserNew(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.userAdmin(rw, r)
	if !ok {
		return
	}
	f := usrForm{Region: p.Region, PasswordMode: "generate", Role: string(onetrip.RoleClerk)}
	if reg := strings.TrimSpace(r.URL.Query().Get("region")); reg != "" {
		f.Region = reg
	}
	w.userNewShow(rw, r, p, http.StatusOK, &usrNewData{S: &usrScopeForm{Form: f}})
}

func (w *Web) userNewShow(rw http.ResponseWriter, r *http.Request, p *onetrip.Principal, status int, d *usrNewData) {
	pg := w.page(r, "ui.usr.new", d)
	w.fillScope(r.Context(), pg.Lang, p, d.S)
	d.Scope, d.MinPassword = w.regionNames(r.Context())(p.Region), auth.MinPasswordLen
	w.render(rw, r, "admin_user_new", status, pg)
}

// adminUserCreate creates an official's account, or — with refresh —
// shows the form again with the departments and centres of the region
// typed. A generated password is shown once on the new account's page.
func (w *Web) adminUserCreate(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.userWriter(rw, r)
	if !ok {
		return
	}
	ctx := r.Context()
	lang := httpx.PageLang(r)
	f := readUsrForm(r)
	if f.PasswordMode != "set" {
		f.PasswordMode = "generate"
	}
	d := &usrNewData{S: &usrScopeForm{Form: f}}
	if r.PostFormValue("refresh") != "" {
		w.userNewShow(rw, r, p, http.StatusOK, d)
		return
	}
	refused := func(err error) {
		if !formRefusal(err) {
			w.renderError(rw, r, err)
			return
		}
		status, body := httpx.Body(err, lang)
		if d.S.F = usrFindings(lang, err); !d.S.F.Any() {
			d.Error = body.Error.Message
		}
		w.userNewShow(rw, r, p, status, d)
	}
	if err := policy.GrantUser(p, f.principal()); err != nil {
		refused(err)
		return
	}
	password := r.PostFormValue("password")
	if f.PasswordMode == "generate" {
		password = sqlstore.TemporaryPassword()
	}
	u, err := w.store.CreateUser(ctx, sqlstore.NewUser{Username: f.Username, Name: f.Name, Role: onetrip.Role(f.Role), Region: f.Region,
		Department: f.Department, Center: f.Center, Password: password, By: p.Username})
	if err != nil {
		refused(err)
		return
	}
	w.log.Info("user created", "user", u.Username, "role", u.Role, "region", u.Region, "by", p.Username)
	pd := &usrPageData{U: u, Flash: onetrip.Render(lang, "ui.usr.created", u.Username)}
	if f.PasswordMode == "generate" {
		pd.Temp = password
	}
	w.userShow(rw, r, p, http.StatusOK, pd)
}

// ---- one account ----

func (w *Web) adminUser(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.userAdmin(rw, r)
	if !ok {
		return
	}
	u, ok := w.userFor(rw, r, p, policy.UserRead)
	if !ok {
		return
	}
	d := &usrPageData{U: u}
	if done := r.URL.Query().Get("done"); done != "" {
		if key := "ui.usr.done." + done; usrDone(done) {
			d.Flash = onetrip.Render(httpx.PageLang(r), key)
		}
	}
	w.userShow(rw, r, p, http.StatusOK, d)
}

// usrDone reports whether a ?done= names a change the account page reports.
func usrDone(done string) bool {
	switch done {
	case "scope", "disable", "enable", "revoke":
		return true
	}
	return false
}

// userShow fills in the account page around what the handler set: what p
// may do to it, the scope form (as stored unless typed), its sessions and
// tokens and its history.
func (w *Web) userShow(rw http.ResponseWriter, r *http.Request, p *onetrip.Principal, status int, d *usrPageData) {
	ctx := r.Context()
	pg := w.page(r, "ui.usr.user", d)
	lang := pg.Lang
	u := d.U
	pr := u.Principal()
	can := func(a policy.UserAction) bool { return policy.ManageUser(p, pr, a) == nil }
	d.CanScope, d.CanPassword, d.CanDisable, d.CanRevoke = can(policy.UserScope), can(policy.UserPassword), can(policy.UserDisable), can(policy.UserRevoke)
	d.Citizen, d.Self = u.Role == onetrip.RoleApplicant, u.ID == p.UserID
	names := w.regionNames(ctx)
	d.Where = w.userWhere(ctx, lang, names, u)
	if d.S == nil {
		d.S = &usrScopeForm{Form: usrForm{Username: u.Username, Name: u.Name, Role: string(u.Role), Region: u.Region,
			Department: u.Department, Center: u.Center}}
	}
	d.S.Form.Username, d.S.Form.Version = u.Username, strconv.Itoa(u.Version)
	if d.CanScope {
		w.fillScope(ctx, lang, p, d.S)
	}
	if d.PwMode == "" {
		d.PwMode = "generate"
	}
	d.MinPassword = auth.MinPasswordLen
	var err error
	if d.Sessions, d.Tokens, err = w.store.UserAccess(ctx, u.ID); err != nil {
		w.renderError(rw, r, err)
		return
	}
	hist, err := w.store.UserChanges(ctx, u.ID, 50)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	d.History = nil
	for _, c := range hist {
		d.History = append(d.History, usrChangeRow{At: c.At, Actor: c.Actor, Action: pg.T("ui.usr.action." + c.Action), Lines: w.changeLines(ctx, lang, names, c)})
	}
	w.render(rw, r, "admin_user", status, pg)
}

// changeLines say what a change did, a line per changed field or effect.
func (w *Web) changeLines(ctx context.Context, lang onetrip.Lang, names func(string) string, c sqlstore.UserChange) []string {
	show := func(field, v string) string {
		if v == "" {
			return "—"
		}
		switch field {
		case "role":
			return onetrip.Render(lang, "ui.role."+v)
		case "region":
			return names(v)
		case "department":
			if d, err := w.store.Department(ctx, v); err == nil {
				return d.Name
			}
		case "center":
			if ce, err := w.store.Center(ctx, v); err == nil {
				return ce.Name
			}
		}
		return v
	}
	var out []string
	for _, field := range []string{"name", "role", "region", "department", "center"} {
		v, ok := c.Fields[field]
		switch {
		case !ok:
		case c.Action == sqlstore.ChangeCreate: // what it was created with
			out = append(out, onetrip.Render(lang, usrFieldKeys[field])+onetrip.Colon(lang)+show(field, v[1]))
		default:
			out = append(out, onetrip.Render(lang, usrFieldKeys[field])+onetrip.Colon(lang)+show(field, v[0])+" → "+show(field, v[1]))
		}
	}
	if c.Action == sqlstore.ChangePassword {
		if c.Generated {
			out = append(out, onetrip.Render(lang, "ui.usr.hist.generated"))
		} else {
			out = append(out, onetrip.Render(lang, "ui.usr.hist.typed"))
		}
	}
	if c.Sessions > 0 || c.Tokens > 0 {
		out = append(out, onetrip.Render(lang, "ui.usr.hist.ended", c.Sessions, c.Tokens))
	}
	return out
}

// userVersion reads the version a change was made on; on failure it has
// answered.
// userChange is the start of every versioned change to an account: an
// admin's posted form, the account within the admin's reach for the
// action, and the version the form was read at.
func (w *Web) userChange(rw http.ResponseWriter, r *http.Request, a policy.UserAction) (*onetrip.Principal, sqlstore.User, int, bool) {
	p, ok := w.userWriter(rw, r)
	if !ok {
		return nil, sqlstore.User{}, 0, false
	}
	u, ok := w.userFor(rw, r, p, a)
	if !ok {
		return nil, sqlstore.User{}, 0, false
	}
	version, ok := w.userVersion(rw, r)
	return p, u, version, ok
}

func (w *Web) userVersion(rw http.ResponseWriter, r *http.Request) (int, bool) {
	v, err := strconv.Atoi(r.PostFormValue("version"))
	if err != nil || v < 1 {
		w.renderError(rw, r, onetrip.Invalid("ui.usr.bad_version"))
		return 0, false
	}
	return v, true
}

// userConflict shows the account as it is now with the conflict's
// message, when err is one; it reports whether it answered.
func (w *Web) userConflict(rw http.ResponseWriter, r *http.Request, p *onetrip.Principal, id string, err error) bool {
	if !onetrip.HasCode(err, onetrip.CodeConflict) {
		return false
	}
	u, lerr := w.store.UserByID(r.Context(), id)
	if lerr != nil {
		w.renderError(rw, r, lerr)
		return true
	}
	w.userShow(rw, r, p, http.StatusConflict, &usrPageData{U: u, Error: errorMessage(r, err)})
	return true
}

// adminUserScope changes an account's name, role and scope, or — with
// refresh — shows the form again with the departments and centres of the
// region typed.
func (w *Web) adminUserScope(rw http.ResponseWriter, r *http.Request) {
	p, u, version, ok := w.userChange(rw, r, policy.UserScope)
	if !ok {
		return
	}
	lang := httpx.PageLang(r)
	f := readUsrForm(r)
	d := &usrPageData{U: u, S: &usrScopeForm{Form: f}}
	if r.PostFormValue("refresh") != "" {
		w.userShow(rw, r, p, http.StatusOK, d)
		return
	}
	err := policy.GrantUser(p, f.principal())
	if err == nil {
		_, err = w.store.UpdateUserScope(r.Context(), u.ID, version, sqlstore.ScopeChange{Name: f.Name, Role: onetrip.Role(f.Role),
			Region: f.Region, Department: f.Department, Center: f.Center}, p.Username)
	}
	switch {
	case err == nil:
	case w.userConflict(rw, r, p, u.ID, err):
		return
	case formRefusal(err):
		status, _ := httpx.Body(err, lang)
		d.S.F = usrFindings(lang, err)
		w.userShow(rw, r, p, status, d)
		return
	default:
		w.renderError(rw, r, err)
		return
	}
	w.log.Info("user scope changed", "user", u.Username, "role", f.Role, "region", f.Region, "department", f.Department, "by", p.Username)
	http.Redirect(rw, r, "/admin/users/"+url.PathEscape(u.ID)+"?done=scope", http.StatusSeeOther)
}

// adminUserPassword resets a password: a generated one, or the one typed;
// the new one is shown once. The account's sessions and tokens end.
func (w *Web) adminUserPassword(rw http.ResponseWriter, r *http.Request) {
	p, u, version, ok := w.userChange(rw, r, policy.UserPassword)
	if !ok {
		return
	}
	lang := httpx.PageLang(r)
	mode, password := r.PostFormValue("mode"), r.PostFormValue("password")
	if mode != "set" {
		mode, password = "generate", ""
	}
	var err error
	var nu sqlstore.User
	var temp string
	if mode == "set" && password == "" {
		err = (onetrip.Problems{{Path: "password", Key: "ui.usr.password_required"}}).Err("user.invalid", 1)
	} else {
		nu, temp, err = w.store.ResetPassword(r.Context(), u.ID, version, password, p.Username)
	}
	switch {
	case err == nil:
	case w.userConflict(rw, r, p, u.ID, err):
		return
	case onetrip.HasCode(err, onetrip.CodeInvalid):
		w.userShow(rw, r, p, http.StatusBadRequest, &usrPageData{U: u, PwF: usrFindings(lang, err), PwMode: mode})
		return
	default:
		w.renderError(rw, r, err)
		return
	}
	w.log.Info("user password reset", "user", u.Username, "generated", mode == "generate", "by", p.Username)
	d := &usrPageData{U: nu, Flash: onetrip.Render(lang, "ui.usr.done.password")}
	if mode == "generate" {
		d.Temp = temp
	}
	w.userShow(rw, r, p, http.StatusOK, d)
}

// adminUserStatus disables an account (its sessions and tokens end) or
// enables it again.
func (w *Web) adminUserStatus(disabled bool) http.HandlerFunc {
	return func(rw http.ResponseWriter, r *http.Request) {
		p, u, version, ok := w.userChange(rw, r, policy.UserDisable)
		if !ok {
			return
		}
		if _, err := w.store.SetUserDisabled(r.Context(), u.ID, version, disabled, p.Username); err != nil {
			if !w.userConflict(rw, r, p, u.ID, err) {
				w.renderError(rw, r, err)
			}
			return
		}
		done := "enable"
		if disabled {
			done = "disable"
		}
		w.log.Info("user "+done+"d", "user", u.Username, "by", p.Username)
		http.Redirect(rw, r, "/admin/users/"+url.PathEscape(u.ID)+"?done="+done, http.StatusSeeOther)
	}
}

// adminUserRevoke ends every session of an account and revokes its tokens.
func (w *Web) adminUserRevoke(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.userWriter(rw, r)
	if !ok {
		return
	}
	u, ok := w.userFor(rw, r, p, policy.UserRevoke)
	if !ok {
		return
	}
	sessions, tokens, err := w.store.RevokeUserAccess(r.Context(), u.ID, p.Username)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	w.log.Info("user access revoked", "user", u.Username, "sessions", sessions, "tokens", tokens, "by", p.Username)
	http.Redirect(rw, r, "/admin/users/"+url.PathEscape(u.ID)+"?done=revoke", http.StatusSeeOther)
}
