package e2e

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"onetrip/app/apptest"
	"onetrip/casework"
	"onetrip/demo"
	"onetrip/intake"
	"onetrip/sms/smssim"
	"onetrip/sqlstore"
)

// notifyMobile is the number the test gives qz.applicant's account.
const notifyMobile = "13800138000"

// fullID finds an 18-character citizen ID standing alone in a text.
var fullID = regexp.MustCompile(`(^|[^0-9A-Za-z])[0-9]{17}[0-9Xx]([^0-9A-Za-z]|$)`)

type inboxJSON struct {
	Notifications []sqlstore.Notification
	Unread        int
	Next          string
}

// withMobile gives the demo applicant an open account with a mobile
// number (the demo accounts have none: their notifications stay in the
// inbox).
func withMobile(t *testing.T, e *apptest.Env, user, mobile string) {
	t.Helper()
	u, err := e.Store.UserByName(context.Background(), user)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Store.DB().Exec(`INSERT INTO accounts (user_id, mobile, level, id_number, verified_at, created_at) VALUES ($1, $2, 'real_name', $3, $4, $4)`,
		u.ID, mobile, u.IDNumber, sqlstore.TS(time.Now())); err != nil {
		t.Fatal(err)
	}
}

// onlineCase is qz.applicant's online application for an item (default
// 330-RSSB-002) with every material uploaded, as the window sees it
// before review.
func onlineCase(t *testing.T, e *apptest.Env, item ...string) caseJSON {
	t.Helper()
	code := "330-RSSB-002"
	if len(item) > 0 {
		code = item[0]
	}
	r := e.Do("POST", "/api/v1/cases", "qz.applicant", map[string]any{"item": code, "region": "330802", "channel": "online",
		"applicant": map[string]any{"type": "person", "name": demo.QZApplicant.Name, "id_number": demo.QZApplicant.IDNumber},
		"materials": uploadedMarks(t, e, "qz.applicant", code)})
	var c caseJSON
	r.JSON(t, &c)
	if r.Status != 201 || c.Status != "submitted" {
		t.Fatalf("submit: %d %s", r.Status, r.Body)
	}
	return c
}

// review is the window's review of an online case.
func review(t *testing.T, e *apptest.Env, c caseJSON, marks []mark, want string) caseJSON {
	t.Helper()
	r := e.Do("POST", "/api/v1/cases/"+c.ID+"/review", "qz.clerk", map[string]any{"materials": marks, "version": c.Version})
	r.JSON(t, &c)
	if r.Status != 200 || string(c.Status) != want {
		t.Fatalf("review: %d %s", r.Status, r.Body)
	}
	return c
}

// received are the first n materials the applicant uploaded.
func received(t *testing.T, c caseJSON, n int) []casework.Material {
	t.Helper()
	var out []casework.Material
	for _, m := range c.Materials {
		if m.State == intake.StateReceived && len(out) < n {
			out = append(out, m)
		}
	}
	if len(out) < n {
		t.Fatalf("%d uploaded materials, want %d: %+v", len(out), n, c.Materials)
	}
	return out
}

// waitFor polls cond until it holds or the deadline passes: the SMS go
// out from the job queue after the commit.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// sentFor is what the gateway sent about a case.
func sentFor(e *apptest.Env, number string) []smssim.Sent {
	var out []smssim.Sent
	for _, m := range e.Sims.SMS.Messages(notifyMobile) {
		if strings.Contains(m.Text, number) {
			out = append(out, m)
		}
	}
	return out
}

func inbox(t *testing.T, e *apptest.Env, user, query string) inboxJSON {
	t.Helper()
	r := e.Do("GET", "/api/v1/me/notifications"+query, user, nil)
	if r.Status != 200 {
		t.Fatalf("inbox: %d %s", r.Status, r.Body)
	}
	var in inboxJSON
	r.JSON(t, &in)
	return in
}

// inboxOf waits until a user's inbox has n messages of a case (the
// sender writes them right after the change's commit) and returns them.
func inboxOf(t *testing.T, e *apptest.Env, user, caseID string, n int) []sqlstore.Notification {
	t.Helper()
	var got []sqlstore.Notification
	waitFor(t, user+"'s messages of the case", func() bool {
		got = forCase(inbox(t, e, user, ""), caseID)
		return len(got) >= n
	})
	return got
}

func forCase(in inboxJSON, caseID string) []sqlstore.Notification {
	var out []sqlstore.Notification
	for _, n := range in.Notifications {
		if n.CaseID == caseID {
			out = append(out, n)
		}
	}
	return out
}

