package policy

import (
	"testing"

	"onetrip"
	"onetrip/casework"
	"onetrip/intake"
)

// An organisation's cases: its representative reads them all, staff for
// every item too, staff for some items the ones they applied for, and
// nobody once the authorisation is gone (Principal.Orgs is loaded per
// request, so a revoked one is simply absent).
func TestOrganisationCasesFollowTheAuthorisation(t *testing.T) {
	const org, other = "91330802MA2BW0013X", "91330802MA2BW0021A"
	mine := &casework.Case{Applicant: intake.Applicant{Type: intake.ApplicantOrg, IDNumber: org}, ApplicantUser: "u1"}
	theirs := &casework.Case{Applicant: intake.Applicant{Type: intake.ApplicantOrg, IDNumber: org}, ApplicantUser: "u2"}
	applicant := func(orgs ...onetrip.OrgAccess) *onetrip.Principal {
		return &onetrip.Principal{UserID: "u1", Role: onetrip.RoleApplicant, IDNumber: "330802198605141236", Orgs: orgs}
	}
	for _, c := range []struct {
		name       string
		p          *onetrip.Principal
		mine, them bool
	}{
		{"representative", applicant(onetrip.OrgAccess{USCC: org, Representative: true}), true, true},
		{"staff for every item", applicant(onetrip.OrgAccess{USCC: org}), true, true},
		{"staff for one item", applicant(onetrip.OrgAccess{USCC: org, Items: []string{"330-WSJK-001"}}), true, false},
		{"authorisation ended", applicant(), false, false},
		{"another company's staff", applicant(onetrip.OrgAccess{USCC: other}), false, false},
	} {
		if got := CanReadCase(c.p, mine); got != c.mine {
			t.Errorf("%s: own application %v", c.name, got)
		}
		if got := CanReadCase(c.p, theirs); got != c.them {
			t.Errorf("%s: another's application %v", c.name, got)
		}
	}
	sub := func(item string) *casework.Submission {
		return &casework.Submission{Item: item, Channel: intake.ChannelOnline, Applicant: intake.Applicant{Type: intake.ApplicantOrg, IDNumber: org}}
	}
	for _, c := range []struct {
		name, item, rep string
		p               *onetrip.Principal
		want            string
	}{
		{"named by its licences", "330-WSJK-001", "330802198605141236", applicant(), ""},
		{"bound", "330-WSJK-001", "", applicant(onetrip.OrgAccess{USCC: org, Representative: true}), ""},
		{"staff, covered", "330-WSJK-001", "", applicant(onetrip.OrgAccess{USCC: org, Items: []string{"330-WSJK-001"}}), ""},
		{"staff, beyond", "330-SCJG-001", "", applicant(onetrip.OrgAccess{USCC: org, Items: []string{"330-WSJK-001"}}), "policy.staff_beyond"},
		{"nobody", "330-WSJK-001", "", applicant(), "policy.applicant_represents"},
	} {
		var probs onetrip.Problems
		Represents(c.p, sub(c.item), c.rep, &probs)
		got := ""
		if len(probs) > 0 {
			got = probs[0].Key
		}
		if got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
	// Online, an account that is not real-named does not apply at all.
	var probs onetrip.Problems
	if err := Submit(&onetrip.Principal{UserID: "u9", Role: onetrip.RoleApplicant}, sub("330-WSJK-001"), &probs); err == nil || onetrip.AsError(err).Key != "policy.real_name_required" {
		t.Errorf("unverified submits: %v", err)
	}
}
