package sqlstore

import (
	"cmp"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/json"
	"errors"
	"math/big"
	"strconv"
	"strings"
	"time"

	"onetrip"
	"onetrip/auth"
	"onetrip/idcode"
)

// User is an account. The password hash never leaves the store.
type User struct {
	ID         string       `json:"id"`
	Username   string       `json:"username"`
	Name       string       `json:"name"`
	Role       onetrip.Role `json:"role"`
	Region     string       `json:"region,omitempty"`
	Department string       `json:"department,omitempty"`
	Center     string       `json:"center,omitempty"`
	IDNumber   string       `json:"id_number,omitempty"`
	Disabled   bool         `json:"disabled"`
	CreatedAt  time.Time    `json:"created_at"`
	// Version is bumped by every change an admin makes; a change names the
	// version it was made on (the user admin page's forms carry it).
	Version int `json:"-"`
}

// Principal is the user as a caller.
func (u User) Principal() *onetrip.Principal {
	return &onetrip.Principal{UserID: u.ID, Username: u.Username, Name: u.Name, Role: u.Role,
		Region: u.Region, Department: u.Department, Center: u.Center, IDNumber: u.IDNumber}
}

// NewUser is what creating an account takes.
type NewUser struct {
	Username   string
	Name       string
	Role       onetrip.Role
	Region     string
	Department string
	Center     string
	IDNumber   string
	Password   string
	// By is the admin creating it from the user admin page, recorded in
	// its history; the CLI and the demo leave it empty.
	By string
}

func init() {
	onetrip.Register(onetrip.Messages{
		"user.username":        {"用户名须为 2–32 位字母、数字、点、下划线或连字符", "the username must be 2–32 letters, digits, dots, underscores or hyphens"},
		"user.role":            {"未知角色 %q", "unknown role %q"},
		"user.region_required": {"角色 %s 必须指定所属行政区划", "role %s needs a region"},
		"user.dept_required":   {"角色 %s 必须指定所属部门", "role %s needs a department"},
		"user.dept_region":     {"部门 %s 不属于行政区划 %s", "department %s is not in region %s"},
		"user.center_region":   {"服务中心 %s 不在行政区划 %s 内", "service centre %s is not in region %s"},
		"user.exists":          {"用户名 %s 已被使用", "the username %s is taken"},
		"user.not_found":       {"用户 %s 不存在", "user %s does not exist"},
		"user.invalid":         {"账号信息有 %d 处问题", "the account has %d problem(s)"},
		"user.name_long":       {"姓名或名称不能超过 %d 个字", "the name must be at most %d characters"},
		"user.changed":         {"用户 %s 的账号在您打开页面后已被他人修改，请重新打开后再操作", "user %s's account was changed by someone else since you opened it; open it again and retry"},
	})
}

func validUsername(u string) bool {
	if len(u) < 2 || len(u) > 32 {
		return false
	}
	for _, c := range u {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("._-", c)) {
			return false
		}
	}
	return true
}

// checkScope adds the problems of a role and scope to p: the one check of
// a new account (CreateUser) and of a changed one (UpdateUserScope).
func (s *Store) checkScope(ctx context.Context, role onetrip.Role, region, department, center string, p *onetrip.Problems) {
	if !role.Valid() {
		p.Add("role", "user.role", string(role))
	}
	if role.Valid() && role.NeedsRegion() && region == "" {
		p.Add("region", "user.region_required", string(role))
	}
	if role.Valid() && role.NeedsDepartment() && department == "" {
		p.Add("department", "user.dept_required", string(role))
	}
	if region != "" {
		if _, err := s.Region(ctx, region); err != nil {
			p.Add("region", "region.not_found", region)
		}
	}
	if department != "" {
		d, err := s.Department(ctx, department)
		if err != nil {
			p.Add("department", "department.not_found", department)
		} else if d.Region != region {
			p.Add("department", "user.dept_region", department, region)
		}
	}
	if center != "" {
		c, err := s.Center(ctx, center)
		if err != nil {
			p.Add("center", "center.not_found", center)
		} else if !idcode.RegionWithin(c.Region, region) {
			p.Add("center", "user.center_region", center, region)
		}
	}
}

