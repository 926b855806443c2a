package web_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"onetrip/app/apptest"
	"onetrip/httpx"
)

// pageClient is a logged-in browser without a browser: the session cookie,
// its CSRF token and the language cookie.
type pageClient struct {
	t          *testing.T
	e          *apptest.Env
	sess, csrf string
	lang       string
}

func pageAs(t *testing.T, e *apptest.Env, username string) *pageClient {
	t.Helper()
	u, err := e.Store.UserByName(context.Background(), username)
	if err != nil {
		t.Fatal(err)
	}
	sess, csrf, err := e.Store.CreateSession(context.Background(), u.ID)
	if err != nil {
		t.Fatal(err)
	}
	return &pageClient{t: t, e: e, sess: sess, csrf: csrf}
}

func (c *pageClient) do(method, path string, form url.Values) (int, string) {
	c.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, c.e.URL+path, body)
	if err != nil {
		c.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.AddCookie(&http.Cookie{Name: httpx.SessionCookie, Value: c.sess})
	if c.lang != "" {
		req.AddCookie(&http.Cookie{Name: httpx.LangCookie, Value: c.lang})
	}
	resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

var (
	pageTags = regexp.MustCompile(`(?s)<script.*?</script>|<style.*?</style>|<[^>]*>`)
	// Chinese typography after English words, as the e2e English test
	// looks for it.
	fullWidthAfterLatin = regexp.MustCompile(`[A-Za-z0-9)\]]\s*[：；，。]`)
)

// TestCalendarSourcesPage: each year's page names the notice behind its
// schedule (the shipped 2026 one, by 文号 also in every built-in date's
// 来源), says so when none is recorded (2027) and marks a year without a
// schedule 未发布 instead of a table (2028). The province administrator
// records a source with the page's form: a bad one comes back 400 with
// each problem at its field and what was typed, writing nothing; a city
// administrator, a supervisor and a post without the CSRF token are
// refused; a good one shows, is audited and can be deleted again. The
// English pages keep English punctuation.
func TestCalendarSourcesPage(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		now := time.Date(2026, time.December, 2, 2, 0, 0, 0, time.UTC)
		e.Store.SetClock(func() time.Time { return now })
		zj := pageAs(t, e, "zj.admin")

		st, page := zj.do("GET", "/admin/calendar?year=2026", nil)
		if st != 200 || !strings.Contains(page, `data-state="builtin"`) || !strings.Contains(page, `<dd id="source-number">国办发明电〔2025〕7号</dd>`) ||
			!strings.Contains(page, "国务院办公厅关于2026年部分节假日安排的通知") || !strings.Contains(page, "2025-11-04") {
			t.Fatalf("2026: %d %s", st, page)
		}
		if !strings.Contains(page, "国务院通知（国办发明电〔2025〕7号）") || strings.Contains(page, "内置（来源未登记）") {
			t.Fatal("2026's built-in dates must name the notice")
		}

		st, page = zj.do("GET", "/admin/calendar?year=2027", nil)
		if st != 200 || !strings.Contains(page, `data-state="none"`) || !strings.Contains(page, `id="source-missing"`) || !strings.Contains(page, "来源未登记") ||
			!strings.Contains(page, `id="source-form"`) || !strings.Contains(page, "内置（来源未登记）") || !strings.Contains(page, `data-date="2027-02-05"`) {
			t.Fatalf("2027: %d %s", st, page)
		}
		if strings.Contains(page, `id="calendar-unpublished"`) {
			t.Fatal("2027's schedule is published")
		}

		st, page = zj.do("GET", "/admin/calendar?year=2028", nil)
		if st != 200 || !strings.Contains(page, `id="calendar-unpublished"`) || !strings.Contains(page, "未发布") ||
			!strings.Contains(page, "尚未发布：按周一至周五计算，期限为暂定") || strings.Contains(page, `<table id="calendar">`) {
			t.Fatalf("2028: %d %s", st, page)
		}

		// Refused: every problem at its field, what was typed kept, nothing written.
		bad := url.Values{"csrf": {zj.csrf}, "year": {"2027"}, "title": {"国务院办公厅关于2026年部分节假日安排的通知"},
			"number": {"国办发明电2026年9号"}, "published": {"2026-12-03"}, "url": {"gov.cn/x"}}
		st, page = zj.do("POST", "/admin/calendar/source", bad)
		if st != http.StatusBadRequest || !strings.Contains(page, `id="source-error"`) || !strings.Contains(page, "4 处问题") {
			t.Fatalf("a bad source: %d %s", st, page)
		}
		for _, want := range []string{"没有写明 2027 年", "格式有误", "晚于今天", "不是 http 或 https 网址", `value="国办发明电2026年9号"`, `value="2026-12-03"`} {
			if !strings.Contains(page, want) {
				t.Errorf("the refused form lacks %q", want)
			}
		}
		if _, ok, _ := e.Store.CalendarSourceOf(ctx, 2027); ok {
			t.Fatal("a refused source was written")
		}
		if st, _ := zj.do("POST", "/admin/calendar/source", url.Values{"csrf": {zj.csrf}, "year": {"abc"}}); st != http.StatusBadRequest {
			t.Fatalf("a year that is no number: %d", st)
		}

		good := url.Values{"csrf": {zj.csrf}, "year": {"2027"}, "title": {"国务院办公厅关于2027年部分节假日安排的通知"},
			"number": {"国办发明电[2026]99号"}, "published": {"2026-11-10"}, "url": {"https://www.gov.cn/zhengce/example.htm"}}
		for user, want := range map[string]int{"qz.admin": http.StatusForbidden, "qz.supervisor": http.StatusForbidden} {
			c := pageAs(t, e, user)
			g := url.Values{}
			for k, v := range good {
				g[k] = v
			}
			g.Set("csrf", c.csrf)
			if st, _ := c.do("POST", "/admin/calendar/source", g); st != want {
				t.Errorf("%s records a source: %d, want %d", user, st, want)
			}
		}
		noCSRF := url.Values{}
		for k, v := range good {
			noCSRF[k] = v
		}
		noCSRF.Set("csrf", "x")
		if st, _ := zj.do("POST", "/admin/calendar/source", noCSRF); st != http.StatusForbidden {
			t.Fatalf("a post without the CSRF token: %d", st)
		}
		if _, ok, _ := e.Store.CalendarSourceOf(ctx, 2027); ok {
			t.Fatal("a refused post wrote a source")
		}

		// Recorded.
		st, page = zj.do("POST", "/admin/calendar/source", good)
		if st != 200 || !strings.Contains(page, "已登记 2027 年安排的来源：国办发明电〔2026〕99号") || !strings.Contains(page, `data-state="recorded"`) ||
			!strings.Contains(page, `<dd id="source-number">国办发明电〔2026〕99号</dd>`) || !strings.Contains(page, `href="https://www.gov.cn/zhengce/example.htm"`) {
			t.Fatalf("record: %d %s", st, page)
		}
		if !strings.Contains(page, "国务院通知（国办发明电〔2026〕99号）") || strings.Contains(page, "内置（来源未登记）") {
			t.Fatal("2027's built-in dates must name the recorded notice")
		}
		if !regexp.MustCompile(`(?s)<table id="source-audit">.*<tr data-year="2027">.*国办发明电〔2026〕99号`).MatchString(page) || !strings.Contains(page, `id="src-delete"`) {
			t.Fatal("the change is not in the source audit, or cannot be deleted")
		}
		if _, page = pageAs(t, e, "qz.supervisor").do("GET", "/admin/calendar?year=2027", nil); !strings.Contains(page, `<dd id="source-number">国办发明电〔2026〕99号</dd>`) ||
			strings.Contains(page, `id="source-form"`) {
			t.Fatal("the supervisor sees the source and no form")
		}

		// English: the same page, English punctuation.
		for _, y := range []string{"2026", "2027", "2028"} {
			zj.lang = "en"
			st, page := zj.do("GET", "/admin/calendar?year="+y, nil)
			text := pageTags.ReplaceAllString(page, " ")
			if st != 200 || fullWidthAfterLatin.MatchString(text) || strings.Contains(text, "(s)") {
				t.Errorf("%s in English: %d %q", y, st, fullWidthAfterLatin.FindAllString(text, 3))
			}
			if y == "2028" && !strings.Contains(text, "not published yet: deadlines count Monday to Friday and are provisional") {
				t.Errorf("2028 in English: %s", text)
			}
		}
		zj.lang = "en"
		if st, page := zj.do("POST", "/admin/calendar/source", bad); st != http.StatusBadRequest || fullWidthAfterLatin.MatchString(pageTags.ReplaceAllString(page, " ")) {
			t.Errorf("the refused form in English: %d", st)
		}
		zj.lang = ""

		// Deleted: 2027 has no source again; deleting twice is not found.
		del := url.Values{"csrf": {zj.csrf}, "year": {"2027"}}
		if st, page := zj.do("POST", "/admin/calendar/source/delete", del); st != 200 || !strings.Contains(page, `data-state="none"`) {
			t.Fatalf("delete: %d", st)
		}
		if st, _ := zj.do("POST", "/admin/calendar/source/delete", del); st != http.StatusNotFound {
			t.Fatalf("delete twice: %d", st)
		}
		trail, err := e.Store.CalendarSourceAuditTrail(ctx)
		if err != nil || len(trail) != 2 || trail[0].Action != "delete" || trail[1].Actor != "zj.admin" {
			t.Fatalf("audit: %+v %v", trail, err)
		}
	})
}
