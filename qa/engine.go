package qa

import (
	"context"
	"regexp"
	"strings"
	"sync"

	"onetrip"
	"onetrip/catalog"
)

// Source is where the engine reads what it indexes: the store.
type Source interface {
	// QAGeneration changes whenever the catalogue, the knowledge base or
	// the synonym table changes (on any node: it is read from the
	// database), and at midnight (entries' validity).
	QAGeneration(ctx context.Context) (string, error)
	// QACorpus is the published catalogue, the live entries and the
	// synonyms.
	QACorpus(ctx context.Context) (*Corpus, error)
	// QAPlace is where a region does an item; nil when it has no
	// implementation there or above.
	QAPlace(ctx context.Context, item, region string) (*Place, error)
	// QARegionExists says whether a region code is known.
	QARegionExists(ctx context.Context, code string) (bool, error)
	// QAUnanswered records an anonymised question that found no answer.
	QAUnanswered(ctx context.Context, question string, region string) error
}

// Question is what a citizen or a clerk asks.
type Question struct {
	Text   string
	Region string
	Lang   onetrip.Lang
	Limit  int
}

// MaxAnswers bounds Question.Limit.
const MaxAnswers = 20

// Result is the ranked answers to a question and what it asks about.
// Answered is false when nothing in the names, keywords or entries matched:
// then Answers are only suggestions (services that merely mention the
// words, or the most asked-for services) and the question is logged for
// the knowledge-base team.
type Result struct {
	Question string   `json:"question"`
	Intent   Intent   `json:"intent"`
	Answered bool     `json:"answered"`
	Message  string   `json:"message,omitempty"`
	Answers  []Answer `json:"answers"`
}

// Engine answers questions from an index it keeps current with its Source.
type Engine struct {
	src Source

	mu sync.Mutex // held while (re)building
	ix *index
}

// NewEngine makes an engine; the index is built on the first question.
func NewEngine(src Source) *Engine { return &Engine{src: src} }

