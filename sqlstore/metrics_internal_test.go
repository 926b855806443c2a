package sqlstore

import (
	"context"
	"errors"
	"testing"
	"time"
)

// TestMetricsNeverServesAnOldSnapshot: a snapshot older than metricsMaxAge
// (no scrape for a while, or refreshes failing) is not shown; Metrics
// waits for a fresh read, and when that fails returns its error, so the
// scrape fails instead of showing old figures.
func TestMetricsNeverServesAnOldSnapshot(t *testing.T) {
	down := errors.New("database down")
	for _, tc := range []struct {
		name     string
		age      time.Duration // of the first snapshot
		second   error         // the second read's result
		want     error
		wantRead int
	}{
		{"fresh snapshot served", time.Second, nil, nil, 1},
		{"old snapshot replaced", 2 * metricsMaxAge, nil, nil, 2},
		{"old snapshot and a failing read", 2 * metricsMaxAge, down, down, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var s Store
			reads := 0
			s.metrics.once.Do(func() {
				s.metrics.c.ttl = MetricsTTL
				s.metrics.c.load = func(context.Context) (MetricsSnapshot, error) {
					reads++
					if reads == 1 {
						return MetricsSnapshot{LicencesSealed: 1, read: time.Now().Add(-tc.age)}, nil
					}
					return MetricsSnapshot{LicencesSealed: 2, read: time.Now()}, tc.second
				}
			})
			m, err := s.Metrics(context.Background())
			if !errors.Is(err, tc.want) || reads != tc.wantRead {
				t.Fatalf("err %v after %d reads, want %v after %d", err, reads, tc.want, tc.wantRead)
			}
			if want := int64(tc.wantRead); err == nil && m.LicencesSealed != want {
				t.Fatalf("served the snapshot of read %d, want %d", m.LicencesSealed, want)
			}
		})
	}
}
