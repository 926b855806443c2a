package sqlstore

import (
	"cmp"
	"context"
	"crypto/hmac"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/emmansun/gmsm/sm3"

	"onetrip"
	"onetrip/auth"
	"onetrip/idcode"
	"onetrip/identity"
	"onetrip/intake"
	"onetrip/licence"
	"onetrip/sharing"
	"onetrip/sms"
)

// Citizens' and companies' own accounts (统一身份认证): registration with a
// mobile number and an SMS code, real-name verification against the
// population register, companies bound by their legal representative and
// the staff they authorise, password reset and closing. The rules are
// package identity's; every attempt is in identity_attempts, every read of
// a register in the sharing access log.

func init() {
	onetrip.Register(onetrip.Messages{
		"identity.sms_unavailable":      {"短信服务暂不可用，请稍后再试或到窗口办理", "the SMS service is not available; try later or come to a window"},
		"identity.mobile_taken":         {"该手机号码已注册，请直接登录或找回密码", "this mobile number is registered; log in or reset the password"},
		"identity.applicant_only":       {"只有申请人（个人或企业用户）使用此功能", "only applicants (citizens and companies) use this"},
		"identity.no_account":           {"该账号不是以手机号注册的个人账号", "this is not an account registered with a mobile number"},
		"identity.realname.tries":       {"今天实名认证失败次数过多，请明天再试或到窗口办理", "too many failed verifications today; try tomorrow or come to a window"},
		"identity.register.unavailable": {"户籍信息暂不可用，请稍后再试", "the population register is not available; try later"},
		"identity.reset.done":           {"如果该号码已注册，验证码已发送", "if the number is registered, a code has been sent"},
		"identity.password":             {"密码不正确", "the password is wrong"},
	})
}

// Account is a citizen's account as its holder sees it.
type Account struct {
	UserID     string         `json:"user_id"`
	Username   string         `json:"username"`
	Name       string         `json:"name"`
	Mobile     string         `json:"mobile"` // masked
	Level      identity.Level `json:"level"`
	IDNumber   string         `json:"id_number,omitempty"` // masked
	VerifiedAt *time.Time     `json:"verified_at,omitempty"`
	CreatedAt  time.Time      `json:"created_at"`
}

// identityKeys derives the key SMS codes are hashed under from the master
// key, once.
type identityKeys struct {
	once sync.Once
	key  []byte
	err  error
}

func (s *Store) codeKey(ctx context.Context) ([]byte, error) {
	s.identity.once.Do(func() {
		master, err := s.masterKey(ctx)
		if err != nil {
			s.identity.err = err
			return
		}
		m := hmac.New(sm3.New, master)
		m.Write([]byte("onetrip sms code key"))
		s.identity.key = m.Sum(nil)
	})
	return s.identity.key, s.identity.err
}

// SetSMS connects the gateway SMS codes and notifications go through
// (the node connects it once it knows its address, while jobs may run).
func (s *Store) SetSMS(g sms.Gateway) { s.sms.Store(&g) }

// SMS is the connected gateway; nil when none is.
func (s *Store) SMS() sms.Gateway {
	if g := s.sms.Load(); g != nil {
		return *g
	}
	return nil
}

// attempt records one identity attempt; outcome is "ok" or the refusal's
// message key. It is written outside the caller's transaction so that a
// refused attempt, which writes nothing else, is still on record.
func (s *Store) attempt(ctx context.Context, kind, subject, userID, source string, err error, detail string) {
	outcome := "ok"
	if err != nil {
		outcome = onetrip.AsError(err).Key
	}
	_, werr := s.w.ExecContext(ctx, `INSERT INTO identity_attempts (id, at, kind, subject, user_id, source, outcome, detail)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`, NewID(), TS(s.Now()), kind, subject, nullable(userID), source, outcome, detail)
	if werr != nil {
		s.log.Warn("identity attempt not logged", "kind", kind, "err", werr)
	}
}

// lastCode is the newest code sent to a number for a purpose.
func (s *Store) lastCode(ctx context.Context, q queryer, mobile string, purpose identity.Purpose) (*identity.Code, error) {
	var c identity.Code
	var sent string
	var used sql.NullString
	err := q.QueryRowContext(ctx, `SELECT id, mobile, purpose, hash, sent_at, tries, used_at FROM sms_codes
		WHERE mobile = $1 AND purpose = $2 ORDER BY sent_at DESC, id DESC LIMIT 1`, mobile, string(purpose)).
		Scan(&c.ID, &c.Mobile, &c.Purpose, &c.Hash, &sent, &c.Tries, &used)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, s.mapErr(err)
	}
	c.SentAt, c.UsedAt = mustTS(sent), optTS(used)
	return &c, nil
}

