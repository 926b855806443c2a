// Package web is the HTML interface: server-rendered pages in zh-CN (default)
// and English, sessions with CSRF protection on every form, navigation by
// role, print styles for notices. No JavaScript framework.
package web

import (
	"bytes"
	"embed"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"onetrip"
	"onetrip/auth"
	"onetrip/blob"
	"onetrip/httpx"
	"onetrip/qa"
	"onetrip/sqlstore"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

// Options configure the web interface.
type Options struct {
	Store         *sqlstore.Store
	Blobs         *blob.Store // uploaded materials; nil disables uploads
	Logger        *slog.Logger
	SecureCookies bool
	Demo          bool
	// QA answers questions (the public question box, the window's "find a
	// service"); shared with the API so a node keeps one index. Nil: the
	// pages make their own.
	QA *qa.Engine
	// QALimit bounds how fast one client asks through the pages.
	QALimit *httpx.Limiter
	// Archive is the archive storage (packages by their SM3); nil: the
	// archive pages list packages but cannot open, check or transfer them.
	Archive *blob.Store
}

// Web serves the pages.
type Web struct {
	opts  Options
	store *sqlstore.Store
	log   *slog.Logger
	mux   *http.ServeMux
	pages map[string]*template.Template
}

// preCSRFCookie carries the double-submit CSRF token of forms shown before
// login (the login form itself).
const preCSRFCookie = "onetrip_csrf"

// New builds the web interface.
func New(opts Options) *Web {
	if opts.QA == nil && opts.Store != nil {
		opts.QA = qa.NewEngine(opts.Store.QA())
	}
	if opts.QALimit == nil {
		opts.QALimit = httpx.NewLimiter(10, 30)
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	w := &Web{opts: opts, store: opts.Store, log: opts.Logger, mux: http.NewServeMux(), pages: map[string]*template.Template{}}
	w.parse()
	static, _ := fs.Sub(staticFiles, "static")
	w.mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	w.mux.HandleFunc("GET /{$}", w.home)
	w.mux.HandleFunc("GET /login", w.loginForm)
	w.mux.HandleFunc("POST /login", w.login)
	w.mux.HandleFunc("POST /logout", w.logout)
	w.mux.HandleFunc("GET /lang", w.setLang)
	w.mux.HandleFunc("GET /workbench", w.workbench)
	w.mux.HandleFunc("GET /guides", w.guides)
	w.mux.HandleFunc("GET /guides/{code}", w.guide)
	w.mux.HandleFunc("GET /guides/{code}/print", w.guidePrint)
	w.mux.HandleFunc("GET /bundles/{code}", w.bundle)
	w.mux.HandleFunc("GET /qa", w.qaPage)
	w.mux.HandleFunc("POST /qa/feedback", w.qaFeedback)
	w.mux.HandleFunc("GET /stats/coverage", w.coverage)
	w.mux.HandleFunc("GET /stats/coverage.xlsx", w.coverageXLSX)
	w.mux.HandleFunc("GET /admin/items", w.adminItems)
	w.mux.HandleFunc("GET /admin/items/{code}", w.adminItem)
	w.mux.HandleFunc("POST /admin/items/{code}", w.adminItemSave)
	w.mux.HandleFunc("POST /admin/items/{code}/publish", w.adminItemPublish)
	w.mux.HandleFunc("GET /admin/items/{code}/versions", w.adminItemVersions)
	w.mux.HandleFunc("POST /admin/items/{code}/implementations", w.adminImplSave)
	w.mux.HandleFunc("POST /admin/items/{code}/retention", w.adminRetentionSave)
	w.mux.HandleFunc("GET /admin/bundles", w.adminBundles)
	w.mux.HandleFunc("GET /admin/bundles/{code}", w.adminBundle)
	w.mux.HandleFunc("POST /admin/bundles/{code}", w.adminBundleSave)
	w.mux.HandleFunc("POST /admin/bundles/{code}/publish", w.adminBundlePublish)
	// One-window intake (issue 4): the window, the case, online application.
	w.mux.HandleFunc("GET /window", w.windowSearch)
	w.mux.HandleFunc("GET /window/check-id", w.windowCheckID)
	w.mux.HandleFunc("GET /window/new", w.windowForm)
	w.mux.HandleFunc("POST /window/new", w.windowSubmit)
	w.mux.HandleFunc("GET /window/result/{id}", w.windowResult)
	w.mux.HandleFunc("GET /window/queue", w.windowQueue)
	w.mux.HandleFunc("GET /window/cases/{id}", w.windowReviewForm)
	w.mux.HandleFunc("POST /window/cases/{id}", w.windowReviewSubmit)
	w.mux.HandleFunc("GET /window/pickups", w.windowPickups)
	w.mux.HandleFunc("GET /window/pickups/{id}", w.windowHandoverForm)
	w.mux.HandleFunc("POST /window/pickups/{id}", w.windowHandover)
	w.mux.HandleFunc("GET /cases/{id}/collection/print", w.collectionPrint)
	w.mux.HandleFunc("GET /window/deferred", w.windowDeferred)
	w.mux.HandleFunc("GET /cases/{id}", w.casePage)
	w.mux.HandleFunc("POST /cases/{id}/supply", w.caseSupply)
	w.mux.HandleFunc("POST /cases/{id}/resubmit", w.caseResubmit)
	w.mux.HandleFunc("POST /cases/{id}/withdraw", w.caseWithdraw)
	w.mux.HandleFunc("POST /cases/{id}/supply-online", w.caseSupplyOnline)
	w.mux.HandleFunc("GET /cases/{id}/receipt/print", w.receiptPrint)
	w.mux.HandleFunc("GET /notices/{id}/print", w.noticePrint)
	w.mux.HandleFunc("GET /apply/{code}", w.applyItem)
	w.mux.HandleFunc("GET /apply/bundle/{code}", w.applyBundle)
	w.mux.HandleFunc("POST /apply/{code}", w.applyItemPost)
	w.mux.HandleFunc("POST /apply/bundle/{code}", w.applyBundlePost)
	w.mux.HandleFunc("GET /my/cases", w.myCases)
	// Back-office review, calendar, department systems, supervision (issue 5).
	w.mux.HandleFunc("GET /review", w.reviewQueue)
	w.mux.HandleFunc("GET /review/tasks/{id}", w.reviewTask)
	w.mux.HandleFunc("POST /review/tasks/{id}/decision", w.reviewDecide)
	w.mux.HandleFunc("POST /review/tasks/{id}/suspend", w.reviewSuspend)
	w.mux.HandleFunc("POST /review/tasks/{id}/resume", w.reviewResume)
	w.mux.HandleFunc("GET /admin/calendar", w.adminCalendar)
	w.mux.HandleFunc("POST /admin/calendar", w.adminCalendarAdd)
	w.mux.HandleFunc("POST /admin/calendar/delete", w.adminCalendarDelete)
	w.mux.HandleFunc("POST /admin/calendar/source", w.adminCalendarSource)
	w.mux.HandleFunc("POST /admin/calendar/source/delete", w.adminCalendarSourceDelete)
	// citizens' own accounts
	w.mux.HandleFunc("GET /register", w.registerForm)
	w.mux.HandleFunc("POST /register/code", w.registerCode)
	w.mux.HandleFunc("POST /register", w.register)
	w.mux.HandleFunc("GET /password/reset", w.registerForm)
	w.mux.HandleFunc("POST /password/reset/code", w.registerCode)
	w.mux.HandleFunc("POST /password/reset", w.register)
	w.mux.HandleFunc("GET /account", w.accountPage)
	w.mux.HandleFunc("POST /account/real-name", w.accountRealName)
	w.mux.HandleFunc("POST /account/companies", w.accountBind)
	w.mux.HandleFunc("POST /account/companies/{uscc}/unbind", w.accountUnbind)
	w.mux.HandleFunc("POST /account/companies/{uscc}/staff", w.accountGrant)
	w.mux.HandleFunc("POST /account/staff/{id}/revoke", w.accountRevoke)
	w.mux.HandleFunc("POST /account/close", w.accountClose)
	w.mux.HandleFunc("GET /account/tokens", w.accountTokens)
	w.mux.HandleFunc("POST /account/tokens", w.accountTokenIssue)
	w.mux.HandleFunc("POST /account/tokens/{id}/revoke", w.accountTokenRevoke)
	w.mux.HandleFunc("GET /admin/webhooks", w.adminWebhooks)
	w.mux.HandleFunc("POST /admin/webhooks", w.adminWebhookCreate)
	w.mux.HandleFunc("GET /admin/webhooks/{id}", w.adminWebhook)
	w.mux.HandleFunc("POST /admin/webhooks/deliveries/{id}/replay", w.adminWebhookReplay)
	w.mux.HandleFunc("GET /supervision/cases", w.supervisionCases)
	w.mux.HandleFunc("GET /supervision/cases.xlsx", w.supervisionXLSX)
	// Supervision: the dashboard, ratings, rectifications, clock alerts
	// (web/dashboard.go, rating_pages.go, rectification_pages.go,
	// alerts_pages.go).
	w.mux.HandleFunc("GET /supervision/dashboard", w.supervisionDashboard)
	w.mux.HandleFunc("GET /supervision/dashboard.xlsx", w.supervisionDashboardXLSX)
	w.routesReports()
	w.mux.HandleFunc("POST /cases/{id}/rating", w.rateCase)
	w.mux.HandleFunc("GET /window/rate/{id}", w.windowRateForm)
	w.mux.HandleFunc("POST /window/rate/{id}", w.windowRate)
	w.mux.HandleFunc("GET /rectifications", w.rectifications)
	w.mux.HandleFunc("GET /rectifications/{id}", w.rectification)
	w.mux.HandleFunc("POST /rectifications/{id}/step", w.rectificationStep)
	w.mux.HandleFunc("GET /alerts", w.alertsPage)
	// end of supervision
	// Licence library and seals (issue 6): public verification, the
	// licence page and its print view, lists, revocation, seals.
	w.mux.HandleFunc("GET /verify", w.verifyForm)
	w.mux.HandleFunc("POST /verify", w.verifyPost)
	w.mux.HandleFunc("GET /verify/{identifier}", w.verifyIdentifier)
	w.mux.HandleFunc("GET /licences", w.licenceList)
	w.mux.HandleFunc("GET /licences.xlsx", w.licenceXLSX)
	w.mux.HandleFunc("GET /licences/{id}", w.licencePage)
	w.mux.HandleFunc("GET /licences/{id}/print", w.licencePrint)
	w.mux.HandleFunc("POST /licences/{id}/revoke", w.licenceRevoke)
	w.mux.HandleFunc("GET /my/licences", w.myLicences)
	w.mux.HandleFunc("GET /favicon.ico", w.faviconICO)
	// knowledge base administration (web/knowledge_admin.go)
	w.mux.HandleFunc("GET /admin/knowledge", w.adminKnowledge)
	w.mux.HandleFunc("GET /admin/knowledge/new", w.adminKnowledgeNew)
	w.mux.HandleFunc("POST /admin/knowledge/new", w.adminKnowledgeCreate)
	w.mux.HandleFunc("GET /admin/knowledge/unanswered", w.adminUnanswered)
	w.mux.HandleFunc("GET /admin/knowledge/{id}", w.adminKnowledgeEntry)
	w.mux.HandleFunc("POST /admin/knowledge/{id}", w.adminKnowledgeSave)
	w.mux.HandleFunc("POST /admin/knowledge/{id}/state", w.adminKnowledgeState)
	w.mux.HandleFunc("GET /admin/synonyms", w.adminSynonyms)
	w.mux.HandleFunc("POST /admin/synonyms", w.adminSynonymSet)
	w.mux.HandleFunc("POST /admin/synonyms/delete", w.adminSynonymDelete)
	// end of knowledge base administration
	w.mux.HandleFunc("GET /sharing", w.sharingItems)
	w.mux.HandleFunc("GET /sharing/grants", w.sharingGrants)
	w.mux.HandleFunc("POST /sharing/grants", w.sharingGrantAsk)
	w.mux.HandleFunc("POST /sharing/grants/{id}/decision", w.sharingGrantDecide)
	w.mux.HandleFunc("POST /sharing/grants/{id}/revoke", w.sharingGrantRevoke)
	w.mux.HandleFunc("GET /sharing/log", w.sharingLog)
	w.mux.HandleFunc("GET /sharing/log.xlsx", w.sharingLogXLSX)
	w.mux.HandleFunc("GET /my/data-uses", w.myDataUses)
	// The archivist's pages (web/archive.go, issue 16): packages, their
	// 四性检测, files, transfer batches and destruction.
	w.mux.HandleFunc("GET /archive", w.archiveList)
	w.mux.HandleFunc("POST /archive/transfers", w.archiveTransfer)
	w.mux.HandleFunc("GET /archive/transfers/{id}", w.archiveTransferPage) // also {id}.xlsx, {id}.xml, {id}.sig
	w.mux.HandleFunc("GET /archive/packages/{id}", w.archivePackage)
	w.mux.HandleFunc("GET /archive/packages/{id}/files/{path...}", w.archiveFile)
	w.mux.HandleFunc("POST /archive/packages/{id}/check", w.archiveRecheck)
	w.mux.HandleFunc("POST /archive/packages/{id}/destroy", w.archiveDestroy)
	w.mux.HandleFunc("POST /archive/packages/{id}/destroy/approve", w.archiveDestroyApprove)
	// end of the archivist's pages
	// Payment and courier delivery (web/payments.go, web/courier_pages.go,
	// issue 14): fees, the e-receipt and its public check, reconciliation,
	// overdue fees; the address, dispatch, envelope, dispatch list, prices.
	w.mux.HandleFunc("POST /payments/{id}/pay", w.payOnline)
	w.mux.HandleFunc("GET /payments/{id}/window", w.windowPayForm)
	w.mux.HandleFunc("POST /payments/{id}/window", w.windowPay)
	w.mux.HandleFunc("GET /payments/{id}/status", w.orderStatus)
	w.mux.HandleFunc("POST /payments/{id}/waive", w.waiveFee)
	w.mux.HandleFunc("POST /payments/{id}/refund", w.refundFee)
	w.mux.HandleFunc("GET /payments/{id}/receipt/print", w.receiptPrintPage)
	w.mux.HandleFunc("GET /receipts", w.receiptCheck)
	w.mux.HandleFunc("GET /receipts/{number}", w.receiptCheck)
	w.mux.HandleFunc("GET /admin/reconcile", w.adminReconcile)
	w.mux.HandleFunc("POST /admin/reconcile", w.adminReconcileRun)
	w.mux.HandleFunc("GET /supervision/fees", w.supervisionFees)
	w.mux.HandleFunc("POST /cases/{id}/address", w.caseAddress)
	w.mux.HandleFunc("POST /cases/{id}/dispatch", w.caseDispatch)
	w.mux.HandleFunc("GET /cases/{id}/envelope/print", w.envelopePrint)
	w.mux.HandleFunc("GET /window/dispatch", w.dispatchList)
	w.mux.HandleFunc("GET /admin/courier", w.adminCourier)
	w.mux.HandleFunc("POST /admin/courier/prices", w.adminCourierPrices)
	w.mux.HandleFunc("POST /admin/courier/centres/{id}", w.adminCentrePayer)
	// end of payment and courier delivery
	// public progress (web/progress.go, issue 13): no login; the
	// receipt's QR code opens it with the case's number and query code.
	w.mux.HandleFunc("GET /progress", w.progressPage)
	// end of public progress
	w.routesInbox() // the applicant's messages and channel choices (web/inbox.go, issue 13)
	w.mux.HandleFunc("GET /admin/seals", w.adminSeals)
	w.mux.HandleFunc("POST /admin/seals/rotate", w.adminSealRotate)
	// user admin (web/users_admin.go, issue 13): officials' accounts.
	w.mux.HandleFunc("GET /admin/users", w.adminUsers)
	w.mux.HandleFunc("GET /admin/users/new", w.adminUserNew)
	w.mux.HandleFunc("POST /admin/users/new", w.adminUserCreate)
	w.mux.HandleFunc("GET /admin/users/{id}", w.adminUser)
	w.mux.HandleFunc("POST /admin/users/{id}/scope", w.adminUserScope)
	w.mux.HandleFunc("POST /admin/users/{id}/password", w.adminUserPassword)
	w.mux.HandleFunc("POST /admin/users/{id}/disable", w.adminUserStatus(true))
	w.mux.HandleFunc("POST /admin/users/{id}/enable", w.adminUserStatus(false))
	w.mux.HandleFunc("POST /admin/users/{id}/revoke", w.adminUserRevoke)
	// end of user admin
	w.mux.HandleFunc("/", func(rw http.ResponseWriter, r *http.Request) {
		w.renderError(rw, r, onetrip.NotFound("http.not_found", r.Method, r.URL.Path))
	})
	// mobile front (web/mobile.go): manifest, service worker, app icons
	w.routesMobile()
	return w
}

// ServeHTTP implements http.Handler: it resolves the caller first — a
// bearer token on the Excel exports (see exportCaller), else the session.
func (w *Web) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") != "" && w.isExport(r) {
		p, err := w.exportCaller(r)
		if err != nil {
			w.plainError(rw, r, err)
			return
		}
		r = r.WithContext(withToken(httpx.WithPrincipal(r.Context(), p)))
	} else if c, err := r.Cookie(httpx.SessionCookie); err == nil {
		if sess, err := w.store.SessionByID(r.Context(), c.Value); err == nil {
			if p, err := w.store.PrincipalOf(r.Context(), sess.User); err == nil {
				r = r.WithContext(withSession(httpx.WithPrincipal(r.Context(), p), sess))
			}
		}
	}
	r = w.mobileRequest(rw, r) // mobile front: ?embed=1, offline marks (web/mobile.go)
	w.mux.ServeHTTP(rw, r)
}

