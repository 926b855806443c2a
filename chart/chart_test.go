package chart

import (
	"encoding/xml"
	"errors"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// node is a parsed SVG element, enough to query the charts' structure.
type node struct {
	name string
	attr map[string]string
	kids []*node
	text string // the character data directly inside
}

// parse decodes s token by token until EOF and fails the test on any XML
// error; it returns the single root element.
func parse(t *testing.T, s string) *node {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(s))
	doc := &node{}
	stack := []*node{doc}
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("not XML: %v\n%s", err, s)
		}
		top := stack[len(stack)-1]
		switch tok := tok.(type) {
		case xml.StartElement:
			n := &node{name: tok.Name.Local, attr: map[string]string{}}
			for _, a := range tok.Attr {
				n.attr[a.Name.Local] = a.Value
			}
			top.kids = append(top.kids, n)
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			top.text += string(tok)
		}
	}
	if len(stack) != 1 || len(doc.kids) != 1 {
		t.Fatalf("want one root element, got %d\n%s", len(doc.kids), s)
	}
	return doc.kids[0]
}

// all lists the elements under n (n included) that match, in document order.
func (n *node) all(match func(*node) bool) []*node {
	var out []*node
	if match(n) {
		out = append(out, n)
	}
	for _, k := range n.kids {
		out = append(out, k.all(match)...)
	}
	return out
}

func named(name string) func(*node) bool {
	return func(n *node) bool { return n.name == name }
}

func classed(name, class string) func(*node) bool {
	return func(n *node) bool {
		if n.name != name {
			return false
		}
		for _, c := range strings.Fields(n.attr["class"]) {
			if c == class {
				return true
			}
		}
		return false
	}
}

func float(t *testing.T, s string) float64 {
	t.Helper()
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("not a number: %q", s)
	}
	return f
}

var (
	nan       = math.NaN()
	palette   = map[string]bool{accentColour: true, badColour: true, inkColour: true, greyColour: true, ruleColour: true, gridColour: true, "#fff": true, "none": true}
	oneDigit  = regexp.MustCompile(`^-?\d+(\.\d)?$`)
	numberRe  = regexp.MustCompile(`-?\d+(\.\d+)?`)
	coordAttr = []string{"x", "y", "cx", "cy", "r", "width", "height"}
)

func trend(n int, f func(i int) float64) []Point {
	ps := make([]Point, n)
	for i := range ps {
		ps[i] = Point{Label: "2026-" + strconv.Itoa(i+1), Value: f(i)}
	}
	return ps
}

// charts is every shape of input the tests below rely on; each must be a
// well-formed, printable, accessible SVG.
var charts = []struct {
	name, title, svg string
}{
	{"bars", "办结率", Bars("办结率", []Bar{{Label: "东城区", Value: 96.5}, {Label: "西城区", Value: 80, Bad: true, Href: "/s/r/2"}}, Options{Format: Percent})},
	{"bars escaped", `A<B & "C"`, Bars(`A<B & "C"`, []Bar{{Label: `<script>&"x"`, Value: 1, Href: `/x?a=1&b="2"`}}, Options{Unit: `<&">`, Format: func(float64) string { return "<b>" }})},
	{"bars NaN zero negative", "t", Bars("t", []Bar{{Label: "a", Value: nan}, {Label: "b", Value: 0}, {Label: "c", Value: -5}}, Options{})},
	{"bars long label", "t", Bars("t", []Bar{{Label: strings.Repeat("长", 30), Value: 3}}, Options{Width: 100})},
	{"bars control chars", "t\x01", Bars("t\x01", []Bar{{Label: "a\x00b", Value: math.Inf(1)}}, Options{})},
	{"bars none", "空", Bars("空", nil, Options{})},
	{"line", "按月办结率", Line("按月办结率", trend(12, func(i int) float64 { return 90 + float64(i)/3 }), Options{Format: Percent}, 95)},
	{"line gaps", "t", Line("t", []Point{{Label: "1", Value: 1}, {Label: "2", Value: nan}, {Label: "3", Value: 2, Href: "/d?m=3&x=1"}, {Label: "4", Value: -1}}, Options{Unit: "%"}, 0)},
	{"line one", "t", Line("t", []Point{{Label: `<1>`, Value: 5}}, Options{Width: 900}, 0)},
	{"line many", "t", Line("t", trend(30, func(i int) float64 { return float64(i) * 1.37 }), Options{}, 10)},
	{"line all NaN", "t", Line("t", trend(3, func(int) float64 { return nan }), Options{}, 0)},
	{"line none", "t", Line("t", nil, Options{}, 95)},
	{"empty", `空 & "无"`, Empty(`空 & "无"`, "<暂无数据>")},
}

