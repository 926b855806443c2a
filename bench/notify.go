package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"time"

	"onetrip"
	"onetrip/app"
	"onetrip/auth"
	"onetrip/blob"
	"onetrip/idcode"
	"onetrip/jobs"
	"onetrip/server"
	"onetrip/sms/smssim"
	"onetrip/sqlstore"
)

// NotifyOptions size the notification fan-out benchmark.
type NotifyOptions struct {
	Cases      int    // accepted cases in the burst (default 10,000)
	Clients    int    // concurrent clients (default 32, the intake benchmark's)
	Applicants int    // distinct applicants with a mobile number the cases spread over (default 1,000)
	DSN        string // a PostgreSQL server (each store gets a database of its own), or "" for SQLite
	Dir        string
	// Deadline bounds the wait for the last SMS (default 5 minutes).
	Deadline time.Duration
}

// NotifyResult is intake's rate with notifications on against the same
// burst with them off, on a node of its own each (job queue running, the
// SMS simulator mounted), and how long the burst's messages took.
type NotifyResult struct {
	On    Rate    `json:"on"`
	Off   Rate    `json:"off"`
	Ratio float64 `json:"ratio"` // On / Off
	// Delivered is from the burst's first request to the moment every
	// case's inbox row was committed and the gateway had taken its SMS.
	Delivered time.Duration `json:"delivered"`
	// AfterIntake is how much of Delivered came after the last case was
	// accepted.
	AfterIntake time.Duration `json:"after_intake"`
	SMS         int           `json:"sms"`
	Inbox       int           `json:"inbox"`
}

// Notify measures the fan-out of issue 13: Cases accepted cases in a burst
// through POST /api/v1/cases (the intake benchmark's bundle and clients),
// each applicant's account with a mobile number and the defaults (inbox
// and SMS), so every case queues its notification in its transaction and
// the job queue writes the inbox row and the SMS and sends the SMS
// through the simulator over HTTP. The same burst with notifications off
// (SetNotificationsOff) on a fresh node is the baseline.
func Notify(ctx context.Context, o NotifyOptions) (NotifyResult, error) {
	if o.Cases == 0 {
		o.Cases = 10_000
	}
	if o.Clients == 0 {
		o.Clients = 32
	}
	if o.Applicants == 0 {
		o.Applicants = 1000
	}
	if o.Deadline == 0 {
		o.Deadline = 5 * time.Minute
	}
	var res NotifyResult
	off, err := notifyRun(ctx, o, false)
	if err != nil {
		return res, err
	}
	on, err := notifyRun(ctx, o, true)
	if err != nil {
		return res, err
	}
	res.Off, res.On = off.rate, on.rate
	res.Ratio = on.rate.PerSecond / off.rate.PerSecond
	res.Delivered, res.AfterIntake, res.SMS, res.Inbox = on.delivered, on.delivered-time.Duration(on.rate.Seconds*float64(time.Second)), on.sms, on.inbox
	return res, nil
}

type notifyMeasure struct {
	rate       Rate
	delivered  time.Duration
	sms, inbox int
}

