package casework

import (
	"encoding/binary"
	"slices"

	"github.com/emmansun/gmsm/sm3"

	"onetrip"
	"onetrip/catalog"
	"onetrip/intake"
	"onetrip/payment"
	"onetrip/workday"
)

// PayWithinDays is how many working days an applicant has to pay a fee
// from the day it falls due; after that the order is overdue, the
// applicant is reminded once and supervision lists it.
const PayWithinDays = 10

// OrderChange is a payment order as a command left it, with the version it
// had when the case was read (the store writes it only if unchanged).
type OrderChange struct {
	Order payment.Order
	Was   int
}

// PayerOf is who pays a step's fee: the party in the role its basis names
// (由登记为权利人的一方缴纳: the buyer), else the applicant.
func PayerOf(c *Case, role catalog.PartyRole) payment.Payer {
	if role != "" && role != catalog.PartyApplicant {
		for _, p := range c.Parties {
			if p.Role == role {
				return payment.Payer{Name: p.Name, IDNumber: p.IDNumber}
			}
		}
	}
	return payment.Payer{Name: c.Applicant.Name, IDNumber: c.Applicant.IDNumber}
}

// FeesSettled reports whether nothing is owed on a case (every order paid,
// waived or cancelled): a result is not issued before.
func FeesSettled(c *Case) bool { return payment.AllSettled(c.Fees, "") }

// Owed is the sum of a case's unpaid orders.
func Owed(c *Case) catalog.Amount {
	var sum catalog.Amount
	for _, o := range c.Fees {
		if o.Owed() {
			sum += o.Amount
		}
	}
	return sum
}

// charge makes the payment orders of the fees falling due now, in the
// command's transaction: at acceptance every step whose fee is due then;
// at a step's approval that step's fee when due at approval; at the case's
// approval every fee due before issue. The collecting department is the
// step's; the payment code is derived from the order's ID, so the command
// stays a pure function and codes are not guessable from each other.
func (r *Result) charge(g *Guide, clk Clock, due catalog.FeeDue, step string) error {
	c := &r.Case
	for i := range g.Steps {
		it := &g.Steps[i]
		if it.Fee.Yuan <= 0 || it.Fee.Due != due || (step != "" && it.Code != step) {
			continue
		}
		if slices.ContainsFunc(c.Fees, func(o payment.Order) bool { return o.Step == it.Code && o.Status != payment.StatusCancelled }) {
			continue // charged once per step
		}
		id := clk.NewID()
		code, err := payment.NewCode(countyOf(c.Region), clk.Now.Year(), serialOf(id))
		if err != nil {
			return err
		}
		o := payment.Order{ID: id, CaseID: c.ID, CaseNumber: c.Number, Step: it.Code, ItemName: it.Name, Department: g.Impls[it.Code].Department,
			Region: c.Region, Amount: it.Fee.Yuan, Basis: it.Fee.Basis, Payer: PayerOf(c, it.Fee.Payer), Code: code,
			Status: payment.StatusUnpaid, DueDate: clk.Calendar.AddWorkdays(workday.DateOf(clk.Now), PayWithinDays).String(),
			CreatedAt: clk.Now, Version: 1}
		c.Fees = append(c.Fees, o)
		r.NewOrders = append(r.NewOrders, o)
		r.event("payment.due", PaymentData{Order: o.ID, Code: o.Code, Department: o.Department, Step: o.Step, Amount: o.Amount.String(), DueDate: o.DueDate})
	}
	return nil
}

// countyOf is the six-digit county (or city) code a payment code begins with.
func countyOf(region string) string {
	if len(region) >= 6 {
		return region[:6]
	}
	return (region + "000000")[:6]
}

// serialOf is the 11-digit serial of a payment code, from the order's ID.
func serialOf(id string) int64 {
	h := sm3.Sum([]byte(id))
	return int64(binary.BigEndian.Uint64(h[:8]) % 100_000_000_000)
}

// PaymentData is the data of the payment.* events.
type PaymentData struct {
	Order      string `json:"order"`
	Code       string `json:"code"`
	Department string `json:"department"` // the collecting one: its archive keeps the event
	Step       string `json:"step,omitempty"`
	Amount     string `json:"amount,omitempty"`
	DueDate    string `json:"due_date,omitempty"`
	Channel    string `json:"channel,omitempty"`
	Txn        string `json:"txn,omitempty"`
	Reason     string `json:"reason,omitempty"`
	By         string `json:"by,omitempty"`
}

// heldLicences are the licences of approved steps that were not issued
// because their fee was unpaid, now that it is settled.
func heldLicences(c *Case, g *Guide) ([]LicenceDue, error) {
	var out []LicenceDue
	for i := range c.Tasks {
		t := &c.Tasks[i]
		if t.Status != TaskApproved || !payment.AllSettled(c.Fees, t.Step) {
			continue
		}
		due, ok, err := licenceDue(c, t, g)
		if err != nil {
			return nil, err
		}
		if ok && !slices.ContainsFunc(c.Licences, func(l LicenceRef) bool { return l.Type == due.Type }) {
			out = append(out, due)
		}
	}
	return out, nil
}

// SettleFee is a payment order settled: paid (the platform's verified
// notification, or the payment code scanned at the window) or waived.
type SettleFee struct {
	Order payment.Order // as payment.Pay or payment.Waive left it
	Actor string
	// AtWindow: paid at the window. It is a trip of the case unless the
	// applicant is there for something else the same day.
	AtWindow bool
}

