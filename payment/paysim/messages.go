package paysim

import "onetrip"

func init() {
	onetrip.Register(onetrip.Messages{
		"paysim.body":           {"请求体格式错误", "malformed request body"},
		"paysim.amount":         {"金额须为正整数（分）", "the amount must be a positive number of fen"},
		"paysim.amount_changed": {"缴款码 %s 已以 %d 分登记，不能改为 %d 分", "payment code %s is registered for %d fen, not %d"},
		"paysim.return_url":     {"返回地址须为 http(s) 绝对地址", "the return URL must be an absolute http(s) URL"},
		"paysim.order_unknown":  {"没有缴款码为 %s 的订单", "no order with payment code %s"},
		"paysim.token_unknown":  {"支付页面不存在或已失效", "no such pay page"},
		"paysim.not_paid":       {"订单尚未支付，不能退款", "the order is not paid and cannot be refunded"},
		"paysim.already_paid":   {"订单已支付，不能重复支付", "the order is already paid; it cannot be paid twice"},
		"paysim.refund_id":      {"缺少退款请求号", "a refund needs a refund_id"},
		"paysim.refund_reused":  {"退款请求号 %s 已用于另一笔退款", "refund_id %s was used for another refund"},
		"paysim.refund_much":    {"退款 %d 分超过可退金额 %d 分", "refund of %d fen is more than the %d fen left"},
		"paysim.channel":        {"请选择支付方式", "choose a way to pay"},
		"paysim.failed":         {"支付未成功，未扣款，可重新支付。", "The payment did not go through and nothing was charged; you can try again."},
		"paysim.outcome":        {"未知的操作", "unknown action"},
		"paysim.notify_unknown": {"没有编号为 %s 的通知", "no notification %s"},
		"paysim.no_notify_url":  {"未设置通知地址", "no notification URL is set"},
	})
}
