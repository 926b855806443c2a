package sqlstore

import (
	"context"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/emmansun/gmsm/sm3"

	"onetrip"
	"onetrip/casework"
	"onetrip/catalog"
	"onetrip/idcode"
	"onetrip/payment"
	"onetrip/policy"
	"onetrip/seal"
)

// Payments: the orders commands make are written with their case
// (writeOrders); the platform's notifications settle them (ReceivePayment);
// waivers and refunds are an admin's; reconciliation compares a day's
// statement with the orders (Reconcile). The platform itself is a port
// (payment.Platform) the node connects (SetPaymentPlatform).

type paymentState struct {
	mu       sync.RWMutex
	platform payment.Platform
	pub      *seal.PublicKey
	// the settler: woken by ReceivePayment, stopped by Close
	start            sync.Once
	wake, stop, done chan struct{}
}

// SetPaymentPlatform connects the payment platform and the key its
// notifications are verified with.
func (s *Store) SetPaymentPlatform(p payment.Platform, pub *seal.PublicKey) {
	s.pay.mu.Lock()
	s.pay.platform, s.pay.pub = p, pub
	s.pay.mu.Unlock()
}

// PaymentConnected reports whether a payment platform is connected.
func (s *Store) PaymentConnected() bool {
	_, _, err := s.paymentPlatform()
	return err == nil
}

// Reconciled reports whether a day's statement has been reconciled.
func (s *Store) Reconciled(ctx context.Context, day string) (bool, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM payment_reconciliations WHERE day = $1`, day).Scan(&n)
	return n > 0, s.mapErr(err)
}

func (s *Store) paymentPlatform() (payment.Platform, *seal.PublicKey, error) {
	s.pay.mu.RLock()
	defer s.pay.mu.RUnlock()
	if s.pay.platform == nil {
		return nil, nil, onetrip.Unavailable("store.payment.no_platform")
	}
	return s.pay.platform, s.pay.pub, nil
}

const orderCols = `id, case_id, case_number, step, item_name, department, department_name, region, amount, basis, payer_name, payer_id,
	code, status, due_date, created_at, paid_at, channel, txn, waived_by, waive_reason, waived_at, refunded, refunded_at, reminded, version`

func scanOrder(sc interface{ Scan(...any) error }) (payment.Order, error) {
	var o payment.Order
	var created string
	var paid, waived, refunded sql.NullString
	err := sc.Scan(&o.ID, &o.CaseID, &o.CaseNumber, &o.Step, &o.ItemName, &o.Department, &o.DepartmentName, &o.Region, &o.Amount, &o.Basis,
		&o.Payer.Name, &o.Payer.IDNumber, &o.Code, &o.Status, &o.DueDate, &created, &paid, &o.Channel, &o.Txn, &o.WaivedBy, &o.WaiveReason,
		&waived, &o.Refunded, &refunded, &o.Reminded, &o.Version)
	o.CreatedAt, o.PaidAt, o.WaivedAt, o.RefundedAt = mustTS(created), optTS(paid), optTS(waived), optTS(refunded)
	return o, err
}

func (s *Store) orders(ctx context.Context, q rowQueryer, where string, args ...any) ([]payment.Order, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+orderCols+` FROM payment_orders WHERE `+where, args...)
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	var out []payment.Order
	for rows.Next() {
		o, err := scanOrder(rows)
		if err != nil {
			return nil, s.mapErr(err)
		}
		out = append(out, o)
	}
	return out, s.mapErr(rows.Err())
}

// caseFees are a case's payment orders in the order they were made.
func (s *Store) caseFees(ctx context.Context, q rowQueryer, caseID string) ([]payment.Order, error) {
	return s.orders(ctx, q, `case_id = $1 ORDER BY created_at, id`, caseID)
}

// Order reads one payment order.
func (s *Store) Order(ctx context.Context, id string) (payment.Order, error) {
	os, err := s.orders(ctx, s.r, `id = $1`, id)
	if err != nil {
		return payment.Order{}, err
	}
	if len(os) == 0 {
		return payment.Order{}, onetrip.NotFound("store.payment.not_found", id)
	}
	return os[0], nil
}

// OrderByCode reads the order of a payment code (缴款码).
func (s *Store) OrderByCode(ctx context.Context, code string) (payment.Order, error) {
	if err := payment.CheckCode(code); err != nil {
		return payment.Order{}, err
	}
	os, err := s.orders(ctx, s.r, `code = $1`, code)
	if err != nil {
		return payment.Order{}, err
	}
	if len(os) == 0 {
		return payment.Order{}, onetrip.NotFound("store.payment.not_found", code)
	}
	return os[0], nil
}

// writeOrders writes a command's new and changed payment orders in its
// transaction; a changed order must still be at the version read.
func (s *Store) writeOrders(ctx context.Context, tx *Tx, r *casework.Result) error {
	for i := range r.NewOrders {
		o := &r.NewOrders[i]
		if d, err := s.departmentCached(ctx, tx, o.Department); err == nil {
			o.DepartmentName = d.Name
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO payment_orders (`+orderCols+`, window_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,
			$16,$17,$18,$19,$20,$21,$22,$23,$24,$25,$26,NULL)`, orderArgs(o)...); err != nil {
			return err
		}
		for j := range r.Case.Fees {
			if r.Case.Fees[j].ID == o.ID {
				r.Case.Fees[j].DepartmentName = o.DepartmentName
			}
		}
	}
	for _, ch := range r.Orders {
		o := ch.Order
		res, err := tx.ExecContext(ctx, `UPDATE payment_orders SET status = $1, paid_at = $2, channel = $3, txn = $4, waived_by = $5, waive_reason = $6,
			waived_at = $7, refunded = $8, refunded_at = $9, reminded = $10, version = $11 WHERE id = $12 AND version = $13`,
			o.Status, optTSArg(o.PaidAt), o.Channel, o.Txn, o.WaivedBy, o.WaiveReason, optTSArg(o.WaivedAt), o.Refunded, optTSArg(o.RefundedAt),
			o.Reminded, o.Version, o.ID, ch.Was)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return onetrip.Conflict("store.payment.stale", o.ID)
		}
	}
	return nil
}

