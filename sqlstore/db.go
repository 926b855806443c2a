// Package sqlstore keeps onetrip's records in SQL: SQLite (embedded, the
// default) or PostgreSQL (production, many nodes), with one portable SQL and
// the dialect differences in dialect.go. It stores and orchestrates
// transactions; the rules themselves live in the domain packages.
package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"onetrip/sms"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
	_ "github.com/jackc/pgx/v5/stdlib" // driver "pgx"
	"github.com/riverqueue/river/riverdriver"
	_ "modernc.org/sqlite" // driver "sqlite"

	"onetrip"
	"onetrip/supervision"
	"onetrip/workday"
)

// Config says where the data lives.
type Config struct {
	// DSN of a PostgreSQL database (postgres://…). Empty means the embedded
	// SQLite database in DataDir.
	DSN string
	// DataDir holds the SQLite file (and, for other packages, blobs and the
	// master key). Created with mode 0700 when missing.
	DataDir string
	Logger  *slog.Logger
	// WriteConns and ReadConns size a PostgreSQL node's two pools (0: the
	// defaults below). A node holds at most their sum; several nodes on one
	// server must stay under its max_connections (100 by default).
	WriteConns, ReadConns int
}

// The default pools of a PostgreSQL node: 16 connections for transactions
// and 8 for plain reads, 24 in all, so four nodes fit a default server.
// More connections than cores only queue inside PostgreSQL; requests wait
// for a connection in Go instead, under their deadline.
const (
	PostgresWriteConns = 16
	PostgresReadConns  = 8
)

// Store is the database. Safe for concurrent use.
type Store struct {
	w   *sql.DB // writes and read-your-writes; on SQLite exactly one connection
	r   *reader // plain reads; on PostgreSQL the same pool as w
	d   dialect
	log *slog.Logger
	// nowFunc is the store's clock when a test or benchmark set one
	// (SetClock); background jobs read it while a test moves it.
	nowFunc atomic.Pointer[func() time.Time]
	// rectLimits are the rectification limits (SetRectLimits); nil is the default.
	rectLimits atomic.Pointer[supervision.Limits]
	// frozen caches published catalogue versions, which never change.
	frozen   *versionCache
	cal      refreshed[*workday.Calendar]
	stmts    stmtCache
	batch    *batcher
	ckpt     *checkpointer // SQLite: WAL checkpoints off the writer's path (checkpoint.go)
	resolved resolvedCache
	hooks    refreshed[[]Webhook]
	numbers  numberBlocks
	jobs     Jobs
	// dataDir holds master.key; seals caches seal keys (seals.go).
	dataDir  string
	seals    sealCache
	revoked  revocationIndex
	idemTTL  time.Duration               // how long idempotent answers are kept (idempotency.go)
	metrics  metricsCache                // the /metrics snapshot (metrics.go)
	sharing  sharingState                // data items, provider, access log (sharing.go)
	pay      paymentState                // the payment platform and its key (payments.go)
	courier  courierState                // the courier platform, its key, regions (courier.go)
	sms      atomic.Pointer[sms.Gateway] // the SMS gateway (accounts.go)
	identity identityKeys                // the key SMS codes are hashed under (accounts.go)
	notify   notifyState                 // notifications of case events (notify.go)
	// officials are staff accounts' display names (officials.go).
	officials refreshed[map[string]string]
	// stopListen ends the revocation listener (PostgreSQL), which has a
	// connection of its own to dsn.
	stopListen func()
	dsn        string
}

// IsPostgres reports whether a DSN names a PostgreSQL database.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open connects and applies pending migrations.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	s, err := open(cfg)
	if err != nil {
		return nil, err
	}
	if err := s.Migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	if s.d.revocations != "" {
		lctx, cancel := context.WithCancel(context.Background())
		s.stopListen = cancel
		go s.listenRevocations(lctx, s.dsn)
	}
	return s, nil
}

// OpenNoMigrate connects without migrating (for `onetrip migrate --status`
// and readiness checks of an older schema).
func OpenNoMigrate(cfg Config) (*Store, error) { return open(cfg) }

