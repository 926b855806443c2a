package web

import (
	"net/http"
	"strings"

	"onetrip"
	"onetrip/policy"
	"onetrip/sqlstore"
)

// navByRole is each role's navigation; later pages add their entries here.
var navByRole = map[onetrip.Role][]NavItem{
	onetrip.RoleApplicant: {{Href: "/workbench", Key: "ui.nav.my_services"}, {Href: "/my/cases", Key: "ui.nav.my_cases"},
		{Href: "/my/licences", Key: "ui.nav.my_licences"}, {Href: "/my/data-uses", Key: "ui.nav.data_uses"}, {Href: "/account", Key: "ui.acct.title"}},
	onetrip.RoleAgent: {{Href: "/workbench", Key: "ui.nav.agent"}, {Href: "/window", Key: "ui.nav.intake"}},
	onetrip.RoleClerk: {{Href: "/workbench", Key: "ui.nav.window"}, {Href: "/window", Key: "ui.nav.intake"},
		{Href: "/window/queue", Key: "ui.nav.queue"}, {Href: "/window/pickups", Key: "ui.nav.pickups"}, {Href: "/window/deferred", Key: "ui.nav.deferred"},
		{Href: "/window/dispatch", Key: "ui.nav.dispatch"}, {Href: "/rectifications", Key: "ui.nav.rectifications"}, {Href: "/sharing/grants", Key: "ui.nav.sharing"}},
	onetrip.RoleReviewer: {{Href: "/workbench", Key: "ui.nav.review"}, {Href: "/review", Key: "ui.nav.tasks"},
		{Href: "/licences", Key: "ui.nav.dept_licences"}, {Href: "/alerts", Key: "ui.nav.alerts"}, {Href: "/rectifications", Key: "ui.nav.rectifications"},
		{Href: "/sharing/grants", Key: "ui.nav.sharing"}, {Href: "/admin/webhooks", Key: "ui.nav.webhooks"},
		{Href: "/account/tokens", Key: "ui.nav.tokens"}},
	onetrip.RoleSupervisor: {{Href: "/workbench", Key: "ui.nav.supervision"}, {Href: "/supervision/dashboard", Key: "ui.nav.dashboard"},
		{Href: "/supervision/cases", Key: "ui.nav.sup_cases"}, {Href: "/alerts", Key: "ui.nav.alerts"}, {Href: "/rectifications", Key: "ui.nav.rectifications"},
		{Href: "/supervision/reports", Key: "ui.nav.reports"}, {Href: "/stats/coverage", Key: "ui.nav.coverage"}, {Href: "/licences", Key: "ui.nav.licences"}, {Href: "/sharing/log", Key: "ui.nav.sharing_log"},
		{Href: "/supervision/fees", Key: "ui.nav.overdue_fees"}, {Href: "/admin/calendar", Key: "ui.nav.calendar"}},
	onetrip.RoleAdmin: {{Href: "/workbench", Key: "ui.nav.admin"}, {Href: "/admin/items", Key: "ui.nav.catalog"},
		{Href: "/admin/bundles", Key: "ui.nav.bundles"}, {Href: "/admin/knowledge", Key: "ui.nav.knowledge"}, {Href: "/stats/coverage", Key: "ui.nav.coverage"},
		{Href: "/supervision/dashboard", Key: "ui.nav.dashboard"}, {Href: "/supervision/cases", Key: "ui.nav.sup_cases"},
		{Href: "/rectifications", Key: "ui.nav.rectifications"}, {Href: "/alerts", Key: "ui.nav.alerts"}, {Href: "/supervision/reports", Key: "ui.nav.reports"},
		{Href: "/admin/calendar", Key: "ui.nav.calendar"},
		{Href: "/admin/seals", Key: "ui.nav.seals"}, {Href: "/sharing/grants", Key: "ui.nav.sharing"}, {Href: "/admin/reconcile", Key: "ui.nav.reconcile"},
		{Href: "/admin/courier", Key: "ui.nav.courier"}, {Href: "/admin/users", Key: "ui.nav.users"}, {Href: "/account/tokens", Key: "ui.nav.tokens"}},
	onetrip.RoleSystem:    {{Href: "/workbench", Key: "ui.nav.system"}, {Href: "/admin/webhooks", Key: "ui.nav.webhooks"}, {Href: "/account/tokens", Key: "ui.nav.tokens"}},
	onetrip.RoleArchivist: {{Href: "/workbench", Key: "ui.nav.archivist"}, {Href: "/archive", Key: "ui.nav.archive"}},
}

