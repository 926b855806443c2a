package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"onetrip/app/apptest"
	"onetrip/casework"
	"onetrip/demo"
)

// acceptFor takes in a complete 个体工商户设立登记 at the window for the
// demo applicant 王建国: accepted, so his inbox has the notification.
func acceptFor(t *testing.T, e *apptest.Env) casework.Case {
	t.Helper()
	var item struct{ Materials []struct{ ID string } }
	e.Do("GET", "/api/v1/items/330-SCJG-004", "", nil).JSON(t, &item)
	var marks []map[string]string
	for _, m := range item.Materials {
		marks = append(marks, map[string]string{"spec": m.ID, "status": "received"})
	}
	r := e.Do("POST", "/api/v1/cases", "qz.clerk", map[string]any{"item": "330-SCJG-004", "region": "330802", "channel": "window", "delivery": "window",
		"applicant": map[string]any{"type": "person", "name": demo.QZApplicant.Name, "id_number": demo.QZApplicant.IDNumber}, "materials": marks})
	var c casework.Case
	r.JSON(t, &c)
	if r.Status != http.StatusCreated || c.AcceptedAt == nil {
		t.Fatalf("case: %d %s", r.Status, r.Body)
	}
	return c
}

// TestInboxPages: the applicant's messages with the header's unread count,
// marking read (CSRF checked, back to the inbox only), and the channel
// choices, whose bad input comes back 400 with nothing stored.
func TestInboxPages(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		c1, c2 := acceptFor(t, e), acceptFor(t, e)
		u, err := e.Store.UserByName(context.Background(), "qz.applicant")
		if err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(30 * time.Second) // the sender writes them right after the commits
		for n, _ := e.Store.UnreadNotifications(context.Background(), u.ID); n < 2; n, _ = e.Store.UnreadNotifications(context.Background(), u.ID) {
			if time.Now().After(deadline) {
				t.Fatalf("%d messages", n)
			}
			time.Sleep(20 * time.Millisecond)
		}
		app := pageAs(t, e, "qz.applicant")
		status, body := app.do("GET", "/inbox", nil)
		if status != 200 {
			t.Fatalf("inbox: %d", status)
		}
		wants(t, "inbox", body, `id="inbox-badge"`, `data-count="2"`, c1.Number, c2.Number, c1.DueDate, "已受理：", "查询码", "2 条未读")
		if strings.Index(body, c2.Number) > strings.Index(body, c1.Number) {
			t.Error("newest first")
		}
		// The header counts the unread on every page.
		if _, wb := app.do("GET", "/workbench", nil); !strings.Contains(wb, `id="inbox-badge" href="/inbox" data-count="2"`) {
			t.Error("no badge on the workbench")
		}
		for _, staff := range []string{"qz.clerk", "qz.supervisor"} {
			if _, b := pageAs(t, e, staff).do("GET", "/workbench", nil); strings.Contains(b, "inbox-badge") {
				t.Errorf("%s has an inbox badge", staff)
			}
			if s, _ := pageAs(t, e, staff).do("GET", "/inbox", nil); s != http.StatusForbidden {
				t.Errorf("%s opens the inbox: %d", staff, s)
			}
		}
		id := between(body, `id="msg-`, `"`)
		if s, _ := app.do("POST", "/inbox/"+id+"/read", url.Values{"back": {"/inbox"}}); s != http.StatusForbidden {
			t.Fatalf("without CSRF: %d", s)
		}
		if _, b := app.do("GET", "/inbox", nil); !strings.Contains(b, `data-count="2"`) {
			t.Fatal("a refused form changed the count")
		}
		s, _ := app.post("/inbox/"+id+"/read", url.Values{"back": {"https://evil.example/inbox"}})
		if s != http.StatusSeeOther {
			t.Fatalf("mark read: %d", s)
		}
		_, body = app.do("GET", "/inbox?unread=1", nil)
		if !strings.Contains(body, `data-count="1"`) || strings.Contains(body, `id="msg-`+id+`"`) {
			t.Fatalf("after one read:\n%s", body)
		}
		if s, _ := app.post("/inbox/no-such-id/read", url.Values{}); s != http.StatusNotFound {
			t.Fatalf("unknown message: %d", s)
		}
		if s, _ := pageAs(t, e, "hz.applicant").post("/inbox/"+id+"/read", url.Values{}); s != http.StatusNotFound {
			t.Fatalf("another's message: %d", s)
		}
		if s, _ := app.do("GET", "/inbox?before=nonsense", nil); s != http.StatusBadRequest {
			t.Fatalf("bad cursor: %d", s)
		}
		if s, _ := app.post("/inbox/read", url.Values{}); s != http.StatusSeeOther {
			t.Fatalf("mark all: %d", s)
		}
		if _, b := app.do("GET", "/inbox", nil); !strings.Contains(b, `data-count="0"`) || !strings.Contains(b, "没有未读消息") {
			t.Fatal("all read")
		}
		app.lang = "en"
		if _, b := app.do("GET", "/inbox", nil); !strings.Contains(b, "Accepted: ") || !strings.Contains(b, "My messages") {
			t.Fatal("English inbox")
		}
		app.lang = ""

		// The choices: the defaults, a change, a refusal.
		status, body = app.do("GET", "/account/notifications", nil)
		wants(t, "settings", body, `id="notif-no-mobile"`, `name="sms" id="notif-sms" checked`, `value="rating" checked`)
		form := url.Values{"sms": {"on"}, "lang": {"en"}}
		for _, k := range []string{"accepted", "correction", "deferred_due", "payment_due", "decided", "ready", "dispatched", "delivered"} {
			form.Add("kind", k)
		}
		if s, _ := app.do("POST", "/account/notifications", form); s != http.StatusForbidden {
			t.Fatalf("without CSRF: %d", s)
		}
		if s, _ := app.post("/account/notifications", form); s != http.StatusSeeOther {
			t.Fatalf("save: %d", s)
		}
		_, body = app.do("GET", "/account/notifications?saved=1", nil)
		if !strings.Contains(body, `value="rating">`) || !strings.Contains(body, `value="accepted" checked`) || !strings.Contains(body, `<option value="en" selected>`) {
			t.Fatalf("saved choices:\n%s", body)
		}
		bad := url.Values{"sms": {"on"}, "lang": {"fr"}, "kind": {"accepted", "spam"}}
		status, body = app.post("/account/notifications", bad)
		if status != http.StatusBadRequest || !strings.Contains(body, "spam") || !strings.Contains(body, `value="accepted" checked`) {
			t.Fatalf("bad choices: %d\n%s", status, body)
		}
		if _, b := app.do("GET", "/account/notifications", nil); !strings.Contains(b, `value="correction" checked`) || !strings.Contains(b, `<option value="en" selected>`) {
			t.Fatal("a refused form changed the choices")
		}
		if s, _ := pageAs(t, e, "qz.clerk").do("GET", "/account/notifications", nil); s != http.StatusForbidden {
			t.Fatalf("staff choices: %d", s)
		}
	})
}

func between(s, from, to string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return ""
	}
	s = s[i+len(from):]
	return s[:strings.Index(s, to)]
}
