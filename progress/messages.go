package progress

import "onetrip"

func init() {
	onetrip.Register(onetrip.Messages{
		"progress.number.missing": {"请输入办件编号（受理通知书上的编号，如 330802-20261127-000042）", "enter the case number (as on the acceptance notice, e.g. 330802-20261127-000042)"},
		"progress.number.long":    {"办件编号不超过 %d 个字符", "a case number has at most %d characters"},
		"progress.code.missing":   {"请输入查询码（受理通知书上办件编号旁的 6 位查询码，或短信中的查询码）", "enter the query code (the 6 characters next to the case number on the acceptance notice, or in the SMS)"},
		"progress.code.invalid":   {"查询码为 %d 位，由数字 2–9 和大写字母（不含 I、L、O）组成，您输入的是“%s”", "a query code is %d characters, digits 2–9 and letters other than I, L and O; you entered %q"},
		"progress.query.invalid":  {"查询有 %d 处问题", "the lookup has %d problem(s)"},
		"progress.not_found":      {"办件编号或查询码不正确。请核对受理通知书上的办件编号和查询码后再试；多次输错将暂停查询。", "the case number or the query code is not right. Check both against the acceptance notice and try again; repeated mistakes pause the lookup."},
		"progress.limited.case":   {"该办件编号 %d 分钟内输错查询码已达 %d 次，为防止他人猜测，查询已暂停，请 %d 分钟后再试。", "within %d minutes the query code for this case number was wrong %d times; to stop guessing, the lookup is paused: try again in %d minutes."},
		"progress.limited.source": {"您所在网络 %d 分钟内查询失败已达 %d 次，为防止猜测，查询已暂停，请 %d 分钟后再试。", "within %d minutes lookups from your network failed %d times; to stop guessing, the lookup is paused: try again in %d minutes."},
	})
}
