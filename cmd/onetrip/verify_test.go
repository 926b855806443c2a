package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"onetrip/app/apptest"
	"onetrip/demo"
	"onetrip/licence"
)

// TestVerifyCommand checks files exported by the API with no database: the
// genuine one passes (exit 0), any tampered copy or a file that is not a
// licence fails (exit 1), and the output says what offline cannot check.
func TestVerifyCommand(t *testing.T) {
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	t.Setenv("LANG", "en_US.UTF-8")
	apptest.EachInTurn(t, func(t *testing.T, e *apptest.Env) {
		var list []licence.Licence
		e.Do("GET", "/api/v1/licences?type=L-BIZ", "qz.applicant", nil).JSON(t, &list)
		if len(list) == 0 {
			t.Fatal("the demo company has no business licence")
		}
		r := e.Do("GET", "/api/v1/licences/"+list[0].ID+"/export", "qz.applicant", nil)
		if r.Status != 200 {
			t.Fatalf("export: %d %s", r.Status, r.Body)
		}
		dir := t.TempDir()
		write := func(name string, b []byte) string {
			p := filepath.Join(dir, name)
			if err := os.WriteFile(p, b, 0o600); err != nil {
				t.Fatal(err)
			}
			return p
		}
		verify := func(path string) (int, string, string) {
			var out, errb bytes.Buffer
			code := run(context.Background(), []string{"verify", path}, strings.NewReader(""), &out, &errb)
			return code, out.String(), errb.String()
		}

		good := write("good.json", r.Body)
		code, out, _ := verify(good)
		if code != 0 || !strings.Contains(out, "genuine and valid") || !strings.Contains(out, list[0].Identifier) ||
			!strings.Contains(out, "Revocation cannot be checked offline") || !strings.Contains(out, "fingerprint") {
			t.Fatalf("genuine file: exit %d\n%s", code, out)
		}
		if strings.Contains(out, demo.QZApplicant.IDNumber) {
			t.Errorf("the output shows a full ID number: %s", out)
		}

		sd, err := licence.ParseSigned(r.Body)
		if err != nil {
			t.Fatal(err)
		}
		for name, f := range map[string]func(s *licence.Signed){
			"holder":    func(s *licence.Signed) { s.Document.Holder.Name = "某某公司" },
			"field":     func(s *licence.Signed) { s.Document.Fields["注册资本"] = "壹亿元整" },
			"signature": func(s *licence.Signed) { s.Signature[len(s.Signature)-2] ^= 0xff },
			"truncated": func(s *licence.Signed) { s.Signature = s.Signature[:20] },
			"check": func(s *licence.Signed) {
				s.Document.Identifier = s.Document.Identifier[:len(s.Document.Identifier)-1] + "Q"
			},
			"pem": func(s *licence.Signed) { s.PublicKeyPEM = "" },
		} {
			b, _ := json.Marshal(sd)
			c, _ := licence.ParseSigned(b)
			f(&c)
			b, _ = json.Marshal(c)
			code, out, errOut := verify(write(name+".json", b))
			if code != 1 || strings.Contains(out, "genuine and valid") || !strings.Contains(errOut, "not a genuine") {
				t.Errorf("%s: exit %d\n%s\n%s", name, code, out, errOut)
			}
		}
		for name, body := range map[string]string{"garbage": "not json", "empty": "", "unknown field": `{"document":{},"x":1}`} {
			if code, _, errOut := verify(write(name+".json", []byte(body))); code != 1 || errOut == "" {
				t.Errorf("%s: exit %d %s", name, code, errOut)
			}
		}
		if code, _, _ := verify(filepath.Join(dir, "missing.json")); code != 1 {
			t.Errorf("missing file: exit %d", code)
		}
		if code := run(context.Background(), []string{"verify"}, strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{}); code != 1 {
			t.Errorf("no file: exit %d", code)
		}

		// An expired licence is genuine (exit 0) and says it expired.
		var shop []licence.Licence
		e.Do("GET", "/api/v1/licences?type=L-FOOD&status=expired", "qz.reviewer", nil).JSON(t, &shop)
		if len(shop) == 0 {
			t.Fatal("no expired demo licence")
		}
		r = e.Do("GET", "/api/v1/licences/"+shop[0].ID+"/export", "qz.reviewer", nil)
		if code, out, _ := verify(write("expired.json", r.Body)); code != 0 || !strings.Contains(out, "expired") {
			t.Errorf("expired: exit %d %s", code, out)
		}
	})
}
