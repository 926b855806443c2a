// Package couriersim is the built-in courier platform: it quotes, books and
// signs tracking events over HTTP the way a real courier's open platform
// does, so the delivery flow runs end to end in a demo and in tests, and a
// person can drive deliveries from a small web page.
package couriersim

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"math/big"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"time"

	"onetrip"
	"onetrip/catalog"
	"onetrip/courier"
	"onetrip/region"
	"onetrip/seal"
)

// DefaultPrefix is where the simulator is mounted.
const DefaultPrefix = "/sim/courier"

// Options configure a Sim; every field has a default.
type Options struct {
	Prefix     string             // the handler's path prefix; default "/sim/courier"
	NotifyURL  string             // onetrip's tracking webhook; SetNotifyURL sets it later
	Key        *seal.Key          // signs events; nil generates one
	Client     *http.Client       // posts events; nil is a client with a 10 s timeout
	Prices     courier.PriceTable // what the sim charges; default 90% of DefaultPriceTable
	Duplicates int                // extra copies of each event, to exercise replay handling
	Now        func() time.Time   // the clock of events; default time.Now
}

// Delivery is the outcome of sending one copy of an event.
type Delivery struct {
	Event    courier.TrackingEvent // as last sent (SentAt of the last attempt)
	Attempts int
	Code     int  // the last HTTP status; 0 when no answer came
	OK       bool // a 2xx arrived
}

// Retry policy of event delivery: at-least-once, like a real platform.
const (
	firstBackoff = 50 * time.Millisecond
	maxBackoff   = 5 * time.Second
	maxAttempts  = 20
	maxRequest   = 64 << 10
)

// Sim is the simulated courier platform, an http.Handler under its prefix.
type Sim struct {
	prefix  string
	key     *seal.Key
	client  *http.Client
	prices  courier.PriceTable
	dups    int
	now     func() time.Time
	regions courier.Regions
	mux     *http.ServeMux
	backoff time.Duration // first retry delay; tests shorten it
	ctx     context.Context
	cancel  context.CancelFunc

	wg sync.WaitGroup
	mu sync.Mutex
	// guarded by mu:
	notifyURL string
	byRef     map[string]string // booking reference → waybill
	ships     map[string]*entry // waybill → shipment
	order     []string          // waybills in booking order
	events    map[string]courier.TrackingEvent
	tails     map[string]chan struct{} // waybill → done of its last queued delivery
	sent      []Delivery
}

type entry struct {
	booking courier.Booking
	ship    courier.Shipment
	history []courier.TrackingEvent
}

var loadRegions = sync.OnceValues(func() (courier.Regions, error) {
	all, err := region.All()
	if err != nil {
		return nil, err
	}
	return courier.NewRegions(all), nil
})

var prefixRE = regexp.MustCompile(`^(/[A-Za-z0-9._-]+)+$`)

// New builds a simulator.
func New(opts Options) (*Sim, error) {
	if opts.Prefix == "" {
		opts.Prefix = DefaultPrefix
	}
	if !prefixRE.MatchString(opts.Prefix) {
		return nil, onetrip.Errorf("couriersim: prefix %q must be a path like /sim/courier", opts.Prefix)
	}
	if opts.Duplicates < 0 {
		return nil, onetrip.Errorf("couriersim: negative Duplicates %d", opts.Duplicates)
	}
	if len(opts.Prices.Bands) == 0 {
		opts.Prices = discounted(courier.DefaultPriceTable, 90)
	} else {
		opts.Prices = opts.Prices.Clone()
	}
	if err := opts.Prices.Check(); err != nil {
		return nil, err
	}
	if opts.Key == nil {
		k, err := seal.NewKey()
		if err != nil {
			return nil, err
		}
		opts.Key = k
	}
	if opts.Client == nil {
		opts.Client = &http.Client{Timeout: 10 * time.Second}
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	rs, err := loadRegions()
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &Sim{
		prefix: opts.Prefix, key: opts.Key, client: opts.Client, prices: opts.Prices, dups: opts.Duplicates,
		now: opts.Now, regions: rs, backoff: firstBackoff, ctx: ctx, cancel: cancel,
		notifyURL: opts.NotifyURL,
		byRef:     map[string]string{}, ships: map[string]*entry{}, events: map[string]courier.TrackingEvent{},
		tails: map[string]chan struct{}{},
	}
	s.routes()
	return s, nil
}

// discounted is t with every price at pct percent, rounded to the fen.
func discounted(t courier.PriceTable, pct int64) courier.PriceTable {
	out := t.Clone()
	for _, b := range out.Bands {
		for z, p := range b.Prices {
			b.Prices[z] = catalog.Amount((int64(p)*pct + 50) / 100)
		}
	}
	return out
}

// SetNotifyURL sets onetrip's webhook, for wiring where the URL is known
// only once the server listens. Deliveries already queued keep their URL.
func (s *Sim) SetNotifyURL(u string) {
	s.mu.Lock()
	s.notifyURL = u
	s.mu.Unlock()
}

// PublicKey is the key that verifies the sim's events.
func (s *Sim) PublicKey() *seal.PublicKey { return s.key.Public() }

// Prices is what the sim charges.
func (s *Sim) Prices() courier.PriceTable { return s.prices.Clone() }

// Close stops retrying: pending deliveries end at their next wait.
func (s *Sim) Close() { s.cancel() }

// Wait blocks until every queued delivery has finished (delivered or given up).
func (s *Sim) Wait() {
	// The lock orders Wait after any Add made under it (an HTTP handler's).
	s.mu.Lock()
	s.mu.Unlock()
	s.wg.Wait()
}

// Sent lists finished deliveries in the order they finished.
func (s *Sim) Sent() []Delivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Delivery(nil), s.sent...)
}

