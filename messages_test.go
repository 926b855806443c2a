package onetrip

import (
	"io"
	"strings"
	"testing"
)

func TestParseLang(t *testing.T) {
	for in, want := range map[string]Lang{
		"":                        LangZH,
		"en":                      LangEN,
		"en-US,en;q=0.9":          LangEN,
		"zh-CN,zh;q=0.9,en;q=0.8": LangZH,
		"fr-FR, en;q=0.5":         LangEN,
		"de":                      LangZH,
	} {
		if got := ParseLang(in); got != want {
			t.Errorf("ParseLang(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRenderAndErrors(t *testing.T) {
	if got := Render(LangEN, "err.validation", 3); got != "the request has 3 problems" {
		t.Fatal(got)
	}
	if got := Render(LangZH, "err.validation", 3); !strings.Contains(got, "3") {
		t.Fatal(got)
	}
	var p Problems
	if p.Err("err.validation", 0) != nil {
		t.Fatal("no problems must give nil")
	}
	p.Add("a.b", "err.invalid")
	err := p.Err("err.validation", 1)
	if !HasCode(err, CodeInvalid) || len(AsError(err).Details) != 1 {
		t.Fatalf("%v", err)
	}
	if AsError(io.ErrUnexpectedEOF).Code != CodeInternal {
		t.Fatal("plain errors must be internal")
	}
}

func TestEnglishPlurals(t *testing.T) {
	Register(Messages{"test.plural": {"%d 个文件中有 %d 处问题", "%d problem(s) in %d file(s)"}})
	for _, tc := range []struct {
		lang Lang
		a, b int
		want string
	}{
		{LangEN, 1, 1, "1 problem in 1 file"},
		{LangEN, 3, 1, "3 problems in 1 file"},
		{LangEN, 11, 21, "11 problems in 21 files"},
		{LangEN, 0, 2, "0 problems in 2 files"},
	} {
		if got := Render(tc.lang, "test.plural", tc.a, tc.b); got != tc.want {
			t.Errorf("%s %d %d: %q, want %q", tc.lang, tc.a, tc.b, got, tc.want)
		}
	}
}

func TestPunctuationByLanguage(t *testing.T) {
	if Colon(LangZH) != "：" || Colon(LangEN) != ": " || Semicolon(LangZH) != "；" || Semicolon(LangEN) != "; " {
		t.Error("colon or semicolon")
	}
}

// labelled is a value that names itself in a language, as catalogue
// enumerations do.
type labelled string

func (l labelled) Label(lang Lang) string {
	if lang == LangEN {
		return "seller"
	}
	return "卖方"
}

func TestRenderNamesLabelledArguments(t *testing.T) {
	Register(Messages{"test.labelled": {"缺少：%s（%d）", "missing: %s (%d)"}})
	args := []any{labelled("seller"), 2}
	if got := Render(LangZH, "test.labelled", args...); got != "缺少：卖方（2）" {
		t.Errorf("zh %q", got)
	}
	if got := Render(LangEN, "test.labelled", args...); got != "missing: seller (2)" {
		t.Errorf("en %q", got)
	}
	if args[0] != labelled("seller") {
		t.Error("the caller's arguments changed")
	}
}
