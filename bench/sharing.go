package bench

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"onetrip"
	"onetrip/app"
	"onetrip/blob"
	"onetrip/casework"
	"onetrip/catalog"
	"onetrip/demo"
	"onetrip/intake"
	"onetrip/server"
	"onetrip/sharing"
	"onetrip/sharing/registry"
	"onetrip/sqlstore"
)

// SharingOptions size the data-sharing benchmark.
type SharingOptions struct {
	Queries  int // granted queries through Store.QuerySharing (default 60000)
	HTTP     int // granted queries through POST /api/v1/sharing/query (default 40000)
	Baseline int // queries of the bare baseline (default Queries)
	Clients  int // concurrent goroutines / keep-alive connections (default 32)
	Cases    int // open cases of qz.clerk the conditional queries are for (default 16)
	DSN      string
	Dir      string // data directory (a temporary one by the caller)
	Log      *slog.Logger
}

// SharingResult is the platform's rate, through the store and through
// HTTP, against the bare baseline of the same run, and the access log's
// count check.
type SharingResult struct {
	Store     Rate    `json:"store"`    // Store.QuerySharing, Clients goroutines
	HTTP      Rate    `json:"http"`     // POST /api/v1/sharing/query, Clients keep-alive connections
	Baseline  Rate    `json:"baseline"` // bare SQL reads, the registry, batched durable log inserts
	Ratio     float64 `json:"ratio"`    // Store / Baseline
	HTTPRatio float64 `json:"http_ratio"`
	// Answered and NoRecord split the store-level queries by outcome (a
	// blacklist check mostly finds no record: granted, asked, logged, 404).
	Answered, NoRecord int
	// Made and Logged are the queries the platform was asked (warm-ups
	// included) and the rows its access log gained meanwhile; LoggedAnswered
	// the rows of them with result answered.
	Made, Logged, MadeAnswered, LoggedAnswered int
	// BaselineMade and BaselineLogged are the same for the baseline.
	BaselineMade, BaselineLogged int
	// StoreCores, HTTPCores and BaselineCores are the CPU this process
	// used during each measurement, in cores (of GOMAXPROCS; a PostgreSQL
	// server's own CPU is not in it).
	StoreCores, HTTPCores, BaselineCores float64
}

// The mix, per 20 queries: 7 enterprise registrations (open), 7 blacklist
// checks (open), 3 population records and 3 social-insurance records
// (conditional: for one of the open cases, whose applicant is the subject).
const sharingMix = 20

type mixedQuery struct{ q sharing.Query }

// sharingQueries are queries base … base+n-1 of the mix: each open-item
// query about a subject of its own, the conditional ones about the
// applicants of the cases, in turn.
func sharingQueries(base, n int, cases []benchCase) []mixedQuery {
	out := make([]mixedQuery, n)
	for i := range out {
		g := base + i
		round, slot := g/sharingMix, g%sharingMix
		var q sharing.Query
		switch {
		case slot < 7:
			q = sharing.Query{Item: "D-ENT-REG", Subject: registry.Company((round*7 + slot) % registry.Companies), Purpose: "食品经营许可审查：核验企业登记状态"}
		case slot < 14:
			q = sharing.Query{Item: "D-DISHONEST", Subject: registry.Person((round*7 + slot - 7) % registry.People), Purpose: "信用核查：失信被执行人"}
		default:
			c := cases[(round*6+slot-14)%len(cases)]
			item := "D-POP-BASIC"
			if slot >= 17 {
				item = "D-SI-PAY"
			}
			q = sharing.Query{Item: item, Subject: c.applicant, Case: c.id, Purpose: "退休审核：核对申请人信息"}
		}
		out[i] = mixedQuery{q: q}
	}
	return out
}

type benchCase struct{ id, applicant string }

// sharingNode is a store with the demo data, the demo registry connected
// and open cases of qz.clerk.
type sharingNode struct {
	s     *sqlstore.Store
	clerk *onetrip.Principal
	cases []benchCase
	done  func()
}