// dataAdminNav is a provider department's data admin's: the requests to
// decide, the reads of its items, the catalogue.
var dataAdminNav = []NavItem{{Href: "/sharing/grants", Key: "ui.nav.sharing"}, {Href: "/sharing/log", Key: "ui.nav.sharing_log"},
	{Href: "/sharing", Key: "ui.nav.sharing_items"}, {Href: "/account/tokens", Key: "ui.nav.tokens"}}

// publicNav is shown to everyone.
var publicNav = []NavItem{{Href: "/", Key: "ui.nav.home"}, {Href: "/guides", Key: "ui.nav.guides"}, {Href: "/verify", Key: "ui.nav.verify"}}

func navFor(p *onetrip.Principal, path string) []NavItem {
	items := append([]NavItem(nil), publicNav...)
	switch {
	case policy.DepartmentAdmin(p):
		items = append(items, dataAdminNav...)
	case p != nil:
		items = append(items, navByRole[p.Role]...)
	}
	// The longest matching entry is the current one: /window/queue is
	// 待处理, not 窗口受理 as well.
	best := -1
	for i, it := range items {
		if it.Href == path || it.Href != "/" && strings.HasPrefix(path, it.Href+"/") {
			if best < 0 || len(it.Href) > len(items[best].Href) {
				best = i
			}
		}
	}
	if best >= 0 {
		items[best].Active = true
	}
	return items
}

// panel is one box of a workbench.
type panel struct {
	TitleKey string
	Href     string
}

type workbenchData struct {
	TitleKey, IntroKey string
	Scope              string
	Panels             []panel
}

// workbenches are the role home pages; the panels fill in as the
// capabilities land.
var workbenches = map[onetrip.Role]workbenchData{
	onetrip.RoleApplicant: {TitleKey: "ui.wb.applicant", IntroKey: "ui.wb.applicant.intro", Panels: []panel{{TitleKey: "ui.wb.p.my_cases", Href: "/my/cases"},
		{TitleKey: "ui.wb.p.apply", Href: "/guides"}, {TitleKey: "ui.wb.p.my_licences", Href: "/my/licences"}}},
	onetrip.RoleAgent: {TitleKey: "ui.wb.agent", IntroKey: "ui.wb.agent.intro", Panels: []panel{{TitleKey: "ui.wb.p.agent_cases", Href: "/window"}}},
	onetrip.RoleClerk: {TitleKey: "ui.wb.clerk", IntroKey: "ui.wb.clerk.intro", Panels: []panel{{TitleKey: "ui.wb.p.intake", Href: "/window"},
		{TitleKey: "ui.wb.p.prereview", Href: "/window/queue"}, {TitleKey: "ui.wb.p.pickup", Href: "/window/pickups"},
		{TitleKey: "ui.wb.p.deferred", Href: "/window/deferred"}}},
	onetrip.RoleReviewer: {TitleKey: "ui.wb.reviewer", IntroKey: "ui.wb.reviewer.intro", Panels: []panel{{TitleKey: "ui.wb.p.queue", Href: "/review"},
		{TitleKey: "ui.wb.p.dept_licences", Href: "/licences"}, {TitleKey: "ui.wb.p.alerts", Href: "/alerts"}, {TitleKey: "ui.wb.p.rectifications", Href: "/rectifications"},
		{TitleKey: "ui.wb.p.webhooks", Href: "/admin/webhooks"}}},
	onetrip.RoleSupervisor: {TitleKey: "ui.wb.supervisor", IntroKey: "ui.wb.supervisor.intro", Panels: []panel{{TitleKey: "ui.wb.p.dashboard", Href: "/supervision/dashboard"},
		{TitleKey: "ui.wb.p.deadlines", Href: "/supervision/cases"}, {TitleKey: "ui.wb.p.alerts", Href: "/alerts"}, {TitleKey: "ui.wb.p.rectifications", Href: "/rectifications?overdue=1"},
		{TitleKey: "ui.wb.p.visits", Href: "/supervision/cases?breach=1"}, {TitleKey: "ui.wb.p.reports", Href: "/supervision/reports"}, {TitleKey: "ui.wb.p.coverage", Href: "/stats/coverage"},
		{TitleKey: "ui.wb.p.calendar", Href: "/admin/calendar"}, {TitleKey: "ui.wb.p.licences", Href: "/licences"}}},
	onetrip.RoleAdmin: {TitleKey: "ui.wb.admin", IntroKey: "ui.wb.admin.intro", Panels: []panel{{TitleKey: "ui.wb.p.catalog", Href: "/admin/items"},
		{TitleKey: "ui.wb.p.users", Href: "/admin/users"}, {TitleKey: "ui.wb.p.coverage", Href: "/stats/coverage"}, {TitleKey: "ui.wb.p.calendar", Href: "/admin/calendar"},
		{TitleKey: "ui.wb.p.dashboard", Href: "/supervision/dashboard"}, {TitleKey: "ui.wb.p.sup_cases", Href: "/supervision/cases"}, {TitleKey: "ui.wb.p.seals", Href: "/admin/seals"},
		{TitleKey: "ui.wb.p.licences", Href: "/licences"}, {TitleKey: "ui.wb.p.archive", Href: "/archive"}}},
	onetrip.RoleSystem: {TitleKey: "ui.wb.system", IntroKey: "ui.wb.system.intro", Panels: []panel{{TitleKey: "ui.wb.p.api", Href: "/api/v1/openapi.json"},
		{TitleKey: "ui.wb.p.webhooks", Href: "/admin/webhooks"}}},
	onetrip.RoleArchivist: {TitleKey: "ui.wb.archivist", IntroKey: "ui.wb.archivist.intro", Panels: []panel{{TitleKey: "ui.wb.p.archive", Href: "/archive"},
		{TitleKey: "ui.wb.p.archive_failed", Href: "/archive#failed"}}},
}

