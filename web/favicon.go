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
	img := image.NewRGBA(image.Rect(0, 0, n, n))
	red, white := color.RGBA{0xc8, 0x10, 0x2e, 0xff}, color.RGBA{0xff, 0xff, 0xff, 0xff}
	for y := range n {
		for x := range n {
			c := red
			if y >= 14 && y < 19 && x >= 6 && x < 26 {
				c = white
			}
			img.Set(x, y, c)
		}
	}
	var pngBuf bytes.Buffer
	png.Encode(&pngBuf, img)
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
