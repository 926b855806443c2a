package catalog

import "onetrip"

// The enumerations of the file format. Codes are stored in the file; the
// labels are what the UI, the printed guide and the Excel sheets show.

// Online is how far an item can be done online (网办深度).
type Online string

const (
	OnlineFull     Online = "full"     // 全程网办
	OnlineSubmit   Online = "submit"   // 网上申报 (+ one visit)
	OnlinePrecheck Online = "precheck" // 网上预约预审
	OnlineNone     Online = "none"     // 不可网办
)

// OnlineLevels lists the Online values, deepest first.
var OnlineLevels = []Online{OnlineFull, OnlineSubmit, OnlinePrecheck, OnlineNone}

// Delivery is a way the result reaches the applicant.
type Delivery string

const (
	DeliveryWindow     Delivery = "window"     // 窗口领取
	DeliveryCourier    Delivery = "courier"    // 快递送达
	DeliveryElectronic Delivery = "electronic" // 电子送达
)

// Deliveries lists the Delivery values.
var Deliveries = []Delivery{DeliveryWindow, DeliveryCourier, DeliveryElectronic}

// FeeDue is the moment a fee falls due (缴费时点).
type FeeDue string

const (
	FeeAtAcceptance FeeDue = "acceptance" // 受理时缴费 (身份证, 通行证, 驾驶证)
	FeeAtApproval   FeeDue = "approval"   // 审核通过后缴费 (不动产登记: the step's approval)
	FeeBeforeIssue  FeeDue = ""           // 出件前缴费: once the case is approved
)

// FeeDues lists the FeeDue values written in files (the empty default aside).
var FeeDues = []FeeDue{FeeAtAcceptance, FeeAtApproval}

// Form is the form a material is handed in.
type Form string

const (
	FormOriginal   Form = "original"   // 原件
	FormCopy       Form = "copy"       // 复印件
	FormElectronic Form = "electronic" // 电子件
)

// Forms lists the Form values.
var Forms = []Form{FormOriginal, FormCopy, FormElectronic}

// Level is the lowest administrative level that handles an item.
type Level string

const (
	LevelProvince Level = "province" // 省级
	LevelCity     Level = "city"     // 设区市级
	LevelCounty   Level = "county"   // 县级
)

// Levels lists the Level values, highest first.
var Levels = []Level{LevelProvince, LevelCity, LevelCounty}

// Subject is who holds a licence or whom a data item describes.
type Subject string

const (
	SubjectPerson Subject = "person" // 自然人
	SubjectOrg    Subject = "org"    // 法人和其他组织
)

// Subjects lists the Subject values.
var Subjects = []Subject{SubjectPerson, SubjectOrg}

// ShareLevel is the sharing class of a data item (共享属性).
type ShareLevel string

const (
	ShareOpen        ShareLevel = "open"        // 无条件共享
	ShareConditional ShareLevel = "conditional" // 有条件共享
	ShareRestricted  ShareLevel = "restricted"  // 不予共享
)

// ShareLevels lists the ShareLevel values.
var ShareLevels = []ShareLevel{ShareOpen, ShareConditional, ShareRestricted}

// ItemKinds are the kinds of items a citizen can apply for (依申请政务服务事项);
// the file stores them in Chinese. Penalties, enforcement and inspections are
// not applied for and so are not catalogue kinds here.
var ItemKinds = []string{"行政许可", "行政确认", "行政给付", "行政备案", "行政裁决", "行政奖励", "行政征收", "公共服务", "其他行政权力"}

// Windows are the sections of the comprehensive window (综合窗口分区).
var Windows = []string{"投资项目审批", "商事登记", "不动产登记", "医保社保", "公安服务", "社会事务", "综合"}

var labels = map[string][2]string{
	"online:full":         {"全程网办", "fully online"},
	"online:submit":       {"网上申报", "apply online, one visit"},
	"online:precheck":     {"网上预约预审", "online booking and pre-check"},
	"online:none":         {"不可网办", "not online"},
	"delivery:window":     {"窗口领取", "collect at the window"},
	"delivery:courier":    {"快递送达", "courier"},
	"delivery:electronic": {"电子送达", "electronic delivery"},
	"fee_due:acceptance":  {"受理时缴费", "paid at acceptance"},
	"fee_due:approval":    {"审核通过后缴费", "paid once the step is approved"},
	"fee_due:":            {"出件前缴费", "paid before the result is issued"},
	"form:original":       {"原件", "original"},
	"form:copy":           {"复印件", "copy"},
	"form:electronic":     {"电子件", "electronic"},
	"level:province":      {"省级", "province"},
	"level:city":          {"市级", "city"},
	"level:county":        {"县级", "county"},
	"subject:person":      {"自然人", "person"},
	"subject:org":         {"法人", "organisation"},
	"share:open":          {"无条件共享", "open"},
	"share:conditional":   {"有条件共享", "conditional"},
	"share:restricted":    {"不予共享", "restricted"},
	"source:applicant":    {"申请人提供", "from the applicant"},
	"source:licence":      {"电子证照", "electronic licence"},
	"source:shared":       {"共享数据", "shared data"},
	"source:prior-step":   {"前序环节结果", "result of an earlier step"},
}

func label(ns, code string, lang onetrip.Lang) string {
	l, ok := labels[ns+":"+code]
	if !ok {
		return code
	}
	if lang == onetrip.LangEN {
		return l[1]
	}
	return l[0]
}

// fromLabel maps a code or its label in either language back to the code;
// anything else is returned unchanged for validation to report.
func fromLabel(ns, s string, codes []string) string {
	for _, c := range codes {
		if s == c || s == label(ns, c, onetrip.LangZH) || s == label(ns, c, onetrip.LangEN) {
			return c
		}
	}
	return s
}

// Label is the value's name in a language (zh-CN: 全程网办 …).
func (o Online) Label(lang onetrip.Lang) string { return label("online", string(o), lang) }

// Label is the value's name in a language.
func (d Delivery) Label(lang onetrip.Lang) string { return label("delivery", string(d), lang) }

// Label is the value's name in a language.
func (d FeeDue) Label(lang onetrip.Lang) string { return label("fee_due", string(d), lang) }

// Label is the value's name in a language.
func (f Form) Label(lang onetrip.Lang) string { return label("form", string(f), lang) }

// Label is the value's name in a language.
func (l Level) Label(lang onetrip.Lang) string { return label("level", string(l), lang) }

// Label is the value's name in a language.
func (s Subject) Label(lang onetrip.Lang) string { return label("subject", string(s), lang) }

// Label is the value's name in a language.
func (s ShareLevel) Label(lang onetrip.Lang) string { return label("share", string(s), lang) }

// Valid reports whether o is a known value.
func (o Online) Valid() bool { return in(o, OnlineLevels) }

// Valid reports whether d is a known value.
func (d Delivery) Valid() bool { return in(d, Deliveries) }

// Valid reports whether f is a known value.
func (f Form) Valid() bool { return in(f, Forms) }

// Valid reports whether l is a known value.
func (l Level) Valid() bool { return in(l, Levels) }

// Valid reports whether s is a known value.
func (s Subject) Valid() bool { return in(s, Subjects) }

// Valid reports whether s is a known value.
func (s ShareLevel) Valid() bool { return in(s, ShareLevels) }

func in[T comparable](v T, set []T) bool {
	for _, x := range set {
		if x == v {
			return true
		}
	}
	return false
}

func strs[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}
