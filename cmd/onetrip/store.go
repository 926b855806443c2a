package main

import (
	"context"
	"fmt"

	"onetrip/catalog"
	"onetrip/org"
	"onetrip/sqlstore"
)

// openStore opens and migrates the database and loads the reference data
// (regions, department kinds, Zhejiang's departments and centres) on first
// start.
func openStore(ctx context.Context, e *env, f storeFlags) (*sqlstore.Store, error) {
	s, err := sqlstore.Open(ctx, sqlstore.Config{DSN: f.dsn(), DataDir: f.data, Logger: e.log})
	if err != nil {
		return nil, err
	}
	if err := bootstrap(ctx, s); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

func bootstrap(ctx context.Context, s *sqlstore.Store) error {
	c, err := catalog.Demo()
	if err != nil {
		return fmt.Errorf("embedded catalogue: %w", err)
	}
	var kinds []org.Kind
	for _, k := range c.DepartmentKinds {
		kinds = append(kinds, org.Kind{Kind: k.Kind, Name: k.Name, Short: k.Short})
	}
	return s.Bootstrap(ctx, kinds)
}
