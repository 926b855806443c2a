package payment

import (
	"reflect"
	"testing"
	"time"

	"onetrip/catalog"
)

func TestReconcile(t *testing.T) {
	code := func(serial int64) string { c, _ := NewCode("330102", 2026, serial); return c }
	at := t0
	paid := func(serial int64, txn string, amount int64) Order {
		return Order{ID: "o" + txn, Code: code(serial), Status: StatusPaid, Amount: amountOf(amount), Txn: txn, PaidAt: &at, Channel: ChannelCard}
	}
	line := func(serial int64, txn, kind string, amount int64) StatementLine {
		return StatementLine{Txn: txn, Code: code(serial), Kind: kind, Amount: amountOf(amount), Channel: ChannelCard, At: at}
	}
	refunded := func(o Order, amount int64, status string) Order {
		o.Refunded, o.Status, o.RefundedAt = amountOf(amount), status, &at
		return o
	}
	for _, tc := range []struct {
		name   string
		lines  []StatementLine
		orders []Order
		want   []Mismatch
	}{
		{"all agree", []StatementLine{line(1, "T1", KindPay, 100), line(2, "T2", KindPay, 200)},
			[]Order{paid(1, "T1", 100), paid(2, "T2", 200)}, nil},
		{"lost notification", []StatementLine{line(1, "T1", KindPay, 100)},
			[]Order{{ID: "o1", Code: code(1), Status: StatusUnpaid, Amount: 100}},
			[]Mismatch{{Kind: MismatchMissingHere, Code: code(1), Txn: "T1", Theirs: 100, OrderID: "o1"}}},
		{"unknown code", []StatementLine{line(9, "T9", KindPay, 100)}, nil,
			[]Mismatch{{Kind: MismatchMissingHere, Code: code(9), Txn: "T9", Theirs: 100}}},
		{"not on the statement", nil, []Order{paid(1, "T1", 100)},
			[]Mismatch{{Kind: MismatchMissingThere, Code: code(1), Txn: "T1", Ours: 100, OrderID: "oT1"}}},
		{"amount", []StatementLine{line(1, "T1", KindPay, 90)}, []Order{paid(1, "T1", 100)},
			[]Mismatch{{Kind: MismatchAmount, Code: code(1), Txn: "T1", Ours: 100, Theirs: 90, OrderID: "oT1"}}},
		{"paid twice", []StatementLine{line(1, "T1", KindPay, 100), line(1, "T2", KindPay, 100)}, []Order{paid(1, "T1", 100)},
			[]Mismatch{{Kind: MismatchTxn, Code: code(1), Txn: "T2", Ours: 100, Theirs: 100, OrderID: "oT1"}}},
		{"another txn recorded", []StatementLine{line(1, "T2", KindPay, 100)}, []Order{paid(1, "T1", 100)},
			[]Mismatch{{Kind: MismatchTxn, Code: code(1), Txn: "T2", Ours: 100, Theirs: 100, OrderID: "oT1"}}},
		{"duplicate line", []StatementLine{line(1, "T1", KindPay, 100), line(1, "T1", KindPay, 100)}, []Order{paid(1, "T1", 100)},
			[]Mismatch{{Kind: MismatchDuplicate, Code: code(1), Txn: "T1", Theirs: 100, OrderID: "oT1"}}},
		{"refunds agree", []StatementLine{line(1, "T1", KindPay, 100), line(1, "R1", KindRefund, 30), line(1, "R2", KindRefund, 70)},
			[]Order{refunded(paid(1, "T1", 100), 100, StatusRefunded)}, nil},
		{"refund totals differ", []StatementLine{line(1, "T1", KindPay, 100), line(1, "R1", KindRefund, 30)},
			[]Order{refunded(paid(1, "T1", 100), 40, StatusPaid)},
			[]Mismatch{{Kind: MismatchAmount, Code: code(1), Txn: "T1", Ours: 40, Theirs: 30, OrderID: "oT1", Refund: true}}},
		{"refund not here", []StatementLine{line(1, "T1", KindPay, 100), line(1, "R1", KindRefund, 30)},
			[]Order{paid(1, "T1", 100)},
			[]Mismatch{{Kind: MismatchMissingHere, Code: code(1), Theirs: 30, OrderID: "oT1", Refund: true}}},
		{"refund not there", []StatementLine{line(1, "T1", KindPay, 100)},
			[]Order{refunded(paid(1, "T1", 100), 30, StatusPaid)},
			[]Mismatch{{Kind: MismatchMissingThere, Code: code(1), Txn: "T1", Ours: 30, OrderID: "oT1", Refund: true}}},
		{"sorted by code then kind",
			[]StatementLine{line(3, "T3", KindPay, 1), line(1, "T1", KindPay, 5), line(1, "T1", KindPay, 5), line(2, "T2", KindPay, 7)},
			[]Order{paid(1, "T1", 4), paid(2, "T2", 7), paid(4, "T4", 1)},
			[]Mismatch{
				{Kind: MismatchAmount, Code: code(1), Txn: "T1", Ours: 4, Theirs: 5, OrderID: "oT1"},
				{Kind: MismatchDuplicate, Code: code(1), Txn: "T1", Theirs: 5, OrderID: "oT1"},
				{Kind: MismatchMissingHere, Code: code(3), Txn: "T3", Theirs: 1},
				{Kind: MismatchMissingThere, Code: code(4), Txn: "T4", Ours: 1, OrderID: "oT4"},
			}},
	} {
		for run := 0; run < 3; run++ { // map order must not show
			if got := Reconcile(tc.lines, tc.orders); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("%s:\n got %+v\nwant %+v", tc.name, got, tc.want)
				break
			}
		}
	}
}