// CreateUser checks and stores a new account with an argon2id password hash.
func (s *Store) CreateUser(ctx context.Context, nu NewUser) (User, error) {
	var p onetrip.Problems
	if !validUsername(nu.Username) {
		p.Add("username", "user.username")
	}
	s.checkScope(ctx, nu.Role, nu.Region, nu.Department, nu.Center, &p)
	if err := auth.CheckNewPassword(nu.Password); err != nil {
		p.Add("password", onetrip.AsError(err).Key, onetrip.AsError(err).Args...)
	}
	if err := p.Err("user.invalid", len(p)); err != nil {
		return User{}, err
	}
	hash, err := auth.HashPassword(nu.Password)
	if err != nil {
		return User{}, onetrip.Internal(err)
	}
	u := User{ID: NewID(), Username: nu.Username, Name: nu.Name, Role: nu.Role, Region: nu.Region,
		Department: nu.Department, Center: nu.Center, IDNumber: nu.IDNumber, CreatedAt: s.Now(), Version: 1}
	if u.Name == "" {
		u.Name = u.Username
	}
	err = s.Tx(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO users (id, username, name, role, region, department_id, center_id,
			id_number, password_hash, disabled, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)`,
			u.ID, u.Username, u.Name, string(u.Role), nullable(u.Region), nullable(u.Department), nullable(u.Center),
			u.IDNumber, hash, false, TS(u.CreatedAt))
		if err != nil || nu.By == "" {
			return err
		}
		return recordUserChange(ctx, tx, u.ID, nu.By, ChangeCreate, UserChange{Fields: scopeFields(User{}, u)})
	})
	if onetrip.HasCode(err, onetrip.CodeConflict) {
		return User{}, onetrip.Conflict("user.exists", nu.Username)
	}
	if err == nil && nu.Role != onetrip.RoleApplicant {
		s.officials.invalidate()
	}
	return u, err
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

const userCols = `u.id, u.username, u.name, u.role, u.region, u.department_id, u.center_id, u.id_number, u.disabled, u.created_at, u.version`

func scanUser(sc interface{ Scan(...any) error }, extra ...any) (User, error) {
	var u User
	var role, created string
	var region, dept, center sql.NullString
	dst := append([]any{&u.ID, &u.Username, &u.Name, &role, &region, &dept, &center, &u.IDNumber, &u.Disabled, &created, &u.Version}, extra...)
	if err := sc.Scan(dst...); err != nil {
		return u, err
	}
	u.Role, u.Region, u.Department, u.Center = onetrip.Role(role), region.String, dept.String, center.String
	u.CreatedAt = mustTS(created)
	return u, nil
}

// UserByName returns an account by username.
func (s *Store) UserByName(ctx context.Context, username string) (User, error) {
	u, err := scanUser(s.r.QueryRowContext(ctx, `SELECT `+userCols+` FROM users u WHERE u.username = $1`, username))
	if errors.Is(err, sql.ErrNoRows) {
		return u, onetrip.NotFound("user.not_found", username)
	}
	return u, s.mapErr(err)
}

// Users lists the accounts within a region scope (a prefix from
// idcode.RegionPrefix; "" = all), by username.
func (s *Store) Users(ctx context.Context, regionPrefix string) ([]User, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+userCols+` FROM users u
		WHERE $1 = '' OR u.region LIKE $2 ORDER BY u.username`, regionPrefix, regionPrefix+"%")
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	out := []User{}
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, s.mapErr(err)
		}
		out = append(out, u)
	}
	return out, s.mapErr(rows.Err())
}

// Login checks a username and password from a source (the client's
// address). A source with consecutive failures is slowed (auth.FailureDelay)
// whatever name it tries; the account is never locked, so another source's
// failures cannot keep its owner out: they count against the account for an
// alert its owner sees at the next login (alerts, the failures since the
// last successful login). Unknown names cost the time of a known one and
// leave no row of their own.
func (s *Store) Login(ctx context.Context, username, password, source string) (u User, alerts int, err error) {
	source = cmp.Or(strings.TrimSpace(source), "unknown")
	var failures int
	var last string
	err = s.r.QueryRowContext(ctx, `SELECT count, last_at FROM login_failures WHERE source = $1`, source).Scan(&failures, &last)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return User{}, 0, s.mapErr(err)
	}
	if wait := auth.FailureDelay(failures); wait > 0 && s.Now().Sub(mustTS(last)) < wait {
		s.log.Warn("login throttled", "source", source, "failures", failures)
		return User{}, 0, onetrip.E(onetrip.CodeUnauthorized, "auth.too_many_failures", int((wait-s.Now().Sub(mustTS(last))).Seconds())+1)
	}
	var hash string
	u, err = scanUser(s.r.QueryRowContext(ctx, `SELECT `+userCols+`, u.password_hash, u.failed_logins FROM users u WHERE u.username = $1`, username), &hash, &alerts)
	known := err == nil
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return User{}, 0, s.mapErr(err)
	}
	if !known {
		hash = auth.DummyHash
	}
	now := TS(s.Now())
	if !auth.VerifyPassword(hash, password) || !known {
		s.log.Warn("login failed", "username", username, "source", source, "failures", failures+1)
		if err := s.Tx(ctx, func(tx *Tx) error {
			if _, err := tx.ExecContext(ctx, `INSERT INTO login_failures (source, count, last_at) VALUES ($1, 1, $2)
				ON CONFLICT (source) DO UPDATE SET count = login_failures.count + 1, last_at = excluded.last_at`, source, now); err != nil {
				return err
			}
			if !known {
				return nil
			}
			_, err := tx.ExecContext(ctx, `UPDATE users SET failed_logins = failed_logins + 1, failed_login_at = $1 WHERE id = $2`, now, u.ID)
			return err
		}); err != nil {
			return User{}, 0, err
		}
		return User{}, 0, onetrip.Unauthorized("auth.bad_credentials")
	}
	if u.Disabled {
		return User{}, 0, onetrip.Unauthorized("auth.disabled")
	}
	if failures > 0 || alerts > 0 {
		if err := s.Tx(ctx, func(tx *Tx) error {
			if _, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE source = $1`, source); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `UPDATE users SET failed_logins = 0 WHERE id = $1`, u.ID)
			return err
		}); err != nil {
			return User{}, 0, err
		}
	}
	return u, alerts, nil
}

