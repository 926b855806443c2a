package main

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"onetrip/archive"
	"onetrip/seal"
)

// TestArchiveCheckCommand: a package passes offline and with the right
// key; a changed byte fails, naming the file; another seal's key fails
// authenticity; archive run on an empty database archives nothing.
func TestArchiveCheckCommand(t *testing.T) {
	t.Setenv("LANG", "en_US.UTF-8")
	ctx := context.Background()
	dir := t.TempDir()
	k, _ := seal.NewKey()
	now := time.Date(2026, 12, 2, 8, 0, 0, 0, time.UTC)
	pkg, _, err := archive.Build(archive.Metadata{PackageID: "AP-1", Fonds: "330802-natural-resources", FondsName: "柯城区自然资源和规划局", Region: "330802",
		ItemCode: "330-ZRZY-002", ItemName: "转移登记", CaseNumber: "330802-20261202-000001", Title: "t", Applicant: "陈美华",
		Accepted: now, Closed: now, Archived: now, Retention: archive.RetentionPermanent, Result: "approved"},
		[]archive.File{{Path: "materials/01-申请书.pdf", Role: archive.RoleMaterial, Type: "application/pdf", Bytes: []byte("%PDF-1.7\n%%EOF\n")},
			{Path: "record.json", Role: archive.RoleRecord, Type: "application/json", Bytes: []byte(`{}`)}},
		archive.Signer{Name: "柯城区自然资源和规划局", Key: k})
	if err != nil {
		t.Fatal(err)
	}
	good := filepath.Join(dir, "good.zip")
	os.WriteFile(good, pkg, 0o600)
	keyFile := filepath.Join(dir, "seal.pem")
	os.WriteFile(keyFile, []byte(k.Public().PEM()), 0o600)
	other, _ := seal.NewKey()
	otherFile := filepath.Join(dir, "other.pem")
	os.WriteFile(otherFile, []byte(other.Public().PEM()), 0o600)

	check := func(args ...string) (int, string) {
		var out, errb bytes.Buffer
		code := run(ctx, append([]string{"archive", "check"}, args...), nil, &out, &errb)
		return code, out.String() + errb.String()
	}
	if code, out := check(good); code != 0 || !strings.Contains(out, "passed") || !strings.Contains(out, "offline check") {
		t.Fatalf("offline: %d %s", code, out)
	}
	if code, out := check("--key", keyFile, good); code != 0 || strings.Contains(out, "offline check") {
		t.Fatalf("with the key: %d %s", code, out)
	}
	if code, out := check("--key", otherFile, good); code != 1 || !strings.Contains(out, "✗ authenticity") {
		t.Fatalf("another key: %d %s", code, out)
	}
	// change one byte of the PDF
	zr, _ := zip.NewReader(bytes.NewReader(pkg), int64(len(pkg)))
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		if f.Name == "data/materials/01-申请书.pdf" {
			b[9] = 'X'
		}
		w, _ := zw.Create(f.Name)
		w.Write(b)
	}
	zw.Close()
	bad := filepath.Join(dir, "bad.zip")
	os.WriteFile(bad, buf.Bytes(), 0o600)
	if code, out := check(bad); code != 1 || !strings.Contains(out, "data/materials/01-申请书.pdf") || !strings.Contains(out, "was changed") {
		t.Fatalf("a changed byte: %d %s", code, out)
	}
	if code, out := check(filepath.Join(dir, "none.zip")); code != 1 || !strings.Contains(out, "none.zip") {
		t.Fatalf("no file: %d %s", code, out)
	}
	var out, errb bytes.Buffer
	if code := run(ctx, []string{"archive", "run", "--data", filepath.Join(dir, "data"), "--quiet-days", "0"}, nil, &out, &errb); code != 0 || !strings.Contains(out.String(), "archived 0 case") {
		t.Fatalf("archive run: %d %s %s", code, out.String(), errb.String())
	}
	if code := run(ctx, []string{"archive", "run", "--data", filepath.Join(dir, "data"), "--quiet-days", "-1"}, nil, &out, &errb); code != 1 {
		t.Fatalf("negative quiet days: %d", code)
	}
}