func newSharingNode(ctx context.Context, o SharingOptions, sub string) (*sharingNode, error) {
	s, done, err := openBenchStore(ctx, IntakeOptions{Dir: o.Dir, DSN: o.DSN, Log: o.Log}, sub)
	if err != nil {
		return nil, err
	}
	n := &sharingNode{s: s, done: done}
	err = loadDemo(ctx, s)
	if err != nil {
		done()
		return nil, err
	}
	if err := app.ConnectSharing(ctx, s, app.SharingOptions{Builtin: demo.Registry()}); err != nil {
		done()
		return nil, err
	}
	u, err := s.UserByName(ctx, "qz.clerk")
	if err != nil {
		done()
		return nil, err
	}
	n.clerk = u.Principal()
	// Open cases of the retirement service (it reads D-POP-BASIC and
	// D-SI-PAY) at the 柯城 centre, each for a pensioner of the registries.
	reg := demo.Registry()
	for c := 0; c < o.Cases; c++ {
		id := registry.Person(4321 + 12*c)
		rec, _, err := reg.Fetch(ctx, "D-POP-BASIC", id)
		if err != nil {
			done()
			return nil, err
		}
		sub := casework.Submission{Item: "330-RSSB-004", Region: "330802", Channel: intake.ChannelWindow,
			Applicant: intake.Applicant{Type: "person", Name: rec["姓名"], IDNumber: id},
			Materials: []intake.Mark{{Spec: "330-RSSB-004.M01", Status: intake.MarkReceived}, {Spec: "330-RSSB-004.M05", Status: intake.MarkReceived}}}
		cs, err := s.SubmitCase(ctx, n.clerk, sub, nil)
		if err != nil {
			done()
			return nil, fmt.Errorf("case for %s: %w", id, err)
		}
		n.cases = append(n.cases, benchCase{id: cs.ID, applicant: id})
	}
	return n, nil
}

