package seal

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"onetrip"
)

func mustKey(t testing.TB) *Key {
	t.Helper()
	k, err := NewKey()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestSignVerify(t *testing.T) {
	k, other := mustKey(t), mustKey(t)
	data := []byte("证照 licence 1.2.156.3005.2")
	sig, err := k.Sign(data)
	if err != nil {
		t.Fatal(err)
	}
	if !WellFormedSignature(sig) {
		t.Fatalf("signature %x is not well-formed DER", sig)
	}
	if !Verify(k.Public(), data, sig) {
		t.Fatal("own signature does not verify")
	}
	flipped := bytes.Clone(sig)
	flipped[len(flipped)-1] ^= 1
	tampered := append(bytes.Clone(data), '!')
	for name, c := range map[string]struct {
		pub       *PublicKey
		data, sig []byte
	}{
		"tampered data":      {k.Public(), tampered, sig},
		"truncated sig":      {k.Public(), data, sig[:len(sig)-1]},
		"flipped bit in sig": {k.Public(), data, flipped},
		"other key":          {other.Public(), data, sig},
		"empty sig":          {k.Public(), data, nil},
		"garbage sig":        {k.Public(), data, []byte{0x30, 0x03, 0x02, 0x01}},
		"nil key":            {nil, data, sig},
	} {
		if Verify(c.pub, c.data, c.sig) {
			t.Errorf("%s: verified, want failure", name)
		}
	}
	if WellFormedSignature(sig[:len(sig)-1]) || WellFormedSignature(append(bytes.Clone(sig), 0)) || WellFormedSignature(nil) {
		t.Error("truncated, padded or empty signature reported well formed")
	}
}

func TestPublicKeyPEMRoundTrip(t *testing.T) {
	k, other := mustKey(t), mustKey(t)
	p := k.Public().PEM()
	if !strings.HasPrefix(p, "-----BEGIN PUBLIC KEY-----\n") {
		t.Fatalf("PEM header: %q", p)
	}
	back, err := ParsePublicKeyPEM("\n  " + p + "\n")
	if err != nil {
		t.Fatal(err)
	}
	if !back.Equal(k.Public()) || back.Equal(other.Public()) {
		t.Fatal("round trip changed the key")
	}
	if back.Fingerprint() != k.Public().Fingerprint() || len(back.Fingerprint()) != 64 {
		t.Fatal("fingerprint")
	}
	sig, _ := k.Sign([]byte("x"))
	if !Verify(back, []byte("x"), sig) {
		t.Fatal("parsed key does not verify")
	}
}

// p256PEM is a NIST P-256 ECDSA key in PKIX form; it must not be taken for an
// SM2 key although the structure is the same.
func p256PEM(t *testing.T) string {
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKIXPublicKey(&k.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
}

func TestParsePublicKeyPEMErrors(t *testing.T) {
	good := mustKey(t).Public().PEM()
	for in, key := range map[string]string{
		"":          "seal.pem_empty",
		"   \n":     "seal.pem_empty",
		"not a pem": "seal.pem_no_block",
		strings.Replace(good, "PUBLIC KEY", "PRIVATE KEY", 2): "seal.pem_wrong_type",
		good + "trailing": "seal.pem_trailing",
		good + good:       "seal.pem_trailing",
		"-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n": "seal.pem_bad_der",
		p256PEM(t): "seal.pem_not_sm2",
	} {
		_, err := ParsePublicKeyPEM(in)
		if err == nil || onetrip.AsError(err).Key != key {
			t.Errorf("ParsePublicKeyPEM(%.40q) = %v, want %s", in, err, key)
		}
	}
}

func TestNilSafety(t *testing.T) {
	var k *Key
	if _, err := k.Sign([]byte("x")); err == nil {
		t.Fatal("nil key signed")
	}
	if k.Public() != nil || (*PublicKey)(nil).PEM() != "" || (*PublicKey)(nil).Fingerprint() != "" {
		t.Fatal("nil public key")
	}
}

func TestMessagesRegistered(t *testing.T) {
	for _, key := range onetrip.Keys() {
		if !strings.HasPrefix(key, "seal.") {
			continue
		}
		m, _ := onetrip.Lookup(key)
		if m.ZH() == "" || m.EN() == "" || verbs(m.ZH()) != verbs(m.EN()) {
			t.Errorf("%s: zh %q / en %q: both languages with the same verbs needed", key, m.ZH(), m.EN())
		}
	}
}

// Every key literal in the package's code must be in the catalogue.
func TestUsedKeysRegistered(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	found := 0
	re := regexp.MustCompile(`"(seal\.[a-z_.]*[a-z_])"`)
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			found++
			if _, ok := onetrip.Lookup(m[1]); !ok {
				t.Errorf("%s: key %s is not registered", f, m[1])
			}
		}
	}
	if found < 10 {
		t.Fatalf("only %d keys found in the code: the scan is broken", found)
	}
}

// verbs lists the fmt verbs of a format, in order.
func verbs(f string) string {
	var out []byte
	for i := 0; i < len(f)-1; i++ {
		if f[i] == '%' {
			j := i + 1
			for j < len(f) && strings.IndexByte("+-# 0123456789.", f[j]) >= 0 {
				j++
			}
			if j < len(f) {
				out = append(out, f[j])
			}
			i = j
		}
	}
	return string(out)
}
