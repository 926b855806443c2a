package onetrip

// Role is what a user may do. Scope (region, department, centre) narrows it.
type Role string

const (
	RoleApplicant  Role = "applicant"  // 申请人（个人/企业）
	RoleAgent      Role = "agent"      // 代办员
	RoleClerk      Role = "clerk"      // 综合窗口人员
	RoleReviewer   Role = "reviewer"   // 部门审批人员
	RoleSupervisor Role = "supervisor" // 电子监察人员
	RoleAdmin      Role = "admin"      // 管理员
	RoleSystem     Role = "system"     // 部门业务系统 (a machine client)
	RoleArchivist  Role = "archivist"  // 档案员: keeps a department's archive
)

// Roles lists every role in display order.
var Roles = []Role{RoleApplicant, RoleAgent, RoleClerk, RoleReviewer, RoleSupervisor, RoleAdmin, RoleSystem, RoleArchivist}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if x == r {
			return true
		}
	}
	return false
}

// NeedsRegion reports whether users of this role must be scoped to a region.
func (r Role) NeedsRegion() bool { return r != RoleApplicant }

// NeedsDepartment reports whether users of this role act for one department.
func (r Role) NeedsDepartment() bool {
	return r == RoleReviewer || r == RoleSystem || r == RoleArchivist
}

// Principal is who is calling: a logged-in user or an API token's user.
type Principal struct {
	UserID     string
	Username   string
	Name       string
	Role       Role
	Region     string      // region code of the scope; empty for applicants
	Department string      // department id for reviewers and department systems
	Center     string      // service centre id for clerks and agents
	IDNumber   string      // applicant's own citizen ID or USCC
	Orgs       []OrgAccess // organisations an applicant acts for, loaded per request
}

// Is reports whether the principal has one of the roles.
func (p *Principal) Is(roles ...Role) bool {
	if p == nil {
		return false
	}
	for _, r := range roles {
		if p.Role == r {
			return true
		}
	}
	return false
}

// OrgAccess is what an applicant may do for an organisation: as its legal
// representative (bound, or named by its licences) everything; as its
// authorised staff (经办人) the listed items, or all when none are listed,
// until the authorisation ends. The store loads the ones that hold now
// with each request, so a revocation ends access at the next request.
type OrgAccess struct {
	USCC           string
	Representative bool
	Items          []string // staff only; empty: every item
}

// ActsFor reports whether p may act for the organisation on an item (""
// for any item: reading its cases).
func (p *Principal) ActsFor(uscc, item string) bool {
	if p == nil {
		return false
	}
	for _, o := range p.Orgs {
		if o.USCC != uscc {
			continue
		}
		if o.Representative || len(o.Items) == 0 || item == "" {
			return true
		}
		for _, it := range o.Items {
			if it == item {
				return true
			}
		}
	}
	return false
}

// SeesAllOf reports whether p reads every case of the organisation (its
// representative, or staff for all items), not only the ones p applied for.
func (p *Principal) SeesAllOf(uscc string) bool {
	if p == nil {
		return false
	}
	for _, o := range p.Orgs {
		if o.USCC == uscc && (o.Representative || len(o.Items) == 0) {
			return true
		}
	}
	return false
}
