package intake

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"onetrip"
	"onetrip/catalog"
	"onetrip/idcode"
)

// Applicant types: a person by citizen ID, an organisation by USCC.
const (
	ApplicantPerson = idcode.PartyPerson
	ApplicantOrg    = idcode.PartyOrg
)

// MaxNameRunes bounds a person's or organisation's name: the longest
// registered enterprise names are well under a hundred characters.
const MaxNameRunes = 100

// Applicant is the party a case is for (申请人).
type Applicant struct {
	Type     string `json:"type"` // "person" | "org"
	Name     string `json:"name"`
	IDNumber string `json:"id_number"`
}

// Check validates the applicant and normalises it in place (name trimmed,
// id number as idcode gives it: trimmed, upper-case). Problems are reported
// all at once under applicant.type, applicant.name and applicant.id_number,
// with idcode's own messages for the number. Warnings are findings that do
// not block the case (a USCC check character some early codes get wrong):
// show them to the clerk.
func (a *Applicant) Check() ([]idcode.Warning, error) {
	var p onetrip.Problems
	warns := a.check(&p, "applicant")
	return warns, p.Err("intake.applicant.invalid", len(p))
}

func (a *Applicant) check(p *onetrip.Problems, path string) []idcode.Warning {
	a.Type = strings.TrimSpace(a.Type)
	a.Name = strings.TrimSpace(a.Name)
	checkName(p, path+".name", a.Name)
	if a.Type != ApplicantPerson && a.Type != ApplicantOrg {
		p.Add(path+".type", "intake.applicant.type", a.Type)
		return nil
	}
	if strings.TrimSpace(a.IDNumber) == "" {
		key := "intake.applicant.citizen_id_required"
		if a.Type == ApplicantOrg {
			key = "intake.applicant.uscc_required"
		}
		p.Add(path+".id_number", key)
		return nil
	}
	num, warns, err := idcode.CheckPartyID(a.Type, a.IDNumber)
	if err != nil {
		e := onetrip.AsError(err)
		p.Add(path+".id_number", e.Key, e.Args...)
		return nil
	}
	a.IDNumber = num
	return warns
}

// checkName requires a name of printable characters within MaxNameRunes.
func checkName(p *onetrip.Problems, path, name string) {
	switch n := utf8.RuneCountInString(name); {
	case n == 0:
		p.Add(path, "intake.name.required")
	case n > MaxNameRunes:
		p.Add(path, "intake.name.too_long", MaxNameRunes, n)
	default:
		for i, r := range []rune(name) {
			if !unicode.IsPrint(r) || r == utf8.RuneError {
				p.Add(path, "intake.name.char", i+1, fmt.Sprintf("U+%04X", r))
				break
			}
		}
	}
}

// Channel is how a case came in.
type Channel string

const (
	ChannelWindow Channel = "window" // 窗口: the applicant at a general window
	ChannelOnline Channel = "online" // 网上申请: the applicant, logged in
	ChannelAgent  Channel = "agent"  // 代办: an agent acting for the applicant (全程代办)
)

// Channels lists the Channel values.
var Channels = []Channel{ChannelWindow, ChannelOnline, ChannelAgent}

// Valid reports whether c is a known value.
func (c Channel) Valid() bool { return slices.Contains(Channels, c) }

// Agent is the person acting for the applicant on the agent channel
// (代办员). Authorisation is the record of the applicant's authorisation
// (委托书 number or blob id): an agent acts only with it.
type Agent struct {
	Name          string `json:"name"`
	IDNumber      string `json:"id_number"`
	Authorisation string `json:"authorisation"`
}

// CheckParties validates who a submission is for and who brings it, all
// problems at once: the channel; the applicant (Applicant.Check); on the
// agent channel an agent with a name, a valid citizen ID (an agent is a
// person) that is not the applicant's own, and an authorisation. An agent
// given on another channel is an error rather than silently dropped: the
// caller meant the agent channel or sent the wrong body. The applicant and
// the agent are normalised in place.
func CheckParties(ch Channel, a *Applicant, ag *Agent) ([]idcode.Warning, error) {
	var p onetrip.Problems
	if !ch.Valid() {
		p.Add("channel", "intake.channel.unknown", string(ch))
	}
	var warns []idcode.Warning
	if a == nil {
		p.Add("applicant", "intake.applicant.required")
	} else {
		warns = a.check(&p, "applicant")
	}
	switch {
	case ch == ChannelAgent && ag == nil:
		p.Add("agent", "intake.agent.required")
	case ch == ChannelAgent:
		ag.check(&p, a)
	case ag != nil && ch.Valid():
		p.Add("agent", "intake.agent.not_agent_channel", string(ch))
	}
	return warns, p.Err("intake.parties.invalid", len(p))
}

func (ag *Agent) check(p *onetrip.Problems, a *Applicant) {
	ag.Name = strings.TrimSpace(ag.Name)
	ag.Authorisation = strings.TrimSpace(ag.Authorisation)
	checkName(p, "agent.name", ag.Name)
	if strings.TrimSpace(ag.IDNumber) == "" {
		p.Add("agent.id_number", "intake.agent.id_required")
	} else if id, err := idcode.CheckCitizenID(ag.IDNumber); err != nil {
		e := onetrip.AsError(err)
		p.Add("agent.id_number", e.Key, e.Args...)
	} else {
		ag.IDNumber = id.Number
		if a != nil && a.IDNumber == id.Number {
			p.Add("agent.id_number", "intake.agent.same_as_applicant")
		}
	}
	if ag.Authorisation == "" {
		p.Add("agent.authorisation", "intake.agent.authorisation_required")
	} else if onetrip.TooLong(ag.Authorisation, onetrip.MaxShort) {
		p.Add("agent.authorisation", "err.too_long", onetrip.MaxShort)
	}
}

// RepresentativeSource reports whether a fetched material of an applicant
// is its legal representative's: an organisation's material that
// describes a person (法定代表人身份信息 from the population register, an
// ID card) can only be the person who represents it.
func RepresentativeSource(applicantType string, subject catalog.Subject) bool {
	return applicantType == ApplicantOrg && subject == catalog.SubjectPerson
}
