package sqlstore

import (
	"context"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"hash/fnv"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/emmansun/gmsm/sm3"

	"onetrip"
	"onetrip/intake"
	"onetrip/notify"
	"onetrip/progress"
)

// Notifications (issue 13). A change whose events may notify someone
// writes one notify_queue row in its transaction and wakes its shard's
// sender (enqueueNotifications, called where the webhooks' deliveries are
// made): nothing more, so intake does not pay for the fan-out. The sender
// (the job queue's, FanOut and ClaimSMS here) reads the events, the
// recipients and their choices outside any transaction, writes the inbox
// rows and the SMS of a batch of changes in one, and sends the SMS through
// the gateway (SetSMS) after that commit. While the node takes changes
// fast (NotifyBusy) the sender waits for them, up to MaxNotifyDefer.

// NotifyShards is how many queue and outbox shards there are: one sender
// drains each, so a burst is fanned out and sent by a few jobs in
// parallel.
const NotifyShards = 4

// MaxNotifyDefer is the longest a sender yields to a busy node: a change
// older than this is notified however busy the node is.
const MaxNotifyDefer = 10 * time.Second

// busyWindow is how many changes within a second make the node busy.
const busyWindow = 64

// SMS statuses of the outbox.
const (
	SMSPending  = "pending"
	SMSSending  = "sending"
	SMSSent     = "sent"
	SMSRejected = "rejected"
	SMSFailed   = "failed"
)

// notifyState is the store's part of the notification service.
type notifyState struct {
	off atomic.Bool // SetNotificationsOff
	// recent holds the moments of the last busyWindow queued changes.
	mu     sync.Mutex
	recent [busyWindow]time.Time
	n      int
}

// NotifyJobs is the part of the job queue that sends notifications: the
// store inserts a shard's job in the transaction that woke the shard.
type NotifyJobs interface {
	InsertNotifyJob(ctx context.Context, tx *sql.Tx, shard int) error
}

func init() {
	onetrip.Register(onetrip.Messages{
		"store.notify.not_found": {"消息 %s 不存在", "message %s does not exist"},
		"store.notify.cursor":    {"翻页参数 before 格式错误", "the before cursor is malformed"},
		"store.notify.applicant": {"只有申请人（个人或企业用户）设置消息通知", "only applicants (citizens and companies) choose their notifications"},
	})
}

// SetNotificationsOff turns the notifications of case events off (true)
// or on: the benchmark's baseline, and the demo's past.
func (s *Store) SetNotificationsOff(off bool) { s.notify.off.Store(off) }

// enqueueNotifications queues a change whose new events may notify (rows
// as appendEvents inserted them: case, seq, type, …) in the command's
// transaction, and wakes its shard's sender. A change whose events notify
// no one costs the look at their types.
func (s *Store) enqueueNotifications(ctx context.Context, tx *Tx, caseID string, rows [][]any) error {
	if s.notify.off.Load() || len(rows) == 0 {
		return nil
	}
	types := make([]string, len(rows))
	for i, r := range rows {
		types[i] = r[2].(string)
	}
	if !notify.Relevant(types) {
		return nil
	}
	shard := ShardOf(caseID)
	if _, err := tx.ExecContext(ctx, `INSERT INTO notify_queue (id, shard, case_id, first_seq, last_seq, created_at) VALUES ($1,$2,$3,$4,$5,$6)`,
		NewID(), shard, caseID, rows[0][1], rows[len(rows)-1][1], TS(time.Now())); err != nil {
		return err
	}
	s.noteChange()
	return s.wakeNotify(ctx, tx, shard)
}

// noteChange records a queued change for NotifyBusy.
func (s *Store) noteChange() {
	st := &s.notify
	st.mu.Lock()
	st.recent[st.n%busyWindow] = time.Now()
	st.n++
	st.mu.Unlock()
}

// NotifyBusy reports whether this node queued busyWindow changes within
// the last second: its sender then yields the writer and the processors
// to them (up to MaxNotifyDefer).
func (s *Store) NotifyBusy() bool {
	st := &s.notify
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.n >= busyWindow && time.Since(st.recent[st.n%busyWindow]) < time.Second
}