func TestWellFormedPrintableAccessible(t *testing.T) {
	for _, c := range charts {
		t.Run(c.name, func(t *testing.T) {
			root := parse(t, c.svg)
			want := strings.ToValidUTF8(strings.Map(func(r rune) rune {
				if r < 0x20 {
					return '\uFFFD'
				}
				return r
			}, c.title), "")
			role := "img"
			if strings.Contains(c.svg, "<a ") {
				role = "group" // its links stay reachable
			}
			for k, v := range map[string]string{"width": "100%", "preserveAspectRatio": "xMinYMin meet", "role": role, "aria-label": want, "font-family": "sans-serif"} {
				if root.name != "svg" || root.attr[k] != v {
					t.Errorf("<%s %s=%q>, want %q", root.name, k, root.attr[k], v)
				}
			}
			if !strings.HasPrefix(root.attr["viewBox"], "0 0 ") {
				t.Errorf("viewBox %q", root.attr["viewBox"])
			}
			if len(root.kids) == 0 || root.kids[0].name != "title" || root.kids[0].text != want {
				t.Errorf("first child must be <title>%s</title>", want)
			}
			for _, n := range root.all(func(*node) bool { return true }) {
				for _, a := range []string{"fill", "stroke"} {
					if v, ok := n.attr[a]; ok && !palette[v] {
						t.Errorf("<%s %s=%q> is not in the print palette", n.name, a, v)
					}
				}
				if n.name == "text" {
					if fs := float(t, n.attr["font-size"]); fs < 12 || fs > 14 {
						t.Errorf("font-size %v", fs)
					}
				}
				if n == root {
					continue
				}
				for _, a := range coordAttr {
					if v, ok := n.attr[a]; ok && !oneDigit.MatchString(v) {
						t.Errorf("<%s %s=%q>: more than one decimal", n.name, a, v)
					}
				}
				for _, m := range numberRe.FindAllString(n.attr["d"], -1) {
					if !oneDigit.MatchString(m) {
						t.Errorf("<%s d=...%s...>: more than one decimal", n.name, m)
					}
				}
			}
		})
	}
}

func TestDeterministic(t *testing.T) {
	bars := []Bar{{Label: "甲", Value: 1}, {Label: "乙", Value: nan, Href: "/b"}, {Label: "丙", Value: 2.25, Bad: true}}
	points := trend(30, func(i int) float64 {
		if i%7 == 3 {
			return nan
		}
		return float64(i*i) / 7
	})
	for i := 0; i < 3; i++ {
		if a, b := Bars("t", bars, Options{Format: Percent}), Bars("t", bars, Options{Format: Percent}); a != b {
			t.Fatalf("Bars differs between calls:\n%s\n%s", a, b)
		}
		if a, b := Line("t", points, Options{}, 20), Line("t", points, Options{}, 20); a != b {
			t.Fatalf("Line differs between calls:\n%s\n%s", a, b)
		}
	}
}

