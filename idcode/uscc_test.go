package idcode

import (
	"testing"

	"onetrip"
)

func TestCheckUSCCValid(t *testing.T) {
	for _, tc := range []struct {
		in           string
		want         USCC
		auth, typ    string // expected AuthorityKey / TypeKey
		warningsKeys []string
	}{
		{"91310110666007217T", USCC{"91310110666007217T", "9", "1", "310110", "666007217"},
			"idcode.uscc.authority.9", "idcode.uscc.type.91", nil},
		{"91440101MA5CJQ4N59", USCC{"91440101MA5CJQ4N59", "9", "1", "440101", "MA5CJQ4N5"},
			"idcode.uscc.authority.9", "idcode.uscc.type.91", nil},
		{" 91440101ma5cjq4n59 ", USCC{"91440101MA5CJQ4N59", "9", "1", "440101", "MA5CJQ4N5"},
			"idcode.uscc.authority.9", "idcode.uscc.type.91", nil},
		// A central organ (region 100000), the issuer in DESIGN.md's licence example.
		{"11100000000013338W", USCC{"11100000000013338W", "1", "1", "100000", "000013338"},
			"idcode.uscc.authority.1", "idcode.uscc.type.11", nil},
		// Authority and type with no known name are accepted.
		{MakeUSCC("B7330100MA2H3J4K3"), USCC{MakeUSCC("B7330100MA2H3J4K3"), "B", "7", "330100", "MA2H3J4K3"},
			"", "", nil},
		{MakeUSCC("N2330802MA2H3J4K3"), USCC{MakeUSCC("N2330802MA2H3J4K3"), "N", "2", "330802", "MA2H3J4K3"},
			"idcode.uscc.authority.N", "idcode.uscc.type.N2", nil},
		// Wrong check character: valid, with a warning (early real codes).
		{"91310110666007217A", USCC{"91310110666007217A", "9", "1", "310110", "666007217"},
			"idcode.uscc.authority.9", "idcode.uscc.type.91", []string{"idcode.uscc.check"}},
		// Organisation code's own check wrong, USCC check right.
		{MakeUSCC("91310110666007218"), USCC{MakeUSCC("91310110666007218"), "9", "1", "310110", "666007218"},
			"idcode.uscc.authority.9", "idcode.uscc.type.91", []string{"idcode.uscc.org_check"}},
		// Both wrong: both reported, organisation code first (reading order).
		{"913101106660072180", USCC{"913101106660072180", "9", "1", "310110", "666007218"},
			"idcode.uscc.authority.9", "idcode.uscc.type.91", []string{"idcode.uscc.org_check", "idcode.uscc.check"}},
	} {
		got, warns, err := CheckUSCC(tc.in)
		if err != nil {
			t.Errorf("CheckUSCC(%q): %v", tc.in, err)
			continue
		}
		if got != tc.want {
			t.Errorf("CheckUSCC(%q) = %+v, want %+v", tc.in, got, tc.want)
		}
		if got.AuthorityKey() != tc.auth || got.TypeKey() != tc.typ {
			t.Errorf("CheckUSCC(%q) keys %q %q, want %q %q", tc.in, got.AuthorityKey(), got.TypeKey(), tc.auth, tc.typ)
		}
		var keys []string
		for _, w := range warns {
			if _, ok := onetrip.Lookup(w.Key); !ok {
				t.Errorf("warning key %q not registered", w.Key)
			}
			keys = append(keys, w.Key)
		}
		if len(keys) != len(tc.warningsKeys) {
			t.Errorf("CheckUSCC(%q) warnings %v, want %v", tc.in, warns, tc.warningsKeys)
			continue
		}
		for i := range keys {
			if keys[i] != tc.warningsKeys[i] {
				t.Errorf("CheckUSCC(%q) warnings %v, want %v", tc.in, warns, tc.warningsKeys)
			}
		}
	}
}

