package httpapi

import (
	"net/http"
	"strconv"

	"onetrip"
	"onetrip/httpx"
	"onetrip/policy"
	"onetrip/qa"
	"onetrip/sqlstore"
)

// FeedbackRequest is a 有帮助 / 没帮助 on one answer.
type FeedbackRequest struct {
	Kind    qa.Kind `json:"kind"`
	Code    string  `json:"code"`
	Helpful bool    `json:"helpful"`
}

// SynonymRequest is the catalogue words a term maps to.
type SynonymRequest struct {
	Targets []string `json:"targets"`
}

// EntryRequest is what an admin writes of a knowledge entry. Revision is
// the revision the edit started from (0 for a new entry).
type EntryRequest struct {
	Question  string   `json:"question"`
	Answer    string   `json:"answer"`
	Services  []string `json:"services"`
	Region    string   `json:"region,omitempty"`
	ValidFrom string   `json:"valid_from,omitempty"`
	ValidTo   string   `json:"valid_to,omitempty"`
	Revision  int      `json:"revision"`
}

// StateRequest moves an entry through review.
type StateRequest struct {
	State qa.EntryState `json:"state"`
}

// DefaultQARate and DefaultQABurst bound how fast one client may ask
// (questions a second, and a burst): a person types far slower, a script
// scraping the service is held back.
const (
	DefaultQARate  = 10
	DefaultQABurst = 30
)

// UseQA makes the API answer with a node's engine and limiter (the web
// pages share them).
func (a *API) UseQA(e *qa.Engine, l *httpx.Limiter) { a.qa, a.qaLimit = e, l }

