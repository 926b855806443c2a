package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
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

// CreateUser checks and stores a new account with an argon2id password hash.
func (s *Store) CreateUser(ctx context.Context, nu NewUser) (User, error) {
	var p onetrip.Problems
	if !validUsername(nu.Username) {
		p.Add("username", "user.username")
	}
	if !nu.Role.Valid() {
		p.Add("role", "user.role", string(nu.Role))
	}
	if nu.Role.Valid() && nu.Role.NeedsRegion() && nu.Region == "" {
		p.Add("region", "user.region_required", string(nu.Role))
	}
	if nu.Role.Valid() && nu.Role.NeedsDepartment() && nu.Department == "" {
		p.Add("department", "user.dept_required", string(nu.Role))
	}
	if err := auth.CheckNewPassword(nu.Password); err != nil {
		p.Add("password", onetrip.AsError(err).Key, onetrip.AsError(err).Args...)
	}
	if nu.Region != "" {
		if _, err := s.Region(ctx, nu.Region); err != nil {
			p.Add("region", "region.not_found", nu.Region)
		}
	}
	if nu.Department != "" {
		d, err := s.Department(ctx, nu.Department)
		if err != nil {
			p.Add("department", "department.not_found", nu.Department)
		} else if d.Region != nu.Region {
			p.Add("department", "user.dept_region", nu.Department, nu.Region)
		}
	}
	if nu.Center != "" {
		c, err := s.Center(ctx, nu.Center)
		if err != nil {
			p.Add("center", "center.not_found", nu.Center)
		} else if !idcode.RegionWithin(c.Region, nu.Region) {
			p.Add("center", "user.center_region", nu.Center, nu.Region)
		}
	}
	if err := p.Err("user.invalid", len(p)); err != nil {
		return User{}, err
	}
	hash, err := auth.HashPassword(nu.Password)
	if err != nil {
		return User{}, onetrip.Internal(err)
	}
	u := User{ID: NewID(), Username: nu.Username, Name: nu.Name, Role: nu.Role, Region: nu.Region,
		Department: nu.Department, Center: nu.Center, IDNumber: nu.IDNumber, CreatedAt: s.Now()}
	if u.Name == "" {
		u.Name = u.Username
	}
	err = s.Tx(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO users (id, username, name, role, region, department_id, center_id,
			id_number, password_hash, disabled, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)`,
			u.ID, u.Username, u.Name, string(u.Role), nullable(u.Region), nullable(u.Department), nullable(u.Center),
			u.IDNumber, hash, false, TS(u.CreatedAt))
		return err
	})
	if onetrip.HasCode(err, onetrip.CodeConflict) {
		return User{}, onetrip.Conflict("user.exists", nu.Username)
	}
	return u, err
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

const userCols = `u.id, u.username, u.name, u.role, u.region, u.department_id, u.center_id, u.id_number, u.disabled, u.created_at`

func scanUser(sc interface{ Scan(...any) error }, extra ...any) (User, error) {
	var u User
	var role, created string
	var region, dept, center sql.NullString
	dst := append([]any{&u.ID, &u.Username, &u.Name, &role, &region, &dept, &center, &u.IDNumber, &u.Disabled, &created}, extra...)
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
