package archive

import (
	"archive/zip"
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/emmansun/gmsm/sm3"

	"onetrip"
	"onetrip/seal"
)

// Metadata is what a package says about itself: the elements of DA/T 85
// (政务服务事项电子文件归档规范) and DA/T 46 (文书类电子文件元数据) that a
// case's part has. Every field is required except Applicant's number, which
// an organisation may lack.
type Metadata struct {
	PackageID      string    `json:"package_id"`     // 档号 of the package
	Fonds          string    `json:"fonds"`          // 全宗号: the department's id
	FondsName      string    `json:"fonds_name"`     // 立档单位: the department
	Region         string    `json:"region"`         // 行政区划
	ItemCode       string    `json:"item_code"`      // 事项编码
	ItemName       string    `json:"item_name"`      // 事项名称
	CaseID         string    `json:"case_id"`        // the working record's id
	CaseNumber     string    `json:"case_number"`    // 办件编号
	Title          string    `json:"title"`          // 题名
	Applicant      string    `json:"applicant"`      // 申请人
	ApplicantID    string    `json:"applicant_id"`   // 申请人证件号码
	Accepted       time.Time `json:"accepted"`       // 受理时间
	Closed         time.Time `json:"closed"`         // 办结时间
	Archived       time.Time `json:"archived"`       // 归档时间
	Retention      Retention `json:"retention"`      // 保管期限
	Classification string    `json:"classification"` // 密级: 无
	Result         string    `json:"result"`         // 办理结果
	Files          []FileRef `json:"files"`          // every payload file, in order
	Format         string    `json:"format"`         // this layout's name and version
	Signer         string    `json:"signer"`         // the seal that signed the package
	SignerKeyPrint string    `json:"signer_key_sm3"` // the seal's public key fingerprint
}

// Format is the layout Build writes and Check reads.
const Format = "onetrip-archive/1 (BagIt 1.0, SM3, SM2)"

// ClassificationNone is 密级 of every package: government-service records
// hold no state secrets.
const ClassificationNone = "无"

// The roles of payload files, in the order a package lists them.
const (
	RoleRecord   = "record"   // 办件记录: the case as the department saw it
	RoleForm     = "form"     // 申请表
	RoleMaterial = "material" // 申请材料 (the file, or for 免提交 the reference and fetch record)
	RoleTask     = "task"     // 审查记录: task history, opinions, decisions, outputs
	RoleNotice   = "notice"   // 补正通知
	RoleResult   = "result"   // 办理结果: the licence document with its seal
	RoleEvents   = "events"   // 事件记录
)

// File is one payload file of a package.
type File struct {
	Path  string // under data/, e.g. materials/M01-身份证.pdf
	Role  string
	Title string // what it is, in words
	Type  string // media type
	Bytes []byte
}

// FileRef is a payload file as the metadata lists it.
type FileRef struct {
	Path  string `json:"path"`
	Role  string `json:"role"`
	Title string `json:"title"`
	Type  string `json:"type"`
	Size  int    `json:"size"`
	SM3   string `json:"sm3"`
}

// Signer signs a package: a department's seal.
type Signer struct {
	Name string
	Key  *seal.Key
}

// SM3Hex is the SM3 digest of b in lower-case hex.
func SM3Hex(b []byte) string {
	s := sm3.Sum(b)
	return hex.EncodeToString(s[:])
}