func orderArgs(o *payment.Order) []any {
	return []any{o.ID, o.CaseID, o.CaseNumber, o.Step, o.ItemName, o.Department, o.DepartmentName, o.Region, o.Amount, o.Basis,
		o.Payer.Name, o.Payer.IDNumber, o.Code, o.Status, o.DueDate, TS(o.CreatedAt), optTSArg(o.PaidAt), o.Channel, o.Txn, o.WaivedBy,
		o.WaiveReason, optTSArg(o.WaivedAt), o.Refunded, optTSArg(o.RefundedAt), o.Reminded, o.Version}
}

// caseForFee reads what settling a fee needs: the case with its tasks,
// trips, fees and licences.
func (s *Store) caseForFee(ctx context.Context, id string) (casework.Case, *casework.Guide, casework.Clock, error) {
	c, err := s.CaseByID(ctx, id)
	if err != nil {
		return c, nil, casework.Clock{}, err
	}
	g, err := s.caseGuide(ctx, &c)
	if err != nil {
		return c, nil, casework.Clock{}, err
	}
	clk, err := s.clock(ctx)
	return c, g, clk, err
}

// PaymentOutcome is what a notification did, for the platform's answer
// and the log.
type PaymentOutcome struct {
	// Outcome: accepted (recorded; the order is settled right after),
	// duplicate (seen before, or for a transaction already recorded),
	// failed (the platform reports a failed payment; nothing to do).
	Outcome string `json:"outcome"`
}

