package notify

import "onetrip"

// The templates: each kind's inbox title and body and its SMS, zh-CN first.
// Titles take the case's title, bodies and SMS the case number first.
func init() {
	onetrip.Register(onetrip.Messages{
		"notify.kind.accepted":     {"受理通知", "Accepted"},
		"notify.kind.correction":   {"补正材料通知（一次性告知）", "Materials to correct (one notice)"},
		"notify.kind.deferred_due": {"容缺材料到期提醒", "Deferred materials due"},
		"notify.kind.payment_due":  {"缴费通知", "Fee due"},
		"notify.kind.decided":      {"审批结果", "Decision"},
		"notify.kind.ready":        {"结果领取通知", "Result ready at the window"},
		"notify.kind.dispatched":   {"结果寄出通知", "Result sent by courier"},
		"notify.kind.delivered":    {"结果签收通知", "Result delivered"},
		"notify.kind.rating":       {"服务评价邀请", "Rating request"},

		"notify.accepted.title":     {"已受理：%s", "Accepted: %s"},
		"notify.correction.title":   {"请补正材料：%s", "Materials to correct: %s"},
		"notify.deferred_due.title": {"容缺材料到期：%s", "Deferred materials due: %s"},
		"notify.payment_due.title":  {"待缴费：%s", "Fee due: %s"},
		"notify.decided.title":      {"审批结果：%s", "Decision: %s"},
		"notify.ready.title":        {"可领取结果：%s", "Result ready: %s"},
		"notify.dispatched.title":   {"结果已寄出：%s", "Result sent: %s"},
		"notify.delivered.title":    {"结果已签收：%s", "Result delivered: %s"},
		"notify.rating.title":       {"请评价：%s", "Please rate: %s"},

		"notify.accepted.body": {"您申请的%s已受理，办件编号 %s，承诺于 %s 前办结。",
			"Your application for %s was accepted as case %s; it is promised by %s."},
		"notify.query_code": {"查询码：%s（凭办件编号和查询码可在“办件进度查询”查看进度，无需登录）",
			"Query code: %s (with the case number it shows the case's progress under Case progress, without logging in)"},
		"notify.correction.body": {"您申请的%s（办件编号 %s）需补正以下 %d 项材料，请一次补齐后再提交：",
			"Your application for %s (case %s) needs the following %d material(s) corrected; supply them all at once:"},
		"notify.correction.item":    {"%d. %s（%s）", "%d. %s (%s)"},
		"notify.rectification.body": {"您申请的%s（办件编号 %s）经各部门联合验收，需整改以下 %d 项，请一次整改完毕后提交：", "Your %s (case %s) was inspected jointly by the departments; rectify these %d finding(s) at once, then hand them in:"},
		"notify.rectification.item": {"%d. %s", "%d. %s"},
		"notify.rectification.sms":  {"您的办件%s经联合验收需整改%d项，清单详见站内消息。", "Case %s needs %d finding(s) rectified after the joint inspection; the list is in your messages."},
		"notify.problem.missing":    {"缺少", "missing"},
		"notify.problem.defective":  {"不符合要求", "defective"},
		"notify.deferred_due.body":  {"办件 %s 的容缺材料 %s 应于 %s 前补交，请尽快补交。", "Case %s: the deferred material(s) %s were due by %s; please supply them."},
		"notify.payment_due.body":   {"办件 %s 需缴纳 %s 元，缴款码 %s，请于 %s 前缴纳（可在线缴费或到窗口扫码缴费）。", "Case %s: a fee of %s yuan is due, payment code %s, by %s (pay online or at the window)."},
		"notify.decided.approved":   {"您申请的%s（办件编号 %s）已审批通过。", "Your application for %s (case %s) was approved."},
		"notify.decided.denied":     {"您申请的%s（办件编号 %s）未予批准，理由如下：", "Your application for %s (case %s) was not approved, for these reasons:"},
		"notify.ready.body":         {"办件 %s 的结果已可领取，请携带身份证件到受理窗口领取。", "Case %s: the result is ready; collect it at the window with your ID card."},
		"notify.ready.failed":       {"办件 %s 的结果快递（运单号 %s）未能送达，已退回受理窗口，请携带身份证件到窗口领取。", "Case %s: the courier (waybill %s) could not deliver the result; it is back at the window, where you collect it with your ID card."},
		"notify.dispatched.body":    {"办件 %s 的结果已由快递寄出，运单号 %s。", "Case %s: the result was sent by courier, waybill %s."},
		"notify.delivered.body":     {"办件 %s 的结果已签收（运单号 %s）。", "Case %s: the result was delivered (waybill %s)."},
		"notify.rating.body":        {"您申请的%s（办件编号 %s）已办结。欢迎对本次服务作出评价（好差评），您的评价将用于改进服务。", "Your application for %s (case %s) is complete. Please rate the service (好差评): ratings are used to improve it."},

		"notify.accepted.sms":           {"您申请的%s已受理，办件编号%s，承诺%s前办结。", "Your application for %s was accepted, case %s, promised by %s."},
		"notify.accepted.sms_code":      {"查询码%s。", " Query code %s."},
		"notify.correction.sms":         {"您的办件%s需补正%d项材料：%s。请一次补齐，详见站内消息。", "Case %s needs %d material(s) corrected: %s. Supply them all at once; details in your messages."},
		"notify.correction.sms_short":   {"您的办件%s需补正%d项材料，清单详见站内消息或一次性告知书。", "Case %s needs %d material(s) corrected; the list is in your messages and on the notice."},
		"notify.deferred_due.sms":       {"您的办件%s容缺材料%s应于%s前补交，请尽快补交。", "Case %s: deferred material(s) %s due by %s; please supply them."},
		"notify.deferred_due.sms_short": {"您的办件%s有%d项容缺材料应于%s前补交，详见站内消息。", "Case %s: %d deferred material(s) due by %s; details in your messages."},
		"notify.payment_due.sms":        {"您的办件%s需缴费%s元，缴款码%s，请于%s前缴纳。", "Case %s: fee of %s yuan due, payment code %s, by %s."},
		"notify.decided.sms_approved":   {"您的办件%s已审批通过。", "Case %s was approved."},
		"notify.decided.sms_denied":     {"您的办件%s未予批准，理由详见站内消息。", "Case %s was not approved; the reasons are in your messages."},
		"notify.ready.sms":              {"您的办件%s结果已可领取，请携带身份证件到受理窗口领取。", "Case %s: the result is ready at the window; bring your ID card."},
		"notify.ready.sms_failed":       {"您的办件%s结果快递未能送达，已退回受理窗口，请携带身份证件领取。", "Case %s: the courier could not deliver the result; collect it at the window with your ID card."},
		"notify.dispatched.sms":         {"您的办件%s结果已快递寄出，运单号%s。", "Case %s: the result was sent by courier, waybill %s."},
		"notify.delivered.sms":          {"您的办件%s结果已签收，运单号%s。", "Case %s: the result was delivered, waybill %s."},
		"notify.rating.sms":             {"您的办件%s已办结，欢迎对本次服务作出评价。", "Case %s is complete; please rate the service."},

		"notify.prefs.kind":    {"未知的消息类型“%s”", "unknown notification kind %q"},
		"notify.prefs.lang":    {"短信语言须为 zh-CN 或 en，不能是“%s”", "the SMS language must be zh-CN or en, not %q"},
		"notify.prefs.invalid": {"通知设置有 %d 处问题", "the notification settings have %d problem(s)"},
	})
}