// ShardOf is the queue and outbox shard of a case.
func ShardOf(caseID string) int {
	h := fnv.New32a()
	h.Write([]byte(caseID))
	return int(h.Sum32() % NotifyShards)
}

// wakeNotify makes sure a sender will drain the shard after tx commits. The
// shard's wake row stands for a job queued whose sender has not started
// (a sender deletes the row first, then drains): when it is there, that
// sender will see this transaction's rows; when it is not, this
// transaction inserts it and the job. On PostgreSQL the row is read FOR
// SHARE, so a sender's delete waits for this transaction to commit (and
// then drains what it wrote) while changes never wait for one another;
// SQLite's one writer orders them anyway.
func (s *Store) wakeNotify(ctx context.Context, tx *Tx, shard int) error {
	return s.wakeShard(ctx, tx, shard, false)
}

// wakeShard is wakeNotify; force queues a job even when the row says one is
// queued (the sweeper: that job may be gone, say discarded).
func (s *Store) wakeShard(ctx context.Context, tx *Tx, shard int, force bool) error {
	lock := ""
	if s.Engine() == "postgres" {
		lock = " FOR SHARE"
	}
	for range 3 { // a sender may take the row between the two statements: look again
		var n int
		err := tx.QueryRowContext(ctx, `SELECT shard FROM sms_wake WHERE shard = $1`+lock, shard).Scan(&n)
		if err == nil && !force {
			return nil
		}
		if err == nil {
			break
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO sms_wake (shard, n) VALUES ($1, 1) ON CONFLICT (shard) DO NOTHING RETURNING shard`, shard).Scan(&n)
		if err == nil {
			break
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
	}
	// Inserted (or, after three changes of hands, to be sure): a job. A
	// job too many finds nothing due and ends.
	if nj, ok := s.jobs.(NotifyJobs); ok {
		return nj.InsertNotifyJob(ctx, tx.SQL(), shard)
	}
	return nil
}

// queued is one claimed notify_queue row.
type queued struct {
	id, caseID  string
	first, last int
}

// FanOut turns up to limit queued changes of a shard into their inbox
// rows and SMS: it claims them, reads each case's events, correction
// notices and recipients (outside any transaction), renders the notes and
// writes them with the queue rows' deletion in one transaction. A second
// fan-out of the same change writes nothing (the rows' keys derive from
// case, event and recipient). It says how many changes it took.
func (s *Store) FanOut(ctx context.Context, shard, limit int) (int, error) {
	now := time.Now()
	var batch []queued
	err := s.Tx(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, `UPDATE notify_queue SET claimed_until = $1
			WHERE id IN (SELECT id FROM notify_queue WHERE shard = $2 AND (claimed_until IS NULL OR claimed_until < $3) ORDER BY id LIMIT $4)
			AND (claimed_until IS NULL OR claimed_until < $3)
			RETURNING id, case_id, first_seq, last_seq`, TS(now.Add(2*time.Minute)), shard, TS(now), limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		batch = batch[:0]
		for rows.Next() {
			var q queued
			if err := rows.Scan(&q.id, &q.caseID, &q.first, &q.last); err != nil {
				return err
			}
			batch = append(batch, q)
		}
		return rows.Err()
	})
	if err != nil || len(batch) == 0 {
		return 0, s.mapErr(err)
	}
	var key []byte
	var inbox, out [][]any
	ids := make([]any, len(batch))
	for i, q := range batch {
		ids[i] = q.id
		msgs, at, err := s.notesOf(ctx, q, &key)
		if err != nil {
			return 0, err
		}
		for _, m := range msgs {
			inbox = append(inbox, []any{NewID(), m.UserID, string(m.Note.Kind), q.caseID, m.Note.Case.Number, m.Note.Event,
				m.ZH.Title, m.ZH.Body, m.EN.Title, m.EN.Body, TS(at[m.Note.Event])})
			if m.SMS != "" {
				out = append(out, []any{smsRef(q.caseID, m.Note.Event, m.UserID), shard, m.UserID, q.caseID, string(m.Note.Kind), m.Mobile, m.SMS,
					SMSPending, 0, TS(now), "", TS(s.Now())})
			}
		}
	}
	err = s.Tx(ctx, func(tx *Tx) error {
		if err := batchInsertTail(ctx, tx, `INSERT INTO notifications (id, user_id, kind, case_id, case_number, event_seq,
			title_zh, body_zh, title_en, body_en, created_at)`, 11, inbox, `ON CONFLICT (case_id, event_seq, user_id) DO NOTHING`); err != nil {
			return err
		}
		if err := batchInsertTail(ctx, tx, `INSERT INTO sms_outbox (id, shard, user_id, case_id, kind, mobile, text, status, attempts,
			next_at, last_error, created_at)`, 12, out, `ON CONFLICT (id) DO NOTHING`); err != nil {
			return err
		}
		ph := make([]string, len(ids))
		for i := range ids {
			ph[i] = "$" + strconv.Itoa(i+1)
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM notify_queue WHERE id IN (`+strings.Join(ph, ",")+`)`, ids...)
		return err
	})
	return len(batch), s.mapErr(err)
}

