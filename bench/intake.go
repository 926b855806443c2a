package bench

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"onetrip"
	"onetrip/app"
	"onetrip/auth"
	"onetrip/blob"
	"onetrip/idcode"
	"onetrip/server"
	"onetrip/sqlstore"
	"onetrip/sqlstore/sqltest"
)

// Rate is one measured run.
type Rate struct {
	N         int           `json:"n"`
	Seconds   float64       `json:"seconds"`
	PerSecond float64       `json:"per_second"`
	P50       time.Duration `json:"p50"`
	P99       time.Duration `json:"p99"`
}

func (r Rate) String() string {
	return fmt.Sprintf("%d in %.2fs = %.0f/s (p50 %v, p99 %v)", r.N, r.Seconds, r.PerSecond, r.P50.Round(10*time.Microsecond), r.P99.Round(10*time.Microsecond))
}

func rate(n int, d time.Duration, lat []time.Duration) Rate {
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	r := Rate{N: n, Seconds: d.Seconds(), PerSecond: float64(n) / d.Seconds()}
	if len(lat) > 0 {
		r.P50, r.P99 = lat[len(lat)/2], lat[min(len(lat)-1, len(lat)*99/100)]
	}
	return r
}

// IntakeOptions size the intake benchmark.
type IntakeOptions struct {
	Cases   int    // accepted cases per run (default 6000)
	Clients int    // concurrent clients (default 32)
	DSN     string // a PostgreSQL server (each store gets a database of its own), or "" for SQLite
	// Nodes is how many servers share the API's PostgreSQL database, the
	// clients spread over them (default 1; SQLite has one).
	Nodes int
	Dir   string // data directory (a temporary one by the caller)
	Log   *slog.Logger
	// Refresh, when set, folds the measures' projection this often while
	// the clients run (the job does it every minute); NoStatsIndex drops
	// the index intake keeps for it: together they measure what keeping
	// the measures current costs intake (issue 12).
	Refresh      time.Duration
	NoStatsIndex bool
}

// IntakeResult is the API rate against the bare baseline of the same run.
type IntakeResult struct {
	API      Rate    `json:"api"`
	Baseline Rate    `json:"baseline"`
	Ratio    float64 `json:"ratio"` // API / baseline
	// BytesPerCase is how much the API's database grew per accepted case
	// (its rows, indexes, events and idempotency record).
	BytesPerCase float64 `json:"bytes_per_case"`
}

