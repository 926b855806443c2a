// Package jobs runs onetrip's background work on River, in the same
// database as everything else: webhook deliveries to department systems
// (signed, retried with backoff, in event order per case) and the sweeper
// that gives forgotten deliveries a job again. Jobs are inserted in the
// transaction of the change that causes them.
package jobs

import (
	"bytes"
	"cmp"
	"context"
	"crypto/hmac"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"onetrip"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/emmansun/gmsm/sm3"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/rivermigrate"
	"github.com/riverqueue/river/rivertype"

	"onetrip/sms"
	"onetrip/sqlstore"
	"onetrip/supervision"
	"onetrip/workday"
)

// Options tune the queue; zero values take the defaults.
type Options struct {
	Logger *slog.Logger
	// RetryBase is the first retry delay; each retry doubles it, up to an
	// hour. Tests shorten it.
	RetryBase time.Duration
	// Poll is how often the queue looks for new jobs.
	Poll time.Duration
	// Client sends webhooks (a 10-second timeout by default).
	Client *http.Client
	// NoWork inserts jobs without running any (commands that only write).
	NoWork bool
	// Files and Archive are the blob store of uploads and the archive
	// storage; with both, closed cases are archived every ArchiveEvery
	// once ArchiveQuiet (default sqlstore.DefaultArchiveQuiet) has passed.
	Files        sqlstore.BlobReader
	Archive      sqlstore.PackageStore
	ArchiveQuiet time.Duration
	ArchiveEvery time.Duration
	// Alerts is told of each clock alert the watch raises (nil: logged).
	Alerts supervision.Notifier
}

// Queue is a node's River client.
type Queue struct {
	client  *river.Client[*sql.Tx]
	started bool
	store   *sqlstore.Store
	log     *slog.Logger
}

// WebhookArgs is a job sending a subscription's pending deliveries of one
// case, oldest event first.
type WebhookArgs struct {
	Webhook string `json:"webhook"`
	Case    string `json:"case"`
}

// Kind implements river.JobArgs.
func (WebhookArgs) Kind() string { return "webhook_delivery" }

// InsertOpts puts webhooks on their own queue with room for many retries.
func (WebhookArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: "webhooks", MaxAttempts: 25}
}

// RemindArgs is the periodic job reminding cases whose deferred materials
// (容缺) are late.
type RemindArgs struct{}

// Kind implements river.JobArgs.
func (RemindArgs) Kind() string { return "deferred_reminder" }

// CheckpointArgs is the periodic job that signs a checkpoint of every
// case's log (issue 10).
type CheckpointArgs struct{}

// Kind implements river.JobArgs.
func (CheckpointArgs) Kind() string { return "audit_checkpoint" }

// PruneArgs is the periodic job that deletes idempotent answers older than
// their window.
type PruneArgs struct{}

// Kind implements river.JobArgs.
func (PruneArgs) Kind() string { return "idempotency_prune" }

// ArchiveArgs is the periodic job that archives closed cases (issue 16).
type ArchiveArgs struct{}

// Kind implements river.JobArgs.
func (ArchiveArgs) Kind() string { return "archive_cases" }

// PaymentsArgs is the periodic job of the payment platform (issue 14): the
// refunds of denied or withdrawn cases, the reminders of overdue fees,
// and the reconciliation of yesterday's statement.
type PaymentsArgs struct{}

// Kind implements river.JobArgs.
func (PaymentsArgs) Kind() string { return "payments" }

// WatchArgs is the periodic clock watch (issue 12): every running case's
// and task's clock is read and an alert raised the first time it turns
// due-soon or overdue.
type WatchArgs struct{}

// Kind implements river.JobArgs.
func (WatchArgs) Kind() string { return "clock_watch" }

// StatsArgs is the periodic fold of changed cases and new ratings into the
// measures' projection.
type StatsArgs struct{}

// Kind implements river.JobArgs.
func (StatsArgs) Kind() string { return "stats_refresh" }

// SweepArgs is the periodic job that re-enqueues old pending deliveries.
type SweepArgs struct{}

// Kind implements river.JobArgs.
func (SweepArgs) Kind() string { return "webhook_sweep" }

// NotifyArgs is a job notifying one shard's queued changes — their inbox
// rows and SMS — and sending its due SMS: inserted in the transaction of
// the change that woke the shard.
type NotifyArgs struct {
	Shard int `json:"shard"`
}

