package identity

import (
	"strings"

	"onetrip"
	"onetrip/idcode"
)

// Level is an account's assurance level (身份认证等级). A service can
// require one; applying online requires real-name.
type Level string

const (
	LevelMobile   Level = "mobile"    // 手机号注册：a number the holder answered an SMS code on
	LevelRealName Level = "real_name" // 实名认证：name and citizen ID matched the population register
)

// Rank orders the levels.
func (l Level) Rank() int {
	switch l {
	case LevelMobile:
		return 1
	case LevelRealName:
		return 2
	}
	return 0
}

// Meets reports whether an account at l may use a service requiring need.
func (l Level) Meets(need Level) bool { return l.Rank() >= need.Rank() }

// ToApplyOnline is the level every online application needs: the
// application names its applicant, and only a verified holder of the name
// may be that applicant.
const ToApplyOnline = LevelRealName

func init() {
	onetrip.Register(onetrip.Messages{
		"identity.name":             {"请填写与身份证一致的姓名", "give the name as it is on the ID card"},
		"identity.realname.nomatch": {"姓名与公民身份号码不一致，或户籍信息中无此人", "the name does not match the citizen ID, or the population register has no such person"},
		"identity.realname.done":    {"账号已实名认证", "the account is already verified"},
		"identity.realname.taken":   {"该身份已被另一个账号实名认证；如非本人操作，请到窗口办理", "this identity is verified on another account; if that was not you, come to a window"},
		"identity.level":            {"该服务需要%s，请先完成", "this service needs %s; do that first"},
	})
}

// Population is what the population register answers about a citizen ID:
// the holder's name, and whether the register has the person at all.
type Population struct {
	Found bool
	Name  string
}

// NormaliseName trims a name and unifies the middle dots of minority and
// foreign names (·, •, ・, ．) so "阿依古丽·买买提" matches however typed.
func NormaliseName(s string) string {
	s = strings.TrimSpace(s)
	return strings.NewReplacer("•", "·", "・", "·", "．", "·", "．", "·", " ", "", "\u3000", "").Replace(s)
}

// CheckRealName is real-name verification: the citizen ID passes GB 11643,
// the name is given, and the population register holds that ID under that
// name. A mismatch and an unknown ID say the same, so the check tells no
// one whose ID a number is.
func CheckRealName(name, id string, pop Population) (string, error) {
	var p onetrip.Problems
	cid, err := idcode.CheckCitizenID(id)
	if err != nil {
		e := onetrip.AsError(err)
		p.Add("id_number", e.Key, e.Args...)
	}
	name = NormaliseName(name)
	if name == "" {
		p.Add("name", "identity.name")
	}
	if err := p.Err("identity.realname.nomatch"); err != nil {
		return "", err
	}
	if !pop.Found || NormaliseName(pop.Name) != name {
		return "", onetrip.Invalid("identity.realname.nomatch")
	}
	return cid.Number, nil
}
