package couriersim

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"onetrip"
	"onetrip/catalog"
	"onetrip/courier"
	"onetrip/seal"
)

// receiver is onetrip's webhook as the tests see it: it answers with the
// scripted codes in turn (then 200) and verifies what it accepts.
type receiver struct {
	pub   *seal.PublicKey
	codes []int

	mu    sync.Mutex
	calls int
	got   []courier.TrackingEvent
	bad   []error
}

func (rv *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rv.mu.Lock()
	defer rv.mu.Unlock()
	code := http.StatusOK
	if rv.calls < len(rv.codes) {
		code = rv.codes[rv.calls]
	}
	rv.calls++
	if code == http.StatusOK {
		ev, err := courier.VerifyEvent(rv.pub, body, r.Header.Get(courier.SignatureHeader), time.Now())
		if err != nil {
			rv.bad = append(rv.bad, err)
			code = http.StatusBadRequest
		} else {
			rv.got = append(rv.got, ev)
		}
	}
	w.WriteHeader(code)
}

func (rv *receiver) events() ([]courier.TrackingEvent, []error, int) {
	rv.mu.Lock()
	defer rv.mu.Unlock()
	return append([]courier.TrackingEvent(nil), rv.got...), append([]error(nil), rv.bad...), rv.calls
}

type fixture struct {
	sim    *Sim
	srv    *httptest.Server
	rv     *receiver
	client *Client
	base   string
}

func newFixture(t *testing.T, opts Options, codes ...int) *fixture {
	t.Helper()
	rv := &receiver{codes: codes}
	hook := httptest.NewServer(rv)
	t.Cleanup(hook.Close)
	opts.NotifyURL = hook.URL + "/api/courier/events"
	sim, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	sim.backoff = time.Millisecond // the policy's timing is not under test here
	rv.pub = sim.PublicKey()
	srv := httptest.NewServer(sim)
	t.Cleanup(func() { sim.Close(); sim.Wait(); srv.Close() })
	base := srv.URL + "/sim/courier"
	if opts.Prefix != "" {
		base = srv.URL + opts.Prefix
	}
	return &fixture{sim: sim, srv: srv, rv: rv, client: NewClient(base, srv.Client()), base: base}
}

func booking(ref string) courier.Booking {
	return courier.Booking{
		Reference: ref, CaseNumber: "KC2025-" + ref,
		From:  courier.Address{Name: "柯城区行政服务中心", Phone: "0570-8888888", Region: "330802006", Detail: "县学街 9 号"},
		To:    courier.Address{Name: "张三", Phone: "13812345678", Region: "110105", Detail: "朝阳路 1 号"},
		Grams: 120, Contents: "机动车驾驶证",
	}
}

func (f *fixture) post(t *testing.T, path, contentType, body string, hdr ...string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, f.base+path, strings.NewReader(body))
	req.Header.Set("Content-Type", contentType)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	c := f.srv.Client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func (f *fixture) book(t *testing.T, ref string) string {
	t.Helper()
	bk, err := f.client.Book(context.Background(), booking(ref))
	if err != nil {
		t.Fatal(err)
	}
	return bk.Waybill
}

var waybillRE = regexp.MustCompile(`^SF[0-9]{13}$`)

func TestBookQuoteAndDuplicate(t *testing.T) {
	f := newFixture(t, Options{Prefix: "/courier"})
	ctx := context.Background()
	b := booking("case-1")
	fee, err := f.client.Quote(ctx, b)
	if err != nil || fee != 1350 { // 90% of 15 元, across provinces
		t.Fatalf("quote %v %v", fee, err)
	}
	near := b
	near.To.Region = "330803001"
	if fee, err := f.client.Quote(ctx, near); err != nil || fee != 720 {
		t.Fatalf("same-city quote %v %v", fee, err)
	}
	bk, err := f.client.Book(ctx, b)
	if err != nil || !waybillRE.MatchString(bk.Waybill) || bk.Fee != 1350 {
		t.Fatalf("book %+v %v", bk, err)
	}
	if err := courier.CheckQuote(courier.DefaultPriceTable, b.Grams, b.From.Region, b.To.Region, bk.Fee); err != nil {
		t.Errorf("the sim charges above the reference price: %v", err)
	}
	if s, ok := f.sim.Shipment(bk.Waybill); !ok || s.Status != courier.StatusBooked || s.CaseID != "case-1" {
		t.Errorf("shipment %+v", s)
	}
	if _, err := f.client.Book(ctx, b); !onetrip.HasCode(err, onetrip.CodeConflict) || onetrip.AsError(err).Key != courier.KeyDuplicate {
		t.Fatalf("second booking: %v", err)
	}
	other, err := f.client.Book(ctx, booking("case-2"))
	if err != nil || other.Waybill == bk.Waybill {
		t.Fatalf("another case: %+v %v", other, err)
	}
	key, err := f.client.PublicKey(ctx)
	if err != nil || !key.Equal(f.sim.PublicKey()) {
		t.Fatalf("key %v", err)
	}
}

