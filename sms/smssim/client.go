package smssim

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"onetrip/sms"
)

// Client is sms.Gateway over the gateway's HTTP API (the simulator's, or a
// real gateway's of the same shape): each request signed with the access
// key and the client's clock.
type Client struct {
	base, keyID, secret string
	hc                  *http.Client
	now                 func() time.Time
}

var _ sms.Gateway = (*Client)(nil)

// maxAnswer bounds the gateway's answers.
const maxAnswer = 64 << 10

// NewClient talks to the gateway at baseURL (the prefix included, e.g.
// http://127.0.0.1:8080/sim/sms) with an access key; nil hc is a client
// with a 10 s timeout, nil now time.Now.
func NewClient(baseURL, keyID, secret string, hc *http.Client, now func() time.Time) *Client {
	if hc == nil {
		hc = &http.Client{Timeout: 10 * time.Second}
	}
	if now == nil {
		now = time.Now
	}
	return &Client{base: strings.TrimRight(baseURL, "/"), keyID: keyID, secret: secret, hc: hc, now: now}
}

// ParseCredentials reads an access key as a key file holds it:
// "KEY_ID:SECRET" on one line.
func ParseCredentials(s string) (id, secret string, err error) {
	id, secret, ok := strings.Cut(strings.TrimSpace(s), ":")
	if !ok || strings.TrimSpace(id) == "" || strings.TrimSpace(secret) == "" || strings.ContainsAny(s, " \t") {
		return "", "", errors.New("the SMS access key must read KEY_ID:SECRET")
	}
	return id, secret, nil
}

// Send sends one message. The gateway's refusals become the adapter's
// errors: a rate limit *sms.RateLimited, a message it will never send
// sms.ErrRejected; anything else (unavailable, a network failure, refused
// credentials) is worth retrying later.
func (c *Client) Send(ctx context.Context, m sms.Message) (sms.Receipt, error) {
	body, err := json.Marshal(sendRequest{To: m.To, Text: m.Text, Ref: m.Ref, Category: m.Category})
	if err != nil {
		return sms.Receipt{}, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+"/api/messages", bytes.NewReader(body))
	if err != nil {
		return sms.Receipt{}, err
	}
	ts := strconv.FormatInt(c.now().Unix(), 10)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(KeyHeader, c.keyID)
	req.Header.Set(TimestampHeader, ts)
	req.Header.Set(SignatureHeader, Sign(c.secret, ts, body))
	resp, err := c.hc.Do(req)
	if err != nil {
		return sms.Receipt{}, fmt.Errorf("sms gateway: %w", err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if err != nil {
		return sms.Receipt{}, fmt.Errorf("sms gateway: %w", err)
	}
	if resp.StatusCode == http.StatusOK {
		var a sendAnswer
		if err := json.Unmarshal(b, &a); err != nil || a.ID == "" {
			return sms.Receipt{}, fmt.Errorf("sms gateway: malformed answer %.200q", b)
		}
		return sms.Receipt{ID: a.ID, Duplicate: a.Duplicate}, nil
	}
	var e apiError
	msg := strings.TrimSpace(string(b))
	if json.Unmarshal(b, &e) == nil && e.Message != "" {
		msg = e.MessageEN
	}
	switch resp.StatusCode {
	case http.StatusTooManyRequests:
		secs := e.RetryAfter
		if h, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && h > secs {
			secs = h
		}
		return sms.Receipt{}, &sms.RateLimited{RetryAfter: time.Duration(max(secs, 1)) * time.Second}
	case http.StatusBadRequest, http.StatusConflict, http.StatusRequestEntityTooLarge:
		return sms.Receipt{}, fmt.Errorf("%w: %.200s", sms.ErrRejected, msg)
	}
	return sms.Receipt{}, fmt.Errorf("sms gateway answered %d: %.200s", resp.StatusCode, msg)
}
