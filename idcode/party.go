package idcode

import "onetrip"

// Party kinds accepted by CheckPartyID.
const (
	PartyPerson = "person" // a natural person, identified by citizen ID
	PartyOrg    = "org"    // a legal person or other organisation, identified by USCC
)

// CheckPartyID validates the identification number of a party to a case: a
// citizen ID for a person, a USCC for an organisation. It returns the
// normalised number to store and any warnings to show (only a USCC has
// warnings). An unknown kind is an invalid error, never a guess.
func CheckPartyID(kind, number string) (string, []Warning, error) {
	switch kind {
	case PartyPerson:
		id, err := CheckCitizenID(number)
		if err != nil {
			return "", nil, err
		}
		return id.Number, nil, nil
	case PartyOrg:
		u, warns, err := CheckUSCC(number)
		if err != nil {
			return "", nil, err
		}
		return u.Number, warns, nil
	default:
		return "", nil, onetrip.Invalid("idcode.party.kind", kind)
	}
}
