package sqlstore

import (
	"context"
	"database/sql"
	"strconv"

	"onetrip"
	"onetrip/casework"
	"onetrip/policy"
	"onetrip/supervision"
	"onetrip/workday"
)

// Ratings (好差评) and the rectifications bad ones open (整改).

func init() {
	onetrip.Register(onetrip.Messages{
		"store.rating.concurrent": {"该办件刚刚已被评价，请刷新后查看", "the case was rated a moment ago; reload to see it"},
	})
}

const ratingCols = `id, case_id, case_number, region, department, center, subject, target, level, comment, channel, follow_up, rated_by, at`

func scanRating(sc interface{ Scan(...any) error }) (supervision.Rating, error) {
	var r supervision.Rating
	var at string
	err := sc.Scan(&r.ID, &r.CaseID, &r.CaseNumber, &r.Region, &r.Department, &r.Center, &r.Subject, &r.Target, &r.Level, &r.Comment, &r.Channel, &r.FollowUp, &r.By, &at)
	r.At = mustTS(at)
	return r, err
}

// CaseRatings lists a case's ratings, oldest first.
func (s *Store) CaseRatings(ctx context.Context, caseID string) ([]supervision.Rating, error) {
	return s.ratings(ctx, s.r, `WHERE case_id = $1 ORDER BY target, seq`, caseID)
}

func (s *Store) ratings(ctx context.Context, q rowQueryer, where string, args ...any) ([]supervision.Rating, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+ratingCols+` FROM ratings `+where, args...)
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	out := []supervision.Rating{}
	for rows.Next() {
		r, err := scanRating(rows)
		if err != nil {
			return nil, s.mapErr(err)
		}
		out = append(out, r)
	}
	return out, s.mapErr(rows.Err())
}

// RectLimits are the rectification limits this deployment uses.
func (s *Store) RectLimits() supervision.Limits {
	if l := s.rectLimits.Load(); l != nil {
		return *l
	}
	return supervision.DefaultLimits
}

// SetRectLimits configures the rectification limits (working days).
func (s *Store) SetRectLimits(l supervision.Limits) { s.rectLimits.Store(&l) }

// RateCase records p's rating of a case: the policy says who may rate
// through which channel, supervision.CheckRating whether this rating may be
// given now; a bad rating opens its rectification in the same transaction.
// Nothing is written when either refuses.
func (s *Store) RateCase(ctx context.Context, p *onetrip.Principal, caseID string, n supervision.NewRating) (supervision.Rating, *supervision.Rectification, error) {
	c, err := s.CaseByID(ctx, caseID)
	if err != nil {
		return supervision.Rating{}, nil, err
	}
	ch, err := policy.RateCase(p, &c, n.Channel)
	if err != nil {
		return supervision.Rating{}, nil, err
	}
	n.Channel = ch
	cal, err := s.Calendar(ctx)
	if err != nil {
		return supervision.Rating{}, nil, err
	}
	var out supervision.Rating
	var rect *supervision.Rectification
	err = s.Tx(ctx, func(tx *Tx) error {
		prior, err := s.ratings(ctx, tx, `WHERE case_id = $1 AND target = $2 ORDER BY seq`, c.ID, string(n.Target))
		if err != nil {
			return err
		}
		var last *supervision.Rectification
		if len(prior) > 0 {
			xs, err := s.rectifications(ctx, tx, `WHERE rating_id = $1`, prior[len(prior)-1].ID)
			if err != nil {
				return err
			}
			if len(xs) > 0 {
				last = &xs[0]
			}
		}
		followUp, err := supervision.CheckRating(c.Status, n, prior, last)
		if err != nil {
			return err
		}
		out = supervision.Rating{ID: NewID(), CaseID: c.ID, CaseNumber: c.Number, Region: c.Region, Department: responsible(&c), Center: c.Center,
			Subject: caseSubject(&c), Target: n.Target, Level: n.Level, Comment: n.Comment, Channel: n.Channel, FollowUp: followUp, At: s.Now(), By: p.UserID}
		if _, err := tx.ExecContext(ctx, `INSERT INTO ratings (`+ratingCols+`, seq, stat_done) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, FALSE)`,
			out.ID, out.CaseID, out.CaseNumber, out.Region, out.Department, out.Center, out.Subject, string(out.Target), string(out.Level), out.Comment,
			string(out.Channel), out.FollowUp, p.Username, TS(out.At), len(prior)+1); err != nil {
			if s.d.isUnique(err) {
				return onetrip.Conflict("store.rating.concurrent")
			}
			return err
		}
		if x, ok := supervision.OpenRectification(out, cal, s.RectLimits(), NewID()); ok {
			if err := s.insertRectification(ctx, tx, &x); err != nil {
				return err
			}
			rect = &x
		}
		return nil
	})
	if rect != nil {
		rect.Status = supervision.RectStatusAt(*rect, workday.DateOf(s.Now()))
	}
	return out, rect, err
}