// Session is a browser login.
type Session struct {
	User User
	CSRF string
}

// CreateSession starts a browser session and returns its secret id; only
// its hash is stored.
func (s *Store) CreateSession(ctx context.Context, userID string) (id, csrf string, err error) {
	id, csrf = auth.NewToken(auth.SessionPrefix), auth.NewToken("")
	now := s.Now()
	err = s.Tx(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO sessions (id_hash, user_id, csrf, created_at, expires_at) VALUES ($1,$2,$3,$4,$5)`,
			auth.HashToken(id), userID, csrf, TS(now), TS(now.Add(auth.SessionTTL)))
		return err
	})
	return id, csrf, err
}

// SessionByID returns a live session and its user.
func (s *Store) SessionByID(ctx context.Context, id string) (Session, error) {
	if !auth.LooksLikeToken(id, auth.SessionPrefix) {
		return Session{}, onetrip.Unauthorized("auth.session_expired")
	}
	var sess Session
	var expires string
	u, err := scanUser(s.r.QueryRowContext(ctx, `SELECT `+userCols+`, s.csrf, s.expires_at FROM sessions s
		JOIN users u ON u.id = s.user_id WHERE s.id_hash = $1`, auth.HashToken(id)), &sess.CSRF, &expires)
	if errors.Is(err, sql.ErrNoRows) || err == nil && (u.Disabled || mustTS(expires).Before(s.Now())) {
		return Session{}, onetrip.Unauthorized("auth.session_expired")
	}
	if err != nil {
		return Session{}, s.mapErr(err)
	}
	sess.User = u
	return sess, nil
}

// DeleteSession logs a browser out.
func (s *Store) DeleteSession(ctx context.Context, id string) error {
	return s.Tx(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE id_hash = $1`, auth.HashToken(id))
		return err
	})
}

// APIToken describes an issued bearer token (never the token itself).
type APIToken struct {
	ID        string     `json:"id"`
	UserID    string     `json:"user_id"`
	Name      string     `json:"name"`
	CreatedAt time.Time  `json:"created_at"`
	ExpiresAt *time.Time `json:"expires_at,omitempty"`
	RevokedAt *time.Time `json:"revoked_at,omitempty"`
}

