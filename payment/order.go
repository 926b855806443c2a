// Package payment is onetrip's side of the unified public payment platform
// (统一公共支付平台) of the 政务服务网: every fee of a case is an Order with a
// 20-digit payment code (缴款码) that the applicant pays online or at the
// window. The package is pure: it changes orders, checks the platform's signed
// notifications, reads its statements and reconciles them, and issues the
// financial e-receipt (财政电子票据). Storage and HTTP live elsewhere; the
// platform itself is behind the Platform port (paysim simulates it).
package payment

import (
	"strings"
	"time"
	"unicode/utf8"

	"onetrip"
	"onetrip/catalog"
)

// Order statuses. Only unpaid orders are owed; paid and waived ones are
// settled; refunded and cancelled ones are neither (the money went back, or
// the fee was never due).
const (
	StatusUnpaid    = "unpaid"
	StatusPaid      = "paid"
	StatusWaived    = "waived" // 减免: approved, nothing to pay
	StatusRefunded  = "refunded"
	StatusCancelled = "cancelled"
)

// Statuses lists every order status.
var Statuses = []string{StatusUnpaid, StatusPaid, StatusWaived, StatusRefunded, StatusCancelled}

// Payment channels.
const (
	ChannelCard   = "card"
	ChannelAlipay = "alipay"
	ChannelWechat = "wechat"
	ChannelWindow = "window" // the window's scanner reads the applicant's code
)

// Channels lists every channel a payment can come through.
var Channels = []string{ChannelCard, ChannelAlipay, ChannelWechat, ChannelWindow}

// KnownChannel reports whether c is one of Channels.
func KnownChannel(c string) bool {
	for _, k := range Channels {
		if c == k {
			return true
		}
	}
	return false
}

// MaxWaiveReason bounds a waiver's reason, in characters: it is printed on
// the order and read by auditors, not an essay.
const MaxWaiveReason = onetrip.MaxShort

// Payer is who pays: the applicant (a person or an organisation).
type Payer struct {
	Name     string `json:"name"`
	IDNumber string `json:"id_number"`
}

// Order is one fee of a case: what one step (item) charges, collected by one
// department through the platform. Amounts are in fen (catalog.Amount; its
// JSON is a number of yuan, like every amount of the project).
type Order struct {
	ID             string         `json:"id"`
	CaseID         string         `json:"case_id"`
	CaseNumber     string         `json:"case_number"`
	Step           string         `json:"step"` // the item code that charges
	ItemName       string         `json:"item_name"`
	Department     string         `json:"department"` // the collecting department's id
	DepartmentName string         `json:"department_name"`
	Region         string         `json:"region"` // the case's region code
	Amount         catalog.Amount `json:"amount"`
	Basis          string         `json:"basis"` // the legal basis of the fee (收费依据)
	Payer          Payer          `json:"payer"`
	Code           string         `json:"code"` // 缴款码, see NewCode
	Status         string         `json:"status"`
	DueDate        string         `json:"due_date"` // YYYY-MM-DD, China time
	CreatedAt      time.Time      `json:"created_at"`
	PaidAt         *time.Time     `json:"paid_at,omitempty"`
	Channel        string         `json:"channel,omitempty"`
	Txn            string         `json:"txn,omitempty"` // the platform's transaction id
	WaivedBy       string         `json:"waived_by,omitempty"`
	WaiveReason    string         `json:"waive_reason,omitempty"`
	WaivedAt       *time.Time     `json:"waived_at,omitempty"`
	Refunded       catalog.Amount `json:"refunded"`
	RefundedAt     *time.Time     `json:"refunded_at,omitempty"` // the latest refund
	Reminded       bool           `json:"reminded"`
	// Version is the store's optimistic lock; the changes here leave it to
	// the store, which bumps it when it writes.
	Version int `json:"version"`
}

// Yuan is the amount in yuan as people read it: "80", "12.5".
func (o *Order) Yuan() string { return o.Amount.String() }

// Settled reports whether the fee is done with: paid or waived.
func (o *Order) Settled() bool { return o.Status == StatusPaid || o.Status == StatusWaived }

// Owed reports whether the applicant still has to pay.
func (o *Order) Owed() bool { return o.Status == StatusUnpaid }

// AllSettled reports whether every order of step (of every step when step is
// "") is settled or cancelled, so the case may go on. A fully refunded order
// is not: its fee went back to the payer, so it is not paid.
func AllSettled(orders []Order, step string) bool {
	for i := range orders {
		o := &orders[i]
		if step != "" && o.Step != step {
			continue
		}
		if !o.Settled() && o.Status != StatusCancelled {
			return false
		}
	}
	return true
}

