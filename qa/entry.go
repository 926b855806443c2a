package qa

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"onetrip"
	"onetrip/catalog"
	"onetrip/idcode"
)

// EntryState is where a knowledge entry stands in review: written (draft),
// checked by a second admin (reviewed), answering questions (published), or
// taken out of use (retired).
type EntryState string

// The states of an entry.
const (
	StateDraft     EntryState = "draft"
	StateReviewed  EntryState = "reviewed"
	StatePublished EntryState = "published"
	StateRetired   EntryState = "retired"
)

// Entry is one question and answer of the knowledge base. Services are the
// item and bundle codes it belongs to; the first is the guide its
// placeholders ({fee}, {materials}…) are rendered from. Region limits it to
// a region and the regions under it ("" or "330000": the whole province).
// An entry drawn from a guide's FAQ has Source "guide" and is published
// with the guide.
type Entry struct {
	ID         string     `json:"id"`
	Question   string     `json:"question"`
	Answer     string     `json:"answer"`
	Services   []string   `json:"services"`
	Region     string     `json:"region,omitempty"`
	Source     string     `json:"source"`
	State      EntryState `json:"state"`
	Author     string     `json:"author,omitempty"`
	ReviewedBy string     `json:"reviewed_by,omitempty"`
	ValidFrom  string     `json:"valid_from,omitempty"` // YYYY-MM-DD, inclusive
	ValidTo    string     `json:"valid_to,omitempty"`   // YYYY-MM-DD, inclusive
	Helpful    int        `json:"helpful"`
	Unhelpful  int        `json:"unhelpful"`
	UpdatedAt  time.Time  `json:"updated_at"`
	// Revision counts saves: an edit names the revision it read, so two
	// admins editing at once do not overwrite each other.
	Revision int `json:"revision"`
}

// SourceGuide marks the entries drawn from the guides' FAQ.
const SourceGuide = "guide"

// Entry limits.
const (
	MaxEntryQuestionRunes = 100
	MaxEntryAnswerRunes   = 2000
)

// Placeholders are what an entry's answer may quote from its guide. Each is
// rendered from the guide's current version when the answer is shown, so an
// entry never goes on quoting a fee or a time limit the guide no longer has.
var Placeholders = []string{"{name}", "{fee}", "{promised_days}", "{statutory_days}", "{materials}", "{conditions}", "{online}", "{max_visits}", "{window}"}

var placeholderRE = regexp.MustCompile(`\{[a-z_]+\}`)

// quotedFactRE finds a fee or a time limit written out in an answer
// (80元, 5个工作日, 20 天): such a figure belongs to the guide and must come
// from it through a placeholder.
var quotedFactRE = regexp.MustCompile(`\d+(\.\d+)?\s*(元|块钱|个工作日|工作日|个自然日|天|日内)`)

// Finding is one problem the lint found in an entry: the field and the
// message key with its arguments.
type Finding struct {
	Path string
	Key  string
	Args []any
}

// CheckEntry validates what an admin wrote: question, answer, services
// known to the catalogue (items and bundles by code), region code shape,
// validity dates. All problems come back at once.
func CheckEntry(e Entry, known func(code string) bool) error {
	var p onetrip.Problems
	for _, f := range append(checkEntryFields(e, known), LintEntry(e)...) {
		p.Add(f.Path, f.Key, f.Args...)
	}
	return p.Err("qa.entry.invalid", len(p))
}

