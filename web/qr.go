package web

import (
	"fmt"
	"html/template"
	"strings"

	qrcode "github.com/skip2/go-qrcode"

	"onetrip"
)

// QRSVG draws text (a URL) as a QR code with medium error correction, as an
// inline SVG the page carries itself: no image request, crisp in print at any
// size. One rect per run of dark modules in a row keeps it small; the quiet
// zone is included. sizePx is the rendered width and height; label is the
// accessible name. Printed guides use it now, printed licences later.
func QRSVG(text, label string, sizePx int) (template.HTML, error) {
	q, err := qrcode.New(text, qrcode.Medium)
	if err != nil {
		return "", onetrip.Internal(err)
	}
	bm := q.Bitmap()
	n := len(bm)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="qr" width="%d" height="%d" viewBox="0 0 %d %d" shape-rendering="crispEdges" role="img" aria-label="%s">`,
		sizePx, sizePx, n, n, template.HTMLEscapeString(label))
	fmt.Fprintf(&b, `<title>%s</title><rect width="%d" height="%d" fill="#fff"/>`, template.HTMLEscapeString(label), n, n)
	for y, row := range bm {
		for x := 0; x < len(row); {
			if !row[x] {
				x++
				continue
			}
			start := x
			for x < len(row) && row[x] {
				x++
			}
			fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="1" fill="#000"/>`, start, y, x-start)
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()), nil
}
