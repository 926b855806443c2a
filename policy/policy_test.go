package policy

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"onetrip"
	"onetrip/casework"
	"onetrip/intake"
	"onetrip/licence"
)

// The principals of the table: one per role and scope.
var (
	applicant      = onetrip.Principal{UserID: "u-app", Username: "wang", Role: onetrip.RoleApplicant, IDNumber: "33010219200403064X"}
	otherApplicant = onetrip.Principal{UserID: "u-other", Username: "li", Role: onetrip.RoleApplicant, IDNumber: "11010519491231002X"}
	agent          = onetrip.Principal{Username: "agent1", Role: onetrip.RoleAgent, Region: "330802"}
	otherAgent     = onetrip.Principal{Username: "agent2", Role: onetrip.RoleAgent, Region: "330802"}
	clerk          = onetrip.Principal{Username: "clerk", Role: onetrip.RoleClerk, Region: "330802"}
	cityClerk      = onetrip.Principal{Username: "cclerk", Role: onetrip.RoleClerk, Region: "330800"}
	farClerk       = onetrip.Principal{Username: "hz", Role: onetrip.RoleClerk, Region: "330102"}
	reviewer       = onetrip.Principal{Username: "rv", Role: onetrip.RoleReviewer, Region: "330802", Department: "330802-market"}
	otherReviewer  = onetrip.Principal{Username: "rv2", Role: onetrip.RoleReviewer, Region: "330802", Department: "330802-taxation"}
	system         = onetrip.Principal{Username: "sys", Role: onetrip.RoleSystem, Region: "330802", Department: "330802-market"}
	supervisor     = onetrip.Principal{Username: "sup", Role: onetrip.RoleSupervisor, Region: "330800"}
	admin          = onetrip.Principal{Username: "adm", Role: onetrip.RoleAdmin, Region: "330000"}
	farAdmin       = onetrip.Principal{Username: "adm2", Role: onetrip.RoleAdmin, Region: "110000"}
	buyerParty     = onetrip.Principal{UserID: "u-buyer", Username: "qian", Role: onetrip.RoleApplicant, IDNumber: "330802198806010521"}
)

// theCase is a window case in 柯城区 brought by agent1 for 王建国, with a
// market task.
func theCase() *casework.Case {
	return &casework.Case{ID: "c1", Region: "330802", CreatedBy: "agent1", ApplicantUser: "u-app",
		Applicant: intake.Applicant{Type: intake.ApplicantPerson, Name: "王建国", IDNumber: "33010219200403064X"},
		Parties:   []intake.Party{{Role: "buyer", Applicant: intake.Applicant{Type: intake.ApplicantPerson, Name: "钱买方", IDNumber: "330802198806010521"}}},
		Agent:     &intake.Agent{Name: "赵代办", IDNumber: "11010519491231002X", Authorisation: "W-1"},
		Tasks:     []casework.Task{{ID: "t1", Department: "330802-market", Status: casework.TaskReady}}}
}

// TestCasePolicy is the table of role × action on a case → allow, deny
// (forbidden) or hidden (not found).
func TestCasePolicy(t *testing.T) {
	const allow, deny, hidden = "allow", "forbidden", "not_found"
	tests := []struct {
		who  *onetrip.Principal
		want map[Action]string
	}{
		{&applicant, map[Action]string{Read: allow, Judge: deny, Resubmit: allow, Supply: allow, Withdraw: allow, Suspend: deny, HandOver: deny, Decide: deny}},
		{&buyerParty, map[Action]string{Read: allow, Judge: deny, Resubmit: allow, Supply: allow, Withdraw: deny, Suspend: deny, HandOver: deny, Decide: deny}},
		{&otherApplicant, map[Action]string{Read: hidden, Judge: hidden, Resubmit: hidden, Supply: hidden, Withdraw: hidden, Suspend: hidden, HandOver: hidden, Decide: hidden}},
		{&agent, map[Action]string{Read: allow, Judge: allow, Resubmit: deny, Supply: allow, Withdraw: allow, Suspend: deny, HandOver: deny, Decide: deny}},
		{&otherAgent, map[Action]string{Read: hidden, Judge: hidden, Withdraw: hidden}},
		{&clerk, map[Action]string{Read: allow, Judge: allow, Resubmit: deny, Supply: allow, Withdraw: allow, Suspend: allow, HandOver: allow, Decide: deny}},
		{&cityClerk, map[Action]string{Read: allow, Judge: allow, HandOver: allow}},
		{&farClerk, map[Action]string{Read: hidden, Judge: hidden, HandOver: hidden}},
		{&reviewer, map[Action]string{Read: allow, Judge: deny, Resubmit: deny, Supply: deny, Withdraw: deny, Suspend: allow, HandOver: deny, Decide: allow}},
		{&otherReviewer, map[Action]string{Read: hidden, Suspend: hidden, Decide: hidden}},
		{&system, map[Action]string{Read: allow, Suspend: allow, Decide: allow, Judge: deny}},
		{&supervisor, map[Action]string{Read: allow, Judge: deny, Supply: deny, Withdraw: deny, Suspend: deny, HandOver: deny, Decide: deny}},
		{&admin, map[Action]string{Read: allow, Judge: deny, Withdraw: deny, HandOver: deny}},
		{&farAdmin, map[Action]string{Read: hidden, Judge: hidden}},
		{nil, map[Action]string{Read: hidden, Judge: hidden}},
	}
	for _, tc := range tests {
		name := "nobody"
		if tc.who != nil {
			name = tc.who.Username
		}
		for a, want := range tc.want {
			t.Run(fmt.Sprintf("%s/%s", name, a), func(t *testing.T) {
				got := allow
				if err := CaseAction(tc.who, theCase(), a); err != nil {
					got = string(onetrip.AsError(err).Code)
				}
				if got != want {
					t.Errorf("got %s, want %s", got, want)
				}
			})
		}
	}
}

