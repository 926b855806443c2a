package seal

import (
	"encoding/xml"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// SealRed is the vermilion of official seals.
const SealRed = "#d40000"

// Label is the horizontal text under the star of a platform seal: it says
// the image is an electronic seal, where a paper one would carry the name of
// a special-purpose seal (专用章).
const Label = "电子印章"

// The geometry of the seal, in the units of its 200 × 200 view box (the
// drawing is 42 mm across, so 1 mm ≈ 4.76 units). It follows the round
// official seal of the State Council's rules on seals (国发〔1999〕25号) and
// GA 241: one red ring, a five-pointed star in the centre, the
// organisation's name along the upper arc inside the ring, an optional line
// of horizontal text under the star and the seal's code (印章编码) along
// the lower arc. Nothing is drawn across the star: the date of a document
// is the document's own line, outside the seal.
const (
	centre     = 100.0 // the centre of the ring and of the star (x and y)
	ringRadius = 94.0  // the ring's centre line
	ringWidth  = 5.0   // the ring's stroke, about 1 mm
	// ringInner is the inner edge of the ring: every glyph lies inside it
	// with a gap of at least textGap.
	ringInner = ringRadius - ringWidth/2
	textGap   = 4.0
	// starRadius is the radius of the star's points (its diameter about a
	// third of the seal's, 13 mm).
	starRadius = 31.0

	nameMaxSize  = 26.0  // the name's glyphs, at most about 5.5 mm
	nameMinSize  = 12.0  // below this a long name is narrowed instead (字体压扁)
	nameAdvance  = 1.1   // the distance of two name glyphs, in ems at their centres
	nameMaxSpan  = 230.0 // degrees of the upper arc the name may take, centred on the top
	nameGap      = 5.0   // between the ring and the name's glyphs
	serialMax    = 12.0
	serialMin    = 7.0
	serialAdv    = 0.62 // digits are narrow
	serialSpan   = 80.0 // degrees of the lower arc, centred on the bottom
	labelSize    = 17.0
	labelMaxW    = 96.0 // the label is narrowed to stay clear of the name's ends
	labelStarGap = 8.0  // between the star's lowest points and the label's top
)

// SVG draws a department's seal as a standalone SVG document: the red round
// official seal (红色圆形印章) people expect on a licence — the ring, the
// five-pointed star in the centre, the department name along the upper arc
// (each character on the arc, upright as seen from the centre, the name
// centred on the top), "电子印章" under the star and the serial along the
// lower arc in smaller digits, read left to right. No text crosses the star
// or touches the ring. The output depends only on its arguments (no
// randomness, fixed number formatting), so the same seal always renders the
// same bytes and can be cached or compared. Text is XML escaped; characters
// XML cannot carry become U+FFFD. The drawing is 42 mm across, the size of a
// government seal, at print.
//
// Each character of the arcs is a <text> element of its own, the label one
// element; their class says which text they are (seal-name, seal-label,
// seal-serial), a transform "translate(x y) rotate(a)" places them, with a
// "scale(k 1)" when a long text is narrowed, and they are centred on that
// point (text-anchor middle, dominant-baseline central).
func SVG(name string, serial string) string {
	return draw(name, Label, serial)
}

func draw(name, label, serial string) string {
	var b strings.Builder
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" width="42mm" height="42mm" viewBox="0 0 200 200" role="img" aria-label="`)
	escape(&b, name)
	b.WriteString(`">`)
	b.WriteString(`<title>`)
	escape(&b, name)
	b.WriteString(`</title>`)
	b.WriteString(`<g fill="` + SealRed + `" stroke="none" font-family="SimSun, STSong, 'Songti SC', 'Noto Serif CJK SC', 'Source Han Serif SC', serif" font-weight="bold" text-anchor="middle" dominant-baseline="central">`)
	b.WriteString(`<circle class="seal-ring" cx="` + num(centre) + `" cy="` + num(centre) + `" r="` + num(ringRadius) + `" fill="none" stroke="` + SealRed + `" stroke-width="` + num(ringWidth) + `"/>`)
	b.WriteString(`<polygon class="seal-star" points="` + starPoints(centre, centre, starRadius) + `"/>`)

	// Upper arc: the name, centred on the top, the glyphs' feet towards the
	// centre, read clockwise (left to right).
	if runes := []rune(name); len(runes) > 0 {
		size, squeeze, radius, step := fitArc(len(runes), nameMaxSize, nameMinSize, nameAdvance, nameGap, nameMaxSpan)
		arc(&b, "seal-name", runes, radius, -90, step, size, squeeze, true)
	}
	// Under the star: the label, on one line, narrowed when long.
	if runes := []rune(label); len(runes) > 0 {
		w := float64(len(runes)) * labelSize
		squeeze := 1.0
		if w > labelMaxW {
			squeeze = labelMaxW / w
		}
		y := centre + starRadius*math.Cos(36*math.Pi/180) + labelStarGap + labelSize/2
		b.WriteString(`<text class="seal-label" font-size="` + num(labelSize) + `" transform="translate(` + num(centre) + ` ` + num(y) + `)` + scale(squeeze) + `">`)
		escape(&b, label)
		b.WriteString(`</text>`)
	}
	// Lower arc: the serial, centred on the bottom, read left to right, the
	// digits upright.
	if runes := []rune(serial); len(runes) > 0 {
		size, squeeze, radius, step := fitArc(len(runes), serialMax, serialMin, serialAdv, textGap, serialSpan)
		arc(&b, "seal-serial", runes, radius, 90, step, size, squeeze, false)
	}
	b.WriteString(`</g></svg>`)
	return b.String()
}

// fitArc sizes n glyphs on an arc of at most span degrees: the largest size
// up to maxSize that fits, the glyphs' centres gap inside the ring (their outer
// edge at ringInner − gap); below minSize they keep it and are narrowed
// (squeeze < 1). advance is the distance of two centres in ems. It returns
// the size, the squeeze, the radius of the centres and the angle between
// two glyphs (degrees).
func fitArc(n int, maxSize, minSize, advance, gap, span float64) (size, squeeze, radius, step float64) {
	size, squeeze = maxSize, 1
	outer := ringInner - gap
	if n > 1 {
		// (n−1)·advance·size = span·(outer − size/2), span in radians.
		rad := span * math.Pi / 180
		if fit := rad * outer / (float64(n-1)*advance + rad/2); fit < size {
			size = fit
		}
		if size < minSize {
			size = minSize
			squeeze = rad * (outer - size/2) / (float64(n-1) * advance * size)
		}
	}
	radius = outer - size/2
	step = advance * size * squeeze / radius * 180 / math.Pi
	return size, squeeze, radius, step
}

// arc places runes centred on the angle mid (degrees, SVG orientation: 0 is
// right, 90 is down), step degrees apart, each turned so that it stands
// upright as seen from the centre. On the upper arc text runs clockwise; on
// the lower arc counter-clockwise so that it still reads left to right, the
// glyphs' heads towards the centre.
func arc(b *strings.Builder, class string, runes []rune, radius, mid, step, size, squeeze float64, upper bool) {
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
		x := centre + radius*math.Cos(rad)
		y := centre + radius*math.Sin(rad)
		b.WriteString(`<text class="` + class + `" font-size="` + num(size) + `" transform="translate(` + num(x) + ` ` + num(y) + `) rotate(` + num(rot) + `)` + scale(squeeze) + `">`)
		escape(b, string(r))
		b.WriteString(`</text>`)
	}
}

// scale is the transform that narrows a text by k (nothing when k is 1).
func scale(k float64) string {
	if k >= 1 {
		return ""
	}
	return ` scale(` + strconv.FormatFloat(k, 'f', 3, 64) + ` 1)`
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
