package web

import (
	"context"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"onetrip"
	"onetrip/casework"
	"onetrip/catalog"
	"onetrip/idcode"
	"onetrip/intake"
	"onetrip/licence"
	"onetrip/org"
	"onetrip/policy"
	"onetrip/sqlstore"
)

// The case page (办件详情) shows a case to anyone who may see it: its
// number and status, the clock, the materials, every notice, every trip
// with whether it counts and why, the tasks and the event log with the
// check of its hash chain. The print views are the 受理通知书, the
// 一次性告知书 and the 不予受理通知书.

type caseMatRow struct {
	Key, Name, State, Reason, DueDate string
	Required                          bool
	Files                             []string
	Ref, RefHref                      string // fetched: the licence used, and its verification page
}

// matRef is a fetched material's reference and, for a licence, the link to
// its public verification.
func matRef(m casework.Material) (string, string) {
	if m.State != intake.StateFetched || m.Ref == "" {
		return "", ""
	}
	if strings.HasPrefix(m.Ref, licence.Prefix) {
		return m.Ref, verifyHref(m.Ref)
	}
	return m.Ref, ""
}

type noticeView struct {
	ID, KindKey, Created string
	Seq                  int
	Correction           bool
	Rows                 []noticeRow
	Breaches             int
	Reason, LegalBasis   string
}

type taskRow struct {
	casework.Task
	StepName, DeptName string
	Mine               bool
}

type caseView struct {
	Case         casework.Case
	Materials    []caseMatRow
	Notices      []noticeView
	Tasks        []taskRow
	Events       []eventRow
	ChainIntact  bool
	Center       string
	Lead         string
	Delivery     string
	Region       string
	CanWindow    bool
	CanHandover  bool
	Collected    bool // handed over at the window: a 领取回执 exists
	CanWithdraw  bool
	Deferred     []caseMatRow // deferred materials the window can take in
	SupplyOnline []caseMatRow // deferred materials the applicant can upload
	Resubmit     []resubmitRow
	Uploads      bool
	Idem         string
	Fees         *feesData    // the case's payment orders (payments.go)
	Courier      *courierData // delivery by courier: address, dispatch, tracking (courier_pages.go)
	Rating       *ratingView  // a closed case's ratings and the applicant's form (rating_pages.go)
	QueryCode    string       // the public progress lookup's code, for the applicant (progress.go)
	ProgressHref string
}

type eventRow struct {
	Seq         int
	At, Label   string
	Type, Actor string
}

type resubmitRow struct {
	Key, Name, Guide, Reason string
}

// eventLabel names an event type ("case.accepted" → 受理); an unknown type
// shows as it is.
func eventLabel(lang onetrip.Lang, typ string) string {
	key := "ui.ev." + strings.ReplaceAll(typ, ".", "_")
	if _, ok := onetrip.Lookup(key); ok {
		return onetrip.Render(lang, key)
	}
	return typ
}

func (w *Web) casePage(rw http.ResponseWriter, r *http.Request) {
	w.showCase(rw, r, r.PathValue("id"), http.StatusOK, nil)
}