func open(cfg Config) (*Store, error) {
	log := cfg.Logger
	if log == nil {
		log = slog.Default()
	}
	s := &Store{log: log, frozen: newVersionCache(), dataDir: cfg.DataDir}
	s.cal = refreshed[*workday.Calendar]{ttl: calendarTTL, load: s.loadCalendar}
	s.hooks = refreshed[[]Webhook]{ttl: hookTTL, load: s.loadHooks}
	s.initSharing()
	s.officials = refreshed[map[string]string]{ttl: officialsTTL, load: s.loadOfficialNames}
	if cfg.DSN != "" {
		if !IsPostgres(cfg.DSN) {
			return nil, fmt.Errorf("unsupported database DSN (want postgres://…): %q", redactDSN(cfg.DSN))
		}
		// Two pools: transactions on one, plain reads on the other. A read
		// never waits for a row lock, so a transaction that reads outside
		// itself (a cache filling, a catalogue version) always gets its
		// answer, even when every write connection is taken by
		// transactions waiting on its locks.
		w, err := sql.Open("pgx", cfg.DSN)
		if err != nil {
			return nil, err
		}
		r, err := sql.Open("pgx", cfg.DSN)
		if err != nil {
			w.Close()
			return nil, err
		}
		wn, rn := cmp.Or(cfg.WriteConns, PostgresWriteConns), cmp.Or(cfg.ReadConns, PostgresReadConns)
		w.SetMaxOpenConns(wn)
		w.SetMaxIdleConns(wn)
		w.SetConnMaxIdleTime(5 * time.Minute)
		r.SetMaxOpenConns(rn)
		r.SetMaxIdleConns(rn)
		r.SetConnMaxIdleTime(5 * time.Minute)
		s.w, s.r, s.d, s.dsn = w, &reader{db: r}, postgres, cfg.DSN
		return s, nil
	}
	dir := cfg.DataDir
	if dir == "" {
		dir = "onetrip-data"
		s.dataDir = dir
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	path := filepath.Join(dir, "onetrip.db")
	base := "file:" + path + "?_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_pragma=synchronous(NORMAL)&_pragma=temp_store(MEMORY)"
	// One writer connection: SQLite allows one writer at a time anyway, and
	// queueing in Go instead of in SQLite means "database is locked" cannot
	// reach a user. IMMEDIATE takes the write lock at BEGIN.
	w, err := sql.Open("sqlite", base+"&_txlock=immediate&_pragma=wal_autocheckpoint(0)")
	if err != nil {
		return nil, err
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	r, err := sql.Open("sqlite", base+"&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return nil, err
	}
	n := max(4, 2*runtime.NumCPU())
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	s.w, s.r, s.d = w, &reader{db: r, cache: true, stmts: map[string]*sql.Stmt{}}, sqlite
	if s.ckpt, err = startCheckpointer(base); err != nil {
		w.Close()
		r.Close()
		return nil, err
	}
	if s.d.groupCommit {
		s.batch = newBatcher(s)
	}
	return s, nil
}

// Close releases the connections.
func (s *Store) Close() error {
	s.pay.stopSettler()
	s.sharing.log.shutdown()
	if s.stopListen != nil {
		s.stopListen()
	}
	if s.batch != nil {
		s.batch.stop()
	}
	s.stmts.close()
	var err error
	if s.ckpt != nil {
		err = s.ckpt.close()
		_, cerr := s.w.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
		err, s.ckpt = errors.Join(err, cerr), nil
	}
	err = errors.Join(err, s.w.Close())
	if s.r.db != s.w {
		err = errors.Join(err, s.r.close())
	}
	return err
}

// DSN is the PostgreSQL database this store uses ("" on SQLite), for
// another node of the same database.
func (s *Store) DSN() string { return s.dsn }

// Engine names the database engine: "sqlite" or "postgres".
func (s *Store) Engine() string { return s.d.name }

// DB exposes the write pool for the job queue, which must share the
// store's transactions (a job is inserted with the change that causes it).
func (s *Store) DB() *sql.DB { return s.w }

// RiverDriver is the job queue's driver for this engine, on the write pool.
func (s *Store) RiverDriver() riverdriver.Driver[*sql.Tx] { return s.d.river(s.w) }

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if err := s.w.PingContext(ctx); err != nil {
		return err
	}
	return s.r.PingContext(ctx)
}

// Tx runs fn in one write transaction: committed when fn returns nil, rolled
// back otherwise (and on panic). Every state change and its event go through
// here, so nothing is half written. On SQLite concurrent callers are group
// committed: the single writer runs several of them in one transaction, each
// under its own savepoint, so one caller's failure undoes only its own work
// and the commit cost is shared (see batch.go).
func (s *Store) Tx(ctx context.Context, fn func(tx *Tx) error) error {
	if s.batch != nil {
		return s.batch.do(ctx, fn)
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return s.mapErr(err)
	}
	if err := callTx(fn, &Tx{tx: tx, s: s}); err != nil {
		tx.Rollback()
		return s.mapErr(err)
	}
	return s.mapErr(tx.Commit())
}

// callTx runs fn, turning a panic into an error so a shared transaction
// survives one caller's bug.
func callTx(fn func(tx *Tx) error, tx *Tx) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = onetrip.Internal(fmt.Errorf("panic in transaction: %v\n%s", p, debug.Stack()))
		}
	}()
	return fn(tx)
}

