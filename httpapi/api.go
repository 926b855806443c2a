// Package httpapi is the JSON API under /api/v1: it authenticates the caller,
// decodes strictly, checks scope, calls the store and translates errors into
// the error model. It holds no rules of its own.
package httpapi

import (
	"errors"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"onetrip"
	"onetrip/blob"
	"onetrip/httpx"
	"onetrip/idcode"
	"onetrip/policy"
	"onetrip/qa"
	"onetrip/sqlstore"
)

// API serves /api/v1.
type API struct {
	store   *sqlstore.Store
	blobs   *blob.Store
	log     *slog.Logger
	version string
	mux     *http.ServeMux
	routes  []Route
	qa      *qa.Engine
	qaLimit *httpx.Limiter
	archive *blob.Store
}

// New builds the API with every route registered.
func New(store *sqlstore.Store, blobs *blob.Store, log *slog.Logger, version string) *API {
	if log == nil {
		log = slog.Default()
	}
	a := &API{store: store, blobs: blobs, log: log, version: version, mux: http.NewServeMux(),
		qaLimit: httpx.NewLimiter(DefaultQARate, DefaultQABurst)}
	if store != nil {
		a.qa = qa.NewEngine(store.QA())
	}
	a.routesFoundation()
	a.routesCatalog()
	a.routesCases()
	a.routesReview()
	a.routesLicences()
	a.routesWebhooks()
	a.routesSharing()
	a.routesQA()
	a.routesArchive()
	a.routesPayments()
	a.routesCourier()
	a.routesSupervision()
	a.routesProgress()
	a.routesNotify()
	a.routesIdentity()
	a.handle(Route{Method: "GET", Path: "/api/v1/openapi.json", Summary: "this OpenAPI 3.1 document", Tag: "meta", Public: true, Resp: map[string]any{}},
		func(w http.ResponseWriter, r *http.Request) error {
			httpx.WriteJSON(w, http.StatusOK, OpenAPI(a.routes, a.version))
			return nil
		})
	// A path the API has, asked with another method, is 405 with the
	// methods it allows; anything else under /api/ is 404.
	a.mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		if methods := a.allowed(r.URL.Path); len(methods) > 0 {
			w.Header().Set("Allow", strings.Join(methods, ", "))
			httpx.WriteError(w, r, onetrip.E(onetrip.CodeMethod, "http.method", r.Method))
			return
		}
		httpx.WriteError(w, r, onetrip.NotFound("http.not_found", r.Method, r.URL.Path))
	})
	return a
}

// allowed lists the methods of the routes whose pattern matches a path.
func (a *API) allowed(path string) []string {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	var out []string
	for _, rt := range a.routes {
		pat := strings.Split(strings.Trim(rt.Path, "/"), "/")
		if matchSegments(pat, segs) && !slices.Contains(out, rt.Method) {
			out = append(out, rt.Method)
		}
	}
	return out
}

// matchSegments matches a path against a net/http pattern's segments
// ({name} one segment, {name...} the rest).
func matchSegments(pat, segs []string) bool {
	for i, p := range pat {
		if strings.HasSuffix(p, "...}") {
			return true
		}
		if i >= len(segs) || (!strings.HasPrefix(p, "{") && p != segs[i]) {
			return false
		}
	}
	return len(pat) == len(segs)
}

// Document is the OpenAPI document of the API, built without a store (the
// routes are registered; no handler runs).
func Document(version string) map[string]any {
	return OpenAPI(New(nil, nil, nil, version).Routes(), version)
}

// Routes lists the registered routes (the OpenAPI source).
func (a *API) Routes() []Route { return a.routes }

// ServeHTTP implements http.Handler.
func (a *API) ServeHTTP(w http.ResponseWriter, r *http.Request) { a.mux.ServeHTTP(w, r) }

// handler is an endpoint: it returns an error instead of writing one.
type handler func(w http.ResponseWriter, r *http.Request) error

