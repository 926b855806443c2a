package paysim

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"

	"onetrip"
	"onetrip/catalog"
	"onetrip/payment"
	"onetrip/seal"
)

// Client is payment.Platform over the platform's HTTP API (the simulator's,
// or a real platform's of the same shape).
type Client struct {
	base string
	hc   *http.Client
}

var _ payment.Platform = (*Client)(nil)

// Size limits of the platform's answers.
const (
	maxAnswer    = 1 << 20
	maxStatement = 256 << 20 // a province's day is about 10 MB
)

// NewClient talks to the platform at baseURL, such as
// "http://127.0.0.1:8080/sim/pay"; hc nil is http.DefaultClient.
func NewClient(baseURL string, hc *http.Client) *Client {
	if hc == nil {
		hc = http.DefaultClient
	}
	return &Client{base: strings.TrimSuffix(baseURL, "/"), hc: hc}
}

// Open registers the order and returns its pay page.
func (c *Client) Open(ctx context.Context, o payment.Order, returnURL string) (string, error) {
	if o.Status != payment.StatusUnpaid {
		return "", onetrip.Conflict("payment.order.not_payable", o.Status)
	}
	var out openResponse
	err := c.call(ctx, http.MethodPost, "/api/orders", openRequest{Code: o.Code, AmountFen: o.Amount.Fen(), ItemName: o.ItemName,
		PayerName: o.Payer.Name, DepartmentName: o.DepartmentName, CaseNumber: o.CaseNumber, ReturnURL: returnURL}, &out)
	if err != nil {
		return "", err
	}
	if u, perr := url.Parse(out.PayURL); perr != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return "", payment.PlatformError(http.StatusBadGateway, "pay_url", perr)
	}
	return out.PayURL, nil
}

// Refund returns amount of a paid order; the same refundID twice refunds once.
func (c *Client) Refund(ctx context.Context, o payment.Order, amount catalog.Amount, refundID string) error {
	var out refundResponse
	return c.call(ctx, http.MethodPost, "/api/refunds", refundRequest{Code: o.Code, AmountFen: amount.Fen(), RefundID: refundID}, &out)
}

// Statement reads one day's statement.
func (c *Client) Statement(ctx context.Context, day string) ([]payment.StatementLine, error) {
	if err := payment.CheckDay(day); err != nil {
		return nil, err
	}
	resp, err := c.do(ctx, http.MethodGet, "/api/statements/"+day, nil)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	lines, err := payment.ParseStatement(io.LimitReader(resp.Body, maxStatement))
	if err != nil {
		if onetrip.HasCode(err, onetrip.CodeInvalid) {
			return nil, err // the platform's statement is wrong: say where
		}
		return nil, payment.PlatformError(0, "", err)
	}
	return lines, nil
}

// PublicKey fetches the key that signs notifications. Callers keep it: a key
// fetched per notification would trust whoever answers at that moment.
func (c *Client) PublicKey(ctx context.Context) (*seal.PublicKey, error) {
	resp, err := c.do(ctx, http.MethodGet, "/api/key", nil)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if err != nil {
		return nil, payment.PlatformError(0, "", err)
	}
	return seal.ParsePublicKeyPEM(string(b))
}

// call sends a JSON request and decodes a JSON answer.
func (c *Client) call(ctx context.Context, method, path string, in, out any) error {
	body, err := json.Marshal(in)
	if err != nil {
		return onetrip.Internal(err)
	}
	resp, err := c.do(ctx, method, path, body)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(io.LimitReader(resp.Body, maxAnswer)).Decode(out); err != nil {
		return payment.PlatformError(http.StatusBadGateway, "malformed answer", err)
	}
	return nil
}

// do sends a request; an answer other than 200 becomes the platform's error.
func (c *Client) do(ctx context.Context, method, path string, body []byte) (*http.Response, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return nil, onetrip.Internal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, payment.PlatformError(0, "", err)
	}
	if resp.StatusCode == http.StatusOK {
		return resp, nil
	}
	defer resp.Body.Close()
	var e apiError
	msg := ""
	if b, _ := io.ReadAll(io.LimitReader(resp.Body, maxAnswer)); json.Unmarshal(b, &e) == nil && e.Message != "" {
		msg = e.Message
	} else {
		msg = strings.TrimSpace(string(b))
		if r := []rune(msg); len(r) > 200 {
			msg = string(r[:200])
		}
	}
	return nil, payment.PlatformError(resp.StatusCode, msg, nil)
}
