package intake

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"onetrip"
	"onetrip/idcode"
)

var (
	citizen  = idcode.MakeCitizenID("330602", time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC), 123)
	citizenX = idcode.MakeCitizenID("330102", time.Date(1920, 4, 3, 0, 0, 0, 0, time.UTC), 64) // ends in X
	agentID  = idcode.MakeCitizenID("330621", time.Date(1985, 6, 15, 0, 0, 0, 0, time.UTC), 35)
	uscc     = idcode.MakeOrgUSCC("91", "330602", "MA2B3C4D")
)

func problemKeys(err error) []string {
	if err == nil {
		return nil
	}
	var out []string
	for _, d := range onetrip.AsError(err).Details {
		out = append(out, d.Path+" "+d.Key)
	}
	return out
}

func TestApplicantCheck(t *testing.T) {
	tests := []struct {
		name string
		in   Applicant
		want []string
		norm Applicant
	}{
		{"person", Applicant{"person", " 张三 ", citizen}, nil, Applicant{"person", "张三", citizen}},
		{"person, lower-case x normalised", Applicant{"person", "李四", " " + strings.ToLower(citizenX) + " "}, nil, Applicant{"person", "李四", citizenX}},
		{"organisation", Applicant{"org", "绍兴某某有限公司", strings.ToLower(uscc)}, nil, Applicant{"org", "绍兴某某有限公司", uscc}},
		{"everything missing", Applicant{}, []string{"applicant.name intake.name.required", "applicant.type intake.applicant.type"}, Applicant{}},
		{"no id number for a person", Applicant{"person", "张三", ""}, []string{"applicant.id_number intake.applicant.citizen_id_required"}, Applicant{}},
		{"no USCC for an organisation", Applicant{"org", "某公司", " "}, []string{"applicant.id_number intake.applicant.uscc_required"}, Applicant{}},
		{"bad check character", Applicant{"person", "张三", citizen[:17] + "0"}, []string{"applicant.id_number idcode.citizen.check"}, Applicant{}},
		{"a USCC given for a person", Applicant{"person", "张三", uscc}, []string{"applicant.id_number idcode.citizen.char"}, Applicant{}},
		{"name with a control character", Applicant{"person", "张\u0007三", citizen}, []string{"applicant.name intake.name.char"}, Applicant{}},
		{"name too long", Applicant{"org", strings.Repeat("某", MaxNameRunes+1), uscc}, []string{"applicant.name intake.name.too_long"}, Applicant{}},
	}
	for _, tc := range tests {
		a := tc.in
		_, err := a.Check()
		if got := problemKeys(err); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
		if err == nil && a != tc.norm {
			t.Errorf("%s: normalised to %+v, want %+v", tc.name, a, tc.norm)
		}
		if err != nil {
			for _, d := range onetrip.AsError(err).Details {
				for _, l := range onetrip.Langs {
					if s := onetrip.Render(l, d.Key, d.Args...); strings.Contains(s, "%!") || s == d.Key {
						t.Errorf("%s: bad message %q", tc.name, s)
					}
				}
			}
		}
	}
}

func TestApplicantUSCCWarning(t *testing.T) {
	// A USCC whose organisation-code check is off is a warning, not an error.
	bad := idcode.MakeUSCC("91330602MA2B3C4D" + "0")
	if _, w, err := idcode.CheckUSCC(bad); err != nil || len(w) == 0 {
		t.Skipf("test code is not a warning case: %v %v", w, err)
	}
	a := Applicant{"org", "某公司", bad}
	warns, err := a.Check()
	if err != nil || len(warns) == 0 {
		t.Fatalf("want warnings and no error, got %v %v", warns, err)
	}
}

func TestCheckParties(t *testing.T) {
	person := func() *Applicant { return &Applicant{"person", "张三", citizen} }
	agent := func() *Agent { return &Agent{Name: "王代办", IDNumber: agentID, Authorisation: "WT-2026-001"} }
	tests := []struct {
		name string
		ch   Channel
		a    *Applicant
		ag   *Agent
		want []string
	}{
		{"window", ChannelWindow, person(), nil, nil},
		{"online", ChannelOnline, person(), nil, nil},
		{"agent", ChannelAgent, person(), agent(), nil},
		{"agent channel without an agent", ChannelAgent, person(), nil, []string{"agent intake.agent.required"}},
		{"agent given on the window channel", ChannelWindow, person(), agent(), []string{"agent intake.agent.not_agent_channel"}},
		{"unknown channel", "fax", person(), nil, []string{"channel intake.channel.unknown"}},
		{"no applicant", ChannelWindow, nil, nil, []string{"applicant intake.applicant.required"}},
		{"agent incomplete", ChannelAgent, person(), &Agent{IDNumber: "123"}, []string{
			"agent.name intake.name.required", "agent.id_number idcode.citizen.length", "agent.authorisation intake.agent.authorisation_required"}},
		{"agent without id", ChannelAgent, person(), &Agent{Name: "王", Authorisation: "x"}, []string{"agent.id_number intake.agent.id_required"}},
		{"agent is the applicant", ChannelAgent, person(), &Agent{Name: "张三", IDNumber: citizen, Authorisation: "x"}, []string{"agent.id_number intake.agent.same_as_applicant"}},
		{"agent with a USCC", ChannelAgent, person(), &Agent{Name: "某公司", IDNumber: uscc, Authorisation: "x"}, []string{"agent.id_number idcode.citizen.char"}},
		{"problems of both at once", ChannelAgent, &Applicant{"org", "", uscc}, &Agent{Name: "王", IDNumber: agentID}, []string{
			"applicant.name intake.name.required", "agent.authorisation intake.agent.authorisation_required"}},
	}
	for _, tc := range tests {
		_, err := CheckParties(tc.ch, tc.a, tc.ag)
		if got := problemKeys(err); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
	ag := &Agent{Name: " 王代办 ", IDNumber: strings.ToLower(citizenX), Authorisation: " WT-1 "}
	if _, err := CheckParties(ChannelAgent, person(), ag); err != nil || ag.Name != "王代办" || ag.IDNumber != citizenX || ag.Authorisation != "WT-1" {
		t.Errorf("agent not normalised: %+v %v", ag, err)
	}
}
