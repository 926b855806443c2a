package sqlstore

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/emmansun/gmsm/sm3"

	"onetrip"
	"onetrip/org"
	"onetrip/policy"
	"onetrip/seal"
)

// Seals (电子印章). Every department gets an SM2 key pair the first time it
// signs a licence. The private key is stored encrypted with SM4-GCM under
// the master key (seal.SealPrivateKey, bound to the seal id); the public key
// is published as PEM. A department has one active seal; rotation retires
// it for new signing and creates another, and what the old one signed still
// verifies with it, because a licence names its seal.
//
// The master key comes from ONETRIP_MASTER_KEY when set, else from
// DataDir/master.key, created 0600 on first need (seal.LoadOrCreateMasterKey).
// A PostgreSQL deployment of several nodes must give every node the same key
// through ONETRIP_MASTER_KEY: a node that made its own master.key could not
// open the seals the others created. The first seal records a check value of
// the key (SM3, in meta), so a node started with another key refuses to sign
// with a message saying so instead of failing to decrypt.

// SealInfo is a seal as published: everything but the private key.
type SealInfo struct {
	ID             string     `json:"id"`
	Department     string     `json:"department_id"`
	DepartmentName string     `json:"department_name"`
	PublicKeyPEM   string     `json:"public_key_pem"`
	Fingerprint    string     `json:"fingerprint"` // SM3 of the public key's DER, hex
	Serial         string     `json:"serial"`      // 印章编码 printed on the seal image
	DistID         string     `json:"distid"`
	CreatedAt      time.Time  `json:"created_at"`
	CreatedBy      string     `json:"created_by,omitempty"`
	RetiredAt      *time.Time `json:"retired_at,omitempty"`
	RetiredBy      string     `json:"retired_by,omitempty"`
}

// SVG is the seal's image: the red round seal with the department's name.
func (si SealInfo) SVG() string { return seal.SVG(si.DepartmentName, si.Serial) }

// DepartmentSeals is a department's current seal and its history.
type DepartmentSeals struct {
	Department     string     `json:"department_id"`
	DepartmentName string     `json:"department_name"`
	Current        *SealInfo  `json:"current"`
	Seals          []SealInfo `json:"seals"` // newest first, retired ones included
}

func init() {
	onetrip.Register(onetrip.Messages{
		"store.seal.not_found":         {"印章 %s 不存在", "seal %s does not exist"},
		"store.seal.none":              {"部门 %s 尚未启用电子印章（首次签发证照时自动生成）", "department %s has no seal yet (one is made when it first issues a licence)"},
		"store.seal.master_mismatch":   {"主密钥与本数据库印章所用的主密钥不一致：多节点部署须通过 ONETRIP_MASTER_KEY 为每个节点提供同一主密钥", "the master key is not the one this database's seals were sealed with: every node of a deployment must get the same key through ONETRIP_MASTER_KEY"},
		"store.seal.rotate_scope":      {"只能轮换本辖区部门的印章", "you can rotate only the seals of departments in your region"},
		"store.seal.rotated_meanwhile": {"%s 的印章刚刚已被他人更换，请刷新后查看", "the seal of %s was just replaced by someone else; reload to see it"},
	})
}

// sealCache keeps what never changes once a seal exists: its opened private
// key (signing) and its parsed public key (verification, the hot path).
type sealCache struct {
	mu     sync.RWMutex
	master []byte
	keys   map[string]*seal.Key
	pubs   map[string]*sealPub
	depts  map[string]org.Department
}

// sealPub is a seal's public side as verification needs it.
type sealPub struct {
	info SealInfo
	key  *seal.PublicKey
}

// masterMetaKey names the master key's check value in meta.
const masterMetaKey = "seal_master_check"

