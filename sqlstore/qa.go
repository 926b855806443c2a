package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"onetrip"
	"onetrip/qa"
	"onetrip/workday"
)

// The knowledge base's generation counts changes of entries and synonyms;
// with the catalogue's and today's date it is qa.Source's generation, read
// from the database so that every node rebuilds its index after a change
// made on any node.
const qaGenKey = "qa.gen"

func bumpQAGen(ctx context.Context, tx *Tx) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES ($1, '1')
		ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(meta.value AS INTEGER) + 1 AS TEXT)`, qaGenKey)
	return err
}

// QA is the store as the question-answering engine's source.
func (s *Store) QA() qa.Source { return qaSource{s} }

type qaSource struct{ s *Store }

func (q qaSource) QAGeneration(ctx context.Context) (string, error) {
	rows, err := q.s.r.QueryContext(ctx, `SELECT key, value FROM meta WHERE key IN ($1, $2) ORDER BY key`, catalogGenKey, qaGenKey)
	if err != nil {
		return "", q.s.mapErr(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return "", q.s.mapErr(err)
		}
		b.WriteString(k + "=" + v + ";")
	}
	if err := rows.Err(); err != nil {
		return "", q.s.mapErr(err)
	}
	b.WriteString(workday.DateOf(q.s.Now()).String())
	return b.String(), nil
}

func (q qaSource) QACorpus(ctx context.Context) (*qa.Corpus, error) {
	c, err := q.s.Catalog(ctx)
	if err != nil {
		return nil, err
	}
	entries, err := q.s.KnowledgeEntries(ctx, KnowledgeQuery{State: qa.StatePublished, Limit: 1 << 20})
	if err != nil {
		return nil, err
	}
	today := workday.DateOf(q.s.Now()).String()
	live := qa.GuideEntries(c.Items)
	for _, e := range entries {
		if e.Live(today) {
			live = append(live, e)
		}
	}
	syn, err := q.s.Synonyms(ctx)
	if err != nil {
		return nil, err
	}
	return &qa.Corpus{Items: c.Items, Bundles: c.Bundles, Entries: live, Synonyms: syn}, nil
}

func (q qaSource) QAPlace(ctx context.Context, item, region string) (*qa.Place, error) {
	m, err := q.s.ImplementationFor(ctx, item, region)
	if onetrip.HasCode(err, onetrip.CodeNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &qa.Place{Department: m.DeptName, Address: m.Address, Hours: m.Hours, Phone: m.Phone}, nil
}

func (q qaSource) QARegionExists(ctx context.Context, code string) (bool, error) {
	_, err := q.s.Region(ctx, code)
	if onetrip.HasCode(err, onetrip.CodeNotFound) {
		return false, nil
	}
	return err == nil, err
}

func (q qaSource) QAUnanswered(ctx context.Context, question, region string) error {
	ts := TS(q.s.Now())
	return q.s.Tx(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO qa_unanswered (question, region, asked, first_at, last_at) VALUES ($1, $2, 1, $3, $3)
			ON CONFLICT (question, region) DO UPDATE SET asked = qa_unanswered.asked + 1, last_at = excluded.last_at`, question, region, ts)
		return err
	})
}

// Unanswered is one question nobody could answer, how often it was asked.
type Unanswered struct {
	Question string `json:"question"`
	Region   string `json:"region"`
	Asked    int    `json:"asked"`
	LastAt   string `json:"last_at"`
}

// UnansweredQuestions lists the most often asked questions that found no
// answer, most asked first.
func (s *Store) UnansweredQuestions(ctx context.Context, limit int) ([]Unanswered, error) {
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	rows, err := s.r.QueryContext(ctx, `SELECT question, region, asked, last_at FROM qa_unanswered ORDER BY asked DESC, last_at DESC LIMIT `+strconv.Itoa(limit))
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	out := []Unanswered{}
	for rows.Next() {
		var u Unanswered
		if err := rows.Scan(&u.Question, &u.Region, &u.Asked, &u.LastAt); err != nil {
			return nil, s.mapErr(err)
		}
		out = append(out, u)
	}
	return out, s.mapErr(rows.Err())
}

