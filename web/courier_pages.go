package web

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"onetrip"
	"onetrip/casework"
	"onetrip/catalog"
	"onetrip/courier"
	"onetrip/httpx"
	"onetrip/intake"
	"onetrip/policy"
	"onetrip/sqlstore"
)

// Courier delivery on the pages (证照快递送达, issue 14): the address a
// case's result goes to (the applicant online, the clerk at the counter),
// the clerk's 寄出（快递） that books the courier and issues the result, the
// shipment with its tracking on the case's page, the printed standard
// envelope, the day's dispatch list (交寄清单) of a centre as a page and an
// Excel file, and the administration of the reference prices (省定参考价)
// and of who pays a centre's deliveries.

// DefaultGrams is what the dispatch form offers: an envelope with a
// licence.
const defaultGrams = 200

// trackRow is one tracking event as the case's page shows it.
type trackRow struct {
	At, Status, Location, Reason string
}

// courierData is the courier section of a case's page (_courier.html).
type courierData struct {
	Page       *Page
	CaseID     string
	Address    courier.Address // on record
	Form       courier.Address // what the form holds: the address on record, or as typed in a refused form
	HasAddress bool
	RegionName string // the address's divisions by name
	FormRegion string // the form's region by name
	CanAddress bool
	Regions    []option // the datalist of the case's city's townships
	F          *findings
	AddrErr    string // a refusal that names no field
	// The clerk's dispatch.
	CanDispatch bool
	Blocked     string // why the approved case cannot be sent yet
	Grams       string
	DispatchErr string
	// The shipment, once booked.
	Shipment   *courier.Shipment
	ShipStatus string
	ShipRegion string // the recipient's divisions by name
	Fee        string
	Payer      string
	Booked     string
	Events     []trackRow
	Envelope   bool // the clerk prints the envelope
}

// regionNamer names a division by its code from the courier's index of
// China's divisions (in memory); "" for an unknown code.
func (w *Web) regionNamer() func(code string) string {
	rs, err := w.store.CourierRegions()
	if err != nil {
		return func(string) string { return "" }
	}
	return func(code string) string {
		if r, ok := rs.Lookup(code); ok {
			return r.Name
		}
		return ""
	}
}

// maxRegionOptions bounds the datalist: a city has a few hundred townships.
const maxRegionOptions = 600

// addressRegions are the townships (streets) of the case's city, by
// county, offered as the address form's suggestions; any other code of
// China may be typed.
func (w *Web) addressRegions(ctx context.Context, caseRegion string) []option {
	if len(caseRegion) < 4 {
		return nil
	}
	city := caseRegion[:4] + "00"
	counties, err := w.store.Regions(ctx, city)
	if err != nil {
		return nil
	}
	var out []option
	for _, county := range counties {
		towns, err := w.store.Regions(ctx, county.Code)
		if err != nil {
			continue
		}
		if len(towns) == 0 {
			out = append(out, option{county.Code, county.Name})
		}
		for _, t := range towns {
			out = append(out, option{t.Code, county.Name + " " + t.Name})
		}
		if len(out) >= maxRegionOptions {
			break
		}
	}
	return out
}

