package qa

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"onetrip"
)

// Synonym maps a way people say something (Term: 开面馆, 上户口, 过户) to
// the catalogue's words for it (Targets: 餐饮, 出生登记, 转移登记). Admins
// edit the table; a question containing Term is searched for the targets
// too.
type Synonym struct {
	Term    string   `json:"term"`
	Targets []string `json:"targets"`
}

// MaxSynonymRunes bounds a term and each target: they are words, not text.
const MaxSynonymRunes = 20

// CheckSynonym validates one row of the table: a term and at least one
// target, each a word of at most MaxSynonymRunes letters, the term not its
// own target. All problems come back at once.
func CheckSynonym(s Synonym) error {
	var p onetrip.Problems
	word := func(path, w string) {
		switch {
		case strings.TrimSpace(w) == "":
			p.Add(path, "qa.synonym.empty")
		case utf8.RuneCountInString(w) > MaxSynonymRunes:
			p.Add(path, "qa.synonym.too_long", MaxSynonymRunes)
		case strings.ContainsAny(w, " \t\r\n,，;；/、"):
			p.Add(path, "qa.synonym.one_word", w)
		}
	}
	word("term", s.Term)
	if len(s.Targets) == 0 {
		p.Add("targets", "qa.synonym.no_targets")
	}
	seen := map[string]bool{}
	for i, t := range s.Targets {
		path := "targets[" + strconv.Itoa(i) + "]"
		word(path, t)
		if t == s.Term && t != "" {
			p.Add(path, "qa.synonym.self", t)
		}
		if seen[t] {
			p.Add(path, "qa.synonym.repeated", t)
		}
		seen[t] = true
	}
	return p.Err("qa.synonym.invalid", s.Term)
}

// ParseTargets splits the targets an admin typed (餐饮、食品经营 or
// 餐饮,食品经营 or one a line) into words.
func ParseTargets(s string) []string {
	out := []string{}
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(" \t\r\n,，;；/、", r) }) {
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}

// Expand returns the targets of the synonyms a question contains, each
// once. The table is read longest term first (SortSynonyms), and a part of
// the question already read is not read again: in 孩子上户口, 上户口 is
// the synonym, not 户口 inside it. Words the catalogue itself uses (own:
// names and keywords of three or more characters) are read first and mean
// themselves: 出生 inside 出生证明 is not 出生登记.
func Expand(q string, table []Synonym, own []string) []string {
	var out []string
	claimed := make([]bool, len(q))
	claim := func(term string) bool {
		found := false
		for from := 0; ; {
			i := strings.Index(q[from:], term)
			if i < 0 {
				return found
			}
			i += from
			from = i + len(term)
			if slices.Contains(claimed[i:i+len(term)], true) {
				continue
			}
			for j := i; j < i+len(term); j++ {
				claimed[j] = true
			}
			found = true
		}
	}
	for _, w := range own {
		if utf8.RuneCountInString(w) >= 3 {
			claim(w)
		}
	}
	for _, s := range table {
		if s.Term == "" || !claim(s.Term) {
			continue
		}
		for _, t := range s.Targets {
			if !slices.Contains(out, t) {
				out = append(out, t)
			}
		}
	}
	return out
}

// SortSynonyms orders a table for Expand: longest term first, then by term.
func SortSynonyms(table []Synonym) {
	slices.SortStableFunc(table, func(a, b Synonym) int {
		if d := utf8.RuneCountInString(b.Term) - utf8.RuneCountInString(a.Term); d != 0 {
			return d
		}
		return cmp.Compare(a.Term, b.Term)
	})
}

func sortLongestFirst(ws []string) []string {
	slices.SortStableFunc(ws, func(a, b string) int { return utf8.RuneCountInString(b) - utf8.RuneCountInString(a) })
	return ws
}
