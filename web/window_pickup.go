package web

import (
	"net/http"
	"strconv"

	"onetrip"
	"onetrip/casework"
	"onetrip/idcode"
	"onetrip/intake"
	"onetrip/org"
	"onetrip/policy"
)

// Handing a result over at the window (出件): the clerk checks the
// collector's ID card against who may collect (intake.CheckCollector),
// the hand-over is recorded with the collector, and a 领取回执 is printed
// for the collector to sign.

// handoverData is the hand-over form of one case.
type handoverData struct {
	Case      casework.Case
	Collector intake.Collector
	Relations []option
	F         *findings
	Fees      *feesData // a fee unpaid holds the result: paid at the window first
}

func (w *Web) handoverLoad(rw http.ResponseWriter, r *http.Request, p *onetrip.Principal) (*Page, *handoverData, bool) {
	c, err := w.visibleCase(r.Context(), p, r.PathValue("id"))
	if err != nil {
		w.renderError(rw, r, err)
		return nil, nil, false
	}
	pg := w.page(r, "ui.col.title", nil)
	d := &handoverData{Case: policy.MaskCase(p, c, policy.Opened, "")}
	d.Case.Applicant.IDNumber = maskParty(c.Applicant)
	d.Case.Parties = maskParties(c.Parties)
	for _, rel := range intake.CollectorRelations {
		d.Relations = append(d.Relations, option{rel, pg.T(intake.RelationKey(rel))})
	}
	// The likeliest collector is offered; the ID number is always typed
	// from the card in hand, never pre-filled.
	switch {
	case c.Agent != nil:
		d.Collector = intake.Collector{Relation: intake.CollectorAgent, Name: c.Agent.Name}
	case c.Applicant.Type == intake.ApplicantPerson:
		d.Collector = intake.Collector{Relation: intake.CollectorApplicant, Name: c.Applicant.Name}
	default:
		d.Collector = intake.Collector{Relation: intake.CollectorRepresentative}
	}
	d.Fees = w.caseFees(pg, p, &c)
	pg.Data = d
	pg.Title = pg.T("ui.col.title") + " · " + c.Number
	return pg, d, true
}

func (w *Web) windowHandoverForm(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireUser(rw, r, onetrip.RoleClerk)
	if !ok {
		return
	}
	pg, d, ok := w.handoverLoad(rw, r, p)
	if !ok {
		return
	}
	status := http.StatusOK
	if !casework.AwaitsPickup(&d.Case) {
		pg.Error = pg.T("casework.handover.not_ready", pg.T(d.Case.Status.Key()))
		status = http.StatusConflict
	}
	w.render(rw, r, "window_handover", status, pg)
}

func (w *Web) windowHandover(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireUser(rw, r, onetrip.RoleClerk)
	if !ok || !w.postForm(rw, r) {
		return
	}
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	col := intake.Collector{Relation: r.PostFormValue("relation"), Name: r.PostFormValue("name"),
		IDNumber: r.PostFormValue("id_number"), Authorisation: r.PostFormValue("authorisation")}
	c, err := w.store.Handover(r.Context(), p, r.PathValue("id"), version, col)
	if err == nil {
		http.Redirect(rw, r, "/window/pickups?done="+c.ID, http.StatusSeeOther)
		return
	}
	e := onetrip.AsError(err)
	if e == nil || e.Code != onetrip.CodeInvalid {
		w.renderError(rw, r, err)
		return
	}
	pg, d, ok := w.handoverLoad(rw, r, p)
	if !ok {
		return
	}
	d.Collector = col
	d.F = newFindings(pg.Lang, err, nil)
	w.render(rw, r, "window_handover", http.StatusUnprocessableEntity, pg)
}

// collectionView is a printed 领取回执.
type collectionView struct {
	Case       casework.Case
	Collection casework.Collection
	Masked     string // the collector's ID as printed
	Relation   string
	Center     org.Center
	Date       string
	Href       string
}

// collectionPrint prints the receipt of collection of a case handed over
// at the window; other cases have none (404).
func (w *Web) collectionPrint(rw http.ResponseWriter, r *http.Request) {
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
	evs, err := w.store.Events(ctx, c.ID)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	col, ok := casework.CollectionOf(evs)
	if !ok {
		w.renderError(rw, r, onetrip.NotFound("ui.col.none", c.Number))
		return
	}
	pg := w.page(r, "ui.col.receipt", nil)
	v := &collectionView{Case: policy.MaskCase(p, c, policy.Opened, ""), Collection: col, Masked: idcode.MaskCitizenID(col.Collector.IDNumber),
		Relation: pg.T(intake.RelationKey(col.Collector.Relation)), Date: dateOf(&col.At), Href: "/cases/" + c.ID}
	v.Case.Applicant.IDNumber = maskParty(c.Applicant)
	v.Case.Parties = maskParties(c.Parties)
	v.Center = w.caseCenter(ctx, &c)
	pg.Data = v
	pg.Title = pg.T("ui.col.receipt") + " " + c.Number
	w.render(rw, r, "print_collection", http.StatusOK, pg)
}
