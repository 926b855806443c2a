package sqlstore

import (
	"context"
	"encoding/json"
	"sync"

	"onetrip"
	"onetrip/casework"
	"onetrip/courier"
	"onetrip/intake"
	"onetrip/policy"
	"onetrip/region"
	"onetrip/seal"
)

// Courier delivery: the applicant's address (SetCaseAddress), the booking
// that issues the result (DispatchCase), the courier's signed tracking
// events that deliver and close the case or send it back to the window
// (ReceiveTracking), the reference price table and each centre's payer.

type courierState struct {
	mu      sync.RWMutex
	c       courier.Courier
	pub     *seal.PublicKey
	regions courier.Regions
}

// SetCourier connects the courier platform and the key its tracking
// events are verified with.
func (s *Store) SetCourier(c courier.Courier, pub *seal.PublicKey) {
	s.courier.mu.Lock()
	s.courier.c, s.courier.pub = c, pub
	s.courier.mu.Unlock()
}

func (s *Store) courierPlatform() (courier.Courier, *seal.PublicKey, error) {
	s.courier.mu.RLock()
	defer s.courier.mu.RUnlock()
	if s.courier.c == nil {
		return nil, nil, onetrip.Unavailable("store.courier.no_platform")
	}
	return s.courier.c, s.courier.pub, nil
}

// CourierRegions is the index of China's divisions addresses are checked
// against (the embedded data, read once).
func (s *Store) CourierRegions() (courier.Regions, error) {
	s.courier.mu.RLock()
	rs := s.courier.regions
	s.courier.mu.RUnlock()
	if rs != nil {
		return rs, nil
	}
	all, err := region.All()
	if err != nil {
		return nil, onetrip.Internal(err)
	}
	rs = courier.NewRegions(all)
	s.courier.mu.Lock()
	s.courier.regions = rs
	s.courier.mu.Unlock()
	return rs, nil
}

// SetCaseAddress records where a courier delivers a case's result: the
// applicant's (or agent's, or the clerk's at the counter) address, checked
// to the township. Only a case to be delivered by courier and not yet sent
// takes one.
func (s *Store) SetCaseAddress(ctx context.Context, p *onetrip.Principal, caseID string, a courier.Address) (courier.Address, error) {
	c, err := s.caseRow(ctx, caseID)
	if err != nil {
		return a, err
	}
	if err := s.caseActionFull(ctx, p, &c, policy.Address); err != nil {
		return a, err
	}
	if c.Delivery != "courier" {
		return a, onetrip.Conflict("casework.courier.not_courier", c.Delivery)
	}
	if !c.Status.Open() && c.Status != intake.StatusApproved {
		return a, onetrip.Conflict("store.courier.address_late", string(c.Status))
	}
	rs, err := s.CourierRegions()
	if err != nil {
		return a, err
	}
	a = courier.NormaliseAddress(a)
	if err := courier.CheckAddress(a, rs); err != nil {
		return a, err
	}
	err = s.Tx(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO case_addresses (case_id, name, phone, region, detail, given_at) VALUES ($1,$2,$3,$4,$5,$6)
			ON CONFLICT (case_id) DO UPDATE SET name = excluded.name, phone = excluded.phone, region = excluded.region, detail = excluded.detail,
			given_at = excluded.given_at`, caseID, a.Name, a.Phone, a.Region, a.Detail, TS(s.Now()))
		return err
	})
	return a, err
}

// CaseAddress is the address a case's result is sent to (ok false: none
// given yet).
func (s *Store) CaseAddress(ctx context.Context, caseID string) (courier.Address, bool, error) {
	var a courier.Address
	err := s.r.QueryRowContext(ctx, `SELECT name, phone, region, detail FROM case_addresses WHERE case_id = $1`, caseID).Scan(&a.Name, &a.Phone, &a.Region, &a.Detail)
	if isNoRows(err) {
		return a, false, nil
	}
	return a, err == nil, s.mapErr(err)
}

// PriceTable is the province's reference price table (the default until
// an admin saves one).
func (s *Store) PriceTable(ctx context.Context) (courier.PriceTable, error) {
	var body string
	err := s.r.QueryRowContext(ctx, `SELECT body FROM courier_prices WHERE id = 'province'`).Scan(&body)
	if isNoRows(err) {
		return courier.DefaultPriceTable, nil
	}
	if err != nil {
		return courier.PriceTable{}, s.mapErr(err)
	}
	return courier.ParsePriceTable([]byte(body))
}

// SavePriceTable replaces the reference price table: a province admin's.
func (s *Store) SavePriceTable(ctx context.Context, p *onetrip.Principal, t courier.PriceTable) error {
	if !policy.CanEditPrices(p) {
		return onetrip.Forbidden("policy.forbidden")
	}
	if err := t.Check(); err != nil {
		return err
	}
	body, _ := json.Marshal(t)
	return s.Tx(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO courier_prices (id, body, updated_at, updated_by) VALUES ('province', $1, $2, $3)
			ON CONFLICT (id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
			string(body), TS(s.Now()), p.Username)
		return err
	})
}

// CentrePayer is who pays a centre's courier deliveries (free to the
// applicant by default: the province's contract).
func (s *Store) CentrePayer(ctx context.Context, center string) (courier.Payer, error) {
	var payer string
	err := s.r.QueryRowContext(ctx, `SELECT payer FROM center_courier WHERE center = $1`, center).Scan(&payer)
	if isNoRows(err) {
		return courier.PayerFree, nil
	}
	return courier.Payer(payer), s.mapErr(err)
}

// SetCentrePayer sets who pays a centre's deliveries: an admin of the
// centre's region.
func (s *Store) SetCentrePayer(ctx context.Context, p *onetrip.Principal, center string, payer courier.Payer) error {
	ce, err := s.Center(ctx, center)
	if err != nil {
		return err
	}
	if !p.Is(onetrip.RoleAdmin) || policy.DepartmentAdmin(p) || !policy.WithinScope(p, ce.Region) {
		return onetrip.Forbidden("policy.forbidden")
	}
	if err := courier.CheckPayer(string(payer)); err != nil {
		return err
	}
	return s.Tx(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO center_courier (center, payer) VALUES ($1, $2) ON CONFLICT (center) DO UPDATE SET payer = excluded.payer`,
			center, string(payer))
		return err
	})
}

