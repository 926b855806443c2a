package sharing

import (
	"context"
	"errors"
)

type requestKey struct{}

// WithRequest tells the provider which access record a fetch is for, so a
// department's system can log the platform's request id beside its own.
func WithRequest(ctx context.Context, accessID string) context.Context {
	return context.WithValue(ctx, requestKey{}, accessID)
}

// RequestOf is the access record id a fetch is for ("" when none).
func RequestOf(ctx context.Context) string { id, _ := ctx.Value(requestKey{}).(string); return id }

// ErrNoProvider: no provider answers the item here.
var ErrNoProvider = errors.New("sharing: no provider is connected for the item")

// Providers routes each item to the system that holds it: a department's
// own system where one is connected, else the fallback (the built-in
// registries), else none.
type Providers struct {
	ByItem   map[string]Provider
	Fallback Provider
}

// Fetch implements Provider.
func (ps Providers) Fetch(ctx context.Context, item, subject string) (Record, bool, error) {
	if p, ok := ps.ByItem[item]; ok {
		return p.Fetch(ctx, item, subject)
	}
	if ps.Fallback != nil {
		return ps.Fallback.Fetch(ctx, item, subject)
	}
	return nil, false, ErrNoProvider
}
