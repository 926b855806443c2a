package web

import (
	"net/http"
	"strings"

	"onetrip"
	"onetrip/httpx"
	"onetrip/sqlstore"
)

// Department systems (部门业务系统对接): a department registers the URL its
// own system listens on; events are delivered signed (HMAC-SM3 with the
// subscription's secret, shown once at registration), retried with
// backoff, logged, and can be sent again from the delivery log.

type webhooksData struct {
	Dept    string
	Hooks   []sqlstore.Webhook
	Events  []string
	Created *sqlstore.Webhook // just registered: the only time its secret is shown
	URL     string
	Chosen  map[string]bool
}

type webhookData struct {
	Dept       string
	Hook       sqlstore.Webhook
	Deliveries []sqlstore.Delivery
	Flash      string
}

// webhookUser is a user acting for a department; on failure it has
// answered.
func (w *Web) webhookUser(rw http.ResponseWriter, r *http.Request) (*onetrip.Principal, bool) {
	p, ok := w.requireUser(rw, r, onetrip.RoleReviewer, onetrip.RoleSystem, onetrip.RoleAdmin)
	if !ok {
		return nil, false
	}
	if p.Department == "" {
		w.renderError(rw, r, onetrip.Forbidden("ui.wh.no_department"))
		return nil, false
	}
	return p, true
}

func (w *Web) adminWebhooks(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.webhookUser(rw, r)
	if !ok {
		return
	}
	w.webhooksShow(rw, r, p, http.StatusOK, &webhooksData{}, "")
}

func (w *Web) webhooksShow(rw http.ResponseWriter, r *http.Request, p *onetrip.Principal, status int, d *webhooksData, errMsg string) {
	ctx := r.Context()
	list, err := w.store.Webhooks(ctx, p.Department)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	d.Hooks, d.Events, d.Dept = list, sqlstore.WebhookEvents, w.deptNames(ctx, p.Department)[p.Department]
	if d.Chosen == nil {
		d.Chosen = map[string]bool{}
		for _, e := range d.Events {
			d.Chosen[e] = true
		}
	}
	pg := w.page(r, "ui.wh.title", d)
	pg.Error = errMsg
	w.render(rw, r, "admin_webhooks", status, pg)
}

func (w *Web) adminWebhookCreate(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.webhookUser(rw, r)
	if !ok || !w.postForm(rw, r) {
		return
	}
	d := &webhooksData{URL: strings.TrimSpace(r.PostFormValue("url")), Chosen: map[string]bool{}}
	events := r.PostForm["events"]
	for _, e := range events {
		d.Chosen[e] = true
	}
	hook, err := w.store.CreateWebhook(r.Context(), p, d.URL, events)
	if err != nil {
		status, body := httpx.Body(err, httpx.PageLang(r))
		w.webhooksShow(rw, r, p, status, d, errorText(httpx.PageLang(r), body))
		return
	}
	w.log.Info("webhook registered", "webhook", hook.ID, "department", hook.Department, "by", p.Username)
	w.webhooksShow(rw, r, p, http.StatusCreated, &webhooksData{Created: &hook}, "")
}

// ownHook loads a subscription of the user's department; another
// department's is not found.
func (w *Web) ownHook(r *http.Request, p *onetrip.Principal, id string) (sqlstore.Webhook, error) {
	h, err := w.store.WebhookByID(r.Context(), id)
	if err != nil || h.Department != p.Department {
		return sqlstore.Webhook{}, onetrip.NotFound("store.webhook.not_found", id)
	}
	h.Secret = ""
	return h, nil
}

func (w *Web) adminWebhook(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.webhookUser(rw, r)
	if !ok {
		return
	}
	h, err := w.ownHook(r, p, r.PathValue("id"))
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	list, err := w.store.Deliveries(r.Context(), h.ID, 200)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	pg := w.page(r, "ui.wh.log", nil)
	d := &webhookData{Dept: w.deptNames(r.Context(), p.Department)[p.Department], Hook: h, Deliveries: list}
	if r.URL.Query().Get("replayed") != "" {
		d.Flash = pg.T("ui.wh.replayed")
	}
	pg.Data = d
	w.render(rw, r, "admin_webhook", http.StatusOK, pg)
}

func (w *Web) adminWebhookReplay(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.webhookUser(rw, r)
	if !ok || !w.postForm(rw, r) {
		return
	}
	d, err := w.store.Replay(r.Context(), p, r.PathValue("id"))
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	http.Redirect(rw, r, "/admin/webhooks/"+d.Webhook+"?replayed=1", http.StatusSeeOther)
}
