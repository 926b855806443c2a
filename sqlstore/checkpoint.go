package sqlstore

import (
	"context"
	"database/sql"
	"time"
)

// SQLite's WAL checkpoints off the writer's path. By default the commit
// that pushes the WAL past 1,000 pages copies them into the database and
// syncs it — ~17 ms inside one user's commit, every few hundred writes,
// which is the p99 of intake and of the sharing log. The writer instead
// never checkpoints (wal_autocheckpoint 0) and this goroutine runs a
// PASSIVE checkpoint on a connection of its own every checkpointEvery:
// it copies what no reader still needs and waits for nobody. Durability is
// unchanged (a commit is in the WAL before it returns); Close truncates the
// WAL.

const checkpointEvery = 25 * time.Millisecond

type checkpointer struct {
	db   *sql.DB
	stop chan struct{}
	done chan struct{}
}

func startCheckpointer(base string) (*checkpointer, error) {
	db, err := sql.Open("sqlite", base)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	c := &checkpointer{db: db, stop: make(chan struct{}), done: make(chan struct{})}
	go c.loop()
	return c, nil
}

func (c *checkpointer) loop() {
	defer close(c.done)
	t := time.NewTicker(checkpointEvery)
	defer t.Stop()
	for {
		select {
		case <-c.stop:
			return
		case <-t.C:
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			c.db.ExecContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)") // busy or partial: the next tick goes on
			cancel()
		}
	}
}

func (c *checkpointer) close() error {
	close(c.stop)
	<-c.done
	return c.db.Close()
}
