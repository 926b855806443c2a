package sqlstore_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"onetrip"
	"onetrip/app"
	"onetrip/catalog"
	"onetrip/sqlstore"
	"onetrip/sqlstore/sqltest"
)

func demoCatalog(t *testing.T) *catalog.Catalog {
	t.Helper()
	c, err := catalog.Demo()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCatalogImportExportRoundTrip(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		if err := app.Bootstrap(ctx, s); err != nil {
			t.Fatal(err)
		}
		res, err := s.ImportCatalog(ctx, demoCatalog(t), "test")
		if err != nil || res.ItemsCreated != 59 || res.BundlesCreated != 8 {
			t.Fatalf("%+v %v", res, err)
		}
		c, err := s.Catalog(ctx)
		if err != nil {
			t.Fatal(err)
		}
		out, err := catalog.Export(c)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(out, catalog.DemoJSON) {
			t.Fatal("export differs from the imported file")
		}
		// Import the export again: nothing changes, no new versions.
		again, _ := catalog.Parse(out)
		res, err = s.ImportCatalog(ctx, again, "test")
		if err != nil || res.ItemsUnchanged != 59 || res.BundlesUnchanged != 8 {
			t.Fatalf("re-import: %+v %v", res, err)
		}
		// Excel round trip through the store.
		x, err := catalog.ExportXLSX(c)
		if err != nil {
			t.Fatal(err)
		}
		fromX, err := catalog.ImportXLSX(x)
		if err != nil {
			t.Fatal(err)
		}
		if res, err = s.ImportCatalog(ctx, fromX, "test"); err != nil || res.ItemsUnchanged != 59 {
			t.Fatalf("xlsx re-import: %+v %v", res, err)
		}
	})
}

func TestBrokenCatalogChangesNothing(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		app.Bootstrap(ctx, s)
		if _, err := s.ImportCatalog(ctx, demoCatalog(t), "test"); err != nil {
			t.Fatal(err)
		}
		before, _ := s.Catalog(ctx)
		bad := demoCatalog(t)
		bad.Items[0].Name = "改了名字" // would be a new version…
		bad.Items[1].PromisedDays = bad.Items[1].StatutoryDays + 5
		bad.Items[2].Materials[0].Name = "营业执照等材料"
		bad.Bundles[0].Steps[0].After = []string{bad.Bundles[0].Steps[1].Item} // a cycle
		_, err := s.ImportCatalog(ctx, bad, "test")
		e := onetrip.AsError(err)
		if e.Code != onetrip.CodeInvalid || len(e.Details) < 3 {
			t.Fatalf("%v", err)
		}
		paths := ""
		for _, d := range e.Details {
			paths += d.Path + " "
		}
		for _, want := range []string{"items[1].promised_days", "items[2].materials[0].name", "bundles[0]"} {
			if !strings.Contains(paths, want) {
				t.Errorf("no finding at %s in %s", want, paths)
			}
		}
		after, _ := s.Catalog(ctx)
		a, _ := catalog.Export(before)
		b, _ := catalog.Export(after)
		if !bytes.Equal(a, b) {
			t.Fatal("a rejected import changed the catalogue")
		}
		if vs, _ := s.ItemVersions(ctx, bad.Items[0].Code); len(vs) != 1 {
			t.Fatalf("versions after a rejected import: %d", len(vs))
		}
	})
}

