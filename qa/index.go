package qa

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	unitok "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/whitespace"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/mozillazg/go-pinyin"

	"onetrip/catalog"
)

// The analyzers of the index. Chinese text is cut into overlapping
// character pairs (CJK bigrams: 社保卡 → 社保 保卡), which needs no
// dictionary, finds the colloquial words a dictionary lacks (奶茶店, 扯证)
// and matches a name inside a longer phrase; pinyin is indexed as syllable
// pairs so that a homophone typed by mistake (身分证, 社保咔) still meets
// the word it sounds like.
const (
	analyzerZH     = "zh"
	analyzerPinyin = "pinyin"
)

// doc is what the index holds of one item, bundle or entry. Name and
// keywords carry the boosts; body is the rest of the guide (materials,
// conditions, FAQ) at a low weight.
type doc struct {
	Kind     string `json:"kind"`
	Name     string `json:"name"`
	Keywords string `json:"keywords"`
	Question string `json:"question"`
	Body     string `json:"body"`
	Pinyin   string `json:"pinyin"`
	Spelled  string `json:"spelled"`
}

// Field weights: a word of the name or the keywords says what a service
// is; a word of a material or an FAQ answer only that the guide mentions it.
const (
	boostName     = 4.0
	boostKeywords = 3.0
	boostQuestion = 3.0
	boostBody     = 0.4
	boostSynonym  = 0.8 // times the field's boost, for words the synonym table added
	boostPinyin   = 0.5
	boostSpelled  = 1.5
)

func newMapping() (mapping.IndexMapping, error) {
	m := bleve.NewIndexMapping()
	if err := m.AddCustomAnalyzer(analyzerZH, map[string]any{
		"type": custom.Name, "tokenizer": unitok.Name,
		"token_filters": []string{cjk.WidthName, lowercase.Name, cjk.BigramName},
	}); err != nil {
		return nil, err
	}
	if err := m.AddCustomAnalyzer(analyzerPinyin, map[string]any{
		"type": custom.Name, "tokenizer": whitespace.Name, "token_filters": []string{lowercase.Name},
	}); err != nil {
		return nil, err
	}
	dm := bleve.NewDocumentMapping()
	text := func(an string) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer, f.Store, f.IncludeTermVectors, f.IncludeInAll = an, false, false, false
		return f
	}
	dm.AddFieldMappingsAt("kind", text(keyword.Name))
	for _, f := range []string{"name", "keywords", "question", "body"} {
		dm.AddFieldMappingsAt(f, text(analyzerZH))
	}
	dm.AddFieldMappingsAt("pinyin", text(analyzerPinyin))
	dm.AddFieldMappingsAt("spelled", text(analyzerPinyin))
	m.DefaultMapping = dm
	m.DefaultAnalyzer = analyzerZH
	m.StoreDynamic, m.IndexDynamic, m.DocValuesDynamic = false, false, false
	return m, nil
}

// pinyinPairs writes Chinese text as its syllable pairs (社保卡 → shebao
// baoka), the tokens of the pinyin field.
func pinyinPairs(s string) string {
	var out []string
	for _, run := range hanRuns(s) {
		py := pinyin.LazyPinyin(run, pinyin.NewArgs())
		for i := 0; i+1 < len(py); i++ {
			out = append(out, py[i]+py[i+1])
		}
	}
	return strings.Join(out, " ")
}

// spelled writes each word as its whole pinyin (社保卡 → shebaoka), what a
// citizen types without an input method.
func spelled(words []string) string {
	var out []string
	for _, w := range words {
		if p := strings.Join(pinyin.LazyPinyin(w, pinyin.NewArgs()), ""); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, " ")
}

func hanRuns(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.Is(unicode.Han, r) })
}

func itemDoc(it catalog.Item) doc {
	var body []string
	for _, m := range it.Materials {
		body = append(body, m.Name)
	}
	body = append(body, it.Conditions...)
	for _, f := range it.FAQ {
		body = append(body, f.Q)
	}
	words := append([]string{it.Name}, it.Keywords...)
	return doc{Kind: string(KindItem), Name: it.Name, Keywords: strings.Join(it.Keywords, " "), Body: strings.Join(body, " "),
		Pinyin: pinyinPairs(strings.Join(words, " ")), Spelled: spelled(words)}
}

func bundleDoc(b catalog.Bundle, items map[string]catalog.Item) doc {
	var body []string
	for _, st := range b.Steps {
		body = append(body, items[st.Item].Name)
	}
	words := append([]string{b.Name}, b.Keywords...)
	return doc{Kind: string(KindBundle), Name: b.Name, Keywords: strings.Join(b.Keywords, " "), Body: strings.Join(body, " "),
		Pinyin: pinyinPairs(strings.Join(words, " ")), Spelled: spelled(words)}
}

func entryDoc(e Entry) doc {
	return doc{Kind: string(KindEntry), Question: e.Question, Body: e.Answer, Pinyin: pinyinPairs(e.Question)}
}