// ReceivePayment takes one notification of the platform: verified (its SM2
// signature over the body, freshness), checked against its order (the
// code, the amount, not paid by another transaction), and recorded by its
// id — durable before the platform hears back. The settler then applies
// it to the case in one transaction (settlePending): the order paid, the
// held licences issued, the e-receipt signed, the case moved on. The same
// notification again, or another for a transaction already recorded,
// changes nothing; another body under a known id is refused.
//
// Why in two steps: the platform waits on every answer, and it is the
// record of the notification that must not be lost; the case's work
// (reading the case, signing the receipt) is done once, off its clock.
func (s *Store) ReceivePayment(ctx context.Context, body []byte, signature string) (PaymentOutcome, error) {
	_, pub, err := s.paymentPlatform()
	if err != nil {
		return PaymentOutcome{}, err
	}
	n, err := payment.VerifyNotification(pub, body, signature, s.Now())
	if err != nil {
		return PaymentOutcome{}, err
	}
	digest := sm3Hex(body)
	if seen, err := s.seenNotification(ctx, s.r, n.ID, digest); err != nil || seen {
		return PaymentOutcome{Outcome: "duplicate"}, err
	}
	o, err := s.orderToPay(ctx, n.Code)
	if err != nil {
		return PaymentOutcome{}, err
	}
	_, changed, err := payment.Pay(o, n)
	if err != nil {
		return PaymentOutcome{}, err
	}
	outcome := "pending"
	switch {
	case changed:
	case n.Status == payment.NotifyFailed:
		outcome = "failed"
	default:
		outcome = "duplicate"
	}
	var paidAt any
	if n.Status == payment.NotifySuccess {
		paidAt = TS(n.PaidAt)
	}
	err = s.Tx(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO payment_notifications (id, digest, code, txn, amount, channel, status, paid_at, received_at, outcome)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)`, n.ID, digest, n.Code, n.Txn, n.Amount, n.Channel, n.Status, paidAt, TS(s.Now()), outcome)
		return err
	})
	if onetrip.HasCode(err, onetrip.CodeConflict) {
		// A copy delivered concurrently was recorded first.
		if seen, serr := s.seenNotification(ctx, s.w, n.ID, digest); serr != nil || seen {
			return PaymentOutcome{Outcome: "duplicate"}, serr
		}
	}
	if err != nil {
		return PaymentOutcome{}, err
	}
	if outcome != "pending" {
		return PaymentOutcome{Outcome: outcome}, nil
	}
	s.pay.kick(s)
	return PaymentOutcome{Outcome: "accepted"}, nil
}

func isStale(err error) bool {
	e := onetrip.AsError(err)
	return e != nil && (e.Key == "store.case.stale" || e.Key == "store.payment.stale")
}

func sm3Hex(b []byte) string {
	h := sm3.Sum(b)
	return hex.EncodeToString(h[:])
}

// seenNotification reports whether the notification was recorded already:
// with the same body a duplicate, with another a forgery.
func (s *Store) seenNotification(ctx context.Context, q rowQueryer, id, digest string) (bool, error) {
	var d string
	err := q.QueryRowContext(ctx, `SELECT digest FROM payment_notifications WHERE id = $1`, id).Scan(&d)
	if isNoRows(err) {
		return false, nil
	}
	if err != nil {
		return false, s.mapErr(err)
	}
	if d != digest {
		return true, onetrip.Conflict("store.payment.replayed", id)
	}
	return true, nil
}

// orderToPay reads what payment.Pay checks a notification against (the
// code, amount, status and transaction), no more: the platform waits.
func (s *Store) orderToPay(ctx context.Context, code string) (payment.Order, error) {
	if err := payment.CheckCode(code); err != nil {
		return payment.Order{}, err
	}
	o := payment.Order{Code: code}
	err := s.r.QueryRowContext(ctx, `SELECT id, amount, status, txn FROM payment_orders WHERE code = $1`, code).Scan(&o.ID, &o.Amount, &o.Status, &o.Txn)
	if isNoRows(err) {
		return o, onetrip.NotFound("store.payment.not_found", code)
	}
	return o, s.mapErr(err)
}

// kick wakes the settler, starting it on first use; a wake-up while it
// runs makes it look again when it is done.
func (ps *paymentState) kick(s *Store) {
	ps.start.Do(func() {
		ps.wake, ps.stop, ps.done = make(chan struct{}, 1), make(chan struct{}), make(chan struct{})
		go ps.settler(s)
	})
	select {
	case ps.wake <- struct{}{}:
	default:
	}
}

// settler applies accepted notifications as they come; SettlePending is
// also run by the payments job, so notifications accepted just before a
// crash are applied after it.
func (ps *paymentState) settler(s *Store) {
	defer close(ps.done)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { <-ps.stop; cancel() }()
	for {
		select {
		case <-ps.stop:
			return
		case <-ps.wake:
			if _, err := s.SettlePending(ctx); err != nil && ctx.Err() == nil {
				s.log.Warn("settling payments", "err", err)
			}
		}
	}
}

// stopSettler stops the settler (Close).
func (ps *paymentState) stopSettler() {
	ps.start.Do(func() {}) // never start after this
	if ps.stop != nil {
		close(ps.stop)
		<-ps.done
	}
}

// SettlePending applies every accepted notification not applied yet, in
// the order they came, and returns how many it applied. When it returns,
// every notification accepted before the call is applied (or refused, and
// logged: an order paid twice, say, whose second payment the platform
// must refund).
func (s *Store) SettlePending(ctx context.Context) (int, error) {
	n := 0
	for {
		rows, err := s.w.QueryContext(ctx, `SELECT id, code, txn, amount, channel, status, paid_at FROM payment_notifications
			WHERE outcome = 'pending' ORDER BY received_at, id LIMIT 200`)
		if err != nil {
			return n, s.mapErr(err)
		}
		var batch []payment.Notification
		for rows.Next() {
			var x payment.Notification
			var paid sql.NullString
			if err := rows.Scan(&x.ID, &x.Code, &x.Txn, &x.Amount, &x.Channel, &x.Status, &paid); err != nil {
				rows.Close()
				return n, s.mapErr(err)
			}
			if paid.Valid {
				x.PaidAt = mustTS(paid.String)
			}
			batch = append(batch, x)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return n, s.mapErr(err)
		}
		if len(batch) == 0 {
			return n, nil
		}
		// Settled side by side: the reads and the receipt's signature use
		// every core, the writes share their commits; two of one case
		// meet as a stale version and the second reads again.
		var (
			wg       sync.WaitGroup
			mu       sync.Mutex
			firstErr error
		)
		sem := make(chan struct{}, max(2, runtime.NumCPU()))
		for _, x := range batch {
			sem <- struct{}{}
			wg.Add(1)
			go func() {
				defer func() { <-sem; wg.Done() }()
				applied, err := s.settleNotification(ctx, x)
				mu.Lock()
				defer mu.Unlock()
				if err != nil && firstErr == nil {
					firstErr = err
				}
				if applied {
					n++
				}
			}()
		}
		wg.Wait()
		if firstErr != nil {
			return n, firstErr
		}
	}
}

// settleNotification applies one accepted notification to its order and
// case, retrying when a concurrent write moved the case; a notification
// the order refuses now (paid meanwhile by another transaction) is marked
// refused and logged.
func (s *Store) settleNotification(ctx context.Context, n payment.Notification) (bool, error) {
	for attempt := 0; ; attempt++ {
		applied, err := s.applyNotification(ctx, n)
		if err == nil {
			return applied, nil
		}
		if onetrip.HasCode(err, onetrip.CodeConflict) && isStale(err) && attempt < 5 {
			continue
		}
		// Only the order's own refusal (paid meanwhile by another
		// transaction, cancelled) ends a notification; anything else is
		// left pending for the next run, and said.
		if e := onetrip.AsError(err); e != nil && strings.HasPrefix(e.Key, "payment.") {
			s.log.Warn("payment notification refused at settlement", "notify_id", n.ID, "code", n.Code, "err", err)
			_, uerr := s.w.ExecContext(ctx, `UPDATE payment_notifications SET outcome = 'refused' WHERE id = $1 AND outcome = 'pending'`, n.ID)
			return false, s.mapErr(uerr)
		}
		return false, err
	}
}

// applyNotification settles one notification: the order paid with the
// case, the notification marked in the same transaction (so it is applied
// exactly once, whoever runs it).
func (s *Store) applyNotification(ctx context.Context, n payment.Notification) (bool, error) {
	o, err := s.OrderByCode(ctx, n.Code)
	if err != nil {
		return false, err
	}
	paid, changed, err := payment.Pay(o, n)
	if err != nil {
		return false, err
	}
	if !changed {
		_, err := s.w.ExecContext(ctx, `UPDATE payment_notifications SET outcome = 'duplicate' WHERE id = $1 AND outcome = 'pending'`, n.ID)
		return false, s.mapErr(err)
	}
	atWindow, err := s.paidAtWindow(ctx, o.ID)
	if err != nil {
		return false, err
	}
	_, err = s.settle(ctx, o.CaseID, casework.SettleFee{Order: paid, Actor: "payment-platform", AtWindow: atWindow},
		func(tx *Tx) error {
			res, err := tx.ExecContext(ctx, `UPDATE payment_notifications SET outcome = 'paid' WHERE id = $1 AND outcome = 'pending'`, n.ID)
			if err != nil {
				return err
			}
			if k, _ := res.RowsAffected(); k != 1 {
				return onetrip.Conflict("store.payment.stale", o.ID) // applied meanwhile: read again
			}
			return nil
		})
	return err == nil, err
}

// paidAtWindow: the window showed the order's code today, to an applicant
// standing there.
func (s *Store) paidAtWindow(ctx context.Context, id string) (bool, error) {
	var at sql.NullString
	if err := s.r.QueryRowContext(ctx, `SELECT window_at FROM payment_orders WHERE id = $1`, id).Scan(&at); err != nil {
		return false, s.mapErr(err)
	}
	return at.Valid && at.String != "" && chinaDate(mustTS(at.String)) == chinaDate(s.Now()), nil
}

// settle runs casework.SettleFeeOf on the order's case and writes it with
// what follows: the licences it releases and, for a paid order, the
// e-receipt.
func (s *Store) settle(ctx context.Context, caseID string, cmd casework.SettleFee, also func(tx *Tx) error) (casework.Result, error) {
	c, g, clk, err := s.caseForFee(ctx, caseID)
	if err != nil {
		return casework.Result{}, err
	}
	res, err := casework.SettleFeeOf(c, cmd, clk, g)
	if err != nil {
		return casework.Result{}, err
	}
	err = s.runCase(ctx, &res, cmd.Actor, nil, 0, func(tx *Tx) error {
		if also != nil {
			if err := also(tx); err != nil {
				return err
			}
		}
		for _, due := range res.Licences {
			if err := s.issueDue(ctx, tx, &res, due, cmd.Actor); err != nil {
				return err
			}
		}
		if cmd.Order.Status == payment.StatusPaid {
			return s.issueReceipt(ctx, tx, &res, cmd.Order)
		}
		return nil
	})
	return res, err
}

// issueReceipt signs the e-receipt (财政电子票据) of a paid order with the
// collecting department's seal, in the payment's transaction.
func (s *Store) issueReceipt(ctx context.Context, tx *Tx, r *casework.Result, o payment.Order) error {
	dept, err := s.departmentCached(ctx, tx, o.Department)
	if err != nil {
		return err
	}
	sealID, key, err := s.signingSeal(ctx, tx, dept, "payment-platform")
	if err != nil {
		return err
	}
	year := s.Now().In(onetrip.China).Year()
	var n int64
	// The number is the county's (every department collecting there
	// shares its series), so the serial is counted per county too.
	county := countyCode(o.Region)
	if err := tx.QueryRowContext(ctx, `INSERT INTO licence_serials (issuer_code, type_code, day, last) VALUES ($1, 'NTR', $2, 1)
		ON CONFLICT (issuer_code, type_code, day) DO UPDATE SET last = licence_serials.last + 1 RETURNING last`,
		county, fmt.Sprint(year)).Scan(&n); err != nil {
		return err
	}
	rc, err := payment.NewReceipt(o, payment.ReceiptNumber(county, year, n), s.Now())
	if err != nil {
		return err
	}
	if rc, err = payment.SignReceipt(key, sealID, rc); err != nil {
		return err
	}
	body, _ := json.Marshal(rc)
	if _, err := tx.ExecContext(ctx, `INSERT INTO payment_receipts (number, order_id, case_id, body, issued_at) VALUES ($1,$2,$3,$4,$5)`,
		rc.Number, o.ID, o.CaseID, string(body), TS(rc.IssuedAt)); err != nil {
		return err
	}
	r.Events = append(r.Events, casework.NewEvent{Type: "payment.receipt", Data: casework.PaymentData{Order: o.ID, Code: o.Code, Department: o.Department, Txn: rc.Number}})
	return nil
}

func countyCode(region string) string { return (region + "000000")[:6] }

// Receipt reads an e-receipt by its number.
func (s *Store) Receipt(ctx context.Context, number string) (payment.Receipt, error) {
	var body string
	err := s.r.QueryRowContext(ctx, `SELECT body FROM payment_receipts WHERE number = $1`, strings.TrimSpace(number)).Scan(&body)
	if isNoRows(err) {
		return payment.Receipt{}, onetrip.NotFound("store.receipt.not_found", number)
	}
	if err != nil {
		return payment.Receipt{}, s.mapErr(err)
	}
	var rc payment.Receipt
	if err := json.Unmarshal([]byte(body), &rc); err != nil {
		return rc, onetrip.Internal(err)
	}
	return rc, nil
}

// ReceiptOfOrder reads the e-receipt of a paid order.
func (s *Store) ReceiptOfOrder(ctx context.Context, orderID string) (payment.Receipt, error) {
	var number string
	err := s.r.QueryRowContext(ctx, `SELECT number FROM payment_receipts WHERE order_id = $1`, orderID).Scan(&number)
	if isNoRows(err) {
		return payment.Receipt{}, onetrip.NotFound("store.receipt.not_found", orderID)
	}
	if err != nil {
		return payment.Receipt{}, s.mapErr(err)
	}
	return s.Receipt(ctx, number)
}

// ReceiptCheck is the verification of an e-receipt: the signature over its
// canonical form under the seal it names.
type ReceiptCheck struct {
	Receipt payment.Receipt `json:"receipt"`
	Valid   bool            `json:"valid"`
	Seal    SealInfo        `json:"seal"`
}

// VerifyReceipt checks a receipt as presented (the stored one, or one a
// holder brings) against its seal's public key.
func (s *Store) VerifyReceipt(ctx context.Context, rc payment.Receipt) (ReceiptCheck, error) {
	p, err := s.sealPublic(ctx, rc.SealID)
	if err != nil {
		return ReceiptCheck{Receipt: rc}, err
	}
	return ReceiptCheck{Receipt: rc, Valid: payment.VerifyReceipt(p.key, rc), Seal: p.info}, nil
}

// OpenPayment opens an order's pay page on the platform for p (the
// applicant, their agent, or the clerk showing the code at the window) and
// returns its URL. The window's opening is remembered: paying then is a
// trip of the case.
func (s *Store) OpenPayment(ctx context.Context, p *onetrip.Principal, orderID, returnURL string) (string, payment.Order, error) {
	o, err := s.orderAction(ctx, p, orderID, policy.Pay)
	if err != nil {
		return "", o, err
	}
	if !o.Owed() {
		return "", o, onetrip.Conflict("payment.order.not_payable", o.Status)
	}
	plat, _, err := s.paymentPlatform()
	if err != nil {
		return "", o, err
	}
	url, err := plat.Open(ctx, o, returnURL)
	if err != nil {
		return "", o, err
	}
	if p.Role == onetrip.RoleClerk {
		if _, err := s.w.ExecContext(ctx, `UPDATE payment_orders SET window_at = $1 WHERE id = $2`, TS(s.Now()), o.ID); err != nil {
			return "", o, s.mapErr(err)
		}
	}
	return url, o, nil
}

// orderAction reads an order and checks p's action on its case.
func (s *Store) orderAction(ctx context.Context, p *onetrip.Principal, orderID string, a policy.Action) (payment.Order, error) {
	o, err := s.Order(ctx, orderID)
	if err != nil {
		return o, err
	}
	c, err := s.caseRow(ctx, o.CaseID)
	if err != nil {
		return o, err
	}
	return o, s.caseActionFull(ctx, p, &c, a)
}

// caseActionFull checks an action on a case read from its row alone,
// loading the tasks when p's scope depends on them (a department).
func (s *Store) caseActionFull(ctx context.Context, p *onetrip.Principal, c *casework.Case, a policy.Action) error {
	if p.Is(onetrip.RoleReviewer, onetrip.RoleSystem) {
		var err error
		if c.Tasks, err = s.caseTasks(ctx, s.r, c.ID); err != nil {
			return err
		}
	}
	return policy.CaseAction(p, c, a)
}

// WaiveFee exempts an unpaid order (减免) on an admin's decision with its
// reason; the case goes on as if paid.
func (s *Store) WaiveFee(ctx context.Context, p *onetrip.Principal, orderID, reason string) (payment.Order, error) {
	o, err := s.orderAction(ctx, p, orderID, policy.Waive)
	if err != nil {
		return o, err
	}
	w, err := payment.Waive(o, p.Username, reason, s.Now())
	if err != nil {
		return o, err
	}
	res, err := s.settle(ctx, o.CaseID, casework.SettleFee{Order: w, Actor: p.Username}, nil)
	if err != nil {
		return o, err
	}
	return feeOf(&res.Case, o.ID, w), nil
}

func feeOf(c *casework.Case, id string, def payment.Order) payment.Order {
	for _, x := range c.Fees {
		if x.ID == id {
			return x
		}
	}
	return def
}

// RefundFee returns money of a paid order through the platform (an
// admin's refund, or the refund a denied or withdrawn case is owed): the
// platform first, idempotent by refundID; then the order and the case.
func (s *Store) RefundFee(ctx context.Context, p *onetrip.Principal, orderID string, amount catalog.Amount, reason string) (payment.Order, error) {
	o, err := s.orderAction(ctx, p, orderID, policy.Refund)
	if err != nil {
		return o, err
	}
	if amount == 0 { // the whole remainder
		amount = o.Refundable()
	}
	return s.refund(ctx, o, amount, strings.TrimSpace(reason), p.Username)
}

func (s *Store) refund(ctx context.Context, o payment.Order, amount catalog.Amount, reason, actor string) (payment.Order, error) {
	if reason == "" || len([]rune(reason)) > payment.MaxWaiveReason {
		return o, onetrip.Invalid("store.payment.refund_reason", payment.MaxWaiveReason)
	}
	after, err := payment.Refund(o, amount, s.Now())
	if err != nil {
		return o, err
	}
	plat, _, err := s.paymentPlatform()
	if err != nil {
		return o, err
	}
	refundID := fmt.Sprintf("%s-%d", o.ID, o.Version)
	if err := plat.Refund(ctx, o, amount, refundID); err != nil {
		return o, err
	}
	c, err := s.CaseByID(ctx, o.CaseID)
	if err != nil {
		return o, err
	}
	clk, err := s.clock(ctx)
	if err != nil {
		return o, err
	}
	res, err := casework.RecordRefund(c, after, amount, reason, actor, clk)
	if err != nil {
		return o, err
	}
	err = s.runCase(ctx, &res, actor, nil, 0, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO payment_refunds (id, order_id, amount, reason, created_at, created_by) VALUES ($1,$2,$3,$4,$5,$6)`,
			refundID, o.ID, amount, reason, TS(s.Now()), actor)
		return err
	})
	if onetrip.HasCode(err, onetrip.CodeConflict) {
		// Another run (the job on another node, an admin) made this very
		// refund meanwhile: the platform saw one refund id, onetrip
		// records one.
		var k int
		if qerr := s.w.QueryRowContext(ctx, `SELECT COUNT(*) FROM payment_refunds WHERE id = $1`, refundID).Scan(&k); qerr == nil && k == 1 {
			return o, onetrip.Conflict("store.payment.refunded_meanwhile", o.ID)
		}
	}
	if err != nil {
		return o, err
	}
	return feeOf(&res.Case, o.ID, after), nil
}

