package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"onetrip/app/apptest"
	"onetrip/demo"
	"onetrip/sqlstore/sqltest"
)

// The test binary is also the server: run with ONETRIP_TEST_RUN set it is
// `onetrip` with those arguments, so the crash test can kill -9 a real
// server process without building one.
func TestMain(m *testing.M) {
	if args := os.Getenv("ONETRIP_TEST_RUN"); args != "" {
		os.Exit(run(context.Background(), strings.Fields(args), os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// serverProc is a running `onetrip serve` process.
type serverProc struct {
	cmd *exec.Cmd
	url string
}

var servingRE = regexp.MustCompile(`msg="onetrip serving" addr=(\S+)`)

func startServer(t *testing.T, data, dsn string) *serverProc {
	t.Helper()
	args := "serve --addr 127.0.0.1:0 --data " + data
	if dsn != "" {
		args += " --db " + dsn
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "ONETRIP_TEST_RUN="+args)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if m := servingRE.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
		}
	}()
	select {
	case a := <-addr:
		return &serverProc{cmd: cmd, url: "http://" + a}
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		t.Fatal("the server did not start")
	}
	return nil
}

// TestKill9LosesNothing starts a server process, drives intake with
// concurrent clients, kills the process with SIGKILL in the middle of the
// load, starts it again on the same data, and proves that every case the
// server acknowledged (201) is there whole and that nothing is half
// written (the audit of every case's log against its row is clean).
func TestKill9LosesNothing(t *testing.T) {
	for _, engine := range sqltest.Engines() {
		t.Run(engine, func(t *testing.T) {
			cfg, _ := apptest.Data(t, engine)
			ctx := context.Background()
			var out, errb bytes.Buffer
			args := []string{"token", "issue", "--user", "qz.clerk", "--data", cfg.DataDir}
			if cfg.DSN != "" {
				args = append(args, "--db", cfg.DSN)
			}
			if code := run(ctx, args, strings.NewReader(""), &out, &errb); code != 0 {
				t.Fatalf("token: %s", errb.String())
			}
			tok := strings.TrimSpace(out.String())
			srv := startServer(t, cfg.DataDir, cfg.DSN)
			body := caseBody(t, srv.url)

			var mu sync.Mutex
			acked := map[string]string{} // case id → number
			var wg sync.WaitGroup
			client := &http.Client{Timeout: 10 * time.Second}
			killAt := make(chan struct{})
			var once sync.Once
			for w := 0; w < 16; w++ {
				wg.Add(1)
				go func(w int) {
					defer wg.Done()
					for i := 0; ; i++ {
						req, _ := http.NewRequest("POST", srv.url+"/api/v1/cases", bytes.NewReader(body))
						req.Header.Set("Content-Type", "application/json")
						req.Header.Set("Authorization", "Bearer "+tok)
						req.Header.Set("Idempotency-Key", fmt.Sprintf("crash-%d-%d", w, i))
						resp, err := client.Do(req)
						if err != nil {
							return // the server is gone
						}
						b, _ := io.ReadAll(resp.Body)
						resp.Body.Close()
						if resp.StatusCode != 201 {
							continue
						}
						var c struct{ ID, Number string }
						if json.Unmarshal(b, &c) != nil || c.ID == "" {
							continue // the answer was cut off: not acknowledged
						}
						mu.Lock()
						acked[c.ID] = c.Number
						n := len(acked)
						mu.Unlock()
						if n == 150 {
							once.Do(func() { close(killAt) })
						}
					}
				}(w)
			}
			select {
			case <-killAt:
			case <-time.After(40 * time.Second):
				t.Log("fewer than 150 cases in 40 s; killing anyway")
			}
			srv.cmd.Process.Signal(syscall.SIGKILL) // mid-load: clients are still sending
			srv.cmd.Wait()
			wg.Wait()

			again := startServer(t, cfg.DataDir, cfg.DSN)
			defer func() { again.cmd.Process.Signal(syscall.SIGTERM); again.cmd.Wait() }()
			found, lost := 0, 0
			for id, number := range acked {
				req, _ := http.NewRequest("GET", again.url+"/api/v1/cases/"+id, nil)
				req.Header.Set("Authorization", "Bearer "+tok)
				resp, err := client.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				var c struct {
					Number, Status string
					Tasks          []struct{ ID string }
				}
				json.NewDecoder(resp.Body).Decode(&c)
				resp.Body.Close()
				if resp.StatusCode != 200 || c.Number != number || c.Status != "accepted" || len(c.Tasks) == 0 {
					lost++
					continue
				}
				found++
			}
			out.Reset()
			errb.Reset()
			args = []string{"audit", "verify", "--data", cfg.DataDir}
			if cfg.DSN != "" {
				args = append(args, "--db", cfg.DSN)
			}
			code := run(ctx, args, strings.NewReader(""), &out, &errb)
			half := 0
			if code != 0 {
				half = strings.Count(out.String(), "\n  case ")
			}
			line := fmt.Sprintf("kill -9 under load (%s): %d acknowledged, %d found, %d lost, %d half-written", engine, len(acked), found, lost, half)
			t.Log(line)
			ciReport(line)
			if lost > 0 || code != 0 || len(acked) == 0 {
				t.Fatalf("after the crash: %d lost; audit exit %d\n%s%s", lost, code, out.String(), errb.String())
			}
		})
	}
}

// caseBody is a complete window application of 居民身份证换领 for the demo
// applicant.
func caseBody(t *testing.T, url string) []byte {
	t.Helper()
	resp, err := http.Get(url + "/api/v1/items/330-GAJG-005")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var item struct{ Materials []struct{ ID string } }
	json.NewDecoder(resp.Body).Decode(&item)
	var marks []map[string]string
	for _, m := range item.Materials {
		marks = append(marks, map[string]string{"spec": m.ID, "status": "received"})
	}
	b, _ := json.Marshal(map[string]any{"item": "330-GAJG-005", "region": "330802", "channel": "window",
		"applicant": map[string]any{"type": "person", "name": "王建国", "id_number": demo.QZApplicant.IDNumber}, "materials": marks})
	return b
}

// ciReport appends a line to the file ONETRIP_CI_REPORT names (CI prints
// it: a passing test's log is otherwise not shown).
func ciReport(line string) {
	if f := os.Getenv("ONETRIP_CI_REPORT"); f != "" {
		if fh, err := os.OpenFile(f, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600); err == nil {
			fmt.Fprintln(fh, line)
			fh.Close()
		}
	}
}
