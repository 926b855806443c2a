package payment

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"onetrip"
	"onetrip/catalog"
)

func TestStatementRoundTrip(t *testing.T) {
	lines := []StatementLine{
		{Txn: "T1", Code: "33010226000000000017", Kind: KindPay, Amount: 8000, Channel: ChannelAlipay, At: t0},
		{Txn: "R1", Code: "33010226000000000017", Kind: KindRefund, Amount: 1, Channel: ChannelAlipay, At: t0.Add(time.Hour).UTC()},
	}
	var buf bytes.Buffer
	if err := WriteStatement(&buf, lines); err != nil {
		t.Fatal(err)
	}
	want := StatementHeader + "\nT1,33010226000000000017,pay,8000,alipay,2026-03-02T09:30:00+08:00\n" +
		"R1,33010226000000000017,refund,1,alipay,2026-03-02T10:30:00+08:00\n"
	if buf.String() != want {
		t.Fatalf("statement:\n%s\nwant\n%s", buf.String(), want)
	}
	got, err := ParseStatement(&buf)
	if err != nil || len(got) != 2 {
		t.Fatalf("%v %v", got, err)
	}
	for i := range got {
		if !got[i].At.Equal(lines[i].At) {
			t.Errorf("line %d at %v", i, got[i].At)
		}
		got[i].At = lines[i].At
		if got[i] != lines[i] {
			t.Errorf("line %d: %+v", i, got[i])
		}
	}
	if got, err := ParseStatement(strings.NewReader(StatementHeader + "\n")); err != nil || len(got) != 0 {
		t.Errorf("empty statement: %v %v", got, err)
	}
}

func TestParseStatementRefuses(t *testing.T) {
	good := "T1,33010226000000000017,pay,8000,alipay,2026-03-02T09:30:00+08:00"
	for _, tc := range []struct {
		name, in string
		key      string
		args     []any
	}{
		{"empty", "", "payment.statement.line", []any{1, "header: " + StatementHeader}},
		{"wrong header", "txn,code,kind,amount,channel,at\n" + good, "payment.statement.line", []any{1, "header: " + StatementHeader}},
		{"too few fields", StatementHeader + "\n" + good + "\nT2,33010226000000000017,pay,8000,alipay", "payment.statement.line", []any{3, "csv"}},
		{"too many fields", StatementHeader + "\n" + good + ",x", "payment.statement.line", []any{2, "csv"}},
		{"bad code", StatementHeader + "\n" + good + "\nT2,33010226000000000018,pay,1,card,2026-03-02T09:30:00+08:00", "payment.statement.line", []any{3, "code"}},
		{"no txn", StatementHeader + "\n,33010226000000000017,pay,1,card,2026-03-02T09:30:00+08:00", "payment.statement.line", []any{2, "txn"}},
		{"bad kind", StatementHeader + "\nT2,33010226000000000017,charge,1,card,2026-03-02T09:30:00+08:00", "payment.statement.line", []any{2, "kind"}},
		{"yuan amount", StatementHeader + "\nT2,33010226000000000017,pay,80.00,card,2026-03-02T09:30:00+08:00", "payment.statement.line", []any{2, "amount_fen"}},
		{"zero amount", StatementHeader + "\nT2,33010226000000000017,pay,0,card,2026-03-02T09:30:00+08:00", "payment.statement.line", []any{2, "amount_fen"}},
		{"negative amount", StatementHeader + "\nT2,33010226000000000017,pay,-5,card,2026-03-02T09:30:00+08:00", "payment.statement.line", []any{2, "amount_fen"}},
		{"leading zero", StatementHeader + "\nT2,33010226000000000017,pay,05,card,2026-03-02T09:30:00+08:00", "payment.statement.line", []any{2, "amount_fen"}},
		{"bad channel", StatementHeader + "\nT2,33010226000000000017,pay,5,cash,2026-03-02T09:30:00+08:00", "payment.statement.line", []any{2, "channel"}},
		{"bad time", StatementHeader + "\nT2,33010226000000000017,pay,5,card,2026-03-02 09:30:00", "payment.statement.line", []any{2, "at"}},
		{"bare quote", StatementHeader + "\nT\"2,33010226000000000017,pay,5,card,2026-03-02T09:30:00+08:00", "payment.statement.line", []any{2, "csv"}},
	} {
		_, err := ParseStatement(strings.NewReader(tc.in))
		e := onetrip.AsError(err)
		if err == nil || e.Code != onetrip.CodeInvalid || e.Key != tc.key {
			t.Errorf("%s: %v, want %s", tc.name, err, tc.key)
			continue
		}
		if tc.args != nil && (len(e.Args) != 2 || e.Args[0] != tc.args[0] || e.Args[1] != tc.args[1]) {
			t.Errorf("%s: args %v, want %v", tc.name, e.Args, tc.args)
		}
	}
	boom := errors.New("boom")
	if _, err := ParseStatement(iotest.ErrReader(boom)); !errors.Is(err, boom) {
		t.Errorf("a failing reader: %v", err)
	}
}

func bigStatement(n int) ([]StatementLine, []Order) {
	lines := make([]StatementLine, n)
	orders := make([]Order, n)
	for i := range lines {
		code, _ := NewCode("330102", 2026, int64(i))
		txn := "T" + strconv.Itoa(i)
		at := t0.Add(time.Duration(i) * time.Second)
		lines[i] = StatementLine{Txn: txn, Code: code, Kind: KindPay, Amount: catalog.Amount(100 + i%5000), Channel: Channels[i%len(Channels)], At: at}
		orders[i] = Order{ID: "o" + strconv.Itoa(i), Code: code, Status: StatusPaid, Amount: lines[i].Amount, Txn: txn, PaidAt: &at, Channel: lines[i].Channel}
	}
	return lines, orders
}

func BenchmarkParseStatement(b *testing.B) {
	lines, _ := bigStatement(100000)
	var buf bytes.Buffer
	if err := WriteStatement(&buf, lines); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(buf.Len()))
	for b.Loop() {
		got, err := ParseStatement(bytes.NewReader(buf.Bytes()))
		if err != nil || len(got) != len(lines) {
			b.Fatal(len(got), err)
		}
	}
}
