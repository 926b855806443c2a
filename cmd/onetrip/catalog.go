package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"onetrip"
	"onetrip/catalog"
	"onetrip/httpapi"
)

func init() {
	onetrip.Register(onetrip.Messages{
		"cli.args":       {"用法：%s", "usage: %s"},
		"cli.read_file":  {"无法读取文件 %s", "cannot read the file %s"},
		"cli.format":     {"未知格式 %q（json 或 xlsx）", "unknown format %q (json or xlsx)"},
		"cli.write_file": {"无法写入文件 %s", "cannot write the file %s"},
	})
}

// cmdImportCatalog imports a catalogue file (JSON, or .xlsx by extension).
// A file with any problem is rejected whole with every problem listed.
func cmdImportCatalog(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("import catalog", e)
	var sf storeFlags
	sf.register(fs)
	by := fs.String("by", "cli", "who imports, recorded on the new versions")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return onetrip.Invalid("cli.args", "onetrip import catalog [--data DIR] [--db DSN] FILE")
	}
	path := fs.Arg(0)
	b, err := os.ReadFile(path)
	if err != nil {
		return &onetrip.Error{Code: onetrip.CodeInvalid, Key: "cli.read_file", Args: []any{path}, Err: err}
	}
	ct := "application/json"
	if strings.EqualFold(filepath.Ext(path), ".xlsx") {
		ct = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	c, err := httpapi.ParseCatalogFile(ct, b)
	if err != nil {
		return err
	}
	s, err := openStore(ctx, e, sf)
	if err != nil {
		return err
	}
	defer s.Close()
	res, err := s.ImportCatalog(ctx, c, *by)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "imported %s: items %d new, %d new versions, %d unchanged; bundles %d new, %d new versions, %d unchanged; drafts discarded %d\n",
		path, res.ItemsCreated, res.ItemsNewVersion, res.ItemsUnchanged, res.BundlesCreated, res.BundlesNewVersion, res.BundlesUnchanged, res.DraftsDiscarded)
	return nil
}

// cmdExportCatalog writes the published catalogue as JSON (the import
// format) or Excel.
func cmdExportCatalog(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("export catalog", e)
	var sf storeFlags
	sf.register(fs)
	format := fs.String("format", "json", "json or xlsx")
	out := fs.String("out", "-", "output file (- for standard output)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	s, err := openStore(ctx, e, sf)
	if err != nil {
		return err
	}
	defer s.Close()
	c, err := s.Catalog(ctx)
	if err != nil {
		return err
	}
	var b []byte
	switch *format {
	case "json":
		b, err = catalog.Export(c)
	case "xlsx":
		b, err = catalog.ExportXLSX(c)
	default:
		return onetrip.Invalid("cli.format", *format)
	}
	if err != nil {
		return err
	}
	if *out == "-" {
		_, err = e.stdout.Write(b)
		return err
	}
	if err := os.WriteFile(*out, b, 0o644); err != nil {
		return &onetrip.Error{Code: onetrip.CodeInvalid, Key: "cli.write_file", Args: []any{*out}, Err: err}
	}
	return nil
}