// caseCourier lays out the courier section of a case for p: nil for a case
// neither sent nor to be sent by courier.
func (w *Web) caseCourier(r *http.Request, pg *Page, p *onetrip.Principal, c *casework.Case) (*courierData, error) {
	ctx := r.Context()
	sh, shipped, err := w.store.ShipmentOfCase(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	if c.Delivery != string(catalog.DeliveryCourier) && !shipped {
		return nil, nil
	}
	addr, has, err := w.store.CaseAddress(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	// The applicant, their agent and the window work with the whole
	// address; everyone else reads the phone masked.
	if !p.Is(onetrip.RoleApplicant, onetrip.RoleAgent, onetrip.RoleClerk) {
		addr, sh.To = addr.Masked(), sh.To.Masked()
	}
	names := w.regionNamer()
	d := &courierData{Page: pg, CaseID: c.ID, Address: addr, Form: addr, HasAddress: has, RegionName: courier.RegionPath(addr.Region, names),
		Grams: strconv.Itoa(defaultGrams)}
	d.FormRegion = d.RegionName
	d.CanAddress = !shipped && c.Delivery == string(catalog.DeliveryCourier) && (c.Status.Open() || c.Status == intake.StatusApproved) &&
		policy.CaseAction(p, c, policy.Address) == nil
	if d.CanAddress {
		d.Regions = w.addressRegions(ctx, c.Region)
	}
	if !shipped && p.Role == onetrip.RoleClerk && c.Status == intake.StatusApproved && c.Delivery == string(catalog.DeliveryCourier) &&
		policy.CaseAction(p, c, policy.Dispatch) == nil {
		switch err := casework.CanDispatch(c); {
		case err != nil:
			d.Blocked = errorMessage(r, err)
		case !has:
			d.Blocked = pg.T("store.courier.no_address")
		default:
			d.CanDispatch = true
		}
	}
	if shipped {
		d.Shipment = &sh
		d.ShipStatus, d.ShipRegion = courier.StatusLabel(sh.Status, string(pg.Lang)), courier.RegionPath(sh.To.Region, names)
		d.Fee, d.Payer, d.Booked = yuan(sh.Fee), sh.Payer.Label(pg.Lang), timeOf(sh.BookedAt)
		d.Envelope = p.Role == onetrip.RoleClerk
		evs, err := w.store.Tracking(ctx, sh.Waybill)
		if err != nil {
			return nil, err
		}
		for _, e := range evs {
			at := e.At
			if t, err := sqlstore.ParseTS(e.At); err == nil {
				at = timeOf(t)
			}
			d.Events = append(d.Events, trackRow{At: at, Status: courier.StatusLabel(e.Status, string(pg.Lang)), Location: e.Location, Reason: e.Reason})
		}
	}
	return d, nil
}

// addressLabels name an address's fields in a form's problems.
var addressLabels = map[string]string{"name": "ui.courier.f.name", "phone": "ui.courier.f.phone", "region": "ui.courier.f.region", "detail": "ui.courier.f.detail"}

// labelledFindings are an error's findings with their fields named by
// label (a path it does not know is shown as it is); an error naming no
// field is one finding.
func labelledFindings(lang onetrip.Lang, err error, label func(path string) string) *findings {
	f := &findings{byPath: map[string][]string{}}
	e := onetrip.AsError(err)
	if len(e.Details) == 0 {
		f.List = append(f.List, finding{Label: onetrip.Render(lang, "ui.win.problem"), Message: onetrip.Render(lang, e.Key, e.Args...)})
		return f
	}
	for _, dt := range e.Details {
		msg := onetrip.Render(lang, dt.Key, dt.Args...)
		f.List = append(f.List, finding{Path: dt.Path, Label: label(dt.Path), Message: msg})
		f.byPath[dt.Path] = append(f.byPath[dt.Path], msg)
	}
	return f
}

// formRefused reports whether err is a form's problem to show on the page
// (invalid input, a conflict, the platform unavailable) rather than an
// error page (not found, forbidden).
func formRefused(err error) bool {
	return !onetrip.HasCode(err, onetrip.CodeNotFound) && !onetrip.HasCode(err, onetrip.CodeForbidden) &&
		!onetrip.HasCode(err, onetrip.CodeUnauthorized) && !onetrip.HasCode(err, onetrip.CodeInternal)
}

// caseAddress records where the courier delivers a case's result.
func (w *Web) caseAddress(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireUser(rw, r, onetrip.RoleApplicant, onetrip.RoleAgent, onetrip.RoleClerk)
	if !ok || !w.postForm(rw, r) {
		return
	}
	id := r.PathValue("id")
	a := courier.Address{Name: r.PostFormValue("name"), Phone: r.PostFormValue("phone"), Region: r.PostFormValue("region"), Detail: r.PostFormValue("detail")}
	if _, err := w.store.SetCaseAddress(r.Context(), p, id, a); err != nil {
		if !formRefused(err) {
			w.renderError(rw, r, err)
			return
		}
		status, _ := httpx.Body(err, httpx.PageLang(r))
		w.showCase(rw, r, id, status, func(pg *Page, v *caseView) {
			if v.Courier == nil {
				pg.Error = errorMessage(r, err)
				return
			}
			v.Courier.Form = courier.NormaliseAddress(a)
			v.Courier.FormRegion = courier.RegionPath(v.Courier.Form.Region, w.regionNamer())
			if len(onetrip.AsError(err).Details) == 0 {
				v.Courier.AddrErr = errorMessage(r, err)
				return
			}
			v.Courier.F = labelledFindings(pg.Lang, err, func(path string) string {
				if k, ok := addressLabels[path]; ok {
					return pg.T(k)
				}
				return path
			})
		})
		return
	}
	http.Redirect(rw, r, "/cases/"+id+"?done=address#courier", http.StatusSeeOther)
}

// caseDispatch books the courier for an approved case and issues its
// result (寄出（快递）): the clerk's, with the parcel's weight.
func (w *Web) caseDispatch(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireUser(rw, r, onetrip.RoleClerk)
	if !ok || !w.postForm(rw, r) {
		return
	}
	ctx := r.Context()
	id := r.PathValue("id")
	typed := strings.TrimSpace(r.PostFormValue("grams"))
	refuse := func(err error) {
		status, _ := httpx.Body(err, httpx.PageLang(r))
		w.showCase(rw, r, id, status, func(pg *Page, v *caseView) {
			if v.Courier == nil {
				pg.Error = errorMessage(r, err)
				return
			}
			v.Courier.DispatchErr, v.Courier.Grams = errorMessage(r, err), typed
		})
	}
	grams, err := strconv.Atoi(typed)
	if err != nil || grams <= 0 {
		refuse(onetrip.Invalid("ui.courier.grams_invalid", typed))
		return
	}
	// The reference table bounds the weight before the courier is asked.
	table, err := w.store.PriceTable(ctx)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	if _, err := table.Cap(grams, courier.ZoneCity); err != nil {
		refuse(err)
		return
	}
	if _, err := w.store.DispatchCase(ctx, p, id, grams); err != nil {
		if !formRefused(err) {
			w.renderError(rw, r, err)
			return
		}
		refuse(err)
		return
	}
	http.Redirect(rw, r, "/cases/"+id+"?done=dispatched#courier", http.StatusSeeOther)
}

// centreSender is a centre as the envelope's sender. A centre's address
// is often written whole (浙江省衢州市柯城区行政服务中心): the divisions
// the envelope prints before it are not repeated.
func centreSender(ctx context.Context, w *Web, id string, names func(string) string) (string, courier.Address) {
	ce, err := w.store.Center(ctx, id)
	if err != nil {
		return "", courier.Address{}
	}
	detail := strings.TrimPrefix(ce.Address, courier.RegionPath(ce.Region, names))
	return ce.Name, courier.Address{Name: ce.Name, Phone: ce.Phone, Region: ce.Region, Detail: detail}
}

// envelopeView is the printed standard envelope (标准信封).
type envelopeView struct {
	Envelope courier.Envelope
	Barcode  template.HTML
	Href     string
	Grams    int
}

// envelopePrint prints a shipped case's standard envelope: the centre as
// sender, the recipient, the waybill with its Code 128 barcode and the
// case number. No ID number is ever printed on it.
func (w *Web) envelopePrint(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireUser(rw, r, onetrip.RoleClerk)
	if !ok {
		return
	}
	ctx := r.Context()
	c, err := w.visibleCase(ctx, p, r.PathValue("id"))
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	sh, ok, err := w.store.ShipmentOfCase(ctx, c.ID)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	if !ok {
		w.renderError(rw, r, onetrip.NotFound("ui.courier.no_shipment", c.Number))
		return
	}
	names := w.regionNamer()
	centre, from := centreSender(ctx, w, sh.Center, names)
	svg, err := courier.Code128SVG(sh.Waybill)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	pg := w.page(r, "ui.env.title", nil)
	pg.Data = &envelopeView{Envelope: courier.NewEnvelope(sh, centre, from, names, casework.EnvelopeContents(&c)), Barcode: template.HTML(svg), Href: "/cases/" + c.ID, Grams: sh.Grams}
	pg.Title = pg.T("ui.env.title") + " " + sh.Waybill
	w.render(rw, r, "print_envelope", http.StatusOK, pg)
}

// dispatchView is a centre's dispatch list (交寄清单) of one day.
type dispatchView struct {
	Day      string
	Centre   string
	Lines    []dispatchLine
	Total    string
	XLSXHref string
}

type dispatchLine struct {
	courier.DispatchLine
	Seq         int
	StatusLabel string
	Booked, Fee string
	CaseID      string
}

// dispatchList is the day's dispatch list of the clerk's centre, as a page
// or (format=xlsx) an Excel file for the courier.
func (w *Web) dispatchList(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireUser(rw, r, onetrip.RoleClerk)
	if !ok {
		return
	}
	ctx := r.Context()
	if p.Center == "" {
		w.renderError(rw, r, onetrip.Forbidden("ui.courier.no_centre"))
		return
	}
	day := strings.TrimSpace(r.URL.Query().Get("day"))
	if day == "" {
		day = w.chinaToday()
	}
	ss, err := w.store.Shipments(ctx, p.Center, day)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	cases := map[string]string{}
	caseIDs := map[string]string{} // waybill → case id, for the links
	for _, s := range ss {
		caseIDs[s.Waybill] = s.CaseID
		if c, err := w.store.CaseByID(ctx, s.CaseID); err == nil {
			cases[s.CaseID] = casework.EnvelopeContents(&c)
		}
	}
	lines := courier.DispatchRows(ss, w.regionNamer(), func(id string) string { return cases[id] })
	pg := w.page(r, "ui.disp.title", nil)
	v := &dispatchView{Day: day, XLSXHref: "/window/dispatch?day=" + url.QueryEscape(day) + "&format=xlsx"}
	if ce, err := w.store.Center(ctx, p.Center); err == nil {
		v.Centre = ce.Name
	}
	var total catalog.Amount
	for i, l := range lines {
		total += l.Fee
		v.Lines = append(v.Lines, dispatchLine{DispatchLine: l, Seq: i + 1, StatusLabel: courier.StatusLabel(l.Status, string(pg.Lang)),
			Booked: timeOf(l.BookedAt), Fee: yuan(l.Fee), CaseID: caseIDs[l.Waybill]})
	}
	v.Total = yuan(total)
	if r.URL.Query().Get("format") == "xlsx" {
		sh := xlsxSheet{Name: "交寄清单", Headers: []any{"序号", "运单号", "办件编号", "收件人", "电话", "地区代码", "收件地区", "详细地址", "寄件物品",
			"重量（克）", "运费（元）", "下单时间", "状态"}, Widths: map[string]float64{"B:C": 22, "G:H": 30, "I": 20, "L": 17}}
		for _, l := range v.Lines {
			sh.Rows = append(sh.Rows, []any{l.Seq, l.Waybill, l.CaseNumber, l.Recipient, l.Phone, l.Region, xlsxText(l.RegionName), l.Detail,
				xlsxText(l.Contents), l.Grams, float64(l.DispatchLine.Fee.Fen()) / 100, xlsxTime(&l.BookedAt), courier.StatusLabel(l.Status, "zh-CN")})
		}
		w.sendXLSX(rw, r, "dispatch-"+p.Center+"-"+day+".xlsx", sh)
		return
	}
	pg.Data = v
	pg.Title = pg.T("ui.disp.title") + " " + day
	w.render(rw, r, "window_dispatch", http.StatusOK, pg)
}

// adminCourierView is the courier administration: the reference price
// table (the province's admins edit it) and the payer of each centre of
// the admin's region.
type adminCourierView struct {
	CanEdit bool
	Rows    []priceRow
	F       *findings
	Centres []centrePayerRow
	Payers  []option
}

// priceRow is one weight band of the table as the form holds it.
type priceRow struct {
	Index                             int
	MaxGrams, City, Province, Country string
	Errs                              []string
}

type centrePayerRow struct {
	ID, Name, Region string
	Payer            string
	PayerLabel       string
	Err              string
}

// priceRows lays a table out for the form, with blank rows to add bands.
func priceRows(t courier.PriceTable, blank int) []priceRow {
	var out []priceRow
	for i, b := range t.Bands {
		out = append(out, priceRow{Index: i, MaxGrams: strconv.Itoa(b.MaxGrams), City: b.Prices[courier.ZoneCity].String(),
			Province: b.Prices[courier.ZoneProvince].String(), Country: b.Prices[courier.ZoneCountry].String()})
	}
	for i := 0; i < blank; i++ {
		out = append(out, priceRow{Index: len(out)})
	}
	return out
}

func (w *Web) adminCourierPage(rw http.ResponseWriter, r *http.Request, status int, answer func(pg *Page, v *adminCourierView)) {
	p, ok := w.requireUser(rw, r, onetrip.RoleAdmin)
	if !ok {
		return
	}
	if policy.DepartmentAdmin(p) || p.Region == "" {
		w.renderError(rw, r, onetrip.Forbidden("err.forbidden"))
		return
	}
	ctx := r.Context()
	pg := w.page(r, "ui.cadm.title", nil)
	t, err := w.store.PriceTable(ctx)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	v := &adminCourierView{CanEdit: policy.CanEditPrices(p)}
	blank := 0
	if v.CanEdit {
		blank = 2
	}
	v.Rows = priceRows(t, blank)
	for _, py := range courier.Payers {
		v.Payers = append(v.Payers, option{string(py), py.Label(pg.Lang)})
	}
	centres, err := w.store.Centers(ctx, p.Region)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	for _, ce := range centres {
		py, err := w.store.CentrePayer(ctx, ce.ID)
		if err != nil {
			w.renderError(rw, r, err)
			return
		}
		v.Centres = append(v.Centres, centrePayerRow{ID: ce.ID, Name: ce.Name, Region: ce.Region, Payer: string(py), PayerLabel: py.Label(pg.Lang)})
	}
	switch r.URL.Query().Get("done") {
	case "prices":
		pg.Flash = pg.T("ui.cadm.flash.prices")
	case "payer":
		pg.Flash = pg.T("ui.cadm.flash.payer")
	}
	if answer != nil {
		answer(pg, v)
	}
	pg.Data = v
	w.render(rw, r, "admin_courier", status, pg)
}

// adminCourier shows the reference prices and the centres' payers.
func (w *Web) adminCourier(rw http.ResponseWriter, r *http.Request) {
	w.adminCourierPage(rw, r, http.StatusOK, nil)
}

// bandPathRE reads the paths of the price table's problems: bands,
// bands[1].max_grams, bands[0].prices, bands[0].prices.city.
var bandPathRE = regexp.MustCompile(`^bands(?:\[(\d+)\](\..*)?)?$`)

// priceLabel names a path of the price table for people: 第 2 档 · 省内.
func priceLabel(lang onetrip.Lang, path string) string {
	m := bandPathRE.FindStringSubmatch(path)
	if m == nil {
		return path
	}
	if m[1] == "" {
		return onetrip.Render(lang, "ui.cadm.bands")
	}
	n, _ := strconv.Atoi(m[1])
	s := onetrip.Render(lang, "ui.cadm.band", n+1)
	switch rest := m[2]; {
	case rest == ".max_grams":
		s += " · " + onetrip.Render(lang, "ui.cadm.max_grams")
	case strings.HasPrefix(rest, ".prices."):
		s += " · " + courier.Zone(strings.TrimPrefix(rest, ".prices.")).Label(lang)
	}
	return s
}

// adminCourierPrices replaces the reference price table (a province
// admin): blank rows are left out; every problem is shown at its cell and
// nothing is saved.
func (w *Web) adminCourierPrices(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireUser(rw, r, onetrip.RoleAdmin)
	if !ok || !w.postForm(rw, r) {
		return
	}
	if !policy.CanEditPrices(p) {
		w.renderError(rw, r, onetrip.Forbidden("ui.cadm.province_only"))
		return
	}
	n, _ := strconv.Atoi(r.PostFormValue("rows"))
	n = min(max(n, 0), courier.MaxBands+5)
	var rows []priceRow
	var t courier.PriceTable
	var probs onetrip.Problems
	rowOf := map[int]int{} // band → form row
	for i := 0; i < n; i++ {
		k := strconv.Itoa(i)
		row := priceRow{Index: i, MaxGrams: strings.TrimSpace(r.PostFormValue("max_grams." + k)), City: strings.TrimSpace(r.PostFormValue("city." + k)),
			Province: strings.TrimSpace(r.PostFormValue("province." + k)), Country: strings.TrimSpace(r.PostFormValue("country." + k))}
		rows = append(rows, row)
		if row.MaxGrams == "" && row.City == "" && row.Province == "" && row.Country == "" {
			continue
		}
		at := "bands[" + strconv.Itoa(len(t.Bands)) + "]"
		b := courier.Band{Prices: map[courier.Zone]catalog.Amount{}}
		g, err := strconv.Atoi(row.MaxGrams)
		if err != nil {
			probs.Add(at+".max_grams", "ui.cadm.grams_invalid", row.MaxGrams)
		}
		b.MaxGrams = g
		for z, s := range map[courier.Zone]string{courier.ZoneCity: row.City, courier.ZoneProvince: row.Province, courier.ZoneCountry: row.Country} {
			if s == "" {
				continue // Check names the missing price
			}
			a, err := catalog.ParseAmount(s)
			if err != nil {
				probs.Add(at+".prices."+string(z), "catalog.amount.invalid", s)
				continue
			}
			b.Prices[z] = a
		}
		rowOf[len(t.Bands)] = i
		t.Bands = append(t.Bands, b)
	}
	var err error
	if len(probs) > 0 { // what could not be read, and whatever else is wrong
		seen := map[string]bool{}
		for _, dt := range probs {
			seen[dt.Path] = true
		}
		if cerr := t.Check(); cerr != nil {
			for _, dt := range onetrip.AsError(cerr).Details {
				if !seen[dt.Path] {
					probs = append(probs, dt)
				}
			}
		}
		err = probs.Err("courier.prices.invalid", len(probs))
	} else {
		err = w.store.SavePriceTable(r.Context(), p, t)
	}
	if err == nil {
		http.Redirect(rw, r, "/admin/courier?done=prices", http.StatusSeeOther)
		return
	}
	if !formRefused(err) {
		w.renderError(rw, r, err)
		return
	}
	status, _ := httpx.Body(err, httpx.PageLang(r))
	w.adminCourierPage(rw, r, status, func(pg *Page, v *adminCourierView) {
		// Paths name bands of the table saved; the form shows rows.
		e := onetrip.AsError(err)
		var ds onetrip.Problems
		for _, dt := range e.Details {
			if m := bandPathRE.FindStringSubmatch(dt.Path); m != nil && m[1] != "" {
				if b, err := strconv.Atoi(m[1]); err == nil {
					dt.Path = "bands[" + strconv.Itoa(rowOf[b]) + "]" + m[2]
				}
			}
			ds = append(ds, dt)
		}
		if len(ds) > 0 {
			err = ds.Err(e.Key, e.Args...)
		}
		v.F = labelledFindings(pg.Lang, err, func(path string) string { return priceLabel(pg.Lang, path) })
		for i := range rows {
			for _, f := range v.F.List {
				if strings.HasPrefix(f.Path, "bands["+strconv.Itoa(i)+"]") {
					rows[i].Errs = append(rows[i].Errs, f.Label+pg.Colon()+f.Message)
				}
			}
		}
		v.Rows = rows
	})
}

// adminCentrePayer sets who pays a centre's deliveries (an admin of the
// centre's region).
func (w *Web) adminCentrePayer(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireUser(rw, r, onetrip.RoleAdmin)
	if !ok || !w.postForm(rw, r) {
		return
	}
	id := r.PathValue("id")
	payer := strings.TrimSpace(r.PostFormValue("payer"))
	if err := w.store.SetCentrePayer(r.Context(), p, id, courier.Payer(payer)); err != nil {
		if !formRefused(err) {
			w.renderError(rw, r, err)
			return
		}
		status, _ := httpx.Body(err, httpx.PageLang(r))
		w.adminCourierPage(rw, r, status, func(pg *Page, v *adminCourierView) {
			for i := range v.Centres {
				if v.Centres[i].ID == id {
					v.Centres[i].Err = errorMessage(r, err)
					return
				}
			}
			pg.Error = errorMessage(r, err)
		})
		return
	}
	http.Redirect(rw, r, "/admin/courier?done=payer", http.StatusSeeOther)
}
