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
	"sync"
	"time"

	"onetrip"
	"onetrip/auth"
	"onetrip/blob"
	"onetrip/casework"
	"onetrip/idcode"
	"onetrip/intake"
	"onetrip/server"
	"onetrip/sqlstore"
)

// ReviewResult is the decision rate and the queue's first-page time.
type ReviewResult struct {
	Decisions  Rate          `json:"decisions"`
	QueueTasks int           `json:"queue_tasks"`
	QueueFirst time.Duration `json:"queue_first_page_median"`
	QueueRuns  []time.Duration
}

// ReviewOptions size the review benchmark.
type ReviewOptions struct {
	Decisions  int // tasks decided through the API (default 6000)
	Clients    int
	QueueTasks int // open tasks in the queue test (default 100000)
	Dir        string
	DSN        string
}

type benchNode struct {
	s      *sqlstore.Store
	hs     *httptest.Server
	client *http.Client
	tokens map[string]string
	done   func()
}

func (n *benchNode) close() {
	n.hs.Close()
	n.done()
}

func newBenchNode(ctx context.Context, dir, dsn string, clients int) (*benchNode, error) {
	s, done, err := openBenchStore(ctx, IntakeOptions{Dir: dir, DSN: dsn}, "node")
	if err != nil {
		return nil, err
	}
	if err := addBenchCatalog(ctx, s); err != nil {
		done()
		return nil, err
	}
	saved := auth.DefaultParams
	auth.DefaultParams.Memory, auth.DefaultParams.Time = 1024, 1
	defer func() { auth.DefaultParams = saved }()
	n := &benchNode{s: s, tokens: map[string]string{}, done: done}
	for _, nu := range []sqlstore.NewUser{
		{Username: "bench.clerk", Role: onetrip.RoleClerk, Region: "330802", Center: "330802-center", Password: "bench-password-1"},
		{Username: "bench.reviewer", Role: onetrip.RoleReviewer, Region: "330802", Department: "330802-market", Password: "bench-password-1"},
	} {
		u, err := s.CreateUser(ctx, nu)
		if err != nil {
			return nil, err
		}
		if n.tokens[nu.Username], _, err = s.IssueToken(ctx, u.ID, "bench", 0); err != nil {
			return nil, err
		}
	}
	blobs, err := blob.Open(filepath.Join(dir, "blobs"))
	if err != nil {
		return nil, err
	}
	n.hs = httptest.NewServer(server.New(server.Options{Store: s, Blobs: blobs, Logger: discard(), Version: "bench"}))
	n.client = &http.Client{Transport: &http.Transport{MaxIdleConns: clients * 2, MaxIdleConnsPerHost: clients * 2}}
	return n, nil
}

// acceptSingles accepts n single-step cases (item 330-BNCH-001, market)
// through the store, concurrently, and returns their task ids.
func acceptSingles(ctx context.Context, s *sqlstore.Store, n, clients int) ([]string, error) {
	p := &onetrip.Principal{Username: "bench.clerk", Role: onetrip.RoleClerk, Region: "330802", Center: "330802-center"}
	sub := casework.Submission{Item: "330-BNCH-001", Region: "330802", Channel: intake.ChannelWindow,
		Applicant: intake.Applicant{Type: "person", Name: "基准申请人", IDNumber: idcode.MakeCitizenID("330802", time.Date(1980, 1, 2, 0, 0, 0, 0, time.UTC), 101)},
		Materials: []intake.Mark{{Spec: "330-BNCH-001.M01", Status: intake.MarkReceived}, {Spec: "330-BNCH-001.M02", Status: intake.MarkReceived}}}
	ids := make([]string, n)
	var mu sync.Mutex
	_, err := run(n, clients, func(i int) (time.Duration, error) {
		c, err := s.SubmitCase(ctx, p, sub, nil)
		if err != nil {
			return 0, err
		}
		mu.Lock()
		ids[i] = c.Tasks[0].ID
		mu.Unlock()
		return 0, nil
	})
	return ids, err
}

// Review measures task decisions per second through POST
// /api/v1/tasks/{id}/decision (32 clients, each decision on its own task,
// approving it and so deciding its case), then the first page of a
// department queue holding QueueTasks open tasks.
func Review(ctx context.Context, o ReviewOptions) (ReviewResult, error) {
	if o.Decisions == 0 {
		o.Decisions = 6000
	}
	if o.Clients == 0 {
		o.Clients = 32
	}
	if o.QueueTasks == 0 {
		o.QueueTasks = 100000
	}
	var res ReviewResult
	n, err := newBenchNode(ctx, filepath.Join(o.Dir, "decide"), o.DSN, o.Clients)
	if err != nil {
		return res, err
	}
	defer n.close()
	tasks, err := acceptSingles(ctx, n.s, o.Decisions+o.Clients, o.Clients)
	if err != nil {
		return res, err
	}
	decide := func(id string) (time.Duration, error) {
		body, _ := json.Marshal(map[string]any{"decision": "approve", "opinion": "同意", "outputs": map[string]string{"许可证号": id[:8]}, "version": 1})
		req, _ := http.NewRequestWithContext(ctx, "POST", n.hs.URL+"/api/v1/tasks/"+id+"/decision", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+n.tokens["bench.reviewer"])
		t0 := time.Now()
		resp, err := n.client.Do(req)
		if err != nil {
			return 0, err
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			return 0, fmt.Errorf("decision: %d %s", resp.StatusCode, b)
		}
		return time.Since(t0), nil
	}
	for i := 0; i < o.Clients; i++ { // warm up
		if _, err := decide(tasks[o.Decisions+i]); err != nil {
			return res, err
		}
	}
	if res.Decisions, err = run(o.Decisions, o.Clients, func(i int) (time.Duration, error) { return decide(tasks[i]) }); err != nil {
		return res, err
	}

	// The queue: QueueTasks open tasks of one department, inserted in bulk.
	q, err := newBenchNode(ctx, filepath.Join(o.Dir, "queue"), o.DSN, 4)
	if err != nil {
		return res, err
	}
	defer q.close()
	if _, err := acceptSingles(ctx, q.s, 1, 1); err != nil { // one real case to copy
		return res, err
	}
	if err := q.s.BenchCloneTasks(ctx, o.QueueTasks-1); err != nil {
		return res, err
	}
	res.QueueTasks = o.QueueTasks
	get := func() (time.Duration, error) {
		req, _ := http.NewRequestWithContext(ctx, "GET", q.hs.URL+"/api/v1/tasks?status=ready&limit=50", nil)
		req.Header.Set("Authorization", "Bearer "+q.tokens["bench.reviewer"])
		t0 := time.Now()
		resp, err := q.client.Do(req)
		if err != nil {
			return 0, err
		}
		var list []json.RawMessage
		err = json.NewDecoder(resp.Body).Decode(&list)
		resp.Body.Close()
		if err != nil || resp.StatusCode != 200 || len(list) != 50 {
			return 0, fmt.Errorf("queue page: %d, %d tasks, %v", resp.StatusCode, len(list), err)
		}
		return time.Since(t0), nil
	}
	get() // warm up
	for range 9 {
		d, err := get()
		if err != nil {
			return res, err
		}
		res.QueueRuns = append(res.QueueRuns, d)
	}
	sorted := append([]time.Duration(nil), res.QueueRuns...)
	sortDur(sorted)
	res.QueueFirst = sorted[len(sorted)/2]
	return res, nil
}
