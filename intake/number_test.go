package intake

import (
	"testing"

	"onetrip"
	"onetrip/workday"
)

func TestCaseNumber(t *testing.T) {
	tests := []struct {
		region string
		day    workday.Date
		seq    int
		want   string
	}{
		{"330802", workday.D(2026, 11, 27), 42, "330802-20261127-000042"},
		{"330802", workday.D(2026, 1, 2), 1, "330802-20260102-000001"},
		{"330802", workday.D(2026, 1, 2), 999999, "330802-20260102-999999"},
		{"330802", workday.D(2026, 1, 2), 1000000, "330802-20260102-1000000"},
		{"330802001", workday.D(2026, 1, 2), 7, "330802001-20260102-000007"},
	}
	for _, tc := range tests {
		got := CaseNumber(tc.region, tc.day, tc.seq)
		if got != tc.want {
			t.Errorf("CaseNumber = %s, want %s", got, tc.want)
			continue
		}
		r, d, s, err := ParseCaseNumber(got)
		if err != nil || r != tc.region || d != tc.day || s != tc.seq {
			t.Errorf("ParseCaseNumber(%s) = %s %s %d %v", got, r, d, s, err)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("seq 0 must panic")
		}
	}()
	CaseNumber("330802", workday.D(2026, 1, 2), 0)
}

func TestParseCaseNumberRejects(t *testing.T) {
	tests := []struct {
		in   string
		keys []string
	}{
		{"", nil},
		{"330802-20261127", nil},
		{"330802-20261127-000042-1", nil},
		{"33080-20261127-000042", []string{"idcode.region.length"}},
		{"990802-20261127-000042", []string{"idcode.region.province"}},
		{"330802-20261131-000042", []string{"intake.number.date"}},
		{"330802-2026112-000042", []string{"intake.number.date"}},
		{"330802-2026-11-27-000042", nil},
		{"330802-20261127-42", []string{"intake.number.seq"}},
		{"330802-20261127-000000", []string{"intake.number.seq"}},
		{"330802-20261127-0000042", []string{"intake.number.seq_zero"}},
		{"330802-20261127-00004a", []string{"intake.number.seq"}},
		{"3308O2-20261399-x", []string{"idcode.region.char", "intake.number.date", "intake.number.seq"}},
	}
	for _, tc := range tests {
		_, _, _, err := ParseCaseNumber(tc.in)
		if err == nil {
			t.Errorf("%q: accepted", tc.in)
			continue
		}
		e := onetrip.AsError(err)
		if e.Code != onetrip.CodeInvalid {
			t.Errorf("%q: %v", tc.in, err)
		}
		if tc.keys == nil {
			if e.Key != "intake.number.format" {
				t.Errorf("%q: key %s", tc.in, e.Key)
			}
			continue
		}
		var keys []string
		for _, d := range e.Details {
			keys = append(keys, d.Key)
		}
		if len(keys) != len(tc.keys) {
			t.Errorf("%q: %v, want %v", tc.in, keys, tc.keys)
			continue
		}
		for i := range keys {
			if keys[i] != tc.keys[i] {
				t.Errorf("%q: %v, want %v", tc.in, keys, tc.keys)
			}
		}
	}
}

func FuzzParseCaseNumber(f *testing.F) {
	f.Add("330802-20261127-000042")
	f.Add("330802-20261127-1000000")
	f.Fuzz(func(t *testing.T, s string) {
		r, d, q, err := ParseCaseNumber(s)
		if err != nil {
			return
		}
		// One case, one spelling: whatever parses prints back the same.
		if got := CaseNumber(r, d, q); got != s {
			t.Fatalf("%q parses but prints as %q", s, got)
		}
	})
}
