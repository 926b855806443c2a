package seal

import (
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/sm4"
	"github.com/emmansun/gmsm/smx509"

	"onetrip"
)

// MasterKeySize is the SM4 key size: the master key is 16 bytes.
const MasterKeySize = 16

// MasterKeyEnv names the environment variable that can carry the master key.
const MasterKeyEnv = "ONETRIP_MASTER_KEY"

// blobVersion is the first byte of a sealed private key; it names the layout
// version || nonce(12) || SM4-GCM(PKCS#8 DER) || tag(16).
const blobVersion = 1

// LoadOrCreateMasterKey returns the 16-byte master key that encrypts seal
// private keys at rest. env is the value of ONETRIP_MASTER_KEY: when non-empty
// it wins (hex or base64 of 16 bytes), so production can keep the key out of
// the data directory. Otherwise path is read (32 hex digits); a file that group
// or others may read is refused, because whoever reads it can sign licences.
// A missing file is created with 16 random bytes and mode 0600 (its directory
// with 0700), which suits the embedded single-node default.
func LoadOrCreateMasterKey(path string, env string) ([]byte, error) {
	if env = strings.TrimSpace(env); env != "" {
		return decodeEnvKey(env)
	}
	key, err := readKeyFile(path)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return key, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, ioErr(path, err)
	}
	key = make([]byte, MasterKeySize)
	if _, err := rand.Read(key); err != nil {
		return nil, ioErr(path, err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) { // another process created it first: use theirs
		return readKeyFile(path)
	}
	if err != nil {
		return nil, ioErr(path, err)
	}
	if _, err := f.WriteString(hex.EncodeToString(key) + "\n"); err != nil {
		f.Close()
		os.Remove(path)
		return nil, ioErr(path, err)
	}
	if err := f.Close(); err != nil {
		os.Remove(path)
		return nil, ioErr(path, err)
	}
	return key, nil
}

func ioErr(path string, err error) error {
	e := onetrip.E(onetrip.CodeInternal, "seal.master_key_io", path)
	e.Err = err
	return e
}

// readKeyFile reads a hex master key file; the returned error wraps
// fs.ErrNotExist when there is no file.
func readKeyFile(path string) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		return nil, ioErr(path, err)
	}
	if runtime.GOOS != "windows" && st.Mode().Perm()&0o077 != 0 {
		return nil, onetrip.Invalid("seal.master_key_perm", path, fmt.Sprintf("%#o", st.Mode().Perm()), path)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, ioErr(path, err)
	}
	key, err := hex.DecodeString(strings.TrimSpace(string(b)))
	if err != nil || len(key) != MasterKeySize {
		return nil, onetrip.Invalid("seal.master_key_file", path)
	}
	return key, nil
}

func decodeEnvKey(s string) ([]byte, error) {
	if b, err := hex.DecodeString(s); err == nil {
		if len(b) != MasterKeySize {
			return nil, onetrip.Invalid("seal.master_key_env", len(b))
		}
		return b, nil
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil {
			if len(b) != MasterKeySize {
				return nil, onetrip.Invalid("seal.master_key_env", len(b))
			}
			return b, nil
		}
	}
	return nil, onetrip.Invalid("seal.master_key_env_enc")
}

func newGCM(master []byte) (cipher.AEAD, error) {
	if len(master) != MasterKeySize {
		return nil, onetrip.E(onetrip.CodeInternal, "seal.master_key_len", len(master))
	}
	block, err := sm4.NewCipher(master)
	if err != nil {
		return nil, onetrip.Internal(err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, onetrip.Internal(err)
	}
	return aead, nil
}

// additionalData binds a blob to its seal: decrypting it under another seal id
// fails, so a row's ciphertext cannot be copied to a different seal.
func additionalData(sealID string) []byte {
	return []byte("onetrip-seal-key-v1\x00" + sealID)
}

// SealPrivateKey encrypts k for storage with SM4-GCM under master, using a
// fresh random nonce and the seal id as associated data.
func SealPrivateKey(master []byte, sealID string, k *Key) ([]byte, error) {
	if k == nil || k.priv == nil {
		return nil, onetrip.E(onetrip.CodeInternal, "seal.nil_key")
	}
	der, err := smx509.MarshalPKCS8PrivateKey(k.priv)
	if err != nil {
		return nil, onetrip.Internal(err)
	}
	defer clear(der)
	return seal(master, der, additionalData(sealID))
}

func seal(master, plain, ad []byte) ([]byte, error) {
	aead, err := newGCM(master)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 1+aead.NonceSize(), 1+aead.NonceSize()+len(plain)+aead.Overhead())
	out[0] = blobVersion
	if _, err := rand.Read(out[1:]); err != nil {
		return nil, onetrip.Internal(err)
	}
	return aead.Seal(out, out[1:], plain, ad), nil
}

// secretData binds a sealed secret to its purpose and owner.
func secretData(purpose string) []byte { return []byte("onetrip-secret-v1\x00" + purpose) }

// SealSecret encrypts another secret the platform must be able to read
// back (a webhook's HMAC key) with SM4-GCM under master; purpose names what
// it is and whose (e.g. "webhook:<id>"), so it cannot be moved elsewhere.
func SealSecret(master []byte, purpose string, plain []byte) ([]byte, error) {
	return seal(master, plain, secretData(purpose))
}

// OpenSecret decrypts what SealSecret made for the same purpose.
func OpenSecret(master []byte, purpose string, blob []byte) ([]byte, error) {
	aead, err := newGCM(master)
	if err != nil {
		return nil, err
	}
	if len(blob) < 1+aead.NonceSize()+aead.Overhead() || blob[0] != blobVersion {
		return nil, onetrip.E(onetrip.CodeInternal, "seal.blob_short", len(blob))
	}
	plain, err := aead.Open(nil, blob[1:1+aead.NonceSize()], blob[1+aead.NonceSize():], secretData(purpose))
	if err != nil {
		e := onetrip.E(onetrip.CodeInternal, "seal.unlock_failed", purpose)
		e.Err = err
		return nil, e
	}
	return plain, nil
}

// OpenPrivateKey decrypts a blob made by SealPrivateKey for the same seal id.
func OpenPrivateKey(master []byte, sealID string, blob []byte) (*Key, error) {
	aead, err := newGCM(master)
	if err != nil {
		return nil, err
	}
	if len(blob) < 1+aead.NonceSize()+aead.Overhead() {
		return nil, onetrip.E(onetrip.CodeInternal, "seal.blob_short", len(blob))
	}
	if blob[0] != blobVersion {
		return nil, onetrip.E(onetrip.CodeInternal, "seal.blob_version", int(blob[0]))
	}
	nonce := blob[1 : 1+aead.NonceSize()]
	der, err := aead.Open(nil, nonce, blob[1+aead.NonceSize():], additionalData(sealID))
	if err != nil {
		e := onetrip.E(onetrip.CodeInternal, "seal.unlock_failed", sealID)
		e.Err = err
		return nil, e
	}
	defer clear(der)
	parsed, err := smx509.ParsePKCS8PrivateKey(der)
	if err != nil {
		e := onetrip.E(onetrip.CodeInternal, "seal.unlock_failed", sealID)
		e.Err = err
		return nil, e
	}
	priv, ok := parsed.(*sm2.PrivateKey)
	if !ok {
		return nil, onetrip.E(onetrip.CodeInternal, "seal.unlock_failed", sealID)
	}
	return &Key{priv: priv}, nil
}
