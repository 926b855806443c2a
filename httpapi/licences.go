package httpapi

import (
	"net/http"
	"strings"

	"onetrip"
	"onetrip/httpx"
	"onetrip/idcode"
	"onetrip/licence"
	"onetrip/policy"
	"onetrip/sqlstore"
)

// RevokeRequest revokes a licence.
type RevokeRequest struct {
	Reason string `json:"reason"`
}

// maxLicenceFile bounds an uploaded licence file (a real one is 2–4 KB).
const maxLicenceFile = 64 << 10

func init() {
	onetrip.Register(onetrip.Messages{
		"api.licence.list_role": {"角色 %s 不能查询证照库", "role %s cannot list the licence library"},
	})
}

// visibleLicence loads the path's licence when the caller may see its full
// record; otherwise it answers not found, so nothing leaks.
func (a *API) visibleLicence(r *http.Request) (licence.Licence, error) {
	l, err := a.store.LicenceByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return l, err
	}
	if !policy.CanSeeLicence(caller(r), &l) {
		return licence.Licence{}, onetrip.NotFound("store.licence.not_found", r.PathValue("id"))
	}
	return l, nil
}

// licenceQuery narrows a list to the caller's scope: applicants their own
// licences (as holder or an organisation's legal representative), reviewers
// and department systems their department's, clerks, supervisors and admins
// those issued in their region.
func licenceQuery(r *http.Request) (sqlstore.LicenceQuery, error) {
	p, v := caller(r), r.URL.Query()
	q := sqlstore.LicenceQuery{Q: v.Get("q"), Type: v.Get("type"), Status: licence.Status(v.Get("status"))}
	switch q.Status {
	case "", licence.StatusValid, licence.StatusExpired, licence.StatusRevoked:
	default:
		return q, onetrip.Invalid("http.bad_query", "status", string(q.Status))
	}
	if err := queryInts(r, map[string]*int{"limit": &q.Limit, "offset": &q.Offset}); err != nil {
		return q, err
	}
	switch p.Role {
	case onetrip.RoleApplicant:
		q.Holder = p.IDNumber // an account without an ID number holds nothing: see the handler
	case onetrip.RoleReviewer, onetrip.RoleSystem:
		q.Department = p.Department
		q.Holder = strings.TrimSpace(v.Get("holder"))
	case onetrip.RoleClerk, onetrip.RoleSupervisor, onetrip.RoleAdmin:
		if policy.DepartmentAdmin(p) {
			return q, onetrip.Forbidden("api.licence.list_role", string(p.Role))
		}
		q.RegionPrefix = idcode.RegionPrefix(p.Region)
		q.Holder = strings.TrimSpace(v.Get("holder"))
	default:
		return q, onetrip.Forbidden("api.licence.list_role", string(p.Role))
	}
	return q, nil
}