// Kind implements river.JobArgs.
func (NotifyArgs) Kind() string { return "notify" }

// InsertOpts puts the notification senders on their own queue, one
// worker a shard.
func (NotifyArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: "notify", MaxAttempts: 25}
}

// NotifySweepArgs is the periodic job that wakes the shards with work due
// that no job holds: retries whose time came (a rate limit passed, a
// failure's backoff ended), claims of a sender that died.
type NotifySweepArgs struct{}

// Kind implements river.JobArgs.
func (NotifySweepArgs) Kind() string { return "notify_sweep" }

// retryPolicy doubles from base, capped at an hour.
type retryPolicy struct{ base time.Duration }

func (p retryPolicy) NextRetry(job *rivertype.JobRow) time.Time {
	d := p.base << min(job.Attempt-1, 20)
	if d <= 0 || d > time.Hour {
		d = time.Hour
	}
	return time.Now().Add(d)
}

func driver(s *sqlstore.Store) riverdriver.Driver[*sql.Tx] { return s.RiverDriver() }

// Migrate applies River's own migrations.
func Migrate(ctx context.Context, s *sqlstore.Store) error {
	m, err := rivermigrate.New(driver(s), nil)
	if err != nil {
		return err
	}
	_, err = m.Migrate(ctx, rivermigrate.DirectionUp, nil)
	return err
}

// Start migrates River's tables, connects the queue to the store and, unless
// NoWork, starts the workers.
func Start(ctx context.Context, s *sqlstore.Store, o Options) (*Queue, error) {
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.RetryBase == 0 {
		o.RetryBase = 5 * time.Second
	}
	if o.Poll == 0 {
		o.Poll = 250 * time.Millisecond
	}
	if o.Client == nil {
		o.Client = &http.Client{Timeout: 10 * time.Second}
	}
	if err := Migrate(ctx, s); err != nil {
		return nil, fmt.Errorf("job queue migrations: %w", err)
	}
	q := &Queue{store: s, log: o.Logger}
	cfg := &river.Config{
		Logger:            o.Logger,
		RetryPolicy:       retryPolicy{base: o.RetryBase},
		FetchPollInterval: o.Poll,
		FetchCooldown:     min(o.Poll, 100*time.Millisecond),
		JobTimeout:        2 * time.Minute,
	}
	if !o.NoWork {
		workers := river.NewWorkers()
		river.AddWorker(workers, &webhookWorker{store: s, client: o.Client, log: o.Logger})
		river.AddWorker(workers, &sweepWorker{store: s})
		river.AddWorker(workers, &remindWorker{store: s})
		river.AddWorker(workers, &pruneWorker{store: s})
		river.AddWorker(workers, &checkpointWorker{store: s})
		river.AddWorker(workers, &archiveWorker{store: s, o: o})
		river.AddWorker(workers, &paymentsWorker{store: s, log: o.Logger})
		river.AddWorker(workers, &watchWorker{store: s, log: o.Logger, notify: o.Alerts})
		river.AddWorker(workers, &statsWorker{store: s})
		river.AddWorker(workers, &notifyWorker{store: s, log: o.Logger, retryBase: o.RetryBase})
		river.AddWorker(workers, &notifySweepWorker{store: s})
		cfg.Workers = workers
		cfg.Queues = map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 2}, "webhooks": {MaxWorkers: 8},
			"notify": {MaxWorkers: sqlstore.NotifyShards}}
		cfg.PeriodicJobs = []*river.PeriodicJob{
			river.NewPeriodicJob(river.PeriodicInterval(time.Minute),
				func() (river.JobArgs, *river.InsertOpts) { return SweepArgs{}, nil }, nil),
			river.NewPeriodicJob(river.PeriodicInterval(15*time.Minute),
				func() (river.JobArgs, *river.InsertOpts) { return RemindArgs{}, nil }, &river.PeriodicJobOpts{RunOnStart: true}),
			river.NewPeriodicJob(river.PeriodicInterval(time.Hour),
				func() (river.JobArgs, *river.InsertOpts) { return PruneArgs{}, nil }, &river.PeriodicJobOpts{RunOnStart: true}),
			river.NewPeriodicJob(river.PeriodicInterval(time.Hour),
				func() (river.JobArgs, *river.InsertOpts) { return CheckpointArgs{}, nil }, nil),
			river.NewPeriodicJob(river.PeriodicInterval(10*time.Minute),
				func() (river.JobArgs, *river.InsertOpts) { return PaymentsArgs{}, nil }, &river.PeriodicJobOpts{RunOnStart: true}),
			river.NewPeriodicJob(river.PeriodicInterval(15*time.Minute),
				func() (river.JobArgs, *river.InsertOpts) { return WatchArgs{}, nil }, &river.PeriodicJobOpts{RunOnStart: true}),
			river.NewPeriodicJob(river.PeriodicInterval(time.Minute),
				func() (river.JobArgs, *river.InsertOpts) { return StatsArgs{}, nil }, &river.PeriodicJobOpts{RunOnStart: true}),
			river.NewPeriodicJob(river.PeriodicInterval(notifySweepEvery),
				func() (river.JobArgs, *river.InsertOpts) {
					return NotifySweepArgs{}, &river.InsertOpts{Queue: "notify"}
				},
				&river.PeriodicJobOpts{RunOnStart: true}),
		}
		if o.Files != nil && o.Archive != nil {
			cfg.PeriodicJobs = append(cfg.PeriodicJobs, river.NewPeriodicJob(river.PeriodicInterval(cmp.Or(o.ArchiveEvery, 10*time.Minute)),
				func() (river.JobArgs, *river.InsertOpts) { return ArchiveArgs{}, nil }, nil))
		}
	}
	client, err := river.NewClient(driver(s), cfg)
	if err != nil {
		return nil, err
	}
	q.client = client
	s.SetJobs(q)
	if !o.NoWork {
		if err := client.Start(ctx); err != nil {
			return nil, err
		}
		q.started = true
	}
	return q, nil
}

