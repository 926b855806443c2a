package sqlstore_test

import (
	"context"
	"strconv"
	"sync"
	"testing"
	"time"

	"onetrip"
	"onetrip/org"
	"onetrip/sqlstore"
	"onetrip/sqlstore/sqltest"
)

var testKinds = []org.Kind{
	{Kind: "market", Name: "市场监督管理局", Short: "市场监管"},
	{Kind: "public-security", Name: "公安局", Short: "公安"},
	{Kind: "customs", Name: "海关", Short: "海关"},
}

func bootstrapped(t *testing.T, s *sqlstore.Store) {
	t.Helper()
	if err := s.Bootstrap(context.Background(), testKinds); err != nil {
		t.Fatal(err)
	}
}

func TestMigrateIdempotentAndReady(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		if err := s.Migrate(ctx); err != nil {
			t.Fatal("second migrate:", err)
		}
		if v, err := s.SchemaVersion(ctx); err != nil || v != sqlstore.LatestVersion() {
			t.Fatalf("schema %d (%v), want %d", v, err, sqlstore.LatestVersion())
		}
		if err := s.Ready(ctx); err != nil {
			t.Fatal(err)
		}
	})
}

func TestConcurrentMigrations(t *testing.T) {
	if sqltest.PostgresDSN() == "" {
		t.Skip("needs PostgreSQL: several nodes migrating one database at once")
	}
	cfg := sqltest.Config(t, "postgres")
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := sqlstore.Open(context.Background(), cfg)
			if err == nil {
				s.Close()
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestBootstrapRegionsAndOrganisations(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		bootstrapped(t, s)
		bootstrapped(t, s) // a second start changes nothing
		cities, err := s.Regions(ctx, "330000")
		if err != nil || len(cities) != 11 {
			t.Fatalf("Zhejiang cities: %d %v", len(cities), err)
		}
		provinces, err := s.Regions(ctx, "")
		if err != nil || len(provinces) != 31 {
			t.Fatalf("provinces: %d %v", len(provinces), err)
		}
		path, err := s.RegionPath(ctx, "330802005")
		if err != nil || len(path) != 4 || sqlstore.FullName(path) != "浙江省衢州市柯城区新新街道" {
			t.Fatalf("path: %+v %v", path, err)
		}
		if _, err := s.Regions(ctx, "999900"); !onetrip.HasCode(err, onetrip.CodeNotFound) {
			t.Fatalf("unknown parent: %v", err)
		}
		depts, err := s.Departments(ctx, "330800")
		if err != nil || len(depts) != 3 {
			t.Fatalf("city departments: %+v %v", depts, err)
		}
		county, err := s.Departments(ctx, "330802")
		if err != nil || len(county) != 2 { // no county customs office
			t.Fatalf("county departments: %+v %v", county, err)
		}
		d, err := s.Department(ctx, "330802-market")
		if err != nil || d.Name != "柯城区市场监督管理局" || len(d.Code) != 18 {
			t.Fatalf("%+v %v", d, err)
		}
		centers, err := s.Centers(ctx, "330802")
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[string]int{}
		for _, c := range centers {
			kinds[c.Kind]++
			if len(c.Windows) == 0 {
				t.Errorf("%s has no windows", c.Name)
			}
		}
		if kinds[org.CenterAdmin] != 1 || kinds[org.CenterTownship] < 5 || kinds[org.CenterAgent] != 2 {
			t.Fatalf("centres of 柯城区: %v", kinds)
		}
		if hz, _ := s.Centers(ctx, "330402"); len(hz) != 1 { // 嘉兴南湖: only the county centre
			t.Fatalf("centres of 南湖区: %d", len(hz))
		}
	})
}

