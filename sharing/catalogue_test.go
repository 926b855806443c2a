package sharing

import (
	"fmt"
	"testing"

	"onetrip/catalog"
)

var sample = []catalog.DataItem{
	{Code: "D-POP-BASIC", Name: "人口基本信息", ProviderKind: "public-security", Subject: catalog.SubjectPerson, Level: catalog.ShareConditional, Fields: []string{"姓名", "户籍地址"}},
	{Code: "D-HOUSEHOLD", Name: "户籍户成员信息", ProviderKind: "public-security", Subject: catalog.SubjectPerson, Level: catalog.ShareConditional, Fields: []string{"户号"}},
	{Code: "D-CRIMINAL", Name: "违法犯罪记录", ProviderKind: "public-security", Subject: catalog.SubjectPerson, Level: catalog.ShareRestricted, Fields: []string{"案由"}},
	{Code: "D-ENT-REG", Name: "企业登记基本信息", ProviderKind: "market", Subject: catalog.SubjectOrg, Level: catalog.ShareOpen, Fields: []string{"名称", "住所"}},
}

func TestSearchItems(t *testing.T) {
	for _, tc := range []struct {
		name string
		q    ItemQuery
		want []string
	}{
		{"everything", ItemQuery{}, []string{"D-POP-BASIC", "D-HOUSEHOLD", "D-CRIMINAL", "D-ENT-REG"}},
		{"a word in a name or a field", ItemQuery{Q: "户籍"}, []string{"D-POP-BASIC", "D-HOUSEHOLD"}},
		{"a code, any case", ItemQuery{Q: "ent-reg"}, []string{"D-ENT-REG"}},
		{"every word must match", ItemQuery{Q: "户籍 户号"}, []string{"D-HOUSEHOLD"}},
		{"a provider", ItemQuery{Provider: "market"}, []string{"D-ENT-REG"}},
		{"a level", ItemQuery{Level: "restricted"}, []string{"D-CRIMINAL"}},
		{"a subject and a word", ItemQuery{Subject: "person", Q: "住所"}, nil},
		{"nothing", ItemQuery{Q: "不存在"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := SearchItems(sample, tc.q)
			var codes []string
			for _, d := range got {
				codes = append(codes, d.Code)
			}
			if fmt.Sprint(codes) != fmt.Sprint(tc.want) {
				t.Fatalf("got %v, want %v", codes, tc.want)
			}
		})
	}
}

// BenchmarkSearchItems searches a catalogue at the real list's scale
// (3,000 items of 29 providers, as 《省级公共数据共享清单》 opened 2,600+).
func BenchmarkSearchItems(b *testing.B) {
	var items []catalog.DataItem
	for i := range 3000 {
		items = append(items, catalog.DataItem{Code: fmt.Sprintf("D-%04d", i), Name: fmt.Sprintf("第%d类业务数据信息", i),
			ProviderKind: fmt.Sprintf("dept-%02d", i%29), Subject: catalog.SubjectPerson, Level: catalog.ShareConditional,
			Fields: []string{"姓名", "公民身份号码", "登记日期", "状态", fmt.Sprintf("字段%d", i)}})
	}
	for b.Loop() {
		SearchItems(items, ItemQuery{Q: "业务 字段29", Provider: "dept-03"})
	}
}
