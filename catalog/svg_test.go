package catalog

import (
	"encoding/xml"
	"io"
	"slices"
	"strings"
	"testing"
)

func TestSVG(t *testing.T) {
	c := mustDemo(t)
	for _, b := range c.Bundles {
		s := c.BundleSVG(b)
		if s != c.BundleSVG(b) {
			t.Fatalf("%s: not deterministic", b.Code)
		}
		dec := xml.NewDecoder(strings.NewReader(s))
		texts, rects, paths, leads := 0, 0, 0, 0
		for {
			tok, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s: not XML: %v\n%s", b.Code, err, s)
			}
			if se, ok := tok.(xml.StartElement); ok {
				switch se.Name.Local {
				case "text":
					texts++
				case "rect":
					rects++
				case "path":
					paths++
				case "g":
					for _, a := range se.Attr {
						if a.Name.Local == "class" && a.Value == "step lead" {
							leads++
						}
					}
				}
			}
		}
		edges := 0
		for _, st := range b.Steps {
			edges += len(st.After)
		}
		if rects != len(b.Steps) || paths != edges+1 || leads == 0 || texts < 1+2*len(b.Steps) {
			t.Errorf("%s: %d rects %d paths %d leads %d texts", b.Code, rects, paths, leads, texts)
		}
	}
	b := bundle("A", "B<A")
	s := SVG(b, map[string]string{"A": `<script>&"x"`, "B": "乙"}, "B")
	if strings.Contains(s, "<script>") || !strings.Contains(s, "&lt;script&gt;&amp;") {
		t.Fatal("names must be escaped")
	}
	if !strings.Contains(s, `class="step lead" data-item="B"`) || strings.Contains(s, `class="step lead" data-item="A"`) {
		t.Fatal("lead step must be highlighted")
	}
}

func TestWrapName(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"公司设立登记", []string{"公司设立登记"}},
		{"国有建设用地使用权及房屋所有权转移登记（存量房买卖）", []string{"国有建设用地使用权及房屋", "所有权转移登记（存量房买", "卖）"}},
		{"公众聚集场所投入使用、营业前消防安全检查", []string{"公众聚集场所投入使用、营", "业前消防安全检查"}},
		{"一二三四五六七八九十甲（乙）", []string{"一二三四五六七八九十甲", "（乙）"}},
		{"一二三四五六七八九十甲乙，丙", []string{"一二三四五六七八九十甲乙，", "丙"}},
		{strings.Repeat("长", 50), []string{strings.Repeat("长", 12), strings.Repeat("长", 12), strings.Repeat("长", 12), strings.Repeat("长", 11) + "…"}},
		{"", []string{""}},
	} {
		if got := wrapName(tc.in, svgWrap, svgMaxLines); !slices.Equal(got, tc.want) {
			t.Errorf("wrapName(%q) = %q", tc.in, got)
		}
	}
}
