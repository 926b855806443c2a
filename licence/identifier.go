package licence

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"onetrip"
)

// Prefix is the object-identifier arc every GB/T 36904 licence identifier
// (电子证照标识) starts with: 1.2.156 (China) . 3005 . 2.
const Prefix = "1.2.156.3005.2."

// Field sizes of the identifier. The type code is the 18-character code of
// the authority that defined the licence type plus a 3-digit sequence; the
// issuer code is the issuing department's 18-character unified social credit
// code; the version has 3 digits. The serial is the issuer's own number; 32
// characters is our limit, well above the 10 of real ones.
const (
	TypeCodeLen   = 21
	IssuerCodeLen = 18
	VersionLen    = 3
	MaxSerialLen  = 32
)

// ID is a parsed licence identifier.
type ID struct {
	TypeCode   string `json:"type_code"`
	IssuerCode string `json:"issuer_code"`
	Serial     string `json:"serial"`
	Version    string `json:"version"`
	Check      byte   `json:"check"`
}

// String gives the identifier in its one canonical written form.
func (id ID) String() string {
	return Prefix + id.TypeCode + "." + id.IssuerCode + "." + id.Serial + "." + id.Version + "." + string(id.Check)
}

// TypeCode builds a licence type code from an 18-character authority code and
// a sequence number 0..999 (three digits, zero padded). The demo uses it to
// make synthetic type codes; a sequence outside 0..999 gives a code Identifier
// rejects.
func TypeCode(authorityCode18 string, seq int) string {
	s := strconv.Itoa(seq)
	if seq >= 0 && len(s) < 3 {
		s = strings.Repeat("0", 3-len(s)) + s
	}
	return authorityCode18 + s
}

// Identifier assembles and checks a licence identifier:
// Prefix + type code . issuer code . serial . version . check character.
// Fields must already be upper case; every problem is reported at once.
func Identifier(typeCode, issuerCode, serial, version string) (string, error) {
	var p onetrip.Problems
	checkFields(&p, typeCode, issuerCode, serial, version)
	if err := p.Err("licence.id.fields_invalid"); err != nil {
		return "", err
	}
	c, err := CheckChar(typeCode + issuerCode + serial + version)
	if err != nil {
		return "", err
	}
	return ID{typeCode, issuerCode, serial, version, c}.String(), nil
}

// ParseIdentifier reads a licence identifier and checks its structure and its
// check character. Surrounding white space is dropped and letters are upper
// cased first (ASCII letters only), because people retype identifiers from paper. Errors say which
// part is wrong: the prefix, the number of parts, a field (as details with the
// field name as path), or the check character (expected vs got).
func ParseIdentifier(s string) (ID, error) {
	orig := s
	s = asciiUpper(strings.TrimSpace(s))
	if s == "" {
		return ID{}, onetrip.Invalid("licence.id.empty")
	}
	if !strings.HasPrefix(s, Prefix) {
		got := s
		if n := utf8.RuneCountInString(Prefix); utf8.RuneCountInString(got) > n {
			got = string([]rune(got)[:n])
		}
		return ID{}, onetrip.Invalid("licence.id.prefix", Prefix, got)
	}
	parts := strings.Split(s[len(Prefix):], ".")
	if len(parts) != 5 {
		return ID{}, onetrip.Invalid("licence.id.field_count", len(parts))
	}
	var p onetrip.Problems
	checkFields(&p, parts[0], parts[1], parts[2], parts[3])
	if len(parts[4]) != 1 || charValue(parts[4][0]) < 0 {
		p.Add("check", "licence.id.check_form", parts[4])
	}
	if err := p.Err("licence.id.invalid", orig); err != nil {
		return ID{}, err
	}
	id := ID{TypeCode: parts[0], IssuerCode: parts[1], Serial: parts[2], Version: parts[3], Check: parts[4][0]}
	want, err := CheckChar(id.TypeCode + id.IssuerCode + id.Serial + id.Version)
	if err != nil { // unreachable: the fields were checked above
		return ID{}, err
	}
	if want != id.Check {
		return ID{}, onetrip.Invalid("licence.id.check_mismatch", string(want), string(id.Check))
	}
	return id, nil
}

