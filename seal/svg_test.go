package seal

import (
	"encoding/xml"
	"io"
	"strings"
	"testing"
)

func TestSVGIsXMLAndDeterministic(t *testing.T) {
	for _, c := range []struct{ name, serial string }{
		{"杭州市西湖区行政审批局", "3301060000001"},
		{"浙江省市场监督管理局", ""},
		{"", ""},
		{"A<B & \"C\" 'D'>", "<&>"},
		{"控制\x01字符\xff", "x"},
		{strings.Repeat("很长的部门名称", 6), strings.Repeat("9", 30)},
	} {
		s := SVG(c.name, c.serial)
		if s != SVG(c.name, c.serial) {
			t.Fatalf("%q: not deterministic", c.name)
		}
		texts := parseSVG(t, s)
		// Every name character is a text element of its own, in order.
		var got strings.Builder
		for _, tx := range texts {
			got.WriteString(tx)
		}
		joined := got.String()
		if want := strings.ToValidUTF8(strings.ReplaceAll(c.name, "\x01", "\uFFFD"), "\uFFFD"); !strings.Contains(joined, want) {
			t.Errorf("%q: text %q does not carry the name", c.name, joined)
		}
		if !strings.Contains(joined, "电子印章") || !strings.HasSuffix(joined, c.serial) {
			t.Errorf("%q: text %q lacks label or serial", c.name, joined)
		}
		if strings.Contains(s, "NaN") || strings.Contains(s, "Inf") {
			t.Errorf("%q: bad number in %s", c.name, s)
		}
	}
}

// parseSVG checks s is well-formed XML with an <svg> root in the SVG namespace
// and returns the character data of its <text> elements.
func parseSVG(t *testing.T, s string) []string {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(s))
	var texts []string
	depth, inText := 0, false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not XML: %v\n%s", err, s)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			if depth == 0 && (e.Name.Local != "svg" || e.Name.Space != "http://www.w3.org/2000/svg") {
				t.Fatalf("root is %v", e.Name)
			}
			depth++
			inText = e.Name.Local == "text"
			if inText {
				texts = append(texts, "")
			}
		case xml.EndElement:
			depth--
			inText = false
		case xml.CharData:
			if inText {
				texts[len(texts)-1] += string(e)
			}
		}
	}
	if depth != 0 {
		t.Fatal("unbalanced")
	}
	return texts
}
