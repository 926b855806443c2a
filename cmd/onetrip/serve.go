package main

import (
	"context"
	"errors"
	"fmt"
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
	"onetrip/supervision"
)

func cmdServe(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("serve", e)
	var sf storeFlags
	sf.register(fs)
	addr := fs.String("addr", "127.0.0.1:8080", "listen address")
	withDemo := fs.Bool("demo", false, "load the demo data set into an empty database (not for production)")
	secure := fs.Bool("secure-cookies", false, "mark cookies Secure (set when served over TLS)")
	idemWindow := fs.Duration("idempotency-window", sqlstore.DefaultIdemWindow, "how long a write's Idempotency-Key answers its retries")
	rectContact := fs.Int("rect-contact-days", supervision.DefaultLimits.ContactDays, "working days a department has to contact the author of a bad rating (差评整改)")
	rectAnswer := fs.Int("rect-answer-days", supervision.DefaultLimits.AnswerDays, "working days a department has to rectify and answer a bad rating")
	reqTimeout := fs.Duration("request-timeout", server.DefaultRequestTimeout, "deadline of every request (503 after it, nothing written)")
	systems := app.ProviderFlag{}
	fs.Var(systems, "provider", "a provider department's system for a shared data item, ITEM=URL (repeat the flag); queries are signed with the platform's SM2 key")
	providerTimeout := fs.Duration("provider-timeout", 2*time.Second, "how long a call to a department's system may take before intake goes on without it")
	archiveDir := fs.String("archive", "", "directory of the archive storage (archive packages; default --data/archive; production: a disk or object-store path of its own)")
	archiveQuiet := fs.Duration("archive-quiet", sqlstore.DefaultArchiveQuiet, "how long a closed case stays in the working tables before it is archived")
	builtin := fs.Bool("builtin-registries", false, "answer shared data items without a --provider from the built-in synthetic registries (always on with --demo; never for production)")
	var po app.PlatformOptions
	fs.StringVar(&po.PaymentURL, "payment-url", "", "the unified public payment platform's API base URL (with --payment-key); default with --demo: the built-in simulator")
	fs.StringVar(&po.PaymentKeyFile, "payment-key", "", "PEM file of the payment platform's SM2 public key, which signs its notifications")
	fs.StringVar(&po.CourierURL, "courier-url", "", "the courier platform's API base URL (with --courier-key); default with --demo: the built-in simulator")
	fs.StringVar(&po.CourierKeyFile, "courier-key", "", "PEM file of the courier platform's SM2 public key, which signs its tracking events")
	fs.StringVar(&po.SMSURL, "sms-url", "", "the SMS gateway's API base URL (with --sms-key-file); default with --demo: the built-in simulator")
	fs.StringVar(&po.SMSKeyFile, "sms-key-file", "", "file of the SMS gateway's access key, KEY_ID:SECRET on one line, which signs every request")
	simulate := fs.Bool("simulate-platforms", false, "mount the built-in payment, courier and SMS simulators under /sim/ and use them (always on with --demo unless a URL is given; never for production)")
	if err := parseFlags(fs, args); err != nil {
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
	if *rectContact < 1 || *rectAnswer < *rectContact {
		return fmt.Errorf("--rect-contact-days must be at least 1 and --rect-answer-days at least as many (got %d, %d)", *rectContact, *rectAnswer)
	}
	s.SetRectLimits(supervision.Limits{ContactDays: *rectContact, AnswerDays: *rectAnswer})
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
		if res.Loaded { // a past for the supervision dashboard: four months of two counties
			h, err := demo.LoadHistory(ctx, s, 150, 80, s.Now())
			if err != nil {
				ln.Close()
				return err
			}
			fmt.Fprintf(e.stdout, "演示历史 demo history: %d cases, %d ratings, %d rectifications in 柯城区 and 上城区\n", h.Cases, h.Ratings, h.Rectifications)
		}
	}
	so := app.SharingOptions{Systems: systems, Timeout: *providerTimeout}
	if *withDemo || *builtin {
		so.Builtin = demo.Registry()
	}
	if err := app.ConnectSharing(ctx, s, so); err != nil {
		ln.Close()
		return err
	}
	var sims *app.Simulators
	if *simulate || (*withDemo && po.PaymentURL == "" && po.CourierURL == "" && po.SMSURL == "") {
		if sims, err = app.NewSimulators(s.Now); err != nil {
			ln.Close()
			return err
		}
		defer sims.Close()
	}
	if err := app.ConnectPlatforms(ctx, s, sims, selfURL(ln.Addr()), po); err != nil {
		ln.Close()
		return err
	}
	blobs, err := blob.Open(filepath.Join(sf.data, "blobs"))
	if err != nil {
		ln.Close()
		return err
	}
	arch, err := app.OpenArchive(sf.data, *archiveDir)
	if err != nil {
		ln.Close()
		return err
	}
	queue, err := app.StartJobs(ctx, s, jobs.Options{Logger: e.log, Files: blobs, Archive: arch, ArchiveQuiet: *archiveQuiet})
	if err != nil {
		ln.Close()
		return err
	}
	defer queue.Stop(context.Background())
	srv := server.New(server.Options{Store: s, Blobs: blobs, Archive: arch, Logger: e.log, Version: version, SecureCookies: *secure, Demo: *withDemo, RequestTimeout: *reqTimeout,
		Mounts: sims.Mounts(), FormOrigins: po.FormOrigins()})
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
		WriteTimeout: 120 * time.Second, IdleTimeout: 120 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	go func() { // the question-answering index, built before the first question needs it
		if err := srv.QA.Warm(ctx); err != nil {
			e.log.Warn("question answering index not built; the first question builds it", "err", err)
		}
	}()
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

// selfURL is the node's own address for callbacks to itself (the
// simulators'): a wildcard listen address is reached on loopback.
func selfURL(a net.Addr) string {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return "http://" + a.String()
	}
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port)
}
