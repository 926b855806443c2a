package intake

import (
	"reflect"
	"strings"
	"testing"
)

func TestCheckCollector(t *testing.T) {
	person := Applicant{Type: ApplicantPerson, Name: "张三", IDNumber: citizen}
	org := Applicant{Type: ApplicantOrg, Name: "衢州某公司", IDNumber: uscc}
	agent := &Agent{Name: "王代办", IDNumber: agentID, Authorisation: "WT-1"}
	tests := []struct {
		name   string
		a      Applicant
		others []Party
		ag     *Agent
		rep    string
		col    Collector
		want   []string
	}{
		{"the applicant in person", person, nil, nil, "", Collector{Relation: "applicant", Name: "张三", IDNumber: citizen}, nil},
		{"the applicant's ID with another name", person, nil, nil, "", Collector{Relation: "applicant", Name: "张四", IDNumber: citizen},
			[]string{"collector.id_number intake.collector.not_applicant"}},
		{"someone else as the applicant", person, nil, nil, "", Collector{Relation: "applicant", Name: "张三", IDNumber: agentID},
			[]string{"collector.id_number intake.collector.not_applicant"}},
		{"an organisation in person", org, nil, nil, citizen, Collector{Relation: "applicant", Name: "张三", IDNumber: citizen},
			[]string{"collector.relation intake.collector.org_in_person"}},
		{"the representative on record", org, nil, nil, citizen, Collector{Relation: "representative", Name: "张三", IDNumber: citizen}, nil},
		{"not the representative", org, nil, nil, citizen, Collector{Relation: "representative", Name: "王代办", IDNumber: agentID},
			[]string{"collector.id_number intake.collector.not_rep"}},
		{"representative unknown", org, nil, nil, "", Collector{Relation: "representative", Name: "张三", IDNumber: citizen},
			[]string{"collector.relation intake.collector.rep_unknown"}},
		{"a person has no representative", person, nil, nil, "", Collector{Relation: "representative", Name: "张三", IDNumber: citizen},
			[]string{"collector.relation intake.collector.rep_person"}},
		{"the agent on record", person, nil, agent, "", Collector{Relation: "agent", Name: "王代办", IDNumber: agentID}, nil},
		{"no agent on record", person, nil, nil, "", Collector{Relation: "agent", Name: "王代办", IDNumber: agentID},
			[]string{"collector.relation intake.collector.no_agent"}},
		{"another agent", person, nil, agent, "", Collector{Relation: "agent", Name: "王代办", IDNumber: citizenX},
			[]string{"collector.id_number intake.collector.not_agent"}},
		{"authorised with a number", org, nil, nil, "", Collector{Relation: "authorised", Name: "李受托", IDNumber: citizenX, Authorisation: "WT-2026-8"}, nil},
		{"authorised without a number", person, nil, nil, "", Collector{Relation: "authorised", Name: "李受托", IDNumber: citizenX},
			[]string{"collector.authorisation intake.collector.authorisation_required"}},
		{"authorised is the applicant", person, nil, nil, "", Collector{Relation: "authorised", Name: "张三", IDNumber: citizen, Authorisation: "WT"},
			[]string{"collector.relation intake.collector.self_authorised"}},
		{"authorisation too long", person, nil, nil, "", Collector{Relation: "authorised", Name: "李受托", IDNumber: citizenX, Authorisation: strings.Repeat("号", 300)},
			[]string{"collector.authorisation err.too_long"}},
		{"unknown relation", person, nil, nil, "", Collector{Relation: "friend", Name: "张三", IDNumber: citizen},
			[]string{"collector.relation intake.collector.relation"}},
		{"everything missing", person, nil, nil, "", Collector{},
			[]string{"collector.name intake.name.required", "collector.id_number intake.collector.id_required", "collector.relation intake.collector.relation"}},
		{"a bad ID is not compared", person, nil, nil, "", Collector{Relation: "applicant", Name: "张三", IDNumber: "123"},
			[]string{"collector.id_number idcode.citizen.length"}},
		{"the buyer collects in person", person, []Party{{Role: "buyer", Applicant: Applicant{Type: ApplicantPerson, Name: "李买方", IDNumber: citizenX}}}, nil, "",
			Collector{Relation: "applicant", Name: "李买方", IDNumber: citizenX}, nil},
		{"an organisation's buyer in person", org, []Party{{Role: "buyer", Applicant: Applicant{Type: ApplicantPerson, Name: "李买方", IDNumber: citizenX}}}, nil, "",
			Collector{Relation: "applicant", Name: "李买方", IDNumber: citizenX}, nil},
		{"a party as a trustee", person, []Party{{Role: "buyer", Applicant: Applicant{Type: ApplicantPerson, Name: "李买方", IDNumber: citizenX}}}, nil, "",
			Collector{Relation: "authorised", Name: "李买方", IDNumber: citizenX, Authorisation: "WT"}, []string{"collector.relation intake.collector.self_authorised"}},
		{"a USCC is not a collector", org, nil, nil, "", Collector{Relation: "authorised", Name: "某公司", IDNumber: uscc, Authorisation: "WT"},
			[]string{"collector.id_number idcode.citizen.char"}},
	}
	for _, tc := range tests {
		col := tc.col
		err := CheckCollector(tc.a, tc.others, tc.ag, tc.rep, &col)
		if got := problemKeys(err); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
	col := Collector{Relation: " applicant ", Name: " 张三 ", IDNumber: strings.ToLower(citizen), Authorisation: "WT"}
	if err := CheckCollector(person, nil, nil, "", &col); err != nil || col.Name != "张三" || col.IDNumber != citizen || col.Relation != "applicant" || col.Authorisation != "" {
		t.Errorf("not normalised: %+v %v", col, err)
	}
	for _, rel := range CollectorRelations {
		if RelationKey(rel) == "" {
			t.Error(rel)
		}
	}
}