func (w *Web) parse() {
	funcs := template.FuncMap{
		"roleKey": func(r onetrip.Role) string { return "ui.role." + string(r) },
	}
	for k, f := range catalogFuncs {
		funcs[k] = f
	}
	// The base holds both layouts and every partial (_name.html), so a
	// page and its print view can render the very same content template.
	layout := template.Must(template.New("layout.html").Funcs(funcs).ParseFS(templateFiles, "templates/layout*.html", "templates/_*.html"))
	names, _ := fs.Glob(templateFiles, "templates/*.html")
	for _, n := range names {
		base := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if strings.HasPrefix(base, "layout") || strings.HasPrefix(base, "_") {
			continue
		}
		t := template.Must(template.Must(layout.Clone()).ParseFS(templateFiles, n))
		w.pages[base] = t
	}
}

// Page is what every template receives.
type Page struct {
	Lang      onetrip.Lang
	Title     string
	User      *onetrip.Principal
	CSRF      string
	Path      string
	Demo      bool
	Nav       []NavItem
	Flash     string
	Error     string
	ErrorList []string
	Data      any
	who       func(username string) string
	files     func(id string) blob.Info
	alerts    func() int // the header's unseen alerts (alerts_pages.go)
	inbox     func() int // an applicant's unread messages (nav.go)
}