// IssueToken creates a bearer token for a user and returns it once; the
// database keeps only its hash. It expires after ttl (auth.DefaultTokenTTL
// when 0).
func (s *Store) IssueToken(ctx context.Context, userID, name string, ttl time.Duration) (string, APIToken, error) {
	tok := auth.NewToken(auth.APITokenPrefix)
	now := s.Now()
	exp := now.Add(cmp.Or(ttl, auth.DefaultTokenTTL))
	t := APIToken{ID: NewID(), UserID: userID, Name: name, CreatedAt: now, ExpiresAt: &exp}
	err := s.Tx(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO api_tokens (id, hash, user_id, name, created_at, expires_at) VALUES ($1,$2,$3,$4,$5,$6)`,
			t.ID, auth.HashToken(tok), userID, name, TS(t.CreatedAt), TS(exp))
		return err
	})
	return tok, t, err
}

// UserByToken authenticates a bearer token.
func (s *Store) UserByToken(ctx context.Context, tok string) (User, error) {
	if !auth.LooksLikeToken(tok, auth.APITokenPrefix) {
		return User{}, onetrip.Unauthorized("auth.token_invalid")
	}
	var exp sql.NullString
	u, err := scanUser(s.r.QueryRowContext(ctx, `SELECT `+userCols+`, t.expires_at FROM api_tokens t JOIN users u ON u.id = t.user_id
		WHERE t.hash = $1 AND t.revoked_at IS NULL`, auth.HashToken(tok)), &exp)
	if errors.Is(err, sql.ErrNoRows) || err == nil && u.Disabled {
		return User{}, onetrip.Unauthorized("auth.token_invalid")
	}
	if err == nil && exp.Valid && !s.Now().Before(mustTS(exp.String)) {
		return User{}, onetrip.Unauthorized("auth.token_expired", exp.String[:10])
	}
	return u, s.mapErr(err)
}

// RevokeToken revokes one of a user's tokens.
func (s *Store) RevokeToken(ctx context.Context, userID, tokenID string) error {
	return s.Tx(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL`,
			TS(s.Now()), tokenID, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return onetrip.NotFound("err.not_found")
		}
		return nil
	})
}

// Tokens lists a user's tokens.
func (s *Store) Tokens(ctx context.Context, userID string) ([]APIToken, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, user_id, name, created_at, revoked_at, expires_at FROM api_tokens WHERE user_id = $1 ORDER BY created_at`, userID)
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	out := []APIToken{}
	for rows.Next() {
		var t APIToken
		var created string
		var revoked, expires sql.NullString
		if err := rows.Scan(&t.ID, &t.UserID, &t.Name, &created, &revoked, &expires); err != nil {
			return nil, s.mapErr(err)
		}
		t.CreatedAt, t.ExpiresAt = mustTS(created), optTS(expires)
		if revoked.Valid {
			r := mustTS(revoked.String)
			t.RevokedAt = &r
		}
		out = append(out, t)
	}
	return out, s.mapErr(rows.Err())
}

// Meta reads a metadata value ("" when unset).
func (s *Store) Meta(ctx context.Context, key string) (string, error) {
	var v string
	err := s.r.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = $1`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, s.mapErr(err)
}

// SetMeta writes a metadata value inside a transaction.
func SetMeta(ctx context.Context, tx *Tx, key, value string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES ($1, $2)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	return err
}

