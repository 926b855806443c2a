package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"onetrip"
	"onetrip/licence"
	"onetrip/seal"
)

func init() {
	onetrip.Register(onetrip.Messages{
		"cli.verify.not_genuine": {"验证未通过：该文件不是真实有效的电子证照", "verification failed: the file is not a genuine electronic licence"},
		"cli.verify.offline":     {"离线验证：签名用文件中的印章公钥核验（指纹 %s）；请与签发部门公布的公钥指纹（GET /api/v1/seals/%s）比对。离线无法核验是否已注销，请在线查验：/verify/%s", "offline check: the signature was checked with the seal public key inside the file (fingerprint %s); compare it with the fingerprint the issuer publishes (GET /api/v1/seals/%s). Revocation cannot be checked offline; check online at /verify/%s"},
		"cli.verify.licence":     {"%s %s，持证人 %s，签发机关 %s，发证日期 %s", "%s %s, holder %s, issued by %s on %s"},
	})
}

// cmdVerify checks an exported licence file with no database: the
// identifier's check character, the distinguishing ID, the signature over
// the document's canonical form with the public key inside the file, and
// expiry as of today. It cannot know about revocation or whether the key is
// really the issuer's, and says so. Exit status 0 when genuine (valid or
// expired), 1 otherwise.
func cmdVerify(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("verify", e)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return onetrip.Invalid("cli.args", "onetrip verify FILE")
	}
	path := fs.Arg(0)
	b, err := os.ReadFile(path)
	if err != nil {
		return onetrip.Invalid("cli.read_file", path)
	}
	return verifyFile(e, b, cliLang(), time.Now())
}

// cliLang is the language of the command line from the POSIX locale
// (LC_ALL, LC_MESSAGES, LANG: "en_US.UTF-8" is English, "zh_CN.UTF-8" and
// anything else Chinese).
func cliLang() onetrip.Lang {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if s := os.Getenv(v); s != "" {
			s, _, _ = strings.Cut(s, ".")
			return onetrip.ParseLang(strings.ReplaceAll(s, "_", "-"))
		}
	}
	return onetrip.LangZH
}

// verifyFile is the check itself, for the command and its tests.
func verifyFile(e *env, b []byte, lang onetrip.Lang, now time.Time) error {
	sd, err := licence.ParseSigned(b)
	if err != nil {
		v := licence.Verdict{Status: licence.StatusNotGenuine}
		fmt.Fprintln(e.stdout, v.Title(lang))
		return err
	}
	trust := licence.Trust{At: now}
	pub, perr := seal.ParsePublicKeyPEM(sd.PublicKeyPEM)
	if perr == nil {
		trust.SealKey = pub // offline: the file's own key; the online check uses the registered one
	}
	v := licence.VerifySigned(sd, trust)
	fmt.Fprintln(e.stdout, v.Title(lang))
	fmt.Fprintln(e.stdout, v.Message(lang))
	if !v.Genuine {
		return onetrip.Invalid("cli.verify.not_genuine")
	}
	d := sd.Document
	h := d.Holder.Masked()
	fmt.Fprintln(e.stdout, onetrip.Render(lang, "cli.verify.licence", d.TypeName, d.Identifier, h.Name+" "+h.IDNumber, d.Issuer.Name, d.IssuedOn))
	fmt.Fprintln(e.stdout, onetrip.Render(lang, "cli.verify.offline", pub.Fingerprint(), d.Issuer.DepartmentID, d.Identifier))
	return nil
}
