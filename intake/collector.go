package intake

import (
	"strings"

	"onetrip"
	"onetrip/idcode"
)

// Who may collect a result at the window (领取人): the applicant in person,
// an organisation's legal representative, the agent on record, or someone
// the applicant authorised in writing (受托人, with the 授权委托书).
const (
	CollectorApplicant      = "applicant"      // 申请人本人
	CollectorRepresentative = "representative" // 法定代表人
	CollectorAgent          = "agent"          // 代办人 on record
	CollectorAuthorised     = "authorised"     // 受托人
)

// CollectorRelations lists the relations in the order a clerk is offered them.
var CollectorRelations = []string{CollectorApplicant, CollectorRepresentative, CollectorAgent, CollectorAuthorised}

// Collector is the person a result is handed to: identified by citizen ID
// at the window, and recorded, so the case says who took the licence.
type Collector struct {
	Relation      string `json:"relation"`
	Name          string `json:"name"`
	IDNumber      string `json:"id_number"`
	Authorisation string `json:"authorisation,omitempty"` // 授权委托书 number, for a 受托人
}

// RelationKey is the message key of a relation's name.
func RelationKey(relation string) string { return "intake.collector.rel." + relation }

// CheckCollector decides whether col may collect the result of a case for
// applicant a (with agent ag on record, nil when none; rep the citizen ID
// of the organisation's legal representative as the licence library names
// it, "" when unknown). It normalises col in place and reports all
// problems at once:
//   - the collector is a person with a name and a valid citizen ID;
//   - 本人 only a person who is a party: the applicant, or a further party
//     of the case (the buyer collects the deed), by ID and name;
//   - 法定代表人 only for an organisation whose representative is on record,
//     and only that person: an unknown representative collects as 受托人;
//   - 代办人 only the agent on record;
//   - 受托人 with the authorisation's number, and not the applicant
//     themselves (they collect in person).
func CheckCollector(a Applicant, others []Party, ag *Agent, rep string, col *Collector) error {
	var p onetrip.Problems
	col.Relation = strings.TrimSpace(col.Relation)
	col.Name = strings.TrimSpace(col.Name)
	col.Authorisation = strings.TrimSpace(col.Authorisation)
	checkName(&p, "collector.name", col.Name)
	idOK := false
	if strings.TrimSpace(col.IDNumber) == "" {
		p.Add("collector.id_number", "intake.collector.id_required")
	} else if id, err := idcode.CheckCitizenID(col.IDNumber); err != nil {
		e := onetrip.AsError(err)
		p.Add("collector.id_number", e.Key, e.Args...)
	} else {
		col.IDNumber, idOK = id.Number, true
	}
	same := func(id, name string) bool { return col.IDNumber == id && col.Name == name }
	switch col.Relation {
	case CollectorApplicant:
		persons := 0
		party := false
		for _, x := range append([]Applicant{a}, partyIdentities(others)...) {
			if x.Type == ApplicantPerson {
				persons++
				party = party || same(x.IDNumber, x.Name)
			}
		}
		if persons == 0 {
			p.Add("collector.relation", "intake.collector.org_in_person")
		} else if idOK && !party {
			p.Add("collector.id_number", "intake.collector.not_applicant", a.Name)
		}
	case CollectorRepresentative:
		switch {
		case a.Type != ApplicantOrg:
			p.Add("collector.relation", "intake.collector.rep_person")
		case rep == "":
			p.Add("collector.relation", "intake.collector.rep_unknown")
		case idOK && col.IDNumber != rep:
			p.Add("collector.id_number", "intake.collector.not_rep", a.Name)
		}
	case CollectorAgent:
		if ag == nil {
			p.Add("collector.relation", "intake.collector.no_agent")
		} else if idOK && !same(ag.IDNumber, ag.Name) {
			p.Add("collector.id_number", "intake.collector.not_agent", ag.Name)
		}
	case CollectorAuthorised:
		if col.Authorisation == "" {
			p.Add("collector.authorisation", "intake.collector.authorisation_required")
		} else if onetrip.TooLong(col.Authorisation, onetrip.MaxShort) {
			p.Add("collector.authorisation", "err.too_long", onetrip.MaxShort)
		}
		for _, x := range append([]Applicant{a}, partyIdentities(others)...) {
			if idOK && x.Type == ApplicantPerson && col.IDNumber == x.IDNumber {
				p.Add("collector.relation", "intake.collector.self_authorised")
				break
			}
		}
	default:
		p.Add("collector.relation", "intake.collector.relation", col.Relation)
	}
	if col.Relation != CollectorAuthorised {
		col.Authorisation = "" // only a 受托人's authorisation is recorded
	}
	return p.Err("intake.collector.invalid", len(p))
}

func partyIdentities(ps []Party) []Applicant {
	out := make([]Applicant, len(ps))
	for i, o := range ps {
		out[i] = o.Applicant
	}
	return out
}
