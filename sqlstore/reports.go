package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"

	"onetrip"
	"onetrip/idcode"
	"onetrip/policy"
	"onetrip/supervision"
	"onetrip/workday"
)

// Reporting rounds, the regions' progress reports and the circular.

func init() {
	onetrip.Register(onetrip.Messages{
		"store.round.not_found":   {"报告轮次 %s 不存在", "reporting round %s does not exist"},
		"store.report.version":    {"报告已被他人保存（您看到的是第 %d 版，当前为第 %d 版），请刷新", "the report was saved meanwhile (you saw version %d, it is %d); reload"},
		"store.report.concurrent": {"报告刚刚已由他人创建，请刷新", "the report was created a moment ago; reload"},
	})
}

// CreateRound sets a reporting round for p's region's children.
func (s *Store) CreateRound(ctx context.Context, p *onetrip.Principal, n supervision.NewRound) (supervision.Round, error) {
	if err := policy.SetRounds(p); err != nil {
		return supervision.Round{}, err
	}
	cal, err := s.Calendar(ctx)
	if err != nil {
		return supervision.Round{}, err
	}
	now := s.Now()
	per, err := supervision.CheckRound(n, cal, workday.DateOf(now))
	if err != nil {
		return supervision.Round{}, err
	}
	r := supervision.Round{ID: NewID(), Name: n.Name, Region: p.Region, Period: per, Due: n.Due, CreatedBy: p.Username, CreatedAt: now}
	err = s.Tx(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO report_rounds (id, name, region, period_from, period_to, due, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			r.ID, r.Name, r.Region, per.From.String(), per.To.String(), r.Due, r.CreatedBy, TS(now))
		return err
	})
	return r, err
}

const roundCols = `id, name, region, period_from, period_to, due, created_by, created_at`

func scanRound(sc interface{ Scan(...any) error }) (supervision.Round, error) {
	var r supervision.Round
	var from, to, at string
	if err := sc.Scan(&r.ID, &r.Name, &r.Region, &from, &to, &r.Due, &r.CreatedBy, &at); err != nil {
		return r, err
	}
	r.Period.From, r.Period.To, r.CreatedAt = workday.MustParse(from), workday.MustParse(to), mustTS(at)
	return r, nil
}

// Rounds lists the rounds p follows or reports in, newest due first: those
// set by p's region or above it (a city reports in its province's), and
// those set below it.
func (s *Store) Rounds(ctx context.Context, p *onetrip.Principal) ([]supervision.Round, error) {
	if !p.Is(onetrip.RoleSupervisor, onetrip.RoleAdmin) || policy.DepartmentAdmin(p) || p.Region == "" {
		return nil, onetrip.Forbidden("policy.forbidden")
	}
	anc := idcode.RegionAncestors(p.Region)
	args := []any{idcode.RegionPrefix(p.Region) + "%"}
	in := ""
	for i, a := range anc {
		if i > 0 {
			in += ","
		}
		args = append(args, a)
		in += "$" + strconv.Itoa(len(args))
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+roundCols+` FROM report_rounds WHERE region LIKE $1 OR region IN (`+in+`) ORDER BY due DESC, id`, args...)
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	out := []supervision.Round{}
	for rows.Next() {
		r, err := scanRound(rows)
		if err != nil {
			return nil, s.mapErr(err)
		}
		out = append(out, r)
	}
	return out, s.mapErr(rows.Err())
}

func (s *Store) round(ctx context.Context, id string) (supervision.Round, error) {
	r, err := scanRound(s.r.QueryRowContext(ctx, `SELECT `+roundCols+` FROM report_rounds WHERE id = $1`, id))
	if isNoRows(err) {
		return r, onetrip.NotFound("store.round.not_found", id)
	}
	return r, s.mapErr(err)
}

// RoundView is a round with every reporting region's standing.
type RoundView struct {
	Round   supervision.Round `json:"round"`
	Regions []RegionReport    `json:"regions"`
}

// RegionReport is one region's standing in a round.
type RegionReport struct {
	Code   string                   `json:"code"`
	Name   string                   `json:"name"`
	Status supervision.ReportStatus `json:"status"`
	Report *supervision.Report      `json:"report,omitempty"`
}

// Round reads a round with its regions' standing, for the region that set
// it (or above), or a reporting region's supervisor (who sees only their own).
func (s *Store) Round(ctx context.Context, p *onetrip.Principal, id string) (RoundView, error) {
	r, err := s.round(ctx, id)
	if err != nil {
		return RoundView{}, err
	}
	all := policy.ReadRound(p, r.Region)
	if !all && !policy.ReadReport(p, r.Region, p.Region) {
		return RoundView{}, onetrip.NotFound("store.round.not_found", id)
	}
	kids, err := s.Regions(ctx, r.Region)
	if err != nil {
		return RoundView{}, err
	}
	saved, err := s.reports(ctx, `WHERE round_id = $1`, id)
	if err != nil {
		return RoundView{}, err
	}
	today := workday.DateOf(s.Now())
	v := RoundView{Round: r}
	for _, k := range kids {
		if !all && k.Code != p.Region {
			continue
		}
		rr := RegionReport{Code: k.Code, Name: k.Name}
		if x, ok := saved[k.Code]; ok {
			x.RegionName = k.Name
			rr.Report = &x
		}
		rr.Status = supervision.StatusOf(r, rr.Report, today)
		v.Regions = append(v.Regions, rr)
	}
	return v, nil
}

