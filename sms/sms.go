// Package sms is the adapter to an SMS gateway (短信平台): the one
// interface the platform sends text messages through — SMS codes for
// registration and password reset, and notifications. A real gateway's
// client implements Gateway; smssim is the built-in simulator and its
// client, for the demo and the tests.
package sms

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Message is one text message. Ref makes a send idempotent: a gateway
// sends one message per Ref however often it is asked, so a retried job
// never texts twice.
type Message struct {
	To   string // a checked mainland mobile number (identity.CheckMobile)
	Text string // signed text as the citizen reads it, e.g. 【浙里办】…
	Ref  string
	// Category is the kind of template: gateways limit each per number on
	// its own, verification codes more strictly than notifications, so a
	// notification never holds back the code a citizen is waiting for.
	Category string // CategoryCode (the zero value) or CategoryNotice
}

// Categories of messages.
const (
	CategoryCode   = ""       // an SMS code (验证码类)
	CategoryNotice = "notice" // a notification (通知类)
)

// Receipt is the gateway's answer to an accepted message.
type Receipt struct {
	ID        string // the gateway's message id
	Duplicate bool   // Ref was sent before; nothing new went out
}

// Gateway sends messages.
type Gateway interface {
	Send(ctx context.Context, m Message) (Receipt, error)
}

// ErrRejected is a message the gateway will never send (a bad number, a
// text it refuses): retrying does not help.
var ErrRejected = errors.New("sms: rejected by the gateway")

// RateLimited is the gateway's per-number limit (e.g. one a minute, five
// an hour, ten a day to one number): try again after RetryAfter.
type RateLimited struct{ RetryAfter time.Duration }

func (e *RateLimited) Error() string {
	return fmt.Sprintf("sms: rate limited for this number; retry after %s", e.RetryAfter)
}
