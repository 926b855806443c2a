package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"onetrip"
	"onetrip/app"
	"onetrip/archive"
	"onetrip/blob"
	"onetrip/seal"
	"onetrip/sqlstore"
)

func init() {
	onetrip.Register(onetrip.Messages{
		"cli.archive.run":        {"已归档 %d 件办件，%d 个归档包", "archived %d case(s) in %d package(s)"},
		"cli.archive.failed":     {"四性检测未通过（已归档，列在档案页面）：%s", "failed the 四性检测 (archived all the same, listed on the archive page): %s"},
		"cli.archive.quiet":      {"--quiet-days 应为 0 或正整数", "--quiet-days must be 0 or a positive whole number"},
		"cli.archive.ok":         {"四性检测通过：%s，%s，%d 个文件，签章 %s", "the 四性检测 passed: %s, %s, %d files, sealed by %s"},
		"cli.archive.offline":    {"离线检测：签名用包内的印章公钥核验（指纹 %s）；请与该部门公布的公钥指纹比对，或用 --key 指定", "offline check: the signature was checked with the seal key inside the package (fingerprint %s); compare it with the department's published fingerprint, or give --key"},
		"cli.archive.not_passed": {"四性检测未通过", "the 四性检测 failed"},
		"cli.archive.key":        {"无法读取公钥文件 %s", "cannot read the public key file %s"},
		"cli.archive.trimmed":    {"已从上传存储移除 %d 个已归档的文件（下载时从归档包读取）", "removed %d archived file(s) from the upload store (downloads read them from the packages)"},
	})
}

// openArchiveNode opens the store, the upload store and the archive
// storage of the shared flags and --archive.
func openArchiveNode(ctx context.Context, e *env, sf storeFlags, dir string) (*sqlstore.Store, *blob.Store, *blob.Store, error) {
	s, err := openStore(ctx, e, sf)
	if err != nil {
		return nil, nil, nil, err
	}
	files, err := blob.Open(filepath.Join(sf.data, "blobs"))
	if err == nil {
		var arch *blob.Store
		if arch, err = app.OpenArchive(sf.data, dir); err == nil {
			return s, files, arch, nil
		}
	}
	s.Close()
	return nil, nil, nil, err
}

// cmdArchiveRun archives every closed case whose quiet period is over, as
// the job does.
func cmdArchiveRun(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("archive run", e)
	var sf storeFlags
	sf.register(fs)
	quiet := fs.Int("quiet-days", 7, "days a closed case stays in the working tables first (0: archive every closed case now)")
	dir := fs.String("archive", "", "directory of the archive storage (default --data/archive)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *quiet < 0 {
		return onetrip.Invalid("cli.archive.quiet")
	}
	s, files, arch, err := openArchiveNode(ctx, e, sf, *dir)
	if err != nil {
		return err
	}
	defer s.Close()
	res, err := s.ArchiveDue(ctx, time.Duration(*quiet)*24*time.Hour, files, arch, 0)
	if err != nil {
		return err
	}
	lang := cliLang()
	fmt.Fprintln(e.stdout, onetrip.Render(lang, "cli.archive.run", res.Cases, res.Packages))
	if len(res.Failed) > 0 {
		fmt.Fprintln(e.stdout, onetrip.Render(lang, "cli.archive.failed", fmt.Sprint(res.Failed)))
	}
	return nil
}

// cmdArchiveTrim removes from the upload store the files of archived cases
// that their packages hold; downloads then read them from the packages.
func cmdArchiveTrim(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("archive trim", e)
	var sf storeFlags
	sf.register(fs)
	dir := fs.String("archive", "", "directory of the archive storage (default --data/archive)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	s, files, arch, err := openArchiveNode(ctx, e, sf, *dir)
	if err != nil {
		return err
	}
	defer s.Close()
	n, err := s.TrimArchivedUploads(ctx, files, arch)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, onetrip.Render(cliLang(), "cli.archive.trimmed", n))
	return nil
}

// cmdArchiveCheck runs the 四性检测 on a package file with no database and
// no network; exit status 1 when any check fails, each problem naming its
// file.
func cmdArchiveCheck(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("archive check", e)
	keyFile := fs.String("key", "", "the department seal's public key (PEM) to trust; default: the key inside the package (offline)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return onetrip.Invalid("cli.args", "onetrip archive check PACKAGE.zip")
	}
	b, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		return onetrip.Invalid("cli.read_file", fs.Arg(0))
	}
	var trusted *seal.PublicKey
	if *keyFile != "" {
		pem, err := os.ReadFile(*keyFile)
		if err != nil {
			return onetrip.Invalid("cli.archive.key", *keyFile)
		}
		if trusted, err = seal.ParsePublicKeyPEM(string(pem)); err != nil {
			return onetrip.Invalid("cli.archive.key", *keyFile)
		}
	}
	lang := cliLang()
	rep := archive.Check(b, trusted)
	for _, c := range archive.Checks {
		mark := "✓"
		if !rep.Passed[c] {
			mark = "✗"
		}
		fmt.Fprintf(e.stdout, "%s %s\n", mark, archive.CheckLabel(c, lang))
	}
	for _, p := range rep.Problems {
		fmt.Fprintf(e.stdout, "  %s %s: %s\n", archive.CheckLabel(p.Check, lang), p.File, onetrip.Render(lang, p.Key, p.Args...))
	}
	if !rep.OK() {
		return onetrip.Invalid("cli.archive.not_passed")
	}
	m := rep.Metadata
	fmt.Fprintln(e.stdout, onetrip.Render(lang, "cli.archive.ok", m.CaseNumber, m.FondsName, len(m.Files), m.Signer))
	if rep.KeyFromPackage {
		fmt.Fprintln(e.stdout, onetrip.Render(lang, "cli.archive.offline", m.SignerKeyPrint))
	}
	return nil
}
