package sqlstore

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"strconv"
	"time"

	"onetrip"
	"onetrip/casework"
	"onetrip/licence"
	"onetrip/seal"
)

// The audit (审计核验): every case's log checked against its row, every
// licence row against its signed document and seal, and the signed
// checkpoints against the logs. Reads stream in id order; nothing is held
// per case beyond the case at hand.

func init() {
	onetrip.Register(onetrip.Messages{
		"store.audit.case_missing":     {"检查点记录的办件 %s 已不存在", "case %s, recorded by a checkpoint, no longer exists"},
		"store.audit.checkpointed":     {"检查点记录该办件第 %d 条事件为 %s，现在不符：检查点之前的记录被改写", "the checkpoint recorded event %d as %s; it differs now: what the checkpoint covers was rewritten"},
		"store.audit.cp_signature":     {"检查点 %d 的签名无效", "checkpoint %d has an invalid signature"},
		"store.audit.cp_chain":         {"检查点 %d 与上一个检查点不衔接：检查点被删除或改写", "checkpoint %d does not follow the one before it: checkpoints were removed or rewritten"},
		"store.audit.cp_root":          {"最新检查点 %d 的根（%s）与记录的链头不符（%s）", "the newest checkpoint %d has root %s, its recorded heads give %s"},
		"store.audit.cp_key":           {"检查点 %d 的签名密钥 %s 无法用主密钥打开：密钥被替换", "checkpoint %d's key %s cannot be opened with the master key: the key was replaced"},
		"store.audit.licence_altered":  {"证照记录的 %s 与签名文件不符", "the licence record's %s differs from its signed document"},
		"store.audit.licence_sig":      {"证照签名核验失败：%s", "the licence's signature does not verify: %s"},
		"store.audit.licence_no_seal":  {"证照的印章 %s 不存在", "the licence's seal %s does not exist"},
		"store.audit.checkpoint_empty": {"没有可签的办件", "there are no cases to checkpoint"},
	})
}

// AuditProblem is one thing an audit found.
type AuditProblem struct {
	Kind    string `json:"kind"`    // case, licence, checkpoint
	Subject string `json:"subject"` // case number, licence identifier, checkpoint seq
	Field   string `json:"field,omitempty"`
	Message string `json:"message"` // in Chinese, for the report
}

// AuditReport is an audit's summary.
type AuditReport struct {
	ID           string         `json:"id"`
	StartedAt    time.Time      `json:"started_at"`
	FinishedAt   time.Time      `json:"finished_at"`
	Since        string         `json:"since,omitempty"`
	Cases        int            `json:"cases"`
	Events       int            `json:"events"`
	Licences     int            `json:"licences"`
	Checkpoints  int            `json:"checkpoints"`
	ProblemCount int            `json:"problem_count"`
	Problems     []AuditProblem `json:"problems"` // the first MaxAuditProblems
}

// MaxAuditProblems bounds the problems a report lists (all are counted).
const MaxAuditProblems = 1000

// AuditProgress hears how far an audit is: a stage and done of total.
type AuditProgress func(stage string, done, total int)

func (r *AuditReport) add(kind, subject, field, key string, args ...any) {
	r.ProblemCount++
	if len(r.Problems) < MaxAuditProblems {
		r.Problems = append(r.Problems, AuditProblem{Kind: kind, Subject: subject, Field: field, Message: onetrip.Render(onetrip.LangZH, key, args...)})
	}
}