func TestReconcileDay(t *testing.T) {
	code, _ := NewCode("330102", 2026, 1)
	yesterday, today := t0.AddDate(0, 0, -1), t0
	o := Order{ID: "o1", Code: code, Status: StatusRefunded, Amount: 100, Refunded: 100, Txn: "T1", PaidAt: &yesterday, RefundedAt: &today}
	refund := StatementLine{Txn: "R1", Code: code, Kind: KindRefund, Amount: 100, Channel: ChannelCard, At: today}
	// Paid yesterday, refunded today: today's statement has only the refund.
	if got := ReconcileDay("2026-03-02", []StatementLine{refund}, []Order{o}); len(got) != 0 {
		t.Errorf("today: %+v", got)
	}
	if got := Reconcile([]StatementLine{refund}, []Order{o}); len(got) != 1 || got[0].Kind != MismatchMissingThere {
		t.Errorf("without the day the payment is expected: %+v", got)
	}
	// Yesterday's statement has the payment; the refund is not expected on it.
	pay := StatementLine{Txn: "T1", Code: code, Kind: KindPay, Amount: 100, Channel: ChannelCard, At: yesterday}
	if got := ReconcileDay("2026-03-01", []StatementLine{pay}, []Order{o}); len(got) != 0 {
		t.Errorf("yesterday: %+v", got)
	}
	// A refund line on a day we refunded nothing.
	if got := ReconcileDay("2026-03-01", []StatementLine{pay, refund}, []Order{o}); len(got) != 1 || got[0].Kind != MismatchMissingHere || !got[0].Refund {
		t.Errorf("refund on the wrong day: %+v", got)
	}
}

func TestReconcileLarge(t *testing.T) {
	lines, orders := bigStatement(100000)
	lines[500].Amount++
	orders = append(orders[:1000], orders[1001:]...)
	start := time.Now()
	got := Reconcile(lines, orders)
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("100,000 lines took %v", d)
	}
	if len(got) != 2 || got[0].Kind != MismatchAmount || got[1].Kind != MismatchMissingHere || got[1].Code != lines[1000].Code {
		t.Fatalf("%+v", got)
	}
}

func BenchmarkReconcile(b *testing.B) {
	lines, orders := bigStatement(100000)
	b.ReportAllocs()
	for b.Loop() {
		if got := Reconcile(lines, orders); len(got) != 0 {
			b.Fatal(got[:1])
		}
	}
}

func amountOf(fen int64) catalog.Amount { return catalog.Amount(fen) }
