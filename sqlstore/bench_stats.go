package sqlstore

import (
	"context"
	"math/rand/v2"
	"sort"
	"time"

	"onetrip/intake"
	"onetrip/supervision"
	"onetrip/workday"
)

// BenchStatsMix is how BenchFillStats spreads its synthetic cases.
type BenchStatsMix struct {
	Counties []string          // county codes (evenly)
	Subjects map[string]string // item code → its department kind
	Since    time.Time
	Days     int // submissions spread over this many days from Since
}

// BenchFillStats makes the measures' projection of n synthetic cases and
// their ratings without writing the cases: each case is drawn as
// supervision.Facts (most closed on time within the promise, some late,
// corrected, breached, online, rated), folded with supervision.Contributions
// exactly as RefreshStats folds real ones, and the day and month rows are
// written in bulk. The dashboard reads only the projection, so its answer
// time at n cases is what is measured; 10 million cases take minutes and a
// few hundred megabytes, not the ≈ 95 GB of full cases. It returns the rows
// written.
func (s *Store) BenchFillStats(ctx context.Context, n int, mix BenchStatsMix, seed uint64) (days, months int, err error) {
	cal, err := s.Calendar(ctx)
	if err != nil {
		return 0, 0, err
	}
	rng := rand.New(rand.NewPCG(seed, 2))
	counts := map[statKey]*supervision.Counts{}
	subjects := make([]string, 0, len(mix.Subjects))
	for k := range mix.Subjects {
		subjects = append(subjects, k)
	}
	sort.Strings(subjects)
	for i := 0; i < n; i++ {
		created := mix.Since.Add(time.Duration(float64(mix.Days) * 24 * float64(time.Hour) * float64(i) / float64(n)))
		created = created.Add(time.Duration(rng.IntN(9*3600)) * time.Second)
		county := mix.Counties[rng.IntN(len(mix.Counties))]
		subject := subjects[rng.IntN(len(subjects))]
		f := supervision.Facts{Region: county, Subject: subject, Department: county + "-" + mix.Subjects[subject], Center: county + "-center",
			Channel: intake.ChannelWindow, Status: intake.StatusClosed, CreatedAt: created, PromisedDays: 1 + rng.IntN(10), MaxVisits: rng.IntN(2),
			Materials: 3 + rng.IntN(6)}
		f.Exempt = rng.IntN(f.Materials/2 + 1)
		if rng.IntN(100) < 35 {
			f.Channel = intake.ChannelOnline
		}
		if rng.IntN(100) < 8 {
			f.Notices = 1
			f.SecondNotice = rng.IntN(100) < 4
		}
		x := rng.IntN(1000)
		if x < 30 { // refused or still waiting at the window
			f.Status = intake.StatusNeedsCorrection
		} else {
			acc := created.Add(time.Duration(rng.IntN(3600)) * time.Second)
			f.AcceptedAt = &acc
			due := cal.AddWorkdays(workday.DateOf(acc), f.PromisedDays)
			f.DueDate = due.String()
			used := rng.IntN(f.PromisedDays + 1)
			if rng.IntN(100) < 4 { // late
				used = f.PromisedDays + 1 + rng.IntN(3)
			}
			dec := cal.AddWorkdays(workday.DateOf(acc), used).Time().Add(10 * time.Hour)
			if x < 60 || dec.After(mix.Since.AddDate(0, 0, mix.Days)) { // still running
				f.Status = intake.StatusInReview
			} else {
				f.DecidedAt = &dec
				closed := dec.Add(time.Duration(rng.IntN(48)) * time.Hour)
				f.ClosedAt = &closed
				f.TripsTotal = rng.IntN(3)
				if f.Channel == intake.ChannelOnline {
					f.TripsTotal = rng.IntN(2)
				}
				f.TripsCounted = min(f.TripsTotal, f.MaxVisits+map[bool]int{true: 1, false: 0}[rng.IntN(100) < 2])
			}
		}
		for _, d := range supervision.Contributions(f, cal) {
			addCounts(counts, statKey{d.Day.String(), f.Region, f.Subject, f.Department, f.Center}, d.Counts)
		}
		if f.ClosedAt != nil && rng.IntN(100) < 30 {
			lvl := supervision.Levels[min(len(supervision.Levels)-1, rng.IntN(100)/40+map[bool]int{true: 3, false: 0}[rng.IntN(100) < 3])]
			addCounts(counts, statKey{workday.DateOf(f.ClosedAt.Add(time.Hour)).String(), f.Region, f.Subject, f.Department, f.Center}, supervision.RatingCounts(lvl))
		}
	}
	monthly := map[statKey]*supervision.Counts{}
	for k, c := range counts {
		m := k
		m.period = k.period[:7]
		addCounts(monthly, m, *c)
	}
	for _, part := range []struct {
		table, col string
		rows       map[statKey]*supervision.Counts
	}{{"stat_days", "day", counts}, {"stat_months", "month", monthly}} {
		keys := make([]statKey, 0, len(part.rows))
		for k := range part.rows {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool { return keyLess(keys[i], keys[j]) })
		const per = 20000
		for start := 0; start < len(keys); start += per {
			chunk := map[statKey]supervision.Counts{}
			for _, k := range keys[start:min(start+per, len(keys))] {
				chunk[k] = *part.rows[k]
			}
			if err := s.Tx(ctx, func(tx *Tx) error { return s.upsertStats(ctx, tx, part.table, part.col, chunk) }); err != nil {
				return 0, 0, err
			}
		}
	}
	return len(counts), len(monthly), nil
}

func addCounts(m map[statKey]*supervision.Counts, k statKey, c supervision.Counts) {
	x := m[k]
	if x == nil {
		x = &supervision.Counts{}
		m[k] = x
	}
	x.Add(c)
}

// BenchDropStatsIndex drops the one index intake pays for the projection
// (cases_updated), so a benchmark can measure intake as it was without it.
func (s *Store) BenchDropStatsIndex(ctx context.Context) error {
	_, err := s.w.ExecContext(ctx, `DROP INDEX cases_updated`)
	return s.mapErr(err)
}