// notesOf reads what one queued change tells whom: its case, its events
// (with their moments), the lines of a correction notice it issued, and
// the case's recipients with their mobiles and choices. key is the query
// codes' secret, read once per batch when an acceptance needs it.
func (s *Store) notesOf(ctx context.Context, q queued, key *[]byte) ([]notify.Message, map[int]time.Time, error) {
	c, rs, err := s.recipients(ctx, q.caseID)
	if err != nil || len(rs) == 0 {
		return nil, nil, err
	}
	rows, err := s.r.QueryContext(ctx, `SELECT seq, type, at, data FROM events WHERE case_id = $1 AND seq >= $2 AND seq <= $3 ORDER BY seq`,
		q.caseID, q.first, q.last)
	if err != nil {
		return nil, nil, s.mapErr(err)
	}
	var evs []notify.Event
	at := map[int]time.Time{}
	for rows.Next() {
		var e notify.Event
		var when, data string
		if err := rows.Scan(&e.Seq, &e.Type, &when, &data); err != nil {
			rows.Close()
			return nil, nil, s.mapErr(err)
		}
		e.Data, at[e.Seq] = json.RawMessage(data), mustTS(when)
		evs = append(evs, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, s.mapErr(err)
	}
	notices := map[string][]notify.Item{}
	for _, e := range evs {
		if id := notify.NoticeOf(e); id != "" {
			var items string
			if err := s.r.QueryRowContext(ctx, `SELECT items FROM notices WHERE id = $1`, id).Scan(&items); err != nil {
				return nil, nil, s.mapErr(err)
			}
			var list []intake.NoticeItem
			if err := json.Unmarshal([]byte(items), &list); err != nil {
				return nil, nil, onetrip.Internal(err)
			}
			notices[id] = notify.ItemsOf(list)
		}
		if e.Type == "case.accepted" {
			if *key == nil {
				if *key, err = s.ProgressKey(ctx); err != nil {
					return nil, nil, err
				}
			}
			c.QueryCode = progress.QueryCode(*key, c.Number)
		}
	}
	return notify.Address(notify.Notes(c, evs, notices), rs), at, nil
}

// smsRef is an SMS's outbox id and gateway Ref: the same for the same
// case, event and recipient, so the fan-out and the gateway each do it
// once.
func smsRef(caseID string, seq int, userID string) string {
	h := sm3.Sum([]byte(caseID + "\x00" + strconv.Itoa(seq) + "\x00" + userID))
	return "N" + hex.EncodeToString(h[:16])
}

// recipientsQuery finds a case's number and title and the accounts its
// notifications go to: the applicant account that applied; for a person
// the applicant accounts with the case's citizen ID; for a company its
// bound legal representatives (the staff member who applied is the first).
// Each with its open account's mobile and its choices.
const recipientsQuery = `WITH c AS (SELECT number, title, applicant_type, applicant_id, applicant_user FROM cases WHERE id = $1),
ids AS (
	SELECT applicant_user AS uid FROM c WHERE applicant_user IS NOT NULL
	UNION SELECT u.id FROM c JOIN users u ON u.id_number = c.applicant_id WHERE c.applicant_type = 'person'
	UNION SELECT b.user_id FROM c JOIN company_bindings b ON b.uscc = c.applicant_id AND b.unbound_at IS NULL WHERE c.applicant_type = 'org')
SELECT c.number, c.title, u.id, COALESCE(a.mobile, ''), p.sms, COALESCE(p.sms_off, '[]'), COALESCE(p.lang, '')
FROM c CROSS JOIN ids JOIN users u ON u.id = ids.uid
LEFT JOIN accounts a ON a.user_id = u.id AND a.closed_at IS NULL
LEFT JOIN notification_prefs p ON p.user_id = u.id
WHERE u.role = 'applicant' AND NOT u.disabled
ORDER BY u.id`

func (s *Store) recipients(ctx context.Context, caseID string) (notify.Case, []notify.Recipient, error) {
	c := notify.Case{ID: caseID}
	rows, err := s.r.QueryContext(ctx, recipientsQuery, caseID)
	if err != nil {
		return c, nil, s.mapErr(err)
	}
	defer rows.Close()
	var rs []notify.Recipient
	for rows.Next() {
		var r notify.Recipient
		var sms sql.NullBool
		var off, lang string
		if err := rows.Scan(&c.Number, &c.Title, &r.UserID, &r.Mobile, &sms, &off, &lang); err != nil {
			return c, nil, s.mapErr(err)
		}
		r.Prefs = prefsOf(sms, off, lang)
		rs = append(rs, r)
	}
	return c, rs, s.mapErr(rows.Err())
}

// prefsOf reads stored choices; no row is the defaults.
func prefsOf(sms sql.NullBool, off, lang string) notify.Prefs {
	p := notify.DefaultPrefs()
	if !sms.Valid {
		return p
	}
	p.SMS = sms.Bool
	json.Unmarshal([]byte(off), &p.SMSOff)
	if lang == string(onetrip.LangEN) {
		p.Lang = onetrip.LangEN
	}
	return p
}

// NotifyBacklog is when the oldest change queued on a shard was made
// (real time); false when none is.
func (s *Store) NotifyBacklog(ctx context.Context, shard int) (time.Time, bool, error) {
	var at string
	err := s.r.QueryRowContext(ctx, `SELECT created_at FROM notify_queue WHERE shard = $1 ORDER BY id LIMIT 1`, shard).Scan(&at)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, false, nil
	}
	return mustTS(at), err == nil, s.mapErr(err)
}

