package sharing

import (
	"context"
	"errors"
)

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