// TestNotifications: acceptance and a correction notice reach the
// applicant's inbox and their mobile by SMS through the job queue, from
// the queue row the change wrote in its transaction — with the case number, the due date, the
// query code and every missing material, never a full ID number; SMS
// turned off for a kind leaves the inbox alone; a failing gateway is
// retried and a second send of the same message texts once.
func TestNotifications(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		withMobile(t, e, "qz.applicant", notifyMobile)

		// Accepted: the inbox has it, then the SMS.
		c := review(t, e, onlineCase(t, e), []mark{}, "accepted")
		got := inboxOf(t, e, "qz.applicant", c.ID, 1)
		in := inbox(t, e, "qz.applicant", "")
		if len(got) != 1 || got[0].Kind != "accepted" || got[0].ReadAt != nil || in.Unread < 1 {
			t.Fatalf("inbox after acceptance: %+v", in)
		}
		for _, text := range []string{got[0].BodyZH, got[0].BodyEN} {
			if !strings.Contains(text, c.Number) || !strings.Contains(text, c.DueDate) {
				t.Errorf("inbox body lacks the number or the due date: %q", text)
			}
		}
		code, err := e.Store.QueryCode(ctx, c.Number)
		if err != nil {
			t.Fatal(err)
		}
		waitFor(t, "the acceptance SMS", func() bool { return len(sentFor(e, c.Number)) == 1 })
		sms := sentFor(e, c.Number)[0]
		if !strings.HasPrefix(sms.Text, "【一窗通】") || !strings.Contains(sms.Text, c.DueDate) || !strings.Contains(sms.Text, "查询码"+code) {
			t.Errorf("acceptance SMS %q (query code %s)", sms.Text, code)
		}
		if fullID.MatchString(sms.Text) || strings.Contains(sms.Text, demo.QZApplicant.IDNumber) {
			t.Errorf("an SMS with a full ID number: %q", sms.Text)
		}
		// The gateway answered before the sender recorded it: wait for that.
		var out []sqlstore.OutboxSMS
		waitFor(t, "the acceptance SMS recorded as sent", func() bool {
			out, err = e.Store.CaseSMS(ctx, c.ID)
			return err != nil || len(out) == 1 && out[0].Status == sqlstore.SMSSent
		})
		if err != nil || len(out) != 1 || out[0].Status != sqlstore.SMSSent || out[0].GatewayID != sms.ID || out[0].ID != sms.Ref {
			t.Fatalf("outbox %+v %v (sent %+v)", out, err, sms)
		}

		// A correction notice: every material, with its reason, in the
		// inbox; every name by SMS.
		c2 := onlineCase(t, e, "330-SFXZ-001") // 法律援助申请: three materials to upload
		missing, defective := received(t, c2, 2)[0], received(t, c2, 2)[1]
		c2 = review(t, e, c2, []mark{{Spec: missing.Key, Status: "missing"}, {Spec: defective.Key, Status: "defective", Reason: "照片模糊，无法辨认"}}, "needs_correction")
		got = inboxOf(t, e, "qz.applicant", c2.ID, 1)
		if len(got) != 1 || got[0].Kind != "correction" {
			t.Fatalf("inbox after the notice: %+v", got)
		}
		for _, want := range []string{missing.Name, defective.Name, "照片模糊，无法辨认", "2 项"} {
			if !strings.Contains(got[0].BodyZH, want) {
				t.Errorf("the notice's message lacks %q:\n%s", want, got[0].BodyZH)
			}
		}
		waitFor(t, "the correction SMS", func() bool { return len(sentFor(e, c2.Number)) == 1 })
		if text := sentFor(e, c2.Number)[0].Text; !strings.Contains(text, missing.Name) || !strings.Contains(text, defective.Name) || fullID.MatchString(text) {
			t.Errorf("correction SMS %q", text)
		}

		// SMS off for correction notices: the next notice is in the inbox
		// only — no outbox row (written with the inbox's), so nothing can
		// be texted.
		r := e.Do("PUT", "/api/v1/me/notification-preferences", "qz.applicant", map[string]any{"sms": true, "sms_off": []string{"correction"}, "lang": "zh-CN"})
		if r.Status != 200 || !strings.Contains(string(r.Body), `"mobile":true`) {
			t.Fatalf("preferences: %d %s", r.Status, r.Body)
		}
		c3 := onlineCase(t, e)
		c3 = review(t, e, c3, []mark{{Spec: received(t, c3, 1)[0].Key, Status: "missing"}}, "needs_correction")
		if got := inboxOf(t, e, "qz.applicant", c3.ID, 1); len(got) != 1 || got[0].Kind != "correction" {
			t.Fatalf("inbox with SMS off: %+v", got)
		}
		if out, _ := e.Store.CaseSMS(ctx, c3.ID); len(out) != 0 {
			t.Fatalf("an SMS though the kind is off: %+v", out)
		}
		// … while acceptance still goes by SMS.
		e.Do("PUT", "/api/v1/me/notification-preferences", "qz.applicant", map[string]any{"sms": true, "sms_off": []string{}})

		// A failing gateway: the message waits and is retried until the
		// gateway takes it, once.
		e.Sims.SMS.SetFailEvery(1)
		failedBefore := e.Sims.SMS.Stats().Failed
		c4 := review(t, e, onlineCase(t, e), []mark{}, "accepted")
		waitFor(t, "a failed attempt", func() bool {
			out, _ := e.Store.CaseSMS(ctx, c4.ID)
			return e.Sims.SMS.Stats().Failed > failedBefore && len(out) == 1 && out[0].Attempts >= 1 && out[0].Status != sqlstore.SMSSent
		})
		if len(sentFor(e, c4.Number)) != 0 {
			t.Fatal("sent while the gateway fails")
		}
		e.Sims.SMS.SetFailEvery(0)
		waitFor(t, "the retried SMS", func() bool { return len(sentFor(e, c4.Number)) == 1 })
		waitFor(t, "the outbox to record it", func() bool {
			out, _ := e.Store.CaseSMS(ctx, c4.ID)
			return len(out) == 1 && out[0].Status == sqlstore.SMSSent
		})
		out, _ = e.Store.CaseSMS(ctx, c4.ID)
		if out[0].Attempts < 2 || out[0].LastError != "" {
			t.Fatalf("retried message: %+v", out[0])
		}

		// A second job for a message already sent (its sender died before
		// recording it): the gateway knows the Ref, nothing is texted
		// twice, and the outbox records the duplicate.
		if _, err := e.Store.DB().Exec(`UPDATE sms_outbox SET status = 'pending', next_at = $1 WHERE id = $2`, sqlstore.TS(time.Now()), out[0].ID); err != nil {
			t.Fatal(err)
		}
		dupsBefore := e.Sims.SMS.Stats().Duplicates
		if err := e.Store.WakeNotifyShards(ctx, []int{out[0].Shard}); err != nil {
			t.Fatal(err)
		}
		waitFor(t, "the resend", func() bool {
			out, _ := e.Store.CaseSMS(ctx, c4.ID)
			return e.Sims.SMS.Stats().Duplicates > dupsBefore && out[0].Status == sqlstore.SMSSent
		})
		if n := len(sentFor(e, c4.Number)); n != 1 {
			t.Fatalf("texted %d times", n)
		}
		out, _ = e.Store.CaseSMS(ctx, c4.ID)
		if !strings.Contains(out[0].LastError, "duplicate") {
			t.Fatalf("the duplicate is not recorded: %+v", out[0])
		}
		// Waking a shard with nothing due sends nothing.
		total := len(e.Sims.SMS.Messages(notifyMobile))
		if err := e.Store.WakeNotifyShards(ctx, []int{0, 1, 2, 3}); err != nil {
			t.Fatal(err)
		}
		if n := len(e.Sims.SMS.Messages(notifyMobile)); n != total {
			t.Fatalf("%d messages after an empty wake, %d before", n, total)
		}
	})
}

