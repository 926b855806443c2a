package httpapi

import (
	"net/http"

	"onetrip"
	"onetrip/httpx"
	"onetrip/sqlstore"
)

// WebhookRequest registers a department system's URL.
type WebhookRequest struct {
	URL    string   `json:"url"`
	Events []string `json:"events,omitempty"`
}

func (a *API) routesWebhooks() {
	a.handle(Route{Method: "POST", Path: "/api/v1/webhooks", Summary: "register the caller's department URL for events (case.accepted, task.ready, task.decided, case.decided, case.closed); the HMAC-SM3 secret is shown once",
		Tag: "department systems", Body: WebhookRequest{}, Resp: sqlstore.Webhook{}, Status: 201},
		func(w http.ResponseWriter, r *http.Request) error {
			var req WebhookRequest
			if err := httpx.DecodeJSON(w, r, &req, 0); err != nil {
				return err
			}
			hook, err := a.store.CreateWebhook(r.Context(), caller(r), req.URL, req.Events)
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusCreated, hook)
			return nil
		})
	a.handle(Route{Method: "GET", Path: "/api/v1/webhooks", Summary: "the caller's department subscriptions", Tag: "department systems", Resp: []sqlstore.Webhook{}},
		func(w http.ResponseWriter, r *http.Request) error {
			if caller(r).Department == "" {
				return onetrip.Forbidden("err.forbidden")
			}
			list, err := a.store.Webhooks(r.Context(), caller(r).Department)
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, list)
			return nil
		})
	a.handle(Route{Method: "GET", Path: "/api/v1/webhooks/{id}/deliveries", Summary: "a subscription's delivery log", Tag: "department systems", Resp: []sqlstore.Delivery{}},
		func(w http.ResponseWriter, r *http.Request) error {
			hook, err := a.store.WebhookByID(r.Context(), r.PathValue("id"))
			if err != nil || hook.Department != caller(r).Department {
				return onetrip.NotFound("store.webhook.not_found", r.PathValue("id"))
			}
			list, err := a.store.Deliveries(r.Context(), hook.ID, 0)
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, list)
			return nil
		})
	a.handle(Route{Method: "POST", Path: "/api/v1/webhooks/deliveries/{id}/replay", Summary: "send a delivery again", Tag: "department systems", Resp: sqlstore.Delivery{}},
		func(w http.ResponseWriter, r *http.Request) error {
			d, err := a.store.Replay(r.Context(), caller(r), r.PathValue("id"))
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, d)
			return nil
		})
}
