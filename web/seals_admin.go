package web

import (
	"html/template"
	"net/http"
	"net/url"

	"onetrip"
	"onetrip/idcode"
	"onetrip/org"
	"onetrip/policy"
	"onetrip/sqlstore"
)

// The seals page (电子印章) for admins: pick a region of one's scope and a
// department of it, see the department's seals — the current one and the
// retired ones, each with its SM2 public key, fingerprint, 印章编码 and
// image — and give the department a new seal (rotation). The old seal stops
// signing and still verifies what it signed.

type sealRow struct {
	sqlstore.SealInfo
	SVG template.HTML
}

type sealsData struct {
	Region     string
	Regions    []regionOpt
	Depts      []org.Department
	Department string
	DeptName   string
	Seals      []sealRow
	HasCurrent bool
	CanRotate  bool
}

func (w *Web) adminSeals(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireUser(rw, r, onetrip.RoleAdmin)
	if !ok {
		return
	}
	ctx := r.Context()
	q := r.URL.Query()
	d := &sealsData{Region: q.Get("region"), Department: q.Get("department")}
	if d.Department != "" {
		dept, err := w.store.Department(ctx, d.Department)
		if err != nil {
			w.renderError(rw, r, err)
			return
		}
		d.Region, d.DeptName = dept.Region, dept.Name
	}
	if d.Region == "" {
		d.Region = p.Region
	}
	if idcode.CheckRegionCode(d.Region) != nil {
		w.renderError(rw, r, onetrip.Invalid("ui.cov.bad_region", d.Region))
		return
	}
	if !policy.WithinScope(p, d.Region) {
		w.renderError(rw, r, onetrip.Forbidden("ui.cov.out_of_scope", d.Region, p.Region))
		return
	}
	var err error
	if d.Regions, err = w.regionTree(ctx, p.Region, countyDepth(p.Region)); err != nil {
		w.renderError(rw, r, err)
		return
	}
	if d.Depts, err = w.store.Departments(ctx, d.Region); err != nil {
		w.renderError(rw, r, err)
		return
	}
	if d.Department != "" {
		ds, err := w.store.Seals(ctx, d.Department)
		if err != nil {
			w.renderError(rw, r, err)
			return
		}
		for _, si := range ds.Seals {
			d.Seals = append(d.Seals, sealRow{SealInfo: si, SVG: template.HTML(si.SVG())}) // seal.SVG escapes its text
		}
		d.HasCurrent = ds.Current != nil
		d.CanRotate = true // in scope: checked above, and again by the store
	}
	pg := w.page(r, "ui.seals.title", d)
	if r.URL.Query().Get("done") == "rotated" {
		pg.Flash = pg.T("ui.seals.rotated")
	}
	w.render(rw, r, "admin_seals", http.StatusOK, pg)
}

// adminSealRotate gives a department a new seal (store.RotateSeal checks
// the admin's scope).
func (w *Web) adminSealRotate(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireUser(rw, r, onetrip.RoleAdmin)
	if !ok || !w.postForm(rw, r) {
		return
	}
	dept := r.PostFormValue("department")
	si, err := w.store.RotateSeal(r.Context(), p, dept)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	w.log.Info("seal rotated", "department", dept, "seal", si.ID, "by", p.Username)
	http.Redirect(rw, r, "/admin/seals?department="+url.QueryEscape(dept)+"&done=rotated", http.StatusSeeOther)
}
