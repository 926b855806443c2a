package web

import (
	"context"
	"errors"
	"mime/multipart"
	"net/http"
	"strconv"

	"onetrip"
	"onetrip/auth"
	"onetrip/blob"
	"onetrip/casework"
	"onetrip/catalog"
	"onetrip/httpx"
	"onetrip/intake"
	"onetrip/policy"
	"onetrip/sqlstore"
)

// Online application (网上申请): the applicant, logged in, fills the same
// checklist as the window, uploads files, and 预检 says what is missing
// before anything is submitted. A submitted application waits in the
// window's pre-review queue. Files are stored by content (SM3), typed by
// their bytes, never by their names.

type applyData struct {
	Item, Bundle, Title string
	Action              string
	Region              string
	Regions             []regionOpt
	Applicant           intake.Applicant
	Rows                []markRow
	Deferred            map[string]bool
	Uploads             bool
	Deliveries          []option
	Delivery            string
	Idem                string
	F                   *findings
	Checked, Complete   bool
	Missing             []noticeRow
	Parties             []partyOpt // whom the applicant may apply as (licence_intake.go)
	ApplicantRole       string     // the role the applicant plays, when the guide names parties
	Roles               []catalog.PartyRole
	Others              []partyField // the further parties the guide names
}

// Findings are the form's problems (for shared partials).
func (d *applyData) Findings() *findings { return d.F }

func (w *Web) applyItem(rw http.ResponseWriter, r *http.Request) {
	w.applyForm(rw, r, r.PathValue("code"), "")
}

func (w *Web) applyBundle(rw http.ResponseWriter, r *http.Request) {
	w.applyForm(rw, r, "", r.PathValue("code"))
}

func (w *Web) applyItemPost(rw http.ResponseWriter, r *http.Request) {
	w.applyPost(rw, r, r.PathValue("code"), "")
}

func (w *Web) applyBundlePost(rw http.ResponseWriter, r *http.Request) {
	w.applyPost(rw, r, "", r.PathValue("code"))
}

// applyLoad builds the form of an item or bundle that can be applied for
// online; on failure it has answered.
func (w *Web) applyLoad(rw http.ResponseWriter, r *http.Request, p *onetrip.Principal, item, bundle string) (*Page, *applyData, bool) {
	ctx := r.Context()
	pg := w.page(r, "ui.apply.title", nil)
	cl, err := w.loadChecklist(ctx, item, bundle, nil)
	if err != nil {
		w.renderError(rw, r, err)
		return nil, nil, false
	}
	if cl.Online == catalog.OnlineNone {
		w.renderError(rw, r, onetrip.Conflict("ui.apply.not_online", cl.Title))
		return nil, nil, false
	}
	d := &applyData{Item: item, Bundle: bundle, Title: cl.Title, Region: r.FormValue("region"), Uploads: w.opts.Blobs != nil,
		Applicant: intake.Applicant{Type: intake.ApplicantPerson, Name: p.Name, IDNumber: p.IDNumber}, Idem: auth.NewToken(""), Deferred: map[string]bool{}}
	d.Action = "/apply/" + item
	if bundle != "" {
		d.Action = "/apply/bundle/" + bundle
	}
	for _, dv := range cl.Delivery {
		d.Deliveries = append(d.Deliveries, option{string(dv), dv.Label(pg.Lang)})
	}
	if d.Regions, err = w.guideRegions(ctx); err != nil {
		w.renderError(rw, r, err)
		return nil, nil, false
	}
	if d.Roles = cl.Parties(); len(d.Roles) > 0 {
		d.ApplicantRole = d.Roles[0].Label(pg.Lang)
		d.Others = partyFields(pg.Lang, d.Roles, nil)
	}
	if d.Rows, err = w.rows(ctx, pg.Lang, cl); err != nil {
		w.renderError(rw, r, err)
		return nil, nil, false
	}
	if d.Parties, err = w.applicantParties(ctx, p, d.Action, d.Region, ""); err != nil {
		w.renderError(rw, r, err)
		return nil, nil, false
	}
	pg.Data, pg.Title = d, pg.T("ui.apply.title")+" · "+cl.Title
	return pg, d, true
}

// applyHeld shows 免提交 on the rows the applicant's licences satisfy, when
// the applicant is the user or an organisation they represent.
func (w *Web) applyHeld(ctx context.Context, p *onetrip.Principal, d *applyData) error {
	for i := range d.Parties {
		d.Parties[i].Current = d.Parties[i].IDNumber == d.Applicant.IDNumber
	}
	if !mayShowHoldings(p, d.Parties, d.Applicant.IDNumber) {
		return w.markHeld(ctx, d.Rows, "", "")
	}
	return w.markHeld(ctx, d.Rows, d.Applicant.Type, d.Applicant.IDNumber)
}

