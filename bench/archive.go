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
	"sync/atomic"
	"time"

	"onetrip/app"
	"onetrip/blob"
	"onetrip/idcode"
	"onetrip/server"
	"onetrip/sqlstore"
)

// ArchiveOptions size the archiving benchmark.
type ArchiveOptions struct {
	Cases   int           // closed 二手房买卖 cases to archive (default 10,000): three departments, every material scanned
	Clients int           // concurrent clients filling and taking in (default 8)
	Window  time.Duration // how long intake alone is measured (default 10 s)
	DSN     string
	Dir     string
}

// ArchiveResult is archiving's rate and what it costs intake meanwhile.
type ArchiveResult struct {
	Cases, Packages int
	Fill            time.Duration // taking the cases in, deciding and handing them over
	Archive         Rate          // packages/s, archiving at the job's pace while intake runs
	BytesPerPackage int64
	IntakeAlone     Rate    // accepted cases/s before archiving
	IntakeDuring    Rate    // accepted cases/s while archiving runs
	IntakeAfter     Rate    // accepted cases/s after archiving
	Effect          float64 // 1 - during / mean(before, after)
	Materials       int     // materials per case with a scanned file
}

// benchAPI is an HTTP client of one node with the demo users' tokens.
type benchAPI struct {
	url    string
	client *http.Client
	tokens map[string]string
}

func (a *benchAPI) do(method, path, user string, body any, out any) (int, error) {
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, a.url+path, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if user != "" {
		req.Header.Set("Authorization", "Bearer "+a.tokens[user])
	}
	resp, err := a.client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 300 {
		return resp.StatusCode, fmt.Errorf("%s %s: %d %s", method, path, resp.StatusCode, b)
	}
	if out != nil {
		return resp.StatusCode, json.Unmarshal(b, out)
	}
	return resp.StatusCode, nil
}

type benchTask struct {
	ID, Step, Status string
	Version          int
}

type benchCaseJSON struct {
	ID, Status string
	Version    int
	Tasks      []benchTask
	Fees       []struct{ ID, Status string }
}