func TestTaskAndSuspendPolicy(t *testing.T) {
	c := theCase()
	tk := c.Task("t1")
	for _, tc := range []struct {
		who      onetrip.Principal
		work     bool
		suspTask string // "" allowed, else the error code
	}{
		{reviewer, true, ""},
		{system, true, ""},
		{otherReviewer, false, "not_found"},
		{clerk, false, ""},
		{supervisor, false, "forbidden"},
		{applicant, false, "forbidden"},
	} {
		if CanWorkTask(&tc.who, tk) != tc.work || (TaskAction(&tc.who, tk) == nil) != tc.work {
			t.Errorf("%s works the task: want %v", tc.who.Username, tc.work)
		}
		got := ""
		if err := SuspendTask(&tc.who, c, "t1"); err != nil {
			got = string(onetrip.AsError(err).Code)
		}
		if got != tc.suspTask {
			t.Errorf("%s suspends the task: %q, want %q", tc.who.Username, got, tc.suspTask)
		}
	}
	// A department may not stop another department's task, even on a case
	// it works on.
	c.Tasks = append(c.Tasks, casework.Task{ID: "t2", Department: "330802-taxation"})
	if err := SuspendTask(&reviewer, c, "t2"); !onetrip.HasCode(err, onetrip.CodeForbidden) {
		t.Errorf("another department's task: %v", err)
	}
}

// TestDisclosure is the table of who sees a case's ID numbers in full, by
// view: masked unless the role and the case need them.
func TestDisclosure(t *testing.T) {
	tests := []struct {
		who          onetrip.Principal
		list, opened bool
		withPurpose  bool
	}{
		{applicant, true, true, true},
		{agent, true, true, true},
		{clerk, false, true, true},
		{reviewer, false, true, true},
		{otherReviewer, false, false, false}, // not its case at all
		{supervisor, false, false, true},
		{admin, false, false, true},
		{farAdmin, false, false, false},
	}
	for _, tc := range tests {
		c := theCase()
		for _, v := range []struct {
			view    View
			purpose string
			want    bool
		}{{InList, "", tc.list}, {Opened, "", tc.opened}, {Opened, "投诉核查 2026-118", tc.withPurpose}} {
			m := MaskCase(&tc.who, *c, v.view, v.purpose)
			full := m.Applicant.IDNumber == c.Applicant.IDNumber
			if full != v.want {
				t.Errorf("%s view %d purpose %q: full=%v, want %v", tc.who.Username, v.view, v.purpose, full, v.want)
			}
			if full != (m.Agent.IDNumber == c.Agent.IDNumber) {
				t.Errorf("%s: the agent's number is masked with the applicant's", tc.who.Username)
			}
			if !full && m.Applicant.IDNumber != "330***********064X" {
				t.Errorf("masked as %q", m.Applicant.IDNumber)
			}
		}
		if c.Applicant.IDNumber != "33010219200403064X" || c.Agent.IDNumber != "11010519491231002X" {
			t.Fatal("masking changed the caller's case")
		}
	}
	org := theCase()
	org.Applicant = intake.Applicant{Type: intake.ApplicantOrg, Name: "衢州市建国食品有限公司", IDNumber: "91310110666007217T"}
	if m := MaskCase(&supervisor, *org, InList, ""); m.Applicant.IDNumber != org.Applicant.IDNumber {
		t.Error("a USCC is public and is not masked")
	}
}