// showCase renders a case's page with status; answer, when set, adds what
// a form posted on the page answered (its problems, what was typed) before
// the page renders, so a refused form is shown where it was filled in.
func (w *Web) showCase(rw http.ResponseWriter, r *http.Request, id string, status int, answer func(pg *Page, v *caseView)) {
	p, ok := w.requireUser(rw, r)
	if !ok {
		return
	}
	ctx := r.Context()
	c, err := w.visibleCase(ctx, p, id)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	purpose := r.URL.Query().Get("purpose")
	if err := w.store.Disclosed(ctx, p, &c, policy.Opened, purpose); err != nil {
		w.renderError(rw, r, err)
		return
	}
	pg := w.page(r, "ui.case.title", nil)
	v := &caseView{Case: policy.MaskCase(p, c, policy.Opened, purpose), Delivery: catalog.Delivery(c.Delivery).Label(pg.Lang)}
	pg.Title = pg.T("ui.case.title") + " " + c.Number
	for _, m := range c.Materials {
		row := caseMatRow{Key: m.Key, Name: m.Name, State: string(m.State), Reason: m.Reason, DueDate: m.DueDate,
			Required: m.Required, Files: m.Files}
		row.Ref, row.RefHref = matRef(m)
		v.Materials = append(v.Materials, row)
	}
	notices, err := w.store.Notices(ctx, c.ID)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	for _, n := range notices {
		nv := noticeView{ID: n.ID, Seq: n.Seq, Correction: n.Kind == casework.NoticeCorrection, Created: timeOf(n.CreatedAt),
			Breaches: len(n.Breaches), Reason: n.Reason, LegalBasis: n.LegalBasis, KindKey: "ui.notice.kind." + n.Kind}
		nv.Rows = noticeRows(pg.Lang, n.Items, n.Breaches)
		v.Notices = append(v.Notices, nv)
	}
	depts := []string{c.LeadDepartment}
	for _, t := range c.Tasks {
		depts = append(depts, t.Department)
	}
	names := w.deptNames(ctx, depts...)
	v.Lead = names[c.LeadDepartment]
	refs, err := w.store.Refs(ctx)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	for _, t := range c.Tasks {
		v.Tasks = append(v.Tasks, taskRow{Task: t, StepName: or(refs.Items[t.Step].Name, t.Step), DeptName: names[t.Department],
			Mine: policy.CanWorkTask(p, &t)})
	}
	evs, err := w.store.Events(ctx, c.ID)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	v.ChainIntact = casework.VerifyEvents(evs) == nil
	_, v.Collected = casework.CollectionOf(evs)
	for _, e := range evs {
		v.Events = append(v.Events, eventRow{Seq: e.Seq, At: timeOf(e.At), Label: eventLabel(pg.Lang, e.Type), Type: e.Type, Actor: e.Actor})
	}
	v.Center = w.caseCenter(ctx, &c).Name
	v.QueryCode, v.ProgressHref = w.caseQueryCode(r, &c)
	if path, err := w.store.RegionPath(ctx, c.Region); err == nil {
		v.Region = sqlstore.FullName(path)
	}
	v.CanWithdraw = c.Status.Open() && p.Is(onetrip.RoleApplicant, onetrip.RoleClerk, onetrip.RoleAgent)
	if p.Role == onetrip.RoleClerk {
		v.CanWindow = c.Status == intake.StatusSubmitted || c.Status == intake.StatusNeedsCorrection
		v.CanHandover = casework.AwaitsPickup(&c)
		if c.DeferredDue != "" {
			for _, m := range v.Materials {
				if m.State == string(intake.StateDeferred) {
					v.Deferred = append(v.Deferred, m)
				}
			}
		}
	}
	if p.Role == onetrip.RoleApplicant && c.DeferredDue != "" && w.opts.Blobs != nil {
		for _, m := range v.Materials {
			if m.State == string(intake.StateDeferred) {
				v.SupplyOnline = append(v.SupplyOnline, m)
			}
		}
	}
	if p.Role == onetrip.RoleApplicant && c.Status == intake.StatusNeedsCorrection && c.Notice != nil {
		for _, it := range c.Notice.Items {
			v.Resubmit = append(v.Resubmit, resubmitRow{Key: it.Key, Name: it.Name, Guide: it.GuideFor(pg.Lang), Reason: it.ReasonText(pg.Lang)})
		}
		v.Uploads = w.opts.Blobs != nil
	}
	switch r.URL.Query().Get("done") {
	case "submitted":
		pg.Flash = pg.T("ui.apply.submitted", c.Number)
	case "resubmitted":
		pg.Flash = pg.T("ui.apply.resubmitted")
	case "supplied":
		pg.Flash = pg.T("ui.case.supplied")
	}
	if err := w.casePayments(r, pg, p, &c, v); err != nil {
		w.renderError(rw, r, err)
		return
	}
	if v.Rating, err = w.caseRating(ctx, pg, p, &c, r.URL.Query().Get("done")); err != nil {
		w.renderError(rw, r, err)
		return
	}
	if v.Rating != nil {
		v.Rating.Page = pg
	}
	if answer != nil {
		answer(pg, v)
	}
	pg.Data = v
	w.render(rw, r, "case", status, pg)
}

