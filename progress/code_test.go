package progress

import (
	"bytes"
	"strings"
	"testing"

	"onetrip"
)

var testKey = bytes.Repeat([]byte{7}, KeySize)

const number = "330802-20261127-000042"

func TestQueryCode(t *testing.T) {
	code := QueryCode(testKey, number)
	if len(code) != CodeLength || strings.Trim(code, Alphabet) != "" {
		t.Fatalf("code %q is not %d characters of %s", code, CodeLength, Alphabet)
	}
	// Pinned: the receipt, the SMS and every node compute the same code,
	// today and after an upgrade (a change here strands printed receipts).
	if code != "X9QFYN" {
		t.Fatalf("the code of %s under the test key is %q: the derivation changed", number, code)
	}
	if QueryCode(testKey, number) != code {
		t.Fatal("the code is not deterministic")
	}
	other := bytes.Repeat([]byte{8}, KeySize)
	if QueryCode(other, number) == code {
		t.Fatal("another platform's key gives the same code")
	}
	if QueryCode(testKey, "330802-20261127-000043") == code {
		t.Fatal("the next case has the same code")
	}
	for _, c := range "01ILO" {
		if strings.ContainsRune(Alphabet, c) {
			t.Fatalf("the alphabet has the look-alike %c", c)
		}
	}
	if len(Alphabet) != 31 {
		t.Fatalf("alphabet of %d characters", len(Alphabet))
	}
}

// TestCodesSpread: over many case numbers every character of the alphabet
// appears in every position (no position is stuck or biased to a few).
func TestCodesSpread(t *testing.T) {
	seen := make([]map[byte]int, CodeLength)
	for i := range seen {
		seen[i] = map[byte]int{}
	}
	const n = 31 * 200
	for i := 1; i <= n; i++ {
		c := QueryCode(testKey, "330802-20261127-"+strings.Repeat("0", 6-len(itoa(i)))+itoa(i))
		for p := range CodeLength {
			seen[p][c[p]]++
		}
	}
	for p, m := range seen {
		if len(m) != len(Alphabet) {
			t.Fatalf("position %d uses %d characters", p, len(m))
		}
		for ch, k := range m {
			if k < n/31/3 || k > n/31*3 {
				t.Fatalf("position %d: %c appears %d times of %d", p, ch, k, n)
			}
		}
	}
}

func itoa(i int) string {
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{byte('0' + i%10)}, b...)
	}
	return string(b)
}

func TestCheck(t *testing.T) {
	code := QueryCode(testKey, number)
	for _, tc := range []struct {
		name, number, code string
		want               bool
	}{
		{"as printed", number, code, true},
		{"lower case", number, strings.ToLower(code), true},
		{"spaced and hyphenated", number, " " + code[:3] + "-" + code[3:] + " ", true},
		{"another case's code", "330802-20261127-000043", code, false},
		{"one character off", number, code[:5] + string(next(code[5])), false},
		{"too short", number, code[:5], false},
		{"empty", number, "", false},
		{"look-alike typed", number, "O" + code[1:], false},
	} {
		if got := Check(testKey, tc.number, tc.code); got != tc.want {
			t.Errorf("%s: Check = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func next(c byte) byte {
	i := strings.IndexByte(Alphabet, c)
	return Alphabet[(i+1)%len(Alphabet)]
}

func TestNormaliseCode(t *testing.T) {
	for _, tc := range []struct {
		in, want, key string
	}{
		{"jfwq8r", "JFWQ8R", ""},
		{" JFW Q8R ", "JFWQ8R", ""},
		{"JFW-Q8R", "JFWQ8R", ""},
		{"JFW\u3000Q8R", "JFWQ8R", ""},
		{"", "", "progress.code.missing"},
		{"   ", "", "progress.code.missing"},
		{"JFWQ8", "", "progress.code.invalid"},
		{"JFWQ8RR", "", "progress.code.invalid"},
		{"JFWQ0R", "", "progress.code.invalid"}, // 0 is not in the alphabet
		{"JFWQIR", "", "progress.code.invalid"},
		{"JFWQ查R", "", "progress.code.invalid"},
		{"'; DROP", "", "progress.code.invalid"},
	} {
		got, err := NormaliseCode(tc.in)
		if tc.key == "" {
			if err != nil || got != tc.want {
				t.Errorf("%q: %q %v, want %q", tc.in, got, err, tc.want)
			}
			continue
		}
		if e := onetrip.AsError(err); err == nil || e.Code != onetrip.CodeInvalid || e.Key != tc.key {
			t.Errorf("%q: %v, want invalid %s", tc.in, err, tc.key)
		}
	}
}

func TestNormaliseNumber(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		bad      bool
	}{
		{number, number, false},
		{"  " + number + " ", number, false},
		{"", "", true},
		{"330802-20261127-42", "", true},      // six digits at least
		{"330802-20261332-000042", "", true},  // no such day
		{"33080-20261127-000042", "", true},   // no region code
		{"330802/20261127/000042", "", true},  // not its spelling
		{strings.Repeat("3", 41), "", true},   // too long to be one
		{"330802-20261127-0000042", "", true}, // a leading zero past six digits
	} {
		got, err := NormaliseNumber(tc.in)
		if tc.bad {
			if !onetrip.HasCode(err, onetrip.CodeInvalid) {
				t.Errorf("%q: %v, want invalid", tc.in, err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%q: %q %v", tc.in, got, err)
		}
	}
}

// TestParseQuery: both problems of a lookup at once, each at its field.
func TestParseQuery(t *testing.T) {
	n, c, err := ParseQuery(" "+number+" ", "x9q fyn")
	if err != nil || n != number || c != "X9QFYN" {
		t.Fatalf("%q %q %v", n, c, err)
	}
	_, _, err = ParseQuery("330802-2026-1", "")
	e := onetrip.AsError(err)
	if e.Code != onetrip.CodeInvalid || e.Key != "progress.query.invalid" {
		t.Fatalf("%v", err)
	}
	paths := map[string]string{}
	for _, d := range e.Details {
		paths[d.Path] = d.Key
	}
	if paths["code"] != "progress.code.missing" || paths["number.date"] == "" || paths["number.seq"] == "" {
		t.Fatalf("details %+v", e.Details)
	}
	_, _, err = ParseQuery("", "ABC")
	if e := onetrip.AsError(err); len(e.Details) != 2 || e.Details[0].Path != "number" || e.Details[1].Key != "progress.code.invalid" {
		t.Fatalf("%+v", e.Details)
	}
}
