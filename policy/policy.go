// Package policy decides who may read or act on which case, task and
// licence, and what each one sees masked (PIPL minimisation). The web pages,
// the JSON API and the store's queries and commands all ask it, so the rule
// is written once:
//
//   - an applicant their own cases (by account or ID number) and licences;
//   - an agent the cases they brought;
//   - a clerk, supervisor or admin the cases and licences of their region
//     and below;
//   - a reviewer or department system the cases with a task of their
//     department, and the licences their department issued.
//
// Anything outside a principal's scope is "not found", never "forbidden",
// so other regions' cases do not leak; inside it, an action the role may
// not take is forbidden.
package policy

import (
	"cmp"
	"slices"
	"strings"

	"onetrip"
	"onetrip/casework"
	"onetrip/idcode"
	"onetrip/intake"
	"onetrip/licence"
)

// Action is something a principal does to a case.
type Action string

const (
	Read     Action = "read"     // open the case, its events, notices, files
	Judge    Action = "judge"    // the window decides: accept, notice, refuse
	Resubmit Action = "resubmit" // answer a notice online
	Supply   Action = "supply"   // hand in deferred material
	Withdraw Action = "withdraw" // end an open case
	Suspend  Action = "suspend"  // start or end a special procedure
	HandOver Action = "handover" // give the result out at the window
	Decide   Action = "decide"   // decide a task (TaskAction)
	Pay      Action = "pay"      // open a fee's pay page, or show its code at the window
	Waive    Action = "waive"    // exempt a fee (减免), with a reason
	Refund   Action = "refund"   // return a paid fee through the platform
	Address  Action = "address"  // give the address a courier delivers to
	Dispatch Action = "dispatch" // book the courier and issue the result
)

// Actions lists every case action.
var Actions = []Action{Read, Judge, Resubmit, Supply, Withdraw, Suspend, HandOver, Decide, Pay, Waive, Refund, Address, Dispatch}

// roles may take each action on a case they can read.
var roles = map[Action][]onetrip.Role{
	Read:     onetrip.Roles,
	Judge:    {onetrip.RoleClerk, onetrip.RoleAgent},
	Resubmit: {onetrip.RoleApplicant},
	Supply:   {onetrip.RoleClerk, onetrip.RoleApplicant, onetrip.RoleAgent},
	Withdraw: {onetrip.RoleApplicant, onetrip.RoleClerk, onetrip.RoleAgent},
	Suspend:  {onetrip.RoleReviewer, onetrip.RoleSystem, onetrip.RoleClerk},
	HandOver: {onetrip.RoleClerk},
	Decide:   {onetrip.RoleReviewer, onetrip.RoleSystem},
	Pay:      {onetrip.RoleApplicant, onetrip.RoleAgent, onetrip.RoleClerk},
	Waive:    {onetrip.RoleAdmin},
	Refund:   {onetrip.RoleAdmin},
	Address:  {onetrip.RoleApplicant, onetrip.RoleAgent, onetrip.RoleClerk},
	Dispatch: {onetrip.RoleClerk},
}

