package paysim

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"time"

	"onetrip/payment"
)

// attemptTimeout bounds one delivery attempt.
const attemptTimeout = 10 * time.Second

// deliver sends a stored notification, with its duplicates unless it is a
// resend, each copy on its own goroutine and retried on its own, as
// independent deliveries of a real platform are. The channel closes when
// the first copy's first attempt has finished.
func (s *Sim) deliver(st stored, resend bool) <-chan struct{} {
	first := make(chan struct{})
	copies := 1
	if !resend {
		copies += max(s.opts.Duplicates, 0)
	}
	for c := range copies {
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			var signal chan struct{}
			if c == 0 {
				signal = first
			}
			s.send(st, c, resend, signal)
		}()
	}
	return first
}

// send delivers one copy until the receiver answers 2xx, refuses it (a 4xx
// other than 409 and 429: retrying would not change its mind), or the
// attempts run out.
func (s *Sim) send(st stored, cp int, resend bool, first chan struct{}) {
	done := func() {
		if first != nil {
			close(first)
			first = nil
		}
	}
	defer done()
	wait := s.opts.RetryBase
	for attempt := 1; attempt <= s.opts.MaxAttempts; attempt++ {
		status, err := s.attempt(st)
		d := Delivery{Notification: st.n, Copy: cp, Resend: resend, Attempt: attempt, Status: status, At: s.opts.Now()}
		if err != nil {
			d.Err = err.Error()
		}
		s.mu.Lock()
		s.sent = append(s.sent, d)
		s.mu.Unlock()
		done()
		switch {
		case err == errNoURL:
			s.opts.Log.Warn("paysim: no notification URL; notification dropped", "notify_id", st.n.ID)
			return
		case err == nil && status >= 200 && status < 300:
			return
		case err == nil && status >= 400 && status < 500 && status != http.StatusConflict && status != http.StatusTooManyRequests:
			s.opts.Log.Warn("paysim: the receiver refused a notification", "notify_id", st.n.ID, "status", status)
			return
		}
		if attempt == s.opts.MaxAttempts {
			s.opts.Log.Warn("paysim: notification not delivered, attempts exhausted", "notify_id", st.n.ID, "attempts", attempt)
			return
		}
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-s.ctx.Done():
			t.Stop()
			return
		}
		wait = min(wait*2, s.opts.RetryMax)
	}
}

type sendError string

func (e sendError) Error() string { return string(e) }

const errNoURL = sendError("no notification URL")

// attempt POSTs the notification once and returns the receiver's status.
func (s *Sim) attempt(st stored) (int, error) {
	s.mu.Lock()
	target := s.notifyURL
	s.mu.Unlock()
	if target == "" {
		return 0, errNoURL
	}
	ctx, cancel := context.WithTimeout(s.ctx, attemptTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(st.body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set(payment.SignatureHeader, st.signature)
	resp, err := s.opts.Client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	return resp.StatusCode, nil
}
