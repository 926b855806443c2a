package licence

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"onetrip"
	"onetrip/seal"
)

func sampleDoc() Document {
	return Document{
		Identifier: realID,
		Type:       "L-BIZ",
		TypeName:   "营业执照",
		Holder:     Holder{Name: "张三", IDType: IDCitizen, IDNumber: "33010219200403064X"},
		Issuer:     Issuer{DepartmentID: "dept-xh-scjg", Name: "杭州市西湖区市场监督管理局", Code: "11330105002500287C"},
		IssuedOn:   "2025-05-22",
		ValidUntil: "2030-05-21",
		Fields:     map[string]string{"经营范围": "餐饮服务<含冷食>", "注册资本": "100万元"},
		CaseNumber: "330106-2025-000123",
		SealID:     "seal-xh-scjg",
	}
}

var (
	testKey   = mustKey()
	otherKey  = mustKey()
	checkTime = time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)
)

func mustKey() *seal.Key {
	k, err := seal.NewKey()
	if err != nil {
		panic(err)
	}
	return k
}

func signed(t testing.TB, d Document) Signed {
	t.Helper()
	s, err := Sign(d, testKey)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSignedVerifiesWithOpenSSLForm(t *testing.T) {
	s := signed(t, sampleDoc())
	msg, _ := s.Document.SignedBytes()
	pub, err := seal.ParsePublicKeyPEM(s.PublicKeyPEM)
	if err != nil || !seal.Verify(pub, msg, s.Signature) || s.DistID != seal.DistID {
		t.Fatalf("export file does not verify on its own: %v", err)
	}
	// The JSON export round-trips and still verifies.
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	back, err := ParseSigned(b)
	if err != nil {
		t.Fatal(err)
	}
	if v := VerifySigned(back, Trust{SealKey: testKey.Public(), At: checkTime}); v.Status != StatusValid {
		t.Fatalf("round trip: %+v", v)
	}
	if !strings.Contains(string(b), `"signature":"`) || !strings.Contains(string(b), `"public_key_pem":"-----BEGIN PUBLIC KEY-----`) {
		t.Fatalf("export JSON: %s", b)
	}
}

func TestVerifySigned(t *testing.T) {
	good := signed(t, sampleDoc())
	longTerm := sampleDoc()
	longTerm.ValidUntil = ""
	goodLong := signed(t, longTerm)
	trust := Trust{SealKey: testKey.Public(), At: checkTime}

	// change returns a copy of good with f applied; the signature is kept.
	change := func(f func(*Signed)) Signed {
		s := good
		s.Document.Fields = map[string]string{}
		for k, v := range good.Document.Fields {
			s.Document.Fields[k] = v
		}
		s.Signature = bytes.Clone(good.Signature)
		f(&s)
		return s
	}
	// resign: a forger signs the changed document with their own key.
	resign := func(f func(*Document)) Signed {
		d := sampleDoc()
		f(&d)
		s, err := Sign(d, otherKey)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	badCheck := strings.TrimSuffix(realID, "0") + "1"
	otherID, _ := Identifier("11100000000013338W009", "11330105002500287C", "2025052202", "002")
	// A document whose identifier is bad but signed anyway (not via Sign).
	signedRaw := func(d Document) Signed {
		msg, _ := d.SignedBytes()
		sig, _ := testKey.Sign(msg)
		return Signed{Document: d, Signature: sig, PublicKeyPEM: testKey.Public().PEM(), DistID: seal.DistID}
	}
	badIDDoc := sampleDoc()
	badIDDoc.Identifier = badCheck
	badDateDoc := sampleDoc()
	badDateDoc.ValidUntil = "2030-02-30"

	for _, c := range []struct {
		name   string
		s      Signed
		trust  Trust
		status Status
		reason string
	}{
		{"valid", good, trust, StatusValid, "licence.reason.valid_until"},
		{"valid on last day (China time)", good, Trust{SealKey: testKey.Public(), At: time.Date(2030, 5, 21, 15, 59, 0, 0, time.UTC)}, StatusValid, "licence.reason.valid_until"},
		{"expired next day in China while still the 21st in UTC", good, Trust{SealKey: testKey.Public(), At: time.Date(2030, 5, 21, 16, 0, 0, 0, time.UTC)}, StatusExpired, "licence.reason.expired"},
		{"long term", goodLong, Trust{SealKey: testKey.Public(), At: time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC)}, StatusValid, "licence.reason.valid_long_term"},
		{"revoked", good, Trust{SealKey: testKey.Public(), At: checkTime, Revoked: &Revocation{At: checkTime, Reason: "吊销"}}, StatusRevoked, "licence.reason.revoked"},
		{"revoked beats expired", good, Trust{SealKey: testKey.Public(), At: time.Date(2031, 1, 1, 0, 0, 0, 0, time.UTC), Revoked: &Revocation{At: checkTime}}, StatusRevoked, "licence.reason.revoked"},
		{"distid absent means default", change(func(s *Signed) { s.DistID = "" }), trust, StatusValid, "licence.reason.valid_until"},

		{"changed field", change(func(s *Signed) { s.Document.Fields["注册资本"] = "1000万元" }), trust, StatusNotGenuine, "licence.reason.bad_signature"},
		{"added field", change(func(s *Signed) { s.Document.Fields["备注"] = "x" }), trust, StatusNotGenuine, "licence.reason.bad_signature"},
		{"changed holder name", change(func(s *Signed) { s.Document.Holder.Name = "李四" }), trust, StatusNotGenuine, "licence.reason.bad_signature"},
		{"changed holder number", change(func(s *Signed) { s.Document.Holder.IDNumber = "11010519491231002X" }), trust, StatusNotGenuine, "licence.reason.bad_signature"},
		{"extended validity", change(func(s *Signed) { s.Document.ValidUntil = "2099-12-31" }), trust, StatusNotGenuine, "licence.reason.bad_signature"},
		{"made long-term", change(func(s *Signed) { s.Document.ValidUntil = "" }), trust, StatusNotGenuine, "licence.reason.bad_signature"},
		{"other valid identifier", change(func(s *Signed) { s.Document.Identifier = otherID }), trust, StatusNotGenuine, "licence.reason.bad_signature"},
		{"changed seal id", change(func(s *Signed) { s.Document.SealID = "seal-other" }), trust, StatusNotGenuine, "licence.reason.bad_signature"},
		{"flipped bit in signature", change(func(s *Signed) { s.Signature[len(s.Signature)-1] ^= 0x01 }), trust, StatusNotGenuine, "licence.reason.bad_signature"},
		{"signature of another document", change(func(s *Signed) { s.Signature = goodLong.Signature }), trust, StatusNotGenuine, "licence.reason.bad_signature"},
		{"truncated signature", change(func(s *Signed) { s.Signature = s.Signature[:len(s.Signature)-3] }), trust, StatusNotGenuine, "licence.reason.malformed_signature"},
		{"garbage signature", change(func(s *Signed) { s.Signature = []byte("not a signature") }), trust, StatusNotGenuine, "licence.reason.malformed_signature"},
		{"no signature", change(func(s *Signed) { s.Signature = nil }), trust, StatusNotGenuine, "licence.reason.no_signature"},
		{"bad check character", change(func(s *Signed) { s.Document.Identifier = badCheck }), trust, StatusNotGenuine, "licence.reason.bad_identifier"},
		{"bad identifier signed anyway", signedRaw(badIDDoc), trust, StatusNotGenuine, "licence.reason.bad_identifier"},
		{"empty identifier", change(func(s *Signed) { s.Document.Identifier = "" }), trust, StatusNotGenuine, "licence.reason.bad_identifier"},
		{"other distid", change(func(s *Signed) { s.DistID = "ALICE123@YAHOO.COM" }), trust, StatusNotGenuine, "licence.reason.bad_distid"},
		{"malformed PEM", change(func(s *Signed) { s.PublicKeyPEM = strings.Replace(s.PublicKeyPEM, "A", "!", 3) }), trust, StatusNotGenuine, "licence.reason.malformed_pem"},
		{"truncated PEM", change(func(s *Signed) { s.PublicKeyPEM = s.PublicKeyPEM[:60] }), trust, StatusNotGenuine, "licence.reason.malformed_pem"},
		{"no PEM", change(func(s *Signed) { s.PublicKeyPEM = "" }), trust, StatusNotGenuine, "licence.reason.malformed_pem"},
		{"forger's key in file", change(func(s *Signed) { s.PublicKeyPEM = otherKey.Public().PEM() }), trust, StatusNotGenuine, "licence.reason.seal_mismatch"},
		{"re-signed by forger", resign(func(d *Document) { d.ValidUntil = "2099-12-31" }), trust, StatusNotGenuine, "licence.reason.seal_mismatch"},
		{"verifier holds another seal's key", good, Trust{SealKey: otherKey.Public(), At: checkTime}, StatusNotGenuine, "licence.reason.seal_mismatch"},
		{"unknown seal", good, Trust{At: checkTime}, StatusNotGenuine, "licence.reason.unknown_seal"},
		{"valid_until not a date", signedRaw(badDateDoc), trust, StatusNotGenuine, "licence.reason.bad_valid_until"},
		{"zero value", Signed{}, Trust{}, StatusNotGenuine, "licence.reason.bad_identifier"},
	} {
		v := VerifySigned(c.s, c.trust)
		if v.Status != c.status || v.Reason != c.reason || v.Genuine != (c.status != StatusNotGenuine) {
			t.Errorf("%s: got %s/%s genuine=%v, want %s/%s", c.name, v.Status, v.Reason, v.Genuine, c.status, c.reason)
		}
		for _, lang := range onetrip.Langs {
			if msg := v.Message(lang); msg == "" || strings.Contains(msg, "licence.") || strings.Contains(msg, "%!") {
				t.Errorf("%s: %s message %q", c.name, lang, msg)
			}
			if title := v.Title(lang); strings.Contains(title, "licence.") {
				t.Errorf("%s: %s title %q", c.name, lang, title)
			}
		}
	}
}

func TestVerdictMessages(t *testing.T) {
	s := signed(t, sampleDoc())
	v := VerifySigned(s, Trust{SealKey: testKey.Public(), At: checkTime})
	if v.Title(onetrip.LangZH) != "真实有效" || v.Title(onetrip.LangEN) != "genuine and valid" {
		t.Fatal(v.Title(onetrip.LangZH), v.Title(onetrip.LangEN))
	}
	if got := v.Message(onetrip.LangZH); got != "签名验证通过，有效期至 2030-05-21" {
		t.Fatal(got)
	}
	s.Document.Holder.Name = "李四"
	v = VerifySigned(s, Trust{SealKey: testKey.Public(), At: checkTime})
	if got := v.Message(onetrip.LangZH); got != "签名验证失败：文件内容已被改动或印章不符" {
		t.Fatal(got)
	}
	s.Document.Identifier = strings.TrimSuffix(realID, "0") + "7"
	v = VerifySigned(s, Trust{SealKey: testKey.Public(), At: checkTime})
	if got := v.Message(onetrip.LangEN); !strings.Contains(got, `the check character should be "0", got "7"`) {
		t.Fatal(got)
	}
	s.Document.Identifier = strings.Replace(realID, ".002.", ".02.", 1)
	v = VerifySigned(s, Trust{SealKey: testKey.Public(), At: checkTime})
	if got := v.Message(onetrip.LangZH); got != `证照标识 "`+s.Document.Identifier+`" 无效：version 版本号应为 3 位数字，实际为 "02"` {
		t.Fatal(got)
	}
	r := VerifySigned(signed(t, sampleDoc()), Trust{SealKey: testKey.Public(), At: checkTime, Revoked: &Revocation{At: time.Date(2025, 12, 31, 17, 0, 0, 0, time.UTC), Reason: "申请人申请注销"}})
	if got := r.Message(onetrip.LangZH); got != "签名验证通过，但已于 2026-01-01 注销，原因：申请人申请注销" {
		t.Fatal(got)
	}
}

func TestValidate(t *testing.T) {
	if err := sampleDoc().Validate(); err != nil {
		t.Fatal(err)
	}
	company := sampleDoc()
	company.Holder = Holder{Name: "杭州某某餐饮有限公司", IDType: IDUSCC, IDNumber: "91330106MA2H0Y3E1K"}
	if err := company.Validate(); err != nil {
		t.Fatal(err)
	}
	d := Document{
		Identifier: strings.TrimSuffix(realID, "0") + "1",
		Holder:     Holder{IDType: "passport", IDNumber: "E123"},
		Issuer:     Issuer{Code: "11330105002500287c"},
		IssuedOn:   "2025-13-01",
		ValidUntil: "tomorrow",
		Fields:     map[string]string{" ": "x"},
	}
	err := d.Validate()
	e := onetrip.AsError(err)
	paths := map[string]string{}
	for _, det := range e.Details {
		paths[det.Path] = det.Key
	}
	for path, key := range map[string]string{
		"identifier":           "licence.id.check_mismatch",
		"type":                 "licence.doc.required",
		"type_name":            "licence.doc.required",
		"holder.name":          "licence.doc.required",
		"holder.id_type":       "licence.doc.id_type",
		"issuer.department_id": "licence.doc.required",
		"issuer.name":          "licence.doc.required",
		"issuer.code":          "licence.doc.uscc_form",
		"issued_on":            "licence.doc.date",
		"valid_until":          "licence.doc.date",
		"seal_id":              "licence.doc.required",
		"fields":               "licence.doc.field_key_empty",
	} {
		if paths[path] != key {
			t.Errorf("%s: got %q, want %q", path, paths[path], key)
		}
	}
	if e.Key != "licence.doc.invalid" || e.Args[0] != len(e.Details) {
		t.Errorf("summary %s %v", e.Key, e.Args)
	}

	for name, f := range map[string]func(*Document){
		"until before issued":   func(d *Document) { d.ValidUntil = "2025-05-21" },
		"issuer code mismatch":  func(d *Document) { d.Issuer.Code = "91310110666007217T" },
		"citizen id form":       func(d *Document) { d.Holder.IDNumber = "33010219200403064x" },
		"uscc form":             func(d *Document) { d.Holder = Holder{Name: "x", IDType: IDUSCC, IDNumber: "91310110666007217I"} },
		"identifier field bad":  func(d *Document) { d.Identifier = "1.2.156.3005.2.X.11330105002500287C.1.001.0" },
		"invalid utf8 in field": func(d *Document) { d.Fields["k"] = "\xff" },
		"identifier lower case": func(d *Document) { d.Identifier = strings.ToLower(realID) },
	} {
		d := sampleDoc()
		f(&d)
		if err := d.Validate(); err == nil {
			t.Errorf("%s: accepted", name)
		}
		if _, err := Sign(d, testKey); err == nil {
			t.Errorf("%s: signed", name)
		}
	}
}

func TestNilAndEmptyFieldsSignAlike(t *testing.T) {
	a, b := sampleDoc(), sampleDoc()
	a.Fields, b.Fields = nil, map[string]string{}
	ca, _ := a.SignedBytes()
	cb, _ := b.SignedBytes()
	if string(ca) != string(cb) {
		t.Fatalf("%s\n%s", ca, cb)
	}
}

func TestSignedBytesShape(t *testing.T) {
	b, err := sampleDoc().SignedBytes()
	if err != nil {
		t.Fatal(err)
	}
	want := `{"case_number":"330106-2025-000123","fields":{"注册资本":"100万元","经营范围":"餐饮服务<含冷食>"},"holder":{"id_number":"33010219200403064X","id_type":"citizen_id","name":"张三"},"identifier":"` + realID + `","issued_on":"2025-05-22","issuer":{"code":"11330105002500287C","department_id":"dept-xh-scjg","name":"杭州市西湖区市场监督管理局"},"seal_id":"seal-xh-scjg","type":"L-BIZ","type_name":"营业执照","valid_until":"2030-05-21"}`
	if string(b) != want {
		t.Fatalf("\n got %s\nwant %s", b, want)
	}
}

func TestParseSigned(t *testing.T) {
	good, _ := json.Marshal(signed(t, sampleDoc()))
	if _, err := ParseSigned(good); err != nil {
		t.Fatal(err)
	}
	for name, in := range map[string]string{
		"not json":      "hello",
		"unknown field": `{"document":{},"note":"x"}`,
		"unknown doc":   `{"document":{"extra":1}}`,
		"trailing":      string(good) + "}",
		"two values":    string(good) + string(good),
		"bad base64":    `{"signature":"***"}`,
	} {
		if _, err := ParseSigned([]byte(in)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestMessagesRegistered(t *testing.T) {
	for _, key := range onetrip.Keys() {
		if !strings.HasPrefix(key, "licence.") {
			continue
		}
		m, _ := onetrip.Lookup(key)
		if m.ZH() == "" || m.EN() == "" || verbs(m.ZH()) != verbs(m.EN()) {
			t.Errorf("%s: zh %q / en %q: both languages with the same verbs needed", key, m.ZH(), m.EN())
		}
	}
	for _, s := range []Status{StatusValid, StatusExpired, StatusRevoked, StatusNotGenuine} {
		if _, ok := onetrip.Lookup("licence.verdict." + string(s)); !ok {
			t.Errorf("no message for status %s", s)
		}
	}
}

// Every key literal in the package's code must be in the catalogue.
func TestUsedKeysRegistered(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	found := 0
	re := regexp.MustCompile(`"(licence\.[a-z_.]*[a-z_])"`)
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			found++
			if _, ok := onetrip.Lookup(m[1]); !ok {
				t.Errorf("%s: key %s is not registered", f, m[1])
			}
		}
	}
	if found < 10 {
		t.Fatalf("only %d keys found in the code: the scan is broken", found)
	}
}

func verbs(f string) string {
	var out []byte
	for i := 0; i < len(f)-1; i++ {
		if f[i] == '%' {
			j := i + 1
			for j < len(f) && strings.IndexByte("+-# 0123456789.[]", f[j]) >= 0 {
				j++
			}
			if j < len(f) {
				out = append(out, f[j])
			}
			i = j
		}
	}
	return string(out)
}