// caseSupply takes deferred materials in at the window (容缺补交).
func (w *Web) caseSupply(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireUser(rw, r, onetrip.RoleClerk)
	if !ok || !w.postForm(rw, r) {
		return
	}
	var marks []intake.Mark
	for _, k := range r.PostForm["supply"] {
		marks = append(marks, intake.Mark{Spec: k, Status: intake.MarkReceived})
	}
	if len(marks) == 0 {
		w.renderError(rw, r, onetrip.Invalid("ui.case.supply_none"))
		return
	}
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	c, err := w.store.SupplyDeferred(r.Context(), p, r.PathValue("id"), casework.Review{Materials: marks, InPerson: r.PostFormValue("in_person") != "", Version: version})
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	http.Redirect(rw, r, "/cases/"+c.ID+"?done=supplied", http.StatusSeeOther)
}

// caseWithdraw withdraws an open case at the applicant's request (the
// applicant online, or the window or agent for them).
func (w *Web) caseWithdraw(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireUser(rw, r, onetrip.RoleApplicant, onetrip.RoleClerk, onetrip.RoleAgent)
	if !ok || !w.postForm(rw, r) {
		return
	}
	reason := strings.TrimSpace(r.PostFormValue("reason"))
	if reason == "" {
		w.renderError(rw, r, onetrip.Invalid("ui.case.withdraw_reason"))
		return
	}
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	c, err := w.store.Withdraw(r.Context(), p, r.PathValue("id"), version, reason)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	http.Redirect(rw, r, "/cases/"+c.ID+"?done=withdrawn", http.StatusSeeOther)
}

// receiptView is the 受理通知书.
type receiptView struct {
	Case                       casework.Case
	Accepted                   string
	Received, Fetched, Pending []caseMatRow
	Center                     org.Center
	Delivery                   string
	Steps                      []string
	URL, Href                  string // URL: the QR's target, the public progress page with the code
	QR                         template.HTML
	Code, ProgressHome         string // the query code (查询码) and the progress page's address
}

func (w *Web) receiptPrint(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireUser(rw, r)
	if !ok {
		return
	}
	ctx := r.Context()
	c, err := w.visibleCase(ctx, p, r.PathValue("id"))
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	if c.AcceptedAt == nil {
		w.renderError(rw, r, onetrip.Conflict("ui.receipt.not_accepted", c.Number))
		return
	}
	pg := w.page(r, "ui.receipt.title", nil)
	v := &receiptView{Case: policy.MaskCase(p, c, policy.Opened, ""), Accepted: dateOf(c.AcceptedAt), Delivery: catalog.Delivery(c.Delivery).Label(pg.Lang), Href: "/cases/" + c.ID}
	v.Case.Applicant.IDNumber = maskParty(c.Applicant)
	v.Case.Parties = maskParties(c.Parties)
	for _, m := range c.Materials {
		row := caseMatRow{Name: m.Name, DueDate: m.DueDate, State: string(m.State)}
		row.Ref, _ = matRef(m)
		switch m.State {
		case intake.StateReceived:
			v.Received = append(v.Received, row)
		case intake.StateFetched, intake.StatePriorStep:
			v.Fetched = append(v.Fetched, row)
		case intake.StateDeferred:
			v.Pending = append(v.Pending, row)
		}
	}
	v.Center = w.caseCenter(ctx, &c)
	if v.Code, err = w.store.QueryCode(ctx, c.Number); err != nil {
		w.renderError(rw, r, err)
		return
	}
	v.URL, v.ProgressHome = w.absURL(r, progressHref(c.Number, v.Code)), w.absURL(r, "/progress")
	if v.QR, err = QRSVG(v.URL, pg.T("ui.receipt.qr"), 120); err != nil {
		w.renderError(rw, r, err)
		return
	}
	pg.Data = v
	pg.Title = pg.T("ui.receipt.title") + " " + c.Number
	w.render(rw, r, "print_receipt", http.StatusOK, pg)
}

