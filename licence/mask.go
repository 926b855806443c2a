package licence

import (
	"strings"

	"onetrip/idcode"
)

// MaskHolder hides a holder's ID number on public pages (the verification
// page, a scanned QR code): a citizen ID keeps its first 3 and last 4
// characters (33010219200403064X → 330***********064X), enough to tell two
// licences apart without publishing the birth date. A USCC is shown whole: it is
// printed on every business licence and published by the credit system.
// idType "name" masks a personal name as MaskName does. Any other type keeps
// only the first and last character.
func MaskHolder(idType, number string) string {
	r := []rune(number)
	switch idType {
	case IDUSCC:
		return number
	case "name":
		return MaskName(number)
	case IDCitizen:
		if len(r) >= 8 {
			return idcode.MaskCitizenID(number)
		}
	default:
		if len(r) >= 3 {
			return string(r[:1]) + strings.Repeat("*", len(r)-2) + string(r[len(r)-1:])
		}
	}
	return MaskName(number)
}

// MaskName keeps the first character of a personal name and stars the rest:
// 张三丰 → 张**. A one-character name becomes a single star.
func MaskName(name string) string {
	r := []rune(strings.TrimSpace(name))
	switch len(r) {
	case 0:
		return ""
	case 1:
		return "*"
	}
	return string(r[:1]) + strings.Repeat("*", len(r)-1)
}

// Masked is the holder as a public page may show it: a person's name and ID
// number masked, an organisation shown as registered.
func (h Holder) Masked() Holder {
	if h.IDType == IDUSCC {
		return h
	}
	return Holder{Name: MaskName(h.Name), IDType: h.IDType, IDNumber: MaskHolder(h.IDType, h.IDNumber)}
}
