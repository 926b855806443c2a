package httpapi

import (
	"bytes"
	"context"
	"encoding/hex"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/emmansun/gmsm/sm3"

	"onetrip"
	"onetrip/blob"
	"onetrip/casework"
	"onetrip/httpx"
	"onetrip/intake"
	"onetrip/policy"
	"onetrip/sqlstore"
	"onetrip/workday"
)

// EventsReport is a case's log with the result of checking its hash chain.
type EventsReport struct {
	Events      []casework.Event `json:"events"`
	ChainIntact bool             `json:"chain_intact"`
}

// Precheck is the online form's check before submission.
type Precheck struct {
	Complete bool                 `json:"complete"`
	Entries  []intake.EntryResult `json:"entries"`
	Missing  []intake.NoticeItem  `json:"missing"`
}

// WithdrawRequest ends an open case.
type WithdrawRequest struct {
	Reason  string `json:"reason"`
	Version int    `json:"version"`
}

func init() {
	onetrip.Register(onetrip.Messages{
		"api.idem.key":   {"Idempotency-Key 须为 1–200 个可见字符", "the Idempotency-Key must be 1–200 visible characters"},
		"api.bad_status": {"未知的办件状态 %q", "unknown case status %q"},
	})
}

// maxCaseBody bounds an application body (materials and form).
const maxCaseBody = 256 << 10

// idempotent starts a write that takes an Idempotency-Key: it reads the
// body, and when the key was already answered for the same body it writes
// that first answer and reports done. A key reused with another body is 409.
func (a *API) idempotent(w http.ResponseWriter, r *http.Request, limit int64) (body []byte, idem *sqlstore.Idem, done bool, err error) {
	ct := r.Header.Get("Content-Type")
	if !strings.HasPrefix(strings.TrimSpace(strings.ToLower(ct)), "application/json") {
		return nil, nil, false, onetrip.E(onetrip.CodeUnsupported, "http.content_type", ct)
	}
	body, err = io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		return nil, nil, false, onetrip.E(onetrip.CodeTooLarge, "http.too_large", limit)
	}
	key := r.Header.Get("Idempotency-Key")
	if key == "" {
		return body, nil, false, nil
	}
	if len(key) > 200 || strings.ContainsAny(key, " \t\r\n") {
		return nil, nil, false, onetrip.Invalid("api.idem.key")
	}
	h := sm3.New()
	h.Write([]byte(r.Method + " " + r.URL.Path + "\n"))
	h.Write(body)
	idem = &sqlstore.Idem{Principal: caller(r).UserID, Key: key, BodyHash: hex.EncodeToString(h.Sum(nil))}
	ans, ok, err := a.store.IdemLookup(r.Context(), *idem)
	if err != nil {
		return nil, nil, false, err
	}
	if ok {
		return nil, nil, true, a.replay(w, r, ans)
	}
	return body, idem, false, nil
}

// replay answers a retried write with its first answer: the status it had
// and the case it wrote, rendered as it is now.
func (a *API) replay(w http.ResponseWriter, r *http.Request, ans sqlstore.IdemAnswer) error {
	c, err := a.store.VisibleCase(r.Context(), caller(r), ans.CaseID)
	if err != nil {
		return err
	}
	w.Header().Set("Idempotent-Replayed", "true")
	httpx.WriteJSON(w, ans.Status, policy.MaskCase(caller(r), c, policy.Opened, ""))
	return nil
}

// afterWrite answers a write; a concurrent request with the same key that
// won the race is answered with its result instead of an error.
func (a *API) afterWrite(w http.ResponseWriter, r *http.Request, idem *sqlstore.Idem, status int, c casework.Case, err error) error {
	if err != nil {
		if idem != nil && onetrip.HasCode(err, onetrip.CodeConflict) && onetrip.AsError(err).Key == "store.duplicate" {
			if ans, ok, lerr := a.store.IdemLookup(r.Context(), *idem); lerr == nil && ok {
				return a.replay(w, r, ans)
			} else if lerr != nil {
				return lerr
			}
		}
		return err
	}
	httpx.WriteJSON(w, status, policy.MaskCase(caller(r), c, policy.Opened, ""))
	return nil
}

// decodeStrict decodes an already read body strictly (onetrip.DecodeStrict).
func decodeStrict(body []byte, v any) error {
	return onetrip.DecodeStrict(bytes.NewReader(body), v)
}

