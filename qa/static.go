package qa

import (
	"context"
	"strconv"
	"sync/atomic"

	"onetrip/catalog"
)

// StaticSource is a corpus held in memory, for evaluating the engine
// without a database (onetrip qa eval --builtin) and for tests of the
// domain: it knows no implementations (place answers name the window) and
// every region, and it counts the unanswered questions instead of storing
// them.
type StaticSource struct {
	Corpus     Corpus
	Unanswered atomic.Int64
}

// BuiltinSource is the embedded catalogue (catalog.Demo) with its guides'
// FAQ and the default synonym table.
func BuiltinSource() (*StaticSource, error) {
	c, err := catalog.Demo()
	if err != nil {
		return nil, err
	}
	return &StaticSource{Corpus: Corpus{Items: c.Items, Bundles: c.Bundles, Entries: GuideEntries(c.Items),
		Synonyms: append([]Synonym(nil), DefaultSynonyms...)}}, nil
}

// QAGeneration is constant: the corpus does not change.
func (s *StaticSource) QAGeneration(context.Context) (string, error) { return "static", nil }

// QACorpus returns the corpus.
func (s *StaticSource) QACorpus(context.Context) (*Corpus, error) { c := s.Corpus; return &c, nil }

// QAPlace knows no implementations.
func (s *StaticSource) QAPlace(context.Context, string, string) (*Place, error) { return nil, nil }

// QARegionExists accepts every well-formed Zhejiang code.
func (s *StaticSource) QARegionExists(_ context.Context, code string) (bool, error) {
	return ZhejiangRegion(code), nil
}

// QAUnanswered counts the question.
func (s *StaticSource) QAUnanswered(context.Context, string, string) error {
	s.Unanswered.Add(1)
	return nil
}

// String says what the source is, for reports.
func (s *StaticSource) String() string {
	return "built-in catalogue: " + strconv.Itoa(len(s.Corpus.Items)) + " items, " + strconv.Itoa(len(s.Corpus.Bundles)) + " bundles"
}
