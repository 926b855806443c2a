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
		name := blob.CleanName(info.Name)
		_, err := tx.ExecContext(ctx, `INSERT INTO blobs (id, created_by, size, content_type, created_at, name) VALUES ($1,$2,$3,$4,$5,$6)
			ON CONFLICT (id, created_by) DO UPDATE SET name = excluded.name WHERE blobs.name = '' AND excluded.name <> ''`,
			info.ID, username, info.Size, info.ContentType, TS(s.Now()), name)
		return err
	})
}

// FileInfos describes files for people: name, size and type of each id
// found. A file's name is the one its first uploader gave (by upload time);
// ids without a record are left out. The caller has already decided the
// files are visible (they are on a case the principal may read).
func (s *Store) FileInfos(ctx context.Context, ids []string) (map[string]blob.Info, error) {
	out := make(map[string]blob.Info, len(ids))
	for _, id := range ids {
		if _, done := out[id]; done || !blob.ValidID(id) {
			continue
		}
		var info blob.Info
		err := s.r.QueryRowContext(ctx, `SELECT id, name, size, content_type FROM blobs WHERE id = $1
			ORDER BY CASE WHEN name = '' THEN 1 ELSE 0 END, created_at, created_by LIMIT 1`, id).
			Scan(&info.ID, &info.Name, &info.Size, &info.ContentType)
		if err == sql.ErrNoRows {
			continue
		}
		if err != nil {
			return nil, s.mapErr(err)
		}
		out[id] = info
	}
	return out, nil
}

// BlobAccess tells whether a principal may read a blob: they uploaded it,
// or it is attached to a case they can see. It returns the file as
// FileInfos describes it (their own name for it when they uploaded it).
func (s *Store) BlobAccess(ctx context.Context, p *onetrip.Principal, id string) (blob.Info, bool, error) {
	info := blob.Info{ID: id}
	err := s.r.QueryRowContext(ctx, `SELECT name, size, content_type FROM blobs WHERE id = $1 AND created_by = $2`, id, p.Username).
		Scan(&info.Name, &info.Size, &info.ContentType)
	if err == nil {
		return info, true, nil
	}
	if err != sql.ErrNoRows {
		return blob.Info{}, false, s.mapErr(err)
	}
	cases, err := s.blobCases(ctx, id)
	if err != nil {
		return blob.Info{}, false, err
	}
	for _, cid := range cases {
		c, err := s.CaseByID(ctx, cid)
		if err != nil {
			continue
		}
		if policy.CanReadCase(p, &c) {
			infos, err := s.FileInfos(ctx, []string{id})
			if err != nil {
				return blob.Info{}, false, err
			}
			return infos[id], true, nil
		}
	}
	return blob.Info{}, false, nil
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
		ids, err := s.column(ctx, `SELECT DISTINCT blob_id FROM case_files WHERE case_id = $1`, caseID)
		if err != nil {
			return 0, err
		}
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
