package progress

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"onetrip"
	"onetrip/casework"
	"onetrip/intake"
)

func sampleCase() casework.Case {
	accepted := time.Date(2026, 11, 27, 2, 30, 0, 0, time.UTC) // 10:30 in Beijing
	decided := time.Date(2026, 11, 30, 16, 30, 0, 0, time.UTC) // 1 December 00:30 in Beijing
	return casework.Case{
		ID: "c1", Number: number, Title: "二手房买卖一件事", Status: intake.StatusInReview,
		Applicant: intake.Applicant{Type: intake.ApplicantPerson, Name: "王建国", IDNumber: "330802198605141236"},
		Parties:   []intake.Party{{Role: "buyer", Applicant: intake.Applicant{Type: intake.ApplicantPerson, Name: "陈美华", IDNumber: "330802199203081861"}}},
		Agent:     &intake.Agent{Name: "李代办", IDNumber: "330802197001010019"},
		Form:      json.RawMessage(`{"地址":"坊门街18号"}`),
		CreatedAt: accepted, AcceptedAt: &accepted, UpdatedAt: decided, DueDate: "2026-12-04",
		Clock:          &casework.Deadline{DueDate: "2026-12-08", Status: "due_soon"},
		Materials:      []casework.Material{{Key: "m1", Name: "结婚证", Reason: "照片模糊"}},
		Notice:         &casework.Notice{Reason: "缺少材料"},
		Refusal:        &casework.Refusal{Reason: "不符合条件"},
		LeadDepartment: "330802-ZJJ",
		Tasks: []casework.Task{
			{Step: "330-ZJJ-001", Department: "330802-ZJJ", Status: casework.TaskApproved, Lead: true, DueDate: "2026-11-30", DecidedAt: &decided, Opinion: "经审查，申请人王建国材料齐全", Outputs: map[string]string{"证号": "X1"}},
			{Step: "330-SWJ-002", Department: "330802-SWJ", Status: casework.TaskReady, DueDate: "2026-12-03"},
			{Step: "330-BDC-003", Department: "330802-BDC", Status: casework.TaskWaiting},
		},
	}
}

func TestPublicView(t *testing.T) {
	c := sampleCase()
	names := Names{Departments: map[string]string{"330802-ZJJ": "柯城区住房和城乡建设局", "330802-SWJ": "国家税务总局衢州市柯城区税务局"},
		Steps: map[string]string{"330-ZJJ-001": "存量房交易合同网签备案", "330-SWJ-002": "二手房交易税费申报"}}
	v := Public(&c, names, onetrip.LangZH)
	if v.Number != number || v.Title != "二手房买卖一件事" || v.Status != intake.StatusInReview || v.StatusText != "审查中" {
		t.Fatalf("headline %+v", v)
	}
	if v.Applicant != "王**" {
		t.Fatalf("applicant %q", v.Applicant)
	}
	if v.AcceptedOn != "2026-11-27" || v.Submitted != "2026-11-27" || v.DueDate != "2026-12-08" || v.Clock != "due_soon" || v.ClockText == "" {
		t.Fatalf("dates %+v", v)
	}
	if v.UpdatedAt != "2026-12-01 00:30" {
		t.Fatalf("updated %q (Beijing time)", v.UpdatedAt)
	}
	if len(v.Steps) != 3 {
		t.Fatalf("steps %+v", v.Steps)
	}
	done, running, waiting := v.Steps[0], v.Steps[1], v.Steps[2]
	if done.Name != "存量房交易合同网签备案" || done.Department != "柯城区住房和城乡建设局" || done.StatusText != "已通过" || done.DoneOn != "2026-12-01" || done.DueDate != "" || !done.Lead {
		t.Fatalf("the done step %+v", done)
	}
	if running.StatusText != "待审批" || running.DueDate != "2026-12-03" || running.DoneOn != "" {
		t.Fatalf("the running step %+v", running)
	}
	if waiting.Name != "330-BDC-003" || waiting.Department != "330802-BDC" {
		t.Fatalf("a step without names shows its codes: %+v", waiting)
	}
	// Nothing personal beyond the masked name: no ID numbers, no other
	// party, agent, form, material, notice, opinion, output or reason.
	b, _ := json.Marshal(v)
	for _, leak := range []string{"王建国", "330802198605141236", "陈美华", "330802199203081861", "李代办", "330802197001010019",
		"坊门街", "结婚证", "照片模糊", "缺少材料", "不符合条件", "经审查", "证号", "c1"} {
		if strings.Contains(string(b), leak) {
			t.Errorf("the public view shows %q: %s", leak, b)
		}
	}
	en := Public(&c, names, onetrip.LangEN)
	if en.StatusText != "under review" || en.Steps[0].StatusText != "approved" {
		t.Fatalf("in English: %q, %q", en.StatusText, en.Steps[0].StatusText)
	}
}

