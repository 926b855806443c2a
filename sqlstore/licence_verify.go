package sqlstore

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"onetrip"
	"onetrip/casework"
	"onetrip/licence"
	"onetrip/policy"
	"onetrip/seal"

	"github.com/jackc/pgx/v5"
)

// Signed is the licence's export file: the document exactly as signed, its
// signature, the seal's public key and the distinguishing ID. `onetrip
// verify` and POST /api/v1/licences/verify take it.
func (s *Store) Signed(ctx context.Context, l *licence.Licence) (licence.Signed, error) {
	var doc licence.Document
	if err := json.Unmarshal([]byte(l.Document), &doc); err != nil {
		return licence.Signed{}, onetrip.Internal(err)
	}
	sig, err := base64.StdEncoding.DecodeString(l.Signature)
	if err != nil {
		return licence.Signed{}, onetrip.Internal(err)
	}
	sp, err := s.sealPublic(ctx, l.SealID)
	if err != nil {
		return licence.Signed{}, err
	}
	return licence.Signed{Document: doc, Signature: sig, PublicKeyPEM: sp.info.PublicKeyPEM, DistID: seal.DistID}, nil
}

// SealData is what OpenSSL needs to check a licence: the exact signed bytes
// (the canonical JSON), the DER signature, the seal's public key and the
// distinguishing ID.
type SealData struct {
	SignedData   []byte `json:"signed_data"` // base64 in JSON
	Signature    []byte `json:"signature"`   // DER, base64 in JSON
	PublicKeyPEM string `json:"public_key_pem"`
	DistID       string `json:"distid"`
}

// LicenceSealData returns the signed bytes, signature and seal key of a licence.
func (s *Store) LicenceSealData(ctx context.Context, l *licence.Licence) (SealData, error) {
	sig, err := base64.StdEncoding.DecodeString(l.Signature)
	if err != nil {
		return SealData{}, onetrip.Internal(err)
	}
	sp, err := s.sealPublic(ctx, l.SealID)
	if err != nil {
		return SealData{}, err
	}
	return SealData{SignedData: []byte(l.Document), Signature: sig, PublicKeyPEM: sp.info.PublicKeyPEM, DistID: seal.DistID}, nil
}

// LicenceCheck is the answer to "is this licence genuine and in force?":
// the verdict, and when genuine the document it is about.
type LicenceCheck struct {
	Verdict   licence.Verdict
	Document  *licence.Document // set when genuine
	Seal      *SealInfo         // the seal that signed it, when genuine
	Revoked   *licence.Revocation
	CheckedAt time.Time
}

// PublicCheck is a check as anyone may see it: the holder masked.
type PublicCheck struct {
	Genuine         bool            `json:"genuine"`
	Status          licence.Status  `json:"status"`
	Reason          string          `json:"reason"` // message key
	Title           string          `json:"title"`
	Message         string          `json:"message"`
	Identifier      string          `json:"identifier,omitempty"`
	Type            string          `json:"type,omitempty"`
	TypeName        string          `json:"type_name,omitempty"`
	Holder          *licence.Holder `json:"holder,omitempty"`
	Issuer          *licence.Issuer `json:"issuer,omitempty"`
	IssuedOn        string          `json:"issued_on,omitempty"`
	ValidUntil      string          `json:"valid_until,omitempty"`
	RevokedOn       string          `json:"revoked_on,omitempty"`
	RevokeReason    string          `json:"revoke_reason,omitempty"`
	SealID          string          `json:"seal_id,omitempty"`
	SealFingerprint string          `json:"seal_fingerprint,omitempty"`
	CheckedAt       time.Time       `json:"checked_at"`
}

// Public renders the check in a language with the holder masked.
func (c LicenceCheck) Public(lang onetrip.Lang) PublicCheck {
	p := PublicCheck{Genuine: c.Verdict.Genuine, Status: c.Verdict.Status, Reason: c.Verdict.Reason,
		Title: c.Verdict.Title(lang), Message: c.Verdict.Message(lang), CheckedAt: c.CheckedAt}
	if d := c.Document; d != nil {
		h, is := d.Holder.Masked(), d.Issuer
		p.Identifier, p.Type, p.TypeName, p.Holder, p.Issuer = d.Identifier, d.Type, d.TypeName, &h, &is
		p.IssuedOn, p.ValidUntil, p.SealID = d.IssuedOn, d.ValidUntil, d.SealID
	}
	if c.Seal != nil {
		p.SealFingerprint = c.Seal.Fingerprint
	}
	if c.Revoked != nil && c.Verdict.Genuine {
		p.RevokedOn, p.RevokeReason = chinaDate(c.Revoked.At), c.Revoked.Reason
	}
	return p
}

