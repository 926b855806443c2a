package httpapi

import (
	"net/http"
	"strconv"
	"time"

	"onetrip"
	"onetrip/httpx"
	"onetrip/identity"
	"onetrip/sqlstore"
)

// CodeRequest asks for an SMS code.
type CodeRequest struct {
	Mobile  string           `json:"mobile"`
	Purpose identity.Purpose `json:"purpose"`
}

// CodeSent says where the code went (masked).
type CodeSent struct {
	SentTo     string `json:"sent_to"`
	ValidFor   int    `json:"valid_seconds"`
	ResendFrom int    `json:"resend_after_seconds"`
}

// RegisterRequest opens an account.
type RegisterRequest struct {
	Mobile   string `json:"mobile"`
	Code     string `json:"code"`
	Password string `json:"password"`
}

// Registered is the new account and a token to go on with (30 days).
type Registered struct {
	Account sqlstore.Account `json:"account"`
	Token   string           `json:"token"`
}

// RealNameRequest is real-name verification.
type RealNameRequest struct {
	Name     string `json:"name"`
	IDNumber string `json:"id_number"`
}

// BindRequest binds a company by its USCC.
type BindRequest struct {
	USCC string `json:"uscc"`
}

// CloseRequest confirms closing the account.
type CloseRequest struct {
	Password string `json:"password"`
}

// retryAfter sets Retry-After for a 429 whose message says how long.
func retryAfter(w http.ResponseWriter, err error) error {
	e := onetrip.AsError(err)
	if err == nil || e.Code != onetrip.CodeTooMany {
		return err
	}
	secs := 60
	switch e.Key {
	case "identity.code.locked":
		if len(e.Args) > 0 {
			if m, ok := e.Args[0].(int); ok {
				secs = m * 60
			}
		}
	case "identity.code.resend":
		if len(e.Args) > 0 {
			if s, ok := e.Args[0].(int); ok {
				secs = s
			}
		}
	case "identity.realname.tries":
		secs = 24 * 3600
	}
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	return err
}