// TestInboxAPI: reading, marking read, paging and the choices, with the
// bad input each refuses and leaves unchanged.
func TestInboxAPI(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		c1 := review(t, e, onlineCase(t, e), []mark{}, "accepted")
		c2 := review(t, e, onlineCase(t, e), []mark{}, "accepted")
		inboxOf(t, e, "qz.applicant", c1.ID, 1)
		inboxOf(t, e, "qz.applicant", c2.ID, 1)
		in := inbox(t, e, "qz.applicant", "")
		if len(in.Notifications) < 2 || in.Unread != len(in.Notifications) || in.Notifications[0].CaseID != c2.ID {
			t.Fatalf("inbox newest first: %+v", in)
		}
		// No mobile number: inbox only.
		if out, _ := e.Store.CaseSMS(context.Background(), c1.ID); len(out) != 0 {
			t.Fatalf("SMS without a number: %+v", out)
		}
		page := inbox(t, e, "qz.applicant", "?limit=1")
		if len(page.Notifications) != 1 || page.Next == "" {
			t.Fatalf("first page: %+v", page)
		}
		next := inbox(t, e, "qz.applicant", "?limit=1&before="+page.Next)
		if len(next.Notifications) != 1 || next.Notifications[0].ID == page.Notifications[0].ID {
			t.Fatalf("second page: %+v", next)
		}
		first := in.Notifications[0]
		r := e.Do("POST", "/api/v1/me/notifications/"+first.ID+"/read", "qz.applicant", nil)
		var read sqlstore.Notification
		r.JSON(t, &read)
		if r.Status != 200 || read.ReadAt == nil {
			t.Fatalf("mark read: %d %s", r.Status, r.Body)
		}
		again := e.Do("POST", "/api/v1/me/notifications/"+first.ID+"/read", "qz.applicant", nil)
		var read2 sqlstore.Notification
		again.JSON(t, &read2)
		if again.Status != 200 || !read2.ReadAt.Equal(*read.ReadAt) {
			t.Fatalf("read twice keeps the first moment: %s", again.Body)
		}
		if got := inbox(t, e, "qz.applicant", "?unread=true"); got.Unread != in.Unread-1 || len(got.Notifications) != in.Unread-1 {
			t.Fatalf("unread after one read: %+v", got)
		}
		// Someone else's message, or none, is 404; a bad cursor, limit or
		// filter is 400; nothing changes.
		for _, bad := range []struct {
			method, path, user string
			body               any
			status             int
		}{
			{"POST", "/api/v1/me/notifications/" + in.Notifications[1].ID + "/read", "hz.applicant", nil, 404},
			{"POST", "/api/v1/me/notifications/no-such-id/read", "qz.applicant", nil, 404},
			{"GET", "/api/v1/me/notifications?before=yesterday", "qz.applicant", nil, 400},
			{"GET", "/api/v1/me/notifications?limit=0", "qz.applicant", nil, 400},
			{"GET", "/api/v1/me/notifications?limit=500", "qz.applicant", nil, 400},
			{"GET", "/api/v1/me/notifications?unread=yes", "qz.applicant", nil, 400},
			{"GET", "/api/v1/me/notifications", "", nil, 401},
			{"PUT", "/api/v1/me/notification-preferences", "qz.applicant", map[string]any{"sms": true, "sms_off": []string{"spam"}}, 400},
			{"PUT", "/api/v1/me/notification-preferences", "qz.applicant", map[string]any{"sms": true, "lang": "fr"}, 400},
			{"PUT", "/api/v1/me/notification-preferences", "qz.applicant", `{"sms": true, "unknown": 1}`, 400},
			{"PUT", "/api/v1/me/notification-preferences", "qz.clerk", map[string]any{"sms": false}, 403},
			{"GET", "/api/v1/me/notification-preferences", "qz.clerk", nil, 403},
		} {
			if r := e.Do(bad.method, bad.path, bad.user, bad.body); r.Status != bad.status {
				t.Errorf("%s %s as %q: %d %s, want %d", bad.method, bad.path, bad.user, r.Status, r.Body, bad.status)
			}
		}
		if got := inbox(t, e, "qz.applicant", ""); got.Unread != in.Unread-1 {
			t.Fatalf("bad input changed the inbox: %+v", got)
		}
		r = e.Do("GET", "/api/v1/me/notification-preferences", "qz.applicant", nil)
		if r.Status != 200 || !strings.Contains(string(r.Body), `"sms":true`) || !strings.Contains(string(r.Body), `"sms_off":[]`) {
			t.Fatalf("defaults: %d %s", r.Status, r.Body)
		}
		if staff := inbox(t, e, "qz.clerk", ""); len(staff.Notifications) != 0 {
			t.Fatalf("staff have an empty inbox: %+v", staff)
		}
		r = e.Do("POST", "/api/v1/me/notifications/read", "qz.applicant", nil)
		if r.Status != 200 || !strings.Contains(string(r.Body), `"marked":`) || inbox(t, e, "qz.applicant", "").Unread != 0 {
			t.Fatalf("mark all read: %d %s", r.Status, r.Body)
		}
	})
}

