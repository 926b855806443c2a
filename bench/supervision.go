package bench

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"time"

	"onetrip"
	"onetrip/auth"
	"onetrip/catalog"
	"onetrip/region"
	"onetrip/server"
	"onetrip/sqlstore"
)

// DashboardOptions size the supervision dashboard benchmark.
type DashboardOptions struct {
	Cases int    // synthetic cases folded into the projection (default 10,000,000)
	Runs  int    // requests per query; p50 and p95 reported (default 20)
	DSN   string // PostgreSQL, or "" for SQLite in Dir
	Dir   string
}

// DashQuery is one measured overview.
type DashQuery struct {
	Name  string        `json:"name"`
	Query string        `json:"query"`
	P50   time.Duration `json:"p50"`
	P95   time.Duration `json:"p95"`
}

// DashboardResult is every query's answer time at the projection's size,
// against the same query over a period without data (the baseline: the
// same code and requests, no rows to sum).
type DashboardResult struct {
	Cases      int           `json:"cases"`
	Fill       time.Duration `json:"fill"`
	DayRows    int           `json:"day_rows"`
	MonthRows  int           `json:"month_rows"`
	Queries    []DashQuery   `json:"queries"`
	Baseline   DashQuery     `json:"baseline"`
	Worst      DashQuery     `json:"worst"` // the largest p95
	WorstRatio float64       `json:"worst_ratio"`
}

