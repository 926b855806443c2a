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

		"workday.source_invalid":            {"国务院通知来源有 %d 处问题", "the State Council notice has %d problem(s)"},
		"workday.source_year":               {"年份 %d 超出支持范围（%d–%d 年）", "the year %d is outside the supported years %d–%d"},
		"workday.source_title_required":     {"请填写通知标题，如：国务院办公厅关于2026年部分节假日安排的通知", "give the notice's title, e.g. 国务院办公厅关于2026年部分节假日安排的通知"},
		"workday.source_title_long":         {"通知标题有 %d 个字，最多 %d 个", "the title has %d characters, at most %d are allowed"},
		"workday.source_title_year":         {"通知标题 %q 没有写明 %d 年：请核对年份或标题", "the title %q does not name the year %d: check the year or the title"},
		"workday.source_number_required":    {"请填写文号，如：国办发明电〔2025〕7号", "give the document number (文号), e.g. 国办发明电〔2025〕7号"},
		"workday.source_number_shape":       {"文号 %q 格式有误，应为“机关代字〔年份〕序号号”，如：国办发明电〔2025〕7号", "the document number %q is not written as organ code, year in 〔〕, serial number and 号, e.g. 国办发明电〔2025〕7号"},
		"workday.source_number_year":        {"文号 %q 的年份 %d 与发布日期 %s 不符：文号的年份是发文的年份", "the document number %q carries the year %d but was published on %s: the number carries the year of issue"},
		"workday.source_published_required": {"请填写通知的发布日期", "give the date the notice was published"},
		"workday.source_published_future":   {"发布日期 %s 晚于今天（%s）", "the publication date %s is after today (%s)"},
		"workday.source_published_window":   {"发布日期 %s 不在 %d 年或其前一年（%d 年）内：一年的安排在前一年公布，调整在当年公布", "the publication date %s is neither in %d nor in the year before (%d): a schedule is published the year before and changed, if ever, during the year"},
		"workday.source_url":                {"链接 %q 不是 http 或 https 网址", "the link %q is not an http or https address"},
		"workday.source_url_long":           {"链接超过 %d 个字符", "the link is longer than %d characters"},

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
