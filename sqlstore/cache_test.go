package sqlstore

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestRefreshedServesStaleWhileOneRefreshes(t *testing.T) {
	var loads atomic.Int32
	release, refreshing := make(chan struct{}), make(chan struct{}, 8)
	c := refreshed[int]{ttl: time.Nanosecond, load: func(ctx context.Context) (int, error) {
		n := loads.Add(1)
		if n > 1 {
			refreshing <- struct{}{}
			<-release // the refresh hangs: nobody may wait for it
		}
		return int(n), nil
	}}
	ctx := context.Background()
	if v, err := c.get(ctx); v != 1 || err != nil {
		t.Fatalf("first get = %d, %v", v, err)
	}
	// The value is stale at once; many callers get it without waiting, and
	// only one refresh runs.
	var wg sync.WaitGroup
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if v, err := c.get(ctx); v != 1 || err != nil {
				t.Errorf("stale get = %d, %v", v, err)
			}
		}()
	}
	wg.Wait()
	// The refresh runs in the background: wait until it has begun (it
	// hangs there), then count.
	select {
	case <-refreshing:
	case <-time.After(10 * time.Second):
		t.Fatal("no refresh began")
	}
	if n := loads.Load(); n != 2 {
		t.Fatalf("%d loads, want the first and one refresh", n)
	}
	close(release)
}

func TestRefreshedInvalidateReadsAgain(t *testing.T) {
	var n atomic.Int32
	c := refreshed[int]{ttl: time.Hour, load: func(ctx context.Context) (int, error) { return int(n.Add(1)), nil }}
	ctx := context.Background()
	c.get(ctx)
	c.invalidate()
	if v, _ := c.get(ctx); v != 2 {
		t.Fatalf("after invalidate got %d, want a fresh load", v)
	}
	if v, _ := c.get(ctx); v != 2 {
		t.Fatalf("a fresh value is kept, got %d", v)
	}
}

func TestRefreshedFirstLoadErrorAndCancel(t *testing.T) {
	boom := errors.New("boom")
	c := refreshed[int]{ttl: time.Hour, load: func(ctx context.Context) (int, error) { return 0, boom }}
	if _, err := c.get(context.Background()); !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	block := make(chan struct{})
	defer close(block)
	c2 := refreshed[int]{ttl: time.Hour, load: func(ctx context.Context) (int, error) { <-block; return 1, nil }}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c2.get(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("a caller whose context ends stops waiting: %v", err)
	}
}
