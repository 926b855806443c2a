package intake

import (
	"slices"
	"time"

	"onetrip/catalog"
)

// TripPurpose is why the applicant came to the window.
type TripPurpose string

const (
	PurposeSubmit     TripPurpose = "submit"     // 提交申请
	PurposeCorrection TripPurpose = "correction" // 补正材料 (after a notice)
	PurposeSupplement TripPurpose = "supplement" // 补交容缺材料
	PurposePickup     TripPurpose = "pickup"     // 领取结果
	PurposePay        TripPurpose = "pay"        // 窗口缴费: a trip the reform removes (paying online is none)
	PurposeOther      TripPurpose = "other"
)

// TripPurposes lists the TripPurpose values.
var TripPurposes = []TripPurpose{PurposeSubmit, PurposeCorrection, PurposeSupplement, PurposePickup, PurposePay, PurposeOther}

// Valid reports whether p is a known value.
func (p TripPurpose) Valid() bool { return slices.Contains(TripPurposes, p) }

// Key is the message key of its name, e.g. "intake.trip.purpose.submit".
func (p TripPurpose) Key() string { return "intake.trip.purpose." + string(p) }

// TripOutcome is how a trip ended.
type TripOutcome string

const (
	TripFirstNotice TripOutcome = "first_notice" // 一次性告知
	TripLaterNotice TripOutcome = "later_notice" // a second or further notice
	TripRefused     TripOutcome = "refused"      // 不予受理
	TripAccepted    TripOutcome = "accepted"     // 受理
	TripPickup      TripOutcome = "pickup"       // the result was handed over
	TripOther       TripOutcome = "other"
)

// TripOutcomes lists the TripOutcome values.
var TripOutcomes = []TripOutcome{TripFirstNotice, TripLaterNotice, TripRefused, TripAccepted, TripPickup, TripOther}

// Valid reports whether o is a known value.
func (o TripOutcome) Valid() bool { return slices.Contains(TripOutcomes, o) }

// Key is the message key of its name, e.g. "intake.trip.outcome.accepted".
func (o TripOutcome) Key() string { return "intake.trip.outcome." + string(o) }

// Trip is one in-person visit to the window for a case: one trip however
// many things are done in it.
type Trip struct {
	Seq       int         `json:"seq"`
	At        time.Time   `json:"at"`
	Purpose   TripPurpose `json:"purpose"`
	Outcome   TripOutcome `json:"outcome"`
	Voluntary bool        `json:"voluntary"`
	Note      string      `json:"note,omitempty"`
}

// Visits is the count of a case's trips against its promise. PerTrip and
// Why follow the order of the trips given: whether each counts, and the
// message key saying why (intake.trip.why.*).
type Visits struct {
	Total   int      `json:"total"`
	Counted int      `json:"counted"`
	Breach  bool     `json:"breach"`
	PerTrip []bool   `json:"per_trip"`
	Why     []string `json:"why"`
}

// CountTrips counts a case's trips against its max_visits (DESIGN rule 2,
// issue 4 item 4). The promise holds once the materials are complete, so,
// taking the trips in order of Seq (then At):
//
// Not counted:
//   - a voluntary trip: the case needed none (ClassifyTrip);
//   - a trip ending with the first notice: the applicant did not yet know
//     what was missing;
//   - a trip ending with refusal: the application was not admissible, and
//     the promise covers admissible applications only;
//   - any other trip before acceptance that no later notice caused (a
//     consultation, say).
//
// Counted:
//   - the accepting trip;
//   - every trip after acceptance (a deferred material brought, the result
//     collected at the window, anything) — courier delivery is how an item
//     keeps its promise;
//   - a trip ending with a later notice: the applicant brought everything
//     the first notice asked for, so as far as they had been told the
//     materials were complete (a second or further notice, however the trip
//     records it, is a later notice);
//   - every trip after a later notice: that notice caused it.
//
// Trips with purpose supplement, pickup or pay, or outcome pickup, are after
// acceptance even when the case was accepted without a trip (online); for
// such cases use CountTripsSince, which knows the acceptance time.
// Breach is Counted > maxVisits.
func CountTrips(trips []Trip, maxVisits int) Visits {
	return CountTripsSince(trips, maxVisits, time.Time{})
}

// CountTripsSince is CountTrips for a case accepted at accepted without a
// trip (an online acceptance): every trip at or after that moment is after
// acceptance. A zero accepted means unknown; acceptance is then read from the
// trips.
func CountTripsSince(trips []Trip, maxVisits int, accepted time.Time) Visits {
	order := make([]int, len(trips))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		if trips[a].Seq != trips[b].Seq {
			return trips[a].Seq - trips[b].Seq
		}
		return trips[a].At.Compare(trips[b].At)
	})
	v := Visits{Total: len(trips), PerTrip: make([]bool, len(trips)), Why: make([]string, len(trips))}
	afterAccept, noticed, laterNoticed := false, false, false
	for _, i := range order {
		t := trips[i]
		if !accepted.IsZero() && !t.At.Before(accepted) {
			afterAccept = true
		}
		if t.Purpose == PurposeSupplement || t.Purpose == PurposePickup || t.Purpose == PurposePay || t.Outcome == TripPickup {
			afterAccept = true
		}
		outcome := t.Outcome
		if outcome == TripFirstNotice && noticed {
			outcome = TripLaterNotice
		}
		var count bool
		var why string
		switch {
		case t.Voluntary:
			why = "voluntary"
		case afterAccept:
			count, why = true, "after_acceptance"
		case outcome == TripAccepted:
			count, why = true, "accepted"
		case outcome == TripRefused:
			why = "refused"
		case outcome == TripLaterNotice:
			count, why = true, "later_notice"
		case laterNoticed:
			count, why = true, "caused_by_later_notice"
		case outcome == TripFirstNotice:
			why = "first_notice"
		default:
			why = "before_complete"
		}
		v.PerTrip[i], v.Why[i] = count, "intake.trip.why."+why
		if count {
			v.Counted++
		}
		switch outcome {
		case TripAccepted:
			afterAccept = true
		case TripFirstNotice:
			noticed = true
		case TripLaterNotice:
			noticed, laterNoticed = true, true
		}
	}
	v.Breach = v.Counted > maxVisits
	return v
}

// ClassifyTrip decides whether a trip for a case of these items (one item,
// or a bundle's steps) is voluntary: one the case did not need.
//   - Bringing anything (submit, correction, supplement) to the window is
//     voluntary when every item is wholly online (全程网办): it all could
//     have been uploaded. One step that needs a visit makes it needed.
//   - Collecting the result at the window is voluntary when every item
//     offers courier or electronic delivery.
//   - Other trips are not voluntary by rule; the clerk may record one so.
//
// With no items there is nothing to judge and the trip is not voluntary.
func ClassifyTrip(purpose TripPurpose, items []catalog.Item) bool {
	if len(items) == 0 {
		return false
	}
	switch purpose {
	case PurposeSubmit, PurposeCorrection, PurposeSupplement:
		for _, it := range items {
			if it.Online != catalog.OnlineFull {
				return false
			}
		}
		return true
	case PurposePickup:
		for _, it := range items {
			if !slices.Contains(it.Delivery, catalog.DeliveryCourier) && !slices.Contains(it.Delivery, catalog.DeliveryElectronic) {
				return false
			}
		}
		return true
	}
	return false
}

// BundleMaxVisits is a bundle's promise: the largest max_visits of its
// steps (DESIGN rule 2). No steps promise no visit.
func BundleMaxVisits(items []catalog.Item) int {
	n := 0
	for _, it := range items {
		n = max(n, it.MaxVisits)
	}
	return n
}