// openAccountByMobile is the open account with the number, "" when none.
func (s *Store) openAccountByMobile(ctx context.Context, q queryer, mobile string) (string, error) {
	var id string
	err := q.QueryRowContext(ctx, `SELECT user_id FROM accounts WHERE mobile = $1 AND closed_at IS NULL`, mobile).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return id, s.mapErr(err)
}

// SendCode texts a six-digit code to a number for a purpose
// (identity.CanSend). For a reset to a number with no account nothing is
// sent and the answer is the same, so the form tells no one which numbers
// are registered.
func (s *Store) SendCode(ctx context.Context, mobile string, purpose identity.Purpose, source string) (string, error) {
	m, err := identity.CheckMobile(mobile)
	if err != nil {
		return "", err
	}
	if !purpose.Valid() {
		return "", onetrip.Invalid("identity.code.purpose", string(purpose))
	}
	masked := identity.MaskMobile(m)
	err = s.sendCode(ctx, m, purpose)
	s.attempt(ctx, "code_send", masked, "", source, err, string(purpose))
	return masked, err
}

func (s *Store) sendCode(ctx context.Context, m string, purpose identity.Purpose) error {
	gw := s.SMS()
	if gw == nil {
		return onetrip.Unavailable("identity.sms_unavailable")
	}
	owner, err := s.openAccountByMobile(ctx, s.r, m)
	if err != nil {
		return err
	}
	switch {
	case purpose == identity.PurposeRegister && owner != "":
		return onetrip.Conflict("identity.mobile_taken")
	case purpose == identity.PurposeReset && owner == "":
		return nil
	}
	last, err := s.lastCode(ctx, s.r, m, purpose)
	if err != nil {
		return err
	}
	if err := identity.CanSend(last, s.Now()); err != nil {
		return err
	}
	key, err := s.codeKey(ctx)
	if err != nil {
		return err
	}
	digits, err := identity.NewDigits()
	if err != nil {
		return onetrip.Internal(err)
	}
	id := NewID()
	if _, err := s.w.ExecContext(ctx, `INSERT INTO sms_codes (id, mobile, purpose, hash, sent_at) VALUES ($1,$2,$3,$4,$5)`,
		id, m, string(purpose), identity.HashDigits(key, id, digits), TS(s.Now())); err != nil {
		return s.mapErr(err)
	}
	text := "【一窗通】您的注册验证码为 " + digits + "，5 分钟内有效。请勿告诉他人。"
	if purpose == identity.PurposeReset {
		text = "【一窗通】您正在找回密码，验证码为 " + digits + "，5 分钟内有效。如非本人操作，请忽略。"
	}
	_, err = gw.Send(ctx, sms.Message{To: m, Text: text, Ref: "code:" + id})
	if err == nil {
		return nil
	}
	// Not sent: the code is withdrawn, so the number may ask again.
	s.w.ExecContext(context.WithoutCancel(ctx), `DELETE FROM sms_codes WHERE id = $1`, id)
	var rl *sms.RateLimited
	if errors.As(err, &rl) {
		return onetrip.E(onetrip.CodeTooMany, "identity.code.resend", int(rl.RetryAfter.Seconds()+0.999))
	}
	if errors.Is(err, sms.ErrRejected) {
		return onetrip.Invalid("identity.mobile")
	}
	s.log.Warn("sms gateway failed", "err", err)
	return onetrip.Unavailable("identity.sms_unavailable")
}

// checkCode answers a code before the change it allows: a wrong one is
// counted at once (it stands whatever follows); a right one gives the
// code's id, which useCode then spends inside the change's transaction.
func (s *Store) checkCode(ctx context.Context, m string, purpose identity.Purpose, digits string) (string, error) {
	key, err := s.codeKey(ctx)
	if err != nil {
		return "", err
	}
	c, err := s.lastCode(ctx, s.r, m, purpose)
	if err != nil {
		return "", err
	}
	cerr, count := identity.Check(c, key, strings.TrimSpace(digits), s.Now())
	if count {
		if _, err := s.w.ExecContext(ctx, `UPDATE sms_codes SET tries = tries + 1 WHERE id = $1`, c.ID); err != nil {
			return "", s.mapErr(err)
		}
	}
	if cerr != nil {
		return "", cerr
	}
	return c.ID, nil
}

