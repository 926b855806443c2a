package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"onetrip/app/apptest"
	"onetrip/sharing/registry"
)

// TestNewCitizenOnAPhoneBrowser is issue 13's phone journey: a citizen
// with no account registers on a 390 px phone with the code the SMS
// gateway texted, verifies the real name, applies online, follows the case
// and sees the licence it gave — every page fitting the phone.
func TestNewCitizenOnAPhoneBrowser(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		const mobile = "13600006666"
		id := registry.Person(31)
		rec, _, _ := registry.Registry{}.Fetch(context.Background(), "D-POP-BASIC", id)
		name := rec["姓名"]
		b := apptest.NewPhoneBrowser(t)
		b.Do(chromedp.Navigate(e.URL+"/login"), chromedp.WaitVisible(chromedp.ID("register-link")))
		clickAndWait(b, "#register-link", "#code-form")
		phoneCheck(t, b, "/register")
		b.Do(chromedp.SendKeys("#mobile", mobile))
		clickAndWait(b, "#send-code", "#register-form")
		phoneCheck(t, b, "/register (code sent)")
		b.Do(chromedp.SendKeys("#code", smsCode(t, e, mobile)), chromedp.SendKeys("#password", citizenPassword), chromedp.SendKeys("#password2", citizenPassword))
		clickAndWait(b, "#register-submit", "#real-name-form")
		phoneCheck(t, b, "/account (new)")
		b.Do(chromedp.SendKeys("#rn-name", name), chromedp.SendKeys("#rn-id", id))
		clickAndWait(b, "#rn-submit", "#bind-form")
		if lvl := b.Attr("#account-level", "data-level"); lvl != "real_name" {
			t.Fatalf("level after verification: %q", lvl)
		}
		phoneCheck(t, b, "/account (verified)")

		// Apply online for 330-RSSB-002, uploading every material.
		b.Do(chromedp.Navigate(e.URL+"/apply/330-RSSB-002?region=330802"), chromedp.WaitVisible(chromedp.ID("apply-form")))
		phoneCheck(t, b, "/apply")
		pdf := filepath.Join(t.TempDir(), "材料.pdf")
		os.WriteFile(pdf, []byte("%PDF-1.4\n% 材料\n%%EOF\n"), 0o600)
		b.Do(chromedp.SetUploadFiles(chromedp.CSSAll(`#apply-form input[type=file]`), []string{pdf}))
		clickAndWait(b, "#btn-submit", "#case")
		phoneCheck(t, b, "the new case")
		caseURL := b.Eval(`location.pathname`)
		b.Do(chromedp.Navigate(e.URL+"/my/cases"), chromedp.WaitReady(chromedp.CSS("main")))
		if !strings.Contains(b.Eval(`document.querySelector("main").innerHTML`), caseURL) {
			t.Fatalf("my cases does not list %s", caseURL)
		}
		phoneCheck(t, b, "/my/cases")

		// A residence permit taken in at the window for them: decided, its
		// licence is on their phone.
		permit := windowPermitFor(t, e, name, id)
		approvePermit(t, e, permit)
		b.Do(chromedp.Navigate(e.URL+"/cases/"+permit.ID), chromedp.WaitReady(chromedp.CSS("main")))
		phoneCheck(t, b, "the permit's case")
		b.Do(chromedp.Navigate(e.URL+"/my/licences"), chromedp.WaitReady(chromedp.CSS("main")))
		if !strings.Contains(b.Text("main"), "居住证") {
			t.Fatalf("my licences: %s", b.Text("main"))
		}
		phoneCheck(t, b, "/my/licences")
	})
}

// windowPermitFor takes a 居住证申领 in at the 柯城区 window for a person
// with every material seen on paper.
func windowPermitFor(t *testing.T, e *apptest.Env, name, id string) caseJSON {
	t.Helper()
	var item struct{ Materials []struct{ ID string } }
	e.Do("GET", "/api/v1/items/330-GAJG-004", "", nil).JSON(t, &item)
	var marks []mark
	for _, m := range item.Materials {
		marks = append(marks, mark{Spec: m.ID, Status: "received"})
	}
	r := e.Do("POST", "/api/v1/cases", "qz.clerk", map[string]any{"item": "330-GAJG-004", "region": "330802", "channel": "window", "delivery": "electronic",
		"applicant": map[string]any{"type": "person", "name": name, "id_number": id}, "materials": marks, "form": map[string]any{}})
	var c caseJSON
	r.JSON(t, &c)
	if r.Status != 201 || c.Status != "accepted" {
		t.Fatalf("intake: %d %s", r.Status, r.Body)
	}
	return c
}
