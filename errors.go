// Package onetrip holds the shared vocabulary of the platform: error codes and
// messages, roles and principals, and the small types every layer passes around.
// Domain packages import it; it imports nothing of the project.
package onetrip

import (
	"context"
	"errors"
	"fmt"
)

// Code classifies an error; one table in the HTTP layer maps it to a status.
type Code string

const (
	CodeInvalid      Code = "invalid"            // 400 or 422: the request is wrong
	CodeNotFound     Code = "not_found"          // 404
	CodeConflict     Code = "conflict"           // 409: state or version changed, duplicate
	CodeForbidden    Code = "forbidden"          // 403: authenticated, not allowed
	CodeUnauthorized Code = "unauthorized"       // 401: no or bad credentials
	CodeTooLarge     Code = "too_large"          // 413
	CodeUnsupported  Code = "unsupported"        // 415: wrong content type
	CodeMethod       Code = "method_not_allowed" // 405: the path exists with other methods
	CodeUnavailable  Code = "unavailable"        // 503: the request ran out of time (busy); try again
	CodeTooMany      Code = "too_many_requests"  // 429: a client asks faster than a public service allows
	CodeInternal     Code = "internal"           // 500: never carries internal detail to the client
)

// Codes lists every error code.
var Codes = []Code{CodeInvalid, CodeNotFound, CodeConflict, CodeForbidden, CodeUnauthorized, CodeTooLarge, CodeUnsupported,
	CodeMethod, CodeUnavailable, CodeTooMany, CodeInternal}

// Detail points at one problem inside a request: a JSON path and a message.
type Detail struct {
	Path string
	Key  string
	Args []any
}

// Error is the error every layer returns to callers that must explain it. Key
// names a message in the catalogue (both zh-CN and en); Args fill its verbs.
type Error struct {
	Code    Code
	Key     string
	Args    []any
	Details []Detail
	Err     error // cause, for logs only
}

func (e *Error) Error() string {
	s := string(e.Code) + ": " + Render(LangEN, e.Key, e.Args...)
	for _, d := range e.Details {
		s += "; " + d.Path + ": " + Render(LangEN, d.Key, d.Args...)
	}
	if e.Err != nil {
		s += " (" + e.Err.Error() + ")"
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// E builds an Error.
func E(code Code, key string, args ...any) *Error { return &Error{Code: code, Key: key, Args: args} }

// Invalid, NotFound, Conflict, Forbidden, Unauthorized are shorthands for E.
func Invalid(key string, args ...any) *Error  { return E(CodeInvalid, key, args...) }
func NotFound(key string, args ...any) *Error { return E(CodeNotFound, key, args...) }
func Conflict(key string, args ...any) *Error { return E(CodeConflict, key, args...) }

// Unavailable is a 503: something the answer needs does not answer now.
func Unavailable(key string, args ...any) *Error { return E(CodeUnavailable, key, args...) }
func Forbidden(key string, args ...any) *Error   { return E(CodeForbidden, key, args...) }
func Unauthorized(key string, args ...any) *Error {
	return E(CodeUnauthorized, key, args...)
}

// Internal wraps an unexpected error; the client sees only a generic message.
func Internal(err error) *Error { return &Error{Code: CodeInternal, Key: "err.internal", Err: err} }

// WithDetail appends one detail and returns e, for chaining.
func (e *Error) WithDetail(path, key string, args ...any) *Error {
	e.Details = append(e.Details, Detail{Path: path, Key: key, Args: args})
	return e
}

// Problems collects details of a validation that reports every finding at once.
type Problems []Detail

// Add records one problem.
func (p *Problems) Add(path, key string, args ...any) {
	*p = append(*p, Detail{Path: path, Key: key, Args: args})
}

// Err returns nil when there are no problems, or an invalid Error carrying them
// all under the summary key.
func (p Problems) Err(key string, args ...any) error {
	if len(p) == 0 {
		return nil
	}
	e := Invalid(key, args...)
	e.Details = append([]Detail(nil), p...)
	return e
}

// AsError finds an *Error in err's chain; a deadline that ran out is
// unavailable (the system is busy, the client may retry); anything else
// becomes internal.
func AsError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return &Error{Code: CodeUnavailable, Key: "err.unavailable", Err: err}
	}
	return Internal(err)
}

// HasCode reports whether err is an *Error with the given code.
func HasCode(err error, c Code) bool {
	var e *Error
	return errors.As(err, &e) && e.Code == c
}

// Errorf is for internal errors with context; it is never shown to clients.
func Errorf(format string, args ...any) error { return fmt.Errorf(format, args...) }