// asciiUpper upper-cases a-z only: strings.ToUpper would also turn ı and ſ
// into I and S and so accept look-alikes.
func asciiUpper(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' {
			return r - 'a' + 'A'
		}
		return r
	}, s)
}

// checkFields adds one problem per wrong field, with the field name as path.
func checkFields(p *onetrip.Problems, typeCode, issuerCode, serial, version string) {
	if checkChars(p, "type_code", typeCode) {
		if n := utf8.RuneCountInString(typeCode); n != TypeCodeLen {
			p.Add("type_code", "licence.id.length", TypeCodeLen, n)
		} else if seq := typeCode[TypeCodeLen-3:]; !allDigits(seq) {
			p.Add("type_code", "licence.id.type_seq", seq)
		}
	}
	if checkChars(p, "issuer_code", issuerCode) {
		if n := utf8.RuneCountInString(issuerCode); n != IssuerCodeLen {
			p.Add("issuer_code", "licence.id.length", IssuerCodeLen, n)
		}
	}
	if checkChars(p, "serial", serial) {
		if n := utf8.RuneCountInString(serial); n > MaxSerialLen {
			p.Add("serial", "licence.id.serial_length", MaxSerialLen, n)
		}
	}
	if len(version) != VersionLen || !allDigits(version) {
		p.Add("version", "licence.id.version", version)
	}
}

// checkChars reports the first character outside 0-9 A-Z, or an empty field;
// it returns true when the field is made of allowed characters only.
func checkChars(p *onetrip.Problems, path, s string) bool {
	if s == "" {
		p.Add(path, "licence.id.field_empty")
		return false
	}
	for i, r := range []rune(s) {
		if r > 0x7f || charValue(byte(r)) < 0 {
			p.Add(path, "licence.id.bad_char", i+1, string(r))
			return false
		}
	}
	return true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// charValue maps the ISO/IEC 7064 alphanumeric alphabet: 0-9 are 0..9 and
// A-Z are 10..35; anything else is -1.
func charValue(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'A' && c <= 'Z':
		return int(c-'A') + 10
	}
	return -1
}

const checkAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

// CheckChar computes the ISO/IEC 7064 MOD 37,36 check character of s, which
// must consist of 0-9 and A-Z only (upper case, no dots).
//
// MOD 37,36 is a hybrid system with M = 36: start with P = M; for each
// character S = (P + value) mod M, taken as M when 0, then P = 2·S mod (M+1);
// the check value c is the one that makes (P + c) mod M = 1, i.e.
// c = (M + 1 − P) mod M, written with the same 36-character alphabet.
//
// For licence identifiers GB/T 36904 computes it over type code, issuer code,
// serial and version joined without dots, and without the 1.2.156.3005.2
// prefix. That variant gives "0" for the real identifier
// 1.2.156.3005.2.11100000000013338W009.11330105002500287C.2025052201.002.0
// (including the prefix would give "D"), and the function reproduces the
// ISO 7064 example A12425GABC1234002 → M; both are tests.
func CheckChar(s string) (byte, error) {
	if s == "" {
		return 0, onetrip.Invalid("licence.id.check_input_empty")
	}
	const m = 36
	p := m
	for i, r := range []rune(s) {
		v := -1
		if r <= 0x7f {
			v = charValue(byte(r))
		}
		if v < 0 {
			return 0, onetrip.Invalid("licence.id.check_input_char", i+1, string(r))
		}
		sum := (p + v) % m
		if sum == 0 {
			sum = m
		}
		p = sum * 2 % (m + 1)
	}
	return checkAlphabet[(m+1-p)%m], nil
}
