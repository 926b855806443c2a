package idcode

import "onetrip"

func init() {
	onetrip.Register(onetrip.Messages{
		// Citizen ID (公民身份号码).
		"idcode.citizen.length":        {"公民身份号码应为18位，实为%d位", "citizen ID must have 18 characters, got %d"},
		"idcode.citizen.old15":         {"这是15位旧公民身份号码，请填写18位公民身份号码", "this is an old 15-digit citizen ID; the 18-character citizen ID is required"},
		"idcode.citizen.char":          {"公民身份号码第%d位应为数字，实为“%s”", "citizen ID character %d must be a digit, got \"%s\""},
		"idcode.citizen.check_char":    {"公民身份号码第18位应为数字或X，实为“%s”", "citizen ID character 18 must be a digit or X, got \"%s\""},
		"idcode.citizen.province":      {"公民身份号码前两位“%s”不是省级行政区划代码", "citizen ID starts with \"%s\", which is not a province code"},
		"idcode.citizen.birth_invalid": {"公民身份号码第7至14位出生日期“%s”不是有效日期", "citizen ID birth date \"%s\" (characters 7-14) is not a calendar date"},
		"idcode.citizen.birth_early":   {"公民身份号码中的出生日期%s早于1900-01-01", "citizen ID birth date %s is before 1900-01-01"},
		"idcode.citizen.birth_future":  {"公民身份号码中的出生日期%s晚于今天（%s）", "citizen ID birth date %s is after today (%s)"},
		"idcode.citizen.check":         {"公民身份号码第18位校验码应为%s，实为%s", "citizen ID check character should be %s, got %s"},

		// Unified social credit code (统一社会信用代码).
		"idcode.uscc.length":      {"统一社会信用代码应为18位，实为%d位", "unified social credit code must have 18 characters, got %d"},
		"idcode.uscc.char":        {"统一社会信用代码第%d位“%s”不是允许的字符（数字或除I、O、Z、S、V外的大写字母）", "unified social credit code character %d \"%s\" is not allowed (digits and letters other than I, O, Z, S, V)"},
		"idcode.uscc.region_char": {"统一社会信用代码第%d位应为数字（第3至8位是行政区划代码），实为“%s”", "unified social credit code character %d must be a digit (characters 3-8 are a region code), got \"%s\""},
		"idcode.uscc.region":      {"统一社会信用代码第3至8位“%s”不是有效的行政区划代码（省级代码不存在）", "unified social credit code characters 3-8 \"%s\" are not a region code (no such province)"},
		"idcode.uscc.check":       {"统一社会信用代码第18位校验码应为%s，实为%s；部分早期代码如此，请核对营业执照", "unified social credit code check character should be %s, got %s; some early codes are like this, compare with the licence"},
		"idcode.uscc.org_check":   {"统一社会信用代码第9至17位组织机构代码“%s”的校验码应为%s，实为%s，请核对", "the organisation code \"%s\" (characters 9-17) of the unified social credit code should end in %s, got %s; please compare"},

		// Registration authorities (position 1) and organisation types
		// (positions 1-2), GB 32100-2015 and later assignments.
		"idcode.uscc.authority.1": {"机构编制", "institutional establishment"},
		"idcode.uscc.authority.2": {"外交", "foreign affairs"},
		"idcode.uscc.authority.3": {"司法行政", "justice administration"},
		"idcode.uscc.authority.4": {"文化", "culture"},
		"idcode.uscc.authority.5": {"民政", "civil affairs"},
		"idcode.uscc.authority.6": {"旅游", "tourism"},
		"idcode.uscc.authority.7": {"宗教", "religious affairs"},
		"idcode.uscc.authority.8": {"工会", "trade unions"},
		"idcode.uscc.authority.9": {"工商", "business registration"},
		"idcode.uscc.authority.A": {"中央军委改革和编制办公室", "CMC reform and establishment office"},
		"idcode.uscc.authority.N": {"农业", "agriculture"},
		"idcode.uscc.authority.Y": {"其他", "other"},

		"idcode.uscc.type.11": {"机关", "government organ"},
		"idcode.uscc.type.12": {"事业单位", "public institution"},
		"idcode.uscc.type.13": {"中央编办直接管理机构编制的群众团体", "mass organisation under the central establishment office"},
		"idcode.uscc.type.19": {"其他", "other"},
		"idcode.uscc.type.21": {"外国常驻新闻机构", "resident foreign news agency"},
		"idcode.uscc.type.29": {"其他", "other"},
		"idcode.uscc.type.31": {"律师执业机构", "law firm"},
		"idcode.uscc.type.32": {"公证处", "notary office"},
		"idcode.uscc.type.33": {"基层法律服务所", "grassroots legal service office"},
		"idcode.uscc.type.34": {"司法鉴定机构", "judicial expertise institution"},
		"idcode.uscc.type.35": {"仲裁委员会", "arbitration commission"},
		"idcode.uscc.type.39": {"其他", "other"},
		"idcode.uscc.type.41": {"外国在华文化中心", "foreign cultural centre in China"},
		"idcode.uscc.type.49": {"其他", "other"},
		"idcode.uscc.type.51": {"社会团体", "social organisation"},
		"idcode.uscc.type.52": {"民办非企业单位", "private non-enterprise unit"},
		"idcode.uscc.type.53": {"基金会", "foundation"},
		"idcode.uscc.type.59": {"其他", "other"},
		"idcode.uscc.type.61": {"外国旅游部门常驻代表机构", "resident office of a foreign tourism authority"},
		"idcode.uscc.type.62": {"港澳台地区旅游部门常驻内地（大陆）代表机构", "resident office of a Hong Kong, Macao or Taiwan tourism authority"},
		"idcode.uscc.type.69": {"其他", "other"},
		"idcode.uscc.type.71": {"宗教活动场所", "place of religious activity"},
		"idcode.uscc.type.72": {"宗教院校", "religious school"},
		"idcode.uscc.type.79": {"其他", "other"},
		"idcode.uscc.type.81": {"基层工会", "grassroots trade union"},
		"idcode.uscc.type.89": {"其他", "other"},
		"idcode.uscc.type.91": {"企业", "enterprise"},
		"idcode.uscc.type.92": {"个体工商户", "individual business"},
		"idcode.uscc.type.93": {"农民专业合作社", "farmers' cooperative"},
		"idcode.uscc.type.A1": {"军队事业单位", "military public institution"},
		"idcode.uscc.type.A9": {"其他", "other"},
		"idcode.uscc.type.N1": {"组级集体经济组织", "group-level collective economic organisation"},
		"idcode.uscc.type.N2": {"村级集体经济组织", "village-level collective economic organisation"},
		"idcode.uscc.type.N3": {"乡镇级集体经济组织", "township-level collective economic organisation"},
		"idcode.uscc.type.N9": {"其他", "other"},
		"idcode.uscc.type.Y1": {"其他", "other"},

		// Party identification.
		"idcode.party.kind": {"当事人类型“%s”无效，应为 person（个人）或 org（单位）", "party kind \"%s\" is invalid; use person or org"},

		// Region codes (行政区划代码).
		"idcode.region.length":                  {"行政区划代码应为6、9或12位数字，实为%d位", "region code must have 6, 9 or 12 digits, got %d"},
		"idcode.region.char":                    {"行政区划代码第%d位应为数字，实为“%s”", "region code character %d must be a digit, got \"%s\""},
		"idcode.region.province":                {"行政区划代码前两位“%s”不是省级代码", "region code starts with \"%s\", which is not a province code"},
		"idcode.region.county_without_city":     {"行政区划代码“%s”第3至4位为00，第5至6位也应为00", "region code \"%s\" has 00 in digits 3-4, so digits 5-6 must be 00 too"},
		"idcode.region.township_under_province": {"乡镇或村级代码的前6位“%s”是省级代码，应为市级或县级代码", "the first 6 digits \"%s\" of a township or village code are a province code; they must be a city or county code"},
		"idcode.region.zero_part":               {"行政区划代码“%s”第%d至%d位不能为000", "region code \"%s\" cannot have 000 in digits %d-%d"},
	})
}
