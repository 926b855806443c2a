package chart

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// The palette: text is black or grey so it prints on any printer; bars and
// lines use one accent, and red only marks what is bad.
const (
	accentColour = "#1f5fa8"
	badColour    = "#c0392b"
	inkColour    = "#222" // titles, labels, values
	greyColour   = "#555" // axis labels, the target line, messages
	ruleColour   = "#999" // axes, the empty box
	gridColour   = "#ddd" // the line chart's top grid line
)

// Layout, in SVG user units (pixels at 100%).
const (
	defaultWidth = 640
	minWidth     = 320 // narrower would leave no room for the bars
	pad          = 12  // the outer margin
	titleY       = 20  // the visible title's baseline
	plotTop      = 32  // where the drawing starts below the title

	barRowH   = 28 // one bar's row
	barH      = 18 // the bar inside its row
	barValueW = 72 // room after the longest bar for its printed value
	maxRunes  = 14 // longer bar labels are cut, the full one kept in <title>

	lineH       = 240
	lineLeft    = 56 // room for the y labels
	lineRight   = 24 // right margin
	lineTop     = 40
	lineBottom  = 204 // the x axis; x labels below it
	lineMaxX    = 8   // at most this many x labels
	lineDotR    = 3.5
	noDataLabel = "暂无数据"
)

// Bar is one bar: a label (a region, an item), its value, an optional link
// the bar and its label lead to (a drill-down URL; empty = no link), and Bad
// to colour it red (a laggard).
type Bar struct {
	Label string
	Value float64
	Href  string
	Bad   bool
}

// Options shape a chart. The zero value is usable: the charts share the
// defaults so that a dashboard's charts line up when placed one above the
// other.
type Options struct {
	Width  int                  // viewBox width, 640 when 0 (at least 320)
	Max    float64              // the value axis' top (see Bars); 0, negative, NaN or +Inf = from the data
	Format func(float64) string // the value as printed; "%.1f" when nil (Percent for rates)
	Unit   string               // appended to the axis' end label, e.g. "%"
}

// Point is one period of a trend: its label (a month "2026-03" or a day) and
// value; NaN is a gap (no cases in that period), drawn as a break in the line.
type Point struct {
	Label string
	Value float64
	Href  string
}

// Bars renders a horizontal bar chart (one row per bar, label on the left,
// bar, then the value printed at its end with Format). Max is the scale's
// top: when 0 the largest value is used (and 1 when every value is 0).
// Values below 0 draw as 0 width. NaN values draw no bar and print "—".
// Values above Max are drawn at full width (the printed value stays true).
// No bars at all draws Empty(title, "暂无数据").
//
// Labels longer than 14 runes are cut with "…" and the full label is kept in
// the row's <title> (a tooltip on screen). Bad bars are red and their label
// bold, so laggards stay visible on a black-and-white print.
func Bars(title string, bars []Bar, o Options) string {
	if len(bars) == 0 {
		return Empty(title, noDataLabel)
	}
	w := o.width()
	format := o.format()
	values := make([]float64, len(bars))
	for i, b := range bars {
		values[i] = b.Value
	}
	top := scaleTop(o.Max, values)
	x0 := float64(w * 3 / 10) // the label column
	span := float64(w) - x0 - barValueW
	axisY := plotTop + len(bars)*barRowH + 2
	h := axisY + 24

	var s strings.Builder
	open(&s, title, w, h, slices.ContainsFunc(bars, func(b Bar) bool { return b.Href != "" }))
	for i, b := range bars {
		y := plotTop + i*barRowH
		class, fill, weight := "bar", accentColour, ""
		if b.Bad {
			class, fill, weight = "bar bad", badColour, ` font-weight="bold"`
		}
		fmt.Fprintf(&s, `<g class="%s">`, class)
		label, cut := truncate(b.Label, maxRunes)
		if cut {
			fmt.Fprintf(&s, `<title>%s</title>`, esc(b.Label))
		}
		if b.Href != "" {
			fmt.Fprintf(&s, `<a href="%s">`, esc(b.Href))
		}
		fmt.Fprintf(&s, `<text class="label" x="%s" y="%d" text-anchor="end" font-size="12" fill="%s"%s>%s</text>`,
			num(x0-8), y+18, inkColour, weight, esc(label))
		value := "—"
		valueX := x0 + 4
		if !math.IsNaN(b.Value) {
			bw := span * clamp(b.Value, 0, top) / top
			fmt.Fprintf(&s, `<rect x="%s" y="%d" width="%s" height="%d" fill="%s"/>`,
				num(x0), y+(barRowH-barH)/2, num(bw), barH, fill)
			value = format(b.Value)
			valueX = x0 + bw + 4
		}
		if b.Href != "" {
			s.WriteString(`</a>`)
		}
		fmt.Fprintf(&s, `<text class="value" x="%s" y="%d" font-size="12" fill="%s">%s</text>`,
			num(valueX), y+18, inkColour, esc(value))
		s.WriteString("</g>\n")
	}
	// The value axis: a base line at the labels' edge, the scale below.
	fmt.Fprintf(&s, `<path class="axis" d="M%s,%dV%dH%s" fill="none" stroke="%s"/>`+"\n",
		num(x0), plotTop, axisY, num(x0+span), ruleColour)
	fmt.Fprintf(&s, `<text class="tick" x="%s" y="%d" text-anchor="middle" font-size="12" fill="%s">%s</text>`+"\n",
		num(x0), axisY+16, greyColour, esc(format(0)))
	fmt.Fprintf(&s, `<text class="tick" x="%s" y="%d" text-anchor="end" font-size="12" fill="%s">%s</text>`+"\n",
		num(x0+span), axisY+16, greyColour, esc(format(top)+o.Unit))
	s.WriteString("</svg>\n")
	return s.String()
}