func (a *API) routesCases() {
	a.handle(Route{Method: "POST", Path: "/api/v1/cases", Summary: "submit an application: at a window or by an agent it is accepted, refused, or gets ONE correction notice at once; online it goes to the window's pre-review queue",
		Tag: "intake", Body: casework.Submission{}, Resp: casework.Case{}, Status: 201, Idem: true},
		func(w http.ResponseWriter, r *http.Request) error {
			body, idem, done, err := a.idempotent(w, r, maxCaseBody)
			if err != nil || done {
				return err
			}
			var sub casework.Submission
			if err := decodeStrict(body, &sub); err != nil {
				return err
			}
			c, err := a.store.SubmitCase(r.Context(), caller(r), sub, idem)
			return a.afterWrite(w, r, idem, http.StatusCreated, c, err)
		})
	a.handle(Route{Method: "POST", Path: "/api/v1/cases/precheck", Summary: "check an application against the guide without submitting it: what is missing",
		Tag: "intake", Body: casework.Submission{}, Resp: Precheck{}},
		func(w http.ResponseWriter, r *http.Request) error {
			var sub casework.Submission
			if err := httpx.DecodeJSON(w, r, &sub, maxCaseBody); err != nil {
				return err
			}
			ev, err := a.store.Precheck(r.Context(), caller(r), sub)
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, Precheck{Complete: ev.Complete, Entries: ev.Entries, Missing: ev.Notice})
			return nil
		})
	a.handle(Route{Method: "GET", Path: "/api/v1/cases", Summary: "cases in the caller's scope, newest first",
		Tag: "intake", Params: []Param{{Name: "status", In: "query", Desc: "comma-separated case statuses: " + strings.Join(strs(intake.Statuses), ", "), Example: "submitted,needs_correction"},
			withDesc(regionParam, "cases of this region and below (within the caller's own)"),
			{Name: "item", In: "query", Desc: "item or bundle code", Example: "330-SCJG-005"}, {Name: "number", In: "query", Desc: "the case number printed on the receipt"},
			{Name: "breach", In: "query", Type: "integer", Enum: []string{"1"}, Desc: "1: cases with a second-notice or visit breach"},
			{Name: "overdue", In: "query", Type: "integer", Enum: []string{"1"}, Desc: "1: running cases past their due date"},
			{Name: "from", In: "query", Format: "date", Desc: "submitted on or after this date (YYYY-MM-DD, China time)", Example: "2026-11-01"},
			{Name: "to", In: "query", Format: "date", Desc: "submitted before this date", Example: "2026-12-01"},
			{Name: "after", In: "query", Desc: "keyset page: the cursor of the Link: rel=next header of the previous page"},
			limitParam, offsetParam},
		Resp: []casework.Case{}},
		func(w http.ResponseWriter, r *http.Request) error {
			q, err := a.caseQuery(r)
			if err != nil {
				return err
			}
			list, err := a.store.Cases(r.Context(), q)
			if err != nil {
				return err
			}
			if n := len(list); n > 0 && n == sqlstore.PageSize(q.Limit) {
				next := r.URL.Query()
				next.Set("after", sqlstore.CaseCursor(&list[n-1]))
				next.Del("offset")
				w.Header().Set("Link", "<"+r.URL.Path+"?"+next.Encode()+`>; rel="next"`)
			}
			for i := range list {
				list[i] = policy.MaskCase(caller(r), list[i], policy.InList, "")
			}
			httpx.WriteJSON(w, http.StatusOK, list)
			return nil
		})
	a.handle(Route{Method: "GET", Path: "/api/v1/cases/{id}", Summary: "one case with its materials, latest notice, trips and tasks; ID numbers masked unless the caller's role and the case need them",
		Tag: "intake", Params: []Param{{Name: "purpose", In: "query", Desc: "supervisors and admins: the stated purpose for which they see the ID numbers in full (recorded)", Example: "投诉核查 2026-118"}}, Resp: casework.Case{}},
		func(w http.ResponseWriter, r *http.Request) error {
			c, err := a.visibleCase(r)
			if err != nil {
				return err
			}
			purpose := r.URL.Query().Get("purpose")
			if err := a.store.Disclosed(r.Context(), caller(r), &c, policy.Opened, purpose); err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, policy.MaskCase(caller(r), c, policy.Opened, purpose))
			return nil
		})
	a.handle(Route{Method: "GET", Path: "/api/v1/cases/{id}/events", Summary: "the case's append-only event log and whether its SM3 hash chain is intact", Tag: "intake", Resp: EventsReport{}},
		func(w http.ResponseWriter, r *http.Request) error {
			c, err := a.visibleCase(r)
			if err != nil {
				return err
			}
			evs, err := a.store.Events(r.Context(), c.ID)
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, EventsReport{Events: evs, ChainIntact: casework.VerifyEvents(evs) == nil})
			return nil
		})
	a.handle(Route{Method: "GET", Path: "/api/v1/cases/{id}/notices", Summary: "the case's correction notices and refusal, in order", Tag: "intake", Resp: []casework.Notice{}},
		func(w http.ResponseWriter, r *http.Request) error {
			c, err := a.visibleCase(r)
			if err != nil {
				return err
			}
			list, err := a.store.Notices(r.Context(), c.ID)
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, list)
			return nil
		})
	a.handle(Route{Method: "POST", Path: "/api/v1/cases/{id}/review", Summary: "the window decides on a case waiting at it (pre-review or a correction brought back): accept, notice, or refuse",
		Tag: "intake", Body: casework.Review{}, Resp: casework.Case{}, Idem: true},
		a.reviewWrite(a.store.ReviewCase))
	a.handle(Route{Method: "POST", Path: "/api/v1/cases/{id}/resubmit", Summary: "the applicant answers a correction notice online; the case returns to the window's queue",
		Tag: "intake", Body: casework.Review{}, Resp: casework.Case{}, Idem: true},
		a.reviewWrite(a.store.ResubmitOnline))
	a.handle(Route{Method: "POST", Path: "/api/v1/cases/{id}/supply", Summary: "deferred materials (容缺) arrive after acceptance", Tag: "intake", Body: casework.Review{}, Resp: casework.Case{}},
		func(w http.ResponseWriter, r *http.Request) error {
			var rv casework.Review
			if err := httpx.DecodeJSON(w, r, &rv, maxCaseBody); err != nil {
				return err
			}
			c, err := a.store.SupplyDeferred(r.Context(), caller(r), r.PathValue("id"), rv)
			return a.afterWrite(w, r, nil, http.StatusOK, c, err)
		})
	a.handle(Route{Method: "POST", Path: "/api/v1/cases/{id}/withdraw", Summary: "withdraw an open case", Tag: "intake", Body: WithdrawRequest{}, Resp: casework.Case{}},
		func(w http.ResponseWriter, r *http.Request) error {
			var req WithdrawRequest
			if err := httpx.DecodeJSON(w, r, &req, 0); err != nil {
				return err
			}
			c, err := a.store.Withdraw(r.Context(), caller(r), r.PathValue("id"), req.Version, req.Reason)
			return a.afterWrite(w, r, nil, http.StatusOK, c, err)
		})
	a.handle(Route{Method: "GET", Path: "/api/v1/notices/{id}", Summary: "one notice (correction or refusal) as issued", Tag: "intake", Resp: casework.Notice{}},
		func(w http.ResponseWriter, r *http.Request) error {
			n, err := a.store.NoticeByID(r.Context(), r.PathValue("id"))
			if err != nil {
				return err
			}
			if _, err := a.store.VisibleCase(r.Context(), caller(r), n.CaseID); err != nil {
				return onetrip.NotFound("err.not_found")
			}
			httpx.WriteJSON(w, http.StatusOK, n)
			return nil
		})
	a.handle(Route{Method: "POST", Path: "/api/v1/blobs", Summary: "upload a material file (PDF, JPEG, PNG or OFD by content, at most 10 MB); answers its SM3 id",
		Params: []Param{{Name: "name", In: "query", Desc: "the file's name as people should see it (营业执照.pdf); the type is judged by content, never by the name", Example: "营业执照.pdf"}},
		Tag:    "intake", RawBody: []string{"application/pdf", "image/jpeg", "image/png", "application/ofd", "application/octet-stream"}, Resp: blob.Info{}, Status: 201},
		func(w http.ResponseWriter, r *http.Request) error {
			if a.blobs == nil {
				return onetrip.Internal(nil)
			}
			info, err := a.blobs.Put(http.MaxBytesReader(w, r.Body, blob.MaxFileBytes+1))
			if err != nil {
				var mbe *http.MaxBytesError
				if asErr(err, &mbe) {
					return onetrip.E(onetrip.CodeTooLarge, "blob.too_large", blob.MaxFileBytes>>20)
				}
				return err
			}
			info.Name = blob.CleanName(r.URL.Query().Get("name"))
			if err := a.store.RecordUpload(r.Context(), info, caller(r).Username); err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusCreated, info)
			return nil
		})
	a.handle(Route{Method: "GET", Path: "/api/v1/blobs/{id}", Summary: "download a file: its uploader, or whoever may see a case it is attached to", Tag: "intake", RawResps: []string{blob.TypePDF, blob.TypeJPEG, blob.TypePNG, blob.TypeOFD}},
		func(w http.ResponseWriter, r *http.Request) error {
			id := r.PathValue("id")
			if !blob.ValidID(id) {
				return onetrip.Invalid("blob.bad_id", id)
			}
			info, ok, err := a.store.BlobAccess(r.Context(), caller(r), id)
			if err != nil {
				return err
			}
			if !ok {
				return onetrip.NotFound("blob.not_found", id)
			}
			data, err := a.blobs.Get(id)
			if onetrip.HasCode(err, onetrip.CodeNotFound) && a.archive != nil {
				data, err = a.store.ArchivedFile(r.Context(), id, a.archive) // trimmed after archiving: read from the package
			}
			if err != nil {
				return err
			}
			w.Header().Set("Content-Type", info.ContentType)
			w.Header().Set("Content-Disposition", attachment(info))
			w.Header().Set("Cache-Control", "private, no-store")
			w.Write(data)
			return nil
		})
}

