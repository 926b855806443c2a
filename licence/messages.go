// Package licence holds the rules of electronic licences (电子证照): the
// GB/T 36904 identifier with its ISO/IEC 7064 MOD 37,36 check character, the
// canonical JSON form a seal signs, the licence document and its export file,
// and the verification that tells a citizen whether a licence is genuine and
// in force. Everything here is pure; the store persists licences and passes
// seal keys and revocations in.
package licence

import "onetrip"

func init() {
	onetrip.Register(onetrip.Messages{
		"licence.id.empty":             {"证照标识为空", "the licence identifier is empty"},
		"licence.id.prefix":            {"证照标识应以 %q 开头（GB/T 36904），实际开头为 %q", "a licence identifier starts with %q (GB/T 36904), this one starts with %q"},
		"licence.id.field_count":       {"证照标识在前缀之后应有 5 段（证照类型代码.颁发机构代码.流水号.版本号.校验位），实际有 %d 段", "after the prefix a licence identifier has 5 parts (type code.issuer code.serial.version.check), this one has %d"},
		"licence.id.invalid":           {"证照标识 %q 无效", "the licence identifier %q is invalid"},
		"licence.id.fields_invalid":    {"无法生成证照标识：字段有误", "cannot build the licence identifier: some fields are wrong"},
		"licence.id.field_empty":       {"此段为空", "this part is empty"},
		"licence.id.bad_char":          {"第 %d 位字符 %q 不允许：只能是数字 0-9 或大写字母 A-Z", "character %d, %q, is not allowed: only digits 0-9 and capital letters A-Z"},
		"licence.id.length":            {"应为 %d 位，实际为 %d 位", "must have %d characters, has %d"},
		"licence.id.serial_length":     {"流水号最多 %d 位，实际为 %d 位", "the serial has at most %d characters, this one has %d"},
		"licence.id.type_seq":          {"证照类型代码最后 3 位应为数字序号，实际为 %q", "the last 3 characters of the type code must be a number, got %q"},
		"licence.id.version":           {"版本号应为 3 位数字，实际为 %q", "the version must be 3 digits, got %q"},
		"licence.id.check_form":        {"校验位应为 1 个数字或大写字母，实际为 %q", "the check character must be one digit or capital letter, got %q"},
		"licence.id.check_mismatch":    {"校验位应为 %q，实际为 %q：标识抄写有误或已被改动", "the check character should be %q, got %q: the identifier was mistyped or altered"},
		"licence.id.check_input_empty": {"计算校验位的字符串为空", "nothing to compute a check character over"},
		"licence.id.check_input_char":  {"第 %d 位字符 %q 不能参与校验位计算：只能是数字 0-9 或大写字母 A-Z", "character %d, %q, cannot take part in the check: only digits 0-9 and capital letters A-Z"},

		"licence.canonical.duplicate_key": {"JSON 对象中键 %q 重复", "the key %q appears twice in a JSON object"},
		"licence.canonical.trailing":      {"JSON 值之后还有多余内容", "there is extra data after the JSON value"},

		"licence.doc.invalid":              {"证照内容有 %d 处问题，不能签章", "the licence has %d problem(s) and cannot be sealed"},
		"licence.doc.required":             {"必填", "required"},
		"licence.doc.identifier_form":      {"证照标识应写作 %s（大写、无空格）", "write the identifier as %s (capitals, no spaces)"},
		"licence.doc.issuer_code_mismatch": {"标识中的颁发机构代码 %q 与颁发机构代码 %q 不一致", "the issuer code in the identifier, %q, differs from the issuer's code %q"},
		"licence.doc.citizen_id_form":      {"公民身份号码应为 17 位数字加 1 位数字或 X，实际为 %q", "a citizen ID is 17 digits and a digit or X, got %q"},
		"licence.doc.uscc_form":            {"统一社会信用代码应为 18 位数字或大写字母（不含 I、O、Z、S、V），实际为 %q", "a unified social credit code is 18 digits or capitals (no I, O, Z, S, V), got %q"},
		"licence.doc.id_type":              {"证件类型应为 citizen_id 或 uscc，实际为 %q", "the ID type must be citizen_id or uscc, got %q"},
		"licence.doc.date":                 {"日期应为 YYYY-MM-DD 格式的有效日期，实际为 %q", "a date must be a real date written YYYY-MM-DD, got %q"},
		"licence.doc.until_before_issued":  {"有效期至 %s 早于发证日期 %s", "valid until %s is before the issue date %s"},
		"licence.doc.field_key_empty":      {"证照字段名不能为空", "a licence field name cannot be empty"},
		"licence.doc.utf8":                 {"内容不是有效的 UTF-8 文本", "the text is not valid UTF-8"},

		"licence.signed.bad_json": {"文件不是有效的证照文件（JSON）：%s", "the file is not a valid licence file (JSON): %s"},

		"licence.verdict.valid":       {"真实有效", "genuine and valid"},
		"licence.verdict.expired":     {"证照真实，但已超过有效期", "genuine, but expired"},
		"licence.verdict.revoked":     {"证照真实，但已被注销", "genuine, but revoked"},
		"licence.verdict.not_genuine": {"验证未通过：不是真实有效的电子证照", "verification failed: not a genuine electronic licence"},

		"licence.reason.valid_until":         {"签名验证通过，有效期至 %s", "the signature verifies; valid until %s"},
		"licence.reason.valid_long_term":     {"签名验证通过，长期有效", "the signature verifies; valid with no end date"},
		"licence.reason.expired":             {"签名验证通过，但有效期至 %s，已过期", "the signature verifies, but it was valid only until %s"},
		"licence.reason.revoked":             {"签名验证通过，但已于 %s 注销，原因：%s", "the signature verifies, but it was revoked on %s: %s"},
		"licence.reason.bad_signature":       {"签名验证失败：文件内容已被改动或印章不符", "signature does not verify: the document was changed or the seal does not match"},
		"licence.reason.bad_identifier":      {"证照标识 %q 无效", "the licence identifier %q is invalid"},
		"licence.reason.bad_distid":          {"签名区分标识应为 %q，文件中为 %q", "the signature's distinguishing ID should be %q, the file has %q"},
		"licence.reason.no_signature":        {"文件中没有签名", "the file has no signature"},
		"licence.reason.malformed_signature": {"签名不是有效的 SM2 签名格式（%d 字节）：可能被截断或损坏", "the signature is not a well-formed SM2 signature (%d bytes): it was truncated or damaged"},
		"licence.reason.malformed_pem":       {"文件中的印章公钥无法读取", "the seal public key in the file cannot be read"},
		"licence.reason.unknown_seal":        {"印章 %q 不是本平台登记的电子印章", "seal %q is not a seal registered on this platform"},
		"licence.reason.seal_mismatch":       {"文件中的公钥不是印章 %q 登记的公钥", "the public key in the file is not the one registered for seal %q"},
		"licence.reason.bad_document":        {"证照内容无法转换为规范格式", "the licence content cannot be put in canonical form"},
		"licence.reason.bad_valid_until":     {"有效期至 %q 不是有效日期，本平台不会签发这样的证照", "valid until %q is not a date; this platform never issues such a licence"},
	})
}