// Dashboard folds Cases synthetic cases over Zhejiang's 90 counties, 12
// items and two years into the measures' projection (BenchFillStats) and
// measures GET /api/v1/stats/overview as the province's supervisor: the
// province over a year, two years and a month, every city over a year (the
// drill-down), a county, an item and a department.
func Dashboard(ctx context.Context, o DashboardOptions) (DashboardResult, error) {
	if o.Cases == 0 {
		o.Cases = 10_000_000
	}
	if o.Runs == 0 {
		o.Runs = 20
	}
	var res DashboardResult
	s, done, err := openBenchStore(ctx, IntakeOptions{Dir: o.Dir, DSN: o.DSN}, "dashboard")
	if err != nil {
		return res, err
	}
	defer done()
	if err := loadDemo(ctx, s); err != nil {
		return res, err
	}
	all, err := region.All()
	if err != nil {
		return res, err
	}
	var counties, cities []string
	for _, r := range all {
		switch {
		case r.Code[:2] != "33":
		case r.Level == region.County:
			counties = append(counties, r.Code)
		case r.Level == region.City:
			cities = append(cities, r.Code)
		}
	}
	c, err := catalog.Demo()
	if err != nil {
		return res, err
	}
	subjects := map[string]string{}
	for _, it := range c.Items {
		if len(subjects) < 12 && it.Level == catalog.LevelCounty {
			subjects[it.Code] = it.DepartmentKind
		}
	}
	since := time.Date(2025, 1, 1, 0, 0, 0, 0, onetrip.China)
	t0 := time.Now()
	res.DayRows, res.MonthRows, err = s.BenchFillStats(ctx, o.Cases, sqlstore.BenchStatsMix{Counties: counties, Subjects: subjects, Since: since, Days: 730}, 12)
	if err != nil {
		return res, err
	}
	res.Cases, res.Fill = o.Cases, time.Since(t0)
	s.SetClock(func() time.Time { return time.Date(2026, 12, 31, 12, 0, 0, 0, onetrip.China) }) // "today" is the end of the data

	saved := auth.DefaultParams
	auth.DefaultParams.Memory, auth.DefaultParams.Time = 1024, 1
	u, err := s.CreateUser(ctx, sqlstore.NewUser{Username: "bench.supervisor", Role: onetrip.RoleSupervisor, Region: "330000", Password: "bench-password-1"})
	auth.DefaultParams = saved
	if err != nil {
		return res, err
	}
	tok, _, err := s.IssueToken(ctx, u.ID, "bench", 0)
	if err != nil {
		return res, err
	}
	hs := httptest.NewServer(server.New(server.Options{Store: s, Logger: discard(), Version: "bench"}))
	defer hs.Close()
	client := &http.Client{}
	get := func(q string) (time.Duration, error) {
		req, _ := http.NewRequestWithContext(ctx, "GET", hs.URL+"/api/v1/stats/overview?"+q, nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		t := time.Now()
		resp, err := client.Do(req)
		if err != nil {
			return 0, err
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		d := time.Since(t)
		if resp.StatusCode != 200 {
			return 0, fmt.Errorf("%s: %d %s", q, resp.StatusCode, b)
		}
		return d, nil
	}
	measure := func(name, q string) (DashQuery, error) {
		dq := DashQuery{Name: name, Query: q}
		var ds []time.Duration
		for r := 0; r < o.Runs+1; r++ {
			d, err := get(q)
			if err != nil {
				return dq, err
			}
			if r > 0 { // the first warms the caches
				ds = append(ds, d)
			}
		}
		sortDur(ds)
		dq.P50, dq.P95 = ds[len(ds)/2], ds[min(len(ds)-1, (len(ds)*95+99)/100-1)]
		return dq, nil
	}
	var item, dept string
	for k, v := range subjects {
		if item == "" || k < item {
			item, dept = k, "330802-"+v
		}
	}
	queries := [][2]string{
		{"province, 2026", "region=330000&from=2026-01-01&to=2026-12-31"},
		{"province, two years", "region=330000&from=2025-01-01&to=2026-12-31"},
		{"province, one month (by day)", "region=330000&from=2026-06-01&to=2026-06-30"},
		{"province, mid-month to mid-month", "region=330000&from=2026-03-15&to=2026-09-14"},
		{"county, 2026", "region=330802&from=2026-01-01&to=2026-12-31"},
		{"province, one item, 2026", "region=330000&subject=" + item + "&from=2026-01-01&to=2026-12-31"},
		{"county, its department, 2026", "region=330802&department=" + dept + "&from=2026-01-01&to=2026-12-31"},
	}
	for _, city := range cities {
		queries = append(queries, [2]string{"city " + city + ", 2026", "region=" + city + "&from=2026-01-01&to=2026-12-31"})
	}
	for _, q := range queries {
		dq, err := measure(q[0], q[1])
		if err != nil {
			return res, err
		}
		res.Queries = append(res.Queries, dq)
		if dq.P95 > res.Worst.P95 {
			res.Worst = dq
		}
	}
	if res.Baseline, err = measure("province, a year without data", "region=330000&from=2023-01-01&to=2023-12-31"); err != nil {
		return res, err
	}
	res.WorstRatio = float64(res.Worst.P95) / float64(max(res.Baseline.P95, 1))
	return res, nil
}

// StatsCostResult is intake with and without keeping the measures current.
type StatsCostResult struct {
	Without Rate    `json:"without"` // no cases_updated index, no fold
	With    Rate    `json:"with"`    // the index, and a fold every second
	Ratio   float64 `json:"ratio"`   // with / without
}

// StatsCost measures accepted cases/s through the API (Intake's bundle and
// clients) without the projection's index and fold, and with them — the
// fold every second, sixty times as often as the job — alternating rounds
// so both see the same machine.
func StatsCost(ctx context.Context, o IntakeOptions, rounds int) (StatsCostResult, error) {
	var res StatsCostResult
	if o.Cases == 0 {
		o.Cases = 3000
	}
	if o.Clients == 0 {
		o.Clients = 32
	}
	i := 0
	run := func(with bool) func(int) (Rate, error) {
		return func(n int) (Rate, error) {
			p := o
			p.Cases, p.Dir = n, fmt.Sprintf("%s/%d", o.Dir, i)
			i++
			if with {
				p.Refresh = time.Second
			} else {
				p.NoStatsIndex = true
			}
			r, _, err := intakeAPI(ctx, p)
			return r, err
		}
	}
	var err error
	res.Without, res.With, err = alternate(rounds, run(false), o.Cases*rounds, run(true), o.Cases*rounds)
	if err != nil {
		return res, err
	}
	res.Ratio = res.With.PerSecond / res.Without.PerSecond
	return res, nil
}
