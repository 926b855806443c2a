package licence

import "testing"

func TestMask(t *testing.T) {
	for _, c := range []struct{ typ, in, want string }{
		{IDCitizen, "33010219200403064X", "330***********064X"},
		{IDCitizen, "11010519491231002X", "110***********002X"},
		{IDCitizen, "1234", "1***"},
		{IDCitizen, "", ""},
		{IDUSCC, "91310110666007217T", "91310110666007217T"},
		{"name", "张三", "张*"},
		{"name", "张三丰", "张**"},
		{"name", "欧阳娜娜", "欧***"},
		{"name", "张", "*"},
		{"passport", "E12345678", "E*******8"},
		{"passport", "E1", "E*"},
	} {
		if got := MaskHolder(c.typ, c.in); got != c.want {
			t.Errorf("MaskHolder(%s, %s) = %s, want %s", c.typ, c.in, got, c.want)
		}
	}
	h := Holder{Name: "张三丰", IDType: IDCitizen, IDNumber: "33010219200403064X"}.Masked()
	if h.Name != "张**" || h.IDNumber != "330***********064X" {
		t.Fatal(h)
	}
	org := Holder{Name: "杭州某某餐饮有限公司", IDType: IDUSCC, IDNumber: "91330106MA2H0Y3E1K"}
	if org.Masked() != org {
		t.Fatal("organisation masked")
	}
}
