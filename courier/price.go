package courier

import (
	"bytes"
	"fmt"

	"onetrip"
	"onetrip/catalog"
)

// Zone is how far a shipment goes, the price table's second axis.
type Zone string

const (
	ZoneCity     Zone = "city"     // same city: the codes share their first 4 digits
	ZoneProvince Zone = "province" // same province: the first 2
	ZoneCountry  Zone = "country"  // anywhere else in China
)

// Zones lists the zones, nearest first: a farther zone is never cheaper.
var Zones = []Zone{ZoneCity, ZoneProvince, ZoneCountry}

// Label is the zone's name in a language.
func (z Zone) Label(lang onetrip.Lang) string { return onetrip.Render(lang, "courier.zone."+string(z)) }

// ZoneOf is the zone between two region codes.
func ZoneOf(from, to string) Zone {
	switch {
	case len(from) >= 4 && len(to) >= 4 && from[:4] == to[:4]:
		return ZoneCity
	case len(from) >= 2 && len(to) >= 2 && from[:2] == to[:2]:
		return ZoneProvince
	}
	return ZoneCountry
}

// Band prices shipments up to MaxGrams, per zone.
type Band struct {
	MaxGrams int                     `json:"max_grams"`
	Prices   map[Zone]catalog.Amount `json:"prices"`
}

// PriceTable is the province's reference price (省定参考价): the most a
// courier may charge, by weight band and zone. Administrators edit it as
// JSON, so Check guards every edit.
type PriceTable struct {
	Bands []Band `json:"bands"`
}

// MaxBands bounds the table: a real one has a handful.
const MaxBands = 20

// DefaultPriceTable is a realistic reference table for a document envelope.
var DefaultPriceTable = PriceTable{Bands: []Band{
	{MaxGrams: 500, Prices: map[Zone]catalog.Amount{ZoneCity: 800, ZoneProvince: 1000, ZoneCountry: 1500}},
	{MaxGrams: 1000, Prices: map[Zone]catalog.Amount{ZoneCity: 1000, ZoneProvince: 1200, ZoneCountry: 1800}},
	{MaxGrams: 3000, Prices: map[Zone]catalog.Amount{ZoneCity: 1200, ZoneProvince: 1500, ZoneCountry: 2500}},
}}

// Check reports every problem of the table at once: 1–20 bands with
// positive, ascending MaxGrams; every zone and no other priced, no price
// negative, and a farther zone never cheaper than a nearer one.
func (t PriceTable) Check() error {
	var p onetrip.Problems
	switch {
	case len(t.Bands) == 0:
		p.Add("bands", "courier.prices.empty")
	case len(t.Bands) > MaxBands:
		p.Add("bands", "courier.prices.too_many", MaxBands, len(t.Bands))
	}
	for i, b := range t.Bands {
		at := fmt.Sprintf("bands[%d]", i)
		if b.MaxGrams <= 0 {
			p.Add(at+".max_grams", "courier.prices.max_grams", b.MaxGrams)
		} else if i > 0 && b.MaxGrams <= t.Bands[i-1].MaxGrams {
			p.Add(at+".max_grams", "courier.prices.order", b.MaxGrams, t.Bands[i-1].MaxGrams)
		}
		for z := range b.Prices {
			if !knownZone(z) {
				p.Add(at+".prices", "courier.zone.unknown", string(z))
			}
		}
		var prev Zone
		for _, z := range Zones {
			price, ok := b.Prices[z]
			switch {
			case !ok:
				p.Add(at+".prices."+string(z), "courier.prices.missing", z)
				continue
			case price < 0:
				p.Add(at+".prices."+string(z), "courier.prices.negative", price.String())
			case prev != "" && price < b.Prices[prev]:
				p.Add(at+".prices."+string(z), "courier.prices.farther_cheaper", z, price.String(), prev, b.Prices[prev].String())
			}
			prev = z
		}
	}
	return p.Err("courier.prices.invalid", len(p))
}

func knownZone(z Zone) bool {
	for _, k := range Zones {
		if z == k {
			return true
		}
	}
	return false
}

// Cap is the reference price for a weight in a zone: the first band that
// holds the weight. A shipment heavier than the last band has no reference
// price, so it cannot be booked through the platform.
func (t PriceTable) Cap(grams int, z Zone) (catalog.Amount, error) {
	if grams <= 0 {
		return 0, onetrip.Invalid("courier.weight.invalid", grams)
	}
	if !knownZone(z) {
		return 0, onetrip.Invalid("courier.zone.unknown", string(z))
	}
	for _, b := range t.Bands {
		if grams <= b.MaxGrams {
			price, ok := b.Prices[z]
			if !ok {
				return 0, onetrip.Invalid("courier.prices.missing", z)
			}
			return price, nil
		}
	}
	maxGrams := 0
	if n := len(t.Bands); n > 0 {
		maxGrams = t.Bands[n-1].MaxGrams
	}
	return 0, onetrip.Invalid("courier.weight.too_heavy", grams, maxGrams)
}

// CheckQuote refuses a courier's quote above the reference price between
// two region codes: the applicant never pays more than the province allows.
func CheckQuote(t PriceTable, grams int, from, to string, quote catalog.Amount) error {
	limit, err := t.Cap(grams, ZoneOf(from, to))
	if err != nil {
		return err
	}
	if quote < 0 {
		return onetrip.Invalid("courier.quote.negative", quote.String())
	}
	if quote > limit {
		return onetrip.Invalid("courier.quote.over_cap", quote.String(), limit.String())
	}
	return nil
}

// ParsePriceTable reads an administrator's table strictly (unknown fields
// refused) and checks it.
func ParsePriceTable(b []byte) (PriceTable, error) {
	var t PriceTable
	if err := onetrip.DecodeStrict(bytes.NewReader(b), &t); err != nil {
		return PriceTable{}, err
	}
	if err := t.Check(); err != nil {
		return PriceTable{}, err
	}
	return t, nil
}

// Clone copies the table, so an edited copy never changes a shared one
// (DefaultPriceTable's maps).
func (t PriceTable) Clone() PriceTable {
	out := PriceTable{Bands: make([]Band, len(t.Bands))}
	for i, b := range t.Bands {
		prices := make(map[Zone]catalog.Amount, len(b.Prices))
		for z, p := range b.Prices {
			prices[z] = p
		}
		out.Bands[i] = Band{MaxGrams: b.MaxGrams, Prices: prices}
	}
	return out
}
