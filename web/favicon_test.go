package web

import (
	"bytes"
	"encoding/binary"
	"image/png"
	"testing"
)

// TestFaviconIsAnICOHoldingAPNG: browsers ask for /favicon.ico on every
// page; it must decode, not 404.
func TestFaviconIsAnICOHoldingAPNG(t *testing.T) {
	b := favicon()
	var dir [3]uint16
	binary.Read(bytes.NewReader(b[:6]), binary.LittleEndian, &dir)
	if dir != [3]uint16{0, 1, 1} {
		t.Fatalf("ICONDIR %v", dir)
	}
	size, off := binary.LittleEndian.Uint32(b[14:18]), binary.LittleEndian.Uint32(b[18:22])
	img, err := png.Decode(bytes.NewReader(b[off : off+size]))
	if err != nil || img.Bounds().Dx() != 32 || int(b[6]) != 32 {
		t.Fatalf("the PNG inside: %v %v", err, img)
	}
}
