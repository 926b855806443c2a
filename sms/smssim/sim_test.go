package smssim

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"onetrip/sms"
)

// clock is a test's movable clock, shared by the gateway and its client
// as the node's is.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

type fixture struct {
	sim    *Sim
	srv    *httptest.Server
	client *Client
	clk    *clock
}

func setup(t *testing.T, opts Options) *fixture {
	t.Helper()
	clk := &clock{t: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)}
	opts.Now = clk.now
	sim, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle(DefaultPrefix+"/", sim)
	srv := httptest.NewServer(mux)
	t.Cleanup(func() { sim.Close(); srv.Close() })
	id, secret := sim.Credentials()
	return &fixture{sim: sim, srv: srv, clk: clk, client: NewClient(srv.URL+DefaultPrefix, id, secret, srv.Client(), clk.now)}
}

const to = "13800138000"

func (f *fixture) send(t *testing.T, ref string) (sms.Receipt, error) {
	t.Helper()
	return f.client.Send(context.Background(), sms.Message{To: to, Text: "【一窗通】您的验证码为 123456。", Ref: ref})
}

func TestSendRecordsOnce(t *testing.T) {
	f := setup(t, Options{})
	r, err := f.send(t, "r1")
	if err != nil || r.ID == "" || r.Duplicate {
		t.Fatalf("first send: %+v %v", r, err)
	}
	// The same ref again (a retried job): the first receipt, nothing new,
	// and not counted against the number's one-a-minute limit.
	again, err := f.send(t, "r1")
	if err != nil || again.ID != r.ID || !again.Duplicate {
		t.Fatalf("duplicate: %+v %v", again, err)
	}
	if got := f.sim.Messages(to); len(got) != 1 || got[0].Ref != "r1" || got[0].ID != r.ID {
		t.Fatalf("recorded %+v", got)
	}
	// The same ref with another text is a sender's bug: refused for good.
	_, err = f.client.Send(context.Background(), sms.Message{To: to, Text: "【一窗通】另一条", Ref: "r1"})
	if !errors.Is(err, sms.ErrRejected) {
		t.Fatalf("ref reused: %v", err)
	}
	if s := f.sim.Stats(); s.Sent != 1 || s.Duplicates != 1 || s.Rejected != 1 {
		t.Fatalf("stats %+v", s)
	}
}

func TestRateLimits(t *testing.T) {
	f := setup(t, Options{})
	if _, err := f.send(t, "a"); err != nil {
		t.Fatal(err)
	}
	f.clk.add(20 * time.Second)
	_, err := f.send(t, "b")
	var rl *sms.RateLimited
	if !errors.As(err, &rl) || rl.RetryAfter != 40*time.Second {
		t.Fatalf("second within a minute: %v", err)
	}
	// Another number is not held back.
	if _, err := f.client.Send(context.Background(), sms.Message{To: "13900139000", Text: "【一窗通】你好", Ref: "other"}); err != nil {
		t.Fatal(err)
	}
	// Five an hour: four more, a minute apart, then the sixth waits for
	// the first to leave the hour.
	for i := 0; i < 4; i++ {
		f.clk.add(time.Minute)
		if _, err := f.send(t, "h"+strconv.Itoa(i)); err != nil {
			t.Fatalf("message %d: %v", i+2, err)
		}
	}
	f.clk.add(time.Minute)
	if _, err := f.send(t, "h-over"); !errors.As(err, &rl) || rl.RetryAfter != 55*time.Minute-20*time.Second {
		t.Fatalf("sixth in an hour: %v", err)
	}
	// Ten a day.
	for i := 0; i < 5; i++ {
		f.clk.add(time.Hour)
		if _, err := f.send(t, "d"+strconv.Itoa(i)); err != nil {
			t.Fatalf("day message %d: %v", i, err)
		}
	}
	f.clk.add(time.Hour)
	if _, err := f.send(t, "d-over"); !errors.As(err, &rl) || rl.RetryAfter < 10*time.Hour {
		t.Fatalf("eleventh in a day: %v", err)
	}
	if n := len(f.sim.Messages(to)); n != 10 {
		t.Fatalf("%d messages sent to the number, want 10", n)
	}
	// A benchmark's limits let many through.
	f.sim.SetLimits(HighLimits)
	for i := 0; i < 50; i++ {
		if _, err := f.send(t, "many"+strconv.Itoa(i)); err != nil {
			t.Fatal(err)
		}
	}
}

