package bench

import (
	"context"
	"testing"
)

// BenchmarkLicence reports licence verifications/s through the API against
// the raw gmsm rate of the same run, and licences issued/s. Run:
// go test -run x -bench Licence -benchtime 1x ./bench/
func BenchmarkLicence(b *testing.B) {
	for _, e := range Engines() {
		b.Run(e.Name, func(b *testing.B) {
			for range b.N {
				res, err := Licence(context.Background(), LicenceOptions{Dir: b.TempDir(), DSN: e.DSN})
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(res.Verify.PerSecond, "verify/s")
				b.ReportMetric(res.Raw.PerSecond, "raw/s")
				b.ReportMetric(res.Ratio, "ratio")
				b.ReportMetric(res.Issue.PerSecond, "issue/s")
				b.Logf("raw    %s", res.Raw)
				b.Logf("verify %s", res.Verify)
				b.Logf("issue  %s", res.Issue)
				b.Logf("verify with Go's HTTP client %s", res.VerifyGoClient)
			}
		})
	}
}

// TestLicenceBenchRuns keeps the benchmark's setup working (tiny run).
func TestLicenceBenchRuns(t *testing.T) {
	res, err := Licence(context.Background(), LicenceOptions{Dir: t.TempDir(), Verifications: 200, Raw: 200, Issues: 100, Clients: 4})
	if err != nil {
		t.Fatal(err)
	}
	if res.Verify.N != 200 || res.Raw.N != 200 || res.Issue.N != 100 || res.VerifyGoClient.N != 100 || res.Ratio <= 0 {
		t.Fatalf("%+v", res)
	}
}
