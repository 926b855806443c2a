package courier

import (
	"maps"
	"testing"

	"onetrip"
	"onetrip/catalog"
)

func TestZoneOf(t *testing.T) {
	for _, tc := range []struct {
		from, to string
		want     Zone
	}{
		{"330802006", "330803001", ZoneCity},
		{"330802006", "330802", ZoneCity},
		{"330802006", "330102001", ZoneProvince},
		{"330802", "110105", ZoneCountry},
		{"", "110105", ZoneCountry},
	} {
		if got := ZoneOf(tc.from, tc.to); got != tc.want {
			t.Errorf("ZoneOf(%s, %s) = %s, want %s", tc.from, tc.to, got, tc.want)
		}
	}
}

func prices(city, prov, country catalog.Amount) map[Zone]catalog.Amount {
	return map[Zone]catalog.Amount{ZoneCity: city, ZoneProvince: prov, ZoneCountry: country}
}

func TestPriceTableCheck(t *testing.T) {
	if err := DefaultPriceTable.Check(); err != nil {
		t.Fatal(err)
	}
	many := PriceTable{}
	for i := 1; i <= MaxBands+1; i++ {
		many.Bands = append(many.Bands, Band{MaxGrams: i * 100, Prices: prices(1, 2, 3)})
	}
	for _, tc := range []struct {
		name string
		t    PriceTable
		want map[string]string
	}{
		{"one band", PriceTable{Bands: []Band{{MaxGrams: 1, Prices: prices(0, 0, 0)}}}, nil},
		{"empty", PriceTable{}, map[string]string{"bands": "courier.prices.empty"}},
		{"too many", many, map[string]string{"bands": "courier.prices.too_many"}},
		{"zero grams", PriceTable{Bands: []Band{{MaxGrams: 0, Prices: prices(1, 2, 3)}}}, map[string]string{"bands[0].max_grams": "courier.prices.max_grams"}},
		{"not ascending", PriceTable{Bands: []Band{{MaxGrams: 500, Prices: prices(1, 2, 3)}, {MaxGrams: 500, Prices: prices(1, 2, 3)}}},
			map[string]string{"bands[1].max_grams": "courier.prices.order"}},
		{"missing zone", PriceTable{Bands: []Band{{MaxGrams: 500, Prices: map[Zone]catalog.Amount{ZoneCity: 1, ZoneCountry: 3}}}},
			map[string]string{"bands[0].prices.province": "courier.prices.missing"}},
		{"unknown zone", PriceTable{Bands: []Band{{MaxGrams: 500, Prices: map[Zone]catalog.Amount{ZoneCity: 1, ZoneProvince: 2, ZoneCountry: 3, "moon": 9}}}},
			map[string]string{"bands[0].prices": "courier.zone.unknown"}},
		{"negative", PriceTable{Bands: []Band{{MaxGrams: 500, Prices: prices(-1, 2, 3)}}}, map[string]string{"bands[0].prices.city": "courier.prices.negative"}},
		{"farther cheaper", PriceTable{Bands: []Band{{MaxGrams: 500, Prices: prices(8, 10, 9)}}}, map[string]string{"bands[0].prices.country": "courier.prices.farther_cheaper"}},
		{"equal zones", PriceTable{Bands: []Band{{MaxGrams: 500, Prices: prices(8, 8, 8)}}}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.t.Check()
			if len(tc.want) == 0 {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if onetrip.AsError(err).Key != "courier.prices.invalid" {
				t.Fatalf("got %v", err)
			}
			if got := paths(err); !maps.Equal(got, tc.want) {
				t.Fatalf("problems %v, want %v", got, tc.want)
			}
		})
	}
}

