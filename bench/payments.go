package bench

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"time"

	"onetrip"
	"onetrip/catalog"
	"onetrip/idcode"
	"onetrip/payment"
	"onetrip/payment/paysim"
	"onetrip/seal"
	"onetrip/server"
	"onetrip/sqlstore"
)

// PaymentOptions size the payment benchmark.
type PaymentOptions struct {
	Orders  int // cases taken in, each with its fee, each paid by one callback (default 6000)
	Clients int // concurrent callback senders (default 32)
	Lines   int // lines of the statement reconciled (default 100000)
	DSN     string
	Dir     string
	Log     *slog.Logger
}

// PaymentResult is the callback rate against raw verification in the same
// run, and reconciliation's time against the same comparison in memory.
type PaymentResult struct {
	// Raw is payment.VerifyNotification (SM2 over the body, the parse, the
	// checks) in a tight loop: the ceiling the signature alone sets.
	Raw Rate `json:"raw"`
	// Callbacks is POST /api/v1/payments/notify, each paying a different
	// order: verified, checked against its order and recorded, committed
	// before the 200, while the node's settler applies them as they come.
	Callbacks Rate    `json:"callbacks"`
	Ratio     float64 `json:"ratio"` // Callbacks / Raw
	// Settled is every notification applied — the order paid, the case
	// moved on, the e-receipt signed with the department's seal — counted
	// from the first callback to the last one settled.
	Settled Rate `json:"settled"`
	// Duplicates is the same notifications again: verified, recognised
	// by their id and digest, nothing written.
	Duplicates Rate `json:"duplicates"`
	Fill       Rate `json:"fill"` // cases taken in through the API

	ReconcileLines, ReconcileOrders, Mismatches int
	// Reconcile is parsing the statement file and Store.ReconcileLines
	// (the day's orders read, compared, the result kept); InMemory is the
	// parse and payment.ReconcileDay over orders already in memory.
	Reconcile, InMemory time.Duration
}