// Synonyms is the synonym table, by term.
func (s *Store) Synonyms(ctx context.Context) ([]qa.Synonym, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT term, targets FROM qa_synonyms ORDER BY term`)
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	out := []qa.Synonym{}
	for rows.Next() {
		var sy qa.Synonym
		var t string
		if err := rows.Scan(&sy.Term, &t); err != nil {
			return nil, s.mapErr(err)
		}
		if err := json.Unmarshal([]byte(t), &sy.Targets); err != nil {
			return nil, err
		}
		out = append(out, sy)
	}
	return out, s.mapErr(rows.Err())
}

// SeedSynonyms fills the synonym table once, the first time a node starts
// with a knowledge base: afterwards the table is the admins'.
func (s *Store) SeedSynonyms(ctx context.Context, table []qa.Synonym) error {
	const key = "qa.synonyms.seeded"
	return s.Tx(ctx, func(tx *Tx) error {
		var v string
		err := tx.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = $1`, key).Scan(&v)
		if err == nil {
			return nil
		}
		if !isNoRows(err) {
			return err
		}
		ts := TS(s.Now())
		for _, sy := range table {
			if err := qa.CheckSynonym(sy); err != nil {
				return err
			}
			b, _ := json.Marshal(sy.Targets)
			if _, err := tx.ExecContext(ctx, `INSERT INTO qa_synonyms (term, targets, updated_at, updated_by) VALUES ($1,$2,$3,'onetrip')
				ON CONFLICT (term) DO NOTHING`, sy.Term, string(b), ts); err != nil {
				return err
			}
		}
		// Two nodes starting on a new database at once both get here; the
		// second's rows and mark change nothing.
		if _, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`, key, ts); err != nil {
			return err
		}
		return bumpQAGen(ctx, tx)
	})
}

// SetSynonym adds or replaces a row of the synonym table.
func (s *Store) SetSynonym(ctx context.Context, sy qa.Synonym, actor string) error {
	sy.Term = strings.TrimSpace(sy.Term)
	if err := qa.CheckSynonym(sy); err != nil {
		return err
	}
	b, _ := json.Marshal(sy.Targets)
	return s.Tx(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO qa_synonyms (term, targets, updated_at, updated_by) VALUES ($1,$2,$3,$4)
			ON CONFLICT (term) DO UPDATE SET targets = excluded.targets, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
			sy.Term, string(b), TS(s.Now()), actor); err != nil {
			return err
		}
		return bumpQAGen(ctx, tx)
	})
}

// DeleteSynonym removes a row of the synonym table; not found when absent.
func (s *Store) DeleteSynonym(ctx context.Context, term string) error {
	return s.Tx(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM qa_synonyms WHERE term = $1`, term)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return onetrip.NotFound("qa.synonym.not_found", term)
		}
		return bumpQAGen(ctx, tx)
	})
}

// KnowledgeQuery filters the entry list; empty fields do not filter.
type KnowledgeQuery struct {
	State   qa.EntryState
	Service string // entries linked to this item or bundle
	Q       string // words of the question or answer
	Limit   int
}

const kbCols = `id, question, answer, services, region, source, state, author, reviewed_by, valid_from, valid_to, updated_at, revision`

func scanEntry(sc interface{ Scan(...any) error }) (qa.Entry, error) {
	var e qa.Entry
	var services, updated, state string
	if err := sc.Scan(&e.ID, &e.Question, &e.Answer, &services, &e.Region, &e.Source, &state, &e.Author, &e.ReviewedBy,
		&e.ValidFrom, &e.ValidTo, &updated, &e.Revision); err != nil {
		return e, err
	}
	e.State, e.UpdatedAt = qa.EntryState(state), mustTS(updated)
	return e, json.Unmarshal([]byte(services), &e.Services)
}

// KnowledgeEntries lists entries, newest change first, with their feedback.
func (s *Store) KnowledgeEntries(ctx context.Context, q KnowledgeQuery) ([]qa.Entry, error) {
	where := []string{"1=1"}
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	if q.State != "" {
		where = append(where, "state = "+arg(string(q.State)))
	}
	if q.Service != "" {
		where = append(where, "services LIKE "+arg(`%"`+escapeLike(q.Service)+`"%`)+` ESCAPE '\'`)
	}
	for _, w := range strings.Fields(q.Q) {
		p := arg("%" + escapeLike(w) + "%")
		where = append(where, "(question LIKE "+p+` ESCAPE '\' OR answer LIKE `+p+` ESCAPE '\')`)
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 200
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+kbCols+` FROM kb_entries WHERE `+strings.Join(where, " AND ")+
		` ORDER BY updated_at DESC, id LIMIT `+strconv.Itoa(limit), args...)
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	out := []qa.Entry{}
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return nil, s.mapErr(err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, s.mapErr(err)
	}
	return out, s.withFeedback(ctx, out)
}

func (s *Store) withFeedback(ctx context.Context, es []qa.Entry) error {
	if len(es) == 0 {
		return nil
	}
	fb, err := s.Feedback(ctx, qa.KindEntry)
	if err != nil {
		return err
	}
	for i := range es {
		c := fb[es[i].ID]
		es[i].Helpful, es[i].Unhelpful = c[0], c[1]
	}
	return nil
}

