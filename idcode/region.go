package idcode

import "onetrip"

// Region levels returned by RegionLevel.
const (
	LevelProvince = "province"
	LevelCity     = "city"
	LevelCounty   = "county"
	LevelTownship = "township"
	LevelVillage  = "village"
)

// CheckRegionCode checks the structure of a region code (GB/T 2260, with the
// statistics bureau's 9-digit township and 12-digit village extensions):
// digits only; length 6, 9 or 12; the first two digits a province code; no
// county digits under a "00" city part (330008 is not a code). A township or
// village code must extend a city or county code (441900003 is a township of
// 东莞, a city without counties), and its own part must not be 000. It does
// not look the code up in a list: codes change every year, structure does not.
func CheckRegionCode(s string) error {
	pos := 0
	for _, r := range s {
		pos++
		if !isDigit(r) {
			return onetrip.Invalid("idcode.region.char", pos, show(r))
		}
	}
	switch len(s) {
	case 6, 9, 12:
	default:
		return onetrip.Invalid("idcode.region.length", len(s))
	}
	if !provinces[s[:2]] {
		return onetrip.Invalid("idcode.region.province", s[:2])
	}
	if s[2:4] == "00" && s[4:6] != "00" {
		return onetrip.Invalid("idcode.region.county_without_city", s[:6])
	}
	if len(s) >= 9 {
		if s[2:6] == "0000" {
			return onetrip.Invalid("idcode.region.township_under_province", s[:6])
		}
		if s[6:9] == "000" {
			return onetrip.Invalid("idcode.region.zero_part", s, 7, 9)
		}
	}
	if len(s) == 12 && s[9:12] == "000" {
		return onetrip.Invalid("idcode.region.zero_part", s, 10, 12)
	}
	return nil
}

// RegionLevel is the level of a region code: province (330000), city
// (330800), county (330802), township (330802001) or village
// (330802001001); "" when the code fails CheckRegionCode. Municipal
// districts (110105) are counties; the "市辖区" grouping 110100 is a city.
func RegionLevel(code string) string {
	if CheckRegionCode(code) != nil {
		return ""
	}
	switch {
	case len(code) == 12:
		return LevelVillage
	case len(code) == 9:
		return LevelTownship
	case code[2:] == "0000":
		return LevelProvince
	case code[4:] == "00":
		return LevelCity
	default:
		return LevelCounty
	}
}

// ParentRegion is the region directly above code by the code's own digits:
// village → township (first 9), township → its first 6, county → first 4 +
// "00", city → first 2 + "0000", province → "". It is "" for an invalid code.
// The rule is structural on purpose: 110105 → 110100 (北京 市辖区) and
// 419001 (济源) → 419000 (a grouping that is not a real city), because scopes
// and statistics are keyed by these codes.
func ParentRegion(code string) string {
	switch RegionLevel(code) {
	case LevelVillage:
		return code[:9]
	case LevelTownship:
		return code[:6]
	case LevelCounty:
		return code[:4] + "00"
	case LevelCity:
		return code[:2] + "0000"
	default:
		return ""
	}
}

// RegionAncestors lists code and every region above it, nearest first, ending
// with the province: 330802001 → [330802001 330802 330800 330000]. It is nil
// for an invalid code.
func RegionAncestors(code string) []string {
	var out []string
	for c := code; c != ""; c = ParentRegion(c) {
		if RegionLevel(c) == "" {
			return nil
		}
		out = append(out, c)
	}
	return out
}

// RegionWithin reports whether code lies inside scope: it is scope itself or
// one of its descendants (330802001 is within 330802, 330800 and 330000;
// 330802 is not within 330801; 330000 is not within 330800). An invalid code
// or scope is within nothing, so a bad scope never grants access.
func RegionWithin(code, scope string) bool {
	if CheckRegionCode(scope) != nil {
		return false
	}
	for _, a := range RegionAncestors(code) {
		if a == scope {
			return true
		}
	}
	return false
}

// RegionPrefix is the leading part of every code within a region, for
// prefix queries (LIKE 'prefix%'): 33 for a province, 3308 for a city,
// 330802 for a county, nine or twelve digits below. An invalid code gives
// itself, which matches only itself.
func RegionPrefix(code string) string {
	switch RegionLevel(code) {
	case LevelProvince:
		return code[:2]
	case LevelCity:
		return code[:4]
	}
	return code
}
