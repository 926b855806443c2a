package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"onetrip"
	"onetrip/app"
	"onetrip/app/apptest"
	"onetrip/casework"
	"onetrip/demo"
	"onetrip/licence"
	"onetrip/seal"
	"onetrip/sqlstore"
	"onetrip/sqlstore/sqltest"
)

// verdictJSON is the public verdict of the verification API.
type verdictJSON struct {
	Genuine    bool            `json:"genuine"`
	Status     string          `json:"status"`
	Reason     string          `json:"reason"`
	Title      string          `json:"title"`
	Message    string          `json:"message"`
	Identifier string          `json:"identifier"`
	Holder     *licence.Holder `json:"holder"`
	Issuer     *licence.Issuer `json:"issuer"`
	ValidUntil string          `json:"valid_until"`
}

// foodLicenceCase drives a real case to an issued licence through the API:
// the window accepts 食品经营许可证核发（新办） for the demo company (its
// business licence comes from the library), the county market regulator's
// reviewer approves the task, and the case lists the food licence.
func foodLicenceCase(t *testing.T, e *apptest.Env) (caseJSON, licence.Licence) {
	t.Helper()
	var item struct {
		Materials []struct{ ID, Name, Source string }
	}
	e.Do("GET", "/api/v1/items/330-SCJG-005", "", nil).JSON(t, &item)
	var marks []mark
	for _, m := range item.Materials {
		if m.Source != "licence:L-BIZ" { // the business licence is not marked: the library has it
			marks = append(marks, mark{Spec: m.ID, Status: "received"})
		}
	}
	r := e.Do("POST", "/api/v1/cases", "qz.clerk", map[string]any{"item": "330-SCJG-005", "region": "330802", "channel": "window",
		"applicant": map[string]any{"type": "org", "name": demo.QZCompany.Name, "id_number": demo.QZCompany.IDNumber}, "materials": marks,
		"form": map[string]any{"经营场所": "浙江省衢州市柯城区府山街道坊门街18号", "主体业态": "食品销售经营者", "经营项目": "预包装食品销售（含冷藏冷冻食品）"}})
	var c caseJSON
	r.JSON(t, &c)
	if r.Status != 201 || c.Status != "accepted" || len(c.Tasks) != 1 {
		t.Fatalf("intake: %d %s", r.Status, r.Body)
	}
	task := c.Tasks[0]
	if task.Department != "330802-market" {
		t.Fatalf("task department %s", task.Department)
	}
	r = e.Do("POST", "/api/v1/tasks/"+task.ID+"/decision", "qz.reviewer", map[string]any{"decision": "approve", "opinion": "经现场核查，符合食品经营许可条件",
		"outputs": map[string]string{"许可证编号": "JY13308020012345"}, "version": task.Version})
	if r.Status != 200 {
		t.Fatalf("decision: %d %s", r.Status, r.Body)
	}
	e.Do("GET", "/api/v1/cases/"+c.ID, "qz.clerk", nil).JSON(t, &c)
	if len(c.Licences) != 1 || c.Licences[0].ID == "" {
		t.Fatalf("the case must list its licence: %+v", c.Licences)
	}
	if _, err := licence.ParseIdentifier(c.Licences[0].Identifier); err != nil {
		t.Fatalf("identifier %s: %v", c.Licences[0].Identifier, err)
	}
	var l licence.Licence
	if r := e.Do("GET", "/api/v1/licences/"+c.Licences[0].ID, "qz.reviewer", nil); r.Status != 200 {
		t.Fatalf("licence: %d %s", r.Status, r.Body)
	} else {
		r.JSON(t, &l)
	}
	return c, l
}

