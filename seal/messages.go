// Package seal holds a department's electronic seal (电子印章): an SM2 key pair
// that signs with SM3 and the default distinguishing ID 1234567812345678, the
// SM4-GCM wrapping that keeps its private key encrypted at rest under a master
// key, and the red round seal image shown on printed and online licences.
//
// Signatures are DER-encoded (SEQUENCE of r and s), public keys are PKIX
// "PUBLIC KEY" PEM, so anyone can check a licence with stock OpenSSL 3:
//
//	openssl dgst -sm3 -verify pub.pem -signature sig.der -sigopt distid:1234567812345678 data
//
// The package has no storage of its own: the store persists the sealed private
// key blob and the public key PEM and calls these functions.
package seal

import "onetrip"

func init() {
	onetrip.Register(onetrip.Messages{
		"seal.keygen_failed":      {"生成 SM2 密钥失败", "could not generate an SM2 key"},
		"seal.sign_failed":        {"SM2 签名失败", "SM2 signing failed"},
		"seal.nil_key":            {"未提供印章密钥", "no seal key was given"},
		"seal.pem_empty":          {"公钥为空", "the public key is empty"},
		"seal.pem_no_block":       {"公钥不是 PEM 格式：找不到“-----BEGIN PUBLIC KEY-----”块", "the public key is not PEM: no \"-----BEGIN PUBLIC KEY-----\" block found"},
		"seal.pem_wrong_type":     {"PEM 块类型应为 %q，实际为 %q", "the PEM block type should be %q, got %q"},
		"seal.pem_trailing":       {"公钥 PEM 块之后还有多余内容", "there is extra data after the public key PEM block"},
		"seal.pem_bad_der":        {"公钥内容无法解析（不是 PKIX SubjectPublicKeyInfo）", "the public key cannot be parsed (not a PKIX SubjectPublicKeyInfo)"},
		"seal.pem_not_sm2":        {"公钥不是 SM2 曲线（sm2p256v1）公钥", "the public key is not on the SM2 curve (sm2p256v1)"},
		"seal.master_key_env":     {"环境变量 ONETRIP_MASTER_KEY 应为 16 字节主密钥的十六进制（32 位）或 Base64 编码，解码后实际为 %d 字节", "ONETRIP_MASTER_KEY must be 16 bytes in hex (32 digits) or base64; it decodes to %d bytes"},
		"seal.master_key_env_enc": {"环境变量 ONETRIP_MASTER_KEY 既不是十六进制也不是 Base64 编码", "ONETRIP_MASTER_KEY is neither hex nor base64"},
		"seal.master_key_file":    {"主密钥文件 %s 应为 32 位十六进制（16 字节），内容无效", "the master key file %s must hold 32 hex digits (16 bytes); its content is invalid"},
		"seal.master_key_perm":    {"主密钥文件 %s 的权限为 %s，组或其他用户可以访问；请执行 chmod 600 %s", "the master key file %s has mode %s and is open to group or others; run chmod 600 %s"},
		"seal.master_key_io":      {"无法读取或创建主密钥文件 %s", "could not read or create the master key file %s"},
		"seal.master_key_len":     {"主密钥应为 16 字节，实际为 %d 字节", "the master key must be 16 bytes, got %d"},
		"seal.unlock_failed":      {"印章 %s 的私钥无法解密：主密钥不对、密文属于其他印章或已损坏", "the private key of seal %s cannot be decrypted: wrong master key, a blob of another seal, or corrupted data"},
		"seal.blob_version":       {"印章私钥密文版本 %d 不受支持", "sealed private key format version %d is not supported"},
		"seal.blob_short":         {"印章私钥密文过短（%d 字节）", "the sealed private key is too short (%d bytes)"},
	})
}