func notifyRun(ctx context.Context, o NotifyOptions, on bool) (notifyMeasure, error) {
	var m notifyMeasure
	sub := "notify_off"
	if on {
		sub = "notify_on"
	}
	s, done, err := openBenchStore(ctx, IntakeOptions{Dir: o.Dir, DSN: o.DSN, Log: discard()}, sub)
	if err != nil {
		return m, err
	}
	defer done()
	s.SetNotificationsOff(!on)
	if err := addBenchCatalog(ctx, s); err != nil {
		return m, err
	}
	ids, err := notifyApplicants(ctx, s, o.Applicants)
	if err != nil {
		return m, err
	}
	saved := auth.DefaultParams
	auth.DefaultParams.Memory, auth.DefaultParams.Time = 1024, 1
	u, err := s.CreateUser(ctx, sqlstore.NewUser{Username: "bench.clerk", Role: onetrip.RoleClerk, Region: "330802", Center: "330802-center", Password: "bench-password-1"})
	auth.DefaultParams = saved
	if err != nil {
		return m, err
	}
	tok, _, err := s.IssueToken(ctx, u.ID, "bench", 0)
	if err != nil {
		return m, err
	}
	// A node as production runs it: the job queue with its default pace,
	// the SMS gateway (the simulator, on the node, over HTTP).
	queue, err := jobs.Start(ctx, s, jobs.Options{Logger: discard()})
	if err != nil {
		return m, err
	}
	defer queue.Stop(context.Background())
	sims, err := app.NewSimulators(s.Now)
	if err != nil {
		return m, err
	}
	defer sims.Close()
	sims.SMS.SetLimits(smssim.HighLimits) // ten messages to each number within a minute
	blobs, err := blob.Open(filepath.Join(o.Dir, sub, "blobs"))
	if err != nil {
		return m, err
	}
	hs := httptest.NewServer(server.New(server.Options{Store: s, Blobs: blobs, Logger: discard(), Version: "bench", Mounts: sims.Mounts()}))
	defer hs.Close()
	if err := app.ConnectPlatforms(ctx, s, sims, hs.URL, app.PlatformOptions{}); err != nil {
		return m, err
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConns: o.Clients * 2, MaxIdleConnsPerHost: o.Clients * 2, IdleConnTimeout: time.Minute}}
	var marks []map[string]string
	for i := 1; i <= 3; i++ {
		for j := 1; j <= 2; j++ {
			marks = append(marks, map[string]string{"spec": fmt.Sprintf("330-BNCH-%03d.M%02d", i, j), "status": "received"})
		}
	}
	bodies := make([][]byte, len(ids))
	for i, id := range ids {
		bodies[i], _ = json.Marshal(map[string]any{"bundle": BundleCode, "region": "330802", "channel": "window",
			"applicant": map[string]any{"type": "person", "name": "基准申请人", "id_number": id}, "materials": marks, "form": map[string]string{"备注": "基准"}})
	}
	send := func(i int) (time.Duration, error) {
		k := (i%len(bodies) + len(bodies)) % len(bodies)
		req, _ := http.NewRequestWithContext(ctx, "POST", hs.URL+"/api/v1/cases", bytes.NewReader(bodies[k]))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Idempotency-Key", fmt.Sprintf("bench-%d", i))
		t0 := time.Now()
		resp, err := client.Do(req)
		if err != nil {
			return 0, err
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 201 || !bytes.Contains(b, []byte(`"status":"accepted"`)) {
			return 0, fmt.Errorf("case %d: %d %s", i, resp.StatusCode, b)
		}
		return time.Since(t0), nil
	}
	// Warm up (connections, caches), then let the warm-up's messages go
	// so the burst is measured alone.
	for i := 0; i < o.Clients; i++ {
		if _, err := send(-1 - i); err != nil {
			return m, err
		}
	}
	warm := 0
	if on {
		warm = o.Clients
	}
	if err := waitSent(ctx, sims.SMS, warm, o.Deadline); err != nil {
		return m, err
	}
	start := time.Now()
	if m.rate, err = run(o.Cases, o.Clients, send); err != nil {
		return m, err
	}
	if !on {
		return m, nil
	}
	if err := waitSent(ctx, sims.SMS, warm+o.Cases, o.Deadline); err != nil {
		return m, err
	}
	m.delivered = time.Since(start)
	m.sms = sims.SMS.Stats().Sent - warm
	if err := s.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM notifications`).Scan(&m.inbox); err != nil {
		return m, err
	}
	m.inbox -= warm
	if m.inbox != o.Cases {
		return m, fmt.Errorf("%d inbox messages for %d cases", m.inbox, o.Cases)
	}
	return m, nil
}

// notifyApplicants makes n citizens' accounts, each with a mobile number,
// and returns their ID numbers.
func notifyApplicants(ctx context.Context, s *sqlstore.Store, n int) ([]string, error) {
	saved := auth.DefaultParams
	auth.DefaultParams.Memory, auth.DefaultParams.Time = 1024, 1
	defer func() { auth.DefaultParams = saved }()
	ids := make([]string, n)
	now := sqlstore.TS(time.Now())
	for i := range ids {
		ids[i] = idcode.MakeCitizenID("330802", time.Date(1960+i/1000, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%1000), i%1000) // distinct by date
		u, err := s.CreateUser(ctx, sqlstore.NewUser{Username: fmt.Sprintf("bench.citizen.%d", i), Name: "基准申请人", Role: onetrip.RoleApplicant,
			IDNumber: ids[i], Password: "bench-password-1"})
		if err != nil {
			return nil, err
		}
		if _, err := s.DB().ExecContext(ctx, `INSERT INTO accounts (user_id, mobile, level, id_number, verified_at, created_at) VALUES ($1, $2, 'real_name', $3, $4, $4)`,
			u.ID, fmt.Sprintf("139%08d", i), ids[i], now); err != nil {
			return nil, err
		}
	}
	return ids, nil
}

// waitSent waits until the gateway has taken n messages.
func waitSent(ctx context.Context, sim *smssim.Sim, n int, deadline time.Duration) error {
	end := time.Now().Add(deadline)
	for sim.Stats().Sent < n {
		if time.Now().After(end) {
			return fmt.Errorf("the gateway took %d of %d messages in %v", sim.Stats().Sent, n, deadline)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
	return nil
}
