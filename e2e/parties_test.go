package e2e

import (
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"onetrip"
	"onetrip/app/apptest"
	"onetrip/demo"
	"onetrip/idcode"
	"onetrip/intake"
)

// TestHouseSaleNamesBothParties: 二手房买卖 is applied for by the seller
// with the buyer named as the other party; each identity is checked, a
// missing or doubled party is refused with nothing written, the ID cards
// of both are fetched from the library (each party's own), the seller's
// marriage certificate from the seller's, and lists mask both.
func TestHouseSaleNamesBothParties(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		cl := bundleChecklist(t, e, "B-HOUSE-RESALE")
		seller, buyer := demo.QZResident, demo.QZApplicant
		body := func(parties any) map[string]any {
			b := map[string]any{"bundle": "B-HOUSE-RESALE", "region": "330802", "channel": "window",
				"applicant": map[string]any{"type": "person", "name": seller.Name, "id_number": seller.IDNumber}, "materials": marksExcept(cl),
				"form": map[string]any{"房屋坐落": "柯城区白云街道白云中大道32号"}}
			if parties != nil {
				b["parties"] = parties
			}
			return b
		}
		party := func(role, name, id string) map[string]any {
			return map[string]any{"role": role, "type": "person", "name": name, "id_number": id}
		}
		for _, bad := range []struct {
			name    string
			parties any
			path    string
			key     string
		}{
			{"no buyer", nil, "parties", "intake.party.missing"},
			{"the seller as buyer", []any{party("buyer", seller.Name, seller.IDNumber)}, "parties[0].id_number", "intake.party.same_id"},
			{"a role the sale lacks", []any{party("buyer", buyer.Name, buyer.IDNumber), party("obligee", "某人", idcode.MakeCitizenID("330802", mustDate("1990-01-01"), 7))}, "parties[1].role", "intake.party.role"},
			{"the buyer's ID wrong", []any{party("buyer", buyer.Name, "330802")}, "parties[0].id_number", "idcode.citizen.length"},
			{"the buyer unnamed", []any{party("buyer", "", buyer.IDNumber)}, "parties[0].name", "intake.name.required"},
		} {
			r := e.Do("POST", "/api/v1/cases", "qz.clerk", body(bad.parties))
			var eb struct {
				Error struct {
					Code    string
					Details []onetrip.Detail
				}
			}
			r.JSON(t, &eb)
			if r.Status != 400 || !slices.ContainsFunc(eb.Error.Details, func(d onetrip.Detail) bool { return d.Path == bad.path && d.Key == bad.key }) {
				t.Errorf("%s: %d %s, want %s at %s", bad.name, r.Status, r.Body, bad.key, bad.path)
			}
		}
		var none []caseJSON
		if e.Do("GET", "/api/v1/cases?region=330802", "qz.clerk", nil).JSON(t, &none); len(none) != 0 {
			t.Fatalf("refused submissions wrote %d cases", len(none))
		}

		r := e.Do("POST", "/api/v1/cases", "qz.clerk", body([]any{party("buyer", " "+buyer.Name+" ", strings.ToLower(buyer.IDNumber))}))
		var c caseJSON
		r.JSON(t, &c)
		if r.Status != 201 || len(c.Parties) != 1 || c.Parties[0].Role != "buyer" || c.Parties[0].Name != buyer.Name {
			t.Fatalf("submit: %d %s", r.Status, r.Body)
		}
		state := map[string]string{}
		refs := map[string]string{}
		for _, m := range c.Materials {
			state[m.Name], refs[m.Name] = string(m.State), m.Ref
		}
		if state["买卖双方居民身份证"] != string(intake.StateFetched) || len(strings.Split(refs["买卖双方居民身份证"], intake.RefSep)) != 2 {
			t.Errorf("both ID cards fetched, each party's own: %s %q", state["买卖双方居民身份证"], refs["买卖双方居民身份证"])
		}
		if state["出卖人结婚证"] != string(intake.StateFetched) {
			t.Errorf("the seller's marriage certificate: %s", state["出卖人结婚证"])
		}
		// In a list both parties' numbers are masked.
		var list []caseJSON
		e.Do("GET", "/api/v1/cases?region=330802", "qz.clerk", nil).JSON(t, &list)
		if len(list) != 1 || len(list[0].Parties) != 1 || list[0].Parties[0].IDNumber == buyer.IDNumber || !strings.Contains(list[0].Parties[0].IDNumber, "*") {
			t.Fatalf("list: %+v", list)
		}
		// The buyer has an account (qz.applicant is 王建国): the case is in
		// their list and opens, with their own number in full and the
		// seller's masked; only the seller, who applied, may withdraw it.
		var mine []caseJSON
		e.Do("GET", "/api/v1/cases", "qz.applicant", nil).JSON(t, &mine)
		if !slices.ContainsFunc(mine, func(x caseJSON) bool { return x.ID == c.ID }) {
			t.Fatal("the buyer's list lacks the case")
		}
		var theirs caseJSON
		if r := e.Do("GET", "/api/v1/cases/"+c.ID, "qz.applicant", nil); r.Status != 200 {
			t.Fatalf("the buyer opens the case: %d", r.Status)
		} else {
			r.JSON(t, &theirs)
		}
		if theirs.Parties[0].IDNumber != buyer.IDNumber || theirs.Applicant.IDNumber == seller.IDNumber || !strings.Contains(theirs.Applicant.IDNumber, "*") {
			t.Errorf("the buyer sees %s and %s", theirs.Applicant.IDNumber, theirs.Parties[0].IDNumber)
		}
		if r := e.Do("POST", "/api/v1/cases/"+c.ID+"/withdraw", "qz.applicant", map[string]any{"reason": "不买了", "version": theirs.Version}); r.Status != 403 {
			t.Errorf("the buyer withdraws the seller's application: %d %s", r.Status, r.Body)
		}
		if r := e.Do("GET", "/api/v1/cases/"+c.ID, "hz.applicant", nil); r.Status != 404 {
			t.Errorf("a stranger opens the case: %d", r.Status)
		}
		// The case page and the printed acceptance notice name the buyer, masked on paper.
		clerk := newClient(t, e, "qz.clerk")
		if _, page := clerk.get("/cases/" + c.ID); !strings.Contains(page, `data-role="buyer"`) || !strings.Contains(page, buyer.Name) {
			t.Error("the case page does not show the buyer")
		}
		if _, page := clerk.get("/cases/" + c.ID + "/receipt/print"); !strings.Contains(page, buyer.Name) || strings.Contains(page, buyer.IDNumber) ||
			!strings.Contains(page, idcode.MaskCitizenID(buyer.IDNumber)) {
			t.Error("the acceptance notice must name the buyer with the ID masked")
		}
		// The licence lookup at the window marks the joint row 免提交 when both
		// hold it, and the seller's own row from the seller's licences.
		st, _, page := clerk.do("POST", "/window/new", url.Values{"csrf": {clerk.CSRF}, "bundle": {"B-HOUSE-RESALE"}, "action": {"lookup"},
			"applicant_type": {"person"}, "applicant_name": {seller.Name}, "applicant_id": {seller.IDNumber},
			"party.buyer.name": {buyer.Name}, "party.buyer.id": {buyer.IDNumber}})
		for _, name := range []string{"买卖双方居民身份证", "出卖人结婚证"} {
			row := regexp.MustCompile(`(?s)<tr data-key="[^"]*" data-name="` + name + `".*?</tr>`).FindString(string(page))
			if st != 200 || !strings.Contains(row, "held-cell") {
				t.Errorf("lookup: %s is not 免提交 (%d)", name, st)
			}
		}
		// The buyer's own shared records (家庭成员名下住房信息) are looked up
		// for the buyer: held, or why not, is said.
		buyersRow := regexp.MustCompile(`(?s)<tr data-key="[^"]*" data-name="家庭成员名下住房信息".*?</tr>`)
		if row := buyersRow.FindString(string(page)); !strings.Contains(row, "held-cell") && !strings.Contains(row, "shared-miss") {
			t.Errorf("the buyer's shared row was not looked up: %s", row)
		}
		// Without the buyer the joint row stays to be handed in.
		_, _, page = clerk.do("POST", "/window/new", url.Values{"csrf": {clerk.CSRF}, "bundle": {"B-HOUSE-RESALE"}, "action": {"lookup"},
			"applicant_type": {"person"}, "applicant_name": {seller.Name}, "applicant_id": {seller.IDNumber}})
		if row := regexp.MustCompile(`(?s)<tr data-key="[^"]*" data-name="买卖双方居民身份证".*?</tr>`).FindString(string(page)); row == "" || strings.Contains(row, "held-cell") {
			t.Error("lookup without the buyer: the joint ID cards must not be 免提交")
		}
		if row := buyersRow.FindString(string(page)); strings.Contains(row, "held-cell") || strings.Contains(row, "shared-miss") {
			t.Error("lookup without the buyer: the buyer's shared row was looked up for someone")
		}
		// The window form asks for the buyer and says whose each fetched material is.
		_, form := clerk.get("/window/new?bundle=B-HOUSE-RESALE")
		for _, want := range []string{`name="party.buyer.name"`, `name="party.buyer.id"`, "申请人（卖方）", "持有人：卖方、买方"} {
			if !strings.Contains(form, want) {
				t.Errorf("the intake form lacks %q", want)
			}
		}
	})
}