// useCode spends a checked code inside tx, once: of two answers at the
// same moment only one wins.
func useCode(ctx context.Context, tx *Tx, id string, now time.Time) error {
	res, err := tx.ExecContext(ctx, `UPDATE sms_codes SET used_at = $1 WHERE id = $2 AND used_at IS NULL`, TS(now), id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return onetrip.Invalid("identity.code.used")
	}
	return nil
}

// withCode runs a change a code allows, for a new password: the password
// is strong enough and hashed, the code answers for the number and
// purpose (checkCode), and change runs in the transaction that spends it.
func (s *Store) withCode(ctx context.Context, m string, purpose identity.Purpose, code, password string, change func(tx *Tx, hash string) error) error {
	if err := auth.CheckNewPassword(password); err != nil {
		return err
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return onetrip.Internal(err)
	}
	codeID, err := s.checkCode(ctx, m, purpose, code)
	if err != nil {
		return err
	}
	return s.Tx(ctx, func(tx *Tx) error {
		if err := useCode(ctx, tx, codeID, s.Now()); err != nil {
			return err
		}
		return change(tx, hash)
	})
}

// Register opens a citizen's account: the number answered the code, the
// password is strong enough; the account is at the mobile level and its
// username is the number.
func (s *Store) Register(ctx context.Context, mobile, code, password, source string) (User, error) {
	m, err := identity.CheckMobile(mobile)
	if err != nil {
		return User{}, err
	}
	var u User
	err = s.withCode(ctx, m, identity.PurposeRegister, code, password, func(tx *Tx, hash string) error {
		if owner, err := s.openAccountByMobile(ctx, tx, m); err != nil || owner != "" {
			return cmp.Or[error](err, onetrip.Conflict("identity.mobile_taken"))
		}
		u = User{ID: NewID(), Username: m, Name: identity.MaskMobile(m), Role: onetrip.RoleApplicant, CreatedAt: s.Now()}
		if _, err := tx.ExecContext(ctx, `INSERT INTO users (id, username, name, role, id_number, password_hash, disabled, created_at)
			VALUES ($1,$2,$3,$4,'',$5,$6,$7)`, u.ID, u.Username, u.Name, string(u.Role), hash, false, TS(u.CreatedAt)); err != nil {
			if onetrip.HasCode(s.mapErr(err), onetrip.CodeConflict) {
				return onetrip.Conflict("identity.mobile_taken")
			}
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO accounts (user_id, mobile, level, created_at) VALUES ($1,$2,$3,$4)`,
			u.ID, m, string(identity.LevelMobile), TS(u.CreatedAt))
		return err
	})
	s.attempt(ctx, "register", identity.MaskMobile(m), u.ID, source, err, "")
	if err != nil {
		return User{}, err
	}
	return u, nil
}

// ResetPasswordBySMS sets a new password for the account registered with the
// number, once it answered the reset code; every session and token of the
// account ends.
func (s *Store) ResetPasswordBySMS(ctx context.Context, mobile, code, password, source string) error {
	m, err := identity.CheckMobile(mobile)
	if err != nil {
		return err
	}
	var owner string
	err = s.withCode(ctx, m, identity.PurposeReset, code, password, func(tx *Tx, hash string) error {
		var err error
		if owner, err = s.openAccountByMobile(ctx, tx, m); err != nil || owner == "" {
			return cmp.Or[error](err, onetrip.Invalid("identity.code.none"))
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $1 WHERE id = $2`, hash, owner); err != nil {
			return err
		}
		return endCredentials(ctx, tx, owner, s.Now())
	})
	s.attempt(ctx, "reset", identity.MaskMobile(m), owner, source, err, "")
	return err
}

