package httpapi

import (
	"cmp"
	"context"
	"io"
	"log/slog"
	"net/http"
	"slices"

	"onetrip"
	"onetrip/catalog"
	"onetrip/courier"
	"onetrip/httpx"
	"onetrip/payment"
	"onetrip/policy"
	"onetrip/sqlstore"
)

// PayRequest opens a fee's pay page; ReturnPath is the page of this node
// the platform sends the payer back to (the case page when empty).
type PayRequest struct {
	ReturnPath string `json:"return_path,omitempty"`
}

// PayPage is where to pay an order: the platform's hosted page, and the
// payment code a window scans.
type PayPage struct {
	PayURL string        `json:"pay_url"`
	Order  payment.Order `json:"order"`
}

// WaiveRequest exempts a fee (减免).
type WaiveRequest struct {
	Reason string `json:"reason"`
}

// RefundRequest returns some or all of a paid fee.
type RefundRequest struct {
	Amount catalog.Amount `json:"amount"` // yuan; 0 is the whole remainder
	Reason string         `json:"reason"`
}

// ReconcileRequest reconciles one day's statement (YYYY-MM-DD, China time).
type ReconcileRequest struct {
	Day string `json:"day"`
}

// NotifyAnswer is onetrip's answer to the platform's notification.
type NotifyAnswer struct {
	Outcome string `json:"outcome"`
}

// DispatchRequest books the courier for a case's result.
type DispatchRequest struct {
	Grams int `json:"grams,omitempty"` // 200 when 0: an envelope with a licence
}

// CentrePayerRequest sets who pays a centre's courier deliveries.
type CentrePayerRequest struct {
	Payer courier.Payer `json:"payer"`
}

// ShipmentView is a case's shipment with its tracking.
type ShipmentView struct {
	Shipment courier.Shipment         `json:"shipment"`
	Events   []sqlstore.TrackingEvent `json:"events"`
}

// maxCallback bounds a platform's notification or a courier's event (a
// real one is well under 2 KB).
const maxCallback = 16 << 10

func init() {
	onetrip.Register(onetrip.Messages{
		"api.shipment.none":       {"办件 %s 尚未寄出", "case %s has not been sent"},
		"api.payment.return_path": {"返回地址“%s”须为本站路径（以 / 开头）", "return path %q must be a path on this site (starting with /)"},
	})
}

// visibleOrder loads the path's order when the caller may read its case;
// otherwise it answers not found.
func (a *API) visibleOrder(r *http.Request) (payment.Order, error) {
	o, err := a.store.Order(r.Context(), r.PathValue("id"))
	if err != nil {
		return o, err
	}
	if _, err := a.store.VisibleCase(r.Context(), caller(r), o.CaseID); err != nil {
		return payment.Order{}, onetrip.NotFound("store.payment.not_found", r.PathValue("id"))
	}
	return policy.MaskOrder(caller(r), o), nil
}

// signedCallback is the endpoint of a platform's signed callback: the raw
// body (bounded) and its signature header go to receive, which verifies
// and applies it; a refusal is logged (the platform only sees a status).
func (a *API) signedCallback(what, header string, receive func(ctx context.Context, body []byte, sig string) (string, error)) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxCallback))
		if err != nil {
			return onetrip.E(onetrip.CodeTooLarge, "http.too_large", maxCallback)
		}
		outcome, err := receive(r.Context(), body, r.Header.Get(header))
		if err != nil {
			a.log.Warn(what+" refused", slog.String("err", err.Error()), slog.String("remote", httpx.ClientAddr(r)))
			return err
		}
		httpx.WriteJSON(w, http.StatusOK, NotifyAnswer{Outcome: outcome})
		return nil
	}
}

// writeReceiptCheck verifies a receipt and writes the verdict.
func (a *API) writeReceiptCheck(w http.ResponseWriter, r *http.Request, rc payment.Receipt) error {
	chk, err := a.store.VerifyReceipt(r.Context(), rc)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, chk)
	return nil
}

// mismatchesInScope keeps the mismatches of a reconciliation that are the
// caller's region's to work (the statement is the province's).
func mismatchesInScope(p *onetrip.Principal, rec sqlstore.Reconciliation) sqlstore.Reconciliation {
	mine := []payment.Mismatch{}
	for _, m := range rec.Mismatches {
		if policy.MismatchInScope(p, m.Code) {
			mine = append(mine, m)
		}
	}
	rec.Mismatches = mine
	return rec
}

