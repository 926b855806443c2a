package httpapi

import (
	"net/http"
	"strings"

	"onetrip"
	"onetrip/catalog"
	"onetrip/httpx"
	"onetrip/idcode"
	"onetrip/sharing"
	"onetrip/sqlstore"
	"onetrip/workday"
)

// SharingItemPage is a page of the sharing catalogue.
type SharingItemPage struct {
	Total int                    `json:"total"`
	Items []sqlstore.SharingItem `json:"items"`
}

// IdentifyRequest identifies an applicant at the window.
type IdentifyRequest struct {
	Type    string `json:"type"`    // person or org
	Number  string `json:"number"`  // citizen ID or USCC
	Purpose string `json:"purpose"` // the service applied for
}

// PlatformKey is the key departments' systems check queries against.
type PlatformKey struct {
	PEM         string `json:"pem"`
	Fingerprint string `json:"fingerprint"`
}

// staff are the roles of officials (anyone but applicants).
var staff = []onetrip.Role{onetrip.RoleClerk, onetrip.RoleAgent, onetrip.RoleReviewer, onetrip.RoleSystem, onetrip.RoleSupervisor, onetrip.RoleAdmin}

func (a *API) routesSharing() {
	a.handle(Route{Method: "GET", Path: "/api/v1/sharing/items", Summary: "the sharing catalogue (共享数据目录): data items by provider department kind, with fields, subject type and sharing level (officials)",
		Tag: "sharing", Params: []Param{{Name: "q", In: "query", Desc: "words in the code, name or field names", Example: "户籍"},
			{Name: "provider", In: "query", Desc: "provider department kind", Example: "public-security"},
			{Name: "level", In: "query", Desc: "sharing level: open 无条件共享, conditional 有条件共享, restricted 不予共享", Enum: strs(catalog.ShareLevels)},
			{Name: "subject", In: "query", Desc: "whom the item describes", Enum: strs(catalog.Subjects)}, limitParam, offsetParam},
		Resp: SharingItemPage{}},
		answer(func(r *http.Request) (SharingItemPage, error) {
			if err := requireRole(r, staff...); err != nil {
				return SharingItemPage{}, err
			}
			q := sqlstore.SharingItemQuery{Q: r.URL.Query().Get("q"), Provider: r.URL.Query().Get("provider")}
			var err error
			if q.Level, err = queryEnum(r, "level", strs(catalog.ShareLevels)); err != nil {
				return SharingItemPage{}, err
			}
			if q.Subject, err = queryEnum(r, "subject", strs(catalog.Subjects)); err != nil {
				return SharingItemPage{}, err
			}
			if err := queryInts(r, map[string]*int{"limit": &q.Limit, "offset": &q.Offset}); err != nil {
				return SharingItemPage{}, err
			}
			list, total, err := a.store.SharingItems(r.Context(), q)
			return SharingItemPage{Total: total, Items: list}, err
		}))
	a.handle(Route{Method: "POST", Path: "/api/v1/sharing/grants", Summary: "ask for a grant of a data item with a purpose (a department or a service centre); an open item is granted at once, a restricted one cannot be",
		Tag: "sharing", Body: sharing.GrantRequest{}, Resp: sharing.Grant{}, Status: http.StatusCreated},
		func(w http.ResponseWriter, r *http.Request) error {
			var req sharing.GrantRequest
			if err := httpx.DecodeJSON(w, r, &req, 0); err != nil {
				return err
			}
			g, err := a.store.RequestGrant(r.Context(), caller(r), req)
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusCreated, g)
			return nil
		})
	a.handle(Route{Method: "GET", Path: "/api/v1/sharing/grants", Summary: "grants, newest first: the caller's body's own, or (incoming=true) those of the items the caller's provider department decides",
		Tag: "sharing", Params: []Param{{Name: "incoming", In: "query", Type: "boolean", Desc: "the requests to decide (a provider department's admin)"},
			{Name: "status", In: "query", Desc: "the grant's state", Enum: sharing.GrantStatuses},
			{Name: "item", In: "query", Desc: "a data item code", Example: "D-HOUSEHOLD"}, limitParam},
		Resp: []sharing.Grant{}},
		answer(func(r *http.Request) ([]sharing.Grant, error) {
			q := sqlstore.GrantQuery{Item: r.URL.Query().Get("item")}
			var err error
			if q.Status, err = queryEnum(r, "status", sharing.GrantStatuses); err != nil {
				return nil, err
			}
			switch v := r.URL.Query().Get("incoming"); v {
			case "", "false":
			case "true":
				q.Incoming = true
			default:
				return nil, onetrip.Invalid("http.bad_query", "incoming", v)
			}
			if err := queryInts(r, map[string]*int{"limit": &q.Limit}); err != nil {
				return nil, err
			}
			return a.store.Grants(r.Context(), caller(r), q)
		}))
	a.handle(Route{Method: "GET", Path: "/api/v1/sharing/grants/{id}", Summary: "one grant (its consumer and its provider's admins)", Tag: "sharing", Resp: sharing.Grant{}},
		answer(func(r *http.Request) (sharing.Grant, error) {
			return a.store.Grant(r.Context(), caller(r), r.PathValue("id"))
		}))
	a.handle(Route{Method: "POST", Path: "/api/v1/sharing/grants/{id}/decision", Summary: "the provider department's admin approves (optionally shortening the term) or refuses with a reason",
		Tag: "sharing", Body: sharing.GrantDecision{}, Resp: sharing.Grant{}},
		func(w http.ResponseWriter, r *http.Request) error {
			var d sharing.GrantDecision
			if err := httpx.DecodeJSON(w, r, &d, 0); err != nil {
				return err
			}
			g, err := a.store.DecideGrant(r.Context(), caller(r), r.PathValue("id"), d)
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, g)
			return nil
		})
	a.handle(Route{Method: "POST", Path: "/api/v1/sharing/grants/{id}/revoke", Summary: "the provider department's admin stops an approved grant at once, with a reason: the next query under it is refused",
		Tag: "sharing", Body: sharing.GrantRevocation{}, Resp: sharing.Grant{}},
		func(w http.ResponseWriter, r *http.Request) error {
			var rv sharing.GrantRevocation
			if err := httpx.DecodeJSON(w, r, &rv, 0); err != nil {
				return err
			}
			g, err := a.store.RevokeGrant(r.Context(), caller(r), r.PathValue("id"), rv)
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, g)
			return nil
		})
	a.handle(Route{Method: "POST", Path: "/api/v1/sharing/query", Summary: "query a subject's record: only the granted fields; a conditional item needs the caller's open case whose applicant is the subject. Every query, answered or refused, is in the access log before the answer",
		Tag: "sharing", Body: sharing.Query{}, Resp: sharing.Answer{}, Errors: []int{404}},
		func(w http.ResponseWriter, r *http.Request) error {
			var q sharing.Query
			if err := httpx.DecodeJSON(w, r, &q, 0); err != nil {
				return err
			}
			ans, err := a.store.QuerySharing(r.Context(), caller(r), q)
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, ans)
			return nil
		})
	a.handle(Route{Method: "POST", Path: "/api/v1/sharing/identify", Summary: "identify an applicant at the window (a service centre with a grant): the name and address from the population or enterprise item, logged with the service as purpose",
		Tag: "sharing", Body: IdentifyRequest{}, Resp: sqlstore.Identity{}, Errors: []int{404}},
		func(w http.ResponseWriter, r *http.Request) error {
			var req IdentifyRequest
			if err := httpx.DecodeJSON(w, r, &req, 0); err != nil {
				return err
			}
			var p onetrip.Problems
			if req.Type != idcode.PartyPerson && req.Type != idcode.PartyOrg {
				p.Add("type", "http.bad_query", "type", req.Type)
			}
			if strings.TrimSpace(req.Purpose) == "" {
				p.Add("purpose", "sharing.purpose.empty")
			}
			if err := p.Err("err.validation", len(p)); err != nil {
				return err
			}
			id, err := a.store.IdentifyApplicant(r.Context(), caller(r), req.Type, req.Number, req.Purpose)
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, id)
			return nil
		})
	a.handle(Route{Method: "GET", Path: "/api/v1/sharing/log", Summary: "the access log, newest first (supervisors; a provider department's admin: reads of its items). Subjects are searched by ID number and shown masked",
		Tag: "sharing", Params: []Param{{Name: "subject", In: "query", Desc: "a citizen ID or USCC: the reads of that subject's data"},
			{Name: "case", In: "query", Desc: "a case ID"}, {Name: "consumer", In: "query", Desc: "the reading body's id", Example: "330802-center"},
			{Name: "item", In: "query", Desc: "a data item code", Example: "D-POP-BASIC"},
			{Name: "from", In: "query", Format: "date", Desc: "first day (China time)"}, {Name: "to", In: "query", Format: "date", Desc: "the day after the last (China time)"},
			{Name: "before", In: "query", Desc: "keyset cursor: the last row's at|id of the previous page"}, limitParam},
		Resp: []sharing.Access{}},
		answer(func(r *http.Request) ([]sharing.Access, error) {
			v := r.URL.Query()
			q := sqlstore.AccessQuery{Subject: v.Get("subject"), Case: v.Get("case"), Consumer: v.Get("consumer"), Item: v.Get("item"),
				From: v.Get("from"), To: v.Get("to"), Before: v.Get("before")}
			for name, d := range map[string]string{"from": q.From, "to": q.To} {
				if _, err := workday.Parse(d); d != "" && err != nil {
					return nil, onetrip.Invalid("http.bad_query", name, d)
				}
			}
			if err := queryInts(r, map[string]*int{"limit": &q.Limit}); err != nil {
				return nil, err
			}
			return a.store.AccessLog(r.Context(), caller(r), q)
		}))
	a.handle(Route{Method: "GET", Path: "/api/v1/me/data-uses", Summary: "who read the caller's own data and why (数据使用记录): item, reading body, case number, purpose, time, result (applicants)",
		Tag: "sharing", Params: []Param{limitParam}, Resp: []sharing.Access{}},
		answer(func(r *http.Request) ([]sharing.Access, error) {
			limit := 0
			if err := queryInts(r, map[string]*int{"limit": &limit}); err != nil {
				return nil, err
			}
			return a.store.DataUses(r.Context(), caller(r), limit)
		}))
	a.handle(Route{Method: "GET", Path: "/api/v1/sharing/platform-key", Summary: "the platform's SM2 public key (PEM): departments' systems check the signature on every query with it",
		Tag: "sharing", Public: true, Resp: PlatformKey{}},
		answer(func(r *http.Request) (PlatformKey, error) {
			k, err := a.store.PlatformKey(r.Context())
			if err != nil {
				return PlatformKey{}, err
			}
			return PlatformKey{PEM: k.Public().PEM(), Fingerprint: k.Public().Fingerprint()}, nil
		}))
}
