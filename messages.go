package onetrip

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"
)

// Lang is a UI/message language. zh-CN is the default; en is second.
type Lang string

const (
	LangZH Lang = "zh-CN"
	LangEN Lang = "en"
)

// Langs lists the supported languages, default first.
var Langs = []Lang{LangZH, LangEN}

// ParseLang picks a supported language from a cookie value or an
// Accept-Language header; anything unknown gives zh-CN.
func ParseLang(s string) Lang {
	for _, part := range strings.Split(s, ",") {
		tag := strings.ToLower(strings.TrimSpace(strings.SplitN(part, ";", 2)[0]))
		switch {
		case tag == "en" || strings.HasPrefix(tag, "en-"):
			return LangEN
		case tag == "zh" || strings.HasPrefix(tag, "zh-"):
			return LangZH
		}
	}
	return LangZH
}

// Message is one catalogue entry: the zh-CN and the en format string (fmt
// verbs, the same verbs in both). An array, so entries read {"中文", "English"}.
type Message [2]string

// ZH is the zh-CN text.
func (m Message) ZH() string { return m[0] }

// EN is the English text.
func (m Message) EN() string { return m[1] }

// Messages is a package's part of the catalogue, registered with Register.
type Messages map[string]Message

var (
	catalogMu sync.RWMutex
	catalog   = Messages{}
)

// Register adds a package's messages to the catalogue. A key registered twice
// with different text panics: keys are global.
func Register(m Messages) {
	catalogMu.Lock()
	defer catalogMu.Unlock()
	for k, v := range m {
		if old, ok := catalog[k]; ok && old != v {
			panic("onetrip: message key registered twice: " + k)
		}
		catalog[k] = v
	}
}

// Lookup returns a key's message.
func Lookup(key string) (Message, bool) {
	catalogMu.RLock()
	defer catalogMu.RUnlock()
	m, ok := catalog[key]
	return m, ok
}

// Keys lists every registered key, sorted.
func Keys() []string {
	catalogMu.RLock()
	defer catalogMu.RUnlock()
	ks := make([]string, 0, len(catalog))
	for k := range catalog {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// Render formats a message in a language. An unknown key renders as the key
// itself so a missing entry is visible, never blank (a test forbids it).
func Render(lang Lang, key string, args ...any) string {
	m, ok := Lookup(key)
	if !ok {
		if len(args) > 0 {
			return key + fmt.Sprint(args...)
		}
		return key
	}
	f := m[0]
	if lang == LangEN {
		f = m[1]
	}
	if len(args) == 0 {
		return f
	}
	// A value that names itself in a language (a catalogue enumeration: a
	// party role, a delivery) is shown by its name, not its code.
	cloned := false
	for i, a := range args {
		if l, ok := a.(interface{ Label(Lang) string }); ok {
			if !cloned { // the caller's slice stays as it was
				args, cloned = append([]any(nil), args...), true
			}
			args[i] = l.Label(lang)
		}
	}
	out := fmt.Sprintf(f, args...)
	if lang == LangEN && strings.Contains(out, "(s)") {
		out = plural(out)
	}
	return out
}

// Colon is the colon after a label: full-width in Chinese, ": " in
// English.
func Colon(lang Lang) string {
	if lang == LangEN {
		return ": "
	}
	return "："
}

// Semicolon joins clauses of one message: full-width in Chinese, "; " in
// English.
func Semicolon(lang Lang) string {
	if lang == LangEN {
		return "; "
	}
	return "；"
}

// oneThing and things find English nouns written "word(s)" after a count.
var (
	oneThing = regexp.MustCompile(`\b1 (\pL+)\(s\)`)
	things   = regexp.MustCompile(`(\pL+)\(s\)`)
)

// plural settles an English message's "(s)": "1 problem(s)" is "1
// problem", "3 problem(s)" "3 problems".
func plural(s string) string {
	s = oneThing.ReplaceAllString(s, "1 $1")
	return things.ReplaceAllString(s, "${1}s")
}

func init() {
	Register(Messages{
		"err.internal":     {"服务器内部错误，请稍后重试", "internal server error, please try again later"},
		"err.too_long":     {"内容过长（最多 %d 个字符）", "too long (at most %d characters)"},
		"err.unavailable":  {"系统繁忙，请求未能按时完成，未作任何更改，请稍后重试", "the system is busy and the request did not finish in time; nothing was changed, please try again"},
		"err.invalid":      {"请求有误", "invalid request"},
		"err.not_found":    {"未找到", "not found"},
		"err.validation":   {"请求有 %d 处问题", "the request has %d problem(s)"},
		"err.unauthorized": {"请先登录或提供有效令牌", "log in or give a valid token"},
		"err.forbidden":    {"无权执行此操作", "you are not allowed to do this"},
		"err.out_of_scope": {"超出您的权限范围（区域或部门）", "outside your scope (region or department)"},
		"err.conflict":     {"数据已被修改，请刷新后重试", "the data changed, reload and try again"},
	})
}
