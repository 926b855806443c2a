package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"onetrip/app"
	"onetrip/app/apptest"
	"onetrip/demo"
	"onetrip/sqlstore"
)

// TestBackupUnderLoadRestoresAndAudits takes an online backup of the
// embedded database while clients keep submitting cases, restores it into
// an empty directory, and the audit finds every case in it whole.
func TestBackupUnderLoadRestoresAndAudits(t *testing.T) {
	e := apptest.New(t, "sqlite")
	ctx := context.Background()
	var item struct{ Materials []struct{ ID string } }
	e.Do("GET", "/api/v1/items/330-GAJG-005", "", nil).JSON(t, &item)
	var marks []map[string]string
	for _, m := range item.Materials {
		marks = append(marks, map[string]string{"spec": m.ID, "status": "received"})
	}
	body, _ := json.Marshal(map[string]any{"item": "330-GAJG-005", "region": "330802", "channel": "window",
		"applicant": map[string]any{"type": "person", "name": "王建国", "id_number": demo.QZApplicant.IDNumber}, "materials": marks})
	tok := e.Token("qz.clerk")
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var acked atomic.Int64
	loaded := make(chan struct{}) // closed when 20 cases are in: the load is on
	var once sync.Once
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				req, _ := http.NewRequest("POST", e.URL+"/api/v1/cases", bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer "+tok)
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					return
				}
				resp.Body.Close()
				if resp.StatusCode == 201 && acked.Add(1) == 20 {
					once.Do(func() { close(loaded) })
				}
			}
		}()
	}
	<-loaded
	out := filepath.Join(t.TempDir(), "backup.tar.gz")
	var stdout, stderr bytes.Buffer
	code := run(ctx, []string{"backup", "--data", e.DataDir, "--out", out}, strings.NewReader(""), &stdout, &stderr)
	close(stop)
	wg.Wait()
	if code != 0 {
		t.Fatalf("backup: %d %s %s", code, stdout.String(), stderr.String())
	}
	restored := filepath.Join(t.TempDir(), "restored")
	if code := run(ctx, []string{"restore", "--data", restored, "--in", out}, strings.NewReader(""), &stdout, &stderr); code != 0 {
		t.Fatalf("restore: %d %s", code, stderr.String())
	}
	if code := run(ctx, []string{"restore", "--data", restored, "--in", out}, strings.NewReader(""), &stdout, &stderr); code == 0 {
		t.Fatal("restoring over a database must be refused")
	}
	key, _ := os.ReadFile(filepath.Join(e.DataDir, "master.key")) // kept apart from the backup
	os.WriteFile(filepath.Join(restored, "master.key"), key, 0o600)
	s, err := app.OpenStore(ctx, sqlstore.Config{DataDir: restored})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	rep, err := s.Audit(ctx, time.Time{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.ProblemCount != 0 || rep.Cases < 20 {
		t.Fatalf("restored backup: %d cases, problems %+v", rep.Cases, rep.Problems)
	}
	t.Logf("backup under load: %d cases acknowledged during the run, %d in the backup, audit clean", acked.Load(), rep.Cases)
	// A damaged backup is refused whole.
	b, _ := os.ReadFile(out)
	b[len(b)/2] ^= 0xff
	bad := filepath.Join(t.TempDir(), "bad.tar.gz")
	os.WriteFile(bad, b, 0o600)
	empty := filepath.Join(t.TempDir(), "empty")
	if code := run(ctx, []string{"restore", "--data", empty, "--in", bad}, strings.NewReader(""), &stdout, &stderr); code == 0 {
		t.Fatal("a damaged backup was restored")
	}
	if _, err := os.Stat(filepath.Join(empty, "onetrip.db")); err == nil {
		t.Fatal("a damaged backup left a database behind")
	}
}
