package seal

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The contract: a seal's signature verifies with stock OpenSSL 3, exactly as a
// citizen or a department system would run it.
func TestOpenSSLVerifiesOurSignature(t *testing.T) {
	openssl := needOpenSSL(t)
	dir := t.TempDir()
	k := mustKey(t)
	data := []byte(`{"holder":{"name":"张三"},"identifier":"1.2.156.3005.2.11100000000013338W009.11330105002500287C.2025052201.002.0"}`)
	sig, err := k.Sign(data)
	if err != nil {
		t.Fatal(err)
	}
	write(t, dir, "pub.pem", []byte(k.Public().PEM()))
	write(t, dir, "sig.der", sig)
	write(t, dir, "data", data)
	write(t, dir, "tampered", append(data, ' '))

	run := func(file string) (string, error) {
		cmd := exec.Command(openssl, "dgst", "-sm3", "-verify", "pub.pem", "-signature", "sig.der",
			"-sigopt", "distid:"+DistID, file)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	if out, err := run("data"); err != nil || !strings.Contains(out, "Verified OK") {
		t.Fatalf("openssl did not verify: %v\n%s", err, out)
	}
	if out, err := run("tampered"); err == nil || strings.Contains(out, "Verified OK") {
		t.Fatalf("openssl verified tampered data: %s", out)
	}
}

// And the other way: a key and signature made by OpenSSL verify here, and
// OpenSSL's PEM parses.
func TestWeVerifyOpenSSLSignature(t *testing.T) {
	openssl := needOpenSSL(t)
	dir := t.TempDir()
	data := []byte("made by openssl 电子证照")
	write(t, dir, "data", data)
	for _, args := range [][]string{
		{"genpkey", "-algorithm", "SM2", "-out", "key.pem"},
		{"pkey", "-in", "key.pem", "-pubout", "-out", "pub.pem"},
		{"dgst", "-sm3", "-sign", "key.pem", "-sigopt", "distid:" + DistID, "-out", "sig.der", "data"},
	} {
		cmd := exec.Command(openssl, args...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("openssl %v: %v\n%s", args, err, out)
		}
	}
	pemText, _ := os.ReadFile(filepath.Join(dir, "pub.pem"))
	sig, _ := os.ReadFile(filepath.Join(dir, "sig.der"))
	pub, err := ParsePublicKeyPEM(string(pemText))
	if err != nil {
		t.Fatal(err)
	}
	if !Verify(pub, data, sig) {
		t.Fatal("OpenSSL's SM2 signature does not verify here")
	}
	if Verify(pub, append(data, '.'), sig) {
		t.Fatal("tampered data verified")
	}
	if !strings.Contains(pub.PEM(), strings.TrimSpace(string(pemText))) {
		t.Fatalf("our PEM of OpenSSL's key differs:\n%s\n%s", pub.PEM(), pemText)
	}
}

func needOpenSSL(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("openssl")
	if err != nil {
		t.Skip("openssl not on PATH: OpenSSL interoperability not checked")
	}
	out, err := exec.Command(path, "version").CombinedOutput()
	if err != nil || !strings.HasPrefix(string(out), "OpenSSL 3") {
		t.Skipf("need OpenSSL 3.x with SM2, found %q (%v)", strings.TrimSpace(string(out)), err)
	}
	t.Logf("using %s", strings.TrimSpace(string(out)))
	return path
}

func write(t *testing.T, dir, name string, b []byte) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
		t.Fatal(err)
	}
}
