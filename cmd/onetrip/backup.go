package main

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/emmansun/gmsm/sm3"

	"onetrip"
)

func init() {
	onetrip.Register(onetrip.Messages{
		"cli.backup.postgres": {"PostgreSQL 数据库请用 pg_dump 备份（见 README）；本命令备份内置数据库", "back up a PostgreSQL database with pg_dump (see README); this command backs up the embedded database"},
		"cli.backup.exists":   {"%s 已存在，未覆盖", "%s exists; not overwritten"},
		"cli.restore.exists":  {"%s 已有数据库；请恢复到空目录（或加 --force 覆盖）", "%s already holds a database; restore into an empty directory (or --force)"},
		"cli.restore.corrupt": {"备份文件损坏：%s", "the backup is damaged: %s"},
	})
}

// manifestName is the backup's list of files with their SM3 digests.
const manifestName = "MANIFEST.json"

type manifest struct {
	Created time.Time         `json:"created"`
	Version string            `json:"version"`
	Files   map[string]string `json:"files"` // path in the archive → SM3 hex
	Note    string            `json:"note"`
}

// cmdBackup writes a consistent online backup of the embedded database and
// the uploaded files into one .tar.gz: the database first (one snapshot,
// VACUUM INTO), then the blobs, which are only ever added, so every file
// the snapshot names is there. The seals' master key is not in it: keep it
// apart (it opens every seal).
func cmdBackup(ctx context.Context, e *env, args []string) error {
	flags := newFlagSet("backup", e)
	var sf storeFlags
	sf.register(flags)
	out := flags.String("out", "", "the backup file to write (.tar.gz)")
	if err := flags.Parse(args); err != nil {
		return err
	}
	if *out == "" {
		return onetrip.Invalid("cli.missing_flag", "out")
	}
	if sf.dsn() != "" {
		return onetrip.Invalid("cli.backup.postgres")
	}
	if _, err := os.Stat(*out); err == nil {
		return onetrip.Invalid("cli.backup.exists", *out)
	}
	s, err := openStore(ctx, e, sf)
	if err != nil {
		return err
	}
	defer s.Close()
	tmp, err := os.MkdirTemp(filepath.Dir(*out), ".onetrip-backup-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	dbCopy := filepath.Join(tmp, "onetrip.db")
	if err := s.BackupTo(ctx, dbCopy); err != nil {
		return err
	}
	f, err := os.OpenFile(*out+".partial", os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	defer os.Remove(*out + ".partial")
	gz := gzip.NewWriter(f)
	tw := tar.NewWriter(gz)
	m := manifest{Created: time.Now().UTC(), Version: version, Files: map[string]string{},
		Note: "onetrip backup: the database and the uploaded files; the master key (ONETRIP_MASTER_KEY or master.key) is kept apart"}
	add := func(name, path string) error {
		fi, err := os.Stat(path)
		if err != nil {
			return err
		}
		src, err := os.Open(path)
		if err != nil {
			return err
		}
		defer src.Close()
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o600, Size: fi.Size(), ModTime: fi.ModTime()}); err != nil {
			return err
		}
		h := sm3.New()
		if _, err := io.Copy(io.MultiWriter(tw, h), src); err != nil {
			return err
		}
		m.Files[name] = hex.EncodeToString(h.Sum(nil))
		return nil
	}
	if err := add("onetrip.db", dbCopy); err != nil {
		return err
	}
	blobs := filepath.Join(sf.data, "blobs")
	n := 0
	err = filepath.WalkDir(blobs, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			if os.IsNotExist(err) {
				return nil
			}
			return err
		}
		rel, _ := filepath.Rel(sf.data, path)
		n++
		return add(filepath.ToSlash(rel), path)
	})
	if err != nil {
		return err
	}
	mb, _ := json.MarshalIndent(m, "", "  ")
	if err := tw.WriteHeader(&tar.Header{Name: manifestName, Mode: 0o600, Size: int64(len(mb)), ModTime: m.Created}); err != nil {
		return err
	}
	if _, err := tw.Write(mb); err != nil {
		return err
	}
	if err := tw.Close(); err != nil {
		return err
	}
	if err := gz.Close(); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(*out+".partial", *out); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "backup %s: the database and %d files; keep the master key apart\n", *out, n)
	return nil
}

// cmdRestore unpacks a backup into an empty data directory, checking every
// file against the manifest's SM3 digest; nothing is left behind when one
// does not match.
func cmdRestore(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("restore", e)
	var sf storeFlags
	sf.register(fs)
	in := fs.String("in", "", "the backup file (.tar.gz)")
	force := fs.Bool("force", false, "replace a database already in --data")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *in == "" {
		return onetrip.Invalid("cli.missing_flag", "in")
	}
	if _, err := os.Stat(filepath.Join(sf.data, "onetrip.db")); err == nil && !*force {
		return onetrip.Invalid("cli.restore.exists", sf.data)
	}
	f, err := os.Open(*in)
	if err != nil {
		return onetrip.Invalid("cli.read_file", *in)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return onetrip.Invalid("cli.restore.corrupt", err.Error())
	}
	stage, err := os.MkdirTemp(filepath.Dir(filepath.Clean(sf.data)), ".onetrip-restore-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(stage)
	tr := tar.NewReader(gz)
	got := map[string]string{}
	var m manifest
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return onetrip.Invalid("cli.restore.corrupt", err.Error())
		}
		name := filepath.FromSlash(hdr.Name)
		if hdr.Typeflag != tar.TypeReg || filepath.IsAbs(name) || strings.HasPrefix(filepath.Clean(name), "..") {
			return onetrip.Invalid("cli.restore.corrupt", "unexpected entry "+hdr.Name)
		}
		if hdr.Name == manifestName {
			if err := json.NewDecoder(tr).Decode(&m); err != nil {
				return onetrip.Invalid("cli.restore.corrupt", "manifest")
			}
			continue
		}
		dst := filepath.Join(stage, name)
		if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
			return err
		}
		w, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err != nil {
			return err
		}
		h := sm3.New()
		_, err = io.Copy(io.MultiWriter(w, h), tr)
		w.Close()
		if err != nil {
			return onetrip.Invalid("cli.restore.corrupt", err.Error())
		}
		got[hdr.Name] = hex.EncodeToString(h.Sum(nil))
	}
	if len(m.Files) == 0 || len(m.Files) != len(got) {
		return onetrip.Invalid("cli.restore.corrupt", "the manifest does not list the files")
	}
	for name, want := range m.Files {
		if got[name] != want {
			return onetrip.Invalid("cli.restore.corrupt", name)
		}
	}
	if err := os.MkdirAll(sf.data, 0o700); err != nil {
		return err
	}
	for _, old := range []string{"onetrip.db", "onetrip.db-wal", "onetrip.db-shm"} {
		os.Remove(filepath.Join(sf.data, old))
	}
	for name := range got {
		dst := filepath.Join(sf.data, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
			return err
		}
		if err := os.Rename(filepath.Join(stage, filepath.FromSlash(name)), dst); err != nil {
			return err
		}
	}
	fmt.Fprintf(e.stdout, "restored %d files from %s (taken %s) into %s; put the master key back before serving\n", len(got), *in,
		m.Created.Format(time.RFC3339), sf.data)
	return nil
}
