// Package sharing is the data-sharing platform (信息共享平台): who may read
// which shared data item (共享数据项) about whom, for what. A consumer — a
// department or a service centre — asks the provider department for a
// grant (授权) with a purpose; a query (查询) answers only the granted fields
// of one subject, and a conditional item only for a subject who is the
// applicant of the consumer's open case. Every query, answered or refused,
// is an access record (数据使用记录) the subject can read.
//
// The rules are pure functions here; the store persists grants and the
// access log, the providers (Provider: the built-in registries, a
// department's HTTP system) answer for the data, and the HTTP layers only
// translate.
package sharing

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"onetrip"
	"onetrip/catalog"
	"onetrip/idcode"
	"onetrip/workday"
)

func init() {
	onetrip.Register(onetrip.Messages{
		"sharing.item.unknown":        {"共享数据项 %s 不存在", "shared data item %s does not exist"},
		"sharing.item.restricted":     {"数据项“%s”属于不予共享类，不能授权或查询", "data item %q is not shared (不予共享): it cannot be granted or queried"},
		"sharing.purpose.empty":       {"请写明用途", "give the purpose"},
		"sharing.purpose.long":        {"用途不超过 %d 个字", "the purpose may have at most %d characters"},
		"sharing.field.unknown":       {"数据项“%s”没有字段“%s”", "data item %q has no field %q"},
		"sharing.grant.invalid":       {"授权申请有 %d 处问题", "the grant request has %d problem(s)"},
		"sharing.grant.until":         {"有效期须在今天之后、%d 年之内（YYYY-MM-DD）", "the end date must be after today and within %d years (YYYY-MM-DD)"},
		"sharing.grant.state":         {"该授权已处理（%s）", "the grant was already decided (%s)"},
		"sharing.grant.revoke_reason": {"撤销授权须写明理由", "a revocation needs a reason"},
		"sharing.grant.reason":        {"不予授权须写明理由", "a refusal needs a reason"},
		"sharing.grant.not_provider":  {"只有提供部门（%s）的管理员可以审批", "only an admin of the provider (%s) decides"},
		"sharing.consumer":            {"只有部门或服务中心的工作人员可以申请和查询共享数据", "only staff of a department or a service centre ask for and query shared data"},
		"sharing.query.invalid":       {"查询有 %d 处问题", "the query has %d problem(s)"},
		"sharing.subject.kind":        {"数据项“%s”描述%s，查询对象应为%s", "data item %q describes %s: the subject must be a %s"},
		"sharing.denied":              {"无权查询：没有有效授权，或查询对象不是本单位在办件的申请人", "not allowed: no valid grant, or the subject is not the applicant of one of your open cases"},
		"sharing.no_record":           {"%s（%s）未查到该对象的记录", "%s (%s) holds no record of this subject"},
		"sharing.unavailable":         {"%s（%s）暂时无法应答，请稍后再试", "%s (%s) does not answer now; try again later"},
	})
}

// Kinds of consumers.
const (
	ConsumerDepartment = "department"
	ConsumerCenter     = "center"
	// ConsumerPlatform is the platform itself, for the subject who asks:
	// the unified identity platform checks a citizen's own name against
	// the population register (实名认证), or a company's representative.
	ConsumerPlatform = "platform"
)

// PlatformIdentity is the unified identity platform as a consumer.
const PlatformIdentity = "统一身份认证平台"

// Consumer is the body that asks: a department or a service centre; a
// grant is the body's, not a person's.
type Consumer struct {
	Kind string `json:"kind"`
	ID   string `json:"id"`
}

// ConsumerOf is the body a principal asks for: a reviewer's, department
// system's or department admin's department, a clerk's or agent's centre.
// Others (applicants, supervisors, region admins) query nothing.
func ConsumerOf(p *onetrip.Principal) (Consumer, error) {
	switch {
	case p == nil:
		return Consumer{}, onetrip.Unauthorized("err.unauthorized")
	case p.Is(onetrip.RoleReviewer, onetrip.RoleSystem, onetrip.RoleAdmin) && p.Department != "":
		return Consumer{Kind: ConsumerDepartment, ID: p.Department}, nil
	case p.Is(onetrip.RoleClerk, onetrip.RoleAgent) && p.Center != "":
		return Consumer{Kind: ConsumerCenter, ID: p.Center}, nil
	}
	return Consumer{}, onetrip.Forbidden("sharing.consumer")
}

// ProviderDepartment is the department that provides an item: the
// province's department of the item's kind (the sharing list is
// provincial: 省级公共数据共享清单).
func ProviderDepartment(it catalog.DataItem) string { return "330000-" + it.ProviderKind }

// CanDecide: grants of an item are decided by an admin of its provider
// department, or by the province's platform admin (no department).
// Decides reports whether p decides some provider's grants: a provider
// department's admin, or the province's platform admin.
func Decides(p *onetrip.Principal) bool {
	return p.Is(onetrip.RoleAdmin) && (p.Department != "" || p.Region == "330000")
}

func CanDecide(p *onetrip.Principal, it catalog.DataItem) bool {
	if !p.Is(onetrip.RoleAdmin) {
		return false
	}
	return p.Department == ProviderDepartment(it) || (p.Department == "" && p.Region == "330000")
}

// MaxPurpose bounds a stated purpose.
const MaxPurpose = 200

// MaxGrantYears bounds how long a grant runs.
const MaxGrantYears = 3

// checkPurpose is the rule every grant and query follows: a purpose is
// stated, and short.
func checkPurpose(p *onetrip.Problems, path, purpose string) {
	switch n := utf8.RuneCountInString(strings.TrimSpace(purpose)); {
	case n == 0:
		p.Add(path, "sharing.purpose.empty")
	case n > MaxPurpose:
		p.Add(path, "sharing.purpose.long", MaxPurpose)
	}
}

// checkFields keeps fields to the item's own.
func checkFields(p *onetrip.Problems, it catalog.DataItem, fields []string) {
	for i, f := range fields {
		if !slices.Contains(it.Fields, f) {
			p.Add("fields["+strconv.Itoa(i)+"]", "sharing.field.unknown", it.Code, f)
		}
	}
}

// restricted refuses items that are not shared at all (不予共享).
func restricted(it catalog.DataItem) error {
	if it.Level == catalog.ShareRestricted {
		return onetrip.Forbidden("sharing.item.restricted", it.Name)
	}
	return nil
}

// CheckSubject checks a subject's identifier as the item's subject kind
// needs: a citizen ID for a person's data, a USCC for an organisation's.
// It returns the normalised identifier.
func CheckSubject(it catalog.DataItem, subject string) (string, error) {
	kind := idcode.PartyPerson
	if it.Subject == catalog.SubjectOrg {
		kind = idcode.PartyOrg
	}
	norm, _, err := idcode.CheckPartyID(kind, subject)
	if err != nil {
		e := onetrip.AsError(err)
		return "", onetrip.Invalid("sharing.query.invalid", 1).WithDetail("subject", e.Key, e.Args...)
	}
	return norm, nil
}

// Date is a calendar day, YYYY-MM-DD, in China time.
func Date(t time.Time) string { return workday.DateOf(t).String() }