func init() {
	onetrip.Register(onetrip.Messages{
		"policy.case.not_found":       {"办件 %s 不存在", "case %s does not exist"},
		"policy.forbidden":            {"您的角色不能执行此操作", "your role may not do this"},
		"policy.party_withdraw":       {"只有申请人可以撤回申请；其他当事人请与申请人联系", "only the applicant may withdraw the application; other parties ask the applicant"},
		"policy.out_of_scope":         {"超出您的管辖范围", "outside your scope"},
		"policy.task.other_dept":      {"该任务属于其他部门", "the task belongs to another department"},
		"policy.channel_role":         {"角色 %s 不能通过渠道 %s 提交申请", "role %s cannot submit on channel %s"},
		"policy.applicant_represents": {"网上以企业名义申请须为其法定代表人（以企业证照登记的为准）", "online, you apply for an organisation only as its legal representative (as its licences name)"},
		"policy.real_name_required":   {"网上申请须先完成实名认证（我的账号 → 实名认证）", "verify your real name before applying online (My account → Real-name verification)"},
		"policy.staff_beyond":         {"您的经办授权不包括事项 %s；请法定代表人扩大授权", "your staff authorisation does not cover %s; ask the legal representative to extend it"},
		"policy.applicant_self":       {"网上申请只能以本人身份（%s）提交", "online applications are made as yourself (%s)"},
		"policy.uscc_clerk":           {"只有综合窗口人员核对执照原件后可以确认校验未通过的统一社会信用代码", "only a window clerk, with the paper licence in hand, may confirm a USCC that fails its check"},
		"policy.refuse_clerk":         {"只有综合窗口人员可以作出不予受理决定", "only a window clerk may refuse an application"},
		"policy.licence.revoke":       {"只有签发部门（%s）可以注销该证照", "only the issuing department (%s) can revoke this licence"},
		"policy.purpose_required":     {"查看完整身份信息须说明用途", "state the purpose to see full identity numbers"},
	})
}

// DepartmentAdmin reports whether p is a department's admin (a provider
// department's data admin, 数据管理员): an admin of that department only,
// with none of a region admin's powers over cases, users, seals or the
// catalogue.
func DepartmentAdmin(p *onetrip.Principal) bool {
	return p != nil && p.Role == onetrip.RoleAdmin && p.Department != ""
}

// CanReadCase reports whether the case is within the principal's scope.
// A reviewer's scope needs the case's tasks loaded.
func CanReadCase(p *onetrip.Principal, c *casework.Case) bool {
	if p == nil || c == nil {
		return false
	}
	switch p.Role {
	case onetrip.RoleApplicant:
		return applicantOfRecord(p, c) || isParty(p, c)
	case onetrip.RoleAgent:
		return p.Username != "" && c.CreatedBy == p.Username
	case onetrip.RoleClerk, onetrip.RoleSupervisor, onetrip.RoleAdmin:
		return !DepartmentAdmin(p) && p.Region != "" && idcode.RegionWithin(c.Region, p.Region)
	case onetrip.RoleReviewer, onetrip.RoleSystem:
		return p.Department != "" && c.HasTaskOf(p.Department)
	}
	return false
}

// applicantOfRecord: p applied, or is the applicant the case names. For an
// organisation's case, p must act for it now: its representative and
// staff for every item read all its cases, other staff the ones they
// applied for — and none once the authorisation ends.
func applicantOfRecord(p *onetrip.Principal, c *casework.Case) bool {
	if c.Applicant.Type == intake.ApplicantOrg {
		return p.SeesAllOf(c.Applicant.IDNumber) || p.UserID != "" && c.ApplicantUser == p.UserID && p.ActsFor(c.Applicant.IDNumber, "")
	}
	return (p.UserID != "" && c.ApplicantUser == p.UserID) || (p.IDNumber != "" && c.Applicant.IDNumber == p.IDNumber)
}

// isParty: p is one of the case's further parties (the buyer of a house
// the seller applied for): they follow the case and hand in what is theirs.
func isParty(p *onetrip.Principal, c *casework.Case) bool {
	for _, o := range c.Parties {
		if p.IDNumber != "" && o.Type == intake.ApplicantPerson && o.IDNumber == p.IDNumber {
			return true
		}
	}
	return false
}

// CaseAction says whether p may take an action on c: not found outside
// its scope, forbidden for a role that may not, nil otherwise. A further
// party reads, answers notices and supplies materials; only the applicant
// of record withdraws the application.
func CaseAction(p *onetrip.Principal, c *casework.Case, a Action) error {
	if !CanReadCase(p, c) {
		return onetrip.NotFound("policy.case.not_found", c.ID)
	}
	if !slices.Contains(roles[a], p.Role) {
		return onetrip.Forbidden("policy.forbidden")
	}
	if a == Withdraw && p.Role == onetrip.RoleApplicant && !applicantOfRecord(p, c) {
		return onetrip.Forbidden("policy.party_withdraw")
	}
	if a == Judge && !idcode.RegionWithin(c.Region, p.Region) {
		return onetrip.Forbidden("policy.out_of_scope") // an agent's case handed in elsewhere
	}
	return nil
}

