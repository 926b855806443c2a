package sqlstore

import (
	"database/sql"
	"errors"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	msqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// dialect is every difference between the two engines, in one place. The SQL
// itself is portable: $N placeholders (modernc's SQLite binds them by
// position), ON CONFLICT, RETURNING, CTEs, TEXT times and JSON.
type dialect struct {
	name string
	// isUnique recognises a unique-constraint violation.
	isUnique func(error) bool
	// lockMigrations serialises migrators across nodes (PostgreSQL); SQLite
	// needs nothing beyond its single writer.
	lockMigrations, unlockMigrations string
	// lockBootstrap serialises first-start loading of reference data
	// within its transaction (PostgreSQL; SQLite's write lock suffices).
	lockBootstrap string
	// numberBlock is how many case numbers a node takes at once outside the
	// case's transaction; 0 takes each inside it (numbers.go).
	numberBlock int
	// groupCommit runs concurrent transactions together on the single
	// writer, each under a savepoint (batch.go); PostgreSQL commits each on
	// its own connection.
	groupCommit bool
	// revocations is the channel revocations are announced on so every
	// node's index hears them (PostgreSQL LISTEN/NOTIFY); "" where one node
	// makes them all (SQLite).
	revocations string
	// size is a query for the database's size in bytes; checkpoint, when
	// set, runs first so that it counts what the write-ahead log holds.
	size, checkpoint string
	// byteOrder makes ORDER BY on text compare bytes, as Go does, for
	// walks that merge several ordered reads (the audit).
	byteOrder string
	// river is the job queue's driver on the store's write pool.
	river func(*sql.DB) riverdriver.Driver[*sql.Tx]
	// tableExists counts the tables named $1 (0 or 1), e.g. River's,
	// which exist only once the job queue has migrated.
	tableExists string
}

var sqlite = dialect{
	name:        "sqlite",
	groupCommit: true,
	size:        "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()",
	checkpoint:  "PRAGMA wal_checkpoint(TRUNCATE)",
	tableExists: "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = $1",
	river:       func(db *sql.DB) riverdriver.Driver[*sql.Tx] { return riversqlite.New(db) },
	isUnique: func(err error) bool {
		var se *msqlite.Error
		if errors.As(err, &se) {
			c := se.Code()
			return c == sqlite3.SQLITE_CONSTRAINT_UNIQUE || c == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
		}
		return false
	},
}

var postgres = dialect{
	name:      "postgres",
	byteOrder: ` COLLATE "C"`,
	size:      "SELECT pg_database_size(current_database())",
	river:     func(db *sql.DB) riverdriver.Driver[*sql.Tx] { return riverdatabasesql.New(db) },
	isUnique: func(err error) bool {
		var pe *pgconn.PgError
		return errors.As(err, &pe) && pe.Code == "23505"
	},
	lockMigrations:   "SELECT pg_advisory_lock(7042001)",
	unlockMigrations: "SELECT pg_advisory_unlock(7042001)",
	lockBootstrap:    "SELECT pg_advisory_xact_lock(7042002)",
	revocations:      "onetrip_revocations",
	numberBlock:      32,
	tableExists:      "SELECT COUNT(*) FROM pg_catalog.pg_class WHERE oid = to_regclass($1)",
}