// responsible is the department that answers for a case: its lead, or the
// one department of a single-item case.
func responsible(c *casework.Case) string {
	if c.LeadDepartment != "" {
		return c.LeadDepartment
	}
	if len(c.Tasks) > 0 {
		return c.Tasks[0].Department
	}
	return ""
}

// caseSubject is what a case applied for: its item or bundle.
func caseSubject(c *casework.Case) string {
	if c.Item != "" {
		return c.Item
	}
	return c.Bundle
}

const rectCols = `id, rating_id, case_id, case_number, region, department, center, target, level, comment, state, contact_due, answer_due,
	contacted_at, contact_note, answered_at, answer, created_at, version`

func (s *Store) insertRectification(ctx context.Context, tx *Tx, x *supervision.Rectification) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO rectifications (`+rectCols+`, contacted_by, answered_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, NULL, '', NULL, '', $14, $15, '', '')`,
		x.ID, x.RatingID, x.CaseID, x.CaseNumber, x.Region, x.Department, x.Center, string(x.Target), string(x.Level), x.Comment,
		string(x.State), x.ContactDue, x.AnswerDue, TS(x.CreatedAt), x.Version)
	return err
}

func (s *Store) rectifications(ctx context.Context, q rowQueryer, where string, args ...any) ([]supervision.Rectification, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+rectCols+` FROM rectifications `+where, args...)
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	today := workday.DateOf(s.Now())
	out := []supervision.Rectification{}
	for rows.Next() {
		var x supervision.Rectification
		var contacted, answered sql.NullString
		var created string
		if err := rows.Scan(&x.ID, &x.RatingID, &x.CaseID, &x.CaseNumber, &x.Region, &x.Department, &x.Center, &x.Target, &x.Level, &x.Comment,
			&x.State, &x.ContactDue, &x.AnswerDue, &contacted, &x.ContactNote, &answered, &x.Answer, &created, &x.Version); err != nil {
			return nil, s.mapErr(err)
		}
		x.ContactedAt, x.AnsweredAt, x.CreatedAt = optTS(contacted), optTS(answered), mustTS(created)
		x.Status = supervision.RectStatusAt(x, today)
		out = append(out, x)
	}
	return out, s.mapErr(rows.Err())
}

// RectQuery filters rectifications.
type RectQuery struct {
	Department   string // a department's own
	RegionPrefix string // or a region's and below
	Center       string // or a centre's window ratings (a clerk's)
	State        supervision.RectState
	Overdue      bool // only running ones past a limit today
	Limit        int
}

// Rectifications lists rectifications in a scope, the soonest due first.
func (s *Store) Rectifications(ctx context.Context, q RectQuery) ([]supervision.Rectification, error) {
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	where := "WHERE 1=1"
	switch {
	case q.Department != "":
		where += " AND department = " + arg(q.Department)
	case q.Center != "":
		where += " AND center = " + arg(q.Center) + " AND department = ''"
	case q.RegionPrefix != "":
		where += " AND region LIKE " + arg(q.RegionPrefix+"%")
	default:
		return nil, onetrip.Forbidden("policy.forbidden")
	}
	if q.State != "" {
		where += " AND state = " + arg(string(q.State))
	}
	if q.Overdue {
		today := workday.DateOf(s.Now()).String()
		where += " AND state <> 'answered' AND (answer_due < " + arg(today) + " OR (state = 'open' AND contact_due < " + arg(today) + "))"
	}
	limit := q.Limit
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	return s.rectifications(ctx, s.r, where+` ORDER BY state = 'answered', answer_due, id LIMIT `+strconv.Itoa(limit), args...)
}

// Rectification reads one rectification p may see.
func (s *Store) Rectification(ctx context.Context, p *onetrip.Principal, id string) (supervision.Rectification, error) {
	xs, err := s.rectifications(ctx, s.r, `WHERE id = $1`, id)
	if err != nil {
		return supervision.Rectification{}, err
	}
	if len(xs) == 0 || !(policy.SeesRectification(p, &xs[0]) || policy.Rectify(p, &xs[0]) == nil) {
		return supervision.Rectification{}, onetrip.NotFound("policy.rect.not_found", id)
	}
	return xs[0], nil
}

// RectStep is a step of a rectification: contact the rater, or answer.
type RectStep struct {
	Action  string `json:"action"` // contact, answer
	Text    string `json:"text"`
	Version int    `json:"version"` // the version the caller saw
}

// StepRectification records a rectification's contact or answer by p, held
// to the version p saw.
func (s *Store) StepRectification(ctx context.Context, p *onetrip.Principal, id string, st RectStep) (supervision.Rectification, error) {
	x, err := s.Rectification(ctx, p, id)
	if err != nil {
		return x, err
	}
	if err := policy.Rectify(p, &x); err != nil {
		return x, err
	}
	now := s.Now()
	var y supervision.Rectification
	switch st.Action {
	case "contact":
		y, err = x.Contact(st.Text, now)
	case "answer":
		y, err = x.Respond(st.Text, now)
	default:
		return x, onetrip.Invalid("store.rect.action", st.Action)
	}
	if err != nil {
		return x, err
	}
	if st.Version != x.Version {
		return x, onetrip.Conflict("store.rect.version", st.Version, x.Version)
	}
	err = s.Tx(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE rectifications SET state = $1, contacted_at = $2, contact_note = $3, answered_at = $4, answer = $5, version = $6,
			contacted_by = CASE WHEN contacted_at IS NULL THEN $7 ELSE contacted_by END, answered_by = CASE WHEN $8 THEN $7 ELSE answered_by END
			WHERE id = $9 AND version = $10`,
			string(y.State), optTSArg(y.ContactedAt), y.ContactNote, optTSArg(y.AnsweredAt), y.Answer, y.Version, p.Username, st.Action == "answer", id, x.Version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return onetrip.Conflict("store.rect.version", x.Version, x.Version+1)
		}
		return nil
	})
	y.Status = supervision.RectStatusAt(y, workday.DateOf(now))
	return y, err
}

