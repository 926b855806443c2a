package paysim

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"onetrip"
	"onetrip/catalog"
	"onetrip/payment"
)

var now = time.Date(2026, 3, 2, 10, 0, 0, 0, China)

// receiver is onetrip's callback endpoint in the tests: it verifies each
// notification and answers with the next scripted status (200 when the
// script runs out).
type receiver struct {
	t      *testing.T
	sim    *Sim
	mu     sync.Mutex
	script []int
	got    []payment.Notification
	bad    []error
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	n, err := payment.VerifyNotification(rc.sim.PublicKey(), body, r.Header.Get(payment.SignatureHeader), now)
	rc.mu.Lock()
	status := http.StatusOK
	if len(rc.script) > 0 {
		status, rc.script = rc.script[0], rc.script[1:]
	}
	if err != nil {
		rc.bad = append(rc.bad, err)
		status = http.StatusForbidden
	} else {
		rc.got = append(rc.got, n)
	}
	rc.mu.Unlock()
	w.WriteHeader(status)
}

func (rc *receiver) notifications() []payment.Notification {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if len(rc.bad) > 0 {
		rc.t.Errorf("notifications that do not verify: %v", rc.bad)
	}
	return append([]payment.Notification(nil), rc.got...)
}

type fixture struct {
	sim     *Sim
	rc      *receiver
	srv     *httptest.Server
	client  *Client
	browser *http.Client // does not follow redirects
}

func setup(t *testing.T, opts Options, script ...int) *fixture {
	t.Helper()
	opts.Now = func() time.Time { return now }
	opts.Log = slog.New(slog.DiscardHandler)
	if opts.WaitFirst == 0 {
		opts.WaitFirst = time.Minute // the first attempt always finishes first in the tests
	}
	sim, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	rc := &receiver{t: t, sim: sim, script: script}
	notify := httptest.NewServer(rc)
	mux := http.NewServeMux()
	mux.Handle(DefaultPrefix+"/", sim)
	srv := httptest.NewServer(mux)
	sim.SetNotifyURL(notify.URL + "/callback")
	t.Cleanup(func() { sim.Close(); srv.Close(); notify.Close() })
	browser := srv.Client()
	browser.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &fixture{sim: sim, rc: rc, srv: srv, client: NewClient(srv.URL+DefaultPrefix, srv.Client()), browser: browser}
}

func testOrder(serial int64, fen int64) payment.Order {
	code, err := payment.NewCode("330106", 2026, serial)
	if err != nil {
		panic(err)
	}
	return payment.Order{ID: "o1", CaseNumber: "ZJ2026-0001", ItemName: "不动产登记", DepartmentName: "西湖区自然资源局",
		Amount: catalog.Amount(fen), Payer: payment.Payer{Name: "张三"}, Code: code, Status: payment.StatusUnpaid}
}

