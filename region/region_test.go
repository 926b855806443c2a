package region

import "testing"

func TestAll(t *testing.T) {
	all, err := All()
	if err != nil {
		t.Fatal(err)
	}
	byCode := map[string]Region{}
	counts := map[string]int{}
	for _, r := range all {
		if _, dup := byCode[r.Code]; dup {
			t.Fatalf("duplicate code %s", r.Code)
		}
		if r.Parent != "" {
			if _, ok := byCode[r.Parent]; !ok {
				t.Fatalf("%s %s: parent %s not loaded before it", r.Code, r.Name, r.Parent)
			}
		}
		byCode[r.Code] = r
		counts[r.Level]++
	}
	want := map[string]int{Province: 31, City: 342, County: 2975, Township: 1387}
	for l, n := range want {
		if counts[l] != n {
			t.Errorf("%s: %d regions, want %d", l, counts[l], n)
		}
	}
	if r := byCode["330802"]; r.Name != "柯城区" || r.Parent != "330800" {
		t.Errorf("柯城区: %+v", r)
	}
	if r := byCode["330800"]; r.Name != "衢州市" || r.Parent != "330000" {
		t.Errorf("衢州市: %+v", r)
	}
}