// endCredentials ends every session and API token of a user.
func endCredentials(ctx context.Context, tx *Tx, userID string, now time.Time) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL`, TS(now), userID)
	return err
}

// AccountOf is the caller's own account.
func (s *Store) AccountOf(ctx context.Context, p *onetrip.Principal) (Account, error) {
	if !p.Is(onetrip.RoleApplicant) {
		return Account{}, onetrip.Forbidden("identity.applicant_only")
	}
	var a Account
	var created string
	var mobile, level, verified sql.NullString
	err := s.r.QueryRowContext(ctx, `SELECT u.id, u.username, u.name, u.id_number, a.mobile, a.level, a.verified_at, u.created_at
		FROM users u LEFT JOIN accounts a ON a.user_id = u.id AND a.closed_at IS NULL WHERE u.id = $1`, p.UserID).
		Scan(&a.UserID, &a.Username, &a.Name, &a.IDNumber, &mobile, &level, &verified, &created)
	if err != nil {
		return Account{}, s.mapErr(err)
	}
	a.Mobile, a.Level, a.VerifiedAt, a.CreatedAt = identity.MaskMobile(mobile.String), identity.Level(level.String), optTS(verified), mustTS(created)
	if !mobile.Valid {
		a.Mobile = ""
		// An applicant made by an administrator or the demo: verified
		// when it was made, with its ID number.
		if a.IDNumber != "" {
			a.Level = identity.LevelRealName
		}
	}
	if a.IDNumber != "" {
		a.IDNumber = idcode.MaskCitizenID(a.IDNumber)
	}
	return a, nil
}

// platformRead reads one register record for the unified identity
// platform itself (not a department or a centre), for the subject who
// asks: logged in the sharing access log like every read, the fields
// compared named in it. found is false when the register has no record.
func (s *Store) platformRead(ctx context.Context, p *onetrip.Principal, item, subject, purpose string, fields []string) (sharing.Record, bool, error) {
	it, err := s.dataItem(ctx, item)
	if err != nil {
		return nil, false, err
	}
	if it == nil {
		return nil, false, onetrip.NotFound("sharing.item.unknown", item)
	}
	key, err := s.subjectKey(ctx, subject)
	if err != nil {
		return nil, false, err
	}
	start := time.Now()
	rec := sharing.Access{ID: NewID(), At: s.Now(), User: p.Username, ConsumerKind: sharing.ConsumerPlatform, Consumer: sharing.PlatformIdentity,
		Item: it.Code, Provider: sharing.ProviderDepartment(*it), SubjectKey: key, Subject: sharing.MaskSubject(*it, subject), Purpose: purpose}
	logged := func(result string, fields []string) error {
		rec.Result, rec.Fields, rec.DurationMicro = result, fields, time.Since(start).Microseconds()
		return s.sharing.log.write(ctx, rec)
	}
	if s.sharing.provider == nil {
		return nil, false, cmp.Or[error](logged(sharing.ResultUnavailable, nil), onetrip.Unavailable("identity.register.unavailable"))
	}
	r, found, err := s.sharing.provider.Fetch(sharing.WithRequest(ctx, rec.ID), it.Code, subject)
	switch {
	case err != nil:
		s.log.Warn("register read failed", "item", it.Code, "err", err)
		return nil, false, cmp.Or[error](logged(sharing.ResultUnavailable, nil), onetrip.Unavailable("identity.register.unavailable"))
	case !found:
		return nil, false, logged(sharing.ResultNoRecord, nil)
	}
	return sharing.Filter(r, fields), true, logged(sharing.ResultAnswered, fields)
}

// VerifyRealName is real-name verification (实名认证): the name and citizen
// ID are checked against the population register (D-POP-BASIC), and on a
// match the account takes them and the real-name level. Five failures a
// day, then the window.
func (s *Store) VerifyRealName(ctx context.Context, p *onetrip.Principal, name, id, source string) (Account, error) {
	if !p.Is(onetrip.RoleApplicant) {
		return Account{}, onetrip.Forbidden("identity.applicant_only")
	}
	err := s.verifyRealName(ctx, p, name, id)
	s.attempt(ctx, "real_name", maskAnyID(id), p.UserID, source, err, "")
	if err != nil {
		return Account{}, err
	}
	return s.AccountOf(ctx, p)
}

func maskAnyID(id string) string {
	id = strings.ToUpper(strings.TrimSpace(id))
	if _, err := idcode.CheckCitizenID(id); err == nil {
		return idcode.MaskCitizenID(id)
	}
	return licence.MaskHolder(licence.IDCitizen, id)
}

func (s *Store) verifyRealName(ctx context.Context, p *onetrip.Principal, name, id string) error {
	var level string
	err := s.r.QueryRowContext(ctx, `SELECT level FROM accounts WHERE user_id = $1 AND closed_at IS NULL`, p.UserID).Scan(&level)
	if errors.Is(err, sql.ErrNoRows) {
		return onetrip.Conflict("identity.no_account")
	}
	if err != nil {
		return s.mapErr(err)
	}
	if identity.Level(level).Meets(identity.LevelRealName) {
		return onetrip.Conflict("identity.realname.done")
	}
	var fails int
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM identity_attempts WHERE kind = 'real_name' AND user_id = $1 AND outcome <> 'ok' AND at >= $2`,
		p.UserID, TS(s.Now().Add(-24*time.Hour))).Scan(&fails); err != nil {
		return s.mapErr(err)
	}
	if fails >= identity.MaxTries {
		return onetrip.E(onetrip.CodeTooMany, "identity.realname.tries")
	}
	number := strings.ToUpper(strings.TrimSpace(id))
	if _, err := identity.CheckRealName(name, number, identity.Population{Found: true, Name: name}); err != nil {
		return err // the shape is wrong: no register read for it
	}
	rec, found, err := s.platformRead(ctx, p, "D-POP-BASIC", number, "实名认证（统一身份认证）", []string{"姓名"})
	if err != nil {
		return err
	}
	number, err = identity.CheckRealName(name, number, identity.Population{Found: found, Name: rec["姓名"]})
	if err != nil {
		return err
	}
	return s.Tx(ctx, func(tx *Tx) error {
		var other int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE id_number = $1 AND role = $2 AND NOT disabled AND id <> $3`,
			number, string(onetrip.RoleApplicant), p.UserID).Scan(&other); err != nil {
			return err
		}
		if other > 0 {
			return onetrip.Conflict("identity.realname.taken")
		}
		now := TS(s.Now())
		if _, err := tx.ExecContext(ctx, `UPDATE users SET id_number = $1, name = $2 WHERE id = $3`, number, identity.NormaliseName(name), p.UserID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE accounts SET level = $1, id_number = $2, verified_at = $3 WHERE user_id = $4 AND closed_at IS NULL`,
			string(identity.LevelRealName), number, now, p.UserID)
		if onetrip.HasCode(s.mapErr(err), onetrip.CodeConflict) {
			return onetrip.Conflict("identity.realname.taken")
		}
		return err
	})
}

