// Package app wires one onetrip node: it opens the store, loads the
// reference data on first start and builds the HTTP server. The command and
// the end-to-end tests start nodes the same way through here.
package app

import (
	"context"
	"fmt"
	"path/filepath"

	"onetrip/blob"
	"onetrip/catalog"
	"onetrip/jobs"
	"onetrip/org"
	"onetrip/qa"
	"onetrip/sqlstore"
)

// OpenStore opens and migrates the database and loads the reference data
// (regions, department kinds, Zhejiang's departments and centres) when the
// database is new.
func OpenStore(ctx context.Context, cfg sqlstore.Config) (*sqlstore.Store, error) {
	s, err := sqlstore.Open(ctx, cfg)
	if err != nil {
		return nil, err
	}
	if err := Bootstrap(ctx, s); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// Bootstrap loads the reference data into a new database; it does nothing
// on later starts.
func Bootstrap(ctx context.Context, s *sqlstore.Store) error {
	c, err := catalog.Demo()
	if err != nil {
		return fmt.Errorf("embedded catalogue: %w", err)
	}
	kinds := make([]org.Kind, 0, len(c.DepartmentKinds))
	for _, k := range c.DepartmentKinds {
		kinds = append(kinds, org.Kind{Kind: k.Kind, Name: k.Name, Short: k.Short})
	}
	if err := s.Bootstrap(ctx, kinds); err != nil {
		return err
	}
	return s.SeedSynonyms(ctx, qa.DefaultSynonyms)
}

// OpenArchive opens the archive storage: dir, or the data directory's
// archive/ when dir is "".
func OpenArchive(dataDir, dir string) (*blob.Store, error) {
	if dir == "" {
		dir = filepath.Join(dataDir, "archive")
	}
	return blob.Open(dir)
}

// StartJobs starts the node's job queue on the store (webhook deliveries).
func StartJobs(ctx context.Context, s *sqlstore.Store, o jobs.Options) (*jobs.Queue, error) {
	return jobs.Start(ctx, s, o)
}
