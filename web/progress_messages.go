package web

import "onetrip"

// Messages of the public progress page (progress.go) and of the query
// code on the receipt and the case page. Statuses are the domain's own
// keys (intake.status.*, review.status.*, workday.status.*); the lookup's
// errors are progress.*.
func init() {
	onetrip.Register(onetrip.Messages{
		"ui.progress.title":       {"办件进度查询", "Case progress"},
		"ui.progress.lead":        {"凭受理通知书上的办件编号和查询码查询办理进度，无需登录；扫描受理通知书上的二维码可直接打开。", "Follow a case with the case number and query code on its acceptance notice, without logging in; scanning the notice's QR code opens it directly."},
		"ui.progress.number":      {"办件编号", "Case number"},
		"ui.progress.code":        {"查询码", "Query code"},
		"ui.progress.code_hint":   {"6 位查询码印在受理通知书的办件编号旁，也随受理短信发送；不区分大小写。", "The 6-character query code is printed next to the case number on the acceptance notice and sent with the acceptance SMS; upper or lower case does not matter."},
		"ui.progress.submit":      {"查询", "Look up"},
		"ui.progress.applicant":   {"申请人", "Applicant"},
		"ui.progress.submitted":   {"提交日期", "Submitted on"},
		"ui.progress.accepted":    {"受理日期", "Accepted on"},
		"ui.progress.due":         {"承诺办结日期", "Due by"},
		"ui.progress.clock":       {"办理时限", "Time limit"},
		"ui.progress.outcome":     {"办理结果", "Outcome"},
		"ui.progress.closed":      {"办结日期", "Closed on"},
		"ui.progress.updated":     {"最近更新", "Last change"},
		"ui.progress.steps":       {"办理环节", "Steps"},
		"ui.progress.no_steps":    {"受理后由各部门办理，届时在此显示各环节。", "Once the case is accepted, the departments' steps show here."},
		"ui.progress.dept":        {"办理部门", "Department"},
		"ui.progress.step_status": {"状态", "Status"},
		"ui.progress.step_due":    {"环节时限", "Step due by"},
		"ui.progress.step_done":   {"完成日期", "Done on"},
		"ui.progress.masked":      {"为保护个人信息，申请人姓名已部分隐去，不显示证件号码、申请材料和审批意见。申请人登录后可在“我的办件”查看详情。", "To protect personal data the applicant's name is partly hidden, and no ID numbers, materials or opinions are shown. Applicants who log in see the details under My cases."},
		"ui.progress.not_found":   {"未查到办件", "No case found"},
		"ui.progress.limited":     {"查询已暂停", "Lookup paused"},
		"ui.progress.invalid":     {"请检查输入", "Check what you entered"},
		// The code on the receipt and on the applicant's case page.
		"ui.progress.receipt_note": {"凭办件编号和查询码扫码或访问 %s 免登录查询进度。", "Follow the case by scanning the QR code or at %s with its number and query code, without logging in."},
		"ui.progress.your_code":    {"进度查询码", "Progress query code"},
		"ui.progress.share":        {"家人凭办件编号和查询码可免登录查询进度", "family can follow the case with its number and this code, without logging in"},
	})
}
