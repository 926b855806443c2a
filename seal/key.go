package seal

import (
	"crypto/ecdsa"
	"crypto/rand"
	"encoding/hex"
	"encoding/pem"
	"strings"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/sm3"
	"github.com/emmansun/gmsm/smx509"
	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"onetrip"
)

// DistID is the SM2 distinguishing ID (user ID) every seal signs with: the
// GB/T 35276 default. Verifiers (OpenSSL's -sigopt distid:…) must use the same.
const DistID = "1234567812345678"

// Key is a seal's SM2 private key. It never leaves the process unencrypted:
// SealPrivateKey wraps it for storage.
type Key struct {
	priv *sm2.PrivateKey
}

// PublicKey is a seal's SM2 public key, the part published with licences.
type PublicKey struct {
	pub *ecdsa.PublicKey
}

// NewKey generates a fresh SM2 key pair from crypto/rand.
func NewKey() (*Key, error) {
	priv, err := sm2.GenerateKey(rand.Reader)
	if err != nil {
		e := onetrip.E(onetrip.CodeInternal, "seal.keygen_failed")
		e.Err = err
		return nil, e
	}
	return &Key{priv: priv}, nil
}

// Sign signs data (the whole message, not a digest) with SM2 over SM3 using
// the default distinguishing ID, and returns the DER signature.
func (k *Key) Sign(data []byte) ([]byte, error) {
	if k == nil || k.priv == nil {
		return nil, onetrip.E(onetrip.CodeInternal, "seal.nil_key")
	}
	sig, err := sm2.SignASN1(rand.Reader, k.priv, data, sm2.NewSM2SignerOption(true, nil))
	if err != nil {
		e := onetrip.E(onetrip.CodeInternal, "seal.sign_failed")
		e.Err = err
		return nil, e
	}
	return sig, nil
}

// Public returns the key's public half.
func (k *Key) Public() *PublicKey {
	if k == nil || k.priv == nil {
		return nil
	}
	return &PublicKey{pub: &k.priv.PublicKey}
}

// Verify reports whether sig is a valid DER SM2 signature of data (SM3, default
// distinguishing ID) under pub. Any malformed input gives false, never a panic.
func Verify(pub *PublicKey, data, sig []byte) bool {
	if pub == nil || pub.pub == nil || len(sig) == 0 {
		return false
	}
	return sm2.VerifyASN1WithSM2(pub.pub, nil, data, sig)
}

// WellFormedSignature reports whether sig is structurally an SM2 DER signature
// (a SEQUENCE of two non-negative INTEGERs and nothing after it). It lets callers
// tell a truncated or mangled signature from one that is well formed but wrong.
func WellFormedSignature(sig []byte) bool {
	var inner cryptobyte.String
	var r, s []byte
	in := cryptobyte.String(sig)
	if !in.ReadASN1(&inner, cbasn1.SEQUENCE) || !in.Empty() ||
		!inner.ReadASN1Integer(&r) || !inner.ReadASN1Integer(&s) || !inner.Empty() {
		return false
	}
	return true // ReadASN1Integer already refuses negative and empty integers
}

// PEM encodes the public key as a PKIX SubjectPublicKeyInfo "PUBLIC KEY" PEM
// block (id-ecPublicKey with the sm2p256v1 curve), the form OpenSSL 3 reads as
// an SM2 key.
func (p *PublicKey) PEM() string {
	der := p.der()
	if der == nil {
		return ""
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
}

func (p *PublicKey) der() []byte {
	if p == nil || p.pub == nil {
		return nil
	}
	der, err := smx509.MarshalPKIXPublicKey(p.pub)
	if err != nil { // only for keys not on the curve, which this package never builds
		return nil
	}
	return der
}

// Fingerprint is the lowercase hex SM3 digest of the key's DER encoding; short
// enough to print under a seal so people can compare keys by eye.
func (p *PublicKey) Fingerprint() string {
	der := p.der()
	if der == nil {
		return ""
	}
	sum := sm3.Sum(der)
	return hex.EncodeToString(sum[:])
}

// Equal reports whether two public keys are the same point.
func (p *PublicKey) Equal(q *PublicKey) bool {
	if p == nil || q == nil || p.pub == nil || q.pub == nil {
		return false
	}
	return p.pub.Equal(q.pub)
}

// ParsePublicKeyPEM reads one "PUBLIC KEY" PEM block holding an SM2 key.
// Surrounding whitespace is allowed; anything else around the block is not,
// so a verifier never silently ignores part of what it was given.
func ParsePublicKeyPEM(s string) (*PublicKey, error) {
	if strings.TrimSpace(s) == "" {
		return nil, onetrip.Invalid("seal.pem_empty")
	}
	block, rest := pem.Decode([]byte(strings.TrimSpace(s)))
	if block == nil {
		return nil, onetrip.Invalid("seal.pem_no_block")
	}
	if block.Type != "PUBLIC KEY" {
		return nil, onetrip.Invalid("seal.pem_wrong_type", "PUBLIC KEY", block.Type)
	}
	if strings.TrimSpace(string(rest)) != "" {
		return nil, onetrip.Invalid("seal.pem_trailing")
	}
	return ParsePublicKeyDER(block.Bytes)
}

// ParsePublicKeyDER reads a PKIX SubjectPublicKeyInfo holding an SM2 key.
func ParsePublicKeyDER(der []byte) (*PublicKey, error) {
	k, err := smx509.ParsePKIXPublicKey(der)
	if err != nil {
		e := onetrip.Invalid("seal.pem_bad_der")
		e.Err = err
		return nil, e
	}
	pub, ok := k.(*ecdsa.PublicKey)
	if !ok || !sm2.IsSM2PublicKey(pub) {
		return nil, onetrip.Invalid("seal.pem_not_sm2")
	}
	return &PublicKey{pub: pub}, nil
}
