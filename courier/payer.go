package courier

import "onetrip"

// Payer is who pays a centre's shipments, a per-centre setting.
type Payer string

const (
	PayerFree      Payer = "free"      // the platform's contract: free to the applicant
	PayerCentre    Payer = "centre"    // the service centre pays
	PayerApplicant Payer = "applicant" // the applicant pays through the payment platform
)

// Payers lists the payers.
var Payers = []Payer{PayerFree, PayerCentre, PayerApplicant}

// CheckPayer refuses anything but a known payer.
func CheckPayer(s string) error {
	for _, p := range Payers {
		if Payer(s) == p {
			return nil
		}
	}
	return onetrip.Invalid("courier.payer.invalid", s)
}

// Label is the payer's name in a language.
func (p Payer) Label(lang onetrip.Lang) string {
	return onetrip.Render(lang, "courier.payer."+string(p))
}