// Archive measures archiving cases through the archive job's own path
// (Store.ArchiveDue) while intake runs against the same node, against
// intake alone just before.
func Archive(ctx context.Context, o ArchiveOptions) (ArchiveResult, error) {
	if o.Cases == 0 {
		o.Cases = 10000
	}
	if o.Clients == 0 {
		o.Clients = 8
	}
	if o.Window == 0 {
		o.Window = 10 * time.Second
	}
	var res ArchiveResult
	s, done, err := openBenchStore(ctx, IntakeOptions{Dir: o.Dir, DSN: o.DSN}, "archive")
	if err != nil {
		return res, err
	}
	defer done()
	err = loadDemo(ctx, s)
	if err != nil {
		return res, err
	}
	files, err := blob.Open(filepath.Join(o.Dir, "blobs"))
	if err != nil {
		return res, err
	}
	arch, err := app.OpenArchive(o.Dir, filepath.Join(o.Dir, "packages")) // the database is in o.Dir/archive
	if err != nil {
		return res, err
	}
	hs := httptest.NewServer(server.New(server.Options{Store: s, Blobs: files, Archive: arch, QARate: -1}))
	defer hs.Close()
	api := &benchAPI{url: hs.URL, client: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: o.Clients}}, tokens: map[string]string{}}
	for _, u := range []string{"qz.clerk", "qz.reviewer.housing", "qz.reviewer.tax", "qz.reviewer.land", "qz.admin"} {
		usr, err := s.UserByName(ctx, u)
		if err != nil {
			return res, err
		}
		if api.tokens[u], _, err = s.IssueToken(ctx, usr.ID, "bench", 0); err != nil {
			return res, err
		}
	}
	// The checklist, with one scanned PDF per material the applicant hands in.
	var b struct {
		Checklist []struct {
			Name      string   `json:"name"`
			Source    string   `json:"source"`
			PriorStep bool     `json:"prior_step"`
			SpecIDs   []string `json:"spec_ids"`
		}
	}
	if _, err := api.do("GET", "/api/v1/bundles/B-HOUSE-RESALE", "", nil, &b); err != nil {
		return res, err
	}
	var marks []map[string]any
	for _, c := range b.Checklist {
		if c.PriorStep {
			continue
		}
		m := map[string]any{"spec": c.SpecIDs[0], "status": "received"}
		if c.Source == "applicant" {
			pdf := []byte(fmt.Sprintf("%%PDF-1.7\n%% %s（扫描件）\n%s\n1 0 obj <<>> endobj\n%%%%EOF\n", c.Name, bytes.Repeat([]byte("0"), 4096)))
			info, err := files.Put(bytes.NewReader(pdf))
			if err != nil {
				return res, err
			}
			if err := s.RecordUpload(ctx, info, "qz.clerk"); err != nil {
				return res, err
			}
			m["file"] = info.ID
			res.Materials++
		}
		marks = append(marks, m)
	}
	// Each sale between people of its own, as at a real window (one
	// applicant with ten thousand house sales would measure that applicant's
	// lists, not archiving).
	submission := func(i int) map[string]any {
		born := time.Date(1950, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%20000)
		seller := idcode.MakeCitizenID("330802", born, 100+(i/20000)%800)
		buyer := idcode.MakeCitizenID("330803", born, 100+(i/20000)%800)
		return map[string]any{"bundle": "B-HOUSE-RESALE", "region": "330802", "channel": "window", "delivery": "window",
			"applicant": map[string]any{"type": "person", "name": "赵卫东", "id_number": seller},
			"parties":   []map[string]any{{"role": "buyer", "type": "person", "name": "钱买方", "id_number": buyer}}, "materials": marks}
	}
	collector := map[string]any{"relation": "authorised", "name": "钱受托", "id_number": idcode.MakeCitizenID("330802", time.Date(1988, 8, 8, 0, 0, 0, 0, time.UTC), 17), "authorisation": "WT-BENCH"}
	reviewer := map[string]string{"330-ZJJS-004": "qz.reviewer.housing", "330-SWJG-002": "qz.reviewer.tax", "330-ZRZY-002": "qz.reviewer.land"}
	outputs := map[string]map[string]string{"330-ZJJS-004": {"合同编号": "KC-BENCH", "成交价格": "1860000"}, "330-SWJG-002": {"完税凭证号": "SW-BENCH"},
		"330-ZRZY-002": {"不动产权证书号": "浙(2026)衢州市不动产权第0000001号"}}
	decideReady := func(id string) error {
		var c benchCaseJSON
		if _, err := api.do("GET", "/api/v1/cases/"+id, "qz.clerk", nil, &c); err != nil {
			return err
		}
		for _, t := range c.Tasks {
			if t.Status == "ready" {
				if _, err := api.do("POST", "/api/v1/tasks/"+t.ID+"/decision", reviewer[t.Step], map[string]any{"decision": "approve", "opinion": "同意",
					"outputs": outputs[t.Step], "version": t.Version}, nil); err != nil {
					return err
				}
			}
		}
		return nil
	}
	closeOne := func(i int) error {
		var c benchCaseJSON
		if _, err := api.do("POST", "/api/v1/cases", "qz.clerk", submission(i), &c); err != nil {
			return err
		}
		if err := decideReady(c.ID); err != nil { // housing and tax
			return err
		}
		if err := decideReady(c.ID); err != nil { // registration
			return err
		}
		if _, err := api.do("GET", "/api/v1/cases/"+c.ID, "qz.clerk", nil, &c); err != nil {
			return err
		}
		// The registration fee is waived: no payment platform in this
		// benchmark, and paying is not what it measures.
		for _, f := range c.Fees {
			if f.Status == "unpaid" {
				if _, err := api.do("POST", "/api/v1/payments/"+f.ID+"/waive", "qz.admin", map[string]any{"reason": "基准测试：不经支付平台"}, nil); err != nil {
					return err
				}
			}
		}
		if _, err := api.do("GET", "/api/v1/cases/"+c.ID, "qz.clerk", nil, &c); err != nil {
			return err
		}
		_, err := api.do("POST", "/api/v1/cases/"+c.ID+"/handover", "qz.clerk", map[string]any{"version": c.Version, "collector": collector}, nil)
		return err
	}
	t0 := time.Now()
	if _, _, err := load(o.Clients, o.Cases, closeOne); err != nil {
		return res, err
	}
	res.Fill, res.Cases = time.Since(t0), o.Cases

	// Intake alone, then intake while every closed case is archived.
	next := atomic.Int64{}
	next.Store(int64(o.Cases))
	intake := func(stop <-chan struct{}) (Rate, error) {
		var n atomic.Int64
		var firstErr error
		var mu sync.Mutex
		var wg sync.WaitGroup
		var lat []time.Duration
		start := time.Now()
		for range o.Clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					select {
					case <-stop:
						return
					default:
					}
					t := time.Now()
					if _, err := api.do("POST", "/api/v1/cases", "qz.clerk", submission(int(next.Add(1))), nil); err != nil {
						mu.Lock()
						firstErr = err
						mu.Unlock()
						return
					}
					d := time.Since(t)
					mu.Lock()
					lat = append(lat, d)
					mu.Unlock()
					n.Add(1)
				}
			}()
		}
		wg.Wait()
		return rate(int(n.Load()), time.Since(start), lat), firstErr
	}
	stop := make(chan struct{})
	timer := time.AfterFunc(o.Window, func() { close(stop) })
	if res.IntakeAlone, err = intake(stop); err != nil {
		timer.Stop()
		return res, err
	}
	stop = make(chan struct{})
	type archived struct {
		r   sqlstore.ArchiveResult
		d   time.Duration
		err error
	}
	ch := make(chan archived, 1)
	go func() {
		t := time.Now()
		r, err := s.ArchiveDuePaced(ctx, 0, files, arch, 0, sqlstore.ArchiveJobDuty) // the job's pace
		ch <- archived{r, time.Since(t), err}
		close(stop)
	}()
	during, ierr := intake(stop)
	a := <-ch
	if a.err != nil {
		return res, a.err
	}
	if ierr != nil {
		return res, ierr
	}
	// Intake alone again after: the database grew meanwhile, so the
	// baseline is the mean of before and after (bracketing the drift).
	stop = make(chan struct{})
	timer = time.AfterFunc(o.Window, func() { close(stop) })
	afterRate, err := intake(stop)
	if err != nil {
		return res, err
	}
	res.IntakeAfter = afterRate
	res.IntakeDuring, res.Packages = during, a.r.Packages
	res.Archive = rate(a.r.Packages, a.d, nil)
	if base := (res.IntakeAlone.PerSecond + res.IntakeAfter.PerSecond) / 2; base > 0 {
		res.Effect = 1 - res.IntakeDuring.PerSecond/base
	}
	pkgs, err := s.ArchivePackages(ctx, sqlstore.PackageQuery{Limit: 100})
	if err != nil {
		return res, err
	}
	var total int64
	for _, p := range pkgs {
		total += p.Size
	}
	if len(pkgs) > 0 {
		res.BytesPerPackage = total / int64(len(pkgs))
	}
	if a.r.Cases != o.Cases || len(a.r.Failed) > 0 {
		return res, fmt.Errorf("archived %d of %d cases, %d failed their check", a.r.Cases, o.Cases, len(a.r.Failed))
	}
	return res, nil
}