// TestLicenceIssuedThroughCaseVerifiesWithOpenSSL is the contract: a licence
// issued through a real case verifies with the machine's OpenSSL exactly as
// the issue writes the command.
func TestLicenceIssuedThroughCaseVerifiesWithOpenSSL(t *testing.T) {
	for _, engine := range sqltest.Engines() {
		t.Run(engine, func(t *testing.T) {
			e := apptest.New(t, engine)
			c, l := foodLicenceCase(t, e)
			if l.Type != "L-FOOD" || l.Holder.IDNumber != demo.QZCompany.IDNumber || l.Holder.IDType != licence.IDUSCC ||
				l.Issuer.DepartmentID != "330802-market" || l.CaseNumber != c.Number || l.Status != licence.StatusValid {
				t.Fatalf("licence: %+v", l)
			}
			for k, want := range map[string]string{"经营者名称": demo.QZCompany.Name, "经营项目": "预包装食品销售（含冷藏冷冻食品）",
				"许可证编号": "JY13308020012345", "统一社会信用代码": demo.QZCompany.IDNumber, "有效期至": l.ValidUntil, "发证机关": l.Issuer.Name} {
				if l.Fields[k] != want {
					t.Errorf("field %s = %q, want %q", k, l.Fields[k], want)
				}
			}
			if l.ValidUntil == "" || !strings.HasPrefix(l.ValidUntil, fmt.Sprint(atoiPrefix(l.IssuedOn)+5)) {
				t.Errorf("L-FOOD is valid 5 years: issued %s, until %s", l.IssuedOn, l.ValidUntil)
			}
			id, _ := licence.ParseIdentifier(l.Identifier)
			if id.IssuerCode != l.Issuer.Code || id.TypeCode != sqlstore.LicenceTypeCode("market", 4) || id.Version != "001" {
				t.Errorf("identifier fields: %+v (issuer %s)", id, l.Issuer.Code)
			}
			// The case's log records the issue right after the decision.
			var ev struct {
				Events      []casework.Event
				ChainIntact bool `json:"chain_intact"`
			}
			e.Do("GET", "/api/v1/cases/"+c.ID+"/events", "qz.clerk", nil).JSON(t, &ev)
			var types []string
			for _, x := range ev.Events {
				types = append(types, x.Type)
			}
			joined := strings.Join(types, " ")
			if !ev.ChainIntact || !strings.Contains(joined, "task.decided licence.issued case.decided") {
				t.Errorf("events: %v", types)
			}

			// The company's legal representative sees it among "my licences".
			if rep := myLicence(t, e, "qz.applicant", "L-FOOD"); rep.ID != l.ID || rep.RepresentativeID != demo.QZApplicant.IDNumber {
				t.Errorf("my licences: %+v", rep)
			}
			{
				// Revoking it is recorded in the case's log; the case stays as
				// it was, and what was signed still verifies with OpenSSL.
				if r := e.Do("POST", "/api/v1/licences/"+l.ID+"/revoke", "qz.reviewer", map[string]string{"reason": "许可证被依法撤销"}); r.Status != 200 {
					t.Fatalf("revoke: %d %s", r.Status, r.Body)
				}
				var after caseJSON
				e.Do("GET", "/api/v1/cases/"+c.ID, "qz.clerk", nil).JSON(t, &after)
				e.Do("GET", "/api/v1/cases/"+c.ID+"/events", "qz.clerk", nil).JSON(t, &ev)
				last := ev.Events[len(ev.Events)-1]
				if after.Status != c.Status || !ev.ChainIntact || last.Type != "licence.revoked" || last.Actor != "qz.reviewer" {
					t.Errorf("after revocation: %s, chain %v, last %+v", after.Status, ev.ChainIntact, last)
				}
			}

			var sd struct {
				SignedData   []byte `json:"signed_data"`
				Signature    []byte `json:"signature"`
				PublicKeyPEM string `json:"public_key_pem"`
				DistID       string `json:"distid"`
			}
			r := e.Do("GET", "/api/v1/licences/"+l.ID+"/seal", "qz.reviewer", nil)
			r.JSON(t, &sd)
			if r.Status != 200 || len(sd.SignedData) == 0 || len(sd.Signature) == 0 || sd.DistID != "1234567812345678" ||
				!strings.Contains(sd.PublicKeyPEM, "BEGIN PUBLIC KEY") {
				t.Fatalf("seal data: %d %s", r.Status, r.Body)
			}
			if !bytes.Contains(sd.SignedData, []byte(l.Identifier)) {
				t.Fatalf("the signed bytes are not the licence: %s", sd.SignedData)
			}
			openssl, err := exec.LookPath("openssl")
			if err != nil {
				if os.Getenv("CI") == "true" {
					t.Fatal("openssl is required in CI")
				}
				t.Skip("openssl not installed")
			}
			dir := t.TempDir()
			for name, b := range map[string][]byte{"pub.pem": []byte(sd.PublicKeyPEM), "sig.der": sd.Signature, "data.bin": sd.SignedData,
				"tampered.bin": bytes.Replace(sd.SignedData, []byte(demo.QZCompany.Name), []byte("衢州市某某食品有限公司"), 1)} {
				if err := os.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
					t.Fatal(err)
				}
			}
			verify := func(file string) (string, error) {
				cmd := exec.Command(openssl, "dgst", "-sm3", "-verify", "pub.pem", "-signature", "sig.der", "-sigopt", "distid:1234567812345678", file)
				cmd.Dir = dir
				out, err := cmd.CombinedOutput()
				return string(out), err
			}
			if out, err := verify("data.bin"); err != nil || !strings.Contains(out, "Verified OK") {
				t.Fatalf("openssl: %v\n%s", err, out)
			}
			if out, err := verify("tampered.bin"); err == nil || strings.Contains(out, "Verified OK") {
				t.Fatalf("openssl verified tampered data: %s", out)
			}
		})
	}
}

