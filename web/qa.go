package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"onetrip"
	"onetrip/qa"
)

// Question answering on the pages (问答): the public question box (on the
// guides and here, phone-sized), the answer cards with the part asked
// about, and 有帮助/没帮助 on each answer. The window's "find a service" and
// the guides' search rank with the same engine (findServices).

type qaData struct {
	Q, Region string
	Regions   []regionOpt
	Result    *qa.Result
	IntentKey string
	CSRF      string
	Thanks    bool
}

func (w *Web) qaPage(rw http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	d := &qaData{Q: strings.TrimSpace(q.Get("q")), Region: q.Get("region"), Thanks: q.Get("thanks") == "1"}
	p := w.page(r, "ui.qa.title", d)
	var err error
	if d.Regions, err = w.guideRegions(ctx); err != nil {
		w.renderError(rw, r, err)
		return
	}
	status := http.StatusOK
	if d.Q != "" {
		if err := w.opts.QALimit.Check(r); err != nil {
			w.renderError(rw, r, err)
			return
		}
		res, err := w.opts.QA.Ask(ctx, qa.Question{Text: d.Q, Region: d.Region, Lang: p.Lang})
		switch {
		case onetrip.HasCode(err, onetrip.CodeInvalid):
			status, p.Error = http.StatusBadRequest, onetrip.Render(p.Lang, onetrip.AsError(err).Key, onetrip.AsError(err).Args...)
			if len([]rune(d.Q)) > qa.MaxQuestionRunes {
				d.Q = string([]rune(d.Q)[:qa.MaxQuestionRunes])
			}
		case err != nil:
			w.renderError(rw, r, err)
			return
		default:
			d.Result = &res
			d.IntentKey = "qa.intent." + string(res.Intent)
			d.CSRF = w.publicCSRF(rw, r)
		}
	}
	w.render(rw, r, "qa", status, p)
}

// qaFeedback counts a 有帮助 / 没帮助 and goes back to the answers.
func (w *Web) qaFeedback(rw http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(rw, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		w.renderError(rw, r, onetrip.Invalid("err.invalid"))
		return
	}
	if err := checkPublicCSRF(r, r.PostFormValue("csrf")); err != nil {
		w.renderError(rw, r, err)
		return
	}
	if err := w.opts.QALimit.Check(r); err != nil {
		w.renderError(rw, r, err)
		return
	}
	var helpful bool
	switch r.PostFormValue("helpful") {
	case "yes":
		helpful = true
	case "no":
	default:
		w.renderError(rw, r, onetrip.Invalid("qa.feedback.invalid"))
		return
	}
	if err := w.store.RecordFeedback(r.Context(), qa.Kind(r.PostFormValue("kind")), r.PostFormValue("code"), helpful); err != nil {
		w.renderError(rw, r, err)
		return
	}
	back := url.Values{"q": {r.PostFormValue("q")}, "thanks": {"1"}}
	if reg := r.PostFormValue("region"); reg != "" {
		back.Set("region", reg)
	}
	http.Redirect(rw, r, "/qa?"+back.Encode(), http.StatusSeeOther)
}

// findServices ranks the items and bundles for what someone typed, with the
// question-answering engine (so 开面馆 finds 开办餐饮店一件事): codes in
// rank order, entries counted for the services they belong to. An invalid
// query (too long) finds nothing.
func (w *Web) findServices(ctx context.Context, text, region string, lang onetrip.Lang) (items, bundles []string, err error) {
	if strings.TrimSpace(text) == "" {
		return nil, nil, nil
	}
	res, err := w.opts.QA.Ask(ctx, qa.Question{Text: text, Region: region, Lang: lang, Limit: qa.MaxAnswers})
	if onetrip.HasCode(err, onetrip.CodeInvalid) {
		return nil, nil, nil
	}
	if err != nil || !res.Answered {
		return nil, nil, err
	}
	seen := map[string]bool{}
	for _, a := range res.Answers {
		codes := []string{a.Code}
		if a.Kind == qa.KindEntry {
			codes = a.Services
		}
		for _, c := range codes {
			if seen[c] {
				continue
			}
			seen[c] = true
			if strings.HasPrefix(c, "B-") {
				bundles = append(bundles, c)
			} else {
				items = append(items, c)
			}
		}
	}
	return items, bundles, nil
}