// routesIdentity are citizens' and companies' own accounts (issue 13):
// registration by mobile number and SMS code, real-name verification,
// company binding and staff authorisation, password reset and closing.
func (a *API) routesIdentity() {
	a.handle(Route{Method: "POST", Path: "/api/v1/sms-codes", Summary: "text a 6-digit code to a mainland mobile number, for registering (purpose register) or resetting the password (reset): valid 5 minutes, used once; one a minute to a number; 5 wrong answers lock the number for 15 minutes (429 with Retry-After). A reset to an unregistered number answers the same and sends nothing",
		Tag: "identity", Public: true, Body: CodeRequest{}, Resp: CodeSent{}, Status: 202, Errors: []int{409, 429, 503}},
		func(w http.ResponseWriter, r *http.Request) error {
			var req CodeRequest
			if err := httpx.DecodeJSON(w, r, &req, 0); err != nil {
				return err
			}
			to, err := a.store.SendCode(r.Context(), req.Mobile, req.Purpose, httpx.ClientAddr(r))
			if err := retryAfter(w, err); err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusAccepted, CodeSent{SentTo: to, ValidFor: int(identity.CodeTTL.Seconds()), ResendFrom: int(identity.ResendAfter.Seconds())})
			return nil
		})
	a.handle(Route{Method: "POST", Path: "/api/v1/accounts", Summary: "register a citizen's account with the mobile number and the code texted to it, and a password (12+ characters); answers the account (level mobile: verify the real name before applying) and a bearer token for 30 days",
		Tag: "identity", Public: true, Body: RegisterRequest{}, Resp: Registered{}, Status: 201, Errors: []int{409, 429}},
		func(w http.ResponseWriter, r *http.Request) error {
			var req RegisterRequest
			if err := httpx.DecodeJSON(w, r, &req, 0); err != nil {
				return err
			}
			u, err := a.store.Register(r.Context(), req.Mobile, req.Code, req.Password, httpx.ClientAddr(r))
			if err := retryAfter(w, err); err != nil {
				return err
			}
			tok, _, err := a.store.IssueToken(r.Context(), u.ID, "注册", 30*24*time.Hour)
			if err != nil {
				return err
			}
			acc, err := a.store.AccountOf(r.Context(), u.Principal())
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusCreated, Registered{Account: acc, Token: tok})
			return nil
		})
	a.handle(Route{Method: "POST", Path: "/api/v1/password-resets", Summary: "set a new password with the reset code texted to the account's number; every session and token of the account ends",
		Tag: "identity", Public: true, Body: RegisterRequest{}, Status: 204, Errors: []int{429}},
		func(w http.ResponseWriter, r *http.Request) error {
			var req RegisterRequest
			if err := httpx.DecodeJSON(w, r, &req, 0); err != nil {
				return err
			}
			if err := retryAfter(w, a.store.ResetPasswordBySMS(r.Context(), req.Mobile, req.Code, req.Password, httpx.ClientAddr(r))); err != nil {
				return err
			}
			w.WriteHeader(http.StatusNoContent)
			return nil
		})
	a.handle(Route{Method: "GET", Path: "/api/v1/me/account", Summary: "the caller's own account: masked number and ID, assurance level", Tag: "identity", Resp: sqlstore.Account{}},
		func(w http.ResponseWriter, r *http.Request) error {
			acc, err := a.store.AccountOf(r.Context(), caller(r))
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, acc)
			return nil
		})
	a.handle(Route{Method: "POST", Path: "/api/v1/me/real-name", Summary: "real-name verification (实名认证): the name and citizen ID are checked (GB 11643) and matched against the population register; the read is in the caller's data-use log. A mismatch and an unknown ID answer the same; 5 failures a day, then 429",
		Tag: "identity", Body: RealNameRequest{}, Resp: sqlstore.Account{}, Errors: []int{409, 429, 503}},
		func(w http.ResponseWriter, r *http.Request) error {
			var req RealNameRequest
			if err := httpx.DecodeJSON(w, r, &req, 0); err != nil {
				return err
			}
			acc, err := a.store.VerifyRealName(r.Context(), caller(r), req.Name, req.IDNumber, httpx.ClientAddr(r))
			if err := retryAfter(w, err); err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, acc)
			return nil
		})
	a.handle(Route{Method: "GET", Path: "/api/v1/me/companies", Summary: "the companies the caller acts for: bound ones (as legal representative) with the staff they authorised, and the ones the caller is staff of", Tag: "identity", Resp: []sqlstore.Company{}},
		func(w http.ResponseWriter, r *http.Request) error {
			list, err := a.store.Companies(r.Context(), caller(r))
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, list)
			return nil
		})
	a.handle(Route{Method: "POST", Path: "/api/v1/me/companies", Summary: "bind a company by its USCC: the enterprise register must name the caller's verified citizen ID as legal representative, and the company be in business",
		Tag: "identity", Body: BindRequest{}, Resp: sqlstore.Company{}, Status: 201, Errors: []int{404, 409, 503}},
		func(w http.ResponseWriter, r *http.Request) error {
			var req BindRequest
			if err := httpx.DecodeJSON(w, r, &req, 0); err != nil {
				return err
			}
			c, err := a.store.BindCompany(r.Context(), caller(r), req.USCC, httpx.ClientAddr(r))
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusCreated, c)
			return nil
		})
	a.handle(Route{Method: "DELETE", Path: "/api/v1/me/companies/{uscc}", Summary: "unbind a company; the staff authorisations the binding gave end", Tag: "identity", Status: 204},
		func(w http.ResponseWriter, r *http.Request) error {
			if err := a.store.UnbindCompany(r.Context(), caller(r), r.PathValue("uscc")); err != nil {
				return err
			}
			w.WriteHeader(http.StatusNoContent)
			return nil
		})
	a.handle(Route{Method: "POST", Path: "/api/v1/me/companies/{uscc}/staff", Summary: "authorise a staff member (经办人), by the name and citizen ID of their verified account, to apply and follow cases for the bound company: for the listed item or bundle codes (none: every item), until a day within 3 years",
		Tag: "identity", Body: sqlstore.StaffGrant{}, Resp: identity.Authorisation{}, Status: 201, Errors: []int{404}},
		func(w http.ResponseWriter, r *http.Request) error {
			var req sqlstore.StaffGrant
			if err := httpx.DecodeJSON(w, r, &req, 0); err != nil {
				return err
			}
			au, err := a.store.GrantStaff(r.Context(), caller(r), r.PathValue("uscc"), req, httpx.ClientAddr(r))
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusCreated, au)
			return nil
		})
	a.handle(Route{Method: "DELETE", Path: "/api/v1/me/staff-authorisations/{id}", Summary: "revoke a staff authorisation the caller gave; the staff member's access to the company's cases ends at once", Tag: "identity", Status: 204, Errors: []int{404, 409}},
		func(w http.ResponseWriter, r *http.Request) error {
			if err := a.store.RevokeStaff(r.Context(), caller(r), r.PathValue("id")); err != nil {
				return err
			}
			w.WriteHeader(http.StatusNoContent)
			return nil
		})
	a.handle(Route{Method: "POST", Path: "/api/v1/me/close", Summary: "close the caller's own account (注销), confirmed by its password: not while a case it applied for is open (409). Cases, licences and logs are kept as the law requires; the credentials, number, bindings and authorisations end",
		Tag: "identity", Body: CloseRequest{}, Status: 204, Errors: []int{409}},
		func(w http.ResponseWriter, r *http.Request) error {
			var req CloseRequest
			if err := httpx.DecodeJSON(w, r, &req, 0); err != nil {
				return err
			}
			if err := a.store.CloseAccount(r.Context(), caller(r), req.Password, httpx.ClientAddr(r)); err != nil {
				return err
			}
			w.WriteHeader(http.StatusNoContent)
			return nil
		})
}