// Shipment is the sim's record of a waybill.
func (s *Sim) Shipment(waybill string) (courier.Shipment, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.ships[waybill]
	if !ok {
		return courier.Shipment{}, false
	}
	return e.ship, true
}

// quote is the sim's fee for a checked booking.
func (s *Sim) quote(b courier.Booking) (catalog.Amount, error) {
	if err := courier.CheckBooking(b, s.regions); err != nil {
		return 0, err
	}
	return s.prices.Cap(b.Grams, courier.ZoneOf(b.From.Region, b.To.Region))
}

// book records a booking under a fresh waybill; a reference booked before
// is a conflict, as a real platform refuses a second pickup for one order.
func (s *Sim) book(b courier.Booking) (courier.Booked, error) {
	fee, err := s.quote(b)
	if err != nil {
		return courier.Booked{}, err
	}
	b.From, b.To = courier.NormaliseAddress(b.From), courier.NormaliseAddress(b.To)
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, dup := s.byRef[b.Reference]; dup {
		return courier.Booked{}, onetrip.Conflict(courier.KeyDuplicate)
	}
	wb := s.newWaybillLocked()
	now := s.now().UTC()
	s.byRef[b.Reference] = wb
	s.ships[wb] = &entry{booking: b, ship: courier.Shipment{
		ID: wb, CaseID: b.Reference, CaseNumber: b.CaseNumber, Waybill: wb, Status: courier.StatusBooked,
		To: b.To, Grams: b.Grams, Fee: fee, BookedAt: now, UpdatedAt: now, Version: 1,
	}}
	s.order = append(s.order, wb)
	return courier.Booked{Waybill: wb, Fee: fee}, nil
}

var thirteenDigits = big.NewInt(1e13)

// newWaybillLocked draws "SF" and 13 random digits: random, so numbers stay
// unique across restarts of an in-memory sim.
func (s *Sim) newWaybillLocked() string {
	for {
		n, err := rand.Int(rand.Reader, thirteenDigits)
		if err != nil {
			panic(err) // crypto/rand does not fail
		}
		wb := "SF" + leftPad(n.String(), 13)
		if _, taken := s.ships[wb]; !taken {
			return wb
		}
	}
}

func leftPad(s string, n int) string { return strings.Repeat("0", max(0, n-len(s))) + s }

func newEventID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// statusArg is a status as a message argument, shown by its label.
type statusArg string

func (a statusArg) Label(lang onetrip.Lang) string {
	return courier.StatusLabel(string(a), string(lang))
}

// Advance is the courier's own progress on a waybill (what a driver's
// handset reports): it moves the sim's shipment by courier.Advance and
// sends the signed event to the notify URL (1 + Duplicates copies). A
// repeated status is refused here: the handset reports real steps only.
func (s *Sim) Advance(waybill, status, reason string) (courier.TrackingEvent, error) {
	return s.advance(waybill, status, reason, "")
}

