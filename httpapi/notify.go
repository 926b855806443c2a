package httpapi

import (
	"net/http"

	"onetrip"
	"onetrip/httpx"
	"onetrip/notify"
	"onetrip/sqlstore"
)

// Inbox is a page of the caller's messages (站内消息), newest first, with
// how many are unread and the cursor of the next page ("" on the last).
type Inbox struct {
	Notifications []sqlstore.Notification `json:"notifications"`
	Unread        int                     `json:"unread"`
	Next          string                  `json:"next,omitempty"`
}

// NotificationPrefs are the caller's channel choices: the inbox always;
// SMS (to the account's mobile number, when it has one) on or off,
// entirely or per kind, in a language.
type NotificationPrefs struct {
	SMS    bool          `json:"sms"`
	SMSOff []notify.Kind `json:"sms_off"`
	Lang   string        `json:"lang"`
	// Mobile says whether the account has a mobile number SMS can go to
	// (answers only).
	Mobile bool `json:"mobile,omitempty"`
}

// AllRead is how many messages marking all read changed.
type AllRead struct {
	Marked int `json:"marked"`
}

// routesNotify is the applicant's inbox and channel choices (issue 13).
// Every caller has an inbox (staff's stays empty); only applicants choose
// channels.
func (a *API) routesNotify() {
	a.handle(Route{Method: "GET", Path: "/api/v1/me/notifications", Summary: "the caller's messages (站内消息), newest first, each in zh-CN and English: accepted (case number, due date, query code), materials to correct (every one), deferred materials due, fee due, decision, result ready at the window, sent and delivered by courier, rating requested",
		Tag: "notifications", Params: []Param{
			{Name: "before", In: "query", Desc: "keyset page: the previous page's next cursor"},
			{Name: "unread", In: "query", Desc: "only the unread", Enum: []string{"true", "false"}}, limitParam},
		Resp: Inbox{}},
		func(w http.ResponseWriter, r *http.Request) error {
			p := caller(r)
			q := sqlstore.InboxQuery{Before: r.URL.Query().Get("before")}
			if err := queryInts(r, map[string]*int{"limit": &q.Limit}); err != nil {
				return err
			}
			if v := r.URL.Query().Get("limit"); v != "" && (q.Limit < 1 || q.Limit > 200) {
				return onetrip.Invalid("http.bad_query", "limit", v)
			}
			if q.Limit == 0 {
				q.Limit = 50
			}
			unread, err := queryEnum(r, "unread", []string{"true", "false"})
			if err != nil {
				return err
			}
			q.Unread = unread == "true"
			list, err := a.store.Inbox(r.Context(), p.UserID, q)
			if err != nil {
				return err
			}
			n, err := a.store.UnreadNotifications(r.Context(), p.UserID)
			if err != nil {
				return err
			}
			out := Inbox{Notifications: list, Unread: n}
			if len(list) == q.Limit {
				out.Next = sqlstore.NotificationCursor(list[len(list)-1])
			}
			httpx.WriteJSON(w, http.StatusOK, out)
			return nil
		})
	a.handle(Route{Method: "POST", Path: "/api/v1/me/notifications/{id}/read", Summary: "mark one of the caller's messages read (a second time keeps the first moment); another's message is 404",
		Tag: "notifications", Resp: sqlstore.Notification{}},
		func(w http.ResponseWriter, r *http.Request) error {
			n, err := a.store.MarkNotificationRead(r.Context(), caller(r).UserID, r.PathValue("id"))
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, n)
			return nil
		})
	a.handle(Route{Method: "POST", Path: "/api/v1/me/notifications/read", Summary: "mark every unread message of the caller read",
		Tag: "notifications", Resp: AllRead{}},
		func(w http.ResponseWriter, r *http.Request) error {
			n, err := a.store.MarkAllNotificationsRead(r.Context(), caller(r).UserID)
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, AllRead{Marked: n})
			return nil
		})
	a.handle(Route{Method: "GET", Path: "/api/v1/me/notification-preferences", Summary: "the applicant's channel choices: SMS on by default for every kind, in zh-CN",
		Tag: "notifications", Resp: NotificationPrefs{}},
		func(w http.ResponseWriter, r *http.Request) error {
			prefs, mobile, err := a.store.NotificationPrefs(r.Context(), caller(r))
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, prefsJSON(prefs, mobile))
			return nil
		})
	a.handle(Route{Method: "PUT", Path: "/api/v1/me/notification-preferences", Summary: "set the applicant's channel choices: SMS on or off, the kinds not sent by SMS, its language (zh-CN or en); the inbox always has every message. An unknown kind or language is 400 and changes nothing",
		Tag: "notifications", Body: NotificationPrefs{SMS: true, SMSOff: []notify.Kind{notify.KindRating}, Lang: "zh-CN"}, Resp: NotificationPrefs{}},
		func(w http.ResponseWriter, r *http.Request) error {
			var req NotificationPrefs
			if err := httpx.DecodeJSON(w, r, &req, 0); err != nil {
				return err
			}
			prefs, err := a.store.SetNotificationPrefs(r.Context(), caller(r), notify.Prefs{SMS: req.SMS, SMSOff: req.SMSOff, Lang: onetrip.Lang(req.Lang)})
			if err != nil {
				return err
			}
			_, mobile, err := a.store.NotificationPrefs(r.Context(), caller(r))
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, prefsJSON(prefs, mobile))
			return nil
		})
}

func prefsJSON(p notify.Prefs, mobile bool) NotificationPrefs {
	off := p.SMSOff
	if off == nil {
		off = []notify.Kind{}
	}
	return NotificationPrefs{SMS: p.SMS, SMSOff: off, Lang: string(p.Lang), Mobile: mobile}
}
