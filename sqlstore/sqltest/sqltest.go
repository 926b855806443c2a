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
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

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

// EachWithPartitions is Each plus, on PostgreSQL, a store whose cases table
// is partitioned by city (sqlstore.PartitionCasesByCity): the case tests run
// on the schema production would use past one primary.
func EachWithPartitions(t *testing.T, fn func(t *testing.T, s *sqlstore.Store)) {
	t.Helper()
	Each(t, fn)
	if PostgresDSN() != "" {
		t.Run("partitioned", func(t *testing.T) { fn(t, Open(t, "partitioned")) })
	}
}

// Config returns a store configuration for a fresh, migrated database of the
// engine; cleanup is registered on t.
func Config(t testing.TB, engine string) sqlstore.Config {
	t.Helper()
	cfg := sqlstore.Config{DataDir: t.TempDir(), Logger: slog.New(slog.DiscardHandler)}
	if engine == "postgres" || engine == "partitioned" {
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
	if engine == "partitioned" {
		if err := s.PartitionCasesByCity(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
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

// Databases made by tests are named with the test process's id, so a run
// that died (no cleanup) leaves names the next run recognises and drops.
const dbPrefix = "onetrip_t_"

// NewDatabase creates a database of its own from a template database (a
// file copy inside PostgreSQL: far faster than loading the same data
// again) and returns its DSN; it is dropped at cleanup.
func NewDatabase(t testing.TB, base, template string) string {
	t.Helper()
	name := dbName("db")
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	// A template being copied by another CREATE DATABASE is "being
	// accessed"; retry briefly.
	for i := 0; ; i++ {
		_, err = admin.Exec(`CREATE DATABASE ` + name + ` TEMPLATE ` + template)
		if err == nil || i == 50 || !strings.Contains(err.Error(), "being accessed") {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("create database from %s: %v", template, err)
	}
	t.Cleanup(func() { DropDatabase(base, name) })
	return WithDatabase(base, name)
}

// CreateDatabase makes an empty database for a template and returns its
// name and DSN. Databases that dead test processes left behind are dropped
// first.
func CreateDatabase(base, kind string) (string, string, error) {
	admin, err := sql.Open("pgx", base)
	if err != nil {
		return "", "", err
	}
	defer admin.Close()
	reapDatabases(admin)
	name := dbName(kind)
	if _, err := admin.Exec(`CREATE DATABASE ` + name); err != nil {
		return "", "", err
	}
	return name, WithDatabase(base, name), nil
}

// DropDatabase drops a test database, closing its connections.
func DropDatabase(base, name string) {
	admin, err := sql.Open("pgx", base)
	if err != nil {
		return
	}
	defer admin.Close()
	admin.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`)
}

// WithDatabase is base with another database name.
func WithDatabase(base, name string) string {
	u, err := url.Parse(base)
	if err != nil {
		return base
	}
	u.Path = "/" + name
	return u.String()
}

func dbName(kind string) string {
	b := make([]byte, 4)
	rand.Read(b)
	return fmt.Sprintf("%s%d_%s_%s", dbPrefix, os.Getpid(), kind, hex.EncodeToString(b))
}

// reapDatabases drops test databases whose process is gone.
func reapDatabases(admin *sql.DB) {
	rows, err := admin.Query(`SELECT datname FROM pg_database WHERE datname LIKE '` + dbPrefix + `%'`)
	if err != nil {
		return
	}
	var dead []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		pid, err := strconv.Atoi(strings.SplitN(strings.TrimPrefix(n, dbPrefix), "_", 2)[0])
		if err != nil || !alive(pid) {
			dead = append(dead, n)
		}
	}
	rows.Close()
	for _, n := range dead {
		admin.Exec(`DROP DATABASE IF EXISTS ` + n + ` WITH (FORCE)`)
	}
}

func alive(pid int) bool {
	p, err := os.FindProcess(pid)
	return err == nil && p.Signal(syscall.Signal(0)) == nil
}
