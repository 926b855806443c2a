// Package region embeds the real division codes (统计用区划代码, 2023 vintage,
// from modood/Administrative-divisions-of-China, WTFPL): every province, city
// and county of China and Zhejiang's townships. The store loads them at first
// start; nothing here reads the file system at run time.
package region

import (
	"embed"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
)

//go:embed data/*.csv
var files embed.FS

// Level names the tier of a division.
const (
	Province = "province"
	City     = "city"
	County   = "county"
	Township = "township"
)

// Levels lists the tiers, highest first.
var Levels = []string{Province, City, County, Township}

// Region is one division with its full code (6 digits for province, city and
// county; 9 for townships) and its parent's code.
type Region struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	Parent string `json:"parent,omitempty"`
	Level  string `json:"level"`
}

// All returns every embedded region, parents before children.
func All() ([]Region, error) {
	var out []Region
	add := func(file string, level string, conv func(rec []string) Region) error {
		f, err := files.Open("data/" + file)
		if err != nil {
			return err
		}
		defer f.Close()
		r := csv.NewReader(f)
		if _, err := r.Read(); err != nil { // header
			return fmt.Errorf("region: %s: %w", file, err)
		}
		for {
			rec, err := r.Read()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return fmt.Errorf("region: %s: %w", file, err)
			}
			reg := conv(rec)
			reg.Level = level
			if reg.Code == reg.Parent {
				// Cities without counties (东莞, 中山, 儋州) repeat as their own county.
				continue
			}
			out = append(out, reg)
		}
	}
	pad := func(s string) string { return s + strings.Repeat("0", 6-len(s)) }
	if err := add("provinces.csv", Province, func(r []string) Region {
		return Region{Code: pad(r[0]), Name: r[1]}
	}); err != nil {
		return nil, err
	}
	if err := add("cities.csv", City, func(r []string) Region {
		return Region{Code: pad(r[0]), Name: r[1], Parent: pad(r[2])}
	}); err != nil {
		return nil, err
	}
	if err := add("areas.csv", County, func(r []string) Region {
		return Region{Code: r[0], Name: r[1], Parent: pad(r[2])}
	}); err != nil {
		return nil, err
	}
	if err := add("streets-zhejiang.csv", Township, func(r []string) Region {
		return Region{Code: r[0], Name: r[1], Parent: r[2]}
	}); err != nil {
		return nil, err
	}
	return out, nil
}
