package idcode

import (
	"strings"
	"time"
	"unicode/utf8"

	"onetrip"
)

// now is the clock a birth date is compared with ("not after today"); tests
// replace it to pin the date.
var now = time.Now

// Sex values of a CitizenID, from the parity of the sequence code.
const (
	SexMale   = "male"
	SexFemale = "female"
)

// CitizenID is a checked 18-character citizen ID.
type CitizenID struct {
	Number   string    // normalised: trimmed, check character X upper-case
	Address  string    // positions 1-6, the address code at issue (may no longer exist)
	Province string    // the province as a 6-digit region code, e.g. "330000"
	Birth    time.Time // the birth date at midnight UTC (a date, not an instant)
	Sex      string    // SexMale for an odd sequence code, SexFemale for even
}

// citizenWeights are the ISO 7064 MOD 11-2 weights 2^(18-i) mod 11 for
// positions 1..17; citizenCheckChars maps the sum mod 11 to the check char.
var citizenWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

const citizenCheckChars = "10X98765432"

// citizenCheck computes the check character for 17 digits. The caller
// guarantees body is 17 ASCII digits.
func citizenCheck(body string) byte {
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(body[i]-'0') * citizenWeights[i]
	}
	return citizenCheckChars[sum%11]
}

// earliestBirth is the lower bound of a plausible birth date: nobody alive
// who can apply for anything was born before 1900.
var earliestBirth = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)

// CheckCitizenID validates an 18-character citizen ID (GB 11643-1999) and
// returns its parts. Surrounding spaces are ignored and a lower-case check
// character x is accepted as X. The checks run in reading order — length,
// characters, province, birth date, check character — and the first failure
// is returned as an invalid *onetrip.Error saying what and where. The
// 15-digit IDs of before 1999 are refused with their own message: they carry
// no check character and a two-digit year, and every holder has long had an
// 18-character ID.
func CheckCitizenID(s string) (CitizenID, error) {
	s = strings.TrimSpace(s)
	n := utf8.RuneCountInString(s)
	if n != 18 {
		if n == 15 && allDigits(s) {
			return CitizenID{}, onetrip.Invalid("idcode.citizen.old15")
		}
		return CitizenID{}, onetrip.Invalid("idcode.citizen.length", n)
	}
	var b [18]byte
	i := 0
	for _, r := range s {
		switch {
		case isDigit(r):
		case i == 17 && (r == 'X' || r == 'x'):
			r = 'X'
		case i == 17:
			return CitizenID{}, onetrip.Invalid("idcode.citizen.check_char", show(r))
		default:
			return CitizenID{}, onetrip.Invalid("idcode.citizen.char", i+1, show(r))
		}
		b[i] = byte(r)
		i++
	}
	num := string(b[:])

	if !provinces[num[:2]] {
		return CitizenID{}, onetrip.Invalid("idcode.citizen.province", num[:2])
	}

	birth, ok := parseDate(num[6:14])
	if !ok {
		return CitizenID{}, onetrip.Invalid("idcode.citizen.birth_invalid", num[6:14])
	}
	if birth.Before(earliestBirth) {
		return CitizenID{}, onetrip.Invalid("idcode.citizen.birth_early", birth.Format(time.DateOnly))
	}
	if today := todayInChina(); birth.After(today) {
		return CitizenID{}, onetrip.Invalid("idcode.citizen.birth_future",
			birth.Format(time.DateOnly), today.Format(time.DateOnly))
	}

	if want := citizenCheck(num[:17]); want != num[17] {
		return CitizenID{}, onetrip.Invalid("idcode.citizen.check", string(want), num[17:])
	}

	sex := SexFemale
	if (num[16]-'0')%2 == 1 {
		sex = SexMale
	}
	return CitizenID{
		Number:   num,
		Address:  num[:6],
		Province: num[:2] + "0000",
		Birth:    birth,
		Sex:      sex,
	}, nil
}

// parseDate reads YYYYMMDD (8 ASCII digits) as a date at midnight UTC and
// reports whether it is a real calendar date (no 0231, no month 13).
func parseDate(s string) (time.Time, bool) {
	y := atoi(s[0:4])
	m := atoi(s[4:6])
	d := atoi(s[6:8])
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Year() != y || int(t.Month()) != m || t.Day() != d {
		return time.Time{}, false
	}
	return t, true
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// todayInChina is today's date in Beijing time, at midnight UTC so it
// compares directly with a CitizenID's Birth.
func todayInChina() time.Time {
	t := now().In(onetrip.China)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// MaskCitizenID hides a citizen ID for display and logs: the first 3 and the
// last 4 characters stay, every other character becomes '*', and the length
// is kept (33010219200403064X → 330***********064X). It never fails: input
// too short to keep 7 characters visible is masked completely, so a typo can
// never leak a whole number. A lower-case x is shown upper-case.
func MaskCitizenID(s string) string {
	rs := []rune(strings.ToUpper(strings.TrimSpace(s)))
	if len(rs) < 11 { // fewer than 4 hidden characters would hide almost nothing
		return strings.Repeat("*", len(rs))
	}
	for i := 3; i < len(rs)-4; i++ {
		rs[i] = '*'
	}
	return string(rs)
}
