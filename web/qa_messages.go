package web

import "onetrip"

func init() {
	onetrip.Register(onetrip.Messages{
		"ui.qa.title":         {"智能问答", "Ask a question"},
		"ui.qa.lead":          {"像平时说话一样提问，比如“开面馆要办什么证”“孩子上户口要带什么”，回答来自办事指南的现行版本。", "Ask the way you would say it, such as “what licences does a noodle shop need” or “what to bring to register a baby”; answers come from the guides' current versions."},
		"ui.qa.q":             {"您的问题", "Your question"},
		"ui.qa.box":           {"有问题？直接问", "Have a question? Ask it"},
		"ui.qa.q.placeholder": {"如：开面馆要办什么证", "e.g. 开面馆要办什么证"},
		"ui.qa.region":        {"所在地区", "Your region"},
		"ui.qa.ask":           {"提问", "Ask"},
		"ui.qa.asked_about":   {"您问的是：", "You asked about: "},
		"ui.qa.materials":     {"需要的材料（%d 项）", "Materials (%d)"},
		"ui.qa.helpful_q":     {"这个回答有帮助吗？", "Did this answer help?"},
		"ui.qa.helpful":       {"有帮助", "Helpful"},
		"ui.qa.unhelpful":     {"没帮助", "Not helpful"},
		"ui.qa.thanks":        {"谢谢您的反馈，我们会据此改进回答。", "Thank you; your feedback improves the answers."},
		"ui.qa.kind.item":     {"事项", "service"},
		"ui.qa.kind.bundle":   {"一件事", "bundle"},
		"ui.qa.kind.entry":    {"常见问题", "FAQ"},
	})
}