func (w *Web) home(rw http.ResponseWriter, r *http.Request) {
	w.render(rw, r, "home", http.StatusOK, w.page(r, "ui.home.title", nil))
}

func (w *Web) workbench(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireUser(rw, r)
	if !ok {
		return
	}
	data := workbenches[p.Role]
	data.Scope = w.scopeLabel(r, p)
	w.render(rw, r, "workbench", http.StatusOK, w.page(r, data.TitleKey, data))
}

// scopeLabel describes where the user works: 浙江省衢州市柯城区 · 柯城区行政服务中心.
func (w *Web) scopeLabel(r *http.Request, p *onetrip.Principal) string {
	lang := w.page(r, "ui.app.name", nil).Lang
	if p.Region == "" {
		return onetrip.Render(lang, "ui.scope.self")
	}
	parts := []string{}
	if path, err := w.store.RegionPath(r.Context(), p.Region); err == nil {
		parts = append(parts, sqlstore.FullName(path))
	}
	if p.Department != "" {
		if d, err := w.store.Department(r.Context(), p.Department); err == nil {
			parts = append(parts, d.Name)
		}
	}
	if p.Center != "" {
		if c, err := w.store.Center(r.Context(), p.Center); err == nil {
			parts = append(parts, c.Name)
		}
	}
	return strings.Join(parts, " · ")
}

// inboxCounter is the header's count of an applicant's unread messages:
// one COUNT when the layout asks (a print view or a script never does);
// nil for everyone else, who have no inbox link.
func (w *Web) inboxCounter(r *http.Request, p *onetrip.Principal) func() int {
	if p == nil || !p.Is(onetrip.RoleApplicant) || viaToken(r) {
		return nil
	}
	n, done := 0, false
	return func() int {
		if !done {
			done = true
			// A count that fails costs the badge's number, never the page.
			if c, err := w.store.UnreadNotifications(r.Context(), p.UserID); err == nil {
				n = c
			}
		}
		return n
	}
}

// HasInbox reports whether the header links the user's messages (站内消息).
func (p *Page) HasInbox() bool { return p.inbox != nil }

// InboxCount is the number of the user's unread messages (0 without an
// inbox).
func (p *Page) InboxCount() int {
	if p.inbox == nil {
		return 0
	}
	return p.inbox()
}
