package courier

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"onetrip"
	"onetrip/idcode"
	"onetrip/region"
)

// Address is where a shipment goes (or, for a booking's From, the centre it
// leaves). Region is a division code: to the township (9 digits) where the
// region data has townships for the county (Zhejiang), otherwise the county
// (6 digits), so the courier routes by code and never guesses from free text.
type Address struct {
	Name   string `json:"name"`
	Phone  string `json:"phone"`
	Region string `json:"region"`
	Detail string `json:"detail"`
}

// Limits of an address's free text, in characters.
const (
	MaxName      = 30
	MinDetail    = 4
	MaxDetail    = 120
	citizenIDLen = 18
)

// Regions is what address checks need of the division data.
type Regions interface {
	// Lookup finds a division by its code.
	Lookup(code string) (region.Region, bool)
	// HasTownships reports whether the data lists townships under a county,
	// which decides whether an address must name one.
	HasTownships(county string) bool
}

type regionIndex struct {
	byCode   map[string]region.Region
	children map[string]int
}

// NewRegions indexes divisions (region.All()) in memory.
func NewRegions(all []region.Region) Regions {
	ix := regionIndex{byCode: make(map[string]region.Region, len(all)), children: map[string]int{}}
	for _, r := range all {
		ix.byCode[r.Code] = r
		if r.Parent != "" {
			ix.children[r.Parent]++
		}
	}
	return ix
}

func (ix regionIndex) Lookup(code string) (region.Region, bool) {
	r, ok := ix.byCode[code]
	return r, ok
}

func (ix regionIndex) HasTownships(county string) bool {
	r, ok := ix.byCode[county]
	return ok && r.Level == region.County && ix.children[county] > 0
}

// hasChildren is not in the Regions interface; a city without counties
// (东莞, 中山) is told apart by it when the index is ours.
func (ix regionIndex) hasChildren(code string) bool { return ix.children[code] > 0 }

var (
	mobileRE   = regexp.MustCompile(`^1[3-9][0-9]{9}$`)
	landlineRE = regexp.MustCompile(`^0[0-9]{2,3}-(?:[0-9]{7,8}|1[0-9]{4})$`) // 1xxxx: a service line such as the 12345 hotline, as centres publish
)

// NormaliseAddress trims the spaces people paste around every field.
func NormaliseAddress(a Address) Address {
	return Address{
		Name:   strings.TrimSpace(a.Name),
		Phone:  strings.TrimSpace(a.Phone),
		Region: strings.TrimSpace(a.Region),
		Detail: strings.TrimSpace(a.Detail),
	}
}

// CheckAddress reports every problem of a (normalised first) address at
// once, so a form shows them all: paths name, phone, region and detail.
func CheckAddress(a Address, rs Regions) error {
	var p onetrip.Problems
	checkAddress(&p, "", a, rs)
	return p.Err("courier.address.invalid", len(p))
}

func checkAddress(p *onetrip.Problems, prefix string, a Address, rs Regions) {
	a = NormaliseAddress(a)
	if n := utf8.RuneCountInString(a.Name); n < 1 || n > MaxName {
		p.Add(prefix+"name", "courier.address.name", MaxName)
	}
	if !validPhone(a.Phone) {
		p.Add(prefix+"phone", "courier.address.phone", a.Phone)
	}
	if key, args := checkRegion(a.Region, rs); key != "" {
		p.Add(prefix+"region", key, args...)
	}
	if n := utf8.RuneCountInString(a.Detail); n < MinDetail || n > MaxDetail {
		p.Add(prefix+"detail", "courier.address.detail", MinDetail, MaxDetail)
	} else if containsCitizenID(a.Detail) {
		p.Add(prefix+"detail", "courier.address.detail_id")
	}
}

func validPhone(s string) bool { return mobileRE.MatchString(s) || landlineRE.MatchString(s) }

// checkRegion returns the problem of a region code, or "".
func checkRegion(code string, rs Regions) (string, []any) {
	if code == "" {
		return "courier.address.region_required", nil
	}
	r, ok := rs.Lookup(code)
	if !ok || idcode.CheckRegionCode(code) != nil {
		return "courier.address.region", []any{code}
	}
	switch r.Level {
	case region.Township:
		return "", nil
	case region.County:
		if rs.HasTownships(code) {
			return "courier.address.township", []any{r.Code, r.Name}
		}
		return "", nil
	case region.City:
		// A city without counties (东莞) is addressed like a county.
		if ix, ok := rs.(interface{ hasChildren(string) bool }); ok && !ix.hasChildren(code) {
			return "", nil
		}
	}
	return "courier.address.region_level", []any{r.Code, r.Name}
}

// containsCitizenID reports whether s holds a valid 18-character citizen ID
// anywhere in a run of digits: an envelope passes through many hands and
// must never carry one.
func containsCitizenID(s string) bool {
	b := []byte(strings.ToUpper(s))
	for i := 0; i+citizenIDLen <= len(b); i++ {
		w := b[i : i+citizenIDLen]
		if !allDigits(w[:citizenIDLen-1]) || !(isDigit(w[citizenIDLen-1]) || w[citizenIDLen-1] == 'X') {
			continue
		}
		if _, err := idcode.CheckCitizenID(string(w)); err == nil {
			return true
		}
	}
	return false
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func allDigits(b []byte) bool {
	for _, c := range b {
		if !isDigit(c) {
			return false
		}
	}
	return true
}

// Masked hides the middle of the phone number (138****5678) for lists and
// envelopes, which many people see; the courier's system keeps the number.
func (a Address) Masked() Address {
	a.Phone = MaskPhone(a.Phone)
	return a
}

// MaskPhone keeps a mobile's first 3 and last 4 digits and a landline's area
// code and last 4 digits; anything else keeps only its last 4 characters.
func MaskPhone(phone string) string {
	s := strings.TrimSpace(phone)
	switch {
	case mobileRE.MatchString(s):
		return s[:3] + "****" + s[7:]
	case landlineRE.MatchString(s):
		area, num, _ := strings.Cut(s, "-")
		return area + "-" + strings.Repeat("*", len(num)-4) + num[len(num)-4:]
	}
	rs := []rune(s)
	if len(rs) <= 4 {
		return strings.Repeat("*", len(rs))
	}
	return strings.Repeat("*", len(rs)-4) + string(rs[len(rs)-4:])
}
