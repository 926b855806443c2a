package catalog

import (
	"strconv"
	"strings"

	"onetrip"
)

// The columns of each sheet of the Excel form (see xlsx.go).

type materialRow struct {
	Item string
	MaterialSpec
}

type faqRow struct {
	Item string
	FAQ
}

type stepRow struct {
	Bundle string
	Step
}

// col is one column of a sheet: its header, how to write a record's value
// and how to read it back (a message key and args on a bad cell).
type col[T any] struct {
	head  string
	width float64
	get   func(*T) any
	set   func(*T, string) (string, []any)
}

func strCol[T any](head string, w float64, f func(*T) *string) col[T] {
	return col[T]{head, w, func(t *T) any { return *f(t) }, func(t *T, v string) (string, []any) { *f(t) = v; return "", nil }}
}

func intCol[T any](head string, f func(*T) *int) col[T] {
	return col[T]{head, 12, func(t *T) any { return *f(t) }, func(t *T, v string) (string, []any) {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil {
			return "catalog.xlsx.int", []any{v}
		}
		*f(t) = n
		return "", nil
	}}
}

func boolCol[T any](head string, f func(*T) *bool) col[T] {
	return col[T]{head, 10, func(t *T) any {
		if *f(t) {
			return "是"
		}
		return "否"
	}, func(t *T, v string) (string, []any) {
		switch strings.TrimSpace(v) {
		case "是", "TRUE", "true", "1":
			*f(t) = true
		case "否", "FALSE", "false", "0":
			*f(t) = false
		default:
			return "catalog.xlsx.bool", []any{v}
		}
		return "", nil
	}}
}

func amountCol[T any](head string, f func(*T) *Amount) col[T] {
	return col[T]{head, 12, func(t *T) any {
		a := *f(t)
		if a%100 == 0 {
			return int64(a / 100)
		}
		v, _ := strconv.ParseFloat(a.String(), 64)
		return v
	}, func(t *T, v string) (string, []any) {
		a, err := ParseAmount(strings.TrimSpace(v))
		if err != nil {
			return "catalog.xlsx.amount", []any{v}
		}
		*f(t) = a
		return "", nil
	}}
}

func listCol[T any](head string, w float64, f func(*T) *[]string) col[T] {
	return col[T]{head, w, func(t *T) any { return strings.Join(*f(t), "\n") },
		func(t *T, v string) (string, []any) { *f(t) = splitLines(v); return "", nil }}
}

func enumCol[T any, E ~string](head, ns string, codes []E, f func(*T) *E) col[T] {
	return col[T]{head, 14, func(t *T) any { return label(ns, string(*f(t)), onetrip.LangZH) },
		func(t *T, v string) (string, []any) { *f(t) = E(fromLabel(ns, v, strs(codes))); return "", nil }}
}

// rolesCol is a list of party roles, one label a line (买方, 卖方).
func rolesCol[T any](head string, f func(*T) *[]PartyRole) col[T] {
	return col[T]{head, 14, func(t *T) any {
		var ls []string
		for _, r := range *f(t) {
			ls = append(ls, r.Label(onetrip.LangZH))
		}
		return strings.Join(ls, "\n")
	}, func(t *T, v string) (string, []any) {
		*f(t) = []PartyRole{}
		for _, s := range splitLines(v) {
			*f(t) = append(*f(t), PartyRole(fromLabel("party", s, strs(PartyRoles))))
		}
		return "", nil
	}}
}

func splitLines(v string) []string {
	v = strings.ReplaceAll(v, "\r\n", "\n")
	if v == "" {
		return []string{}
	}
	return strings.Split(v, "\n")
}

var itemCols = []col[Item]{
	strCol("事项编码", 16, func(t *Item) *string { return &t.Code }),
	strCol("事项名称", 30, func(t *Item) *string { return &t.Name }),
	strCol("事项类型", 12, func(t *Item) *string { return &t.Kind }),
	strCol("部门类型", 20, func(t *Item) *string { return &t.DepartmentKind }),
	enumCol("行使层级", "level", Levels, func(t *Item) *Level { return &t.Level }),
	strCol("窗口分区", 14, func(t *Item) *string { return &t.Window }),
	listCol("设定依据", 50, func(t *Item) *[]string { return &t.LegalBasis }),
	listCol("受理条件", 50, func(t *Item) *[]string { return &t.Conditions }),
	intCol("法定时限（工作日）", func(t *Item) *int { return &t.StatutoryDays }),
	intCol("承诺时限（工作日）", func(t *Item) *int { return &t.PromisedDays }),
	amountCol("收费金额（元）", func(t *Item) *Amount { return &t.Fee.Yuan }),
	strCol("收费依据", 40, func(t *Item) *string { return &t.Fee.Basis }),
	enumCol("网办深度", "online", OnlineLevels, func(t *Item) *Online { return &t.Online }),
	intCol("最多跑次数", func(t *Item) *int { return &t.MaxVisits }),
	{"送达方式", 14, func(t *Item) any {
		var ls []string
		for _, d := range t.Delivery {
			ls = append(ls, d.Label(onetrip.LangZH))
		}
		return strings.Join(ls, "\n")
	}, func(t *Item, v string) (string, []any) {
		t.Delivery = []Delivery{}
		for _, s := range splitLines(v) {
			t.Delivery = append(t.Delivery, Delivery(fromLabel("delivery", s, strs(Deliveries))))
		}
		return "", nil
	}},
	rolesCol("当事人", func(t *Item) *[]PartyRole { return &t.Parties }),
	strCol("结果证照", 16, func(t *Item) *string { return &t.Result.Licence }),
	strCol("结果文书", 30, func(t *Item) *string { return &t.Result.Document }),
	listCol("结果文书要素", 24, func(t *Item) *[]string { return &t.Result.Fields }),
	listCol("关键词", 20, func(t *Item) *[]string { return &t.Keywords }),
	// Added after the first sheets were in use: at the end, so the columns
	// people already know keep their letters.
	enumCol("缴费时点", "fee_due", append([]FeeDue{FeeBeforeIssue}, FeeDues...), func(t *Item) *FeeDue { return &t.Fee.Due }),
	enumCol("缴费人", "party", append([]PartyRole{""}, PartyRoles...), func(t *Item) *PartyRole { return &t.Fee.Payer }),
	{"联合办理", 14, func(t *Item) any {
		if t.Joint == nil {
			return ""
		}
		return t.Joint.Name
	}, func(t *Item, v string) (string, []any) {
		if v = strings.TrimSpace(v); v != "" {
			t.Joint = &Joint{Name: v, Participants: []string{}}
		}
		return "", nil
	}},
	// The participants column comes after the name: a row without a name
	// has no joint step and leaves it empty.
	{"联合参与部门类型", 24, func(t *Item) any {
		if t.Joint == nil {
			return ""
		}
		return strings.Join(t.Joint.Participants, "\n")
	}, func(t *Item, v string) (string, []any) {
		if ps := splitLines(v); len(ps) > 0 {
			if t.Joint == nil {
				t.Joint = &Joint{}
			}
			t.Joint.Participants = ps
		}
		return "", nil
	}},
}

