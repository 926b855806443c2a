package e2e

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"onetrip/app/apptest"
	"onetrip/qa"
	"onetrip/server"
	"onetrip/sqlstore"
	"onetrip/sqlstore/sqltest"
)

func askPath(q string, params ...string) string {
	v := url.Values{"q": {q}}
	for i := 0; i+1 < len(params); i += 2 {
		v.Set(params[i], params[i+1])
	}
	return "/api/v1/qa?" + v.Encode()
}

// TestQuestionAnswering: the answers to questions as people type them, the
// part asked about answered from the guide, and every kind of bad input a
// clear 4xx or an honest no-answer, never a 500, HTML never reflected.
func TestQuestionAnswering(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		var res qa.Result
		r := e.Do("GET", askPath("开面馆要办什么证"), "", nil)
		r.JSON(t, &res)
		if r.Status != 200 || !res.Answered || res.Answers[0].Code != "B-RESTAURANT" || len(res.Answers[0].Materials) == 0 ||
			res.Answers[0].Links[1].Href != "/apply/bundle/B-RESTAURANT" {
			t.Fatalf("开面馆: %d %s", r.Status, r.Body)
		}
		e.Do("GET", askPath("换身份证多少钱"), "", nil).JSON(t, &res)
		if res.Intent != qa.IntentFee || res.Answers[0].Code != "330-GAJG-005" || !strings.Contains(res.Answers[0].Answer, "20 元") {
			t.Fatalf("fee: %+v", res)
		}
		e.Do("GET", askPath("营业执照在哪里办", "region", "330802"), "", nil).JSON(t, &res)
		if res.Intent != qa.IntentPlace || !strings.Contains(res.Answers[0].Answer, "柯城区") {
			t.Fatalf("place from 柯城区's implementation: %+v", res.Answers[0])
		}

		for _, tc := range []struct {
			name, path string
			status     int
		}{
			{"empty", "/api/v1/qa?q=", 400},
			{"missing", "/api/v1/qa", 400},
			{"2,000 characters", askPath(strings.Repeat("开饭店", 667)), 400},
			{"unknown region", askPath("开饭店", "region", "339999"), 400},
			{"malformed region", askPath("开饭店", "region", "abc"), 400},
			{"limit 0", askPath("开饭店", "limit", "0"), 400},
			{"limit 99", askPath("开饭店", "limit", "99"), 400},
			{"limit x", askPath("开饭店", "limit", "x"), 400},
		} {
			if r := e.Do("GET", tc.path, "", nil); r.Status != tc.status || r.ErrorCode() != "invalid" {
				t.Errorf("%s: %d %s", tc.name, r.Status, r.Body)
			}
		}
		// emoji only: an honest no-answer with suggestions
		r = e.Do("GET", askPath("😀😀🎉"), "", nil)
		r.JSON(t, &res)
		if r.Status != 200 || res.Answered || res.Message == "" || len(res.Answers) == 0 {
			t.Fatalf("emoji: %d %s", r.Status, r.Body)
		}
		// HTML is never reflected
		r = e.Do("GET", askPath(`<script>alert(1)</script><img src=x onerror=alert(2)>开饭店`), "", nil)
		r.JSON(t, &res)
		if r.Status != 200 || strings.Contains(string(r.Body), "<script") || strings.Contains(string(r.Body), "<img") || !res.Answered {
			t.Fatalf("html: %d %s", r.Status, r.Body)
		}
		anon := newClient(t, e, "")
		st, page := anon.get("/qa?q=" + url.QueryEscape(`<script>alert(1)</script>开饭店`))
		if st != 200 || strings.Contains(page, "<script>alert") {
			t.Fatalf("the page reflects HTML: %d", st)
		}
		if st, _ := anon.get("/qa?q=" + url.QueryEscape(strings.Repeat("问", 2000))); st != 400 {
			t.Fatalf("a 2,000-character question on the page: %d", st)
		}

		// a question nothing answers is logged, anonymised, for the admins
		r = e.Do("GET", askPath("火星移民签证 13800138000 怎么办理"), "", nil)
		r.JSON(t, &res)
		if res.Answered {
			t.Fatalf("answered the unanswerable: %s", r.Body)
		}
		var un []sqlstore.Unanswered
		r = e.Do("GET", "/api/v1/qa/unanswered", "zj.admin", nil)
		r.JSON(t, &un)
		if r.Status != 200 || len(un) == 0 || !strings.Contains(un[0].Question, "火星") || strings.Contains(string(r.Body), "13800138000") {
			t.Fatalf("unanswered: %d %s", r.Status, r.Body)
		}
		if r := e.Do("GET", "/api/v1/qa/unanswered", "qz.clerk", nil); r.Status != 403 {
			t.Fatalf("a clerk reads the unanswered list: %d", r.Status)
		}

		// feedback
		for _, tc := range []struct {
			name   string
			body   any
			status int
		}{
			{"helpful", map[string]any{"kind": "bundle", "code": "B-RESTAURANT", "helpful": true}, 204},
			{"unhelpful FAQ", map[string]any{"kind": "entry", "code": "330-SCJG-001#faq1", "helpful": false}, 204},
			{"unknown code", map[string]any{"kind": "item", "code": "330-NONE-001", "helpful": true}, 404},
			{"bad kind", map[string]any{"kind": "nope", "code": "B-RESTAURANT", "helpful": true}, 400},
			{"unknown field", map[string]any{"kind": "bundle", "code": "B-RESTAURANT", "helpful": true, "x": 1}, 400},
			{"malformed", `{"kind": "bundle",`, 400},
		} {
			if r := e.Do("POST", "/api/v1/qa/feedback", "", tc.body); r.Status != tc.status {
				t.Errorf("feedback %s: %d %s", tc.name, r.Status, r.Body)
			}
		}
		fb, err := e.Store.Feedback(context.Background(), qa.KindBundle)
		if err != nil || fb["B-RESTAURANT"] != [2]int{1, 0} {
			t.Fatalf("feedback counted %v %v", fb, err)
		}
	})
}