// Company is a company an account acts for, with the staff it authorised
// (for its representative) or the caller's own authorisation (for staff).
type Company struct {
	USCC           string                   `json:"uscc"`
	Name           string                   `json:"name"`
	Representative bool                     `json:"representative"`
	BoundAt        *time.Time               `json:"bound_at,omitempty"`
	Staff          []identity.Authorisation `json:"staff,omitempty"`
	Mine           *identity.Authorisation  `json:"authorisation,omitempty"`
}

// BindCompany binds a company to the caller's account: the enterprise
// register (D-ENT-REG) names the caller's verified citizen ID as its legal
// representative and the company is in business.
func (s *Store) BindCompany(ctx context.Context, p *onetrip.Principal, uscc, source string) (Company, error) {
	var c Company
	err := func() error {
		if !p.Is(onetrip.RoleApplicant) {
			return onetrip.Forbidden("identity.applicant_only")
		}
		if p.IDNumber == "" {
			return onetrip.Forbidden("identity.company.realname")
		}
		u, _, err := idcode.CheckUSCC(uscc)
		if err != nil {
			return err
		}
		rec, found, err := s.platformRead(ctx, p, "D-ENT-REG", u.Number, "绑定企业（统一身份认证）", []string{"名称", "登记状态"})
		if err != nil {
			return err
		}
		var rep sharing.Record
		if found {
			// The representative's identity is its own, conditional item:
			// the open registration record names them without their ID.
			if rep, _, err = s.platformRead(ctx, p, "D-ENT-REP", u.Number, "绑定企业（统一身份认证）", []string{"法定代表人证件号码"}); err != nil {
				return err
			}
		}
		number, err := identity.CheckBinding(p.IDNumber, u.Number, identity.Registration{Found: found, Name: rec["名称"],
			Status: rec["登记状态"], Representative: rep["法定代表人证件号码"]})
		if err != nil {
			return err
		}
		now := s.Now()
		c = Company{USCC: number, Name: rec["名称"], Representative: true, BoundAt: &now}
		_, err = s.w.ExecContext(ctx, `INSERT INTO company_bindings (id, uscc, company_name, user_id, bound_at) VALUES ($1,$2,$3,$4,$5)`,
			NewID(), number, c.Name, p.UserID, TS(now))
		if onetrip.HasCode(s.mapErr(err), onetrip.CodeConflict) {
			return onetrip.Conflict("identity.company.bound")
		}
		return s.mapErr(err)
	}()
	s.attempt(ctx, "bind", licence.MaskHolder(licence.IDUSCC, strings.ToUpper(strings.TrimSpace(uscc))), p.UserID, source, err, "")
	return c, err
}

