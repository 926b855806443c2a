package sqlstore

import (
	"context"
	"sync"

	"onetrip/intake"
	"onetrip/workday"
)

// Case numbers (办件编号) count per region and day in case_counters.
//
// On SQLite the counter row is updated inside the case's own transaction:
// the single writer serialises everything anyway, and numbers have no gaps.
//
// On PostgreSQL that row lock would be held across every statement and
// the commit of each case, serialising a region's intake (and, with a
// read through a busy pool, stalling it). There a node instead takes a
// block of numbers in a short transaction of its own, before the case's
// transaction begins, and hands them out from memory. Numbers stay unique
// and, per node, increasing; across nodes they interleave, and the unused
// rest of a block is lost when a node stops or a case fails after taking
// its number: gaps are allowed, duplicates never.
type numberBlocks struct {
	mu   sync.Mutex
	keys map[string]*numberBlock
}

type numberBlock struct {
	mu         sync.Mutex
	next, last int // the block is next..last; empty when next > last
}

// caseNumber is the number for a new case of a region's day taken outside
// any transaction, or "" when the dialect takes it in the transaction
// (numberInTx).
func (s *Store) caseNumber(ctx context.Context, region string, day workday.Date) (string, error) {
	size := s.d.numberBlock
	if size == 0 {
		return "", nil
	}
	key := region + "|" + day.String()
	s.numbers.mu.Lock()
	if s.numbers.keys == nil {
		s.numbers.keys = map[string]*numberBlock{}
	}
	b := s.numbers.keys[key]
	if b == nil {
		b = &numberBlock{next: 1}
		s.numbers.keys[key] = b
	}
	s.numbers.mu.Unlock()
	// One caller per region-day refills; the others wait for it, holding
	// no connection and no lock in the database.
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.next > b.last {
		var last int
		err := s.w.QueryRowContext(ctx, `INSERT INTO case_counters (region, day, last) VALUES ($1, $2, $3)
			ON CONFLICT (region, day) DO UPDATE SET last = case_counters.last + $3 RETURNING last`, region, day.String(), size).Scan(&last)
		if err != nil {
			return "", s.mapErr(err)
		}
		b.next, b.last = last-size+1, last
	}
	n := b.next
	b.next++
	return intake.CaseNumber(region, day, n), nil
}

// numberInTx takes the next number inside the case's transaction (SQLite).
func numberInTx(ctx context.Context, tx *Tx, region string, day workday.Date) (string, error) {
	var n int
	err := tx.QueryRowContext(ctx, `INSERT INTO case_counters (region, day, last) VALUES ($1, $2, 1)
		ON CONFLICT (region, day) DO UPDATE SET last = case_counters.last + 1 RETURNING last`, region, day.String()).Scan(&n)
	if err != nil {
		return "", err
	}
	return intake.CaseNumber(region, day, n), nil
}
