package catalog

import "onetrip"

func init() {
	onetrip.Register(onetrip.Messages{
		// summaries
		"catalog.invalid":        {"目录有 %d 处问题，整份目录不予导入", "the catalogue has %d problem(s) and is rejected whole"},
		"catalog.item.invalid":   {"事项 %s 有 %d 处问题", "item %s has %d problem(s)"},
		"catalog.bundle.invalid": {"一件事 %s 有 %d 处问题", "bundle %s has %d problem(s)"},
		"catalog.bundle.cycle":   {"一件事 %s 的步骤存在循环依赖：%s", "the steps of bundle %s form a cycle: %s"},
		"catalog.source.invalid": {"材料来源“%s”无效，应为 applicant、licence:L-…、shared:D-… 或 prior-step", "invalid material source %q: expected applicant, licence:L-…, shared:D-… or prior-step"},
		"catalog.amount.invalid": {"金额“%s”无效，应为最多两位小数的元数，如 80 或 12.5", "invalid amount %q: expected yuan with at most two decimals, such as 80 or 12.5"},

		// strict JSON
		"catalog.json.invalid":   {"JSON 有 %d 处问题", "the JSON has %d problem(s)"},
		"catalog.json.syntax":    {"JSON 语法错误，第 %d 行第 %d 列：%s", "JSON syntax error at line %d, column %d: %s"},
		"catalog.json.trailing":  {"第 %d 行第 %d 列之后还有多余内容", "unexpected data after the JSON value at line %d, column %d"},
		"catalog.json.duplicate": {"字段“%s”重复出现", "key %q appears twice"},
		"catalog.json.unknown":   {"未知字段“%s”", "unknown key %q"},
		"catalog.json.missing":   {"缺少字段“%s”", "missing key %q"},
		"catalog.json.type":      {"类型应为 %s，实际为 %s", "expected %s, got %s"},
		"catalog.json.integer":   {"应为整数，实际为 %s", "expected an integer, got %s"},
		"catalog.json.amount":    {"金额 %s 无效，应为最多两位小数的元数", "invalid amount %s: expected yuan with at most two decimals"},

		// structural checks
		"catalog.check.empty_version":           {"版本号为空", "the version is empty"},
		"catalog.check.code_format":             {"编码“%s”格式不对，应形如 %s", "code %q is malformed, expected the form %s"},
		"catalog.check.duplicate_code":          {"编码 %s 与 %s 重复", "code %s repeats %s"},
		"catalog.check.empty":                   {"不能为空", "must not be empty"},
		"catalog.check.negative":                {"不能为负数，实际为 %d", "must not be negative, got %d"},
		"catalog.check.enum":                    {"取值“%s”无效，可选：%s", "invalid value %q, expected one of: %s"},
		"catalog.check.unknown_department_kind": {"部门类型 %s 不存在", "department kind %s does not exist"},
		"catalog.check.joint_name":              {"联合办理环节须有名称（如“联合验收”）", "a joint step needs a name (e.g. 联合验收)"},
		"catalog.check.joint_participants":      {"联合办理环节须列出参与部门", "a joint step must list its participating departments"},
		"catalog.check.joint_lead":              {"牵头部门 %s 不应同时列为参与部门", "the lead department kind %s cannot also be a participant"},
		"catalog.check.joint_duplicate":         {"参与部门 %s 重复", "participant %s is listed twice"},
		"catalog.check.multiline":               {"列表中的每一条只能占一行，不能含换行", "each list entry must be a single line, without line breaks"},
		"catalog.check.empty_id":                {"材料编号为空", "the material id is empty"},
		"catalog.check.duplicate_id":            {"材料编号 %s 与 %s 重复", "material id %s repeats %s"},
		"catalog.check.source":                  {"材料来源“%s”无效，应为 applicant、licence:L-…、shared:D-… 或 prior-step", "invalid material source %q: expected applicant, licence:L-…, shared:D-… or prior-step"},
		"catalog.check.fetched_paper":           {"来源为 %s 的材料由系统获取，形式须为 electronic、份数须为 0（实际为 %s、%d 份）", "a material from %s is fetched, so it must be electronic with 0 copies (got %s, %d copies)"},
		"catalog.check.max_visits":              {"最多跑次数只能是 0 或 1，实际为 %d", "max_visits must be 0 or 1, got %d"},
		"catalog.check.zero_visit_not_online":   {"最多跑零次的事项必须全程网办（online 为 full），实际为 %s", "a zero-visit item must be fully online (online full), got %s"},
		"catalog.check.no_delivery":             {"未选择任何送达方式", "no delivery method is given"},
		"catalog.check.duplicate_value":         {"“%s”重复出现", "%q appears twice"},
		"catalog.check.result":                  {"办理结果须且只能填写证照类型（licence）或文书名称（document）之一", "the result must give exactly one of a licence type or a document"},
		"catalog.check.result_fields":           {"只有文书结果可列要素（证照的要素即其类型的字段）", "only a document result lists fields (a licence's are its type's)"},
		"catalog.check.no_steps":                {"一件事没有任何步骤", "the bundle has no steps"},
		"catalog.check.duplicate_step":          {"步骤事项 %s 与 %s 重复", "step item %s repeats %s"},
		"catalog.check.after_not_step":          {"前置事项 %s 不是本一件事的步骤", "after names %s, which is not a step of this bundle"},

		// guide lint (rule 6: a guide with a finding cannot be published)
		"catalog.lint.vague":                   {"含模糊表述“%s”，应写明具体材料或情形：%s", "vague wording %q; name the exact material or case: %s"},
		"catalog.lint.promised_over_statutory": {"承诺时限 %d 个工作日超过法定时限 %d 个工作日", "the promised limit of %d working days exceeds the statutory limit of %d"},
		"catalog.lint.fee_no_basis":            {"收费 %s 元但未写明收费依据", "a fee of %s yuan has no basis"},
		"catalog.lint.fee_negative":            {"收费金额不能为负数，实际为 %s 元", "the fee must not be negative, got %s yuan"},
		"catalog.lint.no_materials":            {"未列出任何申请材料", "no application materials are listed"},
		"catalog.lint.duplicate_material":      {"材料名称“%s”与 %s 重复", "material name %q repeats %s"},
		"catalog.lint.unknown_licence":         {"证照类型 %s 不存在", "licence type %s does not exist"},
		"catalog.lint.unknown_data":            {"共享数据项 %s 不存在", "shared data item %s does not exist"},
		"catalog.lint.zero_visit_paper":        {"最多跑零次的事项不能要求申请人提交纸质材料：“%s”的形式为 %s，应为 electronic", "a zero-visit item cannot ask the applicant for paper: %q is %s, it must be electronic"},
		"catalog.lint.empty_name":              {"名称为空", "the name is empty"},
		"catalog.lint.no_conditions":           {"未写明受理条件", "no conditions are given"},
		"catalog.lint.no_legal_basis":          {"未写明设定依据", "no legal basis is given"},
		"catalog.lint.empty_entry":             {"此条为空", "this entry is empty"},
		"catalog.lint.unknown_step_item":       {"步骤事项 %s 不存在", "step item %s does not exist"},
		"catalog.lint.cycle":                   {"步骤存在循环依赖：%s", "the steps form a cycle: %s"},
		"catalog.lint.promised_below_chain":    {"一件事承诺 %d 个工作日，短于最长步骤链的 %d 个工作日（%s）", "the bundle promises %d working days, less than the %d of its longest chain of steps (%s)"},
		"catalog.lint.unknown_lead_kind":       {"牵头部门类型 %s 不存在", "lead department kind %s does not exist"},
		"catalog.lint.no_lead_step":            {"没有属于牵头部门类型 %s 的步骤", "no step belongs to the lead department kind %s"},

		// Excel
		"catalog.xlsx.open":             {"无法读取 Excel 文件：%s", "cannot read the Excel file: %s"},
		"catalog.xlsx.invalid":          {"Excel 文件有 %d 处问题", "the Excel file has %d problem(s)"},
		"catalog.xlsx.unexportable":     {"目录有 %d 处内容无法写入 Excel", "%d value(s) of the catalogue cannot be written to Excel"},
		"catalog.xlsx.sheet":            {"缺少工作表“%s”", "the sheet %q is missing"},
		"catalog.xlsx.sheet_unreadable": {"无法读取工作表“%s”：%s", "cannot read the sheet %q: %s"},
		"catalog.xlsx.column":           {"缺少列“%s”（第 1 行为表头）", "the column %q is missing (row 1 holds the headers)"},
		"catalog.xlsx.int":              {"应填整数，实际为“%s”", "expected a whole number, got %q"},
		"catalog.xlsx.bool":             {"应填“是”或“否”，实际为“%s”", "expected 是 (yes) or 否 (no), got %q"},
		"catalog.xlsx.amount":           {"金额“%s”无效，应为最多两位小数的元数", "invalid amount %q: expected yuan with at most two decimals"},
		"catalog.xlsx.unknown_item":     {"事项编码 %s 在“事项”表中不存在", "item code %s is not on the 事项 sheet"},
		"catalog.xlsx.unknown_bundle":   {"一件事编码 %s 在“一件事”表中不存在", "bundle code %s is not on the 一件事 sheet"},
		"catalog.xlsx.too_long":         {"内容有 %d 个字符，超过 Excel 单元格上限 %d", "the text has %d characters, more than the %d an Excel cell holds"},
		"catalog.xlsx.list_entry":       {"列表项为空或含换行，无法按“一行一项”写入单元格", "the list entry is empty or spans lines, so it cannot be one line of a cell"},
	})
}