func TestEscaping(t *testing.T) {
	for _, c := range charts[:2] {
		if strings.Contains(c.svg, "<script>") || strings.Contains(c.svg, "<b>") || strings.Contains(c.svg, `"C"`) {
			t.Fatalf("%s: unescaped markup:\n%s", c.name, c.svg)
		}
	}
	root := parse(t, charts[1].svg)
	label := root.all(classed("text", "label"))
	if len(label) != 1 || label[0].text != `<script>&"x"` {
		t.Errorf("label not round-tripped: %+v", label)
	}
	a := root.all(named("a"))
	if len(a) != 1 || a[0].attr["href"] != `/x?a=1&b="2"` {
		t.Errorf("href not round-tripped: %+v", a)
	}
	if v := root.all(classed("text", "value")); len(v) != 1 || v[0].text != "<b>" {
		t.Errorf("formatted value not round-tripped: %+v", v)
	}
	ticks := root.all(classed("text", "tick"))
	if len(ticks) != 2 || ticks[1].text != `<b><&">` {
		t.Errorf("axis end label not round-tripped: %+v", ticks)
	}
	empty := parse(t, Empty("t", `<a href="x">&`))
	if m := empty.all(classed("text", "message")); len(m) != 1 || m[0].text != `<a href="x">&` {
		t.Errorf("message not round-tripped: %+v", m)
	}
	line := parse(t, Line("t", []Point{{Label: `<&">`, Value: 1, Href: `?a=1&b=<2>`}}, Options{}, 0))
	if x := line.all(classed("text", "x")); len(x) != 1 || x[0].text != `<&">` {
		t.Errorf("x label not round-tripped: %+v", x)
	}
	if tip := line.all(named("circle"))[0].kids; len(tip) != 1 || tip[0].text != `<&">: 1.0` {
		t.Errorf("tooltip not round-tripped: %+v", tip)
	}
	if a := line.all(named("a")); len(a) != 1 || a[0].attr["href"] != `?a=1&b=<2>` {
		t.Errorf("point href not round-tripped: %+v", a)
	}
}

// barWidths is each row's bar width, -1 for a row without a bar, and the
// printed values.
func barWidths(t *testing.T, root *node) ([]float64, []string) {
	t.Helper()
	var ws []float64
	var vs []string
	for _, g := range root.all(classed("g", "bar")) {
		w := -1.0
		if r := g.all(named("rect")); len(r) == 1 {
			w = float(t, r[0].attr["width"])
		}
		ws = append(ws, w)
		vs = append(vs, g.all(classed("text", "value"))[0].text)
	}
	return ws, vs
}

func TestBarsScale(t *testing.T) {
	full := float64(defaultWidth) - float64(defaultWidth*3/10) - barValueW
	for _, c := range []struct {
		name    string
		values  []float64
		o       Options
		widths  []float64
		printed []string
		axis    string
	}{
		{"largest is full", []float64{50, 100, 25}, Options{}, []float64{full / 2, full, full / 4}, []string{"50.0", "100.0", "25.0"}, "100.0"},
		{"Max respected, above clamped", []float64{150, 100, 50}, Options{Max: 100, Unit: "%"}, []float64{full, full, full / 2}, []string{"150.0", "100.0", "50.0"}, "100.0%"},
		{"Max above the data", []float64{50}, Options{Max: 200, Format: Percent}, []float64{full / 4}, []string{"50.0%"}, "200.0%"},
		{"all zero scales to 1", []float64{0, 0}, Options{}, []float64{0, 0}, []string{"0.0", "0.0"}, "1.0"},
		{"negative is 0 wide", []float64{-5, 10}, Options{}, []float64{0, full}, []string{"-5.0", "10.0"}, "10.0"},
		{"NaN draws no bar", []float64{nan, 4}, Options{}, []float64{-1, full}, []string{"—", "4.0"}, "4.0"},
		{"NaN with Percent", []float64{nan, 80}, Options{Format: Percent}, []float64{-1, full}, []string{"—", "80.0%"}, "80.0%"},
		{"only NaN", []float64{nan}, Options{}, []float64{-1}, []string{"—"}, "1.0"},
		{"negative Max is unset", []float64{3, 6}, Options{Max: -1}, []float64{full / 2, full}, []string{"3.0", "6.0"}, "6.0"},
		{"NaN Max is unset", []float64{3, 6}, Options{Max: nan}, []float64{full / 2, full}, []string{"3.0", "6.0"}, "6.0"},
		{"+Inf is full width", []float64{math.Inf(1), 6}, Options{}, []float64{full, full}, []string{"+Inf", "6.0"}, "6.0"},
	} {
		t.Run(c.name, func(t *testing.T) {
			bars := make([]Bar, len(c.values))
			for i, v := range c.values {
				bars[i] = Bar{Label: "r" + strconv.Itoa(i), Value: v}
			}
			root := parse(t, Bars("t", bars, c.o))
			ws, vs := barWidths(t, root)
			if len(ws) != len(c.widths) {
				t.Fatalf("%d rows, want %d", len(ws), len(c.widths))
			}
			for i := range ws {
				if math.Abs(ws[i]-c.widths[i]) > 0.051 {
					t.Errorf("bar %d width %v, want %v", i, ws[i], c.widths[i])
				}
				if vs[i] != c.printed[i] {
					t.Errorf("bar %d prints %q, want %q", i, vs[i], c.printed[i])
				}
			}
			ticks := root.all(classed("text", "tick"))
			if len(ticks) != 2 || ticks[1].text != c.axis {
				t.Errorf("axis end %+v, want %q", ticks, c.axis)
			}
		})
	}
}

