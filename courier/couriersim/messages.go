package couriersim

import "onetrip"

func init() {
	onetrip.Register(onetrip.Messages{
		"couriersim.waybill.not_found": {"运单 %s 不存在", "no shipment has the waybill %s"},
		"couriersim.event.not_found":   {"轨迹消息 %s 不存在", "no tracking event has the id %s"},
		"couriersim.too_large":         {"请求超过 %d 字节", "the request is larger than %d bytes"},
		"couriersim.notify_url":        {"未设置轨迹推送地址", "no notify URL is set"},
	})
}
