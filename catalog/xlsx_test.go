package catalog

import (
	"bytes"
	"reflect"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"

	"onetrip"
)

func TestXLSXRoundTrip(t *testing.T) {
	c := mustDemo(t)
	data, err := ExportXLSX(c)
	if err != nil {
		t.Fatal(err)
	}
	back, err := ImportXLSX(data)
	if err != nil {
		for _, d := range onetrip.AsError(err).Details {
			t.Errorf("%s %s %v", d.Path, d.Key, d.Args)
		}
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, c) {
		for i := range c.Items {
			if !reflect.DeepEqual(back.Items[i], c.Items[i]) {
				t.Fatalf("item %d differs:\n%+v\n%+v", i, back.Items[i], c.Items[i])
			}
		}
		t.Fatal("catalogue differs after XLSX round trip")
	}
	f, _ := excelize.OpenReader(bytes.NewReader(data))
	want := []string{"事项", "材料", "常见问题", "一件事", "一件事步骤", "证照类型", "共享数据", "部门类型", "目录信息"}
	if got := f.GetSheetList(); !slices.Equal(got, want) {
		t.Errorf("sheets %q", got)
	}
	if v, _ := f.GetCellValue("事项", "M2"); v != "全程网办" {
		t.Errorf("online label %q", v)
	}
	if v, _ := f.GetCellValue("材料", "B2"); v != "330-FZGG-001.M01" {
		t.Errorf("material id %q", v)
	}
}

func TestXLSXAmountsAndEdits(t *testing.T) {
	c := mustDemo(t)
	c.Items[0].Fee = Fee{Yuan: 1250, Basis: "测试"}
	c.Items[1].Fee = Fee{Yuan: 7, Basis: "测试"}
	c.Items[2].Materials[0].ID = "custom-id"
	c.Items[2].Materials[0].Note = "  =SUM(A1) 'x\n第二行 "
	data, err := ExportXLSX(c)
	if err != nil {
		t.Fatal(err)
	}
	back, err := ImportXLSX(data)
	if err != nil {
		t.Fatal(err)
	}
	if back.Items[0].Fee.Yuan != 1250 || back.Items[1].Fee.Yuan != 7 || back.Items[2].Materials[0].ID != "custom-id" ||
		back.Items[2].Materials[0].Note != c.Items[2].Materials[0].Note {
		t.Fatalf("got %v %v %q", back.Items[0].Fee, back.Items[1].Fee, back.Items[2].Materials[0].ID)
	}
}

func TestXLSXCellErrors(t *testing.T) {
	data, err := ExportXLSX(mustDemo(t))
	if err != nil {
		t.Fatal(err)
	}
	f, _ := excelize.OpenReader(bytes.NewReader(data))
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetCellValue("材料", "D12", "也许"))   // 是否必需
	must(f.SetCellValue("材料", "G5", "两份"))    // 份数
	must(f.SetCellValue("事项", "K3", "1.234")) // 收费金额
	must(f.SetCellValue("材料", "A7", "330-NOPE-001"))
	must(f.SetCellValue("一件事步骤", "A2", "B-NOPE"))
	must(f.SetCellValue("证照类型", "B1", "证照名称")) // header renamed
	must(f.DeleteSheet("目录信息"))
	var buf bytes.Buffer
	must(f.Write(&buf))
	_, err = ImportXLSX(buf.Bytes())
	got := details(err)
	want := []string{
		"材料!G5 catalog.xlsx.int", "材料!D12 catalog.xlsx.bool", "事项!K3 catalog.xlsx.amount",
		"证照类型!1:1 catalog.xlsx.column", "目录信息 catalog.xlsx.sheet",
		"材料!A7 catalog.xlsx.unknown_item", "一件事步骤!A2 catalog.xlsx.unknown_bundle",
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("got %q\nwant %q", got, want)
	}
	if _, err := ImportXLSX([]byte("not a zip")); !onetrip.HasCode(err, onetrip.CodeInvalid) {
		t.Fatalf("garbage: %v", err)
	}
}

func TestXLSXValidatesAndRefuses(t *testing.T) {
	c := mustDemo(t)
	c.Items[0].Materials[0].Name = "其他材料"
	data, err := ExportXLSX(c)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ImportXLSX(data); !slices.Contains(details(err), "items[0].materials[0].name catalog.lint.vague") {
		t.Fatalf("import must validate: %v", err)
	}
	c = mustDemo(t)
	c.Items[3].Conditions[0] = "a\nb"
	c.Items[3].Keywords = append(c.Items[3].Keywords, "")
	if _, err := ExportXLSX(c); !slices.Equal(details(err), []string{"items[3].conditions[0] catalog.xlsx.list_entry", "items[3].keywords[4] catalog.xlsx.list_entry"}) {
		t.Fatalf("got %v", details(err))
	}
}