// senderOf is the centre as a courier's sender address.
func senderOf(ce *orgCenter) courier.Address {
	return courier.Address{Name: ce.Name, Phone: ce.Phone, Region: ce.Region, Detail: ce.Address}
}

type orgCenter = struct {
	ID, Region, Name, Address, Phone string
}

func (s *Store) centerOf(ctx context.Context, c *casework.Case, p *onetrip.Principal) (orgCenter, error) {
	id := c.Center
	if id == "" {
		id = intakeCenter(p, c.Region)
	}
	ce, err := s.Center(ctx, id)
	if err != nil {
		return orgCenter{}, err
	}
	return orgCenter{ID: ce.ID, Region: ce.Region, Name: ce.Name, Address: ce.Address, Phone: ce.Phone}, nil
}

// DispatchCase books the courier for an approved case and issues its
// result with the waybill (出件): the quote must not exceed the reference
// price; one booking per case. The booking is claimed first, so two clerks
// cannot book one case twice, and released if the courier refuses.
func (s *Store) DispatchCase(ctx context.Context, p *onetrip.Principal, caseID string, grams int) (courier.Shipment, error) {
	c, err := s.CaseByID(ctx, caseID)
	if err != nil {
		return courier.Shipment{}, err
	}
	if err := policy.CaseAction(p, &c, policy.Dispatch); err != nil {
		return courier.Shipment{}, err
	}
	if err := casework.CanDispatch(&c); err != nil {
		return courier.Shipment{}, err
	}
	to, ok, err := s.CaseAddress(ctx, caseID)
	if err != nil {
		return courier.Shipment{}, err
	}
	if !ok {
		return courier.Shipment{}, onetrip.Conflict("store.courier.no_address")
	}
	cour, _, err := s.courierPlatform()
	if err != nil {
		return courier.Shipment{}, err
	}
	ce, err := s.centerOf(ctx, &c, p)
	if err != nil {
		return courier.Shipment{}, err
	}
	payer, err := s.CentrePayer(ctx, ce.ID)
	if err != nil {
		return courier.Shipment{}, err
	}
	table, err := s.PriceTable(ctx)
	if err != nil {
		return courier.Shipment{}, err
	}
	switch {
	case grams < 0:
		return courier.Shipment{}, onetrip.Invalid("courier.weight.invalid", grams).WithDetail("grams", "courier.weight.invalid", grams)
	case grams == 0:
		grams = 200 // an envelope with a licence
	}
	b := courier.Booking{Reference: c.ID, CaseNumber: c.Number, From: senderOf(&ce), To: to, Grams: grams, Contents: casework.EnvelopeContents(&c)}
	rs, err := s.CourierRegions()
	if err != nil {
		return courier.Shipment{}, err
	}
	if err := courier.CheckBooking(b, rs); err != nil {
		return courier.Shipment{}, err
	}
	quote, err := cour.Quote(ctx, b)
	if err != nil {
		return courier.Shipment{}, err
	}
	if err := courier.CheckQuote(table, grams, b.From.Region, to.Region, quote); err != nil {
		return courier.Shipment{}, err
	}
	now := s.Now()
	sh := courier.Shipment{ID: NewID(), CaseID: c.ID, CaseNumber: c.Number, Center: ce.ID, Status: courier.StatusBooked, To: to, Grams: grams,
		Fee: quote, Payer: payer, BookedAt: now, UpdatedAt: now, Version: 1}
	if err := s.Tx(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO courier_shipments (id, case_id, case_number, center, waybill, status, to_name, to_phone, to_region,
			to_detail, grams, fee, payer, contents, booked_at, updated_at, reason, version) VALUES ($1,$2,$3,$4,$5,'booking',$6,$7,$8,$9,$10,$11,$12,$13,$14,$14,'',0)`,
			sh.ID, c.ID, c.Number, ce.ID, "PENDING-"+sh.ID, to.Name, to.Phone, to.Region, to.Detail, grams, quote, string(payer), b.Contents, TS(now))
		return err
	}); err != nil {
		if onetrip.HasCode(err, onetrip.CodeConflict) {
			return courier.Shipment{}, onetrip.Conflict("store.courier.duplicate", c.Number)
		}
		return courier.Shipment{}, err
	}
	release := func() {
		s.w.ExecContext(context.WithoutCancel(ctx), `DELETE FROM courier_shipments WHERE id = $1 AND status = 'booking'`, sh.ID)
	}
	booked, err := cour.Book(ctx, b)
	if err != nil {
		release()
		return courier.Shipment{}, err
	}
	sh.Waybill, sh.Fee = booked.Waybill, booked.Fee
	if err := courier.CheckQuote(table, grams, b.From.Region, to.Region, booked.Fee); err != nil {
		release()
		return courier.Shipment{}, err
	}
	clk, err := s.clock(ctx)
	if err != nil {
		release()
		return courier.Shipment{}, err
	}
	res, err := casework.DispatchResult(c, sh.Waybill, clk)
	if err != nil {
		release()
		return courier.Shipment{}, err
	}
	err = s.runCase(ctx, &res, p.Username, nil, 0, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE courier_shipments SET waybill = $1, status = $2, fee = $3, version = 1 WHERE id = $4 AND status = 'booking'`,
			sh.Waybill, sh.Status, sh.Fee, sh.ID)
		return err
	})
	if err != nil {
		release()
		return courier.Shipment{}, err
	}
	return sh, nil
}

