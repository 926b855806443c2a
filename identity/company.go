package identity

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"onetrip"
	"onetrip/idcode"
)

func init() {
	onetrip.Register(onetrip.Messages{
		"identity.company.realname":  {"绑定企业须先完成实名认证", "verify your real name before binding a company"},
		"identity.company.unknown":   {"企业登记信息中无统一社会信用代码 %s", "the enterprise register has no USCC %s"},
		"identity.company.closed":    {"该企业登记状态为“%s”，不能绑定", "the company's registration status is \"%s\"; it cannot be bound"},
		"identity.company.not_rep":   {"您不是该企业登记的法定代表人，不能绑定；请由法定代表人绑定后授权您为经办人", "you are not the company's registered legal representative; ask them to bind it and authorise you"},
		"identity.company.bound":     {"已绑定该企业", "the company is already bound"},
		"identity.company.not_bound": {"您未绑定企业 %s", "you have not bound the company %s"},
		"identity.grant.staff_self":  {"法定代表人无需授权自己", "the legal representative needs no authorisation"},
		"identity.grant.staff_level": {"被授权人须为已实名认证的账号", "the staff member needs a verified account"},
		"identity.grant.staff_match": {"被授权人的姓名与身份号码不符或未注册", "the staff member's name and ID do not match a registered, verified account"},
		"identity.grant.until":       {"授权截止日期须晚于今天，且不超过 3 年", "the authorisation must end after today and within 3 years"},
		"identity.grant.item":        {"事项 %s 不在目录中", "item %s is not in the catalogue"},
		"identity.grant.not_found":   {"授权 %s 不存在", "authorisation %s does not exist"},
		"identity.grant.revoked":     {"授权已撤销", "the authorisation is already revoked"},
		"identity.grant.invalid":     {"授权有 %d 处问题", "the authorisation has %d problem(s)"},
		"identity.acts.beyond":       {"您未获授权以 %s 的名义办理该事项", "you are not authorised to apply for %s for this service"},
	})
}

// Registration is what the enterprise register answers about a USCC.
type Registration struct {
	Found          bool
	Name           string
	Status         string // 登记状态, e.g. 存续（在营、开业、在册）
	Representative string // 法定代表人证件号码
}

// Active reports whether the registration is in business: 存续 or 在营,
// not 注销 or 吊销.
func (r Registration) Active() bool {
	return strings.HasPrefix(r.Status, "存续") || strings.HasPrefix(r.Status, "在营") || strings.HasPrefix(r.Status, "开业")
}

// CheckBinding is the rule for binding a company to an account: a valid
// USCC, registered and in business, whose registered legal representative
// is the account's verified citizen ID.
func CheckBinding(holderID, uscc string, reg Registration) (string, error) {
	if holderID == "" {
		return "", onetrip.Forbidden("identity.company.realname")
	}
	u, warns, err := idcode.CheckUSCC(uscc)
	if err != nil {
		return "", err
	}
	if len(warns) > 0 {
		// Online there is no paper licence to confirm an old code by
		// (policy.uscc_clerk): the code must pass its checks.
		return "", onetrip.Invalid(warns[0].Key, warns[0].Args...)
	}
	switch {
	case !reg.Found:
		return "", onetrip.NotFound("identity.company.unknown", u.Number)
	case !reg.Active():
		return "", onetrip.Invalid("identity.company.closed", reg.Status)
	case reg.Representative != holderID:
		return "", onetrip.Forbidden("identity.company.not_rep")
	}
	return u.Number, nil
}

// Authorisation is a company's authorisation of a staff member (经办人) to
// apply and follow cases in its name: for the listed items, or for all when
// none are listed, until a date, revocable at any time.
type Authorisation struct {
	ID          string     `json:"id"`
	Company     string     `json:"company"` // USCC
	CompanyName string     `json:"company_name"`
	Staff       string     `json:"staff"` // the staff member's account id
	StaffName   string     `json:"staff_name"`
	StaffID     string     `json:"staff_id_number"` // masked unless the reader is the company
	Items       []string   `json:"items"`           // item codes; empty: every item
	Until       time.Time  `json:"until"`           // the last day it holds, at its end (China time)
	GrantedBy   string     `json:"granted_by"`
	GrantedAt   time.Time  `json:"granted_at"`
	RevokedAt   *time.Time `json:"revoked_at,omitempty"`
}

// Active reports whether the authorisation holds at now.
func (a Authorisation) Active(now time.Time) bool {
	return a.RevokedAt == nil && now.Before(a.Until)
}

// Covers reports whether it lets the staff act on the item at now.
func (a Authorisation) Covers(item string, now time.Time) bool {
	return a.Active(now) && (len(a.Items) == 0 || slices.Contains(a.Items, item))
}

// MaxGrant is the longest an authorisation may run.
const MaxGrant = 3 * 365 * 24 * time.Hour

// CheckGrant checks an authorisation a legal representative gives:
// someone else, verified; an end after today and within MaxGrant; known
// items (known reports whether an item code is in the catalogue).
func CheckGrant(a Authorisation, repID string, staffLevel Level, now time.Time, known func(string) bool) error {
	var p onetrip.Problems
	if a.StaffID == repID {
		p.Add("staff", "identity.grant.staff_self")
	} else if !staffLevel.Meets(LevelRealName) {
		p.Add("staff", "identity.grant.staff_level")
	}
	if !a.Until.After(now) || a.Until.Sub(now) > MaxGrant {
		p.Add("until", "identity.grant.until")
	}
	for i, it := range a.Items {
		if !known(it) {
			p.Add("items["+strconv.Itoa(i)+"]", "identity.grant.item", it)
		}
	}
	return p.Err("identity.grant.invalid", len(p))
}
