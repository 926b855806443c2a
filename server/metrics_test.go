package server_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil/promlint"

	"onetrip"
	"onetrip/app"
	"onetrip/casework"
	"onetrip/catalog"
	"onetrip/idcode"
	"onetrip/intake"
	"onetrip/jobs"
	"onetrip/server"
	"onetrip/sqlstore"
	"onetrip/sqlstore/sqltest"
)

// scrape GETs /metrics through the node's handler.
func scrape(t *testing.T, h http.Handler) (int, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	b, _ := io.ReadAll(rec.Body)
	return rec.Code, string(b)
}

// TestDomainMetrics scrapes a node whose store has, on Friday 27 November
// 2026, three cases of 公共场所卫生许可 (3 working days) in 柯城区: X
// accepted Monday (due Thursday: overdue), Y accepted Wednesday (due
// Monday: one day left, due soon) and Z accepted and approved on Friday (a
// licence sealed). 柯城's health department subscribes to task.ready, so
// each case has a delivery and a webhook job (the queue does not work);
// one delivery failed once.
func TestDomainMetrics(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		if err := app.Bootstrap(ctx, s); err != nil {
			t.Fatal(err)
		}
		cat, _ := catalog.Demo()
		if _, err := s.ImportCatalog(ctx, cat, "test"); err != nil {
			t.Fatal(err)
		}
		const item, dept = "330-WSJK-001", "330802-health"
		it, _ := s.Item(ctx, item, 0)
		if err := s.SaveImplementations(ctx, []catalog.Implementation{{Item: item, Region: "330802", Department: dept,
			PromisedDays: it.Item.PromisedDays, Address: "柯城区行政服务中心", Hours: "工作日", Phone: "0570-12345"}}, "test"); err != nil {
			t.Fatal(err)
		}
		if _, err := jobs.Start(ctx, s, jobs.Options{NoWork: true}); err != nil {
			t.Fatal(err)
		}
		system := &onetrip.Principal{Username: "qz.system", Role: onetrip.RoleSystem, Region: "330802", Department: dept}
		hook, err := s.CreateWebhook(ctx, system, "https://health.example/hook", []string{"task.ready"})
		if err != nil {
			t.Fatal(err)
		}
		clerk := &onetrip.Principal{Username: "clerk1", Role: onetrip.RoleClerk, Region: "330802", Center: "330802-center"}
		var marks []intake.Mark
		for _, m := range it.Item.Materials {
			marks = append(marks, intake.Mark{Spec: m.ID, Status: intake.MarkReceived})
		}
		submitOn := func(day int, uscc string) casework.Case {
			when := time.Date(2026, time.November, day, 10, 0, 0, 0, onetrip.China).UTC()
			s.SetClock(func() time.Time { return when })
			c, err := s.SubmitCase(ctx, clerk, casework.Submission{Item: item, Region: "330802", Channel: intake.ChannelWindow,
				Applicant: intake.Applicant{Type: "org", Name: "某美发店", IDNumber: idcode.MakeOrgUSCC("92", "330802", uscc)}, Materials: marks}, nil)
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		submitOn(23, "MA2MA001")
		submitOn(25, "MA2MB001")
		z := submitOn(27, "MA2MC001")
		reviewer := &onetrip.Principal{Username: "qz.reviewer", Role: onetrip.RoleReviewer, Region: "330802", Department: dept}
		if _, err := s.DecideTask(ctx, reviewer, z.Tasks[0].ID, casework.Decision{Decision: "approve", Opinion: "符合条件", Version: z.Tasks[0].Version}); err != nil {
			t.Fatal(err)
		}
		list, err := s.Deliveries(ctx, hook.ID, 10)
		if err != nil || len(list) != 3 {
			t.Fatalf("deliveries: %d %v", len(list), err)
		}
		if err := s.MarkDelivery(ctx, list[0].ID, 503, "unavailable", false); err != nil {
			t.Fatal(err)
		}

		srv := server.New(server.Options{Store: s, Logger: slog.New(slog.DiscardHandler)})
		code, body := scrape(t, srv)
		if code != http.StatusOK {
			t.Fatalf("GET /metrics: %d %s", code, body)
		}
		for _, tc := range []struct{ name, line string }{
			{"accepted cases", `onetrip_cases{city="330800",county="330802",status="accepted"} 2`},
			{"approved case", `onetrip_cases{city="330800",county="330802",status="approved"} 1`},
			{"overdue task", `onetrip_tasks_overdue{department="330802-health"} 1`},
			{"task due soon", `onetrip_tasks_due_soon{department="330802-health"} 1`},
			{"pending deliveries", `onetrip_webhook_deliveries{state="pending"} 2`},
			{"failed delivery", `onetrip_webhook_deliveries{state="failed"} 1`},
			{"webhook jobs", `onetrip_jobs{kind="webhook_delivery",state="available"} 3`},
			{"licences sealed", `onetrip_licences_sealed_total 1`},
			{"gauge type", `# TYPE onetrip_tasks_overdue gauge`},
			{"counter type", `# TYPE onetrip_licences_sealed_total counter`},
			{"help", `# HELP onetrip_webhook_deliveries Webhook deliveries not yet received by department systems`},
		} {
			if !hasLine(body, tc.line) {
				t.Errorf("%s: no line %q in\n%s", tc.name, tc.line, domainLines(body))
			}
		}
		if n := strings.Count(body, "\nonetrip_cases{"); n != 2 {
			t.Errorf("%d case series, want 2:\n%s", n, domainLines(body))
		}
		problems, err := promlint.New(strings.NewReader(body)).Lint()
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range problems {
			if strings.HasPrefix(p.Metric, "onetrip_") {
				t.Errorf("lint: %s: %s", p.Metric, p.Text)
			}
		}
	})
}

// TestDomainMetricsError: when the snapshot cannot be read the scrape
// fails and says why, rather than showing zeros.
func TestDomainMetricsError(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		srv := server.New(server.Options{Store: s, Logger: slog.New(slog.DiscardHandler)})
		s.Close()
		code, body := scrape(t, srv)
		if code != http.StatusInternalServerError || !strings.Contains(body, "onetrip_cases") || !strings.Contains(body, "database is closed") {
			t.Fatalf("GET /metrics on a closed store: %d %s", code, body)
		}
	})
}

func hasLine(body, line string) bool {
	for _, l := range strings.Split(body, "\n") {
		if l == line || (strings.HasPrefix(line, "# HELP ") && strings.HasPrefix(l, line)) {
			return true
		}
	}
	return false
}

func domainLines(body string) string {
	var out []string
	for _, l := range strings.Split(body, "\n") {
		if strings.Contains(l, "onetrip_") && !strings.Contains(l, "onetrip_http_") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
