// Package bench measures onetrip as its issues ask: whole requests through
// the HTTP API against a baseline measured in the same run, reported as
// rates, percentiles and ratios (the machines are shared and noisy). `onetrip
// bench` and the Go benchmarks call it.
package bench

import (
	"context"
	"fmt"

	"onetrip/catalog"
	"onetrip/sqlstore"
)

// BundleCode is the benchmark's bundle: three steps (two in parallel, then
// one), six materials from the applicant in all.
const BundleCode = "B-BENCH-3STEP"

// addBenchCatalog imports the demo catalogue plus three small items and
// the benchmark bundle, with implementations in 柯城区.
func addBenchCatalog(ctx context.Context, s *sqlstore.Store) error {
	c, err := catalog.Demo()
	if err != nil {
		return err
	}
	kinds := []string{"market", "taxation", "natural-resources"}
	for i, k := range kinds {
		code := fmt.Sprintf("330-BNCH-%03d", i+1)
		it := catalog.Item{Code: code, Name: fmt.Sprintf("基准测试事项%d", i+1), Kind: "行政许可", DepartmentKind: k,
			Level: catalog.LevelCounty, Window: "综合", LegalBasis: []string{"《基准测试条例》第一条"}, Conditions: []string{"申请人具有完全民事行为能力"},
			StatutoryDays: 10, PromisedDays: 3, Online: catalog.OnlineSubmit, MaxVisits: 1,
			Delivery: []catalog.Delivery{catalog.DeliveryWindow, catalog.DeliveryCourier}, Result: catalog.Result{Document: "基准测试结果", Fields: []string{"许可证号"}},
			Keywords: []string{"基准"}, FAQ: []catalog.FAQ{}}
		for j := 1; j <= 2; j++ {
			it.Materials = append(it.Materials, catalog.MaterialSpec{Name: fmt.Sprintf("基准申请表%d-%d", i+1, j), Required: true,
				Form: catalog.FormOriginal, Copies: 1, Source: "applicant"})
		}
		c.Items = append(c.Items, it)
	}
	c.Bundles = append(c.Bundles, catalog.Bundle{Code: BundleCode, Name: "基准测试一件事", LeadKind: "natural-resources", PromisedDays: 6,
		Steps: []catalog.Step{{Item: "330-BNCH-001", After: []string{}}, {Item: "330-BNCH-002", After: []string{}},
			{Item: "330-BNCH-003", After: []string{"330-BNCH-001", "330-BNCH-002"}}}, Keywords: []string{"基准"}})
	catalog.Normalize(c)
	if _, err := s.ImportCatalog(ctx, c, "bench"); err != nil {
		return err
	}
	var impls []catalog.Implementation
	for i, k := range kinds {
		impls = append(impls, catalog.Implementation{Item: fmt.Sprintf("330-BNCH-%03d", i+1), Region: "330802", Department: "330802-" + k,
			PromisedDays: 3, Address: "柯城区行政服务中心", Hours: "工作日", Phone: "0570-12345"})
	}
	return s.SaveImplementations(ctx, impls, "bench")
}
