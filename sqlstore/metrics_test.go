package sqlstore_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"onetrip"
	"onetrip/casework"
	"onetrip/catalog"
	"onetrip/idcode"
	"onetrip/intake"
	"onetrip/jobs"
	"onetrip/sqlstore"
	"onetrip/sqlstore/sqltest"
	"onetrip/workday"
)

// metricsWorld is a store with cases in 柯城区 (Quzhou) and 上城区
// (Hangzhou) of 公共场所卫生许可 (promised 3 working days, so a task is due
// soon with one working day left), read on Friday 27 November 2026:
//
//	A  柯城 accepted Mon 23rd, due Thu 26th            overdue
//	B  柯城 accepted Mon 23rd, suspended that day      suspended (its row's due date has passed)
//	C  柯城 accepted Wed 25th, due Mon 30th            due soon (1 day left)
//	H  柯城 accepted Mon 23rd, suspended Mon–Wed       due soon: the suspension moved Thu 26th to Fri 27th
//	E  柯城 a material missing                         needs correction, no task
//	F  柯城 accepted Mon 23rd, approved Tue 24th       a licence sealed
//	G  上城 accepted Mon 23rd, due Thu 26th            overdue
//	D  上城 accepted Thu 26th, due Tue 1 December      normal (2 days left)
//
// A subscription of 柯城's health department to task.ready has one
// delivery per 柯城 case with a task (A, B, C, H, F); one of them failed
// once. The job queue (not working) holds their five webhook jobs; one is
// made retryable and one discarded.
type metricsWorld struct {
	readAt time.Time
	ids    map[string]string // case letter -> id
}

