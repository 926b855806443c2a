package httpx

import (
	"net"
	"net/http"
	"sync"
	"time"

	"onetrip"
)

// Limiter bounds how fast each client may call a public service (token
// bucket per client address: Rate requests a second on average, bursts of
// Burst). A node keeps its own buckets; with several nodes a client gets
// each node's allowance, which bounds the load per node, the purpose.
type Limiter struct {
	Rate  float64
	Burst float64

	mu      sync.Mutex
	buckets map[string]*bucket
	swept   time.Time
	now     func() time.Time
}

type bucket struct {
	tokens float64
	at     time.Time
}

// NewLimiter makes a limiter; rate ≤ 0 allows everything.
func NewLimiter(rate, burst float64) *Limiter {
	return &Limiter{Rate: rate, Burst: max(burst, 1), buckets: map[string]*bucket{}, now: time.Now}
}

// Allow takes a token for the client; false when it has none left, with how
// long until it has one.
func (l *Limiter) Allow(client string) (bool, time.Duration) {
	if l == nil || l.Rate <= 0 {
		return true, 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if now.Sub(l.swept) > time.Minute { // forget clients whose bucket is full again
		for k, b := range l.buckets {
			if now.Sub(b.at).Seconds()*l.Rate >= l.Burst {
				delete(l.buckets, k)
			}
		}
		l.swept = now
	}
	b, ok := l.buckets[client]
	if !ok {
		b = &bucket{tokens: l.Burst, at: now}
		l.buckets[client] = b
	}
	b.tokens = min(l.Burst, b.tokens+now.Sub(b.at).Seconds()*l.Rate)
	b.at = now
	if b.tokens < 1 {
		return false, time.Duration((1 - b.tokens) / l.Rate * float64(time.Second))
	}
	b.tokens--
	return true, 0
}

// Check takes a token for the request's client: nil, or a too-many-requests
// error saying in how many seconds to try again (the error model turns it
// into 429 with Retry-After).
func (l *Limiter) Check(r *http.Request) error {
	if ok, wait := l.Allow(ClientAddr(r)); !ok {
		return onetrip.E(onetrip.CodeTooMany, "http.rate_limited", max(1, int(wait.Seconds()+0.999)))
	}
	return nil
}

// ClientAddr is the address a request comes from, the unit a limit applies
// to: the connection's (a proxy in front must pass the client's own, e.g.
// by PROXY protocol; headers a client can set itself are not trusted).
func ClientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