func TestBarsHeightGrows(t *testing.T) {
	prev := 0.0
	for n := 1; n <= 5; n++ {
		root := parse(t, Bars("t", make([]Bar, n), Options{Width: 800}))
		vb := strings.Fields(root.attr["viewBox"])
		if vb[2] != "800" {
			t.Errorf("viewBox width %s, want 800", vb[2])
		}
		h := float(t, vb[3])
		if n > 1 && h-prev != barRowH {
			t.Errorf("%d bars: height %v, grows by %v, want %d", n, h, h-prev, barRowH)
		}
		prev = h
	}
}

func TestBarsLinksAndBad(t *testing.T) {
	root := parse(t, Bars("t", []Bar{
		{Label: "有链接", Value: 1, Href: "/supervision/regions/110101"},
		{Label: "无链接", Value: 2},
		{Label: "落后", Value: 0.5, Bad: true, Href: "/r/3"},
		{Label: "缺数", Value: nan, Bad: true},
	}, Options{}))
	rows := root.all(classed("g", "bar"))
	if len(rows) != 4 {
		t.Fatalf("%d rows", len(rows))
	}
	for i, c := range []struct {
		href string
		fill string // "" = no bar
		bad  bool
	}{
		{"/supervision/regions/110101", accentColour, false},
		{"", accentColour, false},
		{"/r/3", badColour, true},
		{"", "", true},
	} {
		a := rows[i].all(named("a"))
		if c.href == "" && len(a) != 0 {
			t.Errorf("row %d: link without Href", i)
		}
		if c.href != "" {
			if len(a) != 1 || a[0].attr["href"] != c.href {
				t.Fatalf("row %d: want one <a href=%q>, got %+v", i, c.href, a)
			}
			// The link carries both the label and the bar.
			if len(a[0].all(classed("text", "label"))) != 1 || len(a[0].all(named("rect"))) != 1 {
				t.Errorf("row %d: link must wrap the label and the bar", i)
			}
		}
		rect := rows[i].all(named("rect"))
		switch {
		case c.fill == "" && len(rect) != 0:
			t.Errorf("row %d: NaN drew a bar", i)
		case c.fill != "" && (len(rect) != 1 || rect[0].attr["fill"] != c.fill):
			t.Errorf("row %d: want a %s bar, got %+v", i, c.fill, rect)
		}
		if bad := classed("g", "bad")(rows[i]); bad != c.bad {
			t.Errorf("row %d: class bad = %v, want %v", i, bad, c.bad)
		}
		if w := rows[i].all(classed("text", "label"))[0].attr["font-weight"]; (w == "bold") != c.bad {
			t.Errorf("row %d: label weight %q", i, w)
		}
	}
	if strings.Contains(Bars("t", []Bar{{Label: "a", Value: 1}}, Options{}), badColour) {
		t.Error("red used without a Bad bar")
	}
}

func TestBarsTruncation(t *testing.T) {
	for _, c := range []struct {
		label, shown string
		title        bool
	}{
		{"北京市东城区", "北京市东城区", false},
		{"一二三四五六七八九十一二三四", "一二三四五六七八九十一二三四", false}, // 14 runes: kept
		{"一二三四五六七八九十一二三四五", "一二三四五六七八九十一二三…", true},
		{"内蒙古自治区呼和浩特市新城区人民政府政务服务中心", "内蒙古自治区呼和浩特市新城…", true},
		{strings.Repeat("<", 15) + "&", strings.Repeat("<", 13) + "…", true},
	} {
		root := parse(t, Bars("t", []Bar{{Label: c.label, Value: 1}}, Options{}))
		row := root.all(classed("g", "bar"))[0]
		if got := row.all(classed("text", "label"))[0].text; got != c.shown {
			t.Errorf("%q shown as %q, want %q", c.label, got, c.shown)
		}
		if n := len([]rune(c.shown)); n > maxRunes {
			t.Errorf("%q: %d runes shown", c.label, n)
		}
		titles := row.all(named("title"))
		if !c.title && len(titles) != 0 {
			t.Errorf("%q: <title> on an uncut label", c.label)
		}
		if c.title && (len(titles) != 1 || titles[0].text != c.label) {
			t.Errorf("%q: full label not kept in <title>: %+v", c.label, titles)
		}
	}
}