// ClaimMeta sets a metadata key only if it is unset and reports whether
// this caller set it: a once-only claim shared by every node (the demo set
// is loaded by exactly one of several nodes starting together).
func (s *Store) ClaimMeta(ctx context.Context, key, value string) (bool, error) {
	claimed := false
	err := s.Tx(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`, key, value)
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		claimed = n == 1
		return nil
	})
	return claimed, err
}

// ---- the user admin page (issue 13) ----
//
// An admin's changes to an account: each names the version it was made on
// (User.Version) and is refused as a conflict when someone changed the
// account since, and each is recorded in user_changes in the same
// transaction. Who may make them is policy's (policy.ManageUser,
// GrantUser); the store checks the data. Sessions and tokens read the
// account at every request, so a new role or scope, or disabling, holds at
// the caller's next request.

// Actions recorded in an account's history.
const (
	ChangeCreate   = "create"
	ChangeScope    = "scope"
	ChangePassword = "password"
	ChangeDisable  = "disable"
	ChangeEnable   = "enable"
	ChangeRevoke   = "revoke"
)

// UserChange is one entry of an account's history: who, when, what.
type UserChange struct {
	At     time.Time `json:"-"`
	Actor  string    `json:"-"`
	Action string    `json:"-"`
	// Fields are the changed fields: name → [before, after].
	Fields map[string][2]string `json:"fields,omitempty"`
	// Generated says a reset's password was generated (else the admin typed it).
	Generated bool `json:"generated,omitempty"`
	// Sessions and Tokens are how many of each the change ended.
	Sessions int `json:"sessions,omitempty"`
	Tokens   int `json:"tokens,omitempty"`
}

func recordUserChange(ctx context.Context, tx *Tx, userID, actor, action string, c UserChange) error {
	detail, err := json.Marshal(c)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO user_changes (id, user_id, at, actor, action, detail) VALUES ($1,$2,$3,$4,$5,$6)`,
		NewID(), userID, TS(tx.s.Now()), actor, action, string(detail))
	return err
}

// scopeFields are the name, role and scope fields that differ between two
// states of an account.
func scopeFields(from, to User) map[string][2]string {
	out := map[string][2]string{}
	for _, f := range []struct{ name, a, b string }{
		{"name", from.Name, to.Name}, {"role", string(from.Role), string(to.Role)}, {"region", from.Region, to.Region},
		{"department", from.Department, to.Department}, {"center", from.Center, to.Center},
	} {
		if f.a != f.b {
			out[f.name] = [2]string{f.a, f.b}
		}
	}
	return out
}

// UserChanges is an account's history, newest first.
func (s *Store) UserChanges(ctx context.Context, userID string, limit int) ([]UserChange, error) {
	if limit <= 0 {
		limit = 50
	}
	rows, err := s.r.QueryContext(ctx, `SELECT at, actor, action, detail FROM user_changes WHERE user_id = $1
		ORDER BY at DESC, id DESC LIMIT `+strconv.Itoa(limit), userID)
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	out := []UserChange{}
	for rows.Next() {
		var c UserChange
		var at, detail string
		if err := rows.Scan(&at, &c.Actor, &c.Action, &detail); err != nil {
			return nil, s.mapErr(err)
		}
		if err := json.Unmarshal([]byte(detail), &c); err != nil {
			return nil, onetrip.Internal(err)
		}
		c.At = mustTS(at)
		out = append(out, c)
	}
	return out, s.mapErr(rows.Err())
}

// UserByID returns an account by id.
func (s *Store) UserByID(ctx context.Context, id string) (User, error) {
	u, err := scanUser(s.r.QueryRowContext(ctx, `SELECT `+userCols+` FROM users u WHERE u.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return u, onetrip.NotFound("user.not_found", id)
	}
	return u, s.mapErr(err)
}

// UserQuery is a page of an admin's list of accounts.
type UserQuery struct {
	// Scope is the lister's scope (policy.UserListScope): the accounts
	// whose region starts with it ("" none), and with Unscoped also those
	// without a region (citizens').
	Scope    string
	Unscoped bool
	Role     onetrip.Role
	Region   string // only this region and those inside it
	Q        string // in the username or the name
	Disabled *bool
	Offset   int
	Limit    int // 50 when 0
}

// ListUsers returns a page of accounts by username, and whether there are
// more.
func (s *Store) ListUsers(ctx context.Context, q UserQuery) ([]User, bool, error) {
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	var scope []string
	if q.Scope != "" {
		scope = append(scope, "u.region LIKE "+arg(escapeLike(q.Scope)+"%")+` ESCAPE '\'`)
	}
	if q.Unscoped {
		scope = append(scope, "u.region IS NULL")
	}
	if len(scope) == 0 {
		return []User{}, false, nil
	}
	where := []string{"(" + strings.Join(scope, " OR ") + ")"}
	if q.Role != "" {
		where = append(where, "u.role = "+arg(string(q.Role)))
	}
	if q.Region != "" {
		where = append(where, "u.region LIKE "+arg(escapeLike(idcode.RegionPrefix(q.Region))+"%")+` ESCAPE '\'`)
	}
	for _, w := range strings.Fields(q.Q) {
		p := arg("%" + escapeLike(strings.ToLower(w)) + "%")
		where = append(where, "(LOWER(u.username) LIKE "+p+` ESCAPE '\' OR LOWER(u.name) LIKE `+p+` ESCAPE '\')`)
	}
	if q.Disabled != nil {
		where = append(where, "u.disabled = "+arg(*q.Disabled))
	}
	limit := cmp.Or(q.Limit, 50)
	rows, err := s.r.QueryContext(ctx, `SELECT `+userCols+` FROM users u WHERE `+strings.Join(where, " AND ")+
		` ORDER BY u.username LIMIT `+strconv.Itoa(limit+1)+` OFFSET `+strconv.Itoa(max(q.Offset, 0)), args...)
	if err != nil {
		return nil, false, s.mapErr(err)
	}
	defer rows.Close()
	out := []User{}
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, false, s.mapErr(err)
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, false, s.mapErr(err)
	}
	if len(out) > limit {
		return out[:limit], true, nil
	}
	return out, false, nil
}