func TestUsersLoginSessionsTokens(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		bootstrapped(t, s)
		now := time.Date(2026, 11, 27, 8, 0, 0, 0, time.UTC)
		s.SetClock(func() time.Time { return now })
		pw := "window-clerk-pass"
		u, err := s.CreateUser(ctx, sqlstore.NewUser{Username: "clerk1", Role: onetrip.RoleClerk, Region: "330802", Center: "330802-center", Password: pw})
		if err != nil {
			t.Fatal(err)
		}
		for name, nu := range map[string]sqlstore.NewUser{
			"duplicate":      {Username: "clerk1", Role: onetrip.RoleClerk, Region: "330802", Password: pw},
			"bad role":       {Username: "x1", Role: "boss", Region: "330802", Password: pw},
			"no region":      {Username: "x2", Role: onetrip.RoleClerk, Password: pw},
			"short password": {Username: "x3", Role: onetrip.RoleAdmin, Region: "330800", Password: "short"},
			"dept elsewhere": {Username: "x4", Role: onetrip.RoleReviewer, Region: "330802", Department: "330100-market", Password: pw},
			"centre outside": {Username: "x5", Role: onetrip.RoleClerk, Region: "330100", Center: "330802-center", Password: pw},
			"bad username":   {Username: "a b", Role: onetrip.RoleAdmin, Region: "330800", Password: pw},
		} {
			if _, err := s.CreateUser(ctx, nu); err == nil {
				t.Errorf("%s: accepted", name)
			}
		}
		if users, _ := s.Users(ctx, ""); len(users) != 1 {
			t.Fatalf("bad input wrote accounts: %d users", len(users))
		}

		const office, attacker = "10.0.0.5", "203.0.113.9"
		if _, _, err := s.Login(ctx, "clerk1", "wrong", office); !onetrip.HasCode(err, onetrip.CodeUnauthorized) {
			t.Fatalf("wrong password: %v", err)
		}
		if _, _, err := s.Login(ctx, "nobody", pw, office); !onetrip.HasCode(err, onetrip.CodeUnauthorized) {
			t.Fatalf("unknown user: %v", err)
		}
		got, alerts, err := s.Login(ctx, "clerk1", pw, office)
		if err != nil || got.ID != u.ID || got.Center != "330802-center" || alerts != 1 {
			t.Fatalf("login: %+v %d %v", got, alerts, err)
		}
		// Someone elsewhere fails again and again with the clerk's name: that
		// source is slowed, for every name it tries; the clerk at the office
		// logs in at once, and is told of the failures.
		for range 5 {
			s.Login(ctx, "clerk1", "guess", attacker)
		}
		if _, _, err := s.Login(ctx, "clerk1", pw, attacker); onetrip.AsError(err).Key != "auth.too_many_failures" {
			t.Fatalf("the failing source is not slowed: %v", err)
		}
		if _, _, err := s.Login(ctx, "someone.else", "guess", attacker); onetrip.AsError(err).Key != "auth.too_many_failures" {
			t.Fatalf("the failing source is slowed for other names too: %v", err)
		}
		got, alerts, err = s.Login(ctx, "clerk1", pw, office)
		if err != nil || got.ID != u.ID || alerts != 3 {
			t.Fatalf("the clerk is kept out by another source's failures: %d %v", alerts, err)
		}
		if _, alerts, _ := s.Login(ctx, "clerk1", pw, office); alerts != 0 {
			t.Fatalf("the alert is shown once: %d", alerts)
		}
		now = now.Add(40 * time.Second)
		if _, _, err := s.Login(ctx, "clerk1", pw, attacker); err != nil {
			t.Fatalf("after the delay the source may try again: %v", err)
		}
		// Unknown names leave no row of their own.
		var rows int
		for i := range 20 {
			s.Login(ctx, "ghost"+strconv.Itoa(i), "x", "198.51.100.1")
			now = now.Add(time.Minute)
		}
		if err := s.Tx(ctx, func(tx *sqlstore.Tx) error {
			return tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM login_failures`).Scan(&rows)
		}); err != nil || rows > 3 {
			t.Fatalf("login_failures rows: %d %v", rows, err)
		}

		id, csrf, err := s.CreateSession(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		sess, err := s.SessionByID(ctx, id)
		if err != nil || sess.User.ID != u.ID || sess.CSRF != csrf {
			t.Fatalf("session: %+v %v", sess, err)
		}
		now = now.Add(13 * time.Hour)
		if _, err := s.SessionByID(ctx, id); !onetrip.HasCode(err, onetrip.CodeUnauthorized) {
			t.Fatalf("expired session: %v", err)
		}
		if _, err := s.SessionByID(ctx, id+"x"); err == nil {
			t.Fatal("forged session id accepted")
		}

		tok, info, err := s.IssueToken(ctx, u.ID, "test", 0)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := s.UserByToken(ctx, tok); err != nil || got.ID != u.ID {
			t.Fatalf("token: %v", err)
		}
		if err := s.RevokeToken(ctx, "someone-else", info.ID); !onetrip.HasCode(err, onetrip.CodeNotFound) {
			t.Fatalf("revoking another user's token: %v", err)
		}
		if err := s.RevokeToken(ctx, u.ID, info.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.UserByToken(ctx, tok); !onetrip.HasCode(err, onetrip.CodeUnauthorized) {
			t.Fatalf("revoked token: %v", err)
		}
		// Tokens expire: 90 days by default, or as issued.
		short, _, err := s.IssueToken(ctx, u.ID, "short", 24*time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		long, info2, _ := s.IssueToken(ctx, u.ID, "default", 0)
		if info2.ExpiresAt == nil || info2.ExpiresAt.Sub(now) != 90*24*time.Hour {
			t.Fatalf("default expiry: %v", info2.ExpiresAt)
		}
		now = now.Add(25 * time.Hour)
		if _, err := s.UserByToken(ctx, short); onetrip.AsError(err).Key != "auth.token_expired" {
			t.Fatalf("expired token: %v", err)
		}
		if _, err := s.UserByToken(ctx, long); err != nil {
			t.Fatalf("unexpired token: %v", err)
		}
	})
}

func TestTxRollsBackOnError(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		bootstrapped(t, s)
		wantErr := onetrip.Invalid("err.invalid")
		err := s.Tx(ctx, func(tx *sqlstore.Tx) error {
			if err := sqlstore.SetMeta(ctx, tx, "half", "written"); err != nil {
				return err
			}
			return wantErr
		})
		if err != wantErr {
			t.Fatalf("got %v", err)
		}
		if v, _ := s.Meta(ctx, "half"); v != "" {
			t.Fatal("a failed transaction left a write behind")
		}
	})
}

// TestMigrateAppliesAMissedEarlierVersion: a database that has a later
// migration but not an earlier one (two branches landed in the other
// order) gets the earlier one on the next start.
func TestMigrateAppliesAMissedEarlierVersion(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		db := s.DB()
		if _, err := db.ExecContext(ctx, `ALTER TABLE blobs DROP COLUMN name`); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ExecContext(ctx, `DELETE FROM schema_migrations WHERE version = 12`); err != nil {
			t.Fatal(err)
		}
		if err := s.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = 12`).Scan(&n); err != nil || n != 1 {
			t.Fatalf("version 12 recorded %d times (%v)", n, err)
		}
		if _, err := db.ExecContext(ctx, `UPDATE blobs SET name = '' WHERE id = 'none'`); err != nil {
			t.Fatalf("blobs.name is back: %v", err)
		}
	})
}
