// Package progress holds the rules of the public progress lookup (办件进度
// 查询): anyone with a case's number and its query code (查询码) — printed
// on the 受理通知书 and sent by SMS — sees how the case stands without
// logging in: its status, its steps and its due dates, the applicant's name
// masked, nothing else personal. The query code is derived from the case
// number with a keyed MAC, so nothing per case is stored and every node,
// the receipt and the SMS compute the same code. Guessing is bounded per
// case number and per source. Pure functions; the store applies them.
package progress

import (
	"crypto/hmac"
	"encoding/binary"
	"strings"

	"github.com/emmansun/gmsm/sm3"

	"onetrip"
	"onetrip/intake"
)

// Alphabet is the query code's characters: digits and capital letters
// without those read for one another on paper or a phone (0/O, 1/I/L).
const Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

// CodeLength is the length of a query code: 31⁶ ≈ 8.9 × 10⁸ codes, against
// at most MaxPerCase guesses an hour per case number.
const CodeLength = 6

// KeySize is the platform secret's length in bytes.
const KeySize = 32

// domain separates this MAC from every other use of the key, and names a
// version should the derivation ever change.
const domain = "onetrip/progress/v1\x00"

// QueryCode is a case's query code under the platform's key: HMAC-SM3 over
// the case number, its first 8 bytes read as a number and written in
// Alphabet (the bias of the reduction is below 2⁻³⁴).
func QueryCode(key []byte, caseNumber string) string {
	m := hmac.New(sm3.New, key)
	m.Write([]byte(domain + caseNumber))
	n := binary.BigEndian.Uint64(m.Sum(nil))
	base := uint64(len(Alphabet))
	var b [CodeLength]byte
	for i := CodeLength - 1; i >= 0; i-- {
		b[i] = Alphabet[n%base]
		n /= base
	}
	return string(b[:])
}

// Check reports whether code is the case's query code, in constant time
// (the comparison does not tell a guesser how many characters were right).
// code is compared as NormaliseCode gives it; a malformed one never matches.
func Check(key []byte, caseNumber, code string) bool {
	norm, err := NormaliseCode(code)
	want := QueryCode(key, caseNumber)
	if err != nil {
		norm = strings.Repeat("-", CodeLength) // same work, never equal
	}
	return hmac.Equal([]byte(norm), []byte(want))
}

// NormaliseCode is a query code as typed, made comparable: spaces and
// hyphens dropped, letters upper-cased. Anything but CodeLength characters
// of Alphabet is invalid, saying what a code looks like; such input cannot
// be anybody's code, so it is refused as bad input, not counted as a guess.
func NormaliseCode(s string) (string, error) {
	s = strings.ToUpper(strings.NewReplacer(" ", "", "-", "", "\u3000", "").Replace(strings.TrimSpace(s)))
	if s == "" {
		return "", onetrip.Invalid("progress.code.missing")
	}
	if len(s) != CodeLength || strings.Trim(s, Alphabet) != "" {
		return "", onetrip.Invalid("progress.code.invalid", CodeLength, truncate(s, 20))
	}
	return s, nil
}

// NormaliseNumber is a case number as typed: trimmed, and checked to be a
// case number in its one spelling (intake.ParseCaseNumber says which part
// is wrong).
func NormaliseNumber(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", onetrip.Invalid("progress.number.missing")
	}
	if onetrip.TooLong(s, 40) {
		return "", onetrip.Invalid("progress.number.long", 40)
	}
	if _, _, _, err := intake.ParseCaseNumber(s); err != nil {
		return "", err
	}
	return s, nil
}

// ParseQuery checks a lookup's case number and code together, reporting
// both problems at once (details "number…" and "code"); the normalised
// number and code when both are well formed.
func ParseQuery(number, code string) (string, string, error) {
	var p onetrip.Problems
	n, err := NormaliseNumber(number)
	if err != nil {
		addProblems(&p, "number", err)
	}
	c, err := NormaliseCode(code)
	if err != nil {
		addProblems(&p, "code", err)
	}
	if err := p.Err("progress.query.invalid", len(p)); err != nil {
		return "", "", err
	}
	return n, c, nil
}

// addProblems adds err's details, or err itself at path when it has none.
func addProblems(p *onetrip.Problems, path string, err error) {
	e := onetrip.AsError(err)
	if len(e.Details) == 0 {
		p.Add(path, e.Key, e.Args...)
		return
	}
	for _, d := range e.Details {
		p.Add(d.Path, d.Key, d.Args...)
	}
}

func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
