package httpapi

import (
	"context"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"onetrip"
	"onetrip/catalog"
	"onetrip/httpx"
	"onetrip/idcode"
	"onetrip/policy"
	"onetrip/sqlstore"
)

// ItemDetail is an item's guide as of a version, with the implementation
// serving the asked region.
type ItemDetail struct {
	catalog.Item
	Version        sqlstore.VersionInfo    `json:"version_info"`
	Implementation *catalog.Implementation `json:"implementation,omitempty"`
	// Outputs are what an approval of the item gives: a decision may name
	// only these (POST /api/v1/tasks/{id}/decision refuses others).
	Outputs []catalog.Output `json:"outputs"`
}

// BundleDetail is a bundle with its merged checklist.
type BundleDetail struct {
	catalog.Bundle
	Version   sqlstore.VersionInfo `json:"version_info"`
	Checklist []ChecklistEntryJSON `json:"checklist"`
}

// ChecklistEntryJSON is one line of a merged checklist.
type ChecklistEntryJSON struct {
	Name       string   `json:"name"`
	Source     string   `json:"source"`
	Form       string   `json:"form"`
	Copies     int      `json:"copies"`
	Required   bool     `json:"required"`
	Deferrable bool     `json:"deferrable"`
	Fetched    bool     `json:"fetched"`
	PriorStep  bool     `json:"prior_step"`
	SpecIDs    []string `json:"spec_ids"`
	Items      []string `json:"items"`
}

// DraftSaved answers a saved draft with the findings that still block
// publishing.
type DraftSaved struct {
	Version  sqlstore.VersionInfo `json:"version"`
	Findings []httpx.DetailJSON   `json:"findings"`
}

// LintReport lists an item's findings; empty means publishable.
type LintReport struct {
	Code     string             `json:"code"`
	Version  int                `json:"version"`
	State    string             `json:"state"`
	Clean    bool               `json:"clean"`
	Findings []httpx.DetailJSON `json:"findings"`
}

// DiffReport is what changed between two versions.
type DiffReport struct {
	Code    string           `json:"code"`
	A       int              `json:"a"`
	B       int              `json:"b"`
	Changes []catalog.Change `json:"changes"`
}

func init() {
	onetrip.Register(onetrip.Messages{
		"api.catalog.province_admin": {"只有省级管理员可以修改基本目录", "only a province administrator may change the basic catalogue"},
		"api.catalog.bad_version":    {"版本号 %q 无效", "invalid version %q"},
		"api.catalog.import_type":    {"导入文件应为 JSON（application/json）或 Excel（.xlsx）", "the import must be JSON (application/json) or Excel (.xlsx)"},
	})
}

// xlsxType is the content type of .xlsx files.
const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// maxCatalogBody bounds catalogue imports and drafts.
const maxCatalogBody = 8 << 20

func renderFindings(lang onetrip.Lang, ds []onetrip.Detail) []httpx.DetailJSON {
	out := []httpx.DetailJSON{}
	for _, d := range ds {
		out = append(out, httpx.DetailJSON{Path: d.Path, Key: d.Key, Message: onetrip.Render(lang, d.Key, d.Args...)})
	}
	return out
}

// requireProvinceAdmin: the basic catalogue is the province's.
func requireProvinceAdmin(r *http.Request) error {
	p := caller(r)
	if !p.Is(onetrip.RoleAdmin) || policy.DepartmentAdmin(p) {
		return onetrip.Forbidden("err.forbidden")
	}
	if idcode.RegionLevel(p.Region) != idcode.LevelProvince {
		return onetrip.Forbidden("api.catalog.province_admin")
	}
	return nil
}

func versionParam(r *http.Request) (int, error) {
	v := r.URL.Query().Get("version")
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, onetrip.Invalid("api.catalog.bad_version", v)
	}
	return n, nil
}

func checklistJSON(entries []catalog.ChecklistEntry) []ChecklistEntryJSON {
	out := make([]ChecklistEntryJSON, 0, len(entries))
	for _, e := range entries {
		out = append(out, ChecklistEntryJSON{Name: e.Name, Source: e.Source, Form: string(e.Form), Copies: e.Copies, Required: e.Required,
			Deferrable: e.Deferrable, Fetched: e.Fetched, PriorStep: e.PriorStep, SpecIDs: e.SpecIDs, Items: e.Items})
	}
	return out
}

