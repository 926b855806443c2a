package intake

import "onetrip"

func init() {
	onetrip.Register(onetrip.Messages{
		// Case statuses.
		"intake.status.draft":            {"草稿", "draft"},
		"intake.status.submitted":        {"已提交（待预审）", "submitted, awaiting pre-review"},
		"intake.status.needs_correction": {"待补正", "needs correction"},
		"intake.status.refused":          {"不予受理", "refused"},
		"intake.status.accepted":         {"已受理", "accepted"},
		"intake.status.in_review":        {"审查中", "under review"},
		"intake.status.suspended":        {"特别程序（暂停计时）", "suspended (clock stopped)"},
		"intake.status.approved":         {"审批通过", "approved"},
		"intake.status.denied":           {"不予批准", "denied"},
		"intake.status.issued":           {"已出件", "result issued"},
		"intake.status.delivered":        {"已送达", "delivered"},
		"intake.status.closed":           {"已办结", "closed"},
		"intake.status.archived":         {"已归档", "archived"},
		"intake.status.withdrawn":        {"已撤回", "withdrawn"},
		"intake.status.unknown":          {"办件状态“%s”不存在", "case status \"%s\" does not exist"},
		"intake.status.invalid":          {"办件状态有 %d 处问题", "the case status has %d problem(s)"},
		"intake.status.move":             {"办件当前状态为 %s，不能转为 %s，请刷新后查看办件的最新状态", "a case in status %s cannot move to %s; reload to see the case as it is now"},

		// Material marks and the checklist.
		"intake.materials_invalid":        {"申请材料有 %d 处问题", "the materials have %d problem(s)"},
		"intake.material.spec_required":   {"未填写材料编号（spec）", "the material id (spec) is missing"},
		"intake.material.unknown_spec":    {"材料“%s”不属于本事项（或一件事任一环节）的材料清单", "material \"%s\" belongs to no step of the item or bundle"},
		"intake.material.status_unknown":  {"材料状态“%s”无效，应为 received（已收取）、deferred（容缺）、defective（不符合要求）或 missing（未提交）", "material status \"%s\" is invalid; use received, deferred, defective or missing"},
		"intake.material.prior_step":      {"材料“%s”（%s）由前序环节 %s 产生，无需申请人提交，请勿标记", "material \"%s\" (%s) comes from the earlier step %s; the applicant does not hand it in, do not mark it"},
		"intake.material.prior_step_any":  {"材料“%s”（%s）是前序环节的办理结果，无需申请人提交，请勿标记", "material \"%s\" (%s) is the result of an earlier step; the applicant does not hand it in, do not mark it"},
		"intake.material.not_deferrable":  {"办事指南不允许“%s”容缺受理，请收取或一次性告知", "the guide does not allow \"%s\" to be deferred (容缺); receive it or put it on the correction notice"},
		"intake.material.reason_required": {"“%s”标记为不符合要求，须写明原因", "\"%s\" is marked defective: give the reason"},
		"intake.material.not_held":        {"证照 %s 不是申请人持有的有效“%s”，不能作为免提交材料", "licence %s is not a valid licence of this kind (%s) held by the applicant, so it cannot replace the material"},
		"intake.material.disagree":        {"“%s”在 materials[%d] 标记为 %s，此处又标记为 %s；同一材料只能有一种状态", "\"%s\": materials[%d] marks it %s, this line marks it %s; one material has one status"},

		// Reasons intake gives.
		"intake.reason.missing":            {"未提交该材料", "the material was not handed in"},
		"intake.reason.not_in_library":     {"证照库中未查到该证照，请提交纸质或电子材料", "the licence library has no record of it; hand in a paper or electronic copy"},
		"intake.reason.shared_not_found":   {"共享数据中未查到申请人的该项数据，请提交纸质或电子材料", "shared data has no record of the applicant for it; hand in a paper or electronic copy"},
		"intake.reason.shared_no_record":   {"共享数据“%s”（提供部门：%s）未查到申请人的记录，请提交纸质或电子材料", "shared data item “%s” (provided by %s) has no record of the applicant; hand in a paper or electronic copy"},
		"intake.reason.shared_not_granted": {"本窗口未获共享数据“%s”（提供部门：%s）的使用授权，请提交纸质或电子材料", "this window holds no grant of shared data item “%s” (provided by %s); hand in a paper or electronic copy"},
		"intake.reason.shared_unavailable": {"共享数据“%s”的提供部门（%s）暂时无法应答，请提交纸质或电子材料，或稍后重新核验", "the provider of shared data item “%s” (%s) does not answer now; hand in a paper or electronic copy, or check again later"},

		// Refusal.
		"intake.refusal.invalid":         {"不予受理有 %d 处问题", "the refusal has %d problem(s)"},
		"intake.refusal.reason_required": {"不予受理须写明理由", "a refusal must state its reason"},
		"intake.refusal.basis_required":  {"不予受理须写明法律依据", "a refusal must state its legal basis"},

		// Visits.
		"intake.trip.purpose.submit":     {"提交申请", "submit the application"},
		"intake.trip.purpose.correction": {"补正材料", "bring a correction"},
		"intake.trip.purpose.supplement": {"补交容缺材料", "bring a deferred material"},
		"intake.trip.purpose.pickup":     {"领取结果", "collect the result"},
		"intake.trip.purpose.other":      {"其他", "other"},

		"intake.trip.outcome.first_notice": {"一次性告知", "first correction notice"},
		"intake.trip.outcome.later_notice": {"再次告知", "another correction notice"},
		"intake.trip.outcome.refused":      {"不予受理", "refused"},
		"intake.trip.outcome.accepted":     {"受理", "accepted"},
		"intake.trip.outcome.pickup":       {"已领取结果", "result collected"},
		"intake.trip.outcome.other":        {"其他", "other"},

		"intake.trip.why.voluntary":              {"不计：申请人自愿到现场（本可网上办理或快递送达）", "not counted: the applicant chose to come (online or courier was offered)"},
		"intake.trip.why.after_acceptance":       {"计入：受理后的跑动", "counted: a trip after acceptance"},
		"intake.trip.why.accepted":               {"计入：受理当次", "counted: the accepting trip"},
		"intake.trip.why.refused":                {"不计：不予受理", "not counted: the application was refused"},
		"intake.trip.why.later_notice":           {"计入：已按一次性告知补齐材料，仍被再次告知", "counted: everything the first notice asked for was brought, yet another notice was given"},
		"intake.trip.why.caused_by_later_notice": {"计入：因再次告知而跑动", "counted: a trip the second notice caused"},
		"intake.trip.why.first_notice":           {"不计：首次一次性告知", "not counted: the trip ended with the first correction notice"},
		"intake.trip.why.before_complete":        {"不计：材料齐全前的跑动", "not counted: a trip before the materials were complete"},

		// Case numbers.
		"intake.number.format":   {"办件编号“%s”格式不正确，应为“行政区划代码-年月日-序号”，如 330802-20261127-000042", "case number \"%s\" is malformed; write region-date-sequence, e.g. 330802-20261127-000042"},
		"intake.number.invalid":  {"办件编号“%s”有误", "case number \"%s\" is invalid"},
		"intake.number.date":     {"办件编号的日期“%s”不是有效日期（应为8位年月日，如 20261127）", "the date \"%s\" of the case number is not a real day (8 digits, e.g. 20261127)"},
		"intake.number.seq":      {"办件编号的序号“%s”应为至少6位数字且不为0", "the sequence \"%s\" of the case number must be at least 6 digits and not zero"},
		"intake.number.seq_zero": {"办件编号的序号“%s”超过6位时不能以0开头", "the sequence \"%s\" of the case number has more than 6 digits, so it cannot start with 0"},

		// Parties.
		"intake.applicant.invalid":                {"申请人信息有 %d 处问题", "the applicant has %d problem(s)"},
		"intake.applicant.required":               {"缺少申请人信息", "the applicant is missing"},
		"intake.applicant.type":                   {"申请人类型“%s”无效，应为 person（个人）或 org（单位）", "applicant type \"%s\" is invalid; use person or org"},
		"intake.applicant.citizen_id_required":    {"请填写申请人的公民身份号码", "enter the applicant's citizen ID"},
		"intake.applicant.uscc_required":          {"请填写申请单位的统一社会信用代码", "enter the organisation's unified social credit code"},
		"intake.name.required":                    {"请填写姓名或名称", "enter the name"},
		"intake.name.too_long":                    {"姓名或名称最多%d个字，实为%d个字", "the name may have at most %d characters, got %d"},
		"intake.name.char":                        {"姓名或名称第%d个字符（%s）是不可见字符，请删除", "character %d (%s) of the name is not printable; remove it"},
		"intake.parties.invalid":                  {"申请人或代办人信息有 %d 处问题", "the applicant or agent has %d problem(s)"},
		"intake.channel.unknown":                  {"申请渠道“%s”无效，应为 window（窗口）、online（网上）或 agent（代办）", "channel \"%s\" is invalid; use window, online or agent"},
		"intake.collector.invalid":                {"领取人信息有 %d 处问题", "the collector's details have %d problem(s)"},
		"intake.collector.id_required":            {"请填写领取人的公民身份号码（核验身份证件）", "enter the collector's citizen ID (check their ID card)"},
		"intake.collector.relation":               {"领取人身份 %q 无效：应为申请人本人、法定代表人、代办人或受托人", "collector relation %q is not one of applicant, representative, agent, authorised"},
		"intake.collector.org_in_person":          {"申请人是单位，由法定代表人或受托人领取", "the applicant is an organisation: its legal representative or an authorised person collects"},
		"intake.collector.not_applicant":          {"领取人与申请人 %s 的姓名或身份号码不一致；他人领取请按受托人办理", "the collector's name or ID does not match the applicant %s; someone else collects as an authorised person"},
		"intake.collector.rep_person":             {"申请人是个人，没有法定代表人", "the applicant is a person and has no legal representative"},
		"intake.collector.rep_unknown":            {"证照库中未登记该单位的法定代表人，请按受托人办理并核对授权委托书", "the organisation's legal representative is not on record; collect as an authorised person with the written authorisation"},
		"intake.collector.not_rep":                {"领取人不是 %s 登记的法定代表人", "the collector is not the legal representative on record for %s"},
		"intake.collector.no_agent":               {"本办件没有登记代办人", "this case has no agent on record"},
		"intake.collector.not_agent":              {"领取人与登记的代办人 %s 不一致", "the collector does not match the agent on record, %s"},
		"intake.collector.authorisation_required": {"受托人领取须登记授权委托书编号", "an authorised person needs the written authorisation's number"},
		"intake.collector.self_authorised":        {"领取人就是申请人本人，请选择“申请人本人”", "the collector is the applicant: choose applicant"},
		"intake.collector.rel.applicant":          {"申请人本人", "the applicant"},
		"intake.collector.rel.representative":     {"法定代表人", "legal representative"},
		"intake.collector.rel.agent":              {"代办人", "agent"},
		"intake.collector.rel.authorised":         {"受托人", "authorised person"},
		"intake.agent.required":                   {"代办申请须填写代办人信息", "an application by an agent needs the agent's details"},
		"intake.agent.not_agent_channel":          {"填写了代办人，但申请渠道为 %s；代办申请的渠道应为 agent", "an agent is given but the channel is %s; an agent applies on channel agent"},
		"intake.agent.id_required":                {"请填写代办人的公民身份号码", "enter the agent's citizen ID"},
		"intake.agent.same_as_applicant":          {"代办人与申请人是同一人，请改用窗口或网上渠道", "the agent is the applicant; use channel window or online"},
		"intake.agent.authorisation_required":     {"代办须登记申请人的授权委托书", "an agent needs the applicant's authorisation on record"},
	})
}
