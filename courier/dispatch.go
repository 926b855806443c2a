package courier

import (
	"sort"
	"strings"
	"time"

	"onetrip/catalog"
	"onetrip/idcode"
)

// DispatchLine is one row of the dispatch list (交寄清单) a centre hands
// the courier with the envelopes; the phone is masked because the list is
// printed.
type DispatchLine struct {
	Waybill    string
	CaseNumber string
	Recipient  string
	Phone      string // masked
	Region     string
	RegionName string // the divisions' names, province first
	Detail     string
	Contents   string
	Grams      int
	Fee        catalog.Amount
	BookedAt   time.Time
	Status     string
}

// DispatchRows lists shipments in booking order (waybill breaks ties, so
// the list prints the same every time). names gives a division's name by
// code and contents a case's contents; either may be nil.
func DispatchRows(ss []Shipment, names func(code string) string, contents func(caseID string) string) []DispatchLine {
	sorted := append([]Shipment(nil), ss...)
	sort.SliceStable(sorted, func(i, j int) bool {
		if !sorted[i].BookedAt.Equal(sorted[j].BookedAt) {
			return sorted[i].BookedAt.Before(sorted[j].BookedAt)
		}
		return sorted[i].Waybill < sorted[j].Waybill
	})
	out := make([]DispatchLine, 0, len(sorted))
	for _, s := range sorted {
		line := DispatchLine{
			Waybill:    s.Waybill,
			CaseNumber: s.CaseNumber,
			Recipient:  s.To.Name,
			Phone:      MaskPhone(s.To.Phone),
			Region:     s.To.Region,
			RegionName: RegionPath(s.To.Region, names),
			Detail:     s.To.Detail,
			Grams:      s.Grams,
			Fee:        s.Fee,
			BookedAt:   s.BookedAt,
			Status:     s.Status,
		}
		if contents != nil {
			line.Contents = contents(s.CaseID)
		}
		out = append(out, line)
	}
	return out
}

// groupings are names the statistics data gives to code groupings that are
// not part of a postal address (北京市 市辖区 朝阳区 is written 北京市朝阳区).
var groupings = map[string]bool{"市辖区": true, "县": true, "省直辖县级行政区划": true, "自治区直辖县级行政区划": true}

// RegionPath joins the names of a division and every division above it,
// province first (浙江省衢州市柯城区府山街道), as an address is written.
// Unknown codes and groupings are left out; nil names gives "".
func RegionPath(code string, names func(code string) string) string {
	if names == nil {
		return ""
	}
	anc := idcode.RegionAncestors(code)
	var b strings.Builder
	for i := len(anc) - 1; i >= 0; i-- {
		if n := names(anc[i]); n != "" && !groupings[n] {
			b.WriteString(n)
		}
	}
	return b.String()
}