// KnowledgeEntry returns one entry with its feedback; its Revision is what
// an edit names (SaveKnowledgeEntry).
func (s *Store) KnowledgeEntry(ctx context.Context, id string) (qa.Entry, error) {
	e, err := scanEntry(s.r.QueryRowContext(ctx, `SELECT `+kbCols+` FROM kb_entries WHERE id = $1`, id))
	if isNoRows(err) {
		return e, onetrip.NotFound("qa.entry.not_found", id)
	}
	if err != nil {
		return e, s.mapErr(err)
	}
	es := []qa.Entry{e}
	err = s.withFeedback(ctx, es)
	return es[0], err
}

// knownServices says which codes are published items or bundles.
func (s *Store) knownServices(ctx context.Context) (func(string) bool, error) {
	codes, err := s.column(ctx, `SELECT code FROM items WHERE published_version IS NOT NULL
		UNION SELECT code FROM bundles WHERE published_version IS NOT NULL`)
	if err != nil {
		return nil, err
	}
	set := map[string]bool{}
	for _, c := range codes {
		set[c] = true
	}
	return func(c string) bool { return set[c] }, nil
}

// SaveKnowledgeEntry creates an entry (ID "") or changes one, as a draft:
// a changed entry is reviewed again before it answers anyone. revision is
// the revision the editor read (0 for a new entry); a save over someone
// else's newer one is a conflict. The entry is checked (qa.CheckEntry)
// against the published catalogue; a refused entry writes nothing.
func (s *Store) SaveKnowledgeEntry(ctx context.Context, e qa.Entry, revision int, actor string) (qa.Entry, error) {
	e.Question, e.Answer = strings.TrimSpace(e.Question), strings.TrimSpace(e.Answer)
	known, err := s.knownServices(ctx)
	if err != nil {
		return qa.Entry{}, err
	}
	if err := qa.CheckEntry(e, known); err != nil {
		return qa.Entry{}, err
	}
	services, _ := json.Marshal(e.Services)
	ts := TS(s.Now())
	e.State, e.ReviewedBy = qa.StateDraft, ""
	if e.Source == "" {
		e.Source = "admin"
	}
	err = s.Tx(ctx, func(tx *Tx) error {
		if e.ID == "" {
			e.ID, e.Author = "KB-"+NewID(), actor
			_, err := tx.ExecContext(ctx, `INSERT INTO kb_entries (`+kbCols+`, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,'',$9,$10,$11,1,$11)`,
				e.ID, e.Question, e.Answer, string(services), e.Region, e.Source, string(e.State), actor, e.ValidFrom, e.ValidTo, ts)
			if err != nil {
				return err
			}
			return bumpQAGen(ctx, tx)
		}
		var author string
		err := tx.QueryRowContext(ctx, `SELECT author FROM kb_entries WHERE id = $1`, e.ID).Scan(&author)
		if isNoRows(err) {
			return onetrip.NotFound("qa.entry.not_found", e.ID)
		}
		if err != nil {
			return err
		}
		e.Author = author
		res, err := tx.ExecContext(ctx, `UPDATE kb_entries SET question = $1, answer = $2, services = $3, region = $4, source = $5, state = $6,
			reviewed_by = '', valid_from = $7, valid_to = $8, updated_at = $9, revision = revision + 1 WHERE id = $10 AND revision = $11`,
			e.Question, e.Answer, string(services), e.Region, e.Source, string(e.State), e.ValidFrom, e.ValidTo, ts, e.ID, revision)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return onetrip.Conflict("qa.entry.stale")
		}
		return bumpQAGen(ctx, tx)
	})
	if err != nil {
		return qa.Entry{}, err
	}
	e.UpdatedAt = mustTS(ts)
	e.Revision = revision + 1
	return e, nil
}

// TransitionKnowledgeEntry moves an entry through review (qa.Transition):
// reviewing records the reviewer, who is not the author.
func (s *Store) TransitionKnowledgeEntry(ctx context.Context, id string, to qa.EntryState, actor string) (qa.Entry, error) {
	var out qa.Entry
	err := s.Tx(ctx, func(tx *Tx) error {
		e, err := scanEntry(tx.QueryRowContext(ctx, `SELECT `+kbCols+` FROM kb_entries WHERE id = $1`, id))
		if isNoRows(err) {
			return onetrip.NotFound("qa.entry.not_found", id)
		}
		if err != nil {
			return err
		}
		next, err := qa.Transition(e, to, actor)
		if err != nil {
			return err
		}
		reviewer := e.ReviewedBy
		switch next {
		case qa.StateReviewed:
			reviewer = actor
		case qa.StateDraft:
			reviewer = ""
		}
		ts := TS(s.Now())
		res, err := tx.ExecContext(ctx, `UPDATE kb_entries SET state = $1, reviewed_by = $2, updated_at = $3, revision = revision + 1
			WHERE id = $4 AND revision = $5`, string(next), reviewer, ts, id, e.Revision)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return onetrip.Conflict("qa.entry.stale")
		}
		e.State, e.ReviewedBy, e.UpdatedAt, e.Revision = next, reviewer, mustTS(ts), e.Revision+1
		out = e
		return bumpQAGen(ctx, tx)
	})
	return out, err
}