func (a *API) routesQA() {
	a.handle(Route{Method: "GET", Path: "/api/v1/qa", Summary: "answer a question as people ask it (开面馆要办什么证): ranked items, bundles and knowledge entries with the part asked about (materials, fee, time, place, online, conditions) answered from the guide, and links to apply; public, rate-limited per client. A question nothing answers has answered=false, a message and suggestions",
		Tag: "qa", Public: true, Errors: []int{429},
		Params: []Param{
			{Name: "q", In: "query", Required: true, Desc: "the question, at most 200 characters", Example: "开面馆要办什么证"},
			withDesc(regionParam, "the asker's region (place answers come from its implementation; entries of other regions are left out)"),
			{Name: "limit", In: "query", Type: "integer", Min: intp(1), Max: intp(qa.MaxAnswers), Example: 5, Desc: "answers to return, 1–20 (default 5)"},
		}, Resp: qa.Result{}},
		func(w http.ResponseWriter, r *http.Request) error {
			if err := a.qaLimit.Check(r); err != nil {
				return err
			}
			q := qa.Question{Text: r.URL.Query().Get("q"), Region: r.URL.Query().Get("region"), Lang: httpx.Lang(r)}
			if v := r.URL.Query().Get("limit"); v != "" {
				n, err := strconv.Atoi(v)
				if err != nil || n < 1 || n > qa.MaxAnswers {
					return onetrip.Invalid("qa.limit.invalid", qa.MaxAnswers)
				}
				q.Limit = n
			}
			res, err := a.qa.Ask(r.Context(), q)
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, res)
			return nil
		})
	a.handle(Route{Method: "POST", Path: "/api/v1/qa/feedback", Summary: "有帮助 / 没帮助 on one answer (public, rate-limited): counted per item, bundle or entry for the knowledge-base team",
		Tag: "qa", Public: true, Body: FeedbackRequest{}, Status: 204, Errors: []int{404, 429}},
		func(w http.ResponseWriter, r *http.Request) error {
			if err := a.qaLimit.Check(r); err != nil {
				return err
			}
			var req FeedbackRequest
			if err := httpx.DecodeJSON(w, r, &req, 0); err != nil {
				return err
			}
			if err := a.store.RecordFeedback(r.Context(), req.Kind, req.Code, req.Helpful); err != nil {
				return err
			}
			w.WriteHeader(http.StatusNoContent)
			return nil
		})
	a.handle(Route{Method: "GET", Path: "/api/v1/qa/unanswered", Summary: "the most asked questions nothing answered, anonymised (admins)", Tag: "qa",
		Params: []Param{limitParam}, Resp: []sqlstore.Unanswered{}},
		func(w http.ResponseWriter, r *http.Request) error {
			if err := requireRegionAdmin(r); err != nil {
				return err
			}
			limit := 100
			if err := queryInts(r, map[string]*int{"limit": &limit}); err != nil {
				return err
			}
			list, err := a.store.UnansweredQuestions(r.Context(), limit)
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, list)
			return nil
		})
	a.handle(Route{Method: "GET", Path: "/api/v1/qa/synonyms", Summary: "the synonym table: the words people use and the catalogue's words for them", Tag: "qa", Public: true, Resp: []qa.Synonym{}},
		func(w http.ResponseWriter, r *http.Request) error {
			list, err := a.store.Synonyms(r.Context())
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, list)
			return nil
		})
	a.handle(Route{Method: "PUT", Path: "/api/v1/qa/synonyms/{term}", Summary: "add or replace a synonym (the province's admins); every node's search follows at once", Tag: "qa",
		Body: SynonymRequest{}, Resp: qa.Synonym{}},
		func(w http.ResponseWriter, r *http.Request) error {
			if !policy.CanEditSynonyms(caller(r)) {
				return onetrip.Forbidden("err.forbidden")
			}
			var req SynonymRequest
			if err := httpx.DecodeJSON(w, r, &req, 0); err != nil {
				return err
			}
			sy := qa.Synonym{Term: r.PathValue("term"), Targets: req.Targets}
			if err := a.store.SetSynonym(r.Context(), sy, caller(r).Username); err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, sy)
			return nil
		})
	a.handle(Route{Method: "DELETE", Path: "/api/v1/qa/synonyms/{term}", Summary: "remove a synonym (the province's admins)", Tag: "qa", Status: 204},
		func(w http.ResponseWriter, r *http.Request) error {
			if !policy.CanEditSynonyms(caller(r)) {
				return onetrip.Forbidden("err.forbidden")
			}
			if err := a.store.DeleteSynonym(r.Context(), r.PathValue("term")); err != nil {
				return err
			}
			w.WriteHeader(http.StatusNoContent)
			return nil
		})
	a.handle(Route{Method: "GET", Path: "/api/v1/qa/entries", Summary: "knowledge entries (admins), newest change first, with their feedback counts", Tag: "qa",
		Params: []Param{{Name: "state", In: "query", Enum: []string{"draft", "reviewed", "published", "retired"}, Desc: "entries in this state"},
			{Name: "service", In: "query", Desc: "entries of this item or bundle", Example: "B-RESTAURANT"},
			{Name: "q", In: "query", Desc: "words of the question or answer"}, limitParam},
		Resp: []qa.Entry{}},
		func(w http.ResponseWriter, r *http.Request) error {
			if err := requireRegionAdmin(r); err != nil {
				return err
			}
			limit := 50
			if err := queryInts(r, map[string]*int{"limit": &limit}); err != nil {
				return err
			}
			state, err := queryEnum(r, "state", []string{"draft", "reviewed", "published", "retired"})
			if err != nil {
				return err
			}
			q := sqlstore.KnowledgeQuery{State: qa.EntryState(state), Service: r.URL.Query().Get("service"), Q: r.URL.Query().Get("q"), Limit: min(limit, 200)}
			list, err := a.store.KnowledgeEntries(r.Context(), q)
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, list)
			return nil
		})
	a.handle(Route{Method: "POST", Path: "/api/v1/qa/entries", Summary: "write a knowledge entry (a region's admin, for the region); it is a draft until another admin reviews it and it is published", Tag: "qa",
		Body: EntryRequest{}, Resp: qa.Entry{}, Status: 201},
		func(w http.ResponseWriter, r *http.Request) error {
			var req EntryRequest
			if err := httpx.DecodeJSON(w, r, &req, 0); err != nil {
				return err
			}
			if !policy.CanEditKnowledge(caller(r), req.Region) {
				return onetrip.Forbidden("err.forbidden")
			}
			e, err := a.store.SaveKnowledgeEntry(r.Context(), entryOf(req, ""), 0, caller(r).Username)
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusCreated, e)
			return nil
		})
	a.handle(Route{Method: "GET", Path: "/api/v1/qa/entries/{id}", Summary: "one knowledge entry (admins)", Tag: "qa", Resp: qa.Entry{}},
		func(w http.ResponseWriter, r *http.Request) error {
			if err := requireRegionAdmin(r); err != nil {
				return err
			}
			e, err := a.store.KnowledgeEntry(r.Context(), r.PathValue("id"))
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, e)
			return nil
		})
	a.handle(Route{Method: "PUT", Path: "/api/v1/qa/entries/{id}", Summary: "change a knowledge entry: it returns to draft and is reviewed again; a revision other than the current one is a conflict", Tag: "qa",
		Body: EntryRequest{}, Resp: qa.Entry{}},
		func(w http.ResponseWriter, r *http.Request) error {
			var req EntryRequest
			if err := httpx.DecodeJSON(w, r, &req, 0); err != nil {
				return err
			}
			cur, err := a.store.KnowledgeEntry(r.Context(), r.PathValue("id"))
			if err != nil {
				return err
			}
			if !policy.CanEditKnowledge(caller(r), cur.Region) || !policy.CanEditKnowledge(caller(r), req.Region) {
				return onetrip.Forbidden("err.forbidden")
			}
			if req.Revision < 1 {
				return onetrip.Invalid("qa.entry.revision")
			}
			e, err := a.store.SaveKnowledgeEntry(r.Context(), entryOf(req, cur.ID), req.Revision, caller(r).Username)
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, e)
			return nil
		})
	a.handle(Route{Method: "POST", Path: "/api/v1/qa/entries/{id}/state", Summary: "move an entry through review: reviewed (by an admin other than its author, with no lint findings), published, retired, or back to draft", Tag: "qa",
		Body: StateRequest{}, Resp: qa.Entry{}},
		func(w http.ResponseWriter, r *http.Request) error {
			var req StateRequest
			if err := httpx.DecodeJSON(w, r, &req, 0); err != nil {
				return err
			}
			cur, err := a.store.KnowledgeEntry(r.Context(), r.PathValue("id"))
			if err != nil {
				return err
			}
			if !policy.CanEditKnowledge(caller(r), cur.Region) {
				return onetrip.Forbidden("err.forbidden")
			}
			e, err := a.store.TransitionKnowledgeEntry(r.Context(), cur.ID, req.State, caller(r).Username)
			if err != nil {
				return err
			}
			httpx.WriteJSON(w, http.StatusOK, e)
			return nil
		})
}

func entryOf(req EntryRequest, id string) qa.Entry {
	return qa.Entry{ID: id, Question: req.Question, Answer: req.Answer, Services: req.Services, Region: req.Region,
		ValidFrom: req.ValidFrom, ValidTo: req.ValidTo}
}
