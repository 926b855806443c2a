package sqlstore

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"strings"
	"time"

	"onetrip"
	"onetrip/casework"
	"onetrip/progress"
)

// The public progress lookup (issue 13): the platform's secret for query
// codes, the guessing limits and the log of attempts. The rules are
// progress's; this file keeps the counters and the log.

// progressSecretMeta is the meta key of the platform's query-code secret.
const progressSecretMeta = "progress_secret"

// Outcomes of a progress lookup, as the attempts log records them. The
// asker is told the same for a wrong code and an unknown number.
const (
	LookupShown   = "shown"
	LookupWrong   = "wrong_code"
	LookupUnknown = "unknown_number"
	LookupLimited = "limited"
)

// ProgressKey is the platform's secret for query codes: 32 random bytes
// made once, by whichever node needs them first (a claim on meta, so nodes
// starting together agree), and read by every node after. Kept in the
// database, not in a node's files, so that every node and a restored
// backup print and accept the same codes.
func (s *Store) ProgressKey(ctx context.Context) ([]byte, error) {
	v, err := s.Meta(ctx, progressSecretMeta)
	if err != nil {
		return nil, err
	}
	if v == "" {
		b := make([]byte, progress.KeySize)
		rand.Read(b)
		if _, err := s.ClaimMeta(ctx, progressSecretMeta, hex.EncodeToString(b)); err != nil {
			return nil, err
		}
		if v, err = s.Meta(ctx, progressSecretMeta); err != nil {
			return nil, err
		}
	}
	key, err := hex.DecodeString(v)
	if err != nil || len(key) != progress.KeySize {
		return nil, onetrip.Internal(errors.New("meta progress_secret is not 32 bytes in hex"))
	}
	return key, nil
}

// QueryCode is a case's query code (查询码), for its receipt, its SMS and
// its applicant's page.
func (s *Store) QueryCode(ctx context.Context, caseNumber string) (string, error) {
	key, err := s.ProgressKey(ctx)
	if err != nil {
		return "", err
	}
	return progress.QueryCode(key, caseNumber), nil
}

