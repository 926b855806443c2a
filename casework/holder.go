package casework

import (
	"strings"

	"onetrip"
	"onetrip/catalog"
	"onetrip/idcode"
	"onetrip/intake"
	"onetrip/licence"
)

// The output names that say who a licence is for: the organisation's code
// and name, or the person's ID number and name, as the steps' reviewers
// write them (结论).
var (
	orgNameOutputs    = []string{"名称", "企业名称", "经营者名称", "单位名称", "业户名称", "排水户名称", "学校名称", "建设单位"}
	personNameOutputs = []string{"姓名", "持证人", "权利人"}
)

func init() {
	onetrip.Register(onetrip.Messages{
		"casework.holder.org":     {"该环节签发的证照持有人是组织：请在输出中给出其统一社会信用代码和名称", "this step's licence is held by an organisation: give its 统一社会信用代码 and 名称 in the outputs"},
		"casework.holder.person":  {"该环节签发的证照持有人是个人：请在输出中给出其公民身份号码和姓名", "this step's licence is held by a person: give their 公民身份号码 and 姓名 in the outputs"},
		"casework.holder.name":    {"请在输出中给出证照持有人的名称（%s）", "give the licence holder's name (%s) in the outputs"},
		"casework.holder.invalid": {"证照持有人信息有误", "the licence holder is not valid"},
	})
}

// LicenceHolder is who the licence an approved step issues is for
// (持证主体). An organisation's licence goes to the organisation the case's
// steps name — its 统一社会信用代码 and name from this step's outputs, or an
// earlier approved step's (the business-licence step outputs the code it
// assigned: shared conclusions) — or else to the applying organisation; a
// founder applying as a person never holds the company's licence. A
// person's licence goes to the person the outputs name, or else to the
// applying person. When neither fits, the approval is refused with what
// the outputs must give.
func LicenceHolder(kind catalog.Subject, c *Case, t *Task) (licence.Holder, error) {
	if kind == "" {
		// A type the catalogue does not describe: whom the outputs name
		// (an organisation's code first), else the applicant as they are.
		if h, err := LicenceHolder(catalog.SubjectOrg, c, t); err == nil {
			return h, nil
		}
		return LicenceHolder(catalog.SubjectPerson, c, t)
	}
	sources := []map[string]string{t.Outputs}
	for i := len(c.Tasks) - 1; i >= 0; i-- {
		x := c.Tasks[i]
		if x.ID != t.ID && x.Status == TaskApproved {
			sources = append(sources, x.Outputs)
		}
	}
	pick := func(names ...string) (string, int) {
		for si, out := range sources {
			for _, n := range names {
				if v := strings.TrimSpace(out[n]); v != "" {
					return v, si
				}
			}
		}
		return "", -1
	}
	if kind == catalog.SubjectPerson {
		if id, at := pick("公民身份号码"); id != "" {
			cid, err := idcode.CheckCitizenID(id)
			if err != nil {
				e := onetrip.AsError(err)
				return licence.Holder{}, onetrip.Invalid("casework.holder.invalid").WithDetail("outputs.公民身份号码", e.Key, e.Args...)
			}
			name := nameFrom(sources[at], personNameOutputs)
			if name == "" && cid.Number == c.Applicant.IDNumber {
				name = c.Applicant.Name
			}
			if name == "" {
				return licence.Holder{}, onetrip.Invalid("casework.holder.name", "姓名").WithDetail("outputs.姓名", "casework.holder.name", "姓名")
			}
			return licence.Holder{Name: name, IDType: licence.IDCitizen, IDNumber: cid.Number}, nil
		}
		if c.Applicant.Type == intake.ApplicantPerson {
			return licence.Holder{Name: c.Applicant.Name, IDType: licence.IDCitizen, IDNumber: c.Applicant.IDNumber}, nil
		}
		return licence.Holder{}, onetrip.Invalid("casework.holder.person").WithDetail("outputs.公民身份号码", "casework.holder.person")
	}
	if code, at := pick("统一社会信用代码"); code != "" {
		u, warns, err := idcode.CheckUSCC(code)
		if err != nil {
			e := onetrip.AsError(err)
			return licence.Holder{}, onetrip.Invalid("casework.holder.invalid").WithDetail("outputs.统一社会信用代码", e.Key, e.Args...)
		}
		if len(warns) > 0 { // a code the step assigns now is never an early one: a failed check is a typo
			return licence.Holder{}, onetrip.Invalid("casework.holder.invalid").WithDetail("outputs.统一社会信用代码", warns[0].Key, warns[0].Args...)
		}
		name := nameFrom(sources[at], orgNameOutputs)
		if name == "" {
			name, _ = pick(orgNameOutputs...)
		}
		if name == "" && u.Number == c.Applicant.IDNumber {
			name = c.Applicant.Name
		}
		if name == "" {
			return licence.Holder{}, onetrip.Invalid("casework.holder.name", "名称").WithDetail("outputs.名称", "casework.holder.name", "名称")
		}
		return licence.Holder{Name: name, IDType: licence.IDUSCC, IDNumber: u.Number}, nil
	}
	if c.Applicant.Type == intake.ApplicantOrg {
		return licence.Holder{Name: c.Applicant.Name, IDType: licence.IDUSCC, IDNumber: c.Applicant.IDNumber}, nil
	}
	return licence.Holder{}, onetrip.Invalid("casework.holder.org").WithDetail("outputs.统一社会信用代码", "casework.holder.org")
}

func nameFrom(out map[string]string, names []string) string {
	for _, n := range names {
		if v := strings.TrimSpace(out[n]); v != "" {
			return v
		}
	}
	return ""
}
