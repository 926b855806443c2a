// Package apptest starts whole onetrip nodes for tests: a real store (SQLite,
// or PostgreSQL when ONETRIP_TEST_POSTGRES is set), the demo data set and the
// real HTTP server on a loopback port.
package apptest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"onetrip/app"
	"onetrip/auth"
	"onetrip/blob"
	"onetrip/demo"
	"onetrip/jobs"
	"onetrip/server"
	"onetrip/sqlstore"
	"onetrip/sqlstore/sqltest"
)

func init() {
	// Test nodes hash the demo passwords with cheap argon2id parameters: the
	// hashes stay real (verification reads the parameters from each hash),
	// the suite just does not spend seconds on them under the race detector.
	auth.DefaultParams.Memory, auth.DefaultParams.Time = 1024, 1
}

// Env is a running node with the demo data.
type Env struct {
	Store    *sqlstore.Store
	DataDir  string // the node's data directory (master key, blobs; SQLite's database)
	Server   *httptest.Server
	URL      string
	Password string          // the demo accounts' one-time password
	Blobs    *blob.Store     // uploads
	Archive  *blob.Store     // the archive storage
	Sims     *app.Simulators // the node's payment and courier simulators
	tokens   map[string]string
	t        testing.TB
}

// template is a SQLite data directory with the demo set loaded, made once
// per test binary: each SQLite node starts from a copy of it instead of
// loading regions, the catalogue and the demo set again (seconds under the
// race detector).
var template struct {
	once     sync.Once
	dir      string
	password string
	err      error
}

func sqliteTemplate() (string, string, error) {
	template.once.Do(func() {
		ctx := context.Background()
		dir, err := os.MkdirTemp("", "onetrip-apptest-")
		if err != nil {
			template.err = err
			return
		}
		s, err := app.OpenStore(ctx, sqlstore.Config{DataDir: dir, Logger: slog.New(slog.DiscardHandler)})
		if err != nil {
			template.err = err
			return
		}
		defer s.Close()
		if err := jobs.Migrate(ctx, s); err != nil {
			template.err = err
			return
		}
		res, err := demo.Load(ctx, s)
		template.dir, template.password, template.err = dir, res.Password, err
	})
	return template.dir, template.password, template.err
}

// pgTemplate is a PostgreSQL database with the demo set loaded, made once
// per test binary, and its data directory (the seals' master key): each
// PostgreSQL node starts from a copy (CREATE DATABASE … TEMPLATE).
var pgTemplate struct {
	once     sync.Once
	name     string
	dir      string
	password string
	err      error
}

func postgresTemplate(base string) (string, string, string, error) {
	pgTemplate.once.Do(func() {
		ctx := context.Background()
		name, dsn, err := sqltest.CreateDatabase(base, "tpl")
		if err != nil {
			pgTemplate.err = err
			return
		}
		dir, err := os.MkdirTemp("", "onetrip-apptest-pg-")
		if err != nil {
			pgTemplate.err = err
			return
		}
		s, err := app.OpenStore(ctx, sqlstore.Config{DSN: dsn, DataDir: dir, Logger: slog.New(slog.DiscardHandler)})
		if err != nil {
			pgTemplate.err = err
			return
		}
		defer s.Close()
		if err := jobs.Migrate(ctx, s); err != nil {
			pgTemplate.err = err
			return
		}
		res, err := demo.Load(ctx, s)
		pgTemplate.name, pgTemplate.dir, pgTemplate.password, pgTemplate.err = name, dir, res.Password, err
	})
	return pgTemplate.name, pgTemplate.dir, pgTemplate.password, pgTemplate.err
}

// Each runs fn as a subtest on every available engine, each with a node of
// its own: SQLite always, PostgreSQL when ONETRIP_TEST_POSTGRES is set (CI).
// The engines' nodes share nothing, so their subtests run side by side.
func Each(t *testing.T, fn func(t *testing.T, e *Env)) {
	t.Helper()
	for _, engine := range sqltest.Engines() {
		t.Run(engine, func(t *testing.T) {
			t.Parallel()
			fn(t, New(t, engine))
		})
	}
}

// EachInTurn is Each one engine after the other, for a test that sets
// the process's environment (t.Setenv), which parallel subtests may not.
func EachInTurn(t *testing.T, fn func(t *testing.T, e *Env)) {
	t.Helper()
	for _, engine := range sqltest.Engines() {
		t.Run(engine, func(t *testing.T) { fn(t, New(t, engine)) })
	}
}

// copyDir copies a data directory (database, master key, blobs).
func copyDir(from, to string) error {
	return filepath.WalkDir(from, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		dst := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o700)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o600)
	})
}

