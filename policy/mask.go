package policy

import (
	"strings"

	"onetrip"
	"onetrip/casework"
	"onetrip/idcode"
	"onetrip/intake"
	"onetrip/licence"
	"onetrip/payment"
)

// View is how a record is shown: a row of a list, or opened on its own.
type View int

const (
	InList View = iota // a row of a list (region-wide queues, searches)
	Opened             // the case, task or licence opened for work
)

// Disclose reports whether p sees a case's personal ID numbers in full
// (PIPL minimisation): the applicant and their agent always; a clerk on
// the case opened at the counter, not in region-wide lists; a department on
// the case of its own task, opened; supervisors and admins only when they
// open the case for a stated purpose, which the caller records.
func Disclose(p *onetrip.Principal, c *casework.Case, v View, purpose string) bool {
	if !CanReadCase(p, c) {
		return false
	}
	switch p.Role {
	case onetrip.RoleApplicant, onetrip.RoleAgent:
		return true
	case onetrip.RoleClerk:
		return v == Opened
	case onetrip.RoleReviewer, onetrip.RoleSystem:
		return v == Opened && c.HasTaskOf(p.Department)
	case onetrip.RoleSupervisor, onetrip.RoleAdmin:
		return v == Opened && strings.TrimSpace(purpose) != ""
	}
	return false
}

// NeedsPurpose reports whether p must state a purpose to see a case's ID
// numbers in full (and the disclosure is then logged).
func NeedsPurpose(p *onetrip.Principal) bool {
	return p.Is(onetrip.RoleSupervisor, onetrip.RoleAdmin)
}

// MaskID is the one masking of a party's ID number for display: a citizen
// ID keeps its first 3 and last 4 characters; a USCC is public (printed on
// every business licence) and stays.
func MaskID(partyType, number string) string {
	if partyType == intake.ApplicantOrg || partyType == licence.IDUSCC {
		return number
	}
	return idcode.MaskCitizenID(number)
}

// MaskCase is the case as p sees it in a view: ID numbers masked unless
// Disclose says otherwise. The case is a copy; the caller's is unchanged.
func MaskCase(p *onetrip.Principal, c casework.Case, v View, purpose string) casework.Case {
	if Disclose(p, &c, v, purpose) && (p.Role != onetrip.RoleApplicant || applicantOfRecord(p, &c)) {
		return c
	}
	// Masked below; a further party still sees their own number in full.
	c.Applicant.IDNumber = MaskID(c.Applicant.Type, c.Applicant.IDNumber)
	if len(c.Parties) > 0 {
		parties := make([]intake.Party, len(c.Parties))
		for i, o := range c.Parties {
			if p == nil || p.IDNumber == "" || o.IDNumber != p.IDNumber {
				o.IDNumber = MaskID(o.Type, o.IDNumber)
			}
			parties[i] = o
		}
		c.Parties = parties
	}
	if c.Agent != nil {
		ag := *c.Agent
		ag.IDNumber = MaskID(intake.ApplicantPerson, ag.IDNumber)
		c.Agent = &ag
	}
	if len(c.Fees) > 0 {
		fees := make([]payment.Order, len(c.Fees))
		for i, o := range c.Fees {
			if p == nil || p.IDNumber == "" || o.Payer.IDNumber != p.IDNumber {
				o.Payer.IDNumber = payment.MaskPayerID(o.Payer.IDNumber)
			}
			fees[i] = o
		}
		c.Fees = fees
	}
	return c
}

// MaskOrder is a payment order as p sees it in a list: the payer's ID
// number masked unless p is the payer (a company's USCC is public).
func MaskOrder(p *onetrip.Principal, o payment.Order) payment.Order {
	if p == nil || p.IDNumber == "" || p.IDNumber != o.Payer.IDNumber {
		o.Payer.IDNumber = payment.MaskPayerID(o.Payer.IDNumber)
	}
	return o
}

// MaskTask is a task opened by its department, with the case inside it.
func MaskTask(p *onetrip.Principal, t casework.TaskView) casework.TaskView {
	if t.Case != nil {
		c := MaskCase(p, *t.Case, Opened, "")
		t.Case = &c
	}
	return t
}

// CanSeeLicence reports whether p may open a licence's full record (its
// fields, the signed bytes): the holder or their legal representative, the
// issuing department, and clerks, supervisors and admins of the issuer's
// region. Everyone else gets the public check.
func CanSeeLicence(p *onetrip.Principal, l *licence.Licence) bool {
	if p == nil {
		return false
	}
	switch p.Role {
	case onetrip.RoleApplicant:
		return p.IDNumber != "" && (l.Holder.IDNumber == p.IDNumber || l.RepresentativeID == p.IDNumber)
	case onetrip.RoleReviewer, onetrip.RoleSystem:
		return p.Department != "" && p.Department == l.Issuer.DepartmentID
	case onetrip.RoleClerk, onetrip.RoleSupervisor, onetrip.RoleAdmin:
		return !DepartmentAdmin(p) && p.Region != "" && idcode.RegionWithin(l.Region, p.Region)
	}
	return false
}

// DiscloseLicence reports whether p sees a licence's holder in full: the
// holder (or an organisation's legal representative) and the issuing
// department. The window, supervision and admins of the region see it
// masked, as the public does: they work with cases, where the applicant's
// identity is theirs to see.
func DiscloseLicence(p *onetrip.Principal, l *licence.Licence) bool {
	if !CanSeeLicence(p, l) {
		return false
	}
	return p.Is(onetrip.RoleApplicant, onetrip.RoleReviewer, onetrip.RoleSystem)
}

// MaskLicence is a licence as p sees it: unless disclosed, a person's name
// and ID number are masked on the holder and wherever a field repeats them
// (an ID card's 姓名 and 公民身份号码), and a legal representative's ID
// number; an organisation's name and USCC are public and stay.
func MaskLicence(p *onetrip.Principal, l licence.Licence) licence.Licence {
	if DiscloseLicence(p, &l) {
		return l
	}
	return MaskedLicence(l)
}

// MaskedLicence is the licence as the public may see it.
func MaskedLicence(l licence.Licence) licence.Licence {
	var repl []string
	if l.Holder.IDType != licence.IDUSCC {
		m := l.Holder.Masked()
		if l.Holder.IDNumber != "" {
			repl = append(repl, l.Holder.IDNumber, m.IDNumber)
		}
		if l.Holder.Name != "" {
			repl = append(repl, l.Holder.Name, m.Name)
		}
		l.Holder = m
	}
	if l.RepresentativeID != "" {
		masked := MaskID(intake.ApplicantPerson, l.RepresentativeID)
		repl = append(repl, l.RepresentativeID, masked)
		l.RepresentativeID = masked
	}
	if len(repl) > 0 {
		rp := strings.NewReplacer(repl...)
		fields := make(map[string]string, len(l.Fields))
		for k, v := range l.Fields {
			fields[k] = rp.Replace(v)
		}
		l.Fields = fields
	}
	return l
}
