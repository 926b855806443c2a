package intake

import (
	"reflect"
	"testing"
	"time"

	"onetrip"
	"onetrip/catalog"
)

func trip(seq int, p TripPurpose, o TripOutcome) Trip {
	return Trip{Seq: seq, At: time.Date(2026, 11, 20+seq, 10, 0, 0, 0, time.UTC), Purpose: p, Outcome: o}
}

func TestCountTrips(t *testing.T) {
	vol := func(tr Trip) Trip { tr.Voluntary = true; return tr }
	tests := []struct {
		name    string
		trips   []Trip
		max     int
		per     []bool
		counted int
		breach  bool
	}{
		{"accepted at once", []Trip{trip(1, PurposeSubmit, TripAccepted)}, 1, []bool{true}, 1, false},
		{"first notice, then accepted",
			[]Trip{trip(1, PurposeSubmit, TripFirstNotice), trip(2, PurposeCorrection, TripAccepted)}, 1,
			[]bool{false, true}, 1, false},
		{"accepted, then pickup at the window: two counted, over a promise of one",
			[]Trip{trip(1, PurposeSubmit, TripAccepted), trip(2, PurposePickup, TripPickup)}, 1,
			[]bool{true, true}, 2, true},
		{"pickup chosen over courier is voluntary",
			[]Trip{trip(1, PurposeSubmit, TripAccepted), vol(trip(2, PurposePickup, TripPickup))}, 1,
			[]bool{true, false}, 1, false},
		{"second notice counts, and so does the trip it caused",
			[]Trip{trip(1, PurposeSubmit, TripFirstNotice), trip(2, PurposeCorrection, TripLaterNotice), trip(3, PurposeCorrection, TripAccepted)}, 1,
			[]bool{false, true, true}, 2, true},
		{"a trip after a second notice counts even when it ends otherwise",
			[]Trip{trip(1, PurposeSubmit, TripFirstNotice), trip(2, PurposeCorrection, TripLaterNotice), trip(3, PurposeOther, TripOther)}, 1,
			[]bool{false, true, true}, 2, true},
		{"a second notice recorded as first_notice is a later notice",
			[]Trip{trip(1, PurposeSubmit, TripFirstNotice), trip(2, PurposeCorrection, TripFirstNotice)}, 1,
			[]bool{false, true}, 1, false},
		{"refusal is not counted",
			[]Trip{trip(1, PurposeSubmit, TripFirstNotice), trip(2, PurposeCorrection, TripRefused)}, 0,
			[]bool{false, false}, 0, false},
		{"a consultation before anything is not counted",
			[]Trip{trip(1, PurposeOther, TripOther), trip(2, PurposeSubmit, TripAccepted)}, 1,
			[]bool{false, true}, 1, false},
		{"a wholly-online item brought to the window: voluntary, promise 0 kept",
			[]Trip{vol(trip(1, PurposeSubmit, TripAccepted))}, 0, []bool{false}, 0, false},
		{"a deferred material brought after acceptance counts",
			[]Trip{trip(1, PurposeSubmit, TripAccepted), trip(2, PurposeSupplement, TripOther)}, 1,
			[]bool{true, true}, 2, true},
		{"order is by Seq, not by position",
			[]Trip{trip(2, PurposeCorrection, TripAccepted), trip(1, PurposeSubmit, TripFirstNotice)}, 1,
			[]bool{true, false}, 1, false},
		{"online acceptance, pickup at the window counts", []Trip{trip(1, PurposePickup, TripPickup)}, 0,
			[]bool{true}, 1, true},
		{"no trips", nil, 0, []bool{}, 0, false},
	}
	for _, tc := range tests {
		v := CountTrips(tc.trips, tc.max)
		if v.Total != len(tc.trips) || v.Counted != tc.counted || v.Breach != tc.breach || !reflect.DeepEqual(v.PerTrip, tc.per) {
			t.Errorf("%s: got %+v, want counted %d breach %v per %v", tc.name, v, tc.counted, tc.breach, tc.per)
		}
		for i, k := range v.Why {
			if _, ok := onetrip.Lookup(k); !ok {
				t.Errorf("%s: trip %d: unregistered reason %q", tc.name, i, k)
			}
		}
	}
}

func TestCountTripsSince(t *testing.T) {
	// Accepted online on the 22nd; a department asks the applicant to come
	// for an on-site check on the 23rd: that trip counts.
	trips := []Trip{trip(3, PurposeOther, TripOther)}
	v := CountTripsSince(trips, 0, time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC))
	if v.Counted != 1 || !v.Breach || v.Why[0] != "intake.trip.why.after_acceptance" {
		t.Errorf("%+v", v)
	}
	// The same trip before acceptance is not counted.
	v = CountTripsSince(trips, 0, time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC))
	if v.Counted != 0 || v.Why[0] != "intake.trip.why.before_complete" {
		t.Errorf("%+v", v)
	}
}

func TestClassifyTrip(t *testing.T) {
	full := catalog.Item{Online: catalog.OnlineFull, Delivery: []catalog.Delivery{catalog.DeliveryElectronic}}
	visit := catalog.Item{Online: catalog.OnlineSubmit, Delivery: []catalog.Delivery{catalog.DeliveryWindow, catalog.DeliveryCourier}}
	windowOnly := catalog.Item{Online: catalog.OnlinePrecheck, Delivery: []catalog.Delivery{catalog.DeliveryWindow}}
	tests := []struct {
		p     TripPurpose
		items []catalog.Item
		want  bool
	}{
		{PurposeSubmit, []catalog.Item{full}, true},
		{PurposeCorrection, []catalog.Item{full}, true},
		{PurposeSupplement, []catalog.Item{full, full}, true},
		{PurposeSubmit, []catalog.Item{full, visit}, false}, // one step needs the visit
		{PurposeSubmit, []catalog.Item{visit}, false},
		{PurposePickup, []catalog.Item{full, visit}, true}, // courier or electronic offered by every step
		{PurposePickup, []catalog.Item{visit, windowOnly}, false},
		{PurposeOther, []catalog.Item{full}, false},
		{PurposeSubmit, nil, false},
	}
	for i, tc := range tests {
		if got := ClassifyTrip(tc.p, tc.items); got != tc.want {
			t.Errorf("%d: ClassifyTrip(%s) = %v, want %v", i, tc.p, got, tc.want)
		}
	}
}

func TestBundleMaxVisits(t *testing.T) {
	if BundleMaxVisits(nil) != 0 {
		t.Error("no steps")
	}
	if BundleMaxVisits([]catalog.Item{{MaxVisits: 0}, {MaxVisits: 1}, {MaxVisits: 0}}) != 1 {
		t.Error("largest")
	}
}

func TestTripEnums(t *testing.T) {
	for _, p := range TripPurposes {
		if !p.Valid() {
			t.Error(p)
		}
		if _, ok := onetrip.Lookup(p.Key()); !ok {
			t.Errorf("%s unregistered", p.Key())
		}
	}
	for _, o := range TripOutcomes {
		if !o.Valid() {
			t.Error(o)
		}
		if _, ok := onetrip.Lookup(o.Key()); !ok {
			t.Errorf("%s unregistered", o.Key())
		}
	}
	if TripPurpose("x").Valid() || TripOutcome("x").Valid() {
		t.Error("unknown values must be invalid")
	}
}
