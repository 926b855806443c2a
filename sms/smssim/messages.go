package smssim

import "onetrip"

func init() {
	onetrip.Register(onetrip.Messages{
		"smssim.body":           {"请求体格式错误或过大", "malformed or oversized request body"},
		"smssim.unsigned":       {"缺少或未知的 AccessKey 签名", "missing or unknown AccessKey signature"},
		"smssim.stale":          {"请求时间戳缺失或与平台时间相差超过 5 分钟", "the request's timestamp is missing or more than 5 minutes from the gateway's clock"},
		"smssim.signature":      {"签名不正确", "the signature does not match"},
		"smssim.mobile":         {"手机号码不正确", "not a valid mobile number"},
		"smssim.ref":            {"缺少请求编号 ref（最长 200 字符）", "a send needs a ref (at most 200 characters)"},
		"smssim.signature_text": {"短信须以【签名】开头，且有正文", "a text must begin with its 【signature】 and have a body"},
		"smssim.too_long":       {"短信最长 %d 个字符", "a text is at most %d characters"},
		"smssim.limited":        {"该号码发送过于频繁，请 %d 秒后再试", "too many messages to this number; try again in %d s"},
		"smssim.ref_reused":     {"请求编号 %s 已用于另一条短信", "ref %s was used for another message"},
		"smssim.category":       {"未知的短信类别“%s”", "unknown message category %q"},
		"smssim.unavailable":    {"短信平台暂时不可用（模拟故障）", "the SMS gateway is unavailable (simulated failure)"},
	})
}