func (w *Web) applyForm(rw http.ResponseWriter, r *http.Request, item, bundle string) {
	p, ok := w.requireUser(rw, r, onetrip.RoleApplicant)
	if !ok {
		return
	}
	pg, d, ok := w.applyLoad(rw, r, p, item, bundle)
	if !ok {
		return
	}
	if as := r.URL.Query().Get("as"); as != "" {
		for _, o := range d.Parties {
			if o.Org && o.IDNumber == as {
				d.Applicant = intake.Applicant{Type: intake.ApplicantOrg, Name: o.Name, IDNumber: o.IDNumber}
			}
		}
	}
	if err := w.applyHeld(r.Context(), p, d); err != nil {
		w.renderError(rw, r, err)
		return
	}
	w.render(rw, r, "apply", http.StatusOK, pg)
}

// parseUpload reads a multipart form within the per-case limit and checks
// its CSRF token; on failure it has answered.
func (w *Web) parseUpload(rw http.ResponseWriter, r *http.Request) bool {
	r.Body = http.MaxBytesReader(rw, r.Body, blob.MaxCaseBytes+1<<20)
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			w.renderError(rw, r, onetrip.E(onetrip.CodeTooLarge, "store.blob.case_limit", blob.MaxCaseBytes>>20))
			return false
		}
		if err := r.ParseForm(); err != nil {
			w.renderError(rw, r, onetrip.Invalid("ui.adm.bad_form"))
			return false
		}
	}
	if err := w.checkCSRF(r); err != nil {
		w.renderError(rw, r, err)
		return false
	}
	return true
}

// upload stores one posted file (type by content, size limited) and
// records who uploaded it; "" when the field has no file.
func (w *Web) upload(r *http.Request, p *onetrip.Principal, field string) (string, error) {
	if r.MultipartForm == nil || w.opts.Blobs == nil {
		return "", nil
	}
	fhs := r.MultipartForm.File[field]
	if len(fhs) == 0 || fhs[0].Size == 0 {
		return "", nil
	}
	return w.storeFile(r, p, fhs[0])
}

func (w *Web) storeFile(r *http.Request, p *onetrip.Principal, fh *multipart.FileHeader) (string, error) {
	if fh.Size > blob.MaxFileBytes {
		return "", onetrip.E(onetrip.CodeTooLarge, "blob.too_large", blob.MaxFileBytes>>20)
	}
	f, err := fh.Open()
	if err != nil {
		return "", onetrip.Invalid("ui.adm.bad_form")
	}
	defer f.Close()
	info, err := w.opts.Blobs.Put(f)
	if err != nil {
		return "", err
	}
	info.Name = blob.CleanName(fh.Filename)
	if err := w.store.RecordUpload(r.Context(), info, p.Username); err != nil {
		return "", err
	}
	return info.ID, nil
}

func (w *Web) applyPost(rw http.ResponseWriter, r *http.Request, item, bundle string) {
	p, ok := w.requireUser(rw, r, onetrip.RoleApplicant)
	if !ok || !w.parseUpload(rw, r) {
		return
	}
	ctx := r.Context()
	idem := formIdem(p, r)
	if w.replayed(rw, r, idem, toSubmitted) {
		return
	}
	pg, d, ok := w.applyLoad(rw, r, p, item, bundle)
	if !ok {
		return
	}
	d.Idem = r.PostFormValue("idem")
	d.Region, d.Delivery = r.PostFormValue("region"), r.PostFormValue("delivery")
	d.Applicant = intake.Applicant{Type: r.PostFormValue("applicant_type"), Name: r.PostFormValue("applicant_name"), IDNumber: r.PostFormValue("applicant_id")}
	if err := w.applyHeld(ctx, p, d); err != nil {
		w.renderError(rw, r, err)
		return
	}
	marks := []intake.Mark{}
	var at []int
	uploadFailed := false
	for i := range d.Rows {
		row := &d.Rows[i]
		if row.PriorStep || row.Held != "" { // 免提交: nothing to upload
			continue
		}
		id, err := w.upload(r, p, "f."+row.Key)
		if err != nil {
			row.Errs = append(row.Errs, errorMessage(r, err))
			uploadFailed = true
		}
		if id == "" {
			if prev := r.PostFormValue("file." + row.Key); blob.ValidID(prev) {
				id = prev
			}
		}
		switch {
		case id != "":
			row.Files, row.Choice = []string{id}, "received"
			marks = append(marks, intake.Mark{Spec: row.Key, Status: intake.MarkReceived, File: id})
			at = append(at, i)
		case row.Deferrable && r.PostFormValue("d."+row.Key) != "":
			row.Choice, d.Deferred[row.Key] = "deferred", true
			marks = append(marks, intake.Mark{Spec: row.Key, Status: intake.MarkDeferred})
			at = append(at, i)
		}
	}
	others := readParties(r, d.Roles)
	d.Others = partyFields(pg.Lang, d.Roles, others)
	sub := casework.Submission{Item: item, Bundle: bundle, Region: d.Region, Channel: intake.ChannelOnline, Applicant: d.Applicant,
		Parties: others, Materials: marks, Delivery: d.Delivery}
	if uploadFailed {
		d.F = &findings{List: []finding{{Label: pg.T("ui.apply.files"), Message: pg.T("ui.apply.upload_failed")}}}
		w.render(rw, r, "apply", http.StatusBadRequest, pg)
		return
	}
	switch r.PostFormValue("action") {
	case "precheck":
		ev, err := w.store.Precheck(ctx, p, sub)
		if err != nil {
			status, _ := httpx.Body(err, pg.Lang)
			d.F = caseFindings(pg.Lang, err, d.Rows, at)
			w.render(rw, r, "apply", status, pg)
			return
		}
		d.Checked, d.Complete, d.Missing = true, ev.Complete, noticeRows(pg.Lang, ev.Notice, nil)
		states := map[string]string{}
		for _, e := range ev.Entries {
			states[e.Key] = string(e.State)
		}
		for i := range d.Rows {
			d.Rows[i].State = states[d.Rows[i].Key]
		}
		w.render(rw, r, "apply", http.StatusOK, pg)
	case "submit":
		c, err := w.store.SubmitCase(ctx, p, sub, idem)
		if err != nil {
			if w.replayed(rw, r, idem, toSubmitted) {
				return
			}
			status, _ := httpx.Body(err, pg.Lang)
			d.F = caseFindings(pg.Lang, err, d.Rows, at)
			w.render(rw, r, "apply", status, pg)
			return
		}
		http.Redirect(rw, r, "/cases/"+c.ID+"?done=submitted", http.StatusSeeOther)
	default:
		w.renderError(rw, r, onetrip.Invalid("ui.adm.bad_action", r.PostFormValue("action")))
	}
}

