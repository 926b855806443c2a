package licence

import (
	"time"

	"onetrip"
)

// Licence is an electronic licence as the library keeps it.
type Licence struct {
	ID               string            `json:"id"`
	Identifier       string            `json:"identifier"`
	Type             string            `json:"type"`      // catalogue code, L-BIZ
	TypeCode         string            `json:"type_code"` // GB/T 36904 type code (21 characters)
	TypeName         string            `json:"type_name"`
	Holder           Holder            `json:"holder"`
	RepresentativeID string            `json:"representative_id,omitempty"` // an organisation's legal representative
	Issuer           Issuer            `json:"issuer"`
	Region           string            `json:"region"` // the issuing department's region
	SealID           string            `json:"seal_id"`
	CaseID           string            `json:"case_id,omitempty"`
	CaseNumber       string            `json:"case_number,omitempty"`
	TaskID           string            `json:"task_id,omitempty"`
	Serial           string            `json:"serial"`
	Version          string            `json:"version"`
	IssuedOn         string            `json:"issued_on"`
	ValidUntil       string            `json:"valid_until"` // "" long-term
	Fields           map[string]string `json:"fields"`
	IssuedAt         time.Time         `json:"issued_at"`
	IssuedBy         string            `json:"issued_by"`
	// Status is valid, expired or revoked as of the moment it was read.
	Status       Status     `json:"status"`
	RevokedAt    *time.Time `json:"revoked_at,omitempty"`
	RevokeReason string     `json:"revoke_reason,omitempty"`
	RevokedBy    string     `json:"revoked_by,omitempty"`
	// Document and Signature are the signed canonical JSON and its SM2
	// signature (base64), as the library stores them.
	Document  string `json:"-"`
	Signature string `json:"-"`
}

// StatusAt is the licence's status at t: revoked, expired after its last
// day (in China), else valid.
func (l *Licence) StatusAt(t time.Time) Status {
	switch {
	case l.RevokedAt != nil:
		return StatusRevoked
	case l.ValidUntil != "" && t.In(onetrip.China).Format(DateLayout) > l.ValidUntil:
		return StatusExpired
	}
	return StatusValid
}
