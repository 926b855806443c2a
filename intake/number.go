package intake

import (
	"fmt"
	"strconv"
	"strings"

	"onetrip"
	"onetrip/idcode"
	"onetrip/workday"
)

// CaseNumber is a case's number (办件编号): the region code, the acceptance
// or submission date and the day's sequence of the region, e.g.
// "330802-20261127-000042". The sequence has at least six digits and grows
// past 999999 without truncation, so numbers stay unique on a busy day. The
// store hands out seq (from 1) under a lock or a unique constraint; a seq
// below 1 is a programming error and panics rather than print a number that
// ParseCaseNumber would reject.
func CaseNumber(region string, day workday.Date, seq int) string {
	if seq < 1 {
		panic(fmt.Sprintf("intake: case sequence must be at least 1, got %d", seq))
	}
	return fmt.Sprintf("%s-%04d%02d%02d-%06d", region, day.Y, int(day.M), day.D, seq)
}

// ParseCaseNumber reads a case number written by CaseNumber. The region must
// be a valid region code (6, 9 or 12 digits), the date a real day, the
// sequence at least 1 with exactly six digits or, past 999999, no leading
// zero: one case, one spelling. Each problem says which part is wrong.
func ParseCaseNumber(s string) (region string, day workday.Date, seq int, err error) {
	parts := strings.Split(s, "-")
	if len(parts) != 3 {
		return "", workday.Date{}, 0, onetrip.Invalid("intake.number.format", s)
	}
	var p onetrip.Problems
	region = parts[0]
	if e := idcode.CheckRegionCode(region); e != nil {
		oe := onetrip.AsError(e)
		p.Add("number.region", oe.Key, oe.Args...)
	}
	d := parts[1]
	if len(d) != 8 || !digits(d) {
		p.Add("number.date", "intake.number.date", d)
	} else if day, err = workday.Parse(d[0:4] + "-" + d[4:6] + "-" + d[6:8]); err != nil {
		p.Add("number.date", "intake.number.date", d)
	}
	q := parts[2]
	switch {
	case len(q) < 6 || !digits(q):
		p.Add("number.seq", "intake.number.seq", q)
	case len(q) > 6 && q[0] == '0':
		p.Add("number.seq", "intake.number.seq_zero", q)
	default:
		n, e := strconv.Atoi(q)
		if e != nil || n < 1 {
			p.Add("number.seq", "intake.number.seq", q)
		}
		seq = n
	}
	if err := p.Err("intake.number.invalid", s); err != nil {
		return "", workday.Date{}, 0, err
	}
	return region, day, seq, nil
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