// FileView is an uploaded file as people see it: its name (or, for files
// uploaded before names were kept, "文件" and the start of its digest), type
// and size; the digest stays in the link and its title.
type FileView struct {
	ID, Name, Type, Size string
}

// File describes a blob the handler has already shown to be visible (it is
// on the case the page is about): looked up when the template asks.
func (p *Page) File(id string) FileView {
	var info blob.Info
	if p.files != nil {
		info = p.files(id)
	}
	v := FileView{ID: id, Name: info.Name, Type: blob.TypeLabel(info.ContentType)}
	if info.Size > 0 {
		v.Size = blob.SizeLabel(info.Size)
	}
	if v.Name == "" {
		v.Name = p.T("ui.file.unnamed", shortID(id))
	}
	return v
}

// Who is how an actor is shown: an official's name and body, not the
// username.
func (p *Page) Who(username string) string {
	if p.who == nil || username == "" {
		return username
	}
	return p.who(username)
}

// NavItem is one entry of the role's navigation.
type NavItem struct {
	Href, Key string
	Active    bool
}

// T renders a message in the page's language.
func (p *Page) T(key string, args ...any) string { return onetrip.Render(p.Lang, key, args...) }

// Colon is the colon after a label: full-width in Chinese, ": " in English.
func (p *Page) Colon() string { return onetrip.Colon(p.Lang) }

