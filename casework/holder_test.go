package casework

// Tests of LicenceHolder: to whom the licence an approved step issues goes.

import (
	"testing"
	"time"

	"onetrip"
	"onetrip/catalog"
	"onetrip/idcode"
	"onetrip/intake"
	"onetrip/licence"
)

func TestLicenceHolder(t *testing.T) {
	otherUSCC := idcode.MakeOrgUSCC("91", "330602", "MA2F0123")
	heirID := idcode.MakeCitizenID("330602", time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC), 456)
	org, person := orgApplicant(), personApplicant()
	type earlier struct {
		status  string
		outputs map[string]string
	}
	orgHolder := func(name, id string) *licence.Holder {
		return &licence.Holder{Name: name, IDType: licence.IDUSCC, IDNumber: id}
	}
	personHolder := func(name, id string) *licence.Holder {
		return &licence.Holder{Name: name, IDType: licence.IDCitizen, IDNumber: id}
	}
	tests := []struct {
		name      string
		kind      catalog.Subject
		applicant intake.Applicant
		earlier   []earlier // tasks before this one, in case order
		outputs   map[string]string
		want      *licence.Holder
		key       string // error key when want is nil
		detail    string // "path key" of the error's detail
	}{
		// An organisation's licence.
		{"org: code and name from this task's outputs", catalog.SubjectOrg, person, nil,
			map[string]string{"统一社会信用代码": newCoUSCC, "名称": "绍兴越城一品科技有限公司"}, orgHolder("绍兴越城一品科技有限公司", newCoUSCC), "", ""},
		{"org: another name output (企业名称)", catalog.SubjectOrg, person, nil,
			map[string]string{"统一社会信用代码": newCoUSCC, "企业名称": " 绍兴越城一品科技有限公司 "}, orgHolder("绍兴越城一品科技有限公司", newCoUSCC), "", ""},
		{"org: code trimmed and upper-cased", catalog.SubjectOrg, person, nil,
			map[string]string{"统一社会信用代码": "  " + lower(newCoUSCC) + " ", "单位名称": "一品科技"}, orgHolder("一品科技", newCoUSCC), "", ""},
		{"org: code and name from an earlier approved task (shared conclusions)", catalog.SubjectOrg, person,
			[]earlier{{TaskApproved, map[string]string{"统一社会信用代码": newCoUSCC, "名称": "绍兴越城一品科技有限公司"}}},
			map[string]string{}, orgHolder("绍兴越城一品科技有限公司", newCoUSCC), "", ""},
		{"org: the code here, the name from an earlier step", catalog.SubjectOrg, person,
			[]earlier{{TaskApproved, map[string]string{"名称": "绍兴越城一品科技有限公司"}}},
			map[string]string{"统一社会信用代码": newCoUSCC}, orgHolder("绍兴越城一品科技有限公司", newCoUSCC), "", ""},
		{"org: this task's outputs win over an earlier step's", catalog.SubjectOrg, person,
			[]earlier{{TaskApproved, map[string]string{"统一社会信用代码": otherUSCC, "名称": "别的公司"}}},
			map[string]string{"统一社会信用代码": newCoUSCC, "名称": "一品科技"}, orgHolder("一品科技", newCoUSCC), "", ""},
		{"org: the latest approved step first", catalog.SubjectOrg, person,
			[]earlier{{TaskApproved, map[string]string{"统一社会信用代码": otherUSCC, "名称": "先"}}, {TaskApproved, map[string]string{"统一社会信用代码": newCoUSCC, "名称": "后"}}},
			nil, orgHolder("后", newCoUSCC), "", ""},
		{"org: a step not approved does not count", catalog.SubjectOrg, org,
			[]earlier{{TaskReady, map[string]string{"统一社会信用代码": newCoUSCC, "名称": "一品科技"}}, {TaskDenied, map[string]string{"统一社会信用代码": otherUSCC, "名称": "别的"}}},
			nil, orgHolder(org.Name, orgUSCC), "", ""},
		{"org: the applicant's own code without a name takes the applicant's name", catalog.SubjectOrg, org, nil,
			map[string]string{"统一社会信用代码": orgUSCC}, orgHolder(org.Name, orgUSCC), "", ""},
		{"org: applying organisation as the fallback", catalog.SubjectOrg, org, nil, nil, orgHolder(org.Name, orgUSCC), "", ""},
		{"org: a founder applying as a person never holds it", catalog.SubjectOrg, person, nil, map[string]string{"姓名": person.Name},
			nil, "casework.holder.org", "outputs.统一社会信用代码 casework.holder.org"},
		{"org: a code without any name", catalog.SubjectOrg, person, nil, map[string]string{"统一社会信用代码": newCoUSCC},
			nil, "casework.holder.name", "outputs.名称 casework.holder.name"},
		{"org: an invalid code (length)", catalog.SubjectOrg, org, nil, map[string]string{"统一社会信用代码": "91330602MA2E", "名称": "x"},
			nil, "casework.holder.invalid", "outputs.统一社会信用代码 idcode.uscc.length"},
		{"org: an invalid code (region)", catalog.SubjectOrg, org, nil, map[string]string{"统一社会信用代码": "91990602MA2E00070T", "名称": "x"},
			nil, "casework.holder.invalid", "outputs.统一社会信用代码 idcode.uscc.region"},
		{"org: an invalid code from an earlier step", catalog.SubjectOrg, org, []earlier{{TaskApproved, map[string]string{"统一社会信用代码": "不是代码"}}}, nil,
			nil, "casework.holder.invalid", ""},
		// A person's licence.
		{"person: number and name from the outputs", catalog.SubjectPerson, org, nil,
			map[string]string{"公民身份号码": heirID, "姓名": "王小明"}, personHolder("王小明", heirID), "", ""},
		{"person: 持证人 names the holder", catalog.SubjectPerson, org, nil,
			map[string]string{"公民身份号码": heirID, "持证人": "王小明"}, personHolder("王小明", heirID), "", ""},
		{"person: lower-case x accepted", catalog.SubjectPerson, person, nil,
			map[string]string{"公民身份号码": lower(personID)}, personHolder(person.Name, personID), "", ""},
		{"person: from an earlier approved step", catalog.SubjectPerson, org, []earlier{{TaskApproved, map[string]string{"公民身份号码": heirID, "权利人": "王小明"}}},
			nil, personHolder("王小明", heirID), "", ""},
		{"person: the applicant's own number takes the applicant's name", catalog.SubjectPerson, person, nil,
			map[string]string{"公民身份号码": personID}, personHolder(person.Name, personID), "", ""},
		{"person: applying person as the fallback", catalog.SubjectPerson, person, nil, nil, personHolder(person.Name, personID), "", ""},
		{"person: another person's number without a name", catalog.SubjectPerson, person, nil, map[string]string{"公民身份号码": heirID},
			nil, "casework.holder.name", "outputs.姓名 casework.holder.name"},
		{"person: an invalid number", catalog.SubjectPerson, person, nil, map[string]string{"公民身份号码": "330102192004030641", "姓名": "x"},
			nil, "casework.holder.invalid", ""},
		{"person: an organisation applying, no person named", catalog.SubjectPerson, org, nil, map[string]string{"名称": org.Name},
			nil, "casework.holder.person", "outputs.公民身份号码 casework.holder.person"},
		// No holder kind (a licence type the guide does not know) is an
		// organisation's licence.
		{"empty kind, organisation applying", "", org, nil, nil, orgHolder(org.Name, orgUSCC), "", ""},
		{"empty kind, person applying", "", person, nil, nil, &licence.Holder{Name: person.Name, IDType: licence.IDCitizen, IDNumber: person.IDNumber}, "", ""},
		{"empty kind, outputs name a company", "", person, nil, map[string]string{"统一社会信用代码": newCoUSCC, "名称": "一品科技"}, orgHolder("一品科技", newCoUSCC), "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := Case{ID: "case-1", Applicant: tc.applicant}
			for i, e := range tc.earlier {
				c.Tasks = append(c.Tasks, Task{ID: "t-earlier-" + string(rune('a'+i)), Step: "step-" + string(rune('a'+i)), Status: e.status, Outputs: e.outputs})
			}
			me := Task{ID: "t-me", Step: stepBiz, Status: TaskApproved, Outputs: tc.outputs}
			c.Tasks = append(c.Tasks, me)
			before := clone(c)
			h, err := LicenceHolder(tc.kind, &c, &c.Tasks[len(c.Tasks)-1])
			unchanged(t, before, c)
			if tc.want != nil {
				if err != nil {
					t.Fatal(err)
				}
				if h != *tc.want {
					t.Errorf("holder %+v, want %+v", h, *tc.want)
				}
				return
			}
			var want []string
			if tc.detail != "" {
				want = append(want, tc.detail)
			}
			wantErr(t, err, onetrip.CodeInvalid, tc.key, want...)
			if len(onetrip.AsError(err).Details) != 1 {
				t.Errorf("details %v, want one", details(err))
			}
			if h != (licence.Holder{}) {
				t.Errorf("holder %+v with an error", h)
			}
		})
	}
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func TestLicenceHolderRefusesAFailedCheck(t *testing.T) {
	// A code the step assigns now is never an early one: a failed check is a
	// reviewer's typo, refused with what the check character should be.
	bad := newCoUSCC[:17] + "X"
	if _, w, err := idcode.CheckUSCC(bad); err != nil || len(w) == 0 {
		t.Fatalf("fixture: %v %v", w, err)
	}
	c := Case{Applicant: personApplicant(), Tasks: []Task{{ID: "t", Status: TaskApproved, Outputs: map[string]string{"统一社会信用代码": bad, "名称": "一品科技"}}}}
	_, err := LicenceHolder(catalog.SubjectOrg, &c, &c.Tasks[0])
	e := onetrip.AsError(err)
	if !onetrip.HasCode(err, onetrip.CodeInvalid) || len(e.Details) != 1 || e.Details[0].Key != "idcode.uscc.check" {
		t.Fatalf("err %v", err)
	}
}

