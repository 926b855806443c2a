package courier

import (
	"maps"
	"testing"
	"time"

	"onetrip/idcode"
)

func TestCheckBooking(t *testing.T) {
	rs := testRegions(t)
	id := idcode.MakeCitizenID("330802", time.Date(1990, 1, 2, 0, 0, 0, 0, time.UTC), 7)
	good := Booking{
		Reference: "case-1", CaseNumber: "KC2025000001",
		From:  Address{Name: "柯城区行政服务中心", Phone: "0570-8888888", Region: "330802006", Detail: "县学街 9 号"},
		To:    Address{Name: "张三", Phone: "13812345678", Region: "110105", Detail: "朝阳路 1 号"},
		Grams: 120, Contents: "机动车驾驶证",
	}
	with := func(f func(*Booking)) Booking { b := good; f(&b); return b }
	for _, tc := range []struct {
		name string
		b    Booking
		want map[string]string
	}{
		{"good", good, nil},
		{"no reference", with(func(b *Booking) { b.Reference = "" }), map[string]string{"reference": "courier.booking.reference"}},
		{"no weight", with(func(b *Booking) { b.Grams = 0 }), map[string]string{"grams": "courier.weight.invalid"}},
		{"ID in contents", with(func(b *Booking) { b.Contents = "身份证 " + id }), map[string]string{"contents": "courier.booking.contents_id"}},
		{"no contents", with(func(b *Booking) { b.Contents = "" }), map[string]string{"contents": "courier.booking.contents"}},
		{"centre at its county", with(func(b *Booking) { b.From.Region = "330802" }), nil},
		{"centre at its city", with(func(b *Booking) { b.From.Region = "330800" }), nil},
		{"both addresses", with(func(b *Booking) { b.From.Region = "330000"; b.To.Phone = "1" }),
			map[string]string{"from.region": "courier.address.region_level", "to.phone": "courier.address.phone"}},
		{"recipient at a county with townships", with(func(b *Booking) { b.To.Region = "330802" }), map[string]string{"to.region": "courier.address.township"}},
	} {
		err := CheckBooking(tc.b, rs)
		if got := paths(err); !maps.Equal(got, tc.want) || (len(tc.want) == 0) != (err == nil) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
}