func (a *API) routesCatalog() {
	a.handle(Route{Method: "GET", Path: "/api/v1/items", Summary: "search published items (guides)", Tag: "catalogue", Public: true,
		Params: []Param{{Name: "q", In: "query", Desc: "keyword in the name, code or keywords", Example: "食品"}, withDesc(regionParam, "items implemented in this region"),
			{Name: "window", In: "query", Desc: "window category", Enum: catalog.Windows, Example: "商事登记"},
			{Name: "department_kind", In: "query", Desc: "department kind, as in GET /api/v1/departments", Example: "SCJG"},
			{Name: "online", In: "query", Desc: "how far it can be done online", Enum: strs(catalog.OnlineLevels)}},
		Resp: []sqlstore.ItemSummary{}},
		func(w http.ResponseWriter, r *http.Request) error {
			q := r.URL.Query()
			if reg := q.Get("region"); reg != "" {
				if err := idcode.CheckRegionCode(reg); err != nil {
					return err
				}
			}
			list, err := a.store.Items(r.Context(), sqlstore.ItemQuery{Q: q.Get("q"), Region: q.Get("region"), Window: q.Get("window"),
				DepartmentKind: q.Get("department_kind"), Online: q.Get("online")})
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, list)
			return nil
		})
	a.handle(Route{Method: "GET", Path: "/api/v1/items/{code}", Summary: "an item's guide (published, or ?version=N), with the implementation serving ?region=",
		Tag: "catalogue", Public: true, Params: []Param{versionQuery, withDesc(regionParam, "the implementation (where, which department) serving this region")}, Resp: ItemDetail{}},
		func(w http.ResponseWriter, r *http.Request) error {
			v, err := versionParam(r)
			if err != nil {
				return err
			}
			iv, err := a.store.Item(r.Context(), r.PathValue("code"), v)
			if err != nil {
				return err
			}
			if iv.Info.State == sqlstore.StateDraft && !caller(r).Is(onetrip.RoleAdmin) {
				return onetrip.NotFound("store.catalog.version_not_found", iv.Info.Code, iv.Info.Version)
			}
			types, err := a.store.LicenceTypes(r.Context())
			if err != nil {
				return err
			}
			var lt *catalog.LicenceType
			if i := slices.IndexFunc(types, func(t catalog.LicenceType) bool { return t.Code == iv.Item.Result.Licence }); i >= 0 {
				lt = &types[i]
			}
			d := ItemDetail{Item: iv.Item, Version: iv.Info, Outputs: catalog.Outputs(iv.Item, lt)}
			if d.Outputs == nil {
				d.Outputs = []catalog.Output{}
			}
			if reg := r.URL.Query().Get("region"); reg != "" {
				if err := idcode.CheckRegionCode(reg); err != nil {
					return err
				}
				m, err := a.store.ImplementationFor(r.Context(), iv.Item.Code, reg)
				if err != nil {
					return err
				}
				d.Implementation = &m
			}
			httpx.WriteJSON(w, http.StatusOK, d)
			return nil
		})
	a.handle(Route{Method: "GET", Path: "/api/v1/items/{code}/versions", Summary: "an item's version history, newest first", Tag: "catalogue", Public: true, Resp: []sqlstore.VersionInfo{}},
		answer(func(r *http.Request) (any, error) { return a.store.ItemVersions(r.Context(), r.PathValue("code")) }))
	a.handle(Route{Method: "GET", Path: "/api/v1/items/{code}/diff", Summary: "what changed between two versions (?a=&b=)", Tag: "catalogue", Public: true,
		Params: []Param{{Name: "a", In: "query", Required: true, Type: "integer", Min: intp(1), Desc: "the older version", Example: 1},
			{Name: "b", In: "query", Required: true, Type: "integer", Min: intp(1), Desc: "the newer version", Example: 2}}, Resp: DiffReport{}},
		func(w http.ResponseWriter, r *http.Request) error {
			code := r.PathValue("code")
			var vs [2]sqlstore.ItemVersion
			for i, name := range []string{"a", "b"} {
				n, err := strconv.Atoi(r.URL.Query().Get(name))
				if err != nil || n < 1 {
					return onetrip.Invalid("http.bad_query", name, r.URL.Query().Get(name))
				}
				if vs[i], err = a.store.Item(r.Context(), code, n); err != nil {
					return err
				}
			}
			httpx.WriteJSON(w, http.StatusOK, DiffReport{Code: code, A: vs[0].Info.Version, B: vs[1].Info.Version,
				Changes: catalog.DiffItems(vs[0].Item, vs[1].Item)})
			return nil
		})
	a.handle(Route{Method: "GET", Path: "/api/v1/items/{code}/lint", Summary: "guide lint of the item's draft (or published version): publishing is refused while any finding stands",
		Tag: "catalogue", Resp: LintReport{}},
		func(w http.ResponseWriter, r *http.Request) error {
			iv, fs, err := a.store.LintItemDraft(r.Context(), r.PathValue("code"))
			if err != nil {
				return err
			}
			ds := make([]onetrip.Detail, len(fs))
			for i, f := range fs {
				ds[i] = f.Detail()
			}
			httpx.WriteJSON(w, http.StatusOK, LintReport{Code: iv.Info.Code, Version: iv.Info.Version, State: iv.Info.State,
				Clean: len(fs) == 0, Findings: renderFindings(httpx.Lang(r), ds)})
			return nil
		})
	a.handle(Route{Method: "PUT", Path: "/api/v1/items/{code}/draft", Summary: "save the item's draft (province admin); lint findings are returned, structural errors reject it",
		Tag: "catalogue", Body: catalog.Item{}, Resp: DraftSaved{}},
		a.saveDraft(func(body []byte) (string, draftSaver, error) {
			it, err := catalog.ParseItem(body)
			return it.Code, func(ctx context.Context, by string) (sqlstore.DraftResult, error) {
				return a.store.SaveItemDraft(ctx, it, by)
			}, err
		}))
	a.handle(Route{Method: "POST", Path: "/api/v1/items/{code}/publish", Summary: "publish the item's draft as a new frozen version (province admin); refused with every finding while lint stands",
		Tag: "catalogue", Resp: sqlstore.VersionInfo{}},
		a.publish(a.store.PublishItem))
	a.handle(Route{Method: "GET", Path: "/api/v1/items/{code}/implementations", Summary: "the item's implementations (实施清单) inside ?region=",
		Tag: "catalogue", Public: true, Params: []Param{withDesc(regionParam, "implementations in this region and below")}, Resp: []catalog.Implementation{}},
		func(w http.ResponseWriter, r *http.Request) error {
			prefix := ""
			if reg := r.URL.Query().Get("region"); reg != "" {
				if err := idcode.CheckRegionCode(reg); err != nil {
					return err
				}
				prefix = idcode.RegionPrefix(reg)
			}
			list, err := a.store.Implementations(r.Context(), r.PathValue("code"), prefix)
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, list)
			return nil
		})
	a.handle(Route{Method: "PUT", Path: "/api/v1/items/{code}/implementations", Summary: "add or replace implementations of the item in regions within the admin's scope",
		Tag: "catalogue", Body: []catalog.Implementation{}, Resp: []catalog.Implementation{}},
		func(w http.ResponseWriter, r *http.Request) error {
			if err := requireRole(r, onetrip.RoleAdmin); err != nil {
				return err
			}
			var list []catalog.Implementation
			if err := httpx.DecodeJSON(w, r, &list, 0); err != nil {
				return err
			}
			code := r.PathValue("code")
			for i := range list {
				if list[i].Item == "" {
					list[i].Item = code
				}
				if list[i].Item != code {
					return onetrip.Invalid("store.catalog.code_mismatch", list[i].Item, code).WithDetail("["+strconv.Itoa(i)+"].item", "store.catalog.code_mismatch", list[i].Item, code)
				}
				if !policy.WithinScope(caller(r), list[i].Region) {
					return onetrip.Forbidden("err.out_of_scope")
				}
			}
			if err := a.store.SaveImplementations(r.Context(), list, caller(r).Username); err != nil {
				return err
			}
			out, err := a.store.Implementations(r.Context(), code, idcode.RegionPrefix(caller(r).Region))
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, out)
			return nil
		})
	a.handle(Route{Method: "GET", Path: "/api/v1/bundles", Summary: "published bundles (一件事)", Tag: "catalogue", Public: true, Resp: []sqlstore.BundleSummary{}},
		answer(func(r *http.Request) (any, error) { return a.store.Bundles(r.Context(), false) }))
	a.handle(Route{Method: "GET", Path: "/api/v1/bundles/{code}", Summary: "a bundle with its steps and merged checklist", Tag: "catalogue", Public: true,
		Params: []Param{versionQuery}, Resp: BundleDetail{}},
		func(w http.ResponseWriter, r *http.Request) error {
			v, err := versionParam(r)
			if err != nil {
				return err
			}
			bv, err := a.store.Bundle(r.Context(), r.PathValue("code"), v)
			if err != nil {
				return err
			}
			items, err := a.bundleItems(r, bv.Bundle)
			if err != nil {
				return err
			}
			providers, err := a.store.Providers(r.Context())
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, BundleDetail{Bundle: bv.Bundle, Version: bv.Info,
				Checklist: checklistJSON(catalog.BundleChecklistData(bv.Bundle, items, providers))})
			return nil
		})
	a.handle(Route{Method: "GET", Path: "/api/v1/bundles/{code}/dag.svg", Summary: "the bundle's steps drawn as an SVG graph", Tag: "catalogue", Public: true, RawResp: "image/svg+xml"},
		func(w http.ResponseWriter, r *http.Request) error {
			bv, err := a.store.Bundle(r.Context(), r.PathValue("code"), 0)
			if err != nil {
				return err
			}
			items, err := a.bundleItems(r, bv.Bundle)
			if err != nil {
				return err
			}
			names := map[string]string{}
			refs := catalog.Refs{Items: map[string]catalog.ItemRef{}}
			for _, it := range items {
				names[it.Code] = it.Name
				refs.Items[it.Code] = catalog.ItemRef{Name: it.Name, DepartmentKind: it.DepartmentKind, PromisedDays: it.PromisedDays}
			}
			w.Header().Set("Content-Type", "image/svg+xml")
			io.WriteString(w, catalog.SVG(bv.Bundle, names, catalog.LeadSteps(bv.Bundle, refs)...))
			return nil
		})
	a.handle(Route{Method: "PUT", Path: "/api/v1/bundles/{code}/draft", Summary: "save a bundle's draft (province admin)", Tag: "catalogue", Body: catalog.Bundle{}, Resp: DraftSaved{}},
		a.saveDraft(func(body []byte) (string, draftSaver, error) {
			b, err := catalog.ParseBundle(body)
			return b.Code, func(ctx context.Context, by string) (sqlstore.DraftResult, error) {
				return a.store.SaveBundleDraft(ctx, b, by)
			}, err
		}))
	a.handle(Route{Method: "POST", Path: "/api/v1/bundles/{code}/publish", Summary: "publish a bundle's draft (province admin)", Tag: "catalogue", Resp: sqlstore.VersionInfo{}},
		a.publish(a.store.PublishBundle))
	a.handle(Route{Method: "GET", Path: "/api/v1/catalog/export", Summary: "the published catalogue in the import format (?format=xlsx for Excel)", Tag: "catalogue",
		Params: []Param{{Name: "format", In: "query", Desc: "json (default) or xlsx", Enum: []string{"json", "xlsx"}}}, Resp: catalog.Catalog{}, AltRaw: xlsxType},
		func(w http.ResponseWriter, r *http.Request) error {
			c, err := a.store.Catalog(r.Context())
			if err != nil {
				return err
			}
			switch r.URL.Query().Get("format") {
			case "", "json":
				b, err := catalog.Export(c)
				if err != nil {
					return onetrip.Internal(err)
				}
				w.Header().Set("Content-Type", "application/json; charset=utf-8")
				w.Header().Set("Content-Disposition", `attachment; filename="catalog.json"`)
				w.Write(b)
			case "xlsx":
				b, err := catalog.ExportXLSX(c)
				if err != nil {
					return onetrip.Internal(err)
				}
				w.Header().Set("Content-Type", xlsxType)
				w.Header().Set("Content-Disposition", `attachment; filename="catalog.xlsx"`)
				w.Write(b)
			default:
				return onetrip.Invalid("http.bad_query", "format", r.URL.Query().Get("format"))
			}
			return nil
		})
	a.handle(Route{Method: "POST", Path: "/api/v1/catalog/import", Summary: "import a catalogue (JSON or .xlsx); a file with any problem is rejected whole with every problem by path",
		Tag: "catalogue", Body: catalog.Catalog{}, Resp: sqlstore.ImportResult{}},
		func(w http.ResponseWriter, r *http.Request) error {
			if err := requireProvinceAdmin(r); err != nil {
				return err
			}
			ct := strings.TrimSpace(strings.SplitN(r.Header.Get("Content-Type"), ";", 2)[0])
			body, err := readBody(w, r, ct, maxCatalogBody)
			if err != nil {
				return err
			}
			c, err := ParseCatalogFile(ct, body)
			if err != nil {
				return err
			}
			res, err := a.store.ImportCatalog(r.Context(), c, caller(r).Username)
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, res)
			return nil
		})
	a.handle(Route{Method: "GET", Path: "/api/v1/stats/coverage", Summary: "share of items by online level and by trips, per department and region (seed targets)",
		Tag: "supervision", Params: []Param{withRequired(withDesc(regionParam, "the region the figures are for, with its children"))}, Resp: sqlstore.Coverage{}},
		func(w http.ResponseWriter, r *http.Request) error {
			if err := requireRole(r, onetrip.RoleSupervisor, onetrip.RoleAdmin); err != nil {
				return err
			}
			region := r.URL.Query().Get("region")
			if region == "" {
				region = caller(r).Region
			}
			if err := idcode.CheckRegionCode(region); err != nil {
				return err
			}
			if !policy.WithinScope(caller(r), region) {
				return onetrip.Forbidden("err.out_of_scope")
			}
			cov, err := a.store.Coverage(r.Context(), region)
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, cov)
			return nil
		})
	a.handle(Route{Method: "GET", Path: "/api/v1/licence-types", Summary: "electronic licence types", Tag: "catalogue", Public: true, Resp: []catalog.LicenceType{}},
		answer(func(r *http.Request) (any, error) { return a.store.LicenceTypes(r.Context()) }))
	a.handle(Route{Method: "GET", Path: "/api/v1/data-items", Summary: "shared data items (共享数据项)", Tag: "catalogue", Public: true, Resp: []catalog.DataItem{}},
		answer(func(r *http.Request) (any, error) { return a.store.DataItems(r.Context()) }))
}

