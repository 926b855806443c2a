package main

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"onetrip/app"
	"onetrip/server"
	"onetrip/sqlstore"
)

// TestUserAddTokenIssue: `onetrip user add … --password-stdin` then
// `onetrip token issue --user` prints a token that a server on the same
// --data accepts.
func TestUserAddTokenIssue(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	var out, errb bytes.Buffer
	if code := run(ctx, []string{"user", "add", "--data", dir, "--username", "u1", "--role", "admin", "--region", "330000", "--password-stdin"},
		strings.NewReader("a-long-password-1\n"), &out, &errb); code != 0 {
		t.Fatalf("user add: %d %s", code, errb.String())
	}
	out.Reset()
	if code := run(ctx, []string{"token", "issue", "--data", dir, "--user", "u1"}, nil, &out, &errb); code != 0 {
		t.Fatalf("token issue: %d %s", code, errb.String())
	}
	tok := strings.TrimSpace(out.String())
	if !strings.HasPrefix(tok, "otk_") {
		t.Fatalf("token %q", tok)
	}
	// Bad input: a short password and an unknown role are refused, and say why.
	errb.Reset()
	if code := run(ctx, []string{"user", "add", "--data", dir, "--username", "u2", "--role", "boss", "--password-stdin"},
		strings.NewReader("short\n"), &out, &errb); code == 0 || !strings.Contains(errb.String(), "role") {
		t.Fatalf("bad user accepted: %d %s", code, errb.String())
	}
	s, err := app.OpenStore(ctx, sqlstore.Config{DataDir: dir, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	hs := httptest.NewServer(server.New(server.Options{Store: s, Logger: slog.New(slog.DiscardHandler)}))
	defer hs.Close()
	req, _ := http.NewRequest("GET", hs.URL+"/api/v1/regions?parent=330000", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("token from the CLI: %d", resp.StatusCode)
	}
}