// Pay applies a verified notification (see VerifyNotification) to its order.
// changed is false when nothing happens: a failed payment (the order stays
// unpaid) or a duplicate of the notification that already paid it, which
// the platform sends until it is acknowledged and which must be answered as
// a success. A second, different transaction for a paid order is a
// conflict: the platform must refund it.
func Pay(o Order, n Notification) (Order, bool, error) {
	if n.Code != o.Code {
		return o, false, onetrip.Invalid("payment.callback.mismatch", n.Code, o.Code)
	}
	switch n.Status {
	case NotifyFailed:
		return o, false, nil
	case NotifySuccess:
	default:
		return o, false, onetrip.Invalid("payment.callback.status", n.Status)
	}
	if n.Txn == "" {
		return o, false, onetrip.Invalid("payment.callback.malformed").WithDetail("txn", "payment.callback.required", "txn")
	}
	if o.Txn != "" && o.Txn == n.Txn && (o.Status == StatusPaid || o.Status == StatusRefunded) {
		return o, false, nil
	}
	switch o.Status {
	case StatusUnpaid:
	case StatusPaid:
		return o, false, onetrip.Conflict("payment.order.paid_twice", o.Txn, n.Txn)
	default:
		return o, false, onetrip.Conflict("payment.order.not_payable", statusName(o.Status))
	}
	if n.Amount != o.Amount {
		return o, false, onetrip.Invalid("payment.callback.amount", o.Amount.String(), n.Amount.String())
	}
	if !KnownChannel(n.Channel) {
		return o, false, onetrip.Invalid("payment.callback.channel", n.Channel)
	}
	at := n.PaidAt
	o.Status, o.PaidAt, o.Channel, o.Txn = StatusPaid, &at, n.Channel, n.Txn
	return o, true, nil
}

// Waive records an approved waiver (减免) of an unpaid fee: who approved it
// and why, because a fee not collected must be accounted for like one that
// was.
func Waive(o Order, by, reason string, at time.Time) (Order, error) {
	if o.Status != StatusUnpaid {
		return o, onetrip.Conflict("payment.order.not_waivable", statusName(o.Status))
	}
	by, reason = strings.TrimSpace(by), strings.TrimSpace(reason)
	if by == "" {
		return o, onetrip.Invalid("payment.waive.by")
	}
	if reason == "" || utf8.RuneCountInString(reason) > MaxWaiveReason {
		return o, onetrip.Invalid("payment.waive.reason", MaxWaiveReason)
	}
	o.Status, o.WaivedBy, o.WaiveReason, o.WaivedAt = StatusWaived, by, reason, &at
	return o, nil
}

// Refund records money the platform returned for a paid order. Partial
// refunds accumulate; the order is refunded when all of it went back.
func Refund(o Order, amount catalog.Amount, at time.Time) (Order, error) {
	if o.Status != StatusPaid {
		return o, onetrip.Conflict("payment.order.not_refundable", statusName(o.Status))
	}
	if amount <= 0 {
		return o, onetrip.Invalid("payment.refund.amount", amount.String())
	}
	if left := o.Refundable(); amount > left {
		return o, onetrip.Invalid("payment.refund.too_much", amount.String(), left.String())
	}
	o.Refunded += amount
	o.RefundedAt = &at
	if o.Refunded == o.Amount {
		o.Status = StatusRefunded
	}
	return o, nil
}

// Refundable is what may still be refunded of a paid order.
func (o *Order) Refundable() catalog.Amount {
	if o.Status != StatusPaid {
		return 0
	}
	return o.Amount - o.Refunded
}

// Cancel voids an unpaid order, when its case is denied or withdrawn before
// the fee was paid. Cancelling a cancelled order changes nothing, so a
// withdrawal that runs twice is harmless.
func Cancel(o Order) (Order, error) {
	switch o.Status {
	case StatusUnpaid:
		o.Status = StatusCancelled
		return o, nil
	case StatusCancelled:
		return o, nil
	}
	return o, onetrip.Conflict("payment.order.not_cancellable", statusName(o.Status))
}

// Overdue reports whether an unpaid order is past its due date; today is
// YYYY-MM-DD in China time, so the string order is the date order.
func Overdue(o Order, today string) bool {
	return o.Status == StatusUnpaid && o.DueDate != "" && today > o.DueDate
}