func (f *fixture) get(t *testing.T, u string) (int, string) {
	t.Helper()
	resp, err := f.browser.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func (f *fixture) post(t *testing.T, u string, form url.Values) *http.Response {
	t.Helper()
	resp, err := f.browser.PostForm(u, form)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}

func TestBrowserPays(t *testing.T) {
	f := setup(t, Options{Duplicates: 1})
	ctx := context.Background()
	o := testOrder(1, 8050)
	payURL, err := f.client.Open(ctx, o, "https://onetrip.example/cases/c1/fees?lang=zh")
	if err != nil {
		t.Fatal(err)
	}
	if again, err := f.client.Open(ctx, o, "https://onetrip.example/cases/c1/fees"); err != nil || again != payURL {
		t.Fatalf("opening twice: %s %v, want %s", again, err, payURL)
	}
	if !strings.HasPrefix(payURL, f.srv.URL+DefaultPrefix+"/orders/") {
		t.Fatalf("pay URL %s", payURL)
	}
	status, html := f.get(t, payURL)
	for _, want := range []string{"支付宝", "银行卡", "微信", "西湖区自然资源局", "不动产登记", "80.50", o.Code, `name="viewport"`,
		`name="channel" value="alipay"`, `name="outcome" value="success"`, `value="fail"`, `value="abandon"`, "min-height:44px"} {
		if !strings.Contains(html, want) {
			t.Errorf("the pay page (%d) lacks %q", status, want)
		}
	}
	resp := f.post(t, payURL, url.Values{"channel": {"alipay"}, "outcome": {"success"}})
	// The notification arrived before the browser was sent back.
	early := f.rc.notifications()
	if resp.StatusCode != http.StatusSeeOther || len(early) == 0 {
		t.Fatalf("pay: %d with %d notifications before the redirect", resp.StatusCode, len(early))
	}
	back, _ := url.Parse(resp.Header.Get("Location"))
	if back.Host != "onetrip.example" || back.Query().Get("paid") != "1" || back.Query().Get("lang") != "" {
		t.Errorf("redirect to %s", back)
	}
	f.sim.Wait()
	got := f.rc.notifications()
	if len(got) != 2 || got[0].ID != got[1].ID || got[0].Txn == "" || got[0].Amount != 8050 || got[0].Channel != payment.ChannelAlipay {
		t.Fatalf("notifications: %+v", got)
	}
	if _, changed, err := payment.Pay(o, got[0]); err != nil || !changed {
		t.Fatalf("the notification does not pay the order: %v", err)
	}
	if sent := f.sim.Sent(); len(sent) != 2 || sent[0].Status != 200 || sent[1].Status != 200 {
		t.Fatalf("sent: %+v", sent)
	}
	_, html = f.get(t, payURL)
	if !strings.Contains(html, "已支付") || strings.Contains(html, "<form") {
		t.Errorf("a paid order's page still offers to pay:\n%s", html)
	}
	if resp := f.post(t, payURL, url.Values{"channel": {"alipay"}, "outcome": {"success"}}); resp.StatusCode != http.StatusConflict {
		t.Errorf("paying twice: %d", resp.StatusCode)
	}
	f.sim.Wait()
	if n := len(f.rc.notifications()); n != 2 {
		t.Errorf("paying twice sent more notifications: %d", n)
	}
}

func TestPagePosts(t *testing.T) {
	f := setup(t, Options{})
	payURL, err := f.client.Open(context.Background(), testOrder(2, 100), "https://onetrip.example/back")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		url    string
		form   url.Values
		status int
		query  string
	}{
		{"unknown token", f.srv.URL + DefaultPrefix + "/orders/nope", url.Values{"channel": {"card"}, "outcome": {"success"}}, 404, ""},
		{"window is not a browser's channel", payURL, url.Values{"channel": {"window"}, "outcome": {"success"}}, 400, ""},
		{"no channel", payURL, url.Values{"outcome": {"success"}}, 400, ""},
		{"unknown outcome", payURL, url.Values{"channel": {"card"}, "outcome": {"later"}}, 400, ""},
		{"abandon", payURL, url.Values{"outcome": {"abandon"}}, 303, "abandoned"},
		{"fail", payURL, url.Values{"channel": {"wechat"}, "outcome": {"fail"}}, 200, ""},
	} {
		resp := f.post(t, tc.url, tc.form)
		if resp.StatusCode != tc.status {
			t.Errorf("%s: %d, want %d", tc.name, resp.StatusCode, tc.status)
		}
		if tc.query != "" {
			if u, _ := url.Parse(resp.Header.Get("Location")); u == nil || u.Query().Get(tc.query) != "1" {
				t.Errorf("%s: redirect to %s", tc.name, resp.Header.Get("Location"))
			}
		}
	}
	if status, _ := f.get(t, f.srv.URL+DefaultPrefix+"/orders/nope"); status != 404 {
		t.Errorf("unknown page: %d", status)
	}
	_, html := f.get(t, payURL)
	if !strings.Contains(html, "<form") {
		t.Error("after a failure the order is still payable")
	}
	f.sim.Wait()
	got := f.rc.notifications()
	if len(got) != 1 || got[0].Status != payment.NotifyFailed {
		t.Fatalf("failed notification: %+v", got)
	}
}