// Audit checks the whole database (cases changed since since, when not
// zero; checkpoints and licences always) and records the run.
func (s *Store) Audit(ctx context.Context, since time.Time, progress AuditProgress) (AuditReport, error) {
	if progress == nil {
		progress = func(string, int, int) {}
	}
	rep := AuditReport{ID: NewID(), StartedAt: s.Now(), Problems: []AuditProblem{}}
	if !since.IsZero() {
		rep.Since = since.Format(time.DateOnly)
	}
	heads, err := s.auditCheckpoints(ctx, &rep)
	if err != nil {
		return rep, err
	}
	if err := s.auditCases(ctx, since, heads, &rep, progress); err != nil {
		return rep, err
	}
	if err := s.auditLicences(ctx, &rep, progress); err != nil {
		return rep, err
	}
	rep.FinishedAt = s.Now()
	b, _ := json.Marshal(rep)
	err = s.Tx(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO audit_runs (id, started_at, finished_at, cases, events, licences, checkpoints, problems, report)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`, rep.ID, TS(rep.StartedAt), TS(rep.FinishedAt), rep.Cases, rep.Events, rep.Licences,
			rep.Checkpoints, rep.ProblemCount, string(b))
		return err
	})
	return rep, err
}

// LastAudit is the newest recorded audit run, if any.
func (s *Store) LastAudit(ctx context.Context) (AuditReport, bool, error) {
	var b string
	err := s.r.QueryRowContext(ctx, `SELECT report FROM audit_runs ORDER BY started_at DESC LIMIT 1`).Scan(&b)
	if isNoRows(err) {
		return AuditReport{}, false, nil
	}
	if err != nil {
		return AuditReport{}, false, s.mapErr(err)
	}
	var r AuditReport
	return r, true, json.Unmarshal([]byte(b), &r)
}

// auditCases walks the cases and their events in case id order: each log
// against its row (casework.CheckCase), and against its checkpointed head.
func (s *Store) auditCases(ctx context.Context, since time.Time, heads map[string]casework.Head, rep *AuditReport, progress AuditProgress) error {
	var total int
	where, args := "", []any{}
	if !since.IsZero() {
		where, args = " WHERE updated_at >= $1", []any{TS(since)}
	}
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM cases`+where, args...).Scan(&total); err != nil {
		return s.mapErr(err)
	}
	cases, err := s.r.QueryContext(ctx, `SELECT `+caseCols+` FROM cases`+where+` ORDER BY id`+s.d.byteOrder, args...)
	if err != nil {
		return s.mapErr(err)
	}
	defer cases.Close()
	evWhere := ""
	if !since.IsZero() {
		evWhere = " WHERE case_id IN (SELECT id FROM cases WHERE updated_at >= $1)"
	}
	evRows, err := s.r.QueryContext(ctx, `SELECT case_id, seq, type, actor, at, data, prev_hash, hash FROM events`+evWhere+
		` ORDER BY case_id`+s.d.byteOrder+`, seq`, args...)
	if err != nil {
		return s.mapErr(err)
	}
	defer evRows.Close()
	var pending *casework.Event // the first event of the next case, read ahead
	nextEvent := func() (*casework.Event, error) {
		if pending != nil {
			e := pending
			pending = nil
			return e, nil
		}
		if !evRows.Next() {
			return nil, evRows.Err()
		}
		var e casework.Event
		var at, data string
		if err := evRows.Scan(&e.CaseID, &e.Seq, &e.Type, &e.Actor, &at, &data, &e.PrevHash, &e.Hash); err != nil {
			return nil, err
		}
		e.At, e.Data = mustTS(at), json.RawMessage(data)
		return &e, nil
	}
	seen := map[string]bool{}
	done := 0
	for cases.Next() {
		c, err := scanCase(cases)
		if err != nil {
			return s.mapErr(err)
		}
		var evs []casework.Event
		for {
			e, err := nextEvent()
			if err != nil {
				return s.mapErr(err)
			}
			if e == nil {
				break
			}
			if e.CaseID < c.ID { // events of a case that no longer exists
				rep.add("case", e.CaseID, "events", "casework.audit.no_events")
				continue
			}
			if e.CaseID > c.ID {
				pending = e
				break
			}
			evs = append(evs, *e)
		}
		rep.Cases++
		rep.Events += len(evs)
		for _, f := range casework.CheckCase(&c, evs) {
			rep.add("case", c.Number, f.Field, f.Key, f.Args...)
		}
		if h, ok := heads[c.ID]; ok {
			seen[c.ID] = true
			if h.Seq > len(evs) || evs[h.Seq-1].Hash != h.Hash {
				rep.add("case", c.Number, "checkpoint", "store.audit.checkpointed", h.Seq, short(h.Hash))
			}
		}
		done++
		if done%10000 == 0 {
			progress("cases", done, total)
		}
	}
	if err := cases.Err(); err != nil {
		return s.mapErr(err)
	}
	progress("cases", done, total)
	if since.IsZero() {
		for id := range heads {
			if !seen[id] {
				rep.add("case", id, "checkpoint", "store.audit.case_missing", id)
			}
		}
	}
	return nil
}

