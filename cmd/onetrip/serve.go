package main

import (
	"context"
	"errors"
	"net"
	"net/http"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"onetrip/app"
	"onetrip/blob"
	"onetrip/demo"
	"onetrip/jobs"
	"onetrip/server"
	"onetrip/sqlstore"
)

func cmdServe(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("serve", e)
	var sf storeFlags
	sf.register(fs)
	addr := fs.String("addr", "127.0.0.1:8080", "listen address")
	withDemo := fs.Bool("demo", false, "load the demo data set into an empty database (not for production)")
	secure := fs.Bool("secure-cookies", false, "mark cookies Secure (set when served over TLS)")
	idemWindow := fs.Duration("idempotency-window", sqlstore.DefaultIdemWindow, "how long a write's Idempotency-Key answers its retries")
	reqTimeout := fs.Duration("request-timeout", server.DefaultRequestTimeout, "deadline of every request (503 after it, nothing written)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	s, err := openStore(ctx, e, sf)
	if err != nil {
		return err
	}
	defer s.Close()
	s.SetIdemWindow(*idemWindow)
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	if *withDemo {
		res, err := demo.Load(ctx, s)
		if err != nil {
			ln.Close()
			return err
		}
		demo.Print(e.stdout, res, ln.Addr().String())
	}
	blobs, err := blob.Open(filepath.Join(sf.data, "blobs"))
	if err != nil {
		ln.Close()
		return err
	}
	queue, err := app.StartJobs(ctx, s, jobs.Options{Logger: e.log})
	if err != nil {
		ln.Close()
		return err
	}
	defer queue.Stop(context.Background())
	srv := server.New(server.Options{Store: s, Blobs: blobs, Logger: e.log, Version: version, SecureCookies: *secure, Demo: *withDemo, RequestTimeout: *reqTimeout})
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
		WriteTimeout: 120 * time.Second, IdleTimeout: 120 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	e.log.Info("onetrip serving", "addr", ln.Addr().String(), "engine", s.Engine(), "version", version)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	e.log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	err = hs.Shutdown(sctx)
	if err2 := srv.Shutdown(sctx); err == nil {
		err = err2
	}
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}