func TestPublicOutcomeAndApplicants(t *testing.T) {
	for _, tc := range []struct {
		name      string
		edit      func(c *casework.Case)
		applicant string
		outcome   string
		clock     bool
	}{
		{"a person", func(c *casework.Case) {}, "王**", "", true},
		{"a company in full", func(c *casework.Case) {
			c.Applicant = intake.Applicant{Type: intake.ApplicantOrg, Name: "衢州市建国食品有限公司", IDNumber: "91330802MA2XXXXX0X"}
		}, "衢州市建国食品有限公司", "", true},
		{"a one-character name", func(c *casework.Case) { c.Applicant.Name = "王" }, "*", "", true},
		{"approved", func(c *casework.Case) { c.Status, c.Decision = intake.StatusClosed, casework.CaseApproved }, "王**", "approved", true},
		{"denied", func(c *casework.Case) { c.Status, c.Decision = intake.StatusClosed, casework.CaseDenied }, "王**", "denied", true},
		{"not accepted yet", func(c *casework.Case) {
			c.Status, c.AcceptedAt, c.Clock, c.DueDate, c.Tasks = intake.StatusSubmitted, nil, nil, "", nil
		}, "王**", "", false},
	} {
		c := sampleCase()
		tc.edit(&c)
		v := Public(&c, Names{}, onetrip.LangZH)
		if v.Applicant != tc.applicant || v.Outcome != tc.outcome || (v.Clock != "") != tc.clock {
			t.Errorf("%s: %q %q clock %q", tc.name, v.Applicant, v.Outcome, v.Clock)
		}
		if v.Steps == nil {
			t.Errorf("%s: steps is null, not an empty list", tc.name)
		}
		if b, _ := json.Marshal(v); strings.Contains(string(b), c.Applicant.IDNumber) {
			t.Errorf("%s: the ID number shows: %s", tc.name, b)
		}
	}
}

func TestShowsCode(t *testing.T) {
	c := sampleCase()
	c.ApplicantUser = "u-wang"
	for _, tc := range []struct {
		name string
		p    *onetrip.Principal
		want bool
	}{
		{"nobody", nil, false},
		{"the account that applied", &onetrip.Principal{UserID: "u-wang", Role: onetrip.RoleApplicant}, true},
		{"the person the case is for", &onetrip.Principal{UserID: "u-other", Role: onetrip.RoleApplicant, IDNumber: "330802198605141236"}, true},
		{"the buyer (a further party, who follows the case)", &onetrip.Principal{UserID: "u-chen", Role: onetrip.RoleApplicant, IDNumber: "330802199203081861"}, true},
		{"another applicant", &onetrip.Principal{UserID: "u-x", Role: onetrip.RoleApplicant, IDNumber: "11010519491231002X"}, false},
		{"the clerk (prints the receipt)", &onetrip.Principal{UserID: "u-clerk", Role: onetrip.RoleClerk, IDNumber: "330802198605141236"}, false},
		{"an applicant without ID or account match", &onetrip.Principal{Role: onetrip.RoleApplicant}, false},
	} {
		if got := ShowsCode(tc.p, &c); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}
