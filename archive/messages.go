package archive

import "onetrip"

func init() {
	onetrip.Register(onetrip.Messages{
		"archive.retention.invalid":   {"保管期限“%s”无效，应为 permanent、30y 或 10y", "invalid retention %q: expected permanent, 30y or 10y"},
		"archive.retention.permanent": {"永久", "permanent"},
		"archive.retention.30y":       {"30 年", "30 years"},
		"archive.retention.10y":       {"10 年", "10 years"},
		"archive.build.empty":         {"归档包没有文件", "an archive package needs files"},
		"archive.file.not_found":      {"归档包中没有文件 %s", "the package has no file %s"},
		"archive.transfer.empty":      {"移交批次至少要有一个归档包", "a transfer batch needs at least one package"},
		"archive.build.path":          {"文件路径“%s”无效", "invalid file path %q"},
		"archive.build.duplicate":     {"文件 %s 重复", "file %s appears twice"},

		"archive.check.authenticity": {"真实性", "authenticity"},
		"archive.check.integrity":    {"完整性", "integrity"},
		"archive.check.usability":    {"可用性", "usability"},
		"archive.check.security":     {"安全性", "security"},

		"archive.check.not_zip":           {"不是可读的 zip 归档包", "not a readable zip package"},
		"archive.check.too_many":          {"归档包有 %d 个文件，超过上限 %d", "the package has %d files, more than %d"},
		"archive.check.path":              {"路径不安全（绝对路径、.. 或控制字符）", "unsafe path (absolute, .. or control characters)"},
		"archive.check.encrypted":         {"文件被加密，离开本系统无法读取", "the file is encrypted and cannot be read without this system"},
		"archive.check.not_regular":       {"不是普通文件（符号链接或目录）", "not a regular file (a link or a directory)"},
		"archive.check.bomb":              {"文件过大或压缩比异常", "the file is too large or compressed suspiciously"},
		"archive.check.duplicate":         {"同名文件出现两次", "the name appears twice"},
		"archive.check.unreadable":        {"文件无法解压", "the file cannot be decompressed"},
		"archive.check.executable":        {"含可执行内容", "executable content"},
		"archive.check.missing":           {"缺少该文件", "the file is missing"},
		"archive.check.bad_key":           {"印章公钥无法读取", "the seal's public key cannot be read"},
		"archive.check.untrusted_key":     {"包内公钥（指纹 %s）不是该部门公布的印章公钥（指纹 %s）", "the key in the package (fingerprint %s) is not the department's published seal key (fingerprint %s)"},
		"archive.check.signature":         {"签名验证失败：清单被改动或不是该印章签署", "the signature does not verify: the manifest was changed or not signed by this seal"},
		"archive.check.manifest_line":     {"清单行无效：%s", "invalid manifest line: %s"},
		"archive.check.not_listed":        {"清单未列出该文件", "the manifest does not list the file"},
		"archive.check.digest":            {"SM3 摘要与清单不符：文件被改动", "the SM3 digest differs from the manifest: the file was changed"},
		"archive.check.unexpected_tag":    {"标签清单列出了不应有的文件", "the tag manifest lists an unexpected file"},
		"archive.check.bagit":             {"bagit.txt 不是 BagIt 1.0 声明", "bagit.txt is not a BagIt 1.0 declaration"},
		"archive.check.metadata_json":     {"元数据不是有效的 JSON", "the metadata is not valid JSON"},
		"archive.check.metadata_missing":  {"元数据缺少必填项 %s", "the metadata lacks the required element %s"},
		"archive.check.metadata_mismatch": {"元数据与清单不一致", "the metadata and the manifest disagree"},
		"archive.check.extra":             {"清单之外多出的文件", "a file the manifest does not list"},
		"archive.check.format":            {"文件无法按声明格式 %s 打开", "the file does not open as its declared type %s"},
		"archive.check.unknown_type":      {"不支持的文件格式 %s", "unsupported file type %s"},
	})
}

// CheckLabel is a check's name.
func CheckLabel(check string, lang onetrip.Lang) string {
	return onetrip.Render(lang, "archive.check."+check)
}