func atoiPrefix(date string) int {
	var y int
	fmt.Sscanf(date, "%4d", &y)
	return y
}

// exportOf downloads a licence's export file.
func exportOf(t *testing.T, e *apptest.Env, user, id string) licence.Signed {
	t.Helper()
	r := e.Do("GET", "/api/v1/licences/"+id+"/export", user, nil)
	if r.Status != 200 || !strings.Contains(r.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("export: %d %s", r.Status, r.Body)
	}
	sd, err := licence.ParseSigned(r.Body)
	if err != nil {
		t.Fatalf("export does not parse: %v", err)
	}
	return sd
}

func verifyDoc(t *testing.T, e *apptest.Env, body any) (int, verdictJSON, string) {
	t.Helper()
	r := e.Do("POST", "/api/v1/licences/verify", "", body)
	var v verdictJSON
	if r.Status == 200 {
		r.JSON(t, &v)
	}
	return r.Status, v, string(r.Body)
}

// myLicence finds a licence of a type in the caller's "my licences".
func myLicence(t *testing.T, e *apptest.Env, user, typ string) licence.Licence {
	t.Helper()
	var list []licence.Licence
	if r := e.Do("GET", "/api/v1/licences?type="+typ, user, nil); r.Status != 200 {
		t.Fatalf("my licences: %d %s", r.Status, r.Body)
	} else {
		r.JSON(t, &list)
	}
	if len(list) == 0 {
		t.Fatalf("%s holds no %s", user, typ)
	}
	return list[0]
}

