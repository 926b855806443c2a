package policy

import (
	"onetrip"
	"onetrip/casework"
	"onetrip/idcode"
	"onetrip/supervision"
)

func init() {
	onetrip.Register(onetrip.Messages{
		"policy.rate.applicant":   {"只有本办件的申请人可以评价", "only the case's applicant may rate it"},
		"policy.rate.device":      {"窗口人员只能通过窗口评价器提交评价（channel 为 device）", "at the window a rating comes from the rating device (channel device)"},
		"policy.rect.department":  {"该整改单由 %s 负责", "the rectification belongs to %s"},
		"policy.rect.window":      {"窗口服务的整改由该服务中心的窗口人员或本地区管理员办理", "a window's rectification is answered by that centre's clerks or the region's admin"},
		"policy.round.level":      {"报告轮次由省、市两级设置", "reporting rounds are set by a province or a city"},
		"policy.report.not_found": {"地区 %s 不在本轮报送范围内", "region %s does not report in this round"},
		"policy.report.own":       {"进展报告由该地区的电子监察人员填报", "a region's report is written by its own supervisors"},
		"policy.rect.not_found":   {"整改单 %s 不存在", "rectification %s does not exist"},
	})
}

// RateCase says whether p may rate case c through channel ch, and which
// channel that is: the applicant of record online (a further party or an
// agent does not rate someone else's case), or the rating device at the
// window, which submits as the clerk at whose counter it stands.
func RateCase(p *onetrip.Principal, c *casework.Case, ch supervision.Channel) (supervision.Channel, error) {
	if !CanReadCase(p, c) {
		return "", onetrip.NotFound("policy.case.not_found", c.ID)
	}
	switch p.Role {
	case onetrip.RoleApplicant:
		if !applicantOfRecord(p, c) {
			return "", onetrip.Forbidden("policy.rate.applicant")
		}
		if ch == "" {
			ch = supervision.ChannelOnline
		}
		if ch != supervision.ChannelOnline {
			return "", onetrip.Forbidden("policy.rate.applicant")
		}
		return ch, nil
	case onetrip.RoleClerk:
		if ch != supervision.ChannelDevice {
			return "", onetrip.Forbidden("policy.rate.device")
		}
		return ch, nil
	}
	return "", onetrip.Forbidden("policy.rate.applicant")
}

// SupervisionScope is the part of the supervision records p sees: a
// department's own (reviewers, department systems, a department's admin),
// or a region's and below (supervisors and admins). region narrows a
// region scope and must lie inside it.
func SupervisionScope(p *onetrip.Principal, region string) (department, regionPrefix string, err error) {
	if region != "" {
		if err := idcode.CheckRegionCode(region); err != nil {
			return "", "", err
		}
	}
	switch {
	case p.Is(onetrip.RoleReviewer, onetrip.RoleSystem) || DepartmentAdmin(p):
		if p.Department == "" {
			return "", "", onetrip.Forbidden("policy.forbidden")
		}
		return p.Department, "", nil
	case p.Is(onetrip.RoleSupervisor, onetrip.RoleAdmin):
		if region == "" {
			region = p.Region
		}
		if p.Region == "" || !idcode.RegionWithin(region, p.Region) {
			return "", "", onetrip.Forbidden("policy.out_of_scope")
		}
		return "", idcode.RegionPrefix(region), nil
	}
	return "", "", onetrip.Forbidden("policy.forbidden")
}

// StatsRegion is the region whose measures p reads: a supervisor's or
// admin's own region when region is empty, or one inside it. Measures are
// a region's; a department reads its own through its queue, not here.
func StatsRegion(p *onetrip.Principal, region string) (string, error) {
	if !p.Is(onetrip.RoleSupervisor, onetrip.RoleAdmin) || DepartmentAdmin(p) || p.Region == "" {
		return "", onetrip.Forbidden("policy.forbidden")
	}
	if region == "" {
		return p.Region, nil
	}
	if err := idcode.CheckRegionCode(region); err != nil {
		return "", err
	}
	if !idcode.RegionWithin(region, p.Region) {
		return "", onetrip.Forbidden("policy.out_of_scope")
	}
	return region, nil
}

// Rectify says whether p works rectification x: for a case's rating a
// reviewer of the responsible department or that department's admin; for
// the window's service a clerk of that centre or an admin of the region.
// Supervisors read and chase; they do not answer for a department.
func Rectify(p *onetrip.Principal, x *supervision.Rectification) error {
	if !SeesRectification(p, x) && !(x.Department == "" && p.Is(onetrip.RoleClerk) && p.Center != "" && p.Center == x.Center) {
		return onetrip.NotFound("policy.rect.not_found", x.ID)
	}
	switch {
	case x.Department != "" && (p.Is(onetrip.RoleReviewer) || DepartmentAdmin(p)) && p.Department == x.Department:
		return nil
	case x.Department == "" && p.Is(onetrip.RoleClerk) && p.Center == x.Center:
		return nil
	case x.Department == "" && p.Is(onetrip.RoleAdmin) && !DepartmentAdmin(p) && idcode.RegionWithin(x.Region, p.Region):
		return nil
	}
	if x.Department == "" {
		return onetrip.Forbidden("policy.rect.window")
	}
	return onetrip.Forbidden("policy.rect.department", x.Department)
}

// SeesRectification reports whether x lies in p's supervision scope.
func SeesRectification(p *onetrip.Principal, x *supervision.Rectification) bool {
	dept, prefix, err := SupervisionScope(p, "")
	if err != nil {
		return false
	}
	if dept != "" {
		return dept == x.Department
	}
	return idcode.RegionWithin(x.Region, p.Region) && prefix != ""
}

// SetRounds says whether p sets reporting rounds: a supervisor or admin of
// a province or a city (its children report to it).
func SetRounds(p *onetrip.Principal) error {
	if !p.Is(onetrip.RoleSupervisor, onetrip.RoleAdmin) || DepartmentAdmin(p) {
		return onetrip.Forbidden("policy.forbidden")
	}
	if l := idcode.RegionLevel(p.Region); l != idcode.LevelProvince && l != idcode.LevelCity {
		return onetrip.Forbidden("policy.round.level")
	}
	return nil
}

// WriteReport says whether p writes region's report for a round set by
// roundRegion: the region's own supervisor, the region a child of the
// round's.
func WriteReport(p *onetrip.Principal, roundRegion, region string) error {
	if idcode.ParentRegion(region) != roundRegion {
		return onetrip.NotFound("policy.report.not_found", region)
	}
	if !p.Is(onetrip.RoleSupervisor) || p.Region != region {
		if ReadRound(p, roundRegion) {
			return onetrip.Forbidden("policy.report.own")
		}
		return onetrip.NotFound("policy.report.not_found", region)
	}
	return nil
}

// ReadReport reports whether p reads region's report: its own supervisors
// and admins, and those of the region that set the round.
func ReadReport(p *onetrip.Principal, roundRegion, region string) bool {
	return p.Is(onetrip.RoleSupervisor, onetrip.RoleAdmin) && !DepartmentAdmin(p) && idcode.ParentRegion(region) == roundRegion &&
		(p.Region == region || ReadRound(p, roundRegion))
}

// ReadRound reports whether p follows a round set by roundRegion as the
// region that set it (or above): who has reported, the circular.
func ReadRound(p *onetrip.Principal, roundRegion string) bool {
	return p.Is(onetrip.RoleSupervisor, onetrip.RoleAdmin) && !DepartmentAdmin(p) && p.Region != "" && idcode.RegionWithin(roundRegion, p.Region)
}