// LangSwitch is the link to the other language, back to the same page.
func (p *Page) LangSwitch() string {
	to := "en"
	if p.Lang == onetrip.LangEN {
		to = "zh-CN"
	}
	return "/lang?to=" + to + "&back=" + url.QueryEscape(p.Path)
}

// IsEN reports whether the page is in English.
func (p *Page) IsEN() bool { return p.Lang == onetrip.LangEN }

func (w *Web) page(r *http.Request, titleKey string, data any) *Page {
	p := &Page{Lang: httpx.PageLang(r), User: httpx.Principal(r.Context()), Path: r.URL.RequestURI(), Demo: w.opts.Demo, Data: data}
	p.who = func(u string) string { return w.store.OfficialName(r.Context(), u) }
	seen := map[string]blob.Info{} // a page may name a file more than once
	p.files = func(id string) blob.Info {
		if info, ok := seen[id]; ok {
			return info
		}
		m, err := w.store.FileInfos(r.Context(), []string{id})
		if err != nil {
			return blob.Info{ID: id}
		}
		seen[id] = m[id]
		return m[id]
	}
	p.Title = p.T(titleKey)
	if sess, ok := session(r); ok {
		p.CSRF = sess.CSRF
	}
	if c, err := r.Cookie(loginAlertCookie); err == nil && p.User != nil {
		if n, err := strconv.Atoi(c.Value); err == nil && n > 0 {
			p.Flash = p.T("auth.login_alert", n) // the cookie lives a minute: shown on the page the login lands on
		}
	}
	p.Nav = navFor(p.User, r.URL.Path)
	p.alerts = w.alertCounter(r, p.User)
	p.inbox = w.inboxCounter(r, p.User)
	return p
}

