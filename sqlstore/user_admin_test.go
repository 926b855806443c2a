package sqlstore_test

import (
	"context"
	"testing"

	"onetrip"
	"onetrip/sqlstore"
	"onetrip/sqlstore/sqltest"
)

// TestUserAdminStore: an admin's changes to an account are held to the
// version they were made on (the second of two admins gets a conflict and
// changes nothing), are checked as a new account is, end the account's
// sessions and tokens where they should (a reset, disabling — and enabling
// does not bring them back), and are recorded; the list keeps to its scope.
func TestUserAdminStore(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		bootstrapped(t, s)
		const pw = "reviewer-pass-1"
		u, err := s.CreateUser(ctx, sqlstore.NewUser{Username: "rv1", Name: "审批员", Role: onetrip.RoleReviewer, Region: "330802",
			Department: "330802-market", Password: pw, By: "qz.admin"})
		if err != nil {
			t.Fatal(err)
		}
		for _, nu := range []sqlstore.NewUser{
			{Username: "hz1", Role: onetrip.RoleClerk, Region: "330102", Password: pw},
			{Username: "citizen1", Role: onetrip.RoleApplicant, Password: pw},
			{Username: "qz.city", Name: "衢州市管理员", Role: onetrip.RoleAdmin, Region: "330800", Password: pw},
		} {
			if _, err := s.CreateUser(ctx, nu); err != nil {
				t.Fatal(err)
			}
		}

		// The scope change: checked like a new account, nothing written when refused.
		if _, err := s.UpdateUserScope(ctx, u.ID, u.Version, sqlstore.ScopeChange{Role: onetrip.RoleReviewer, Region: "330802", Department: "330802-nosuch"}, "qz.admin"); !onetrip.HasCode(err, onetrip.CodeInvalid) ||
			len(onetrip.AsError(err).Details) != 1 || onetrip.AsError(err).Details[0].Path != "department" {
			t.Fatalf("a bad department: %v", err)
		}
		moved, err := s.UpdateUserScope(ctx, u.ID, u.Version, sqlstore.ScopeChange{Name: "审批员", Role: onetrip.RoleReviewer, Region: "330802", Department: "330802-public-security"}, "qz.admin")
		if err != nil || moved.Department != "330802-public-security" || moved.Version != u.Version+1 {
			t.Fatalf("moved: %+v %v", moved, err)
		}
		// A second admin on the page as it was before: a conflict, nothing changed.
		if _, err := s.UpdateUserScope(ctx, u.ID, u.Version, sqlstore.ScopeChange{Role: onetrip.RoleClerk, Region: "330802"}, "qz.admin2"); !onetrip.HasCode(err, onetrip.CodeConflict) {
			t.Fatalf("a stale change: %v", err)
		}
		if _, _, err := s.ResetPassword(ctx, u.ID, u.Version, "", "qz.admin2"); !onetrip.HasCode(err, onetrip.CodeConflict) {
			t.Fatalf("a stale reset: %v", err)
		}
		if got, _ := s.UserByID(ctx, u.ID); got.Role != onetrip.RoleReviewer || got.Department != "330802-public-security" || got.Version != moved.Version {
			t.Fatalf("the stale changes wrote: %+v", got)
		}

		// A reset ends the sessions and tokens; a typed password too short is refused.
		sess, _, _ := s.CreateSession(ctx, u.ID)
		tok, _, _ := s.IssueToken(ctx, u.ID, "script", 0)
		if _, _, err := s.ResetPassword(ctx, u.ID, moved.Version, "short", "qz.admin"); !onetrip.HasCode(err, onetrip.CodeInvalid) {
			t.Fatalf("a short password: %v", err)
		}
		if _, err := s.SessionByID(ctx, sess); err != nil {
			t.Fatal("a refused reset ended the session")
		}
		reset, temp, err := s.ResetPassword(ctx, u.ID, moved.Version, "", "qz.admin")
		if err != nil || len(temp) != 16 || reset.Version != moved.Version+1 {
			t.Fatalf("reset: %q %v", temp, err)
		}
		if _, err := s.SessionByID(ctx, sess); err == nil {
			t.Fatal("the session outlived the reset")
		}
		if _, err := s.UserByToken(ctx, tok); err == nil {
			t.Fatal("the token outlived the reset")
		}
		if _, _, err := s.Login(ctx, "rv1", pw, "10.0.0.1"); err == nil {
			t.Fatal("the old password still works")
		}
		if _, _, err := s.Login(ctx, "rv1", temp, "10.0.0.1"); err != nil {
			t.Fatalf("the new password: %v", err)
		}

		// Disabling stops a session and a token at once; enabling does not revive them.
		sess, _, _ = s.CreateSession(ctx, u.ID)
		tok, _, _ = s.IssueToken(ctx, u.ID, "script", 0)
		off, err := s.SetUserDisabled(ctx, u.ID, reset.Version, true, "qz.admin")
		if err != nil || !off.Disabled {
			t.Fatalf("disable: %v", err)
		}
		if _, _, err := s.Login(ctx, "rv1", temp, "10.0.0.1"); onetrip.AsError(err).Key != "auth.disabled" {
			t.Fatalf("a disabled account logs in: %v", err)
		}
		on, err := s.SetUserDisabled(ctx, u.ID, off.Version, false, "qz.admin")
		if err != nil || on.Disabled {
			t.Fatalf("enable: %v", err)
		}
		if _, err := s.SessionByID(ctx, sess); err == nil {
			t.Fatal("enabling revived a session")
		}
		if _, err := s.UserByToken(ctx, tok); err == nil {
			t.Fatal("enabling revived a token")
		}

		// Revoking: every session and token, no version asked.
		s.CreateSession(ctx, u.ID)
		s.IssueToken(ctx, u.ID, "a", 0)
		s.IssueToken(ctx, u.ID, "b", 0)
		if n, m, _ := s.UserAccess(ctx, u.ID); n != 1 || m != 2 {
			t.Fatalf("access before: %d sessions %d tokens", n, m)
		}
		if n, m, err := s.RevokeUserAccess(ctx, u.ID, "qz.admin"); err != nil || n != 1 || m != 2 {
			t.Fatalf("revoke: %d %d %v", n, m, err)
		}
		if n, m, _ := s.UserAccess(ctx, u.ID); n != 0 || m != 0 {
			t.Fatalf("access after: %d sessions %d tokens", n, m)
		}

		hist, err := s.UserChanges(ctx, u.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, c := range hist {
			actions = append(actions, c.Action)
		}
		want := []string{"revoke", "enable", "disable", "password", "scope", "create"}
		if len(actions) != len(want) {
			t.Fatalf("history %v, want %v", actions, want)
		}
		for i := range want {
			if actions[i] != want[i] {
				t.Fatalf("history %v, want %v", actions, want)
			}
		}
		if f := hist[4].Fields["department"]; f != [2]string{"330802-market", "330802-public-security"} || hist[4].Actor != "qz.admin" {
			t.Fatalf("the scope change: %+v", hist[4])
		}
		if !hist[3].Generated || hist[3].Sessions != 1 || hist[3].Tokens != 1 {
			t.Fatalf("the reset: %+v", hist[3])
		}

		// The list keeps to its scope; citizens only with Unscoped.
		names := func(q sqlstore.UserQuery) []string {
			t.Helper()
			list, _, err := s.ListUsers(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, u := range list {
				out = append(out, u.Username)
			}
			return out
		}
		if got := names(sqlstore.UserQuery{Scope: "3308"}); len(got) != 2 || got[0] != "qz.city" || got[1] != "rv1" {
			t.Fatalf("衢州: %v", got)
		}
		if got := names(sqlstore.UserQuery{}); len(got) != 0 {
			t.Fatalf("no scope lists nothing: %v", got)
		}
		if got := names(sqlstore.UserQuery{Scope: "33", Unscoped: true}); len(got) != 4 {
			t.Fatalf("the province: %v", got)
		}
		yes := true
		if got := names(sqlstore.UserQuery{Scope: "33", Unscoped: true, Disabled: &yes}); len(got) != 0 {
			t.Fatalf("disabled: %v", got)
		}
		if got := names(sqlstore.UserQuery{Scope: "33", Role: onetrip.RoleReviewer, Region: "330802", Q: "审批"}); len(got) != 1 || got[0] != "rv1" {
			t.Fatalf("filters: %v", got)
		}
		if got := names(sqlstore.UserQuery{Scope: "33", Q: "RV1"}); len(got) != 1 {
			t.Fatalf("the query ignores case: %v", got)
		}
		page, more, _ := s.ListUsers(ctx, sqlstore.UserQuery{Scope: "33", Unscoped: true, Limit: 3})
		rest, more2, _ := s.ListUsers(ctx, sqlstore.UserQuery{Scope: "33", Unscoped: true, Limit: 3, Offset: 3})
		if len(page) != 3 || !more || len(rest) != 1 || more2 {
			t.Fatalf("paging: %d %v %d %v", len(page), more, len(rest), more2)
		}
	})
}
