package payment

import (
	"strings"
	"testing"
	"time"

	"onetrip"
	"onetrip/catalog"
)

var t0 = time.Date(2026, 3, 2, 9, 30, 0, 0, onetrip.China)

func unpaidOrder() Order {
	return Order{ID: "o1", CaseID: "c1", CaseNumber: "ZJ2026-0001", Step: "330102-001", ItemName: "不动产登记",
		Department: "d1", DepartmentName: "西湖区自然资源局", Region: "330106", Amount: 8000, Basis: "浙价费〔2026〕1号",
		Payer: Payer{Name: "张三", IDNumber: "33010219900101001X"}, Code: "33010226000000000017", Status: StatusUnpaid,
		DueDate: "2026-03-10", CreatedAt: t0}
}

func paidOrder() Order {
	o := unpaidOrder()
	at := t0.Add(time.Hour)
	o.Status, o.PaidAt, o.Channel, o.Txn = StatusPaid, &at, ChannelAlipay, "T1"
	return o
}

func success() Notification {
	return Notification{ID: "n1", Txn: "T1", Code: "33010226000000000017", Amount: 8000, Channel: ChannelAlipay,
		Status: NotifySuccess, PaidAt: t0.Add(time.Hour), SentAt: t0.Add(time.Hour)}
}

func wantErr(t *testing.T, name string, err error, code onetrip.Code, key string) {
	t.Helper()
	if code == "" {
		if err != nil {
			t.Errorf("%s: %v", name, err)
		}
		return
	}
	if e := onetrip.AsError(err); err == nil || e.Code != code || e.Key != key {
		t.Errorf("%s: got %v, want %s %s", name, err, code, key)
	}
}

func TestPay(t *testing.T) {
	with := func(f func(*Order)) Order { o := unpaidOrder(); f(&o); return o }
	note := func(f func(*Notification)) Notification { n := success(); f(&n); return n }
	for _, tc := range []struct {
		name    string
		o       Order
		n       Notification
		changed bool
		code    onetrip.Code
		key     string
	}{
		{"pays", unpaidOrder(), success(), true, "", ""},
		{"duplicate of the paying notification", paidOrder(), note(func(n *Notification) { n.ID = "n2" }), false, "", ""},
		{"duplicate after a refund", with(func(o *Order) { p := paidOrder(); *o = p; o.Status, o.Refunded = StatusRefunded, o.Amount }), success(), false, "", ""},
		{"second transaction", paidOrder(), note(func(n *Notification) { n.Txn = "T2" }), false, onetrip.CodeConflict, "payment.order.paid_twice"},
		{"waived", with(func(o *Order) { o.Status = StatusWaived }), success(), false, onetrip.CodeConflict, "payment.order.not_payable"},
		{"cancelled", with(func(o *Order) { o.Status = StatusCancelled }), success(), false, onetrip.CodeConflict, "payment.order.not_payable"},
		{"refunded, other txn", with(func(o *Order) { o.Status, o.Txn = StatusRefunded, "T0" }), success(), false, onetrip.CodeConflict, "payment.order.not_payable"},
		{"failed payment", unpaidOrder(), note(func(n *Notification) { n.Status, n.Txn = NotifyFailed, "" }), false, "", ""},
		{"other code", unpaidOrder(), note(func(n *Notification) { n.Code = "33078225123456789012" }), false, onetrip.CodeInvalid, "payment.callback.mismatch"},
		{"other amount", unpaidOrder(), note(func(n *Notification) { n.Amount = 7999 }), false, onetrip.CodeInvalid, "payment.callback.amount"},
		{"unknown channel", unpaidOrder(), note(func(n *Notification) { n.Channel = "paypal" }), false, onetrip.CodeInvalid, "payment.callback.channel"},
		{"unknown status", unpaidOrder(), note(func(n *Notification) { n.Status = "pending" }), false, onetrip.CodeInvalid, "payment.callback.status"},
		{"no txn", unpaidOrder(), note(func(n *Notification) { n.Txn = "" }), false, onetrip.CodeInvalid, "payment.callback.malformed"},
	} {
		got, changed, err := Pay(tc.o, tc.n)
		wantErr(t, tc.name, err, tc.code, tc.key)
		if changed != tc.changed {
			t.Errorf("%s: changed = %v", tc.name, changed)
		}
		if !changed && got.Status != tc.o.Status {
			t.Errorf("%s: status %s without a change", tc.name, got.Status)
		}
	}
	o, _, _ := Pay(unpaidOrder(), success())
	if o.Status != StatusPaid || o.Txn != "T1" || o.Channel != ChannelAlipay || o.PaidAt == nil || !o.PaidAt.Equal(t0.Add(time.Hour)) || !o.Settled() || o.Owed() {
		t.Fatalf("paid order: %+v", o)
	}
	e := onetrip.AsError(func() error {
		_, _, err := Pay(unpaidOrder(), Notification{Code: "33010226000000000017", Amount: 1250, Txn: "T", Status: NotifySuccess, Channel: ChannelCard})
		return err
	}())
	if msg := onetrip.Render(onetrip.LangEN, e.Key, e.Args...); !strings.Contains(msg, "due 80 yuan, notified 12.5 yuan") {
		t.Errorf("amount message: %s", msg)
	}
	e = onetrip.AsError(func() error {
		_, _, err := Pay(with(func(o *Order) { o.Status = StatusWaived }), success())
		return err
	}())
	if msg := onetrip.Render(onetrip.LangZH, e.Key, e.Args...); !strings.Contains(msg, "已减免") {
		t.Errorf("status is not named in Chinese: %s", msg)
	}
}

