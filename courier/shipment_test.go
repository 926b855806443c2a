package courier

import (
	"testing"
	"time"

	"onetrip"
)

func TestAdvanceTransitions(t *testing.T) {
	// allowed is the transition table written out pair by pair.
	allowed := map[[2]string]bool{
		{"booked", "picked_up"}: true, {"booked", "failed"}: true,
		{"picked_up", "in_transit"}: true, {"picked_up", "failed"}: true,
		{"in_transit", "in_transit"}: true, {"in_transit", "out_for_delivery"}: true, {"in_transit", "delivered"}: true, {"in_transit", "failed"}: true,
		{"out_for_delivery", "delivered"}: true, {"out_for_delivery", "failed"}: true,
		{"failed", "returned"}: true, {"failed", "out_for_delivery"}: true,
	}
	at := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	for _, from := range Statuses {
		for _, to := range Statuses {
			s := Shipment{Waybill: "SF1234567890123", Status: from, Version: 3, Reason: "old"}
			e := TrackingEvent{Waybill: s.Waybill, Status: to, At: at, Reason: "收件人不在"}
			got, changed, err := Advance(s, e)
			switch {
			case allowed[[2]string{from, to}]:
				if err != nil || !changed || got.Status != to || got.Version != 4 || !got.UpdatedAt.Equal(at) {
					t.Errorf("%s→%s: %+v %v %v", from, to, got, changed, err)
				}
			case from == to:
				if err != nil || changed || got != s {
					t.Errorf("%s→%s must be an idempotent no-op: %v %v", from, to, changed, err)
				}
			default:
				if !onetrip.HasCode(err, onetrip.CodeConflict) || onetrip.AsError(err).Key != "courier.shipment.transition" || changed || got != s {
					t.Errorf("%s→%s: want conflict, got %v", from, to, err)
				}
			}
		}
	}
}

func TestAdvanceDetails(t *testing.T) {
	s := Shipment{Waybill: "SF1234567890123", Status: StatusOutForDelivery}
	if _, _, err := Advance(s, TrackingEvent{Status: StatusFailed, Reason: "  "}); onetrip.AsError(err).Key != "courier.event.reason" {
		t.Errorf("failed without reason: %v", err)
	}
	if _, _, err := Advance(s, TrackingEvent{Status: "lost"}); onetrip.AsError(err).Key != "courier.status.unknown" {
		t.Errorf("unknown status: %v", err)
	}
	if _, _, err := Advance(s, TrackingEvent{Waybill: "YT0000000001", Status: StatusDelivered}); onetrip.AsError(err).Key != "courier.event.waybill" {
		t.Errorf("other waybill: %v", err)
	}
	f, _, err := Advance(s, TrackingEvent{Status: StatusFailed, Reason: "地址不详"})
	if err != nil || f.Reason != "地址不详" || f.Final() {
		t.Fatalf("%+v %v", f, err)
	}
	r, _, _ := Advance(f, TrackingEvent{Status: StatusReturned})
	if r.Reason != "地址不详" || !r.Final() {
		t.Errorf("a return keeps the failure's reason and is final: %+v", r)
	}
	again, _, _ := Advance(f, TrackingEvent{Status: StatusOutForDelivery})
	if again.Reason != "" {
		t.Errorf("a second attempt clears the reason: %+v", again)
	}
	d, _, _ := Advance(again, TrackingEvent{Status: StatusDelivered})
	if !d.Final() {
		t.Error("delivered is final")
	}
	if u, _, _ := Advance(s, TrackingEvent{Status: StatusDelivered}); !u.UpdatedAt.IsZero() {
		t.Error("an event without time keeps UpdatedAt")
	}
}

func TestStatusLabel(t *testing.T) {
	for _, tc := range []struct{ status, lang, want string }{
		{StatusBooked, "zh-CN", "已下单"},
		{StatusPickedUp, "zh-CN", "已揽收"},
		{StatusInTransit, "zh-CN", "运输中"},
		{StatusOutForDelivery, "zh-CN", "派送中"},
		{StatusDelivered, "zh-CN", "已签收"},
		{StatusFailed, "zh-CN", "投递失败"},
		{StatusReturned, "zh-CN", "已退回"},
		{StatusDelivered, "en", "delivered"},
		{StatusOutForDelivery, "en-GB", "out for delivery"},
		{StatusPickedUp, "", "已揽收"},
		{"lost", "en", "lost"},
	} {
		if got := StatusLabel(tc.status, tc.lang); got != tc.want {
			t.Errorf("StatusLabel(%s, %s) = %q, want %q", tc.status, tc.lang, got, tc.want)
		}
	}
	err := onetrip.Conflict("courier.shipment.transition", statusName(StatusDelivered), statusName(StatusFailed))
	if got := onetrip.Render(onetrip.LangZH, err.Key, err.Args...); got != "寄递状态不能从“已签收”变为“投递失败”" {
		t.Errorf("transition message %q", got)
	}
}
