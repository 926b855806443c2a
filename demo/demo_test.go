package demo_test

import (
	"context"
	"strings"
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

// TestSamplesAreWhatTheDemoHolds: every sample party's ID number checks,
// and the start-up banner prints each with what it holds; the demo
// registries answer the population or enterprise item for each.
func TestSamplesAreWhatTheDemoHolds(t *testing.T) {
	var b strings.Builder
	demo.Print(&b, demo.Result{Loaded: true, Password: "pw"}, "127.0.0.1:8080")
	reg := demo.Registry()
	for _, s := range demo.Samples() {
		item := "D-POP-BASIC"
		if len(s.IDNumber) == 18 && s.IDNumber[0] == '9' {
			item = "D-ENT-REG"
		}
		if _, found, err := reg.Fetch(context.Background(), item, s.IDNumber); err != nil || !found {
			t.Errorf("%s (%s): the registries hold no %s (%v)", s.Name, s.IDNumber, item, err)
		}
		if !strings.Contains(b.String(), s.IDNumber) {
			t.Errorf("the banner does not print %s", s.Name)
		}
	}
	if !strings.Contains(b.String(), "演示密码") || strings.Contains(b.String(), "one-time") {
		t.Error("the banner names the password what it is")
	}
}