// ---- the inbox ----

// Notification is one message of an applicant's inbox, in both languages.
type Notification struct {
	ID         string      `json:"id"`
	Kind       notify.Kind `json:"kind"`
	CaseID     string      `json:"case_id"`
	CaseNumber string      `json:"case_number"`
	EventSeq   int         `json:"event_seq"`
	TitleZH    string      `json:"title_zh"`
	BodyZH     string      `json:"body_zh"`
	TitleEN    string      `json:"title_en"`
	BodyEN     string      `json:"body_en"`
	CreatedAt  time.Time   `json:"created_at"`
	ReadAt     *time.Time  `json:"read_at,omitempty"`
}

// Text is the message in a language.
func (n Notification) Text(lang onetrip.Lang) notify.Text {
	if lang == onetrip.LangEN {
		return notify.Text{Title: n.TitleEN, Body: n.BodyEN}
	}
	return notify.Text{Title: n.TitleZH, Body: n.BodyZH}
}

// NotificationCursor is the keyset cursor after a message (the next page
// starts below it).
func NotificationCursor(n Notification) string { return TS(n.CreatedAt) + "_" + n.ID }

// InboxQuery pages an inbox, newest first.
type InboxQuery struct {
	Before string // NotificationCursor of the previous page's last message
	Unread bool   // only the unread
	Limit  int    // 1–200, default 50
}

const notificationCols = `id, kind, case_id, case_number, event_seq, title_zh, body_zh, title_en, body_en, created_at, read_at`

