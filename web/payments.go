package web

import (
	"encoding/base64"
	"encoding/hex"
	"html/template"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/emmansun/gmsm/sm3"

	"onetrip"
	"onetrip/casework"
	"onetrip/catalog"
	"onetrip/httpx"
	"onetrip/idcode"
	"onetrip/licence"
	"onetrip/payment"
	"onetrip/policy"
	"onetrip/sqlstore"
	"onetrip/workday"
)

// Fees on the pages (统一公共支付, issue 14): a case's payment orders
// (缴费单) with their payment codes (缴款码); 在线缴费 opens the platform's
// pay page for the payer and the platform sends them back to the case;
// 窗口扫码缴费 opens it for the clerk with the applicant at the counter
// (which makes paying a trip of the case); an admin's 减免 and 退款; the
// printed e-receipt (财政电子票据) and its public check; finance's
// reconciliation (对账) and supervision's list of overdue fees. Every
// write is the store's, with its own policy check; the pages read what the
// viewer may see, the payer's number masked unless the viewer is the payer.

// feeRow is one payment order on a case's page.
type feeRow struct {
	Order      payment.Order // as the viewer sees it: the payer's number masked unless theirs
	Code       string        // the payment code in groups of four, as it is read aloud
	Status     string        // the status in the page's language
	Channel    string        // how it was paid, in the page's language
	Overdue    bool
	Mine       bool // the viewer is the payer
	Pay        bool // 在线缴费: the applicant or agent pays online
	WindowPay  bool // 窗口扫码缴费: the clerk shows the code at the counter
	Waive      bool // 减免: an admin of the case's region
	Refund     bool // 退款: an admin, while something is left to refund
	Receipt    bool // paid: the e-receipt prints
	Refundable string
	Err        string // the answer of a form of this order that failed
	Reason     string // what that form held
	Amount     string
}

// feesData is the fees section of a case's page (_fees.html).
type feesData struct {
	Page       *Page
	CaseID     string
	Rows       []feeRow
	NoPlatform bool // no payment platform connected: nothing can be paid now
	Owed       bool // something is still to pay
	// Pending is the order the payer just paid whose notification has not
	// come yet: the page follows it (pay.js) and reloads when it comes.
	Pending string
}

// row finds an order's row, to attach a form's answer to it.
func (d *feesData) row(orderID string) *feeRow {
	if d == nil {
		return nil
	}
	for i := range d.Rows {
		if d.Rows[i].Order.ID == orderID {
			return &d.Rows[i]
		}
	}
	return nil
}

func init() {
	catalogFuncs["payCode"] = groupCode
	catalogFuncs["yuan"] = yuan
}

// yuan writes an amount in yuan with its two decimals, as receipts and
// price lists print money: 80.00, 12.50.
func yuan(a catalog.Amount) string {
	fen := a.Fen()
	sign := ""
	if fen < 0 {
		sign, fen = "-", -fen
	}
	return sign + strconv.FormatInt(fen/100, 10) + "." + strconv.FormatInt(fen%100+100, 10)[1:]
}

