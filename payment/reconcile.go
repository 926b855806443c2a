package payment

import (
	"sort"

	"onetrip"
	"onetrip/catalog"
)

// Mismatch kinds of a reconciliation.
const (
	MismatchMissingHere  = "missing_here"  // on the statement, no such paid (or refunded) order here: a lost notification
	MismatchMissingThere = "missing_there" // paid (or refunded) here, not on the statement
	MismatchAmount       = "amount"        // both sides know it, with different amounts
	MismatchTxn          = "txn"           // the same code paid by another transaction: paid twice, or the wrong txn recorded
	MismatchDuplicate    = "duplicate"     // the same transaction twice on the statement
)

// Mismatch is one difference between the platform's statement and onetrip's
// orders, for the finance office to resolve. Refund is set when it is about
// refunds (the statement's refund lines against Order.Refunded) rather than
// the payment.
type Mismatch struct {
	Kind    string         `json:"kind"`
	Code    string         `json:"code"`
	Txn     string         `json:"txn,omitempty"`
	Ours    catalog.Amount `json:"ours"`
	Theirs  catalog.Amount `json:"theirs"`
	OrderID string         `json:"order_id,omitempty"`
	Refund  bool           `json:"refund,omitempty"`
}

// Reconcile compares a statement with the orders paid or refunded in its
// period (orders in other statuses may be given too: a statement line for an
// unpaid order here is the lost notification reconciliation exists to find).
// Every paid or refunded order is expected with a pay line, and every order
// with a refund with refund lines adding up to Order.Refunded; use
// ReconcileDay when the orders include ones paid or refunded outside the
// statement's day. The result is sorted by code, then kind.
func Reconcile(lines []StatementLine, orders []Order) []Mismatch {
	return reconcile(lines, orders, func(*Order) (bool, bool) { return true, true })
}

// ReconcileDay is Reconcile for the statement of one day (YYYY-MM-DD, China
// time): an order's payment is expected on it only if it was paid that day,
// its refunds only if its latest refund was that day. Refunds are compared
// as totals, so an order refunded in parts on different days shows as an
// amount mismatch on the later day.
func ReconcileDay(day string, lines []StatementLine, orders []Order) []Mismatch {
	return reconcile(lines, orders, func(o *Order) (bool, bool) {
		pay := o.PaidAt != nil && o.PaidAt.In(onetrip.China).Format("2006-01-02") == day
		refund := o.RefundedAt != nil && o.RefundedAt.In(onetrip.China).Format("2006-01-02") == day
		return pay, refund
	})
}

// reconcile is both; expect says whether an order's payment and refunds
// belong to the statement.
func reconcile(lines []StatementLine, orders []Order, expect func(*Order) (pay, refund bool)) []Mismatch {
	byCode := make(map[string]*Order, len(orders))
	for i := range orders {
		if _, ok := byCode[orders[i].Code]; !ok {
			byCode[orders[i].Code] = &orders[i]
		}
	}
	type key struct{ kind, txn string }
	seen := make(map[key]bool, len(lines))
	paid := make(map[string]bool, len(lines))               // codes with a pay line of the order's txn
	otherTxn := make(map[string]bool)                       // codes paid by another txn on the statement
	refunds := make(map[string]catalog.Amount, len(orders)) // refund totals by code
	var out []Mismatch
	for i := range lines {
		l := &lines[i]
		k := key{l.Kind, l.Txn}
		if seen[k] {
			out = append(out, Mismatch{Kind: MismatchDuplicate, Code: l.Code, Txn: l.Txn, Theirs: l.Amount, Refund: l.Kind == KindRefund, OrderID: orderID(byCode[l.Code])})
			continue
		}
		seen[k] = true
		o := byCode[l.Code]
		if l.Kind == KindRefund {
			refunds[l.Code] += l.Amount
			continue
		}
		switch {
		case o == nil || o.Txn == "" || (o.Status != StatusPaid && o.Status != StatusRefunded):
			out = append(out, Mismatch{Kind: MismatchMissingHere, Code: l.Code, Txn: l.Txn, Theirs: l.Amount, OrderID: orderID(o)})
		case o.Txn != l.Txn:
			otherTxn[l.Code] = true
			out = append(out, Mismatch{Kind: MismatchTxn, Code: l.Code, Txn: l.Txn, Ours: o.Amount, Theirs: l.Amount, OrderID: o.ID})
		default:
			paid[l.Code] = true
			if o.Amount != l.Amount {
				out = append(out, Mismatch{Kind: MismatchAmount, Code: l.Code, Txn: l.Txn, Ours: o.Amount, Theirs: l.Amount, OrderID: o.ID})
			}
		}
	}
	for code, theirs := range refunds {
		o := byCode[code]
		if o == nil || o.Refunded == 0 || !expectRefund(expect, o) {
			out = append(out, Mismatch{Kind: MismatchMissingHere, Code: code, Theirs: theirs, OrderID: orderID(o), Refund: true})
		} else if o.Refunded != theirs {
			out = append(out, Mismatch{Kind: MismatchAmount, Code: code, Txn: o.Txn, Ours: o.Refunded, Theirs: theirs, OrderID: o.ID, Refund: true})
		}
	}
	for code, o := range byCode {
		if o.Status != StatusPaid && o.Status != StatusRefunded || o.Txn == "" {
			continue
		}
		pay, refund := expect(o)
		if pay && !paid[code] && !otherTxn[code] {
			out = append(out, Mismatch{Kind: MismatchMissingThere, Code: code, Txn: o.Txn, Ours: o.Amount, OrderID: o.ID})
		}
		if refund && o.Refunded > 0 {
			if _, ok := refunds[code]; !ok {
				out = append(out, Mismatch{Kind: MismatchMissingThere, Code: code, Txn: o.Txn, Ours: o.Refunded, OrderID: o.ID, Refund: true})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := &out[i], &out[j]
		if a.Code != b.Code {
			return a.Code < b.Code
		}
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		if a.Refund != b.Refund {
			return !a.Refund
		}
		return a.Txn < b.Txn
	})
	return out
}

func expectRefund(expect func(*Order) (bool, bool), o *Order) bool {
	_, r := expect(o)
	return r
}

func orderID(o *Order) string {
	if o == nil {
		return ""
	}
	return o.ID
}
