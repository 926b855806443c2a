package courier

import (
	"testing"
	"time"
)

func TestDispatchRowsAndEnvelope(t *testing.T) {
	rs := testRegions(t)
	t0 := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	ss := []Shipment{
		{CaseID: "c2", CaseNumber: "N2", Waybill: "SF0000000000002", Status: StatusBooked, Grams: 200, Fee: 720, BookedAt: t0.Add(time.Hour),
			To: Address{Name: "李四", Phone: "0570-1234567", Region: "110105", Detail: "朝阳路 1 号"}},
		{CaseID: "c1", CaseNumber: "N1", Waybill: "SF0000000000009", Status: StatusPickedUp, Grams: 100, Fee: 720, BookedAt: t0,
			To: Address{Name: "张三", Phone: "13812345678", Region: "330802006", Detail: "新华路 12 号"}},
		{CaseID: "c3", CaseNumber: "N3", Waybill: "SF0000000000001", Status: StatusBooked, BookedAt: t0,
			To: Address{Name: "王五", Phone: "13900001111", Region: "441900", Detail: "东城街道 3 号"}},
	}
	contents := map[string]string{"c1": "机动车驾驶证", "c2": "营业执照"}
	rows := DispatchRows(ss, names(rs), func(id string) string { return contents[id] })
	if len(rows) != 3 || rows[0].Waybill != "SF0000000000001" || rows[1].Waybill != "SF0000000000009" || rows[2].Waybill != "SF0000000000002" {
		t.Fatalf("order %+v", rows)
	}
	r := rows[1]
	if r.Phone != "138****5678" || r.RegionName != "浙江省衢州市柯城区府山街道" || r.Contents != "机动车驾驶证" || r.Recipient != "张三" || r.CaseNumber != "N1" || r.Status != StatusPickedUp {
		t.Errorf("row %+v", r)
	}
	if rows[2].RegionName != "北京市朝阳区" || rows[2].Phone != "0570-***4567" {
		t.Errorf("a grouping (市辖区) must not show: %+v", rows[2])
	}
	if rows[0].RegionName != "广东省东莞市" || rows[0].Contents != "" {
		t.Errorf("row %+v", rows[0])
	}
	if ss[0].Waybill != "SF0000000000002" {
		t.Error("DispatchRows must not reorder its input")
	}
	if got := DispatchRows(ss, nil, nil); got[0].RegionName != "" || got[0].Contents != "" {
		t.Error("nil lookups give empty columns")
	}

	from := Address{Name: "柯城区行政服务中心", Phone: "0570-8888888", Region: "330802006", Detail: "县学街 9 号"}
	env := NewEnvelope(ss[1], "衢州市柯城区行政服务中心", from, names(rs), "机动车驾驶证")
	want := Envelope{
		SenderCentre: "衢州市柯城区行政服务中心", SenderAddress: "浙江省衢州市柯城区府山街道县学街 9 号", SenderPhone: "0570-8888888",
		Recipient: "张三", RecipientPhone: "138****5678", RecipientAddress: "浙江省衢州市柯城区府山街道新华路 12 号",
		Waybill: "SF0000000000009", CaseNumber: "N1", Contents: "机动车驾驶证",
	}
	if env != want {
		t.Errorf("envelope\n%+v\nwant\n%+v", env, want)
	}
}
