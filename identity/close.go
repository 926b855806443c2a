package identity

import "onetrip"

func init() {
	onetrip.Register(onetrip.Messages{
		"identity.close.open_cases": {"您还有 %d 件未办结的办件，请办结或撤回后再注销账号", "you have %d open case(s); let them finish or withdraw them before closing the account"},
		"identity.close.confirm":    {"请输入密码确认注销", "give your password to confirm"},
		"identity.close.role":       {"只有申请人可以自行注销账号；工作人员账号由管理员停用", "only applicants close their own account; an administrator disables officials' accounts"},
	})
}

// CanClose is the rule for closing an account (注销账号): not while a case
// it applied for is still open — the department would have no one to tell
// the decision. What the law keeps (cases, licences, the data-use log)
// stays; the account's credentials, bindings and authorisations end.
func CanClose(openCases int) error {
	if openCases > 0 {
		return onetrip.Conflict("identity.close.open_cases", openCases)
	}
	return nil
}
