package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"sync"

	"onetrip"
)

// Tx is a write transaction. On SQLite its statements are prepared once and
// reused across transactions: modernc's parser costs more than running a
// small insert, so parsing each time would halve throughput.
type Tx struct {
	tx *sql.Tx
	s  *Store
}

// SQL exposes the underlying transaction (the job queue inserts jobs in it).
func (t *Tx) SQL() *sql.Tx { return t.tx }

// ExecContext runs a statement in the transaction.
func (t *Tx) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	if st := t.s.stmts.get(q, true); st != nil {
		return t.tx.StmtContext(ctx, st).ExecContext(ctx, args...)
	}
	return t.tx.ExecContext(ctx, q, args...)
}

// QueryContext runs a query in the transaction.
func (t *Tx) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if st := t.s.stmts.get(q, true); st != nil {
		return t.tx.StmtContext(ctx, st).QueryContext(ctx, args...)
	}
	return t.tx.QueryContext(ctx, q, args...)
}

// QueryRowContext runs a one-row query in the transaction.
func (t *Tx) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	if st := t.s.stmts.get(q, true); st != nil {
		return t.tx.StmtContext(ctx, st).QueryRowContext(ctx, args...)
	}
	return t.tx.QueryRowContext(ctx, q, args...)
}

// stmtCache holds prepared statements of the SQLite writer. A statement
// seen for the first time runs unprepared and is noted; the batcher prepares
// noted statements between transactions, when the single writer connection
// is free (preparing on the pool inside a transaction would wait for the
// connection the transaction holds).
type stmtCache struct {
	mu      sync.RWMutex
	on      bool
	db      *sql.DB
	stmts   map[string]*sql.Stmt
	pending map[string]bool
}

// maxStmts bounds the cache; dynamic SQL beyond it simply runs unprepared.
const maxStmts = 2000

func (c *stmtCache) get(q string, note bool) *sql.Stmt {
	if !c.on {
		return nil
	}
	c.mu.RLock()
	st := c.stmts[q]
	c.mu.RUnlock()
	if st == nil && note {
		c.mu.Lock()
		if len(c.stmts)+len(c.pending) < maxStmts {
			c.pending[q] = true
		}
		c.mu.Unlock()
	}
	return st
}

// prepare prepares the noted statements; the writer connection must be free.
func (c *stmtCache) prepare() {
	if !c.on {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for q := range c.pending {
		if st, err := c.db.Prepare(q); err == nil {
			c.stmts[q] = st
		}
		delete(c.pending, q)
	}
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.stmts {
		st.Close()
	}
	c.stmts = map[string]*sql.Stmt{}
}

// batcher is SQLite's group commit: one goroutine owns the writer and runs
// waiting transactions together.
type batcher struct {
	s    *Store
	reqs chan *txReq
	wg   sync.WaitGroup
	once sync.Once
}

type txReq struct {
	ctx  context.Context
	fn   func(*Tx) error
	done chan error
}

// maxBatch bounds how many callers share one commit: enough to amortise
// the commit, small enough that a batch stays a few milliseconds.
const maxBatch = 64

var errClosed = errors.New("store closed")

func newBatcher(s *Store) *batcher {
	s.stmts = stmtCache{on: true, db: s.w, stmts: map[string]*sql.Stmt{}, pending: map[string]bool{}}
	b := &batcher{s: s, reqs: make(chan *txReq, 1024)}
	b.wg.Add(1)
	go b.loop()
	return b
}

func (b *batcher) stop() {
	b.once.Do(func() { close(b.reqs) })
	b.wg.Wait()
}

func (b *batcher) do(ctx context.Context, fn func(*Tx) error) (err error) {
	r := &txReq{ctx: ctx, fn: fn, done: make(chan error, 1)}
	defer func() {
		if recover() != nil { // send on a closed channel: the store is closed
			err = onetrip.Internal(errClosed)
		}
	}()
	select {
	case b.reqs <- r:
	case <-ctx.Done():
		return ctx.Err()
	}
	return <-r.done
}

func (b *batcher) loop() {
	defer b.wg.Done()
	for first := range b.reqs {
		batch := []*txReq{first}
	drain:
		for len(batch) < maxBatch {
			select {
			case r, ok := <-b.reqs:
				if !ok {
					break drain
				}
				batch = append(batch, r)
			default:
				break drain
			}
		}
		b.run(batch)
		b.s.stmts.prepare()
	}
}

// run executes a batch in one transaction. With one caller it is a plain
// transaction; with several each runs under a savepoint.
func (b *batcher) run(batch []*txReq) {
	s := b.s
	tx, err := s.w.BeginTx(context.Background(), nil)
	if err != nil {
		for _, r := range batch {
			r.done <- s.mapErr(err)
		}
		return
	}
	t := &Tx{tx: tx, s: s}
	multi := len(batch) > 1
	var ok []*txReq
	for _, r := range batch {
		if err := r.ctx.Err(); err != nil {
			r.done <- err
			continue
		}
		if multi {
			if _, err := t.ExecContext(context.Background(), "SAVEPOINT batch_item"); err != nil {
				r.done <- s.mapErr(err)
				continue
			}
		}
		if err := callTx(r.fn, t); err != nil {
			if multi {
				_, rerr := t.ExecContext(context.Background(), "ROLLBACK TO SAVEPOINT batch_item")
				if rerr == nil {
					_, rerr = t.ExecContext(context.Background(), "RELEASE SAVEPOINT batch_item")
				}
				if rerr != nil { // the transaction is unusable: fail everyone
					tx.Rollback()
					r.done <- s.mapErr(err)
					for _, o := range ok {
						o.done <- s.mapErr(rerr)
					}
					return
				}
			}
			r.done <- s.mapErr(err)
			continue
		}
		if multi {
			if _, err := t.ExecContext(context.Background(), "RELEASE SAVEPOINT batch_item"); err != nil {
				tx.Rollback()
				r.done <- s.mapErr(err)
				for _, o := range ok {
					o.done <- s.mapErr(err)
				}
				return
			}
		}
		ok = append(ok, r)
	}
	if len(ok) == 0 {
		tx.Rollback()
		return
	}
	err = s.mapErr(tx.Commit())
	for _, r := range ok {
		r.done <- err
	}
}

// reader runs plain reads on the read pool with prepared statements (on
// SQLite; PostgreSQL's driver caches its own).
type reader struct {
	db    *sql.DB
	cache bool
	mu    sync.RWMutex
	stmts map[string]*sql.Stmt
}

func (r *reader) stmt(ctx context.Context, q string) *sql.Stmt {
	if !r.cache {
		return nil
	}
	r.mu.RLock()
	st := r.stmts[q]
	r.mu.RUnlock()
	if st != nil {
		return st
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if st = r.stmts[q]; st != nil || len(r.stmts) >= maxStmts {
		return st
	}
	st, err := r.db.PrepareContext(ctx, q)
	if err != nil {
		return nil // run unprepared: the error surfaces there
	}
	r.stmts[q] = st
	return st
}

// QueryContext runs a read.
func (r *reader) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if st := r.stmt(ctx, q); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return r.db.QueryContext(ctx, q, args...)
}

// QueryRowContext runs a one-row read.
func (r *reader) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	if st := r.stmt(ctx, q); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return r.db.QueryRowContext(ctx, q, args...)
}

// PingContext checks the pool.
func (r *reader) PingContext(ctx context.Context) error { return r.db.PingContext(ctx) }

func (r *reader) close() error {
	r.mu.Lock()
	for _, st := range r.stmts {
		st.Close()
	}
	r.stmts = nil
	r.mu.Unlock()
	return r.db.Close()
}
