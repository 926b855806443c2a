package licence

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"onetrip/catalog"
)

const (
	testUSCC    = "91330802MA2D4F5X7K"
	testCitizen = "33080219850101001X"
)

// certDoc is a document of the licence type lt with the given fields.
func certDoc(lt catalog.LicenceType, fields map[string]string) Document {
	h := Holder{Name: "衢州市建国食品有限公司", IDType: IDUSCC, IDNumber: testUSCC}
	if lt.Holder == catalog.SubjectPerson {
		h = Holder{Name: "王建国", IDType: IDCitizen, IDNumber: testCitizen}
	}
	until := ""
	if lt.ValidityYears > 0 {
		until = "2031-05-20"
	}
	return Document{Type: lt.Code, TypeName: lt.Name, Holder: h, IssuedOn: "2026-05-21", ValidUntil: until, Fields: fields,
		Issuer: Issuer{DepartmentID: "330802-market", Name: "衢州市柯城区市场监督管理局", Code: "11330802002483088X"}}
}

// TestCertificateOfEveryLicenceType: for every licence type of the shipped
// catalogue, the certificate prints the type's fields, each exactly once, in
// the catalogue's order (the body, then the closing issuer, signer and date
// beside the seal); the holder's name and ID, the validity, the issuer and
// the date of issue each once (never the USCC as the holder and again as a
// field), whether the licence gives its fields or the platform fills them.
func TestCertificateOfEveryLicenceType(t *testing.T) {
	c, err := catalog.Demo()
	if err != nil {
		t.Fatal(err)
	}
	if len(c.LicenceTypes) == 0 {
		t.Fatal("no licence types")
	}
	for _, lt := range c.LicenceTypes {
		given := map[string]string{}
		for i, f := range lt.Fields {
			if FieldRole(f, certDoc(lt, nil).Holder.IDType) == "" {
				given[f] = fmt.Sprintf("值%d", i)
			}
		}
		for _, fields := range []map[string]string{nil, given} {
			t.Run(fmt.Sprintf("%s/%d", lt.Code, len(fields)), func(t *testing.T) {
				d := certDoc(lt, fields)
				cert := d.Certificate(lt.Fields)
				all := append(slices.Clone(cert.Lines), cert.Sign...)
				var names []string
				roles := map[Role]int{}
				for _, ln := range all {
					if ln.Name != "" {
						names = append(names, ln.Name)
					} else if ln.Role == "" {
						t.Errorf("a line with neither name nor role: %+v", ln)
					}
					if ln.Role != "" {
						roles[ln.Role]++
					}
				}
				if !slices.Equal(names, lt.Fields) {
					t.Errorf("fields printed %v\nthe type's order  %v", names, lt.Fields)
				}
				for _, r := range []Role{RoleHolderName, RoleHolderID, RoleValidity, RoleIssuer, RoleIssuedOn} {
					if roles[r] != 1 {
						t.Errorf("%d lines of role %s: %+v", roles[r], r, all)
					}
				}
				if roles[RoleSigner] > 1 {
					t.Errorf("%d signers", roles[RoleSigner])
				}
				for _, v := range []string{d.Holder.IDNumber, d.Holder.Name, d.Issuer.Name} {
					n := 0
					for _, ln := range all {
						if strings.Contains(ln.Value, v) {
							n++
						}
					}
					if n != 1 {
						t.Errorf("%q printed %d times: %+v", v, n, all)
					}
				}
				for _, ln := range all {
					// No two fields of the type mean the same: none lost its role.
					if r := FieldRole(ln.Name, d.Holder.IDType); ln.Name != "" && r != "" && ln.Role != r {
						t.Errorf("%s is a second field of role %s", ln.Name, r)
					}
				}
				for _, ln := range cert.Sign {
					if !slices.Contains([]Role{RoleIssuer, RoleSigner, RoleIssuedOn}, ln.Role) {
						t.Errorf("beside the seal: %+v", ln)
					}
				}
				// The holder's lines the type has no field for stand together.
				at := slices.IndexFunc(cert.Lines, func(l Line) bool { return l.Role == RoleHolderName })
				id := slices.IndexFunc(cert.Lines, func(l Line) bool { return l.Role == RoleHolderID })
				if (cert.Lines[at].Name == "" || cert.Lines[id].Name == "") && id != at+1 {
					t.Errorf("holder at %d, their ID at %d: %+v", at, id, cert.Lines)
				}
				for _, ln := range all {
					if v, ok := fields[ln.Name]; ok && ln.Value != v {
						t.Errorf("%s printed %q, the licence says %q", ln.Name, ln.Value, v)
					}
				}
			})
		}
	}
}