// CanWorkTask reports whether p works a task: a reviewer or department
// system of the task's department.
func CanWorkTask(p *onetrip.Principal, t *casework.Task) bool {
	return p.Is(onetrip.RoleReviewer, onetrip.RoleSystem) && p.Department != "" && p.Department == t.Department
}

// TaskAction says whether p may decide a task: forbidden for another
// department's task (the task's existence is not secret: its id is in the
// department's own webhooks and queues).
func TaskAction(p *onetrip.Principal, t *casework.Task) error {
	if !CanWorkTask(p, t) {
		return onetrip.Forbidden("policy.task.other_dept")
	}
	return nil
}

// SuspendTask says whether p may start a special procedure on a task of
// the case: a clerk on any, a department on its own.
func SuspendTask(p *onetrip.Principal, c *casework.Case, taskID string) error {
	if err := CaseAction(p, c, Suspend); err != nil {
		return err
	}
	if taskID == "" || p.Role == onetrip.RoleClerk {
		return nil
	}
	if t := c.Task(taskID); t == nil || !CanWorkTask(p, t) {
		return onetrip.Forbidden("policy.task.other_dept")
	}
	return nil
}

// Submit says whether p may hand in an application on a channel for a
// region and applicant: a clerk at the window, an agent (or a clerk for
// one) on the agent channel, an applicant online and only as themself.
// Scope failures are forbidden; a wrong applicant is a problem of the
// request, added to probs.
func Submit(p *onetrip.Principal, sub *casework.Submission, probs *onetrip.Problems) error {
	switch {
	case sub.Channel == intake.ChannelWindow && p.Role == onetrip.RoleClerk,
		sub.Channel == intake.ChannelAgent && (p.Role == onetrip.RoleAgent || p.Role == onetrip.RoleClerk),
		sub.Channel == intake.ChannelOnline && p.Role == onetrip.RoleApplicant:
	case !sub.Channel.Valid():
		// the command reports the unknown channel
	default:
		return onetrip.Forbidden("policy.channel_role", string(p.Role), string(sub.Channel))
	}
	if sub.Refusal != nil && p.Role != onetrip.RoleClerk {
		return onetrip.Forbidden("policy.refuse_clerk")
	}
	if sub.USCCConfirmed && p.Role != onetrip.RoleClerk {
		return onetrip.Forbidden("policy.uscc_clerk") // only who holds the paper licence can confirm
	}
	if p.Role != onetrip.RoleApplicant {
		if idcode.CheckRegionCode(sub.Region) == nil && !idcode.RegionWithin(sub.Region, p.Region) {
			return onetrip.Forbidden("policy.out_of_scope")
		}
		return nil
	}
	if p.IDNumber == "" {
		// An account that only answered an SMS code has not proved whose
		// it is: an application names its applicant (identity.ToApplyOnline).
		return onetrip.Forbidden("policy.real_name_required")
	}
	if sub.Applicant.Type == intake.ApplicantPerson && strings.ToUpper(strings.TrimSpace(sub.Applicant.IDNumber)) != p.IDNumber {
		probs.Add("applicant.id_number", "policy.applicant_self", idcode.MaskCitizenID(p.IDNumber))
	}
	return nil
}

// FetchesForOthers says whether what p submits may fetch the licences and
// shared records of the case's other parties (the buyer, when the seller
// applies): only staff, who see each party's ID card at the window. Online,
// an applicant would otherwise learn what a stranger's ID number holds;
// there the other parties' materials are uploaded.
func FetchesForOthers(p *onetrip.Principal) bool {
	return p != nil && (p.Role == onetrip.RoleClerk || p.Role == onetrip.RoleAgent)
}

