package archive

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"onetrip/seal"
)

// The four properties of DA/T 70-2018 (四性).
const (
	CheckAuthenticity = "authenticity" // 真实性: signature and digests
	CheckIntegrity    = "integrity"    // 完整性: every listed file there, nothing extra, metadata complete
	CheckUsability    = "usability"    // 可用性: each file opens in its declared format
	CheckSecurity     = "security"     // 安全性: no executable content, readable without onetrip
)

// Checks lists the four, in DA/T 70's order.
var Checks = []string{CheckAuthenticity, CheckIntegrity, CheckUsability, CheckSecurity}

// Problem is one thing a check found, naming the file when there is one.
type Problem struct {
	Check string `json:"check"`
	File  string `json:"file,omitempty"`
	Key   string `json:"key"`
	Args  []any  `json:"args,omitempty"`
}

// Report is a 四性检测 of one package.
type Report struct {
	Passed   map[string]bool `json:"passed"` // by check
	Problems []Problem       `json:"problems"`
	// KeyFromPackage: no trusted key was given, so the signature was
	// checked with the key inside the package (an offline check); compare
	// Metadata.SignerKeyPrint with the one the department publishes.
	KeyFromPackage bool      `json:"key_from_package"`
	Metadata       *Metadata `json:"metadata,omitempty"`
}

// OK says whether all four checks passed.
func (r Report) OK() bool {
	for _, c := range Checks {
		if !r.Passed[c] {
			return false
		}
	}
	return true
}

func (r *Report) fail(check, file, key string, args ...any) {
	r.Passed[check] = false
	r.Problems = append(r.Problems, Problem{Check: check, File: file, Key: key, Args: args})
}

// Limits of what Check reads: a package is a case's part, not a dump.
const (
	MaxPackageFiles = 10000
	maxEntryBytes   = 512 << 20
	maxRatio        = 200 // uncompressed / compressed beyond which an entry is a zip bomb
)

// executableMagic are the first bytes of programs (ELF, PE, Mach-O,
// scripts); executableExt the names that run when opened.
var (
	executableMagic = [][]byte{[]byte("\x7fELF"), []byte("MZ"), []byte("#!"), {0xcf, 0xfa, 0xed, 0xfe}, {0xfe, 0xed, 0xfa, 0xcf}, {0xca, 0xfe, 0xba, 0xbe}}
	executableExt   = []string{".exe", ".com", ".bat", ".cmd", ".sh", ".js", ".vbs", ".ps1", ".jar", ".scr", ".dll", ".so", ".msi", ".app", ".apk", ".py"}
)