// accessRows counts the access log: all rows, and those answered.
func accessRows(ctx context.Context, db *sql.DB) (int, int, error) {
	var all, answered int
	err := db.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN result = 'answered' THEN 1 ELSE 0 END), 0) FROM sharing_access`).Scan(&all, &answered)
	return all, answered, err
}

// Sharing measures granted queries of the data-sharing platform against
// the built-in registries, every query's access record committed before
// its answer:
//
//   - store: Store.QuerySharing from Clients goroutines as qz.clerk (the
//     柯城 centre), the mix of sharingQueries, each open-item query about
//     another subject;
//   - http: the same mix through POST /api/v1/sharing/query on the real
//     server (bearer token, Clients keep-alive connections of the lean
//     load generator);
//   - baseline, in a fresh database of the same engine with the same data:
//     the same reads with plain SQL (the case, one query; the grant, one
//     query, prepared), the registry's Fetch, the granted fields, the
//     subject's HMAC-SM3 key, and the same access row inserted by a bare
//     group committer (prepared multi-row inserts and one commit per
//     batch, each query waiting for its commit) — no platform layers.
//
// Store, HTTP and baseline alternate in six rounds; a figure sums its
// rounds (count over time; the percentiles are the slowest round's). After
// the run the access log of each database must hold exactly one row per
// query made, warm-ups included, and as many answered rows as answers.
func Sharing(ctx context.Context, o SharingOptions) (SharingResult, error) {
	if o.Queries == 0 {
		o.Queries = 60000
	}
	if o.HTTP == 0 {
		o.HTTP = 40000
	}
	if o.Baseline == 0 {
		o.Baseline = o.Queries
	}
	if o.Clients == 0 {
		o.Clients = 32
	}
	if o.Cases == 0 {
		o.Cases = 16
	}
	if o.Log == nil {
		o.Log = discard()
	}
	var res SharingResult
	n, err := newSharingNode(ctx, o, "sharing")
	if err != nil {
		return res, err
	}
	defer n.done()
	b, err := newSharingNode(ctx, o, "sharing_baseline")
	if err != nil {
		return res, err
	}
	defer b.done()
	bare, err := newBareSharing(ctx, b, o)
	if err != nil {
		return res, err
	}
	defer bare.close()

	// The server, its client's token and connections.
	u, err := n.s.UserByName(ctx, "qz.clerk")
	if err != nil {
		return res, err
	}
	tok, _, err := n.s.IssueToken(ctx, u.ID, "bench", 0)
	if err != nil {
		return res, err
	}
	blobs, err := blob.Open(filepath.Join(o.Dir, "sharing", "blobs"))
	if err != nil {
		return res, err
	}
	hs := httptest.NewServer(server.New(server.Options{Store: n.s, Blobs: blobs, Logger: o.Log, Version: "bench"}))
	defer hs.Close()
	pool, err := newConnPool(hs.Listener.Addr().String(), o.Clients)
	if err != nil {
		return res, err
	}
	defer pool.close()

	before, beforeAnswered, err := accessRows(ctx, n.s.DB())
	if err != nil {
		return res, err
	}
	var made, madeAnswered, noRecord atomic.Int64
	// Subjects: the store's queries from 0, HTTP's after them, the warm-ups
	// far beyond.
	storeQ := sharingQueries(0, o.Queries, n.cases)
	query := func(qs []mixedQuery, count bool) func(i int) (time.Duration, error) {
		return func(i int) (time.Duration, error) {
			mq := qs[i]
			t0 := time.Now()
			ans, err := n.s.QuerySharing(ctx, n.clerk, mq.q)
			d := time.Since(t0)
			made.Add(1)
			switch {
			case err == nil && len(ans.Fields) > 0:
				madeAnswered.Add(1)
			case err != nil && mq.q.Item == "D-DISHONEST" && onetrip.AsError(err).Key == "sharing.no_record":
				if count {
					noRecord.Add(1)
				}
			default:
				return 0, fmt.Errorf("query %s %s: %+v %v", mq.q.Item, mq.q.Subject, ans, err)
			}
			return d, nil
		}
	}
	build := func(qs []mixedQuery) [][]byte {
		out := make([][]byte, len(qs))
		for i, mq := range qs {
			body, _ := json.Marshal(mq.q)
			out[i] = append([]byte(fmt.Sprintf("POST /api/v1/sharing/query HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\nAuthorization: Bearer %s\r\nContent-Length: %d\r\n\r\n", tok, len(body))), body...)
		}
		return out
	}
	httpQ := sharingQueries(o.Queries, o.HTTP, n.cases)
	reqs := build(httpQ)
	fieldsMark, noRecordMark := []byte(`"fields":{"`), []byte(`"not_found"`)
	send := func(qs []mixedQuery, reqs [][]byte) func(i int) (time.Duration, error) {
		return func(i int) (time.Duration, error) {
			c := <-pool.conns
			defer func() { pool.conns <- c }()
			t0 := time.Now()
			status, out, err := c.do(reqs[i])
			if err != nil {
				return 0, err
			}
			d := time.Since(t0)
			made.Add(1)
			switch {
			case status == 200 && bytes.Contains(out, fieldsMark):
				madeAnswered.Add(1)
			case status == 404 && qs[i].q.Item == "D-DISHONEST" && bytes.Contains(out, noRecordMark):
			default:
				return 0, fmt.Errorf("query %s %s: %d %s", qs[i].q.Item, qs[i].q.Subject, status, out)
			}
			return d, nil
		}
	}
	bareQ := sharingQueries(0, o.Baseline, b.cases)

	// Warm up: connections, prepared statements, caches.
	warmQ := sharingQueries(1_000_000, 4*o.Clients, n.cases)
	if _, err := run(len(warmQ), o.Clients, query(warmQ, false)); err != nil {
		return res, err
	}
	warmHTTP := sharingQueries(2_000_000, 4*o.Clients, n.cases)
	if _, err := run(len(warmHTTP), o.Clients, send(warmHTTP, build(warmHTTP))); err != nil {
		return res, err
	}
	bareWarm := sharingQueries(1_000_000, 4*o.Clients, b.cases)
	if _, err := run(len(bareWarm), o.Clients, bare.query(bareWarm)); err != nil {
		return res, err
	}

	// Store, HTTP and baseline alternate in rounds, each round the next
	// slice of each one's queries, so that load from elsewhere on a shared
	// machine weighs on all alike.
	const rounds = 6
	var sr, hr, br []Rate
	var storeCPU, httpCPU, bareCPU time.Duration
	part := func(n, k int) (int, int) { return k * n / rounds, (k + 1) * n / rounds }
	storeOne, httpOne, bareOne := query(storeQ, true), send(httpQ, reqs), bare.query(bareQ)
	for k := 0; k < rounds; k++ {
		c0 := cpuTime()
		from, to := part(len(storeQ), k)
		r, err := run(to-from, o.Clients, func(i int) (time.Duration, error) { return storeOne(from + i) })
		if err != nil {
			return res, err
		}
		c1 := cpuTime()
		from, to = part(len(httpQ), k)
		h, err := run(to-from, o.Clients, func(i int) (time.Duration, error) { return httpOne(from + i) })
		if err != nil {
			return res, err
		}
		c2 := cpuTime()
		from, to = part(len(bareQ), k)
		x, err := run(to-from, o.Clients, func(i int) (time.Duration, error) { return bareOne(from + i) })
		if err != nil {
			return res, err
		}
		c3 := cpuTime()
		storeCPU, httpCPU, bareCPU = storeCPU+c1-c0, httpCPU+c2-c1, bareCPU+c3-c2
		sr, hr, br = append(sr, r), append(hr, h), append(br, x)
	}
	res.Store, res.HTTP, res.Baseline = sumRates(sr), sumRates(hr), sumRates(br)
	res.StoreCores, res.HTTPCores, res.BaselineCores = storeCPU.Seconds()/res.Store.Seconds, httpCPU.Seconds()/res.HTTP.Seconds, bareCPU.Seconds()/res.Baseline.Seconds
	res.NoRecord = int(noRecord.Load())
	res.Answered = o.Queries - res.NoRecord
	res.Ratio = res.Store.PerSecond / res.Baseline.PerSecond
	res.HTTPRatio = res.HTTP.PerSecond / res.Baseline.PerSecond

	// Durability: one row per query made, in both databases.
	after, afterAnswered, err := accessRows(ctx, n.s.DB())
	if err != nil {
		return res, err
	}
	res.Made, res.Logged = int(made.Load()), after-before
	res.MadeAnswered, res.LoggedAnswered = int(madeAnswered.Load()), afterAnswered-beforeAnswered
	res.BaselineMade = int(bare.made.Load())
	bareRows, _, err := accessRows(ctx, b.s.DB())
	if err != nil {
		return res, err
	}
	res.BaselineLogged = bareRows - bare.before
	if res.Made != res.Logged || res.MadeAnswered != res.LoggedAnswered {
		return res, fmt.Errorf("access log: %d queries made (%d answered), %d rows written (%d answered)", res.Made, res.MadeAnswered, res.Logged, res.LoggedAnswered)
	}
	if res.BaselineMade != res.BaselineLogged {
		return res, fmt.Errorf("baseline access log: %d queries, %d rows", res.BaselineMade, res.BaselineLogged)
	}
	return res, nil
}

