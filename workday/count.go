package workday

// Counting working days. Inside the table a count is a difference of two
// prefix sums and a search is a binary search over them; outside it only
// weekends are non-working, so counts are arithmetic on whole weeks.

// count is the number of working days among the day numbers [i, j).
func (c *Calendar) count(i, j int) int {
	if j <= i {
		return 0
	}
	n := 0
	if i < firstDay {
		n += weekdays(i, min(j, firstDay))
		i = firstDay
	}
	if i < j && i < endDay {
		k := min(j, endDay)
		n += int(c.cum[k-firstDay] - c.cum[i-firstDay])
		i = k
	}
	if i < j {
		n += weekdays(i, j)
	}
	return n
}

// weekdays counts Mondays to Fridays among the day numbers [i, j).
func weekdays(i, j int) int {
	if j <= i {
		return 0
	}
	weeks := (j - i) / 7
	n := weeks * 5
	for k := i + weeks*7; k < j; k++ {
		if plainWorkday(k) {
			n++
		}
	}
	return n
}

// nthAfter is the n-th working day (n >= 1) among the days >= lo.
func (c *Calendar) nthAfter(lo, n int) int {
	if lo < firstDay {
		if w := weekdays(lo, firstDay); w < n {
			n -= w
			lo = firstDay
		} else {
			return nthWeekday(lo, n)
		}
	}
	if lo < endDay {
		base := c.cum[lo-firstDay]
		avail := int(c.cum[numDays] - base)
		if avail < n {
			n -= avail
			lo = endDay
		} else {
			// Smallest k in (lo, endDay] with cum[k] >= base+n; the day is k-1.
			// Try a window first: n working days rarely span more than
			// 1.5n+16 days, holidays included.
			target := base + int32(n)
			a, b := lo-firstDay+1, numDays
			if w := a + n + n/2 + 16; w < b && c.cum[w] >= target {
				b = w
			}
			for a < b {
				m := int(uint(a+b) >> 1)
				if c.cum[m] >= target {
					b = m
				} else {
					a = m + 1
				}
			}
			return a - 1 + firstDay
		}
	}
	return nthWeekday(lo, n)
}

// nthBefore is the n-th working day (n >= 1) counting back among the days
// < hi.
func (c *Calendar) nthBefore(hi, n int) int {
	if hi > endDay {
		if w := weekdays(endDay, hi); w < n {
			n -= w
			hi = endDay
		} else {
			return nthWeekdayBefore(hi, n)
		}
	}
	if hi > firstDay {
		top := c.cum[hi-firstDay]
		avail := int(top - c.cum[0])
		if avail < n {
			n -= avail
			hi = firstDay
		} else {
			// Largest k in [0, hi) with cum[k] <= top-n; the day is k.
			target := top - int32(n)
			a, b := 0, hi-firstDay-1
			for a < b {
				m := int(uint(a+b+1) >> 1)
				if c.cum[m] <= target {
					a = m
				} else {
					b = m - 1
				}
			}
			return a + firstDay
		}
	}
	return nthWeekdayBefore(hi, n)
}

// nthWeekday is the n-th Monday-to-Friday (n >= 1) among the days >= lo.
func nthWeekday(lo, n int) int {
	if full := (n - 1) / 5; full > 0 {
		lo += full * 7
		n -= full * 5
	}
	for ; ; lo++ {
		if plainWorkday(lo) {
			if n--; n == 0 {
				return lo
			}
		}
	}
}

// nthWeekdayBefore is the n-th Monday-to-Friday (n >= 1) counting back among
// the days < hi.
func nthWeekdayBefore(hi, n int) int {
	if full := (n - 1) / 5; full > 0 {
		hi -= full * 7
		n -= full * 5
	}
	for d := hi - 1; ; d-- {
		if plainWorkday(d) {
			if n--; n == 0 {
				return d
			}
		}
	}
}

// AddWorkdays is the n-th working day after start: a limit of n working days
// for something accepted on start falls due on AddWorkdays(start, n), because
// the count begins on the working day after acceptance.
//
// n == 0 is 即办 (done on the spot): the answer is start itself when it is a
// working day, else the next working day. n < 0 counts back: the |n|-th
// working day before start.
func (c *Calendar) AddWorkdays(start Date, n int) Date {
	s := start.day()
	switch {
	case n > 0:
		return fromDay(c.nthAfter(s+1, n))
	case n < 0:
		return fromDay(c.nthBefore(s, -n))
	case c.isWork(s):
		return start
	}
	return fromDay(c.nthAfter(s+1, 1))
}

// NextWorkday is the first working day strictly after d.
func (c *Calendar) NextWorkday(d Date) Date { return fromDay(c.nthAfter(d.day()+1, 1)) }

// WorkdaysBetween is the number of working days in (a, b]: the working days a
// limit has consumed by the end of b when it started after a. It is 0 when
// b is not after a.
func (c *Calendar) WorkdaysBetween(a, b Date) int { return c.count(a.day()+1, b.day()+1) }