// SettleFeeOf records a settled order on its case. Licences held for it are
// issued; a case approved and waiting only for it goes on — an electronic
// result is issued, delivered and closed at once.
func SettleFeeOf(c Case, cmd SettleFee, clk Clock, g *Guide) (Result, error) {
	i := slices.IndexFunc(c.Fees, func(o payment.Order) bool { return o.ID == cmd.Order.ID })
	if i < 0 {
		return Result{}, onetrip.NotFound("casework.fee.not_found", cmd.Order.ID)
	}
	if !cmd.Order.Settled() {
		return Result{}, onetrip.Conflict("casework.fee.not_settled", cmd.Order.Status)
	}
	r := begin(c, clk)
	cs := &r.Case
	was := cs.Fees[i].Version
	o := cmd.Order
	o.Version = was + 1
	cs.Fees[i] = o
	r.Orders = append(r.Orders, OrderChange{Order: o, Was: was})
	if o.Status == payment.StatusWaived {
		r.event("payment.waived", PaymentData{Order: o.ID, Code: o.Code, Department: o.Department, Amount: o.Amount.String(), Reason: o.WaiveReason, By: o.WaivedBy})
	} else {
		r.event("payment.paid", PaymentData{Order: o.ID, Code: o.Code, Department: o.Department, Amount: o.Amount.String(), Channel: o.Channel, Txn: o.Txn})
	}
	if cmd.AtWindow && PayTripNeeded(cs, clk) {
		r.addTrip(intake.Trip{Purpose: intake.PurposePay, At: clk.Now, Outcome: intake.TripOther})
	}
	held, err := heldLicences(cs, g)
	if err != nil {
		return Result{}, err
	}
	r.Licences = append(r.Licences, held...)
	if cs.Status == intake.StatusApproved && cs.Delivery == "electronic" && FeesSettled(cs) {
		if err := r.issue("electronic"); err != nil {
			return Result{}, err
		}
		if err := r.deliver("electronic"); err != nil {
			return Result{}, err
		}
		return r, r.close(clk, CaseClosedData{})
	}
	return r, nil
}

// PayTripNeeded reports whether paying at the window now is a trip of its
// own: it is not when the applicant already came for the case today (the
// accepting visit, say) — one trip however many things are done in it.
func PayTripNeeded(c *Case, clk Clock) bool {
	today := workday.DateOf(clk.Now)
	for _, t := range c.Trips {
		if workday.DateOf(t.At) == today {
			return false
		}
	}
	return true
}

// cancelUnpaid cancels the unpaid orders of a case that ends without a
// result (denied, withdrawn); paid ones are refunded afterwards through the
// platform (payment.refund_due tells the job).
func (r *Result) cancelUnpaid() {
	cs := &r.Case
	for i, o := range cs.Fees {
		switch o.Status {
		case payment.StatusUnpaid:
			n, err := payment.Cancel(o)
			if err != nil {
				continue
			}
			n.Version = o.Version + 1
			cs.Fees[i] = n
			r.Orders = append(r.Orders, OrderChange{Order: n, Was: o.Version})
			r.event("payment.cancelled", PaymentData{Order: o.ID, Code: o.Code, Department: o.Department})
		case payment.StatusPaid:
			r.event("payment.refund_due", PaymentData{Order: o.ID, Code: o.Code, Department: o.Department, Amount: (o.Amount - o.Refunded).String()})
		}
	}
}

// RecordRefund records on the case a refund the platform made.
func RecordRefund(c Case, o payment.Order, amount catalog.Amount, reason, actor string, clk Clock) (Result, error) {
	i := slices.IndexFunc(c.Fees, func(x payment.Order) bool { return x.ID == o.ID })
	if i < 0 {
		return Result{}, onetrip.NotFound("casework.fee.not_found", o.ID)
	}
	r := begin(c, clk)
	cs := &r.Case
	was := cs.Fees[i].Version
	o.Version = was + 1
	cs.Fees[i] = o
	r.Orders = append(r.Orders, OrderChange{Order: o, Was: was})
	r.event("payment.refunded", PaymentData{Order: o.ID, Code: o.Code, Department: o.Department, Amount: amount.String(), Reason: reason, By: actor})
	return r, nil
}

// RemindFee records that an unpaid order is past its due date: the
// applicant is reminded, once, and supervision lists it.
func RemindFee(c Case, orderID string, clk Clock) (Result, bool) {
	i := slices.IndexFunc(c.Fees, func(o payment.Order) bool { return o.ID == orderID })
	if i < 0 || c.Fees[i].Reminded || !payment.Overdue(c.Fees[i], workday.DateOf(clk.Now).String()) {
		return Result{}, false
	}
	r := begin(c, clk)
	o := r.Case.Fees[i]
	was := o.Version
	o.Reminded, o.Version = true, was+1
	r.Case.Fees[i] = o
	r.Orders = append(r.Orders, OrderChange{Order: o, Was: was})
	r.event("payment.overdue", PaymentData{Order: o.ID, Code: o.Code, Department: o.Department, Amount: o.Amount.String(), DueDate: o.DueDate})
	return r, true
}

// unpaidConflict refuses issuing a result while a fee is owed.
func unpaidConflict(c *Case) error {
	if FeesSettled(c) {
		return nil
	}
	return onetrip.Conflict("casework.fee.unpaid", Owed(c).String())
}

func init() {
	onetrip.Register(onetrip.Messages{
		"casework.fee.unpaid":      {"尚有 %s 元费用未缴纳，缴清（或经批准减免）后才能出件", "%s yuan of fees are unpaid: the result is issued once they are paid or waived"},
		"casework.fee.not_found":   {"办件没有缴费单 %s", "the case has no payment order %s"},
		"casework.fee.not_settled": {"缴费单状态为“%s”，尚未缴清", "the payment order is %s, not settled"},
	})
}