func init() {
	onetrip.Register(onetrip.Messages{
		"store.rect.action":  {"未知的整改操作“%s”（contact 或 answer）", "unknown rectification step %q (contact or answer)"},
		"store.rect.version": {"整改单已被他人更新（您看到的是第 %d 版，当前为第 %d 版），请刷新", "the rectification changed meanwhile (you saw version %d, it is %d); reload"},
	})
}

// RatingQuery filters ratings: a department's (as responsible) or a
// region's and below, over a period, optionally one level.
type RatingQuery struct {
	Department   string
	RegionPrefix string
	Period       supervision.Period
	Level        supervision.Level
	Before       string // keyset: the previous page's last rating's at_id
	Limit        int
}

// RatingList lists ratings in a scope, newest first.
func (s *Store) RatingList(ctx context.Context, q RatingQuery) ([]supervision.Rating, error) {
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	scope, err := scopeWhere(arg, q.Department, q.RegionPrefix)
	if err != nil {
		return nil, err
	}
	where := "WHERE " + scope + " AND at >= " + arg(TS(q.Period.From.Time())) + " AND at < " + arg(TS(q.Period.To.AddDays(1).Time()))
	if q.Level != "" {
		where += " AND level = " + arg(string(q.Level))
	}
	where += beforeClause(arg, q.Before)
	limit := q.Limit
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	return s.ratings(ctx, s.r, where+" ORDER BY at DESC, id DESC LIMIT "+strconv.Itoa(limit), args...)
}

// RatingRectification is the rectification a rating opened (nil for a
// good rating). The caller has read the rating through a case it may see:
// the rater reads the answer given to them.
func (s *Store) RatingRectification(ctx context.Context, ratingID string) (*supervision.Rectification, error) {
	xs, err := s.rectifications(ctx, s.r, `WHERE rating_id = $1`, ratingID)
	if err != nil || len(xs) == 0 {
		return nil, err
	}
	return &xs[0], nil
}
