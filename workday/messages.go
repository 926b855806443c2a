package workday

import "onetrip"

func init() {
	onetrip.Register(onetrip.Messages{
		"workday.date_format": {"日期 %q 格式有误，应为 YYYY-MM-DD（如 2026-02-12）", "date %q is not written YYYY-MM-DD (e.g. 2026-02-12)"},
		"workday.date_month":  {"日期 %s 的月份 %d 不在 1–12 之间", "date %s: month %d is not between 1 and 12"},
		"workday.date_day":    {"日期 %s 不存在：第 %d 日超出范围，%d 月只有 %d 天", "date %s does not exist: day %d is out of range, month %d has %d days"},

		"workday.overrides_invalid":      {"节假日调整表有 %d 处问题", "the holiday overrides have %d problem(s)"},
		"workday.override_out_of_range":  {"调整日期 %s 超出支持范围（%d–%d 年）", "override date %s is outside the supported years %d–%d"},
		"workday.override_conflict":      {"日期 %s 既被设为节假日又被设为工作日（overrides[%d] 与 overrides[%d]）", "date %s is made both a holiday and a working day (overrides[%d] and overrides[%d])"},
		"workday.override_name_conflict": {"日期 %s 有两个不同的名称：%q 与 %q", "date %s is given two different names: %q and %q"},

		"workday.clock_invalid":               {"计时数据有 %d 处问题", "the clock has %d problem(s)"},
		"workday.limit_negative":              {"时限 %d 个工作日不能为负数", "the limit of %d working days cannot be negative"},
		"workday.kind_unknown":                {"暂停计时类型 %q 未知，应为 hearing、inspection、expert_review、public_notice、deferred_material 之一", "unknown suspension kind %q, expected one of hearing, inspection, expert_review, public_notice, deferred_material"},
		"workday.suspension_no_start":         {"暂停计时缺少开始时间", "the suspension has no start time"},
		"workday.suspension_before_start":     {"暂停开始日期 %s 早于受理日期 %s", "the suspension starts on %s, before the acceptance date %s"},
		"workday.suspension_end_before_start": {"暂停结束时间 %s 早于开始时间 %s", "the suspension ends at %s, before it starts at %s"},
		"workday.suspension_open_twice":       {"已有一个未结束的 %s 暂停（suspensions[%d]）", "a %s suspension is already open (suspensions[%d])"},

		"workday.kind.hearing":           {"听证", "hearing"},
		"workday.kind.inspection":        {"现场核查", "on-site inspection"},
		"workday.kind.expert_review":     {"专家评审", "expert review"},
		"workday.kind.public_notice":     {"公示", "public notice"},
		"workday.kind.deferred_material": {"容缺材料补交", "awaiting deferred material"},

		"workday.status.normal":    {"正常", "normal"},
		"workday.status.due_soon":  {"即将到期", "due soon"},
		"workday.status.overdue":   {"已超期", "overdue"},
		"workday.status.suspended": {"暂停计时", "clock stopped"},
	})
}
