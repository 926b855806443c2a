package supervision

import "onetrip"

func init() {
	onetrip.Register(onetrip.Messages{
		"supervision.level.very_satisfied":       {"非常满意", "very satisfied"},
		"supervision.level.satisfied":            {"满意", "satisfied"},
		"supervision.level.basic":                {"基本满意", "fairly satisfied"},
		"supervision.level.dissatisfied":         {"不满意", "dissatisfied"},
		"supervision.level.very_dissatisfied":    {"非常不满意", "very dissatisfied"},
		"supervision.rating.invalid":             {"评价内容有误", "the rating is not valid"},
		"supervision.rating.target":              {"评价对象“%s”无效（应为 case 或 window）", "rating target %q is not valid (case or window)"},
		"supervision.rating.level":               {"评价等级“%s”无效", "rating level %q is not valid"},
		"supervision.rating.channel":             {"评价渠道“%s”无效（应为 online 或 device）", "rating channel %q is not valid (online or device)"},
		"supervision.rating.why":                 {"请说明不满意的原因", "please say why you are dissatisfied"},
		"supervision.rating.open":                {"办件尚未办结（当前状态：%s），办结后方可评价", "the case is not closed yet (status %s); it can be rated once closed"},
		"supervision.rating.twice":               {"您已评价过该办件，不能重复评价", "you have rated this already; a rating is given once"},
		"supervision.rating.wait_rectification":  {"差评正在整改中，整改答复后可追加一次评价", "the bad rating is being rectified; you may add one rating once it is answered"},
		"supervision.rect.open":                  {"待联系", "to contact"},
		"supervision.rect.contacted":             {"整改中", "rectifying"},
		"supervision.rect.answered":              {"已整改答复", "answered"},
		"supervision.rect.state":                 {"整改单当前状态为“%s”，不能执行此操作", "the rectification is %s and cannot take this step"},
		"supervision.rect.empty":                 {"请填写内容", "please fill this in"},
		"supervision.rect.invalid":               {"整改记录有误", "the rectification entry is not valid"},
		"supervision.rectstatus.on_time":         {"按期进行中", "on time"},
		"supervision.rectstatus.contact_overdue": {"联系超期", "contact overdue"},
		"supervision.rectstatus.overdue":         {"整改超期", "overdue"},
		"supervision.rectstatus.done_on_time":    {"按期整改", "answered on time"},
		"supervision.rectstatus.done_late":       {"逾期整改", "answered late"},
		"supervision.alert.due_soon":             {"即将到期", "due soon"},
		"supervision.alert.overdue":              {"已超期", "overdue"},
		"supervision.period.invalid":             {"统计期间有误", "the period is not valid"},
		"supervision.period.date":                {"日期“%s”无效（格式 YYYY-MM-DD）", "date %q is not valid (YYYY-MM-DD)"},
		"supervision.period.upside_down":         {"开始日期 %s 晚于结束日期 %s", "the start %s is after the end %s"},
		"supervision.period.future":              {"结束日期 %s 尚未到来", "the end %s is in the future"},
		"supervision.period.too_long":            {"统计期间不能超过 %d 天", "a period is at most %d days"},
	})
}

func init() {
	onetrip.Register(onetrip.Messages{
		"supervision.round.invalid":               {"报告轮次有误", "the reporting round is not valid"},
		"supervision.round.name":                  {"请填写轮次名称（不超过 200 字）", "give the round a name (at most 200 characters)"},
		"supervision.round.period":                {"统计期间有误", "the period is not valid"},
		"supervision.round.due_before":            {"报送截止日 %s 早于统计期末 %s", "the due date %s is before the period ends (%s)"},
		"supervision.round.due_past":              {"报送截止日 %s 已过", "the due date %s has passed"},
		"supervision.round.due_holiday":           {"报送截止日 %s 不是工作日", "the due date %s is not a working day"},
		"supervision.report.invalid":              {"报告内容有误", "the report is not valid"},
		"supervision.report.narrative":            {"报送前请填写工作进展说明", "write the progress narrative before submitting"},
		"supervision.report.submitted":            {"报告已报送，不能再修改", "the report has been submitted and can no longer change"},
		"supervision.reportstatus.pending":        {"待报送", "pending"},
		"supervision.reportstatus.late":           {"逾期未报", "late"},
		"supervision.reportstatus.on_time":        {"按时报送", "on time"},
		"supervision.reportstatus.submitted_late": {"逾期报送", "submitted late"},
	})
}
