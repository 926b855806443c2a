package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"onetrip"
	"onetrip/app"
	"onetrip/casework"
	"onetrip/catalog"
	"onetrip/idcode"
	"onetrip/intake"
	"onetrip/sqlstore"
	"onetrip/sqlstore/sqltest"
	"onetrip/workday"
)

var clerk = &onetrip.Principal{Username: "clerk1", Role: onetrip.RoleClerk, Region: "330802", Center: "330802-center"}

// withCatalog bootstraps and imports the demo catalogue with an
// implementation of item in 柯城区.
func withCatalog(t *testing.T, s *sqlstore.Store, item, kind string) {
	t.Helper()
	ctx := context.Background()
	if err := app.Bootstrap(ctx, s); err != nil {
		t.Fatal(err)
	}
	c, _ := catalog.Demo()
	if _, err := s.ImportCatalog(ctx, c, "test"); err != nil {
		t.Fatal(err)
	}
	it, _ := s.Item(ctx, item, 0)
	if err := s.SaveImplementations(ctx, []catalog.Implementation{{Item: item, Region: "330802", Department: "330802-" + kind,
		PromisedDays: it.Item.PromisedDays, Address: "柯城区行政服务中心", Hours: "工作日", Phone: "0570-12345"}}, "test"); err != nil {
		t.Fatal(err)
	}
}

// TestDeferredMaterialAndReminder accepts a case with a deferred material
// (容缺), refuses its decision until the material arrives, and reminds once
// the due date has passed.
func TestDeferredMaterialAndReminder(t *testing.T) {
	sqltest.EachWithPartitions(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		withCatalog(t, s, "330-WSJK-001", "health")
		s.SetClock(func() time.Time { return time.Date(2026, 11, 27, 2, 0, 0, 0, time.UTC) })
		it, _ := s.Item(ctx, "330-WSJK-001", 0)
		var marks []intake.Mark
		deferredSpec := ""
		for _, m := range it.Item.Materials {
			st := intake.MarkReceived
			if m.Deferrable && m.Required {
				st, deferredSpec = intake.MarkDeferred, m.ID
			}
			marks = append(marks, intake.Mark{Spec: m.ID, Status: st})
		}
		sub := casework.Submission{Item: "330-WSJK-001", Region: "330802", Channel: intake.ChannelWindow,
			Applicant: intake.Applicant{Type: "org", Name: "柯城区某美发店", IDNumber: idcode.MakeOrgUSCC("92", "330802", "MA2H1234")}, Materials: marks}
		c, err := s.SubmitCase(ctx, clerk, sub, nil)
		if err != nil || c.Status != intake.StatusAccepted || c.DeferredDue == "" {
			t.Fatalf("%+v %v", c.Status, err)
		}
		// Five working days after Friday 27 November 2026: Friday 4 December.
		if c.DeferredDue != "2026-12-04" {
			t.Fatalf("deferred due %s", c.DeferredDue)
		}
		// Not yet late: no reminder.
		if ids, _ := s.OverdueDeferred(ctx, workday.MustParse("2026-12-04"), 10); len(ids) != 0 {
			t.Fatalf("reminded early: %v", ids)
		}
		ids, err := s.OverdueDeferred(ctx, workday.MustParse("2026-12-07"), 10)
		if err != nil || len(ids) != 1 {
			t.Fatalf("late cases: %v %v", ids, err)
		}
		s.SetClock(func() time.Time { return time.Date(2026, 12, 7, 1, 0, 0, 0, time.UTC) })
		if err := s.RemindDeferred(ctx, ids[0]); err != nil {
			t.Fatal(err)
		}
		if again, _ := s.OverdueDeferred(ctx, workday.MustParse("2026-12-07"), 10); len(again) != 0 {
			t.Fatalf("reminded twice the same day: %v", again)
		}
		// The material arrives: nothing deferred any more.
		c, err = s.SupplyDeferred(ctx, clerk, c.ID, casework.Review{Materials: []intake.Mark{{Spec: deferredSpec, Status: intake.MarkReceived}}, InPerson: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range c.Materials {
			if m.State == intake.StateDeferred {
				t.Fatalf("still deferred: %+v", m)
			}
		}
		// 公共场所卫生许可 is wholly online (max 0 trips): bringing it to the window
		// was the applicant's choice (voluntary), and so is bringing the
		// deferred material later — it could have been uploaded
		// (intake.ClassifyTrip): no counted trip, no breach.
		if c.Visits.Total != 2 || c.Visits.Counted != 0 || c.MaxVisits != 0 || c.Visits.Breach || !c.Trips[0].Voluntary || !c.Trips[1].Voluntary {
			t.Fatalf("visits: %+v %+v", c.Visits, c.Trips)
		}
		evs, _ := s.Events(ctx, c.ID)
		if err := casework.VerifyEvents(evs); err != nil {
			t.Fatal(err)
		}
	})
}

// TestEventChainDetectsTampering changes, removes and reorders events in
// the database and expects the chain check to name where.
func TestEventChainDetectsTampering(t *testing.T) {
	sqltest.EachWithPartitions(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		withCatalog(t, s, "330-WSJK-001", "health")
		it, _ := s.Item(ctx, "330-WSJK-001", 0)
		sub := casework.Submission{Item: "330-WSJK-001", Region: "330802", Channel: intake.ChannelWindow,
			Applicant: intake.Applicant{Type: "org", Name: "某店", IDNumber: idcode.MakeOrgUSCC("92", "330802", "MA2H1235")},
			Materials: []intake.Mark{{Spec: it.Item.Materials[0].ID, Status: intake.MarkReceived}}}
		c, err := s.SubmitCase(ctx, clerk, sub, nil)
		if err != nil {
			t.Fatal(err)
		}
		evs, _ := s.Events(ctx, c.ID)
		if len(evs) < 3 || casework.VerifyEvents(evs) != nil {
			t.Fatalf("%d events", len(evs))
		}
		changed := append([]casework.Event(nil), evs...)
		changed[1].Data = []byte(`{"items":0}`)
		removed := append(append([]casework.Event(nil), evs[:1]...), evs[2:]...)
		swapped := append([]casework.Event(nil), evs...)
		swapped[0], swapped[1] = swapped[1], swapped[0]
		for name, list := range map[string][]casework.Event{"changed": changed, "removed": removed, "swapped": swapped} {
			if err := casework.VerifyEvents(list); !onetrip.HasCode(err, onetrip.CodeConflict) {
				t.Errorf("%s: %v", name, err)
			}
		}
		// And in the database itself.
		if err := s.Tx(ctx, func(tx *sqlstore.Tx) error {
			_, err := tx.ExecContext(ctx, `UPDATE events SET actor = 'mallory' WHERE case_id = $1 AND seq = 2`, c.ID)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		evs, _ = s.Events(ctx, c.ID)
		if err := casework.VerifyEvents(evs); !onetrip.HasCode(err, onetrip.CodeConflict) {
			t.Fatalf("tampered database: %v", err)
		}
	})
}