// boundCompany is the caller's active binding of the company, or not found.
func (s *Store) boundCompany(ctx context.Context, q queryer, p *onetrip.Principal, uscc string) (string, error) {
	var name string
	err := q.QueryRowContext(ctx, `SELECT company_name FROM company_bindings WHERE uscc = $1 AND user_id = $2 AND unbound_at IS NULL`,
		strings.ToUpper(strings.TrimSpace(uscc)), p.UserID).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", onetrip.NotFound("identity.company.not_bound", uscc)
	}
	return name, s.mapErr(err)
}

// UnbindCompany ends the caller's binding of a company, and every staff
// authorisation the binding gave.
func (s *Store) UnbindCompany(ctx context.Context, p *onetrip.Principal, uscc string) error {
	return s.Tx(ctx, func(tx *Tx) error {
		if _, err := s.boundCompany(ctx, tx, p, uscc); err != nil {
			return err
		}
		now := TS(s.Now())
		if _, err := tx.ExecContext(ctx, `UPDATE company_bindings SET unbound_at = $1 WHERE uscc = $2 AND user_id = $3 AND unbound_at IS NULL`, now, uscc, p.UserID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE company_staff SET revoked_at = $1, revoked_by = $2 WHERE uscc = $3 AND granted_by = $4 AND revoked_at IS NULL`,
			now, p.UserID, uscc, p.UserID)
		return err
	})
}

// StaffGrant is what a legal representative asks to authorise.
type StaffGrant struct {
	Name     string   `json:"name"`      // the staff member's name …
	IDNumber string   `json:"id_number"` // … and citizen ID, as their verified account has them
	Items    []string `json:"items"`     // item or bundle codes; empty: every item
	Until    string   `json:"until"`     // the last day, YYYY-MM-DD
}

// GrantStaff authorises a staff member to act for the caller's bound
// company (identity.CheckGrant).
func (s *Store) GrantStaff(ctx context.Context, p *onetrip.Principal, uscc string, g StaffGrant, source string) (identity.Authorisation, error) {
	var a identity.Authorisation
	err := func() error {
		name, err := s.boundCompany(ctx, s.r, p, uscc)
		if err != nil {
			return err
		}
		staffID := strings.ToUpper(strings.TrimSpace(g.IDNumber))
		day, derr := time.ParseInLocation(time.DateOnly, strings.TrimSpace(g.Until), onetrip.China)
		a = identity.Authorisation{ID: NewID(), Company: strings.ToUpper(strings.TrimSpace(uscc)), CompanyName: name, StaffID: staffID,
			StaffName: identity.NormaliseName(g.Name), Items: cleanItems(g.Items), Until: day.AddDate(0, 0, 1), GrantedBy: p.UserID, GrantedAt: s.Now()}
		var level identity.Level
		var staffName string
		err = s.r.QueryRowContext(ctx, `SELECT u.id, u.name, COALESCE(a.level, CASE WHEN u.id_number <> '' THEN 'real_name' ELSE '' END)
			FROM users u LEFT JOIN accounts a ON a.user_id = u.id AND a.closed_at IS NULL
			WHERE u.id_number = $1 AND u.role = $2 AND NOT u.disabled ORDER BY u.created_at LIMIT 1`, staffID, string(onetrip.RoleApplicant)).
			Scan(&a.Staff, &staffName, &level)
		if errors.Is(err, sql.ErrNoRows) || err == nil && identity.NormaliseName(staffName) != a.StaffName {
			if staffID != p.IDNumber {
				return onetrip.Invalid("identity.grant.invalid", 1).WithDetail("staff", "identity.grant.staff_match")
			}
		} else if err != nil {
			return s.mapErr(err)
		}
		if derr != nil {
			a.Until = time.Time{}
		}
		if err := identity.CheckGrant(a, p.IDNumber, level, s.Now(), func(code string) bool { return s.knownService(ctx, code) }); err != nil {
			return err
		}
		items, _ := json.Marshal(a.Items)
		_, err = s.w.ExecContext(ctx, `INSERT INTO company_staff (id, uscc, company_name, staff_user, items, until, granted_by, granted_at)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`, a.ID, a.Company, a.CompanyName, a.Staff, string(items), TS(a.Until), a.GrantedBy, TS(a.GrantedAt))
		return s.mapErr(err)
	}()
	s.attempt(ctx, "grant", licence.MaskHolder(licence.IDUSCC, strings.ToUpper(strings.TrimSpace(uscc))), p.UserID, source, err, maskAnyID(g.IDNumber))
	if err != nil {
		return identity.Authorisation{}, err
	}
	return a, nil
}

func cleanItems(items []string) []string {
	out := []string{}
	for _, it := range items {
		if it = strings.TrimSpace(it); it != "" {
			out = append(out, it)
		}
	}
	return out
}

// knownService reports whether a code is a catalogue item or bundle.
func (s *Store) knownService(ctx context.Context, code string) bool {
	var n int
	s.r.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM items WHERE code = $1) + (SELECT COUNT(*) FROM bundles WHERE code = $1)`, code).Scan(&n)
	return n > 0
}

// RevokeStaff ends an authorisation the caller's binding gave.
func (s *Store) RevokeStaff(ctx context.Context, p *onetrip.Principal, id string) error {
	return s.Tx(ctx, func(tx *Tx) error {
		var uscc string
		var revoked sql.NullString
		err := tx.QueryRowContext(ctx, `SELECT uscc, revoked_at FROM company_staff WHERE id = $1`, id).Scan(&uscc, &revoked)
		if errors.Is(err, sql.ErrNoRows) {
			return onetrip.NotFound("identity.grant.not_found", id)
		}
		if err != nil {
			return err
		}
		if _, err := s.boundCompany(ctx, tx, p, uscc); err != nil {
			return onetrip.NotFound("identity.grant.not_found", id)
		}
		if revoked.Valid {
			return onetrip.Conflict("identity.grant.revoked")
		}
		_, err = tx.ExecContext(ctx, `UPDATE company_staff SET revoked_at = $1, revoked_by = $2 WHERE id = $3`, TS(s.Now()), p.UserID, id)
		return err
	})
}

// Companies are the companies the caller acts for: bound ones with their
// staff, and the ones whose staff the caller is.
func (s *Store) Companies(ctx context.Context, p *onetrip.Principal) ([]Company, error) {
	if !p.Is(onetrip.RoleApplicant) {
		return nil, onetrip.Forbidden("identity.applicant_only")
	}
	rows, err := s.r.QueryContext(ctx, `SELECT uscc, company_name, bound_at FROM company_bindings WHERE user_id = $1 AND unbound_at IS NULL ORDER BY bound_at`, p.UserID)
	if err != nil {
		return nil, s.mapErr(err)
	}
	out := []Company{}
	for rows.Next() {
		var c Company
		var at string
		if err := rows.Scan(&c.USCC, &c.Name, &at); err != nil {
			rows.Close()
			return nil, s.mapErr(err)
		}
		t := mustTS(at)
		c.BoundAt, c.Representative = &t, true
		out = append(out, c)
	}
	rows.Close()
	for i := range out {
		if out[i].Staff, err = s.authorisations(ctx, `a.uscc = $1 AND a.granted_by = $2`, out[i].USCC, p.UserID); err != nil {
			return nil, err
		}
	}
	mine, err := s.authorisations(ctx, `a.staff_user = $1 AND a.revoked_at IS NULL AND a.until > $2`, p.UserID, TS(s.Now()))
	if err != nil {
		return nil, err
	}
	for i := range mine {
		out = append(out, Company{USCC: mine[i].Company, Name: mine[i].CompanyName, Mine: &mine[i]})
	}
	return out, nil
}

func (s *Store) authorisations(ctx context.Context, where string, args ...any) ([]identity.Authorisation, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT a.id, a.uscc, a.company_name, a.staff_user, u.name, u.id_number, a.items, a.until, a.granted_by, a.granted_at, a.revoked_at
		FROM company_staff a JOIN users u ON u.id = a.staff_user WHERE `+where+` ORDER BY a.granted_at DESC`, args...)
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	out := []identity.Authorisation{}
	for rows.Next() {
		var a identity.Authorisation
		var items, until, at string
		var revoked sql.NullString
		if err := rows.Scan(&a.ID, &a.Company, &a.CompanyName, &a.Staff, &a.StaffName, &a.StaffID, &items, &until, &a.GrantedBy, &at, &revoked); err != nil {
			return nil, s.mapErr(err)
		}
		json.Unmarshal([]byte(items), &a.Items)
		a.StaffID = idcode.MaskCitizenID(a.StaffID)
		a.Until, a.GrantedAt, a.RevokedAt = mustTS(until), mustTS(at), optTS(revoked)
		out = append(out, a)
	}
	return out, s.mapErr(rows.Err())
}

// PrincipalOf is the user as a caller, with what an applicant may do for
// organisations now: bound ones and the ones whose licences name it as
// representative, and its staff authorisations that hold. Loaded on every
// request, so a revocation ends access at once.
func (s *Store) PrincipalOf(ctx context.Context, u User) (*onetrip.Principal, error) {
	p := u.Principal()
	if u.Role != onetrip.RoleApplicant || u.IDNumber == "" {
		return p, nil
	}
	now := s.Now()
	rows, err := s.r.QueryContext(ctx, `SELECT uscc, 1, '' FROM company_bindings WHERE user_id = $1 AND unbound_at IS NULL
		UNION SELECT DISTINCT holder_id_number, 1, '' FROM licences WHERE representative_id = $2 AND holder_id_type = $3 AND revoked_at IS NULL AND (valid_until IS NULL OR valid_until >= $4)
		UNION SELECT uscc, 0, items FROM company_staff WHERE staff_user = $1 AND revoked_at IS NULL AND until > $5`,
		u.ID, u.IDNumber, licence.IDUSCC, chinaDate(now), TS(now))
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	for rows.Next() {
		var o onetrip.OrgAccess
		var rep int
		var items string
		if err := rows.Scan(&o.USCC, &rep, &items); err != nil {
			return nil, s.mapErr(err)
		}
		o.Representative = rep == 1
		if items != "" {
			json.Unmarshal([]byte(items), &o.Items)
		}
		p.Orgs = append(p.Orgs, o)
	}
	return p, s.mapErr(rows.Err())
}

// CloseAccount closes the caller's own account (identity.CanClose): the
// password confirms; the cases, licences and logs stay as the law keeps
// them; the credentials, the number, the bindings and authorisations end.
func (s *Store) CloseAccount(ctx context.Context, p *onetrip.Principal, password, source string) error {
	err := func() error {
		if !p.Is(onetrip.RoleApplicant) {
			return onetrip.Forbidden("identity.close.role")
		}
		var hash string
		if err := s.r.QueryRowContext(ctx, `SELECT password_hash FROM users WHERE id = $1`, p.UserID).Scan(&hash); err != nil {
			return s.mapErr(err)
		}
		if password == "" {
			return onetrip.Invalid("identity.close.confirm")
		}
		if !auth.VerifyPassword(hash, password) {
			return onetrip.Invalid("identity.password")
		}
		var open int
		if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM cases WHERE applicant_user = $1 AND status NOT IN ($2,$3,$4,$5,$6)`, p.UserID,
			string(intake.StatusRefused), string(intake.StatusWithdrawn), string(intake.StatusClosed), string(intake.StatusArchived), string(intake.StatusDraft)).Scan(&open); err != nil {
			return s.mapErr(err)
		}
		if err := identity.CanClose(open); err != nil {
			return err
		}
		return s.Tx(ctx, func(tx *Tx) error {
			now := TS(s.Now())
			// The username (the number) is freed for a new registration;
			// the row stays, as the cases it applied for point at it.
			if _, err := tx.ExecContext(ctx, `UPDATE users SET disabled = $1, username = $2, password_hash = '' WHERE id = $3`, true, "closed."+p.UserID, p.UserID); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE accounts SET closed_at = $1 WHERE user_id = $2 AND closed_at IS NULL`, now, p.UserID); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE company_bindings SET unbound_at = $1 WHERE user_id = $2 AND unbound_at IS NULL`, now, p.UserID); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE company_staff SET revoked_at = $1, revoked_by = $2 WHERE (staff_user = $2 OR granted_by = $2) AND revoked_at IS NULL`, now, p.UserID); err != nil {
				return err
			}
			return endCredentials(ctx, tx, p.UserID, s.Now())
		})
	}()
	s.attempt(ctx, "close", p.Username, p.UserID, source, err, "")
	return err
}
