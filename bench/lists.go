package bench

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"time"

	"onetrip"
	"onetrip/auth"
	"onetrip/region"
	"onetrip/server"
	"onetrip/sqlstore"
)

// ListsOptions size the case-list benchmark.
type ListsOptions struct {
	Cases int    // compact case rows (default 1,000,000)
	Runs  int    // requests per query, the median reported (default 5)
	DSN   string // PostgreSQL, or "" for SQLite in Dir
	Dir   string
}

// ListQuery is one measured list: its name and the API query.
type ListQuery struct {
	Name  string        `json:"name"`
	Query string        `json:"query"`
	Rows  int           `json:"rows"`   // rows on the first page
	First time.Duration `json:"median"` // first page through the API, median of Runs
}

// ListsResult is every query's first page at the table's size.
type ListsResult struct {
	Cases   int           `json:"cases"`
	Fill    time.Duration `json:"fill"`
	Queries []ListQuery   `json:"queries"`
	Worst   time.Duration `json:"worst"`
}

// Lists fills a store with compact case rows across Zhejiang's counties
// and measures the first page of GET /api/v1/cases as a province
// supervisor for every filter (region levels, statuses, breach, overdue,
// item, a date range) and a next page by keyset.
func Lists(ctx context.Context, o ListsOptions) (ListsResult, error) {
	if o.Cases == 0 {
		o.Cases = 1_000_000
	}
	if o.Runs == 0 {
		o.Runs = 5
	}
	var res ListsResult
	s, done, err := openBenchStore(ctx, IntakeOptions{Dir: o.Dir, DSN: o.DSN}, "lists")
	if err != nil {
		return res, err
	}
	defer done()
	all, err := region.All()
	if err != nil {
		return res, err
	}
	var counties []string
	for _, r := range all {
		if r.Level == region.County && r.Code[:2] == "33" {
			counties = append(counties, r.Code)
		}
	}
	subjects := []string{"330-SCJG-001", "330-SCJG-005", "330-ZRZY-002", "330-GAJG-005", "330-RSSB-001", "330-WSJK-001", "330-MZSW-001",
		"330-JTYS-001", "330-ZJJS-001", "330-GAJG-003"}
	since := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	t0 := time.Now()
	if err := s.BenchFillCases(ctx, o.Cases, sqlstore.BenchCaseMix{Counties: counties, Subjects: subjects, Since: since, Days: 700}, 42); err != nil {
		return res, err
	}
	res.Cases, res.Fill = o.Cases, time.Since(t0)
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
	s.SetClock(func() time.Time { return since.AddDate(0, 0, 700) }) // "today" is the end of the data
	queries := []ListQuery{
		{Name: "province, all", Query: "region=330000"},
		{Name: "city, all", Query: "region=330800"},
		{Name: "county, all", Query: "region=330802"},
		{Name: "province, in review", Query: "region=330000&status=in_review"},
		{Name: "county, window queue", Query: "region=330802&status=submitted,needs_correction"},
		{Name: "city, suspended", Query: "region=330800&status=suspended"},
		{Name: "province, breaches", Query: "region=330000&breach=1"},
		{Name: "city, breaches", Query: "region=330800&breach=1"},
		{Name: "province, overdue", Query: "region=330000&overdue=1"},
		{Name: "county, overdue", Query: "region=330802&overdue=1"},
		{Name: "province, one item", Query: "region=330000&item=330-SCJG-005"},
		{Name: "county, one item, closed", Query: "region=330802&item=330-SCJG-005&status=closed"},
		{Name: "city, one month", Query: "region=330800&from=2025-06-01&to=2025-07-01"},
		{Name: "province, page 2 (keyset)", Query: "region=330000"},
	}
	client := &http.Client{}
	get := func(q string) (int, string, time.Duration, error) {
		req, _ := http.NewRequestWithContext(ctx, "GET", hs.URL+"/api/v1/cases?limit=50&"+q, nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		t := time.Now()
		resp, err := client.Do(req)
		if err != nil {
			return 0, "", 0, err
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		d := time.Since(t)
		if resp.StatusCode != 200 {
			return 0, "", 0, fmt.Errorf("%s: %d %s", q, resp.StatusCode, b)
		}
		return countRows(b), resp.Header.Get("Link"), d, nil
	}
	for i, lq := range queries {
		q := lq.Query
		if i == len(queries)-1 { // the second page: follow the first page's cursor
			_, link, _, err := get(q)
			if err != nil {
				return res, err
			}
			q = cursorQuery(link)
		}
		var ds []time.Duration
		for r := 0; r < o.Runs+1; r++ {
			n, _, d, err := get(q)
			if err != nil {
				return res, err
			}
			queries[i].Rows = n
			if r > 0 { // the first warms the caches
				ds = append(ds, d)
			}
		}
		sort.Slice(ds, func(a, b int) bool { return ds[a] < ds[b] })
		queries[i].First = ds[len(ds)/2]
		res.Worst = max(res.Worst, queries[i].First)
	}
	res.Queries = queries
	return res, nil
}

// countRows counts the objects of a JSON array of cases without decoding
// them (their "id" keys).
func countRows(b []byte) int {
	n := 0
	for i := 0; i+5 < len(b); i++ {
		if b[i] == '{' && string(b[i+1:i+6]) == `"id":` {
			n++
		}
	}
	return n
}

// cursorQuery is the query string of a Link: <…?q>; rel="next" header.
func cursorQuery(link string) string {
	for i := 0; i < len(link); i++ {
		if link[i] == '?' {
			for j := i; j < len(link); j++ {
				if link[j] == '>' {
					return link[i+1 : j]
				}
			}
		}
	}
	return ""
}