// render executes a page template into a buffer first, so a template error
// never sends half a page.
func (w *Web) render(rw http.ResponseWriter, r *http.Request, name string, status int, p *Page) {
	t, ok := w.pages[name]
	if !ok {
		w.log.Error("no such template", "name", name)
		http.Error(rw, "template missing", http.StatusInternalServerError)
		return
	}
	if status >= 400 && status < 500 && name != "error" {
		// A form answered with its problems: the title says so first
		// (screen readers read it on arrival).
		p.Title = p.T("ui.a11y.error_title") + p.Title
	}
	layout := "layout.html"
	if strings.HasPrefix(name, "print_") { // print views: no navigation
		layout = "layout_print.html"
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, layout, p); err != nil {
		w.log.Error("template", "name", name, "err", err)
		http.Error(rw, onetrip.Render(p.Lang, "err.internal"), http.StatusInternalServerError)
		return
	}
	rw.Header().Set("Content-Type", "text/html; charset=utf-8")
	rw.Header().Set("Cache-Control", "no-store")
	rw.WriteHeader(status)
	rw.Write(buf.Bytes())
}

// renderError shows an error page in the error model's words.
func (w *Web) renderError(rw http.ResponseWriter, r *http.Request, err error) {
	if viaToken(r) { // a script: no page around the message
		w.plainError(rw, r, err)
		return
	}
	status, body := httpx.Body(err, httpx.PageLang(r))
	if status >= 500 {
		w.log.Error("page failed", "path", r.URL.Path, "err", err)
	}
	p := w.page(r, "ui.error.title", nil)
	p.Error = body.Error.Message
	for _, d := range body.Error.Details {
		p.ErrorList = append(p.ErrorList, d.Path+onetrip.Colon(p.Lang)+d.Message)
	}
	w.render(rw, r, "error", status, p)
}

