package httpapi

import (
	"net/http"
	"time"

	"onetrip"
	"onetrip/httpx"
	"onetrip/idcode"
	"onetrip/org"
	"onetrip/policy"
	"onetrip/region"
	"onetrip/sqlstore"
)

// RegionWithPath is a region and its path from the province down.
type RegionWithPath struct {
	region.Region
	Path []region.Region `json:"path"`
}

// Me is the caller's own account and scope.
type Me struct {
	sqlstore.User
	RegionName string `json:"region_name,omitempty"`
}

// TokenRequest asks for a new bearer token for oneself.
type TokenRequest struct {
	Name string `json:"name"`
	// TTLDays is how many days the token lives (1–365; default 90).
	TTLDays int `json:"ttl_days,omitempty"`
}

func init() {
	onetrip.Register(onetrip.Messages{
		"api.token.ttl":  {"令牌有效期 ttl_days 应为 1–365 天", "ttl_days must be 1–365"},
		"api.token.name": {"令牌名称须为 1–100 字", "the token's name must be 1–100 characters"},
	})
}

// TokenIssued carries the token once.
type TokenIssued struct {
	Token string `json:"token"`
	sqlstore.APIToken
}

// UserRequest creates an account (admins, within their region).
type UserRequest struct {
	Username   string       `json:"username"`
	Name       string       `json:"name"`
	Role       onetrip.Role `json:"role"`
	Region     string       `json:"region,omitempty"`
	Department string       `json:"department,omitempty"`
	Center     string       `json:"center,omitempty"`
	IDNumber   string       `json:"id_number,omitempty"`
	Password   string       `json:"password"`
}

