package catalog

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Layout of the bundle drawing, in SVG user units (pixels at 100%).
const (
	svgMargin   = 20
	svgTitleH   = 32
	svgBoxW     = 200
	svgPad      = 10
	svgCodeH    = 16 // the item code line
	svgLineH    = 18 // one line of the item name
	svgGapX     = 64
	svgGapY     = 20
	svgWrap     = 24 // name line width in half-width units (a Chinese character is 2)
	svgMaxLines = 4
)

// SVG draws a bundle's DAG for the server-rendered UI: one column per depth
// (steps that wait for nothing on the left), a box per step with its item
// code and name (long Chinese names wrapped), an arrow for each After edge,
// and the lead steps highlighted (pass them, e.g. LeadSteps(b, refs); see
// Catalog.BundleSVG). The output is deterministic and XML-escaped; names
// missing from names show the item code only.
func SVG(b Bundle, names map[string]string, lead ...string) string {
	codes, preds, _ := graph(b)
	depth := Depths(b)
	cols := 0
	for _, c := range codes {
		cols = max(cols, depth[c]+1)
	}
	rows := make([]int, cols)
	row := map[string]int{}
	lines := map[string][]string{}
	maxLines := 1
	for _, c := range codes {
		row[c] = rows[depth[c]]
		rows[depth[c]]++
		lines[c] = wrapName(names[c], svgWrap, svgMaxLines)
		maxLines = max(maxLines, len(lines[c]))
	}
	maxRows := 0
	for _, r := range rows {
		maxRows = max(maxRows, r)
	}
	boxH := 2*svgPad + svgCodeH + maxLines*svgLineH
	x := func(c string) int { return svgMargin + depth[c]*(svgBoxW+svgGapX) }
	y := func(c string) int { return svgMargin + svgTitleH + row[c]*(boxH+svgGapY) }
	titleW := 0
	for _, r := range b.Name {
		titleW += runeWidth(r) * 8 // 16px bold title: 16 for a Chinese character
	}
	width := 2*svgMargin + max(cols*svgBoxW+(cols-1)*svgGapX, svgBoxW, titleW)
	height := 2*svgMargin + svgTitleH + max(maxRows*boxH+(maxRows-1)*svgGapY, 0)

	var w strings.Builder
	fmt.Fprintf(&w, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" role="img" aria-label="%s" font-family="sans-serif">`+"\n",
		width, height, width, height, esc(b.Name))
	fmt.Fprintf(&w, `<title>%s</title>`+"\n", esc(b.Name))
	w.WriteString(`<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>` + "\n")
	fmt.Fprintf(&w, `<text x="%d" y="%d" font-size="16" font-weight="bold" fill="#222">%s</text>`+"\n", svgMargin, svgMargin+16, esc(b.Name))
	for _, c := range codes {
		for _, p := range preds[c] {
			x1, y1 := x(p)+svgBoxW, y(p)+boxH/2
			x2, y2 := x(c), y(c)+boxH/2
			mid := (x1 + x2) / 2
			fmt.Fprintf(&w, `<path class="edge" d="M%d,%d C%d,%d %d,%d %d,%d" fill="none" stroke="#555" stroke-width="1.5" marker-end="url(#arrow)"/>`+"\n",
				x1, y1, mid, y1, mid, y2, x2, y2)
		}
	}
	for _, c := range codes {
		fill, stroke, sw, class := "#f5f8ff", "#3a6fd8", 1, "step"
		for _, l := range lead {
			if l == c {
				fill, stroke, sw, class = "#fff4e5", "#d46b08", 3, "step lead"
			}
		}
		fmt.Fprintf(&w, `<g class="%s" data-item="%s">`, class, esc(c))
		fmt.Fprintf(&w, `<title>%s %s</title>`, esc(c), esc(names[c]))
		fmt.Fprintf(&w, `<rect x="%d" y="%d" width="%d" height="%d" rx="6" fill="%s" stroke="%s" stroke-width="%d"/>`,
			x(c), y(c), svgBoxW, boxH, fill, stroke, sw)
		fmt.Fprintf(&w, `<text x="%d" y="%d" font-size="11" fill="#666">%s</text>`, x(c)+svgPad, y(c)+svgPad+11, esc(c))
		for i, l := range lines[c] {
			fmt.Fprintf(&w, `<text x="%d" y="%d" font-size="14" fill="#222">%s</text>`,
				x(c)+svgPad, y(c)+svgPad+svgCodeH+(i+1)*svgLineH-4, esc(l))
		}
		w.WriteString("</g>\n")
	}
	w.WriteString("</svg>\n")
	return w.String()
}

// BundleSVG draws a bundle of the catalogue with its item names and lead steps.
func (c *Catalog) BundleSVG(b Bundle) string {
	return SVG(b, c.Names(), LeadSteps(b, c.Refs())...)
}

func esc(s string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// noLineStart are characters a Chinese line must not begin with (避头点).
const noLineStart = "）)」』】〕，,、。；;：:！!？?…"

// noLineEnd are characters a Chinese line must not end with (避尾点).
const noLineEnd = "（(「『【〔"

// wrapName breaks a name into lines of at most width half-width units (a
// Chinese character counts 2), keeping closing punctuation on the line before,
// and ends with "…" when it needs more than maxLines lines.
func wrapName(s string, width, maxLines int) []string {
	var lines []string
	var cur strings.Builder
	w := 0
	for _, r := range s {
		rw := runeWidth(r)
		if w+rw > width && w > 0 && !strings.ContainsRune(noLineStart, r) {
			line := []rune(cur.String())
			carry := ""
			if n := len(line); n > 1 && strings.ContainsRune(noLineEnd, line[n-1]) {
				line, carry = line[:n-1], string(line[n-1])
			}
			lines = append(lines, string(line))
			cur.Reset()
			cur.WriteString(carry)
			w = 0
			for _, c := range carry {
				w += runeWidth(c)
			}
		}
		cur.WriteRune(r)
		w += rw
	}
	if cur.Len() > 0 || len(lines) == 0 {
		lines = append(lines, cur.String())
	}
	if len(lines) > maxLines {
		last := []rune(lines[maxLines-1])
		if len(last) > 1 {
			last = last[:len(last)-1]
		}
		lines = append(lines[:maxLines-1], string(last)+"…")
	}
	return lines
}

// runeWidth is 2 for Chinese and other wide characters, 1 for the rest.
func runeWidth(r rune) int {
	if r >= 0x2E80 || utf8.RuneLen(r) > 2 {
		return 2
	}
	return 1
}
