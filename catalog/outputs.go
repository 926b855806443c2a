package catalog

import (
	"slices"
	"strings"

	"onetrip"
)

// Output is one named value a step's approval gives (审批结果要素): a field
// of the licence the item issues, who holds it, or the number of the
// document it issues. A decision may give only these names, so nothing a
// reviewer writes is silently left out of the licence.
type Output struct {
	Name string `json:"name"`
	// From says where the output goes: "licence" (a field of the licence
	// printed as given; blank fields the platform fills, such as 发证机关,
	// are filled from the case), "holder" (who the licence is for, when
	// neither the form nor an earlier step says it), "document" (the
	// document's number or a code it carries).
	From string `json:"from"`
}

// Where outputs go.
const (
	OutputLicence  = "licence"
	OutputHolder   = "holder"
	OutputDocument = "document"
)

// holderOutputs are the outputs that name a licence's holder when the
// type's fields do not: its ID and its name.
var holderOutputs = map[Subject][]string{
	SubjectOrg:    {"统一社会信用代码", "名称"},
	SubjectPerson: {"公民身份号码", "姓名"},
}

// DocumentNumber is the output every document result has: its number (文号).
const DocumentNumber = "文书编号"

// Outputs are the outputs of an item's approval: for a licence result the
// type's fields and its holder's ID and name; for a document result its
// number and the fields the catalogue gives it (Result.Fields). lt is the
// item's licence type (nil for a document result).
func Outputs(it Item, lt *LicenceType) []Output {
	var out []Output
	add := func(name, from string) {
		if !slices.ContainsFunc(out, func(o Output) bool { return o.Name == name }) {
			out = append(out, Output{Name: name, From: from})
		}
	}
	switch {
	case it.Result.Licence != "" && lt != nil:
		for _, f := range lt.Fields {
			add(f, OutputLicence)
		}
		for _, f := range holderOutputs[lt.Holder] {
			add(f, OutputHolder)
		}
	case it.Result.Document != "":
		add(DocumentNumber, OutputDocument)
		for _, f := range it.Result.Fields {
			add(f, OutputDocument)
		}
	}
	return out
}

func init() {
	onetrip.Register(onetrip.Messages{
		"catalog.output.unknown": {"事项“%s”没有名为“%s”的输出项（可用：%s）", "item %s has no output named %q (it has: %s)"},
		"catalog.output.invalid": {"审批输出有 %d 处问题", "the decision's outputs have %d problem(s)"},
	})
}

// CheckOutputs refuses names a step's outputs do not have, each named at
// outputs.<name> with the names it does have.
func CheckOutputs(itemCode string, allowed []Output, given map[string]string) error {
	var p onetrip.Problems
	names := make([]string, len(allowed))
	for i, o := range allowed {
		names[i] = o.Name
	}
	list := joinNames(names)
	keys := make([]string, 0, len(given))
	for k := range given {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if !slices.Contains(names, k) {
			p.Add("outputs."+k, "catalog.output.unknown", itemCode, k, list)
		}
	}
	return p.Err("catalog.output.invalid", len(p))
}

func joinNames(names []string) string {
	if len(names) == 0 {
		return "—"
	}
	return strings.Join(names, "、")
}
