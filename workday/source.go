package workday

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"onetrip"
)

// Source is the State Council notice a year's holiday schedule comes from
// (国务院办公厅关于2026年部分节假日安排的通知, 国办发明电〔2025〕7号): what an
// administrator or auditor checks the calendar against.
type Source struct {
	Year      int    `json:"year"`
	Title     string `json:"title"`
	Number    string `json:"number"` // 文号
	Published Date   `json:"published"`
	URL       string `json:"url,omitempty"`
}

// Limits of a source's text.
const (
	MaxSourceTitle = 200 // characters
	MaxSourceURL   = 500 // bytes
)

// number is a document number once its brackets are normalised: the
// issuing organ's code (Chinese characters), the year in 〔〕, a serial
// number without leading zeros and 号.
var number = regexp.MustCompile(`^(\p{Han}{2,16})〔(\d{4})〕([1-9]\d{0,4})号$`)

// numberFolds turns the brackets, digits and spaces people type instead of
// the standard ones (GB/T 9704: 〔〕 and Arabic numerals) into those.
var numberFolds = strings.NewReplacer(
	"[", "〔", "［", "〔", "【", "〔", "(", "〔", "（", "〔", "{", "〔",
	"]", "〕", "］", "〕", "】", "〕", ")", "〕", "）", "〕", "}", "〕",
	"０", "0", "１", "1", "２", "2", "３", "3", "４", "4", "５", "5", "６", "6", "７", "7", "８", "8", "９", "9",
	" ", "", "\u3000", "", "\t", "",
)

// NormalizeNumber writes a document number the standard way: 〔〕 around the
// year, ASCII digits, no spaces ("国办发明电[2025]7号" becomes
// "国办发明电〔2025〕7号"). It does not check the shape.
func NormalizeNumber(s string) string { return numberFolds.Replace(strings.TrimSpace(s)) }

// ParseSource reads a source as typed (a form, a JSON body: the
// publication date as YYYY-MM-DD) and checks it like CheckSource; every
// problem is reported at once, under the field's name (year, title,
// number, published, url).
func ParseSource(year int, title, num, published, link string, today Date) (Source, error) {
	s := Source{Year: year, Title: title, Number: num, URL: link}
	var probs onetrip.Problems
	published = strings.TrimSpace(published)
	switch d, err := Parse(published); {
	case published == "":
		// CheckSource reports the missing date.
	case err != nil:
		e := onetrip.AsError(err)
		probs.Add("published", e.Key, e.Args...)
	default:
		s.Published = d
	}
	return s, checkSource(&s, today, probs)
}

// CheckSource checks a year's source and returns it tidied (spaces
// trimmed, the document number normalised). Refused, with every problem
// under its field: a year outside MinYear..MaxYear; a missing or overlong
// title, or one that does not name the year ("2026年"); a document number
// not shaped 机关代字〔YYYY〕N号, or whose year is not the year it was
// published; a publication date that does not exist, is after today or is
// outside the year before the schedule's year and that year itself (the
// State Council publishes a schedule the autumn before, and changes it, if
// ever, during the year); a link that is not an absolute http(s) address.
func CheckSource(s Source, today Date) (Source, error) {
	err := checkSource(&s, today, nil)
	return s, err
}

func checkSource(s *Source, today Date, probs onetrip.Problems) error {
	s.Title = strings.TrimSpace(s.Title)
	s.Number = NormalizeNumber(s.Number)
	s.URL = strings.TrimSpace(s.URL)

	yearOK := s.Year >= MinYear && s.Year <= MaxYear
	if !yearOK {
		probs.Add("year", "workday.source_year", s.Year, MinYear, MaxYear)
	}

	switch n := utf8.RuneCountInString(s.Title); {
	case n == 0:
		probs.Add("title", "workday.source_title_required")
	case n > MaxSourceTitle:
		probs.Add("title", "workday.source_title_long", n, MaxSourceTitle)
	case yearOK && !strings.Contains(s.Title, strconv.Itoa(s.Year)+"年"):
		probs.Add("title", "workday.source_title_year", s.Title, s.Year)
	}

	var numYear int
	switch m := number.FindStringSubmatch(s.Number); {
	case s.Number == "":
		probs.Add("number", "workday.source_number_required")
	case m == nil:
		probs.Add("number", "workday.source_number_shape", s.Number)
	default:
		numYear, _ = strconv.Atoi(m[2])
	}

	dated := false
	switch {
	case s.Published.IsZero():
		if !hasPath(probs, "published") {
			probs.Add("published", "workday.source_published_required")
		}
	case !s.Published.Valid():
		e := onetrip.AsError(s.Published.check())
		probs.Add("published", e.Key, e.Args...)
	case s.Published.After(today):
		probs.Add("published", "workday.source_published_future", s.Published.String(), today.String())
	case yearOK && (s.Published.Y < s.Year-1 || s.Published.Y > s.Year):
		probs.Add("published", "workday.source_published_window", s.Published.String(), s.Year, s.Year-1)
	default:
		dated = true
	}
	if dated && numYear != 0 && numYear != s.Published.Y {
		probs.Add("number", "workday.source_number_year", s.Number, numYear, s.Published.String())
	}

	if s.URL != "" {
		u, err := url.Parse(s.URL)
		switch {
		case len(s.URL) > MaxSourceURL:
			probs.Add("url", "workday.source_url_long", MaxSourceURL)
		case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil:
			probs.Add("url", "workday.source_url", s.URL)
		}
	}
	return probs.Err("workday.source_invalid", len(probs))
}

func hasPath(p onetrip.Problems, path string) bool {
	for _, d := range p {
		if d.Path == path {
			return true
		}
	}
	return false
}

// BuiltinSources are the notices behind the built-in table's recent years,
// shipped with it; an administrator's record for a year replaces its entry.
// A year is here only when its document number and date were read in a
// copy of the notice (the official gazette's text, the news agency's
// release); a year whose number could not be confirmed is left out and the
// calendar page says its source is not recorded.
func BuiltinSources() []Source {
	return []Source{
		{Year: 2024, Title: "国务院办公厅关于2024年部分节假日安排的通知", Number: "国办发明电〔2023〕7号", Published: D(2023, time.October, 25)},
		{Year: 2025, Title: "国务院办公厅关于2025年部分节假日安排的通知", Number: "国办发明电〔2024〕12号", Published: D(2024, time.November, 12),
			URL: "https://www.gov.cn/zhengce/content/202411/content_6986382.htm"},
		{Year: 2026, Title: "国务院办公厅关于2026年部分节假日安排的通知", Number: "国办发明电〔2025〕7号", Published: D(2025, time.November, 4),
			URL: "https://www.gov.cn/zhengce/content/202511/content_7047090.htm"},
	}
}