// ImportKnowledge stores entries an admin brings already reviewed (a
// department's FAQ file): each is checked as SaveKnowledgeEntry checks it
// and stored published, reviewed by the importer. Any problem rejects them
// all.
func (s *Store) ImportKnowledge(ctx context.Context, es []qa.Entry, actor string) error {
	known, err := s.knownServices(ctx)
	if err != nil {
		return err
	}
	var p onetrip.Problems
	for i, e := range es {
		if err := qa.CheckEntry(e, known); err != nil {
			var oe *onetrip.Error
			if errors.As(err, &oe) {
				for _, d := range oe.Details {
					p.Add("["+strconv.Itoa(i)+"]."+d.Path, d.Key, d.Args...)
				}
			}
		}
	}
	if err := p.Err("qa.import.invalid", len(p)); err != nil {
		return err
	}
	ts := TS(s.Now())
	return s.Tx(ctx, func(tx *Tx) error {
		rows := make([][]any, 0, len(es))
		for _, e := range es {
			services, _ := json.Marshal(e.Services)
			id := e.ID
			if id == "" {
				id = "KB-" + NewID()
			}
			rows = append(rows, []any{id, strings.TrimSpace(e.Question), strings.TrimSpace(e.Answer), string(services), e.Region,
				cmp.Or(e.Source, "import"), string(qa.StatePublished), actor, actor, e.ValidFrom, e.ValidTo, ts, 1, ts})
		}
		if err := batchInsert(ctx, tx, "INSERT INTO kb_entries ("+kbCols+", created_at)", 14, rows); err != nil {
			return err
		}
		return bumpQAGen(ctx, tx)
	})
}

// Feedback counts 有帮助 / 没帮助 per code of a kind: [helpful, unhelpful].
func (s *Store) Feedback(ctx context.Context, kind qa.Kind) (map[string][2]int, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT code, helpful, unhelpful FROM qa_feedback WHERE kind = $1`, string(kind))
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	out := map[string][2]int{}
	for rows.Next() {
		var c string
		var h, u int
		if err := rows.Scan(&c, &h, &u); err != nil {
			return nil, s.mapErr(err)
		}
		out[c] = [2]int{h, u}
	}
	return out, s.mapErr(rows.Err())
}

// RecordFeedback counts one 有帮助 or 没帮助 on an answer. The answer must
// exist: a published item or bundle, an entry, or a guide's FAQ entry
// (code#faqN); anything else is not found and counts nothing.
func (s *Store) RecordFeedback(ctx context.Context, kind qa.Kind, code string, helpful bool) error {
	var q string
	arg := code
	switch kind {
	case qa.KindItem:
		q = `SELECT 1 FROM items WHERE code = $1 AND published_version IS NOT NULL`
	case qa.KindBundle:
		q = `SELECT 1 FROM bundles WHERE code = $1 AND published_version IS NOT NULL`
	case qa.KindEntry:
		if item, n, ok := strings.Cut(code, "#faq"); ok {
			if i, err := strconv.Atoi(n); err != nil || i < 1 {
				return onetrip.NotFound("qa.entry.not_found", code)
			}
			q, arg = `SELECT 1 FROM items WHERE code = $1 AND published_version IS NOT NULL`, item
		} else {
			q = `SELECT 1 FROM kb_entries WHERE id = $1`
		}
	default:
		return onetrip.Invalid("qa.feedback.kind", string(kind))
	}
	var one int
	if err := s.r.QueryRowContext(ctx, q, arg).Scan(&one); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return onetrip.NotFound("qa.feedback.not_found", string(kind), code)
		}
		return s.mapErr(err)
	}
	h, u := 1, 0
	if !helpful {
		h, u = 0, 1
	}
	return s.Tx(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO qa_feedback (kind, code, helpful, unhelpful) VALUES ($1,$2,$3,$4)
			ON CONFLICT (kind, code) DO UPDATE SET helpful = qa_feedback.helpful + excluded.helpful, unhelpful = qa_feedback.unhelpful + excluded.unhelpful`,
			string(kind), code, h, u)
		return err
	})
}
