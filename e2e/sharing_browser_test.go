package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"onetrip/app/apptest"
	"onetrip/demo"
)

// TestWindowPrefillsFromSharedDataBrowser is the sharing issue's browser
// test: at the window, entering a demo citizen's ID number fills the
// applicant's name from the population register and marks the
// household-register material 免提交; the vehicle register, which holds
// no record of him, is named in the checklist. After the notice the
// citizen's data-use page lists the household read with the case number
// and the purpose, and the supervisor finds it in the access log.
func TestWindowPrefillsFromSharedDataBrowser(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		b := apptest.NewBrowser(t)
		e.Login(b, "qz.clerk")
		b.Do(chromedp.Navigate(e.URL+"/window/new?item=330-MZSW-004"), chromedp.WaitVisible(chromedp.ID("intake-form")))
		b.Eval(`document.body.dataset.stale = "1"`)
		b.Do(chromedp.SendKeys(chromedp.ID("applicant-id"), demo.QZApplicant.IDNumber),
			// Identified, the form looks the shared data up: a new page.
			chromedp.WaitNotPresent(chromedp.CSS(`body[data-stale]`)),
			chromedp.WaitVisible(chromedp.CSS(`#intake-form[data-looked-up]`)))
		if name := b.Eval(`document.getElementById("applicant-name").value`); name != "王建国" {
			t.Fatalf("the applicant's name is not filled: %q", name)
		}
		household := b.Text(`#marks tr[data-name="家庭成员户籍信息"]`)
		if !strings.Contains(household, "免提交（共享数据：户籍户成员信息") || b.Eval(`String(!!document.querySelector('#marks tr[data-name="家庭成员户籍信息"][data-held="shared"] .held-cell'))`) != "true" {
			t.Fatalf("the household register is not marked 免提交: %q", household)
		}
		if v := b.Text(`#marks tr[data-name="家庭成员机动车信息"]`); !strings.Contains(v, "机动车登记信息") || !strings.Contains(v, "未查到") ||
			!strings.Contains(v, "未提交") || strings.Contains(v, "平台调取") {
			t.Fatalf("the vehicle register's answer is not shown, or the row still offers 平台调取: %q", v)
		}
		markRadio(b, "最低生活保障申请书", "received")
		markRadio(b, "家庭经济状况核对授权书", "received")
		clickAndWait(b, "#btn-notice", "#result")
		number := b.Text("#case-number")
		if notice := b.Text("#result-notice"); !strings.Contains(notice, "家庭成员机动车信息") || strings.Contains(notice, "家庭成员户籍信息") {
			t.Fatalf("the notice: %q", notice)
		}

		// The citizen sees who read their data, for which case and why.
		c := apptest.NewBrowser(t)
		e.Login(c, "qz.applicant")
		c.Do(chromedp.Navigate(e.URL+"/my/data-uses"), chromedp.WaitVisible(chromedp.ID("access-log")))
		row := `#access-log tr[data-item="D-HOUSEHOLD"][data-case="` + number + `"]`
		c.Do(chromedp.WaitVisible(chromedp.CSS(row)))
		if txt := c.Text(row); !strings.Contains(txt, "柯城区") || !strings.Contains(txt, number) || !strings.Contains(txt, "最低生活保障审核确认") {
			t.Fatalf("the data use: %q", txt)
		}
		if strings.Contains(c.Text("#access-log"), demo.QZApplicant.IDNumber) {
			t.Fatal("the page shows the full ID number")
		}

		// The supervisor searches the log by the citizen's ID number.
		s := apptest.NewBrowser(t)
		e.Login(s, "qz.supervisor")
		s.Do(chromedp.Navigate(e.URL+"/sharing/log?subject="+demo.QZApplicant.IDNumber), chromedp.WaitVisible(chromedp.CSS(row)))
		if txt := s.Text(`#access-log tr[data-item="D-VEHICLE"][data-case="` + number + `"]`); !strings.Contains(txt, "未查到") {
			t.Fatalf("the log's vehicle read: %q", txt)
		}
	})
}
