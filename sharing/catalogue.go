package sharing

import (
	"strings"

	"onetrip/catalog"
)

// ItemQuery filters the sharing catalogue: words (each must appear in the
// code, the name or a field name, case-insensitively), and the provider
// kind, level and subject when given.
type ItemQuery struct {
	Q        string
	Provider string
	Level    string
	Subject  string
}

// SearchItems is the part of the catalogue a query selects, in the
// catalogue's order. The province's real list has thousands of items; a
// linear scan over them is microseconds (see BenchmarkSearchItems).
func SearchItems(items []catalog.DataItem, q ItemQuery) []catalog.DataItem {
	words := strings.Fields(strings.ToUpper(q.Q))
	out := []catalog.DataItem{}
	for _, d := range items {
		if q.Provider != "" && d.ProviderKind != q.Provider || q.Level != "" && string(d.Level) != q.Level || q.Subject != "" && string(d.Subject) != q.Subject {
			continue
		}
		if matchesAll(d, words) {
			out = append(out, d)
		}
	}
	return out
}

func matchesAll(d catalog.DataItem, words []string) bool {
	for _, w := range words {
		if !strings.Contains(strings.ToUpper(d.Code), w) && !strings.Contains(strings.ToUpper(d.Name), w) && !fieldHas(d.Fields, w) {
			return false
		}
	}
	return true
}

func fieldHas(fields []string, w string) bool {
	for _, f := range fields {
		if strings.Contains(strings.ToUpper(f), w) {
			return true
		}
	}
	return false
}