// VerifyLicence checks an export file against the seals registered here
// and the library's revocations. The seal must be one of this platform's
// and belong to the department the licence names; the signature must
// verify over the document's canonical form; a genuine licence is then
// revoked, expired or valid as of now. Nothing in the file is trusted but
// what the signature covers. Forged or damaged files never reach the
// database beyond the seal lookup.
func (s *Store) VerifyLicence(ctx context.Context, sd licence.Signed) (LicenceCheck, error) {
	now := s.Now()
	c := LicenceCheck{CheckedAt: now}
	trust := licence.Trust{At: now}
	var sp *sealPub
	if sd.Document.SealID != "" && utf8.ValidString(sd.Document.SealID) && len(sd.Document.SealID) <= 64 {
		var err error
		sp, err = s.sealPublic(ctx, sd.Document.SealID)
		if err != nil && !onetrip.HasCode(err, onetrip.CodeNotFound) {
			return c, err
		}
		if sp != nil {
			trust.SealKey, trust.SealPEM = sp.key, sp.info.PublicKeyPEM
		}
	}
	c.Verdict = licence.VerifySigned(sd, trust)
	if !c.Verdict.Genuine {
		return c, nil
	}
	if sp.info.Department != sd.Document.Issuer.DepartmentID {
		c.Verdict = licence.Verdict{Status: licence.StatusNotGenuine, Reason: "store.licence.seal_department",
			Args: []any{sd.Document.SealID, sp.info.DepartmentName, sd.Document.Issuer.DepartmentID}}
		return c, nil
	}
	rev, err := s.revocation(ctx, sd.Document.Identifier)
	if err != nil {
		return c, err
	}
	if rev != nil {
		c.Revoked = rev
		trust.Revoked = rev
		c.Verdict = licence.VerifySigned(sd, trust)
	}
	doc, info := sd.Document, sp.info
	c.Document, c.Seal = &doc, &info
	return c, nil
}

// CheckIdentifier is the public check of a licence by its identifier (the
// QR code on a licence): the library's record, its signature verified
// again against its seal (so a record altered in the database is not
// genuine either), and its status now. A malformed identifier is invalid
// with the reason; one the library does not hold is not found.
func (s *Store) CheckIdentifier(ctx context.Context, identifier string) (LicenceCheck, error) {
	id, err := licence.ParseIdentifier(identifier)
	if err != nil {
		return LicenceCheck{}, err
	}
	l, err := s.LicenceByIdentifier(ctx, id.String())
	if err != nil {
		return LicenceCheck{}, err
	}
	sd, err := s.Signed(ctx, &l)
	if err != nil {
		return LicenceCheck{}, err
	}
	return s.VerifyLicence(ctx, sd)
}

