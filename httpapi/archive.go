package httpapi

import (
	"net/http"
	"strconv"

	"onetrip"
	"onetrip/archive"
	"onetrip/blob"
	"onetrip/httpx"
	"onetrip/policy"
	"onetrip/sqlstore"
)

// RetentionRequest sets an item's retention period.
type RetentionRequest struct {
	Retention archive.Retention `json:"retention"`
}

// TransferRequest names the packages of a transfer batch.
type TransferRequest struct {
	Packages []string `json:"packages"`
}

// DestructionRequest proposes destroying a package whose retention is over.
type DestructionRequest struct {
	Reason string `json:"reason"`
}

// UseArchive makes the API serve packages from the archive storage.
func (a *API) UseArchive(s *blob.Store) { a.archive = s }

// archiveReady answers 503 on a node without archive storage.
func (a *API) archiveReady() error {
	if a.archive == nil {
		return onetrip.Unavailable("archive.storage.none")
	}
	return nil
}

func (a *API) routesArchive() {
	a.handle(Route{Method: "GET", Path: "/api/v1/archive/packages", Summary: "archive packages (档案分别管理: a department's archivist sees its own, a region's admin its region's): department, state and 四性检测 result",
		Tag: "archive", Params: []Param{{Name: "case", In: "query", Desc: "a case's id", Example: "0193a9d2-…"},
			{Name: "number", In: "query", Desc: "a case number or its beginning"}, {Name: "item", In: "query", Desc: "an item code"},
			{Name: "from", In: "query", Desc: "archived on or after (YYYY-MM-DD)"}, {Name: "to", In: "query", Desc: "archived on or before (YYYY-MM-DD)"}, limitParam},
		Resp: []sqlstore.Package{}},
		func(w http.ResponseWriter, r *http.Request) error {
			p := caller(r)
			q := r.URL.Query()
			pq := sqlstore.PackageQuery{Case: q.Get("case"), Number: q.Get("number"), Item: q.Get("item"), From: q.Get("from"), To: q.Get("to"), Limit: 50}
			if err := queryInts(r, map[string]*int{"limit": &pq.Limit}); err != nil {
				return err
			}
			var err error
			if pq.Department, pq.Region, err = policy.PackageScope(p); err != nil {
				return err
			}
			if err := pq.Check(); err != nil {
				return err
			}
			list, err := a.store.ArchivePackages(r.Context(), pq)
			if err != nil {
				return err
			}
			for i := range list {
				list[i] = list[i].Masked()
			}
			httpx.WriteJSON(w, http.StatusOK, list)
			return nil
		})
	a.handle(Route{Method: "GET", Path: "/api/v1/archive/packages/{id}", Summary: "one archive package with its last 四性检测 (authenticity, integrity, usability, security)", Tag: "archive", Resp: sqlstore.Package{}},
		func(w http.ResponseWriter, r *http.Request) error {
			pkg, err := a.store.VisiblePackage(r.Context(), caller(r), r.PathValue("id"))
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, pkg.Masked())
			return nil
		})
	a.handle(Route{Method: "GET", Path: "/api/v1/archive/packages/{id}/download", Summary: "the package itself: a BagIt zip whose tag manifest is signed with the department's SM2 seal (check it with `onetrip archive check` or OpenSSL)",
		Tag: "archive", RawResp: "application/zip"},
		func(w http.ResponseWriter, r *http.Request) error {
			pkg, err := a.store.VisiblePackage(r.Context(), caller(r), r.PathValue("id"))
			if err != nil {
				return err
			}
			if err := a.archiveReady(); err != nil {
				return err
			}
			b, err := a.archive.Get(pkg.SM3)
			if err != nil {
				return onetrip.NotFound("archive.package.not_found", pkg.ID)
			}
			w.Header().Set("Content-Type", "application/zip")
			w.Header().Set("Content-Disposition", `attachment; filename="`+pkg.CaseNumber+"-"+pkg.Department+`.zip"`)
			w.Header().Set("Content-Length", strconv.Itoa(len(b)))
			w.Write(b)
			return nil
		})
	a.handle(Route{Method: "POST", Path: "/api/v1/archive/packages/{id}/check", Summary: "run the 四性检测 on a package again now and record it (on demand)", Tag: "archive", Resp: sqlstore.Package{}},
		func(w http.ResponseWriter, r *http.Request) error {
			pkg, err := a.store.VisiblePackage(r.Context(), caller(r), r.PathValue("id"))
			if err != nil {
				return err
			}
			if err := a.archiveReady(); err != nil {
				return err
			}
			pkg, err = a.store.RecheckPackage(r.Context(), pkg.ID, "on demand", caller(r).Username, a.archive)
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, pkg.Masked())
			return nil
		})
	a.handle(Route{Method: "POST", Path: "/api/v1/archive/transfers", Summary: "hand packages of the archivist's department to the archives (移交): each is checked again and must pass; the transfer list (XML) is signed with the department's seal",
		Tag: "archive", Body: TransferRequest{}, Resp: sqlstore.Transfer{}, Status: 201, Errors: []int{404, 409}},
		func(w http.ResponseWriter, r *http.Request) error {
			var req TransferRequest
			if err := httpx.DecodeJSON(w, r, &req, 0); err != nil {
				return err
			}
			if caller(r).Role != onetrip.RoleArchivist {
				return onetrip.Forbidden("err.forbidden")
			}
			if err := a.archiveReady(); err != nil {
				return err
			}
			t, err := a.store.TransferPackages(r.Context(), caller(r), req.Packages, a.archive)
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusCreated, t.Masked())
			return nil
		})
	a.handle(Route{Method: "GET", Path: "/api/v1/archive/transfers/{id}", Summary: "a transfer batch with its packages", Tag: "archive", Resp: sqlstore.Transfer{}},
		func(w http.ResponseWriter, r *http.Request) error {
			t, err := a.store.TransferByID(r.Context(), caller(r), r.PathValue("id"))
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, t.Masked())
			return nil
		})
	a.handle(Route{Method: "GET", Path: "/api/v1/archive/transfers/{id}/list.xml", Summary: "the signed transfer list (移交清单) as XML; its SM2 signature is the batch's signature", Tag: "archive", RawResp: "application/xml"},
		func(w http.ResponseWriter, r *http.Request) error {
			t, err := a.store.TransferByID(r.Context(), caller(r), r.PathValue("id"))
			if err != nil {
				return err
			}
			w.Header().Set("Content-Type", "application/xml")
			w.Header().Set("Content-Disposition", `attachment; filename="`+t.ID+`.xml"`)
			w.Write([]byte(t.XML))
			return nil
		})
	a.handle(Route{Method: "POST", Path: "/api/v1/archive/packages/{id}/destruction", Summary: "propose destroying a package whose retention is over (the department's archivist); refused within retention or for a permanent one",
		Tag: "archive", Body: DestructionRequest{}, Status: 204},
		func(w http.ResponseWriter, r *http.Request) error {
			var req DestructionRequest
			if err := httpx.DecodeJSON(w, r, &req, 0); err != nil {
				return err
			}
			if err := a.store.ProposeDestruction(r.Context(), caller(r), r.PathValue("id"), req.Reason); err != nil {
				return err
			}
			w.WriteHeader(http.StatusNoContent)
			return nil
		})
	a.handle(Route{Method: "POST", Path: "/api/v1/archive/packages/{id}/destruction/approval", Summary: "approve a proposed destruction (a region admin): the package's bytes are removed, the destruction list keeps what it was",
		Tag: "archive", Status: 204},
		func(w http.ResponseWriter, r *http.Request) error {
			if err := a.archiveReady(); err != nil {
				return err
			}
			if err := a.store.ApproveDestruction(r.Context(), caller(r), r.PathValue("id"), a.archive.Remove); err != nil {
				return err
			}
			w.WriteHeader(http.StatusNoContent)
			return nil
		})
	a.handle(Route{Method: "PUT", Path: "/api/v1/archive/retention/{item}", Summary: "set an item's retention period (保管期限: permanent, 30y, 10y; the province's admins)", Tag: "archive",
		Body: RetentionRequest{}, Resp: RetentionRequest{}},
		func(w http.ResponseWriter, r *http.Request) error {
			if err := requireProvinceAdmin(r); err != nil {
				return err
			}
			var req RetentionRequest
			if err := httpx.DecodeJSON(w, r, &req, 0); err != nil {
				return err
			}
			if err := a.store.SetRetention(r.Context(), r.PathValue("item"), req.Retention, caller(r).Username); err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, req)
			return nil
		})
}