// caseResubmit is the applicant answering a correction notice online:
// a file for each material the notice names; the case goes back to the
// window's queue.
func (w *Web) caseResubmit(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireUser(rw, r, onetrip.RoleApplicant)
	if !ok || !w.parseUpload(rw, r) {
		return
	}
	c, err := w.visibleCase(r.Context(), p, r.PathValue("id"))
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	if c.Status != intake.StatusNeedsCorrection || c.Notice == nil {
		w.renderError(rw, r, onetrip.Conflict("store.case.wrong_status", c.Status.Label(httpx.PageLang(r))))
		return
	}
	marks := []intake.Mark{}
	for _, it := range c.Notice.Items {
		id, err := w.upload(r, p, "f."+it.Key)
		if err != nil {
			w.renderError(rw, r, err)
			return
		}
		if id != "" {
			marks = append(marks, intake.Mark{Spec: it.Key, Status: intake.MarkReceived, File: id})
		}
	}
	if len(marks) == 0 {
		w.renderError(rw, r, onetrip.Invalid("ui.apply.resubmit_none"))
		return
	}
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	if _, err := w.store.ResubmitOnline(r.Context(), p, c.ID, casework.Review{Materials: marks, Version: version}, nil); err != nil {
		w.renderError(rw, r, err)
		return
	}
	http.Redirect(rw, r, "/cases/"+c.ID+"?done=resubmitted", http.StatusSeeOther)
}

// caseSupplyOnline is the applicant uploading deferred materials (容缺)
// after acceptance: no trip needed.
func (w *Web) caseSupplyOnline(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireUser(rw, r, onetrip.RoleApplicant)
	if !ok || !w.parseUpload(rw, r) {
		return
	}
	c, err := w.visibleCase(r.Context(), p, r.PathValue("id"))
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	marks := []intake.Mark{}
	for _, m := range c.Materials {
		if m.State != intake.StateDeferred {
			continue
		}
		id, err := w.upload(r, p, "f."+m.Key)
		if err != nil {
			w.renderError(rw, r, err)
			return
		}
		if id != "" {
			marks = append(marks, intake.Mark{Spec: m.Key, Status: intake.MarkReceived, File: id})
		}
	}
	if len(marks) == 0 {
		w.renderError(rw, r, onetrip.Invalid("ui.apply.resubmit_none"))
		return
	}
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	if _, err := w.store.SupplyDeferred(r.Context(), p, c.ID, casework.Review{Materials: marks, Version: version}); err != nil {
		w.renderError(rw, r, err)
		return
	}
	http.Redirect(rw, r, "/cases/"+c.ID+"?done=supplied", http.StatusSeeOther)
}

type myCasesData struct {
	Cases []casework.Case
}

func (w *Web) myCases(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireUser(rw, r, onetrip.RoleApplicant)
	if !ok {
		return
	}
	scope, err := policy.CaseScope(p, "")
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	list, err := w.store.Cases(r.Context(), sqlstore.CaseQuery{Scope: scope, Limit: 200})
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	w.render(rw, r, "my_cases", http.StatusOK, w.page(r, "ui.nav.my_cases", &myCasesData{Cases: list}))
}
