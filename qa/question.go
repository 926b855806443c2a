package qa

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"onetrip"
)

// MaxQuestionRunes is the longest question read: a citizen's question is a
// sentence, not a document; longer input is refused, not cut, so nobody is
// answered a question they did not ask.
const MaxQuestionRunes = 200

var tagRE = regexp.MustCompile(`<[^>]*>`)

// CleanQuestion checks a typed question and reduces it to the text search
// reads: HTML tags dropped, every run of characters that are neither
// letters nor digits (punctuation, emoji, symbols) one space, Latin letters
// lower case. An empty or over-long question is invalid; a question with
// nothing searchable left (only emoji) cleans to "" without error, and is
// answered honestly with no answer.
func CleanQuestion(raw string) (string, error) {
	if strings.TrimSpace(raw) == "" {
		return "", onetrip.Invalid("qa.question.empty")
	}
	if n := utf8.RuneCountInString(raw); n > MaxQuestionRunes {
		return "", onetrip.Invalid("qa.question.too_long", MaxQuestionRunes, n)
	}
	if !utf8.ValidString(raw) {
		return "", onetrip.Invalid("qa.question.encoding")
	}
	s := tagRE.ReplaceAllString(raw, " ")
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToLower(r))
		default:
			space = true
		}
	}
	return b.String(), nil
}

// Intent is the part of a service a question asks about.
type Intent string

// The intents, as the API names them.
const (
	IntentService     Intent = "service"     // which service, or how it goes (the guide's summary)
	IntentMaterials   Intent = "materials"   // 要带什么 / 要什么材料
	IntentFee         Intent = "fee"         // 多少钱
	IntentTime        Intent = "time"        // 多久 / 几天
	IntentPlace       Intent = "place"       // 在哪办 / 哪个窗口
	IntentOnline      Intent = "online"      // 能不能网上办
	IntentEligibility Intent = "eligibility" // 什么条件 / 能不能申请
)

// Intents lists the intents in the order DetectIntent tries them.
var Intents = []Intent{IntentOnline, IntentMaterials, IntentFee, IntentTime, IntentPlace, IntentEligibility, IntentService}

// intentCues are the phrases by which people ask each part. Online comes
// first (网上办要什么材料 asks whether it can be done online), place after
// fee and time (哪里 is also in 在哪里交多少钱).
var intentCues = map[Intent][]string{
	IntentOnline:      {"网上办", "网上申请", "网上能", "线上办", "线上申请", "在线办", "在线申请", "手机上", "手机办", "掌上办", "浙里办", "不用跑", "不用去", "网办", "能不能网上", "可以网上"},
	IntentMaterials:   {"材料", "带什么", "要带", "准备什么", "准备哪些", "提交什么", "提供什么", "提供哪些", "需要什么证件", "要什么证件", "什么资料", "哪些资料", "资料"},
	IntentFee:         {"多少钱", "收费", "费用", "要钱", "收钱", "交多少", "付多少", "花多少", "免费吗", "工本费", "要不要钱"},
	IntentTime:        {"多久", "几天", "多长时间", "多少天", "时限", "多快", "什么时候能", "几个工作日", "要多长"},
	IntentPlace:       {"在哪", "哪里办", "哪里", "哪儿", "哪个窗口", "什么窗口", "地址在", "去哪", "什么地方", "哪个部门", "找谁", "电话"},
	IntentEligibility: {"条件", "资格", "符合", "谁可以", "能不能申请", "可以申请吗", "能申请吗", "够不够", "有没有资格", "门槛"},
}

// DetectIntent says what a cleaned question asks about; IntentService when
// it names no part (怎么办 / 要审批吗).
func DetectIntent(q string) Intent {
	for _, in := range Intents {
		for _, c := range intentCues[in] {
			if strings.Contains(q, c) {
				return in
			}
		}
	}
	return IntentService
}

// lifeEventCues mark a question about everything a life event needs (开店
// 要办哪些证, 孩子出生了要办哪些事): there a bundle (一件事) answers
// better than any one of its items.
var lifeEventCues = []string{"哪些事", "哪些证", "什么证", "要办什么", "要办哪些", "都要办", "一件事", "哪些手续", "什么手续", "全部手续", "整个流程", "都要", "一起办", "哪些审批", "什么审批", "要审批吗", "需要审批吗"}

// IsLifeEvent says whether a cleaned question asks for everything a life
// event or an undertaking needs rather than one service.
func IsLifeEvent(q string) bool {
	for _, c := range lifeEventCues {
		if strings.Contains(q, c) {
			return true
		}
	}
	return false
}

// fillers are the words of a question that say how it is asked, not what
// about: they are taken out before search so that 怎么 and 什么 match no
// guide. Longest first, so 怎么办理 goes before 怎么.
var fillers = sortLongestFirst([]string{
	"请问", "你好", "您好", "我想", "我要", "我们", "想问", "问一下", "一下", "咨询",
	"怎么办理", "如何办理", "怎么办", "怎么弄", "怎么样", "怎么", "如何", "怎样", "咋办", "咋",
	"要办什么", "要办哪些", "需要办", "要办", "去办", "办理", "要不要", "需不需要", "是不是", "能不能", "可不可以", "可以", "能否",
	"哪些", "什么", "哪个", "需要", "还需要", "还要", "要", "吗", "呢", "吧", "啊", "呀", "了", "的", "我",
})

// searchText is a cleaned question without the phrases that only say how
// it is asked and without numbers, the words left for search; a filler is
// taken out without a gap. The intent's cues stay: 地址 is
// also what 公司地址变了 is about.
func searchText(q string) string {
	for _, c := range lifeEventCues {
		q = strings.ReplaceAll(q, c, " ")
	}
	for _, f := range fillers {
		q = strings.ReplaceAll(q, f, "") // 交什么税 → 交税: the words around a filler belong together
	}
	// Numbers name no service (a year, a count, a number typed by
	// mistake); a code is found before this (Engine.byCode).
	q = strings.Map(func(r rune) rune {
		if unicode.IsDigit(r) {
			return ' '
		}
		return r
	}, q)
	return strings.Join(strings.Fields(q), " ")
}
