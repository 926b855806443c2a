package demo

import (
	"context"

	"onetrip/catalog"
	"onetrip/idcode"
	"onetrip/org"
	"onetrip/sqlstore"
)

// LoadCatalog imports the embedded Zhejiang catalogue (every item and
// bundle) and gives 衢州, 杭州 and their counties implementations: county-level
// items in the city and every county, city-level items in the city,
// province-level items at the province. 衢州, the model city, promises a third
// less time than the catalogue where it can.
func LoadCatalog(ctx context.Context, s *sqlstore.Store, by string) error {
	c, err := catalog.Demo()
	if err != nil {
		return err
	}
	if _, err := s.ImportCatalog(ctx, c, by); err != nil {
		return err
	}
	var places []string
	for _, city := range sqlstore.DemoCities {
		places = append(places, city)
		counties, err := s.Regions(ctx, city)
		if err != nil {
			return err
		}
		for _, r := range counties {
			places = append(places, r.Code)
		}
	}
	depts := map[string]bool{}
	centers := map[string]org.Center{}
	for _, p := range append(places, "330000") {
		ds, err := s.Departments(ctx, p)
		if err != nil {
			return err
		}
		for _, d := range ds {
			depts[d.ID] = true
		}
		if p != "330000" {
			if cs, err := s.Center(ctx, org.CenterID(p, org.CenterAdmin)); err == nil {
				centers[p] = cs
			}
		}
	}
	var list []catalog.Implementation
	add := func(it catalog.Item, region string) {
		dept := org.DepartmentID(region, it.DepartmentKind)
		if !depts[dept] { // a county without that body uses the city's
			dept = org.DepartmentID(idcode.ParentRegion(region), it.DepartmentKind)
			if !depts[dept] {
				return
			}
		}
		days := it.PromisedDays
		if region[:4] == "3308" {
			days -= days / 3
		}
		m := catalog.Implementation{Item: it.Code, Region: region, Department: dept, PromisedDays: days,
			Hours: org.Hours, Address: "浙江省政务服务中心", Phone: "0571-12345"}
		if cs, ok := centers[region]; ok {
			m.Center, m.Address, m.Phone = cs.ID, cs.Address+"（"+it.Window+"窗口）", cs.Phone
		}
		list = append(list, m)
	}
	for _, it := range c.Items {
		switch it.Level {
		case catalog.LevelProvince:
			add(it, "330000")
		case catalog.LevelCity:
			for _, city := range sqlstore.DemoCities {
				add(it, city)
			}
		default:
			for _, p := range places {
				add(it, p)
			}
		}
	}
	return s.SaveImplementations(ctx, list, by)
}