// Stop waits for running jobs to finish (or ctx to end).
func (q *Queue) Stop(ctx context.Context) error {
	if q == nil || !q.started {
		return nil
	}
	return q.client.Stop(ctx)
}

// InsertWebhookJob implements sqlstore.Jobs.
func (q *Queue) InsertWebhookJob(ctx context.Context, tx *sql.Tx, webhookID, caseID string) error {
	_, err := q.client.InsertTx(ctx, tx, WebhookArgs{Webhook: webhookID, Case: caseID}, nil)
	return err
}

// InsertNotifyJob implements sqlstore.NotifyJobs.
func (q *Queue) InsertNotifyJob(ctx context.Context, tx *sql.Tx, shard int) error {
	_, err := q.client.InsertTx(ctx, tx, NotifyArgs{Shard: shard}, nil)
	return err
}

// SignatureHeader carries the delivery's signature as
// "t=<unix seconds>,hmac-sm3=<hex>": the HMAC-SM3, with the subscription's
// secret, of the time, a full stop and the body. The time is signed so a
// captured delivery cannot be replayed later: receivers refuse a t more
// than MaxSignatureAge away from their clock (VerifySignature).
const SignatureHeader = "X-Onetrip-Signature"

// MaxSignatureAge is how old (or how far ahead) a signed time a receiver
// accepts.
const MaxSignatureAge = 5 * time.Minute

// Sign is the header value for a body sent at t.
func Sign(secret string, body []byte, t time.Time) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	return "t=" + ts + ",hmac-sm3=" + mac(secret, ts, body)
}

