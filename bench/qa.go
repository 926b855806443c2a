package bench

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"time"

	"onetrip/catalog"
	"onetrip/qa"
	"onetrip/server"
)

// QAOptions size the question-answering benchmark.
type QAOptions struct {
	Entries   int // knowledge entries generated on top of the catalogue's FAQ (default 2,000)
	Questions int // questions asked through GET /api/v1/qa (default 20,000)
	Clients   int // concurrent keep-alive connections (default 8)
	DSN       string
	Dir       string
}

// QAResult is the question-answering rate and latency through HTTP, the
// engine's own in the same process, and the baseline of the same run: the
// same clients asking GET /healthz, the cost of the HTTP round trip alone.
type QAResult struct {
	HTTP, Engine, Baseline Rate
	HTTPP95, EngineP95     time.Duration
	Ratio                  float64 // HTTP / Baseline
	Entries, Corpus        int     // generated entries; every entry the index holds (FAQ included)
	Build                  time.Duration
	Answered               int // of the engine's questions
}

// qaTemplates turn a keyword into the questions people ask about it; one
// question in qaUnanswerable is about nothing the catalogue has (the
// unanswered log is part of the load).
var qaTemplates = []string{"%s怎么办", "%s要带什么材料", "%s多少钱", "%s要多久", "%s在哪里办", "%s能不能网上办", "%s需要什么条件",
	"请问%s要办哪些手续", "我想%s", "%s的流程", "%s😀"}

const qaUnanswerable = 20

// qaQuestions are n questions over the catalogue's keywords and templates.
func qaQuestions(c *catalog.Catalog, n int) []string {
	var kws []string
	for _, it := range c.Items {
		kws = append(kws, it.Keywords...)
	}
	for _, b := range c.Bundles {
		kws = append(kws, b.Keywords...)
	}
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf(qaTemplates[i%len(qaTemplates)], kws[(i*7)%len(kws)])
		if i%qaUnanswerable == qaUnanswerable-1 {
			out[i] = fmt.Sprintf("火星移民签证第%d号", i%97)
		}
	}
	return out
}

// qaEntries are n published entries, each about one item, in the shape
// admins write them (placeholders for the guide's facts).
func qaEntries(c *catalog.Catalog, n int) []qa.Entry {
	qs := []string{"%s可以委托别人办吗", "%s办好后怎么领取", "%s进度怎么查", "%s材料不全能先受理吗", "%s需要本人到场吗", "%s外地户口能办吗",
		"%s办错了怎么改", "%s能加急吗", "%s要预约吗", "%s周末能办吗"}
	out := make([]qa.Entry, n)
	for i := range out {
		it := c.Items[i%len(c.Items)]
		kw := it.Name
		if len(it.Keywords) > 0 {
			kw = it.Keywords[(i/len(c.Items))%len(it.Keywords)]
		}
		out[i] = qa.Entry{Question: fmt.Sprintf(qs[(i/len(c.Items))%len(qs)], kw),
			Answer: "办理{name}：{fee}，承诺 {promised_days} 个工作日，最多跑 {max_visits} 次。材料：{materials}", Services: []string{it.Code}, Source: "bench"}
	}
	return out
}

// QA fills a store with the demo catalogue and n entries and measures
// questions through HTTP against /healthz on the same connections, and
// the engine alone.
func QA(ctx context.Context, o QAOptions) (QAResult, error) {
	if o.Entries == 0 {
		o.Entries = 2000
	}
	if o.Questions == 0 {
		o.Questions = 20000
	}
	if o.Clients == 0 {
		o.Clients = 8
	}
	var res QAResult
	s, done, err := openBenchStore(ctx, IntakeOptions{Dir: o.Dir, DSN: o.DSN}, "qa")
	if err != nil {
		return res, err
	}
	defer done()
	err = loadDemo(ctx, s)
	if err != nil {
		return res, err
	}
	c, err := s.Catalog(ctx)
	if err != nil {
		return res, err
	}
	if err := s.ImportKnowledge(ctx, qaEntries(c, o.Entries), "bench"); err != nil {
		return res, err
	}
	res.Entries = o.Entries
	srv := server.New(server.Options{Store: s, QARate: -1})
	t0 := time.Now()
	if err := srv.QA.Warm(ctx); err != nil {
		return res, err
	}
	res.Build = time.Since(t0)
	corpus, err := s.QA().QACorpus(ctx)
	if err != nil {
		return res, err
	}
	res.Corpus = len(corpus.Entries)
	hs := httptest.NewServer(srv)
	defer hs.Close()
	tr := &http.Transport{MaxIdleConnsPerHost: o.Clients}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr}
	questions := qaQuestions(c, o.Questions)
	paths := make([]string, len(questions))
	for i, q := range questions {
		paths[i] = hs.URL + "/api/v1/qa?" + url.Values{"q": {q}, "region": {"330802"}}.Encode()
	}
	get := func(u string) error {
		resp, err := client.Get(u)
		if err != nil {
			return err
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			return fmt.Errorf("GET %s: %d", u, resp.StatusCode)
		}
		return nil
	}
	for _, p := range paths[:min(len(paths), 200)] { // warm connections and caches
		if err := get(p); err != nil {
			return res, err
		}
	}
	var p95 time.Duration
	if res.Baseline, _, err = load(o.Clients, len(paths), func(i int) error { return get(hs.URL + "/healthz") }); err != nil {
		return res, err
	}
	if res.HTTP, p95, err = load(o.Clients, len(paths), func(i int) error { return get(paths[i]) }); err != nil {
		return res, err
	}
	res.HTTPP95 = p95
	var mu sync.Mutex
	if res.Engine, res.EngineP95, err = load(o.Clients, len(questions), func(i int) error {
		r, err := srv.QA.Ask(ctx, qa.Question{Text: questions[i], Region: "330802"})
		if err == nil && r.Answered {
			mu.Lock()
			res.Answered++
			mu.Unlock()
		}
		return err
	}); err != nil {
		return res, err
	}
	res.Ratio = res.HTTP.PerSecond / res.Baseline.PerSecond
	return res, nil
}
