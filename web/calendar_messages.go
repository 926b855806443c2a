package web

import "onetrip"

// The calendar page's messages for the sources of the years' schedules and
// for years not yet published (issue 17).
func init() {
	onetrip.Register(onetrip.Messages{
		"ui.cal.src.heading":            {"%d 年安排的来源", "Source of the %d schedule"},
		"ui.cal.src.notice":             {"通知标题", "Notice"},
		"ui.cal.src.number":             {"文号", "Document number"},
		"ui.cal.src.published":          {"发布日期", "Published"},
		"ui.cal.src.recorded":           {"登记", "Recorded"},
		"ui.cal.src.url":                {"链接（选填）", "Link (optional)"},
		"ui.cal.src.year":               {"年份", "Year"},
		"ui.cal.src.shipped":            {"随内置节假日表提供", "shipped with the built-in table"},
		"ui.cal.src.missing":            {"来源未登记", "Source not recorded"},
		"ui.cal.src.missing.edit":       {"请对照国务院办公厅关于 %d 年部分节假日安排的通知，在下方填写标题、文号和发布日期。", "Enter the title, document number and date of the State Council General Office's notice on the %d holidays below."},
		"ui.cal.src.missing.read":       {"须由省级管理员登记国务院通知的文号和发布日期。", "The province administrator records the notice's document number and date."},
		"ui.cal.src.title.placeholder":  {"如：国务院办公厅关于%d年部分节假日安排的通知", "e.g. 国务院办公厅关于%d年部分节假日安排的通知"},
		"ui.cal.src.number.placeholder": {"如：国办发明电〔%d〕N号", "e.g. 国办发明电〔%d〕N号"},
		"ui.cal.src.record":             {"登记来源", "Record the source"},
		"ui.cal.src.correct":            {"更正来源", "Correct the source"},
		"ui.cal.src.delete":             {"删除登记", "Delete the record"},
		"ui.cal.src.saved":              {"已登记 %d 年安排的来源：%s", "the source of the %d schedule is recorded: %s"},
		"ui.cal.src.deleted":            {"已删除 %d 年来源的登记", "the recorded source of %d is deleted"},
		"ui.cal.src.by_notice":          {"国务院通知（%s）", "State Council notice (%s)"},
		"ui.cal.src.builtin_unsourced":  {"内置（来源未登记）", "built in (source not recorded)"},
		"ui.cal.src.audit":              {"来源修改记录", "Changes of the sources"},
		"ui.cal.unpublished":            {"未发布", "Not published"},
		"ui.cal.unpublished.note":       {"尚未发布：按周一至周五计算，期限为暂定", "not published yet: deadlines count Monday to Friday and are provisional"},
	})
}
