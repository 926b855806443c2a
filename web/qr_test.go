package web

import (
	"encoding/xml"
	"strings"
	"testing"

	qrcode "github.com/skip2/go-qrcode"
)

// TestQRSVG: the SVG is well-formed and paints exactly the dark modules of
// the code, quiet zone included.
func TestQRSVG(t *testing.T) {
	url := "https://onetrip.example/guides/330-SCJG-001?region=330802"
	svg, err := QRSVG(url, `扫码 <"&>`, 120)
	if err != nil {
		t.Fatal(err)
	}
	q, _ := qrcode.New(url, qrcode.Medium)
	bm := q.Bitmap()
	var doc struct {
		ViewBox string `xml:"viewBox,attr"`
		Rects   []struct {
			X     int `xml:"x,attr"`
			Y     int `xml:"y,attr"`
			Width int `xml:"width,attr"`
		} `xml:"rect"`
	}
	if err := xml.Unmarshal([]byte(svg), &doc); err != nil {
		t.Fatalf("not XML: %v", err)
	}
	dark := map[[2]int]bool{}
	for _, r := range doc.Rects[1:] { // the first is the white background
		for x := r.X; x < r.X+r.Width; x++ {
			dark[[2]int{x, r.Y}] = true
		}
	}
	for y, row := range bm {
		for x, on := range row {
			if dark[[2]int{x, y}] != on {
				t.Fatalf("module (%d,%d): painted %v, want %v", x, y, dark[[2]int{x, y}], on)
			}
		}
	}
	if !strings.Contains(string(svg), `aria-label="扫码 &lt;&#34;&amp;&gt;"`) || !strings.Contains(string(svg), `width="120"`) {
		t.Fatalf("label or size: %.200s", svg)
	}
}
