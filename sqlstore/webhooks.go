package sqlstore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"onetrip"
	"onetrip/casework"
	"onetrip/seal"
)

// WebhookEvents are the events a department system can subscribe to.
var WebhookEvents = casework.NotifiedEvents

// Webhook is a department system's subscription.
type Webhook struct {
	ID         string    `json:"id"`
	Department string    `json:"department"`
	URL        string    `json:"url"`
	Secret     string    `json:"secret,omitempty"` // shown once, at registration
	Events     []string  `json:"events"`
	Active     bool      `json:"active"`
	CreatedAt  time.Time `json:"created_at"`
	CreatedBy  string    `json:"created_by"`
}

// Delivery is one event sent (or to send) to one subscription.
type Delivery struct {
	ID        string          `json:"id"`
	Webhook   string          `json:"webhook"`
	CaseID    string          `json:"case_id"`
	EventSeq  int             `json:"event_seq"`
	EventType string          `json:"event_type"`
	Body      json.RawMessage `json:"body"`
	Status    string          `json:"status"` // pending, delivered
	// Seq is the subscription's delivery number (from 1, without gaps),
	// given when the delivery is first sent; 0 until then.
	Seq         int        `json:"delivery_seq,omitempty"`
	Attempts    int        `json:"attempts"`
	LastStatus  int        `json:"last_status"`
	LastError   string     `json:"last_error,omitempty"`
	CreatedAt   time.Time  `json:"created_at"`
	DeliveredAt *time.Time `json:"delivered_at,omitempty"`
}

// Jobs inserts background jobs in the store's transactions (the job queue
// implements it; a node without one leaves deliveries for the sweeper).
type Jobs interface {
	InsertWebhookJob(ctx context.Context, tx *sql.Tx, webhookID, caseID string) error
}

// SetJobs connects the job queue.
func (s *Store) SetJobs(j Jobs) { s.jobs = j }

func init() {
	onetrip.Register(onetrip.Messages{
		"store.webhook.url":       {"回调地址须为 http 或 https 的绝对地址", "the URL must be an absolute http or https URL"},
		"store.webhook.event":     {"未知事件“%s”", "unknown event %q"},
		"store.webhook.invalid":   {"订阅有 %d 处问题", "the subscription has %d problem(s)"},
		"store.webhook.not_found": {"订阅或投递记录 %s 不存在", "subscription or delivery %s does not exist"},
		"store.webhook.numbered":  {"投递 %s 已编号", "delivery %s already has its number"},
	})
}

// CreateWebhook registers a department system's URL; the secret for
// HMAC-SM3 signatures is made here and shown once.
func (s *Store) CreateWebhook(ctx context.Context, p *onetrip.Principal, rawURL string, events []string) (Webhook, error) {
	if !p.Is(onetrip.RoleSystem, onetrip.RoleReviewer, onetrip.RoleAdmin) || p.Department == "" {
		return Webhook{}, onetrip.Forbidden("err.forbidden")
	}
	var probs onetrip.Problems
	if len(rawURL) > onetrip.MaxURL {
		probs.Add("url", "err.too_long", onetrip.MaxURL)
	} else if u, err := url.Parse(rawURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		probs.Add("url", "store.webhook.url")
	}
	if len(events) == 0 {
		events = WebhookEvents
	}
	for i, e := range events {
		if !slices.Contains(WebhookEvents, e) {
			probs.Add("events["+strconv.Itoa(i)+"]", "store.webhook.event", e)
		}
	}
	if err := probs.Err("store.webhook.invalid", len(probs)); err != nil {
		return Webhook{}, err
	}
	b := make([]byte, 32)
	rand.Read(b)
	w := Webhook{ID: NewID(), Department: p.Department, URL: rawURL, Secret: hex.EncodeToString(b), Events: events, Active: true,
		CreatedAt: s.Now(), CreatedBy: p.Username}
	sealed, err := s.sealSecret(ctx, "webhook:"+w.ID, w.Secret)
	if err != nil {
		return Webhook{}, err
	}
	ev, _ := json.Marshal(events)
	err = s.Tx(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO webhooks (id, department_id, url, secret, events, active, created_at, created_by)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`, w.ID, w.Department, w.URL, sealed, string(ev), true, TS(w.CreatedAt), w.CreatedBy)
		return err
	})
	s.hooks.invalidate()
	return w, err
}

// Webhooks lists a department's subscriptions (without secrets).
func (s *Store) Webhooks(ctx context.Context, department string) ([]Webhook, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, department_id, url, events, active, created_at, created_by FROM webhooks WHERE department_id = $1 ORDER BY created_at`, department)
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	out := []Webhook{}
	for rows.Next() {
		var w Webhook
		var ev, created string
		if err := rows.Scan(&w.ID, &w.Department, &w.URL, &ev, &w.Active, &created, &w.CreatedBy); err != nil {
			return nil, s.mapErr(err)
		}
		json.Unmarshal([]byte(ev), &w.Events)
		w.CreatedAt = mustTS(created)
		out = append(out, w)
	}
	return out, s.mapErr(rows.Err())
}

