package intake

import (
	"slices"
	"strconv"
	"strings"

	"onetrip"
	"onetrip/catalog"
)

// Problem is why a material is on a correction notice.
type Problem string

const (
	ProblemMissing   Problem = "missing"   // 缺少
	ProblemDefective Problem = "defective" // 不符合要求
)

// Problems lists the Problem values.
var Problems = []Problem{ProblemMissing, ProblemDefective}

// NoticeItem is one line of a correction notice (一次性告知书). It is stored
// with the notice as issued, so it carries the guide's wording as it was
// then: Guide in zh-CN (the printed, official wording) and GuideEN. Reason is
// the clerk's text; ReasonKey a message key when intake gives the reason.
type NoticeItem struct {
	Key        string   `json:"key"` // the entry's first spec id (EntryKey)
	SpecIDs    []string `json:"spec_ids"`
	Name       string   `json:"name"`
	Problem    Problem  `json:"problem"`
	Reason     string   `json:"reason,omitempty"`
	ReasonKey  string   `json:"reason_key,omitempty"`
	ReasonArgs []string `json:"reason_args,omitempty"`
	Guide      string   `json:"guide"`
	GuideEN    string   `json:"guide_en"`
}

// ReasonText is the reason to print: the clerk's words, else intake's.
func (n NoticeItem) ReasonText(lang onetrip.Lang) string {
	if n.Reason != "" {
		return n.Reason
	}
	if n.ReasonKey != "" {
		return onetrip.Render(lang, n.ReasonKey, anys(n.ReasonArgs)...)
	}
	return ""
}

func anys(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// GuideFor is the guide's wording in a language.
func (n NoticeItem) GuideFor(lang onetrip.Lang) string {
	if lang == onetrip.LangEN && n.GuideEN != "" {
		return n.GuideEN
	}
	return n.Guide
}

func noticeItem(r EntryResult) NoticeItem {
	pr := ProblemMissing
	if r.State == StateDefective {
		pr = ProblemDefective
	}
	return NoticeItem{
		Key: r.Key, SpecIDs: slices.Clone(r.SpecIDs), Name: r.Name, Problem: pr,
		Reason: r.Reason, ReasonKey: r.ReasonKey, ReasonArgs: slices.Clone(r.ReasonArgs),
		Guide:   GuideText(r.Entry, onetrip.LangZH),
		GuideEN: GuideText(r.Entry, onetrip.LangEN),
	}
}

// GuideText is the guide's wording for a material: its name, the form and
// copies asked for, and the guide's notes, e.g.
// "不动产登记申请书（原件1份）：申请人签字" or, in English,
// "不动产登记申请书 (original, 1 copy): 申请人签字". Names and notes exist in
// Chinese only; the form is in the language asked for.
func GuideText(e catalog.ChecklistEntry, lang onetrip.Lang) string {
	var form string
	if e.Form != "" {
		form = e.Form.Label(lang)
	}
	var b strings.Builder
	b.WriteString(e.Name)
	if lang == onetrip.LangEN {
		switch {
		case form != "" && e.Copies > 0:
			b.WriteString(" (" + form + ", " + copiesEN(e.Copies) + ")")
		case form != "":
			b.WriteString(" (" + form + ")")
		case e.Copies > 0:
			b.WriteString(" (" + copiesEN(e.Copies) + ")")
		}
		if len(e.Notes) > 0 {
			b.WriteString(": " + strings.Join(e.Notes, "; "))
		}
		return b.String()
	}
	if form != "" || e.Copies > 0 {
		b.WriteString("（" + form)
		if e.Copies > 0 {
			b.WriteString(strconv.Itoa(e.Copies) + "份")
		}
		b.WriteString("）")
	}
	if len(e.Notes) > 0 {
		b.WriteString("：" + strings.Join(e.Notes, "；"))
	}
	return b.String()
}

func copiesEN(n int) string {
	if n == 1 {
		return "1 copy"
	}
	return strconv.Itoa(n) + " copies"
}

// SecondNoticeBreaches applies the one-notice rule (DESIGN rule 1): the items
// of a later notice that the first notice did not name are second-notice
// breaches (二次告知) that supervision counts. A material named again (still
// missing, or now defective) is not a breach: the applicant was told about
// it. An item matches the first notice by its Key or by any spec id in
// common, so a guide revised between the notices does not make a breach of
// a material that was named.
func SecondNoticeBreaches(first, later []NoticeItem) []NoticeItem {
	keys, specs := map[string]bool{}, map[string]bool{}
	for _, n := range first {
		keys[n.Key] = true
		for _, id := range n.SpecIDs {
			specs[id] = true
		}
	}
	var out []NoticeItem
	for _, n := range later {
		named := keys[n.Key] || slices.ContainsFunc(n.SpecIDs, func(id string) bool { return specs[id] })
		if !named {
			out = append(out, n)
		}
	}
	return out
}

// Outcome is the window's decision on an evaluated submission.
type Outcome string

const (
	OutcomeAccepted        Outcome = "accepted"
	OutcomeNeedsCorrection Outcome = "needs_correction"
)

// Status is the case status the outcome leads to.
func (o Outcome) Status() Status { return Status(o) }

// Decide is accepted when the evaluation is complete (deferred materials
// included: 容缺受理), else needs_correction with the evaluation's notice.
// Refusal (不予受理) is never decided from the checklist: it is the clerk's
// explicit choice, with a reason and its legal basis (CheckRefusal).
func Decide(ev Evaluation) Outcome {
	if ev.Complete {
		return OutcomeAccepted
	}
	return OutcomeNeedsCorrection
}

// CheckRefusal checks a refusal: the reason and the legal basis are both
// required, because the 不予受理通知书 must state them to the applicant.
func CheckRefusal(reason, basis string) error {
	var p onetrip.Problems
	if strings.TrimSpace(reason) == "" {
		p.Add("reason", "intake.refusal.reason_required")
	} else if onetrip.TooLong(reason, onetrip.MaxText) {
		p.Add("reason", "err.too_long", onetrip.MaxText)
	}
	if strings.TrimSpace(basis) == "" {
		p.Add("legal_basis", "intake.refusal.basis_required")
	} else if onetrip.TooLong(basis, onetrip.MaxText) {
		p.Add("legal_basis", "err.too_long", onetrip.MaxText)
	}
	return p.Err("intake.refusal.invalid", len(p))
}
