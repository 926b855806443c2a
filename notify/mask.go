package notify

import (
	"strings"

	"onetrip/idcode"
)

// MaskIDs hides every full ID number in a text that leaves the platform
// by SMS: an 18-character citizen ID (17 digits and a digit or X, checked
// or not: a mistyped number is a person's too) as idcode.MaskCitizenID
// shows it, and a USCC (18 characters of its alphabet that idcode reads as
// one) the same way. A token counts only standing alone, so a 20-digit
// payment code or a case number is left as it is.
func MaskIDs(s string) string {
	rs := []rune(s)
	var b strings.Builder
	for i := 0; i < len(rs); {
		if !idRune(rs[i]) || i > 0 && idRune(rs[i-1]) {
			b.WriteRune(rs[i])
			i++
			continue
		}
		j := i
		for j < len(rs) && idRune(rs[j]) {
			j++
		}
		tok := string(rs[i:j])
		if j-i == 18 && (citizenShaped(tok) || usccShaped(tok)) {
			tok = idcode.MaskCitizenID(tok)
		}
		b.WriteString(tok)
		i = j
	}
	return b.String()
}

// idRune is a character an ID number may hold: an ASCII letter or digit.
func idRune(r rune) bool {
	return r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z'
}

func citizenShaped(s string) bool {
	for i := 0; i < 17; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s[17] >= '0' && s[17] <= '9' || s[17] == 'X' || s[17] == 'x'
}

func usccShaped(s string) bool {
	_, _, err := idcode.CheckUSCC(s)
	return err == nil
}
