package supervision

import (
	"onetrip"
	"onetrip/workday"
)

// Period is an inclusive range of days (China) that measures are read over.
type Period struct {
	From workday.Date `json:"from"`
	To   workday.Date `json:"to"`
}

// MaxPeriodDays bounds a period: measures over more than three years are
// not a question supervision asks, and a bound keeps every query small.
const MaxPeriodDays = 3 * 366

// ParsePeriod reads from and to (YYYY-MM-DD); an empty from is the first of
// January of to's year, an empty to is today. A period upside down, longer
// than MaxPeriodDays or past today is invalid.
func ParsePeriod(from, to string, today workday.Date) (Period, error) {
	var probs onetrip.Problems
	p := Period{To: today}
	if to != "" {
		d, err := workday.Parse(to)
		if err != nil {
			probs.Add("to", "supervision.period.date", to)
		}
		p.To = d
	}
	p.From = workday.D(p.To.Y, 1, 1)
	if from != "" {
		d, err := workday.Parse(from)
		if err != nil {
			probs.Add("from", "supervision.period.date", from)
		}
		p.From = d
	}
	if err := probs.Err("supervision.period.invalid"); err != nil {
		return Period{}, err
	}
	switch {
	case p.From.After(p.To):
		probs.Add("from", "supervision.period.upside_down", p.From.String(), p.To.String())
	case p.To.After(today):
		probs.Add("to", "supervision.period.future", p.To.String())
	case p.Days() > MaxPeriodDays:
		probs.Add("from", "supervision.period.too_long", MaxPeriodDays)
	}
	return p, probs.Err("supervision.period.invalid")
}

// Days is the number of days in p.
func (p Period) Days() int { return p.To.Sub(p.From) + 1 }

// Month is a month as "YYYY-MM".
func Month(d workday.Date) string { return d.String()[:7] }

// Split cuts p into the whole calendar months it covers and the days at
// either end outside them, so that a sum over p reads month totals where it
// can and day rows only at the edges: a year reads 12 month rows per key,
// not 365 day rows.
func (p Period) Split() (months []string, days []Period) {
	d := p.From
	for !d.After(p.To) {
		first := workday.D(d.Y, d.M, 1)
		last := first.FirstOfNextMonth().AddDays(-1)
		switch {
		case d == first && !last.After(p.To):
			months = append(months, Month(d))
		default:
			end := last
			if end.After(p.To) {
				end = p.To
			}
			if n := len(days); n > 0 && days[n-1].To.AddDays(1) == d {
				days[n-1].To = end
			} else {
				days = append(days, Period{From: d, To: end})
			}
		}
		d = last.AddDays(1)
	}
	return months, days
}

// Bucket is how a trend over p is cut: by day for a period of two months or
// less, else by month.
func (p Period) Bucket() string {
	if p.Days() <= 62 {
		return "day"
	}
	return "month"
}
