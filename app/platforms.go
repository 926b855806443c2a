package app

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"onetrip/courier/couriersim"
	"onetrip/payment/paysim"
	"onetrip/seal"
	"onetrip/sms/smssim"
	"onetrip/sqlstore"
)

// PlatformOptions say where the node's payment platform, courier and SMS
// gateway are. A URL with its key file connects a real one speaking the
// adapter's protocol (paysim.Client, couriersim.Client, smssim.Client);
// Simulate mounts the built-in simulators on the node itself instead (demo
// and tests). Neither: fees, courier bookings and SMS codes answer 503 and
// notifications stay in the inbox and the outbox, nothing is invented.
type PlatformOptions struct {
	PaymentURL     string // the platform's API base, e.g. https://pay.zjzwfw.gov.cn/onetrip
	PaymentKeyFile string // PEM of the platform's SM2 public key that signs its notifications
	CourierURL     string
	CourierKeyFile string // PEM of the courier's SM2 public key that signs its events
	SMSURL         string // the SMS gateway's API base
	SMSKeyFile     string // the gateway's access key, KEY_ID:SECRET on one line
	Simulate       bool
	Timeout        time.Duration // each call to a platform; default 10 s
}

// Simulators are the built-in payment platform, courier and SMS gateway,
// mounted under paysim.DefaultPrefix, /sim/courier and /sim/sms of the
// node.
type Simulators struct {
	Pay     *paysim.Sim
	Courier *couriersim.Sim
	SMS     *smssim.Sim
}

// NewSimulators makes the simulators (their notification URLs are set by
// ConnectPlatforms once the node's address is known); now is their clock,
// the node's (a test's clock moves both).
func NewSimulators(now func() time.Time) (*Simulators, error) {
	ps, err := paysim.New(paysim.Options{Duplicates: 1, Now: now})
	if err != nil {
		return nil, err
	}
	cs, err := couriersim.New(couriersim.Options{Duplicates: 1, Now: now})
	if err != nil {
		ps.Close()
		return nil, err
	}
	ss, err := smssim.New(smssim.Options{Now: now})
	if err != nil {
		ps.Close()
		cs.Close()
		return nil, err
	}
	return &Simulators{Pay: ps, Courier: cs, SMS: ss}, nil
}

// Mounts are the simulators' handlers by path prefix, for server.Options.
func (s *Simulators) Mounts() map[string]http.Handler {
	if s == nil {
		return nil
	}
	return map[string]http.Handler{paysim.DefaultPrefix + "/": s.Pay, couriersim.DefaultPrefix + "/": s.Courier, smssim.DefaultPrefix + "/": s.SMS}
}

// Close stops the simulators' deliveries.
func (s *Simulators) Close() {
	if s != nil {
		s.Pay.Close()
		s.Courier.Close()
		s.SMS.Close()
	}
}

// ConnectPlatforms connects the store to its payment platform, courier and
// SMS gateway: the simulators on this node (baseURL is the node's own
// address, where their callbacks go), or the configured real ones.
func ConnectPlatforms(ctx context.Context, s *sqlstore.Store, sims *Simulators, baseURL string, o PlatformOptions) error {
	hc := &http.Client{Timeout: o.Timeout}
	if hc.Timeout == 0 {
		hc.Timeout = 10 * time.Second
	}
	base := strings.TrimRight(baseURL, "/")
	if sims != nil {
		sims.Pay.SetNotifyURL(base + "/api/v1/payments/notify")
		sims.Courier.SetNotifyURL(base + "/api/v1/courier/events")
		s.SetPaymentPlatform(paysim.NewClient(base+paysim.DefaultPrefix, hc), sims.Pay.PublicKey())
		s.SetCourier(couriersim.NewClient(base+couriersim.DefaultPrefix, hc), sims.Courier.PublicKey())
		id, secret := sims.SMS.Credentials()
		s.SetSMS(smssim.NewClient(base+smssim.DefaultPrefix, id, secret, hc, s.Now)) // signed with the clock the sim checks
		return nil
	}
	if o.PaymentURL != "" {
		pub, err := readPublicKey(o.PaymentKeyFile, "payment")
		if err != nil {
			return err
		}
		s.SetPaymentPlatform(paysim.NewClient(o.PaymentURL, hc), pub)
	}
	if o.CourierURL != "" {
		pub, err := readPublicKey(o.CourierKeyFile, "courier")
		if err != nil {
			return err
		}
		s.SetCourier(couriersim.NewClient(o.CourierURL, hc), pub)
	}
	if o.SMSURL != "" {
		if o.SMSKeyFile == "" {
			return fmt.Errorf("--sms-key-file: the SMS gateway's access key is required with its URL")
		}
		b, err := os.ReadFile(o.SMSKeyFile)
		if err != nil {
			return fmt.Errorf("--sms-key-file: %w", err)
		}
		id, secret, err := smssim.ParseCredentials(string(b))
		if err != nil {
			return fmt.Errorf("--sms-key-file %s: %w", o.SMSKeyFile, err)
		}
		s.SetSMS(smssim.NewClient(o.SMSURL, id, secret, hc, nil))
	}
	return nil
}

// FormOrigins are the origins of the configured payment platform, where
// the pay button's redirect goes (the node's CSP must allow it).
func (o PlatformOptions) FormOrigins() []string {
	u, err := url.Parse(o.PaymentURL)
	if o.PaymentURL == "" || err != nil || u.Host == "" {
		return nil
	}
	return []string{u.Scheme + "://" + u.Host}
}

// readPublicKey reads a platform's key from its PEM file: the key is
// configured, never fetched from the platform it is to check.
func readPublicKey(file, what string) (*seal.PublicKey, error) {
	if file == "" {
		return nil, fmt.Errorf("--%s-key: the %s platform's SM2 public key (PEM) is required with its URL", what, what)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("--%s-key: %w", what, err)
	}
	pub, err := seal.ParsePublicKeyPEM(string(b))
	if err != nil {
		return nil, fmt.Errorf("--%s-key %s: %w", what, file, err)
	}
	return pub, nil
}
