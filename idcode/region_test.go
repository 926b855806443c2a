package idcode

import (
	"slices"
	"testing"

	"onetrip"
)

func TestCheckRegionCode(t *testing.T) {
	for _, tc := range []struct {
		in, key string
		args    []any
	}{
		{"330000", "", nil},
		{"330800", "", nil},
		{"330802", "", nil},
		{"110105", "", nil},
		{"419001", "", nil},
		{"469001", "", nil},
		{"441900", "", nil},
		{"810000", "", nil},
		{"330802001", "", nil},
		{"441900003", "", nil},
		{"330802001001", "", nil},
		{"", "idcode.region.length", []any{0}},
		{"33080", "idcode.region.length", []any{5}},
		{"3308020", "idcode.region.length", []any{7}},
		{"3308020011", "idcode.region.length", []any{10}},
		{"3308020010011", "idcode.region.length", []any{13}},
		{"33080a", "idcode.region.char", []any{6, "a"}},
		{"３30802", "idcode.region.char", []any{1, "３"}},
		{"33中802", "idcode.region.char", []any{3, "中"}},
		{"33 802", "idcode.region.char", []any{3, " "}},
		{"000000", "idcode.region.province", []any{"00"}},
		{"990000", "idcode.region.province", []any{"99"}},
		{"100000", "idcode.region.province", []any{"10"}},
		{"330008", "idcode.region.county_without_city", []any{"330008"}},
		{"330008001", "idcode.region.county_without_city", []any{"330008"}},
		{"330000001", "idcode.region.township_under_province", []any{"330000"}},
		{"330802000", "idcode.region.zero_part", []any{"330802000", 7, 9}},
		{"330802000001", "idcode.region.zero_part", []any{"330802000001", 7, 9}},
		{"330802001000", "idcode.region.zero_part", []any{"330802001000", 10, 12}},
	} {
		err := CheckRegionCode(tc.in)
		k := errKey(t, err)
		var args []any
		if err != nil {
			args = onetrip.AsError(err).Args
		}
		if k != tc.key || !sameArgs(args, tc.args) {
			t.Errorf("CheckRegionCode(%q) = %s %v, want %s %v", tc.in, k, args, tc.key, tc.args)
		}
	}
}

func TestRegionTree(t *testing.T) {
	for _, tc := range []struct {
		code, level, parent string
		ancestors           []string
	}{
		{"330000", LevelProvince, "", []string{"330000"}},
		{"330800", LevelCity, "330000", []string{"330800", "330000"}},
		{"330802", LevelCounty, "330800", []string{"330802", "330800", "330000"}},
		{"330802001", LevelTownship, "330802", []string{"330802001", "330802", "330800", "330000"}},
		{"330802001001", LevelVillage, "330802001", []string{"330802001001", "330802001", "330802", "330800", "330000"}},
		{"110105", LevelCounty, "110100", []string{"110105", "110100", "110000"}},
		{"110100", LevelCity, "110000", []string{"110100", "110000"}},
		{"419001", LevelCounty, "419000", []string{"419001", "419000", "410000"}},
		{"441900", LevelCity, "440000", []string{"441900", "440000"}},
		{"441900003", LevelTownship, "441900", []string{"441900003", "441900", "440000"}},
		{"330008", "", "", nil},
		{"33080", "", "", nil},
		{"abcdef", "", "", nil},
		{"", "", "", nil},
	} {
		if got := RegionLevel(tc.code); got != tc.level {
			t.Errorf("RegionLevel(%q) = %q, want %q", tc.code, got, tc.level)
		}
		if got := ParentRegion(tc.code); got != tc.parent {
			t.Errorf("ParentRegion(%q) = %q, want %q", tc.code, got, tc.parent)
		}
		if got := RegionAncestors(tc.code); !slices.Equal(got, tc.ancestors) {
			t.Errorf("RegionAncestors(%q) = %v, want %v", tc.code, got, tc.ancestors)
		}
	}
}

func TestRegionWithin(t *testing.T) {
	for _, tc := range []struct {
		code, scope string
		want        bool
	}{
		{"330802001", "330802001", true},
		{"330802001", "330802", true},
		{"330802001", "330800", true},
		{"330802001", "330000", true},
		{"330802001001", "330802001", true},
		{"330802001001", "330000", true},
		{"330802", "330802", true},
		{"110105", "110000", true},
		{"110105", "110100", true},
		{"441900003", "441900", true},
		{"330802", "330801", false},
		{"330000", "330800", false},
		{"330800", "330802", false},
		{"330802", "330802001", false},
		{"330802001", "330802002", false},
		{"330802001", "320000", false},
		{"330802", "33", false},      // a bare prefix is not a scope
		{"330802", "", false},        // an empty scope grants nothing
		{"3308", "330000", false},    // invalid code
		{"330008", "330000", false},  // invalid code
		{"330802", "330008", false},  // invalid scope
		{"3308021", "330802", false}, // invalid length
	} {
		if got := RegionWithin(tc.code, tc.scope); got != tc.want {
			t.Errorf("RegionWithin(%q, %q) = %v, want %v", tc.code, tc.scope, got, tc.want)
		}
	}
}

func TestRegionPrefix(t *testing.T) {
	for code, want := range map[string]string{"330000": "33", "330800": "3308", "330802": "330802", "330802001": "330802001", "bad": "bad"} {
		if got := RegionPrefix(code); got != want {
			t.Errorf("RegionPrefix(%s) = %s, want %s", code, got, want)
		}
	}
}
