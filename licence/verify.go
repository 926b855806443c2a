package licence

import (
	"time"

	"onetrip"
	"onetrip/seal"
)

// Status is the outcome of a licence check, as shown to the public.
type Status string

const (
	StatusValid      Status = "valid"       // genuine and in force
	StatusExpired    Status = "expired"     // genuine, past its valid-until date
	StatusRevoked    Status = "revoked"     // genuine, revoked by the issuer
	StatusNotGenuine Status = "not_genuine" // anything that fails verification
)

// Statuses lists the Status values.
var Statuses = []Status{StatusValid, StatusExpired, StatusRevoked, StatusNotGenuine}

// Revocation is the licence library's record that a licence was revoked.
type Revocation struct {
	At     time.Time `json:"at"`
	Reason string    `json:"reason"`
}

// Trust is what the verifier brings: nothing in it comes from the file.
type Trust struct {
	// SealKey is the public key registered for Document.SealID; nil when no
	// such seal is known. The key in the file must equal it: a file signed
	// with a key of the forger's own choosing verifies against itself.
	SealKey *seal.PublicKey
	// SealPEM is SealKey's PEM as registered: a file carrying exactly it
	// needs no parsing to be compared.
	SealPEM string
	// At is the moment of the check; its calendar date in China Standard
	// Time (UTC+8) decides expiry.
	At time.Time
	// Revoked is the revocation record of Document.Identifier, if any.
	Revoked *Revocation
}

// Verdict is the answer to "is this licence real and in force?".
type Verdict struct {
	Genuine bool   `json:"genuine"`
	Status  Status `json:"status"`
	Reason  string `json:"reason"` // message key, rendered with Args
	Args    []any  `json:"args,omitempty"`
	// Cause is the parse error behind bad_identifier or malformed_pem, so the
	// page can say exactly what is wrong.
	Cause *onetrip.Error `json:"-"`
}

// Title renders the status headline (licence.verdict.*).
func (v Verdict) Title(lang onetrip.Lang) string {
	return onetrip.Render(lang, "licence.verdict."+string(v.Status))
}

// Message renders the reason, followed by its cause when there is one, e.g.
// `the licence identifier "…" is invalid: version the version must be 3 digits, got "02"`.
func (v Verdict) Message(lang onetrip.Lang) string {
	s := onetrip.Render(lang, v.Reason, v.Args...)
	if v.Cause == nil {
		return s
	}
	sep := ": "
	if lang == onetrip.LangZH {
		sep = "："
	}
	if len(v.Cause.Details) == 0 {
		return s + sep + onetrip.Render(lang, v.Cause.Key, v.Cause.Args...)
	}
	// A cause with details only summarises them; say the details.
	for i, d := range v.Cause.Details {
		if i == 0 {
			s += sep
		} else {
			s += "; "
		}
		s += d.Path + " " + onetrip.Render(lang, d.Key, d.Args...)
	}
	return s
}

func notGenuine(reason string, args ...any) Verdict {
	return Verdict{Status: StatusNotGenuine, Reason: reason, Args: args}
}

// VerifySigned decides whether an export file is a genuine licence and whether
// it is in force. It is pure: the caller looks up the seal's registered key
// and the revocation record and passes them in Trust.
//
// Genuine means all of: the identifier parses with a correct check character;
// the distinguishing ID is the default one (or absent); the signature is well
// formed DER; the file's public key parses and is the key registered for the
// seal; the signature verifies over SignedBytes; and valid_until, which
// decides expiry, is a date. The first failing check names the reason. A
// genuine licence is then revoked (the record wins), expired (the day after
// valid_until in China time), or valid. Garbage input never panics.
func VerifySigned(s Signed, t Trust) Verdict {
	d := s.Document
	if _, err := ParseIdentifier(d.Identifier); err != nil {
		v := notGenuine("licence.reason.bad_identifier", d.Identifier)
		v.Cause = onetrip.AsError(err)
		return v
	}
	if s.DistID != "" && s.DistID != seal.DistID {
		return notGenuine("licence.reason.bad_distid", seal.DistID, s.DistID)
	}
	if len(s.Signature) == 0 {
		return notGenuine("licence.reason.no_signature")
	}
	if !seal.WellFormedSignature(s.Signature) {
		return notGenuine("licence.reason.malformed_signature", len(s.Signature))
	}
	if t.SealKey == nil || t.SealPEM == "" || s.PublicKeyPEM != t.SealPEM {
		filePub, err := seal.ParsePublicKeyPEM(s.PublicKeyPEM)
		if err != nil {
			v := notGenuine("licence.reason.malformed_pem")
			v.Cause = onetrip.AsError(err)
			return v
		}
		if t.SealKey == nil {
			return notGenuine("licence.reason.unknown_seal", d.SealID)
		}
		if !filePub.Equal(t.SealKey) {
			return notGenuine("licence.reason.seal_mismatch", d.SealID)
		}
	}
	msg, err := d.SignedBytes()
	if err != nil {
		return notGenuine("licence.reason.bad_document")
	}
	if !seal.Verify(t.SealKey, msg, s.Signature) {
		return notGenuine("licence.reason.bad_signature")
	}
	var until time.Time
	if d.ValidUntil != "" {
		until, err = time.Parse(DateLayout, d.ValidUntil)
		if err != nil {
			return notGenuine("licence.reason.bad_valid_until", d.ValidUntil)
		}
	}

	if t.Revoked != nil {
		return Verdict{Genuine: true, Status: StatusRevoked, Reason: "licence.reason.revoked",
			Args: []any{t.Revoked.At.In(onetrip.China).Format(DateLayout), t.Revoked.Reason}}
	}
	if d.ValidUntil == "" {
		return Verdict{Genuine: true, Status: StatusValid, Reason: "licence.reason.valid_long_term"}
	}
	y, m, day := t.At.In(onetrip.China).Date()
	if time.Date(y, m, day, 0, 0, 0, 0, time.UTC).After(until) {
		return Verdict{Genuine: true, Status: StatusExpired, Reason: "licence.reason.expired", Args: []any{d.ValidUntil}}
	}
	return Verdict{Genuine: true, Status: StatusValid, Reason: "licence.reason.valid_until", Args: []any{d.ValidUntil}}
}
