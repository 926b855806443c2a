package licence

import (
	"encoding/json"
	"maps"
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
	// Altered names the record's columns found different from the signed
	// document when it was read (AlteredFields); what is shown is the
	// document's.
	Altered []string `json:"altered,omitempty"`
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

// Signed document against the record: the library keeps each licence's
// columns for lists and search, but the signed document is the licence. A
// column that says otherwise was changed behind the platform's back.

// AlteredFields lists the record's fields that differ from its signed
// document (nil when they agree, or when the document cannot be read:
// then the signature check fails instead).
func (l *Licence) AlteredFields() []string {
	var d Document
	if err := json.Unmarshal([]byte(l.Document), &d); err != nil {
		return nil
	}
	var out []string
	diff := func(name string, a, b string) {
		if a != b {
			out = append(out, name)
		}
	}
	diff("identifier", l.Identifier, d.Identifier)
	diff("type", l.Type, d.Type)
	diff("type_name", l.TypeName, d.TypeName)
	diff("holder.name", l.Holder.Name, d.Holder.Name)
	diff("holder.id_type", l.Holder.IDType, d.Holder.IDType)
	diff("holder.id_number", l.Holder.IDNumber, d.Holder.IDNumber)
	diff("issuer.department_id", l.Issuer.DepartmentID, d.Issuer.DepartmentID)
	diff("issuer.name", l.Issuer.Name, d.Issuer.Name)
	diff("issuer.code", l.Issuer.Code, d.Issuer.Code)
	diff("issued_on", l.IssuedOn, d.IssuedOn)
	diff("valid_until", l.ValidUntil, d.ValidUntil)
	diff("case_number", l.CaseNumber, d.CaseNumber)
	diff("seal_id", l.SealID, d.SealID)
	if !maps.Equal(l.Fields, d.Fields) && (len(l.Fields) > 0 || len(d.Fields) > 0) {
		out = append(out, "fields")
	}
	return out
}

// ShowSigned puts the signed document's values in the record's fields, so
// what a page or the API shows is what the seal signed, whatever the
// columns say.
func (l *Licence) ShowSigned() {
	var d Document
	if err := json.Unmarshal([]byte(l.Document), &d); err != nil {
		return
	}
	l.Identifier, l.Type, l.TypeName, l.Holder, l.Issuer = d.Identifier, d.Type, d.TypeName, d.Holder, d.Issuer
	l.IssuedOn, l.ValidUntil, l.CaseNumber, l.SealID = d.IssuedOn, d.ValidUntil, d.CaseNumber, d.SealID
	l.Fields = d.Fields
	if l.Fields == nil {
		l.Fields = map[string]string{}
	}
}