// mapErr turns driver errors into the error model; domain errors pass through.
func (s *Store) mapErr(err error) error {
	if err == nil {
		return nil
	}
	var e *onetrip.Error
	if errors.As(err, &e) {
		return err
	}
	if s.d.isUnique(err) {
		return &onetrip.Error{Code: onetrip.CodeConflict, Key: "store.duplicate", Err: err}
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return onetrip.Internal(err)
}

// NewID returns a time-ordered unique id (UUIDv7), made in Go so both engines
// agree and ids can be known before the insert.
func NewID() string { return uuid.Must(uuid.NewV7()).String() }

// TimeFormat is the one form times are stored in (onetrip.TimeLayout).
const TimeFormat = onetrip.TimeLayout

// TS formats a time for storage.
// Now is the store's clock, in UTC: the real time unless SetClock set one.
func (s *Store) Now() time.Time {
	if f := s.nowFunc.Load(); f != nil {
		return (*f)().UTC()
	}
	return time.Now().UTC()
}

// SetClock makes f the store's clock (tests and benchmarks pin "today");
// safe while background jobs read it.
func (s *Store) SetClock(f func() time.Time) {
	if f == nil {
		s.nowFunc.Store(nil) // back to the wall clock
		return
	}
	s.nowFunc.Store(&f)
}

func TS(t time.Time) string { return t.UTC().Format(TimeFormat) }

// ParseTS reads a stored time.
func ParseTS(s string) (time.Time, error) { return time.Parse(TimeFormat, s) }

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }

func mustTS(s string) time.Time {
	t, err := ParseTS(s)
	if err != nil {
		return time.Time{}
	}
	return t
}

func redactDSN(dsn string) string {
	if i := strings.Index(dsn, "@"); i > 0 {
		if j := strings.Index(dsn, "://"); j > 0 && j < i {
			return dsn[:j+3] + "…" + dsn[i:]
		}
	}
	return dsn
}

func init() {
	onetrip.Register(onetrip.Messages{
		"store.duplicate": {"记录已存在", "the record already exists"},
	})
}

// column reads a query's one text column on the read pool, in order.
func (s *Store) column(ctx context.Context, query string, args ...any) ([]string, error) {
	rows, err := s.r.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, s.mapErr(err)
		}
		out = append(out, v)
	}
	return out, s.mapErr(rows.Err())
}

// blobCases are the cases a file is attached to.
func (s *Store) blobCases(ctx context.Context, blobID string) ([]string, error) {
	return s.column(ctx, `SELECT DISTINCT case_id FROM case_files WHERE blob_id = $1`, blobID)
}
