package qa_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"onetrip"
	"onetrip/catalog"
	"onetrip/qa"
)

func TestCleanQuestion(t *testing.T) {
	long := strings.Repeat("办", qa.MaxQuestionRunes+1)
	for _, tc := range []struct {
		in, want string
		code     onetrip.Code
	}{
		{"开面馆要办什么证？", "开面馆要办什么证", ""},
		{"  <script>alert(1)</script>开饭店  ", "alert 1 开饭店", ""},
		{"<b>社保卡</b>在哪里办", "社保卡 在哪里办", ""},
		{"ShebaoKa!!", "shebaoka", ""},
		{"😀😀🎉", "", ""},
		{"", "", onetrip.CodeInvalid},
		{"   \t", "", onetrip.CodeInvalid},
		{long, "", onetrip.CodeInvalid},
		{strings.Repeat("办", qa.MaxQuestionRunes), strings.Repeat("办", qa.MaxQuestionRunes), ""},
		{"\xff\xfe社保", "", onetrip.CodeInvalid},
	} {
		got, err := qa.CleanQuestion(tc.in)
		if tc.code != "" {
			if !onetrip.HasCode(err, tc.code) {
				t.Errorf("CleanQuestion(%.20q) error %v, want %s", tc.in, err, tc.code)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("CleanQuestion(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

func TestDetectIntent(t *testing.T) {
	for _, tc := range []struct {
		q    string
		want qa.Intent
	}{
		{"结婚登记要带什么", qa.IntentMaterials},
		{"小学入学报名要什么材料", qa.IntentMaterials},
		{"换身份证多少钱", qa.IntentFee},
		{"注销个公司要多久", qa.IntentTime},
		{"办港澳通行证要几天", qa.IntentTime},
		{"社保卡在哪里办", qa.IntentPlace},
		{"残疾人证去哪个窗口", qa.IntentPlace},
		{"公积金提取能不能网上办", qa.IntentOnline},
		{"网上办要什么材料", qa.IntentOnline},
		{"申请低保有什么条件", qa.IntentEligibility},
		{"公司地址变了怎么办", qa.IntentService},
		{"刻公章要备案吗", qa.IntentService},
	} {
		if got := qa.DetectIntent(tc.q); got != tc.want {
			t.Errorf("DetectIntent(%q) = %s, want %s", tc.q, got, tc.want)
		}
	}
}

func TestIsLifeEvent(t *testing.T) {
	for q, want := range map[string]bool{
		"开面馆要办什么证": true, "宝宝出生了要办哪些事": true, "卖二手房要办哪些手续": true,
		"退休后公积金怎么提取": false, "饭店开业前的消防检查": false, "社保卡在哪里办": false,
	} {
		if got := qa.IsLifeEvent(q); got != want {
			t.Errorf("IsLifeEvent(%q) = %v", q, got)
		}
	}
}

func TestExpand(t *testing.T) {
	table := []qa.Synonym{{"户口", []string{"户口迁入"}}, {"上户口", []string{"出生登记"}}, {"出生", []string{"出生登记"}},
		{"面馆", []string{"餐饮"}}, {"开面馆", []string{"餐饮", "食品经营"}}}
	qa.SortSynonyms(table)
	own := []string{"出生证明", "给孩子上户口"}
	for _, tc := range []struct {
		q    string
		want []string
	}{
		{"孩子上户口要带什么", []string{"出生登记"}},      // 上户口, not 户口 inside it
		{"迁户口", []string{"户口迁入"}},            // 户口 alone
		{"出生证明写错了", nil},                     // the catalogue's own word
		{"开面馆要办什么证", []string{"餐饮", "食品经营"}}, // each target once
		{"给孩子上户口", nil},                      // a keyword means itself
		{"户口和出生", []string{"出生登记", "户口迁入"}},  // two terms, in the order of the table
		{"什么都不是", nil},
	} {
		if got := qa.Expand(tc.q, table, own); !slices.Equal(got, tc.want) {
			t.Errorf("Expand(%q) = %v, want %v", tc.q, got, tc.want)
		}
	}
}

func TestDefaultSynonymsAreValid(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range qa.DefaultSynonyms {
		if err := qa.CheckSynonym(s); err != nil {
			t.Errorf("%s: %v", s.Term, err)
		}
		if seen[s.Term] {
			t.Errorf("term %s twice", s.Term)
		}
		seen[s.Term] = true
	}
}

func TestCheckSynonym(t *testing.T) {
	for _, tc := range []struct {
		s     qa.Synonym
		paths []string
	}{
		{qa.Synonym{"开面馆", []string{"餐饮"}}, nil},
		{qa.Synonym{"", nil}, []string{"term", "targets"}},
		{qa.Synonym{"开 面馆", []string{"餐饮", "餐饮"}}, []string{"term", "targets[1]"}},
		{qa.Synonym{"面馆", []string{"面馆", strings.Repeat("餐", 21)}}, []string{"targets[0]", "targets[1]"}},
	} {
		err := qa.CheckSynonym(tc.s)
		var got []string
		if e := onetrip.AsError(err); e != nil {
			for _, d := range e.Details {
				got = append(got, d.Path)
			}
		}
		if !slices.Equal(got, tc.paths) {
			t.Errorf("CheckSynonym(%v) paths %v, want %v", tc.s, got, tc.paths)
		}
	}
	if got := qa.ParseTargets("餐饮、食品经营, 餐饮\n小吃"); !slices.Equal(got, []string{"餐饮", "食品经营", "小吃"}) {
		t.Errorf("ParseTargets = %v", got)
	}
}

func TestLintEntry(t *testing.T) {
	for _, tc := range []struct {
		answer string
		keys   []string
	}{
		{"办理{name}收费：{fee}，承诺 {promised_days} 个工作日。", nil},
		{"收费80元，5个工作日办结。", []string{"qa.lint.quoted_fact", "qa.lint.quoted_fact"}},
		{"请带上{材料}和{price}", []string{"qa.lint.placeholder"}},
		{"请携带相关材料等。", []string{"qa.lint.vague", "qa.lint.vague"}},
	} {
		var got []string
		for _, f := range qa.LintEntry(qa.Entry{Answer: tc.answer}) {
			got = append(got, f.Key)
		}
		if len(got) != len(tc.keys) || (len(got) > 0 && !slices.Equal(got, tc.keys)) {
			t.Errorf("LintEntry(%q) = %v, want %v", tc.answer, got, tc.keys)
		}
	}
}

func TestCheckEntry(t *testing.T) {
	known := func(c string) bool { return c == "330-SCJG-005" || c == "B-RESTAURANT" }
	ok := qa.Entry{Question: "面馆要办食品许可吗", Answer: "要。{name}承诺 {promised_days} 个工作日。", Services: []string{"330-SCJG-005"}}
	if err := qa.CheckEntry(ok, known); err != nil {
		t.Fatalf("valid entry: %v", err)
	}
	bad := qa.Entry{Question: "", Answer: strings.Repeat("答", qa.MaxEntryAnswerRunes+1), Services: []string{"330-XXXX-999", "B-RESTAURANT", "B-RESTAURANT"},
		Region: "110000", ValidFrom: "2026-13-01", ValidTo: "2026-01-01"}
	e := onetrip.AsError(qa.CheckEntry(bad, known))
	var paths []string
	for _, d := range e.Details {
		paths = append(paths, d.Path)
	}
	want := []string{"question", "answer", "services[0]", "services[2]", "region", "valid_from"}
	if !slices.Equal(paths, want) {
		t.Errorf("paths %v, want %v", paths, want)
	}
	order := qa.Entry{Question: "q", Answer: "a", Services: []string{"B-RESTAURANT"}, ValidFrom: "2026-12-01", ValidTo: "2026-11-01"}
	if e := onetrip.AsError(qa.CheckEntry(order, known)); e == nil || e.Details[0].Key != "qa.entry.date_order" {
		t.Errorf("date order: %v", e)
	}
}

func TestTransition(t *testing.T) {
	e := qa.Entry{State: qa.StateDraft, Author: "admin1", Answer: "好的"}
	for _, tc := range []struct {
		from qa.EntryState
		to   qa.EntryState
		by   string
		want qa.EntryState
	}{
		{qa.StateDraft, qa.StateReviewed, "admin2", qa.StateReviewed},
		{qa.StateDraft, qa.StateReviewed, "admin1", ""}, // own entry
		{qa.StateDraft, qa.StatePublished, "admin2", ""},
		{qa.StateReviewed, qa.StatePublished, "admin1", qa.StatePublished},
		{qa.StatePublished, qa.StateRetired, "admin1", qa.StateRetired},
		{qa.StateRetired, qa.StateRetired, "admin1", ""},
		{qa.StateRetired, qa.StateDraft, "admin1", qa.StateDraft},
	} {
		e.State = tc.from
		got, err := qa.Transition(e, tc.to, tc.by)
		if got != tc.want || (tc.want == "") != (err != nil) {
			t.Errorf("%s → %s by %s = %s, %v", tc.from, tc.to, tc.by, got, err)
		}
	}
	vague := qa.Entry{State: qa.StateDraft, Author: "a", Answer: "带上相关材料"}
	if _, err := qa.Transition(vague, qa.StateReviewed, "b"); !onetrip.HasCode(err, onetrip.CodeConflict) {
		t.Errorf("a vague entry was reviewed: %v", err)
	}
}

func TestEntryLiveAndRegion(t *testing.T) {
	e := qa.Entry{State: qa.StatePublished, ValidFrom: "2026-01-01", ValidTo: "2026-12-31", Region: "330800"}
	for day, want := range map[string]bool{"2025-12-31": false, "2026-01-01": true, "2026-12-31": true, "2027-01-01": false} {
		if e.Live(day) != want {
			t.Errorf("Live(%s) = %v", day, !want)
		}
	}
	for region, want := range map[string]bool{"330802": true, "330800": true, "330102": false, "": true} {
		if e.InRegion(region) != want {
			t.Errorf("InRegion(%s) = %v", region, !want)
		}
	}
}

func TestRenderAnswerQuotesTheGuide(t *testing.T) {
	c, _ := catalog.Demo()
	var it catalog.Item
	for _, x := range c.Items {
		if x.Code == "330-GAJG-005" {
			it = x
		}
	}
	e := qa.Entry{Answer: "{name}：{fee}；承诺 {promised_days} 个工作日；最多跑 {max_visits} 次；{unknown}"}
	got := qa.RenderAnswer(e, &it, onetrip.LangZH)
	if !strings.Contains(got, "收费 20 元") || !strings.Contains(got, it.Name) || !strings.Contains(got, "{unknown}") {
		t.Errorf("rendered %q", got)
	}
	it.Fee.Yuan = 2500 // the guide changes: the entry follows
	if got := qa.RenderAnswer(e, &it, onetrip.LangZH); !strings.Contains(got, "收费 25 元") {
		t.Errorf("after the guide changed: %q", got)
	}
}

func TestAnonymise(t *testing.T) {
	for in, want := range map[string]string{
		"330802199203081861 的社保卡": "＊ 的社保卡",
		"电话 13800138000 怎么查":      "电话 ＊ 怎么查",
		"2026 年怎么办":               "2026 年怎么办",
	} {
		if got := qa.Anonymise(in); got != want {
			t.Errorf("Anonymise(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestAskAnswersThePartAsked(t *testing.T) {
	src := newMemSource(t)
	e := qa.NewEngine(src)
	ctx := context.Background()
	ask := func(q, region string) qa.Result {
		t.Helper()
		r, err := e.Ask(ctx, qa.Question{Text: q, Region: region, Lang: onetrip.LangZH})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	r := ask("开面馆要办什么证", "")
	if !r.Answered || r.Answers[0].Code != "B-RESTAURANT" || len(r.Answers[0].Materials) == 0 {
		t.Fatalf("开面馆: %+v", r)
	}
	if r := ask("换身份证多少钱", ""); r.Intent != qa.IntentFee || !strings.Contains(r.Answers[0].Answer, "20 元") {
		t.Errorf("fee: %+v", r.Answers[0])
	}
	if r := ask("社保卡在哪里办", "330802"); r.Intent != qa.IntentPlace || !strings.Contains(r.Answers[0].Answer, "柯城区行政服务中心") {
		t.Errorf("place: %+v", r.Answers[0])
	}
	if r := ask("退休后公积金怎么提取", ""); r.Answers[0].Service() != "330-GJJZ-002" {
		t.Errorf("a specific service beats its bundle: %+v", r.Answers[0])
	}
	// nothing matches: no answer, suggestions, logged anonymised
	r = ask("火星移民 13800138000", "")
	if r.Answered || r.Message == "" || len(r.Answers) == 0 {
		t.Errorf("no answer: %+v", r)
	}
	if len(src.unanswered) != 1 || strings.Contains(src.unanswered[0], "13800138000") {
		t.Errorf("logged %v", src.unanswered)
	}
	if r := ask("😀😀", ""); r.Answered || len(r.Answers) == 0 {
		t.Errorf("emoji: %+v", r)
	}
	if _, err := e.Ask(ctx, qa.Question{Text: "社保卡", Region: "999999"}); !onetrip.HasCode(err, onetrip.CodeInvalid) {
		t.Errorf("unknown region: %v", err)
	}
	if _, err := e.Ask(ctx, qa.Question{Text: "社保卡", Limit: 99}); !onetrip.HasCode(err, onetrip.CodeInvalid) {
		t.Errorf("limit: %v", err)
	}
	// an added synonym and entry are found after the generation moves
	if r := ask("想开个螺蛳粉店", ""); r.Answered && r.Answers[0].Service() == "330-SCJG-005" {
		t.Fatalf("already answered before the synonym: %+v", r.Answers[0])
	}
	src.mu.Lock()
	src.corpus.Synonyms = append(src.corpus.Synonyms, qa.Synonym{Term: "螺蛳粉", Targets: []string{"餐饮", "食品经营"}})
	src.corpus.Entries = append(src.corpus.Entries, qa.Entry{ID: "KB-1", Question: "临时摊位卖粽子要备案吗", Answer: "要办{name}，{fee}。",
		Services: []string{"330-SCJG-004"}, State: qa.StatePublished})
	src.gen++
	src.mu.Unlock()
	if r := ask("想开个螺蛳粉店", ""); !r.Answered || r.Answers[0].Service() != "330-SCJG-005" && r.Answers[0].Service() != "B-RESTAURANT" {
		t.Errorf("after the synonym: %+v", r.Answers)
	}
	if r := ask("临时摊位卖粽子要备案吗", ""); r.Answers[0].Code != "KB-1" || !strings.Contains(r.Answers[0].Answer, "个体工商户设立登记") {
		t.Errorf("after the entry: %+v", r.Answers[0])
	}
}

func TestAskByCode(t *testing.T) {
	e := qa.NewEngine(newMemSource(t))
	for q, want := range map[string]string{"330-SCJG-004": "330-SCJG-004", "b-restaurant 开店": "B-RESTAURANT", "办 330-gajg-005 要多久": "330-GAJG-005"} {
		r, err := e.Ask(context.Background(), qa.Question{Text: q})
		if err != nil || !r.Answered || r.Answers[0].Code != want {
			t.Errorf("%s: %+v %v", q, r, err)
		}
	}
}
