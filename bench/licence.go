package bench

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"time"

	"onetrip/catalog"
	"onetrip/idcode"
	"onetrip/licence"
	"onetrip/seal"
	"onetrip/server"
	"onetrip/sqlstore"
)

// LicenceOptions size the licence benchmarks.
type LicenceOptions struct {
	Verifications int // verifications through the API per run (default 40000)
	Raw           int // raw gmsm verifications (default 40000)
	Issues        int // licences issued (default 10000)
	Clients       int // concurrent HTTP clients and issuers (default 32)
	DSN           string
	Dir           string // data directory (a temporary one by the caller)
	Log           *slog.Logger
}

// LicenceResult is the verification rate through the API against the raw
// gmsm rate of the same run, and the issuing rate.
type LicenceResult struct {
	Raw    Rate    `json:"raw"`    // seal.Verify in a tight loop, GOMAXPROCS goroutines
	Verify Rate    `json:"verify"` // POST /api/v1/licences/verify, genuine documents
	Ratio  float64 `json:"ratio"`  // Verify / Raw
	Issue  Rate    `json:"issue"`  // Store.IssueLicence: identifier, canonical form, SM2 signature, row
	// VerifyGoClient is the API rate with Go's net/http client as the load
	// generator instead of the lean one: the client then takes about as much
	// of the shared CPU as the server.
	VerifyGoClient Rate `json:"verify_go_client"`
}

// issuers are the departments the benchmark issues for: a licence's serial
// counts per issuer, type and day, as in a province where every county's
// market regulator issues at once.
var issuers = []string{"330802-market", "330803-market", "330822-market", "330824-market",
	"330825-market", "330881-market", "330102-market", "330105-market"}