// bareSharing is the baseline: the platform's reads and its access row
// with plain database/sql, prepared statements and a minimal group
// committer.
type bareSharing struct {
	reader        *sql.DB
	caseQ, grantQ *sql.Stmt
	items         map[string]catalog.DataItem
	provider      sharing.Provider
	key           []byte
	clerk         *onetrip.Principal
	log           *bareLog
	made          atomic.Int64
	before        int // access rows before the baseline's first query
}

func newBareSharing(ctx context.Context, n *sharingNode, o SharingOptions) (*bareSharing, error) {
	b := &bareSharing{provider: demo.Registry(), clerk: n.clerk, items: map[string]catalog.DataItem{}}
	var err error
	if o.DSN == "" {
		path := filepath.Join(o.Dir, "sharing_baseline", "onetrip.db")
		b.reader, err = sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=query_only(1)")
		if err == nil {
			b.reader.SetMaxOpenConns(max(4, 2*runtime.NumCPU()))
			b.reader.SetMaxIdleConns(max(4, 2*runtime.NumCPU()))
		}
	} else {
		b.reader, err = sql.Open("pgx", n.s.DSN())
		if err == nil {
			b.reader.SetMaxOpenConns(sqlstore.PostgresReadConns)
			b.reader.SetMaxIdleConns(sqlstore.PostgresReadConns)
		}
	}
	if err != nil {
		return nil, err
	}
	if b.caseQ, err = b.reader.PrepareContext(ctx, `SELECT number, status, COALESCE(center_id, ''), applicant_id FROM cases WHERE id = $1`); err != nil {
		b.close()
		return nil, err
	}
	if b.grantQ, err = b.reader.PrepareContext(ctx, `SELECT id, fields, status, valid_until FROM sharing_grants
		WHERE consumer = $1 AND item = $2 AND status = 'approved' AND valid_until >= $3 ORDER BY valid_until DESC LIMIT 1`); err != nil {
		b.close()
		return nil, err
	}
	list, err := n.s.DataItems(ctx)
	if err != nil {
		b.close()
		return nil, err
	}
	for _, d := range list {
		b.items[d.Code] = d
	}
	b.key = make([]byte, 32)
	rand.Read(b.key)
	if b.before, _, err = accessRows(ctx, n.s.DB()); err != nil {
		b.close()
		return nil, err
	}
	b.log = newBareLog(n.s.DB(), o.DSN == "")
	return b, nil
}

