package courier

import "onetrip"

func init() {
	onetrip.Register(onetrip.Messages{
		"courier.address.invalid":         {"地址有 %d 处问题", "the address has %d problem(s)"},
		"courier.address.name":            {"姓名应为 1 至 %d 个字", "the name must have 1 to %d characters"},
		"courier.address.phone":           {"电话“%s”无效：应为 11 位手机号码或带区号的固定电话（如 0570-1234567）", "invalid phone number \"%s\": give an 11-digit mobile number or a landline with its area code (such as 0570-1234567)"},
		"courier.address.region_required": {"请选择所在地区", "choose the region"},
		"courier.address.region":          {"地区代码“%s”不存在（仅限中国境内地址）", "no region has the code \"%s\" (addresses in China only)"},
		"courier.address.region_level":    {"“%s %s”是省或地级市，请选到区县", "\"%s %s\" is a province or a city; choose the county or district"},
		"courier.address.township":        {"“%s %s”下设乡镇（街道），请选到乡镇（街道）", "\"%s %s\" has townships; choose the township or street"},
		"courier.address.detail":          {"详细地址应为 %d 至 %d 个字", "the street address must have %d to %d characters"},
		"courier.address.detail_id":       {"详细地址中不得含有公民身份号码", "the street address must not contain a citizen ID number"},

		"courier.booking.invalid":     {"寄件信息有 %d 处问题", "the booking has %d problem(s)"},
		"courier.booking.reference":   {"寄件须有办件编号（不超过 %d 个字符）", "a booking needs its case reference (at most %d characters)"},
		"courier.booking.contents":    {"寄件物品应为 1 至 %d 个字", "the contents must have 1 to %d characters"},
		"courier.booking.contents_id": {"寄件物品说明中不得含有公民身份号码", "the contents must not contain a citizen ID number"},
		"courier.booking.duplicate":   {"该办件已下单寄递，不能重复下单", "this case is already booked with the courier"},

		"courier.weight.invalid":   {"重量应为正整数克，实为 %d", "the weight must be a positive number of grams, got %d"},
		"courier.weight.too_heavy": {"重量 %d 克超过参考价表的上限 %d 克", "%d g is heavier than the reference price table's limit of %d g"},
		"courier.quote.over_cap":   {"报价 %s 元高于省定参考价 %s 元", "the quote of %s yuan is above the province's reference price of %s yuan"},
		"courier.quote.negative":   {"报价不能为负数（%s 元）", "a quote cannot be negative (%s yuan)"},

		"courier.zone.city":     {"同城", "same city"},
		"courier.zone.province": {"省内", "same province"},
		"courier.zone.country":  {"跨省", "other province"},
		"courier.zone.unknown":  {"未知的寄递范围“%s”，应为 city、province 或 country", "unknown zone \"%s\": expected city, province or country"},

		"courier.prices.invalid":         {"参考价表有 %d 处问题", "the reference price table has %d problem(s)"},
		"courier.prices.empty":           {"参考价表至少要有一档重量", "the table needs at least one weight band"},
		"courier.prices.too_many":        {"参考价表最多 %d 档，实有 %d 档", "the table may have at most %d bands, it has %d"},
		"courier.prices.max_grams":       {"重量上限应为正数，实为 %d", "the band's weight limit must be positive, got %d"},
		"courier.prices.order":           {"重量上限应逐档递增：%d 克不大于上一档的 %d 克", "weight limits must ascend: %d g is not above the previous band's %d g"},
		"courier.prices.missing":         {"缺少%s价格", "no %s price"},
		"courier.prices.negative":        {"价格不能为负数（%s 元）", "a price cannot be negative (%s yuan)"},
		"courier.prices.farther_cheaper": {"%s价格 %s 元低于%s价格 %s 元", "the %s price of %s yuan is below the %s price of %s yuan"},

		"courier.payer.invalid":   {"付费方“%s”无效，应为 free、centre 或 applicant", "invalid payer \"%s\": expected free, centre or applicant"},
		"courier.payer.free":      {"免费寄递（平台协议）", "free (the platform's contract)"},
		"courier.payer.centre":    {"服务中心付费", "paid by the service centre"},
		"courier.payer.applicant": {"申请人付费", "paid by the applicant"},

		"courier.status.booked":           {"已下单", "booked"},
		"courier.status.picked_up":        {"已揽收", "picked up"},
		"courier.status.in_transit":       {"运输中", "in transit"},
		"courier.status.out_for_delivery": {"派送中", "out for delivery"},
		"courier.status.delivered":        {"已签收", "delivered"},
		"courier.status.failed":           {"投递失败", "delivery failed"},
		"courier.status.returned":         {"已退回", "returned"},
		"courier.status.unknown":          {"未知的寄递状态“%s”", "unknown shipment status \"%s\""},
		"courier.shipment.transition":     {"寄递状态不能从“%s”变为“%s”", "a shipment cannot go from %s to %s"},

		"courier.event.reason":    {"投递失败须说明原因", "a failed delivery needs a reason"},
		"courier.event.signature": {"快递平台签名验证失败", "the courier platform's signature does not verify"},
		"courier.event.malformed": {"轨迹消息格式有误", "malformed tracking event"},
		"courier.event.too_large": {"轨迹消息超过 %d 字节", "the tracking event is larger than %d bytes"},
		"courier.event.stale":     {"轨迹消息的发送时间 %s 与当前时间相差超过 %d 分钟", "the tracking event was sent at %s, more than %d minutes from now"},
		"courier.event.id":        {"轨迹消息须有编号（不超过 %d 个字符）", "a tracking event needs an id (at most %d characters)"},
		"courier.event.time":      {"轨迹消息缺少时间", "the tracking event lacks a time"},
		"courier.event.waybill":   {"轨迹消息的运单号 %s 与寄递记录的 %s 不符", "the event's waybill %s is not the shipment's %s"},
		"courier.waybill.invalid": {"运单号“%s”格式无效，应为 10 至 20 位大写字母或数字", "invalid waybill number \"%s\": expected 10 to 20 upper-case letters or digits"},

		"courier.barcode.empty":    {"条形码内容为空", "nothing to encode in the barcode"},
		"courier.barcode.too_long": {"条形码内容最多 %d 个字符", "a barcode holds at most %d characters"},
		"courier.barcode.char":     {"条形码第 %d 个字符不是可打印的 ASCII 字符", "barcode character %d is not printable ASCII"},

		"courier.platform.unavailable": {"快递平台暂时无法访问，请稍后重试", "the courier platform does not answer now; try again later"},
		"courier.platform.refused":     {"快递平台拒绝了请求：%s", "the courier platform refused the request: %s"},
	})
}
