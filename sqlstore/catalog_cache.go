package sqlstore

import (
	"context"
	"strconv"
	"sync"

	"onetrip/casework"
)

// The catalogue generation counts changes that alter what intake resolves
// (imports, publishing, implementations). Resolutions are cached per node
// and reused while the generation stays the same: one indexed read instead
// of a dozen per application, and every node sees a publish at once.
const catalogGenKey = "catalog.gen"

func (s *Store) catalogGen(ctx context.Context) (int, error) {
	var v string
	err := s.r.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = $1`, catalogGenKey).Scan(&v)
	if err != nil {
		if isNoRows(err) {
			return 0, nil
		}
		return 0, s.mapErr(err)
	}
	n, _ := strconv.Atoi(v)
	return n, nil
}

// bumpCatalogGen is called in the transaction of a catalogue change.
func bumpCatalogGen(ctx context.Context, tx *Tx) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES ($1, '1')
		ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(meta.value AS INTEGER) + 1 AS TEXT)`, catalogGenKey)
	return err
}

type resolvedCache struct {
	mu  sync.RWMutex
	gen int
	m   map[string]*casework.Guide
}

func (c *resolvedCache) get(key string, gen int) (*casework.Guide, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.gen != gen || c.m == nil {
		return nil, false
	}
	r, ok := c.m[key]
	return r, ok
}

func (c *resolvedCache) put(key string, gen int, r *casework.Guide) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen || c.m == nil || len(c.m) > 10000 {
		c.gen, c.m = gen, map[string]*casework.Guide{}
	}
	c.m[key] = r
}