// Represents says whether an applicant may apply online for an
// organisation: as its legal representative, the one its licences name
// (rep; "" when none does) or the one who bound it, or as staff it
// authorised for the item or bundle applied for. A person applies only as themself
// (Submit); staff apply for anyone at their window.
func Represents(p *onetrip.Principal, sub *casework.Submission, rep string, probs *onetrip.Problems) {
	if p.Role != onetrip.RoleApplicant || sub.Applicant.Type != intake.ApplicantOrg {
		return
	}
	org := strings.ToUpper(strings.TrimSpace(sub.Applicant.IDNumber))
	item := cmp.Or(sub.Item, sub.Bundle)
	switch {
	case p.IDNumber != "" && rep == p.IDNumber, p.ActsFor(org, item):
	case p.ActsFor(org, ""):
		probs.Add("applicant.id_number", "policy.staff_beyond", item)
	default:
		probs.Add("applicant.id_number", "policy.applicant_represents")
	}
}

// Scope narrows a case list to what p may see. The store turns it into
// its WHERE clause; every list goes through it.
type Scope struct {
	RegionPrefix  string // cases of the region and below
	ApplicantUser string // an applicant's own (by account …
	ApplicantID   string // … or ID number)
	CreatedBy     string // an agent's
	Department    string // cases with a task of the department
	// An applicant's organisations: every case of OrgsAll (represented,
	// or staff for every item); of OrgsActing, the ones the applicant's
	// account applied for. Its own applications for any other
	// organisation are no longer its to see (an authorisation ended).
	OrgsAll, OrgsActing []string
}

// CaseScope is p's scope for case lists, narrowed to region when one is
// asked for: inside the principal's own region, or forbidden.
func CaseScope(p *onetrip.Principal, region string) (Scope, error) {
	if region != "" {
		if err := idcode.CheckRegionCode(region); err != nil {
			return Scope{}, err
		}
	}
	var s Scope
	switch p.Role {
	case onetrip.RoleApplicant:
		s.ApplicantUser, s.ApplicantID = p.UserID, p.IDNumber
		for _, o := range p.Orgs {
			s.OrgsActing = append(s.OrgsActing, o.USCC)
			if p.SeesAllOf(o.USCC) {
				s.OrgsAll = append(s.OrgsAll, o.USCC)
			}
		}
		if region != "" {
			s.RegionPrefix = idcode.RegionPrefix(region)
		}
	case onetrip.RoleAgent:
		s.CreatedBy = p.Username
		if region != "" {
			s.RegionPrefix = idcode.RegionPrefix(region)
		}
	case onetrip.RoleReviewer, onetrip.RoleSystem:
		// A department's cases lie in its region: the region narrows the
		// scan to its index before the task check.
		s.Department = p.Department
		if region == "" {
			region = p.Region
		}
		if region != "" {
			s.RegionPrefix = idcode.RegionPrefix(region)
		}
	case onetrip.RoleClerk, onetrip.RoleSupervisor, onetrip.RoleAdmin:
		if region == "" {
			region = p.Region
		}
		if p.Region == "" || !idcode.RegionWithin(region, p.Region) || DepartmentAdmin(p) {
			return Scope{}, onetrip.Forbidden("policy.out_of_scope")
		}
		s.RegionPrefix = idcode.RegionPrefix(region)
	default:
		return Scope{}, onetrip.Forbidden("policy.forbidden")
	}
	return s, nil
}

// WithinScope reports whether a region is inside p's own region (and so
// p's to work on: catalogue implementations, seals, users, coverage).
func WithinScope(p *onetrip.Principal, region string) bool {
	return p != nil && !DepartmentAdmin(p) && p.Region != "" && idcode.RegionWithin(region, p.Region)
}

// CanRevokeLicence reports whether p may revoke a licence: its issuing
// department (a reviewer or the department's system), while it is valid.
func CanRevokeLicence(p *onetrip.Principal, l *licence.Licence) bool {
	return p.Is(onetrip.RoleReviewer, onetrip.RoleSystem) && p.Department != "" && p.Department == l.Issuer.DepartmentID && l.RevokedAt == nil
}