// TestCompanyNotifications: a company's case tells the staff member who
// applied and the company's bound legal representative, no one else; an
// unbound representative is told nothing more.
func TestCompanyNotifications(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		rep, err := e.Store.UserByName(ctx, "hz.applicant")
		if err != nil {
			t.Fatal(err)
		}
		bind := sqlstore.NewID()
		if _, err := e.Store.DB().Exec(`INSERT INTO company_bindings (id, uscc, company_name, user_id, bound_at) VALUES ($1, $2, $3, $4, $5)`,
			bind, demo.QZCompany.IDNumber, demo.QZCompany.Name, rep.ID, sqlstore.TS(time.Now())); err != nil {
			t.Fatal(err)
		}
		apply := func() caseJSON {
			r := e.Do("POST", "/api/v1/cases", "qz.applicant", map[string]any{"item": "330-WSJK-001", "region": "330802", "channel": "online",
				"applicant": map[string]any{"type": "org", "name": demo.QZCompany.Name, "id_number": demo.QZCompany.IDNumber},
				"materials": uploadedMarks(t, e, "qz.applicant", "330-WSJK-001")})
			var c caseJSON
			r.JSON(t, &c)
			if r.Status != 201 {
				t.Fatalf("apply as the company: %d %s", r.Status, r.Body)
			}
			return review(t, e, c, []mark{}, "accepted")
		}
		c := apply()
		inboxOf(t, e, "qz.applicant", c.ID, 1) // everyone's are written together
		for user, want := range map[string]int{"qz.applicant": 1, "hz.applicant": 1, "qz.agent": 0} {
			if got := forCase(inbox(t, e, user, ""), c.ID); len(got) != want {
				t.Errorf("%s has %d messages of the company's case, want %d", user, len(got), want)
			}
		}
		if _, err := e.Store.DB().Exec(`UPDATE company_bindings SET unbound_at = $1 WHERE id = $2`, sqlstore.TS(time.Now()), bind); err != nil {
			t.Fatal(err)
		}
		c2 := apply()
		if got := inboxOf(t, e, "qz.applicant", c2.ID, 1); len(got) != 1 {
			t.Fatalf("the applicant is told: %+v", got)
		}
		if got := forCase(inbox(t, e, "hz.applicant", ""), c2.ID); len(got) != 0 {
			t.Fatalf("an unbound representative is told: %+v", got)
		}
	})
}

