package e2e

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"onetrip/app"
	"onetrip/blob"
	"onetrip/demo"
	"onetrip/server"
	"onetrip/sqlstore"
	"onetrip/sqlstore/sqltest"
)

// TestTwoNodesOnePostgres starts two nodes on one PostgreSQL database, as
// production runs several: both migrate at once, both answer, and a token
// issued on one works on the other.
func TestTwoNodesOnePostgres(t *testing.T) {
	if sqltest.PostgresDSN() == "" {
		t.Skip("needs ONETRIP_TEST_POSTGRES")
	}
	cfg := sqltest.Config(t, "postgres")
	ctx := context.Background()
	type node struct {
		s  *sqlstore.Store
		hs *httptest.Server
	}
	nodes := make([]node, 2)
	errs := make(chan error, 2)
	for i := range nodes {
		go func(i int) {
			c := cfg
			c.DataDir = filepath.Join(t.TempDir(), "node")
			s, err := app.OpenStore(ctx, c)
			if err == nil {
				nodes[i].s = s
			}
			errs <- err
		}(i)
	}
	for range nodes {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	for i := range nodes {
		t.Cleanup(func() { nodes[i].s.Close() })
		blobs, _ := blob.Open(t.TempDir())
		nodes[i].hs = httptest.NewServer(server.New(server.Options{Store: nodes[i].s, Blobs: blobs, Logger: slog.New(slog.DiscardHandler)}))
		t.Cleanup(nodes[i].hs.Close)
	}
	if _, err := demo.Load(ctx, nodes[0].s); err != nil {
		t.Fatal(err)
	}
	u, err := nodes[0].s.UserByName(ctx, "qz.clerk")
	if err != nil {
		t.Fatal(err)
	}
	tok, _, err := nodes[0].s.IssueToken(ctx, u.ID, "test")
	if err != nil {
		t.Fatal(err)
	}
	for i, n := range nodes {
		for _, path := range []string{"/healthz", "/readyz", "/api/v1/regions?parent=330000"} {
			req, _ := http.NewRequest("GET", n.hs.URL+path, nil)
			req.Header.Set("Authorization", "Bearer "+tok)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != 200 {
				t.Fatalf("node %d %s: %d", i, path, resp.StatusCode)
			}
		}
	}
}