const shipmentCols = `id, case_id, case_number, center, waybill, status, to_name, to_phone, to_region, to_detail, grams, fee, payer, booked_at, updated_at, reason, version`

func scanShipment(sc interface{ Scan(...any) error }) (courier.Shipment, error) {
	var sh courier.Shipment
	var booked, updated, payer string
	err := sc.Scan(&sh.ID, &sh.CaseID, &sh.CaseNumber, &sh.Center, &sh.Waybill, &sh.Status, &sh.To.Name, &sh.To.Phone, &sh.To.Region, &sh.To.Detail,
		&sh.Grams, &sh.Fee, &payer, &booked, &updated, &sh.Reason, &sh.Version)
	sh.Payer, sh.BookedAt, sh.UpdatedAt = courier.Payer(payer), mustTS(booked), mustTS(updated)
	return sh, err
}

func (s *Store) shipments(ctx context.Context, q rowQueryer, where string, args ...any) ([]courier.Shipment, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+shipmentCols+` FROM courier_shipments WHERE status <> 'booking' AND `+where, args...)
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	var out []courier.Shipment
	for rows.Next() {
		sh, err := scanShipment(rows)
		if err != nil {
			return nil, s.mapErr(err)
		}
		out = append(out, sh)
	}
	return out, s.mapErr(rows.Err())
}

// ShipmentOfCase is a case's shipment (ok false: none booked).
func (s *Store) ShipmentOfCase(ctx context.Context, caseID string) (courier.Shipment, bool, error) {
	ss, err := s.shipments(ctx, s.r, `case_id = $1`, caseID)
	if err != nil || len(ss) == 0 {
		return courier.Shipment{}, false, err
	}
	return ss[0], true, nil
}

// Shipments lists a centre's shipments booked on a China day (the
// dispatch list, 交寄清单).
func (s *Store) Shipments(ctx context.Context, center, day string) ([]courier.Shipment, error) {
	from, to, err := dayBounds(day)
	if err != nil {
		return nil, err
	}
	return s.shipments(ctx, s.r, `center = $1 AND booked_at BETWEEN $2 AND $3 ORDER BY booked_at, id`, center, from, to)
}

// TrackingEvent is one tracking event as received, for the case page.
type TrackingEvent struct {
	Status   string `json:"status"`
	At       string `json:"at"`
	Location string `json:"location,omitempty"`
	Reason   string `json:"reason,omitempty"`
}

