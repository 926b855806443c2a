package seal

import (
	"encoding/xml"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// SealRed is the vermilion of official seals.
const SealRed = "#d7000f"

// SVG draws a department's seal as a standalone SVG document: the red round
// official seal (红色圆形印章) people expect on a licence — a circular border,
// a five-pointed star in the centre, the department name along the upper arc
// (each character placed on the arc and turned to face outwards), "电子印章"
// under the star and the serial along the lower arc. The output depends only on
// its arguments (no randomness, fixed number formatting), so the same seal
// always renders the same bytes and can be cached or compared. Text is XML
// escaped; characters XML cannot carry become U+FFFD. The drawing is 42 mm
// across, the size of a government seal, at print.
func SVG(name string, serial string) string {
	var b strings.Builder
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" width="42mm" height="42mm" viewBox="0 0 200 200" role="img" aria-label="`)
	escape(&b, name)
	b.WriteString(`">`)
	b.WriteString(`<title>`)
	escape(&b, name)
	b.WriteString(`</title>`)
	b.WriteString(`<g fill="` + SealRed + `" stroke="none" font-family="SimSun, STSong, 'Songti SC', 'Noto Serif CJK SC', 'Source Han Serif SC', serif" font-weight="bold" text-anchor="middle">`)
	b.WriteString(`<circle cx="100" cy="100" r="95" fill="none" stroke="` + SealRed + `" stroke-width="5"/>`)
	b.WriteString(`<polygon points="` + starPoints(100, 100, 27) + `"/>`)

	// Upper arc: the name, centred on the top, tops of the glyphs outwards.
	if runes := []rune(name); len(runes) > 0 {
		step := 28.0
		if len(runes) > 1 {
			step = math.Min(28, 220/float64(len(runes)-1))
		}
		size := math.Min(24, step*math.Pi/180*74*0.92)
		arc(&b, runes, 74, -90, step, size, true)
	}
	b.WriteString(`<text x="100" y="151" font-size="15">电子印章</text>`)
	// Lower arc: the serial, read left to right, tops of the glyphs inwards.
	if runes := []rune(serial); len(runes) > 0 {
		step := 8.0
		if len(runes) > 1 {
			step = math.Min(8, 110/float64(len(runes)-1))
		}
		size := math.Min(11, step*math.Pi/180*82*1.1)
		arc(&b, runes, 82, 90, step, size, false)
	}
	b.WriteString(`</g></svg>`)
	return b.String()
}

// arc places runes centred on the angle mid (degrees, SVG orientation: 0 is
// right, 90 is down), step degrees apart. On the upper arc text runs
// clockwise; on the lower arc counter-clockwise so that it still reads left to
// right.
func arc(b *strings.Builder, runes []rune, radius, mid, step, size float64, upper bool) {
	n := float64(len(runes))
	for i, r := range runes {
		var theta, rot float64
		if upper {
			theta = mid - step*(n-1)/2 + step*float64(i)
			rot = theta + 90
		} else {
			theta = mid + step*(n-1)/2 - step*float64(i)
			rot = theta - 90
		}
		rad := theta * math.Pi / 180
		x := 100 + radius*math.Cos(rad)
		y := 100 + radius*math.Sin(rad)
		b.WriteString(`<text font-size="` + num(size) + `" y="` + num(size*0.35) +
			`" transform="translate(` + num(x) + ` ` + num(y) + `) rotate(` + num(rot) + `)">`)
		escape(b, string(r))
		b.WriteString(`</text>`)
	}
}

// starPoints is the outline of a five-pointed star with one point up; the inner
// radius ratio 0.382 gives the classic regular star.
func starPoints(cx, cy, r float64) string {
	var pts []string
	for i := 0; i < 10; i++ {
		rr := r
		if i%2 == 1 {
			rr = r * 0.382
		}
		a := (-90 + 36*float64(i)) * math.Pi / 180
		pts = append(pts, num(cx+rr*math.Cos(a))+","+num(cy+rr*math.Sin(a)))
	}
	return strings.Join(pts, " ")
}

// num formats with two decimals and no negative zero, so output is stable.
func num(v float64) string {
	s := strconv.FormatFloat(v, 'f', 2, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" || s == "" {
		return "0"
	}
	return s
}

func escape(b *strings.Builder, s string) {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	var sb strings.Builder
	_ = xml.EscapeText(&sb, []byte(s)) // writes to a Builder never fail
	b.WriteString(sb.String())
}
