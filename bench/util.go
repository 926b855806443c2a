package bench

import (
	"context"
	"log/slog"
	"sort"
	"sync"
	"time"

	"onetrip/auth"
	"onetrip/demo"
	"onetrip/sqlstore"
)

// loadDemo loads the demo set with cheap password hashes: a benchmark
// measures its target, not argon2id for fifty accounts.
func loadDemo(ctx context.Context, s *sqlstore.Store) error {
	saved := auth.DefaultParams
	auth.DefaultParams.Memory, auth.DefaultParams.Time = 1024, 1
	defer func() { auth.DefaultParams = saved }()
	_, err := demo.Load(ctx, s)
	return err
}

func discard() *slog.Logger { return slog.New(slog.DiscardHandler) }

func sortDur(d []time.Duration) { sort.Slice(d, func(i, j int) bool { return d[i] < d[j] }) }

// load runs n calls of f over the clients and returns the rate and p95.
func load(clients, n int, f func(i int) error) (Rate, time.Duration, error) {
	lat := make([]time.Duration, n)
	var next int
	var mu sync.Mutex
	var firstErr error
	var wg sync.WaitGroup
	t0 := time.Now()
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				i := next
				next++
				mu.Unlock()
				if i >= n {
					return
				}
				t := time.Now()
				if err := f(i); err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
					return
				}
				lat[i] = time.Since(t)
			}
		}()
	}
	wg.Wait()
	d := time.Since(t0)
	if firstErr != nil {
		return Rate{}, 0, firstErr
	}
	sorted := append([]time.Duration(nil), lat...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i] < sorted[j] })
	return rate(n, d, lat), sorted[min(n-1, n*95/100)], nil
}
