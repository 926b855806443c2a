package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"onetrip/idcode"
)

// SustainOptions size a sustained intake run: clients posting complete
// single-step cases for a while, counted per second.
type SustainOptions struct {
	Clients  int           // concurrent clients (default 64)
	Duration time.Duration // how long to post (default 15 s)
	DSN      string        // PostgreSQL, or "" for SQLite in Dir
	Dir      string
	// Timeout is each request's client deadline (default 30 s, a window
	// clerk's patience).
	Timeout time.Duration
}

// SustainResult is what every second of the run completed.
type SustainResult struct {
	PerSecond []int   `json:"per_second"` // accepted cases completed in each second
	Total     int     `json:"total"`
	Failed    int     `json:"failed"` // answers other than 201 accepted
	Rate      float64 `json:"rate"`   // cases/s over the run
	FirstErr  string  `json:"first_error,omitempty"`
}

// Sustain posts complete cases of the single-step item 330-BNCH-001 from
// many clients for a fixed time and reports each second's completions, so
// a stall (a second with nothing completed) shows.
func Sustain(ctx context.Context, o SustainOptions) (SustainResult, error) {
	o.Clients = max(o.Clients, 0)
	if o.Clients == 0 {
		o.Clients = 64
	}
	if o.Duration == 0 {
		o.Duration = 15 * time.Second
	}
	if o.Timeout == 0 {
		o.Timeout = 30 * time.Second
	}
	n, err := newBenchNode(ctx, o.Dir, o.DSN, o.Clients)
	if err != nil {
		return SustainResult{}, err
	}
	defer n.close()
	n.client.Timeout = o.Timeout
	body, _ := json.Marshal(map[string]any{"item": "330-BNCH-001", "region": "330802", "channel": "window",
		"applicant": map[string]any{"type": "person", "name": "基准申请人", "id_number": idcode.MakeCitizenID("330802", time.Date(1980, 1, 2, 0, 0, 0, 0, time.UTC), 101)},
		"materials": []map[string]string{{"spec": "330-BNCH-001.M01", "status": "received"}, {"spec": "330-BNCH-001.M02", "status": "received"}}})
	var seq atomic.Int64
	send := func() (bool, string) {
		req, _ := http.NewRequestWithContext(ctx, "POST", n.hs.URL+"/api/v1/cases", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+n.tokens["bench.clerk"])
		req.Header.Set("Idempotency-Key", fmt.Sprintf("sustain-%d", seq.Add(1)))
		resp, err := n.client.Do(req)
		if err != nil {
			return false, err.Error()
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 201 || !bytes.Contains(b, []byte(`"status":"accepted"`)) {
			return false, fmt.Sprintf("%d %.200s", resp.StatusCode, b)
		}
		return true, ""
	}
	secs := int((o.Duration + time.Second - 1) / time.Second)
	counts := make([]atomic.Int64, secs)
	var failed atomic.Int64
	var firstErr string
	var mu sync.Mutex
	start := time.Now()
	end := start.Add(o.Duration)
	var wg sync.WaitGroup
	for range o.Clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(end) {
				ok, why := send()
				at := int(time.Since(start) / time.Second)
				if !ok {
					failed.Add(1)
					mu.Lock()
					if firstErr == "" {
						firstErr = why
					}
					mu.Unlock()
					continue
				}
				if at < secs {
					counts[at].Add(1)
				}
			}
		}()
	}
	wg.Wait()
	res := SustainResult{PerSecond: make([]int, secs), Failed: int(failed.Load()), FirstErr: firstErr}
	for i := range counts {
		res.PerSecond[i] = int(counts[i].Load())
		res.Total += res.PerSecond[i]
	}
	res.Rate = float64(res.Total) / o.Duration.Seconds()
	return res, nil
}