func TestRetryAfterHeader(t *testing.T) {
	f := setup(t, Options{})
	f.send(t, "a")
	resp := f.raw(t, `{"to":"`+to+`","text":"【一窗通】再来","ref":"b"}`, nil)
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") != "60" {
		t.Fatalf("%d Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
}

// raw posts a body signed as the client does; tamper changes the request
// after signing.
func (f *fixture) raw(t *testing.T, body string, tamper func(*http.Request)) *http.Response {
	t.Helper()
	req, _ := http.NewRequest("POST", f.srv.URL+DefaultPrefix+"/api/messages", strings.NewReader(body))
	id, secret := f.sim.Credentials()
	ts := strconv.FormatInt(f.clk.now().Unix(), 10)
	req.Header.Set(KeyHeader, id)
	req.Header.Set(TimestampHeader, ts)
	req.Header.Set(SignatureHeader, Sign(secret, ts, []byte(body)))
	if tamper != nil {
		tamper(req)
	}
	resp, err := f.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}

func TestSignature(t *testing.T) {
	f := setup(t, Options{})
	body := `{"to":"` + to + `","text":"【一窗通】验证码 111111","ref":"sig"}`
	cases := []struct {
		name   string
		tamper func(*http.Request)
		status int
	}{
		{"no signature", func(r *http.Request) { r.Header.Del(SignatureHeader) }, 401},
		{"unknown key", func(r *http.Request) { r.Header.Set(KeyHeader, "LTAIother") }, 401},
		{"wrong signature", func(r *http.Request) {
			r.Header.Set(SignatureHeader, Sign("not-the-secret", r.Header.Get(TimestampHeader), []byte(body)))
		}, 403},
		{"body changed after signing", func(r *http.Request) {
			changed := strings.Replace(body, to, "13900139000", 1)
			r.Body, r.ContentLength = io.NopCloser(strings.NewReader(changed)), int64(len(changed))
		}, 403},
		{"stale", func(r *http.Request) {
			ts := strconv.FormatInt(f.clk.now().Add(-6*time.Minute).Unix(), 10)
			id, secret := f.sim.Credentials()
			r.Header.Set(TimestampHeader, ts)
			r.Header.Set(SignatureHeader, Sign(secret, ts, []byte(body)))
			_ = id
		}, 401},
		{"from the future", func(r *http.Request) {
			ts := strconv.FormatInt(f.clk.now().Add(6*time.Minute).Unix(), 10)
			_, secret := f.sim.Credentials()
			r.Header.Set(TimestampHeader, ts)
			r.Header.Set(SignatureHeader, Sign(secret, ts, []byte(body)))
		}, 401},
		{"not a time", func(r *http.Request) { r.Header.Set(TimestampHeader, "soon") }, 401},
	}
	for _, c := range cases {
		if resp := f.raw(t, body, c.tamper); resp.StatusCode != c.status {
			t.Errorf("%s: %d, want %d", c.name, resp.StatusCode, c.status)
		}
	}
	if got := f.sim.Messages(""); len(got) != 0 {
		t.Fatalf("sent without a good signature: %+v", got)
	}
	if resp := f.raw(t, body, nil); resp.StatusCode != 200 {
		t.Fatalf("signed: %d", resp.StatusCode)
	}
	// A client with the wrong secret gets an error that is neither a rate
	// limit nor a rejection of the message.
	bad := NewClient(f.srv.URL+DefaultPrefix, "x", "y", nil, f.clk.now)
	_, err := bad.Send(context.Background(), sms.Message{To: to, Text: "【一窗通】x", Ref: "bad"})
	var rl *sms.RateLimited
	if err == nil || errors.Is(err, sms.ErrRejected) || errors.As(err, &rl) {
		t.Fatalf("bad credentials: %v", err)
	}
}

func TestRejected(t *testing.T) {
	f := setup(t, Options{})
	for name, m := range map[string]sms.Message{
		"bad number":   {To: "12345", Text: "【一窗通】x", Ref: "1"},
		"no signature": {To: to, Text: "您的验证码为 1", Ref: "2"},
		"empty body":   {To: to, Text: "【一窗通】", Ref: "3"},
		"no ref":       {To: to, Text: "【一窗通】x"},
		"too long":     {To: to, Text: "【一窗通】" + strings.Repeat("长", MaxText), Ref: "4"},
	} {
		if _, err := f.client.Send(context.Background(), m); !errors.Is(err, sms.ErrRejected) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if len(f.sim.Messages("")) != 0 {
		t.Fatal("a rejected message was recorded")
	}
}

func TestInjectedFailures(t *testing.T) {
	f := setup(t, Options{FailEvery: 2, Limits: HighLimits})
	var failed, ok int
	for i := 0; i < 6; i++ {
		_, err := f.send(t, "f"+strconv.Itoa(i))
		var rl *sms.RateLimited
		switch {
		case err == nil:
			ok++
		case errors.Is(err, sms.ErrRejected) || errors.As(err, &rl):
			t.Fatalf("a failure is neither a rejection nor a limit: %v", err)
		default:
			failed++
			// The retry of the same ref goes through and is sent once.
			if _, err := f.send(t, "f"+strconv.Itoa(i)); err != nil {
				t.Fatalf("retry: %v", err)
			}
		}
	}
	if failed == 0 || len(f.sim.Messages(to)) != 6 {
		t.Fatalf("failed %d, ok %d, sent %d", failed, ok, len(f.sim.Messages(to)))
	}
	f.sim.SetFailEvery(0)
	for i := 0; i < 4; i++ {
		if _, err := f.send(t, "n"+strconv.Itoa(i)); err != nil {
			t.Fatal(err)
		}
	}
}

func TestListAndPhonePage(t *testing.T) {
	f := setup(t, Options{Limits: HighLimits})
	for i := 0; i < 5; i++ {
		f.send(t, "p"+strconv.Itoa(i))
		f.clk.add(time.Second)
	}
	f.client.Send(context.Background(), sms.Message{To: "13900139000", Text: "【一窗通】给另一个号码", Ref: "o"})
	resp, err := http.Get(f.srv.URL + DefaultPrefix + "/messages?to=" + to)
	if err != nil {
		t.Fatal(err)
	}
	var list []Sent
	json.NewDecoder(resp.Body).Decode(&list)
	resp.Body.Close()
	if len(list) != 5 || list[0].Ref != "p4" {
		t.Fatalf("list newest first: %+v", list)
	}
	if resp, _ := http.Get(f.srv.URL + DefaultPrefix + "/messages?to=abc"); resp.StatusCode != 400 {
		t.Fatalf("bad number: %d", resp.StatusCode)
	}
	get := func(u string) (int, string) {
		resp, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	status, body := get(f.srv.URL + DefaultPrefix + "/")
	if status != 200 || !strings.Contains(body, "给另一个号码") || !strings.Contains(body, "另有 2 条") || strings.Index(body, "13900139000") > strings.Index(body, ">"+to+"<") {
		t.Fatalf("overview %d:\n%s", status, body)
	}
	status, body = get(f.srv.URL + DefaultPrefix + "/?to=" + to)
	if status != 200 || strings.Count(body, "<li ") != 5 || strings.Contains(body, "给另一个号码") {
		t.Fatalf("one number %d:\n%s", status, body)
	}
	if status, _ := get(f.srv.URL + DefaultPrefix + "/?to=x"); status != 400 {
		t.Fatalf("bad number on the page: %d", status)
	}
}

func TestParseCredentials(t *testing.T) {
	if id, secret, err := ParseCredentials("LTAIabc:s3cret\n"); err != nil || id != "LTAIabc" || secret != "s3cret" {
		t.Fatalf("%q %q %v", id, secret, err)
	}
	for _, bad := range []string{"", "nocolon", ":secret", "id:", "id: secret"} {
		if _, _, err := ParseCredentials(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// A notification does not hold back the code a citizen waits for: the
// categories have limits of their own, notifications looser ones.
func TestCategoriesLimitedApart(t *testing.T) {
	f := setup(t, Options{})
	notice := func(ref string) error {
		_, err := f.client.Send(context.Background(), sms.Message{To: to, Text: "【一窗通】您的办件已受理。", Ref: ref, Category: sms.CategoryNotice})
		return err
	}
	if err := notice("n1"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.send(t, "code1"); err != nil {
		t.Fatalf("a code after a notification: %v", err)
	}
	for i := 2; i <= 5; i++ {
		if err := notice("n" + strconv.Itoa(i)); err != nil {
			t.Fatalf("notification %d within a minute: %v", i, err)
		}
	}
	var rl *sms.RateLimited
	if err := notice("n6"); !errors.As(err, &rl) {
		t.Fatalf("sixth notification within a minute: %v", err)
	}
	if _, err := f.send(t, "code2"); !errors.As(err, &rl) {
		t.Fatalf("second code within a minute: %v", err)
	}
	// The same ref in another category is another message: refused.
	if _, err := f.client.Send(context.Background(), sms.Message{To: to, Text: "【一窗通】您的验证码为 123456。", Ref: "code1", Category: sms.CategoryNotice}); !errors.Is(err, sms.ErrRejected) {
		t.Fatalf("ref reused across categories: %v", err)
	}
	if _, err := f.client.Send(context.Background(), sms.Message{To: to, Text: "【一窗通】x", Ref: "odd", Category: "marketing"}); !errors.Is(err, sms.ErrRejected) {
		t.Fatalf("unknown category: %v", err)
	}
}
