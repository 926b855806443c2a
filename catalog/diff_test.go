package catalog

import (
	"reflect"
	"testing"
)

func TestDiffItems(t *testing.T) {
	base := cleanItem() // materials M01 申请书, M02 营业执照, M03 人口信息
	for _, tc := range []struct {
		name string
		edit func(*Item)
		want []Change
	}{
		{"same", func(*Item) {}, nil},
		{"scalars", func(it *Item) {
			it.Name = "新名称"
			it.PromisedDays = 5
			it.Fee = Fee{Yuan: 1250, Basis: "依据"}
			it.Online = OnlineSubmit
			it.Result = Result{Document: "批复"}
		}, []Change{
			{"name", "测试事项", "新名称"},
			{"promised_days", "3", "5"},
			{"fee.yuan", "0", "12.5"},
			{"fee.basis", "", "依据"},
			{"online", "full", "submit"},
			{"result.licence", "L-FOOD", ""},
			{"result.document", "", "批复"},
		}},
		{"condition inserted", func(it *Item) {
			it.Conditions = []string{"新条件", "已取得营业执照"}
		}, []Change{{"conditions[0]", "", "新条件"}}},
		{"condition reworded and one removed", func(it *Item) {
			it.LegalBasis = []string{"《测试条例》第二条"}
			it.Conditions = []string{}
		}, []Change{
			{"legal_basis[0]", "《测试条例》第一条", "《测试条例》第二条"},
			{"conditions[0]", "已取得营业执照", ""},
		}},
		{"material edited", func(it *Item) {
			it.Materials[1].Required = false
			it.Materials[1].Note = "企业核验"
		}, []Change{
			{"materials[330-SCJG-099.M02].required", "true", "false"},
			{"materials[330-SCJG-099.M02].note", "", "企业核验"},
		}},
		{"material moved", func(it *Item) {
			m := it.Materials
			it.Materials = []MaterialSpec{m[2], m[0], m[1]}
		}, []Change{{"materials[330-SCJG-099.M03].position", "3", "1"}}},
		{"material added and removed", func(it *Item) {
			it.Materials = append(it.Materials[1:], MaterialSpec{ID: "330-SCJG-099.M04", Name: "承诺书", Required: true, Form: FormElectronic, Copies: 1, Source: "applicant"})
		}, []Change{
			{"materials[330-SCJG-099.M04]", "", "承诺书 | electronic | applicant | required"},
			{"materials[330-SCJG-099.M01]", "申请书 | electronic | applicant | required", ""},
		}},
		{"delivery and faq", func(it *Item) {
			it.Delivery = []Delivery{DeliveryElectronic, DeliveryCourier}
			it.FAQ = []FAQ{{Q: "问", A: "新答"}, {Q: "再问", A: "再答"}}
		}, []Change{
			{"delivery[1]", "", "courier"},
			{"faq[0].a", "答", "新答"},
			{"faq[1]", "", "Q：再问 A：再答"},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := CloneItem(base)
			tc.edit(&b)
			if got := DiffItems(base, b); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}
