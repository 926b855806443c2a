package courier

import (
	"maps"
	"strings"
	"testing"
	"time"

	"onetrip"
	"onetrip/idcode"
)

func TestCheckAddress(t *testing.T) {
	rs := testRegions(t)
	id := idcode.MakeCitizenID("330802", time.Date(1985, 6, 1, 0, 0, 0, 0, time.UTC), 123)
	badCheck := id[:17] + string("0123456789"[(strings.IndexByte("0123456789X", id[17])+1)%10])
	if _, err := idcode.CheckCitizenID(badCheck); err == nil {
		t.Fatal("the broken ID must not check")
	}
	good := Address{Name: "张三", Phone: "13812345678", Region: "330802006", Detail: "府山街道新华路 12 号"}
	with := func(f func(*Address)) Address { a := good; f(&a); return a }
	for _, tc := range []struct {
		name string
		a    Address
		want map[string]string // path → key; empty: valid
	}{
		{"zhejiang township", good, nil},
		{"spaces trimmed", with(func(a *Address) { a.Name, a.Phone, a.Region = "  张三 ", " 13812345678 ", " 330802006" }), nil},
		{"landline", with(func(a *Address) { a.Phone = "0570-1234567" }), nil},
		{"landline 8 digits", with(func(a *Address) { a.Phone = "010-12345678" }), nil},
		{"county outside zhejiang", with(func(a *Address) { a.Region = "110105" }), nil},
		{"city without counties", with(func(a *Address) { a.Region = "441900" }), nil},
		{"zhejiang county needs township", with(func(a *Address) { a.Region = "330802" }), map[string]string{"region": "courier.address.township"}},
		{"city", with(func(a *Address) { a.Region = "330800" }), map[string]string{"region": "courier.address.region_level"}},
		{"province", with(func(a *Address) { a.Region = "330000" }), map[string]string{"region": "courier.address.region_level"}},
		{"unknown county", with(func(a *Address) { a.Region = "330899" }), map[string]string{"region": "courier.address.region"}},
		{"township not in data", with(func(a *Address) { a.Region = "110105001" }), map[string]string{"region": "courier.address.region"}},
		{"abroad", with(func(a *Address) { a.Region = "US" }), map[string]string{"region": "courier.address.region"}},
		{"no region", with(func(a *Address) { a.Region = " " }), map[string]string{"region": "courier.address.region_required"}},
		{"mobile 12", with(func(a *Address) { a.Phone = "138123456789" }), map[string]string{"phone": "courier.address.phone"}},
		{"mobile 12x", with(func(a *Address) { a.Phone = "12812345678" }), map[string]string{"phone": "courier.address.phone"}},
		{"landline no dash", with(func(a *Address) { a.Phone = "05701234567" }), map[string]string{"phone": "courier.address.phone"}},
		{"no name", with(func(a *Address) { a.Name = "  " }), map[string]string{"name": "courier.address.name"}},
		{"long name", with(func(a *Address) { a.Name = strings.Repeat("张", 31) }), map[string]string{"name": "courier.address.name"}},
		{"30 runes", with(func(a *Address) { a.Name = strings.Repeat("张", 30) }), nil},
		{"short detail", with(func(a *Address) { a.Detail = "12号" }), map[string]string{"detail": "courier.address.detail"}},
		{"long detail", with(func(a *Address) { a.Detail = strings.Repeat("路", 121) }), map[string]string{"detail": "courier.address.detail"}},
		{"ID in detail", with(func(a *Address) { a.Detail = "新华路12号 " + id }), map[string]string{"detail": "courier.address.detail_id"}},
		{"ID lower x", with(func(a *Address) { a.Detail = "新华路" + strings.ToLower(id) + "号" }), map[string]string{"detail": "courier.address.detail_id"}},
		{"ID inside digits", with(func(a *Address) { a.Detail = "新华路9" + id + "号" }), map[string]string{"detail": "courier.address.detail_id"}},
		{"18 digits not an ID", with(func(a *Address) { a.Detail = "新华路" + badCheck }), nil},
		{"everything at once", Address{Phone: "1", Region: "330800", Detail: "x"}, map[string]string{
			"name": "courier.address.name", "phone": "courier.address.phone", "region": "courier.address.region_level", "detail": "courier.address.detail"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckAddress(tc.a, rs)
			if len(tc.want) == 0 {
				if err != nil {
					t.Fatalf("want valid, got %v", err)
				}
				return
			}
			if !onetrip.HasCode(err, onetrip.CodeInvalid) || onetrip.AsError(err).Key != "courier.address.invalid" {
				t.Fatalf("want invalid address, got %v", err)
			}
			if got := paths(err); !maps.Equal(got, tc.want) {
				t.Fatalf("problems %v, want %v", got, tc.want)
			}
		})
	}
}

func TestNormaliseAndMask(t *testing.T) {
	a := NormaliseAddress(Address{Name: " 李四\t", Phone: " 13812345678", Region: "110105 ", Detail: "\n朝阳路 1 号 "})
	if a != (Address{Name: "李四", Phone: "13812345678", Region: "110105", Detail: "朝阳路 1 号"}) {
		t.Fatalf("%+v", a)
	}
	for in, want := range map[string]string{
		"13812345678":   "138****5678",
		"0570-1234567":  "0570-***4567",
		"010-12345678":  "010-****5678",
		"12345":         "*2345",
		"123":           "***",
		" 13900001111 ": "139****1111",
	} {
		if got := (Address{Phone: in}).Masked().Phone; got != want {
			t.Errorf("mask %q = %q, want %q", in, got, want)
		}
	}
	if m := a.Masked(); m.Name != a.Name || m.Detail != a.Detail || a.Phone != "13812345678" {
		t.Error("Masked must change only a copy's phone")
	}
}