// TestLicenceVerificationVerdicts: every tampering is not genuine, revoked
// and expired licences say so, malformed input is a 4xx with the reason —
// never a 500, never valid.
func TestLicenceVerificationVerdicts(t *testing.T) {
	for _, engine := range sqltest.Engines() {
		t.Run(engine, func(t *testing.T) {
			e := apptest.New(t, engine)
			biz := myLicence(t, e, "qz.applicant", "L-BIZ")
			good := exportOf(t, e, "qz.applicant", biz.ID)
			if st, v, body := verifyDoc(t, e, good); st != 200 || !v.Genuine || v.Status != "valid" || v.Message == "" ||
				v.Identifier != biz.Identifier || v.Issuer == nil || v.Issuer.DepartmentID != "330802-market" {
				t.Fatalf("genuine licence: %d %s", st, body)
			}
			// A person's ID number is masked in the public verdict.
			card := exportOf(t, e, "qz.applicant", myLicence(t, e, "qz.applicant", "L-IDCARD").ID)
			if _, v, body := verifyDoc(t, e, card); !v.Genuine || v.Holder == nil || v.Holder.IDNumber == demo.QZApplicant.IDNumber ||
				strings.Contains(body, demo.QZApplicant.IDNumber) || v.Holder.Name != "王**" {
				t.Fatalf("holder not masked: %s", body)
			}

			otherKey, err := seal.NewKey()
			if err != nil {
				t.Fatal(err)
			}
			hzSeals := struct {
				Current *sqlstore.SealInfo `json:"current"`
			}{}
			hzCard := myLicence(t, e, "hz.applicant", "L-IDCARD")
			e.Do("GET", "/api/v1/seals/"+hzCard.Issuer.DepartmentID, "", nil).JSON(t, &hzSeals)
			if hzSeals.Current == nil {
				t.Fatal("the issuing department has no published seal")
			}
			tamper := map[string]func(s *licence.Signed){
				"holder name":       func(s *licence.Signed) { s.Document.Holder.Name = "衢州市假冒食品有限公司" },
				"holder id":         func(s *licence.Signed) { s.Document.Holder.IDNumber = demo.HZCompany.IDNumber },
				"field":             func(s *licence.Signed) { s.Document.Fields["经营范围"] = "危险化学品经营" },
				"field added":       func(s *licence.Signed) { s.Document.Fields["备注"] = "无" },
				"valid until":       func(s *licence.Signed) { s.Document.ValidUntil = "2099-12-31" },
				"issued on":         func(s *licence.Signed) { s.Document.IssuedOn = "2024-01-01" },
				"issuer":            func(s *licence.Signed) { s.Document.Issuer.Name = "衢州市市场监督管理局" },
				"identifier serial": func(s *licence.Signed) { s.Document.Identifier = reserial(t, s.Document.Identifier) },
				"identifier check": func(s *licence.Signed) {
					s.Document.Identifier = s.Document.Identifier[:len(s.Document.Identifier)-1] + "Z"
				},
				"signature flipped":  func(s *licence.Signed) { s.Signature[len(s.Signature)-1] ^= 1 },
				"signature r":        func(s *licence.Signed) { s.Signature[6] ^= 0x40 },
				"signature cut":      func(s *licence.Signed) { s.Signature = s.Signature[:len(s.Signature)-5] },
				"signature one byte": func(s *licence.Signed) { s.Signature = s.Signature[:1] },
				"no signature":       func(s *licence.Signed) { s.Signature = nil },
				"distid":             func(s *licence.Signed) { s.DistID = "1234567812345679" },
				"own key": func(s *licence.Signed) { // a forger's key and signature: consistent, but not a registered seal
					msg, _ := s.Document.SignedBytes()
					s.Signature, _ = otherKey.Sign(msg)
					s.PublicKeyPEM = otherKey.Public().PEM()
				},
				"unknown seal id": func(s *licence.Signed) { s.Document.SealID = "01900000-0000-7000-8000-000000000000" },
				"another seal": func(s *licence.Signed) { // another department's real seal named, its key in the file
					s.Document.SealID, s.PublicKeyPEM = hzSeals.Current.ID, hzSeals.Current.PublicKeyPEM
				},
				"pem garbage": func(s *licence.Signed) {
					s.PublicKeyPEM = "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"
				},
				"pem missing": func(s *licence.Signed) { s.PublicKeyPEM = "" },
			}
			for name, f := range tamper {
				s := clone(t, good)
				f(&s)
				st, v, body := verifyDoc(t, e, s)
				if st != 200 || v.Genuine || v.Status != "not_genuine" || v.Reason == "" || v.Message == "" {
					t.Errorf("%s: %d %s", name, st, body)
				}
			}
			// Malformed documents: 4xx with the reason.
			raw, _ := json.Marshal(good)
			for name, body := range map[string]string{
				"not json":      "this is not a licence",
				"empty":         "",
				"truncated":     string(raw[:len(raw)/2]),
				"unknown field": strings.Replace(string(raw), `{"document":`, `{"extra":1,"document":`, 1),
				"bad base64":    strings.Replace(string(raw), `"signature":"`, `"signature":"!!`, 1),
				"wrong type":    strings.Replace(string(raw), `"distid":"1234567812345678"`, `"distid":12`, 1),
				"trailing":      string(raw) + `{}`,
				"array":         `[1,2,3]`,
			} {
				r := e.Do("POST", "/api/v1/licences/verify", "", body)
				if r.Status < 400 || r.Status >= 500 || r.ErrorCode() == "" || strings.Contains(string(r.Body), `"valid"`) {
					t.Errorf("%s: %d %s", name, r.Status, r.Body)
				}
			}
			if r := e.Do("POST", "/api/v1/licences/verify", "", strings.Repeat(" ", 70<<10)+string(raw)); r.Status != 413 {
				t.Errorf("oversized: %d", r.Status)
			}

			// By identifier: the QR code's check.
			var v verdictJSON
			if r := e.Do("GET", "/api/v1/licence-checks/"+strings.ToLower(biz.Identifier), "", nil); r.Status != 200 {
				t.Fatalf("by identifier: %d %s", r.Status, r.Body)
			} else if r.JSON(t, &v); !v.Genuine || v.Status != "valid" {
				t.Fatalf("by identifier: %s", r.Body)
			}
			unknown, _ := licence.Identifier(sqlstore.LicenceTypeCode("market", 3), biz.Issuer.Code, "209901010001", "001")
			if r := e.Do("GET", "/api/v1/licence-checks/"+unknown, "", nil); r.Status != 404 {
				t.Errorf("unknown identifier: %d %s", r.Status, r.Body)
			}
			for _, bad := range []string{"1.2.3", biz.Identifier[:len(biz.Identifier)-1] + "Z", "x", strings.Repeat("9", 300)} {
				if r := e.Do("GET", "/api/v1/licence-checks/"+bad, "", nil); r.Status != 400 || r.ErrorCode() != "invalid" {
					t.Errorf("malformed identifier %q: %d %s", bad, r.Status, r.Body)
				}
			}

			// Expired: the demo shop's food licence (2020, five years), and
			// one issued now with a back date.
			shopFood, err := e.Store.Licences(context.Background(), sqlstore.LicenceQuery{Holder: demo.QZShop.IDNumber, Type: "L-FOOD"})
			if err != nil || len(shopFood) != 1 || shopFood[0].Status != licence.StatusExpired {
				t.Fatalf("demo expired licence: %v %+v", err, shopFood)
			}
			old, err := e.Store.IssueLicence(context.Background(), sqlstore.IssueRequest{Type: "L-FOOD", Department: "330802-market",
				Holder: licence.Holder{Name: demo.QZCompany.Name, IDType: licence.IDUSCC, IDNumber: demo.QZCompany.IDNumber}, IssuedOn: "2019-03-01",
				Fields: map[string]string{"经营项目": "预包装食品销售"}})
			if err != nil || old.ValidUntil != "2024-02-29" || old.Status != licence.StatusExpired {
				t.Fatalf("back-dated issue: %v %+v", err, old)
			}
			for _, id := range []string{shopFood[0].Identifier, old.Identifier} {
				e.Do("GET", "/api/v1/licence-checks/"+id, "", nil).JSON(t, &v)
				if !v.Genuine || v.Status != "expired" {
					t.Errorf("expired: %+v", v)
				}
			}
			if _, v, _ := verifyDoc(t, e, exportOf(t, e, "qz.reviewer", old.ID)); !v.Genuine || v.Status != "expired" {
				t.Errorf("expired file: %+v", v)
			}
			// An expired licence does not satisfy a material at intake.
			held, _ := e.Store.HoldingsOf(context.Background(), demo.QZShop.IDNumber)
			if ref, ok := held.Holds("licence:L-FOOD"); ok {
				t.Errorf("expired licence held: %s", ref)
			}
			if _, ok := held.Holds("licence:L-BIZ"); !ok {
				t.Errorf("the shop's business licence is not held")
			}

			// Revoked: the issuing department only, with a reason; the
			// verdict changes at once, for the file and the identifier.
			for _, c := range []struct {
				user   string
				body   any
				status int
			}{
				{"qz.applicant", map[string]string{"reason": "x"}, 403},
				{"hz.reviewer", map[string]string{"reason": "x"}, 404},
				{"qz.admin", map[string]string{"reason": "x"}, 403},
				{"qz.reviewer", map[string]string{"reason": "  "}, 400},
				{"qz.reviewer", map[string]string{"reason": strings.Repeat("长", 501)}, 400},
				{"qz.reviewer", map[string]string{"why": "x"}, 400},
				{"", map[string]string{"reason": "x"}, 401},
			} {
				if r := e.Do("POST", "/api/v1/licences/"+biz.ID+"/revoke", c.user, c.body); r.Status != c.status {
					t.Errorf("revoke as %q %v: %d %s", c.user, c.body, r.Status, r.Body)
				}
			}
			if r := e.Do("POST", "/api/v1/licences/"+biz.ID+"/revoke", "qz.reviewer", map[string]string{"reason": "企业申请注销登记"}); r.Status != 200 {
				t.Fatalf("revoke: %d %s", r.Status, r.Body)
			}
			if r := e.Do("POST", "/api/v1/licences/"+biz.ID+"/revoke", "qz.reviewer", map[string]string{"reason": "again"}); r.Status != 409 {
				t.Errorf("revoke twice: %d %s", r.Status, r.Body)
			}
			if _, v, body := verifyDoc(t, e, good); !v.Genuine || v.Status != "revoked" || !strings.Contains(v.Message, "企业申请注销登记") {
				t.Errorf("revoked file: %s", body)
			}
			e.Do("GET", "/api/v1/licence-checks/"+biz.Identifier, "", nil).JSON(t, &v)
			if v.Status != "revoked" {
				t.Errorf("revoked by identifier: %+v", v)
			}
			var revoked []licence.Licence
			e.Do("GET", "/api/v1/licences?status=revoked", "qz.reviewer", nil).JSON(t, &revoked)
			if len(revoked) != 1 || revoked[0].ID != biz.ID {
				t.Errorf("revoked list: %+v", revoked)
			}
			// A revoked licence no longer satisfies materials.
			held, _ = e.Store.HoldingsOf(context.Background(), demo.QZCompany.IDNumber)
			if _, ok := held.Holds("licence:L-BIZ"); ok {
				t.Errorf("a revoked licence is still held")
			}
			// The demo's revoked driving licence.
			drv := myLicence(t, e, "qz.admin", "L-DRIVER")
			e.Do("GET", "/api/v1/licence-checks/"+drv.Identifier, "", nil).JSON(t, &v)
			if !v.Genuine || v.Status != "revoked" {
				t.Errorf("demo revoked: %+v", v)
			}
		})
	}
}