func TestBookingRefused(t *testing.T) {
	f := newFixture(t, Options{})
	for _, tc := range []struct {
		name, body string
		status     int
	}{
		{"unknown field", `{"reference":"x","colour":"red"}`, http.StatusBadRequest},
		{"not json", `reference=x`, http.StatusBadRequest},
		{"empty booking", `{}`, http.StatusBadRequest},
		{"too large", `{"reference":"` + strings.Repeat("x", maxRequest) + `"}`, http.StatusRequestEntityTooLarge},
	} {
		if resp := f.post(t, "/api/bookings", "application/json", tc.body); resp.StatusCode != tc.status {
			t.Errorf("%s: status %d, want %d", tc.name, resp.StatusCode, tc.status)
		}
	}
	b := booking("case-1")
	b.To.Phone = "12345"
	_, err := f.client.Book(context.Background(), b)
	e := onetrip.AsError(err)
	if e.Code != onetrip.CodeInvalid || e.Key != courier.KeyRefused || !strings.Contains(e.Args[0].(string), "to.phone") {
		t.Fatalf("bad phone: %v", err)
	}
	heavy := booking("case-2")
	heavy.Grams = 5000
	if _, err := f.client.Quote(context.Background(), heavy); !onetrip.HasCode(err, onetrip.CodeInvalid) {
		t.Fatalf("too heavy: %v", err)
	}
}

func TestAdvanceSendsSignedEvents(t *testing.T) {
	f := newFixture(t, Options{Duplicates: 2})
	wb := f.book(t, "case-1")
	resp := f.post(t, "/api/shipments/"+wb+"/events", "application/json", `{"status":"picked_up","reason":"","location":"柯城揽投部"}`)
	if resp.StatusCode != http.StatusAccepted {
		t.Fatalf("status %d", resp.StatusCode)
	}
	f.sim.Wait()
	got, bad, calls := f.rv.events()
	if len(bad) != 0 || calls != 3 || len(got) != 3 {
		t.Fatalf("got %d events in %d calls, refused %v", len(got), calls, bad)
	}
	for _, ev := range got {
		if ev.ID != got[0].ID || ev.Waybill != wb || ev.Status != courier.StatusPickedUp || ev.Location != "柯城揽投部" {
			t.Errorf("copies must share the ID and content: %+v vs %+v", ev, got[0])
		}
	}
	sent := f.sim.Sent()
	if len(sent) != 3 || !sent[0].OK || sent[0].Attempts != 1 || sent[0].Code != http.StatusOK {
		t.Errorf("sent %+v", sent)
	}
	if s, _ := f.sim.Shipment(wb); s.Status != courier.StatusPickedUp || s.Version != 2 {
		t.Errorf("sim shipment %+v", s)
	}

	// Resend: the same event once more.
	if err := f.sim.Resend(got[0].ID); err != nil {
		t.Fatal(err)
	}
	if err := f.sim.Resend("nope"); !onetrip.HasCode(err, onetrip.CodeNotFound) {
		t.Errorf("unknown event: %v", err)
	}
	f.sim.Wait()
	if got, _, _ := f.rv.events(); len(got) != 4 || got[3].ID != got[0].ID {
		t.Errorf("resend: %d events", len(got))
	}
}

func TestRetryAndOrder(t *testing.T) {
	f := newFixture(t, Options{}, http.StatusInternalServerError, http.StatusConflict, http.StatusTooManyRequests)
	wb := f.book(t, "case-1")
	steps := []string{courier.StatusPickedUp, courier.StatusInTransit, courier.StatusOutForDelivery, courier.StatusDelivered}
	for _, st := range steps {
		if _, err := f.sim.Advance(wb, st, ""); err != nil {
			t.Fatal(st, err)
		}
	}
	f.sim.Wait()
	got, bad, calls := f.rv.events()
	if len(bad) != 0 || calls != 3+len(steps) || len(got) != len(steps) {
		t.Fatalf("%d events in %d calls, refused %v", len(got), calls, bad)
	}
	for i, st := range steps {
		if got[i].Status != st {
			t.Errorf("event %d is %s, want %s: events of a waybill arrive in order", i, got[i].Status, st)
		}
	}
	if sent := f.sim.Sent(); sent[0].Attempts != 4 || !sent[0].OK || sent[1].Attempts != 1 {
		t.Errorf("sent %+v", sent)
	}
}

func TestClientErrorStopsRetry(t *testing.T) {
	f := newFixture(t, Options{}, http.StatusBadRequest)
	wb := f.book(t, "case-1")
	if _, err := f.sim.Advance(wb, courier.StatusPickedUp, ""); err != nil {
		t.Fatal(err)
	}
	f.sim.Wait()
	if sent := f.sim.Sent(); len(sent) != 1 || sent[0].OK || sent[0].Attempts != 1 || sent[0].Code != http.StatusBadRequest {
		t.Fatalf("sent %+v", sent)
	}
}

