package archive_test

import (
	"archive/zip"
	"bytes"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"onetrip/archive"
	"onetrip/seal"
)

var (
	pdf  = []byte("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
	png  = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR....\x00\x00\x00\x00IEND\xaeB`\x82")
	jpeg = []byte{0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0xff, 0xd9}
)

func sample(t testing.TB) ([]byte, *seal.Key) {
	t.Helper()
	k, err := seal.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 12, 2, 8, 0, 0, 0, time.UTC)
	m := archive.Metadata{PackageID: "P-1", Fonds: "330802-land", FondsName: "衢州市柯城区自然资源和规划局", Region: "330802",
		ItemCode: "330-ZRZY-002", ItemName: "转移登记", CaseID: "c1", CaseNumber: "330802-2026-000001", Title: "陈美华转移登记",
		Applicant: "陈美华", ApplicantID: "330802199203081861", Accepted: at.Add(-72 * time.Hour), Closed: at.Add(-24 * time.Hour), Archived: at,
		Retention: archive.RetentionPermanent, Result: "approved"}
	files := []archive.File{
		{Path: "record.json", Role: archive.RoleRecord, Title: "办件记录", Type: "application/json", Bytes: []byte(`{"id":"c1"}`)},
		{Path: "materials/M01-申请书.pdf", Role: archive.RoleMaterial, Title: "不动产登记申请书", Type: "application/pdf", Bytes: pdf},
		{Path: "materials/M02-照片.png", Role: archive.RoleMaterial, Title: "照片", Type: "image/png", Bytes: png},
		{Path: "materials/M03-扫描.jpg", Role: archive.RoleMaterial, Title: "扫描件", Type: "image/jpeg", Bytes: jpeg},
		{Path: "events.xml", Role: archive.RoleEvents, Title: "事件", Type: "application/xml", Bytes: []byte(`<events><e n="1"/></events>`)},
	}
	b, _, err := archive.Build(m, files, archive.Signer{Name: "柯城区自然资源和规划局业务专用章", Key: k})
	if err != nil {
		t.Fatal(err)
	}
	return b, k
}

// rezip rewrites a package, changing entries by name (nil removes one)
// and adding extra ones.
func rezip(t testing.TB, pkg []byte, change map[string][]byte, add map[string][]byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(pkg), int64(len(pkg)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		if nb, ok := change[f.Name]; ok {
			if nb == nil {
				continue
			}
			b = nb
		}
		w, _ := zw.Create(f.Name)
		w.Write(b)
	}
	for name, b := range add {
		w, _ := zw.Create(name)
		w.Write(b)
	}
	zw.Close()
	return buf.Bytes()
}

func TestBuildAndCheck(t *testing.T) {
	pkg, k := sample(t)
	r := archive.Check(pkg, k.Public())
	if !r.OK() || len(r.Problems) != 0 || r.KeyFromPackage || r.Metadata.CaseNumber != "330802-2026-000001" || len(r.Metadata.Files) != 5 {
		t.Fatalf("a fresh package: %+v", r)
	}
	if r := archive.Check(pkg, nil); !r.OK() || !r.KeyFromPackage {
		t.Fatalf("offline: %+v", r)
	}
	other, _ := seal.NewKey()
	if r := archive.Check(pkg, other.Public()); r.OK() || r.Passed[archive.CheckAuthenticity] {
		t.Fatalf("another department's key passed: %+v", r)
	}
}

func TestCheckFindsTampering(t *testing.T) {
	pkg, k := sample(t)
	forger, _ := seal.NewKey()
	tm := func() []byte {
		zr, _ := zip.NewReader(bytes.NewReader(pkg), int64(len(pkg)))
		for _, f := range zr.File {
			if f.Name == archive.TagManifest {
				rc, _ := f.Open()
				b, _ := io.ReadAll(rc)
				return b
			}
		}
		return nil
	}()
	forged, _ := forger.Sign(tm)
	for _, tc := range []struct {
		name       string
		pkg        []byte
		check, key string
		file       string
	}{
		{"a changed byte", rezip(t, pkg, map[string][]byte{"data/materials/M01-申请书.pdf": append(bytes.Clone(pdf[:len(pdf)-2]), 'X', '\n')}, nil),
			archive.CheckAuthenticity, "archive.check.digest", "data/materials/M01-申请书.pdf"},
		{"a removed file", rezip(t, pkg, map[string][]byte{"data/events.xml": nil}, nil), archive.CheckIntegrity, "archive.check.missing", "data/events.xml"},
		{"an added file", rezip(t, pkg, nil, map[string][]byte{"data/extra.pdf": pdf}), archive.CheckIntegrity, "archive.check.extra", "data/extra.pdf"},
		{"an added program", rezip(t, pkg, nil, map[string][]byte{"data/run.sh": []byte("#!/bin/sh\nrm -rf /\n")}), archive.CheckSecurity, "archive.check.executable", "data/run.sh"},
		{"a forged signature", rezip(t, pkg, map[string][]byte{archive.SignatureFile: forged, archive.SealFile: []byte(forger.Public().PEM())}, nil),
			archive.CheckAuthenticity, "archive.check.untrusted_key", archive.SealFile},
		{"a changed metadata", rezip(t, pkg, map[string][]byte{"metadata.json": []byte(`{}`)}, nil), archive.CheckAuthenticity, "archive.check.digest", "metadata.json"},
		{"a path out", rezip(t, pkg, nil, map[string][]byte{"../evil.txt": []byte("x")}), archive.CheckSecurity, "archive.check.path", "../evil.txt"},
		{"not a zip", []byte("hello"), archive.CheckSecurity, "archive.check.not_zip", ""},
	} {
		r := archive.Check(tc.pkg, k.Public())
		if r.OK() || r.Passed[tc.check] {
			t.Errorf("%s: passed %v", tc.name, r.Passed)
			continue
		}
		if !slices.ContainsFunc(r.Problems, func(p archive.Problem) bool { return p.Key == tc.key && p.File == tc.file }) {
			t.Errorf("%s: problems %+v, want %s at %q", tc.name, r.Problems, tc.key, tc.file)
		}
	}
	// a file whose bytes are not its declared type: usability, even when
	// re-signed by the same seal
	bad, _, err := archive.Build(archive.Metadata{PackageID: "P", Fonds: "f", FondsName: "n", Region: "330802", ItemCode: "i", ItemName: "n",
		CaseNumber: "c", Title: "t", Applicant: "a", Accepted: time.Now(), Closed: time.Now(), Archived: time.Now(), Retention: archive.Retention10, Result: "r"},
		[]archive.File{{Path: "a.pdf", Type: "application/pdf", Bytes: []byte("not a pdf")}, {Path: "b.bin", Type: "application/x-foo", Bytes: []byte{1}}},
		archive.Signer{Name: "s", Key: k})
	if err != nil {
		t.Fatal(err)
	}
	r := archive.Check(bad, k.Public())
	if r.Passed[archive.CheckUsability] || !r.Passed[archive.CheckAuthenticity] || len(r.Problems) != 2 || !strings.Contains(r.Problems[1].Key, "unknown_type") {
		t.Fatalf("usability: %+v", r)
	}
}

func TestBuildRefuses(t *testing.T) {
	k, _ := seal.NewKey()
	s := archive.Signer{Name: "s", Key: k}
	for name, files := range map[string][]archive.File{
		"no files":  nil,
		"dot dot":   {{Path: "../x.pdf", Bytes: pdf}},
		"absolute":  {{Path: "/x.pdf", Bytes: pdf}},
		"twice":     {{Path: "x.pdf", Bytes: pdf}, {Path: "x.pdf", Bytes: pdf}},
		"backslash": {{Path: `a\b.pdf`, Bytes: pdf}},
	} {
		if _, _, err := archive.Build(archive.Metadata{}, files, s); err == nil {
			t.Errorf("%s: built", name)
		}
	}
}

func TestRetention(t *testing.T) {
	at := time.Date(2026, 12, 2, 8, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		r        archive.Retention
		now      time.Time
		destroy  bool
		ends     string
		hasLimit bool
	}{
		{archive.Retention10, time.Date(2036, 12, 31, 0, 0, 0, 0, time.UTC), false, "2037-01-01", true},
		{archive.Retention10, time.Date(2037, 1, 1, 0, 0, 0, 0, time.UTC), true, "2037-01-01", true},
		{archive.Retention30, time.Date(2050, 1, 1, 0, 0, 0, 0, time.UTC), false, "2057-01-01", true},
		{archive.RetentionPermanent, time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC), false, "", false},
	} {
		end, ok := tc.r.Expires(at)
		if ok != tc.hasLimit || (ok && end.Format(time.DateOnly) != tc.ends) || tc.r.CanDestroy(at, tc.now) != tc.destroy {
			t.Errorf("%s at %s: ends %v %v, destroy %v", tc.r, tc.now, end, ok, tc.r.CanDestroy(at, tc.now))
		}
	}
	if _, err := archive.ParseRetention("5y"); err == nil {
		t.Error("5y parsed")
	}
}