// Check runs the 四性检测 on a package's bytes. trusted is the department
// seal's public key as the platform publishes it; nil checks the signature
// with the key inside the package and says so.
func Check(pkg []byte, trusted *seal.PublicKey) Report {
	r := Report{Passed: map[string]bool{CheckAuthenticity: true, CheckIntegrity: true, CheckUsability: true, CheckSecurity: true}, Problems: []Problem{}}
	zr, err := zip.NewReader(bytes.NewReader(pkg), int64(len(pkg)))
	if err != nil {
		r.fail(CheckSecurity, "", "archive.check.not_zip")
		for _, c := range Checks[:3] {
			r.Passed[c] = false
		}
		return r
	}
	if len(zr.File) > MaxPackageFiles {
		r.fail(CheckSecurity, "", "archive.check.too_many", len(zr.File), MaxPackageFiles)
		return r
	}
	files := map[string][]byte{}
	var order []string
	for _, f := range zr.File {
		switch {
		case !cleanPath(f.Name):
			r.fail(CheckSecurity, f.Name, "archive.check.path")
			continue
		case f.Flags&0x1 != 0:
			r.fail(CheckSecurity, f.Name, "archive.check.encrypted")
			continue
		case f.Mode()&(1<<27) != 0 || f.Mode().Type() != 0 && !f.Mode().IsRegular():
			r.fail(CheckSecurity, f.Name, "archive.check.not_regular")
			continue
		case f.UncompressedSize64 > maxEntryBytes || (f.CompressedSize64 > 0 && f.UncompressedSize64/f.CompressedSize64 > maxRatio && f.UncompressedSize64 > 1<<20):
			r.fail(CheckSecurity, f.Name, "archive.check.bomb")
			continue
		}
		if _, dup := files[f.Name]; dup {
			r.fail(CheckIntegrity, f.Name, "archive.check.duplicate")
			continue
		}
		b, err := readEntry(f)
		if err != nil {
			r.fail(CheckSecurity, f.Name, "archive.check.unreadable")
			continue
		}
		if executable(f.Name, b) {
			r.fail(CheckSecurity, f.Name, "archive.check.executable")
		}
		files[f.Name] = b
		order = append(order, f.Name)
	}

	// Authenticity: the seal signed the tag manifest, which covers the
	// metadata and the manifest, which covers each payload file.
	pem, sig, tm := files[SealFile], files[SignatureFile], files[TagManifest]
	key, err := seal.ParsePublicKeyPEM(string(pem))
	switch {
	case pem == nil:
		r.fail(CheckAuthenticity, SealFile, "archive.check.missing")
	case err != nil:
		r.fail(CheckAuthenticity, SealFile, "archive.check.bad_key")
	case trusted != nil && !trusted.Equal(key):
		r.fail(CheckAuthenticity, SealFile, "archive.check.untrusted_key", key.Fingerprint(), trusted.Fingerprint())
	}
	if trusted != nil {
		key = trusted
	} else {
		r.KeyFromPackage = true
	}
	switch {
	case tm == nil:
		r.fail(CheckAuthenticity, TagManifest, "archive.check.missing")
	case sig == nil:
		r.fail(CheckAuthenticity, SignatureFile, "archive.check.missing")
	case key != nil && !seal.Verify(key, tm, sig):
		r.fail(CheckAuthenticity, SignatureFile, "archive.check.signature")
	}
	tagDigests, bad := parseManifest(tm)
	if bad != "" {
		r.fail(CheckAuthenticity, TagManifest, "archive.check.manifest_line", bad)
	}
	for _, name := range tagFiles {
		b, ok := files[name]
		switch {
		case !ok:
			r.fail(CheckIntegrity, name, "archive.check.missing")
		case tagDigests[name] == "":
			r.fail(CheckAuthenticity, name, "archive.check.not_listed")
		case tagDigests[name] != SM3Hex(b):
			r.fail(CheckAuthenticity, name, "archive.check.digest")
		}
	}
	for name := range tagDigests {
		if !slices.Contains(tagFiles, name) {
			r.fail(CheckIntegrity, name, "archive.check.unexpected_tag")
		}
	}
	if b := files["bagit.txt"]; b != nil && !bytes.HasPrefix(b, []byte("BagIt-Version: 1.0\n")) {
		r.fail(CheckIntegrity, "bagit.txt", "archive.check.bagit")
	}

	// The payload against the manifest and the metadata.
	digests, bad := parseManifest(files["manifest-sm3.txt"])
	if bad != "" {
		r.fail(CheckAuthenticity, "manifest-sm3.txt", "archive.check.manifest_line", bad)
	}
	var m Metadata
	if b, ok := files["metadata.json"]; ok {
		if err := json.Unmarshal(b, &m); err != nil {
			r.fail(CheckIntegrity, "metadata.json", "archive.check.metadata_json")
		} else {
			r.Metadata = &m
			for _, f := range missingMetadata(m) {
				r.fail(CheckIntegrity, "metadata.json", "archive.check.metadata_missing", f)
			}
		}
	}
	listed := map[string]FileRef{}
	for _, f := range m.Files {
		listed["data/"+f.Path] = f
	}
	for name, d := range digests {
		b, ok := files[name]
		switch {
		case !ok:
			r.fail(CheckIntegrity, name, "archive.check.missing")
		case SM3Hex(b) != d:
			r.fail(CheckAuthenticity, name, "archive.check.digest")
		}
		if f, ok := listed[name]; r.Metadata != nil && (!ok || f.SM3 != d) {
			r.fail(CheckIntegrity, name, "archive.check.metadata_mismatch")
		}
	}
	for name := range listed {
		if _, ok := digests[name]; !ok {
			r.fail(CheckIntegrity, name, "archive.check.not_listed")
		}
	}
	for _, name := range order {
		fixed := name == TagManifest || name == SignatureFile || name == SealFile || slices.Contains(tagFiles, name)
		if _, ok := digests[name]; !ok && !fixed {
			r.fail(CheckIntegrity, name, "archive.check.extra")
		}
	}

	// Usability: each listed file opens as its declared type.
	for _, f := range m.Files {
		b, ok := files["data/"+f.Path]
		if !ok {
			continue
		}
		if key := usable(f.Type, b); key != "" {
			r.fail(CheckUsability, "data/"+f.Path, key, f.Type)
		}
	}
	slices.SortStableFunc(r.Problems, func(a, b Problem) int {
		return slices.Index(Checks, a.Check) - slices.Index(Checks, b.Check)
	})
	return r
}

