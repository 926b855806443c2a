package catalog

import (
	"errors"
	"slices"
	"testing"

	"onetrip"
)

func TestOutputs(t *testing.T) {
	food := LicenceType{Code: "L-FOOD", Holder: SubjectOrg, Fields: []string{"许可证编号", "经营者名称", "统一社会信用代码"}}
	idcard := LicenceType{Code: "L-IDCARD", Holder: SubjectPerson, Fields: []string{"姓名", "公民身份号码", "住址"}}
	for _, tc := range []struct {
		name string
		it   Item
		lt   *LicenceType
		want []string
	}{
		{"a licence: its fields, then the holder's ID and name it lacks", Item{Result: Result{Licence: "L-FOOD"}}, &food,
			[]string{"许可证编号", "经营者名称", "统一社会信用代码", "名称"}},
		{"a person's licence whose fields name the holder adds nothing", Item{Result: Result{Licence: "L-IDCARD"}}, &idcard,
			[]string{"姓名", "公民身份号码", "住址"}},
		{"a document: its number", Item{Result: Result{Document: "准予注销登记通知书"}}, nil, []string{"文书编号"}},
		{"a document with its fields", Item{Result: Result{Document: "房屋买卖合同网签备案证明", Fields: []string{"合同编号", "成交价格"}}}, nil,
			[]string{"文书编号", "合同编号", "成交价格"}},
		{"a licence type the catalogue lacks: nothing", Item{Result: Result{Licence: "L-NONE"}}, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, o := range Outputs(tc.it, tc.lt) {
				got = append(got, o.Name)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestCheckOutputs(t *testing.T) {
	allowed := []Output{{Name: "许可证编号", From: OutputLicence}, {Name: "名称", From: OutputHolder}}
	for _, tc := range []struct {
		name  string
		given map[string]string
		paths []string
	}{
		{"none", nil, nil},
		{"known names", map[string]string{"许可证编号": "JY1", "名称": "某店"}, nil},
		{"every unknown name is named", map[string]string{"许可证号": "x", "名称": "y", "备注": "z"}, []string{"outputs.备注", "outputs.许可证号"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckOutputs("330-SCJG-005", allowed, tc.given)
			if tc.paths == nil {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			var e *onetrip.Error
			if !errors.As(err, &e) || e.Code != onetrip.CodeInvalid {
				t.Fatalf("want invalid, got %v", err)
			}
			var paths []string
			for _, d := range e.Details {
				paths = append(paths, d.Path)
			}
			if !slices.Equal(paths, tc.paths) {
				t.Errorf("paths %v, want %v", paths, tc.paths)
			}
		})
	}
}