// current returns the index for the source's generation, building it when
// the generation moved. Concurrent askers wait for the one build: an answer
// after an admin's change must reflect it.
func (e *Engine) current(ctx context.Context) (*index, error) {
	gen, err := e.src.QAGeneration(ctx)
	if err != nil {
		return nil, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.ix != nil && e.ix.gen == gen {
		return e.ix, nil
	}
	c, err := e.src.QACorpus(ctx)
	if err != nil {
		return nil, err
	}
	ix, err := build(gen, c)
	if err != nil {
		return nil, err
	}
	if e.ix != nil {
		e.ix.bleve.Close()
	}
	e.ix = ix
	return ix, nil
}

// Warm builds the index now (at start), so the first question does not
// wait for it.
func (e *Engine) Warm(ctx context.Context) error {
	_, err := e.current(ctx)
	return err
}

// Ask answers a question.
func (e *Engine) Ask(ctx context.Context, q Question) (Result, error) {
	text, err := CleanQuestion(q.Text)
	if err != nil {
		return Result{}, err
	}
	if q.Limit == 0 {
		q.Limit = 5
	}
	if q.Limit < 1 || q.Limit > MaxAnswers {
		return Result{}, onetrip.Invalid("qa.limit.invalid", MaxAnswers)
	}
	if q.Region != "" {
		ok, err := e.src.QARegionExists(ctx, q.Region)
		if err != nil {
			return Result{}, err
		}
		if !ok {
			return Result{}, onetrip.Invalid("qa.region.unknown", q.Region)
		}
	}
	ix, err := e.current(ctx)
	if err != nil {
		return Result{}, err
	}
	res := Result{Question: text, Intent: DetectIntent(text), Answers: []Answer{}}
	hs, err := ix.search(text, true, 4*q.Limit+10)
	if err != nil {
		return Result{}, err
	}
	hs = append(ix.byCode(q.Text), hs...)
	res.Answered = len(hs) > 0
	if !res.Answered {
		if hs, err = ix.search(text, false, 4*q.Limit+10); err != nil {
			return Result{}, err
		}
	}
	hs = ix.arrange(text, q.Region, hs)
	for _, h := range hs {
		if len(res.Answers) == q.Limit {
			break
		}
		a, err := e.answer(ctx, ix, h, res.Intent, q)
		if err != nil {
			return Result{}, err
		}
		res.Answers = append(res.Answers, a)
	}
	if !res.Answered {
		res.Message = onetrip.Render(q.Lang, "qa.no_answer")
		if len(res.Answers) == 0 {
			res.Answers = ix.suggestions(q.Lang, q.Limit)
		}
		if text != "" {
			if err := e.src.QAUnanswered(ctx, Anonymise(text), q.Region); err != nil {
				return Result{}, err
			}
		}
	}
	return res, nil
}

// codeRE finds a catalogue code typed as such (330-SCJG-004, B-RESTAURANT):
// a clerk who knows the code gets that service first.
var codeRE = regexp.MustCompile(`(?i)\b(330-[a-z]{4}-\d{3}|b-[a-z0-9]+(?:-[a-z0-9]+)*)\b`)

// codeScore ranks a service named by its code above anything found by words.
const codeScore = 1000

func (ix *index) byCode(raw string) []hit {
	var out []hit
	for _, c := range codeRE.FindAllString(raw, 4) {
		c = strings.ToUpper(c)
		if _, ok := ix.items[c]; ok {
			out = append(out, hit{id: c, kind: KindItem, score: codeScore})
		} else if _, ok := ix.bundles[c]; ok {
			out = append(out, hit{id: c, kind: KindBundle, score: codeScore})
		}
	}
	return out
}

// Bundles answer questions about a life event: when a question asks for
// everything an undertaking needs, a bundle's score is raised by
// lifeEventBoost; otherwise a single item that matches as well is the
// better answer and the bundle is lowered a little.
const (
	lifeEventBoost  = 1.6
	singleItemBoost = 0.85
)

// arrange applies what scores alone do not know: the life-event rule,
// entries outside the asker's region, and one answer per service for
// entries drawn from a guide whose item is already answered above them.
func (ix *index) arrange(q, region string, hs []hit) []hit {
	life := IsLifeEvent(q)
	out := hs[:0]
	seen := map[string]bool{}
	for _, h := range hs {
		if seen[h.id] {
			continue
		}
		seen[h.id] = true
		switch h.kind {
		case KindBundle:
			if h.score >= codeScore {
				break
			}
			if life {
				h.score *= lifeEventBoost
			} else {
				h.score *= singleItemBoost
			}
		case KindEntry:
			if !ix.entries[h.id].InRegion(region) {
				continue
			}
		}
		out = append(out, h)
	}
	rank(out)
	return out
}

func (e *Engine) answer(ctx context.Context, ix *index, h hit, in Intent, q Question) (Answer, error) {
	switch h.kind {
	case KindItem:
		it := ix.items[h.id]
		var place *Place
		if in == IntentPlace && q.Region != "" {
			p, err := e.src.QAPlace(ctx, it.Code, q.Region)
			if err != nil {
				return Answer{}, err
			}
			place = p
		}
		return Answer{Code: it.Code, Kind: KindItem, Name: it.Name, Score: round(h.score),
			Answer: ComposeItem(it, in, place, q.Lang), Materials: MaterialNames(it, q.Lang), Links: ItemLinks(it, q.Lang)}, nil
	case KindBundle:
		b := ix.bundles[h.id]
		return Answer{Code: b.Code, Kind: KindBundle, Name: b.Name, Score: round(h.score),
			Answer: ComposeBundle(b, ix.items, in, q.Lang), Materials: BundleMaterials(b, ix.items, q.Lang), Links: BundleLinks(b, q.Lang)}, nil
	}
	en := ix.entries[h.id]
	a := Answer{Code: en.ID, Kind: KindEntry, Name: en.Question, Score: round(h.score), Services: en.Services, Links: []Link{}}
	var guide *catalog.Item
	if len(en.Services) > 0 {
		if it, ok := ix.items[en.Services[0]]; ok {
			guide = &it
			a.Links = ItemLinks(it, q.Lang)
		} else if b, ok := ix.bundles[en.Services[0]]; ok {
			a.Links = BundleLinks(b, q.Lang)
		}
	}
	a.Answer = RenderAnswer(en, guide, q.Lang)
	return a, nil
}

// suggestions are the first services of the catalogue's bundles, the life
// events most people come for, shown when a question found nothing at all.
func (ix *index) suggestions(lang onetrip.Lang, n int) []Answer {
	out := []Answer{}
	for _, b := range ix.corpus.Bundles {
		if len(out) == n {
			break
		}
		out = append(out, Answer{Code: b.Code, Kind: KindBundle, Name: b.Name, Answer: ComposeBundle(b, ix.items, IntentService, lang),
			Links: BundleLinks(b, lang)})
	}
	return out
}

func round(f float64) float64 { return float64(int(f*1000+0.5)) / 1000 }

var (
	idLikeRE = regexp.MustCompile(`[0-9a-z]*\d[0-9a-z]{5,}`)
)

// Anonymise takes out of a logged question what could name a person: any
// run of six or more characters with a digit in it (a citizen ID, a phone
// number, a case or licence number) becomes ＊.
func Anonymise(q string) string {
	return strings.TrimSpace(idLikeRE.ReplaceAllString(q, "＊"))
}
