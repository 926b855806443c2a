package payment

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"onetrip"

	"onetrip/catalog"
	"onetrip/seal"
)

// Platform is the unified payment platform as onetrip uses it; paysim is the
// built-in simulator, a real platform's client implements the same.
type Platform interface {
	// Open registers an unpaid order and returns the URL of the platform's
	// hosted pay page; opening the same order twice returns the same page.
	Open(ctx context.Context, o Order, returnURL string) (payURL string, err error)
	// Refund returns money of a paid order; refundID makes it idempotent.
	Refund(ctx context.Context, o Order, amount catalog.Amount, refundID string) error
	// Statement is the platform's statement of one day (YYYY-MM-DD, China time).
	Statement(ctx context.Context, day string) ([]StatementLine, error)
	// PublicKey is the platform's SM2 key that signs its notifications.
	PublicKey(ctx context.Context) (*seal.PublicKey, error)
}

// PlatformError is the error a Platform client returns for an answer that
// is not a success: status is the HTTP status (0 when nothing came back),
// message what the platform said, cause the transport's error. A platform
// that is down or broken is unavailable (try later); a refusal keeps its
// class (400 invalid, 404 not found, 409 conflict), so callers can tell a
// wrong request from a busy platform.
func PlatformError(status int, message string, cause error) error {
	var e *onetrip.Error
	switch {
	case status == 0 || status >= 500 || status == http.StatusTooManyRequests:
		reason := message
		if reason == "" && cause != nil {
			reason = cause.Error()
		}
		if reason == "" {
			reason = "HTTP " + strconv.Itoa(status)
		}
		e = onetrip.Unavailable("payment.platform.unavailable", reason)
	case status == http.StatusNotFound:
		e = onetrip.NotFound("payment.platform.refused", status, message)
	case status == http.StatusConflict:
		e = onetrip.Conflict("payment.platform.refused", status, message)
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		e = onetrip.Forbidden("payment.platform.refused", status, message)
	default:
		e = onetrip.Invalid("payment.platform.refused", status, message)
	}
	e.Err = cause
	return e
}

// CheckDay checks a statement's day, YYYY-MM-DD.
func CheckDay(day string) error {
	if _, err := time.Parse(time.DateOnly, day); err != nil || len(day) != len(time.DateOnly) {
		return onetrip.Invalid("payment.day.invalid", day)
	}
	return nil
}
