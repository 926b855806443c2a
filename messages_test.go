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
	if got := Render(LangEN, "err.validation", 3); got != "the request has 3 problem(s)" {
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
