package licence

import (
	"bytes"
	"strings"
	"time"
	"unicode/utf8"

	"onetrip"
	"onetrip/seal"
)

// Holder ID types.
const (
	IDCitizen = "citizen_id" // 公民身份号码, GB 11643
	IDUSCC    = "uscc"       // 统一社会信用代码, GB 32100
)

// IDTypes lists the holder ID types.
var IDTypes = []string{IDCitizen, IDUSCC}

// DateLayout is the form of every date in a licence document.
const DateLayout = "2006-01-02"

// Holder is the person or organisation a licence is issued to.
type Holder struct {
	Name     string `json:"name"`
	IDType   string `json:"id_type"` // IDCitizen or IDUSCC
	IDNumber string `json:"id_number"`
}

// Issuer is the department that issued the licence.
type Issuer struct {
	DepartmentID string `json:"department_id"`
	Name         string `json:"name"`
	Code         string `json:"code"` // the department's USCC, also in the identifier
}

// Document is an electronic licence (电子证照) as signed: every field takes
// part in the signature through its canonical JSON form.
type Document struct {
	Identifier string `json:"identifier"`
	Type       string `json:"type"`      // licence type code, e.g. L-BIZ
	TypeName   string `json:"type_name"` // e.g. 营业执照
	Holder     Holder `json:"holder"`
	Issuer     Issuer `json:"issuer"`
	IssuedOn   string `json:"issued_on"`   // YYYY-MM-DD
	ValidUntil string `json:"valid_until"` // YYYY-MM-DD, inclusive; "" is long-term (长期)
	// Fields are the type's own items (经营范围, 注册资本 …). omitempty makes a
	// nil and an empty map sign the same, so a store round trip cannot break a
	// signature.
	Fields     map[string]string `json:"fields,omitempty"`
	CaseNumber string            `json:"case_number"` // the case that produced it
	SealID     string            `json:"seal_id"`     // the seal that signs it
}

// Signed is the export file of a licence: the document, its SM2 signature
// over SignedBytes, the signing seal's public key and the distinguishing ID,
// everything OpenSSL needs to check it offline.
type Signed struct {
	Document     Document `json:"document"`
	Signature    []byte   `json:"signature"` // DER, base64 in JSON
	PublicKeyPEM string   `json:"public_key_pem"`
	DistID       string   `json:"distid"`
}

// Validate checks a document before it is signed and reports every problem
// at once: a licence with a wrong identifier, a missing holder or an
// impossible date must never carry a seal, since a signature cannot be taken
// back once the file is out. Check digits of citizen IDs and USCCs are the
// idcode package's business; here only their form is checked.
func (d Document) Validate() error {
	var p onetrip.Problems
	if id, err := ParseIdentifier(d.Identifier); err != nil {
		addErr(&p, "identifier", err)
	} else if id.String() != d.Identifier {
		p.Add("identifier", "licence.doc.identifier_form", id.String())
	} else if d.Issuer.Code != "" && id.IssuerCode != d.Issuer.Code {
		p.Add("identifier", "licence.doc.issuer_code_mismatch", id.IssuerCode, d.Issuer.Code)
	}
	required(&p, "type", d.Type)
	required(&p, "type_name", d.TypeName)
	required(&p, "holder.name", d.Holder.Name)
	switch d.Holder.IDType {
	case IDCitizen:
		if !citizenForm(d.Holder.IDNumber) {
			p.Add("holder.id_number", "licence.doc.citizen_id_form", d.Holder.IDNumber)
		}
	case IDUSCC:
		if !usccForm(d.Holder.IDNumber) {
			p.Add("holder.id_number", "licence.doc.uscc_form", d.Holder.IDNumber)
		}
	default:
		p.Add("holder.id_type", "licence.doc.id_type", d.Holder.IDType)
	}
	required(&p, "issuer.department_id", d.Issuer.DepartmentID)
	required(&p, "issuer.name", d.Issuer.Name)
	if !usccForm(d.Issuer.Code) {
		p.Add("issuer.code", "licence.doc.uscc_form", d.Issuer.Code)
	}
	issued, errIssued := time.Parse(DateLayout, d.IssuedOn)
	if errIssued != nil {
		p.Add("issued_on", "licence.doc.date", d.IssuedOn)
	}
	if d.ValidUntil != "" {
		until, err := time.Parse(DateLayout, d.ValidUntil)
		switch {
		case err != nil:
			p.Add("valid_until", "licence.doc.date", d.ValidUntil)
		case errIssued == nil && until.Before(issued):
			p.Add("valid_until", "licence.doc.until_before_issued", d.ValidUntil, d.IssuedOn)
		}
	}
	required(&p, "seal_id", d.SealID)
	for k, v := range d.Fields {
		if strings.TrimSpace(k) == "" {
			p.Add("fields", "licence.doc.field_key_empty")
		}
		if !utf8.ValidString(k) || !utf8.ValidString(v) {
			p.Add("fields."+k, "licence.doc.utf8")
		}
	}
	for path, s := range map[string]string{"holder.name": d.Holder.Name, "issuer.name": d.Issuer.Name, "type_name": d.TypeName, "case_number": d.CaseNumber} {
		if !utf8.ValidString(s) {
			p.Add(path, "licence.doc.utf8")
		}
	}
	return p.Err("licence.doc.invalid", len(p))
}

func required(p *onetrip.Problems, path, v string) {
	if strings.TrimSpace(v) == "" {
		p.Add(path, "licence.doc.required")
	}
}

// addErr records an error from a nested check under path, keeping its details.
func addErr(p *onetrip.Problems, path string, err error) {
	e := onetrip.AsError(err)
	if len(e.Details) == 0 {
		p.Add(path, e.Key, e.Args...)
		return
	}
	for _, d := range e.Details {
		p.Add(path+"."+d.Path, d.Key, d.Args...)
	}
}

// citizenForm: 17 digits and a digit or X (GB 11643).
func citizenForm(s string) bool {
	if len(s) != 18 || !allDigits(s[:17]) {
		return false
	}
	c := s[17]
	return c == 'X' || (c >= '0' && c <= '9')
}

// usccForm: 18 characters of the GB 32100 alphabet (digits and capitals
// without I, O, Z, S, V).
func usccForm(s string) bool {
	if len(s) != 18 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !strings.ContainsRune("0123456789ABCDEFGHJKLMNPQRTUWXY", rune(s[i])) {
			return false
		}
	}
	return true
}

// Sign validates d, signs its canonical form with the seal's key and returns
// the export file.
func Sign(d Document, k *seal.Key) (Signed, error) {
	if err := d.Validate(); err != nil {
		return Signed{}, err
	}
	msg, err := d.SignedBytes()
	if err != nil {
		return Signed{}, err
	}
	sig, err := k.Sign(msg)
	if err != nil {
		return Signed{}, err
	}
	return Signed{Document: d, Signature: sig, PublicKeyPEM: k.Public().PEM(), DistID: seal.DistID}, nil
}

// ParseSigned reads an export file. Unknown fields are refused rather than
// dropped: they are not covered by the signature, so a file carrying them is
// not what was issued.
func ParseSigned(b []byte) (Signed, error) {
	var s Signed
	if err := onetrip.DecodeStrict(bytes.NewReader(b), &s); err != nil {
		e := onetrip.AsError(err)
		return Signed{}, onetrip.Invalid("licence.signed.bad_json", onetrip.Render(onetrip.LangEN, e.Key, e.Args...)).WithDetail("file", e.Key, e.Args...)
	}
	return s, nil
}