func (a *API) routesFoundation() {
	a.handle(Route{Method: "GET", Path: "/api/v1/regions", Summary: "list the child regions of a region (the provinces without parent)", Tag: "regions",
		Params: []Param{{Name: "parent", In: "query", Desc: "the parent region's code: its children; none for the provinces", Example: "330000"}}, Resp: []region.Region{}},
		func(w http.ResponseWriter, r *http.Request) error {
			parent := r.URL.Query().Get("parent")
			if parent != "" {
				if err := idcode.CheckRegionCode(parent); err != nil {
					e := onetrip.AsError(err)
					return onetrip.Invalid("http.bad_query", "parent", parent).WithDetail("parent", e.Key, e.Args...)
				}
			}
			list, err := a.store.Regions(r.Context(), parent)
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, list)
			return nil
		})
	a.handle(Route{Method: "GET", Path: "/api/v1/regions/{code}", Summary: "one region with its path to the province", Tag: "regions", Resp: RegionWithPath{}},
		func(w http.ResponseWriter, r *http.Request) error {
			code := r.PathValue("code")
			if err := idcode.CheckRegionCode(code); err != nil {
				return err
			}
			path, err := a.store.RegionPath(r.Context(), code)
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, RegionWithPath{Region: path[len(path)-1], Path: path})
			return nil
		})
	a.handle(Route{Method: "GET", Path: "/api/v1/departments", Summary: "the departments of a region", Tag: "organisation",
		Params: []Param{withRequired(withDesc(regionParam, "the departments of this region"))}, Resp: []org.Department{}},
		func(w http.ResponseWriter, r *http.Request) error {
			region := r.URL.Query().Get("region")
			if err := checkRegion(r, "region", region); err != nil {
				return err
			}
			list, err := a.store.Departments(r.Context(), region)
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, list)
			return nil
		})
	a.handle(Route{Method: "GET", Path: "/api/v1/centers", Summary: "the service centres of a region and its townships, with windows", Tag: "organisation",
		Params: []Param{withRequired(withDesc(regionParam, "the service centres of this region"))}, Resp: []org.Center{}},
		func(w http.ResponseWriter, r *http.Request) error {
			region := r.URL.Query().Get("region")
			if err := checkRegion(r, "region", region); err != nil {
				return err
			}
			list, err := a.store.Centers(r.Context(), region)
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, list)
			return nil
		})
	a.handle(Route{Method: "GET", Path: "/api/v1/me", Summary: "the caller's account and scope", Tag: "accounts", Resp: Me{}},
		func(w http.ResponseWriter, r *http.Request) error {
			u, err := a.store.UserByName(r.Context(), caller(r).Username)
			if err != nil {
				return err
			}
			me := Me{User: u}
			if u.Region != "" {
				if path, err := a.store.RegionPath(r.Context(), u.Region); err == nil {
					me.RegionName = sqlstore.FullName(path)
				}
			}
			httpx.WriteJSON(w, http.StatusOK, me)
			return nil
		})
	a.handle(Route{Method: "GET", Path: "/api/v1/tokens", Summary: "the caller's API tokens (never the secrets)", Tag: "accounts", Resp: []sqlstore.APIToken{}},
		func(w http.ResponseWriter, r *http.Request) error {
			list, err := a.store.Tokens(r.Context(), caller(r).UserID)
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, list)
			return nil
		})
	a.handle(Route{Method: "POST", Path: "/api/v1/tokens", Summary: "issue a bearer token for oneself; shown once", Tag: "accounts", Body: TokenRequest{}, Resp: TokenIssued{}, Status: 201},
		func(w http.ResponseWriter, r *http.Request) error {
			var req TokenRequest
			if err := httpx.DecodeJSON(w, r, &req, 0); err != nil {
				return err
			}
			if req.TTLDays < 0 || req.TTLDays > 365 {
				return onetrip.Invalid("api.token.ttl").WithDetail("ttl_days", "api.token.ttl")
			}
			if n := len([]rune(req.Name)); n == 0 || n > 100 {
				return onetrip.Invalid("api.token.name").WithDetail("name", "api.token.name")
			}
			tok, t, err := a.store.IssueToken(r.Context(), caller(r).UserID, req.Name, time.Duration(req.TTLDays)*24*time.Hour)
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusCreated, TokenIssued{Token: tok, APIToken: t})
			return nil
		})
	a.handle(Route{Method: "DELETE", Path: "/api/v1/tokens/{id}", Summary: "revoke one of the caller's tokens", Tag: "accounts", Status: 204},
		func(w http.ResponseWriter, r *http.Request) error {
			if err := a.store.RevokeToken(r.Context(), caller(r).UserID, r.PathValue("id")); err != nil {
				return err
			}
			w.WriteHeader(http.StatusNoContent)
			return nil
		})
	a.handle(Route{Method: "GET", Path: "/api/v1/users", Summary: "accounts in the admin's region", Tag: "accounts", Resp: []sqlstore.User{}},
		func(w http.ResponseWriter, r *http.Request) error {
			if err := requireRegionAdmin(r); err != nil {
				return err
			}
			list, err := a.store.Users(r.Context(), idcode.RegionPrefix(caller(r).Region))
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, list)
			return nil
		})
	a.handle(Route{Method: "POST", Path: "/api/v1/users", Summary: "create an official's account in the admin's region (citizens register themselves: POST /api/v1/accounts)", Tag: "accounts", Body: UserRequest{}, Resp: sqlstore.User{}, Status: 201, Errors: []int{409}},
		func(w http.ResponseWriter, r *http.Request) error {
			if err := requireRegionAdmin(r); err != nil {
				return err
			}
			var req UserRequest
			if err := httpx.DecodeJSON(w, r, &req, 0); err != nil {
				return err
			}
			if req.Region != "" && !policy.WithinScope(caller(r), req.Region) {
				return onetrip.Forbidden("err.out_of_scope")
			}
			// The user admin page's rule: officials only (citizens register
			// and verify themselves), never above the admin's own scope.
			if err := policy.GrantUser(caller(r), &onetrip.Principal{Role: req.Role, Region: req.Region}); err != nil {
				return err
			}
			u, err := a.store.CreateUser(r.Context(), sqlstore.NewUser{Username: req.Username, Name: req.Name, Role: req.Role,
				Region: req.Region, Department: req.Department, Center: req.Center, IDNumber: req.IDNumber, Password: req.Password})
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusCreated, u)
			return nil
		})
}