func short(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

// auditLicences checks every licence row against its signed document and
// the signature against its seal.
func (s *Store) auditLicences(ctx context.Context, rep *AuditReport, progress AuditProgress) error {
	var total int
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM licences`).Scan(&total); err != nil {
		return s.mapErr(err)
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+licenceCols+` FROM licences ORDER BY id`)
	if err != nil {
		return s.mapErr(err)
	}
	defer rows.Close()
	for rows.Next() {
		l, err := s.scanLicence(rows)
		if err != nil {
			return s.mapErr(err)
		}
		rep.Licences++
		for _, f := range l.Altered {
			rep.add("licence", l.Identifier, f, "store.audit.licence_altered", f)
		}
		sp, err := s.sealPublic(ctx, l.SealID)
		if err != nil {
			if onetrip.HasCode(err, onetrip.CodeNotFound) {
				rep.add("licence", l.Identifier, "seal", "store.audit.licence_no_seal", l.SealID)
				continue
			}
			return err
		}
		sig, _ := base64.StdEncoding.DecodeString(l.Signature)
		var doc licence.Document
		if json.Unmarshal([]byte(l.Document), &doc) != nil {
			rep.add("licence", l.Identifier, "document", "store.audit.licence_sig", "document")
			continue
		}
		v := licence.VerifySigned(licence.Signed{Document: doc, Signature: sig, PublicKeyPEM: sp.info.PublicKeyPEM, DistID: seal.DistID},
			licence.Trust{SealKey: sp.key, SealPEM: sp.info.PublicKeyPEM, At: s.Now()})
		if !v.Genuine {
			rep.add("licence", l.Identifier, "signature", "store.audit.licence_sig", onetrip.Render(onetrip.LangZH, v.Reason, v.Args...))
		}
		if rep.Licences%10000 == 0 {
			progress("licences", rep.Licences, total)
		}
	}
	progress("licences", rep.Licences, total)
	return s.mapErr(rows.Err())
}

// auditCheckpoints checks the checkpoints: each signed by a platform key
// the master key opens, each following the one before, and the newest one's
// root rebuilt from the recorded heads. It returns those heads, which the
// case walk then holds every log to.
func (s *Store) auditCheckpoints(ctx context.Context, rep *AuditReport) (map[string]casework.Head, error) {
	cps, err := s.checkpoints(ctx)
	if err != nil {
		return nil, err
	}
	keys := map[string]*seal.PublicKey{}
	prev := ""
	for _, cp := range cps {
		rep.Checkpoints++
		subject := strconv.Itoa(cp.Seq)
		pub, ok := keys[cp.KeyID]
		if !ok {
			k, err := s.platformKey(ctx, cp.KeyID)
			if err != nil {
				rep.add("checkpoint", subject, "key", "store.audit.cp_key", cp.Seq, cp.KeyID)
			} else {
				pub = k.Public()
			}
			keys[cp.KeyID] = pub
		}
		if pub != nil && !seal.Verify(pub, cp.Payload(), cp.Signature) {
			rep.add("checkpoint", subject, "signature", "store.audit.cp_signature", cp.Seq)
		}
		if cp.PrevHash != prev || cp.Hash != cp.PayloadHash() {
			rep.add("checkpoint", subject, "chain", "store.audit.cp_chain", cp.Seq)
		}
		prev = cp.Hash
	}
	heads := map[string]casework.Head{}
	if len(cps) == 0 {
		return heads, nil
	}
	rows, err := s.r.QueryContext(ctx, `SELECT case_id, event_seq, hash FROM checkpoint_heads ORDER BY case_id`+s.d.byteOrder)
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	var leaves [][32]byte
	for rows.Next() {
		var h casework.Head
		if err := rows.Scan(&h.CaseID, &h.Seq, &h.Hash); err != nil {
			return nil, s.mapErr(err)
		}
		heads[h.CaseID] = h
		leaves = append(leaves, casework.Leaf(h))
	}
	if err := rows.Err(); err != nil {
		return nil, s.mapErr(err)
	}
	last := cps[len(cps)-1]
	if root := casework.MerkleRoot(leaves); root != last.Root {
		rep.add("checkpoint", strconv.Itoa(last.Seq), "root", "store.audit.cp_root", last.Seq, short(last.Root), short(root))
	}
	return heads, nil
}

func (s *Store) checkpoints(ctx context.Context) ([]casework.Checkpoint, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT seq, at, cases, events, root, prev_hash, hash, key_id, signature FROM checkpoints ORDER BY seq`)
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	var out []casework.Checkpoint
	for rows.Next() {
		var c casework.Checkpoint
		var at, sig string
		if err := rows.Scan(&c.Seq, &at, &c.Cases, &c.Events, &c.Root, &c.PrevHash, &c.Hash, &c.KeyID, &sig); err != nil {
			return nil, s.mapErr(err)
		}
		c.At = mustTS(at)
		c.Signature, _ = base64.StdEncoding.DecodeString(sig)
		out = append(out, c)
	}
	return out, s.mapErr(rows.Err())
}