// groupCode writes a payment code in groups of four digits
// (3308 0226 0000 0001 2345), the way it is printed and read out.
func groupCode(code string) string {
	var b strings.Builder
	for i, r := range code {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// chinaToday is the store's day in China, YYYY-MM-DD (the store's clock: a
// test's clock moves the pages too).
func (w *Web) chinaToday() string { return workday.DateOf(w.store.Now()).String() }

// caseFees lays out a case's payment orders for p; nil when it has none.
func (w *Web) caseFees(pg *Page, p *onetrip.Principal, c *casework.Case) *feesData {
	if len(c.Fees) == 0 {
		return nil
	}
	d := &feesData{Page: pg, CaseID: c.ID, NoPlatform: !w.store.PaymentConnected()}
	today := w.chinaToday()
	payer := p.Is(onetrip.RoleApplicant, onetrip.RoleAgent) && policy.CaseAction(p, c, policy.Pay) == nil
	clerk := p.Role == onetrip.RoleClerk && policy.CaseAction(p, c, policy.Pay) == nil
	admin := policy.CaseAction(p, c, policy.Waive) == nil
	for _, o := range c.Fees {
		row := feeRow{Order: policy.MaskOrder(p, o), Code: groupCode(o.Code), Status: payment.StatusLabel(o.Status, pg.Lang),
			Overdue: payment.Overdue(o, today), Mine: p.IDNumber != "" && p.IDNumber == o.Payer.IDNumber}
		if o.Channel != "" {
			row.Channel = payment.ChannelLabel(o.Channel, pg.Lang)
		}
		row.Pay = payer && o.Owed() && !d.NoPlatform
		row.WindowPay = clerk && o.Owed() && !d.NoPlatform
		row.Waive = admin && o.Owed()
		row.Refund = admin && o.Refundable() > 0 && !d.NoPlatform
		row.Refundable = o.Refundable().String()
		row.Receipt = o.Status == payment.StatusPaid || o.Status == payment.StatusRefunded
		d.Owed = d.Owed || o.Owed()
		d.Rows = append(d.Rows, row)
	}
	return d
}

// casePayments adds the fees and the courier delivery to a case's page,
// with the flash of what the payer or a form just did.
func (w *Web) casePayments(r *http.Request, pg *Page, p *onetrip.Principal, c *casework.Case, v *caseView) error {
	v.Fees = w.caseFees(pg, p, c)
	var err error
	if v.Courier, err = w.caseCourier(r, pg, p, c); err != nil {
		return err
	}
	q := r.URL.Query()
	switch {
	case q.Get("paid") != "": // back from the platform's pay page
		pg.Flash = pg.T("ui.pay.flash.paid")
		for _, o := range c.Fees {
			if o.Owed() && v.Fees != nil { // the notification has not come (yet): say so, never "paid"
				pg.Flash, v.Fees.Pending = pg.T("ui.pay.flash.pending"), o.ID
			}
		}
	case q.Get("abandoned") != "":
		pg.Flash = pg.T("ui.pay.flash.abandoned")
	}
	switch q.Get("done") {
	case "waived":
		pg.Flash = pg.T("ui.pay.flash.waived")
	case "refunded":
		pg.Flash = pg.T("ui.pay.flash.refunded")
	case "address":
		pg.Flash = pg.T("ui.courier.flash.address")
	case "dispatched":
		pg.Flash = pg.T("ui.courier.flash.dispatched")
	}
	return nil
}

// visibleOrder reads the path's order when p may read its case; any other
// order is not found, so other regions' orders do not leak.
func (w *Web) visibleOrder(r *http.Request, p *onetrip.Principal) (payment.Order, casework.Case, error) {
	id := r.PathValue("id")
	o, err := w.store.Order(r.Context(), id)
	if err != nil {
		return o, casework.Case{}, err
	}
	c, err := w.visibleCase(r.Context(), p, o.CaseID)
	if err != nil {
		return payment.Order{}, c, onetrip.NotFound("store.payment.not_found", id)
	}
	return o, c, nil
}

// feeRefused shows the case's page again with the answer at the order's
// row; errors that are not the form's (not found, forbidden) get the
// error page.
func (w *Web) feeRefused(rw http.ResponseWriter, r *http.Request, o payment.Order, err error, fill func(row *feeRow)) {
	status, body := httpx.Body(err, httpx.PageLang(r))
	if status == http.StatusNotFound || status == http.StatusForbidden || status == http.StatusUnauthorized {
		w.renderError(rw, r, err)
		return
	}
	w.showCase(rw, r, o.CaseID, status, func(pg *Page, v *caseView) {
		if row := v.Fees.row(o.ID); row != nil {
			row.Err = errorText(pg.Lang, body)
			if fill != nil {
				fill(row)
			}
			return
		}
		pg.Error = errorText(pg.Lang, body)
	})
}

// payOnline opens the platform's pay page for the payer (在线缴费) and
// sends the browser there; the platform sends it back to the case.
func (w *Web) payOnline(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireUser(rw, r, onetrip.RoleApplicant, onetrip.RoleAgent)
	if !ok || !w.postForm(rw, r) {
		return
	}
	o, _, err := w.visibleOrder(r, p)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	payURL, _, err := w.store.OpenPayment(r.Context(), p, o.ID, httpx.Origin(r)+"/cases/"+o.CaseID)
	if err != nil {
		w.feeRefused(rw, r, o, err, nil)
		return
	}
	http.Redirect(rw, r, payURL, http.StatusSeeOther)
}

// windowPayData is the window's payment of one order: its status now and,
// once opened, the code and the QR code of the pay page for the
// applicant's phone.
type windowPayData struct {
	Order   payment.Order
	Case    casework.Case
	Code    string
	Status  string
	Settled bool
	Opened  bool
	PayURL  string
	QR      template.HTML
	Poll    string // where pay.js reads the status
}

func (w *Web) windowPayPage(rw http.ResponseWriter, r *http.Request, open bool) {
	p, ok := w.requireUser(rw, r, onetrip.RoleClerk)
	if !ok {
		return
	}
	if open && !w.postForm(rw, r) {
		return
	}
	o, c, err := w.visibleOrder(r, p)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	pg := w.page(r, "ui.pay.window.title", nil)
	d := &windowPayData{}
	status := http.StatusOK
	if open {
		payURL, _, err := w.store.OpenPayment(r.Context(), p, o.ID, httpx.Origin(r)+"/cases/"+o.CaseID)
		switch {
		case err == nil:
			d.Opened, d.PayURL = true, payURL
			if d.QR, err = QRSVG(payURL, pg.T("ui.pay.window.qr"), 200); err != nil {
				w.renderError(rw, r, err)
				return
			}
		case onetrip.HasCode(err, onetrip.CodeNotFound), onetrip.HasCode(err, onetrip.CodeForbidden):
			w.renderError(rw, r, err)
			return
		default: // paid meanwhile, or no platform: said on the page
			var body httpx.ErrorBody
			status, body = httpx.Body(err, pg.Lang)
			pg.Error = errorText(pg.Lang, body)
		}
	}
	d.Order, d.Case = policy.MaskOrder(p, o), policy.MaskCase(p, c, policy.Opened, "")
	d.Code, d.Status, d.Settled = groupCode(o.Code), payment.StatusLabel(o.Status, pg.Lang), !o.Owed()
	d.Poll = "/payments/" + o.ID + "/status"
	pg.Data = d
	pg.Title = pg.T("ui.pay.window.title") + " · " + c.Number
	w.render(rw, r, "window_pay", status, pg)
}

// windowPayForm shows an order's status at the window, with the button
// that opens its payment.
func (w *Web) windowPayForm(rw http.ResponseWriter, r *http.Request) { w.windowPayPage(rw, r, false) }

// windowPay opens an order's payment for the clerk (窗口扫码缴费): the
// code and the pay page's QR code for the applicant standing there.
func (w *Web) windowPay(rw http.ResponseWriter, r *http.Request) { w.windowPayPage(rw, r, true) }

// orderStatus answers an order's status as JSON, for the window's page to
// follow while the applicant pays (pay.js).
func (w *Web) orderStatus(rw http.ResponseWriter, r *http.Request) {
	p := httpx.Principal(r.Context())
	if p == nil {
		httpx.WriteError(rw, r, onetrip.Unauthorized("err.unauthorized"))
		return
	}
	o, _, err := w.visibleOrder(r, p)
	if err != nil {
		httpx.WriteError(rw, r, err)
		return
	}
	lang := httpx.PageLang(r)
	rw.Header().Set("Cache-Control", "no-store")
	httpx.WriteJSON(rw, http.StatusOK, map[string]any{"status": o.Status, "label": payment.StatusLabel(o.Status, lang), "settled": !o.Owed()})
}

// waiveFee exempts an unpaid order (减免) on an admin's decision.
func (w *Web) waiveFee(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireUser(rw, r, onetrip.RoleAdmin)
	if !ok || !w.postForm(rw, r) {
		return
	}
	o, _, err := w.visibleOrder(r, p)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	reason := strings.TrimSpace(r.PostFormValue("reason"))
	if _, err := w.store.WaiveFee(r.Context(), p, o.ID, reason); err != nil {
		w.feeRefused(rw, r, o, err, func(row *feeRow) { row.Reason = reason })
		return
	}
	http.Redirect(rw, r, "/cases/"+o.CaseID+"?done=waived#fees", http.StatusSeeOther)
}

// refundFee returns some or all of a paid order through the platform; an
// empty amount is all that is left.
func (w *Web) refundFee(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireUser(rw, r, onetrip.RoleAdmin)
	if !ok || !w.postForm(rw, r) {
		return
	}
	o, _, err := w.visibleOrder(r, p)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	typed, reason := strings.TrimSpace(r.PostFormValue("amount")), strings.TrimSpace(r.PostFormValue("reason"))
	fill := func(row *feeRow) { row.Amount, row.Reason = typed, reason }
	amount := o.Refundable()
	if typed != "" {
		if amount, err = catalog.ParseAmount(typed); err != nil {
			w.feeRefused(rw, r, o, err, fill)
			return
		}
	}
	if _, err := w.store.RefundFee(r.Context(), p, o.ID, amount, reason); err != nil {
		w.feeRefused(rw, r, o, err, fill)
		return
	}
	http.Redirect(rw, r, "/cases/"+o.CaseID+"?done=refunded#fees", http.StatusSeeOther)
}

// receiptView is the printed e-receipt (财政电子票据).
type receiptPrintView struct {
	Receipt   payment.Receipt
	Valid     bool
	Seal      sqlstore.SealInfo
	SealSVG   template.HTML
	Digest    string // SM3 of the signature: the signature's fingerprint
	Channel   string
	Issued    string
	VerifyURL string
	QR        template.HTML
	Href      string // the case
	// CaseNumber is the receipt's, or the case's when the receipt has none
	// (a fee charged at acceptance was ordered before the case had its
	// number).
	CaseNumber string
}

// sigDigest is the SM3 of a receipt's signature in hex groups of eight:
// short enough to compare by eye with the one the check page shows.
func sigDigest(sig string) string {
	raw, err := base64.StdEncoding.DecodeString(sig)
	if err != nil || len(raw) == 0 {
		return ""
	}
	h := sm3.Sum(raw)
	s := strings.ToUpper(hex.EncodeToString(h[:]))
	var parts []string
	for i := 0; i < len(s); i += 8 {
		parts = append(parts, s[i:i+8])
	}
	return strings.Join(parts, " ")
}

// receiptPrint prints a paid order's e-receipt with its seal, the
// signature's fingerprint and the QR code of its public check.
func (w *Web) receiptPrintPage(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireUser(rw, r)
	if !ok {
		return
	}
	ctx := r.Context()
	o, c, err := w.visibleOrder(r, p)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	rc, err := w.store.ReceiptOfOrder(ctx, o.ID)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	chk, err := w.store.VerifyReceipt(ctx, rc)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	pg := w.page(r, "ui.rcpt.title", nil)
	v := &receiptPrintView{Receipt: rc, Valid: chk.Valid, Seal: chk.Seal, SealSVG: template.HTML(chk.Seal.SVG()), Digest: sigDigest(rc.Signature),
		Channel: payment.ChannelLabel(rc.Channel, pg.Lang), Issued: timeOf(rc.IssuedAt), Href: "/cases/" + c.ID, CaseNumber: or(rc.CaseNumber, c.Number)}
	v.VerifyURL = w.absURL(r, receiptHref(rc.Number))
	if v.QR, err = QRSVG(v.VerifyURL, pg.T("ui.rcpt.qr"), 120); err != nil {
		w.renderError(rw, r, err)
		return
	}
	pg.Data = v
	pg.Title = pg.T("ui.rcpt.title") + " " + rc.Number
	w.render(rw, r, "print_payment_receipt", http.StatusOK, pg)
}

func receiptHref(number string) string { return "/receipts/" + url.PathEscape(number) }

// receiptCheckView is the public check of an e-receipt: genuine or not,
// the payer masked.
type receiptCheckView struct {
	Number    string
	Found     bool
	Valid     bool
	Problem   string
	Receipt   payment.Receipt // the payer masked for the public
	Channel   string
	Issued    string
	Seal      sqlstore.SealInfo
	Digest    string
	CheckedAt string
}

// maskedPayer is the payer as a public page shows them: a person's name
// masked (the receipt's number is masked already), an organisation as
// registered.
func maskedPayer(rc payment.Receipt) payment.Receipt {
	if _, _, err := idcode.CheckUSCC(rc.PayerID); err != nil {
		rc.PayerName = licence.MaskName(rc.PayerName)
	}
	return rc
}

// receiptCheck is the public page a receipt's QR code opens (no login):
// /receipts/{number}; /receipts?number= is its form.
func (w *Web) receiptCheck(rw http.ResponseWriter, r *http.Request) {
	number := strings.TrimSpace(r.PathValue("number"))
	if number == "" {
		if q := strings.TrimSpace(r.URL.Query().Get("number")); q != "" {
			http.Redirect(rw, r, receiptHref(strings.ReplaceAll(q, " ", "")), http.StatusSeeOther)
			return
		}
	}
	pg := w.page(r, "ui.rcpt.check.title", nil)
	v := &receiptCheckView{Number: number, CheckedAt: timeOf(w.store.Now())}
	pg.Data = v
	if number == "" {
		w.render(rw, r, "receipt_verify", http.StatusOK, pg)
		return
	}
	status := http.StatusOK
	rc, err := w.store.Receipt(r.Context(), number)
	if err == nil {
		var chk sqlstore.ReceiptCheck
		if chk, err = w.store.VerifyReceipt(r.Context(), rc); err == nil {
			v.Found, v.Valid, v.Seal = true, chk.Valid, chk.Seal
			v.Receipt, v.Channel, v.Issued, v.Digest = maskedPayer(rc), payment.ChannelLabel(rc.Channel, pg.Lang), timeOf(rc.IssuedAt), sigDigest(rc.Signature)
		}
	}
	if err != nil {
		var body httpx.ErrorBody
		status, body = httpx.Body(err, pg.Lang)
		v.Problem = body.Error.Message
	}
	pg.Title = pg.T("ui.rcpt.check.title") + " " + number
	w.render(rw, r, "receipt_verify", status, pg)
}

// reconcileView is finance's page: run a day's reconciliation, read the
// latest ones with their mismatches.
type reconcileView struct {
	Day    string
	Done   string
	Runs   []reconcileRun
	Region string
}

type reconcileRun struct {
	sqlstore.Reconciliation
	Run       string
	Mine      []mismatchRow // the mismatches of the viewer's region
	Elsewhere int           // the others': another region's finance works them
}

type mismatchRow struct {
	payment.Mismatch
	KindLabel    string
	CodeGrouped  string
	Ours, Theirs string
	CaseHref     string
}

func (w *Web) reconcilePage(rw http.ResponseWriter, r *http.Request, status int, answer func(pg *Page, v *reconcileView)) {
	p, ok := w.requireUser(rw, r, onetrip.RoleAdmin)
	if !ok {
		return
	}
	if !policy.CanReconcile(p) {
		w.renderError(rw, r, onetrip.Forbidden("err.forbidden"))
		return
	}
	ctx := r.Context()
	pg := w.page(r, "ui.recon.title", nil)
	yesterday := workday.DateOf(w.store.Now().Add(-24 * time.Hour)).String()
	v := &reconcileView{Day: yesterday, Done: r.URL.Query().Get("done"), Region: p.Region}
	list, err := w.store.Reconciliations(ctx, 30)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	for _, rec := range list {
		run := reconcileRun{Reconciliation: rec, Run: timeOf(rec.RunAt)}
		for _, m := range rec.Mismatches {
			if !policy.MismatchInScope(p, m.Code) {
				run.Elsewhere++
				continue
			}
			row := mismatchRow{Mismatch: m, KindLabel: pg.T("ui.recon.kind." + m.Kind), CodeGrouped: groupCode(m.Code), Ours: m.Ours.String(), Theirs: m.Theirs.String()}
			if m.OrderID != "" {
				if o, err := w.store.Order(ctx, m.OrderID); err == nil {
					row.CaseHref = "/cases/" + o.CaseID
				}
			}
			run.Mine = append(run.Mine, row)
		}
		v.Runs = append(v.Runs, run)
	}
	if v.Done != "" {
		pg.Flash = pg.T("ui.recon.flash", v.Done)
	}
	if answer != nil {
		answer(pg, v)
	}
	pg.Data = v
	w.render(rw, r, "finance_reconcile", status, pg)
}

// adminReconcile lists the latest reconciliations.
func (w *Web) adminReconcile(rw http.ResponseWriter, r *http.Request) {
	w.reconcilePage(rw, r, http.StatusOK, nil)
}

// adminReconcileRun reconciles one day's statement (a rerun replaces it).
func (w *Web) adminReconcileRun(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireUser(rw, r, onetrip.RoleAdmin)
	if !ok || !w.postForm(rw, r) {
		return
	}
	if !policy.CanReconcile(p) {
		w.renderError(rw, r, onetrip.Forbidden("err.forbidden"))
		return
	}
	day := strings.TrimSpace(r.PostFormValue("day"))
	if _, err := w.store.Reconcile(r.Context(), day); err != nil {
		status, body := httpx.Body(err, httpx.PageLang(r))
		w.reconcilePage(rw, r, status, func(pg *Page, v *reconcileView) {
			v.Day, pg.Error = day, errorText(pg.Lang, body)
		})
		return
	}
	http.Redirect(rw, r, "/admin/reconcile?done="+url.QueryEscape(day), http.StatusSeeOther)
}

// overdueRow is one unpaid order past its due date.
type overdueRow struct {
	Order   payment.Order
	Code    string
	Days    int // days past the due date
	Status  string
	CaseRef string
}

type overdueView struct {
	Rows   []overdueRow
	Region string
	Today  string
}

// supervisionFees lists the unpaid orders past their due date in the
// viewer's scope (supervision and admins), longest overdue first.
func (w *Web) supervisionFees(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireUser(rw, r, onetrip.RoleSupervisor, onetrip.RoleAdmin)
	if !ok {
		return
	}
	dept, region, err := policy.OrderScope(p)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	list, err := w.store.Orders(r.Context(), sqlstore.OrderQuery{Region: region, Department: dept, Overdue: true, Limit: 500})
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	pg := w.page(r, "ui.fees.overdue.title", nil)
	v := &overdueView{Today: w.chinaToday()}
	if path, err := w.store.RegionPath(r.Context(), region); err == nil {
		v.Region = sqlstore.FullName(path)
	}
	today, _ := workday.Parse(v.Today)
	for _, o := range list {
		row := overdueRow{Order: policy.MaskOrder(p, o), Code: groupCode(o.Code), Status: payment.StatusLabel(o.Status, pg.Lang), CaseRef: "/cases/" + o.CaseID}
		if due, err := workday.Parse(o.DueDate); err == nil {
			row.Days = int(today.Time().Sub(due.Time()).Hours() / 24)
		}
		v.Rows = append(v.Rows, row)
	}
	// Longest overdue first: the list is for chasing.
	sort.SliceStable(v.Rows, func(i, j int) bool { return v.Rows[i].Days > v.Rows[j].Days })
	pg.Data = v
	w.render(rw, r, "supervision_fees", http.StatusOK, pg)
}