func TestLicenceDueThroughDecision(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*Guide)
		want  licence.Holder
		due   bool
		fails string
	}{
		{"L-BIZ held by an organisation", func(*Guide) {}, licence.Holder{Name: "绍兴越城一品科技有限公司", IDType: licence.IDUSCC, IDNumber: newCoUSCC}, true, ""},
		{"licence type unknown to the guide: an organisation's", func(g *Guide) { delete(g.HolderKinds, licBiz) },
			licence.Holder{Name: "绍兴越城一品科技有限公司", IDType: licence.IDUSCC, IDNumber: newCoUSCC}, true, ""},
		{"licence held by a person: the founder applying", func(g *Guide) { g.HolderKinds[licBiz] = catalog.SubjectPerson },
			licence.Holder{Name: personApplicant().Name, IDType: licence.IDCitizen, IDNumber: personID}, true, ""},
		{"a step whose result is a document issues no licence", func(g *Guide) {
			g.Steps[0].Result = catalog.Result{Document: "准予登记通知书", Fields: []string{"统一社会信用代码", "名称", "注册资本"}}
		},
			licence.Holder{}, false, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			clk := newClock()
			c := bundlePerson(t, clk)
			g := bundleGuide()
			tc.edit(g)
			x := taskOf(t, c, stepBiz)
			r, err := DecideTaskOf(c, DecideTask{Decision: Decision{Decision: "approve", Opinion: "准予登记", Outputs: bizOutputs, Version: 1}, TaskID: x.ID}, clk, g)
			if err != nil {
				t.Fatal(err)
			}
			if !tc.due {
				if len(r.Licences) != 0 {
					t.Errorf("licences %+v", r.Licences)
				}
				return
			}
			if len(r.Licences) != 1 || r.Licences[0].Holder != tc.want || r.Licences[0].Type != licBiz || r.Licences[0].TaskID != x.ID {
				t.Errorf("licences %+v, want holder %+v", r.Licences, tc.want)
			}
		})
	}
}
