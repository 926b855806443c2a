package courier

// Envelope is what the standard envelope (标准信封) prints. The recipient's
// phone is masked: the courier's system has the number, the envelope
// passes through many hands.
type Envelope struct {
	SenderCentre     string
	SenderAddress    string
	SenderPhone      string
	Recipient        string
	RecipientPhone   string // masked
	RecipientAddress string // region names joined, then the detail
	Waybill          string
	CaseNumber       string
	Contents         string
}

// NewEnvelope lays out a shipment's envelope; from is the centre's address
// and names gives a division's name by code.
func NewEnvelope(s Shipment, centreName string, from Address, names func(code string) string, contents string) Envelope {
	return Envelope{
		SenderCentre:     centreName,
		SenderAddress:    RegionPath(from.Region, names) + from.Detail,
		SenderPhone:      from.Phone,
		Recipient:        s.To.Name,
		RecipientPhone:   MaskPhone(s.To.Phone),
		RecipientAddress: RegionPath(s.To.Region, names) + s.To.Detail,
		Waybill:          s.Waybill,
		CaseNumber:       s.CaseNumber,
		Contents:         contents,
	}
}