// reserial changes an identifier's serial and recomputes its check
// character: a well-formed identifier of a licence that was never signed.
func reserial(t *testing.T, ident string) string {
	id, err := licence.ParseIdentifier(ident)
	if err != nil {
		t.Fatal(err)
	}
	s, err := licence.Identifier(id.TypeCode, id.IssuerCode, id.Serial[:len(id.Serial)-1]+"9", id.Version)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func clone(t *testing.T, s licence.Signed) licence.Signed {
	b, _ := json.Marshal(s)
	out, err := licence.ParseSigned(b)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestIntakeFetchesLicenceFromLibrary: the demo company holds a business
// licence; its legal representative applies online for the food licence
// without marking the business licence, and the case has it fetched (免提交)
// with the identifier. The use is logged once and the holder's side sees it.
func TestIntakeFetchesLicenceFromLibrary(t *testing.T) {
	for _, engine := range sqltest.Engines() {
		t.Run(engine, func(t *testing.T) {
			e := apptest.New(t, engine)
			biz := myLicence(t, e, "qz.applicant", "L-BIZ")
			if biz.Holder.IDNumber != demo.QZCompany.IDNumber || biz.RepresentativeID != demo.QZApplicant.IDNumber {
				t.Fatalf("demo company licence: %+v", biz)
			}
			// "My licences": the person's own and the company's.
			var mine []licence.Licence
			e.Do("GET", "/api/v1/licences", "qz.applicant", nil).JSON(t, &mine)
			types := map[string]bool{}
			for _, l := range mine {
				types[l.Type] = true
				if l.Holder.IDNumber != demo.QZApplicant.IDNumber && l.RepresentativeID != demo.QZApplicant.IDNumber {
					t.Errorf("someone else's licence in my licences: %+v", l)
				}
			}
			if !types["L-IDCARD"] || !types["L-BIZ"] {
				t.Errorf("my licences: %v", types)
			}
			if r := e.Do("GET", "/api/v1/licences/"+biz.ID, "hz.applicant", nil); r.Status != 404 {
				t.Errorf("another applicant sees it: %d", r.Status)
			}

			var item struct {
				Materials []struct{ ID, Name, Source string }
			}
			e.Do("GET", "/api/v1/items/330-SCJG-005", "", nil).JSON(t, &item)
			marks := uploadedMarks(t, e, "qz.applicant", "330-SCJG-005")
			sub := map[string]any{"item": "330-SCJG-005", "region": "330802", "channel": "online", "materials": marks,
				"applicant": map[string]any{"type": "org", "name": demo.QZCompany.Name, "id_number": demo.QZCompany.IDNumber}}
			var pre struct {
				Entries []struct{ Name, State, Ref string }
			}
			e.Do("POST", "/api/v1/cases/precheck", "qz.applicant", sub).JSON(t, &pre)
			fetched := func(name, state, ref string) bool {
				return name == "营业执照" && state == "fetched" && ref == biz.Identifier
			}
			ok := false
			for _, en := range pre.Entries {
				ok = ok || fetched(en.Name, en.State, en.Ref)
			}
			if !ok {
				t.Fatalf("precheck does not fetch the business licence: %+v", pre.Entries)
			}
			r := e.Do("POST", "/api/v1/cases", "qz.applicant", sub)
			var c caseJSON
			r.JSON(t, &c)
			if r.Status != 201 {
				t.Fatalf("submit: %d %s", r.Status, r.Body)
			}
			ok = false
			for _, m := range c.Materials {
				ok = ok || fetched(m.Name, string(m.State), m.Ref)
			}
			if !ok {
				t.Fatalf("the case does not have the licence fetched: %+v", c.Materials)
			}
			// The window accepts it; the material stays fetched, the use is logged once.
			r = e.Do("POST", "/api/v1/cases/"+c.ID+"/review", "qz.clerk", map[string]any{"materials": []mark{}, "version": c.Version})
			if r.JSON(t, &c); r.Status != 200 || c.Status != "accepted" {
				t.Fatalf("pre-review: %d %s", r.Status, r.Body)
			}
			var uses []sqlstore.LicenceUse
			for _, user := range []string{"qz.applicant", "qz.reviewer"} {
				if r := e.Do("GET", "/api/v1/licences/"+biz.ID+"/uses", user, nil); r.Status != 200 {
					t.Fatalf("uses as %s: %d %s", user, r.Status, r.Body)
				} else {
					r.JSON(t, &uses)
				}
				if len(uses) != 1 || uses[0].CaseID != c.ID || uses[0].CaseNumber != c.Number || uses[0].UsedBy != "qz.applicant" ||
					uses[0].UsedAt.IsZero() || !strings.Contains(uses[0].Purpose, "营业执照") {
					t.Fatalf("uses as %s: %+v", user, uses)
				}
			}
			for _, user := range []string{"hz.applicant", "hz.reviewer", "qz.agent"} {
				if r := e.Do("GET", "/api/v1/licences/"+biz.ID+"/uses", user, nil); r.Status != 404 {
					t.Errorf("uses as %s: %d", user, r.Status)
				}
			}
		})
	}
}

// TestSealRotation: a new seal signs from now on, the old one still
// verifies what it signed, and only an admin of the region may rotate.
func TestSealRotation(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		biz := myLicence(t, e, "qz.applicant", "L-BIZ")
		var before sqlstore.DepartmentSeals
		if r := e.Do("GET", "/api/v1/seals/330802-market", "", nil); r.Status != 200 {
			t.Fatalf("seals: %d %s", r.Status, r.Body)
		} else {
			r.JSON(t, &before)
		}
		if before.Current == nil || before.Current.ID != biz.SealID || len(before.Seals) != 1 {
			t.Fatalf("seals before: %+v", before)
		}
		if r := e.Do("GET", "/api/v1/seals/330802-market?format=pem", "", nil); r.Status != 200 || string(r.Body) != before.Current.PublicKeyPEM {
			t.Fatalf("pem: %d %s", r.Status, r.Body)
		}
		if !strings.Contains(before.Current.SVG(), "市场监督管理局") {
			t.Errorf("seal image lacks the department's name")
		}
		for user, status := range map[string]int{"hz.admin": 403, "qz.reviewer": 403, "qz.applicant": 403} {
			if r := e.Do("POST", "/api/v1/seals/330802-market/rotate", user, nil); r.Status != status {
				t.Errorf("rotate as %s: %d %s", user, r.Status, r.Body)
			}
		}
		var si sqlstore.SealInfo
		if r := e.Do("POST", "/api/v1/seals/330802-market/rotate", "qz.admin", nil); r.Status != 201 {
			t.Fatalf("rotate: %d %s", r.Status, r.Body)
		} else {
			r.JSON(t, &si)
		}
		var after sqlstore.DepartmentSeals
		e.Do("GET", "/api/v1/seals/330802-market", "", nil).JSON(t, &after)
		if after.Current == nil || after.Current.ID != si.ID || si.ID == before.Current.ID || len(after.Seals) != 2 || after.Seals[1].RetiredAt == nil {
			t.Fatalf("seals after: %+v", after)
		}
		// The old seal still verifies its licence; new licences use the new seal.
		var v verdictJSON
		e.Do("GET", "/api/v1/licence-checks/"+biz.Identifier, "", nil).JSON(t, &v)
		if !v.Genuine || v.Status != "valid" {
			t.Fatalf("old licence after rotation: %+v", v)
		}
		_, l := foodLicenceCase(t, e)
		if l.SealID != si.ID {
			t.Fatalf("new licence signed with %s, want the new seal %s", l.SealID, si.ID)
		}
		if _, v, body := verifyDoc(t, e, exportOf(t, e, "qz.reviewer", l.ID)); !v.Genuine {
			t.Fatalf("new licence: %s", body)
		}
		if r := e.Do("GET", "/api/v1/seals/330802-taxation", "", nil); r.Status != 404 {
			t.Errorf("department without seal: %d", r.Status)
		}
	})
}