// TestQARateLimit: a client asking faster than allowed gets 429 with
// Retry-After, another client is not held back.
func TestQARateLimit(t *testing.T) {
	e := apptest.New(t, "sqlite")
	hs := httptest.NewServer(server.New(server.Options{Store: e.Store, Logger: slog.New(slog.DiscardHandler), QARate: 0.001, QABurst: 2}))
	t.Cleanup(hs.Close)
	for i, want := range []int{200, 200, 429} {
		resp, err := hs.Client().Get(hs.URL + askPath("开饭店"))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Fatalf("request %d: %d, want %d", i+1, resp.StatusCode, want)
		}
		if want == 429 && resp.Header.Get("Retry-After") == "" {
			t.Fatal("429 without Retry-After")
		}
	}
}

// TestKnowledgeAdminAPI: the synonym table is the province's, entries are
// a region's and are reviewed by another admin; a question that missed
// before hits after a synonym, and an entry answers once published.
func TestKnowledgeAdminAPI(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		knowledgeRoundTrip(t, e.Do, e.Do)
	})
}

type doer func(method, path, username string, body any, headers ...string) apptest.Response

// knowledgeRoundTrip adds a synonym and an entry through one node (write)
// and asks through another (ask): before, the questions miss; after, they
// hit.
func knowledgeRoundTrip(t *testing.T, write, ask doer) {
	t.Helper()
	const q1, q2 = "想开个螺蛳粉店", "临时摊位卖粽子要备案吗"
	var res qa.Result
	ask("GET", askPath(q1), "", nil).JSON(t, &res)
	if res.Answered && (res.Answers[0].Service() == "330-SCJG-005" || res.Answers[0].Service() == "B-RESTAURANT") {
		t.Fatalf("%s hits before the synonym: %+v", q1, res.Answers[0])
	}
	if r := write("PUT", "/api/v1/qa/synonyms/"+url.PathEscape("螺蛳粉"), "qz.admin", map[string]any{"targets": []string{"餐饮"}}); r.Status != 403 {
		t.Fatalf("a city admin changed the province's synonyms: %d", r.Status)
	}
	if r := write("PUT", "/api/v1/qa/synonyms/"+url.PathEscape("螺蛳粉"), "zj.admin", map[string]any{"targets": []string{}}); r.Status != 400 {
		t.Fatalf("a synonym without targets: %d %s", r.Status, r.Body)
	}
	if r := write("PUT", "/api/v1/qa/synonyms/"+url.PathEscape("螺蛳粉"), "zj.admin", map[string]any{"targets": []string{"餐饮", "食品经营"}}); r.Status != 200 {
		t.Fatalf("synonym: %d %s", r.Status, r.Body)
	}
	ask("GET", askPath(q1), "", nil).JSON(t, &res)
	if !res.Answered || (res.Answers[0].Service() != "330-SCJG-005" && res.Answers[0].Service() != "B-RESTAURANT") {
		t.Fatalf("%s after the synonym: %+v", q1, res)
	}

	ask("GET", askPath(q2), "", nil).JSON(t, &res)
	for _, a := range res.Answers {
		if a.Kind == qa.KindEntry && strings.HasPrefix(a.Code, "KB-") {
			t.Fatalf("an entry answers before it exists: %+v", a)
		}
	}
	entry := map[string]any{"question": q2, "answer": "临时摊位也要登记：办理{name}，{fee}，承诺 {promised_days} 个工作日。", "services": []string{"330-SCJG-004"}, "region": "330800"}
	bad := map[string]any{"question": q2, "answer": "收费0元，3个工作日。", "services": []string{"330-NONE-001"}, "region": "330800"}
	if r := write("POST", "/api/v1/qa/entries", "qz.admin", bad); r.Status != 400 || !strings.Contains(string(r.Body), "services[0]") {
		t.Fatalf("bad entry: %d %s", r.Status, r.Body)
	}
	if r := write("POST", "/api/v1/qa/entries", "hz.admin", entry); r.Status != 403 {
		t.Fatalf("杭州's admin wrote 衢州's entry: %d", r.Status)
	}
	var en qa.Entry
	r := write("POST", "/api/v1/qa/entries", "qz.admin", entry)
	r.JSON(t, &en)
	if r.Status != 201 || en.State != qa.StateDraft || en.Revision != 1 {
		t.Fatalf("create: %d %s", r.Status, r.Body)
	}
	state := func(user string, to qa.EntryState) apptest.Response {
		return write("POST", "/api/v1/qa/entries/"+en.ID+"/state", user, map[string]any{"state": to})
	}
	if r := state("qz.admin", qa.StateReviewed); r.Status != 409 {
		t.Fatalf("the author reviewed their own entry: %d %s", r.Status, r.Body)
	}
	if r := state("qz.admin", qa.StatePublished); r.Status != 409 {
		t.Fatalf("published a draft: %d %s", r.Status, r.Body)
	}
	if r := state("zj.admin", qa.StateReviewed); r.Status != 200 {
		t.Fatalf("review: %d %s", r.Status, r.Body)
	}
	if r := state("qz.admin", qa.StatePublished); r.Status != 200 {
		t.Fatalf("publish: %d %s", r.Status, r.Body)
	}
	ask("GET", askPath(q2, "region", "330802"), "", nil).JSON(t, &res)
	if res.Answers[0].Code != en.ID || !strings.Contains(res.Answers[0].Answer, "个体工商户设立登记") || strings.Contains(res.Answers[0].Answer, "{name}") {
		t.Fatalf("%s after the entry: %+v", q2, res.Answers)
	}
	ask("GET", askPath(q2, "region", "330102"), "", nil).JSON(t, &res)
	if len(res.Answers) > 0 && res.Answers[0].Code == en.ID {
		t.Fatal("衢州's entry answers in 杭州")
	}
	// a stale edit is refused and changes nothing
	edit := map[string]any{"question": q2, "answer": "改过的回答：{name}。", "services": []string{"330-SCJG-004"}, "region": "330800", "revision": 1}
	if r := write("PUT", "/api/v1/qa/entries/"+en.ID, "qz.admin", edit); r.Status != 409 {
		t.Fatalf("stale edit: %d %s", r.Status, r.Body)
	}
	if r := write("GET", "/api/v1/qa/entries/"+en.ID, "qz.admin", nil); !strings.Contains(string(r.Body), `"state":"published"`) {
		t.Fatalf("after a refused edit: %s", r.Body)
	}
}