// WebhookByID reads a subscription with its secret (for the sender).
func (s *Store) WebhookByID(ctx context.Context, id string) (Webhook, error) {
	var w Webhook
	var ev, created string
	err := s.r.QueryRowContext(ctx, `SELECT id, department_id, url, secret, events, active, created_at, created_by FROM webhooks WHERE id = $1`, id).
		Scan(&w.ID, &w.Department, &w.URL, &w.Secret, &ev, &w.Active, &created, &w.CreatedBy)
	if errors.Is(err, sql.ErrNoRows) {
		return w, onetrip.NotFound("store.webhook.not_found", id)
	}
	if err != nil {
		return w, s.mapErr(err)
	}
	json.Unmarshal([]byte(ev), &w.Events)
	w.CreatedAt = mustTS(created)
	w.Secret, err = s.openSecret(ctx, "webhook:"+w.ID, w.Secret)
	return w, err
}

// sealSecret stores a secret the platform must read back (a webhook's HMAC
// key) encrypted with SM4 under the master key, as "sm4:<base64>".
func (s *Store) sealSecret(ctx context.Context, purpose, secret string) (string, error) {
	master, err := s.masterKey(ctx)
	if err != nil {
		return "", err
	}
	blob, err := seal.SealSecret(master, purpose, []byte(secret))
	if err != nil {
		return "", err
	}
	return "sm4:" + base64.StdEncoding.EncodeToString(blob), nil
}

func (s *Store) openSecret(ctx context.Context, purpose, stored string) (string, error) {
	b64, ok := strings.CutPrefix(stored, "sm4:")
	if !ok {
		return "", onetrip.Internal(errors.New("secret not sealed: " + purpose))
	}
	blob, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return "", onetrip.Internal(err)
	}
	master, err := s.masterKey(ctx)
	if err != nil {
		return "", err
	}
	plain, err := seal.OpenSecret(master, purpose, blob)
	return string(plain), err
}

// hookTTL is how soon a node sees another node's webhook registrations;
// its own show at once. Every case write asks which departments listen, and
// registrations are rare.
const hookTTL = 5 * time.Second

func (s *Store) activeHooks(ctx context.Context) ([]Webhook, error) { return s.hooks.get(ctx) }