func TestCapAndQuote(t *testing.T) {
	for _, tc := range []struct {
		grams   int
		z       Zone
		want    catalog.Amount
		wantKey string
	}{
		{1, ZoneCity, 800, ""},
		{500, ZoneCity, 800, ""},
		{501, ZoneCity, 1000, ""},
		{501, ZoneProvince, 1200, ""},
		{1000, ZoneCountry, 1800, ""},
		{3000, ZoneCountry, 2500, ""},
		{3001, ZoneCity, 0, "courier.weight.too_heavy"},
		{0, ZoneCity, 0, "courier.weight.invalid"},
		{100, "moon", 0, "courier.zone.unknown"},
	} {
		got, err := DefaultPriceTable.Cap(tc.grams, tc.z)
		if tc.wantKey != "" {
			if !onetrip.HasCode(err, onetrip.CodeInvalid) || onetrip.AsError(err).Key != tc.wantKey {
				t.Errorf("Cap(%d, %s): %v, want %s", tc.grams, tc.z, err, tc.wantKey)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("Cap(%d, %s) = %v, %v; want %v", tc.grams, tc.z, got, err, tc.want)
		}
	}
	for _, tc := range []struct {
		grams    int
		from, to string
		quote    catalog.Amount
		wantKey  string
	}{
		{300, "330802006", "330803001", 800, ""},
		{300, "330802006", "330803001", 801, "courier.quote.over_cap"},
		{300, "330802006", "330102001", 1000, ""},
		{300, "330802006", "110105", 1500, ""},
		{300, "330802006", "110105", 1501, "courier.quote.over_cap"},
		{300, "330802006", "110105", -1, "courier.quote.negative"},
		{5000, "330802006", "110105", 100, "courier.weight.too_heavy"},
	} {
		err := CheckQuote(DefaultPriceTable, tc.grams, tc.from, tc.to, tc.quote)
		if tc.wantKey == "" {
			if err != nil {
				t.Errorf("quote %v: %v", tc.quote, err)
			}
			continue
		}
		if onetrip.AsError(err).Key != tc.wantKey {
			t.Errorf("quote %v: %v, want %s", tc.quote, err, tc.wantKey)
		}
	}
	err := CheckQuote(DefaultPriceTable, 300, "330802006", "110105", 1600)
	if e := onetrip.AsError(err); len(e.Args) != 2 || e.Args[0] != "16" || e.Args[1] != "15" {
		t.Errorf("over cap args %v, want yuan 16 and 15", e.Args)
	}
}

func TestParsePriceTable(t *testing.T) {
	good := `{"bands":[{"max_grams":500,"prices":{"city":8,"province":10,"country":15.5}}]}`
	pt, err := ParsePriceTable([]byte(good))
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := pt.Cap(500, ZoneCountry); got != 1550 {
		t.Fatalf("country price %v", got)
	}
	for name, body := range map[string]string{
		"unknown field": `{"bands":[{"max_grams":500,"prices":{"city":8,"province":10,"country":15}}],"currency":"CNY"}`,
		"band field":    `{"bands":[{"max_grams":500,"min_grams":1,"prices":{"city":8,"province":10,"country":15}}]}`,
		"three decimal": `{"bands":[{"max_grams":500,"prices":{"city":8.001,"province":10,"country":15}}]}`,
		"trailing":      good + `{}`,
		"fails check":   `{"bands":[{"max_grams":500,"prices":{"city":8,"province":10}}]}`,
		"empty":         ``,
	} {
		if _, err := ParsePriceTable([]byte(body)); !onetrip.HasCode(err, onetrip.CodeInvalid) {
			t.Errorf("%s: %v, want invalid", name, err)
		}
	}
}

func TestCloneIsDeep(t *testing.T) {
	c := DefaultPriceTable.Clone()
	c.Bands[0].Prices[ZoneCity] = 1
	if DefaultPriceTable.Bands[0].Prices[ZoneCity] != 800 {
		t.Fatal("Clone shares the maps")
	}
}

func TestCheckPayer(t *testing.T) {
	for s, ok := range map[string]bool{"free": true, "centre": true, "applicant": true, "center": false, "": false, "FREE": false} {
		if err := CheckPayer(s); (err == nil) != ok {
			t.Errorf("CheckPayer(%q) = %v", s, err)
		}
	}
}
