package sqlstore

import (
	"context"
	"fmt"
	"strings"
)

// PartitionCasesByCity turns a PostgreSQL database's cases table into one
// partitioned by city (declarative LIST partitioning on the city column:
// one partition per city of the regions table, and a default one), the
// first step past one primary (docs/scaling.md). It runs once, in one
// transaction, on a migrated database:
//
//   - The partition key must be in every unique constraint, so the
//     primary key becomes (city, id) and the number's uniqueness (city,
//     number). Both stay unique overall: ids are UUIDv7 made in Go, and a
//     case number begins with its county's code.
//   - A foreign key to a partitioned table needs a unique constraint on the
//     referenced columns alone, which (city, id) is not: the eleven
//     foreign keys to cases(id) are dropped. Every write of a case's rows
//     goes through one transaction of the store with the case, so they
//     cannot point at a case that does not exist; what is lost is the
//     database's own check of it.
//   - The list indexes of migration 0007 are made on the partitioned table
//     (and so on every partition).
//
// SQLite has no partitions; there it is an error.
func (s *Store) PartitionCasesByCity(ctx context.Context) error {
	if s.d.name != postgres.name {
		return fmt.Errorf("partitioning needs PostgreSQL (engine %s)", s.d.name)
	}
	return s.Tx(ctx, func(tx *Tx) error {
		var done string
		tx.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'cases.partitioned'`).Scan(&done)
		if done != "" {
			return nil
		}
		rows, err := tx.QueryContext(ctx, `SELECT c.conname, c.conrelid::regclass::text FROM pg_constraint c
			WHERE c.contype = 'f' AND c.confrelid = 'cases'::regclass`)
		if err != nil {
			return err
		}
		var drops []string
		for rows.Next() {
			var name, table string
			if err := rows.Scan(&name, &table); err != nil {
				rows.Close()
				return err
			}
			drops = append(drops, `ALTER TABLE `+table+` DROP CONSTRAINT "`+name+`"`)
		}
		rows.Close()
		var cities []string
		crows, err := tx.QueryContext(ctx, `SELECT code FROM regions WHERE level = 'city' AND code LIKE '33%' ORDER BY code`)
		if err != nil {
			return err
		}
		for crows.Next() {
			var code string
			if err := crows.Scan(&code); err != nil {
				crows.Close()
				return err
			}
			cities = append(cities, code[:4])
		}
		crows.Close()
		stmts := append(drops,
			`CREATE TABLE cases_partitioned (LIKE cases INCLUDING DEFAULTS) PARTITION BY LIST (city)`,
			`ALTER TABLE cases_partitioned ADD PRIMARY KEY (city, id)`,
			`ALTER TABLE cases_partitioned ADD UNIQUE (city, number)`)
		for _, c := range cities {
			stmts = append(stmts, `CREATE TABLE cases_city_`+c+` PARTITION OF cases_partitioned FOR VALUES IN ('`+c+`')`)
		}
		stmts = append(stmts,
			`CREATE TABLE cases_city_other PARTITION OF cases_partitioned DEFAULT`,
			`INSERT INTO cases_partitioned SELECT * FROM cases`,
			`DROP TABLE cases`,
			`ALTER TABLE cases_partitioned RENAME TO cases`)
		for _, ix := range caseListIndexes {
			stmts = append(stmts, ix)
		}
		stmts = append(stmts, `INSERT INTO meta (key, value) VALUES ('cases.partitioned', 'city')`)
		for _, q := range stmts {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("%s: %w", strings.SplitN(q, "(", 2)[0], err)
			}
		}
		return nil
	})
}

// caseListIndexes are the indexes of cases besides its keys (migrations
// 0003 and 0007), made again on a partitioned table.
var caseListIndexes = []string{
	`CREATE INDEX cases_applicant ON cases(applicant_id)`,
	`CREATE INDEX cases_applicant_user ON cases(applicant_user)`,
	`CREATE INDEX cases_created ON cases(created_at, id)`,
	`CREATE INDEX cases_city ON cases(city, created_at, id)`,
	`CREATE INDEX cases_county ON cases(county, created_at, id)`,
	`CREATE INDEX cases_region ON cases(region, created_at, id)`,
	`CREATE INDEX cases_status ON cases(status, created_at, id)`,
	`CREATE INDEX cases_county_status ON cases(county, status, created_at, id)`,
	`CREATE INDEX cases_subject ON cases(subject, created_at, id)`,
	`CREATE INDEX cases_breach ON cases(created_at, id, region, city, county) WHERE second_notice OR visit_breach`,
	`CREATE INDEX cases_running_due ON cases(created_at, id, due_date, region, city, county) WHERE status IN ('accepted', 'in_review')`,
	`CREATE INDEX cases_number ON cases(number)`,
}