func (s *Store) loadHooks(ctx context.Context) ([]Webhook, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, department_id, events FROM webhooks WHERE active = $1`, true)
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	var list []Webhook
	for rows.Next() {
		var w Webhook
		var ev string
		if err := rows.Scan(&w.ID, &w.Department, &ev); err != nil {
			return nil, s.mapErr(err)
		}
		json.Unmarshal([]byte(ev), &w.Events)
		list = append(list, w)
	}
	return list, s.mapErr(rows.Err())
}

// enqueueWebhooks creates the deliveries of a case's new events for the
// subscriptions of the departments working on the case, and their jobs, in
// the transaction that wrote the events; the applicant's notifications
// are made there too (notify.go).
func (s *Store) enqueueWebhooks(ctx context.Context, tx *Tx, caseID string, rows [][]any) error {
	if err := s.enqueueNotifications(ctx, tx, caseID, rows); err != nil {
		return err
	}
	hooks, err := s.activeHooks(ctx)
	if err != nil || len(hooks) == 0 {
		return err
	}
	var relevant [][]any
	for _, r := range rows {
		if slices.Contains(WebhookEvents, r[2].(string)) {
			relevant = append(relevant, r)
		}
	}
	if len(relevant) == 0 {
		return nil
	}
	depts := map[string]bool{}
	qr, err := tx.QueryContext(ctx, `SELECT DISTINCT department_id FROM tasks WHERE case_id = $1`, caseID)
	if err != nil {
		return err
	}
	for qr.Next() {
		var d string
		qr.Scan(&d)
		depts[d] = true
	}
	qr.Close()
	var number string
	tx.QueryRowContext(ctx, `SELECT number FROM cases WHERE id = $1`, caseID).Scan(&number)
	var ins [][]any
	jobs := map[string]bool{}
	for _, h := range hooks {
		if !depts[h.Department] {
			continue
		}
		for _, r := range relevant {
			typ := r[2].(string)
			if !slices.Contains(h.Events, typ) {
				continue
			}
			id := NewID()
			body, _ := json.Marshal(casework.Notification{Delivery: id, Event: typ, CaseID: caseID, CaseNumber: number,
				Seq: r[1].(int), At: mustTS(r[4].(string)), Actor: r[3].(string), Data: casework.ForSubscribers(typ, json.RawMessage(r[5].(string)))})
			ins = append(ins, []any{id, h.ID, caseID, r[1], typ, string(body), "pending", 0, 0, "", TS(s.Now())})
			jobs[h.ID] = true
		}
	}
	if len(ins) == 0 {
		return nil
	}
	if err := batchInsert(ctx, tx, `INSERT INTO webhook_deliveries (id, webhook_id, case_id, event_seq, event_type, body, status, attempts,
		last_status, last_error, created_at)`, 11, ins); err != nil {
		return err
	}
	if s.jobs != nil {
		for h := range jobs {
			if err := s.jobs.InsertWebhookJob(ctx, tx.SQL(), h, caseID); err != nil {
				return err
			}
		}
	}
	return nil
}

// ClaimLease takes the right to send a subscription's deliveries of one
// case, for d; false when another sender holds it.
func (s *Store) ClaimLease(ctx context.Context, webhookID, caseID, holder string, d time.Duration) (bool, error) {
	now := s.Now()
	claimed := false
	err := s.Tx(ctx, func(tx *Tx) error {
		var h string
		err := tx.QueryRowContext(ctx, `INSERT INTO webhook_leases (webhook_id, case_id, holder, until) VALUES ($1,$2,$3,$4)
			ON CONFLICT (webhook_id, case_id) DO UPDATE SET holder = excluded.holder, until = excluded.until
			WHERE webhook_leases.until < $5 OR webhook_leases.holder = $3 RETURNING holder`,
			webhookID, caseID, holder, TS(now.Add(d)), TS(now)).Scan(&h)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		claimed = err == nil
		return err
	})
	return claimed, err
}

// ReleaseLease gives a lease back.
func (s *Store) ReleaseLease(ctx context.Context, webhookID, caseID, holder string) error {
	return s.Tx(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM webhook_leases WHERE webhook_id = $1 AND case_id = $2 AND holder = $3`, webhookID, caseID, holder)
		return err
	})
}

const deliveryCols = `id, webhook_id, case_id, event_seq, event_type, body, status, attempts, last_status, last_error, created_at, delivered_at, delivery_seq`

func scanDelivery(sc interface{ Scan(...any) error }) (Delivery, error) {
	var d Delivery
	var body, created string
	var delivered sql.NullString
	var seq sql.NullInt64
	err := sc.Scan(&d.ID, &d.Webhook, &d.CaseID, &d.EventSeq, &d.EventType, &body, &d.Status, &d.Attempts, &d.LastStatus, &d.LastError, &created, &delivered, &seq)
	d.Body, d.CreatedAt, d.DeliveredAt, d.Seq = json.RawMessage(body), mustTS(created), optTS(delivered), int(seq.Int64)
	return d, err
}

// NextDelivery is the oldest pending delivery of a subscription and case.
func (s *Store) NextDelivery(ctx context.Context, webhookID, caseID string) (Delivery, bool, error) {
	d, err := scanDelivery(s.r.QueryRowContext(ctx, `SELECT `+deliveryCols+` FROM webhook_deliveries
		WHERE webhook_id = $1 AND case_id = $2 AND status = 'pending' ORDER BY event_seq LIMIT 1`, webhookID, caseID))
	if errors.Is(err, sql.ErrNoRows) {
		return d, false, nil
	}
	return d, err == nil, s.mapErr(err)
}