func scanNotification(sc interface{ Scan(...any) error }) (Notification, error) {
	var n Notification
	var created string
	var read sql.NullString
	err := sc.Scan(&n.ID, &n.Kind, &n.CaseID, &n.CaseNumber, &n.EventSeq, &n.TitleZH, &n.BodyZH, &n.TitleEN, &n.BodyEN, &created, &read)
	n.CreatedAt, n.ReadAt = mustTS(created), optTS(read)
	return n, err
}

// Inbox lists a user's messages, newest first. A malformed cursor is
// invalid, not the first page.
func (s *Store) Inbox(ctx context.Context, userID string, q InboxQuery) ([]Notification, error) {
	args := []any{userID}
	where := "user_id = $1"
	if q.Before != "" {
		at, id, ok := strings.Cut(q.Before, "_")
		if _, err := ParseTS(at); !ok || err != nil || id == "" {
			return nil, onetrip.Invalid("store.notify.cursor").WithDetail("before", "store.notify.cursor")
		}
		args = append(args, at, id)
		where += " AND (created_at < $2 OR (created_at = $2 AND id < $3))"
	}
	if q.Unread {
		where += " AND read_at IS NULL"
	}
	limit := q.Limit
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+notificationCols+` FROM notifications WHERE `+where+`
		ORDER BY created_at DESC, id DESC LIMIT `+strconv.Itoa(limit), args...)
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	out := []Notification{}
	for rows.Next() {
		n, err := scanNotification(rows)
		if err != nil {
			return nil, s.mapErr(err)
		}
		out = append(out, n)
	}
	return out, s.mapErr(rows.Err())
}

// UnreadNotifications counts a user's unread messages (the header's badge).
func (s *Store) UnreadNotifications(ctx context.Context, userID string) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL`, userID).Scan(&n)
	return n, s.mapErr(err)
}

// MarkNotificationRead marks one of the user's messages read (once: a
// second time keeps the first moment) and returns it. Another user's
// message is not found, as one that does not exist.
func (s *Store) MarkNotificationRead(ctx context.Context, userID, id string) (Notification, error) {
	var n Notification
	err := s.Tx(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE notifications SET read_at = $1 WHERE id = $2 AND user_id = $3 AND read_at IS NULL`,
			TS(s.Now()), id, userID); err != nil {
			return err
		}
		var err error
		n, err = scanNotification(tx.QueryRowContext(ctx, `SELECT `+notificationCols+` FROM notifications WHERE id = $1 AND user_id = $2`, id, userID))
		if errors.Is(err, sql.ErrNoRows) {
			return onetrip.NotFound("store.notify.not_found", id)
		}
		return err
	})
	return n, s.mapErr(err)
}

// MarkAllNotificationsRead marks every unread message of the user read and
// says how many.
func (s *Store) MarkAllNotificationsRead(ctx context.Context, userID string) (int, error) {
	var n int64
	err := s.Tx(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL`, TS(s.Now()), userID)
		if err == nil {
			n, _ = res.RowsAffected()
		}
		return err
	})
	return int(n), s.mapErr(err)
}

// ---- the applicant's choices ----

// NotificationPrefs are an applicant's channel choices (the defaults until
// they choose), with whether the account has a mobile number SMS can go to.
func (s *Store) NotificationPrefs(ctx context.Context, p *onetrip.Principal) (notify.Prefs, bool, error) {
	if !p.Is(onetrip.RoleApplicant) {
		return notify.Prefs{}, false, onetrip.Forbidden("store.notify.applicant")
	}
	var sms sql.NullBool
	var off, lang, mobile string
	err := s.r.QueryRowContext(ctx, `SELECT p.sms, COALESCE(p.sms_off, '[]'), COALESCE(p.lang, ''), COALESCE(a.mobile, '')
		FROM users u LEFT JOIN notification_prefs p ON p.user_id = u.id LEFT JOIN accounts a ON a.user_id = u.id AND a.closed_at IS NULL
		WHERE u.id = $1`, p.UserID).Scan(&sms, &off, &lang, &mobile)
	if errors.Is(err, sql.ErrNoRows) {
		return notify.Prefs{}, false, onetrip.Forbidden("store.notify.applicant")
	}
	if err != nil {
		return notify.Prefs{}, false, s.mapErr(err)
	}
	return prefsOf(sms, off, lang), mobile != "", nil
}

// SetNotificationPrefs stores an applicant's choices as notify checks them.
func (s *Store) SetNotificationPrefs(ctx context.Context, p *onetrip.Principal, prefs notify.Prefs) (notify.Prefs, error) {
	if !p.Is(onetrip.RoleApplicant) {
		return notify.Prefs{}, onetrip.Forbidden("store.notify.applicant")
	}
	prefs, err := prefs.Check()
	if err != nil {
		return notify.Prefs{}, err
	}
	off, _ := json.Marshal(prefs.SMSOff)
	err = s.Tx(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO notification_prefs (user_id, sms, sms_off, lang, updated_at) VALUES ($1,$2,$3,$4,$5)
			ON CONFLICT (user_id) DO UPDATE SET sms = excluded.sms, sms_off = excluded.sms_off, lang = excluded.lang, updated_at = excluded.updated_at`,
			p.UserID, prefs.SMS, string(off), string(prefs.Lang), TS(s.Now()))
		return err
	})
	return prefs, s.mapErr(err)
}