func (a *API) routesPayments() {
	a.handle(Route{Method: "GET", Path: "/api/v1/cases/{id}/payments", Summary: "a case's payment orders (缴费单): amount, payer, payment code, due date, paid, waived or refunded",
		Tag: "payments", Resp: []payment.Order{}},
		func(w http.ResponseWriter, r *http.Request) error {
			c, err := a.visibleCase(r)
			if err != nil {
				return err
			}
			out := make([]payment.Order, 0, len(c.Fees))
			for _, o := range c.Fees {
				out = append(out, policy.MaskOrder(caller(r), o))
			}
			httpx.WriteJSON(w, http.StatusOK, out)
			return nil
		})
	a.handle(Route{Method: "GET", Path: "/api/v1/payments", Summary: "payment orders in the caller's scope, newest first: a department's collections, a region's; overdue=true lists the unpaid past their due date (supervision)",
		Tag: "payments", Params: []Param{{Name: "status", In: "query", Desc: "the order's status", Enum: payment.Statuses},
			{Name: "overdue", In: "query", Desc: "only unpaid orders past their due date", Enum: []string{"true", "false"}}, limitParam},
		Resp: []payment.Order{}},
		func(w http.ResponseWriter, r *http.Request) error {
			dept, region, err := policy.OrderScope(caller(r))
			if err != nil {
				return err
			}
			v := r.URL.Query()
			q := sqlstore.OrderQuery{Region: region, Department: dept, Status: v.Get("status")}
			if q.Status != "" && !slices.Contains(payment.Statuses, q.Status) {
				return onetrip.Invalid("http.bad_query", "status", q.Status)
			}
			switch v.Get("overdue") {
			case "", "false":
			case "true":
				q.Overdue = true
			default:
				return onetrip.Invalid("http.bad_query", "overdue", v.Get("overdue"))
			}
			if err := queryInts(r, map[string]*int{"limit": &q.Limit}); err != nil {
				return err
			}
			list, err := a.store.Orders(r.Context(), q)
			if err != nil {
				return err
			}
			if list == nil {
				list = []payment.Order{}
			}
			for i := range list {
				list[i] = policy.MaskOrder(caller(r), list[i])
			}
			httpx.WriteJSON(w, http.StatusOK, list)
			return nil
		})
	a.handle(Route{Method: "GET", Path: "/api/v1/payments/{id}", Summary: "one payment order", Tag: "payments", Resp: payment.Order{}},
		func(w http.ResponseWriter, r *http.Request) error {
			o, err := a.visibleOrder(r)
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, o)
			return nil
		})
	a.handle(Route{Method: "GET", Path: "/api/v1/payment-codes/{code}", Summary: "the order of a payment code (缴款码) as the window scans it: paid or unpaid now",
		Tag: "payments", Resp: payment.Order{}},
		func(w http.ResponseWriter, r *http.Request) error {
			o, err := a.store.OrderByCode(r.Context(), r.PathValue("code"))
			if err != nil {
				return err
			}
			if _, err := a.store.VisibleCase(r.Context(), caller(r), o.CaseID); err != nil {
				return onetrip.NotFound("store.payment.not_found", r.PathValue("code"))
			}
			httpx.WriteJSON(w, http.StatusOK, policy.MaskOrder(caller(r), o))
			return nil
		})
	a.handle(Route{Method: "POST", Path: "/api/v1/payments/{id}/pay", Summary: "open the platform's pay page for an unpaid order (applicant, agent, or the clerk at the window: paying there is a trip)",
		Tag: "payments", Body: PayRequest{}, Resp: PayPage{}, Errors: []int{409, 503}},
		func(w http.ResponseWriter, r *http.Request) error {
			var req PayRequest
			if err := httpx.DecodeJSON(w, r, &req, 0); err != nil {
				return err
			}
			o, err := a.visibleOrder(r)
			if err != nil {
				return err
			}
			back := cmp.Or(req.ReturnPath, "/cases/"+o.CaseID)
			if !httpx.LocalPath(back) {
				return onetrip.Invalid("api.payment.return_path", req.ReturnPath).WithDetail("return_path", "api.payment.return_path", req.ReturnPath)
			}
			url, o, err := a.store.OpenPayment(r.Context(), caller(r), o.ID, httpx.Origin(r)+back)
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, PayPage{PayURL: url, Order: policy.MaskOrder(caller(r), o)})
			return nil
		})
	a.handle(Route{Method: "POST", Path: "/api/v1/payments/{id}/waive", Summary: "exempt an unpaid fee (减免) with its reason: an admin; the case goes on as if paid",
		Tag: "payments", Body: WaiveRequest{}, Resp: payment.Order{}, Errors: []int{409}},
		func(w http.ResponseWriter, r *http.Request) error {
			var req WaiveRequest
			if err := httpx.DecodeJSON(w, r, &req, 0); err != nil {
				return err
			}
			o, err := a.store.WaiveFee(r.Context(), caller(r), r.PathValue("id"), req.Reason)
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, policy.MaskOrder(caller(r), o))
			return nil
		})
	a.handle(Route{Method: "POST", Path: "/api/v1/payments/{id}/refund", Summary: "refund a paid fee through the platform (an admin): never more than was paid",
		Tag: "payments", Body: RefundRequest{}, Resp: payment.Order{}, Errors: []int{409, 503}},
		func(w http.ResponseWriter, r *http.Request) error {
			var req RefundRequest
			if err := httpx.DecodeJSON(w, r, &req, 0); err != nil {
				return err
			}
			o, err := a.store.RefundFee(r.Context(), caller(r), r.PathValue("id"), req.Amount, req.Reason)
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, policy.MaskOrder(caller(r), o))
			return nil
		})
	a.handle(Route{Method: "GET", Path: "/api/v1/payments/{id}/receipt", Summary: "the e-receipt (财政电子票据) of a paid order, signed with the collecting department's seal",
		Tag: "payments", Resp: payment.Receipt{}},
		func(w http.ResponseWriter, r *http.Request) error {
			if _, err := a.visibleOrder(r); err != nil {
				return err
			}
			rc, err := a.store.ReceiptOfOrder(r.Context(), r.PathValue("id"))
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, rc)
			return nil
		})
	a.handle(Route{Method: "GET", Path: "/api/v1/receipts/{number}/verify", Summary: "verify an e-receipt by its number (public): genuine or not, under which seal; the payer masked",
		Tag: "payments", Public: true, Resp: sqlstore.ReceiptCheck{}},
		func(w http.ResponseWriter, r *http.Request) error {
			rc, err := a.store.Receipt(r.Context(), r.PathValue("number"))
			if err != nil {
				return err
			}
			return a.writeReceiptCheck(w, r, rc)
		})
	a.handle(Route{Method: "POST", Path: "/api/v1/receipts/verify", Summary: "verify an e-receipt as presented (public): its signature under the seal it names",
		Tag: "payments", Public: true, Body: payment.Receipt{}, Resp: sqlstore.ReceiptCheck{}},
		func(w http.ResponseWriter, r *http.Request) error {
			var rc payment.Receipt
			if err := httpx.DecodeJSON(w, r, &rc, maxCallback); err != nil {
				return err
			}
			return a.writeReceiptCheck(w, r, rc)
		})
	a.handle(Route{Method: "POST", Path: "/api/v1/payments/notify", Summary: "the payment platform's signed notification (public; SM2 signature in X-Pay-Signature): applied once, a duplicate changes nothing, a forged or replayed one is refused",
		Tag: "payments", Public: true, Params: []Param{{Name: payment.SignatureHeader, In: "header", Desc: "base64 SM2 signature of the platform over the body", Required: true}},
		Body: payment.NotificationWire{}, Resp: NotifyAnswer{}, Errors: []int{403, 404, 409, 413, 503}},
		a.signedCallback("payment notification", payment.SignatureHeader, func(ctx context.Context, body []byte, sig string) (string, error) {
			out, err := a.store.ReceivePayment(ctx, body, sig)
			return out.Outcome, err
		}))
	a.handle(Route{Method: "POST", Path: "/api/v1/payments/reconcile", Summary: "reconcile a day's statement of the platform with onetrip's orders (对账): the mismatches for finance",
		Tag: "payments", Body: ReconcileRequest{}, Resp: sqlstore.Reconciliation{}, Errors: []int{503}},
		func(w http.ResponseWriter, r *http.Request) error {
			if !policy.CanReconcile(caller(r)) {
				return onetrip.Forbidden("err.forbidden")
			}
			var req ReconcileRequest
			if err := httpx.DecodeJSON(w, r, &req, 0); err != nil {
				return err
			}
			rec, err := a.store.Reconcile(r.Context(), req.Day)
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, mismatchesInScope(caller(r), rec))
			return nil
		})
	a.handle(Route{Method: "GET", Path: "/api/v1/payments/reconciliations", Summary: "the latest reconciliations, newest first", Tag: "payments",
		Params: []Param{limitParam}, Resp: []sqlstore.Reconciliation{}},
		func(w http.ResponseWriter, r *http.Request) error {
			if !policy.CanReconcile(caller(r)) {
				return onetrip.Forbidden("err.forbidden")
			}
			var limit int
			if err := queryInts(r, map[string]*int{"limit": &limit}); err != nil {
				return err
			}
			list, err := a.store.Reconciliations(r.Context(), limit)
			if err != nil {
				return err
			}
			if list == nil {
				list = []sqlstore.Reconciliation{}
			}
			for i := range list {
				list[i] = mismatchesInScope(caller(r), list[i])
			}
			httpx.WriteJSON(w, http.StatusOK, list)
			return nil
		})
}

