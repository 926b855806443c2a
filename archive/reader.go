package archive

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"slices"

	"onetrip"
)

// Reader opens the files of a package the platform made, for showing them
// (the archive's pages, a download after the working copy was trimmed):
// only files the metadata lists, each checked against its SM3. Check is the
// judgement of a whole package; this reads one file.
type Reader struct {
	zr   *zip.Reader
	Meta Metadata
}

// Open reads a package's metadata.
func Open(pkg []byte) (*Reader, error) {
	zr, err := zip.NewReader(bytes.NewReader(pkg), int64(len(pkg)))
	if err != nil {
		return nil, onetrip.Invalid("archive.check.not_zip")
	}
	r := &Reader{zr: zr}
	b, err := r.entry("metadata.json")
	if err != nil {
		return nil, err
	}
	if json.Unmarshal(b, &r.Meta) != nil {
		return nil, onetrip.Invalid("archive.check.metadata_json")
	}
	return r, nil
}

// File is a listed payload file by its path under data/.
func (r *Reader) File(path string) ([]byte, FileRef, error) {
	return r.find(func(f FileRef) bool { return f.Path == path }, path)
}

// FileBySM3 is the listed payload file with this digest (an upload's, whose
// id is its SM3).
func (r *Reader) FileBySM3(sum string) ([]byte, FileRef, error) {
	return r.find(func(f FileRef) bool { return f.SM3 == sum }, sum)
}

func (r *Reader) find(match func(FileRef) bool, name string) ([]byte, FileRef, error) {
	i := slices.IndexFunc(r.Meta.Files, match)
	if i < 0 {
		return nil, FileRef{}, onetrip.NotFound("archive.file.not_found", name)
	}
	ref := r.Meta.Files[i]
	b, err := r.entry("data/" + ref.Path)
	if err != nil {
		return nil, ref, err
	}
	if SM3Hex(b) != ref.SM3 {
		return nil, ref, onetrip.Conflict("archive.check.digest")
	}
	return b, ref, nil
}

func (r *Reader) entry(name string) ([]byte, error) {
	for _, f := range r.zr.File {
		if f.Name == name {
			b, err := readEntry(f)
			if err != nil {
				return nil, onetrip.Invalid("archive.check.unreadable")
			}
			return b, nil
		}
	}
	return nil, onetrip.NotFound("archive.file.not_found", name)
}