// TestCertificateFood is the 食品经营许可证 as the 食品经营许可管理办法's form
// prints it: the official order, the holder's code once, the blanks the
// reviewer left, the issuer, signer and date under the seal.
func TestCertificateFood(t *testing.T) {
	c, err := catalog.Demo()
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(c.LicenceTypes, func(lt catalog.LicenceType) bool { return lt.Code == "L-FOOD" })
	if i < 0 {
		t.Fatal("no L-FOOD")
	}
	lt := c.LicenceTypes[i]
	official := []string{"经营者名称", "统一社会信用代码", "法定代表人（负责人）", "住所", "经营场所", "主体业态", "经营项目", "许可证编号", "有效期至",
		"日常监督管理机构", "日常监督管理人员", "投诉举报电话", "发证机关", "签发人", "签发日期"}
	if !slices.Equal(lt.Fields, official) {
		t.Fatalf("L-FOOD fields %v, the form's %v", lt.Fields, official)
	}
	// As a case issues it: the platform filled the holder, the issuer and
	// the dates, the reviewer gave the number and the supervising body.
	d := certDoc(lt, map[string]string{"经营者名称": "衢州市建国食品有限公司", "统一社会信用代码": testUSCC, "经营场所": "衢州市柯城区坊门街18号",
		"主体业态": "食品销售经营者", "经营项目": "预包装食品销售", "许可证编号": "JY13308020012345", "有效期至": "2031-05-20",
		"日常监督管理机构": "衢州市柯城区市场监督管理局府山所", "投诉举报电话": "12315", "发证机关": "衢州市柯城区市场监督管理局", "签发日期": "2026-05-21"})
	cert := d.Certificate(lt.Fields)
	want := []Line{
		{"经营者名称", RoleHolderName, "衢州市建国食品有限公司"}, {"统一社会信用代码", RoleHolderID, testUSCC}, {"法定代表人（负责人）", "", ""},
		{"住所", "", ""}, {"经营场所", "", "衢州市柯城区坊门街18号"}, {"主体业态", "", "食品销售经营者"}, {"经营项目", "", "预包装食品销售"},
		{"许可证编号", "", "JY13308020012345"}, {"有效期至", RoleValidity, "2031-05-20"}, {"日常监督管理机构", "", "衢州市柯城区市场监督管理局府山所"},
		{"日常监督管理人员", "", ""}, {"投诉举报电话", "", "12315"},
	}
	if !slices.Equal(cert.Lines, want) {
		t.Errorf("body\n got %+v\nwant %+v", cert.Lines, want)
	}
	sign := []Line{{"发证机关", RoleIssuer, "衢州市柯城区市场监督管理局"}, {"签发人", RoleSigner, ""}, {"签发日期", RoleIssuedOn, "2026-05-21"}}
	if !slices.Equal(cert.Sign, sign) {
		t.Errorf("beside the seal\n got %+v\nwant %+v", cert.Sign, sign)
	}
	// A licence issued before the type had its last fields (the demo's):
	// the same lines, the missing ones blank or filled from the document.
	old := certDoc(lt, map[string]string{"经营者名称": "衢州市建国食品有限公司", "统一社会信用代码": testUSCC})
	got := old.Certificate(lt.Fields)
	if got.Lines[8] != (Line{"有效期至", RoleValidity, "2031-05-20"}) || got.Sign[2] != (Line{"签发日期", RoleIssuedOn, "2026-05-21"}) || len(got.Lines) != len(want) {
		t.Errorf("old licence: %+v", got)
	}
}

