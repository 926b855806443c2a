package apptest

import (
	"context"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// ChromiumPath finds Debian's chromium; tests skip without it, except in CI
// (CI=true) where a missing browser is a failure.
func ChromiumPath(t testing.TB) string {
	t.Helper()
	for _, p := range []string{os.Getenv("ONETRIP_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if p == "" {
			continue
		}
		if _, err := exec.LookPath(p); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium is not installed (apt-get install chromium); browser tests must run in CI")
	}
	t.Skip("chromium not installed")
	return ""
}

// Browser is one headless chromium tab driven by a test.
type Browser struct {
	Ctx context.Context
	t   testing.TB
}

// shared is the test binary's one headless chromium: starting a browser
// costs seconds, so every test gets a tab in a browser context of its own
// (cookies and storage not shared) in this one process, which dies with the
// test binary (chromedp sets the parent-death signal).
var shared struct {
	once sync.Once
	ctx  context.Context
	err  error
}

func sharedBrowser(path string) (context.Context, error) {
	shared.once.Do(func() {
		dir, err := os.MkdirTemp("", "onetrip-chromium-")
		if err != nil {
			shared.err = err
			return
		}
		opts := append(slices.Clone(chromedp.DefaultExecAllocatorOptions[:]),
			chromedp.ExecPath(path),
			chromedp.Headless,
			chromedp.NoSandbox,
			chromedp.DisableGPU,
			chromedp.NoFirstRun,
			chromedp.UserDataDir(dir),
			chromedp.Flag("disable-background-networking", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-quic", true),
			chromedp.Flag("lang", "zh-CN"),
			chromedp.WindowSize(1280, 900),
		)
		actx, _ := chromedp.NewExecAllocator(context.Background(), opts...)
		ctx, _ := chromedp.NewContext(actx)
		if err := chromedp.Do(ctx); err != nil { // starts the browser
			shared.err = err
			return
		}
		shared.ctx = ctx
	})
	return shared.ctx, shared.err
}

// NewBrowser opens a tab with a fresh browser context (no cookies, no
// storage) in the shared headless chromium, closed at cleanup.
func NewBrowser(t testing.TB) *Browser {
	t.Helper()
	root, err := sharedBrowser(ChromiumPath(t))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancelCtx := chromedp.NewContext(root, chromedp.WithNewBrowserContext())
	ctx, cancelTimeout := context.WithTimeout(ctx, 120*time.Second)
	t.Cleanup(func() {
		cancelTimeout()
		cancelCtx()
	})
	b := &Browser{Ctx: ctx, t: t}
	b.Do() // opens the tab
	return b
}

// PhoneWidth and PhoneHeight are the phone tests' viewport in CSS pixels:
// a common 6.1-inch phone held upright.
const PhoneWidth, PhoneHeight = 390, 844

// NewPhoneBrowser is NewBrowser on a phone: a 390×844 mobile viewport
// (device pixel ratio 2, width=device-width honoured) with touch emulation,
// so the pages see (pointer: coarse) as on a real phone.
func NewPhoneBrowser(t testing.TB) *Browser {
	t.Helper()
	b := NewBrowser(t)
	b.Do(chromedp.EmulateViewport(PhoneWidth, PhoneHeight, chromedp.EmulatePortrait, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulateScale(2)))
	return b
}

// Do runs actions and fails the test on error.
func (b *Browser) Do(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if len(actions) == 0 {
		if err := chromedp.Do(b.Ctx); err != nil {
			b.t.Fatal(err)
		}
		return
	}
	for _, a := range actions {
		if err := retryLostNode(func() error { return chromedp.Do(b.Ctx, a) }); err != nil {
			b.t.Fatal(err)
		}
	}
}

// retryLostNode runs an action again, up to twice, when chromium says the
// node it was given is gone ("Could not find node with given id", "No node
// with given id found"): chromedp queried a document that a navigation
// replaced between the query and the action. The error comes before the
// action has clicked, typed or read anything, and the retry queries the
// document the page now shows.
func retryLostNode(run func() error) error {
	err := run()
	for try := 0; try < 2 && lostNode(err); try++ {
		err = run()
	}
	return err
}

func lostNode(err error) bool {
	return err != nil && (strings.Contains(err.Error(), "Could not find node with given id") || strings.Contains(err.Error(), "No node with given id found"))
}

// Text is the visible text of the first element matching a CSS selector.
func (b *Browser) Text(css string) string {
	b.t.Helper()
	var s string
	err := retryLostNode(func() (err error) {
		s, err = chromedp.Run(b.Ctx, chromedp.Text(chromedp.CSS(css)))
		return err
	})
	if err != nil {
		b.t.Fatalf("text of %s: %v", css, err)
	}
	return s
}

// Attr is an attribute of the first element matching a CSS selector.
func (b *Browser) Attr(css, name string) string {
	b.t.Helper()
	var r chromedp.AttributeResult
	err := retryLostNode(func() (err error) {
		r, err = chromedp.Run(b.Ctx, chromedp.AttributeValue(chromedp.CSS(css), name))
		return err
	})
	if err != nil {
		b.t.Fatalf("attribute %s of %s: %v", name, css, err)
	}
	return r.Value
}

// Eval evaluates a JavaScript expression returning a string.
func (b *Browser) Eval(js string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.Ctx, chromedp.Evaluate[string](js))
	if err != nil {
		b.t.Fatalf("eval %s: %v", js, err)
	}
	return s
}

// Login fills the login form as a demo user and waits for the next page.
func (e *Env) Login(b *Browser, username string) {
	b.t.Helper()
	b.Do(
		chromedp.Navigate(e.URL+"/login"),
		chromedp.WaitVisible(chromedp.ID("username")),
		chromedp.SendKeys(chromedp.ID("username"), username),
		chromedp.SendKeys(chromedp.ID("password"), e.Password),
		chromedp.Click(chromedp.ID("login-submit")),
		chromedp.WaitNotPresent(chromedp.ID("login-submit")),
	)
}