func (b *bareSharing) close() {
	if b.log != nil {
		b.log.stop()
	}
	if b.reader != nil {
		b.reader.Close()
	}
}

var errBareDenied = errors.New("baseline: denied")

// query is one bare query: the case and the grant read, the rules
// checked inline, the record fetched and filtered, the row committed.
func (b *bareSharing) query(qs []mixedQuery) func(i int) (time.Duration, error) {
	return func(i int) (time.Duration, error) {
		mq := qs[i]
		t0 := time.Now()
		now := time.Now()
		it := b.items[mq.q.Item]
		consumer := b.clerk.Center
		caseNumber := ""
		allowed := true
		if mq.q.Case != "" {
			var number, status, center, applicant string
			if err := b.caseQ.QueryRowContext(context.Background(), mq.q.Case).Scan(&number, &status, &center, &applicant); err != nil {
				return 0, err
			}
			if center == consumer {
				caseNumber = number
			}
			switch status {
			case "refused", "withdrawn", "closed", "archived", "draft":
				allowed = false
			}
			allowed = allowed && center == consumer && applicant == mq.q.Subject
		} else if it.Level == catalog.ShareConditional {
			allowed = false
		}
		var gid, fieldsJSON, status, until string
		today := now.In(onetrip.China).Format(time.DateOnly)
		if err := b.grantQ.QueryRowContext(context.Background(), consumer, mq.q.Item, today).Scan(&gid, &fieldsJSON, &status, &until); err != nil {
			return 0, err
		}
		if !allowed {
			return 0, errBareDenied
		}
		var granted []string
		json.Unmarshal([]byte(fieldsJSON), &granted)
		rec, found, err := b.provider.Fetch(context.Background(), mq.q.Item, mq.q.Subject)
		if err != nil {
			return 0, err
		}
		result := "answered"
		var fields []string
		var out map[string]string
		if found {
			out = make(map[string]string, len(granted))
			for _, f := range granted {
				if v, ok := rec[f]; ok {
					out[f] = v
					fields = append(fields, f)
				}
			}
		} else {
			result = "no_record"
		}
		fj, _ := json.Marshal(fields)
		if fields == nil {
			fj = []byte("[]")
		}
		var caseID any
		if mq.q.Case != "" {
			caseID = mq.q.Case
		}
		var caseNum any
		if caseNumber != "" {
			caseNum = caseNumber
		}
		reason := ""
		if !found {
			reason = "sharing.no_record"
		}
		row := []any{sqlstore.NewID(), sqlstore.TS(now), b.clerk.Username, "center", consumer, it.Code, "330000-" + it.ProviderKind,
			sharing.SubjectKey(b.key, mq.q.Subject), sharing.MaskSubject(it, mq.q.Subject), caseID, caseNum, mq.q.Purpose, result, reason,
			string(fj), time.Since(t0).Microseconds()}
		b.made.Add(1)
		if err := b.log.write(row); err != nil {
			return 0, err
		}
		if found && len(out) == 0 {
			return 0, fmt.Errorf("baseline: nothing granted of %s", mq.q.Item)
		}
		return time.Since(t0), nil
	}
}