func TestLineXLabelsThinned(t *testing.T) {
	for _, c := range []struct{ n, want int }{{1, 1}, {5, 5}, {8, 8}, {9, 5}, {12, 6}, {30, 8}, {31, 8}, {100, 8}, {365, 8}} {
		ps := trend(c.n, func(i int) float64 { return float64(i) })
		root := parse(t, Line("t", ps, Options{}, 0))
		x := root.all(classed("text", "x"))
		if len(x) != c.want || len(x) > lineMaxX {
			t.Errorf("%d points: %d x labels, want %d (≤ %d)", c.n, len(x), c.want, lineMaxX)
		}
		if x[0].text != ps[0].Label {
			t.Errorf("%d points: first x label %q, want %q", c.n, x[0].text, ps[0].Label)
		}
		// Evenly: the same distance between neighbours.
		for i := 2; i < len(x); i++ {
			d1 := float(t, x[i].attr["x"]) - float(t, x[i-1].attr["x"])
			d0 := float(t, x[i-1].attr["x"]) - float(t, x[i-2].attr["x"])
			if math.Abs(d1-d0) > 0.11 {
				t.Errorf("%d points: x labels not evenly spaced (%v, %v)", c.n, d0, d1)
			}
		}
		if dots := root.all(named("circle")); len(dots) != c.n {
			t.Errorf("%d points: %d dots", c.n, len(dots))
		}
	}
}

func TestLineGapsClampAndLinks(t *testing.T) {
	root := parse(t, Line("t", []Point{
		{Label: "01", Value: 1}, {Label: "02", Value: 2},
		{Label: "03", Value: nan},
		{Label: "04", Value: 3, Href: "/m/04"},
		{Label: "05", Value: nan},
		{Label: "06", Value: 150}, {Label: "07", Value: -4, Href: "/m/07"},
	}, Options{Max: 100, Format: Percent}, 0))
	paths := root.all(classed("path", "line"))
	if len(paths) != 1 {
		t.Fatalf("%d line paths", len(paths))
	}
	// 01–02 and 06–07 are runs; 04 stands alone between gaps.
	d := paths[0].attr["d"]
	if m, l := strings.Count(d, "M"), strings.Count(d, "L"); m != 2 || l != 2 {
		t.Errorf("d=%q: %d moves and %d lines, want 2 and 2", d, m, l)
	}
	dots := root.all(named("circle"))
	if len(dots) != 5 {
		t.Fatalf("%d dots, want 5 (no dot for NaN)", len(dots))
	}
	tips := []string{"01: 1.0%", "02: 2.0%", "04: 3.0%", "06: 150.0%", "07: -4.0%"}
	for i, dot := range dots {
		if len(dot.kids) != 1 || dot.kids[0].name != "title" || dot.kids[0].text != tips[i] {
			t.Errorf("dot %d tooltip %+v, want %q", i, dot.kids, tips[i])
		}
	}
	if cy := float(t, dots[3].attr["cy"]); cy != lineTop {
		t.Errorf("value above Max at y=%v, want the top %d", cy, lineTop)
	}
	if cy := float(t, dots[4].attr["cy"]); cy != lineBottom {
		t.Errorf("negative value at y=%v, want the axis %d", cy, lineBottom)
	}
	var hrefs []string
	for _, a := range root.all(named("a")) {
		if len(a.all(named("circle"))) != 1 {
			t.Errorf("<a> must wrap one dot")
		}
		hrefs = append(hrefs, a.attr["href"])
	}
	if strings.Join(hrefs, " ") != "/m/04 /m/07" {
		t.Errorf("links %v, want the two points with Href", hrefs)
	}
	if len(parse(t, Line("t", trend(4, func(int) float64 { return 1 }), Options{}, 0)).all(named("a"))) != 0 {
		t.Error("links without Href")
	}
	if len(parse(t, Line("t", trend(3, func(int) float64 { return nan }), Options{}, 0)).all(classed("path", "line"))) != 0 {
		t.Error("a line drawn through gaps only")
	}
}

