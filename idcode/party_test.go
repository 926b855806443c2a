package idcode

import "testing"

func TestCheckPartyID(t *testing.T) {
	for _, tc := range []struct {
		kind, number, want, errKey string
		warnings                   int
	}{
		{"person", "11010519491231002x", "11010519491231002X", "", 0},
		{"person", "110105194912310021", "", "idcode.citizen.check", 0},
		{"person", "91310110666007217T", "", "idcode.citizen.check_char", 0},
		{"org", "91440101ma5cjq4n59", "91440101MA5CJQ4N59", "", 0},
		{"org", "91310110666007217A", "91310110666007217A", "", 1},
		{"org", "11010519491231002X", "", "idcode.uscc.region", 0},
		{"org", "9131011066600721", "", "idcode.uscc.length", 0},
		{"company", "91310110666007217T", "", "idcode.party.kind", 0},
		{"", "11010519491231002X", "", "idcode.party.kind", 0},
		{"Person", "11010519491231002X", "", "idcode.party.kind", 0},
	} {
		got, warns, err := CheckPartyID(tc.kind, tc.number)
		if k := errKey(t, err); k != tc.errKey || got != tc.want || len(warns) != tc.warnings {
			t.Errorf("CheckPartyID(%q, %q) = %q, %v, %v; want %q, %d warnings, %q",
				tc.kind, tc.number, got, warns, err, tc.want, tc.warnings, tc.errKey)
		}
	}
}