func TestWaive(t *testing.T) {
	for _, tc := range []struct {
		name       string
		o          Order
		by, reason string
		code       onetrip.Code
		key        string
	}{
		{"waives", unpaidOrder(), "u1", "  低保户，依规减免  ", "", ""},
		{"reason of 200", unpaidOrder(), "u1", strings.Repeat("减", 200), "", ""},
		{"reason of 201", unpaidOrder(), "u1", strings.Repeat("减", 201), onetrip.CodeInvalid, "payment.waive.reason"},
		{"blank reason", unpaidOrder(), "u1", " \t", onetrip.CodeInvalid, "payment.waive.reason"},
		{"nobody", unpaidOrder(), " ", "理由", onetrip.CodeInvalid, "payment.waive.by"},
		{"paid", paidOrder(), "u1", "理由", onetrip.CodeConflict, "payment.order.not_waivable"},
	} {
		got, err := Waive(tc.o, tc.by, tc.reason, t0)
		wantErr(t, tc.name, err, tc.code, tc.key)
		if err == nil && (got.Status != StatusWaived || got.WaivedBy != tc.by || got.WaiveReason != strings.TrimSpace(tc.reason) || got.WaivedAt == nil || !got.Settled()) {
			t.Errorf("%s: %+v", tc.name, got)
		}
		if err != nil && got.Status != tc.o.Status {
			t.Errorf("%s: status changed on error", tc.name)
		}
	}
}

func TestRefund(t *testing.T) {
	partly := paidOrder()
	partly.Refunded = 3000
	for _, tc := range []struct {
		name     string
		o        Order
		amount   catalog.Amount
		status   string
		refunded catalog.Amount
		code     onetrip.Code
		key      string
	}{
		{"part", paidOrder(), 3000, StatusPaid, 3000, "", ""},
		{"all", paidOrder(), 8000, StatusRefunded, 8000, "", ""},
		{"the rest", partly, 5000, StatusRefunded, 8000, "", ""},
		{"more than left", partly, 5001, "", 0, onetrip.CodeInvalid, "payment.refund.too_much"},
		{"zero", paidOrder(), 0, "", 0, onetrip.CodeInvalid, "payment.refund.amount"},
		{"negative", paidOrder(), -1, "", 0, onetrip.CodeInvalid, "payment.refund.amount"},
		{"unpaid", unpaidOrder(), 100, "", 0, onetrip.CodeConflict, "payment.order.not_refundable"},
	} {
		got, err := Refund(tc.o, tc.amount, t0)
		wantErr(t, tc.name, err, tc.code, tc.key)
		if err == nil && (got.Status != tc.status || got.Refunded != tc.refunded || got.RefundedAt == nil) {
			t.Errorf("%s: %+v", tc.name, got)
		}
	}
	_, err := Refund(partly, 5001, t0)
	if msg := onetrip.Render(onetrip.LangEN, onetrip.AsError(err).Key, onetrip.AsError(err).Args...); !strings.Contains(msg, "50.01") || !strings.Contains(msg, "the 50 yuan") {
		t.Errorf("message: %s", msg)
	}
}

func TestCancelOverdueSettled(t *testing.T) {
	c, err := Cancel(unpaidOrder())
	if err != nil || c.Status != StatusCancelled || c.Owed() || c.Settled() {
		t.Fatalf("cancel: %+v %v", c, err)
	}
	if again, err := Cancel(c); err != nil || again.Status != StatusCancelled {
		t.Fatalf("cancel twice: %v", err)
	}
	_, err = Cancel(paidOrder())
	wantErr(t, "cancel paid", err, onetrip.CodeConflict, "payment.order.not_cancellable")

	for _, tc := range []struct {
		o     Order
		today string
		want  bool
	}{
		{unpaidOrder(), "2026-03-10", false},
		{unpaidOrder(), "2026-03-11", true},
		{unpaidOrder(), "2027-01-01", true},
		{paidOrder(), "2027-01-01", false},
		{Order{Status: StatusUnpaid}, "2027-01-01", false},
	} {
		if got := Overdue(tc.o, tc.today); got != tc.want {
			t.Errorf("Overdue(%s due %q, %s) = %v", tc.o.Status, tc.o.DueDate, tc.today, got)
		}
	}

	o := unpaidOrder()
	if o.Yuan() != "80" {
		t.Errorf("Yuan = %s", o.Yuan())
	}
	mk := func(step, status string) Order { return Order{Step: step, Status: status} }
	for _, tc := range []struct {
		name   string
		orders []Order
		step   string
		want   bool
	}{
		{"none", nil, "", true},
		{"paid and waived", []Order{mk("a", StatusPaid), mk("a", StatusWaived)}, "", true},
		{"cancelled counts", []Order{mk("a", StatusPaid), mk("a", StatusCancelled)}, "a", true},
		{"unpaid of the step", []Order{mk("a", StatusPaid), mk("a", StatusUnpaid)}, "a", false},
		{"unpaid of another step", []Order{mk("a", StatusPaid), mk("b", StatusUnpaid)}, "a", true},
		{"unpaid, all steps", []Order{mk("a", StatusPaid), mk("b", StatusUnpaid)}, "", false},
		{"refunded", []Order{mk("a", StatusRefunded)}, "a", false},
	} {
		if got := AllSettled(tc.orders, tc.step); got != tc.want {
			t.Errorf("AllSettled %s = %v", tc.name, got)
		}
	}
}