func buildMetricsWorld(t *testing.T, s *sqlstore.Store) metricsWorld {
	t.Helper()
	ctx := context.Background()
	withCatalog(t, s, "330-WSJK-001", "health")
	it, _ := s.Item(ctx, "330-WSJK-001", 0)
	if err := s.SaveImplementations(ctx, []catalog.Implementation{{Item: "330-WSJK-001", Region: "330102", Department: "330102-health",
		PromisedDays: it.Item.PromisedDays, Address: "上城区市民中心", Hours: "工作日", Phone: "0571-12345"}}, "test"); err != nil {
		t.Fatal(err)
	}
	if it.Item.PromisedDays != 3 {
		t.Fatalf("promised %d days: the world below assumes 3", it.Item.PromisedDays)
	}
	if _, err := jobs.Start(ctx, s, jobs.Options{NoWork: true}); err != nil {
		t.Fatal(err)
	}
	qzSystem := &onetrip.Principal{Username: "qz.system", Role: onetrip.RoleSystem, Region: "330802", Department: "330802-health"}
	hook, err := s.CreateWebhook(ctx, qzSystem, "https://health.example/hook", []string{"task.ready"})
	if err != nil {
		t.Fatal(err)
	}
	hz := &onetrip.Principal{Username: "hz.clerk", Role: onetrip.RoleClerk, Region: "330102", Center: "330102-center"}
	at := func(day, hour int) { // China time, November 2026
		when := time.Date(2026, time.November, day, hour, 0, 0, 0, onetrip.China).UTC()
		s.SetClock(func() time.Time { return when })
	}
	n := 0
	submit := func(p *onetrip.Principal, region string, complete bool) casework.Case {
		n++
		var marks []intake.Mark
		for i, m := range it.Item.Materials {
			st := intake.MarkReceived
			if !complete && i == 0 {
				st = intake.MarkMissing
			}
			marks = append(marks, intake.Mark{Spec: m.ID, Status: st})
		}
		c, err := s.SubmitCase(ctx, p, casework.Submission{Item: "330-WSJK-001", Region: region, Channel: intake.ChannelWindow,
			Applicant: intake.Applicant{Type: "org", Name: "某美发店", IDNumber: idcode.MakeOrgUSCC("92", region, "MA2M"+string("ABCDEFGHJK"[n])+"001")},
			Materials: marks}, nil)
		if err != nil {
			t.Fatalf("submit in %s: %v", region, err)
		}
		return c
	}
	reviewer := &onetrip.Principal{Username: "qz.reviewer", Role: onetrip.RoleReviewer, Region: "330802", Department: "330802-health"}
	suspend := func(c casework.Case) casework.Suspension {
		sp, err := s.Suspend(ctx, reviewer, c.ID, casework.SuspendRequest{Kind: workday.KindInspection, Reason: "现场核查", TaskID: c.Tasks[0].ID})
		if err != nil {
			t.Fatal(err)
		}
		return sp
	}
	w := metricsWorld{ids: map[string]string{}}
	at(23, 10)
	a, b, h, f := submit(clerk, "330802", true), submit(clerk, "330802", true), submit(clerk, "330802", true), submit(clerk, "330802", true)
	g := submit(hz, "330102", true)
	suspend(b)
	hs := suspend(h)
	at(24, 10)
	if _, err := s.DecideTask(ctx, reviewer, f.Tasks[0].ID, casework.Decision{Decision: "approve", Opinion: "符合条件", Version: f.Tasks[0].Version}); err != nil {
		t.Fatal(err)
	}
	at(25, 10)
	if _, err := s.Resume(ctx, reviewer, h.ID, hs.ID); err != nil {
		t.Fatal(err)
	}
	c := submit(clerk, "330802", true)
	e := submit(clerk, "330802", false)
	at(26, 10)
	d := submit(hz, "330102", true)
	for k, x := range map[string]casework.Case{"A": a, "B": b, "C": c, "D": d, "E": e, "F": f, "G": g, "H": h} {
		w.ids[k] = x.ID
	}

	// One delivery failed once; two of the jobs leave the available state.
	list, err := s.Deliveries(ctx, hook.ID, 100)
	if err != nil || len(list) != 5 {
		t.Fatalf("deliveries: %d %v", len(list), err)
	}
	if err := s.MarkDelivery(ctx, list[0].ID, 502, "bad gateway", false); err != nil {
		t.Fatal(err)
	}
	if err := s.Tx(ctx, func(tx *sqlstore.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE river_job SET state = 'retryable' WHERE id = (SELECT MIN(id) FROM river_job)`); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE river_job SET state = 'discarded', finalized_at = CURRENT_TIMESTAMP WHERE id = (SELECT MAX(id) FROM river_job)`)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	at(27, 10)
	w.readAt = s.Now()
	return w
}

// TestMetricsSnapshot reads the world's snapshot and checks every figure,
// and that the task lights are the ones the department's queue shows — on
// PostgreSQL also with cases partitioned by city.
func TestMetricsSnapshot(t *testing.T) {
	sqltest.EachWithPartitions(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		s.SetNotificationsOff(true) // the world's jobs are its webhook deliveries
		w := buildMetricsWorld(t, s)
		m, err := s.ReadMetrics(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !m.At.Equal(w.readAt) {
			t.Errorf("read at %v, want the store's clock %v", m.At, w.readAt)
		}
		// By county and status, as the index orders them.
		wantCases := []sqlstore.CaseCount{
			{Status: "accepted", City: "330100", County: "330102", Cases: 2},         // D, G
			{Status: "accepted", City: "330800", County: "330802", Cases: 2},         // A, C
			{Status: "approved", City: "330800", County: "330802", Cases: 1},         // F
			{Status: "in_review", City: "330800", County: "330802", Cases: 1},        // H, resumed
			{Status: "needs_correction", City: "330800", County: "330802", Cases: 1}, // E
			{Status: "suspended", City: "330800", County: "330802", Cases: 1},        // B
		}
		if !slices.Equal(m.Cases, wantCases) {
			t.Errorf("cases %+v,\nwant %+v", m.Cases, wantCases)
		}

		wantTasks := []sqlstore.DepartmentTasks{
			{Department: "330102-health", Overdue: 1},             // G
			{Department: "330802-health", Overdue: 1, DueSoon: 2}, // A; C, H
		}
		if !slices.Equal(m.Tasks, wantTasks) {
			t.Errorf("tasks %+v, want %+v", m.Tasks, wantTasks)
		}
		// The same lights as the queues show (casework.TaskDeadline).
		for _, dept := range []string{"330802-health", "330102-health"} {
			queue, err := s.Tasks(ctx, sqlstore.TaskQuery{Department: dept, Limit: 200})
			if err != nil {
				t.Fatal(err)
			}
			var fromQueue sqlstore.DepartmentTasks
			for _, v := range queue {
				switch workday.Status(v.Clock) {
				case workday.StatusOverdue:
					fromQueue.Overdue++
				case workday.StatusDueSoon:
					fromQueue.DueSoon++
				}
			}
			for _, d := range m.Tasks {
				if d.Department == dept && (d.Overdue != fromQueue.Overdue || d.DueSoon != fromQueue.DueSoon) {
					t.Errorf("%s: snapshot %+v, queue %+v", dept, d, fromQueue)
				}
			}
		}

		if m.Deliveries != (sqlstore.WebhookBacklog{Pending: 4, Failed: 1}) {
			t.Errorf("deliveries %+v", m.Deliveries)
		}
		wantJobs := []sqlstore.JobCount{
			{Kind: "webhook_delivery", State: "available", Jobs: 3},
			{Kind: "webhook_delivery", State: "discarded", Jobs: 1},
			{Kind: "webhook_delivery", State: "retryable", Jobs: 1},
		}
		if !slices.Equal(m.Jobs, wantJobs) {
			t.Errorf("jobs %+v, want %+v", m.Jobs, wantJobs)
		}
		if m.LicencesSealed != 1 {
			t.Errorf("licences sealed: %d", m.LicencesSealed)
		}
	})
}

// TestMetricsEmptyAndCached: a store without cases, tasks or the job
// queue's tables has an empty snapshot (no jobs at all, not an error), and
// Metrics serves one snapshot for its TTL while ReadMetrics sees changes at
// once.
func TestMetricsEmptyAndCached(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		withCatalog(t, s, "330-WSJK-001", "health")
		m, err := s.Metrics(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(m.Cases) != 0 || len(m.Tasks) != 0 || m.Jobs != nil || m.Deliveries != (sqlstore.WebhookBacklog{}) || m.LicencesSealed != 0 {
			t.Fatalf("empty store: %+v", m)
		}
		it, _ := s.Item(ctx, "330-WSJK-001", 0)
		var marks []intake.Mark
		for _, mt := range it.Item.Materials {
			marks = append(marks, intake.Mark{Spec: mt.ID, Status: intake.MarkReceived})
		}
		if _, err := s.SubmitCase(ctx, clerk, casework.Submission{Item: "330-WSJK-001", Region: "330802", Channel: intake.ChannelWindow,
			Applicant: intake.Applicant{Type: "org", Name: "某店", IDNumber: idcode.MakeOrgUSCC("92", "330802", "MA2MC001")}, Materials: marks}, nil); err != nil {
			t.Fatal(err)
		}
		if cached, err := s.Metrics(ctx); err != nil || len(cached.Cases) != 0 {
			t.Errorf("within its TTL Metrics serves the first snapshot: %+v %v", cached.Cases, err)
		}
		fresh, err := s.ReadMetrics(ctx)
		want := []sqlstore.CaseCount{{Status: "accepted", City: "330800", County: "330802", Cases: 1}}
		if err != nil || len(fresh.Cases) != 1 || fresh.Cases[0] != want[0] {
			t.Errorf("ReadMetrics: %+v %v, want %+v", fresh.Cases, err, want)
		}
	})
}