// Progress answers a public lookup from a source (the client's address):
// the case's public view when the number and code match. A wrong code and
// a number no case has are the same not-found and count against the
// number and the source alike (progress.DefaultLimits); over a limit the
// answer is a *progress.LimitError (429) whatever the code. Malformed
// input is invalid and neither counted nor logged: it cannot be a guess.
// Every other lookup is logged with its outcome, in the transaction that
// counts it. The counters' rows are locked for the lookup, case number
// first, so concurrent guesses are counted one after another.
func (s *Store) Progress(ctx context.Context, number, code, source string, lang onetrip.Lang) (progress.View, error) {
	number, code, err := progress.ParseQuery(number, code)
	if err != nil {
		return progress.View{}, err
	}
	key, err := s.ProgressKey(ctx)
	if err != nil {
		return progress.View{}, err
	}
	source = cmp.Or(strings.TrimSpace(source), "unknown")
	if onetrip.TooLong(source, onetrip.MaxShort) {
		source = source[:onetrip.MaxShort]
	}
	lim := progress.DefaultLimits
	now := s.Now()
	var id, outcome string
	var refused error
	err = s.Tx(ctx, func(tx *Tx) error {
		id, outcome, refused = "", "", nil
		subjects := []string{"case:" + number, "source:" + source}
		var f [2]progress.Failures
		for i, sub := range subjects {
			var err error
			if f[i], err = lockFailures(ctx, tx, sub, now); err != nil {
				return err
			}
		}
		wrong := false
		if refused = lim.Admit(f[0], f[1], now); refused != nil {
			outcome = LookupLimited
		} else {
			err := tx.QueryRowContext(ctx, `SELECT id FROM cases WHERE number = $1`, number).Scan(&id)
			if err != nil && !isNoRows(err) {
				return err
			}
			right := progress.Check(key, number, code) // computed for unknown numbers too: the same work
			switch {
			case id == "":
				outcome, wrong = LookupUnknown, true
			case !right:
				outcome, wrong = LookupWrong, true
			default:
				outcome = LookupShown
			}
		}
		for i, sub := range subjects {
			if err := saveFailures(ctx, tx, sub, lim.Record(f[i], wrong, now)); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO progress_lookups (id, case_number, source, at, outcome) VALUES ($1, $2, $3, $4, $5)`,
			NewID(), number, source, TS(now), outcome)
		return err
	})
	if err != nil {
		return progress.View{}, err
	}
	switch outcome {
	case LookupLimited:
		s.log.Warn("progress lookup refused", "number", number, "source", source)
		return progress.View{}, refused
	case LookupWrong, LookupUnknown:
		s.log.Info("progress lookup failed", "number", number, "source", source, "outcome", outcome)
		return progress.View{}, onetrip.NotFound("progress.not_found")
	}
	c, err := s.CaseByID(ctx, id)
	if err != nil {
		return progress.View{}, err
	}
	return progress.Public(&c, s.progressNames(ctx, &c), lang), nil
}

// lockFailures reads a subject's counter and locks its row for the rest of
// the transaction (PostgreSQL: an upsert locks the row, a new one too;
// SQLite has one writer). A subject without failures gets a row with
// count 0 for the lock, which saveFailures removes again.
func lockFailures(ctx context.Context, tx *Tx, subject string, now time.Time) (progress.Failures, error) {
	var f progress.Failures
	var since string
	err := tx.QueryRowContext(ctx, `INSERT INTO progress_failures (subject, count, since) VALUES ($1, 0, $2)
		ON CONFLICT (subject) DO UPDATE SET count = progress_failures.count RETURNING count, since`, subject, TS(now)).Scan(&f.Count, &since)
	if err != nil {
		return f, err
	}
	if f.Count > 0 {
		f.Since = mustTS(since)
	}
	return f, nil
}

// saveFailures writes a subject's counter; a count of 0 deletes its row,
// so the table holds only subjects with failures.
func saveFailures(ctx context.Context, tx *Tx, subject string, f progress.Failures) error {
	if f.Count == 0 {
		_, err := tx.ExecContext(ctx, `DELETE FROM progress_failures WHERE subject = $1`, subject)
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE progress_failures SET count = $2, since = $3 WHERE subject = $1`, subject, f.Count, TS(f.Since))
	return err
}

// progressNames are the department and step names of a case's public
// view; a name that cannot be read shows as its code.
func (s *Store) progressNames(ctx context.Context, c *casework.Case) progress.Names {
	n := progress.Names{Departments: map[string]string{}, Steps: map[string]string{}}
	for _, t := range c.Tasks {
		if _, ok := n.Departments[t.Department]; !ok && t.Department != "" {
			if d, err := s.Department(ctx, t.Department); err == nil {
				n.Departments[t.Department] = d.Name
			}
		}
		if _, ok := n.Steps[t.Step]; !ok && t.Step != "" {
			var name string
			if err := s.r.QueryRowContext(ctx, `SELECT name FROM items WHERE code = $1`, t.Step).Scan(&name); err == nil {
				n.Steps[t.Step] = name
			}
		}
	}
	return n
}

// ProgressLookup is one entry of the attempts log.
type ProgressLookup struct {
	CaseNumber string    `json:"case_number"`
	Source     string    `json:"source"`
	At         time.Time `json:"at"`
	Outcome    string    `json:"outcome"`
}

// ProgressLookups lists the logged lookups of a case number, newest first
// (at most limit).
func (s *Store) ProgressLookups(ctx context.Context, number string, limit int) ([]ProgressLookup, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT case_number, source, at, outcome FROM progress_lookups
		WHERE case_number = $1 ORDER BY at DESC, id DESC LIMIT $2`, number, limit)
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	out := []ProgressLookup{}
	for rows.Next() {
		var l ProgressLookup
		var at string
		if err := rows.Scan(&l.CaseNumber, &l.Source, &at, &l.Outcome); err != nil {
			return nil, s.mapErr(err)
		}
		l.At = mustTS(at)
		out = append(out, l)
	}
	return out, s.mapErr(rows.Err())
}