func (a *API) routesCourier() {
	a.handle(Route{Method: "PUT", Path: "/api/v1/cases/{id}/address", Summary: "where the courier delivers the case's result: region code to the township and the detail (applicant, agent or clerk)",
		Tag: "courier", Body: courier.Address{}, Resp: courier.Address{}, Errors: []int{409}},
		func(w http.ResponseWriter, r *http.Request) error {
			var ad courier.Address
			if err := httpx.DecodeJSON(w, r, &ad, 0); err != nil {
				return err
			}
			out, err := a.store.SetCaseAddress(r.Context(), caller(r), r.PathValue("id"), ad)
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, out)
			return nil
		})
	a.handle(Route{Method: "POST", Path: "/api/v1/cases/{id}/dispatch", Summary: "book the courier and issue the approved case's result with its waybill (出件): the quote never above the reference price, one booking per case",
		Tag: "courier", Body: DispatchRequest{}, Resp: courier.Shipment{}, Status: http.StatusCreated, Errors: []int{409, 503}},
		func(w http.ResponseWriter, r *http.Request) error {
			var req DispatchRequest
			if err := httpx.DecodeJSON(w, r, &req, 0); err != nil {
				return err
			}
			sh, err := a.store.DispatchCase(r.Context(), caller(r), r.PathValue("id"), req.Grams)
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusCreated, sh)
			return nil
		})
	a.handle(Route{Method: "GET", Path: "/api/v1/cases/{id}/shipment", Summary: "the case's shipment and its tracking, oldest event first",
		Tag: "courier", Resp: ShipmentView{}},
		func(w http.ResponseWriter, r *http.Request) error {
			c, err := a.visibleCase(r)
			if err != nil {
				return err
			}
			sh, ok, err := a.store.ShipmentOfCase(r.Context(), c.ID)
			if err != nil {
				return err
			}
			if !ok {
				return onetrip.NotFound("api.shipment.none", c.Number)
			}
			evs, err := a.store.Tracking(r.Context(), sh.Waybill)
			if err != nil {
				return err
			}
			if !caller(r).Is(onetrip.RoleApplicant, onetrip.RoleAgent, onetrip.RoleClerk) {
				sh.To = sh.To.Masked()
			}
			httpx.WriteJSON(w, http.StatusOK, ShipmentView{Shipment: sh, Events: evs})
			return nil
		})
	a.handle(Route{Method: "POST", Path: "/api/v1/courier/events", Summary: "the courier platform's signed tracking event (public; SM2 signature in X-Courier-Signature): delivered closes the case, failed returns it to the window",
		Tag: "courier", Public: true, Params: []Param{{Name: courier.SignatureHeader, In: "header", Desc: "base64 SM2 signature of the courier over the body", Required: true}},
		Body: courier.TrackingEvent{}, Resp: NotifyAnswer{}, Errors: []int{403, 404, 409, 413, 503}},
		a.signedCallback("courier event", courier.SignatureHeader, a.store.ReceiveTracking))
	a.handle(Route{Method: "GET", Path: "/api/v1/courier/prices", Summary: "the province's courier reference price table: per weight band and zone, the cap of a quote",
		Tag: "courier", Resp: courier.PriceTable{}},
		func(w http.ResponseWriter, r *http.Request) error {
			t, err := a.store.PriceTable(r.Context())
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, t)
			return nil
		})
	a.handle(Route{Method: "PUT", Path: "/api/v1/courier/prices", Summary: "replace the reference price table (a province admin)",
		Tag: "courier", Body: courier.PriceTable{}, Resp: courier.PriceTable{}},
		func(w http.ResponseWriter, r *http.Request) error {
			var t courier.PriceTable
			if err := httpx.DecodeJSON(w, r, &t, 0); err != nil {
				return err
			}
			if err := a.store.SavePriceTable(r.Context(), caller(r), t); err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, t)
			return nil
		})
	a.handle(Route{Method: "PUT", Path: "/api/v1/centers/{id}/courier", Summary: "who pays a centre's courier deliveries: free to the applicant, the centre, or the applicant through the payment platform (an admin of its region)",
		Tag: "courier", Body: CentrePayerRequest{}, Resp: CentrePayerRequest{}},
		func(w http.ResponseWriter, r *http.Request) error {
			var req CentrePayerRequest
			if err := httpx.DecodeJSON(w, r, &req, 0); err != nil {
				return err
			}
			if err := a.store.SetCentrePayer(r.Context(), caller(r), r.PathValue("id"), req.Payer); err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, req)
			return nil
		})
}
