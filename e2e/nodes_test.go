package e2e

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"onetrip"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"onetrip/app"
	"onetrip/blob"
	"onetrip/demo"
	"onetrip/licence"
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
	tok, _, err := nodes[0].s.IssueToken(ctx, u.ID, "test", 0)
	if err != nil {
		t.Fatal(err)
	}
	// A revocation on one node reaches the other's in-memory index through
	// NOTIFY: node 1 has checked the licence (valid) before node 0 revokes.
	list, err := nodes[0].s.Licences(ctx, sqlstore.LicenceQuery{Holder: demo.QZResident.IDNumber, Type: "L-MARRIAGE"})
	if err != nil || len(list) != 1 {
		t.Fatalf("demo licence: %v %v", list, err)
	}
	l := list[0]
	if c, err := nodes[1].s.CheckIdentifier(ctx, l.Identifier); err != nil || c.Verdict.Status != licence.StatusValid {
		t.Fatalf("before: %+v %v", c.Verdict, err)
	}
	issuer := &onetrip.Principal{Username: "test", Role: onetrip.RoleSystem, Department: l.Issuer.DepartmentID}
	if _, err := nodes[0].s.RevokeLicence(ctx, issuer, l.ID, "测试注销"); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := nodes[1].s.CheckIdentifier(ctx, l.Identifier)
		if err != nil {
			t.Fatal(err)
		}
		if c.Verdict.Status == licence.StatusRevoked {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("node 1 still says %s 10 s after the revocation", c.Verdict.Status)
		}
		runtime.Gosched()
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
