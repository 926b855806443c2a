package demo_test

import (
	"context"
	"testing"

	"onetrip/app"
	"onetrip/catalog"
	"onetrip/demo"
	"onetrip/sqlstore"
	"onetrip/sqlstore/sqltest"
)

// TestDemoCatalogueLoadedAndLintClean: --demo loads every item and bundle of
// the shared catalogue, with implementations for 衢州, 杭州 and their
// counties, and all of it passes the guide lint.
func TestDemoCatalogueLoadedAndLintClean(t *testing.T) {
	ctx := context.Background()
	s := sqltest.Open(t, "sqlite")
	if err := app.Bootstrap(ctx, s); err != nil {
		t.Fatal(err)
	}
	if err := demo.LoadCatalog(ctx, s, "test"); err != nil {
		t.Fatal(err)
	}
	want, _ := catalog.Demo()
	items, err := s.Items(ctx, sqlstore.ItemQuery{Limit: 1000})
	if err != nil || len(items) != len(want.Items) {
		t.Fatalf("%d items (%v), want %d", len(items), err, len(want.Items))
	}
	for _, it := range items {
		if _, fs, err := s.LintItemDraft(ctx, it.Code); err != nil || len(fs) != 0 {
			t.Errorf("%s: %v %+v", it.Code, err, fs)
		}
		for _, region := range []string{"330802", "330881", "330102", "330800", "330100"} {
			if _, err := s.ImplementationFor(ctx, it.Code, region); err != nil {
				t.Errorf("%s has no implementation serving %s: %v", it.Code, region, err)
			}
		}
	}
	bundles, _ := s.Bundles(ctx, false)
	refs, _ := s.Refs(ctx)
	if len(bundles) != len(want.Bundles) {
		t.Fatalf("%d bundles, want %d", len(bundles), len(want.Bundles))
	}
	for _, b := range bundles {
		bv, _ := s.Bundle(ctx, b.Code, 0)
		if fs := catalog.CheckBundle(bv.Bundle, refs); len(fs) != 0 {
			t.Errorf("%s: %+v", b.Code, fs)
		}
	}
}