// Intake measures accepted cases per second through POST /api/v1/cases
// (a 3-step bundle, 6 materials, all received: every case is accepted with
// its number, due date, 3 tasks, a trip and its events), then the bare
// baseline: the same rows inserted with plain SQL, one transaction per
// case, by as many goroutines, into a fresh database of the same engine.
func Intake(ctx context.Context, o IntakeOptions) (IntakeResult, error) {
	if o.Cases == 0 {
		o.Cases = 6000
	}
	if o.Clients == 0 {
		o.Clients = 32
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	var res IntakeResult
	api, perCase, err := intakeAPI(ctx, o)
	if err != nil {
		return res, err
	}
	res.BytesPerCase = perCase
	base, err := intakeBaseline(ctx, o)
	if err != nil {
		return res, err
	}
	res.API, res.Baseline, res.Ratio = api, base, api.PerSecond/base.PerSecond
	return res, nil
}

// openBenchStore opens a fresh store for one part of a run: SQLite in a
// directory of its own, or on PostgreSQL (o.DSN names the server) a new
// database, dropped by done — the API and its baseline never share one.
func openBenchStore(ctx context.Context, o IntakeOptions, sub string) (*sqlstore.Store, func(), error) {
	cfg := sqlstore.Config{DataDir: filepath.Join(o.Dir, sub), Logger: o.Log}
	drop := func() {}
	if o.DSN != "" {
		name, dsn, err := sqltest.CreateDatabase(o.DSN, "bench_"+sub)
		if err != nil {
			return nil, nil, err
		}
		cfg.DSN, drop = dsn, func() { sqltest.DropDatabase(o.DSN, name) }
	}
	s, err := app.OpenStore(ctx, cfg)
	if err != nil {
		drop()
		return nil, nil, err
	}
	return s, func() { s.Close(); drop() }, nil
}

func intakeAPI(ctx context.Context, o IntakeOptions) (Rate, float64, error) {
	s, done, err := openBenchStore(ctx, o, "api")
	if err != nil {
		return Rate{}, 0, err
	}
	defer done()
	if err := addBenchCatalog(ctx, s); err != nil {
		return Rate{}, 0, err
	}
	if o.NoStatsIndex {
		if err := s.BenchDropStatsIndex(ctx); err != nil {
			return Rate{}, 0, err
		}
	}
	if o.Refresh > 0 {
		stop := make(chan struct{})
		folded := make(chan error, 1)
		go func() {
			tick := time.NewTicker(o.Refresh)
			defer tick.Stop()
			for {
				select {
				case <-stop:
					_, err := s.RefreshStats(ctx) // the last fold, so every case was read
					folded <- err
					return
				case <-tick.C:
					if _, err := s.RefreshStats(ctx); err != nil {
						folded <- err
						return
					}
				}
			}
		}()
		defer func() { close(stop); <-folded }()
	}
	saved := auth.DefaultParams
	auth.DefaultParams.Memory, auth.DefaultParams.Time = 1024, 1
	u, err := s.CreateUser(ctx, sqlstore.NewUser{Username: "bench.clerk", Role: onetrip.RoleClerk, Region: "330802", Center: "330802-center", Password: "bench-password-1"})
	auth.DefaultParams = saved
	if err != nil {
		return Rate{}, 0, err
	}
	tok, _, err := s.IssueToken(ctx, u.ID, "bench", 0)
	if err != nil {
		return Rate{}, 0, err
	}
	blobs, err := blob.Open(filepath.Join(o.Dir, "api", "blobs"))
	if err != nil {
		return Rate{}, 0, err
	}
	hs := httptest.NewServer(server.New(server.Options{Store: s, Blobs: blobs, Logger: o.Log, Version: "bench"}))
	defer hs.Close()
	urls := []string{hs.URL}
	for n := 1; n < o.Nodes && o.DSN != ""; n++ { // more nodes on the same database
		other, err := sqlstore.Open(ctx, sqlstore.Config{DSN: s.DSN(), DataDir: filepath.Join(o.Dir, fmt.Sprintf("api-%d", n)), Logger: o.Log})
		if err != nil {
			return Rate{}, 0, err
		}
		defer other.Close()
		ohs := httptest.NewServer(server.New(server.Options{Store: other, Blobs: blobs, Logger: o.Log, Version: "bench"}))
		defer ohs.Close()
		urls = append(urls, ohs.URL)
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConns: o.Clients * 2, MaxIdleConnsPerHost: o.Clients * 2, IdleConnTimeout: time.Minute}}

	var marks []map[string]string
	for i := 1; i <= 3; i++ {
		for j := 1; j <= 2; j++ {
			marks = append(marks, map[string]string{"spec": fmt.Sprintf("330-BNCH-%03d.M%02d", i, j), "status": "received"})
		}
	}
	body, _ := json.Marshal(map[string]any{"bundle": BundleCode, "region": "330802", "channel": "window",
		"applicant": map[string]any{"type": "person", "name": "基准申请人", "id_number": idcode.MakeCitizenID("330802", time.Date(1980, 1, 2, 0, 0, 0, 0, time.UTC), 101)},
		"materials": marks, "form": map[string]string{"备注": "基准"}})

	send := func(i int) (time.Duration, error) {
		req, _ := http.NewRequestWithContext(ctx, "POST", urls[(i%len(urls)+len(urls))%len(urls)]+"/api/v1/cases", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Idempotency-Key", fmt.Sprintf("bench-%d", i))
		t0 := time.Now()
		resp, err := client.Do(req)
		if err != nil {
			return 0, err
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		d := time.Since(t0)
		if resp.StatusCode != 201 || !bytes.Contains(b, []byte(`"status":"accepted"`)) {
			return 0, fmt.Errorf("case %d: %d %s", i, resp.StatusCode, b)
		}
		return d, nil
	}
	// Warm up: connections, caches.
	for i := 0; i < o.Clients; i++ {
		if _, err := send(-1 - i); err != nil {
			return Rate{}, 0, err
		}
	}
	before, err := s.SizeBytes(ctx)
	if err != nil {
		return Rate{}, 0, err
	}
	r, err := run(o.Cases, o.Clients, send)
	if err != nil {
		return r, 0, err
	}
	after, err := s.SizeBytes(ctx)
	return r, float64(after-before) / float64(o.Cases), err
}

// run calls f for 0..n-1 from `clients` goroutines and measures.
func run(n, clients int, f func(i int) (time.Duration, error)) (Rate, error) {
	var next atomic.Int64
	lat := make([]time.Duration, n)
	var firstErr error
	var mu sync.Mutex
	var wg sync.WaitGroup
	start := time.Now()
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				d, err := f(i)
				if err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
					return
				}
				lat[i] = d
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return Rate{}, firstErr
	}
	return rate(n, time.Since(start), lat), nil
}