// RefundsDue refunds what denied and withdrawn cases paid (the job's
// sweep); it returns how many orders it refunded.
func (s *Store) RefundsDue(ctx context.Context) (int, error) {
	os, err := s.orders(ctx, s.r, `status = 'paid' AND refunded < amount AND case_id IN
		(SELECT id FROM cases WHERE status IN ('denied', 'withdrawn')) ORDER BY paid_at LIMIT 100`)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, o := range os {
		_, err := s.refund(ctx, o, o.Refundable(), "办件未获批准，退还已缴费用", "system")
		if e := onetrip.AsError(err); e != nil && e.Key == "store.payment.refunded_meanwhile" {
			continue
		}
		if err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// Reconciliation is one day's 对账: the statement against onetrip's orders.
type Reconciliation struct {
	Day        string             `json:"day"`
	RunAt      time.Time          `json:"run_at"`
	Lines      int                `json:"lines"`
	Orders     int                `json:"orders"`
	Mismatches []payment.Mismatch `json:"mismatches"`
}

// dayBounds are a China day's first and last instants as stored times.
func dayBounds(day string) (string, string, error) {
	d, err := time.ParseInLocation("2006-01-02", day, onetrip.China)
	if err != nil {
		return "", "", onetrip.Invalid("store.payment.day", day)
	}
	return TS(d), TS(d.Add(24*time.Hour - time.Nanosecond)), nil
}

// Reconcile fetches a day's statement from the platform and compares it
// with the orders paid or refunded that day; the result is kept (a rerun
// replaces it) for finance to work through.
func (s *Store) Reconcile(ctx context.Context, day string) (Reconciliation, error) {
	plat, _, err := s.paymentPlatform()
	if err != nil {
		return Reconciliation{}, err
	}
	if _, _, err := dayBounds(day); err != nil {
		return Reconciliation{}, err
	}
	lines, err := plat.Statement(ctx, day)
	if err != nil {
		return Reconciliation{}, err
	}
	return s.ReconcileLines(ctx, day, lines)
}

// ReconcileLines compares a statement already read (a file finance
// uploaded, say) with the day's orders.
func (s *Store) ReconcileLines(ctx context.Context, day string, lines []payment.StatementLine) (Reconciliation, error) {
	from, to, err := dayBounds(day)
	if err != nil {
		return Reconciliation{}, err
	}
	os, err := s.orders(ctx, s.r, `(paid_at BETWEEN $1 AND $2) OR (refunded_at BETWEEN $1 AND $2) OR code IN
		(SELECT code FROM payment_refunds f JOIN payment_orders o ON o.id = f.order_id WHERE f.created_at BETWEEN $1 AND $2)`, from, to)
	if err != nil {
		return Reconciliation{}, err
	}
	rec := Reconciliation{Day: day, RunAt: s.Now(), Lines: len(lines), Orders: len(os), Mismatches: payment.ReconcileDay(day, lines, os)}
	if rec.Mismatches == nil {
		rec.Mismatches = []payment.Mismatch{}
	}
	body, _ := json.Marshal(rec.Mismatches)
	err = s.Tx(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO payment_reconciliations (day, run_at, lines, orders, mismatches) VALUES ($1,$2,$3,$4,$5)
			ON CONFLICT (day) DO UPDATE SET run_at = excluded.run_at, lines = excluded.lines, orders = excluded.orders, mismatches = excluded.mismatches`,
			day, TS(rec.RunAt), rec.Lines, rec.Orders, string(body))
		return err
	})
	return rec, err
}

// Reconciliations lists the latest reconciliations, newest first.
func (s *Store) Reconciliations(ctx context.Context, limit int) ([]Reconciliation, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT day, run_at, lines, orders, mismatches FROM payment_reconciliations ORDER BY day DESC LIMIT $1`, PageSize(limit))
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	var out []Reconciliation
	for rows.Next() {
		var r Reconciliation
		var at, mm string
		if err := rows.Scan(&r.Day, &at, &r.Lines, &r.Orders, &mm); err != nil {
			return nil, s.mapErr(err)
		}
		r.RunAt = mustTS(at)
		json.Unmarshal([]byte(mm), &r.Mismatches)
		out = append(out, r)
	}
	return out, s.mapErr(rows.Err())
}

// OrderQuery selects payment orders for a list: a region's (and below),
// a status, only overdue ones.
type OrderQuery struct {
	Region     string
	Department string // the collecting department
	Status     string
	Overdue    bool
	Limit      int
}

// Orders lists payment orders within a region, newest first.
func (s *Store) Orders(ctx context.Context, q OrderQuery) ([]payment.Order, error) {
	where := []string{"region LIKE $1"}
	args := []any{idcode.RegionPrefix(q.Region) + "%"} // 330800: the city's counties, 330000: the province
	if q.Department != "" {
		args = append(args, q.Department)
		where = append(where, fmt.Sprintf("department = $%d", len(args)))
	}
	if q.Status != "" {
		args = append(args, q.Status)
		where = append(where, fmt.Sprintf("status = $%d", len(args)))
	}
	if q.Overdue {
		args = append(args, chinaDate(s.Now()))
		where = append(where, fmt.Sprintf("status = 'unpaid' AND due_date < $%d", len(args)))
	}
	args = append(args, PageSize(q.Limit))
	return s.orders(ctx, s.r, strings.Join(where, " AND ")+fmt.Sprintf(" ORDER BY created_at DESC, id LIMIT $%d", len(args)), args...)
}

// RemindOverdueFees reminds, once, the applicants of unpaid orders past
// their due date (payment.overdue on the case, which the notification hook
// and supervision read); it returns how many it reminded.
func (s *Store) RemindOverdueFees(ctx context.Context) (int, error) {
	os, err := s.orders(ctx, s.r, `status = 'unpaid' AND reminded = $1 AND due_date < $2 ORDER BY due_date LIMIT 500`, false, chinaDate(s.Now()))
	if err != nil {
		return 0, err
	}
	clk, err := s.clock(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, o := range os {
		c, err := s.CaseByID(ctx, o.CaseID)
		if err != nil {
			return n, err
		}
		res, ok := casework.RemindFee(c, o.ID, clk)
		if !ok {
			continue
		}
		err = s.runCase(ctx, &res, "system", nil, 0, nil)
		if isStale(err) {
			continue // the case moved meanwhile (paid, or reminded by another run): the next sweep sees it
		}
		if err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

func init() {
	onetrip.Register(onetrip.Messages{
		"store.payment.no_platform":        {"未连接统一公共支付平台", "no payment platform is connected"},
		"store.payment.not_found":          {"缴费单 %s 不存在", "payment order %s does not exist"},
		"store.payment.stale":              {"缴费单 %s 已被更新，请刷新后重试", "payment order %s changed meanwhile; reload and retry"},
		"store.payment.replayed":           {"通知 %s 已收到过且内容不同，拒绝处理", "notification %s was received before with another body; refused"},
		"store.payment.refund_reason":      {"请填写退款原因（不超过 %d 字）", "give the refund's reason (at most %d characters)"},
		"store.payment.day":                {"日期“%s”无效，应为 YYYY-MM-DD", "invalid day %q: expected YYYY-MM-DD"},
		"store.receipt.not_found":          {"票据 %s 不存在", "receipt %s does not exist"},
		"store.payment.refunded_meanwhile": {"缴费单 %s 的这笔退款已由他人办理", "this refund of payment order %s was made by someone else meanwhile"},
	})
}