// TestConcurrentIssuingGivesDistinctIdentifiers: serials come from a counter
// taken in the issuing transaction, so concurrent issues never collide.
func TestConcurrentIssuingGivesDistinctIdentifiers(t *testing.T) {
	for _, engine := range sqltest.Engines() {
		t.Run(engine, func(t *testing.T) {
			e := apptest.New(t, engine)
			const n = 100
			ids := make(chan string, n)
			var wg sync.WaitGroup
			for i := 0; i < n; i++ {
				wg.Add(1)
				go func(i int) {
					defer wg.Done()
					// A department with no seal yet: the first issues race to create it.
					l, err := e.Store.IssueLicence(context.Background(), sqlstore.IssueRequest{Type: "L-HYGIENE", Department: "330803-health",
						Holder: licence.Holder{Name: fmt.Sprintf("测试单位%d", i), IDType: licence.IDUSCC, IDNumber: demo.QZCompany.IDNumber}})
					if err != nil {
						t.Error(err)
						return
					}
					ids <- l.Identifier
				}(i)
			}
			wg.Wait()
			close(ids)
			seen := map[string]bool{}
			for id := range ids {
				if seen[id] {
					t.Fatalf("duplicate identifier %s", id)
				}
				seen[id] = true
			}
			if len(seen) != n {
				t.Fatalf("%d identifiers for %d licences", len(seen), n)
			}
			ds, err := e.Store.Seals(context.Background(), "330803-health")
			if err != nil || len(ds.Seals) != 1 {
				t.Fatalf("one seal expected: %v %+v", err, ds)
			}
		})
	}
}