// Licence measures, on one node:
//
//   - raw: seal.Verify of a licence's signed bytes in a tight loop on
//     GOMAXPROCS goroutines, the ceiling gmsm gives this machine;
//   - verify: POST /api/v1/licences/verify with genuine export files (64
//     different licences in turn) from many concurrent HTTP/1.1 keep-alive
//     clients in the same process (a lean load generator, see connPool):
//     the whole server — routing, middleware, JSON decoding, canonical form,
//     identifier and seal checks, the SM2 verification, the revocation
//     lookup and the answer. Raw and verify alternate in four rounds each;
//   - verify with Go's client: the same with net/http's client, reported;
//   - issue: Store.IssueLicence from concurrent goroutines: the serial
//     counter, the GB/T 36904 identifier, the canonical document, the SM2
//     signature with the department's seal and the insert, one transaction
//     each.
func Licence(ctx context.Context, o LicenceOptions) (LicenceResult, error) {
	if o.Verifications == 0 {
		o.Verifications = 40000
	}
	if o.Raw == 0 {
		o.Raw = 40000
	}
	if o.Issues == 0 {
		o.Issues = 10000
	}
	if o.Clients == 0 {
		o.Clients = 32
	}
	if o.Log == nil {
		o.Log = discard()
	}
	var res LicenceResult
	s, done, err := openBenchStore(ctx, IntakeOptions{DSN: o.DSN, Dir: o.Dir, Log: o.Log}, "licence")
	if err != nil {
		return res, err
	}
	defer done()
	c, err := catalog.Demo()
	if err != nil {
		return res, err
	}
	if _, err := s.ImportCatalog(ctx, c, "bench"); err != nil {
		return res, err
	}

	// Issue first: it also makes the documents the verification sends.
	holder := func(i int) licence.Holder {
		return licence.Holder{Name: fmt.Sprintf("基准企业%05d有限公司", i), IDType: licence.IDUSCC,
			IDNumber: idcode.MakeOrgUSCC("91", "330802", fmt.Sprintf("MA2%05d", (i+100000)%100000))}
	}
	fields := map[string]string{"类型": "有限责任公司（自然人独资）", "法定代表人": "基准", "经营范围": "食品销售；餐饮服务",
		"住所": "浙江省衢州市柯城区府山街道坊门街18号", "注册资本": "壹佰万元整"}
	issue := func(i int) (time.Duration, error) {
		t0 := time.Now()
		_, err := s.IssueLicence(ctx, sqlstore.IssueRequest{Type: "L-BIZ", Department: issuers[(i%len(issuers)+len(issuers))%len(issuers)], Holder: holder(i), Fields: fields, By: "bench"})
		return time.Since(t0), err
	}
	for i := range issuers { // warm up: every issuer's seal exists
		if _, err := issue(-1 - i); err != nil {
			return res, err
		}
	}
	if res.Issue, err = run(o.Issues, o.Clients, issue); err != nil {
		return res, err
	}

	list, err := s.Licences(ctx, sqlstore.LicenceQuery{Type: "L-BIZ", Limit: 64})
	if err != nil {
		return res, err
	}
	var bodies [][]byte
	var docs []licence.Signed
	for i := range list {
		sd, err := s.Signed(ctx, &list[i])
		if err != nil {
			return res, err
		}
		b, _ := json.Marshal(sd)
		bodies, docs = append(bodies, b), append(docs, sd)
	}
	if len(docs) == 0 {
		return res, fmt.Errorf("no licence to verify")
	}

	// Raw gmsm: the same signed bytes and signatures.
	type rawDoc struct {
		pub      *seal.PublicKey
		msg, sig []byte
	}
	raws := make([]rawDoc, len(docs))
	for i, sd := range docs {
		pub, err := seal.ParsePublicKeyPEM(sd.PublicKeyPEM)
		if err != nil {
			return res, err
		}
		msg, _ := sd.Document.SignedBytes()
		raws[i] = rawDoc{pub, msg, sd.Signature}
	}
	raw := func(i int) (time.Duration, error) {
		d := raws[i%len(raws)]
		t0 := time.Now()
		if !seal.Verify(d.pub, d.msg, d.sig) {
			return 0, fmt.Errorf("raw verification failed")
		}
		return time.Since(t0), nil
	}

	hs := httptest.NewServer(server.New(server.Options{Store: s, Logger: o.Log, Version: "bench"}))
	defer hs.Close()
	pool, err := newConnPool(hs.Listener.Addr().String(), o.Clients)
	if err != nil {
		return res, err
	}
	defer pool.close()
	reqs := make([][]byte, len(bodies))
	for i, b := range bodies {
		reqs[i] = append([]byte(fmt.Sprintf("POST /api/v1/licences/verify HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", len(b))), b...)
	}
	genuine := []byte(`"genuine":true`)
	send := func(i int) (time.Duration, error) {
		req := reqs[(i%len(reqs)+len(reqs))%len(reqs)]
		c := <-pool.conns
		defer func() { pool.conns <- c }()
		t0 := time.Now()
		status, out, err := c.do(req)
		if err != nil {
			return 0, err
		}
		d := time.Since(t0)
		if status != 200 || !bytes.Contains(out, genuine) {
			return 0, fmt.Errorf("verification %d: %d %s", i, status, out)
		}
		return d, nil
	}
	for i := 0; i < 2*o.Clients; i++ { // warm up: connections, caches
		if _, err := send(-1 - i); err != nil {
			return res, err
		}
	}
	// Alternate the two in rounds so that load from elsewhere on a shared
	// machine weighs on both alike.
	res.Raw, res.Verify, err = alternate(4, func(n int) (Rate, error) { return run(n, runtime.GOMAXPROCS(0), raw) }, o.Raw,
		func(n int) (Rate, error) { return run(n, o.Clients, send) }, o.Verifications)
	if err != nil {
		return res, err
	}
	res.Ratio = res.Verify.PerSecond / res.Raw.PerSecond

	// The same through Go's own HTTP client, which costs the shared CPU
	// about as much as the server's whole request handling: reported, not
	// the figure the issue's target is about.
	client := &http.Client{Transport: &http.Transport{MaxIdleConns: o.Clients * 2, MaxIdleConnsPerHost: o.Clients * 2, IdleConnTimeout: time.Minute}}
	viaGo := func(i int) (time.Duration, error) {
		b := bodies[(i%len(bodies)+len(bodies))%len(bodies)]
		req, _ := http.NewRequestWithContext(ctx, "POST", hs.URL+"/api/v1/licences/verify", bytes.NewReader(b))
		req.Header.Set("Content-Type", "application/json")
		t0 := time.Now()
		resp, err := client.Do(req)
		if err != nil {
			return 0, err
		}
		out, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		d := time.Since(t0)
		if resp.StatusCode != 200 || !bytes.Contains(out, genuine) {
			return 0, fmt.Errorf("verification %d: %d %s", i, resp.StatusCode, out)
		}
		return d, nil
	}
	if res.VerifyGoClient, err = run(o.Verifications/2, o.Clients, viaGo); err != nil {
		return res, err
	}
	return res, nil
}

