package main

import (
	"context"

	"onetrip/app"
	"onetrip/sqlstore"
)

// openStore opens the database of the shared flags, ready for use.
func openStore(ctx context.Context, e *env, f storeFlags) (*sqlstore.Store, error) {
	return app.OpenStore(ctx, sqlstore.Config{DSN: f.dsn(), DataDir: f.data, Logger: e.log})
}
