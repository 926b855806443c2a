// Package org turns region codes and department kinds into the platform's
// organisations: departments named the way Zhejiang names them
// (衢州市市场监督管理局, 柯城区市场监督管理局), administrative service centres
// (行政服务中心) with their windows, township 便民服务中心 and village 代办点.
// Pure functions: the store persists what they return.
package org

import (
	"fmt"
	"strings"
)

// Kind is a department kind of the catalogue (market, public-security, …).
type Kind struct {
	Kind  string
	Name  string // city-level body name without region prefix: 市场监督管理局
	Short string
}

// Place is a region the generator works on.
type Place struct {
	Code  string
	Name  string
	Level string // province, city, county, township
	// CityName is the name of the city above a county (for bodies that are
	// branches of the city's, such as 住房公积金管理中心).
	CityName string
}

// Department is one body in one region.
type Department struct {
	ID     string `json:"id"` // "<region>-<kind>", stable and readable
	Region string `json:"region"`
	Kind   string `json:"kind"`
	Name   string `json:"name"`
	Short  string `json:"short"`
	// Code is its unified social credit code, the licence issuer code (the
	// store assigns it).
	Code string `json:"code"`
}

// DepartmentID is the stable id of a kind's department in a region.
func DepartmentID(region, kind string) string { return region + "-" + kind }

// levelNames overrides names where the body differs by level; "" means the
// kind has no body at that level.
var levelNames = map[string]map[string]string{
	"fire-rescue": {"province": "消防救援总队", "city": "消防救援支队", "county": "消防救援大队"},
	"court":       {"province": "高级人民法院", "city": "中级人民法院", "county": "人民法院"},
	"health":      {"province": "卫生健康委员会", "city": "卫生健康委员会", "county": "卫生健康局"},
	"development-reform": {"province": "发展和改革委员会", "city": "发展和改革委员会",
		"county": "发展和改革局"},
}

// Departments returns the department of every kind in a place. Customs
// offices exist at city level only and are named without 市 (衢州海关);
// county housing provident fund offices are branches of the city centre.
func Departments(p Place, kinds []Kind) []Department {
	var out []Department
	for _, k := range kinds {
		name := p.Name + k.Name
		if m, ok := levelNames[k.Kind]; ok {
			name = p.Name + m[p.Level]
		}
		switch k.Kind {
		case "customs":
			if p.Level != "city" {
				continue
			}
			name = strings.TrimSuffix(p.Name, "市") + k.Name
		case "housing-provident-fund":
			if p.Level == "county" && p.CityName != "" {
				name = p.CityName + k.Name + shortPlace(p.Name) + "分中心"
			}
		}
		out = append(out, Department{ID: DepartmentID(p.Code, k.Kind), Region: p.Code, Kind: k.Kind, Name: name, Short: k.Short})
	}
	return out
}

// shortPlace drops the 区/县/市 suffix of a two-character-plus place name:
// 柯城区 → 柯城, 常山县 → 常山; one-character stems keep the suffix.
func shortPlace(name string) string {
	r := []rune(name)
	if len(r) > 2 {
		switch r[len(r)-1] {
		case '区', '县', '市':
			return string(r[:len(r)-1])
		}
	}
	return name
}

// Window categories of a comprehensive service centre, from the seed: 投资项目审批,
// 商事登记, 不动产登记, 医保社保, 公安服务, plus 社会事务 (items of the catalogue
// use it) and the general (综合) windows that accept anything.
var WindowCategories = []string{"综合", "投资项目审批", "商事登记", "不动产登记", "医保社保", "公安服务", "社会事务"}

// Centre kinds.
const (
	CenterAdmin    = "center"      // 行政服务中心 (city, county)
	CenterTownship = "township"    // 便民服务中心
	CenterAgent    = "agent_point" // 村代办点
)

// Center is a place with windows where applications are accepted.
type Center struct {
	ID      string   `json:"id"`
	Region  string   `json:"region"`
	Kind    string   `json:"kind"`
	Name    string   `json:"name"`
	Address string   `json:"address"`
	Hours   string   `json:"hours"`
	Phone   string   `json:"phone"`
	Windows []Window `json:"windows"`
}

// Window is one counter of a centre.
type Window struct {
	ID       string `json:"id"`
	Category string `json:"category"`
	Name     string `json:"name"`
	Seq      int    `json:"-"`
}

// CenterID is the stable id of the centre of a kind in a region.
func CenterID(region, kind string) string { return region + "-" + kind }

// areaCodes are Zhejiang's telephone area codes by city, for the 12345
// service hotline shown on guides.
var areaCodes = map[string]string{
	"3301": "0571", "3302": "0574", "3303": "0577", "3304": "0573", "3305": "0572", "3306": "0575",
	"3307": "0579", "3308": "0570", "3309": "0580", "3310": "0576", "3311": "0578",
}

// Hours are the opening hours published for centres.
const Hours = "工作日 8:30-12:00，14:00-17:30（法定节假日除外）"

func phone(code string) string {
	if ac, ok := areaCodes[code[:min(4, len(code))]]; ok {
		return ac + "-12345"
	}
	return "12345"
}

// AdminCenter is the 行政服务中心 of a city or county: two windows of each
// category and four general windows.
func AdminCenter(p Place, fullName string) Center {
	id := CenterID(p.Code, CenterAdmin)
	c := Center{ID: id, Region: p.Code, Kind: CenterAdmin, Name: p.Name + "行政服务中心",
		Address: fullName + "行政服务中心", Hours: Hours, Phone: phone(p.Code)}
	for _, cat := range WindowCategories {
		n := 2
		if cat == "综合" {
			n = 4
		}
		for i := 1; i <= n; i++ {
			c.Windows = append(c.Windows, Window{ID: fmt.Sprintf("%s-w%02d", id, len(c.Windows)+1),
				Category: cat, Name: fmt.Sprintf("%s窗口%d", windowLabel(cat), i), Seq: len(c.Windows) + 1})
		}
	}
	return c
}

func windowLabel(cat string) string {
	if cat == "综合" {
		return "综合受理"
	}
	return cat
}

// TownshipCenter is a township's 便民服务中心 with two general windows.
func TownshipCenter(p Place, fullName string) Center {
	id := CenterID(p.Code, CenterTownship)
	c := Center{ID: id, Region: p.Code, Kind: CenterTownship, Name: p.Name + "便民服务中心",
		Address: fullName + "便民服务中心", Hours: Hours, Phone: phone(p.Code)}
	for i := 1; i <= 2; i++ {
		c.Windows = append(c.Windows, Window{ID: fmt.Sprintf("%s-w%02d", id, i), Category: "综合",
			Name: fmt.Sprintf("综合受理窗口%d", i), Seq: i})
	}
	return c
}

// AgentPoint is a village 代办点 under a township, where an agent (代办员)
// takes applications on behalf of villagers (全程代办).
func AgentPoint(p Place, fullName, village string, n int) Center {
	id := fmt.Sprintf("%s-%s%d", p.Code, CenterAgent, n)
	return Center{ID: id, Region: p.Code, Kind: CenterAgent, Name: p.Name + village + "代办点",
		Address: fullName + village + "村民委员会", Hours: "工作日 9:00-11:30，14:30-17:00", Phone: phone(p.Code),
		Windows: []Window{{ID: id + "-w01", Category: "综合", Name: "代办服务", Seq: 1}}}
}
