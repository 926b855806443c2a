// Package sqltest opens real stores for tests: SQLite in a temporary
// directory always, and PostgreSQL in a schema of its own when
// ONETRIP_TEST_POSTGRES names a database (CI sets it). The schema is dropped
// when the test ends.
package sqltest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"log/slog"
	"net/url"
	"os"
	"testing"

	"onetrip/sqlstore"
)

// PostgresDSN is the test database's DSN, or "".
func PostgresDSN() string { return os.Getenv("ONETRIP_TEST_POSTGRES") }

// Engines lists the engines available to this test run.
func Engines() []string {
	if PostgresDSN() != "" {
		return []string{"sqlite", "postgres"}
	}
	return []string{"sqlite"}
}

// Each runs fn as a subtest on every available engine with a fresh store.
func Each(t *testing.T, fn func(t *testing.T, s *sqlstore.Store)) {
	t.Helper()
	for _, e := range Engines() {
		t.Run(e, func(t *testing.T) { fn(t, Open(t, e)) })
	}
}

// Config returns a store configuration for a fresh, migrated database of the
// engine; cleanup is registered on t.
func Config(t testing.TB, engine string) sqlstore.Config {
	t.Helper()
	cfg := sqlstore.Config{DataDir: t.TempDir(), Logger: slog.New(slog.DiscardHandler)}
	if engine == "postgres" {
		base := PostgresDSN()
		if base == "" {
			t.Skip("ONETRIP_TEST_POSTGRES is not set")
		}
		cfg.DSN = NewSchema(t, base)
	}
	return cfg
}

// Open returns a fresh, migrated store on the engine ("sqlite" or "postgres").
func Open(t testing.TB, engine string) *sqlstore.Store {
	t.Helper()
	s, err := sqlstore.Open(context.Background(), Config(t, engine))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// NewSchema creates a schema of its own in the PostgreSQL database and
// returns a DSN whose search_path points at it. The schema is dropped at
// cleanup.
func NewSchema(t testing.TB, base string) string {
	t.Helper()
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		admin.Close()
		t.Fatalf("create schema on %s: %v", base, err)
	}
	t.Cleanup(func() {
		admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