// errorText is an error answer as one line: the message, then each
// detail's.
func errorText(lang onetrip.Lang, body httpx.ErrorBody) string {
	msg := body.Error.Message
	for _, d := range body.Error.Details {
		msg += onetrip.Semicolon(lang) + d.Message
	}
	return msg
}

// requireUser redirects to the login page when nobody is logged in and
// answers 403 when the user lacks every listed role (none listed: any role).
func (w *Web) requireUser(rw http.ResponseWriter, r *http.Request, roles ...onetrip.Role) (*onetrip.Principal, bool) {
	p := httpx.Principal(r.Context())
	if p == nil {
		http.Redirect(rw, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return nil, false
	}
	if len(roles) > 0 && !p.Is(roles...) {
		w.renderError(rw, r, onetrip.Forbidden("err.forbidden"))
		return nil, false
	}
	return p, true
}

// checkCSRF verifies a form's CSRF token against the session's.
func (w *Web) checkCSRF(r *http.Request) error {
	sess, ok := session(r)
	if !ok || !auth.CSRFEqual(r.PostFormValue("csrf"), sess.CSRF) {
		return onetrip.Forbidden("auth.csrf")
	}
	return nil
}

func (w *Web) setCookie(rw http.ResponseWriter, name, value string, maxAge time.Duration) {
	http.SetCookie(rw, &http.Cookie{Name: name, Value: value, Path: "/", HttpOnly: true, Secure: w.opts.SecureCookies,
		SameSite: http.SameSiteLaxMode, MaxAge: int(maxAge.Seconds())})
}

func (w *Web) setLang(rw http.ResponseWriter, r *http.Request) {
	lang := onetrip.ParseLang(r.URL.Query().Get("to"))
	http.SetCookie(rw, &http.Cookie{Name: httpx.LangCookie, Value: string(lang), Path: "/", MaxAge: 365 * 24 * 3600,
		SameSite: http.SameSiteLaxMode, Secure: w.opts.SecureCookies})
	http.Redirect(rw, r, safeNext(r.URL.Query().Get("back")), http.StatusSeeOther)
}

// safeNext keeps redirects on this site.
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.Contains(next, "\\") {
		return "/"
	}
	return next
}
