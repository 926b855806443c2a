package payment

import (
	"encoding/csv"
	"errors"
	"io"
	"strconv"
	"strings"
	"time"

	"onetrip"
	"onetrip/catalog"
)

// Statement line kinds.
const (
	KindPay    = "pay"
	KindRefund = "refund"
)

// StatementLine is one transaction of the platform's statement (对账单): a
// payment, or a refund with the refund's own transaction id.
type StatementLine struct {
	Txn     string         `json:"txn"`
	Code    string         `json:"code"`
	Kind    string         `json:"kind"` // KindPay or KindRefund
	Amount  catalog.Amount `json:"amount"`
	Channel string         `json:"channel"`
	At      time.Time      `json:"at"`
}

// StatementHeader is the first line of a statement file.
const StatementHeader = "txn,code,kind,amount_fen,channel,at"

var statementColumns = strings.Split(StatementHeader, ",")

// WriteStatement writes lines as the platform's CSV statement: the header,
// then one line each, fen as integers and times in RFC 3339 (China time,
// whole seconds).
func WriteStatement(w io.Writer, lines []StatementLine) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(statementColumns); err != nil {
		return err
	}
	rec := make([]string, len(statementColumns))
	for _, l := range lines {
		rec[0], rec[1], rec[2] = l.Txn, l.Code, l.Kind
		rec[3] = strconv.FormatInt(l.Amount.Fen(), 10)
		rec[4], rec[5] = l.Channel, l.At.In(onetrip.China).Format(time.RFC3339)
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// ParseStatement reads a statement strictly: a statement is money, so a line
// that does not read exactly is an error naming the line, never skipped. It
// streams, so a day of a whole province (100,000 lines) reads in well under
// a second.
func ParseStatement(r io.Reader) ([]StatementLine, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = len(statementColumns)
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err != nil && !errors.Is(err, io.EOF) && !isParseError(err) {
		return nil, err // the reader failed
	}
	if err != nil || strings.Join(head, ",") != StatementHeader {
		return nil, onetrip.Invalid("payment.statement.line", 1, "header: "+StatementHeader)
	}
	var out []StatementLine
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				e := onetrip.Invalid("payment.statement.line", pe.StartLine, "csv")
				e.Err = err
				return nil, e
			}
			return nil, err
		}
		line, _ := cr.FieldPos(0)
		l, field := parseLine(rec)
		if field != "" {
			return nil, onetrip.Invalid("payment.statement.line", line, field)
		}
		out = append(out, l)
	}
}

func isParseError(err error) bool {
	var pe *csv.ParseError
	return errors.As(err, &pe)
}

// parseLine reads one record; field names the first bad column.
func parseLine(rec []string) (StatementLine, string) {
	var l StatementLine
	if rec[0] == "" || !platformID(rec[0]) {
		return l, "txn"
	}
	if CheckCode(rec[1]) != nil {
		return l, "code"
	}
	if rec[2] != KindPay && rec[2] != KindRefund {
		return l, "kind"
	}
	fen, err := strconv.ParseInt(rec[3], 10, 64)
	if err != nil || fen <= 0 || rec[3][0] == '+' || rec[3][0] == '0' {
		return l, "amount_fen"
	}
	if !KnownChannel(rec[4]) {
		return l, "channel"
	}
	at, err := time.Parse(time.RFC3339, rec[5])
	if err != nil {
		return l, "at"
	}
	// The reader reuses the slice, not the strings: the fields may be kept.
	return StatementLine{Txn: rec[0], Code: rec[1], Kind: kindOf(rec[2]),
		Amount: catalog.Amount(fen), Channel: channelOf(rec[4]), At: at}, ""
}

// kindOf and channelOf return the constant, so 100,000 lines share two
// strings instead of holding 200,000.
func kindOf(s string) string {
	if s == KindPay {
		return KindPay
	}
	return KindRefund
}

func channelOf(s string) string {
	for _, c := range Channels {
		if s == c {
			return c
		}
	}
	return s
}
