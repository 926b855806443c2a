// Package server assembles the HTTP surface of one onetrip node: health and
// readiness, Prometheus metrics, the JSON API and the web pages, behind
// logging, panic recovery and security headers.
package server

import (
	"cmp"
	"context"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"onetrip"
	"onetrip/blob"
	"onetrip/httpapi"
	"onetrip/httpx"
	"onetrip/qa"
	"onetrip/sqlstore"
	"onetrip/web"
)

// Options configure a node.
type Options struct {
	Store *sqlstore.Store
	Blobs *blob.Store
	// Archive is the archive storage (packages); nil: no archive downloads.
	Archive *blob.Store
	Logger  *slog.Logger
	Version string
	// SecureCookies marks cookies Secure (behind TLS).
	SecureCookies bool
	// Demo shows the demo banner on every page.
	Demo bool
	// QARate and QABurst bound how fast one client may ask questions (a
	// second, and a burst); defaults httpapi.DefaultQARate and
	// DefaultQABurst; a negative rate does not limit (benchmarks).
	QARate, QABurst float64
	// RequestTimeout bounds every request's work (its context's deadline):
	// a request waiting on the database gives up with 503 instead of
	// waiting forever. Default DefaultRequestTimeout.
	RequestTimeout time.Duration
	// Mounts are further handlers by path prefix: the built-in payment
	// and courier simulators (app.Simulators) in demo and tests.
	Mounts map[string]http.Handler
	// FormOrigins are other sites a form may lead to (CSP form-action): the
	// payment platform's, whose pay page 在线缴费 redirects to.
	FormOrigins []string
}

// DefaultRequestTimeout is the deadline of a request: longer than any page
// or export takes, shorter than a client's patience.
const DefaultRequestTimeout = 20 * time.Second

// Server is one node's HTTP handler.
type Server struct {
	opts     Options
	handler  http.Handler
	API      *httpapi.API
	QA       *qa.Engine
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	csp      string
}

// New builds the handler.
func New(opts Options) *Server {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	opts.RequestTimeout = cmp.Or(opts.RequestTimeout, DefaultRequestTimeout)
	s := &Server{opts: opts, registry: prometheus.NewRegistry(),
		csp: "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'; form-action " +
			strings.Join(append([]string{"'self'"}, opts.FormOrigins...), " ")}
	s.registry.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	s.requests = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "onetrip_http_requests_total",
		Help: "HTTP requests by route pattern, method and status."}, []string{"route", "method", "status"})
	s.duration = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "onetrip_http_request_duration_seconds",
		Help: "HTTP request latency by route pattern.", Buckets: prometheus.ExponentialBuckets(0.0005, 2, 16)}, []string{"route"})
	s.registry.MustRegister(s.requests, s.duration, newDomainCollector(opts.Store))

	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		httpx.WriteJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		if err := opts.Store.Ready(r.Context()); err != nil {
			opts.Logger.Warn("not ready", "err", err)
			httpx.WriteJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "reason": err.Error()})
			return
		}
		httpx.WriteJSON(w, http.StatusOK, map[string]any{"status": "ready", "engine": opts.Store.Engine(), "schema": sqlstore.LatestVersion()})
	})
	mux.Handle("GET /metrics", promhttp.HandlerFor(s.registry, promhttp.HandlerOpts{}))
	s.API = httpapi.New(opts.Store, opts.Blobs, opts.Logger, opts.Version)
	s.QA = qa.NewEngine(opts.Store.QA())
	limit := httpx.NewLimiter(cmp.Or(opts.QARate, httpapi.DefaultQARate), cmp.Or(opts.QABurst, httpapi.DefaultQABurst))
	s.API.UseQA(s.QA, limit)
	if opts.Archive != nil {
		s.API.UseArchive(opts.Archive)
	}
	mux.Handle("/api/", s.API)
	for prefix, h := range opts.Mounts {
		mux.Handle(prefix, h)
	}
	mux.Handle("/", web.New(web.Options{Store: opts.Store, Blobs: opts.Blobs, Logger: opts.Logger, SecureCookies: opts.SecureCookies, Demo: opts.Demo,
		QA: s.QA, QALimit: limit, Archive: opts.Archive}))
	s.handler = s.wrap(mux)
	return s
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// wrap adds security headers, panic recovery, metrics and access logs.
func (s *Server) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Content-Security-Policy", s.csp)
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			if p := recover(); p != nil {
				s.opts.Logger.Error("panic", "method", r.Method, "path", r.URL.Path, "panic", p, "stack", string(debug.Stack()))
				if sw.status == 0 {
					httpx.WriteError(sw, r, onetrip.Internal(nil))
				}
			}
			pattern := r.Pattern
			if pattern == "" {
				pattern = "unmatched"
			}
			d := time.Since(start)
			s.requests.WithLabelValues(pattern, r.Method, strconv.Itoa(sw.status)).Inc()
			s.duration.WithLabelValues(pattern).Observe(d.Seconds())
			if s.opts.Logger.Enabled(r.Context(), slog.LevelDebug) || sw.status >= 500 {
				s.opts.Logger.Log(r.Context(), slog.LevelInfo, "http", "method", r.Method, "path", r.URL.Path, "status", sw.status, "dur", d)
			}
		}()
		ctx, cancel := context.WithTimeout(r.Context(), s.opts.RequestTimeout)
		defer cancel()
		next.ServeHTTP(sw, r.WithContext(ctx))
	})
}

// Shutdown is a hook for background work to stop with the HTTP server.
func (s *Server) Shutdown(ctx context.Context) error { return nil }