// TestKnowledgeOnEveryNode is the test with two nodes on
// PostgreSQL: a synonym and an entry added through one node answer on the
// other, whose index follows the database.
func TestKnowledgeOnEveryNode(t *testing.T) {
	if sqltest.PostgresDSN() == "" {
		t.Skip("needs ONETRIP_TEST_POSTGRES")
	}
	e := apptest.New(t, "postgres")
	node2 := e.SecondNode(t)
	knowledgeRoundTrip(t, e.Do, node2.Do)
}

// TestCitizenAndClerkFindTheRestaurantBundle is the browser test: a
// citizen types 开面馆要办什么证 in the guides' question box and sees
// 开办餐饮店一件事 first with its materials; the clerk's "find a service" at
// the window finds it too.
func TestCitizenAndClerkFindTheRestaurantBundle(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		b := apptest.NewBrowser(t)
		b.Do(chromedp.Navigate(e.URL+"/guides"), chromedp.WaitVisible(chromedp.ID("guides-qa-q")),
			chromedp.SendKeys(chromedp.ID("guides-qa-q"), "开面馆要办什么证"))
		clickAndWait(b, "#guides-qa-ask", "#qa-answers")
		if got := b.Attr("#qa-answers li:first-child", "data-code"); got != "B-RESTAURANT" {
			t.Fatalf("first answer %q", got)
		}
		if name := b.Text("#qa-answers li:first-child h2 a"); name != "开办餐饮店一件事" {
			t.Fatalf("first answer named %q", name)
		}
		if m := b.Text("#qa-answers li:first-child .qa-materials ul"); !strings.Contains(m, "食品经营许可申请书") {
			t.Fatalf("its materials: %q", m)
		}
		// 有帮助 is counted
		clickAndWait(b, `#qa-answers li:first-child button[value="yes"]`, "#qa-thanks")
		fb, _ := e.Store.Feedback(context.Background(), qa.KindBundle)
		if fb["B-RESTAURANT"][0] != 1 {
			t.Fatalf("feedback %v", fb)
		}

		c := apptest.NewBrowser(t)
		e.Login(c, "qz.clerk")
		c.Do(chromedp.Navigate(e.URL+"/window"), chromedp.WaitVisible(chromedp.ID("win-q")),
			chromedp.SendKeys(chromedp.ID("win-q"), "开面馆"))
		clickAndWait(c, "#win-search", "#win-bundles")
		if got := c.Attr("#win-bundles li:first-child", "data-code"); got != "B-RESTAURANT" {
			t.Fatalf("the window finds %q first", got)
		}
	})
}
