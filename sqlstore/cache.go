package sqlstore

import (
	"context"
	"sync"
	"time"
)

// refreshed is a value read from the database and kept for a while (the
// calendar, the webhook subscriptions). It never holds its lock during the
// read, and a writer inside a transaction never waits for a refresh it did
// not need: a stale value is served while one caller refreshes it in the
// background (single flight). Only when there is no value at all — the
// first use, or after the node's own change invalidated it — do callers
// wait for the one load in flight, which runs on the read pool and so never
// waits for a lock a transaction holds.
type refreshed[T any] struct {
	ttl  time.Duration
	load func(context.Context) (T, error)

	mu      sync.Mutex
	val     T
	have    bool
	built   time.Time
	gen     uint64        // bumped by invalidate: a load begun before it is not kept
	loading chan struct{} // closed when the load in flight ends
	err     error         // the last load's error, for those who waited on it
}

// refreshTimeout bounds a background refresh, which has no request to
// take a deadline from.
const refreshTimeout = 10 * time.Second

// get returns the value, loading it when there is none.
func (c *refreshed[T]) get(ctx context.Context) (T, error) {
	for {
		c.mu.Lock()
		if c.have {
			v := c.val
			if time.Since(c.built) >= c.ttl && c.loading == nil {
				c.startLocked(context.Background())
			}
			c.mu.Unlock()
			return v, nil
		}
		if c.loading == nil {
			c.startLocked(ctx)
		}
		ch := c.loading
		c.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			var zero T
			return zero, ctx.Err()
		}
		c.mu.Lock()
		if !c.have && c.err != nil {
			err := c.err
			c.mu.Unlock()
			var zero T
			return zero, err
		}
		c.mu.Unlock()
	}
}

// startLocked begins a load; c.mu is held. The load keeps the caller's
// values but not its cancellation (one caller giving up must not fail the
// others) and has a deadline of its own.
func (c *refreshed[T]) startLocked(ctx context.Context) {
	ch := make(chan struct{})
	c.loading = ch
	gen := c.gen
	go func() {
		lctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), refreshTimeout)
		defer cancel()
		v, err := c.load(lctx)
		c.mu.Lock()
		defer c.mu.Unlock()
		c.loading = nil
		c.err = err
		if err == nil && gen == c.gen {
			c.val, c.have, c.built = v, true, time.Now()
		}
		close(ch)
	}()
}

// invalidate drops the value after this node's own change, so the next
// get reads the change.
func (c *refreshed[T]) invalidate() {
	c.mu.Lock()
	c.have = false
	c.gen++
	var zero T
	c.val = zero
	c.mu.Unlock()
}
