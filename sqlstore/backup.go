package sqlstore

import (
	"context"
	"fmt"
	"os"
)

// BackupTo writes a consistent copy of the embedded database to path while
// the server may be writing (SQLite's VACUUM INTO reads one snapshot). On
// PostgreSQL use pg_dump, which does the same for a server database.
func (s *Store) BackupTo(ctx context.Context, path string) error {
	if s.d.name != sqlite.name {
		return fmt.Errorf("backup of a PostgreSQL database: use pg_dump (see README)")
	}
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("%s exists", path)
	}
	_, err := s.w.ExecContext(ctx, `VACUUM INTO $1`, path)
	return s.mapErr(err)
}