// ScopeChange is an account's new name, role and scope.
type ScopeChange struct {
	Name       string
	Role       onetrip.Role
	Region     string
	Department string
	Center     string
}

// bumpUser applies set (its placeholders from $3) to an account at version
// and bumps the version: a conflict when the account has another version
// (someone changed it since).
func bumpUser(ctx context.Context, tx *Tx, u User, version int, set string, args ...any) error {
	res, err := tx.ExecContext(ctx, `UPDATE users SET `+set+`, version = version + 1 WHERE id = $1 AND version = $2`,
		append([]any{u.ID, version}, args...)...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return onetrip.Conflict("user.changed", u.Username)
	}
	return nil
}

// unchanged answers a change that changes nothing: fine when it was asked
// of the current version, else a conflict like any other.
func unchanged(cur User, version int) error {
	if cur.Version != version {
		return onetrip.Conflict("user.changed", cur.Username)
	}
	return nil
}

// endAccess deletes an account's sessions and revokes its live tokens,
// returning how many of each.
func endAccess(ctx context.Context, tx *Tx, userID string) (sessions, tokens int, err error) {
	res, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID)
	if err != nil {
		return 0, 0, err
	}
	n, _ := res.RowsAffected()
	sessions = int(n)
	res, err = tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL`, TS(tx.s.Now()), userID)
	if err != nil {
		return 0, 0, err
	}
	n, _ = res.RowsAffected()
	return sessions, int(n), nil
}

// UpdateUserScope changes an account's name, role and scope with the
// checks of a new account, held to version.
func (s *Store) UpdateUserScope(ctx context.Context, id string, version int, ch ScopeChange, actor string) (User, error) {
	cur, err := s.UserByID(ctx, id)
	if err != nil {
		return User{}, err
	}
	var p onetrip.Problems
	s.checkScope(ctx, ch.Role, ch.Region, ch.Department, ch.Center, &p)
	if onetrip.TooLong(ch.Name, 100) {
		p.Add("name", "user.name_long", 100)
	}
	if err := p.Err("user.invalid", len(p)); err != nil {
		return User{}, err
	}
	next := cur
	next.Name, next.Role, next.Region, next.Department, next.Center = cmp.Or(strings.TrimSpace(ch.Name), cur.Username), ch.Role, ch.Region, ch.Department, ch.Center
	next.Version = version + 1
	fields := scopeFields(cur, next)
	if len(fields) == 0 { // nothing to change: only the version is held
		return cur, unchanged(cur, version)
	}
	err = s.Tx(ctx, func(tx *Tx) error {
		if err := bumpUser(ctx, tx, cur, version, `name = $3, role = $4, region = $5, department_id = $6, center_id = $7`,
			next.Name, string(next.Role), nullable(next.Region), nullable(next.Department), nullable(next.Center)); err != nil {
			return err
		}
		return recordUserChange(ctx, tx, id, actor, ChangeScope, UserChange{Fields: fields})
	})
	if err != nil {
		return User{}, err
	}
	s.officials.invalidate()
	return next, nil
}

// ResetPassword gives an account a new password — password, or a generated
// one when it is "" — held to version, and ends its sessions and tokens:
// whoever knew the old one is out. It returns the new password, to be shown
// once.
func (s *Store) ResetPassword(ctx context.Context, id string, version int, password, actor string) (User, string, error) {
	cur, err := s.UserByID(ctx, id)
	if err != nil {
		return User{}, "", err
	}
	generated := password == ""
	if generated {
		password = TemporaryPassword()
	}
	if err := auth.CheckNewPassword(password); err != nil {
		e := onetrip.AsError(err)
		return User{}, "", (onetrip.Problems{{Path: "password", Key: e.Key, Args: e.Args}}).Err("user.invalid", 1)
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return User{}, "", onetrip.Internal(err)
	}
	err = s.Tx(ctx, func(tx *Tx) error {
		if err := bumpUser(ctx, tx, cur, version, `password_hash = $3, failed_logins = 0`, hash); err != nil {
			return err
		}
		sessions, tokens, err := endAccess(ctx, tx, id)
		if err != nil {
			return err
		}
		return recordUserChange(ctx, tx, id, actor, ChangePassword, UserChange{Generated: generated, Sessions: sessions, Tokens: tokens})
	})
	if err != nil {
		return User{}, "", err
	}
	cur.Version = version + 1
	return cur, password, nil
}

// SetUserDisabled disables an account or enables it again, held to
// version. Disabling also ends its sessions and revokes its tokens: they
// stop at once (SessionByID and UserByToken refuse a disabled account) and
// do not come back when it is enabled.
func (s *Store) SetUserDisabled(ctx context.Context, id string, version int, disabled bool, actor string) (User, error) {
	cur, err := s.UserByID(ctx, id)
	if err != nil {
		return User{}, err
	}
	if cur.Disabled == disabled {
		return cur, unchanged(cur, version)
	}
	err = s.Tx(ctx, func(tx *Tx) error {
		if err := bumpUser(ctx, tx, cur, version, `disabled = $3`, disabled); err != nil {
			return err
		}
		if !disabled {
			return recordUserChange(ctx, tx, id, actor, ChangeEnable, UserChange{})
		}
		sessions, tokens, err := endAccess(ctx, tx, id)
		if err != nil {
			return err
		}
		return recordUserChange(ctx, tx, id, actor, ChangeDisable, UserChange{Sessions: sessions, Tokens: tokens})
	})
	if err != nil {
		return User{}, err
	}
	cur.Disabled, cur.Version = disabled, version+1
	return cur, nil
}

// RevokeUserAccess ends every session of an account and revokes all its
// tokens (a lost laptop, a leaked token). The account itself is unchanged,
// so no version is asked and other admins' forms stay good.
func (s *Store) RevokeUserAccess(ctx context.Context, id, actor string) (sessions, tokens int, err error) {
	if _, err := s.UserByID(ctx, id); err != nil {
		return 0, 0, err
	}
	err = s.Tx(ctx, func(tx *Tx) error {
		var err error
		if sessions, tokens, err = endAccess(ctx, tx, id); err != nil {
			return err
		}
		return recordUserChange(ctx, tx, id, actor, ChangeRevoke, UserChange{Sessions: sessions, Tokens: tokens})
	})
	return sessions, tokens, err
}

// UserAccess counts an account's live sessions and tokens.
func (s *Store) UserAccess(ctx context.Context, id string) (sessions, tokens int, err error) {
	now := TS(s.Now())
	err = s.r.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM sessions WHERE user_id = $1 AND expires_at > $2),
		(SELECT COUNT(*) FROM api_tokens WHERE user_id = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2))`, id, now).
		Scan(&sessions, &tokens)
	return sessions, tokens, s.mapErr(err)
}

// TemporaryPassword is 16 characters from an alphabet without look-alikes
// (about 92 bits): a new account's or a reset's password that an admin
// reads out or copies once.
func TemporaryPassword() string {
	const alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789"
	b := make([]byte, 16)
	for i := range b {
		n, err := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
		if err != nil {
			panic(err) // crypto/rand never fails on supported platforms
		}
		b[i] = alphabet[n.Int64()]
	}
	return string(b)
}
