package archive_test

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestPackageChecksWithOpenSSLAlone is the README's recipe: unzip a
// package, verify the tag manifest's SM2 signature with the seal in it and
// every file's SM3 with openssl dgst, no onetrip involved.
func TestPackageChecksWithOpenSSLAlone(t *testing.T) {
	openssl, err := exec.LookPath("openssl")
	if err != nil {
		t.Skip("openssl not on PATH")
	}
	if out, err := exec.Command(openssl, "version").CombinedOutput(); err != nil || !strings.HasPrefix(string(out), "OpenSSL 3") {
		t.Skipf("need OpenSSL 3 with SM2: %s", out)
	}
	pkg, _ := sample(t)
	dir := t.TempDir()
	zr, err := zip.NewReader(bytes.NewReader(pkg), int64(len(pkg)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		os.MkdirAll(filepath.Dir(p), 0o700)
		os.WriteFile(p, b, 0o600)
	}
	run := func(args ...string) string {
		cmd := exec.Command(openssl, args...)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("openssl %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	if out := run("dgst", "-sm3", "-verify", "seal.pem", "-signature", "tagmanifest-sm3.txt.sig", "-sigopt", "distid:1234567812345678", "tagmanifest-sm3.txt"); !strings.Contains(out, "Verified OK") {
		t.Fatalf("signature: %s", out)
	}
	for _, name := range []string{"manifest-sm3.txt", "tagmanifest-sm3.txt"} {
		b, _ := os.ReadFile(filepath.Join(dir, name))
		for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
			digest, file, _ := strings.Cut(line, "  ")
			out := run("dgst", "-sm3", "-r", file)
			if got, _, _ := strings.Cut(out, " "); got != digest {
				t.Errorf("%s: openssl %s, manifest %s", file, got, digest)
			}
		}
	}
}
