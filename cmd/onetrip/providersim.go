package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"onetrip/demo"
	"onetrip/seal"
	"onetrip/sharing/remote"
)

// cmdProviderSim runs the simulator of a provider department's system
// (remote.Department) over the built-in synthetic registries: point a
// server's --provider ITEM=URL at it to see the signed protocol, its
// timeout and circuit breaker at work (--delay, --fail-every, --hang).
func cmdProviderSim(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("provider-sim", e)
	addr := fs.String("addr", "127.0.0.1:9090", "listen address")
	platform := fs.String("platform", "http://127.0.0.1:8080", "the platform whose key signs the queries (its /api/v1/sharing/platform-key)")
	items := fs.String("items", "", "comma-separated items this system answers (default: all the registries hold)")
	delay := fs.Duration("delay", 0, "drill: wait this long before every answer")
	failEvery := fs.Int("fail-every", 0, "drill: every n-th query answers 503")
	hang := fs.Bool("hang", false, "drill: never answer")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	pub, err := fetchPlatformKey(ctx, *platform)
	if err != nil {
		return err
	}
	d := &remote.Department{Platform: pub, Records: demo.Registry(), Delay: *delay, FailEvery: *failEvery}
	if *items != "" {
		d.Items = strings.Split(*items, ",")
	}
	d.Hang.Store(*hang)
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: d, ReadHeaderTimeout: 10 * time.Second}
	go func() { <-ctx.Done(); hs.Close() }()
	fmt.Fprintf(e.stdout, "provider system simulator on http://%s (platform key %s); start the server with --provider ITEM=http://%s/\n",
		ln.Addr(), pub.Fingerprint(), ln.Addr())
	if err := hs.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// fetchPlatformKey reads the platform's SM2 public key from its API.
func fetchPlatformKey(ctx context.Context, base string) (*seal.PublicKey, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimSuffix(base, "/")+"/api/v1/sharing/platform-key", nil)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("the platform's key: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("the platform's key: %s answered %d", base, resp.StatusCode)
	}
	var k struct{ PEM string }
	if err := json.NewDecoder(resp.Body).Decode(&k); err != nil {
		return nil, fmt.Errorf("the platform's key: %w", err)
	}
	return seal.ParsePublicKeyPEM(k.PEM)
}