func (a *API) routesLicences() {
	a.handle(Route{Method: "GET", Path: "/api/v1/licences", Summary: "the licence library in the caller's scope, newest first: an applicant's own licences (my licences), a department's issued licences, a region's",
		Tag: "licences", Params: []Param{{Name: "q", In: "query", Desc: "search identifier, holder name or ID number, case number, type", Example: "卫东小吃店"},
			{Name: "type", In: "query", Desc: "licence type code", Example: "L-BIZ"},
			{Name: "status", In: "query", Desc: "the licence's status now", Enum: []string{"valid", "expired", "revoked"}},
			{Name: "holder", In: "query", Desc: "holder's ID number (staff); applicants see their own"}, limitParam, offsetParam},
		Resp: []licence.Licence{}},
		func(w http.ResponseWriter, r *http.Request) error {
			q, err := licenceQuery(r)
			if err != nil {
				return err
			}
			if caller(r).Role == onetrip.RoleApplicant && q.Holder == "" {
				httpx.WriteJSON(w, http.StatusOK, []licence.Licence{})
				return nil
			}
			list, err := a.store.Licences(r.Context(), q)
			if err != nil {
				return err
			}
			for i := range list {
				list[i] = policy.MaskLicence(caller(r), list[i])
			}
			httpx.WriteJSON(w, http.StatusOK, list)
			return nil
		})
	a.handle(Route{Method: "GET", Path: "/api/v1/licences/{id}", Summary: "one licence: holder, issuer, dates, fields, seal and status", Tag: "licences", Resp: licence.Licence{}},
		func(w http.ResponseWriter, r *http.Request) error {
			l, err := a.visibleLicence(r)
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, policy.MaskLicence(caller(r), l))
			return nil
		})
	a.handle(Route{Method: "POST", Path: "/api/v1/licences/verify", Summary: "verify a licence file (public): genuine or not, and valid, expired or revoked, with the reason; the holder is masked",
		Tag: "licences", Public: true, Body: licence.Signed{}, Resp: sqlstore.PublicCheck{}},
		func(w http.ResponseWriter, r *http.Request) error {
			var sd licence.Signed
			if err := httpx.DecodeJSON(w, r, &sd, maxLicenceFile); err != nil {
				return err
			}
			c, err := a.store.VerifyLicence(r.Context(), sd)
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, c.Public(httpx.Lang(r)))
			return nil
		})
	a.handle(Route{Method: "POST", Path: "/api/v1/licences/{id}/revoke", Summary: "revoke a licence with a reason (the issuing department only); verification shows it at once",
		Tag: "licences", Body: RevokeRequest{}, Resp: licence.Licence{}},
		func(w http.ResponseWriter, r *http.Request) error {
			var req RevokeRequest
			if err := httpx.DecodeJSON(w, r, &req, 0); err != nil {
				return err
			}
			l, err := a.store.RevokeLicence(r.Context(), caller(r), r.PathValue("id"), req.Reason)
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, policy.MaskLicence(caller(r), l))
			return nil
		})

	// A licence checked by its identifier (what the QR code opens). It
	// was /licences/by-identifier/{identifier}, which is ambiguous with
	// /licences/{id}/…; that path still answers, undocumented.
	checkIdentifier := func(w http.ResponseWriter, r *http.Request) error {
		c, err := a.store.CheckIdentifier(r.Context(), r.PathValue("identifier"))
		if err != nil {
			return err
		}
		httpx.WriteJSON(w, http.StatusOK, c.Public(httpx.Lang(r)))
		return nil
	}
	a.handle(Route{Method: "GET", Path: "/api/v1/licence-checks/{identifier}", Summary: "check a licence by its GB/T 36904 identifier (public; what the QR code opens): genuine, valid, expired or revoked, issuer and dates, the holder masked",
		Tag: "licences", Public: true, Resp: sqlstore.PublicCheck{}}, checkIdentifier)

	// The GET routes two segments below /licences share one mux pattern
	// (the old /licences/by-identifier/{identifier} and /licences/{id}/seal
	// cannot both be patterns) and are dispatched here; each is documented
	// as its own route.
	sub := map[string]struct {
		rt Route
		h  handler
	}{}
	for _, e := range []struct {
		rt Route
		h  handler
	}{
		{Route{Method: "GET", Path: "/api/v1/licences/{id}/seal", Summary: "what OpenSSL needs: the exact signed bytes and the DER signature (both base64), the seal's public key PEM and the distinguishing ID; `openssl dgst -sm3 -verify pub.pem -signature sig.der -sigopt distid:1234567812345678 data.bin` says Verified OK",
			Tag: "licences", Resp: sqlstore.SealData{}},
			func(w http.ResponseWriter, r *http.Request) error {
				l, err := a.visibleLicence(r)
				if err != nil {
					return err
				}
				sd, err := a.store.LicenceSealData(r.Context(), &l)
				if err != nil {
					return err
				}
				httpx.WriteJSON(w, http.StatusOK, sd)
				return nil
			}},
		{Route{Method: "GET", Path: "/api/v1/licences/{id}/export", Summary: "the licence file (document, signature, seal public key, distinguishing ID) for `onetrip verify FILE` or POST /api/v1/licences/verify",
			Tag: "licences", Resp: licence.Signed{}},
			func(w http.ResponseWriter, r *http.Request) error {
				l, err := a.visibleLicence(r)
				if err != nil {
					return err
				}
				sd, err := a.store.Signed(r.Context(), &l)
				if err != nil {
					return err
				}
				w.Header().Set("Content-Disposition", `attachment; filename="licence-`+l.Identifier+`.json"`)
				httpx.WriteJSON(w, http.StatusOK, sd)
				return nil
			}},
		{Route{Method: "GET", Path: "/api/v1/licences/{id}/uses", Summary: "where the licence was used instead of paper: case, who, when (the holder or the issuing department)",
			Tag: "licences", Resp: []sqlstore.LicenceUse{}},
			func(w http.ResponseWriter, r *http.Request) error {
				l, err := a.visibleLicence(r)
				if err != nil {
					return err
				}
				list, err := a.store.LicenceUses(r.Context(), l.ID)
				if err != nil {
					return err
				}
				httpx.WriteJSON(w, http.StatusOK, list)
				return nil
			}},
	} {
		a.routes = append(a.routes, e.rt)
		sub[e.rt.Path] = e
	}
	a.mux.HandleFunc("GET /api/v1/licences/{id}/{part}", func(w http.ResponseWriter, r *http.Request) {
		path := "/api/v1/licences/{id}/" + r.PathValue("part")
		if r.PathValue("id") == "by-identifier" {
			r.SetPathValue("identifier", r.PathValue("part"))
			w.Header().Set("Deprecation", "true")
			w.Header().Set("Link", `</api/v1/licence-checks/`+r.PathValue("part")+`>; rel="successor-version"`)
			if err := checkIdentifier(w, r); err != nil {
				httpx.WriteError(w, r, err)
			}
			return
		}
		e, ok := sub[path]
		if !ok {
			httpx.WriteError(w, r, onetrip.NotFound("http.not_found", r.Method, r.URL.Path))
			return
		}
		p, err := a.authenticate(r)
		if err == nil {
			r = r.WithContext(httpx.WithPrincipal(r.Context(), p))
		} else if !e.rt.Public {
			httpx.WriteError(w, r, err)
			return
		}
		if err := e.h(w, r); err != nil {
			httpx.WriteError(w, r, err)
		}
	})
	a.handle(Route{Method: "GET", Path: "/api/v1/seals/{department}", Summary: "a department's electronic seals (public): the current one's SM2 public key PEM and fingerprint, and the retired ones; ?format=pem gives the current PEM alone",
		Tag: "licences", Public: true, Params: []Param{{Name: "format", In: "query", Desc: "pem for the bare PEM of the current seal", Enum: []string{"json", "pem"}}}, Resp: sqlstore.DepartmentSeals{}, AltRaw: "application/x-pem-file"},
		func(w http.ResponseWriter, r *http.Request) error {
			ds, err := a.store.Seals(r.Context(), r.PathValue("department"))
			if err != nil {
				return err
			}
			if len(ds.Seals) == 0 {
				return onetrip.NotFound("store.seal.none", ds.Department)
			}
			for i := range ds.Seals { // staff usernames are not public
				ds.Seals[i].CreatedBy, ds.Seals[i].RetiredBy = "", ""
			}
			if ds.Current != nil {
				ds.Current.CreatedBy = ""
			}
			switch f := r.URL.Query().Get("format"); f {
			case "":
			case "pem":
				if ds.Current == nil {
					return onetrip.NotFound("store.seal.none", ds.Department)
				}
				w.Header().Set("Content-Type", "application/x-pem-file")
				w.Write([]byte(ds.Current.PublicKeyPEM))
				return nil
			default:
				return onetrip.Invalid("http.bad_query", "format", f)
			}
			httpx.WriteJSON(w, http.StatusOK, ds)
			return nil
		})
	a.handle(Route{Method: "POST", Path: "/api/v1/seals/{department}/rotate", Summary: "give a department a new seal (admin of its region): the old one stops signing and still verifies what it signed",
		Tag: "licences", Resp: sqlstore.SealInfo{}, Status: 201},
		func(w http.ResponseWriter, r *http.Request) error {
			si, err := a.store.RotateSeal(r.Context(), caller(r), r.PathValue("department"))
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusCreated, si)
			return nil
		})
}
