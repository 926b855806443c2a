package payment

import (
	"testing"

	"onetrip"
)

// Vectors derived once with NewCode and written down, so a change to the
// layout or the check digit breaks them.
var codeVectors = []struct {
	region string
	year   int
	serial int64
	want   string
}{
	{"330102", 2026, 1, "33010226000000000017"},
	{"330782", 2025, 12345678901, "33078225123456789012"},
	{"330000", 2099, 0, "33000099000000000007"},
	{"330106001", 2026, 42, "33010626000000000428"}, // a township is cut to its county
}

func TestNewCodeVectors(t *testing.T) {
	for _, v := range codeVectors {
		got, err := NewCode(v.region, v.year, v.serial)
		if err != nil || got != v.want {
			t.Errorf("NewCode(%s, %d, %d) = %q, %v; want %q", v.region, v.year, v.serial, got, err, v.want)
		}
		if err := CheckCode(v.want); err != nil {
			t.Errorf("CheckCode(%s): %v", v.want, err)
		}
	}
}

// TestMod1110Standard checks the check digit against the example of ISO/IEC
// 7064 for MOD 11,10 (0794 → 5).
func TestMod1110Standard(t *testing.T) {
	if got := mod1110("0794"); got != 5 {
		t.Fatalf("mod1110(0794) = %d, want 5", got)
	}
}

func TestNewCodeRefuses(t *testing.T) {
	for _, tc := range []struct {
		region string
		year   int
		serial int64
		key    string
	}{
		{"33010", 2026, 1, "payment.code.region"},
		{"3301021", 2026, 1, "payment.code.region"},
		{"33a102", 2026, 1, "payment.code.region"},
		{"990102", 2026, 1, "payment.code.region"},
		{"330102", 0, 1, "payment.code.year"},
		{"330102", 2026, -1, "payment.code.serial"},
		{"330102", 2026, MaxCodeSerial + 1, "payment.code.serial"},
	} {
		_, err := NewCode(tc.region, tc.year, tc.serial)
		if e := onetrip.AsError(err); err == nil || e.Code != onetrip.CodeInvalid || e.Key != tc.key {
			t.Errorf("NewCode(%q, %d, %d): %v, want %s", tc.region, tc.year, tc.serial, err, tc.key)
		}
	}
	if c, err := NewCode("330102", 2026, MaxCodeSerial); err != nil || CheckCode(c) != nil {
		t.Errorf("the largest serial: %q %v", c, err)
	}
}

func TestCheckCodeRefuses(t *testing.T) {
	for _, s := range []string{"", "3301022600000000001", "330102260000000000170", "3301022600000000001x",
		"33010226000000000018", "３３010226000000000017", " 3301022600000000001"} {
		if e := onetrip.AsError(CheckCode(s)); e.Code != onetrip.CodeInvalid || e.Key != "payment.code.invalid" {
			t.Errorf("CheckCode(%q): %v", s, e)
		}
	}
}

// TestCheckDigitDetects asserts what the check digit promises: every single
// substituted digit is caught. Adjacent transpositions are caught too except
// for MOD 11,10's known blind spot (about 1 in 100); the test pins that rate
// and one such pair, so a weaker check digit fails here.
func TestCheckDigitDetects(t *testing.T) {
	transposed, missed := 0, 0
	for s := int64(0); s < 2000; s++ {
		c, err := NewCode("330102", 2026, s*7919)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < len(c); i++ {
			for d := byte('0'); d <= '9'; d++ {
				if d == c[i] {
					continue
				}
				b := []byte(c)
				b[i] = d
				if CheckCode(string(b)) == nil {
					t.Fatalf("%s with digit %d changed to %c passes", c, i+1, d)
				}
			}
			if i+1 < len(c) && c[i] != c[i+1] {
				b := []byte(c)
				b[i], b[i+1] = b[i+1], b[i]
				transposed++
				if CheckCode(string(b)) == nil {
					missed++
				}
			}
		}
	}
	if transposed < 20000 || missed*100 > transposed*2 {
		t.Fatalf("%d of %d adjacent transpositions pass the check", missed, transposed)
	}
	// The blind spot: both are valid codes.
	for _, c := range []string{"33010226000001029475", "33010226000010029475"} {
		if err := CheckCode(c); err != nil {
			t.Errorf("%s: %v", c, err)
		}
	}
}