// TaskQueue is the department whose queue p works: a reviewer's or a
// department system's own; anyone else has none.
func TaskQueue(p *onetrip.Principal) (string, error) {
	if !p.Is(onetrip.RoleReviewer, onetrip.RoleSystem) || p.Department == "" {
		return "", onetrip.Forbidden("policy.forbidden")
	}
	return p.Department, nil
}

// CanEditKnowledge reports whether p may write and review knowledge entries
// for a region ("" the whole province): a region's admin for the region and
// the regions inside it, so a city's entries are the city's and the
// province-wide ones the province's. A department's data admin keeps none.
func CanEditKnowledge(p *onetrip.Principal, region string) bool {
	if region == "" {
		region = "330000"
	}
	return p != nil && p.Role == onetrip.RoleAdmin && WithinScope(p, region)
}

// CanEditPrices reports whether p edits the province's courier reference
// price table: a province admin.
func CanEditPrices(p *onetrip.Principal) bool {
	return p != nil && p.Role == onetrip.RoleAdmin && !DepartmentAdmin(p) && WithinScope(p, "330000")
}

// CanEditSynonyms reports whether p may change the synonym table, which is
// one for the province (a word means the same in every city): the
// province's admins.
func CanEditSynonyms(p *onetrip.Principal) bool {
	return CanEditKnowledge(p, "330000")
}

// CanReadPackage reports whether p may read a department's archive package
// (档案分别管理: each department keeps its own): the department's
// archivist, and a region's admin for the departments of the region.
func CanReadPackage(p *onetrip.Principal, department, region string) bool {
	switch {
	case p == nil:
		return false
	case p.Role == onetrip.RoleArchivist:
		return p.Department != "" && p.Department == department
	case p.Role == onetrip.RoleAdmin:
		return WithinScope(p, region)
	}
	return false
}

// PackageScope is what p may list of the archive: an archivist its
// department's packages, a region admin (not a department's) those of the
// region and the regions inside it; anyone else nothing.
func PackageScope(p *onetrip.Principal) (department, region string, err error) {
	switch {
	case p != nil && p.Role == onetrip.RoleArchivist && p.Department != "":
		return p.Department, "", nil
	case p != nil && p.Role == onetrip.RoleAdmin && !DepartmentAdmin(p) && p.Region != "":
		return "", p.Region, nil
	}
	return "", "", onetrip.Forbidden("err.forbidden")
}

// CanTransferPackage reports whether p may hand a department's packages to
// the archives (移交): its archivist only.
func CanTransferPackage(p *onetrip.Principal, department string) bool {
	return p != nil && p.Role == onetrip.RoleArchivist && p.Department != "" && p.Department == department
}

// OrderScope is what p may list of the payment orders: a department's
// reviewers and system the orders it collects, a clerk, supervisor or
// region admin those of the region and the regions inside it.
func OrderScope(p *onetrip.Principal) (department, region string, err error) {
	switch {
	case p != nil && p.Is(onetrip.RoleReviewer, onetrip.RoleSystem) && p.Department != "":
		return p.Department, "", nil
	case p != nil && p.Is(onetrip.RoleClerk, onetrip.RoleSupervisor) && p.Region != "",
		p != nil && p.Role == onetrip.RoleAdmin && !DepartmentAdmin(p) && p.Region != "":
		return "", p.Region, nil
	}
	return "", "", onetrip.Forbidden("err.forbidden")
}

// CanReconcile reports whether p may run and read the reconciliation of
// the platform's statements: a region admin (finance works through one).
func CanReconcile(p *onetrip.Principal) bool {
	return p != nil && p.Role == onetrip.RoleAdmin && !DepartmentAdmin(p) && p.Region != ""
}

// MismatchInScope reports whether a reconciliation's mismatch is p's to
// work: its payment code's region (the first six digits) within p's. The
// statement is the province's; each region's finance sees its own lines.
func MismatchInScope(p *onetrip.Principal, code string) bool {
	return CanReconcile(p) && len(code) >= 6 && idcode.RegionWithin(code[:6], p.Region)
}