// ---- the outbox and its sender ----

// OutboxSMS is one SMS of the outbox.
type OutboxSMS struct {
	ID        string      `json:"id"` // the gateway's Ref
	Shard     int         `json:"shard"`
	UserID    string      `json:"user_id"`
	CaseID    string      `json:"case_id"`
	Kind      notify.Kind `json:"kind"`
	Mobile    string      `json:"mobile"`
	Text      string      `json:"text"`
	Status    string      `json:"status"`
	Attempts  int         `json:"attempts"`
	LastError string      `json:"last_error,omitempty"`
	GatewayID string      `json:"gateway_id,omitempty"`
	CreatedAt time.Time   `json:"created_at"`
	SentAt    *time.Time  `json:"sent_at,omitempty"`
}

const outboxCols = `id, shard, user_id, case_id, kind, mobile, text, status, attempts, last_error, gateway_id, created_at, sent_at`

func scanOutbox(sc interface{ Scan(...any) error }) (OutboxSMS, error) {
	var m OutboxSMS
	var gw, sent sql.NullString
	var created string
	err := sc.Scan(&m.ID, &m.Shard, &m.UserID, &m.CaseID, &m.Kind, &m.Mobile, &m.Text, &m.Status, &m.Attempts, &m.LastError, &gw, &created, &sent)
	m.GatewayID, m.CreatedAt, m.SentAt = gw.String, mustTS(created), optTS(sent)
	return m, err
}

// CaseSMS lists the SMS a case caused, oldest first (what was texted about
// a case, and how far each got).
func (s *Store) CaseSMS(ctx context.Context, caseID string) ([]OutboxSMS, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+outboxCols+` FROM sms_outbox WHERE case_id = $1 ORDER BY created_at, id`, caseID)
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	out := []OutboxSMS{}
	for rows.Next() {
		m, err := scanOutbox(rows)
		if err != nil {
			return nil, s.mapErr(err)
		}
		out = append(out, m)
	}
	return out, s.mapErr(rows.Err())
}

