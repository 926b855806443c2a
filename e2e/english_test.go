package e2e

import (
	"regexp"
	"strings"
	"testing"

	"onetrip/app/apptest"
	"onetrip/demo"
)

var (
	tags = regexp.MustCompile(`(?s)<script.*?</script>|<style.*?</style>|<[^>]*>`)
	// A full-width colon after English words ("Scope：") or an unsettled
	// plural ("1 item(s)") is Chinese typography leaking into English.
	fullWidthAfterLatin = regexp.MustCompile(`[A-Za-z0-9)\]]\s*[：；，。]`)
)

// TestEnglishPagesHaveEnglishPunctuation: the main pages of every role in
// English carry no full-width colon, semicolon or comma after English
// text and no "(s)". Chinese catalogue content keeps its own punctuation.
func TestEnglishPagesHaveEnglishPunctuation(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		pages := map[string][]string{
			"":              {"/", "/guides", "/guides/330-SCJG-005", "/verify", "/login"},
			"qz.applicant":  {"/workbench", "/my/cases", "/my/licences", "/my/data-uses", "/apply/330-SCJG-005"},
			"qz.clerk":      {"/workbench", "/window", "/window/new?item=330-MZSW-004", "/window/new?bundle=B-HOUSE-RESALE", "/window/queue", "/window/pickups", "/sharing/grants", "/sharing"},
			"qz.reviewer":   {"/workbench", "/review", "/licences", "/account/tokens"},
			"qz.supervisor": {"/workbench", "/supervision/cases", "/stats/coverage?region=330800", "/sharing/log", "/admin/calendar"},
			"zj.admin":      {"/workbench", "/admin/items", "/admin/bundles", "/admin/seals"},
		}
		for user, paths := range pages {
			cl := newClient(t, e, user)
			cl.lang = "en"
			for _, path := range paths {
				st, body := cl.get(path)
				if st != 200 {
					t.Errorf("%s as %q: %d", path, user, st)
					continue
				}
				text := tags.ReplaceAllString(body, " ")
				if m := fullWidthAfterLatin.FindAllString(text, 3); len(m) > 0 {
					i := strings.Index(text, m[0])
					t.Errorf("%s as %q: full-width punctuation in English %q near %q", path, user, m, text[max(0, i-60):min(len(text), i+20)])
				}
				if strings.Contains(text, "(s)") {
					i := strings.Index(text, "(s)")
					t.Errorf("%s as %q: an unsettled plural near %q", path, user, text[max(0, i-40):i+3])
				}
			}
		}
	})
}

// TestDemoLoginShowsSampleParties: in demo mode the login page lists the
// sample parties with their ID numbers and what they hold, so a newcomer
// can run the tour without reading the source.
func TestDemoLoginShowsSampleParties(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		st, body := newClient(t, e, "").get("/login")
		if st != 200 || !strings.Contains(body, "演示办事人") {
			t.Fatalf("login page: %d", st)
		}
		for _, s := range demo.Samples() {
			if !strings.Contains(body, s.IDNumber) {
				t.Errorf("the sample %s (%s) is not shown", s.Name, s.IDNumber)
			}
		}
		if strings.Contains(body, "一次性密码") {
			t.Error("the demo password is not one-time")
		}
	})
}

// TestImmediateItemsSay即办: an item promised in 0 working days and 0
// trips reads 即办 and 零跑动, never "0 个工作日" or "最多 0 次", on the
// guide, the guide list and the window's search.
func TestImmediateItemsSayImmediate(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		clerk := newClient(t, e, "qz.clerk")
		for _, path := range []string{"/guides/330-SCJG-004", "/guides?q=330-SCJG-004", "/window?q=330-SCJG-004"} {
			st, body := clerk.get(path)
			text := tags.ReplaceAllString(body, " ")
			if st != 200 || !strings.Contains(text, "即办") || strings.Contains(text, "0 个工作日") || strings.Contains(text, "最多 0 次") {
				t.Errorf("%s: %d, 即办 %v", path, st, strings.Contains(text, "即办"))
			}
		}
		if _, body := clerk.get("/guides/330-SCJG-004"); !strings.Contains(body, "零跑动") {
			t.Error("the guide of a no-trip item does not say 零跑动")
		}
	})
}

// TestHistoriesNameOfficials: a case's history names the official and
// their window, not the account's username.
func TestHistoriesNameOfficials(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		var c caseJSON
		r := e.Do("POST", "/api/v1/cases", "qz.clerk", retirement(retiree, "退休人"))
		r.JSON(t, &c)
		if r.Status != 201 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		_, body := newClient(t, e, "qz.clerk").get("/cases/" + c.ID)
		i := strings.Index(body, `id="events"`)
		if i < 0 {
			t.Fatal("no history on the case page")
		}
		events := body[i:]
		if !strings.Contains(events, "柯城区综合窗口（") || strings.Contains(events, "<td>qz.clerk</td>") {
			t.Fatalf("the history names %q", events[:min(len(events), 600)])
		}
	})
}

// TestCitizenPagesKeepTechnicalDetailsFolded: a citizen's licence page and
// the public verification speak no developer jargon — SM3 fingerprints,
// seal ids and the onetrip command sit behind the 技术信息 fold.
func TestCitizenPagesKeepTechnicalDetailsFolded(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		app := newClient(t, e, "qz.applicant")
		_, my := app.get("/my/licences")
		m := regexp.MustCompile(`href="/licences/([0-9a-f-]{36})"`).FindStringSubmatch(my)
		v := regexp.MustCompile(`href="/verify/([^"]+)"`).FindStringSubmatch(my)
		if m == nil || v == nil {
			t.Fatal("no licence on my licences")
		}
		folded := regexp.MustCompile(`(?s)<details class="tech.*?</details>`)
		uuid := regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)
		for _, path := range []string{"/licences/" + m[1], "/verify/" + v[1]} {
			st, body := app.get(path)
			if st != 200 || !strings.Contains(body, "技术信息") {
				t.Fatalf("%s: %d, fold %v", path, st, strings.Contains(body, "技术信息"))
			}
			text := tags.ReplaceAllString(folded.ReplaceAllString(body, ""), " ")
			for _, jargon := range []string{"SM3", "SM2", "onetrip verify"} {
				if strings.Contains(text, jargon) {
					t.Errorf("%s shows %q outside the fold", path, jargon)
				}
			}
			if id := uuid.FindString(text); id != "" {
				t.Errorf("%s shows an id %s outside the fold", path, id)
			}
		}
	})
}
