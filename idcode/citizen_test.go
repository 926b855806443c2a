package idcode

import (
	"strings"
	"testing"
	"time"

	"onetrip"
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestCheckCitizenIDValid(t *testing.T) {
	// 00:30 on 1 June in China, still 31 May in UTC.
	pinNow(t, time.Date(2025, 5, 31, 16, 30, 0, 0, time.UTC))
	for _, tc := range []struct {
		in   string
		want CitizenID
	}{
		{"11010519491231002X", CitizenID{"11010519491231002X", "110105", "110000", date(1949, 12, 31), SexFemale}},
		{"33010219200403064X", CitizenID{"33010219200403064X", "330102", "330000", date(1920, 4, 3), SexFemale}},
		{"33010219200403064x", CitizenID{"33010219200403064X", "330102", "330000", date(1920, 4, 3), SexFemale}},
		{" 11010519491231002x\t", CitizenID{"11010519491231002X", "110105", "110000", date(1949, 12, 31), SexFemale}},
		{MakeCitizenID("330802", date(1990, 2, 28), 1), CitizenID{MakeCitizenID("330802", date(1990, 2, 28), 1), "330802", "330000", date(1990, 2, 28), SexMale}},
		{MakeCitizenID("810000", date(2000, 2, 29), 7), CitizenID{MakeCitizenID("810000", date(2000, 2, 29), 7), "810000", "810000", date(2000, 2, 29), SexMale}},
		// An address code that no longer exists: only the province counts.
		{MakeCitizenID("339999", date(1960, 1, 1), 10), CitizenID{MakeCitizenID("339999", date(1960, 1, 1), 10), "339999", "330000", date(1960, 1, 1), SexFemale}},
		{MakeCitizenID("330102", date(1900, 1, 1), 11), CitizenID{MakeCitizenID("330102", date(1900, 1, 1), 11), "330102", "330000", date(1900, 1, 1), SexMale}},
		// Born today in China (2025-06-01), although it is still 31 May in UTC.
		{MakeCitizenID("330102", date(2025, 6, 1), 12), CitizenID{MakeCitizenID("330102", date(2025, 6, 1), 12), "330102", "330000", date(2025, 6, 1), SexFemale}},
	} {
		got, err := CheckCitizenID(tc.in)
		if err != nil {
			t.Errorf("CheckCitizenID(%q): %v", tc.in, err)
			continue
		}
		if got != tc.want {
			t.Errorf("CheckCitizenID(%q) = %+v, want %+v", tc.in, got, tc.want)
		}
	}
}

func TestCheckCitizenIDInvalid(t *testing.T) {
	// 08:30 in China on 1 June is 00:30 UTC on 1 June; 2 June is the future.
	pinNow(t, time.Date(2025, 6, 1, 0, 30, 0, 0, time.UTC))
	for _, tc := range []struct {
		in, key string
		args    []any
	}{
		{"110105194912310021", "idcode.citizen.check", []any{"X", "1"}},
		{"33010219200403064Y", "idcode.citizen.check_char", []any{"Y"}},
		{"330102192004030640", "idcode.citizen.check", []any{"X", "0"}},
		{"", "idcode.citizen.length", []any{0}},
		{"11010519491231002", "idcode.citizen.length", []any{17}},
		{"11010519491231002XX", "idcode.citizen.length", []any{19}},
		{"110105491231002", "idcode.citizen.old15", nil},
		{"11010549123100X", "idcode.citizen.length", []any{15}},
		{"1101a519491231002X", "idcode.citizen.char", []any{5, "a"}},
		{"X1010519491231002X", "idcode.citizen.char", []any{1, "X"}},
		{"11010519491231x02X", "idcode.citizen.char", []any{15, "x"}},
		{"11010519491231００2X", "idcode.citizen.char", []any{15, "０"}},
		{"1101051949123\n002X", "idcode.citizen.char", []any{14, "U+000A"}},
		{"99010519491231002X", "idcode.citizen.province", []any{"99"}},
		{"00010519491231002X", "idcode.citizen.province", []any{"00"}},
		{"16010519491231002X", "idcode.citizen.province", []any{"16"}},
		{"11010519490230002X", "idcode.citizen.birth_invalid", []any{"19490230"}},
		{"11010519491301002X", "idcode.citizen.birth_invalid", []any{"19491301"}},
		{"11010519490001002X", "idcode.citizen.birth_invalid", []any{"19490001"}},
		{"11010519000229002X", "idcode.citizen.birth_invalid", []any{"19000229"}},
		{MakeCitizenID("110105", date(1899, 12, 31), 2), "idcode.citizen.birth_early", []any{"1899-12-31"}},
		{MakeCitizenID("110105", date(2025, 6, 2), 2), "idcode.citizen.birth_future", []any{"2025-06-02", "2025-06-01"}},
		{MakeCitizenID("110105", date(2099, 1, 1), 2), "idcode.citizen.birth_future", []any{"2099-01-01", "2025-06-01"}},
	} {
		_, err := CheckCitizenID(tc.in)
		if err == nil {
			t.Errorf("CheckCitizenID(%q): no error, want %s", tc.in, tc.key)
			continue
		}
		e := onetrip.AsError(err)
		if k := errKey(t, err); k != tc.key || !sameArgs(e.Args, tc.args) {
			t.Errorf("CheckCitizenID(%q) = %s %v, want %s %v", tc.in, k, e.Args, tc.key, tc.args)
		}
	}
}

func sameArgs(a, b []any) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestCitizenIDMessages(t *testing.T) {
	_, err := CheckCitizenID("110105194912310021")
	e := onetrip.AsError(err)
	if got := onetrip.Render(onetrip.LangZH, e.Key, e.Args...); got != "公民身份号码第18位校验码应为X，实为1" {
		t.Errorf("zh: %s", got)
	}
	if got := onetrip.Render(onetrip.LangEN, e.Key, e.Args...); got != "citizen ID check character should be X, got 1" {
		t.Errorf("en: %s", got)
	}
	_, err = CheckCitizenID("330102200403064")
	if got := onetrip.Render(onetrip.LangZH, onetrip.AsError(err).Key); !strings.Contains(got, "18位") {
		t.Errorf("old 15-digit ID message must ask for 18 digits: %s", got)
	}
}

func TestMaskCitizenID(t *testing.T) {
	for in, want := range map[string]string{
		"33010219200403064X":   "330***********064X",
		"33010219200403064x":   "330***********064X",
		" 11010519491231002X ": "110***********002X",
		"110105491231002":      "110********1002",
		"12345678901":          "123****8901",
		"1234567890":           "**********",
		"":                     "",
		"中文身份证号码测试一二三四": "中文身******一二三四",
	} {
		if got := MaskCitizenID(in); got != want {
			t.Errorf("MaskCitizenID(%q) = %q, want %q", in, got, want)
		}
	}
}