// platformKey opens the platform's signing key with the master key: the
// trust of a checkpoint comes from the master key (outside the database),
// not from a public key stored beside the checkpoints.
func (s *Store) platformKey(ctx context.Context, id string) (*seal.Key, error) {
	var blob64 string
	if err := s.r.QueryRowContext(ctx, `SELECT private_key_sealed FROM platform_keys WHERE id = $1`, id).Scan(&blob64); err != nil {
		return nil, s.mapErr(err)
	}
	master, err := s.masterKey(ctx)
	if err != nil {
		return nil, err
	}
	blob, err := base64.StdEncoding.DecodeString(blob64)
	if err != nil {
		return nil, onetrip.Internal(err)
	}
	return seal.OpenPrivateKey(master, "platform:"+id, blob)
}

// signingPlatformKey is the newest platform key, made on first use.
func (s *Store) signingPlatformKey(ctx context.Context) (string, *seal.Key, error) {
	var id string
	err := s.r.QueryRowContext(ctx, `SELECT id FROM platform_keys ORDER BY created_at DESC LIMIT 1`).Scan(&id)
	if err == nil {
		k, err := s.platformKey(ctx, id)
		return id, k, err
	}
	if !isNoRows(err) {
		return "", nil, s.mapErr(err)
	}
	master, err := s.masterKey(ctx)
	if err != nil {
		return "", nil, err
	}
	k, err := seal.NewKey()
	if err != nil {
		return "", nil, err
	}
	id = NewID()
	blob, err := seal.SealPrivateKey(master, "platform:"+id, k)
	if err != nil {
		return "", nil, err
	}
	err = s.Tx(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO platform_keys (id, public_key_pem, private_key_sealed, created_at) VALUES ($1,$2,$3,$4)`,
			id, k.Public().PEM(), base64.StdEncoding.EncodeToString(blob), TS(s.Now()))
		return err
	})
	return id, k, err
}

// Checkpoint writes a signed checkpoint of every case's chain head. The
// heads are read in one statement (a consistent snapshot: a case changing
// meanwhile is checkpointed at its head of that moment, a true prefix of
// its log); only heads changed since the previous checkpoint are written.
func (s *Store) Checkpoint(ctx context.Context) (casework.Checkpoint, error) {
	keyID, key, err := s.signingPlatformKey(ctx)
	if err != nil {
		return casework.Checkpoint{}, err
	}
	cur, err := s.r.QueryContext(ctx, `SELECT id, event_seq, event_hash FROM cases ORDER BY id`+s.d.byteOrder)
	if err != nil {
		return casework.Checkpoint{}, s.mapErr(err)
	}
	var heads []casework.Head
	var leaves [][32]byte
	events := 0
	for cur.Next() {
		var h casework.Head
		if err := cur.Scan(&h.CaseID, &h.Seq, &h.Hash); err != nil {
			cur.Close()
			return casework.Checkpoint{}, s.mapErr(err)
		}
		heads = append(heads, h)
		leaves = append(leaves, casework.Leaf(h))
		events += h.Seq
	}
	cur.Close()
	if err := cur.Err(); err != nil {
		return casework.Checkpoint{}, s.mapErr(err)
	}
	old := map[string]casework.Head{}
	orows, err := s.r.QueryContext(ctx, `SELECT case_id, event_seq, hash FROM checkpoint_heads`)
	if err != nil {
		return casework.Checkpoint{}, s.mapErr(err)
	}
	for orows.Next() {
		var h casework.Head
		if err := orows.Scan(&h.CaseID, &h.Seq, &h.Hash); err != nil {
			orows.Close()
			return casework.Checkpoint{}, s.mapErr(err)
		}
		old[h.CaseID] = h
	}
	orows.Close()
	var changed [][]any
	var cp casework.Checkpoint
	prev := casework.Checkpoint{}
	if cps, err := s.checkpoints(ctx); err != nil {
		return cp, err
	} else if len(cps) > 0 {
		prev = cps[len(cps)-1]
	}
	cp = casework.Checkpoint{Seq: prev.Seq + 1, At: s.Now().UTC().Truncate(time.Microsecond), Cases: len(heads), Events: events,
		Root: casework.MerkleRoot(leaves), PrevHash: prev.Hash, KeyID: keyID}
	for _, h := range heads {
		if o, ok := old[h.CaseID]; !ok || o != h {
			changed = append(changed, []any{h.CaseID, h.Seq, h.Hash, cp.Seq})
		}
	}
	cp.Hash = cp.PayloadHash()
	if cp.Signature, err = key.Sign(cp.Payload()); err != nil {
		return cp, err
	}
	err = s.Tx(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO checkpoints (seq, at, cases, events, root, prev_hash, hash, key_id, signature)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`, cp.Seq, TS(cp.At), cp.Cases, cp.Events, cp.Root, cp.PrevHash, cp.Hash, cp.KeyID,
			base64.StdEncoding.EncodeToString(cp.Signature)); err != nil {
			return err
		}
		return batchInsertTail(ctx, tx, `INSERT INTO checkpoint_heads (case_id, event_seq, hash, checkpoint_seq)`, 4, changed,
			`ON CONFLICT (case_id) DO UPDATE SET event_seq = excluded.event_seq, hash = excluded.hash, checkpoint_seq = excluded.checkpoint_seq`)
	})
	if err != nil {
		return cp, err
	}
	s.log.Info("checkpoint", "seq", cp.Seq, "cases", cp.Cases, "events", cp.Events, "root", cp.Root)
	return cp, nil
}

// LastCheckpoint is the newest signed checkpoint, if any: its root is worth
// writing down outside the database (a report, a notary), which makes even
// the newest checkpoint's removal visible.
func (s *Store) LastCheckpoint(ctx context.Context) (casework.Checkpoint, bool, error) {
	cps, err := s.checkpoints(ctx)
	if err != nil || len(cps) == 0 {
		return casework.Checkpoint{}, false, err
	}
	return cps[len(cps)-1], true, nil
}
