package sqlstore

import (
	"context"
	"database/sql"

	"onetrip"
	"onetrip/blob"
	"onetrip/policy"
)

func init() {
	onetrip.Register(onetrip.Messages{
		"store.blob.case_limit": {"本办件的附件合计超过 %d MB 的上限", "the files of this case exceed the limit of %d MB in total"},
	})
}

// RecordUpload notes that a user uploaded a blob: only they (and whoever can
// see a case it is attached to) may use or read it.
func (s *Store) RecordUpload(ctx context.Context, info blob.Info, username string) error {
	return s.Tx(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO blobs (id, created_by, size, content_type, created_at) VALUES ($1,$2,$3,$4,$5)
			ON CONFLICT (id, created_by) DO NOTHING`, info.ID, username, info.Size, info.ContentType, TS(s.Now()))
		return err
	})
}

// BlobAccess tells whether a principal may read a blob: they uploaded it,
// or it is attached to a case they can see. It returns the content type.
func (s *Store) BlobAccess(ctx context.Context, p *onetrip.Principal, id string) (string, bool, error) {
	var ct string
	err := s.r.QueryRowContext(ctx, `SELECT content_type FROM blobs WHERE id = $1 AND created_by = $2`, id, p.Username).Scan(&ct)
	if err == nil {
		return ct, true, nil
	}
	if err != sql.ErrNoRows {
		return "", false, s.mapErr(err)
	}
	rows, err := s.r.QueryContext(ctx, `SELECT DISTINCT case_id FROM case_files WHERE blob_id = $1`, id)
	if err != nil {
		return "", false, s.mapErr(err)
	}
	var cases []string
	for rows.Next() {
		var c string
		rows.Scan(&c)
		cases = append(cases, c)
	}
	rows.Close()
	for _, cid := range cases {
		c, err := s.CaseByID(ctx, cid)
		if err != nil {
			continue
		}
		if policy.CanReadCase(p, &c) {
			s.r.QueryRowContext(ctx, `SELECT content_type FROM blobs WHERE id = $1 LIMIT 1`, id).Scan(&ct)
			return ct, true, nil
		}
	}
	return "", false, nil
}

// caseBytes sums the sizes of files already on a case and of new ones.
func (s *Store) caseBytes(ctx context.Context, caseID string, newFiles []string) (int64, error) {
	seen := map[string]bool{}
	var total int64
	add := func(id string) error {
		if seen[id] {
			return nil
		}
		seen[id] = true
		var size sql.NullInt64
		if err := s.r.QueryRowContext(ctx, `SELECT MAX(size) FROM blobs WHERE id = $1`, id).Scan(&size); err != nil {
			return err
		}
		total += size.Int64
		return nil
	}
	if caseID != "" {
		rows, err := s.r.QueryContext(ctx, `SELECT DISTINCT blob_id FROM case_files WHERE case_id = $1`, caseID)
		if err != nil {
			return 0, s.mapErr(err)
		}
		var ids []string
		for rows.Next() {
			var id string
			rows.Scan(&id)
			ids = append(ids, id)
		}
		rows.Close()
		for _, id := range ids {
			if err := add(id); err != nil {
				return 0, s.mapErr(err)
			}
		}
	}
	for _, id := range newFiles {
		if err := add(id); err != nil {
			return 0, s.mapErr(err)
		}
	}
	return total, nil
}
