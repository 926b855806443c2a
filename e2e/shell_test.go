package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"onetrip/app/apptest"
)

// TestClerkWorkbenchChineseThenEnglish logs in as the demo clerk, sees the
// Chinese workbench and switches to English.
func TestClerkWorkbenchChineseThenEnglish(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		b := apptest.NewBrowser(t)
		e.Login(b, "qz.clerk")
		b.Do(chromedp.WaitVisible(chromedp.ID("workbench-title")))
		title, scope, other := b.Text("#workbench-title"), b.Text(".scope"), b.Text(".lang-switch")
		if title != "综合窗口工作台" || !strings.Contains(scope, "浙江省衢州市柯城区") || !strings.Contains(scope, "柯城区行政服务中心") || other != "English" {
			t.Fatalf("Chinese workbench: title %q scope %q switch %q", title, scope, other)
		}
		b.Do(chromedp.Click(chromedp.CSS(".lang-switch")), chromedp.WaitVisible(chromedp.CSS(`html[lang="en"]`)))
		if got := b.Text("#workbench-title"); got != "General window workbench" {
			t.Fatalf("English workbench: %q", got)
		}
		if got := b.Text(".lang-switch"); got != "中文" {
			t.Fatalf("switch back link: %q", got)
		}
	})
}

// TestLoginFailureStaysOnForm shows the error and no session for a wrong password.
func TestLoginFailureStaysOnForm(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		b := apptest.NewBrowser(t)
		b.Do(
			chromedp.Navigate(e.URL+"/login"),
			chromedp.SendKeys(chromedp.ID("username"), "qz.clerk"),
			chromedp.SendKeys(chromedp.ID("password"), "not-the-password"),
			chromedp.Click(chromedp.ID("login-submit")),
			chromedp.WaitVisible(chromedp.CSS(".error")),
		)
		if got := b.Text(".error"); got != "用户名或密码错误" {
			t.Fatalf("error: %q", got)
		}
	})
}
