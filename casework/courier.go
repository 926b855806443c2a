package casework

import (
	"strings"

	"onetrip"
	"onetrip/courier"
	"onetrip/intake"
)

// Courier delivery (证照快递送达): the centre books a shipment for an
// approved case whose applicant chose courier; the result is issued with
// the waybill; the courier's tracking closes the case when the applicant
// signs for it, or sends it back to the window when delivery fails. No
// step of it is a trip: a courier keeps the promise.

// CourierData is the data of case.issued (by courier), case.delivered and
// case.delivery_failed.
type CourierData struct {
	Delivery string `json:"delivery"`
	Waybill  string `json:"waybill"`
	Reason   string `json:"reason,omitempty"`
}

// CanDispatch reports why an approved case cannot be sent by courier now
// (nil when it can): it must be approved, its delivery courier, nothing owed.
func CanDispatch(c *Case) error {
	if c.Status != intake.StatusApproved {
		return wrongStatus("casework.issue.not_ready", c.Status)
	}
	if c.Delivery != "courier" {
		return onetrip.Conflict("casework.courier.not_courier", c.Delivery)
	}
	return unpaidConflict(c)
}

// DispatchResult issues an approved case's result by courier: the
// shipment is booked and the waybill is the result's proof of dispatch.
func DispatchResult(c Case, waybill string, clk Clock) (Result, error) {
	if err := CanDispatch(&c); err != nil {
		return Result{}, err
	}
	if strings.TrimSpace(waybill) == "" {
		return Result{}, onetrip.Invalid("casework.courier.no_waybill")
	}
	r := begin(c, clk)
	if err := move(&r.Case, intake.StatusIssued); err != nil {
		return Result{}, err
	}
	r.event("case.issued", CourierData{Delivery: "courier", Waybill: waybill})
	return r, nil
}

// ConfirmDelivery records the applicant's signature for the shipment (签收):
// the result is delivered and the case closes, with no trip after
// acceptance. A second attempt after a failure counts too: the signature
// is the proof, whatever the case was waiting for meanwhile.
func ConfirmDelivery(c Case, waybill string, clk Clock) (Result, error) {
	if c.Status != intake.StatusIssued {
		return Result{}, wrongStatus("casework.deliver.not_issued", c.Status)
	}
	r := begin(c, clk)
	if err := move(&r.Case, intake.StatusDelivered); err != nil {
		return Result{}, err
	}
	r.event("case.delivered", CourierData{Delivery: "courier", Waybill: waybill})
	return r, r.close(clk, CaseClosedData{})
}

// DeliveryFailed records a failed delivery (投递失败) once the courier has
// given up: the result goes back to the window, where the applicant
// collects it (HandOverResult), and is told so.
func DeliveryFailed(c Case, waybill, reason string, clk Clock) (Result, error) {
	if c.Status != intake.StatusIssued || c.Delivery != "courier" {
		return Result{}, wrongStatus("casework.deliver.not_issued", c.Status)
	}
	r := begin(c, clk)
	r.Case.Delivery = "window"
	r.event("case.delivery_failed", CourierData{Delivery: "courier", Waybill: waybill, Reason: reason})
	return r, nil
}

func init() {
	onetrip.Register(onetrip.Messages{
		"casework.courier.not_courier": {"办件的送达方式是“%s”，不是快递", "the case is delivered by %s, not by courier"},
		"casework.courier.no_waybill":  {"缺少运单号", "a waybill number is needed"},
	})
}

// EnvelopeContents names what a case's envelope holds, for the booking and
// the printed envelope alike: the licences it produced, else its title;
// never an ID number.
func EnvelopeContents(c *Case) string {
	var names []string
	for _, l := range c.Licences {
		names = append(names, l.TypeName)
	}
	s := strings.Join(names, "、")
	if s == "" {
		s = c.Title
	}
	if r := []rune(s); len(r) > courier.MaxContents {
		s = string(r[:courier.MaxContents])
	}
	return s
}
