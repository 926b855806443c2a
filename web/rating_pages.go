package web

import (
	"context"
	"net/http"
	"slices"
	"strings"

	"onetrip"
	"onetrip/casework"
	"onetrip/httpx"
	"onetrip/policy"
	"onetrip/supervision"
)

// Ratings (好差评, GB/T 39735): the applicant of record rates a closed case
// once on its page, and once more after a bad rating's rectification is
// answered; at the window the rating device (评价器) rates the window's
// service or the case as the clerk. The store and supervision hold every
// rule; the pages show the form, the rating given and the answer.

// ratingRow is a rating as shown.
type ratingRow struct {
	supervision.Rating
	At string
}

func ratingRows(list []supervision.Rating) []ratingRow {
	out := make([]ratingRow, 0, len(list))
	for _, rt := range list {
		out = append(out, ratingRow{Rating: rt, At: timeOf(rt.At)})
	}
	return out
}

// ratingView is the rating section of the case page (_rating.html).
type ratingView struct {
	Page   *Page
	CaseID string
	Levels []supervision.Level
	// Form: the viewer (the applicant of record) may rate the case now;
	// FollowUp: it is the one rating after an answered rectification.
	Form, FollowUp bool
	// Mine are the case's ratings of the case itself (the applicant's:
	// the first and any follow-up), Ratings every rating of the case,
	// oldest first.
	Mine    []ratingRow
	Ratings []ratingRow
	// Rect is the rectification of the latest bad rating, as the rater
	// sees it (its state and answer), when it could be read.
	Rect *supervision.Rectification
	// Applicant: the viewer is the applicant of record.
	Applicant bool
	// DeviceHref is the window's rating device for a clerk.
	DeviceHref string
	// What a refused form sent, and why it was refused.
	Level, Comment, Err string
}

func init() {
	catalogFuncs["levelBad"] = func(l supervision.Level) bool { return l.Bad() }
}