// NumberDelivery gives a delivery its subscription's next number, once:
// the sender calls it before the first attempt, so numbers follow the order
// deliveries are first sent and none is skipped (the counter and the
// delivery change in one transaction). The number goes into the signed body
// as delivery_seq.
func (s *Store) NumberDelivery(ctx context.Context, d Delivery) (Delivery, error) {
	if d.Seq > 0 {
		return d, nil
	}
	var body map[string]json.RawMessage
	if err := json.Unmarshal(d.Body, &body); err != nil {
		return d, onetrip.Internal(err)
	}
	err := s.Tx(ctx, func(tx *Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `UPDATE webhooks SET delivery_seq = delivery_seq + 1 WHERE id = $1 RETURNING delivery_seq`, d.Webhook).Scan(&n); err != nil {
			return err
		}
		body["delivery_seq"] = json.RawMessage(strconv.Itoa(n))
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE webhook_deliveries SET delivery_seq = $1, body = $2 WHERE id = $3 AND delivery_seq IS NULL`, n, string(b), d.ID)
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k != 1 {
			return onetrip.Conflict("store.webhook.numbered", d.ID)
		}
		d.Seq, d.Body = n, b
		return nil
	})
	return d, s.mapErr(err)
}

// MarkDelivery records an attempt's result.
func (s *Store) MarkDelivery(ctx context.Context, id string, status int, errText string, ok bool) error {
	return s.Tx(ctx, func(tx *Tx) error {
		st, delivered := "pending", any(nil)
		if ok {
			st, delivered = "delivered", TS(s.Now())
		}
		_, err := tx.ExecContext(ctx, `UPDATE webhook_deliveries SET attempts = attempts + 1, last_status = $1, last_error = $2, status = $3,
			delivered_at = $4 WHERE id = $5`, status, truncate(errText, 500), st, delivered, id)
		return err
	})
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "")
}

// Deliveries lists a subscription's delivery log, newest first.
func (s *Store) Deliveries(ctx context.Context, webhookID string, limit int) ([]Delivery, error) {
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+deliveryCols+` FROM webhook_deliveries WHERE webhook_id = $1
		ORDER BY created_at DESC, event_seq DESC LIMIT `+strconv.Itoa(limit), webhookID)
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	out := []Delivery{}
	for rows.Next() {
		d, err := scanDelivery(rows)
		if err != nil {
			return nil, s.mapErr(err)
		}
		out = append(out, d)
	}
	return out, s.mapErr(rows.Err())
}

// Replay sends a delivery again (the replay button): it becomes pending and
// gets a job.
func (s *Store) Replay(ctx context.Context, p *onetrip.Principal, deliveryID string) (Delivery, error) {
	d, err := scanDelivery(s.r.QueryRowContext(ctx, `SELECT `+deliveryCols+` FROM webhook_deliveries WHERE id = $1`, deliveryID))
	if errors.Is(err, sql.ErrNoRows) {
		return d, onetrip.NotFound("store.webhook.not_found", deliveryID)
	}
	if err != nil {
		return d, s.mapErr(err)
	}
	w, err := s.WebhookByID(ctx, d.Webhook)
	if err != nil {
		return d, err
	}
	if w.Department != p.Department {
		return d, onetrip.NotFound("store.webhook.not_found", deliveryID)
	}
	err = s.Tx(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE webhook_deliveries SET status = 'pending', delivered_at = NULL WHERE id = $1`, d.ID); err != nil {
			return err
		}
		if s.jobs != nil {
			return s.jobs.InsertWebhookJob(ctx, tx.SQL(), d.Webhook, d.CaseID)
		}
		return nil
	})
	d.Status, d.DeliveredAt = "pending", nil
	return d, err
}

// PendingPairs lists subscription and case pairs with pending deliveries
// older than a moment: the sweeper gives them a job again.
func (s *Store) PendingPairs(ctx context.Context, olderThan time.Time) ([][2]string, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT DISTINCT webhook_id, case_id FROM webhook_deliveries WHERE status = 'pending' AND created_at < $1 LIMIT 1000`, TS(olderThan))
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	var out [][2]string
	for rows.Next() {
		var p [2]string
		if err := rows.Scan(&p[0], &p[1]); err != nil {
			return nil, s.mapErr(err)
		}
		out = append(out, p)
	}
	return out, s.mapErr(rows.Err())
}

// EnqueueWebhookJobs inserts jobs for pending pairs (the sweeper).
func (s *Store) EnqueueWebhookJobs(ctx context.Context, pairs [][2]string) error {
	if s.jobs == nil || len(pairs) == 0 {
		return nil
	}
	return s.Tx(ctx, func(tx *Tx) error {
		for _, p := range pairs {
			if err := s.jobs.InsertWebhookJob(ctx, tx.SQL(), p[0], p[1]); err != nil {
				return err
			}
		}
		return nil
	})
}