// attachment is the Content-Disposition of a download: the file's own name
// when it has one (RFC 6266, UTF-8 through filename*), else the digest.
func attachment(info blob.Info) string {
	name := info.Name
	if name == "" {
		name = info.ID
	}
	if v := mime.FormatMediaType("attachment", map[string]string{"filename": name}); v != "" {
		return v
	}
	return "attachment"
}

// visibleCase loads the path's case when the caller may see it; otherwise
// it answers not found, so other regions' cases do not leak.
func (a *API) visibleCase(r *http.Request) (casework.Case, error) {
	return a.store.VisibleCase(r.Context(), caller(r), r.PathValue("id"))
}

// caseQuery narrows a list to the caller's scope and the filters asked.
func (a *API) caseQuery(r *http.Request) (sqlstore.CaseQuery, error) {
	v := r.URL.Query()
	q := sqlstore.CaseQuery{Item: v.Get("item"), Number: v.Get("number")}
	if s := v.Get("status"); s != "" {
		for _, st := range strings.Split(s, ",") {
			if !intake.Status(st).Valid() {
				return q, onetrip.Invalid("api.bad_status", st)
			}
			q.Status = append(q.Status, intake.Status(st))
		}
	}
	if err := queryInts(r, map[string]*int{"limit": &q.Limit, "offset": &q.Offset}); err != nil {
		return q, err
	}
	for name, dst := range map[string]*bool{"breach": &q.Breach, "overdue": &q.Overdue} {
		switch v.Get(name) {
		case "", "0", "false":
		case "1", "true":
			*dst = true
		default:
			return q, onetrip.Invalid("http.bad_query", name, v.Get(name))
		}
	}
	q.Today = workday.DateOf(a.store.Now()).String()
	for name, dst := range map[string]*time.Time{"from": &q.From, "to": &q.To} {
		if s := v.Get(name); s != "" {
			d, err := workday.Parse(s)
			if err != nil {
				return q, onetrip.Invalid("http.bad_query", name, s)
			}
			*dst = d.Time() // midnight in China
		}
	}
	q.After = v.Get("after")
	scope, err := policy.CaseScope(caller(r), v.Get("region"))
	q.Scope = scope
	return q, err
}

// reviewWrite is an idempotent write that takes a Review of a case: the
// window's decision or the applicant's online answer to a notice.
func (a *API) reviewWrite(do func(ctx context.Context, p *onetrip.Principal, id string, rv casework.Review, idem *sqlstore.Idem) (casework.Case, error)) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		body, idem, done, err := a.idempotent(w, r, maxCaseBody)
		if err != nil || done {
			return err
		}
		var rv casework.Review
		if err := decodeStrict(body, &rv); err != nil {
			return err
		}
		c, err := do(r.Context(), caller(r), r.PathValue("id"), rv, idem)
		return a.afterWrite(w, r, idem, http.StatusOK, c, err)
	}
}