// RevokeLicence revokes a licence with a reason: only its issuing
// department (a reviewer or the department's system) may. The case that
// produced it records the revocation in its log. This node's verification
// sees it at once; other nodes as their listener hears the commit
// (revocationIndex), and the gap is the notification's delivery, and a node whose
// listener is down asks the database on every check.
func (s *Store) RevokeLicence(ctx context.Context, p *onetrip.Principal, id, reason string) (licence.Licence, error) {
	l, err := s.LicenceByID(ctx, id)
	if err != nil {
		return l, err
	}
	unrevoked := l
	unrevoked.RevokedAt = nil // the issuer asking twice hears "already revoked" below
	if !policy.CanRevokeLicence(p, &unrevoked) {
		if !policy.CanSeeLicence(p, &l) {
			return licence.Licence{}, onetrip.NotFound("store.licence.not_found", id)
		}
		return licence.Licence{}, onetrip.Forbidden("store.licence.revoke_dept", l.Issuer.Name)
	}
	reason = strings.TrimSpace(reason)
	if reason == "" || utf8.RuneCountInString(reason) > MaxRevokeReason || !utf8.ValidString(reason) {
		return licence.Licence{}, onetrip.Invalid("store.licence.revoke_reason", MaxRevokeReason).WithDetail("reason", "store.licence.revoke_reason", MaxRevokeReason)
	}
	if l.RevokedAt != nil {
		return licence.Licence{}, onetrip.Conflict("store.licence.already_revoked", chinaDate(*l.RevokedAt))
	}
	now := s.Now()
	var onCase *casework.Result
	if l.CaseID != "" {
		c, err := s.caseRow(ctx, l.CaseID)
		if err != nil {
			return licence.Licence{}, err
		}
		res := casework.LicenceRevoked(c, casework.Clock{Now: now, NewID: NewID}, l.ID, l.Identifier, reason)
		onCase = &res
	}
	err = s.Tx(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE licences SET revoked_at = $1, revoke_reason = $2, revoked_by = $3 WHERE id = $4 AND revoked_at IS NULL`,
			TS(now), reason, p.Username, l.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return onetrip.Conflict("store.licence.already_revoked", chinaDate(now))
		}
		if s.d.revocations != "" { // every node's index hears it at commit
			if _, err := tx.ExecContext(ctx, `SELECT pg_notify($1, $2)`, s.d.revocations, l.Identifier); err != nil {
				return err
			}
		}
		if onCase != nil {
			return s.saveCase(ctx, tx, onCase, p.Username)
		}
		return nil
	})
	if err != nil {
		return licence.Licence{}, err
	}
	s.revoked.add(l.Identifier, licence.Revocation{At: now, Reason: reason})
	l.RevokedAt, l.RevokeReason, l.RevokedBy = &now, reason, p.Username
	l.Status = licence.StatusRevoked
	return l, nil
}

// revocationIndex is the node's in-memory copy of the revocations, so a
// verification needs no query (the query cost as much as the rest of its
// bookkeeping). On SQLite one node makes every revocation, and RevokeLicence
// adds it once its transaction has committed. On PostgreSQL many nodes
// share the data: each revocation is also announced (NOTIFY) in its
// transaction, and every node's listener adds it as the commit is
// delivered. While a node's listener is not connected (live false) its
// checks ask the database, so a revocation is never missed.
type revocationIndex struct {
	mu     sync.RWMutex
	loaded bool
	live   bool // on PostgreSQL: the listener is subscribed and the copy current
	m      map[string]licence.Revocation
}

func (x *revocationIndex) add(identifier string, r licence.Revocation) {
	x.mu.Lock()
	if x.loaded {
		x.m[identifier] = r
	}
	x.mu.Unlock()
}

// revocation is the library's revocation record of an identifier, or nil.
func (s *Store) revocation(ctx context.Context, identifier string) (*licence.Revocation, error) {
	x := &s.revoked
	x.mu.RLock()
	loaded, live := x.loaded, x.live
	r, ok := x.m[identifier]
	x.mu.RUnlock()
	if s.d.revocations != "" && !live {
		return s.revocationOf(ctx, identifier)
	}
	if !loaded {
		if err := s.loadRevocations(ctx); err != nil {
			return nil, err
		}
		x.mu.RLock()
		r, ok = x.m[identifier]
		x.mu.RUnlock()
	}
	if !ok {
		return nil, nil
	}
	return &r, nil
}

// revocationOf reads one identifier's revocation from the database.
func (s *Store) revocationOf(ctx context.Context, identifier string) (*licence.Revocation, error) {
	var revAt, revReason sql.NullString
	err := s.r.QueryRowContext(ctx, `SELECT revoked_at, revoke_reason FROM licences WHERE identifier = $1`, identifier).Scan(&revAt, &revReason)
	if err != nil && !isNoRows(err) {
		return nil, s.mapErr(err)
	}
	if !revAt.Valid {
		return nil, nil
	}
	return &licence.Revocation{At: mustTS(revAt.String), Reason: revReason.String}, nil
}

// listenRevocations keeps a PostgreSQL node's revocation index current:
// LISTEN first, then load the whole index, then add each announced
// revocation; after a lost connection the index is not trusted until the
// listener is back and has loaded again.
func (s *Store) listenRevocations(ctx context.Context, dsn string) {
	x := &s.revoked
	setLive := func(v bool) {
		x.mu.Lock()
		x.live = v
		if !v {
			x.loaded = false
		}
		x.mu.Unlock()
	}
	for ctx.Err() == nil {
		err := func() error {
			conn, err := pgx.Connect(ctx, dsn)
			if err != nil {
				return err
			}
			defer conn.Close(context.WithoutCancel(ctx))
			if _, err := conn.Exec(ctx, "LISTEN "+s.d.revocations); err != nil {
				return err
			}
			if err := s.loadRevocations(ctx); err != nil {
				return err
			}
			setLive(true)
			for {
				n, err := conn.WaitForNotification(ctx)
				if err != nil {
					return err
				}
				r, err := s.revocationOf(ctx, n.Payload)
				if err != nil {
					return err
				}
				if r != nil {
					x.add(n.Payload, *r)
				}
			}
		}()
		setLive(false)
		if ctx.Err() != nil {
			return
		}
		s.log.Warn("revocation listener reconnecting", "err", err)
		select {
		case <-ctx.Done():
		case <-time.After(time.Second):
		}
	}
}

// loadRevocations fills the index from the database. It holds the index's
// lock while reading, so a revocation committing meanwhile waits to add
// itself and cannot be lost.
func (s *Store) loadRevocations(ctx context.Context) error {
	x := &s.revoked
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.loaded {
		return nil
	}
	rows, err := s.r.QueryContext(ctx, `SELECT identifier, revoked_at, revoke_reason FROM licences WHERE revoked_at IS NOT NULL`)
	if err != nil {
		return s.mapErr(err)
	}
	defer rows.Close()
	m := map[string]licence.Revocation{}
	for rows.Next() {
		var id, at string
		var reason sql.NullString
		if err := rows.Scan(&id, &at, &reason); err != nil {
			return s.mapErr(err)
		}
		m[id] = licence.Revocation{At: mustTS(at), Reason: reason.String}
	}
	if err := rows.Err(); err != nil {
		return s.mapErr(err)
	}
	x.m, x.loaded = m, true
	return nil
}