// TestInboxOnAPhone: the inbox and the notification settings on a
// 390-pixel phone need no sideways scrolling and pass axe; a message is
// marked read and a kind's SMS turned off through the pages themselves.
func TestInboxOnAPhone(t *testing.T) {
	e := apptest.New(t, "sqlite")
	c := review(t, e, onlineCase(t, e), []mark{}, "accepted")
	inboxOf(t, e, "qz.applicant", c.ID, 1)
	b := apptest.NewBrowser(t)
	e.Login(b, "qz.applicant")
	b.Do(chromedp.EmulateViewport(390, 844))
	for _, path := range []string{"/inbox", "/account/notifications"} {
		b.Do(chromedp.Navigate(e.URL+path), chromedp.WaitReady(chromedp.CSS("main")))
		if w := b.Eval(`String(document.documentElement.scrollWidth)`); w != "390" {
			t.Errorf("%s is %s px wide at 390", path, w)
		}
		for _, v := range axeCheck(t, b) {
			t.Errorf("%s: %s (%s) %s", path, v.ID, v.Impact, v.Help)
		}
	}
	b.Do(chromedp.Navigate(e.URL+"/inbox"), chromedp.WaitVisible(chromedp.CSS(`article.unread form button`)),
		chromedp.Click(chromedp.CSS(`article.unread form button`)), chromedp.WaitNotPresent(chromedp.CSS(`article.unread`)))
	if got := b.Text("#inbox-unread"); !strings.Contains(got, "没有未读消息") {
		t.Errorf("after marking read: %q", got)
	}
	b.Do(chromedp.Navigate(e.URL+"/account/notifications"), chromedp.WaitVisible(chromedp.ID("notif-form")),
		chromedp.Click(chromedp.CSS(`input[name="kind"][value="rating"]`)), chromedp.Click(chromedp.ID("notif-save")),
		chromedp.WaitVisible(chromedp.ID("notif-saved")))
	r := e.Do("GET", "/api/v1/me/notification-preferences", "qz.applicant", nil)
	if !strings.Contains(string(r.Body), `"sms_off":["rating"]`) {
		t.Fatalf("choices after the form: %s", r.Body)
	}
}
