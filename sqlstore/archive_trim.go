package sqlstore

import (
	"context"
	"slices"

	"onetrip"
	"onetrip/archive"
)

// Working data trimmed: once a case is archived, its uploaded files are in
// its departments' packages (a package's file is named by the same SM3 as
// the upload), so the upload store need not keep them. TrimArchivedUploads
// removes them; a download then reads the file from a package
// (ArchivedFile), so the case page still opens its materials.

// UploadRemover removes a file from the upload store.
type UploadRemover interface {
	Remove(id string) error
}

// TrimArchivedUploads removes from the upload store every uploaded file
// whose cases are all archived and which a package of one of them holds,
// checked against the package's bytes first. It answers how many it
// removed.
func (s *Store) TrimArchivedUploads(ctx context.Context, uploads UploadRemover, store PackageStore) (int, error) {
	ids, err := s.column(ctx, `SELECT DISTINCT f.blob_id FROM case_files f
		WHERE NOT EXISTS (SELECT 1 FROM case_files g JOIN cases c ON c.id = g.case_id WHERE g.blob_id = f.blob_id AND c.status <> 'archived')`)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, id := range ids {
		if _, err := s.ArchivedFile(ctx, id, store); err != nil {
			if onetrip.HasCode(err, onetrip.CodeNotFound) {
				continue // not in any package (a file no step used): kept
			}
			return n, err
		}
		if err := uploads.Remove(id); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// ArchivedFile reads an uploaded file from a package of a case it is
// attached to, verified against its SM3; not found when no package holds
// it.
func (s *Store) ArchivedFile(ctx context.Context, blobID string, store PackageStore) ([]byte, error) {
	cases, err := s.blobCases(ctx, blobID)
	if err != nil {
		return nil, err
	}
	for _, c := range cases {
		pkgs, err := s.ArchivePackages(ctx, PackageQuery{Case: c})
		if err != nil {
			return nil, err
		}
		for _, p := range pkgs {
			if p.State == PackageDestroyed || p.Check.Metadata == nil ||
				!slices.ContainsFunc(p.Check.Metadata.Files, func(f archive.FileRef) bool { return f.SM3 == blobID }) {
				continue
			}
			zb, err := store.Get(p.SM3)
			if err != nil {
				continue
			}
			if pr, err := archive.Open(zb); err == nil {
				if b, _, err := pr.FileBySM3(blobID); err == nil {
					return b, nil
				}
			}
		}
	}
	return nil, onetrip.NotFound("blob.not_found", blobID)
}