// alternate runs a and b in rounds, a first, and sums each one's rounds.
func alternate(rounds int, a func(n int) (Rate, error), na int, b func(n int) (Rate, error), nb int) (Rate, Rate, error) {
	var ra, rb []Rate
	for k := 0; k < rounds; k++ {
		x, err := a(max(1, na/rounds))
		if err != nil {
			return Rate{}, Rate{}, err
		}
		y, err := b(max(1, nb/rounds))
		if err != nil {
			return Rate{}, Rate{}, err
		}
		ra, rb = append(ra, x), append(rb, y)
	}
	return sumRates(ra), sumRates(rb), nil
}

// sumRates merges rounds: total count over total time; the percentiles of
// the slowest round (a conservative summary).
func sumRates(rs []Rate) Rate {
	var out Rate
	for _, r := range rs {
		out.N += r.N
		out.Seconds += r.Seconds
		out.P50, out.P99 = max(out.P50, r.P50), max(out.P99, r.P99)
	}
	if out.Seconds > 0 {
		out.PerSecond = float64(out.N) / out.Seconds
	}
	return out
}

// connPool is a load generator's connections: a minimal HTTP/1.1 client
// with keep-alive, one connection per concurrent client, sending prebuilt
// requests and reading status, headers and body — what wrk does, so the
// client's own cost stays small next to the server's and the figure
// measures the server.
type connPool struct {
	conns chan *rawConn
	all   []*rawConn
}

type rawConn struct {
	c  net.Conn
	br *bufio.Reader
}

func newConnPool(addr string, n int) (*connPool, error) {
	p := &connPool{conns: make(chan *rawConn, n)}
	for i := 0; i < n; i++ {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			p.close()
			return nil, err
		}
		rc := &rawConn{c: c, br: bufio.NewReaderSize(c, 16<<10)}
		p.all = append(p.all, rc)
		p.conns <- rc
	}
	return p, nil
}

func (p *connPool) close() {
	for _, c := range p.all {
		c.c.Close()
	}
}

// do sends one request and reads the answer (Content-Length or chunked).
func (c *rawConn) do(req []byte) (int, []byte, error) {
	if _, err := c.c.Write(req); err != nil {
		return 0, nil, err
	}
	line, err := c.br.ReadSlice('\n')
	if err != nil {
		return 0, nil, err
	}
	if len(line) < 12 || !bytes.HasPrefix(line, []byte("HTTP/1.1 ")) {
		return 0, nil, fmt.Errorf("bad status line %q", line)
	}
	status, err := strconv.Atoi(string(line[9:12]))
	if err != nil {
		return 0, nil, fmt.Errorf("bad status line %q", line)
	}
	length, chunked := -1, false
	for {
		h, err := c.br.ReadSlice('\n')
		if err != nil {
			return 0, nil, err
		}
		h = bytes.TrimRight(h, "\r\n")
		if len(h) == 0 {
			break
		}
		k, v, _ := bytes.Cut(h, []byte(":"))
		switch strings.ToLower(string(k)) {
		case "content-length":
			length, _ = strconv.Atoi(strings.TrimSpace(string(v)))
		case "transfer-encoding":
			chunked = strings.Contains(strings.ToLower(string(v)), "chunked")
		}
	}
	var body []byte
	switch {
	case chunked:
		for {
			sz, err := c.br.ReadString('\n')
			if err != nil {
				return 0, nil, err
			}
			n, err := strconv.ParseInt(strings.TrimSpace(sz), 16, 32)
			if err != nil {
				return 0, nil, fmt.Errorf("bad chunk size %q", sz)
			}
			chunk := make([]byte, n+2)
			if _, err := io.ReadFull(c.br, chunk); err != nil {
				return 0, nil, err
			}
			if n == 0 {
				break
			}
			body = append(body, chunk[:n]...)
		}
	case length >= 0:
		body = make([]byte, length)
		if _, err := io.ReadFull(c.br, body); err != nil {
			return 0, nil, err
		}
	default:
		return 0, nil, fmt.Errorf("response without length")
	}
	return status, body, nil
}