func (s *Sim) advance(waybill, status, reason, location string) (courier.TrackingEvent, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	en, ok := s.ships[waybill]
	if !ok {
		return courier.TrackingEvent{}, onetrip.NotFound("couriersim.waybill.not_found", waybill)
	}
	now := s.now().UTC()
	ev := courier.TrackingEvent{
		ID: newEventID(), Waybill: waybill, Status: status, At: now, SentAt: now,
		Reason: strings.TrimSpace(reason), Location: strings.TrimSpace(location),
	}
	if ev.Location == "" {
		ev.Location = s.location(en.booking, status)
	}
	if err := courier.CheckEvent(ev); err != nil {
		return courier.TrackingEvent{}, err
	}
	next, changed, err := courier.Advance(en.ship, ev)
	if err != nil {
		return courier.TrackingEvent{}, err
	}
	if !changed {
		return courier.TrackingEvent{}, onetrip.Conflict("courier.shipment.transition", statusArg(en.ship.Status), statusArg(status))
	}
	en.ship = next
	en.history = append(en.history, ev)
	s.events[ev.ID] = ev
	s.enqueueLocked(ev, 1+s.dups)
	return ev, nil
}

// location is where a step happens by default: at the centre for a pickup
// or a return, at the destination city's depot in transit, at the
// recipient's for the last mile.
func (s *Sim) location(b courier.Booking, status string) string {
	names := func(code string) string {
		r, ok := s.regions.Lookup(code)
		if !ok {
			return ""
		}
		return r.Name
	}
	switch status {
	case courier.StatusPickedUp, courier.StatusReturned:
		return courier.RegionPath(b.From.Region, names)
	case courier.StatusInTransit:
		if len(b.To.Region) >= 4 {
			if p := courier.RegionPath(b.To.Region[:4]+"00", names); p != "" {
				return p + "分拨中心"
			}
		}
		return ""
	}
	return courier.RegionPath(b.To.Region, names)
}

// Resend queues an event again (same ID, fresh SentAt and signature), as a
// platform's "push again" button does.
func (s *Sim) Resend(eventID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	ev, ok := s.events[eventID]
	if !ok {
		return onetrip.NotFound("couriersim.event.not_found", eventID)
	}
	if s.notifyURL == "" {
		return onetrip.Invalid("couriersim.notify_url")
	}
	s.enqueueLocked(ev, 1)
	return nil
}

// enqueueLocked queues copies of an event behind the waybill's earlier
// deliveries, so one shipment's events arrive in order however long a
// retry takes. Without a notify URL nothing is sent.
func (s *Sim) enqueueLocked(ev courier.TrackingEvent, copies int) {
	url := s.notifyURL
	if url == "" {
		return
	}
	for range copies {
		prev := s.tails[ev.Waybill]
		done := make(chan struct{})
		s.tails[ev.Waybill] = done
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			defer close(done)
			if prev != nil {
				select {
				case <-prev:
				case <-s.ctx.Done():
				}
			}
			d := s.deliver(url, ev)
			s.mu.Lock()
			s.sent = append(s.sent, d)
			if s.tails[ev.Waybill] == done {
				delete(s.tails, ev.Waybill)
			}
			s.mu.Unlock()
		}()
	}
}

// deliver posts one copy until a 2xx, retrying network errors, 5xx, 409
// and 429 with doubling backoff; any other 4xx is final (the receiver
// refused the event itself).
func (s *Sim) deliver(url string, ev courier.TrackingEvent) Delivery {
	d := Delivery{Event: ev}
	wait := s.backoff
	for attempt := 1; attempt <= maxAttempts; attempt++ {
		if s.ctx.Err() != nil {
			return d
		}
		ev.SentAt = s.now().UTC()
		d.Event, d.Attempts = ev, attempt
		d.Code = s.post(url, ev)
		switch {
		case d.Code >= 200 && d.Code < 300:
			d.OK = true
			return d
		case d.Code >= 400 && d.Code < 500 && d.Code != http.StatusConflict && d.Code != http.StatusTooManyRequests:
			return d
		}
		if attempt == maxAttempts {
			break
		}
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-s.ctx.Done():
			t.Stop()
			return d
		}
		wait = min(2*wait, maxBackoff)
	}
	return d
}

// post sends one signed copy and returns the status, 0 when none came.
func (s *Sim) post(url string, ev courier.TrackingEvent) int {
	body, sig, err := courier.SignEvent(s.key, ev)
	if err != nil {
		return 0
	}
	req, err := http.NewRequestWithContext(s.ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(courier.SignatureHeader, sig)
	resp, err := s.client.Do(req)
	if err != nil {
		return 0
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxRequest))
	resp.Body.Close()
	return resp.StatusCode
}
