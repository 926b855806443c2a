// Package idcode validates the identity codes a case carries: the citizen ID
// of a person (公民身份号码, GB 11643-1999), the unified social credit code of
// an organisation (统一社会信用代码, GB 32100-2015) and administrative region
// codes (行政区划代码, GB/T 2260).
//
// The checks are pure functions. Errors are *onetrip.Error values with
// message keys prefixed "idcode."; every message names what is wrong
// (position, expected vs got). Findings that must not block a case — a USCC
// whose check character is off, as some early real codes are — come back as
// Warnings next to a valid result, never as errors and never silently dropped.
package idcode

import "onetrip"

// Warning is a finding that does not make a code invalid but must be shown to
// the person entering it (and may be logged). Key names a catalogue message;
// Args fill its verbs.
type Warning struct {
	Key  string
	Args []any
}

// String renders the warning in English, for logs and test failures.
func (w Warning) String() string { return onetrip.Render(onetrip.LangEN, w.Key, w.Args...) }

// Render renders the warning in a UI language.
func (w Warning) Render(lang onetrip.Lang) string { return onetrip.Render(lang, w.Key, w.Args...) }

// show prints one input character for a message: control and other
// unprintable characters become U+XXXX so the message stays readable.
func show(r rune) string {
	if r < 0x20 || r == 0x7f || r == 0xfffd || (r >= 0x80 && r < 0xa0) {
		return fmtU(r)
	}
	return string(r)
}

func fmtU(r rune) string {
	const hex = "0123456789ABCDEF"
	b := []byte("U+0000")
	for i := 5; i >= 2; i-- {
		b[i] = hex[r&0xf]
		r >>= 4
	}
	return string(b)
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

func allDigits(s string) bool {
	for _, r := range s {
		if !isDigit(r) {
			return false
		}
	}
	return true
}

// provinces are the two-digit province codes of GB/T 2260, including Taiwan
// (71), Hong Kong (81), Macao (82) and 83 (Taiwan residents' IDs issued on the
// mainland). County codes change over the years; province codes do not, so an
// old citizen ID is checked against this list only.
var provinces = map[string]bool{
	"11": true, "12": true, "13": true, "14": true, "15": true,
	"21": true, "22": true, "23": true,
	"31": true, "32": true, "33": true, "34": true, "35": true, "36": true, "37": true,
	"41": true, "42": true, "43": true, "44": true, "45": true, "46": true,
	"50": true, "51": true, "52": true, "53": true, "54": true,
	"61": true, "62": true, "63": true, "64": true, "65": true,
	"71": true, "81": true, "82": true, "83": true,
}

// IsProvinceCode reports whether p is a two-digit province code of GB/T 2260
// (11 北京 … 65 新疆, 71 台湾, 81 香港, 82 澳门, 83).
func IsProvinceCode(p string) bool { return provinces[p] }
