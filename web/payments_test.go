package web

import (
	"testing"

	"onetrip"
	"onetrip/catalog"
)

// TestPaymentFormatting: payment codes print in groups of four, amounts
// with two decimals, a signature's fingerprint as 64 hex digits in eights,
// and the price table's paths name the band and zone.
func TestPaymentFormatting(t *testing.T) {
	if got := groupCode("33080226000000012345"); got != "3308 0226 0000 0001 2345" {
		t.Errorf("groupCode = %q", got)
	}
	for a, want := range map[catalog.Amount]string{8000: "80.00", 1250: "12.50", 5: "0.05", -305: "-3.05", 0: "0.00"} {
		if got := yuan(a); got != want {
			t.Errorf("yuan(%d) = %q, want %q", a, got, want)
		}
	}
	if got := sigDigest("AAEC"); len(got) != 64+7 {
		t.Errorf("sigDigest = %q", got)
	}
	if got := sigDigest("!!"); got != "" {
		t.Errorf("sigDigest of a garbled signature = %q", got)
	}
	for path, want := range map[string]string{"bands[1].max_grams": "第 2 档 · 重量上限（克）", "bands[0].prices.province": "第 1 档 · 省内", "bands": "参考价表", "other": "other"} {
		if got := priceLabel(onetrip.LangZH, path); got != want {
			t.Errorf("priceLabel(%s) = %q, want %q", path, got, want)
		}
	}
}