// Tracking lists a waybill's events, oldest first.
func (s *Store) Tracking(ctx context.Context, waybill string) ([]TrackingEvent, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT status, at, location, reason FROM courier_events WHERE waybill = $1 AND outcome = 'applied' ORDER BY at, id`, waybill)
	if err != nil {
		return nil, s.mapErr(err)
	}
	defer rows.Close()
	var out []TrackingEvent
	for rows.Next() {
		var e TrackingEvent
		if err := rows.Scan(&e.Status, &e.At, &e.Location, &e.Reason); err != nil {
			return nil, s.mapErr(err)
		}
		out = append(out, e)
	}
	return out, s.mapErr(rows.Err())
}

// ReceiveTracking takes one tracking event of the courier: verified (SM2
// over the body, freshness), recorded by its id, applied to its shipment
// (courier.Advance) and, when it ends the delivery, to the case — signed
// for: delivered and closed; failed: back to the window. The same event
// again changes nothing; an unknown waybill is refused.
func (s *Store) ReceiveTracking(ctx context.Context, body []byte, signature string) (string, error) {
	_, pub, err := s.courierPlatform()
	if err != nil {
		return "", err
	}
	e, err := courier.VerifyEvent(pub, body, signature, s.Now())
	if err != nil {
		return "", err
	}
	digest := sm3Hex(body)
	for attempt := 0; ; attempt++ {
		out, err := s.applyTracking(ctx, e, digest)
		if onetrip.HasCode(err, onetrip.CodeConflict) && attempt < 3 && (isStale(err) || onetrip.AsError(err).Key == "store.shipment.stale") {
			continue
		}
		return out, err
	}
}

func (s *Store) applyTracking(ctx context.Context, e courier.TrackingEvent, digest string) (string, error) {
	var seen string
	err := s.r.QueryRowContext(ctx, `SELECT outcome FROM courier_events WHERE id = $1`, e.ID).Scan(&seen)
	if err == nil {
		return "duplicate", nil
	}
	if !isNoRows(err) {
		return "", s.mapErr(err)
	}
	ss, err := s.shipments(ctx, s.r, `waybill = $1`, e.Waybill)
	if err != nil {
		return "", err
	}
	if len(ss) == 0 {
		return "", onetrip.NotFound("store.shipment.not_found", e.Waybill)
	}
	sh := ss[0]
	next, changed, err := courier.Advance(sh, e)
	if err != nil {
		return "", err
	}
	record := func(tx *Tx, outcome string) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO courier_events (id, waybill, status, at, location, reason, received_at, outcome) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
			e.ID, e.Waybill, e.Status, TS(e.At), e.Location, e.Reason, TS(s.Now()), outcome)
		return err
	}
	if !changed {
		return "duplicate", s.Tx(ctx, func(tx *Tx) error { return record(tx, "duplicate") })
	}
	update := func(tx *Tx) error {
		if err := record(tx, "applied"); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE courier_shipments SET status = $1, reason = $2, updated_at = $3, version = version + 1 WHERE id = $4 AND version = $5`,
			next.Status, next.Reason, TS(s.Now()), sh.ID, sh.Version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return onetrip.Conflict("store.shipment.stale", sh.Waybill)
		}
		return nil
	}
	var cmd func(c casework.Case, clk casework.Clock) (casework.Result, error)
	switch next.Status {
	case courier.StatusDelivered:
		cmd = func(c casework.Case, clk casework.Clock) (casework.Result, error) {
			return casework.ConfirmDelivery(c, sh.Waybill, clk)
		}
	case courier.StatusFailed:
		cmd = func(c casework.Case, clk casework.Clock) (casework.Result, error) {
			return casework.DeliveryFailed(c, sh.Waybill, next.Reason, clk)
		}
	}
	if cmd != nil {
		c, err := s.caseRow(ctx, sh.CaseID)
		if err != nil {
			return "", err
		}
		clk, err := s.clock(ctx)
		if err != nil {
			return "", err
		}
		if res, err := cmd(c, clk); err == nil {
			return "applied", s.runCase(ctx, &res, "courier", nil, 0, update)
		}
		// The case moved on without the courier (handed over at the
		// window, say): the shipment still records what happened.
	}
	return "applied", s.Tx(ctx, update)
}

func init() {
	onetrip.Register(onetrip.Messages{
		"store.courier.no_platform":  {"未连接快递平台", "no courier platform is connected"},
		"store.courier.no_address":   {"申请人尚未填写收件地址", "the applicant has not given a delivery address"},
		"store.courier.address_late": {"办件状态为“%s”，不能再修改收件地址", "the case is %s; its delivery address can no longer change"},
		"store.shipment.not_found":   {"运单 %s 不存在", "waybill %s does not exist"},
		"store.shipment.stale":       {"运单 %s 已被更新", "waybill %s changed meanwhile"},
		"store.courier.duplicate":    {"办件 %s 已预约过快递，不能重复预约", "case %s has a courier booked already"},
	})
}