func checkEntryFields(e Entry, known func(string) bool) []Finding {
	var fs []Finding
	add := func(path, key string, args ...any) { fs = append(fs, Finding{path, key, args}) }
	text := func(path, s string, max int) {
		switch n := utf8.RuneCountInString(strings.TrimSpace(s)); {
		case n == 0:
			add(path, "qa.entry.empty")
		case n > max:
			add(path, "qa.entry.too_long", max, n)
		}
	}
	text("question", e.Question, MaxEntryQuestionRunes)
	text("answer", e.Answer, MaxEntryAnswerRunes)
	if len(e.Services) == 0 {
		add("services", "qa.entry.no_service")
	}
	for i, c := range e.Services {
		if known != nil && !known(c) {
			add("services["+strconv.Itoa(i)+"]", "qa.entry.unknown_service", c)
		}
		if slices.Index(e.Services, c) != i {
			add("services["+strconv.Itoa(i)+"]", "qa.entry.repeated_service", c)
		}
	}
	if e.Region != "" && !ZhejiangRegion(e.Region) {
		add("region", "qa.entry.region", e.Region)
	}
	var from, to time.Time
	for _, d := range []struct {
		path, v string
		t       *time.Time
	}{{"valid_from", e.ValidFrom, &from}, {"valid_to", e.ValidTo, &to}} {
		if d.v == "" {
			continue
		}
		t, err := time.Parse(time.DateOnly, d.v)
		if err != nil {
			add(d.path, "qa.entry.date", d.v)
			continue
		}
		*d.t = t
	}
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		add("valid_to", "qa.entry.date_order", e.ValidTo, e.ValidFrom)
	}
	return fs
}

// ZhejiangRegion says whether a code is a well-formed division code in
// Zhejiang (province, city, county or township).
func ZhejiangRegion(code string) bool {
	return idcode.CheckRegionCode(code) == nil && strings.HasPrefix(code, "33")
}

// LintEntry is the knowledge base's part of guide lint: vague wording
// (catalog.VagueWords, the rule guides follow), a fee or time limit written
// out instead of quoted from the guide, and unknown placeholders.
func LintEntry(e Entry) []Finding {
	var fs []Finding
	for _, w := range catalog.VagueWords(e.Answer) {
		fs = append(fs, Finding{"answer", "qa.lint.vague", []any{w}})
	}
	for _, m := range quotedFactRE.FindAllString(e.Answer, -1) {
		fs = append(fs, Finding{"answer", "qa.lint.quoted_fact", []any{m}})
	}
	for _, m := range placeholderRE.FindAllString(e.Answer, -1) {
		if !slices.Contains(Placeholders, m) {
			fs = append(fs, Finding{"answer", "qa.lint.placeholder", []any{m, strings.Join(Placeholders, " ")}})
		}
	}
	return fs
}

// Live says whether an entry answers questions on a day (YYYY-MM-DD):
// published and within its validity.
func (e Entry) Live(day string) bool {
	return e.State == StatePublished && (e.ValidFrom == "" || e.ValidFrom <= day) && (e.ValidTo == "" || day <= e.ValidTo)
}

// InRegion says whether an entry applies to an asker's region: the
// province's entries everywhere, a city's in the city and its counties.
func (e Entry) InRegion(region string) bool {
	if e.Region == "" || e.Region == "330000" || region == "" {
		return true
	}
	return idcode.RegionWithin(region, e.Region)
}

// Transition checks a review step: draft → reviewed by someone other than
// the author, reviewed → published, any → retired, retired or reviewed →
// draft (edited again). It returns the state after the step.
func Transition(e Entry, to EntryState, by string) (EntryState, error) {
	switch {
	case to == StateReviewed && e.State == StateDraft:
		if by == e.Author {
			return "", onetrip.Conflict("qa.entry.review_own")
		}
		if fs := LintEntry(e); len(fs) > 0 {
			return "", onetrip.Conflict("qa.entry.lint", len(fs))
		}
		return StateReviewed, nil
	case to == StatePublished && e.State == StateReviewed:
		return StatePublished, nil
	case to == StateRetired && e.State != StateRetired:
		return StateRetired, nil
	case to == StateDraft && (e.State == StateRetired || e.State == StateReviewed):
		return StateDraft, nil
	}
	return "", onetrip.Conflict("qa.entry.transition", string(e.State), string(to))
}

// GuideEntries are the knowledge entries drawn from the guides' FAQ: one per
// question, published as the guide is, its id the item's code and the
// question's place (330-SCJG-001#faq1).
func GuideEntries(items []catalog.Item) []Entry {
	var out []Entry
	for _, it := range items {
		for i, f := range it.FAQ {
			out = append(out, Entry{ID: it.Code + "#faq" + strconv.Itoa(i+1), Question: f.Q, Answer: f.A,
				Services: []string{it.Code}, Source: SourceGuide, State: StatePublished})
		}
	}
	return out
}
