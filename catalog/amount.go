package catalog

import (
	"strconv"
	"strings"

	"onetrip"
)

// Amount is money in fen (分, 0.01 yuan). The file writes it as a JSON number
// of yuan ("80", "12.5"); keeping fen as an integer makes fees exact and lets
// the file round-trip byte for byte, which a float64 would not promise.
type Amount int64

// maxAmountDigits bounds the yuan part so fen never overflows int64.
const maxAmountDigits = 15

// ParseAmount reads a decimal yuan amount with at most two decimals, such as
// "80", "12.5" or "-3.05". Exponents are refused: no guide writes 8e1 yuan.
func ParseAmount(s string) (Amount, error) {
	bad := onetrip.Invalid("catalog.amount.invalid", s)
	t := s
	neg := strings.HasPrefix(t, "-")
	if neg {
		t = t[1:]
	}
	whole, frac, hasDot := strings.Cut(t, ".")
	if whole == "" || len(whole) > maxAmountDigits || (hasDot && (frac == "" || len(frac) > 2)) ||
		!digits(whole) || !digits(frac) || (len(whole) > 1 && whole[0] == '0') {
		return 0, bad
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return 0, bad
	}
	f := int64(0)
	if frac != "" {
		f, _ = strconv.ParseInt((frac + "0")[:2], 10, 64)
	}
	a := Amount(w*100 + f)
	if neg {
		a = -a
	}
	return a, nil
}

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// String writes the amount in yuan with no needless zeros: 80, 12.5, 0.05.
func (a Amount) String() string {
	sign := ""
	v := int64(a)
	if v < 0 {
		sign, v = "-", -v
	}
	s := sign + strconv.FormatInt(v/100, 10)
	if f := v % 100; f != 0 {
		fs := strconv.FormatInt(f+100, 10)[1:] // two digits
		s += "." + strings.TrimSuffix(fs, "0")
	}
	return s
}

// Fen is the amount in fen.
func (a Amount) Fen() int64 { return int64(a) }

// MarshalJSON writes the amount as a JSON number of yuan.
func (a Amount) MarshalJSON() ([]byte, error) { return []byte(a.String()), nil }

// UnmarshalJSON reads a JSON number of yuan (see ParseAmount).
func (a *Amount) UnmarshalJSON(b []byte) error {
	v, err := ParseAmount(string(b))
	if err != nil {
		return err
	}
	*a = v
	return nil
}