// intakeBaseline inserts the rows an accepted case writes — counter, case,
// 6 materials, 3 tasks, a trip, 4 events, the idempotency record — with
// plain SQL, one transaction per case.
func intakeBaseline(ctx context.Context, o IntakeOptions) (Rate, error) {
	s, done, err := openBenchStore(ctx, o, "baseline")
	if err != nil {
		return Rate{}, err
	}
	defer done()
	db := s.DB()
	now := sqlstore.TS(time.Now())
	insert := func(i int) (time.Duration, error) {
		t0 := time.Now()
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return 0, err
		}
		if err := baselineCase(ctx, tx, i, now); err != nil {
			tx.Rollback()
			return 0, err
		}
		if err := tx.Commit(); err != nil {
			return 0, err
		}
		return time.Since(t0), nil
	}
	return run(o.Cases, o.Clients, insert)
}

func baselineCase(ctx context.Context, tx *sql.Tx, i int, now string) error {
	id := sqlstore.NewID()
	var n int
	if err := tx.QueryRowContext(ctx, `INSERT INTO case_counters (region, day, last) VALUES ('330802', '2026-11-27', 1)
		ON CONFLICT (region, day) DO UPDATE SET last = case_counters.last + 1 RETURNING last`).Scan(&n); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO cases (id, number, region, center_id, item_code, bundle_code, catalog_version, step_versions, title,
		channel, status, applicant_type, applicant_name, applicant_id, applicant_user, agent, form, delivery, max_visits, promised_days, lead_department,
		accepted_at, due_date, deferred_due, decision, decided_at, closed_at, notices, second_notice, trips_total, trips_counted, visit_breach, refusal,
		created_at, created_by, updated_at, version, event_seq, event_hash) VALUES ($1,$2,'330802',NULL,NULL,'B-BENCH-3STEP',1,
		'{"330-BNCH-001":1,"330-BNCH-002":1,"330-BNCH-003":1}','基准测试一件事','window','accepted','person','基准申请人','330802198001021012',NULL,NULL,
		'{"备注":"基准"}','courier',1,6,NULL,$3,'2026-12-07',NULL,NULL,NULL,NULL,0,false,1,1,false,NULL,$3,'bench',$3,1,4,'x')`,
		id, fmt.Sprintf("330802-20261127-%06d", n), now); err != nil {
		return err
	}
	var mats []string
	var args []any
	for k := 0; k < 6; k++ {
		mats = append(mats, fmt.Sprintf("($%d,$%d,%d,'基准申请表','applicant',true,'received','','','[]','[\"x\"]',NULL)", len(args)+1, len(args)+2, k+1))
		args = append(args, id, fmt.Sprintf("330-BNCH-00%d.M%02d", k/2+1, k%2+1))
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO case_materials (case_id, entry_key, seq, name, source, required, state, reason, ref, files, spec_ids, due_date) VALUES `+join(mats), args...); err != nil {
		return err
	}
	var tasks []string
	args = args[:0]
	for k := 0; k < 3; k++ {
		tasks = append(tasks, fmt.Sprintf("($%d,$%d,$%d,1,'330802-market','[]',false,'ready',1,2,NULL,'2026-12-01',NULL,NULL,'','{}',%d)", len(args)+1, len(args)+2, len(args)+3, k+1))
		args = append(args, sqlstore.NewID(), id, fmt.Sprintf("330-BNCH-00%d", k+1))
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO tasks (id, case_id, step, item_version, department_id, after_steps, is_lead, status, version, limit_days,
		ready_at, due_date, decided_at, decided_by, opinion, outputs, seq) VALUES `+join(tasks), args...); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO trips (case_id, seq, at, purpose, outcome, voluntary, note, recorded_by) VALUES ($1,1,$2,'submit','accepted',false,'','bench')`, id, now); err != nil {
		return err
	}
	var evs []string
	args = args[:0]
	for k := 0; k < 4; k++ {
		evs = append(evs, fmt.Sprintf("($%d,%d,'case.event','bench',$%d,'{}','prev','hash')", len(args)+1, k+1, len(args)+2))
		args = append(args, id, now)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO events (case_id, seq, type, actor, at, data, prev_hash, hash) VALUES `+join(evs), args...); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO idempotency (principal, key, body_hash, status, response, created_at) VALUES ('bench', $1, 'h', 201, '{}', $2)`,
		fmt.Sprintf("k-%d-%s", i, id), now)
	return err
}

func join(parts []string) string {
	var b bytes.Buffer
	for i, p := range parts {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(p)
	}
	return b.String()
}
