package seal

import (
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

var svgCases = []struct{ name, serial string }{
	{"杭州市西湖区行政审批局", "3301060000001"},
	{"衢州市柯城区市场监督管理局", "3308021234567"},
	{"浙江省市场监督管理局", ""},
	{"民政局", "3301"},
	{"", ""},
	{"A<B & \"C\" 'D'>", "<&>"},
	{"控制\x01字符\xff", "x"},
	{strings.Repeat("很长的部门名称", 6), strings.Repeat("9", 30)},
}

func TestSVGIsXMLAndDeterministic(t *testing.T) {
	for _, c := range svgCases {
		s := SVG(c.name, c.serial)
		if s != SVG(c.name, c.serial) {
			t.Fatalf("%q: not deterministic", c.name)
		}
		d := parseSeal(t, s)
		// Every name character is a text element of its own, in order.
		var got strings.Builder
		for _, tx := range d.texts {
			got.WriteString(tx.text)
		}
		joined := got.String()
		if want := strings.ToValidUTF8(strings.ReplaceAll(c.name, "\x01", "\uFFFD"), "\uFFFD"); !strings.Contains(joined, want) {
			t.Errorf("%q: text %q does not carry the name", c.name, joined)
		}
		if !strings.Contains(joined, Label) || !strings.HasSuffix(joined, c.serial) {
			t.Errorf("%q: text %q lacks label or serial", c.name, joined)
		}
		if strings.Contains(s, "NaN") || strings.Contains(s, "Inf") {
			t.Errorf("%q: bad number in %s", c.name, s)
		}
		for _, date := range []string{"年", "月", "日", "-20"} {
			if strings.Contains(joined, date) && !strings.Contains(c.name, date) {
				t.Errorf("%q: the seal carries a date (%q)", c.name, joined)
			}
		}
	}
}

// TestSVGLayout is the drawing of a real seal: every glyph inside the ring
// with a clear gap, none over the star; the name on the upper arc (at most
// nameMaxSpan degrees, its ends a little under the level of the centre on a
// long name, as on a paper seal), upright
// as seen from the centre and centred on the top; the label under the
// star; the serial on the lower arc, upright, read left to right.
func TestSVGLayout(t *testing.T) {
	for _, c := range svgCases {
		for _, label := range []string{Label, "", "行政许可审批专用章"} {
			t.Run(c.name+"/"+label, func(t *testing.T) {
				s := draw(c.name, label, c.serial)
				d := parseSeal(t, s)
				if d.ringR == 0 || d.star == (box{}) {
					t.Fatalf("no ring or star: %s", s)
				}
				if cx, cy := (d.star.x0+d.star.x1)/2, (d.star.y0+d.star.y1)/2; math.Abs(cx-d.cx) > 0.1 || math.Abs(cy-d.cy) > 6 {
					t.Errorf("star not centred: centre of its box (%.1f, %.1f), ring (%.1f, %.1f)", cx, cy, d.cx, d.cy)
				}
				inner := d.ringR - d.ringW/2
				var names, serials, labels []glyph
				for _, g := range d.texts {
					if utf8.RuneCountInString(g.text) != 1 && g.class != "seal-label" {
						t.Errorf("%s %q: one glyph per element on an arc", g.class, g.text)
					}
					for _, p := range g.corners() {
						if r := math.Hypot(p[0]-d.cx, p[1]-d.cy); r > inner-3 {
							t.Errorf("%s %q reaches radius %.1f: the ring's inner edge is %.1f", g.class, g.text, r, inner)
						}
					}
					if g.bounds().overlaps(d.star) {
						t.Errorf("%s %q %+v overlaps the star %+v", g.class, g.text, g.bounds(), d.star)
					}
					switch g.class {
					case "seal-name":
						names = append(names, g)
					case "seal-serial":
						serials = append(serials, g)
					case "seal-label":
						labels = append(labels, g)
					default:
						t.Errorf("text %q of class %q", g.text, g.class)
					}
				}
				if len(names) != utf8.RuneCountInString(c.name) || len(serials) != utf8.RuneCountInString(c.serial) {
					t.Fatalf("%d name and %d serial glyphs", len(names), len(serials))
				}
				for i, g := range names {
					theta := g.angle(d)
					if top := g.fromTop(d); math.Abs(top) > nameMaxSpan/2+0.1 {
						t.Errorf("name glyph %q at %.1f° from the top is not on the upper arc", g.text, top)
					}
					if diff := math.Remainder(g.rot-(theta+90), 360); math.Abs(diff) > 0.5 {
						t.Errorf("name glyph %q turned %.1f°, not upright from the centre (%.1f°)", g.text, g.rot, theta+90)
					}
					if i > 0 && !(g.fromTop(d) > names[i-1].fromTop(d)) {
						t.Errorf("name glyph %q does not follow %q clockwise", g.text, names[i-1].text)
					}
					if i > 0 && math.Hypot(g.x-names[i-1].x, g.y-names[i-1].y) < g.size*g.squeeze*0.95 {
						t.Errorf("name glyphs %q and %q overlap", names[i-1].text, g.text)
					}
				}
				if n := len(names); n > 0 {
					first, last := names[0].fromTop(d), names[n-1].fromTop(d)
					if math.Abs(first+last) > 0.1 {
						t.Errorf("name from %.1f° to %.1f°: not centred on the top", first, last)
					}
				}
				for i, g := range serials {
					if g.y-g.size/2 <= d.cy {
						t.Errorf("serial glyph %q at (%.1f, %.1f) is not on the lower half", g.text, g.x, g.y)
					}
					if diff := math.Remainder(g.rot-(g.angle(d)-90), 360); math.Abs(diff) > 0.5 {
						t.Errorf("serial glyph %q turned %.1f°, not upright", g.text, g.rot)
					}
					if i > 0 && !(g.x > serials[i-1].x) {
						t.Errorf("serial glyph %d at x %.1f is not right of the one before (%.1f)", i, g.x, serials[i-1].x)
					}
					if len(names) > 0 && g.size >= names[0].size {
						t.Errorf("serial size %.1f not smaller than the name's %.1f", g.size, names[0].size)
					}
				}
				if label == "" && len(labels) != 0 || label != "" && len(labels) != 1 {
					t.Fatalf("labels %+v", labels)
				}
				for _, g := range labels {
					if g.rot != 0 || g.y-g.size/2 <= d.star.y1 {
						t.Errorf("label %+v must be level and under the star %+v", g, d.star)
					}
				}
				// No two texts overlap (the arcs' ends, the label and the serial).
				all := append(append(names, labels...), serials...)
				for i := range all {
					for j := i + 1; j < len(all); j++ {
						if all[i].class != all[j].class && all[i].bounds().overlaps(all[j].bounds()) {
							t.Errorf("%s %q overlaps %s %q", all[i].class, all[i].text, all[j].class, all[j].text)
						}
					}
				}
			})
		}
	}
}

type box struct{ x0, y0, x1, y1 float64 }

func (a box) overlaps(b box) bool { return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1 }

// glyph is a <text> element: where its transform puts it and its em box.
type glyph struct {
	class, text          string
	x, y, rot            float64
	size, squeeze, width float64 // width in ems
}

// angle is the glyph's position seen from the centre, in SVG degrees.
func (g glyph) angle(d sealDrawing) float64 {
	return math.Atan2(g.y-d.cy, g.x-d.cx) * 180 / math.Pi
}

// fromTop is the glyph's angle from the top, clockwise (degrees, −180 to 180).
func (g glyph) fromTop(d sealDrawing) float64 { return math.Remainder(g.angle(d)+90, 360) }

// corners is the glyph's em box (centred on its point: text-anchor middle,
// dominant-baseline central), turned and moved as the transform says.
func (g glyph) corners() [4][2]float64 {
	hw, hh := g.width*g.size*g.squeeze/2, g.size/2
	a := g.rot * math.Pi / 180
	var out [4][2]float64
	for i, c := range [4][2]float64{{-hw, -hh}, {hw, -hh}, {hw, hh}, {-hw, hh}} {
		out[i] = [2]float64{g.x + c[0]*math.Cos(a) - c[1]*math.Sin(a), g.y + c[0]*math.Sin(a) + c[1]*math.Cos(a)}
	}
	return out
}

func (g glyph) bounds() box {
	b := box{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
	for _, p := range g.corners() {
		b.x0, b.y0, b.x1, b.y1 = math.Min(b.x0, p[0]), math.Min(b.y0, p[1]), math.Max(b.x1, p[0]), math.Max(b.y1, p[1])
	}
	return b
}

// sealDrawing is a parsed seal.
type sealDrawing struct {
	cx, cy, ringR, ringW float64
	star                 box
	texts                []glyph
}

// parseSeal checks s is well-formed XML with an <svg> root in the SVG
// namespace whose texts are centred on their points, and reads the ring, the
// star's bounding box and every text.
func parseSeal(t *testing.T, s string) sealDrawing {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(s))
	var out sealDrawing
	depth, inText := 0, false
	attr := func(e xml.StartElement, name string) string {
		for _, a := range e.Attr {
			if a.Name.Local == name {
				return a.Value
			}
		}
		return ""
	}
	f := func(v string) float64 {
		x, err := strconv.ParseFloat(v, 64)
		if err != nil {
			t.Fatalf("number %q: %v", v, err)
		}
		return x
	}
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
			switch e.Name.Local {
			case "g":
				if attr(e, "text-anchor") != "middle" || attr(e, "dominant-baseline") != "central" {
					t.Fatalf("texts must be centred on their points: %v", e.Attr)
				}
			case "circle":
				out.cx, out.cy, out.ringR, out.ringW = f(attr(e, "cx")), f(attr(e, "cy")), f(attr(e, "r")), f(attr(e, "stroke-width"))
			case "polygon":
				out.star = box{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
				for _, p := range strings.Fields(attr(e, "points")) {
					xs, ys, _ := strings.Cut(p, ",")
					x, y := f(xs), f(ys)
					out.star = box{math.Min(out.star.x0, x), math.Min(out.star.y0, y), math.Max(out.star.x1, x), math.Max(out.star.y1, y)}
				}
			case "text":
				if attr(e, "x") != "" || attr(e, "y") != "" {
					t.Fatalf("a text is placed by its transform only: %v", e.Attr)
				}
				g := glyph{class: attr(e, "class"), size: f(attr(e, "font-size")), squeeze: 1}
				var sx, sy float64
				tr := attr(e, "transform")
				if n, err := fmt.Sscanf(tr, "translate(%g %g)", &g.x, &g.y); n != 2 {
					t.Fatalf("transform %q: %v", tr, err)
				}
				if _, rest, ok := strings.Cut(tr, "rotate("); ok {
					g.rot = f(rest[:strings.IndexByte(rest, ')')])
				}
				if _, rest, ok := strings.Cut(tr, "scale("); ok {
					if n, err := fmt.Sscanf(rest, "%g %g)", &sx, &sy); n != 2 || sy != 1 || sx <= 0 || sx > 1 {
						t.Fatalf("scale in %q: %v", tr, err)
					}
					g.squeeze = sx
				}
				out.texts = append(out.texts, g)
			}
		case xml.EndElement:
			depth--
			inText = false
		case xml.CharData:
			if inText {
				g := &out.texts[len(out.texts)-1]
				g.text += string(e)
				g.width = float64(utf8.RuneCountInString(g.text))
			}
		}
	}
	if depth != 0 {
		t.Fatal("unbalanced")
	}
	return out
}