func TestRetries(t *testing.T) {
	for _, tc := range []struct {
		name     string
		script   []int
		statuses []int
	}{
		{"500 then 200", []int{500, 200}, []int{500, 200}},
		{"409 and 429 are retried", []int{409, 429, 503, 204}, []int{409, 429, 503, 204}},
		{"400 stops", []int{400, 200}, []int{400}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t, Options{RetryBase: time.Millisecond}, tc.script...)
			o := testOrder(3, 100)
			if _, err := f.client.Open(context.Background(), o, "https://onetrip.example/back"); err != nil {
				t.Fatal(err)
			}
			n, err := f.sim.Pay(o.Code, payment.ChannelWindow)
			if err != nil {
				t.Fatal(err)
			}
			f.sim.Wait()
			sent := f.sim.Sent()
			if len(sent) != len(tc.statuses) {
				t.Fatalf("sent %+v", sent)
			}
			for i, d := range sent {
				if d.Status != tc.statuses[i] || d.Attempt != i+1 || d.Notification.ID != n.ID {
					t.Errorf("attempt %d: %+v", i+1, d)
				}
			}
		})
	}
	t.Run("attempts run out", func(t *testing.T) {
		f := setup(t, Options{RetryBase: time.Millisecond, RetryMax: 2 * time.Millisecond, MaxAttempts: 3}, 500, 500, 500, 500)
		o := testOrder(4, 100)
		if _, err := f.client.Open(context.Background(), o, "https://onetrip.example/back"); err != nil {
			t.Fatal(err)
		}
		if _, err := f.sim.Pay(o.Code, payment.ChannelCard); err != nil {
			t.Fatal(err)
		}
		f.sim.Wait()
		if sent := f.sim.Sent(); len(sent) != 3 {
			t.Fatalf("sent %+v", sent)
		}
	})
}

func TestResend(t *testing.T) {
	f := setup(t, Options{})
	o := testOrder(5, 100)
	if _, err := f.client.Open(context.Background(), o, "https://onetrip.example/back"); err != nil {
		t.Fatal(err)
	}
	n, err := f.sim.Pay(o.Code, payment.ChannelCard)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.sim.Pay(o.Code, payment.ChannelCard); !onetrip.HasCode(err, onetrip.CodeConflict) {
		t.Errorf("paying twice: %v", err)
	}
	if err := f.sim.Resend(n.ID); err != nil {
		t.Fatal(err)
	}
	if err := f.sim.Resend("nope"); !onetrip.HasCode(err, onetrip.CodeNotFound) {
		t.Errorf("resend unknown: %v", err)
	}
	if _, err := f.sim.Pay("33010626000000000428", payment.ChannelCard); !onetrip.HasCode(err, onetrip.CodeNotFound) {
		t.Errorf("pay unknown: %v", err)
	}
	f.sim.Wait()
	got := f.rc.notifications()
	if len(got) != 2 || got[0] != got[1] {
		t.Fatalf("replay: %+v", got)
	}
	if sent := f.sim.Sent(); len(sent) != 2 || !sent[1].Resend {
		t.Fatalf("sent %+v", sent)
	}
}