func TestCaseScope(t *testing.T) {
	for _, tc := range []struct {
		who    onetrip.Principal
		region string
		want   Scope
		err    onetrip.Code
	}{
		{applicant, "", Scope{ApplicantUser: "u-app", ApplicantID: "33010219200403064X"}, ""},
		{agent, "", Scope{CreatedBy: "agent1"}, ""},
		{reviewer, "", Scope{Department: "330802-market", RegionPrefix: "330802"}, ""},
		{clerk, "", Scope{RegionPrefix: "330802"}, ""},
		{supervisor, "", Scope{RegionPrefix: "3308"}, ""},
		{supervisor, "330802", Scope{RegionPrefix: "330802"}, ""},
		{supervisor, "330102", Scope{}, onetrip.CodeForbidden},
		{clerk, "33080", Scope{}, onetrip.CodeInvalid},
		{onetrip.Principal{Role: onetrip.RoleClerk}, "", Scope{}, onetrip.CodeForbidden},
	} {
		got, err := CaseScope(&tc.who, tc.region)
		if tc.err != "" {
			if !onetrip.HasCode(err, tc.err) {
				t.Errorf("%s %q: err %v, want %s", tc.who.Username, tc.region, err, tc.err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s %q: %+v %v, want %+v", tc.who.Username, tc.region, got, err, tc.want)
		}
	}
}

func TestSubmitPolicy(t *testing.T) {
	sub := func(ch intake.Channel, region, id string) *casework.Submission {
		return &casework.Submission{Channel: ch, Region: region, Applicant: intake.Applicant{Type: intake.ApplicantPerson, IDNumber: id}}
	}
	for _, tc := range []struct {
		who   onetrip.Principal
		sub   *casework.Submission
		err   onetrip.Code
		probs int
	}{
		{clerk, sub(intake.ChannelWindow, "330802", "x"), "", 0},
		{clerk, sub(intake.ChannelAgent, "330802", "x"), "", 0},
		{clerk, sub(intake.ChannelOnline, "330802", "x"), onetrip.CodeForbidden, 0},
		{clerk, sub(intake.ChannelWindow, "330102", "x"), onetrip.CodeForbidden, 0},
		{agent, sub(intake.ChannelWindow, "330802", "x"), onetrip.CodeForbidden, 0},
		{agent, sub(intake.ChannelAgent, "330802", "x"), "", 0},
		{applicant, sub(intake.ChannelOnline, "330802", "33010219200403064x"), "", 0},
		{applicant, sub(intake.ChannelOnline, "330802", "11010519491231002X"), "", 1},
		{applicant, sub(intake.ChannelWindow, "330802", "x"), onetrip.CodeForbidden, 0},
		{reviewer, sub(intake.ChannelWindow, "330802", "x"), onetrip.CodeForbidden, 0},
		{supervisor, sub(intake.ChannelAgent, "330802", "x"), onetrip.CodeForbidden, 0},
	} {
		var p onetrip.Problems
		err := Submit(&tc.who, tc.sub, &p)
		if (tc.err == "" && err != nil) || (tc.err != "" && !onetrip.HasCode(err, tc.err)) || len(p) != tc.probs {
			t.Errorf("%s on %s in %s: %v, %d problems", tc.who.Username, tc.sub.Channel, tc.sub.Region, err, len(p))
		}
	}
	refuse := sub(intake.ChannelAgent, "330802", "x")
	refuse.Refusal = &casework.Refusal{Reason: "r", LegalBasis: "b"}
	var p onetrip.Problems
	if err := Submit(&agent, refuse, &p); !onetrip.HasCode(err, onetrip.CodeForbidden) {
		t.Errorf("only a clerk refuses: %v", err)
	}
}

// TestLicencePolicy is the table of who opens a licence and who sees its
// holder in full.
func TestLicencePolicy(t *testing.T) {
	l := &licence.Licence{Holder: licence.Holder{Name: "王建国", IDType: licence.IDCitizen, IDNumber: "33010219200403064X"},
		RepresentativeID: "R1", Issuer: licence.Issuer{DepartmentID: "330802-market"}, Region: "330802"}
	rep := onetrip.Principal{Role: onetrip.RoleApplicant, IDNumber: "R1"}
	for _, tc := range []struct {
		who        onetrip.Principal
		open, full bool
	}{
		{applicant, true, true},
		{rep, true, true},
		{otherApplicant, false, false},
		{onetrip.Principal{Role: onetrip.RoleApplicant}, false, false},
		{reviewer, true, true},
		{system, true, true},
		{otherReviewer, false, false},
		{clerk, true, false},
		{farClerk, false, false},
		{supervisor, true, false},
		{admin, true, false},
		{agent, false, false},
	} {
		if got := CanSeeLicence(&tc.who, l); got != tc.open {
			t.Errorf("%s %s opens: %v", tc.who.Role, tc.who.Username, got)
		}
		m := MaskLicence(&tc.who, *l)
		if full := m.Holder.IDNumber == l.Holder.IDNumber; full != tc.full || DiscloseLicence(&tc.who, l) != tc.full {
			t.Errorf("%s %s full holder: %v", tc.who.Role, tc.who.Username, full)
		}
	}
}

func TestMaskedLicence(t *testing.T) {
	person := licence.Licence{Holder: licence.Holder{Name: "王建国", IDType: licence.IDCitizen, IDNumber: "33010219200403064X"},
		Fields: map[string]string{"姓名": "王建国", "公民身份号码": "33010219200403064X", "住址": "衢州市"}}
	m := MaskedLicence(person)
	if m.Holder.Name != "王**" || m.Holder.IDNumber != "330***********064X" {
		t.Fatalf("holder: %+v", m.Holder)
	}
	for k, v := range m.Fields {
		if strings.Contains(v, "王建国") || strings.Contains(v, "33010219200403064X") {
			t.Errorf("field %s not masked: %q", k, v)
		}
	}
	if person.Fields["姓名"] != "王建国" {
		t.Error("masking changed the original's fields")
	}
	org := licence.Licence{Holder: licence.Holder{Name: "衢州市建国食品有限公司", IDType: licence.IDUSCC, IDNumber: "91310110666007217T"},
		RepresentativeID: "33010219200403064X", Fields: map[string]string{"法定代表人身份证": "33010219200403064X", "名称": "衢州市建国食品有限公司"}}
	m = MaskedLicence(org)
	if m.Holder != org.Holder || m.Fields["名称"] != org.Holder.Name {
		t.Errorf("an organisation is public: %+v", m)
	}
	if m.RepresentativeID == org.RepresentativeID || strings.Contains(m.Fields["法定代表人身份证"], org.RepresentativeID) {
		t.Errorf("the representative's ID must be masked: %+v", m)
	}
}

func TestTaskQueue(t *testing.T) {
	for _, tc := range []struct {
		who  onetrip.Principal
		want string
	}{
		{reviewer, "330802-market"}, {system, "330802-market"}, {clerk, ""}, {supervisor, ""}, {applicant, ""},
		{onetrip.Principal{Role: onetrip.RoleReviewer}, ""},
	} {
		got, err := TaskQueue(&tc.who)
		if got != tc.want || (tc.want == "") != onetrip.HasCode(err, onetrip.CodeForbidden) {
			t.Errorf("%s %s: %q %v", tc.who.Role, tc.who.Username, got, err)
		}
	}
}

func TestOnlyTheClerkConfirmsAnEarlyUSCC(t *testing.T) {
	for _, tc := range []struct {
		who onetrip.Principal
		ch  intake.Channel
		ok  bool
	}{{clerk, intake.ChannelWindow, true}, {agent, intake.ChannelAgent, false}, {applicant, intake.ChannelOnline, false}} {
		sub := &casework.Submission{Channel: tc.ch, Region: "330802", USCCConfirmed: true,
			Applicant: intake.Applicant{Type: intake.ApplicantOrg, IDNumber: "x"}}
		var p onetrip.Problems
		if err := Submit(&tc.who, sub, &p); (err == nil) != tc.ok {
			t.Errorf("%s confirms: %v", tc.who.Role, err)
		}
	}
}

// TestADepartmentAdminHasNoRegionPowers: a provider department's data
// admin (an admin with a department) decides its items' grants and reads
// their log, and nothing of a region admin's: no cases, licences, users,
// seals or catalogue of the region it sits in.
func TestADepartmentAdminHasNoRegionPowers(t *testing.T) {
	dataAdmin := &onetrip.Principal{Username: "zj.police.admin", Role: onetrip.RoleAdmin, Region: "330000", Department: "330000-public-security"}
	regionAdmin := &onetrip.Principal{Username: "zj.admin", Role: onetrip.RoleAdmin, Region: "330000"}
	c := theCase()
	if !DepartmentAdmin(dataAdmin) || DepartmentAdmin(regionAdmin) {
		t.Fatal("DepartmentAdmin is an admin with a department")
	}
	if CanReadCase(dataAdmin, c) || !CanReadCase(regionAdmin, c) {
		t.Fatal("a data admin reads no case; the region admin does")
	}
	if _, err := CaseScope(dataAdmin, ""); err == nil {
		t.Fatal("a data admin has no case list")
	}
	if WithinScope(dataAdmin, "330802") || !WithinScope(regionAdmin, "330802") {
		t.Fatal("a data admin has no region scope")
	}
	l := &licence.Licence{Region: "330802"}
	if CanSeeLicence(dataAdmin, l) {
		t.Fatal("a data admin sees no licence record")
	}
}

func TestFetchesForOthers(t *testing.T) {
	for _, tc := range []struct {
		role onetrip.Role
		want bool
	}{{onetrip.RoleClerk, true}, {onetrip.RoleAgent, true}, {onetrip.RoleApplicant, false}, {onetrip.RoleReviewer, false}, {onetrip.RoleSupervisor, false}} {
		if got := FetchesForOthers(&onetrip.Principal{Role: tc.role}); got != tc.want {
			t.Errorf("%s: %v", tc.role, got)
		}
	}
	if FetchesForOthers(nil) {
		t.Error("nobody")
	}
}

// TestAPartySeesOnlyTheirOwnNumber: the applicant of record sees every
// party's number; a further party sees their own in full and the others
// masked.
func TestAPartySeesOnlyTheirOwnNumber(t *testing.T) {
	mine := MaskCase(&applicant, *theCase(), Opened, "")
	if mine.Applicant.IDNumber != applicant.IDNumber || mine.Parties[0].IDNumber != buyerParty.IDNumber {
		t.Errorf("the applicant of record: %s %s", mine.Applicant.IDNumber, mine.Parties[0].IDNumber)
	}
	theirs := MaskCase(&buyerParty, *theCase(), Opened, "")
	if theirs.Parties[0].IDNumber != buyerParty.IDNumber || theirs.Applicant.IDNumber == applicant.IDNumber || !strings.Contains(theirs.Applicant.IDNumber, "*") {
		t.Errorf("the buyer: %s %s", theirs.Applicant.IDNumber, theirs.Parties[0].IDNumber)
	}
	if theirs.Agent.IDNumber == theCase().Agent.IDNumber {
		t.Error("the buyer sees the agent's number")
	}
}

func TestKnowledgePolicy(t *testing.T) {
	province := &onetrip.Principal{Role: onetrip.RoleAdmin, Region: "330000"}
	city := &onetrip.Principal{Role: onetrip.RoleAdmin, Region: "330800"}
	deptAdmin := &onetrip.Principal{Role: onetrip.RoleAdmin, Region: "330800", Department: "330800-amr"}
	supervisor := &onetrip.Principal{Role: onetrip.RoleSupervisor, Region: "330000"}
	for _, tc := range []struct {
		name   string
		p      *onetrip.Principal
		region string
		want   bool
	}{
		{"province, province-wide", province, "", true},
		{"province, a county", province, "330802", true},
		{"city, its own", city, "330800", true},
		{"city, its county", city, "330802", true},
		{"city, province-wide", city, "", false},
		{"city, another city", city, "330100", false},
		{"department admin", deptAdmin, "330800", false},
		{"supervisor", supervisor, "", false},
		{"nobody", nil, "", false},
	} {
		if got := CanEditKnowledge(tc.p, tc.region); got != tc.want {
			t.Errorf("%s: %v", tc.name, got)
		}
	}
	if !CanEditSynonyms(province) || CanEditSynonyms(city) {
		t.Error("only the province's admins edit the synonym table")
	}
}

func TestPackageScope(t *testing.T) {
	for _, tc := range []struct {
		name         string
		p            *onetrip.Principal
		dept, region string
		ok           bool
	}{
		{"archivist", &onetrip.Principal{Role: onetrip.RoleArchivist, Region: "330802", Department: "330802-natural-resources"}, "330802-natural-resources", "", true},
		{"archivist without a department", &onetrip.Principal{Role: onetrip.RoleArchivist, Region: "330802"}, "", "", false},
		{"city admin", &onetrip.Principal{Role: onetrip.RoleAdmin, Region: "330800"}, "", "330800", true},
		{"department admin", &onetrip.Principal{Role: onetrip.RoleAdmin, Region: "330000", Department: "330000-police"}, "", "", false},
		{"reviewer", &onetrip.Principal{Role: onetrip.RoleReviewer, Region: "330802", Department: "330802-natural-resources"}, "", "", false},
		{"nobody", nil, "", "", false},
	} {
		d, r, err := PackageScope(tc.p)
		if d != tc.dept || r != tc.region || (err == nil) != tc.ok {
			t.Errorf("%s: %q %q %v", tc.name, d, r, err)
		}
	}
}
