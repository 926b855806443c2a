package idcode

import (
	"testing"
	"time"
)

// The fuzz targets run their seeds in every `go test`; explore with e.g.
//
//	go test -run=^$ -fuzz=FuzzCheckCitizenID ./idcode/
//
// Each asserts: no panic, and a valid result is normalised (checking the
// normalised form gives the same result again).

func FuzzCheckCitizenID(f *testing.F) {
	for _, s := range []string{
		"11010519491231002X", "33010219200403064X", "110105194912310021",
		"33010219200403064x", " 11010519491231002X ", "110105491231002", "",
		"11010519490230002X", "99010519491231002X", "11010519491231００2X",
		MakeCitizenID("330802", date(2000, 2, 29), 1),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, err := CheckCitizenID(s)
		_ = MaskCitizenID(s)
		if err != nil {
			if id != (CitizenID{}) {
				t.Fatalf("error %v with a result %+v", err, id)
			}
			errKey(t, err)
			return
		}
		if len(id.Number) != 18 || MaskCitizenID(id.Number)[3:14] != "***********" {
			t.Fatalf("bad number or mask: %+v", id)
		}
		again, err := CheckCitizenID(id.Number)
		if err != nil || again != id {
			t.Fatalf("%q → %+v does not round-trip: %+v, %v", s, id, again, err)
		}
		if MakeCitizenID(id.Address, id.Birth, atoi(id.Number[14:17])) != id.Number {
			t.Fatalf("MakeCitizenID disagrees with CheckCitizenID on %q", id.Number)
		}
		if id.Birth.Before(earliestBirth) || id.Birth.After(time.Now().AddDate(0, 0, 2)) {
			t.Fatalf("birth out of range: %v", id.Birth)
		}
	})
}

func FuzzCheckUSCC(f *testing.F) {
	for _, s := range []string{
		"91310110666007217T", "91440101MA5CJQ4N59", "91440101ma5cjq4n59",
		"91310110666007217A", "11100000000013338W", "9131011066600721IT",
		"91990110666007217T", "", "91310A10666007217T",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u, warns, err := CheckUSCC(s)
		if err != nil {
			if u != (USCC{}) || warns != nil {
				t.Fatalf("error %v with a result %+v %v", err, u, warns)
			}
			errKey(t, err)
			return
		}
		_, _ = u.AuthorityKey(), u.TypeKey()
		again, warns2, err := CheckUSCC(u.Number)
		if err != nil || again != u || len(warns2) != len(warns) {
			t.Fatalf("%q → %+v does not round-trip: %+v, %v, %v", s, u, again, warns2, err)
		}
		checkOK := true
		for _, w := range warns {
			if w.Key == "idcode.uscc.check" {
				checkOK = false
			}
		}
		if (MakeUSCC(u.Number[:17]) == u.Number) != checkOK {
			t.Fatalf("MakeUSCC and CheckUSCC disagree on %q", u.Number)
		}
	})
}

func FuzzCheckRegionCode(f *testing.F) {
	for _, s := range []string{
		"330000", "330800", "330802", "330802001", "330802001001", "110105",
		"441900003", "330008", "000000", "33080a", "", "330802000",
	} {
		f.Add(s, "330000")
	}
	f.Fuzz(func(t *testing.T, code, scope string) {
		err := CheckRegionCode(code)
		level, parent, anc := RegionLevel(code), ParentRegion(code), RegionAncestors(code)
		within := RegionWithin(code, scope)
		if err != nil {
			errKey(t, err)
			if level != "" || parent != "" || anc != nil || within {
				t.Fatalf("invalid %q has level %q parent %q ancestors %v within %v", code, level, parent, anc, within)
			}
			return
		}
		if level == "" || len(anc) == 0 || anc[0] != code || RegionLevel(anc[len(anc)-1]) != LevelProvince {
			t.Fatalf("valid %q: level %q ancestors %v", code, level, anc)
		}
		for _, a := range anc {
			if CheckRegionCode(a) != nil || !RegionWithin(code, a) {
				t.Fatalf("ancestor %q of %q is invalid or not a scope of it", a, code)
			}
		}
		if parent != "" && (RegionWithin(parent, code) || len(parent) > len(code)) {
			t.Fatalf("parent %q of %q is within it", parent, code)
		}
		if within && CheckRegionCode(scope) != nil {
			t.Fatalf("%q within invalid scope %q", code, scope)
		}
	})
}
