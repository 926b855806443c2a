package web

import "onetrip"

func init() {
	onetrip.Register(onetrip.Messages{
		"ui.inbox.title":        {"我的消息", "My messages"},
		"ui.inbox.lead":         {"您办件的每一条通知都在这里：受理、补正、缴费、审批结果、领取和送达。", "Every notification of your cases is here: acceptance, corrections, fees, decisions, collection and delivery."},
		"ui.inbox.settings":     {"通知方式设置", "Notification settings"},
		"ui.inbox.unread":       {"%d 条未读", "%d unread"},
		"ui.inbox.all_read":     {"没有未读消息", "No unread messages"},
		"ui.inbox.show_unread":  {"只看未读", "Unread only"},
		"ui.inbox.show_all":     {"查看全部", "Show all"},
		"ui.inbox.mark_all":     {"全部标为已读", "Mark all read"},
		"ui.inbox.mark_read":    {"标为已读", "Mark read"},
		"ui.inbox.new":          {"未读", "New"},
		"ui.inbox.case":         {"办件编号", "Case"},
		"ui.inbox.empty":        {"还没有消息。", "No messages yet."},
		"ui.inbox.next":         {"更早的消息", "Older messages"},
		"ui.inbox.badge":        {"消息", "Messages"},
		"ui.inbox.badge.title":  {"%d 条未读消息", "%d unread message(s)"},
		"ui.notif.title":        {"通知方式", "Notification settings"},
		"ui.notif.lead":         {"站内消息始终保留每一条通知；短信发到您账号的手机号码，可整体关闭或按类型关闭。短信不含完整身份证号码。", "Your messages always keep every notification; SMS go to your account's mobile number and can be turned off entirely or by kind. No SMS carries a full ID number."},
		"ui.notif.saved":        {"已保存。", "Saved."},
		"ui.notif.no_mobile":    {"您的账号没有手机号码，通知只在站内消息中显示。", "Your account has no mobile number: notifications are shown in your messages only."},
		"ui.notif.channels":     {"通知渠道", "Channels"},
		"ui.notif.inbox_always": {"站内消息（始终开启）", "Messages in the app (always on)"},
		"ui.notif.sms":          {"短信通知", "SMS"},
		"ui.notif.lang":         {"短信语言", "SMS language"},
		"ui.notif.sms_kinds":    {"以下通知发送短信", "Send these by SMS"},
		"ui.notif.save":         {"保存", "Save"},
		"ui.notif.back":         {"返回我的消息", "Back to my messages"},
	})
}
