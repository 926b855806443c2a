package courier

import (
	"fmt"
	"html"
	"strings"

	"onetrip"
)

// code128Patterns are the bar/space widths (bar first) of the 107 Code 128
// symbols, ISO/IEC 15417 table 1: values 0–102, start A/B/C 103–105, stop
// 106 (13 modules with its final bar).
var code128Patterns = [107]string{
	"212222", "222122", "222221", "121223", "121322", "131222", "122213", "122312", "132212", "221213",
	"221312", "231212", "112232", "122132", "122231", "113222", "123122", "123221", "223211", "221132",
	"221231", "213212", "223112", "312131", "311222", "321122", "321221", "312212", "322112", "322211",
	"212123", "212321", "232121", "111323", "131123", "131321", "112313", "132113", "132311", "211313",
	"231113", "231311", "112133", "112331", "132131", "113123", "113321", "133121", "313121", "211331",
	"231131", "213113", "213311", "213131", "311123", "311321", "331121", "312113", "312311", "332111",
	"314111", "221411", "431111", "111224", "111422", "121124", "121421", "141122", "141221", "112214",
	"112412", "122114", "122411", "142112", "142211", "241211", "221114", "413111", "241112", "134111",
	"111242", "121142", "121241", "114212", "124112", "124211", "411212", "421112", "421211", "212141",
	"214121", "412121", "111143", "111341", "131141", "114113", "114311", "411113", "411311", "113141",
	"114131", "311141", "411131", "211412", "211214", "211232", "2331112",
}

const (
	code128StartB = 104
	code128Stop   = 106
	// QuietModules is the blank margin each side: at least ten modules, or
	// scanners miss the start.
	QuietModules = 10
	// MaxBarcode bounds the input: a waybill or a case number.
	MaxBarcode = 48
	barModule  = 2  // SVG units per module
	barHeight  = 60 // SVG units
)

// code128Values is the symbol values of data in code set B: the start, one
// value per character (ASCII 32–126 → 0–94), the modulo-103 check symbol
// and the stop.
func code128Values(data string) ([]int, error) {
	if data == "" {
		return nil, onetrip.Invalid("courier.barcode.empty")
	}
	if len(data) > MaxBarcode {
		return nil, onetrip.Invalid("courier.barcode.too_long", MaxBarcode)
	}
	vals := make([]int, 0, len(data)+3)
	vals = append(vals, code128StartB)
	sum := code128StartB
	for i := 0; i < len(data); i++ {
		c := data[i]
		if c < 32 || c > 126 {
			return nil, onetrip.Invalid("courier.barcode.char", i+1)
		}
		v := int(c) - 32
		vals = append(vals, v)
		sum += (i + 1) * v
	}
	return append(vals, sum%103, code128Stop), nil
}

// code128Modules is the symbol as modules, true for a bar, with the quiet
// zones: 11 per symbol character, 13 for the stop.
func code128Modules(data string) ([]bool, error) {
	vals, err := code128Values(data)
	if err != nil {
		return nil, err
	}
	mods := make([]bool, QuietModules, QuietModules+11*(len(vals)-1)+13+QuietModules)
	for _, v := range vals {
		for i, w := range code128Patterns[v] {
			for range int(w - '0') {
				mods = append(mods, i%2 == 0)
			}
		}
	}
	return append(mods, make([]bool, QuietModules)...), nil
}

// Code128SVG draws data as a Code 128 barcode (code set B, modulo-103 check
// symbol, quiet zones) in SVG, one rect per bar, so envelopes print a
// scannable waybill without a barcode dependency. Only printable ASCII can
// be encoded.
func Code128SVG(data string) (string, error) {
	mods, err := code128Modules(data)
	if err != nil {
		return "", err
	}
	w := len(mods) * barModule
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" shape-rendering="crispEdges">`, w, barHeight, w, barHeight)
	fmt.Fprintf(&b, `<title>%s</title><rect width="%d" height="%d" fill="#fff"/>`, html.EscapeString(data), w, barHeight)
	for i := 0; i < len(mods); {
		if !mods[i] {
			i++
			continue
		}
		j := i
		for j < len(mods) && mods[j] {
			j++
		}
		fmt.Fprintf(&b, `<rect x="%d" width="%d" height="%d"/>`, i*barModule, (j-i)*barModule, barHeight)
		i = j
	}
	b.WriteString(`</svg>`)
	return b.String(), nil
}