// Payments measures the payment platform's callbacks and reconciliation on
// one node.
func Payments(ctx context.Context, o PaymentOptions) (PaymentResult, error) {
	if o.Orders == 0 {
		o.Orders = 6000
	}
	if o.Clients == 0 {
		o.Clients = 32
	}
	if o.Lines == 0 {
		o.Lines = 100000
	}
	if o.Log == nil {
		o.Log = discard()
	}
	var res PaymentResult
	s, done, err := openBenchStore(ctx, IntakeOptions{DSN: o.DSN, Dir: o.Dir, Log: o.Log}, "payments")
	if err != nil {
		return res, err
	}
	defer done()
	if err := loadDemo(ctx, s); err != nil {
		return res, err
	}
	platform, err := seal.NewKey()
	if err != nil {
		return res, err
	}
	hs := httptest.NewServer(server.New(server.Options{Store: s, Logger: o.Log, Version: "bench", QARate: -1}))
	defer hs.Close()
	// The platform's key is this benchmark's: it signs the callbacks. The
	// client is never called on the callback path.
	s.SetPaymentPlatform(paysim.NewClient(hs.URL+paysim.DefaultPrefix, nil), platform.Public())

	// Cases with a fee due at acceptance (居民身份证换领, 20 元).
	api := &benchAPI{url: hs.URL, client: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 8}}, tokens: map[string]string{}}
	usr, err := s.UserByName(ctx, "qz.clerk")
	if err != nil {
		return res, err
	}
	if api.tokens["qz.clerk"], _, err = s.IssueToken(ctx, usr.ID, "bench", 0); err != nil {
		return res, err
	}
	var item struct{ Materials []struct{ ID string } }
	if _, err := api.do("GET", "/api/v1/items/330-GAJG-005", "qz.clerk", nil, &item); err != nil {
		return res, err
	}
	var marks []map[string]string
	for _, m := range item.Materials {
		marks = append(marks, map[string]string{"spec": m.ID, "status": "received"})
	}
	codes := make([]string, o.Orders)
	amounts := make([]catalog.Amount, o.Orders)
	fill := func(i int) error {
		var c struct {
			Fees []struct {
				Code   string
				Amount catalog.Amount
			}
		}
		if _, err := api.do("POST", "/api/v1/cases", "qz.clerk", map[string]any{"item": "330-GAJG-005", "region": "330802", "channel": "window",
			"applicant": map[string]any{"type": "person", "name": fmt.Sprintf("基准%05d", i), "id_number": benchCitizen(i)}, "materials": marks}, &c); err != nil {
			return err
		}
		if len(c.Fees) != 1 {
			return fmt.Errorf("case %d has %d fees", i, len(c.Fees))
		}
		codes[i], amounts[i] = c.Fees[0].Code, c.Fees[0].Amount
		return nil
	}
	if res.Fill, _, err = load(8, o.Orders, fill); err != nil {
		return res, err
	}

	// The notifications, signed beforehand as the platform would.
	now := s.Now()
	bodies := make([][]byte, o.Orders)
	sigs := make([]string, o.Orders)
	for i := range o.Orders {
		n := payment.Notification{ID: fmt.Sprintf("NB%020d", i), Txn: fmt.Sprintf("TB%020d", i), Code: codes[i], Amount: amounts[i],
			Channel: payment.ChannelAlipay, Status: payment.NotifySuccess, PaidAt: now, SentAt: now}
		if bodies[i], sigs[i], err = payment.SignNotification(platform, n); err != nil {
			return res, err
		}
	}
	raw := func(i int) (time.Duration, error) {
		t0 := time.Now()
		if _, err := payment.VerifyNotification(platform.Public(), bodies[i%len(bodies)], sigs[i%len(sigs)], now); err != nil {
			return 0, err
		}
		return time.Since(t0), nil
	}
	pool, err := newConnPool(hs.Listener.Addr().String(), o.Clients)
	if err != nil {
		return res, err
	}
	defer pool.close()
	want := func(outcome string) func(i int) (time.Duration, error) {
		mark := []byte(`"outcome":"` + outcome + `"`)
		return func(i int) (time.Duration, error) {
			req := append([]byte(fmt.Sprintf("POST /api/v1/payments/notify HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\n%s: %s\r\nContent-Length: %d\r\n\r\n",
				payment.SignatureHeader, sigs[i], len(bodies[i]))), bodies[i]...)
			c := <-pool.conns
			defer func() { pool.conns <- c }()
			t0 := time.Now()
			status, out, err := c.do(req)
			if err != nil {
				return 0, err
			}
			d := time.Since(t0)
			if status != 200 || !bytes.Contains(out, mark) {
				return 0, fmt.Errorf("callback %d: %d %s", i, status, out)
			}
			return d, nil
		}
	}
	// Raw, callbacks and duplicates in that order, the raw rate measured
	// before and after so drift on a shared machine brackets it.
	r1, err := run(o.Orders/2, runtime.GOMAXPROCS(0), raw)
	if err != nil {
		return res, err
	}
	t0 := time.Now()
	if res.Callbacks, err = run(o.Orders, o.Clients, want("accepted")); err != nil {
		return res, err
	}
	if _, err := s.SettlePending(ctx); err != nil {
		return res, err
	}
	res.Settled = rate(o.Orders, time.Since(t0), nil)
	r2, err := run(o.Orders/2, runtime.GOMAXPROCS(0), raw)
	if err != nil {
		return res, err
	}
	res.Raw = sumRates([]Rate{r1, r2})
	res.Ratio = res.Callbacks.PerSecond / res.Raw.PerSecond
	if res.Duplicates, err = run(o.Orders, o.Clients, want("duplicate")); err != nil {
		return res, err
	}
	var paid int
	if err := s.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM payment_orders WHERE status = 'paid'`).Scan(&paid); err != nil {
		return res, err
	}
	if paid != o.Orders {
		return res, fmt.Errorf("%d orders paid after %d callbacks", paid, o.Orders)
	}

	// Reconciliation: a day of Lines compact paid orders, and the
	// platform's statement of that day with three planted mismatches.
	day := "2026-11-30"
	lines, orders, err := fillDay(ctx, s.DB(), day, o.Lines)
	if err != nil {
		return res, err
	}
	lines[7].Amount++                         // an amount that differs
	lines = append(lines[:11], lines[12:]...) // a payment the platform does not list
	ghost, _ := payment.NewCode("330802", 2026, 9_999_999)
	lines = append(lines, payment.StatementLine{Txn: "TGHOST", Code: ghost, Kind: payment.KindPay, Amount: 2000,
		Channel: payment.ChannelCard, At: lines[0].At}) // one onetrip never saw
	var file bytes.Buffer
	if err := payment.WriteStatement(&file, lines); err != nil {
		return res, err
	}
	t0 = time.Now()
	parsed, err := payment.ParseStatement(bytes.NewReader(file.Bytes()))
	if err != nil {
		return res, err
	}
	rec, err := s.ReconcileLines(ctx, day, parsed)
	if err != nil {
		return res, err
	}
	res.Reconcile = time.Since(t0)
	res.ReconcileLines, res.ReconcileOrders, res.Mismatches = rec.Lines, rec.Orders, len(rec.Mismatches)
	if res.Mismatches != 3 {
		return res, fmt.Errorf("reconciliation found %d mismatches, planted 3", res.Mismatches)
	}
	t0 = time.Now()
	parsed, err = payment.ParseStatement(bytes.NewReader(file.Bytes()))
	if err != nil {
		return res, err
	}
	if n := len(payment.ReconcileDay(day, parsed, orders)); n != 3 {
		return res, fmt.Errorf("in memory: %d mismatches", n)
	}
	res.InMemory = time.Since(t0)
	return res, nil
}

// benchCitizen is a valid citizen ID for the i-th benchmark applicant.
func benchCitizen(i int) string {
	return idcode.MakeCitizenID("330802", time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i/900), i%900+100)
}

// fillDay writes n paid orders of a day as compact rows (no case behind
// them: reconciliation reads orders only) and returns the statement that
// matches them, and the orders as reconciliation reads them.
func fillDay(ctx context.Context, db *sql.DB, day string, n int) ([]payment.StatementLine, []payment.Order, error) {
	d, err := time.ParseInLocation("2006-01-02", day, onetrip.China)
	if err != nil {
		return nil, nil, err
	}
	lines := make([]payment.StatementLine, 0, n)
	orders := make([]payment.Order, 0, n)
	const batch = 500
	for start := 0; start < n; start += batch {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return nil, nil, err
		}
		var sb strings.Builder
		sb.WriteString(`INSERT INTO payment_orders (id, case_id, case_number, step, item_name, department, department_name, region, amount, basis,
			payer_name, payer_id, code, status, due_date, created_at, paid_at, channel, txn, waived_by, waive_reason, refunded, reminded, version) VALUES `)
		var args []any
		for i := start; i < min(n, start+batch); i++ {
			at := d.Add(time.Duration(i) * (24 * time.Hour / time.Duration(n+1)))
			code, err := payment.NewCode("330802", 2026, int64(1_000_000+i))
			if err != nil {
				tx.Rollback()
				return nil, nil, err
			}
			amount := catalog.Amount(2000 + 100*(i%5))
			txn := fmt.Sprintf("TD%018d", i)
			if i > start {
				sb.WriteString(",")
			}
			k := len(args)
			fmt.Fprintf(&sb, "($%d,$%d,'R','330-GAJG-005','居民身份证换领','330802-public-security','柯城公安','330802',$%d,'','基准','',$%d,'paid','%s',$%d,$%d,'alipay',$%d,'','',0,false,1)",
				k+1, k+2, k+3, k+4, day, k+5, k+6, k+7)
			args = append(args, fmt.Sprintf("bench-order-%d", i), fmt.Sprintf("bench-case-%d", i), int64(amount), code, sqlstore.TS(at), sqlstore.TS(at), txn)
			lines = append(lines, payment.StatementLine{Txn: txn, Code: code, Kind: payment.KindPay, Amount: amount, Channel: payment.ChannelAlipay, At: at})
			paidAt := at
			orders = append(orders, payment.Order{ID: fmt.Sprintf("bench-order-%d", i), Code: code, Amount: amount, Status: payment.StatusPaid,
				PaidAt: &paidAt, Channel: payment.ChannelAlipay, Txn: txn})
		}
		if _, err := tx.ExecContext(ctx, sb.String(), args...); err != nil {
			tx.Rollback()
			return nil, nil, err
		}
		if err := tx.Commit(); err != nil {
			return nil, nil, err
		}
	}
	return lines, orders, nil
}
