package workday

import (
	"time"

	"onetrip"
)

// Date is a civil date (no time, no zone). It is comparable, so it can be a
// map key; its text form is "2006-01-02" (also in JSON, through
// MarshalText/UnmarshalText).
type Date struct {
	Y int
	M time.Month
	D int
}

// DateOf is the civil date of t on the Chinese mainland (UTC+8).
func DateOf(t time.Time) Date {
	y, m, d := t.In(onetrip.China).Date()
	return Date{y, m, d}
}

// D builds a Date; it is a shorthand for tests and tables.
func D(y int, m time.Month, d int) Date { return Date{y, m, d} }

// Parse reads a date written "YYYY-MM-DD" (exactly ten characters, four-digit
// year) and checks that the day exists in that month.
func Parse(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, onetrip.Invalid("workday.date_format", s)
	}
	num := func(p string) (int, bool) {
		n := 0
		for i := 0; i < len(p); i++ {
			if p[i] < '0' || p[i] > '9' {
				return 0, false
			}
			n = n*10 + int(p[i]-'0')
		}
		return n, true
	}
	y, ok1 := num(s[0:4])
	m, ok2 := num(s[5:7])
	d, ok3 := num(s[8:10])
	if !ok1 || !ok2 || !ok3 {
		return Date{}, onetrip.Invalid("workday.date_format", s)
	}
	dt := Date{y, time.Month(m), d}
	if err := dt.check(); err != nil {
		return Date{}, err
	}
	return dt, nil
}

// MustParse is Parse that panics; for tests and constant tables only.
func MustParse(s string) Date {
	d, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return d
}

// check reports a month outside 1..12 or a day the month does not have.
func (d Date) check() error {
	if d.M < 1 || d.M > 12 {
		return onetrip.Invalid("workday.date_month", d.String(), int(d.M))
	}
	if n := daysIn(d.Y, d.M); d.D < 1 || d.D > n {
		return onetrip.Invalid("workday.date_day", d.String(), d.D, int(d.M), n)
	}
	return nil
}

// Valid reports whether d names a day that exists (month 1..12, day within
// the month).
func (d Date) Valid() bool { return d.check() == nil }

func daysIn(y int, m time.Month) int {
	switch m {
	case time.February:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// String is "YYYY-MM-DD".
func (d Date) String() string {
	b := make([]byte, 0, 10)
	b = appendInt(b, d.Y, 4)
	b = append(b, '-')
	b = appendInt(b, int(d.M), 2)
	b = append(b, '-')
	b = appendInt(b, d.D, 2)
	return string(b)
}

func appendInt(b []byte, n, width int) []byte {
	if n < 0 {
		b = append(b, '-')
		n = -n
	}
	var buf [20]byte
	i := len(buf)
	for n > 0 || i == len(buf) {
		i--
		buf[i] = byte('0' + n%10)
		n /= 10
	}
	for k := len(buf) - i; k < width; k++ {
		b = append(b, '0')
	}
	return append(b, buf[i:]...)
}

// MarshalText writes "YYYY-MM-DD".
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads "YYYY-MM-DD" (see Parse).
func (d *Date) UnmarshalText(b []byte) error {
	v, err := Parse(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Time is midnight at the start of d on the Chinese mainland.
func (d Date) Time() time.Time { return time.Date(d.Y, d.M, d.D, 0, 0, 0, 0, onetrip.China) }

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int {
	a, b := d.day(), e.day()
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Before reports whether d is earlier than e.
func (d Date) Before(e Date) bool { return d.day() < e.day() }

// After reports whether d is later than e.
func (d Date) After(e Date) bool { return d.day() > e.day() }

// AddDays is the date n calendar days after d (before, if n < 0).
func (d Date) AddDays(n int) Date { return fromDay(d.day() + n) }

// Sub is the number of calendar days from e to d (d − e).
func (d Date) Sub(e Date) int { return d.day() - e.day() }

// FirstOfNextMonth is the first day of the month after d's.
func (d Date) FirstOfNextMonth() Date {
	if d.M == time.December {
		return Date{d.Y + 1, time.January, 1}
	}
	return Date{d.Y, d.M + 1, 1}
}

// Weekday is d's day of the week.
func (d Date) Weekday() time.Weekday { return weekdayOf(d.day()) }

// The calendar works on day numbers: days since 2000-01-01 (a Saturday).
// The conversions are Howard Hinnant's civil-from-days algorithms, shifted to
// that epoch; they are exact for the proleptic Gregorian calendar and much
// cheaper than going through time.Time.

// epochShift is the number of days from 1970-01-01 to 2000-01-01.
const epochShift = 10957

// day is d's day number. A day or month outside its range carries over the
// way time.Date normalises it.
func (d Date) day() int {
	y, m := d.Y, int(d.M)
	// Normalise the month first; the day may then run past the month's end,
	// which the formula handles by plain addition.
	m--
	y += floorDiv(m, 12)
	m = m - 12*floorDiv(m, 12) + 1
	if m <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d.D - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468 - epochShift
}

func fromDay(n int) Date {
	z := n + epochShift + 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return Date{y, time.Month(m), d}
}

// weekdayOf: day 0 (2000-01-01) was a Saturday.
func weekdayOf(n int) time.Weekday { return time.Weekday(floorMod(n+6, 7)) }

func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func floorMod(a, b int) int { return a - floorDiv(a, b)*b }