func TestClientRoundTrip(t *testing.T) {
	f := setup(t, Options{})
	ctx := context.Background()
	o := testOrder(6, 10000)
	if _, err := f.client.Open(ctx, o, "https://onetrip.example/back"); err != nil {
		t.Fatal(err)
	}
	changed := o
	changed.Amount++
	if _, err := f.client.Open(ctx, changed, "https://onetrip.example/back"); !onetrip.HasCode(err, onetrip.CodeConflict) {
		t.Errorf("reopening with another amount: %v", err)
	}
	if _, err := f.client.Open(ctx, o, "javascript:alert(1)"); !onetrip.HasCode(err, onetrip.CodeInvalid) {
		t.Errorf("a bad return URL: %v", err)
	}
	paid := o
	paid.Status = payment.StatusPaid
	if _, err := f.client.Open(ctx, paid, "https://onetrip.example/back"); !onetrip.HasCode(err, onetrip.CodeConflict) {
		t.Errorf("opening a paid order: %v", err)
	}
	if err := f.client.Refund(ctx, o, 100, "r0"); !onetrip.HasCode(err, onetrip.CodeConflict) {
		t.Errorf("refund of an unpaid order: %v", err)
	}
	if _, err := f.sim.Pay(o.Code, payment.ChannelWechat); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		amount catalog.Amount
		id     string
		code   onetrip.Code
	}{
		{"part", 3000, "r1", ""},
		{"same id again", 3000, "r1", ""},
		{"same id, other amount", 2000, "r1", onetrip.CodeConflict},
		{"more than left", 7001, "r2", onetrip.CodeInvalid},
		{"zero", 0, "r3", onetrip.CodeInvalid},
		{"the rest", 7000, "r4", ""},
		{"nothing left", 1, "r5", onetrip.CodeInvalid},
	} {
		err := f.client.Refund(ctx, o, tc.amount, tc.id)
		if tc.code == "" && err != nil || tc.code != "" && !onetrip.HasCode(err, tc.code) {
			t.Errorf("refund %s: %v", tc.name, err)
		}
	}
	other, _ := payment.NewCode("330106", 2026, 99)
	planted := payment.StatementLine{Txn: "PLANTED1", Code: other, Kind: payment.KindPay, Amount: 500, Channel: payment.ChannelCard, At: now}
	f.sim.PlantStatementLine("2026-03-02", planted)
	lines, err := f.client.Statement(ctx, "2026-03-02")
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) != 4 || lines[0].Kind != payment.KindPay || lines[0].Code != o.Code || lines[0].Amount != 10000 ||
		lines[1].Kind != payment.KindRefund || lines[1].Amount != 3000 || lines[2].Amount != 7000 || lines[3].Txn != "PLANTED1" {
		t.Fatalf("statement: %+v", lines)
	}
	if lines, err := f.client.Statement(ctx, "2026-03-03"); err != nil || len(lines) != 0 {
		t.Errorf("another day: %v %v", lines, err)
	}
	if _, err := f.client.Statement(ctx, "2026-3-2"); !onetrip.HasCode(err, onetrip.CodeInvalid) {
		t.Errorf("bad day: %v", err)
	}
	// Reconciled against onetrip's side, only the planted line is amiss.
	ours := o
	ours.Status, ours.Txn, ours.Channel, ours.Refunded = payment.StatusRefunded, lines[0].Txn, payment.ChannelWechat, 10000
	if m := payment.Reconcile(lines, []payment.Order{ours}); len(m) != 1 || m[0].Kind != payment.MismatchMissingHere || m[0].Txn != "PLANTED1" {
		t.Errorf("reconcile: %+v", m)
	}
	key, err := f.client.PublicKey(ctx)
	if err != nil || !key.Equal(f.sim.PublicKey()) {
		t.Fatalf("public key: %v", err)
	}
}

func TestClientUnavailable(t *testing.T) {
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "maintenance", http.StatusBadGateway)
	}))
	defer down.Close()
	c := NewClient(down.URL+DefaultPrefix, down.Client())
	ctx := context.Background()
	if _, err := c.PublicKey(ctx); !onetrip.HasCode(err, onetrip.CodeUnavailable) {
		t.Errorf("502: %v", err)
	}
	down.Close()
	if _, err := c.Open(ctx, testOrder(7, 1), "https://onetrip.example/back"); !onetrip.HasCode(err, onetrip.CodeUnavailable) {
		t.Errorf("no server: %v", err)
	}
	if _, err := c.Statement(ctx, "2026-03-02"); !onetrip.HasCode(err, onetrip.CodeUnavailable) {
		t.Errorf("no server: %v", err)
	}
}

func TestAPIEndpoints(t *testing.T) {
	f := setup(t, Options{})
	status, pem := f.get(t, f.srv.URL+DefaultPrefix+"/api/key")
	if status != 200 || !strings.HasPrefix(pem, "-----BEGIN PUBLIC KEY-----") {
		t.Errorf("key: %d %s", status, pem)
	}
	for _, body := range []string{`{"code":"1","amount_fen":1,"return_url":"https://x"}`, `{"code":"33010626000000000428","amount_fen":1,"return_url":"https://x","extra":1}`,
		`{"code":"33010626000000000428","amount_fen":-1,"return_url":"https://x"}`} {
		resp, err := http.Post(f.srv.URL+DefaultPrefix+"/api/orders", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 400 {
			t.Errorf("%s: %d", body, resp.StatusCode)
		}
	}
	if _, err := New(Options{Prefix: "sim"}); err == nil {
		t.Error("a relative prefix is accepted")
	}
}