func TestProgressRefused(t *testing.T) {
	f := newFixture(t, Options{})
	wb := f.book(t, "case-1")
	for _, tc := range []struct {
		name, waybill, body string
		status              int
	}{
		{"failed without reason", wb, `{"status":"failed"}`, http.StatusBadRequest},
		{"unknown status", wb, `{"status":"lost"}`, http.StatusBadRequest},
		{"unknown field", wb, `{"status":"picked_up","driver":"x"}`, http.StatusBadRequest},
		{"unknown waybill", "SF0000000000000", `{"status":"picked_up"}`, http.StatusNotFound},
		{"illegal transition", wb, `{"status":"delivered"}`, http.StatusConflict},
		{"legal", wb, `{"status":"picked_up"}`, http.StatusAccepted},
		{"repeated", wb, `{"status":"picked_up"}`, http.StatusConflict},
		{"failed with reason", wb, `{"status":"failed","reason":"收件人电话无法接通"}`, http.StatusAccepted},
	} {
		if resp := f.post(t, "/api/shipments/"+tc.waybill+"/events", "application/json", tc.body); resp.StatusCode != tc.status {
			t.Errorf("%s: status %d, want %d", tc.name, resp.StatusCode, tc.status)
		}
	}
	f.sim.Wait()
	if s, _ := f.sim.Shipment(wb); s.Status != courier.StatusFailed || s.Reason != "收件人电话无法接通" {
		t.Errorf("shipment %+v", s)
	}
	if got, _, _ := f.rv.events(); len(got) != 2 || got[1].Reason != "收件人电话无法接通" {
		t.Errorf("events %+v", got)
	}
}

func TestPage(t *testing.T) {
	f := newFixture(t, Options{})
	wb := f.book(t, "case-1")
	resp, err := f.srv.Client().Get(f.base + "/")
	if err != nil {
		t.Fatal(err)
	}
	html, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	page := string(html)
	for _, want := range []string{wb, "已下单", "揽收", `name="viewport"`, `action="/sim/courier/shipments/` + wb + `"`, "138****5678"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(page, "13812345678") || strings.Contains(page, ">签收") {
		t.Error("the page shows the full phone or a step not possible from booked")
	}
	form := url.Values{"status": {"picked_up"}}.Encode()
	if r := f.post(t, "/shipments/"+wb, "application/x-www-form-urlencoded", form); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/sim/courier/" {
		t.Fatalf("form: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	if s, _ := f.sim.Shipment(wb); s.Status != courier.StatusPickedUp {
		t.Fatalf("status %s", s.Status)
	}
	if r := f.post(t, "/shipments/"+wb, "application/x-www-form-urlencoded", url.Values{"status": {"failed"}}.Encode()); r.StatusCode != http.StatusBadRequest {
		t.Errorf("failed without reason: %d", r.StatusCode)
	}
	if r := f.post(t, "/shipments/"+wb, "application/x-www-form-urlencoded", url.Values{"status": {"in_transit"}}.Encode(),
		"Sec-Fetch-Site", "cross-site"); r.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site form: %d", r.StatusCode)
	}
	f.sim.Wait()
}

func TestClientUnavailable(t *testing.T) {
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusBadGateway) }))
	defer down.Close()
	gone := httptest.NewServer(http.NotFoundHandler())
	goneURL := gone.URL
	gone.Close()
	for name, c := range map[string]*Client{"5xx": NewClient(down.URL, nil), "network": NewClient(goneURL, nil)} {
		_, err := c.Book(context.Background(), booking("x"))
		if !onetrip.HasCode(err, onetrip.CodeUnavailable) || onetrip.AsError(err).Key != courier.KeyUnavailable {
			t.Errorf("%s: %v", name, err)
		}
		if _, err := c.PublicKey(context.Background()); !onetrip.HasCode(err, onetrip.CodeUnavailable) {
			t.Errorf("%s key: %v", name, err)
		}
	}
}

func TestNewOptions(t *testing.T) {
	for _, p := range []string{"sim", "/sim/", "/a b", "/{x}"} {
		if _, err := New(Options{Prefix: p}); err == nil {
			t.Errorf("prefix %q accepted", p)
		}
	}
	if _, err := New(Options{Duplicates: -1}); err == nil {
		t.Error("negative duplicates accepted")
	}
	bad := courier.PriceTable{Bands: []courier.Band{{MaxGrams: 100, Prices: map[courier.Zone]catalog.Amount{courier.ZoneCity: 1}}}}
	if _, err := New(Options{Prices: bad}); err == nil {
		t.Error("a bad price table accepted")
	}
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		grams int
		z     courier.Zone
		want  catalog.Amount
	}{{500, courier.ZoneCity, 720}, {500, courier.ZoneProvince, 900}, {1000, courier.ZoneCountry, 1620}, {3000, courier.ZoneProvince, 1350}} {
		if got, _ := s.Prices().Cap(tc.grams, tc.z); got != tc.want {
			t.Errorf("sim price %d g %s = %v, want %v", tc.grams, tc.z, got, tc.want)
		}
	}
	if _, err := s.Advance("SF0000000000000", courier.StatusPickedUp, ""); !onetrip.HasCode(err, onetrip.CodeNotFound) {
		t.Errorf("unknown waybill: %v", err)
	}
}