// maskParty is the applicant's number as printed: a citizen ID masked, a
// USCC in full (it is public).
func maskParty(a intake.Applicant) string {
	if a.Type == intake.ApplicantPerson {
		return idcode.MaskCitizenID(a.IDNumber)
	}
	return a.IDNumber
}

// caseCenter is the service centre a case was taken in, for its printed
// documents; the zero centre when it has none or it cannot be read (the
// document then names no centre rather than failing).
func (w *Web) caseCenter(ctx context.Context, c *casework.Case) org.Center {
	if c.Center == "" {
		return org.Center{}
	}
	ct, err := w.store.Center(ctx, c.Center)
	if err != nil {
		return org.Center{}
	}
	return ct
}

// maskParties are the further parties as printed (maskParty each).
func maskParties(ps []intake.Party) []intake.Party {
	out := make([]intake.Party, len(ps))
	for i, o := range ps {
		o.IDNumber = maskParty(o.Applicant)
		out[i] = o
	}
	return out
}

// docSignData is an official document's signing block (_doc.html).
type docSignData struct {
	Page    *Page
	Clerk   string
	Center  org.Center
	Date    string
	SignKey string // the line the other side signs: 申请人签收, 领取人签字
}

func init() {
	catalogFuncs["docSign"] = func(p *Page, clerk string, center org.Center, date string) docSignData {
		return docSignData{Page: p, Clerk: clerk, Center: center, Date: date, SignKey: "ui.doc.applicant_sign"}
	}
	// docSignAs is docSign with another signer's line.
	catalogFuncs["docSignAs"] = func(p *Page, clerk string, center org.Center, date, signKey string) docSignData {
		return docSignData{Page: p, Clerk: clerk, Center: center, Date: date, SignKey: signKey}
	}
}

// noticePrintView is a printed correction notice or refusal.
type noticePrintView struct {
	Case   casework.Case
	Notice noticeView
	Center org.Center
	Date   string
	Href   string
	Clerk  string // who issued it (经办人)
}

func (w *Web) noticePrint(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireUser(rw, r)
	if !ok {
		return
	}
	ctx := r.Context()
	n, err := w.store.NoticeByID(ctx, r.PathValue("id"))
	if err != nil {
		w.renderError(rw, r, onetrip.NotFound("err.not_found"))
		return
	}
	c, err := w.visibleCase(ctx, p, n.CaseID)
	if err != nil {
		w.renderError(rw, r, onetrip.NotFound("err.not_found"))
		return
	}
	pg := w.page(r, "ui.notice.title", nil)
	v := &noticePrintView{Case: c, Date: timeOf(n.CreatedAt)[:10], Href: "/cases/" + c.ID, Clerk: n.CreatedBy,
		Notice: noticeView{ID: n.ID, Seq: n.Seq, Correction: n.Kind == casework.NoticeCorrection, Reason: n.Reason, LegalBasis: n.LegalBasis,
			KindKey: "ui.notice.kind." + n.Kind, Rows: noticeRows(pg.Lang, n.Items, nil)}}
	v.Case.Applicant.IDNumber = maskParty(c.Applicant)
	v.Center = w.caseCenter(ctx, &c)
	pg.Data = v
	pg.Title = pg.T(v.Notice.KindKey) + " " + c.Number
	w.render(rw, r, "print_notice", http.StatusOK, pg)
}
