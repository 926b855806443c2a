package bench

import (
	"log/slog"
	"sort"
	"time"
)

func discard() *slog.Logger { return slog.New(slog.DiscardHandler) }

func sortDur(d []time.Duration) { sort.Slice(d, func(i, j int) bool { return d[i] < d[j] }) }