// TestMasterKey: the master key is created 0600 in the data directory, seal
// private keys are stored encrypted under it, and a node given another key
// (ONETRIP_MASTER_KEY) refuses to sign instead of failing obscurely.
func TestMasterKey(t *testing.T) {
	t.Setenv("ONETRIP_MASTER_KEY", "")
	ctx := context.Background()
	cfg := sqltest.Config(t, "sqlite")
	s, err := app.OpenStore(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Load(ctx, s); err != nil { // issues the demo licences: makes seals
		t.Fatal(err)
	}
	st, err := os.Stat(filepath.Join(cfg.DataDir, "master.key"))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("master.key: %v %v", err, st)
	}
	var blob string
	if err := s.DB().QueryRow(`SELECT private_key_sealed FROM seals LIMIT 1`).Scan(&blob); err != nil || len(blob) < 100 ||
		strings.Contains(blob, "PRIVATE KEY") {
		t.Fatalf("sealed key: %v %q", err, blob)
	}
	s.Close()
	t.Setenv("ONETRIP_MASTER_KEY", "00112233445566778899aabbccddeeff")
	other, err := app.OpenStore(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	_, err = other.IssueLicence(ctx, sqlstore.IssueRequest{Type: "L-BIZ", Department: "330802-market",
		Holder: licence.Holder{Name: demo.QZCompany.Name, IDType: licence.IDUSCC, IDNumber: demo.QZCompany.IDNumber}})
	if err == nil || onetrip.AsError(err).Key != "store.seal.master_mismatch" {
		t.Fatalf("another master key: %v", err)
	}
}