// ParseCatalogFile reads an import by content type: JSON or .xlsx.
func ParseCatalogFile(contentType string, body []byte) (*catalog.Catalog, error) {
	switch contentType {
	case "application/json":
		return catalog.Parse(body)
	case xlsxType:
		return catalog.ImportXLSX(body)
	}
	return nil, onetrip.E(onetrip.CodeUnsupported, "api.catalog.import_type")
}

func (a *API) bundleItems(r *http.Request, b catalog.Bundle) ([]catalog.Item, error) {
	items := make([]catalog.Item, 0, len(b.Steps))
	for _, st := range b.Steps {
		iv, err := a.store.Item(r.Context(), st.Item, 0)
		if err != nil {
			return nil, err
		}
		items = append(items, iv.Item)
	}
	return items, nil
}

// samePathCode refuses a body whose code differs from the path's.
func samePathCode(r *http.Request, code string) error {
	if want := r.PathValue("code"); code != want {
		return onetrip.Invalid("store.catalog.code_mismatch", code, want).WithDetail("code", "store.catalog.code_mismatch", code, want)
	}
	return nil
}

// readBody reads a size-limited body of the wanted content type.
func readBody(w http.ResponseWriter, r *http.Request, want string, limit int64) ([]byte, error) {
	ct := strings.TrimSpace(strings.SplitN(r.Header.Get("Content-Type"), ";", 2)[0])
	if ct != want {
		return nil, onetrip.E(onetrip.CodeUnsupported, "http.content_type", r.Header.Get("Content-Type"))
	}
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		return nil, onetrip.E(onetrip.CodeTooLarge, "http.too_large", limit)
	}
	if len(b) == 0 {
		return nil, onetrip.Invalid("json.empty")
	}
	return b, nil
}

