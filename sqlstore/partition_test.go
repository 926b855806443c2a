package sqlstore_test

import (
	"context"
	"testing"

	"onetrip"
	"onetrip/casework"
	"onetrip/catalog"
	"onetrip/idcode"
	"onetrip/intake"
	"onetrip/policy"
	"onetrip/sqlstore"
	"onetrip/sqlstore/sqltest"
	"onetrip/workday"
)

// TestCasesAcrossCities runs intake, decisions and every list filter on
// cases of two cities — on SQLite, PostgreSQL, and PostgreSQL with cases
// partitioned by city, where a case's rows and its lists must behave the
// same although the table is eleven tables and a default.
func TestCasesAcrossCities(t *testing.T) {
	sqltest.EachWithPartitions(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		withCatalog(t, s, "330-WSJK-001", "health")
		it, _ := s.Item(ctx, "330-WSJK-001", 0)
		if err := s.SaveImplementations(ctx, []catalog.Implementation{{Item: "330-WSJK-001", Region: "330102", Department: "330102-health",
			PromisedDays: it.Item.PromisedDays, Address: "上城区市民中心", Hours: "工作日", Phone: "0571-12345"}}, "test"); err != nil {
			t.Fatal(err)
		}
		var marks []intake.Mark
		for _, m := range it.Item.Materials {
			marks = append(marks, intake.Mark{Spec: m.ID, Status: intake.MarkReceived})
		}
		hz := &onetrip.Principal{Username: "hz.clerk", Role: onetrip.RoleClerk, Region: "330102", Center: "330102-center"}
		submit := func(p *onetrip.Principal, region string, n int) casework.Case {
			c, err := s.SubmitCase(ctx, p, casework.Submission{Item: "330-WSJK-001", Region: region, Channel: intake.ChannelWindow,
				Applicant: intake.Applicant{Type: "org", Name: "某店", IDNumber: idcode.MakeOrgUSCC("92", region, "MA2H"+string(rune('A'+n))+"001")},
				Materials: marks}, nil)
			if err != nil || c.Status != intake.StatusAccepted {
				t.Fatalf("submit in %s: %v %v", region, c.Status, err)
			}
			return c
		}
		qz1, qz2 := submit(clerk, "330802", 1), submit(clerk, "330802", 2)
		hz1 := submit(hz, "330102", 3)
		// A decision on a Quzhou case; its task and events are in place.
		task := qz1.Tasks[0]
		rv := &onetrip.Principal{Username: "rv", Role: onetrip.RoleReviewer, Region: "330802", Department: task.Department}
		if _, err := s.DecideTask(ctx, rv, task.ID, casework.Decision{Decision: "deny", Opinion: "场所不符合要求", Version: task.Version}); err != nil {
			t.Fatal(err)
		}
		got, err := s.CaseByNumber(ctx, qz1.Number)
		if err != nil || got.Status != intake.StatusDenied || got.ID != qz1.ID {
			t.Fatalf("by number: %v %v", got.Status, err)
		}
		evs, _ := s.Events(ctx, qz1.ID)
		if casework.VerifyEvents(evs) != nil || len(evs) < 4 {
			t.Fatalf("events: %d", len(evs))
		}
		ids := func(q sqlstore.CaseQuery) []string {
			list, err := s.Cases(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, c := range list {
				out = append(out, c.ID)
			}
			return out
		}
		scope := func(region string) policy.Scope {
			sc, err := policy.CaseScope(&onetrip.Principal{Role: onetrip.RoleSupervisor, Region: "330000"}, region)
			if err != nil {
				t.Fatal(err)
			}
			return sc
		}
		today := workday.DateOf(s.Now()).String()
		for _, tc := range []struct {
			name string
			q    sqlstore.CaseQuery
			want []string
		}{
			{"province", sqlstore.CaseQuery{Scope: scope("330000")}, []string{hz1.ID, qz2.ID, qz1.ID}},
			{"city", sqlstore.CaseQuery{Scope: scope("330800")}, []string{qz2.ID, qz1.ID}},
			{"county", sqlstore.CaseQuery{Scope: scope("330102")}, []string{hz1.ID}},
			{"status", sqlstore.CaseQuery{Scope: scope("330000"), Status: []intake.Status{intake.StatusDenied}}, []string{qz1.ID}},
			{"item", sqlstore.CaseQuery{Scope: scope("330800"), Item: "330-WSJK-001"}, []string{qz2.ID, qz1.ID}},
			{"keyset", sqlstore.CaseQuery{Scope: scope("330000"), After: sqlstore.CaseCursor(&qz2)}, []string{qz1.ID}},
			{"breach", sqlstore.CaseQuery{Scope: scope("330000"), Breach: true}, nil},
			{"overdue", sqlstore.CaseQuery{Scope: scope("330000"), Overdue: true, Today: today}, nil},
			{"department", sqlstore.CaseQuery{Scope: policy.Scope{Department: task.Department, RegionPrefix: "330802"}}, []string{qz2.ID, qz1.ID}},
		} {
			if got := ids(tc.q); !equal(got, tc.want) {
				t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
			}
		}
	})
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
