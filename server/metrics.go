package server

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"onetrip/sqlstore"
)

// domainCollector shows the platform's work on /metrics: cases, late
// tasks, the webhook backlog, the job queue and sealed licences. Every
// scrape reads the store's snapshot (sqlstore.Store.Metrics), which is
// cached for sqlstore.MetricsTTL so that any number of scrapers and nodes'
// scrapes cost one set of queries per node and interval. When the snapshot
// cannot be read the scrape fails with the error (an invalid metric)
// instead of showing zeros.
type domainCollector struct {
	snapshot func(context.Context) (sqlstore.MetricsSnapshot, error)

	cases, overdue, dueSoon, deliveries, jobs, sealed *prometheus.Desc
}

// collectTimeout bounds the snapshot's read during a scrape (the registry
// gives Collect no context).
const collectTimeout = 10 * time.Second

func newDomainCollector(st *sqlstore.Store) *domainCollector {
	return &domainCollector{
		snapshot: st.Metrics,
		cases: prometheus.NewDesc("onetrip_cases",
			"Cases by status and region (6-digit city and county codes; a city's own cases have the city as county): where work stands and where it piles up.",
			[]string{"status", "city", "county"}, nil),
		overdue: prometheus.NewDesc("onetrip_tasks_overdue",
			"Tasks in a department's queue past their due date, counted in working days with suspensions stopping the clock, as the queue shows them: promised limits already broken. Departments with none are not listed.",
			[]string{"department"}, nil),
		dueSoon: prometheus.NewDesc("onetrip_tasks_due_soon",
			"Tasks in a department's queue that are due soon (the queue's yellow light: at most a fifth of the limit, and at least one working day, left): limits about to be broken unless someone acts. Departments with none are not listed.",
			[]string{"department"}, nil),
		deliveries: prometheus.NewDesc("onetrip_webhook_deliveries",
			"Webhook deliveries not yet received by department systems: pending (not tried yet) and failed (the last attempt failed; retried with backoff). A growing backlog means a department system is not getting its tasks.",
			[]string{"state"}, nil),
		jobs: prometheus.NewDesc("onetrip_jobs",
			"Background jobs by kind and River state (available, scheduled, running, retryable, pending, and discarded ones River still keeps): a growing queue or any discarded job means work is stuck or lost.",
			[]string{"kind", "state"}, nil),
		sealed: prometheus.NewDesc("onetrip_licences_sealed_total",
			"Electronic licences signed with a department's SM2 seal (every licence in the library, revoked ones included): how much the seals are used, to compare with the results departments expect to issue.",
			nil, nil),
	}
}

// Describe implements prometheus.Collector.
func (c *domainCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{c.cases, c.overdue, c.dueSoon, c.deliveries, c.jobs, c.sealed} {
		ch <- d
	}
}

// Collect implements prometheus.Collector.
func (c *domainCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), collectTimeout)
	defer cancel()
	m, err := c.snapshot(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(c.cases, err)
		return
	}
	gauge := func(d *prometheus.Desc, v int64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, float64(v), labels...)
	}
	for _, x := range m.Cases {
		gauge(c.cases, x.Cases, x.Status, x.City, x.County)
	}
	for _, d := range m.Tasks {
		if d.Overdue > 0 {
			gauge(c.overdue, d.Overdue, d.Department)
		}
		if d.DueSoon > 0 {
			gauge(c.dueSoon, d.DueSoon, d.Department)
		}
	}
	gauge(c.deliveries, m.Deliveries.Pending, "pending")
	gauge(c.deliveries, m.Deliveries.Failed, "failed")
	for _, j := range m.Jobs {
		gauge(c.jobs, j.Jobs, j.Kind, j.State)
	}
	ch <- prometheus.MustNewConstMetric(c.sealed, prometheus.CounterValue, float64(m.LicencesSealed))
}