func TestCertificateMerges(t *testing.T) {
	person := Holder{Name: "陈美华", IDType: IDCitizen, IDNumber: testCitizen}
	org := Holder{Name: "某运输公司", IDType: IDUSCC, IDNumber: testUSCC}
	is := Issuer{Name: "衢州市柯城区交通运输局"}
	for _, tc := range []struct {
		name   string
		d      Document
		fields []string
		lines  []Line
		sign   []Line
	}{
		{"a driving licence's 证号 is the holder's ID: no ID line of its own",
			Document{Holder: person, Issuer: is, IssuedOn: "2021-04-20", ValidUntil: "2027-04-19", Fields: map[string]string{"证号": testCitizen, "准驾车型": "C1"}},
			[]string{"证号", "姓名", "准驾车型", "有效期限"},
			[]Line{{"证号", RoleHolderID, testCitizen}, {"姓名", RoleHolderName, "陈美华"}, {"准驾车型", "", "C1"}, {"有效期限", RoleValidity, "2021-04-20 至 2027-04-19"}},
			[]Line{{"", RoleIssuer, "衢州市柯城区交通运输局"}, {"", RoleIssuedOn, "2021-04-20"}}},
		{"a type without the holder's ID: the ID after the name; without validity: at the end",
			Document{Holder: org, Issuer: is, IssuedOn: "2026-01-02", Fields: map[string]string{"经营范围": "普通货运"}},
			[]string{"许可证编号", "业户名称", "经营范围", "发证机关"},
			[]Line{{"许可证编号", "", ""}, {"业户名称", RoleHolderName, "某运输公司"}, {"", RoleHolderID, testUSCC}, {"经营范围", "", "普通货运"}, {"", RoleValidity, "2026-01-02 至 长期"}},
			[]Line{{"发证机关", RoleIssuer, "衢州市柯城区交通运输局"}, {"", RoleIssuedOn, "2026-01-02"}}},
		{"neither name nor ID: both first; fields the type no longer has after its own, by name; a repeated name once",
			Document{Holder: person, Issuer: is, IssuedOn: "2026-01-02", ValidUntil: "2026-12-31", Fields: map[string]string{"乙": "2", "甲": "1", "出生地点": "衢州"}},
			[]string{"出生地点", "签发机构", "出生地点", "有效期"},
			[]Line{{"", RoleHolderName, "陈美华"}, {"", RoleHolderID, testCitizen}, {"出生地点", "", "衢州"}, {"签发机构", RoleIssuer, "衢州市柯城区交通运输局"},
				{"有效期", RoleValidity, "2026-01-02 至 2026-12-31"}, {"乙", "", "2"}, {"甲", "", "1"}},
			[]Line{{"", RoleIssuedOn, "2026-01-02"}}},
		{"the field the licence gives wins; a second field of a role is the type's own",
			Document{Holder: org, Issuer: is, IssuedOn: "2026-01-02", Fields: map[string]string{"名称": "某运输公司（分公司）", "登记日期": "2025-12-30"}},
			[]string{"名称", "单位名称", "统一社会信用代码", "登记日期", "发证日期"},
			[]Line{{"名称", RoleHolderName, "某运输公司（分公司）"}, {"单位名称", "", ""}, {"统一社会信用代码", RoleHolderID, testUSCC}, {"", RoleValidity, "2026-01-02 至 长期"}},
			[]Line{{"", RoleIssuer, "衢州市柯城区交通运输局"}, {"登记日期", RoleIssuedOn, "2025-12-30"}, {"发证日期", "", ""}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.d.Certificate(tc.fields)
			if !slices.Equal(got.Lines, tc.lines) {
				t.Errorf("lines\n got %+v\nwant %+v", got.Lines, tc.lines)
			}
			if !slices.Equal(got.Sign, tc.sign) {
				t.Errorf("sign\n got %+v\nwant %+v", got.Sign, tc.sign)
			}
		})
	}
}
