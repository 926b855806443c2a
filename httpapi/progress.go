package httpapi

import (
	"net/http"
	"strconv"

	"onetrip/httpx"
	"onetrip/progress"
)

// routesProgress is the public progress lookup (issue 13): a case number
// and its query code give the case's public view, nothing personal beyond
// the applicant's masked name. A wrong code and an unknown number are the
// same 404; guessing is limited per number and per client (429 with
// Retry-After, even for the right code while it lasts).
func (a *API) routesProgress() {
	a.handle(Route{Method: "GET", Path: "/api/v1/progress", Summary: "a case's progress by its number and query code (查询码, printed on the acceptance notice and sent by SMS), without login: status, steps with their departments and due dates, the case's due date, the applicant's name masked. A wrong code or an unknown number is the same 404; 5 wrong codes for a number, or 20 wrong lookups from a client, within an hour pause its lookups until that hour is over (429 with Retry-After)",
		Tag: "progress", Public: true, Errors: []int{404, 429},
		Params: []Param{
			{Name: "number", In: "query", Required: true, Desc: "the case number (办件编号)", Example: "330802-20261127-000042"},
			{Name: "code", In: "query", Required: true, Desc: "the 6-character query code: digits 2–9 and letters without I, L, O; case and spaces do not matter", Example: "X9QFYN"},
		}, Resp: progress.View{}},
		func(w http.ResponseWriter, r *http.Request) error {
			q := r.URL.Query()
			v, err := a.store.Progress(r.Context(), q.Get("number"), q.Get("code"), httpx.ClientAddr(r), httpx.Lang(r))
			if secs, ok := progress.RetryAfter(err); ok {
				w.Header().Set("Retry-After", strconv.Itoa(secs))
			}
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, v)
			return nil
		})
}