func TestUSCCWarningText(t *testing.T) {
	_, warns, err := CheckUSCC("91310110666007217A")
	if err != nil || len(warns) != 1 {
		t.Fatalf("%v %v", warns, err)
	}
	if got := warns[0].Render(onetrip.LangZH); got != "统一社会信用代码第18位校验码应为T，实为A；部分早期代码如此，请核对营业执照" {
		t.Errorf("zh: %s", got)
	}
	if got := warns[0].String(); got != "unified social credit code check character should be T, got A; some early codes are like this, compare with the licence" {
		t.Errorf("en: %s", got)
	}
	_, warns, _ = CheckUSCC(MakeUSCC("91310110666007218"))
	if got := warns[0].String(); got != `the organisation code "666007218" (characters 9-17) of the unified social credit code should end in 7, got 8; please compare` {
		t.Errorf("en: %s", got)
	}
}

func TestCheckUSCCInvalid(t *testing.T) {
	for _, tc := range []struct {
		in, key string
		args    []any
	}{
		{"", "idcode.uscc.length", []any{0}},
		{"91310110666007217", "idcode.uscc.length", []any{17}},
		{"91310110666007217TT", "idcode.uscc.length", []any{19}},
		{"9131011066600721IT", "idcode.uscc.char", []any{17, "I"}},
		{"91310110666OO7217T", "idcode.uscc.char", []any{12, "O"}},
		{"Z1310110666007217T", "idcode.uscc.char", []any{1, "Z"}},
		{"9s310110666007217T", "idcode.uscc.char", []any{2, "S"}},
		{"91310110666007217v", "idcode.uscc.char", []any{18, "V"}},
		{"91310110666007217-", "idcode.uscc.char", []any{18, "-"}},
		{"9131011066600７217T", "idcode.uscc.char", []any{14, "７"}},
		{"91310A10666007217T", "idcode.uscc.region_char", []any{6, "A"}},
		{"91990110666007217T", "idcode.uscc.region", []any{"990110"}},
		{"91000000666007217T", "idcode.uscc.region", []any{"000000"}},
		{"91100100666007217T", "idcode.uscc.region", []any{"100100"}},
	} {
		_, warns, err := CheckUSCC(tc.in)
		if err == nil {
			t.Errorf("CheckUSCC(%q): no error, want %s", tc.in, tc.key)
			continue
		}
		if warns != nil {
			t.Errorf("CheckUSCC(%q): warnings %v with an error", tc.in, warns)
		}
		e := onetrip.AsError(err)
		if k := errKey(t, err); k != tc.key || !sameArgs(e.Args, tc.args) {
			t.Errorf("CheckUSCC(%q) = %s %v, want %s %v", tc.in, k, e.Args, tc.key, tc.args)
		}
	}
}

func TestOrgCodeCheck(t *testing.T) {
	// GB 11714: 10 is written X and 11 is written 0.
	for body, want := range map[string]byte{
		"66600721": '7',
		"MA5CJQ4N": '5',
		"00001333": '8',
		"00000000": '0',
		"00000001": '9',
	} {
		if got := orgCodeCheck(body); got != want {
			t.Errorf("orgCodeCheck(%q) = %c, want %c", body, got, want)
		}
	}
	// Find bodies giving 10 and 11 and check the mapping.
	var seenX, seen0 bool
	for i := 0; i < 100 && !(seenX && seen0); i++ {
		body := "0000" + string(rune('0'+i/10)) + string(rune('0'+i%10)) + "00"
		sum := (i/10)*5 + (i%10)*8
		switch got := orgCodeCheck(body); 11 - sum%11 {
		case 10:
			seenX = true
			if got != 'X' {
				t.Errorf("%s: got %c, want X", body, got)
			}
		case 11:
			seen0 = true
			if got != '0' {
				t.Errorf("%s: got %c, want 0", body, got)
			}
		}
	}
	if !seenX || !seen0 {
		t.Fatal("test did not reach both special cases")
	}
}