// Line renders a trend line over periods left to right, with the points as
// dots (each dot links to Href when set, with a <title> tooltip "label: value"),
// a y axis with 0 and Max (or the largest value) labelled using Format and Unit,
// and at most ~8 x labels (thin them evenly when there are many points).
// Optional Target draws a dashed horizontal reference line (e.g. 95 for a
// 95% on-time target) when > 0.
//
// When Max is not set the scale also reaches the target, so the reference
// line is always on the chart; a target above an explicit Max is not drawn.
// Values are clamped to [0, Max]. NaN points draw no dot and break the line;
// a point between two gaps shows as its dot alone. No points at all draws
// Empty(title, "暂无数据").
func Line(title string, points []Point, o Options, target float64) string {
	if len(points) == 0 {
		return Empty(title, noDataLabel)
	}
	w := o.width()
	format := o.format()
	hasTarget := target > 0 && !math.IsInf(target, 1)
	values := make([]float64, 0, len(points)+1)
	for _, p := range points {
		values = append(values, p.Value)
	}
	if hasTarget {
		values = append(values, target)
	}
	top := scaleTop(o.Max, values)
	hasTarget = hasTarget && target <= top
	left, right := float64(lineLeft), float64(w-lineRight)
	n := len(points)
	px := func(i int) float64 {
		if n == 1 {
			return (left + right) / 2
		}
		return left + float64(i)*(right-left)/float64(n-1)
	}
	py := func(v float64) float64 {
		return lineBottom - clamp(v, 0, top)/top*(lineBottom-lineTop)
	}

	var s strings.Builder
	open(&s, title, w, lineH, slices.ContainsFunc(points, func(p Point) bool { return p.Href != "" }))
	// Axes, the top grid line and the y labels.
	fmt.Fprintf(&s, `<path class="grid" d="M%s,%dH%s" fill="none" stroke="%s"/>`+"\n",
		num(left), lineTop, num(right), gridColour)
	fmt.Fprintf(&s, `<path class="axis" d="M%s,%dV%dH%s" fill="none" stroke="%s"/>`+"\n",
		num(left), lineTop, lineBottom, num(right), ruleColour)
	fmt.Fprintf(&s, `<text class="y" x="%s" y="%d" text-anchor="end" font-size="12" fill="%s">%s</text>`+"\n",
		num(left-6), lineBottom+4, greyColour, esc(format(0)))
	fmt.Fprintf(&s, `<text class="y" x="%s" y="%d" text-anchor="end" font-size="12" fill="%s">%s</text>`+"\n",
		num(left-6), lineTop+4, greyColour, esc(format(top)+o.Unit))
	if hasTarget {
		ty := py(target)
		fmt.Fprintf(&s, `<path class="target" d="M%s,%sH%s" fill="none" stroke="%s" stroke-dasharray="4 3"/>`+"\n",
			num(left), num(ty), num(right), greyColour)
		fmt.Fprintf(&s, `<text class="target" x="%s" y="%s" text-anchor="end" font-size="12" fill="%s">%s</text>`+"\n",
			num(right), num(ty-4), greyColour, esc(format(target)+o.Unit))
	}
	// The line, broken at every gap; one-point runs are left to their dot.
	var d strings.Builder
	run := 0
	for i, p := range points {
		if math.IsNaN(p.Value) {
			run = 0
			continue
		}
		next := i+1 < n && !math.IsNaN(points[i+1].Value)
		switch {
		case run == 0 && next:
			fmt.Fprintf(&d, "M%s,%s", num(px(i)), num(py(p.Value)))
		case run > 0:
			fmt.Fprintf(&d, "L%s,%s", num(px(i)), num(py(p.Value)))
		}
		run++
	}
	if d.Len() > 0 {
		fmt.Fprintf(&s, `<path class="line" d="%s" fill="none" stroke="%s" stroke-width="2" stroke-linejoin="round"/>`+"\n",
			d.String(), accentColour)
	}
	for i, p := range points {
		if math.IsNaN(p.Value) {
			continue
		}
		if p.Href != "" {
			fmt.Fprintf(&s, `<a href="%s">`, esc(p.Href))
		}
		fmt.Fprintf(&s, `<circle class="point" cx="%s" cy="%s" r="%s" fill="%s"><title>%s</title></circle>`,
			num(px(i)), num(py(p.Value)), num(lineDotR), accentColour, esc(p.Label+": "+format(p.Value)))
		if p.Href != "" {
			s.WriteString(`</a>`)
		}
		s.WriteString("\n")
	}
	// x labels: every step-th period, so that at most lineMaxX show.
	step := (n + lineMaxX - 1) / lineMaxX
	for i := 0; i < n; i += step {
		fmt.Fprintf(&s, `<text class="x" x="%s" y="%d" text-anchor="middle" font-size="12" fill="%s">%s</text>`+"\n",
			num(px(i)), lineBottom+18, greyColour, esc(points[i].Label))
	}
	s.WriteString("</svg>\n")
	return s.String()
}

