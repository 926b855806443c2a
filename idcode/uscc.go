package idcode

import (
	"strings"
	"unicode/utf8"

	"onetrip"
)

// usccCharset is the USCC alphabet of GB 32100-2015: digits and upper-case
// letters without I, O, Z, S and V (too easily read as 1, 0, 2, 5 and U).
// A character's index is its value in the check computation.
const usccCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// usccWeights are 3^(i-1) mod 31 for positions 1..17.
var usccWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// orgCodeWeights are the GB 11714 weights of an organisation code's first
// eight characters.
var orgCodeWeights = [8]int{3, 7, 9, 10, 5, 8, 4, 2}

// USCC is a checked unified social credit code, split into its fields.
type USCC struct {
	Number    string // normalised: trimmed, upper-case
	Authority string // position 1, 登记管理部门代码 (9 = market regulation, 5 = civil affairs, …)
	Type      string // position 2, 机构类别代码 within the authority (91 = enterprise)
	Region    string // positions 3-8, region code of the registering office (100000 = central)
	OrgCode   string // positions 9-17, 主体标识码: the GB 11714 organisation code
}

// AuthorityKey is the message key of the registration authority's name, or ""
// when the standard and later practice define no name for the character.
func (u USCC) AuthorityKey() string {
	k := "idcode.uscc.authority." + u.Authority
	if _, ok := onetrip.Lookup(k); ok {
		return k
	}
	return ""
}

// TypeKey is the message key of the organisation type's name (authority and
// type together, e.g. 9+1 企业), or "" when it has no known name.
func (u USCC) TypeKey() string {
	k := "idcode.uscc.type." + u.Authority + u.Type
	if _, ok := onetrip.Lookup(k); ok {
		return k
	}
	return ""
}

// usccValue is the value of one USCC character, or -1 outside the charset.
func usccValue(r rune) int {
	if r >= utf8.RuneSelf {
		return -1
	}
	return strings.IndexByte(usccCharset, byte(r))
}

// usccCheck computes the check character of a 17-character body in the
// charset: (31 - Σ value×weight mod 31) mod 31, mapped back to the charset.
func usccCheck(body string) byte {
	sum := 0
	for i := 0; i < 17; i++ {
		sum += strings.IndexByte(usccCharset, body[i]) * usccWeights[i]
	}
	return usccCharset[(31-sum%31)%31]
}

// orgCodeCheck computes the GB 11714 check character of an organisation
// code's first eight characters: digits count as themselves, letters A-Z as
// 10-35; 11 - Σ mod 11 gives 0-9, with 10 written X and 11 written 0.
func orgCodeCheck(body string) byte {
	sum := 0
	for i := 0; i < 8; i++ {
		c := body[i]
		v := int(c - '0')
		if c >= 'A' {
			v = int(c-'A') + 10
		}
		sum += v * orgCodeWeights[i]
	}
	switch c := 11 - sum%11; c {
	case 10:
		return 'X'
	case 11:
		return '0'
	default:
		return byte('0' + c)
	}
}

// CheckUSCC validates a unified social credit code (GB 32100-2015).
// Surrounding spaces are ignored and lower case is accepted as upper case.
//
// Length, charset and the region field (positions 3-8: six digits whose first
// two are a province code, or 10 for a central authority) are structure: a
// failure there is an invalid *onetrip.Error naming the position.
//
// The check characters are not: some early real codes were issued with a
// wrong position-18 check character, and an organisation code (positions
// 9-17) may predate GB 11714's check. Such a code is returned as valid with a
// Warning saying expected vs got, so the caller shows it instead of refusing
// a real organisation.
func CheckUSCC(s string) (USCC, []Warning, error) {
	s = strings.TrimSpace(s)
	if n := utf8.RuneCountInString(s); n != 18 {
		return USCC{}, nil, onetrip.Invalid("idcode.uscc.length", n)
	}
	var b [18]byte
	i := 0
	for _, r := range s {
		if r >= 'a' && r <= 'z' {
			r -= 'a' - 'A'
		}
		if usccValue(r) < 0 {
			return USCC{}, nil, onetrip.Invalid("idcode.uscc.char", i+1, show(r))
		}
		b[i] = byte(r)
		i++
	}
	num := string(b[:])

	region := num[2:8]
	for j := 0; j < 6; j++ {
		if !isDigit(rune(region[j])) {
			return USCC{}, nil, onetrip.Invalid("idcode.uscc.region_char", j+3, region[j:j+1])
		}
	}
	if p := region[:2]; !provinces[p] && region != "100000" {
		return USCC{}, nil, onetrip.Invalid("idcode.uscc.region", region)
	}

	var warns []Warning
	org := num[8:17]
	if want := orgCodeCheck(org); want != org[8] {
		warns = append(warns, Warning{Key: "idcode.uscc.org_check",
			Args: []any{org, string(want), org[8:]}})
	}
	if want := usccCheck(num[:17]); want != num[17] {
		warns = append(warns, Warning{Key: "idcode.uscc.check",
			Args: []any{string(want), num[17:]}})
	}
	return USCC{
		Number:    num,
		Authority: num[0:1],
		Type:      num[1:2],
		Region:    region,
		OrgCode:   org,
	}, warns, nil
}