func TestDraftLintPublishVersions(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		app.Bootstrap(ctx, s)
		if _, err := s.ImportCatalog(ctx, demoCatalog(t), "test"); err != nil {
			t.Fatal(err)
		}
		const code = "330-SCJG-001"
		v1, err := s.Item(ctx, code, 0)
		if err != nil || v1.Info.Version != 1 || v1.Info.State != sqlstore.StatePublished {
			t.Fatalf("%+v %v", v1.Info, err)
		}
		if _, err := s.PublishItem(ctx, code, "admin"); !onetrip.HasCode(err, onetrip.CodeConflict) {
			t.Fatalf("publish without a draft: %v", err)
		}
		// A structurally broken draft is not saved at all.
		broken := catalog.CloneItem(v1.Item)
		broken.StatutoryDays = -1
		broken.Fee.Yuan = -5
		if _, err := s.SaveItemDraft(ctx, broken, "admin"); !onetrip.HasCode(err, onetrip.CodeInvalid) {
			t.Fatalf("broken draft: %v", err)
		}
		if vs, _ := s.ItemVersions(ctx, code); len(vs) != 1 {
			t.Fatalf("a broken draft was stored: %d versions", len(vs))
		}
		// A vague material saves as a draft but cannot be published.
		vague := catalog.CloneItem(v1.Item)
		vague.Materials = append(vague.Materials, catalog.MaterialSpec{Name: "营业执照等材料", Required: true, Form: catalog.FormElectronic, Copies: 1, Source: "applicant"})
		res, err := s.SaveItemDraft(ctx, vague, "admin")
		if err != nil || res.Info.Version != 2 || len(res.Findings) != 1 {
			t.Fatalf("draft: %+v %v", res, err)
		}
		_, err = s.PublishItem(ctx, code, "admin")
		if e := onetrip.AsError(err); e.Code != onetrip.CodeInvalid || len(e.Details) != 1 || !strings.HasPrefix(e.Details[0].Path, "materials[") {
			t.Fatalf("publish of a vague guide: %v", err)
		}
		if cur, _ := s.Item(ctx, code, 0); cur.Info.Version != 1 {
			t.Fatal("a refused publish changed the published version")
		}
		// Fix it in the same draft and publish: version 2, version 1 superseded.
		fixed := res
		vague.Materials[len(vague.Materials)-1].Name = "股东会决议"
		if fixed, err = s.SaveItemDraft(ctx, vague, "admin"); err != nil || fixed.Info.Version != 2 || len(fixed.Findings) != 0 {
			t.Fatalf("fix: %+v %v", fixed, err)
		}
		info, err := s.PublishItem(ctx, code, "admin")
		if err != nil || info.Version != 2 {
			t.Fatalf("%+v %v", info, err)
		}
		cur, _ := s.Item(ctx, code, 0)
		old, _ := s.Item(ctx, code, 1)
		if cur.Info.Version != 2 || old.Info.State != sqlstore.StateSuperseded || len(cur.Item.Materials) != len(old.Item.Materials)+1 {
			t.Fatalf("after publish: %+v / %+v", cur.Info, old.Info)
		}
		if ch := catalog.DiffItems(old.Item, cur.Item); len(ch) == 0 {
			t.Fatal("no diff between versions")
		}
		if vs, _ := s.ItemVersions(ctx, code); len(vs) != 2 || vs[0].Version != 2 {
			t.Fatalf("%+v", vs)
		}
	})
}

func TestImplementationsAndCoverage(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		app.Bootstrap(ctx, s)
		if _, err := s.ImportCatalog(ctx, demoCatalog(t), "test"); err != nil {
			t.Fatal(err)
		}
		const code = "330-SCJG-001"
		it, _ := s.Item(ctx, code, 0)
		good := catalog.Implementation{Item: code, Region: "330802", Department: "330802-market", Center: "330802-center",
			PromisedDays: it.Item.PromisedDays, Address: "柯城区行政服务中心", Hours: "工作日", Phone: "0570-12345"}
		bad := []catalog.Implementation{good, good, good, good}
		bad[0].PromisedDays = it.Item.PromisedDays + 1
		bad[1].Department = "330802-public-security"
		bad[2].Department = "330100-market"
		bad[3].Address = " "
		err := s.SaveImplementations(ctx, bad, "admin")
		if e := onetrip.AsError(err); e.Code != onetrip.CodeInvalid || len(e.Details) != 4 {
			t.Fatalf("%v", err)
		}
		if list, _ := s.Implementations(ctx, code, ""); len(list) != 0 {
			t.Fatal("rejected implementations were stored")
		}
		city := good
		city.Region, city.Department, city.Center = "330800", "330800-market", "330800-center"
		if err := s.SaveImplementations(ctx, []catalog.Implementation{good, city}, "admin"); err != nil {
			t.Fatal(err)
		}
		// A township finds its county's implementation; another county the city's.
		if m, err := s.ImplementationFor(ctx, code, "330802005"); err != nil || m.Region != "330802" {
			t.Fatalf("%+v %v", m, err)
		}
		if m, err := s.ImplementationFor(ctx, code, "330803"); err != nil || m.Region != "330800" {
			t.Fatalf("%+v %v", m, err)
		}
		if _, err := s.ImplementationFor(ctx, code, "330102"); !onetrip.HasCode(err, onetrip.CodeNotFound) {
			t.Fatalf("杭州: %v", err)
		}
		if list, _ := s.Items(ctx, sqlstore.ItemQuery{Region: "330802"}); len(list) != 1 || list[0].Code != code {
			t.Fatalf("items in 柯城区: %+v", list)
		}
		if list, _ := s.Items(ctx, sqlstore.ItemQuery{Q: "公司 设立"}); len(list) == 0 {
			t.Fatal("keyword search found nothing")
		}
		cov, err := s.Coverage(ctx, "330800")
		if err != nil || cov.Region.Items != 1 || len(cov.Departments) != 2 || cov.Region.ByOnline[string(it.Item.Online)] != 1 {
			t.Fatalf("%+v %v", cov, err)
		}
	})
}
