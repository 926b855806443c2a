package catalog

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"onetrip"
)

// Finding is one problem in a catalogue: where (a JSON path relative to what
// was checked), which rule, and the message key and arguments that explain it.
type Finding struct {
	Path string
	Rule string
	Key  string
	Args []any
}

// Detail converts a finding for an onetrip.Error.
func (f Finding) Detail() onetrip.Detail {
	return onetrip.Detail{Path: f.Path, Key: f.Key, Args: f.Args}
}

// ToProblems converts findings for an onetrip.Problems error (Err gives nil
// when there are none).
func ToProblems(fs []Finding) onetrip.Problems {
	p := make(onetrip.Problems, 0, len(fs))
	for _, f := range fs {
		p = append(p, f.Detail())
	}
	return p
}

// prefixed puts findings relative to an item or bundle under its path in the
// catalogue ("items[3]" + "materials[0].name").
func prefixed(prefix string, fs []Finding) []Finding {
	for i := range fs {
		switch {
		case fs[i].Path == "":
			fs[i].Path = prefix
		case strings.HasPrefix(fs[i].Path, "["):
			fs[i].Path = prefix + fs[i].Path
		default:
			fs[i].Path = prefix + "." + fs[i].Path
		}
	}
	return fs
}

type findings []Finding

func (fs *findings) add(path, rule string, args ...any) {
	ns := "lint" // "check:x" → catalog.check.x, "xlsx:x" → catalog.xlsx.x
	if n, r, ok := strings.Cut(rule, ":"); ok {
		ns, rule = n, r
	}
	key := "catalog." + ns + "." + rule
	*fs = append(*fs, Finding{Path: path, Rule: rule, Key: key, Args: args})
}