// caseRating is the rating section of case c for p: nil when there is
// nothing to show (an open case, nobody rated, not the applicant).
func (w *Web) caseRating(ctx context.Context, pg *Page, p *onetrip.Principal, c *casework.Case, done string) (*ratingView, error) {
	if !supervision.Rateable(c.Status) {
		return nil, nil
	}
	all, err := w.store.CaseRatings(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	v := &ratingView{CaseID: c.ID, Levels: supervision.Levels, Ratings: ratingRows(all)}
	if p.Is(onetrip.RoleClerk) {
		if _, err := policy.RateCase(p, c, supervision.ChannelDevice); err == nil {
			v.DeviceHref = "/window/rate/" + c.ID
		}
	}
	if _, err := policy.RateCase(p, c, supervision.ChannelOnline); err == nil && p.Is(onetrip.RoleApplicant) {
		v.Applicant = true
		var prior []supervision.Rating
		for _, rt := range all {
			if rt.Target == supervision.TargetCase {
				prior = append(prior, rt)
			}
		}
		switch {
		case len(prior) == 0:
			v.Form = true
		default:
			v.Mine = ratingRows(prior)
			if first := prior[0]; len(prior) == 1 && first.Level.Bad() {
				v.Rect = w.ratingRect(ctx, first)
				v.Form = v.Rect != nil && v.Rect.State == supervision.RectAnswered
				v.FollowUp = v.Form
			} else if len(prior) > 1 && first.Level.Bad() {
				v.Rect = w.ratingRect(ctx, first)
			}
		}
	}
	if done == "rated" {
		pg.Flash = pg.T("ui.rate.thanks")
	}
	if !v.Applicant && v.DeviceHref == "" && len(v.Ratings) == 0 {
		return nil, nil
	}
	return v, nil
}

// ratingRect is the rectification a bad rating opened (nil when none).
func (w *Web) ratingRect(ctx context.Context, rt supervision.Rating) *supervision.Rectification {
	x, err := w.store.RatingRectification(ctx, rt.ID)
	if err != nil {
		return nil
	}
	return x
}

// postRating records the form's rating of case id as p through channel
// ch. A refusal the form can show (a missing level or reason, a second
// rating) comes back with its status and body, refused; a case out of
// reach is answered with the error page here, and answered says so.
func (w *Web) postRating(rw http.ResponseWriter, r *http.Request, p *onetrip.Principal, id string, target supervision.Target, ch supervision.Channel) (n supervision.NewRating, status int, body httpx.ErrorBody, refused, answered bool) {
	n = supervision.NewRating{Target: target, Level: supervision.Level(r.PostFormValue("level")),
		Comment: strings.TrimSpace(r.PostFormValue("comment")), Channel: ch}
	var err error
	if n.Level == "" {
		err = onetrip.Invalid("supervision.rating.invalid").WithDetail("level", "ui.rate.choose")
	} else {
		_, _, err = w.store.RateCase(r.Context(), p, id, n)
	}
	if err == nil {
		return n, 0, body, false, false
	}
	status, body = httpx.Body(err, httpx.PageLang(r))
	if status == http.StatusNotFound || status == http.StatusForbidden {
		w.renderError(rw, r, err)
		return n, status, body, false, true
	}
	return n, status, body, true, false
}

// rateCase records the applicant's rating of the case (POST
// /cases/{id}/rating); a refused rating shows the case page again with the
// store's reason at the form.
func (w *Web) rateCase(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireUser(rw, r, onetrip.RoleApplicant)
	if !ok || !w.postForm(rw, r) {
		return
	}
	id := r.PathValue("id")
	n, status, body, refused, answered := w.postRating(rw, r, p, id, supervision.TargetCase, supervision.ChannelOnline)
	if answered {
		return
	}
	if refused {
		w.showCase(rw, r, id, status, func(pg *Page, v *caseView) {
			msg := errorText(pg.Lang, body)
			if v.Rating == nil {
				pg.Error = msg
				return
			}
			v.Rating.Err, v.Rating.Level, v.Rating.Comment = msg, string(n.Level), n.Comment
		})
		return
	}
	http.Redirect(rw, r, "/cases/"+id+"?done=rated#rating", http.StatusSeeOther)
}

// The window's rating device (评价器): a screen turned to the applicant at
// the counter, five large buttons for the window's service or the case.

type targetOpt struct {
	Target supervision.Target
	Key    string
	Done   *ratingRow // already rated
}

type windowRateView struct {
	Case     casework.Case
	Rateable bool
	Status   string // why it cannot be rated yet
	Levels   []supervision.Level
	Targets  []targetOpt
	Target   string
	Level    string
	Comment  string
	Err      string
	Ratings  []ratingRow
}

func (w *Web) windowRateForm(rw http.ResponseWriter, r *http.Request) {
	w.showWindowRate(rw, r, http.StatusOK, nil)
}

// showWindowRate renders the rating device for the path's case; answer
// fills in a refused form.
func (w *Web) showWindowRate(rw http.ResponseWriter, r *http.Request, status int, answer func(pg *Page, v *windowRateView)) {
	p, ok := w.requireUser(rw, r, onetrip.RoleClerk)
	if !ok {
		return
	}
	ctx := r.Context()
	c, err := w.visibleCase(ctx, p, r.PathValue("id"))
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	if _, err := policy.RateCase(p, &c, supervision.ChannelDevice); err != nil {
		w.renderError(rw, r, err)
		return
	}
	pg := w.page(r, "ui.rate.device.title", nil)
	v := &windowRateView{Case: policy.MaskCase(p, c, policy.InList, ""), Rateable: supervision.Rateable(c.Status), Levels: supervision.Levels}
	if !v.Rateable {
		v.Status = pg.T("supervision.rating.open", pg.T(c.Status.Key()))
	}
	all, err := w.store.CaseRatings(ctx, c.ID)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	v.Ratings = ratingRows(all)
	for _, t := range []supervision.Target{supervision.TargetWindow, supervision.TargetCase} {
		o := targetOpt{Target: t, Key: "ui.rate.target." + string(t)}
		for i := range v.Ratings {
			if v.Ratings[i].Target == t {
				o.Done = &v.Ratings[i]
			}
		}
		if o.Done == nil && v.Target == "" {
			v.Target = string(t) // the first not yet rated is chosen
		}
		v.Targets = append(v.Targets, o)
	}
	if v.Target == "" {
		v.Target = string(supervision.TargetWindow)
	}
	if t := r.URL.Query().Get("done"); t != "" && slices.Contains(supervision.Targets, supervision.Target(t)) {
		pg.Flash = pg.T("ui.rate.thanks")
	}
	if answer != nil {
		answer(pg, v)
	}
	pg.Title = pg.T("ui.rate.device.title") + " " + c.Number
	pg.Data = v
	w.render(rw, r, "window_rate", status, pg)
}

// windowRate records the device's rating as the clerk (channel device).
func (w *Web) windowRate(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.requireUser(rw, r, onetrip.RoleClerk)
	if !ok || !w.postForm(rw, r) {
		return
	}
	id := r.PathValue("id")
	n, status, body, refused, answered := w.postRating(rw, r, p, id, supervision.Target(r.PostFormValue("target")), supervision.ChannelDevice)
	if answered {
		return
	}
	if refused {
		w.showWindowRate(rw, r, status, func(pg *Page, v *windowRateView) {
			v.Err, v.Level, v.Comment = errorText(pg.Lang, body), string(n.Level), n.Comment
			if slices.Contains(supervision.Targets, n.Target) {
				v.Target = string(n.Target)
			}
		})
		return
	}
	http.Redirect(rw, r, "/window/rate/"+id+"?done="+string(n.Target), http.StatusSeeOther)
}
