package workday

import (
	"strconv"
	"sync"
	"time"

	"github.com/6tail/lunar-go/HolidayUtil"

	"onetrip"
)

// The calendar tables cover these years. lunar-go has data from 2001-12-29
// up to the latest year the State Council has published; outside the tables
// every Monday to Friday is a working day and nothing else is.
const (
	MinYear = 2000
	MaxYear = 2100
)

var (
	firstDay = Date{MinYear, time.January, 1}.day() // 0
	endDay   = Date{MaxYear + 1, time.January, 1}.day()
	numDays  = endDay - firstDay
)

// Override is an administrator's entry for one date: Work says whether it is a
// working day (an adjusted working day, 调休) or a holiday; Name is shown to
// users (e.g. "春节"). An override replaces the built-in entry for its date
// entirely, name included.
type Override struct {
	Date Date   `json:"date"`
	Work bool   `json:"work"`
	Name string `json:"name"`
}

// entry is one listed date: a holiday or an adjusted working day.
type entry struct {
	name string
	work bool
}

// Calendar answers working-day questions. It is immutable after New and safe
// for concurrent use.
type Calendar struct {
	// cum[i] is the number of working days among the days [0, i) of the
	// table, so any count inside the table is two loads.
	cum []int32
	// listed holds every date that the built-in table or an override names.
	listed map[int]entry
	// published holds the years whose schedule is known: the built-in
	// table or an override names a date in them.
	published map[int]bool
}

// builtin is lunar-go's table, read once: its lookups scan a long string,
// far too slow for hot paths, and its global data may be changed by
// HolidayUtil.Fix, which we do not want to observe half-way.
var builtin = sync.OnceValue(func() map[int]entry {
	m := make(map[int]entry, 2048)
	for y := MinYear; y <= MaxYear; y++ {
		l := HolidayUtil.GetHolidaysByYear(y)
		for e := l.Front(); e != nil; e = e.Next() {
			h := e.Value.(*HolidayUtil.Holiday)
			d, err := Parse(h.GetDay())
			if err != nil || d.Y != y {
				continue // not a date of this year; cannot happen with v1.4.7 data
			}
			n := d.day()
			if _, dup := m[n]; dup {
				continue // GetHoliday returns the first record for a date
			}
			m[n] = entry{name: h.GetName(), work: h.IsWork()}
		}
	}
	return m
})

// New builds a calendar from the built-in table and the administrators'
// overrides. Every override must name an existing date within MinYear..MaxYear;
// a date both made a holiday and a working day is a conflict (the error
// names the date), and so are two different names for one date. The same
// entry listed twice is fine.
func New(overrides []Override) (*Calendar, error) {
	var probs onetrip.Problems
	seen := make(map[Date]int, len(overrides))
	var conflict *onetrip.Error
	for i, o := range overrides {
		path := "overrides[" + strconv.Itoa(i) + "]"
		if err := o.Date.check(); err != nil {
			e := onetrip.AsError(err)
			probs.Add(path+".date", e.Key, e.Args...)
			continue
		}
		if o.Date.Y < MinYear || o.Date.Y > MaxYear {
			probs.Add(path+".date", "workday.override_out_of_range", o.Date.String(), MinYear, MaxYear)
			continue
		}
		j, dup := seen[o.Date]
		if !dup {
			seen[o.Date] = i
			continue
		}
		first := overrides[j]
		switch {
		case first.Work != o.Work:
			if conflict == nil {
				conflict = onetrip.Conflict("workday.override_conflict", o.Date.String(), j, i)
			}
			conflict.WithDetail(path+".work", "workday.override_conflict", o.Date.String(), j, i)
		case first.Name != o.Name:
			if conflict == nil {
				conflict = onetrip.Conflict("workday.override_name_conflict", o.Date.String(), first.Name, o.Name)
			}
			conflict.WithDetail(path+".name", "workday.override_name_conflict", o.Date.String(), first.Name, o.Name)
		}
	}
	if err := probs.Err("workday.overrides_invalid", len(probs)); err != nil {
		return nil, err
	}
	if conflict != nil {
		return nil, conflict
	}

	base := builtin()
	c := &Calendar{listed: make(map[int]entry, len(base)+len(overrides))}
	for n, e := range base {
		c.listed[n] = e
	}
	for _, o := range overrides {
		c.listed[o.Date.day()] = entry{name: o.Name, work: o.Work}
	}
	c.published = map[int]bool{}
	for n := range c.listed {
		c.published[fromDay(n).Y] = true
	}
	c.cum = make([]int32, numDays+1)
	var k int32
	for i := 0; i < numDays; i++ {
		c.cum[i] = k
		n := firstDay + i
		work := plainWorkday(n)
		if e, ok := c.listed[n]; ok {
			work = e.work
		}
		if work {
			k++
		}
	}
	c.cum[numDays] = k
	return c, nil
}

// Default is the calendar with the built-in table only.
var Default = sync.OnceValue(func() *Calendar {
	c, err := New(nil)
	if err != nil {
		panic(err) // no overrides cannot conflict
	}
	return c
})

// plainWorkday is the rule for unlisted dates: Monday to Friday.
func plainWorkday(n int) bool {
	w := weekdayOf(n)
	return w != time.Saturday && w != time.Sunday
}

// isWork is the working-day test on day numbers.
func (c *Calendar) isWork(n int) bool {
	if i := n - firstDay; i >= 0 && i < numDays {
		return c.cum[i+1] != c.cum[i]
	}
	return plainWorkday(n)
}

// IsWorkday reports whether d is a working day: a listed date (override, else
// built-in) is one exactly when it is an adjusted working day; an unlisted
// date is one from Monday to Friday.
func (c *Calendar) IsWorkday(d Date) bool { return c.isWork(d.day()) }

// HolidayName is the name of a listed date (a holiday or an adjusted working
// day, e.g. "春节" for both), or "" when the date is not listed.
func (c *Calendar) HolidayName(d Date) string { return c.listed[d.day()].name }

// Entries lists the listed dates of year y in date order, built-in and
// overrides merged (what an administrator's calendar page shows).
func (c *Calendar) Entries(y int) []Override {
	var out []Override
	for n := (Date{y, time.January, 1}).day(); n < (Date{y + 1, time.January, 1}).day(); n++ {
		if e, ok := c.listed[n]; ok {
			out = append(out, Override{Date: fromDay(n), Work: e.work, Name: e.name})
		}
	}
	return out
}

// Published reports whether a year's holiday schedule is known (the State
// Council publishes next year's in the autumn; an admin adds it as
// overrides until the built-in table has it).
func (c *Calendar) Published(year int) bool { return c.published[year] }

// Provisional reports whether a date falls in a year without a published
// schedule: a deadline there was counted Monday to Friday and may move
// once the holidays are known.
func (c *Calendar) Provisional(d Date) bool { return !c.published[d.Y] }