// index is one built search index and the corpus it was built from.
type index struct {
	gen      string
	bleve    bleve.Index
	corpus   *Corpus
	items    map[string]catalog.Item
	bundles  map[string]catalog.Bundle
	entries  map[string]Entry
	synonyms []Synonym
	own      []string // the catalogue's own words, longest first (see Expand)
}

// Corpus is what the index is built from: the published catalogue, the
// live knowledge entries (the guides' FAQ included) and the synonym table.
type Corpus struct {
	Items    []catalog.Item
	Bundles  []catalog.Bundle
	Entries  []Entry
	Synonyms []Synonym
}

func build(gen string, c *Corpus) (*index, error) {
	m, err := newMapping()
	if err != nil {
		return nil, err
	}
	bi, err := bleve.NewMemOnly(m)
	if err != nil {
		return nil, err
	}
	ix := &index{gen: gen, bleve: bi, corpus: c, items: map[string]catalog.Item{}, bundles: map[string]catalog.Bundle{},
		entries: map[string]Entry{}, synonyms: append([]Synonym(nil), c.Synonyms...)}
	SortSynonyms(ix.synonyms)
	for _, it := range c.Items {
		ix.items[it.Code] = it
		ix.own = append(ix.own, it.Name)
		ix.own = append(ix.own, it.Keywords...)
	}
	for _, b := range c.Bundles {
		ix.own = append(ix.own, b.Keywords...)
	}
	slices.Sort(ix.own)
	ix.own = sortLongestFirst(slices.Compact(ix.own))
	batch := bi.NewBatch()
	add := func(id string, d doc) error {
		if err := batch.Index(id, d); err != nil {
			return err
		}
		if batch.Size() >= 500 {
			if err := bi.Batch(batch); err != nil {
				return err
			}
			batch.Reset()
		}
		return nil
	}
	for _, it := range c.Items {
		if err := add(it.Code, itemDoc(it)); err != nil {
			return nil, err
		}
	}
	for _, b := range c.Bundles {
		ix.bundles[b.Code] = b
		if err := add(b.Code, bundleDoc(b, ix.items)); err != nil {
			return nil, err
		}
	}
	for _, e := range c.Entries {
		ix.entries[e.ID] = e
		if err := add(e.ID, entryDoc(e)); err != nil {
			return nil, err
		}
	}
	if err := bi.Batch(batch); err != nil {
		return nil, fmt.Errorf("qa index: %w", err)
	}
	return ix, nil
}

// hit is one scored document of a search.
type hit struct {
	id    string
	kind  Kind
	score float64
}

func match(text, field string, boost float64) query.Query {
	q := bleve.NewMatchQuery(text)
	q.SetField(field)
	q.SetBoost(boost)
	return q
}

// search ranks the documents for a cleaned question. strict leaves out the
// body and the sound-alike fields: a question that finds nothing in the
// names, keywords and entry questions has no answer, only suggestions.
func (ix *index) search(q string, strict bool, size int) ([]hit, error) {
	text := searchText(q)
	if text == "" {
		return nil, nil
	}
	var qs []query.Query
	fields := []struct {
		name  string
		boost float64
	}{{"name", boostName}, {"keywords", boostKeywords}, {"question", boostQuestion}}
	if !strict {
		fields = append(fields, struct {
			name  string
			boost float64
		}{"body", boostBody})
	}
	exp := strings.Join(Expand(q, ix.synonyms, ix.own), " ")
	for _, f := range fields {
		qs = append(qs, match(text, f.name, f.boost))
		if exp != "" {
			qs = append(qs, match(exp, f.name, f.boost*boostSynonym))
		}
	}
	if !strict {
		if py := pinyinPairs(text); py != "" {
			qs = append(qs, match(py, "pinyin", boostPinyin))
		}
	}
	// A word typed in pinyin (shebaoka) is a name typed without an input
	// method: it counts as strictly as the name.
	for _, w := range strings.Fields(text) {
		if isLatin(w) && len(w) >= 4 {
			fq := bleve.NewFuzzyQuery(w)
			fq.SetField("spelled")
			fq.Fuzziness = 1
			if len(w) >= 8 {
				fq.Fuzziness = 2
			}
			fq.SetBoost(boostSpelled)
			qs = append(qs, fq)
		}
	}
	req := bleve.NewSearchRequestOptions(bleve.NewDisjunctionQuery(qs...), size, 0, false)
	res, err := ix.bleve.Search(req)
	if err != nil {
		return nil, err
	}
	out := make([]hit, 0, len(res.Hits))
	for _, h := range res.Hits {
		k := KindEntry
		if _, ok := ix.items[h.ID]; ok {
			k = KindItem
		} else if _, ok := ix.bundles[h.ID]; ok {
			k = KindBundle
		}
		out = append(out, hit{id: h.ID, kind: k, score: h.Score})
	}
	return out, nil
}

func isLatin(w string) bool {
	for _, r := range w {
		if r > unicode.MaxASCII || !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// rank orders hits by score, ties by id, for a stable answer.
func rank(hs []hit) {
	sort.SliceStable(hs, func(i, j int) bool {
		if hs[i].score != hs[j].score {
			return hs[i].score > hs[j].score
		}
		return hs[i].id < hs[j].id
	})
}