func TestLineAxisAndTarget(t *testing.T) {
	for _, c := range []struct {
		name    string
		values  []float64
		o       Options
		target  float64
		yLabels [2]string
		target1 string // "" = no target line
	}{
		{"largest value", []float64{10, 40, 20}, Options{}, 0, [2]string{"0.0", "40.0"}, ""},
		{"Max and Unit", []float64{10, 40}, Options{Max: 100, Unit: "%"}, 95, [2]string{"0.0", "100.0%"}, "95.0%"},
		{"target raises the scale", []float64{80, 90}, Options{Format: Percent}, 95, [2]string{"0.0%", "95.0%"}, "95.0%"},
		{"target above Max is not drawn", []float64{1, 2}, Options{Max: 50}, 95, [2]string{"0.0", "50.0"}, ""},
		{"negative target", []float64{1, 2}, Options{}, -3, [2]string{"0.0", "2.0"}, ""},
		{"NaN target", []float64{1, 2}, Options{}, nan, [2]string{"0.0", "2.0"}, ""},
		{"all zero", []float64{0, 0}, Options{}, 0, [2]string{"0.0", "1.0"}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			ps := make([]Point, len(c.values))
			for i, v := range c.values {
				ps[i] = Point{Label: strconv.Itoa(i), Value: v}
			}
			root := parse(t, Line("t", ps, c.o, c.target))
			y := root.all(classed("text", "y"))
			if len(y) != 2 || y[0].text != c.yLabels[0] || y[1].text != c.yLabels[1] {
				t.Errorf("y labels %+v, want %v", y, c.yLabels)
			}
			tl := root.all(classed("path", "target"))
			tt := root.all(classed("text", "target"))
			if c.target1 == "" {
				if len(tl)+len(tt) != 0 {
					t.Errorf("target drawn: %+v", tl)
				}
				return
			}
			if len(tl) != 1 || tl[0].attr["stroke-dasharray"] == "" {
				t.Fatalf("want one dashed target line, got %+v", tl)
			}
			if len(tt) != 1 || tt[0].text != c.target1 {
				t.Errorf("target label %+v, want %q", tt, c.target1)
			}
		})
	}
}

func TestEmpty(t *testing.T) {
	for name, svg := range map[string]string{
		"Bars":  Bars("各区办结率", nil, Options{}),
		"Line":  Line("各区办结率", []Point{}, Options{}, 95),
		"Empty": Empty("各区办结率", "暂无数据"),
	} {
		if svg != Empty("各区办结率", "暂无数据") {
			t.Errorf("%s with no data is not Empty(title, \"暂无数据\"):\n%s", name, svg)
		}
		root := parse(t, svg)
		if m := root.all(classed("text", "message")); len(m) != 1 || m[0].text != "暂无数据" {
			t.Errorf("%s: message %+v", name, m)
		}
		if len(root.all(named("rect"))) != 1 {
			t.Errorf("%s: want the box", name)
		}
	}
}

func TestPercent(t *testing.T) {
	for _, c := range []struct {
		v    float64
		want string
	}{
		{96.5, "96.5%"},
		{96.54, "96.5%"},
		{96.56, "96.6%"},
		{100, "100.0%"},
		{0, "0.0%"},
		{-0.01, "0.0%"},
		{math.Copysign(0, -1), "0.0%"},
		{33.333333, "33.3%"},
		{nan, "—"},
	} {
		if got := Percent(c.v); got != c.want {
			t.Errorf("Percent(%v) = %q, want %q", c.v, got, c.want)
		}
	}
}

func TestNum(t *testing.T) {
	for _, c := range []struct {
		v    float64
		want string
	}{{0, "0"}, {12, "12"}, {12.5, "12.5"}, {12.04, "12"}, {12.06, "12.1"}, {-0.01, "0"}, {-3.25, "-3.2"}, {1e6, "1000000"}} {
		if got := num(c.v); got != c.want {
			t.Errorf("num(%v) = %q, want %q", c.v, got, c.want)
		}
	}
}