// draftSaver saves a parsed draft as a user.
type draftSaver func(ctx context.Context, by string) (sqlstore.DraftResult, error)

// saveDraft is the PUT …/draft handler of items and bundles (province
// admin): the body parsed strictly, its code the path's, the draft saved
// through the store's one pipeline, the lint findings answered.
func (a *API) saveDraft(parse func(body []byte) (string, draftSaver, error)) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		if err := requireProvinceAdmin(r); err != nil {
			return err
		}
		body, err := readBody(w, r, "application/json", maxCatalogBody)
		if err != nil {
			return err
		}
		code, save, err := parse(body)
		if err != nil {
			return err
		}
		if err := samePathCode(r, code); err != nil {
			return err
		}
		res, err := save(r.Context(), caller(r).Username)
		if err != nil {
			return err
		}
		httpx.WriteJSON(w, http.StatusOK, DraftSaved{Version: res.Info, Findings: renderFindings(httpx.Lang(r), res.Findings)})
		return nil
	}
}

// publish is the POST …/publish handler of items and bundles (province admin).
func (a *API) publish(do func(ctx context.Context, code, by string) (sqlstore.VersionInfo, error)) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		if err := requireProvinceAdmin(r); err != nil {
			return err
		}
		info, err := do(r.Context(), r.PathValue("code"), caller(r).Username)
		if err != nil {
			return err
		}
		httpx.WriteJSON(w, http.StatusOK, info)
		return nil
	}
}
