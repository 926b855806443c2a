package policy

import (
	"onetrip"
	"onetrip/idcode"
)

// Who manages whom on the user admin page (用户管理). A region's admin
// manages the officials' accounts of its region and the regions inside it,
// peers of its own level included, and grants any official role with a
// scope no wider than its own; a department's data admin manages no one.
// Citizens' accounts come from registration with real-name checks: here
// they are only disabled or enabled again. Nobody disables or demotes
// themself, so a region never loses its last admin by a slip. Outside the
// admin's scope an account does not exist (not found); inside it, what the
// rule refuses is forbidden.

// UserAction is what an admin does to an account.
type UserAction string

const (
	UserRead     UserAction = "read"     // see it and its history
	UserScope    UserAction = "scope"    // change its name, role and scope
	UserPassword UserAction = "password" // reset its password
	UserDisable  UserAction = "disable"  // disable it, or enable it again
	UserRevoke   UserAction = "revoke"   // end its sessions and revoke its tokens
)

// UserActions lists every action on an account.
var UserActions = []UserAction{UserRead, UserScope, UserPassword, UserDisable, UserRevoke}

func init() {
	onetrip.Register(onetrip.Messages{
		"policy.user.not_found":   {"用户 %s 不存在", "user %s does not exist"},
		"policy.user.citizen":     {"群众账号由本人注册并实名认证，这里只能停用或启用", "a citizen's account is registered and verified by its owner; here it can only be disabled or enabled"},
		"policy.user.self":        {"不能停用自己的账号或更改自己的角色和范围，请由其他管理员办理", "you cannot disable your own account or change your own role and scope; ask another administrator"},
		"policy.user.grant_scope": {"只能授予本辖区（%s）及其下级区划的范围", "you can grant only your own region (%s) or a region inside it"},
	})
}

// UserAdmin reports whether p manages accounts: a region's admin, not a
// department's data admin.
func UserAdmin(p *onetrip.Principal) bool {
	return p != nil && p.Role == onetrip.RoleAdmin && !DepartmentAdmin(p) && idcode.CheckRegionCode(p.Region) == nil
}

// UserListScope is what p lists: the accounts whose region starts with
// regionPrefix, and with unscoped also those without a region (citizens'):
// those are the province's, since unified identity is one for the
// province. Anyone but a region's admin is forbidden.
func UserListScope(p *onetrip.Principal) (regionPrefix string, unscoped bool, err error) {
	if !UserAdmin(p) {
		return "", false, onetrip.Forbidden("policy.forbidden")
	}
	return idcode.RegionPrefix(p.Region), idcode.RegionLevel(p.Region) == idcode.LevelProvince, nil
}

// CanSeeUser reports whether account u is within p's scope.
func CanSeeUser(p, u *onetrip.Principal) bool {
	if !UserAdmin(p) || u == nil {
		return false
	}
	if u.Region == "" {
		return idcode.RegionLevel(p.Region) == idcode.LevelProvince
	}
	return idcode.RegionWithin(u.Region, p.Region)
}

// ManageUser says whether p may take action a on account u as it is now:
// forbidden for whoever is not a region's admin, not found outside p's
// scope, forbidden for a citizen's account beyond disabling and for p's own
// account's state, role and scope. A change of role or scope is also held
// to GrantUser.
func ManageUser(p, u *onetrip.Principal, a UserAction) error {
	if !UserAdmin(p) {
		return onetrip.Forbidden("policy.forbidden")
	}
	if !CanSeeUser(p, u) {
		// By id, as for an account that does not exist: the answer says
		// nothing of whose it is.
		return onetrip.NotFound("policy.user.not_found", u.UserID)
	}
	switch {
	case a == UserRead:
		return nil
	case u.Role == onetrip.RoleApplicant && a != UserDisable:
		return onetrip.Forbidden("policy.user.citizen")
	case u.UserID != "" && u.UserID == p.UserID && (a == UserDisable || a == UserScope):
		return onetrip.Forbidden("policy.user.self")
	}
	return nil
}

// GrantUser says whether p may give an account (a new one, or one changed)
// the role and scope of to: any role but a citizen's, in p's region or one
// inside it, never wider. A missing or malformed region is left to the
// account's validation, which names it at its field.
func GrantUser(p, to *onetrip.Principal) error {
	if !UserAdmin(p) {
		return onetrip.Forbidden("policy.forbidden")
	}
	if to.Role == onetrip.RoleApplicant {
		return onetrip.Forbidden("policy.user.citizen")
	}
	if to.Region == "" || idcode.CheckRegionCode(to.Region) != nil {
		return nil
	}
	if !idcode.RegionWithin(to.Region, p.Region) {
		return onetrip.Forbidden("policy.user.grant_scope", p.Region)
	}
	return nil
}