func idx(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

// Vague wording (rule 6 of DESIGN). A guide must name each material and each
// condition exactly; these phrases leave the applicant guessing and open the
// door to a second correction notice. The patterns, longest match reported:
//
//	等材料 等资料 等证明 等文件 等证件 等证照 等手续 等凭证   (also 等相关…, 等有关…, 等其他…)
//	等相关 等有关                                         (等相关手续, 等有关情况 …)
//	其他材料 其它材料 其他证明 … 其他相关材料 其他必要的材料
//	其他相关 其他有关 其它相关 其它有关
//	相关材料 有关材料 相关的证明 有关文件 …
//	规定的其他 规定的其它                                  (法律法规规定的其他材料/情形)
//	a trailing 等 ("身份证、户口簿等") or 等 before a comma/full stop
//
// A 等 that belongs to a word — 平等 同等 对等 均等 相等 高等 中等 初等 上等
// 下等 特等 头等 优等 劣等 何等 一等…十等 甲等 乙等 丙等 — is not "and so
// on", so 同等材料 or 一等证明 do not count; 等级 never matches at all.
var vagueRE = regexp.MustCompile(
	`(?:法律|行政)?法规(?:和规章)?规定的(?:其他|其它)` +
		`|规定的(?:其他|其它)` +
		`|等(?:相关|有关|其他|其它)?的?(?:材料|资料|证明|文件|证件|证照|手续|凭证)` +
		`|等(?:相关|有关)` +
		`|(?:其他|其它)(?:相关|有关|必要|必需|所需)?的?(?:材料|资料|证明|文件|证件|证照|手续|凭证)` +
		`|(?:其他|其它)(?:相关|有关)` +
		`|(?:相关|有关)的?(?:材料|资料|证明|文件|证件|证照|手续|凭证)` +
		`|等(?:$|[，,；;。、）)])`)

func init() { vagueRE.Longest() }

// wordDeng are characters that make a following 等 part of a word.
const wordDeng = "平同对均相高中初上下特头超次优劣何一二三四五六七八九十甲乙丙丁"

// VagueWords returns the vague phrases in s, in order (see vagueRE).
func VagueWords(s string) []string {
	var out []string
	for pos := 0; pos < len(s); {
		m := vagueRE.FindStringIndex(s[pos:])
		if m == nil {
			break
		}
		start, end := pos+m[0], pos+m[1]
		w := strings.TrimRight(s[start:end], "，,；;。、）)")
		if strings.HasPrefix(w, "等") && start > 0 {
			if prev, _ := utf8.DecodeLastRuneInString(s[:start]); strings.ContainsRune(wordDeng, prev) {
				pos = start + len("等") // 同等相关材料: 等 is part of 同等, 相关材料 still counts
				continue
			}
		}
		out = append(out, w)
		pos = end
	}
	return out
}

func (fs *findings) vague(path, text string) {
	for _, w := range VagueWords(text) {
		fs.add(path, "vague", w, text)
	}
}

func blank(s string) bool { return strings.TrimSpace(s) == "" }

// LintItem applies the guide standard (rule 6 of DESIGN) to one item: a guide
// with any finding cannot be published. Paths are relative to the item.
//
// Rules: vague wording in material names and notes, conditions, the result
// document and FAQ answers; promised limit above the statutory one; a fee without a basis or
// below zero; no materials; two materials with the same name; a source or
// result naming a licence type or data item that does not exist; an
// applicant's non-electronic material in a zero-visit item; an empty name,
// no conditions, no legal basis, or an empty entry in those lists. A
// prior-step source is allowed (it only means something inside a bundle).
func LintItem(it Item, refs Refs) []Finding {
	var fs findings
	if blank(it.Name) {
		fs.add("name", "empty_name")
	}
	if len(it.LegalBasis) == 0 {
		fs.add("legal_basis", "no_legal_basis")
	}
	for i, s := range it.LegalBasis {
		if blank(s) {
			fs.add(idx("legal_basis", i), "empty_entry")
		}
	}
	if len(it.Conditions) == 0 {
		fs.add("conditions", "no_conditions")
	}
	for i, s := range it.Conditions {
		if blank(s) {
			fs.add(idx("conditions", i), "empty_entry")
		}
		fs.vague(idx("conditions", i), s)
	}
	if len(it.Materials) == 0 {
		fs.add("materials", "no_materials")
	}
	firstName := map[string]string{}
	for i, m := range it.Materials {
		p := idx("materials", i)
		if blank(m.Name) {
			fs.add(p+".name", "empty_name")
		} else if first, dup := firstName[normName(m.Name)]; dup {
			fs.add(p+".name", "duplicate_material", m.Name, first)
		} else {
			firstName[normName(m.Name)] = p
		}
		fs.vague(p+".name", m.Name)
		fs.vague(p+".note", m.Note)
		if src, err := ParseSource(m.Source); err == nil {
			switch {
			case src.Kind == SourceLicence && !refs.Licences[src.Ref]:
				fs.add(p+".source", "unknown_licence", src.Ref)
			case src.Kind == SourceShared && !refs.Data[src.Ref]:
				fs.add(p+".source", "unknown_data", src.Ref)
			case src.Kind == SourceApplicant && it.MaxVisits == 0 && m.Form != FormElectronic:
				fs.add(p+".form", "zero_visit_paper", m.Name, string(m.Form))
			}
		}
	}
	if it.PromisedDays > it.StatutoryDays {
		fs.add("promised_days", "promised_over_statutory", it.PromisedDays, it.StatutoryDays)
	}
	if it.Fee.Yuan < 0 {
		fs.add("fee.yuan", "fee_negative", it.Fee.Yuan.String())
	}
	if it.Fee.Yuan > 0 && blank(it.Fee.Basis) {
		fs.add("fee.basis", "fee_no_basis", it.Fee.Yuan.String())
	}
	if it.Result.Licence != "" && !refs.Licences[it.Result.Licence] {
		fs.add("result.licence", "unknown_licence", it.Result.Licence)
	}
	fs.vague("result.document", it.Result.Document)
	// An answer in 常见问题 is guidance too: "请携带身份证及其他材料" leaves
	// the applicant guessing as much as a vague material name.
	for i, f := range it.FAQ {
		fs.vague(idx("faq", i)+".a", f.A)
	}
	return fs
}

// LintBundle checks a bundle against the catalogue: every step's item exists,
// the steps are acyclic, the promise covers the longest chain of the steps'
// promised days (a bundle cannot promise faster than its slowest path), and
// the lead department kind exists and owns at least one step.
func LintBundle(b Bundle, refs Refs) []Finding {
	var fs findings
	for i, s := range b.Steps {
		if _, ok := refs.Items[s.Item]; !ok {
			fs.add(idx("steps", i)+".item", "unknown_step_item", s.Item)
		}
	}
	cycles := Cycles(b)
	for _, c := range cycles {
		fs.add("steps", "cycle", strings.Join(c, " → "))
	}
	if len(cycles) == 0 {
		days := map[string]int{}
		for code, r := range refs.Items {
			days[code] = r.PromisedDays
		}
		if n, chain := longestChain(b, days); b.PromisedDays < n {
			fs.add("promised_days", "promised_below_chain", b.PromisedDays, n, strings.Join(chain, " → "))
		}
	}
	if !refs.DepartmentKinds[b.LeadKind] {
		fs.add("lead_kind", "unknown_lead_kind", b.LeadKind)
	} else if len(LeadSteps(b, refs)) == 0 {
		fs.add("lead_kind", "no_lead_step", b.LeadKind)
	}
	return fs
}

// LeadSteps are the bundle's steps whose item belongs to the lead department
// kind; the lead department owns the case-level result.
func LeadSteps(b Bundle, refs Refs) []string {
	var out []string
	for _, s := range b.Steps {
		if r, ok := refs.Items[s.Item]; ok && r.DepartmentKind == b.LeadKind {
			out = append(out, s.Item)
		}
	}
	return out
}

// normName is a material name compared loosely: no spaces, full-width ASCII
// and brackets folded, so "营业执照（副本）" and "营业执照(副本) " are the same.
func normName(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == ' ' || r == '\t' || r == '\u3000' || r == '\n' || r == '\r':
			continue
		case r >= '！' && r <= '～':
			r -= 0xFEE0
		}
		b.WriteRune(r)
	}
	return b.String()
}
