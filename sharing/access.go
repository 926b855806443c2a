package sharing

import (
	"crypto/hmac"
	"encoding/hex"
	"time"

	"github.com/emmansun/gmsm/sm3"

	"onetrip/catalog"
	"onetrip/idcode"
	"onetrip/licence"
)

// Access is one query in the access log (数据使用记录): who asked, for
// which body, what about whom, for which case and purpose, and what came
// of it. The subject is kept as a keyed hash (so the log can be searched
// by a subject's identifier without holding it) and masked for display.
type Access struct {
	ID            string    `json:"id"`
	At            time.Time `json:"at"`
	User          string    `json:"user"`
	ConsumerKind  string    `json:"consumer_kind"`
	Consumer      string    `json:"consumer"`
	ConsumerName  string    `json:"consumer_name"`
	Item          string    `json:"item"`
	ItemName      string    `json:"item_name"`
	Provider      string    `json:"provider"`
	ProviderName  string    `json:"provider_name"`
	SubjectKey    string    `json:"-"`
	Subject       string    `json:"subject"` // masked
	CaseID        string    `json:"case_id,omitempty"`
	CaseNumber    string    `json:"case_number,omitempty"`
	Purpose       string    `json:"purpose"`
	Result        string    `json:"result"`
	Reason        string    `json:"reason,omitempty"` // the message key of a refusal
	Fields        []string  `json:"fields,omitempty"` // the fields answered
	DurationMicro int64     `json:"duration_us"`
}

// SubjectKey is the searchable form of a subject's identifier: the
// HMAC-SM3 under the platform's key, so the log never holds the
// identifier itself and only the platform can search it.
func SubjectKey(key []byte, subject string) string {
	m := hmac.New(sm3.New, key)
	m.Write([]byte(subject))
	return hex.EncodeToString(m.Sum(nil))
}

// MaskSubject is how a subject shows in the log: a citizen ID or a USCC
// with its middle hidden.
func MaskSubject(it catalog.DataItem, subject string) string {
	if it.Subject == catalog.SubjectOrg {
		return licence.MaskHolder(licence.IDUSCC, subject)
	}
	if len(subject) == 18 {
		return idcode.MaskCitizenID(subject)
	}
	return licence.MaskHolder(licence.IDCitizen, subject)
}
