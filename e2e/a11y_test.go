package e2e

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"onetrip/app/apptest"
)

//go:embed testdata/axe-core/axe.min.js
var axeJS string

type axeViolation struct {
	ID, Impact, Help string
	Nodes            []struct{ Target []any }
}

// axeCheck runs axe-core (WCAG 2.1 A and AA rules) on the page in the
// browser and answers the serious and critical violations.
func axeCheck(t *testing.T, b *apptest.Browser) []axeViolation {
	t.Helper()
	if _, err := chromedp.Run(b.Ctx, chromedp.Evaluate[any](axeJS+";0")); err != nil {
		t.Fatalf("inject axe: %v", err)
	}
	res, err := chromedp.Run(b.Ctx, chromedp.Evaluate[string](`axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
		.then(r => JSON.stringify(r.violations.filter(v => v.impact === "serious" || v.impact === "critical")))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("axe: %v", err)
	}
	var vs []axeViolation
	if err := json.Unmarshal([]byte(res), &vs); err != nil {
		t.Fatalf("axe: %v %s", err, res)
	}
	return vs
}

// TestMainPagesPassAxe: the main pages of every role have no serious or
// critical WCAG 2.1 AA violation that axe-core finds (GB/T 37668-2019).
// It checks markup, which the storage engine does not shape, so it runs on
// the embedded database only: the browser tests of flows run on both, and
// this one was the longest of CI's browser tests twice over.
func TestMainPagesPassAxe(t *testing.T) {
	e := apptest.New(t, "sqlite")
	pages := map[string][]string{
		"":                   {"/", "/guides", "/guides/330-SCJG-005", "/verify", "/login", "/qa?q=" + url.QueryEscape("开面馆要办什么证")},
		"qz.applicant":       {"/workbench", "/my/cases", "/my/licences", "/my/data-uses", "/apply/330-SCJG-005?region=330802"},
		"qz.clerk":           {"/window", "/window/new?item=330-MZSW-004", "/window/new?bundle=B-HOUSE-RESALE", "/window/queue", "/sharing/grants", "/sharing"},
		"qz.reviewer":        {"/review", "/licences"},
		"qz.reviewer.police": {"/alerts", "/rectifications"},
		"qz.archivist.land":  {"/workbench", "/archive"},
		"qz.supervisor": {"/supervision/cases", "/stats/coverage?region=330800", "/sharing/log", "/admin/calendar", "/supervision/dashboard",
			"/alerts", "/rectifications", "/supervision/reports"},
		"zj.admin": {"/admin/items", "/admin/bundles", "/admin/knowledge", "/admin/knowledge/new", "/admin/synonyms", "/admin/knowledge/unanswered"},
	}
	for user, paths := range pages {
		b := apptest.NewBrowser(t)
		if user != "" {
			e.Login(b, user)
		}
		for _, path := range paths {
			b.Do(chromedp.Navigate(e.URL+path), chromedp.WaitReady(chromedp.CSS("main")))
			for _, v := range axeCheck(t, b) {
				var where []string
				for _, n := range v.Nodes {
					where = append(where, fmt.Sprint(n.Target...))
				}
				t.Errorf("%s as %q: %s (%s) %s at %s", path, user, v.ID, v.Impact, v.Help, strings.Join(where, ", "))
			}
		}
	}
}

// TestApplicantPagesFitAPhone: at 320 px (a small phone) the applicant's
// pages and the public guide need no sideways scrolling of the page
// itself (wide tables scroll in their own box).
func TestApplicantPagesFitAPhone(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		for user, paths := range map[string][]string{
			"":             {"/", "/guides", "/guides/330-SCJG-005", "/guides/330-SCJG-005?region=330802", "/verify", "/login", "/qa?q=" + url.QueryEscape("开面馆要办什么证")},
			"qz.applicant": {"/workbench", "/my/cases", "/my/licences", "/my/data-uses", "/apply/330-SCJG-005?region=330802"},
		} {
			b := apptest.NewBrowser(t)
			if user != "" {
				e.Login(b, user)
			}
			b.Do(chromedp.EmulateViewport(320, 640))
			for _, path := range paths {
				b.Do(chromedp.Navigate(e.URL+path), chromedp.WaitReady(chromedp.CSS("main")))
				if w := b.Eval(`String(document.documentElement.scrollWidth)`); w != "320" {
					wide := b.Eval(`[...document.querySelectorAll("body *")].filter(el => el.getBoundingClientRect().right > 321 && !el.closest(".table-wrap")).slice(0, 3).map(el => el.tagName + "." + el.className + "#" + el.id).join(", ")`)
					t.Errorf("%s as %q is %s px wide at 320: %s", path, user, w, wide)
				}
			}
		}
	})
}
