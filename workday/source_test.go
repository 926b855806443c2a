package workday

import (
	"sort"
	"strings"
	"testing"
	"time"

	"onetrip"
)

func TestNormalizeNumber(t *testing.T) {
	for in, want := range map[string]string{
		"国办发明电〔2025〕7号":    "国办发明电〔2025〕7号",
		" 国办发明电[2025]7号 ":  "国办发明电〔2025〕7号",
		"国办发明电（２０２５）７号":    "国办发明电〔2025〕7号",
		"国办发明电【2024】12号":   "国办发明电〔2024〕12号",
		"国办发明电 〔2023〕 7 号": "国办发明电〔2023〕7号",
		"":                 "",
	} {
		if got := NormalizeNumber(in); got != want {
			t.Errorf("NormalizeNumber(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestParseSource: every rule of a year's source, each problem under its
// field, all of them at once.
func TestParseSource(t *testing.T) {
	today := D(2026, time.December, 2)
	const title = "国务院办公厅关于2026年部分节假日安排的通知"
	for _, tc := range []struct {
		name                         string
		year                         int
		title, number, published, in string
		want                         map[string]string // field -> key; none: valid
	}{
		{name: "valid", year: 2026, title: title, number: "国办发明电〔2025〕7号", published: "2025-11-04", in: "https://www.gov.cn/zhengce/content/202511/content_7047090.htm"},
		{name: "valid without a link", year: 2026, title: title, number: "国办发明电〔2025〕7号", published: "2025-11-04"},
		{name: "ascii brackets are normalised", year: 2026, title: title, number: "国办发明电[2025]7号", published: "2025-11-04"},
		{name: "a change during the year", year: 2020, title: "国务院办公厅关于延长2020年春节假期的通知", number: "国办发明电〔2020〕1号", published: "2020-01-26"},
		{name: "published today", year: 2027, title: "国务院办公厅关于2027年部分节假日安排的通知", number: "国办发明电〔2026〕99号", published: "2026-12-02"},
		{name: "everything missing", year: 2026,
			want: map[string]string{"title": "workday.source_title_required", "number": "workday.source_number_required", "published": "workday.source_published_required"}},
		{name: "year too early", year: 1999, title: "国务院办公厅关于1999年部分节假日安排的通知", number: "国办发明电〔1998〕1号", published: "1998-12-01",
			want: map[string]string{"year": "workday.source_year"}},
		{name: "year too late", year: MaxYear + 1, title: "x", number: "国办发明电〔2025〕7号", published: "2025-11-04",
			want: map[string]string{"year": "workday.source_year"}},
		{name: "title of another year", year: 2027, title: title, number: "国办发明电〔2026〕99号", published: "2026-11-10",
			want: map[string]string{"title": "workday.source_title_year"}},
		{name: "title too long", year: 2026, title: title + strings.Repeat("很", MaxSourceTitle), number: "国办发明电〔2025〕7号", published: "2025-11-04",
			want: map[string]string{"title": "workday.source_title_long"}},
		{name: "number without brackets", year: 2026, title: title, number: "国办发明电2025年7号", published: "2025-11-04",
			want: map[string]string{"number": "workday.source_number_shape"}},
		{name: "number without 号", year: 2026, title: title, number: "国办发明电〔2025〕7", published: "2025-11-04",
			want: map[string]string{"number": "workday.source_number_shape"}},
		{name: "number with a leading zero", year: 2026, title: title, number: "国办发明电〔2025〕07号", published: "2025-11-04",
			want: map[string]string{"number": "workday.source_number_shape"}},
		{name: "number without organ", year: 2026, title: title, number: "〔2025〕7号", published: "2025-11-04",
			want: map[string]string{"number": "workday.source_number_shape"}},
		{name: "number of a two-digit year", year: 2026, title: title, number: "国办发明电〔25〕7号", published: "2025-11-04",
			want: map[string]string{"number": "workday.source_number_shape"}},
		{name: "number's year is not the year of issue", year: 2026, title: title, number: "国办发明电〔2026〕7号", published: "2025-11-04",
			want: map[string]string{"number": "workday.source_number_year"}},
		{name: "date badly written", year: 2026, title: title, number: "国办发明电〔2025〕7号", published: "2025/11/04",
			want: map[string]string{"published": "workday.date_format"}},
		{name: "date that does not exist", year: 2026, title: title, number: "国办发明电〔2025〕7号", published: "2025-11-31",
			want: map[string]string{"published": "workday.date_day"}},
		{name: "date after today", year: 2027, title: "国务院办公厅关于2027年部分节假日安排的通知", number: "国办发明电〔2026〕99号", published: "2026-12-03",
			want: map[string]string{"published": "workday.source_published_future"}},
		{name: "date two years early", year: 2026, title: title, number: "国办发明电〔2024〕7号", published: "2024-11-04",
			want: map[string]string{"published": "workday.source_published_window"}},
		{name: "date after the year", year: 2024, title: "国务院办公厅关于2024年部分节假日安排的通知", number: "国办发明电〔2025〕7号", published: "2025-01-04",
			want: map[string]string{"published": "workday.source_published_window"}},
		{name: "link not http", year: 2026, title: title, number: "国办发明电〔2025〕7号", published: "2025-11-04", in: "ftp://www.gov.cn/x",
			want: map[string]string{"url": "workday.source_url"}},
		{name: "link not absolute", year: 2026, title: title, number: "国办发明电〔2025〕7号", published: "2025-11-04", in: "www.gov.cn/x",
			want: map[string]string{"url": "workday.source_url"}},
		{name: "link with a password", year: 2026, title: title, number: "国办发明电〔2025〕7号", published: "2025-11-04", in: "https://a:b@www.gov.cn/x",
			want: map[string]string{"url": "workday.source_url"}},
		{name: "link too long", year: 2026, title: title, number: "国办发明电〔2025〕7号", published: "2025-11-04", in: "https://www.gov.cn/" + strings.Repeat("x", MaxSourceURL),
			want: map[string]string{"url": "workday.source_url_long"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := ParseSource(tc.year, tc.title, tc.number, tc.published, tc.in, today)
			if len(tc.want) == 0 {
				if err != nil {
					t.Fatalf("refused: %v %+v", err, onetrip.AsError(err).Details)
				}
				if !strings.Contains(s.Number, "〔") || s.Published.IsZero() {
					t.Fatalf("not tidied: %+v", s)
				}
				return
			}
			if err == nil {
				t.Fatalf("accepted: %+v", s)
			}
			e := onetrip.AsError(err)
			if e.Code != onetrip.CodeInvalid || e.Key != "workday.source_invalid" {
				t.Fatalf("error %s %s", e.Code, e.Key)
			}
			got := map[string]string{}
			for _, d := range e.Details {
				if _, dup := got[d.Path]; dup {
					t.Errorf("two problems under %s", d.Path)
				}
				got[d.Path] = d.Key
				if _, ok := onetrip.Lookup(d.Key); !ok {
					t.Errorf("unregistered key %s", d.Key)
				}
			}
			if len(got) != len(tc.want) {
				t.Fatalf("problems %v, want %v", got, tc.want)
			}
			for f, k := range tc.want {
				if got[f] != k {
					t.Errorf("%s: %q, want %q (all: %v)", f, got[f], k, got)
				}
			}
		})
	}
}

// TestCheckSourceTidies: CheckSource on a typed source trims and
// normalises and refuses a date that does not exist.
func TestCheckSourceTidies(t *testing.T) {
	today := D(2026, time.December, 2)
	s, err := CheckSource(Source{Year: 2026, Title: " 国务院办公厅关于2026年部分节假日安排的通知 ", Number: "国办发明电 (2025) 7号", Published: D(2025, time.November, 4), URL: " https://www.gov.cn/ "}, today)
	if err != nil {
		t.Fatal(err)
	}
	if s.Title != "国务院办公厅关于2026年部分节假日安排的通知" || s.Number != "国办发明电〔2025〕7号" || s.URL != "https://www.gov.cn/" {
		t.Fatalf("%+v", s)
	}
	_, err = CheckSource(Source{Year: 2026, Title: s.Title, Number: s.Number, Published: D(2025, time.February, 30)}, today)
	if err == nil || onetrip.AsError(err).Details[0].Key != "workday.date_day" {
		t.Fatalf("a date that does not exist: %v", err)
	}
}

// TestBuiltinSources: each shipped source passes the checks an admin's
// record passes, names a year the built-in table has, and years are
// listed once, in order.
func TestBuiltinSources(t *testing.T) {
	list := BuiltinSources()
	if len(list) == 0 {
		t.Fatal("no shipped sources")
	}
	if !sort.SliceIsSorted(list, func(i, j int) bool { return list[i].Year < list[j].Year }) {
		t.Fatal("not in year order")
	}
	seen := map[int]bool{}
	for _, s := range list {
		if seen[s.Year] {
			t.Errorf("%d listed twice", s.Year)
		}
		seen[s.Year] = true
		got, err := CheckSource(s, D(s.Year, time.December, 31))
		if err != nil {
			t.Errorf("%d: %v %+v", s.Year, err, onetrip.AsError(err).Details)
		}
		if got != s {
			t.Errorf("%d is not written the standard way: %+v", s.Year, s)
		}
		if !Default().Published(s.Year) {
			t.Errorf("%d has a source but the built-in table has no schedule for it", s.Year)
		}
	}
}
