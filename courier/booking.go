package courier

import (
	"context"
	"unicode/utf8"

	"onetrip"
	"onetrip/catalog"
	"onetrip/idcode"
	"onetrip/region"
	"onetrip/seal"
)

// Booking asks a courier to collect a result at the centre.
type Booking struct {
	Reference  string  `json:"reference"` // the case id: one booking per case
	CaseNumber string  `json:"case_number"`
	From       Address `json:"from"` // the centre
	To         Address `json:"to"`
	Grams      int     `json:"grams"`
	Contents   string  `json:"contents"` // e.g. "机动车驾驶证"; never an ID number
}

// Limits of a booking.
const (
	MaxReference = 64
	MaxContents  = 50
)

// CheckBooking reports every problem of a booking at once (paths reference,
// case_number, from.*, to.*, grams, contents); both addresses are normalised
// first.
func CheckBooking(b Booking, rs Regions) error {
	var p onetrip.Problems
	if b.Reference == "" || len(b.Reference) > MaxReference {
		p.Add("reference", "courier.booking.reference", MaxReference)
	}
	if len(b.CaseNumber) > MaxReference {
		p.Add("case_number", "err.too_long", MaxReference)
	}
	checkSender(&p, b.From, rs)
	checkAddress(&p, "to.", b.To, rs)
	if b.Grams <= 0 {
		p.Add("grams", "courier.weight.invalid", b.Grams)
	}
	if n := utf8.RuneCountInString(b.Contents); n < 1 || n > MaxContents {
		p.Add("contents", "courier.booking.contents", MaxContents)
	} else if containsCitizenID(b.Contents) {
		p.Add("contents", "courier.booking.contents_id")
	}
	return p.Err("courier.booking.invalid", len(p))
}

// Courier is the courier platform as onetrip uses it; couriersim is the
// built-in simulator, a real courier's client implements the same.
type Courier interface {
	// Quote is what the courier would charge for the booking.
	Quote(ctx context.Context, b Booking) (catalog.Amount, error)
	// Book books a pickup and returns the waybill number and the fee; a
	// second booking with the same Reference is refused (Conflict).
	Book(ctx context.Context, b Booking) (Booked, error)
	// PublicKey is the courier platform's SM2 key that signs its tracking
	// events.
	PublicKey(ctx context.Context) (*seal.PublicKey, error)
}

// Keys of the errors a Courier returns, so every courier's client explains
// the same failures the same way.
const (
	KeyDuplicate   = "courier.booking.duplicate"    // Conflict: the reference is booked already
	KeyUnavailable = "courier.platform.unavailable" // Unavailable: no answer, 5xx or a garbled answer
	KeyRefused     = "courier.platform.refused"     // Invalid: the platform's own message as the argument
)

// Booked is the courier's answer to a booking.
type Booked struct {
	Waybill string         `json:"waybill"`
	Fee     catalog.Amount `json:"fee"`
}

// checkSender checks the centre's own address: a centre is registered to
// its division (a city's or a county's centre), so a sender names its
// division at county or city level and its street in the detail; only a
// recipient must be pinned to a township.
func checkSender(p *onetrip.Problems, a Address, rs Regions) {
	r, ok := rs.Lookup(a.Region)
	if ok && (r.Level == region.County || r.Level == region.City) && idcode.CheckRegionCode(a.Region) == nil {
		a.Region = ""
		var q onetrip.Problems
		checkAddress(&q, "from.", a, rs)
		for _, pr := range q {
			if pr.Path != "from.region" {
				*p = append(*p, pr)
			}
		}
		return
	}
	checkAddress(p, "from.", a, rs)
}
