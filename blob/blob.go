// Package blob keeps uploaded materials and archive packages in a
// content-addressed store: a file's name is the SM3 digest of its bytes, so
// the same upload is stored once and a stored file cannot be swapped without
// its name changing. Types are decided by content, never by file name.
package blob

import (
	"archive/zip"
	"bytes"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/emmansun/gmsm/sm3"

	"onetrip"
)

// Limits of uploads.
const (
	MaxFileBytes = 10 << 20 // one material file
	MaxCaseBytes = 50 << 20 // all files of one case
)

// Content types accepted for materials.
const (
	TypePDF  = "application/pdf"
	TypeJPEG = "image/jpeg"
	TypePNG  = "image/png"
	TypeOFD  = "application/ofd" // GB/T 33190 electronic documents (a zip with OFD.xml)
)

func init() {
	onetrip.Register(onetrip.Messages{
		"blob.too_large": {"文件超过 %d MB 的上限", "the file exceeds the limit of %d MB"},
		"blob.empty":     {"文件为空", "the file is empty"},
		"blob.type":      {"只接受 PDF、JPEG、PNG 或 OFD 文件（按文件内容判断）", "only PDF, JPEG, PNG or OFD files are accepted (judged by content)"},
		"blob.not_found": {"文件 %s 不存在", "file %s does not exist"},
		"blob.bad_id":    {"文件编号 %q 无效", "invalid file id %q"},
	})
}

// Store is a directory of blobs: DIR/ab/abcdef… (the digest in hex).
type Store struct{ dir string }

// Open returns the store in dir, creating it (mode 0700).
func Open(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	return &Store{dir: dir}, nil
}

var idRE = regexp.MustCompile(`^[0-9a-f]{64}$`)

// ValidID reports whether s has the shape of a blob id.
func ValidID(s string) bool { return idRE.MatchString(s) }

func (s *Store) path(id string) string { return filepath.Join(s.dir, id[:2], id) }

// Info is a stored blob. Name is the file name its uploader gave
// (CleanName), kept beside the blob for people: the store itself names files
// by digest only, so the same bytes uploaded twice are one blob.
type Info struct {
	ID          string `json:"id"`
	Name        string `json:"name,omitempty"`
	Size        int64  `json:"size"`
	ContentType string `json:"content_type"`
}

// MaxNameRunes bounds a kept file name.
const MaxNameRunes = 120

// CleanName is the part of an uploaded file's name worth keeping: the base
// name (browsers on Windows may send C:\fakepath\…), without control
// characters, at most MaxNameRunes (the extension kept when it is cut).
// It never decides the type: that is Sniff's job.
func CleanName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if r == utf8.RuneError || !unicode.IsPrint(r) {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if name == "." || name == ".." {
		return ""
	}
	if utf8.RuneCountInString(name) <= MaxNameRunes {
		return name
	}
	ext := path.Ext(name)
	if utf8.RuneCountInString(ext) > 10 {
		ext = ""
	}
	keep := []rune(strings.TrimSuffix(name, ext))[:MaxNameRunes-utf8.RuneCountInString(ext)-1]
	return string(keep) + "…" + ext
}

// TypeLabel is a content type as people name it: PDF, JPEG, PNG, OFD.
func TypeLabel(contentType string) string {
	switch contentType {
	case TypePDF:
		return "PDF"
	case TypeJPEG:
		return "JPEG"
	case TypePNG:
		return "PNG"
	case TypeOFD:
		return "OFD"
	}
	return contentType
}

// SizeLabel is a size as people read it: 812 B, 45.3 KB, 2.1 MB.
func SizeLabel(n int64) string {
	switch {
	case n < 1024:
		return strconv.FormatInt(n, 10) + " B"
	case n < 1024*1024:
		return strconv.FormatFloat(float64(n)/1024, 'f', 1, 64) + " KB"
	}
	return strconv.FormatFloat(float64(n)/(1024*1024), 'f', 1, 64) + " MB"
}

// Put reads at most MaxFileBytes, checks the type by content and stores the
// bytes under their SM3 digest (atomically: write then rename).
func (s *Store) Put(r io.Reader) (Info, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileBytes+1))
	if err != nil {
		return Info{}, err
	}
	if len(data) > MaxFileBytes {
		return Info{}, onetrip.E(onetrip.CodeTooLarge, "blob.too_large", MaxFileBytes>>20)
	}
	if len(data) == 0 {
		return Info{}, onetrip.Invalid("blob.empty")
	}
	ct := Sniff(data)
	if ct == "" {
		return Info{}, onetrip.E(onetrip.CodeUnsupported, "blob.type")
	}
	return s.PutAs(data, ct)
}

// PutAs stores bytes the platform made itself (an archive package) under
// their SM3 digest, without the upload checks: they are not a stranger's
// upload and need not be a material's type.
func (s *Store) PutAs(data []byte, contentType string) (Info, error) {
	sum := sm3.Sum(data)
	id := hex.EncodeToString(sum[:])
	p := s.path(id)
	if _, err := os.Stat(p); err == nil {
		return Info{ID: id, Size: int64(len(data)), ContentType: contentType}, nil
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return Info{}, err
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".up-*")
	if err != nil {
		return Info{}, err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return Info{}, err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return Info{}, err
	}
	if err := os.Rename(tmp.Name(), p); err != nil {
		os.Remove(tmp.Name())
		return Info{}, err
	}
	return Info{ID: id, Size: int64(len(data)), ContentType: contentType}, nil
}

// Remove deletes a stored blob (an archive package whose destruction was
// approved); removing one that is not there is not an error.
func (s *Store) Remove(id string) error {
	if !ValidID(id) {
		return onetrip.Invalid("blob.bad_id", id)
	}
	if err := os.Remove(s.path(id)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}

// Open returns a stored blob's bytes, verifying them against the name.
func (s *Store) Get(id string) ([]byte, error) {
	if !ValidID(id) {
		return nil, onetrip.Invalid("blob.bad_id", id)
	}
	data, err := os.ReadFile(s.path(id))
	if errors.Is(err, os.ErrNotExist) {
		return nil, onetrip.NotFound("blob.not_found", id)
	}
	if err != nil {
		return nil, err
	}
	sum := sm3.Sum(data)
	if hex.EncodeToString(sum[:]) != id {
		return nil, onetrip.Internal(errors.New("blob " + id + " does not match its digest"))
	}
	return data, nil
}

// Sniff names the accepted type of data by its content, or "".
func Sniff(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return TypePDF
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}):
		return TypeJPEG
	case bytes.HasPrefix(data, []byte{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}):
		return TypePNG
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return ""
		}
		for _, f := range zr.File {
			if f.Name == "OFD.xml" {
				return TypeOFD
			}
		}
	}
	return ""
}
