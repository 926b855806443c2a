package bench

import "os"

// Engine is where a benchmark runs: SQLite in a directory, or a
// PostgreSQL server on which each store of a run gets a database of its own.
type Engine struct {
	Name string
	DSN  string // "" for SQLite
}

// Engines are SQLite always and PostgreSQL when ONETRIP_BENCH_POSTGRES (or
// the tests' ONETRIP_TEST_POSTGRES) names a server, e.g.
// postgres://postgres@127.0.0.1:5432/test?sslmode=disable.
func Engines() []Engine {
	out := []Engine{{Name: "sqlite"}}
	for _, v := range []string{"ONETRIP_BENCH_POSTGRES", "ONETRIP_TEST_POSTGRES"} {
		if dsn := os.Getenv(v); dsn != "" {
			return append(out, Engine{Name: "postgres", DSN: dsn})
		}
	}
	return out
}