var materialCols = []col[materialRow]{
	strCol("事项编码", 16, func(t *materialRow) *string { return &t.Item }),
	strCol("材料编号", 20, func(t *materialRow) *string { return &t.ID }),
	strCol("材料名称", 36, func(t *materialRow) *string { return &t.Name }),
	boolCol("是否必需", func(t *materialRow) *bool { return &t.Required }),
	boolCol("可容缺", func(t *materialRow) *bool { return &t.Deferrable }),
	enumCol("材料形式", "form", Forms, func(t *materialRow) *Form { return &t.Form }),
	intCol("份数", func(t *materialRow) *int { return &t.Copies }),
	strCol("来源", 22, func(t *materialRow) *string { return &t.Source }),
	strCol("备注", 40, func(t *materialRow) *string { return &t.Note }),
	rolesCol("持有人", func(t *materialRow) *[]PartyRole { return &t.Parties }),
}

var faqCols = []col[faqRow]{
	strCol("事项编码", 16, func(t *faqRow) *string { return &t.Item }),
	strCol("问题", 40, func(t *faqRow) *string { return &t.Q }),
	strCol("解答", 80, func(t *faqRow) *string { return &t.A }),
}

var bundleCols = []col[Bundle]{
	strCol("一件事编码", 18, func(t *Bundle) *string { return &t.Code }),
	strCol("名称", 36, func(t *Bundle) *string { return &t.Name }),
	strCol("牵头部门类型", 24, func(t *Bundle) *string { return &t.LeadKind }),
	intCol("承诺时限（工作日）", func(t *Bundle) *int { return &t.PromisedDays }),
	listCol("关键词", 20, func(t *Bundle) *[]string { return &t.Keywords }),
}

var stepCols = []col[stepRow]{
	strCol("一件事编码", 18, func(t *stepRow) *string { return &t.Bundle }),
	strCol("事项编码", 16, func(t *stepRow) *string { return &t.Item }),
	listCol("前置事项", 18, func(t *stepRow) *[]string { return &t.After }),
}

var licenceCols = []col[LicenceType]{
	strCol("证照类型编码", 18, func(t *LicenceType) *string { return &t.Code }),
	strCol("名称", 24, func(t *LicenceType) *string { return &t.Name }),
	strCol("发证部门类型", 22, func(t *LicenceType) *string { return &t.IssuerKind }),
	enumCol("持证主体", "subject", Subjects, func(t *LicenceType) *Subject { return &t.Holder }),
	intCol("有效期（年）", func(t *LicenceType) *int { return &t.ValidityYears }),
	listCol("照面信息项", 24, func(t *LicenceType) *[]string { return &t.Fields }),
}

var dataCols = []col[DataItem]{
	strCol("数据项编码", 18, func(t *DataItem) *string { return &t.Code }),
	strCol("名称", 24, func(t *DataItem) *string { return &t.Name }),
	strCol("提供部门类型", 22, func(t *DataItem) *string { return &t.ProviderKind }),
	enumCol("数据主体", "subject", Subjects, func(t *DataItem) *Subject { return &t.Subject }),
	listCol("信息项", 24, func(t *DataItem) *[]string { return &t.Fields }),
	enumCol("共享属性", "share", ShareLevels, func(t *DataItem) *ShareLevel { return &t.Level }),
}

var deptCols = []col[DepartmentKind]{
	strCol("部门类型标识", 30, func(t *DepartmentKind) *string { return &t.Kind }),
	strCol("名称", 24, func(t *DepartmentKind) *string { return &t.Name }),
	strCol("简称", 12, func(t *DepartmentKind) *string { return &t.Short }),
}

var metaCols = []col[Catalog]{
	strCol("版本", 12, func(t *Catalog) *string { return &t.Version }),
	strCol("说明", 80, func(t *Catalog) *string { return &t.Note }),
}
