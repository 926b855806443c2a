package idcode

import (
	"onetrip"
	"testing"
	"time"
)

func TestMakeCitizenID(t *testing.T) {
	for _, tc := range []struct {
		region string
		birth  time.Time
		seq    int
		want   string
	}{
		{"110105", date(1949, 12, 31), 2, "11010519491231002X"},
		{"330102", date(1920, 4, 3), 64, "33010219200403064X"},
		// The birth's own calendar date counts, whatever its zone.
		{"330102", time.Date(1920, 4, 3, 23, 59, 0, 0, onetrip.China), 64, "33010219200403064X"},
		{"330102", date(1920, 4, 3), 0, MakeCitizenID("330102", date(1920, 4, 3), 0)},
	} {
		got := MakeCitizenID(tc.region, tc.birth, tc.seq)
		if got != tc.want {
			t.Errorf("MakeCitizenID(%q, %v, %d) = %q, want %q", tc.region, tc.birth, tc.seq, got, tc.want)
		}
		if _, err := CheckCitizenID(got); err != nil {
			t.Errorf("MakeCitizenID result %q does not validate: %v", got, err)
		}
	}
	if got := MakeCitizenID("330102", date(1920, 4, 3), 0); got[14:17] != "000" {
		t.Errorf("seq 0 must be written 000: %s", got)
	}
}

func TestMakeUSCC(t *testing.T) {
	for in, want := range map[string]string{
		"91310110666007217": "91310110666007217T",
		"91440101MA5CJQ4N5": "91440101MA5CJQ4N59",
		"91440101ma5cjq4n5": "91440101MA5CJQ4N59",
		"11100000000013338": "11100000000013338W",
	} {
		if got := MakeUSCC(in); got != want {
			t.Errorf("MakeUSCC(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMakePanics(t *testing.T) {
	for name, f := range map[string]func(){
		"short region":  func() { MakeCitizenID("33010", date(1990, 1, 1), 1) },
		"letter region": func() { MakeCitizenID("33010a", date(1990, 1, 1), 1) },
		"seq negative":  func() { MakeCitizenID("330102", date(1990, 1, 1), -1) },
		"seq too big":   func() { MakeCitizenID("330102", date(1990, 1, 1), 1000) },
		"year 5 digits": func() { MakeCitizenID("330102", date(10000, 1, 1), 1) },
		"uscc short":    func() { MakeUSCC("9131011066600721") },
		"uscc long":     func() { MakeUSCC("91310110666007217T") },
		"uscc charset":  func() { MakeUSCC("9131011066600721I") },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}

func TestMakeOrgUSCC(t *testing.T) {
	for _, c := range []struct{ at, region, org string }{{"11", "330800", "00000001"}, {"91", "330802", "MA2DK7X1"}, {"11", "330000", "12345678"}} {
		code := MakeOrgUSCC(c.at, c.region, c.org)
		if _, warns, err := CheckUSCC(code); err != nil || len(warns) != 0 {
			t.Errorf("MakeOrgUSCC(%v) = %s: %v %v", c, code, err, warns)
		}
	}
}