func mac(secret, ts string, body []byte) string {
	m := hmac.New(sm3.New, []byte(secret))
	m.Write([]byte(ts + "."))
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// VerifySignature is what a receiver does with the header: the MAC must
// match (compared in constant time) and the time be within MaxSignatureAge
// of now.
func VerifySignature(secret string, body []byte, header string, now time.Time) bool {
	var ts, sig string
	for _, part := range strings.Split(header, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch k {
		case "t":
			ts = v
		case "hmac-sm3":
			sig = v
		}
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || sig == "" {
		return false
	}
	if d := now.Sub(time.Unix(sec, 0)); d > MaxSignatureAge || d < -MaxSignatureAge {
		return false
	}
	return hmac.Equal([]byte(sig), []byte(mac(secret, ts, body)))
}

type webhookWorker struct {
	river.WorkerDefaults[WebhookArgs]
	store  *sqlstore.Store
	client *http.Client
	log    *slog.Logger
}

// leaseTime bounds how long one sender may hold a subscription and case.
const leaseTime = time.Minute

func (w *webhookWorker) Work(ctx context.Context, job *river.Job[WebhookArgs]) error {
	a := job.Args
	holder := fmt.Sprintf("job-%d", job.ID)
	ok, err := w.store.ClaimLease(ctx, a.Webhook, a.Case, holder, leaseTime)
	if err != nil {
		return err
	}
	if !ok { // another job is sending this case's events: wait for it
		return river.JobSnooze(time.Second)
	}
	defer w.store.ReleaseLease(context.WithoutCancel(ctx), a.Webhook, a.Case, holder)
	hook, err := w.store.WebhookByID(ctx, a.Webhook)
	if err != nil {
		return river.JobCancel(err)
	}
	for {
		d, found, err := w.store.NextDelivery(ctx, a.Webhook, a.Case)
		if err != nil {
			return err
		}
		if !found {
			return nil
		}
		if d, err = w.store.NumberDelivery(ctx, d); err != nil {
			return err
		}
		status, err := w.send(ctx, hook, d)
		if merr := w.store.MarkDelivery(ctx, d.ID, status, errText(err), err == nil); merr != nil {
			return merr
		}
		if err != nil {
			w.log.Warn("webhook delivery failed", "webhook", hook.ID, "delivery", d.ID, "status", status, "err", err)
			return err // retried with backoff; the order holds because this one stays first
		}
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func (w *webhookWorker) send(ctx context.Context, hook sqlstore.Webhook, d sqlstore.Delivery) (int, error) {
	req, err := http.NewRequestWithContext(ctx, "POST", hook.URL, bytes.NewReader(d.Body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "onetrip-webhooks/1")
	req.Header.Set("X-Onetrip-Event", d.EventType)
	req.Header.Set("X-Onetrip-Delivery", d.ID)
	req.Header.Set(SignatureHeader, Sign(hook.Secret, d.Body, time.Now()))
	resp, err := w.client.Do(req)
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp.StatusCode, fmt.Errorf("receiver answered %d", resp.StatusCode)
	}
	return resp.StatusCode, nil
}

type sweepWorker struct {
	river.WorkerDefaults[SweepArgs]
	store *sqlstore.Store
}

func (w *sweepWorker) Work(ctx context.Context, job *river.Job[SweepArgs]) error {
	pairs, err := w.store.PendingPairs(ctx, time.Now().Add(-2*time.Minute))
	if err != nil {
		return err
	}
	return w.store.EnqueueWebhookJobs(ctx, pairs)
}

type remindWorker struct {
	river.WorkerDefaults[RemindArgs]
	store *sqlstore.Store
}

func (w *remindWorker) Work(ctx context.Context, job *river.Job[RemindArgs]) error {
	ids, err := w.store.OverdueDeferred(ctx, workday.DateOf(w.store.Now()), 500)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := w.store.RemindDeferred(ctx, id); err != nil {
			return err
		}
	}
	return nil
}

type pruneWorker struct {
	river.WorkerDefaults[PruneArgs]
	store *sqlstore.Store
}

func (w *pruneWorker) Work(ctx context.Context, job *river.Job[PruneArgs]) error {
	_, err := w.store.PruneIdempotency(ctx)
	return err
}

// archiveWorker archives the closed cases whose quiet period is over, a
// few hundred a run so a backlog does not hold the queue.
type archiveWorker struct {
	river.WorkerDefaults[ArchiveArgs]
	store *sqlstore.Store
	o     Options
}

func (w *archiveWorker) Work(ctx context.Context, job *river.Job[ArchiveArgs]) error {
	if w.o.Files == nil || w.o.Archive == nil {
		return nil
	}
	res, err := w.store.ArchiveDuePaced(ctx, cmp.Or(w.o.ArchiveQuiet, sqlstore.DefaultArchiveQuiet), w.o.Files, w.o.Archive, 500, sqlstore.ArchiveJobDuty)
	if res.Cases > 0 || len(res.Failed) > 0 {
		w.o.Logger.Info("archived", "cases", res.Cases, "packages", res.Packages, "failed_checks", res.Failed)
	}
	return err
}

type checkpointWorker struct {
	river.WorkerDefaults[CheckpointArgs]
	store *sqlstore.Store
}

func (w *checkpointWorker) Work(ctx context.Context, job *river.Job[CheckpointArgs]) error {
	_, err := w.store.Checkpoint(ctx)
	return err
}

// paymentsWorker applies accepted notifications left over, refunds what is due, reminds overdue payers once, and
// reconciles yesterday's statement once it is final (after 02:00 China
// time) and not yet reconciled. No platform connected: nothing to do.
type paymentsWorker struct {
	river.WorkerDefaults[PaymentsArgs]
	store *sqlstore.Store
	log   *slog.Logger
}

func (w *paymentsWorker) Work(ctx context.Context, job *river.Job[PaymentsArgs]) error {
	if !w.store.PaymentConnected() {
		return nil
	}
	// Notifications accepted just before a restart are applied now.
	if _, err := w.store.SettlePending(ctx); err != nil {
		return err
	}
	if n, err := w.store.RefundsDue(ctx); err != nil {
		return err
	} else if n > 0 {
		w.log.Info("refunds made", "count", n)
	}
	if _, err := w.store.RemindOverdueFees(ctx); err != nil {
		return err
	}
	now := w.store.Now().In(onetrip.China)
	if now.Hour() < 2 {
		return nil
	}
	day := now.AddDate(0, 0, -1).Format("2006-01-02")
	done, err := w.store.Reconciled(ctx, day)
	if err != nil || done {
		return err
	}
	rec, err := w.store.Reconcile(ctx, day)
	if err != nil {
		return err
	}
	if len(rec.Mismatches) > 0 {
		w.log.Warn("reconciliation found mismatches", "day", day, "count", len(rec.Mismatches))
	}
	return nil
}

// watchWorker runs the clock watch and tells the notifier of what it raised.
type watchWorker struct {
	river.WorkerDefaults[WatchArgs]
	store  *sqlstore.Store
	log    *slog.Logger
	notify supervision.Notifier
}

func (w *watchWorker) Work(ctx context.Context, job *river.Job[WatchArgs]) error {
	raised, err := w.store.WatchClocks(ctx)
	if len(raised) > 0 {
		w.log.Info("clock alerts raised", "count", len(raised))
	}
	for _, a := range raised {
		if w.notify == nil {
			w.log.Info("clock alert", "kind", a.Kind, "case", a.CaseNumber, "task", a.TaskID, "department", a.Department, "due", a.DueDate)
			continue
		}
		if nerr := w.notify.NotifyAlert(ctx, a); nerr != nil {
			w.log.Warn("clock alert not sent", "case", a.CaseNumber, "err", nerr)
		}
	}
	return err
}

// statsWorker folds what changed into the measures' projection.
type statsWorker struct {
	river.WorkerDefaults[StatsArgs]
	store *sqlstore.Store
}

func (w *statsWorker) Work(ctx context.Context, job *river.Job[StatsArgs]) error {
	_, err := w.store.RefreshStats(ctx)
	return err
}

// The notification sender's pace.
const (
	fanOutBatch      = 200              // changes fanned out at once
	smsBatch         = 100              // messages claimed at once
	smsParallel      = 8                // sent at once
	smsLease         = 2 * time.Minute  // a claim's life: longer than a batch takes
	smsMaxAttempts   = 12               // failures before a message is given up
	smsSnoozeUpTo    = 30 * time.Second // a retry due sooner waits in its job; a later one for the sweeper
	notifyRunFor     = 20 * time.Second // one job's work, then it makes room (a job times out at 2 minutes)
	notifyYieldStep  = 200 * time.Millisecond
	notifySweepEvery = 30 * time.Second
)

// notifyWorker works one shard: it fans out the queued changes (their
// inbox rows and SMS, sqlstore.FanOut), then claims batches of due SMS,
// sends them in parallel and records the results in one transaction,
// until nothing is due. While the node takes changes fast it waits for
// them (sqlstore.NotifyBusy), never longer than sqlstore.MaxNotifyDefer
// behind the oldest change. A failure is retried with backoff from the
// queue's RetryBase, a rate limit after the wait the gateway names
// (neither inside a transaction); a message the gateway rejects is not
// retried. The gateway's Ref (the outbox id) makes every resend harmless.
type notifyWorker struct {
	river.WorkerDefaults[NotifyArgs]
	store     *sqlstore.Store
	log       *slog.Logger
	retryBase time.Duration
}

func (w *notifyWorker) Work(ctx context.Context, job *river.Job[NotifyArgs]) error {
	shard := job.Args.Shard
	if err := w.store.TakeNotifyWake(ctx, shard); err != nil {
		return err
	}
	until := time.Now().Add(notifyRunFor)
	for time.Now().Before(until) {
		if wait, err := w.yield(ctx, shard); err != nil {
			return err
		} else if wait {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(notifyYieldStep):
			}
			continue
		}
		fanned, err := w.store.FanOut(ctx, shard, fanOutBatch)
		if err != nil {
			return err
		}
		sent, err := w.sendDue(ctx, shard)
		if err != nil {
			return err
		}
		if fanned == 0 && sent == 0 {
			break
		}
	}
	if _, queued, err := w.store.NotifyBacklog(ctx, shard); err != nil || queued {
		return cmp.Or(err, river.JobSnooze(notifyYieldStep)) // more than one run's worth
	}
	if w.store.SMS() == nil { // the SMS wait for a gateway; the sweeper wakes the shard once there is one
		return nil
	}
	next, ok, err := w.store.NextSMSDue(ctx, shard)
	if err != nil || !ok {
		return err
	}
	if wait := time.Until(next); wait <= smsSnoozeUpTo {
		return river.JobSnooze(max(wait, 10*time.Millisecond))
	}
	return nil
}

// yield reports whether the shard's work should wait: the node is busy
// taking changes and its oldest queued change is younger than the
// longest deferral.
func (w *notifyWorker) yield(ctx context.Context, shard int) (bool, error) {
	if !w.store.NotifyBusy() {
		return false, nil
	}
	oldest, ok, err := w.store.NotifyBacklog(ctx, shard)
	if err != nil || !ok {
		return ok, err
	}
	return time.Since(oldest) < sqlstore.MaxNotifyDefer, nil
}

// sendDue sends one batch of the shard's due SMS, if a gateway is
// connected (none: they wait; the sweeper wakes the shard once there is).
func (w *notifyWorker) sendDue(ctx context.Context, shard int) (int, error) {
	gw := w.store.SMS()
	if gw == nil {
		return 0, nil
	}
	batch, err := w.store.ClaimSMS(ctx, shard, smsBatch, time.Now(), smsLease)
	if err != nil || len(batch) == 0 {
		return 0, err
	}
	results := make([]sqlstore.SMSResult, len(batch))
	sem := make(chan struct{}, smsParallel)
	var wg sync.WaitGroup
	for i, m := range batch {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			results[i] = w.send(ctx, gw, m)
		}()
	}
	wg.Wait()
	return len(batch), w.store.FinishSMS(context.WithoutCancel(ctx), results)
}

// send sends one message and says what became of it.
func (w *notifyWorker) send(ctx context.Context, gw sms.Gateway, m sqlstore.OutboxSMS) sqlstore.SMSResult {
	res := sqlstore.SMSResult{ID: m.ID, Attempts: m.Attempts + 1}
	rc, err := gw.Send(ctx, sms.Message{To: m.Mobile, Text: m.Text, Ref: m.ID, Category: sms.CategoryNotice})
	var limited *sms.RateLimited
	switch {
	case err == nil:
		res.Status, res.GatewayID = sqlstore.SMSSent, rc.ID
		if rc.Duplicate {
			res.Error = "duplicate: sent before"
		}
	case errors.As(err, &limited):
		// The number's limit, not a failure: not counted against it.
		res.Status, res.Attempts, res.Retry, res.Error = sqlstore.SMSPending, m.Attempts, time.Now().Add(limited.RetryAfter), err.Error()
	case errors.Is(err, sms.ErrRejected):
		res.Status, res.Error = sqlstore.SMSRejected, err.Error()
		w.log.Warn("sms rejected", "sms", m.ID, "case", m.CaseID, "err", err)
	case res.Attempts >= smsMaxAttempts:
		res.Status, res.Error = sqlstore.SMSFailed, err.Error()
		w.log.Warn("sms given up", "sms", m.ID, "case", m.CaseID, "attempts", res.Attempts, "err", err)
	default:
		d := w.retryBase << min(res.Attempts-1, 20)
		if d <= 0 || d > time.Hour {
			d = time.Hour
		}
		res.Status, res.Retry, res.Error = sqlstore.SMSPending, time.Now().Add(d), err.Error()
	}
	return res
}

// notifySweepWorker wakes the shards with work due.
type notifySweepWorker struct {
	river.WorkerDefaults[NotifySweepArgs]
	store *sqlstore.Store
}

func (w *notifySweepWorker) Work(ctx context.Context, job *river.Job[NotifySweepArgs]) error {
	shards, err := w.store.DueNotifyShards(ctx, time.Now(), w.store.SMS() != nil)
	if err != nil {
		return err
	}
	return w.store.WakeNotifyShards(ctx, shards)
}
