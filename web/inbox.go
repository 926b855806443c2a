package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"onetrip"
	"onetrip/notify"
	"onetrip/sqlstore"
)

// The applicant's messages (站内消息, issue 13): every notification of
// their cases, newest first, marked read one by one or all at once; and
// their channel choices — the inbox always, SMS on or off, entirely or per
// kind, in a language. The header counts the unread (nav.go).

func (w *Web) routesInbox() {
	w.mux.HandleFunc("GET /inbox", w.inboxPage)
	w.mux.HandleFunc("POST /inbox/read", w.inboxReadAll)
	w.mux.HandleFunc("POST /inbox/{id}/read", w.inboxRead)
	w.mux.HandleFunc("GET /account/notifications", w.notifPrefsPage)
	w.mux.HandleFunc("POST /account/notifications", w.notifPrefsSave)
}

// inboxPage is how many messages a page shows.
const inboxPage = 20

type inboxRow struct {
	N     sqlstore.Notification
	Title string
	Lines []string // the body, a paragraph a line (a notice's list)
	At    string
	Label string // the kind's name
}

type inboxView struct {
	Rows   []inboxRow
	Unread int
	Only   bool   // unread only
	Next   string // the next page's link
	Back   string // this page, for the mark-read forms to return to
}

func (w *Web) inboxPage(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireUser(rw, r, onetrip.RoleApplicant)
	if !ok {
		return
	}
	ctx := r.Context()
	q := r.URL.Query()
	v := &inboxView{Only: q.Get("unread") == "1"}
	list, err := w.store.Inbox(ctx, p.UserID, sqlstore.InboxQuery{Before: q.Get("before"), Unread: v.Only, Limit: inboxPage})
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	if v.Unread, err = w.store.UnreadNotifications(ctx, p.UserID); err != nil {
		w.renderError(rw, r, err)
		return
	}
	pg := w.page(r, "ui.inbox.title", v)
	for _, n := range list {
		t := n.Text(pg.Lang)
		v.Rows = append(v.Rows, inboxRow{N: n, Title: t.Title, Lines: strings.Split(t.Body, "\n"), At: timeOf(n.CreatedAt), Label: n.Kind.Label(pg.Lang)})
	}
	if len(list) == inboxPage {
		nx := url.Values{"before": {sqlstore.NotificationCursor(list[len(list)-1])}}
		if v.Only {
			nx.Set("unread", "1")
		}
		v.Next = "/inbox?" + nx.Encode()
	}
	v.Back = r.URL.RequestURI()
	w.render(rw, r, "inbox", http.StatusOK, pg)
}

// back is where a mark-read form returns: the inbox page it was on, never
// anywhere else.
func inboxBack(r *http.Request) string {
	b := r.PostFormValue("back")
	if u, err := url.Parse(b); err != nil || u.Path != "/inbox" || u.Host != "" || u.Scheme != "" {
		return "/inbox"
	}
	return b
}

func (w *Web) inboxRead(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireUser(rw, r, onetrip.RoleApplicant)
	if !ok || !w.postForm(rw, r) {
		return
	}
	if _, err := w.store.MarkNotificationRead(r.Context(), p.UserID, r.PathValue("id")); err != nil {
		w.renderError(rw, r, err)
		return
	}
	http.Redirect(rw, r, inboxBack(r), http.StatusSeeOther)
}

func (w *Web) inboxReadAll(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireUser(rw, r, onetrip.RoleApplicant)
	if !ok || !w.postForm(rw, r) {
		return
	}
	if _, err := w.store.MarkAllNotificationsRead(r.Context(), p.UserID); err != nil {
		w.renderError(rw, r, err)
		return
	}
	http.Redirect(rw, r, inboxBack(r), http.StatusSeeOther)
}

type prefKind struct {
	Kind  notify.Kind
	Label string
	SMS   bool
}

type prefsView struct {
	SMS    bool
	Kinds  []prefKind
	Lang   onetrip.Lang
	Mobile bool
	Saved  bool
}

func (w *Web) notifPrefsPage(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireUser(rw, r, onetrip.RoleApplicant)
	if !ok {
		return
	}
	prefs, mobile, err := w.store.NotificationPrefs(r.Context(), p)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	w.prefsShow(rw, r, http.StatusOK, prefs, mobile, r.URL.Query().Get("saved") == "1", "")
}

func (w *Web) prefsShow(rw http.ResponseWriter, r *http.Request, status int, prefs notify.Prefs, mobile, saved bool, errMsg string) {
	pg := w.page(r, "ui.notif.title", nil)
	v := &prefsView{SMS: prefs.SMS, Lang: prefs.Lang, Mobile: mobile, Saved: saved}
	for _, k := range notify.Kinds {
		v.Kinds = append(v.Kinds, prefKind{Kind: k, Label: k.Label(pg.Lang), SMS: !slices.Contains(prefs.SMSOff, k)})
	}
	pg.Data, pg.Error = v, errMsg
	w.render(rw, r, "account_notifications", status, pg)
}

// notifPrefsSave stores the form: SMS on when its box is ticked, and the
// kinds whose boxes are not ticked go without SMS. An unknown kind or
// language is refused (400) with the form as sent and what is wrong,
// nothing stored.
func (w *Web) notifPrefsSave(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireUser(rw, r, onetrip.RoleApplicant)
	if !ok || !w.postForm(rw, r) {
		return
	}
	on := map[notify.Kind]bool{}
	var off []notify.Kind
	for _, v := range r.PostForm["kind"] {
		k := notify.Kind(v)
		if on[k] = true; !k.Valid() {
			off = append(off, k) // Check names it
		}
	}
	unknown := len(off)
	for _, k := range notify.Kinds {
		if !on[k] {
			off = append(off, k)
		}
	}
	prefs := notify.Prefs{SMS: r.PostFormValue("sms") == "on", SMSOff: off, Lang: onetrip.Lang(r.PostFormValue("lang"))}
	if _, err := w.store.SetNotificationPrefs(r.Context(), p, prefs); err != nil {
		if !onetrip.HasCode(err, onetrip.CodeInvalid) {
			w.renderError(rw, r, err)
			return
		}
		lang := w.page(r, "ui.notif.title", nil).Lang
		e := onetrip.AsError(err)
		msg := onetrip.Render(lang, e.Key, e.Args...)
		for _, d := range e.Details {
			msg += onetrip.Semicolon(lang) + onetrip.Render(lang, d.Key, d.Args...)
		}
		shown := notify.Prefs{SMS: prefs.SMS, SMSOff: off[unknown:], Lang: onetrip.LangZH}
		if prefs.Lang == onetrip.LangEN {
			shown.Lang = onetrip.LangEN
		}
		_, mobile, _ := w.store.NotificationPrefs(r.Context(), p)
		w.prefsShow(rw, r, http.StatusBadRequest, shown, mobile, false, msg)
		return
	}
	http.Redirect(rw, r, "/account/notifications?saved=1", http.StatusSeeOther)
}
