package notify

import (
	"slices"
	"strconv"

	"onetrip"
)

// Channels. The inbox always has every notification (it is the record an
// applicant reads in the app); SMS goes to the account's mobile number
// unless the applicant turned it off, entirely or per kind.
const (
	ChannelInbox = "inbox"
	ChannelSMS   = "sms"
)

// Prefs are an applicant's channel choices.
type Prefs struct {
	SMS    bool         `json:"sms"`     // SMS at all
	SMSOff []Kind       `json:"sms_off"` // kinds not sent by SMS while SMS is on
	Lang   onetrip.Lang `json:"lang"`    // the SMS language (the inbox keeps both)
}

// DefaultPrefs are an account's until it chooses: SMS on for every kind,
// in Chinese.
func DefaultPrefs() Prefs { return Prefs{SMS: true, SMSOff: []Kind{}, Lang: onetrip.LangZH} }

// SMSFor reports whether a kind goes by SMS under the choices.
func (p Prefs) SMSFor(k Kind) bool { return p.SMS && !slices.Contains(p.SMSOff, k) }

// Check normalises the choices (each kind once, in Kinds' order; the
// default language when none) and refuses an unknown kind or language,
// naming each.
func (p Prefs) Check() (Prefs, error) {
	var probs onetrip.Problems
	off := []Kind{}
	for i, k := range p.SMSOff {
		if !k.Valid() {
			probs.Add("sms_off["+strconv.Itoa(i)+"]", "notify.prefs.kind", string(k))
		}
	}
	for _, k := range Kinds {
		if slices.Contains(p.SMSOff, k) {
			off = append(off, k)
		}
	}
	switch p.Lang {
	case "":
		p.Lang = onetrip.LangZH
	case onetrip.LangZH, onetrip.LangEN:
	default:
		probs.Add("lang", "notify.prefs.lang", string(p.Lang))
	}
	if err := probs.Err("notify.prefs.invalid", len(probs)); err != nil {
		return Prefs{}, err
	}
	p.SMSOff = off
	return p, nil
}

// Recipient is an account a case's notifications go to: the applicant of
// record's (the account that applied, the citizen the case names; for a
// company, its bound legal representatives and the staff member who
// applied), with its mobile number ("" when it has none: inbox only) and
// its choices.
type Recipient struct {
	UserID string
	Mobile string
	Prefs  Prefs
}

// Message is one notification to one recipient: its inbox row always,
// its SMS when SMS is set.
type Message struct {
	UserID string
	Note   Note
	ZH, EN Text
	SMS    string // the text to send; "" for no SMS
	Mobile string
}

// Address gives each recipient each note: in the inbox in both languages,
// and by SMS in the recipient's language when it has a mobile number and
// wants the kind by SMS. A recipient named twice gets one of each.
func Address(notes []Note, rs []Recipient) []Message {
	var out []Message
	seen := map[string]bool{}
	for _, r := range rs {
		if r.UserID == "" || seen[r.UserID] {
			continue
		}
		seen[r.UserID] = true
		for _, n := range notes {
			m := Message{UserID: r.UserID, Note: n, ZH: n.Inbox(onetrip.LangZH), EN: n.Inbox(onetrip.LangEN)}
			if r.Mobile != "" && r.Prefs.SMSFor(n.Kind) {
				m.SMS, m.Mobile = n.SMS(r.Prefs.Lang), r.Mobile
			}
			out = append(out, m)
		}
	}
	return out
}