// Data prepares, without starting a node, a data directory (and on
// PostgreSQL a database) holding the demo set, as New's nodes start from:
// for tests that run the server as a process of its own. It returns the
// configuration and the demo accounts' password.
func Data(t testing.TB, engine string) (sqlstore.Config, string) {
	t.Helper()
	cfg := sqltest.Config(t, "sqlite")
	var dir, password string
	var err error
	switch engine {
	case "sqlite":
		dir, password, err = sqliteTemplate()
	case "postgres":
		base := sqltest.PostgresDSN()
		if base == "" {
			t.Skip("ONETRIP_TEST_POSTGRES is not set")
		}
		var tpl string
		tpl, dir, password, err = postgresTemplate(base)
		if err == nil {
			cfg.DSN = sqltest.NewDatabase(t, base, tpl)
		}
	default:
		t.Fatalf("unknown engine %q", engine)
	}
	if err != nil {
		t.Fatal(err)
	}
	if err := copyDir(dir, cfg.DataDir); err != nil {
		t.Fatal(err)
	}
	return cfg, password
}

// New starts a node on the engine ("sqlite" or "postgres").
func New(t testing.TB, engine string) *Env {
	t.Helper()
	ctx := context.Background()
	cfg, password := Data(t, engine)
	s, err := app.OpenStore(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	queue, err := app.StartJobs(ctx, s, jobs.Options{Logger: slog.New(slog.DiscardHandler), RetryBase: 200 * time.Millisecond, Poll: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { queue.Stop(context.Background()) })
	res, err := demo.Load(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	if err := app.ConnectSharing(ctx, s, app.SharingOptions{Builtin: demo.Registry()}); err != nil {
		t.Fatal(err)
	}
	if res.Loaded {
		password = res.Password
	}
	blobs, err := blob.Open(filepath.Join(cfg.DataDir, "blobs"))
	if err != nil {
		t.Fatal(err)
	}
	arch, err := app.OpenArchive(cfg.DataDir, "")
	if err != nil {
		t.Fatal(err)
	}
	sims, err := app.NewSimulators(s.Now)
	if err != nil {
		t.Fatal(err)
	}
	srv := server.New(server.Options{Store: s, Blobs: blobs, Archive: arch, Logger: slog.New(slog.DiscardHandler), Version: "test", Demo: true,
		Mounts: sims.Mounts()})
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	t.Cleanup(sims.Close) // runs first: no delivery outlives the node
	if err := app.ConnectPlatforms(ctx, s, sims, hs.URL, app.PlatformOptions{}); err != nil {
		t.Fatal(err)
	}
	return &Env{Store: s, DataDir: cfg.DataDir, Server: hs, URL: hs.URL, Password: password, Blobs: blobs, Archive: arch, Sims: sims,
		tokens: map[string]string{}, t: t}
}

// Token returns a bearer token of a demo (or other) user, issued once.
func (e *Env) Token(username string) string {
	e.t.Helper()
	if tok, ok := e.tokens[username]; ok {
		return tok
	}
	u, err := e.Store.UserByName(context.Background(), username)
	if err != nil {
		e.t.Fatal(err)
	}
	tok, _, err := e.Store.IssueToken(context.Background(), u.ID, "test", 0)
	if err != nil {
		e.t.Fatal(err)
	}
	e.tokens[username] = tok
	return tok
}

// Response is an API answer.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body into v.
func (r Response) JSON(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decode %s: %v", r.Body, err)
	}
}

// ErrorCode is the error model's code of an error answer.
func (r Response) ErrorCode() string {
	var b struct {
		Error struct{ Code string } `json:"error"`
	}
	json.Unmarshal(r.Body, &b)
	return b.Error.Code
}

// Do sends a request as a user ("" = anonymous). A non-nil body that is not
// []byte or string is sent as JSON; headers are name, value pairs.
func (e *Env) Do(method, path, username string, body any, headers ...string) Response {
	e.t.Helper()
	var rd io.Reader
	ct := ""
	switch b := body.(type) {
	case nil:
	case []byte:
		rd, ct = bytes.NewReader(b), "application/json"
	case string:
		rd, ct = bytes.NewReader([]byte(b)), "application/json"
	default:
		buf, err := json.Marshal(b)
		if err != nil {
			e.t.Fatal(err)
		}
		rd, ct = bytes.NewReader(buf), "application/json"
	}
	req, err := http.NewRequest(method, e.URL+path, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	if username != "" {
		req.Header.Set("Authorization", "Bearer "+e.Token(username))
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	if msg := Conforms(req, resp.StatusCode, resp.Header, out); msg != "" {
		e.t.Error(msg)
	}
	return Response{Status: resp.StatusCode, Header: resp.Header, Body: out}
}

// SecondNode starts another node on the same PostgreSQL database (a second
// onetrip serve in production): its own store, caches, index and HTTP
// server; tokens issued on either work on both.
func (e *Env) SecondNode(t testing.TB) *Env {
	t.Helper()
	if e.Store.Engine() != "postgres" {
		t.Fatal("a second node needs PostgreSQL")
	}
	dir := t.TempDir()
	s, err := app.OpenStore(context.Background(), sqlstore.Config{DSN: e.Store.DSN(), DataDir: dir, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	blobs, err := blob.Open(filepath.Join(dir, "blobs"))
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(server.New(server.Options{Store: s, Blobs: blobs, Logger: slog.New(slog.DiscardHandler), Version: "test", Demo: true}))
	t.Cleanup(hs.Close)
	return &Env{Store: s, DataDir: dir, Server: hs, URL: hs.URL, Password: e.Password, tokens: e.tokens, t: t}
}