// TakeNotifyWake is a sender's first step: the shard's wake row goes, so any
// change after this wakes the shard again (and gets a job) while this
// sender drains what came before.
func (s *Store) TakeNotifyWake(ctx context.Context, shard int) error {
	return s.Tx(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM sms_wake WHERE shard = $1`, shard)
		return err
	})
}

// ClaimSMS claims up to limit due messages of a shard for one sender, for
// lease: due are the pending ones whose time has come and the claimed ones
// whose claim lapsed (a sender that died; the gateway's Ref keeps a resend
// from texting twice). now is real time, as next_at is.
func (s *Store) ClaimSMS(ctx context.Context, shard, limit int, now time.Time, lease time.Duration) ([]OutboxSMS, error) {
	var out []OutboxSMS
	err := s.Tx(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, `UPDATE sms_outbox SET status = 'sending', next_at = $1
			WHERE id IN (SELECT id FROM sms_outbox WHERE shard = $2 AND status IN ('pending', 'sending') AND next_at <= $3 ORDER BY next_at LIMIT $4)
			AND status IN ('pending', 'sending') AND next_at <= $3
			RETURNING `+outboxCols, TS(now.Add(lease)), shard, TS(now), limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		out = out[:0]
		for rows.Next() {
			m, err := scanOutbox(rows)
			if err != nil {
				return err
			}
			out = append(out, m)
		}
		return rows.Err()
	})
	return out, s.mapErr(err)
}

// SMSResult is what became of one claimed message: Status sent with the
// gateway's ID, pending again at Retry (Attempts counted as the sender
// decided), rejected or failed for good.
type SMSResult struct {
	ID        string
	Status    string
	Attempts  int
	Retry     time.Time // pending: when to try again (real time)
	GatewayID string
	Error     string
}

// FinishSMS records a sender's results in one transaction. A message whose
// claim another sender took over meanwhile is recorded all the same: the
// gateway sent it once whoever asked.
func (s *Store) FinishSMS(ctx context.Context, results []SMSResult) error {
	if len(results) == 0 {
		return nil
	}
	now := TS(s.Now())
	return s.Tx(ctx, func(tx *Tx) error {
		for _, r := range results {
			var err error
			switch r.Status {
			case SMSSent:
				_, err = tx.ExecContext(ctx, `UPDATE sms_outbox SET status = 'sent', attempts = $1, gateway_id = $2, last_error = $3, sent_at = $4
					WHERE id = $5 AND status <> 'sent'`, r.Attempts, r.GatewayID, truncate(r.Error, 500), now, r.ID)
			case SMSPending:
				_, err = tx.ExecContext(ctx, `UPDATE sms_outbox SET status = 'pending', attempts = $1, next_at = $2, last_error = $3
					WHERE id = $4 AND status = 'sending'`, r.Attempts, TS(r.Retry), truncate(r.Error, 500), r.ID)
			default:
				_, err = tx.ExecContext(ctx, `UPDATE sms_outbox SET status = $1, attempts = $2, last_error = $3
					WHERE id = $4 AND status = 'sending'`, r.Status, r.Attempts, truncate(r.Error, 500), r.ID)
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// NextSMSDue is the earliest moment a shard has a message waiting for
// (a retry or a lapsing claim); false when it has none.
func (s *Store) NextSMSDue(ctx context.Context, shard int) (time.Time, bool, error) {
	var at sql.NullString
	err := s.r.QueryRowContext(ctx, `SELECT MIN(next_at) FROM sms_outbox WHERE shard = $1 AND status IN ('pending', 'sending')`, shard).Scan(&at)
	if err != nil || !at.Valid {
		return time.Time{}, false, s.mapErr(err)
	}
	return mustTS(at.String), true, nil
}

// DueNotifyShards are the shards with work due now — changes queued and not
// claimed (or whose claim lapsed), and with sms (a gateway connected) SMS
// whose retry came or whose claim lapsed: the sweeper wakes them.
func (s *Store) DueNotifyShards(ctx context.Context, now time.Time, sms bool) ([]int, error) {
	var out []int
	q := `SELECT 1 FROM notify_queue WHERE shard = $1 AND (claimed_until IS NULL OR claimed_until < $2)`
	if sms {
		q += ` UNION ALL SELECT 1 FROM sms_outbox WHERE shard = $1 AND status IN ('pending', 'sending') AND next_at <= $2`
	}
	for shard := 0; shard < NotifyShards; shard++ {
		var one int
		err := s.r.QueryRowContext(ctx, q+` LIMIT 1`, shard, TS(now)).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return nil, s.mapErr(err)
		}
		out = append(out, shard)
	}
	return out, nil
}

// WakeNotifyShards wakes shards from outside a change (the sweeper, a
// gateway connected late): each gets a job, whatever the wake row says.
func (s *Store) WakeNotifyShards(ctx context.Context, shards []int) error {
	if len(shards) == 0 {
		return nil
	}
	return s.Tx(ctx, func(tx *Tx) error {
		for _, sh := range shards {
			if err := s.wakeShard(ctx, tx, sh, true); err != nil {
				return err
			}
		}
		return nil
	})
}
