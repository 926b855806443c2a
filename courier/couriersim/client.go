package couriersim

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"onetrip"
	"onetrip/catalog"
	"onetrip/courier"
	"onetrip/seal"
)

// Client is courier.Courier over the sim's HTTP API, the shape a real
// courier's client has: every failure of the platform becomes an error
// onetrip can explain (unavailable, duplicate, refused with its message).
type Client struct {
	base string
	hc   *http.Client
}

var _ courier.Courier = (*Client)(nil)

// NewClient talks to the platform at baseURL (the sim's prefix included,
// e.g. http://host/sim/courier); nil hc is a client with a 10 s timeout.
func NewClient(baseURL string, hc *http.Client) *Client {
	if hc == nil {
		hc = &http.Client{Timeout: 10 * time.Second}
	}
	return &Client{base: strings.TrimRight(baseURL, "/"), hc: hc}
}

// Quote asks what the booking would cost.
func (c *Client) Quote(ctx context.Context, b courier.Booking) (catalog.Amount, error) {
	var a feeAnswer
	if err := c.do(ctx, http.MethodPost, "/api/quote", b, &a); err != nil {
		return 0, err
	}
	if a.FeeFen < 0 {
		return 0, badAnswer(fmt.Errorf("negative fee %d", a.FeeFen))
	}
	return catalog.Amount(a.FeeFen), nil
}

// Book books the pickup.
func (c *Client) Book(ctx context.Context, b courier.Booking) (courier.Booked, error) {
	var a feeAnswer
	if err := c.do(ctx, http.MethodPost, "/api/bookings", b, &a); err != nil {
		return courier.Booked{}, err
	}
	if err := courier.CheckWaybill(a.Waybill); err != nil || a.FeeFen < 0 {
		return courier.Booked{}, badAnswer(fmt.Errorf("booking answer %+v", a))
	}
	return courier.Booked{Waybill: a.Waybill, Fee: catalog.Amount(a.FeeFen)}, nil
}

// PublicKey fetches the key that signs the platform's events.
func (c *Client) PublicKey(ctx context.Context) (*seal.PublicKey, error) {
	var pem []byte
	if err := c.do(ctx, http.MethodGet, "/api/key", nil, &pem); err != nil {
		return nil, err
	}
	k, err := seal.ParsePublicKeyPEM(string(pem))
	if err != nil {
		return nil, badAnswer(err)
	}
	return k, nil
}

// badAnswer is a 2xx the client cannot use: the platform is not working.
func badAnswer(err error) error {
	e := onetrip.Unavailable(courier.KeyUnavailable)
	e.Err = err
	return e
}

// do sends in as JSON (nil: no body) and reads a 2xx answer into out (a
// *[]byte takes the raw body).
func (c *Client) do(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return onetrip.Internal(err)
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return onetrip.Internal(err)
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept-Language", string(onetrip.LangZH))
	resp, err := c.hc.Do(req)
	if err != nil {
		return badAnswer(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxRequest+1))
	if err != nil {
		return badAnswer(err)
	}
	if len(raw) > maxRequest {
		return badAnswer(fmt.Errorf("%s %s: answer larger than %d bytes", method, path, maxRequest))
	}
	switch st := resp.StatusCode; {
	case st >= 200 && st < 300:
		if p, ok := out.(*[]byte); ok {
			*p = raw
			return nil
		}
		if err := json.Unmarshal(raw, out); err != nil {
			return badAnswer(err)
		}
		return nil
	case st == http.StatusConflict:
		return onetrip.Conflict(courier.KeyDuplicate)
	case st == http.StatusBadRequest || st == http.StatusUnprocessableEntity:
		return onetrip.Invalid(courier.KeyRefused, refusal(raw))
	case st >= 500 || st == http.StatusTooManyRequests:
		return badAnswer(fmt.Errorf("%s %s: status %d", method, path, st))
	default:
		return onetrip.Internal(fmt.Errorf("courier platform: %s %s: status %d: %s", method, path, st, refusal(raw)))
	}
}

// refusal is the platform's own message, or its raw text, kept short.
func refusal(raw []byte) string {
	var e apiError
	msg := strings.TrimSpace(string(raw))
	if json.Unmarshal(raw, &e) == nil && e.Message != "" {
		msg = e.Message
	}
	if !utf8.ValidString(msg) {
		msg = strings.ToValidUTF8(msg, "?")
	}
	if rs := []rune(msg); len(rs) > 300 {
		msg = string(rs[:300]) + "…"
	}
	return msg
}
