package web

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"sync"
)

// The site's icon: the brand's red square with the white bar of 一, drawn
// once and served as /favicon.ico (an ICO holding a 32×32 PNG), which
// browsers ask for on every page.

var favicon = sync.OnceValue(func() []byte {
	const n = 32
	pngBuf := bytes.NewBuffer(iconPNG(n))
	var out bytes.Buffer
	// ICONDIR, one ICONDIRENTRY, then the PNG.
	binary.Write(&out, binary.LittleEndian, []uint16{0, 1, 1})
	out.Write([]byte{n, n, 0, 0})
	binary.Write(&out, binary.LittleEndian, []uint16{1, 32})
	binary.Write(&out, binary.LittleEndian, []uint32{uint32(pngBuf.Len()), 6 + 16})
	out.Write(pngBuf.Bytes())
	return out.Bytes()
})

func (w *Web) faviconICO(rw http.ResponseWriter, r *http.Request) {
	rw.Header().Set("Content-Type", "image/x-icon")
	rw.Header().Set("Cache-Control", "public, max-age=86400")
	rw.Write(favicon())
}

// iconPNG draws the icon at n×n pixels: the favicon, and the installed web
// app's icons (web/mobile.go). The bar stays inside the middle 80 %, so the
// PNG also serves as a maskable icon.
func iconPNG(n int) []byte {
	iconsMu.Lock()
	defer iconsMu.Unlock()
	if b, ok := icons[n]; ok {
		return b
	}
	img := image.NewRGBA(image.Rect(0, 0, n, n))
	red, white := color.RGBA{0xc8, 0x10, 0x2e, 0xff}, color.RGBA{0xff, 0xff, 0xff, 0xff}
	for y := range n {
		for x := range n {
			c := red
			// 32 px: rows 14–18, columns 6–25.
			if y*32 >= 14*n && y*32 < 19*n && x*32 >= 6*n && x*32 < 26*n {
				c = white
			}
			img.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	png.Encode(&buf, img)
	icons[n] = buf.Bytes()
	return icons[n]
}

var (
	iconsMu sync.Mutex
	icons   = map[int][]byte{}
)
