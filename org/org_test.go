package org

import "testing"

var kinds = []Kind{
	{"market", "市场监督管理局", "市场监管"},
	{"customs", "海关", "海关"},
	{"fire-rescue", "消防救援支队", "消防"},
	{"housing-provident-fund", "住房公积金管理中心", "公积金"},
}

func TestDepartments(t *testing.T) {
	names := func(ds []Department) map[string]string {
		m := map[string]string{}
		for _, d := range ds {
			m[d.Kind] = d.Name
		}
		return m
	}
	city := names(Departments(Place{Code: "330800", Name: "衢州市", Level: "city"}, kinds))
	county := names(Departments(Place{Code: "330802", Name: "柯城区", Level: "county", CityName: "衢州市"}, kinds))
	for _, c := range []struct{ got, want string }{
		{city["market"], "衢州市市场监督管理局"},
		{county["market"], "柯城区市场监督管理局"},
		{city["customs"], "衢州海关"},
		{county["customs"], ""},
		{city["fire-rescue"], "衢州市消防救援支队"},
		{county["fire-rescue"], "柯城区消防救援大队"},
		{city["housing-provident-fund"], "衢州市住房公积金管理中心"},
		{county["housing-provident-fund"], "衢州市住房公积金管理中心柯城分中心"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
	if DepartmentID("330802", "market") != "330802-market" {
		t.Fatal("id")
	}
}

func TestCenters(t *testing.T) {
	c := AdminCenter(Place{Code: "330802", Name: "柯城区", Level: "county"}, "浙江省衢州市柯城区")
	if c.Name != "柯城区行政服务中心" || c.Phone != "0570-12345" {
		t.Fatalf("%+v", c)
	}
	cats := map[string]int{}
	ids := map[string]bool{}
	for _, w := range c.Windows {
		cats[w.Category]++
		if ids[w.ID] {
			t.Fatalf("duplicate window id %s", w.ID)
		}
		ids[w.ID] = true
	}
	for _, cat := range WindowCategories {
		if cats[cat] == 0 {
			t.Errorf("no %s window", cat)
		}
	}
	tc := TownshipCenter(Place{Code: "330802005", Name: "新新街道", Level: "township"}, "浙江省衢州市柯城区新新街道")
	if tc.Name != "新新街道便民服务中心" || len(tc.Windows) != 2 {
		t.Fatalf("%+v", tc)
	}
	if shortPlace("常山县") != "常山" || shortPlace("江山市") != "江山" || shortPlace("X区") != "X区" {
		t.Fatal("shortPlace")
	}
}
