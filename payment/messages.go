package payment

import "onetrip"

func init() {
	onetrip.Register(onetrip.Messages{
		"payment.code.invalid":      {"缴款码“%s”无效：应为 20 位数字且校验位正确", "invalid payment code %q: 20 digits with a correct check digit expected"},
		"payment.code.region":       {"缴款码的行政区划代码“%s”无效", "invalid region code %q for a payment code"},
		"payment.code.year":         {"缴款码的年份 %d 无效", "invalid year %d for a payment code"},
		"payment.code.serial":       {"缴款码的流水号 %d 超出范围（0 至 99999999999）", "payment code serial %d out of range (0 to 99999999999)"},
		"payment.receipt.number":    {"票据号码的参数无效（区划“%s”，年份 %d，流水号 %d）", "invalid receipt number parts (region %q, year %d, serial %d)"},
		"payment.receipt.no_number": {"票据号码不能为空", "a receipt needs a number"},
		"payment.receipt.not_paid":  {"缴款单状态为“%s”，只有已缴费的缴款单才能开具票据", "the order is %s: only a paid order gets a receipt"},

		"payment.callback.mismatch":  {"支付结果通知的缴款码 %s 与缴款单的缴款码 %s 不符", "the notification's payment code %s is not the order's %s"},
		"payment.callback.amount":    {"支付金额与应缴金额不符：应缴 %s 元，通知 %s 元", "the paid amount differs from the amount due: due %s yuan, notified %s yuan"},
		"payment.callback.channel":   {"未知的支付渠道“%s”", "unknown payment channel %q"},
		"payment.callback.status":    {"未知的支付结果“%s”", "unknown payment outcome %q"},
		"payment.callback.signature": {"支付结果通知的签名无效或缺失", "the notification's signature is missing or invalid"},
		"payment.callback.malformed": {"支付结果通知格式错误", "malformed payment notification"},
		"payment.callback.required":  {"缺少字段 %s", "field %s is missing"},
		"payment.callback.stale":     {"支付结果通知的发送时间 %s 与当前时间相差超过 %d 分钟，已拒绝（可能是重放）", "the notification was sent at %s, more than %d minutes from now: refused (a replay?)"},
		"payment.callback.too_large": {"支付结果通知超过 %d 字节", "the notification is larger than %d bytes"},
		"payment.callback.field":     {"字段 %s 的值无效", "field %s has an invalid value"},

		"payment.order.paid_twice":      {"缴款单已由交易 %s 支付，交易 %s 属重复支付，须由支付平台退回", "the order was paid by transaction %s; transaction %s pays it twice and must be refunded by the platform"},
		"payment.order.not_payable":     {"缴款单状态为“%s”，不能支付", "the order is %s and cannot be paid"},
		"payment.order.not_waivable":    {"缴款单状态为“%s”，不能减免", "the order is %s and cannot be waived"},
		"payment.order.not_refundable":  {"缴款单状态为“%s”，不能退款", "the order is %s and cannot be refunded"},
		"payment.order.not_cancellable": {"缴款单状态为“%s”，不能作废", "the order is %s and cannot be cancelled"},

		"payment.waive.reason": {"请填写减免理由（最多 %d 个字符）", "give a reason for the waiver (at most %d characters)"},
		"payment.waive.by":     {"减免须记录批准人", "a waiver needs the person who approved it"},

		"payment.refund.amount":   {"退款金额 %s 元无效，须大于零", "refund amount %s yuan is invalid: it must be more than zero"},
		"payment.refund.too_much": {"退款金额 %s 元超过可退金额 %s 元", "refund of %s yuan is more than the %s yuan that can be refunded"},

		"payment.statement.line": {"对账单第 %d 行有误（%s）", "statement line %d is wrong (%s)"},
		"payment.day.invalid":    {"日期“%s”无效，应为 YYYY-MM-DD", "invalid day %q: YYYY-MM-DD expected"},

		"payment.platform.unavailable": {"统一公共支付平台暂时无法访问（%s），请稍后重试", "the payment platform cannot be reached (%s); try again later"},
		"payment.platform.refused":     {"统一公共支付平台拒绝了请求（HTTP %d）：%s", "the payment platform refused the request (HTTP %d): %s"},

		"payment.status.unpaid":    {"待缴费", "unpaid"},
		"payment.status.paid":      {"已缴费", "paid"},
		"payment.status.waived":    {"已减免", "waived"},
		"payment.status.refunded":  {"已退款", "refunded"},
		"payment.status.cancelled": {"已作废", "cancelled"},

		"payment.channel.card":   {"银行卡", "bank card"},
		"payment.channel.alipay": {"支付宝", "Alipay"},
		"payment.channel.wechat": {"微信支付", "WeChat Pay"},
		"payment.channel.window": {"窗口扫码", "scanned at the window"},
	})
}

// statusName renders an order status in the reader's language when it is an
// error's argument (onetrip.Render calls Label).
type statusName string

func (s statusName) Label(l onetrip.Lang) string {
	if _, ok := onetrip.Lookup("payment.status." + string(s)); !ok {
		return string(s)
	}
	return onetrip.Render(l, "payment.status."+string(s))
}

// StatusLabel is an order status's name in a language.
func StatusLabel(status string, l onetrip.Lang) string { return statusName(status).Label(l) }

// ChannelLabel is a channel's name in a language.
func ChannelLabel(channel string, l onetrip.Lang) string {
	if _, ok := onetrip.Lookup("payment.channel." + channel); !ok {
		return channel
	}
	return onetrip.Render(l, "payment.channel."+channel)
}