// bareLog is a minimal group committer: each writer waits until the
// transaction holding its row committed; rows arriving meanwhile share the
// next commit (up to 512), as multi-row inserts of up to 62 rows, each
// statement prepared once per row count (positional ? on SQLite).
type bareLog struct {
	db     *sql.DB
	sqlite bool
	ch     chan bareRow
	quit   chan struct{}
	wg     sync.WaitGroup
	stmts  map[int]*sql.Stmt
}

type bareRow struct {
	args []any
	done chan error
}

const bareCols = 16

func newBareLog(db *sql.DB, sqlite bool) *bareLog {
	l := &bareLog{db: db, sqlite: sqlite, ch: make(chan bareRow, 4096), quit: make(chan struct{}), stmts: map[int]*sql.Stmt{}}
	l.wg.Add(1)
	go l.loop()
	return l
}

func (l *bareLog) write(args []any) error {
	r := bareRow{args: args, done: make(chan error, 1)}
	l.ch <- r
	return <-r.done
}

func (l *bareLog) stop() {
	close(l.quit)
	l.wg.Wait()
	for _, st := range l.stmts {
		st.Close()
	}
}

func (l *bareLog) loop() {
	defer l.wg.Done()
	for {
		var batch []bareRow
		select {
		case r := <-l.ch:
			batch = append(batch, r)
		case <-l.quit:
			return
		}
	fill:
		for len(batch) < 512 {
			select {
			case r := <-l.ch:
				batch = append(batch, r)
			default:
				break fill
			}
		}
		err := l.commit(batch)
		for _, r := range batch {
			r.done <- err
		}
	}
}

const barePer = 1000 / bareCols

// stmt is the insert of n rows, prepared before the transaction (SQLite's
// one writer connection is free then).
func (l *bareLog) stmt(n int) (*sql.Stmt, error) {
	if st := l.stmts[n]; st != nil {
		return st, nil
	}
	var sb strings.Builder
	sb.WriteString(`INSERT INTO sharing_access (id, at, user_name, consumer_kind, consumer, item, provider, subject_key, subject_masked,
	case_id, case_number, purpose, result, reason, fields, duration_us) VALUES `)
	for i := range n {
		if i > 0 {
			sb.WriteByte(',')
		}
		sb.WriteByte('(')
		for j := range bareCols {
			if j > 0 {
				sb.WriteByte(',')
			}
			if l.sqlite {
				sb.WriteByte('?')
			} else {
				sb.WriteByte('$')
				sb.WriteString(strconv.Itoa(i*bareCols + j + 1))
			}
		}
		sb.WriteByte(')')
	}
	st, err := l.db.Prepare(sb.String())
	if err == nil {
		l.stmts[n] = st
	}
	return st, err
}

func (l *bareLog) commit(batch []bareRow) error {
	ctx := context.Background()
	for start := 0; start < len(batch); start += barePer {
		if _, err := l.stmt(min(barePer, len(batch)-start)); err != nil {
			return err
		}
	}
	tx, err := l.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	args := make([]any, 0, barePer*bareCols)
	for start := 0; start < len(batch); start += barePer {
		end := min(start+barePer, len(batch))
		args = args[:0]
		for _, r := range batch[start:end] {
			args = append(args, r.args...)
		}
		if _, err := tx.StmtContext(ctx, l.stmts[end-start]).ExecContext(ctx, args...); err != nil {
			tx.Rollback()
			return err
		}
	}
	return tx.Commit()
}

// cpuTime is the CPU time this process has used (user and system).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
