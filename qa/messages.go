package qa

import "onetrip"

func init() {
	onetrip.Register(onetrip.Messages{
		"qa.question.empty":    {"请输入问题", "type a question"},
		"qa.question.too_long": {"问题最长 %d 个字，现在有 %d 个字；请简短地说明要办什么", "a question has at most %d characters, this one has %d; say briefly what you want to do"},
		"qa.question.encoding": {"问题不是有效的 UTF-8 文本", "the question is not valid UTF-8 text"},
		"qa.region.unknown":    {"没有区划代码为 %s 的地区", "there is no region with code %s"},
		"qa.limit.invalid":     {"limit 应为 1 到 %d 的整数", "limit must be a whole number from 1 to %d"},
		"qa.no_answer":         {"没有找到能回答这个问题的事项。可以换个说法，比如写出要办的事（开饭店、上户口、换身份证），或看看下面的常办事项。", "No service answers this question. Try other words, such as what you want to do (open a restaurant, register a birth, renew an ID card), or see the common services below."},

		"qa.link.guide":          {"办事指南", "guide"},
		"qa.link.apply":          {"在线申请", "apply online"},
		"qa.material.fetched":    {"（系统调取，免提交）", " (fetched by the platform, no need to bring)"},
		"qa.material.optional":   {"（如有）", " (if any)"},
		"qa.fee.none":            {"不收费", "free of charge"},
		"qa.fee.yuan":            {"收费 %s 元（%s）", "fee %s yuan (%s)"},
		"qa.days.immediate":      {"即办（法定 %d 个工作日）", "done on the spot (statutory limit %d working days)"},
		"qa.days.promised":       {"承诺 %d 个工作日办结（法定 %d 个工作日）", "done within %d working days (statutory limit %d)"},
		"qa.list.none":           {"无", "none"},
		"qa.answer.item":         {"%s：%s，%s，%s，最多跑 %d 次。", "%s: %s, %s, %s, at most %d trip(s)."},
		"qa.answer.materials":    {"办理%s需要的材料：%s", "Materials for %s: %s"},
		"qa.answer.place":        {"%s由%s办理，地址：%s，办公时间：%s，电话：%s", "%s is done by %s at %s, hours %s, phone %s"},
		"qa.answer.place_window": {"%s在当地政务服务中心“%s”窗口办理（未找到您所在地区的实施清单，请选择地区）", "%s is done at the local service centre's %s window (no implementation found for your region; choose a region)"},
		"qa.answer.online":       {"%s：%s，最多跑 %d 次。", "%s: %s, at most %d trip(s)."},
		"qa.answer.conditions":   {"申请%s的条件：%s", "Conditions for %s: %s"},
		"qa.answer.bundle":       {"%s：%d 个事项一次申请、并联办理：%s；承诺 %d 个工作日办结。", "%s: %d services applied for at once and reviewed in parallel: %s; done within %d working days."},
		"qa.answer.bundle_fee":   {"%s：各事项收费合计 %s 元，详见各事项指南。", "%s: the services' fees add up to %s yuan; see each guide."},

		"qa.synonym.invalid":    {"同义词“%s”有问题", "synonym %q has problems"},
		"qa.synonym.empty":      {"不能为空", "must not be empty"},
		"qa.synonym.too_long":   {"最长 %d 个字", "at most %d characters"},
		"qa.synonym.one_word":   {"“%s”应是一个词，不能含空格或分隔符", "%q must be one word, without spaces or separators"},
		"qa.synonym.no_targets": {"至少要有一个目录用语", "give at least one catalogue word"},
		"qa.synonym.self":       {"“%s”与说法本身相同", "%q is the term itself"},
		"qa.synonym.repeated":   {"“%s”重复", "%q repeats"},
		"qa.synonym.not_found":  {"没有同义词“%s”", "there is no synonym %q"},

		"qa.entry.invalid":          {"知识条目有 %d 处问题", "the knowledge entry has %d problem(s)"},
		"qa.entry.not_found":        {"没有知识条目 %s", "there is no knowledge entry %s"},
		"qa.entry.empty":            {"不能为空", "must not be empty"},
		"qa.entry.too_long":         {"最长 %d 个字，现在有 %d 个字", "at most %d characters, this has %d"},
		"qa.entry.no_service":       {"至少关联一个事项或一件事", "link at least one item or bundle"},
		"qa.entry.unknown_service":  {"目录中没有事项或一件事 %s", "the catalogue has no item or bundle %s"},
		"qa.entry.repeated_service": {"%s 重复", "%s repeats"},
		"qa.entry.region":           {"区划代码“%s”无效，应为浙江的 6 位或 9 位代码", "invalid region code %q: expected a 6- or 9-digit Zhejiang code"},
		"qa.entry.date":             {"日期“%s”无效，应为 YYYY-MM-DD", "invalid date %q: expected YYYY-MM-DD"},
		"qa.entry.date_order":       {"有效期止 %s 早于起 %s", "valid to %s is before valid from %s"},
		"qa.entry.review_own":       {"不能审核自己写的条目，请另一位管理员审核", "you cannot review your own entry; another admin must"},
		"qa.entry.lint":             {"条目有 %d 处规范问题，改正后才能审核", "the entry has %d wording problem(s); fix them before review"},
		"qa.entry.transition":       {"条目状态为 %s，不能改为 %s", "an entry in state %s cannot become %s"},
		"qa.entry.guide":            {"取自办事指南的条目随指南修改", "entries drawn from a guide are edited with the guide"},
		"qa.entry.revision":         {"修改条目要写明读取时的 revision", "an edit must give the revision it started from"},
		"qa.entry.stale":            {"条目已被他人修改，请刷新后再改", "someone else changed the entry; reload it and edit again"},
		"qa.lint.vague":             {"含模糊用语“%s”", "vague wording %q"},
		"qa.lint.quoted_fact":       {"“%s”是指南的收费或时限，请用占位符引用（如 {fee}、{promised_days}），以免与指南不一致", "%q is a fee or time limit of the guide; quote it with a placeholder ({fee}, {promised_days}) so it never contradicts the guide"},
		"qa.lint.placeholder":       {"未知占位符 %s，可用：%s", "unknown placeholder %s; available: %s"},
		"qa.eval.line":              {"评测文件第 %d 行不是 {\"q\": …, \"expect\": […]} 形式的 JSON", "line %d of the evaluation file is not JSON of the form {\"q\": …, \"expect\": […]}"},
		"qa.import.invalid":         {"导入的知识条目有 %d 处问题，全部不予导入", "the imported entries have %d problem(s) and are rejected whole"},
		"qa.feedback.kind":          {"回答类型“%s”无效，应为 item、bundle 或 entry", "invalid answer kind %q: expected item, bundle or entry"},
		"qa.feedback.not_found":     {"没有这个回答（%s %s）", "there is no such answer (%s %s)"},
		"qa.feedback.invalid":       {"反馈应为 helpful 或 unhelpful", "feedback must be helpful or unhelpful"},

		"qa.state.draft":        {"草稿", "draft"},
		"qa.state.reviewed":     {"已审核", "reviewed"},
		"qa.state.published":    {"已发布", "published"},
		"qa.state.retired":      {"已停用", "retired"},
		"qa.intent.service":     {"办什么、怎么办", "which service"},
		"qa.intent.materials":   {"材料", "materials"},
		"qa.intent.fee":         {"收费", "fee"},
		"qa.intent.time":        {"时限", "time limit"},
		"qa.intent.place":       {"办理地点", "place"},
		"qa.intent.online":      {"网上办理", "online"},
		"qa.intent.eligibility": {"申请条件", "conditions"},
	})
}

// Label is the state's name in a language.
func (s EntryState) Label(lang onetrip.Lang) string {
	return onetrip.Render(lang, "qa.state."+string(s))
}

// Label is the intent's name in a language.
func (i Intent) Label(lang onetrip.Lang) string { return onetrip.Render(lang, "qa.intent."+string(i)) }