// Empty draws a small box with the message in place of a chart, for a
// period or selection with no data: the page keeps its layout and the
// printout says why the chart is missing.
func Empty(title, message string) string {
	const w, h = defaultWidth, 96
	var s strings.Builder
	open(&s, title, w, h, false)
	fmt.Fprintf(&s, `<rect x="%d" y="%d" width="%d" height="%d" fill="#fff" stroke="%s"/>`+"\n",
		pad, plotTop, w-2*pad, h-plotTop-pad, ruleColour)
	fmt.Fprintf(&s, `<text class="message" x="%d" y="%d" text-anchor="middle" font-size="13" fill="%s">%s</text>`+"\n",
		w/2, plotTop+(h-plotTop-pad)/2+5, greyColour, esc(message))
	s.WriteString("</svg>\n")
	return s.String()
}

// Percent prints a rate already in percent (0–100, as the supervision
// measures are) with one decimal, e.g. "96.5%", and NaN — a rate with no
// cases behind it — as "—", never as 0. Use it as Options.Format.
func Percent(v float64) string {
	if math.IsNaN(v) {
		return "—"
	}
	return oneDecimal(v) + "%"
}

// open writes the <svg> element, which scales with the page, and the title
// both for assistive technology and visibly, so a printout is self-explaining.
// A chart whose bars or points link somewhere is a group, not an image: an
// image's content is presentational, and its links would be out of reach.
func open(s *strings.Builder, title string, w, h int, linked bool) {
	t := esc(title)
	role := "img"
	if linked {
		role = "group"
	}
	fmt.Fprintf(s, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="100%%" preserveAspectRatio="xMinYMin meet" role="%s" aria-label="%s" font-family="sans-serif">`+"\n",
		w, h, role, t)
	fmt.Fprintf(s, "<title>%s</title>\n", t)
	fmt.Fprintf(s, `<text class="title" x="%d" y="%d" font-size="14" font-weight="bold" fill="%s">%s</text>`+"\n",
		pad, titleY, inkColour, t)
}

func (o Options) width() int {
	switch {
	case o.Width <= 0:
		return defaultWidth
	case o.Width < minWidth:
		return minWidth
	}
	return o.Width
}

func (o Options) format() func(float64) string {
	if o.Format != nil {
		return o.Format
	}
	return oneDecimal
}

// scaleTop is the value axis' top: max when it is a usable number, else the
// largest finite value, else 1 (so an all-zero chart still has a scale).
func scaleTop(max float64, values []float64) float64 {
	if max > 0 && !math.IsInf(max, 1) {
		return max
	}
	top := 0.0
	for _, v := range values {
		if !math.IsNaN(v) && !math.IsInf(v, 0) && v > top {
			top = v
		}
	}
	if top <= 0 {
		return 1
	}
	return top
}

// clamp keeps v in [lo, hi]; NaN is lo.
func clamp(v, lo, hi float64) float64 {
	switch {
	case v > hi:
		return hi
	case v > lo:
		return v
	}
	return lo
}

// truncate cuts s to n runes, the last one "…", and reports whether it did.
func truncate(s string, n int) (string, bool) {
	r := []rune(s)
	if len(r) <= n {
		return s, false
	}
	return string(r[:n-1]) + "…", true
}

// oneDecimal is "%.1f" without a "-0.0" for small negatives.
func oneDecimal(v float64) string {
	s := strconv.FormatFloat(v, 'f', 1, 64)
	if s == "-0.0" {
		return "0.0"
	}
	return s
}

// num prints a coordinate with at most one decimal: "12", "12.5".
func num(x float64) string {
	s := strings.TrimSuffix(strconv.FormatFloat(x, 'f', 1, 64), ".0")
	if s == "-0" {
		return "0"
	}
	return s
}

// esc escapes text and attribute values alike (it escapes both quotes) and
// replaces characters XML cannot carry, so the output always parses.
func esc(s string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}
