package payment

import (
	"strconv"

	"onetrip"
	"onetrip/idcode"
)

// CodeLength is the length of a payment code (缴款码).
const CodeLength = 20

// MaxCodeSerial is the largest serial a payment code holds (11 digits).
const MaxCodeSerial = 99999999999

// NewCode builds a payment code: the 6-digit region code of the county (a
// longer code is cut to its county), the year's last two digits, an
// 11-digit serial and an ISO/IEC 7064 MOD 11,10 check digit. The code is read
// aloud, typed at a bank counter and scanned; the check digit catches every
// mistyped digit before it reaches the platform.
func NewCode(region string, year int, serial int64) (string, error) {
	if idcode.CheckRegionCode(region) != nil {
		return "", onetrip.Invalid("payment.code.region", region)
	}
	if year < 1 || year > 9999 {
		return "", onetrip.Invalid("payment.code.year", year)
	}
	if serial < 0 || serial > MaxCodeSerial {
		return "", onetrip.Invalid("payment.code.serial", serial)
	}
	yy := strconv.Itoa(year%100 + 100)[1:]
	sn := strconv.FormatInt(serial+MaxCodeSerial+1, 10)[1:]
	s := region[:6] + yy + sn
	return s + string(rune('0'+mod1110(s))), nil
}

// CheckCode checks a payment code's length, digits and check digit.
func CheckCode(s string) error {
	if len(s) != CodeLength {
		return onetrip.Invalid("payment.code.invalid", s)
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return onetrip.Invalid("payment.code.invalid", s)
		}
	}
	if int(s[CodeLength-1]-'0') != mod1110(s[:CodeLength-1]) {
		return onetrip.Invalid("payment.code.invalid", s)
	}
	return nil
}

// mod1110 is the ISO/IEC 7064 MOD 11,10 check digit of a string of digits.
func mod1110(digits string) int {
	p := 10
	for i := 0; i < len(digits); i++ {
		s := (p + int(digits[i]-'0')) % 10
		if s == 0 {
			s = 10
		}
		p = s * 2 % 11
	}
	return (11 - p) % 10
}