func readEntry(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, maxEntryBytes+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxEntryBytes {
		return nil, errors.New("entry too large")
	}
	return b, nil
}

func executable(name string, b []byte) bool {
	low := strings.ToLower(name)
	for _, ext := range executableExt {
		if strings.HasSuffix(low, ext) {
			return true
		}
	}
	for _, m := range executableMagic {
		if bytes.HasPrefix(b, m) {
			return true
		}
	}
	return false
}

// parseManifest reads "<hex>  <path>" lines; bad is the first line that is
// not one.
func parseManifest(b []byte) (map[string]string, string) {
	out := map[string]string{}
	for _, line := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n") {
		if line == "" {
			continue
		}
		d, p, ok := strings.Cut(line, "  ")
		if !ok || len(d) != 64 || strings.Trim(d, "0123456789abcdef") != "" || p == "" {
			return out, line
		}
		out[p] = d
	}
	return out, ""
}

// missingMetadata lists the required elements a package's metadata lacks.
func missingMetadata(m Metadata) []string {
	var out []string
	for _, f := range []struct {
		name  string
		empty bool
	}{
		{"package_id", m.PackageID == ""}, {"fonds", m.Fonds == ""}, {"fonds_name", m.FondsName == ""}, {"region", m.Region == ""},
		{"item_code", m.ItemCode == ""}, {"item_name", m.ItemName == ""}, {"case_number", m.CaseNumber == ""}, {"title", m.Title == ""},
		{"applicant", m.Applicant == ""}, {"accepted", m.Accepted.IsZero()}, {"closed", m.Closed.IsZero()}, {"archived", m.Archived.IsZero()},
		{"retention", m.Retention == ""}, {"classification", m.Classification == ""}, {"result", m.Result == ""}, {"files", len(m.Files) == 0},
		{"format", m.Format == ""}, {"signer", m.Signer == ""},
	} {
		if f.empty {
			out = append(out, f.name)
		}
	}
	return out
}

// usable checks that a file is what its type says; the message key of the
// problem, or "".
func usable(typ string, b []byte) string {
	switch typ {
	case "application/pdf":
		if !bytes.HasPrefix(b, []byte("%PDF-")) || !bytes.Contains(b[max(0, len(b)-1024):], []byte("%%EOF")) {
			return "archive.check.format"
		}
	case "image/jpeg":
		if len(b) < 4 || !bytes.HasPrefix(b, []byte{0xff, 0xd8, 0xff}) || !bytes.HasSuffix(bytes.TrimRight(b, "\x00"), []byte{0xff, 0xd9}) {
			return "archive.check.format"
		}
	case "image/png":
		if !bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")) || !bytes.Contains(b[max(0, len(b)-32):], []byte("IEND")) {
			return "archive.check.format"
		}
	case "application/json":
		if !json.Valid(b) {
			return "archive.check.format"
		}
	case "application/xml", "text/xml":
		d := xml.NewDecoder(bytes.NewReader(b))
		n := 0
		for {
			_, err := d.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				return "archive.check.format"
			}
			n++
		}
		if n == 0 {
			return "archive.check.format"
		}
	case "application/ofd":
		zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
		if err != nil || !slices.ContainsFunc(zr.File, func(f *zip.File) bool { return strings.EqualFold(f.Name, "OFD.xml") }) {
			return "archive.check.format"
		}
	case "text/plain; charset=utf-8", "text/plain":
		if !utf8.Valid(b) {
			return "archive.check.format"
		}
	default:
		return "archive.check.unknown_type"
	}
	return ""
}