// handle registers a route: authentication unless public, then h; an error
// from h is written in the error model.
func (a *API) handle(rt Route, h handler) {
	a.routes = append(a.routes, rt)
	a.mux.HandleFunc(rt.Method+" "+rt.Path, func(w http.ResponseWriter, r *http.Request) {
		if !rt.Public {
			p, err := a.authenticate(r)
			if err != nil {
				httpx.WriteError(w, r, err)
				return
			}
			r = r.WithContext(httpx.WithPrincipal(r.Context(), p))
		} else if p, err := a.authenticate(r); err == nil {
			r = r.WithContext(httpx.WithPrincipal(r.Context(), p))
		}
		if err := h(w, r); err != nil {
			httpx.WriteError(w, r, err)
		}
	})
}

// authenticate accepts a bearer token, or a browser session cookie (with
// the CSRF header on unsafe methods, so pages can call the API).
func (a *API) authenticate(r *http.Request) (*onetrip.Principal, error) {
	if h := r.Header.Get("Authorization"); h != "" {
		tok, ok := strings.CutPrefix(h, "Bearer ")
		if !ok {
			return nil, onetrip.Unauthorized("auth.token_invalid")
		}
		u, err := a.store.UserByToken(r.Context(), strings.TrimSpace(tok))
		if err != nil {
			return nil, err
		}
		return a.store.PrincipalOf(r.Context(), u)
	}
	if c, err := r.Cookie(httpx.SessionCookie); err == nil {
		sess, err := a.store.SessionByID(r.Context(), c.Value)
		if err != nil {
			return nil, err
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead && !httpx.CSRFEqual(r.Header.Get(httpx.CSRFHeader), sess.CSRF) {
			return nil, onetrip.Forbidden("auth.csrf")
		}
		return a.store.PrincipalOf(r.Context(), sess.User)
	}
	return nil, onetrip.Unauthorized("err.unauthorized")
}

// caller returns the authenticated principal of a non-public route.
func caller(r *http.Request) *onetrip.Principal { return httpx.Principal(r.Context()) }

// requireRole answers 403 unless the caller has one of the roles.
func requireRole(r *http.Request, roles ...onetrip.Role) error {
	if !caller(r).Is(roles...) {
		return onetrip.Forbidden("err.forbidden")
	}
	return nil
}

// requireRegionAdmin answers 403 unless the caller is a region's admin (a
// department's data admin manages nothing else).
func requireRegionAdmin(r *http.Request) error {
	if !caller(r).Is(onetrip.RoleAdmin) || policy.DepartmentAdmin(caller(r)) {
		return onetrip.Forbidden("err.forbidden")
	}
	return nil
}

// canSeeRegion is the region scope rule for staff: their own region, any
// region inside it, and the regions above it (a county clerk works with the
// city's departments). Applicants see public directory data everywhere.
func canSeeRegion(p *onetrip.Principal, code string) bool {
	if p.Role == onetrip.RoleApplicant {
		return true
	}
	if p.Region == "" {
		return false
	}
	return idcode.RegionWithin(code, p.Region) || idcode.RegionWithin(p.Region, code)
}

// checkRegion validates a region code parameter and the caller's scope over it.
func checkRegion(r *http.Request, param, code string) error {
	if err := idcode.CheckRegionCode(code); err != nil {
		e := onetrip.AsError(err)
		return onetrip.Invalid("http.bad_query", param, code).WithDetail(param, e.Key, e.Args...)
	}
	if !canSeeRegion(caller(r), code) {
		return onetrip.Forbidden("err.out_of_scope")
	}
	return nil
}

func asErr[T error](err error, target *T) bool { return errors.As(err, target) }

// queryInts reads non-negative integer query parameters.
func queryInts(r *http.Request, dst map[string]*int) error {
	for name, p := range dst {
		if s := r.URL.Query().Get(name); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n < 0 {
				return onetrip.Invalid("http.bad_query", name, s)
			}
			*p = n
		}
	}
	return nil
}

// queryEnum reads a query parameter of a closed set ("" when absent).
func queryEnum(r *http.Request, name string, allowed []string) (string, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return "", nil
	}
	for _, a := range allowed {
		if v == a {
			return v, nil
		}
	}
	return "", onetrip.Invalid("http.bad_query", name, v)
}

// answer is a read endpoint: what fetch returns, as 200 JSON.
func answer[T any](fetch func(r *http.Request) (T, error)) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		v, err := fetch(r)
		if err != nil {
			return err
		}
		httpx.WriteJSON(w, http.StatusOK, v)
		return nil
	}
}