// Build writes a package: the payload files under data/, the metadata, the
// manifests and the signature. It refuses a package without files, with a
// path that is not a plain relative one, or with a path twice.
func Build(m Metadata, files []File, signer Signer) ([]byte, Metadata, error) {
	if len(files) == 0 {
		return nil, m, onetrip.Invalid("archive.build.empty")
	}
	m.Files = nil
	var manifest strings.Builder
	for _, f := range files {
		if !cleanPath(f.Path) {
			return nil, m, onetrip.Invalid("archive.build.path", f.Path)
		}
		if slices.ContainsFunc(m.Files, func(r FileRef) bool { return r.Path == f.Path }) {
			return nil, m, onetrip.Invalid("archive.build.duplicate", f.Path)
		}
		d := SM3Hex(f.Bytes)
		m.Files = append(m.Files, FileRef{Path: f.Path, Role: f.Role, Title: f.Title, Type: f.Type, Size: len(f.Bytes), SM3: d})
		manifest.WriteString(d + "  data/" + f.Path + "\n")
	}
	m.Format, m.Classification = Format, ClassificationNone
	m.Signer, m.SignerKeyPrint = signer.Name, signer.Key.Public().Fingerprint()
	meta, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, m, err
	}
	tags := []struct {
		name string
		body []byte
	}{
		{"bagit.txt", []byte("BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n")},
		{"bag-info.txt", bagInfo(m, files)},
		{"metadata.json", append(meta, '\n')},
		{"manifest-sm3.txt", []byte(manifest.String())},
	}
	var tagManifest strings.Builder
	for _, t := range tags {
		tagManifest.WriteString(SM3Hex(t.body) + "  " + t.name + "\n")
	}
	sig, err := signer.Key.Sign([]byte(tagManifest.String()))
	if err != nil {
		return nil, m, err
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	put := func(name string, b []byte) error {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: m.Archived})
		if err != nil {
			return err
		}
		_, err = w.Write(b)
		return err
	}
	for _, t := range tags {
		if err := put(t.name, t.body); err != nil {
			return nil, m, err
		}
	}
	if err := put(TagManifest, []byte(tagManifest.String())); err != nil {
		return nil, m, err
	}
	if err := put(SignatureFile, sig); err != nil {
		return nil, m, err
	}
	if err := put(SealFile, []byte(signer.Key.Public().PEM())); err != nil {
		return nil, m, err
	}
	for _, f := range files {
		if err := put("data/"+f.Path, f.Bytes); err != nil {
			return nil, m, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, m, err
	}
	return buf.Bytes(), m, nil
}

// The package's fixed file names.
const (
	TagManifest   = "tagmanifest-sm3.txt"
	SignatureFile = "tagmanifest-sm3.txt.sig"
	SealFile      = "seal.pem"
)

// tagFiles are the tag files the tag manifest must list, in order.
var tagFiles = []string{"bagit.txt", "bag-info.txt", "metadata.json", "manifest-sm3.txt"}

// bagInfo writes the metadata as BagIt's labelled lines (RFC 8493 §2.2.2),
// the reserved labels first.
func bagInfo(m Metadata, files []File) []byte {
	size := 0
	for _, f := range files {
		size += len(f.Bytes)
	}
	var b strings.Builder
	line := func(k, v string) { fmt.Fprintf(&b, "%s: %s\n", k, strings.ReplaceAll(v, "\n", " ")) }
	line("Source-Organization", m.FondsName)
	line("Organization-Address", m.Region)
	line("External-Identifier", m.PackageID)
	line("External-Description", m.Title)
	line("Bagging-Date", m.Archived.In(onetrip.China).Format(time.DateOnly))
	line("Payload-Oxum", strconv.Itoa(size)+"."+strconv.Itoa(len(files)))
	line("Fonds-Code", m.Fonds)
	line("Item-Code", m.ItemCode)
	line("Item-Name", m.ItemName)
	line("Case-Number", m.CaseNumber)
	line("Retention-Period", string(m.Retention))
	line("Classification", m.Classification)
	line("Format", m.Format)
	return []byte(b.String())
}

// cleanPath accepts a relative slash path with no . or .. parts, no
// backslash and no control characters: it stays under data/ wherever the
// package is unpacked.
func cleanPath(p string) bool {
	if p == "" || strings.HasPrefix(p, "/") || strings.Contains(p, `\`) || path.Clean(p) != p || strings.HasPrefix(p, "..") {
		return false
	}
	for _, r := range p {
		if r < 0x20 || r == 0x7f {
			return false
		}
	}
	for _, part := range strings.Split(p, "/") {
		if part == "." || part == ".." || part == "" {
			return false
		}
	}
	return true
}
