package idcode

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"onetrip"
)

// errKey returns the message key of an invalid *onetrip.Error and fails the
// test on any other error, or on a key missing from the catalogue.
func errKey(t *testing.T, err error) string {
	t.Helper()
	if err == nil {
		return ""
	}
	if !onetrip.HasCode(err, onetrip.CodeInvalid) {
		t.Fatalf("error %v is not an invalid *onetrip.Error", err)
	}
	k := onetrip.AsError(err).Key
	if _, ok := onetrip.Lookup(k); !ok {
		t.Fatalf("message key %q is not registered", k)
	}
	return k
}

// pinNow sets the package clock for one test.
func pinNow(t *testing.T, at time.Time) {
	t.Helper()
	old := now
	now = func() time.Time { return at }
	t.Cleanup(func() { now = old })
}

var verbRE = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)

// TestMessagesHaveSameVerbs checks every idcode message: both languages
// present, zh-CN and en with the same fmt verbs in the same order.
func TestMessagesHaveSameVerbs(t *testing.T) {
	n := 0
	for _, k := range onetrip.Keys() {
		if !strings.HasPrefix(k, "idcode.") {
			continue
		}
		n++
		m, _ := onetrip.Lookup(k)
		if m.ZH() == "" || m.EN() == "" {
			t.Errorf("%s: empty text", k)
		}
		zh := fmt.Sprint(verbRE.FindAllString(m.ZH(), -1))
		en := fmt.Sprint(verbRE.FindAllString(m.EN(), -1))
		if zh != en {
			t.Errorf("%s: verbs differ: zh %s, en %s", k, zh, en)
		}
	}
	if n < 20 {
		t.Fatalf("only %d idcode messages registered", n)
	}
}

func TestShow(t *testing.T) {
	for in, want := range map[rune]string{'a': "a", '中': "中", '\n': "U+000A", 0xfffd: "U+FFFD", 0x85: "U+0085"} {
		if got := show(in); got != want {
			t.Errorf("show(%U) = %q, want %q", in, got, want)
		}
	}
}
