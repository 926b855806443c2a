package courier

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"onetrip"
)

func TestCode128Values(t *testing.T) {
	for _, tc := range []struct {
		data  string
		check int // worked out by hand: (104 + Σ position × value) mod 103
	}{
		// S=51 F=38, digits '0'=16 … '9'=25: 104 + 51 + 76 + 51 + 72 + 95 + 120 + 147
		// + 176 + 207 + 240 + 275 + 192 + 221 + 252 + 285 = 2564 = 24×103 + 92.
		{"SF1234567890123", 92},
		{"A", 34},   // 104 + 33 = 137
		{"SF1", 76}, // 104 + 51 + 2×38 + 3×17 = 282
		{" ", 1},    // 104 + 0
		{"~~", 77},  // 104 + 94 + 2×94 = 386 = 3×103 + 77
	} {
		vals, err := code128Values(tc.data)
		if err != nil {
			t.Fatal(err)
		}
		if vals[0] != 104 || vals[len(vals)-1] != 106 || len(vals) != len(tc.data)+3 {
			t.Fatalf("%q: %v", tc.data, vals)
		}
		if got := vals[len(vals)-2]; got != tc.check {
			t.Errorf("%q: check symbol %d, want %d", tc.data, got, tc.check)
		}
	}
	if vals, _ := code128Values("SF1"); vals[1] != 51 || vals[2] != 38 || vals[3] != 17 {
		t.Errorf("data values %v, want 51 38 17", vals)
	}
	for _, bad := range []string{"", "运单", "SF\n1", strings.Repeat("1", MaxBarcode+1)} {
		if _, err := Code128SVG(bad); !onetrip.HasCode(err, onetrip.CodeInvalid) {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

func TestCode128PatternTable(t *testing.T) {
	seen := map[string]int{}
	for v, p := range code128Patterns {
		if prev, ok := seen[p]; ok {
			t.Errorf("symbols %d and %d share pattern %s", prev, v, p)
		}
		seen[p] = v
		bars, spaces := 0, 0
		for i, w := range p {
			if w < '1' || w > '4' {
				t.Errorf("symbol %d: width %c", v, w)
			}
			if i%2 == 0 {
				bars += int(w - '0')
			} else {
				spaces += int(w - '0')
			}
		}
		// Every symbol character is 11 modules with an even number of bar
		// modules (the standard's parity rule); the stop is 13.
		want := 11
		if v == 106 {
			want = 13
		}
		if bars+spaces != want || (v != 106 && bars%2 != 0) {
			t.Errorf("symbol %d (%s): %d bar and %d space modules", v, p, bars, spaces)
		}
	}
}

func bits(m []bool) string {
	var b strings.Builder
	for _, x := range m {
		if x {
			b.WriteByte('1')
		} else {
			b.WriteByte('0')
		}
	}
	return b.String()
}

var rectRE = regexp.MustCompile(`<rect x="(\d+)" width="(\d+)" height="\d+"/>`)

func TestCode128SVG(t *testing.T) {
	data := "SF1234567890123"
	mods, err := code128Modules(data)
	if err != nil {
		t.Fatal(err)
	}
	n := len(data)
	if want := 11*(n+2) + 13 + 2*QuietModules; len(mods) != want {
		t.Fatalf("%d modules, want %d", len(mods), want)
	}
	s := bits(mods)
	quiet := strings.Repeat("0", QuietModules)
	const startB, check92, stop = "11010010000", "10101111000", "1100011101011" // from the standard's table, by hand
	if !strings.HasPrefix(s, quiet+startB) || !strings.HasSuffix(s, check92+stop+quiet) {
		t.Fatalf("modules %s", s)
	}

	svg, err := Code128SVG(data)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(svg, "<svg ") || !strings.Contains(svg, "<title>"+data+"</title>") {
		t.Fatalf("svg %s", svg)
	}
	// Redraw the modules from the rects: bars must alternate with spaces
	// (no two rects touch) and give back exactly the symbol.
	drawn := make([]bool, len(mods))
	end := -1
	rects := rectRE.FindAllStringSubmatch(svg, -1)
	for _, r := range rects {
		x, _ := strconv.Atoi(r[1])
		w, _ := strconv.Atoi(r[2])
		if x%barModule != 0 || w%barModule != 0 || w == 0 {
			t.Fatalf("rect off the module grid: %s", r[0])
		}
		if x <= end {
			t.Fatalf("rect at %d touches or overlaps the previous bar ending at %d", x, end)
		}
		for i := x / barModule; i < (x+w)/barModule; i++ {
			drawn[i] = true
		}
		end = x + w
	}
	if bits(drawn) != s {
		t.Fatalf("drawn %s\nwant  %s", bits(drawn), s)
	}
	if len(rects) != 3*(n+2)+4 { // three bars per symbol, four in the stop
		t.Errorf("%d bars, want %d", len(rects), 3*(n+2)+4)
	}
	if !strings.Contains(svg, `width="`+strconv.Itoa(len(mods)*barModule)+`"`) {
		t.Error("the svg is not as wide as its modules")
	}
	if svg, _ := Code128SVG(`<&>`); !strings.Contains(svg, "<title>&lt;&amp;&gt;</title>") {
		t.Errorf("title not escaped: %s", svg)
	}
}