// masterKey loads the master key once: the environment, else the data
// directory's master.key (created when missing). A check value recorded by
// an earlier seal must match.
func (s *Store) masterKey(ctx context.Context) ([]byte, error) {
	s.seals.mu.RLock()
	m := s.seals.master
	s.seals.mu.RUnlock()
	if m != nil {
		return m, nil
	}
	dir := s.dataDir
	if dir == "" {
		dir = "onetrip-data"
	}
	key, err := seal.LoadOrCreateMasterKey(filepath.Join(dir, "master.key"), os.Getenv(seal.MasterKeyEnv))
	if err != nil {
		return nil, err
	}
	var want string
	err = s.r.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = $1`, masterMetaKey).Scan(&want)
	if err != nil && !isNoRows(err) {
		return nil, s.mapErr(err)
	}
	if want != "" && want != masterCheck(key) {
		return nil, onetrip.E(onetrip.CodeInternal, "store.seal.master_mismatch")
	}
	s.seals.mu.Lock()
	s.seals.master = key
	s.seals.mu.Unlock()
	return key, nil
}

// masterCheck is a check value of the master key: SM3 over a label and the
// key, 16 hex digits. It tells keys apart without revealing one (the key is
// 128 random bits).
func masterCheck(key []byte) string {
	sum := sm3.Sum(append([]byte("onetrip master key check v1\x00"), key...))
	return hex.EncodeToString(sum[:8])
}

// sealSerial is the 印章编码 printed under the seal: the department's region
// code and seven digits from the key's fingerprint, so the image names the key.
func sealSerial(region, fingerprint string) string {
	var n uint64
	for i := 0; i < len(fingerprint) && i < 14; i++ {
		n = n*16 + uint64(hexVal(fingerprint[i]))
	}
	d := strconv.FormatUint(n%10000000, 10)
	for len(d) < 7 {
		d = "0" + d
	}
	return region[:min(6, len(region))] + d
}

func hexVal(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	}
	return 0
}

// departmentCached reads a department, cached: a department's code and name
// do not change.
func (s *Store) departmentCached(ctx context.Context, q rowQueryer, id string) (org.Department, error) {
	s.seals.mu.RLock()
	d, ok := s.seals.depts[id]
	s.seals.mu.RUnlock()
	if ok {
		return d, nil
	}
	err := q.QueryRowContext(ctx, `SELECT id, region, kind, name, short, code FROM departments WHERE id = $1`, id).
		Scan(&d.ID, &d.Region, &d.Kind, &d.Name, &d.Short, &d.Code)
	if isNoRows(err) {
		return d, onetrip.NotFound("department.not_found", id)
	}
	if err != nil {
		return d, s.mapErr(err)
	}
	s.seals.mu.Lock()
	if s.seals.depts == nil {
		s.seals.depts = map[string]org.Department{}
	}
	s.seals.depts[id] = d
	s.seals.mu.Unlock()
	return d, nil
}

// signingSeal returns the department's active seal and its private key,
// creating the seal when the department has none, inside the caller's
// transaction. Two nodes creating a department's first seal at once agree
// on one: the partial unique index lets only one active seal exist.
func (s *Store) signingSeal(ctx context.Context, tx *Tx, dept org.Department, actor string) (string, *seal.Key, error) {
	var id string
	err := tx.QueryRowContext(ctx, `SELECT id FROM seals WHERE department_id = $1 AND retired_at IS NULL`, dept.ID).Scan(&id)
	if isNoRows(err) {
		if _, err := s.createSeal(ctx, tx, dept, actor, false); err != nil {
			return "", nil, err
		}
		err = tx.QueryRowContext(ctx, `SELECT id FROM seals WHERE department_id = $1 AND retired_at IS NULL`, dept.ID).Scan(&id)
	}
	if err != nil {
		return "", nil, err
	}
	k, err := s.sealKey(ctx, tx, id)
	return id, k, err
}

// sealKey is a seal's private key, opened once and cached.
func (s *Store) sealKey(ctx context.Context, q rowQueryer, id string) (*seal.Key, error) {
	s.seals.mu.RLock()
	k := s.seals.keys[id]
	s.seals.mu.RUnlock()
	if k != nil {
		return k, nil
	}
	var blob64 string
	if err := q.QueryRowContext(ctx, `SELECT private_key_sealed FROM seals WHERE id = $1`, id).Scan(&blob64); err != nil {
		return nil, err
	}
	return s.openSealKey(ctx, id, blob64)
}

func (s *Store) openSealKey(ctx context.Context, id, blob64 string) (*seal.Key, error) {
	master, err := s.masterKey(ctx)
	if err != nil {
		return nil, err
	}
	blob, err := base64.StdEncoding.DecodeString(blob64)
	if err != nil {
		return nil, onetrip.E(onetrip.CodeInternal, "seal.unlock_failed", id)
	}
	k, err := seal.OpenPrivateKey(master, id, blob)
	if err != nil {
		return nil, err
	}
	s.seals.mu.Lock()
	if s.seals.keys == nil {
		s.seals.keys = map[string]*seal.Key{}
	}
	s.seals.keys[id] = k
	s.seals.mu.Unlock()
	return k, nil
}

// createSeal makes a new key pair for the department and stores it. With
// retire, the active seal is retired first (rotation); without, nothing is
// inserted when another seal became active meanwhile.
func (s *Store) createSeal(ctx context.Context, tx *Tx, dept org.Department, actor string, retire bool) (SealInfo, error) {
	master, err := s.masterKey(ctx)
	if err != nil {
		return SealInfo{}, err
	}
	key, err := seal.NewKey()
	if err != nil {
		return SealInfo{}, err
	}
	now := s.Now()
	info := SealInfo{ID: NewID(), Department: dept.ID, DepartmentName: dept.Name, PublicKeyPEM: key.Public().PEM(),
		Fingerprint: key.Public().Fingerprint(), DistID: seal.DistID, CreatedAt: now, CreatedBy: actor}
	info.Serial = sealSerial(dept.Region, info.Fingerprint)
	blob, err := seal.SealPrivateKey(master, info.ID, key)
	if err != nil {
		return SealInfo{}, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`,
		masterMetaKey, masterCheck(master)); err != nil {
		return SealInfo{}, err
	}
	if retire {
		if _, err := tx.ExecContext(ctx, `UPDATE seals SET retired_at = $1, retired_by = $2 WHERE department_id = $3 AND retired_at IS NULL`,
			TS(now), actor, dept.ID); err != nil {
			return SealInfo{}, err
		}
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO seals (id, department_id, public_key_pem, private_key_sealed, fingerprint, serial, created_at, created_by)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8) ON CONFLICT (department_id) WHERE retired_at IS NULL DO NOTHING`,
		info.ID, dept.ID, info.PublicKeyPEM, base64.StdEncoding.EncodeToString(blob), info.Fingerprint, info.Serial, TS(now), actor)
	if err != nil {
		return SealInfo{}, err
	}
	n, _ := res.RowsAffected()
	if n == 0 && retire {
		return SealInfo{}, onetrip.Conflict("store.seal.rotated_meanwhile", dept.Name)
	}
	if n == 1 {
		s.seals.mu.Lock()
		if s.seals.keys == nil {
			s.seals.keys = map[string]*seal.Key{}
		}
		s.seals.keys[info.ID] = key
		s.seals.mu.Unlock()
	}
	return info, nil
}

const sealCols = `s.id, s.department_id, d.name, s.public_key_pem, s.fingerprint, s.serial, s.created_at, s.created_by, s.retired_at, s.retired_by`

func scanSeal(sc interface{ Scan(...any) error }) (SealInfo, error) {
	var si SealInfo
	var created string
	var retired, retiredBy sql.NullString
	err := sc.Scan(&si.ID, &si.Department, &si.DepartmentName, &si.PublicKeyPEM, &si.Fingerprint, &si.Serial, &created, &si.CreatedBy, &retired, &retiredBy)
	si.CreatedAt, si.RetiredAt, si.RetiredBy, si.DistID = mustTS(created), optTS(retired), retiredBy.String, seal.DistID
	return si, err
}

// SealByID reads a seal, current or retired.
func (s *Store) SealByID(ctx context.Context, id string) (SealInfo, error) {
	p, err := s.sealPublic(ctx, id)
	if err != nil {
		return SealInfo{}, err
	}
	return p.info, nil
}

// sealPublic is the verification side of a seal, cached: a seal's public
// key never changes, and its retirement does not matter to what it signed.
func (s *Store) sealPublic(ctx context.Context, id string) (*sealPub, error) {
	s.seals.mu.RLock()
	p := s.seals.pubs[id]
	s.seals.mu.RUnlock()
	if p != nil {
		return p, nil
	}
	si, err := scanSeal(s.r.QueryRowContext(ctx, `SELECT `+sealCols+` FROM seals s JOIN departments d ON d.id = s.department_id WHERE s.id = $1`, id))
	if isNoRows(err) {
		return nil, onetrip.NotFound("store.seal.not_found", id)
	}
	if err != nil {
		return nil, s.mapErr(err)
	}
	key, err := seal.ParsePublicKeyPEM(si.PublicKeyPEM)
	if err != nil {
		return nil, onetrip.Internal(err)
	}
	si.RetiredAt, si.RetiredBy = nil, "" // retirement may change; the cache keeps the key only
	p = &sealPub{info: si, key: key}
	s.seals.mu.Lock()
	if s.seals.pubs == nil || len(s.seals.pubs) > 10000 {
		s.seals.pubs = map[string]*sealPub{}
	}
	s.seals.pubs[id] = p
	s.seals.mu.Unlock()
	return p, nil
}

// Seals lists a department's seals, the active one first.
func (s *Store) Seals(ctx context.Context, deptID string) (DepartmentSeals, error) {
	d, err := s.Department(ctx, deptID)
	if err != nil {
		return DepartmentSeals{}, err
	}
	out := DepartmentSeals{Department: d.ID, DepartmentName: d.Name, Seals: []SealInfo{}}
	rows, err := s.r.QueryContext(ctx, `SELECT `+sealCols+` FROM seals s JOIN departments d ON d.id = s.department_id
		WHERE s.department_id = $1 ORDER BY s.created_at DESC, s.id DESC`, deptID)
	if err != nil {
		return out, s.mapErr(err)
	}
	defer rows.Close()
	for rows.Next() {
		si, err := scanSeal(rows)
		if err != nil {
			return out, s.mapErr(err)
		}
		out.Seals = append(out.Seals, si)
		if si.RetiredAt == nil && out.Current == nil {
			cur := si
			out.Current = &cur
		}
	}
	return out, s.mapErr(rows.Err())
}

// RotateSeal gives a department a new seal (admins of a region containing
// the department): the old one is retired for new signing and keeps
// verifying what it signed.
func (s *Store) RotateSeal(ctx context.Context, p *onetrip.Principal, deptID string) (SealInfo, error) {
	if !p.Is(onetrip.RoleAdmin) {
		return SealInfo{}, onetrip.Forbidden("err.forbidden")
	}
	d, err := s.Department(ctx, deptID)
	if err != nil {
		return SealInfo{}, err
	}
	if !policy.WithinScope(p, d.Region) {
		return SealInfo{}, onetrip.Forbidden("store.seal.rotate_scope")
	}
	var info SealInfo
	err = s.Tx(ctx, func(tx *Tx) error {
		var err error
		info, err = s.createSeal(ctx, tx, d, p.Username, true)
		return err
	})
	return info, err
}