func (s *Store) reports(ctx context.Context, where string, args ...any) (map[string]supervision.Report, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, round_id, region, state, narrative, figures, saved_at, submitted_at, submitted_by, version FROM reports `+where, args...)
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	out := map[string]supervision.Report{}
	for rows.Next() {
		var x supervision.Report
		var figures, saved string
		var sub sql.NullString
		if err := rows.Scan(&x.ID, &x.Round, &x.Region, &x.State, &x.Narrative, &figures, &saved, &sub, &x.SubmittedBy, &x.Version); err != nil {
			return nil, s.mapErr(err)
		}
		var f reportFigures
		json.Unmarshal([]byte(figures), &f)
		x.Measures, x.Children, x.SavedAt, x.SubmittedAt = f.Measures, f.Children, mustTS(saved), optTS(sub)
		out[x.Region] = x
	}
	return out, s.mapErr(rows.Err())
}

type reportFigures struct {
	Measures supervision.Measures `json:"measures"`
	Children []supervision.Figure `json:"children"`
}

// Report reads region's report for a round: as saved, or — none saved
// yet, or a draft — pre-filled with the region's and its children's
// measures for the round's period as they are now.
func (s *Store) Report(ctx context.Context, p *onetrip.Principal, roundID, region string) (supervision.Report, error) {
	r, err := s.round(ctx, roundID)
	if err != nil {
		return supervision.Report{}, err
	}
	if !policy.ReadReport(p, r.Region, region) {
		return supervision.Report{}, onetrip.NotFound("policy.report.not_found", region)
	}
	return s.report(ctx, r, region)
}

func (s *Store) report(ctx context.Context, r supervision.Round, region string) (supervision.Report, error) {
	saved, err := s.reports(ctx, `WHERE round_id = $1 AND region = $2`, r.ID, region)
	if err != nil {
		return supervision.Report{}, err
	}
	x, ok := saved[region]
	if !ok {
		x = supervision.Report{Round: r.ID, Region: region, State: supervision.ReportDraft}
	}
	reg, err := s.Region(ctx, region)
	if err != nil {
		return x, err
	}
	x.RegionName = reg.Name
	if x.State == supervision.ReportSubmitted {
		return x, nil // the figures as sent
	}
	o, err := s.Overview(ctx, StatsQuery{Region: region, Period: r.Period})
	if err != nil {
		return x, err
	}
	x.Measures, x.Children = o.Measures, nil
	for _, c := range o.Children {
		x.Children = append(x.Children, supervision.Figure{Code: c.Code, Name: c.Name, Measures: c.Measures})
	}
	return x, nil
}

// ReportEdit saves or submits a report, held to the version the writer saw
// (0 for a report not saved yet).
type ReportEdit struct {
	Narrative string `json:"narrative"`
	Submit    bool   `json:"submit"`
	Version   int    `json:"version"`
}

// SaveReport saves region's report with its figures as they are now, or
// submits it (final).
func (s *Store) SaveReport(ctx context.Context, p *onetrip.Principal, roundID, region string, e ReportEdit) (supervision.Report, error) {
	r, err := s.round(ctx, roundID)
	if err != nil {
		return supervision.Report{}, err
	}
	if err := policy.WriteReport(p, r.Region, region); err != nil {
		return supervision.Report{}, err
	}
	x, err := s.report(ctx, r, region)
	if err != nil {
		return x, err
	}
	if e.Version != x.Version {
		return x, onetrip.Conflict("store.report.version", e.Version, x.Version)
	}
	y, err := x.Submit(e.Narrative, e.Submit, p.Username, s.Now())
	if err != nil {
		return x, err
	}
	figures := jsonText(reportFigures{Measures: y.Measures, Children: y.Children})
	err = s.Tx(ctx, func(tx *Tx) error {
		if x.ID == "" {
			y.ID = NewID()
			_, err := tx.ExecContext(ctx, `INSERT INTO reports (id, round_id, region, state, narrative, figures, saved_at, submitted_at, submitted_by, version)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, y.ID, r.ID, region, string(y.State), y.Narrative, figures, TS(y.SavedAt), optTSArg(y.SubmittedAt), y.SubmittedBy, y.Version)
			if s.d.isUnique(err) {
				return onetrip.Conflict("store.report.concurrent")
			}
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE reports SET state = $1, narrative = $2, figures = $3, saved_at = $4, submitted_at = $5, submitted_by = $6, version = $7
			WHERE id = $8 AND version = $9 AND state = 'draft'`, string(y.State), y.Narrative, figures, TS(y.SavedAt), optTSArg(y.SubmittedAt), y.SubmittedBy, y.Version, x.ID, x.Version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return onetrip.Conflict("store.report.version", x.Version, x.Version+1)
		}
		return nil
	})
	return y, err
}

// Circular makes a round's 通报 for the region that set it: its children
// ranked on the period's measures as the projection holds them now (the
// province's own figures, not the ones reported), with who reported late.
func (s *Store) Circular(ctx context.Context, p *onetrip.Principal, roundID string) (supervision.Circular, error) {
	v, err := s.Round(ctx, p, roundID)
	if err != nil {
		return supervision.Circular{}, err
	}
	r := v.Round
	if !policy.ReadRound(p, r.Region) { // a reporting region sees its own standing, not the circular
		return supervision.Circular{}, onetrip.NotFound("store.round.not_found", roundID)
	}
	o, err := s.Overview(ctx, StatsQuery{Region: r.Region, Period: r.Period})
	if err != nil {
		return supervision.Circular{}, err
	}
	status := map[string]supervision.ReportStatus{}
	for _, x := range v.Regions {
		status[x.Code] = x.Status
	}
	var figures []supervision.Figure
	for _, c := range o.Children {
		figures = append(figures, supervision.Figure{Code: c.Code, Name: c.Name, Measures: c.Measures})
	}
	return supervision.MakeCircular(r, o.Measures, figures, status, s.Now()), nil
}
