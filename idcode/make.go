package idcode

import (
	"fmt"
	"strings"
	"time"
)

// MakeCitizenID builds a citizen ID with a correct check character, for
// tests and demo data: region is the 6-digit address code, birth gives the
// date (its own year, month and day, whatever its zone), seq is the 3-digit
// sequence code 0-999 (odd for a man, even for a woman). It panics on a bad
// region or seq, since it is only called with constants. The result passes
// CheckCitizenID when region's province is real and birth lies between
// 1900-01-01 and today.
//
//	MakeCitizenID("330102", time.Date(1920, 4, 3, 0, 0, 0, 0, time.UTC), 64) // "33010219200403064X"
func MakeCitizenID(region string, birth time.Time, seq int) string {
	if len(region) != 6 || !allDigits(region) {
		panic("idcode.MakeCitizenID: region must be 6 digits, got " + fmt.Sprintf("%q", region))
	}
	if seq < 0 || seq > 999 {
		panic(fmt.Sprintf("idcode.MakeCitizenID: seq must be 0-999, got %d", seq))
	}
	y := birth.Year()
	if y < 0 || y > 9999 {
		panic(fmt.Sprintf("idcode.MakeCitizenID: birth year must have 4 digits, got %d", y))
	}
	body := fmt.Sprintf("%s%04d%02d%02d%03d", region, y, int(birth.Month()), birth.Day(), seq)
	return body + string(citizenCheck(body))
}

// MakeUSCC appends the correct check character to a 17-character USCC prefix,
// for tests and demo data. Lower case is upper-cased; a prefix of the wrong
// length or with a character outside the USCC charset panics. It does not
// fix the organisation code's own check (position 17): give a prefix whose
// positions 9-17 are right if the result must pass CheckUSCC without
// warnings.
//
//	MakeUSCC("91310110666007217") // "91310110666007217T"
func MakeUSCC(prefix17 string) string {
	p := strings.ToUpper(prefix17)
	if len(p) != 17 {
		panic(fmt.Sprintf("idcode.MakeUSCC: prefix must have 17 characters, got %q", prefix17))
	}
	for _, r := range p {
		if usccValue(r) < 0 {
			panic(fmt.Sprintf("idcode.MakeUSCC: %q is not in the USCC charset (%q)", r, prefix17))
		}
	}
	return p + string(usccCheck(p))
}

// MakeOrgUSCC builds a USCC that passes CheckUSCC without warnings from its
// parts: the two-character authority and type ("11" for a government body,
// "91" for a company), the six-digit region and an eight-character
// organisation code body; both check characters are computed.
func MakeOrgUSCC(authType, region, org8 string) string {
	if len(org8) != 8 {
		panic(fmt.Sprintf("idcode.MakeOrgUSCC: organisation code body must have 8 characters, got %q", org8))
	}
	org := strings.ToUpper(org8)
	return MakeUSCC(authType + region + org + string(orgCodeCheck(org)))
}
