package workday

import "testing"

func BenchmarkAddWorkdays20(b *testing.B) {
	c := Default()
	start := D(2026, 2, 12)
	var d Date
	i := 0
	for b.Loop() {
		d = c.AddWorkdays(start.AddDays(i&511), 20)
		i++
	}
	_ = d
}

func BenchmarkWorkdaysBetween(b *testing.B) {
	c := Default()
	start := D(2026, 2, 12)
	n := 0
	i := 0
	for b.Loop() {
		s := start.AddDays(i & 511)
		n += c.WorkdaysBetween(s, s.AddDays(45))
		i++
	}
	_ = n
}

func BenchmarkIsWorkday(b *testing.B) {
	c := Default()
	start := D(2026, 1, 1)
	n := 0
	i := 0
	for b.Loop() {
		if c.IsWorkday(start.AddDays(i & 511)) {
			n++
		}
		i++
	}
	_ = n
}

func BenchmarkDue(b *testing.B) {
	c := Default()
	end := at(2026, 3, 10, 15)
	clk := Clock{Start: D(2026, 3, 2), Limit: 20, Suspensions: []Suspension{
		{Kind: KindHearing, Start: at(2026, 3, 5, 10), End: &end},
		{Kind: KindPublicNotice, Start: at(2026, 3, 16, 10)},
	}}
	now := at(2026, 3, 20, 9)
	var d Due
	for b.Loop() {
		d = c.Due(clk, now)
	}
	_ = d
}

func BenchmarkDueNoSuspension(b *testing.B) {
	c := Default()
	clk := Clock{Start: D(2026, 3, 2), Limit: 20}
	now := at(2026, 3, 20, 9)
	var d Due
	for b.Loop() {
		d = c.Due(clk, now)
	}
	_ = d
}

func BenchmarkNew(b *testing.B) {
	Default()
	ov := []Override{{Date: D(2028, 1, 3), Name: "元旦节"}}
	for b.Loop() {
		if _, err := New(ov); err != nil {
			b.Fatal(err)
		}
	}
}
