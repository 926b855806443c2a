package web

import (
	"bytes"
	"html/template"
	"regexp"
	"slices"
	"strings"
	"testing"

	"onetrip"
	"onetrip/catalog"
	"onetrip/licence"
)

// TestLicenceCertBlock renders the certificate of a 食品经营许可证 as the
// page and the print view do: the type's fields in order, each once, a
// blank for a field nobody filled, the code once, the issuer, signer and
// date under the seal.
func TestLicenceCertBlock(t *testing.T) {
	c, err := catalog.Demo()
	if err != nil {
		t.Fatal(err)
	}
	var lt catalog.LicenceType
	for _, x := range c.LicenceTypes {
		if x.Code == "L-FOOD" {
			lt = x
		}
	}
	const uscc = "91330802MA2D4F5X7K"
	l := licence.Licence{Identifier: "1.2.156.3005.2.x", Type: "L-FOOD", TypeName: lt.Name, Status: licence.StatusValid,
		Holder:   licence.Holder{Name: "衢州市建国食品有限公司", IDType: licence.IDUSCC, IDNumber: uscc},
		Issuer:   licence.Issuer{Name: "衢州市柯城区市场监督管理局"},
		IssuedOn: "2026-05-21", ValidUntil: "2031-05-20",
		Fields: map[string]string{"经营者名称": "衢州市建国食品有限公司", "统一社会信用代码": uscc, "许可证编号": "JY13308020012345",
			"有效期至": "2031-05-20", "发证机关": "衢州市柯城区市场监督管理局", "签发日期": "2026-05-21"}}
	w := &Web{pages: map[string]*template.Template{}}
	w.parse()
	for _, lang := range []onetrip.Lang{onetrip.LangZH, onetrip.LangEN} {
		pg := &Page{Lang: lang}
		v := &licenceView{L: l, Cert: certDocument(l).Certificate(lt.Fields), StatusKey: statusKey(l.Status)}
		var b bytes.Buffer
		if err := w.pages["print_licence"].ExecuteTemplate(&b, "licence_cert", certData{Page: pg, V: v}); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		var fields []string
		for _, m := range regexp.MustCompile(`<dt data-field="([^"]*)"`).FindAllStringSubmatch(out, -1) {
			fields = append(fields, m[1])
		}
		for _, m := range regexp.MustCompile(`<p class="cert-sign-line" data-field="([^"]*)"`).FindAllStringSubmatch(out, -1) {
			fields = append(fields, m[1])
		}
		if !slices.Equal(fields, lt.Fields) {
			t.Errorf("%s: fields %v\nwant %v", lang, fields, lt.Fields)
		}
		if n := strings.Count(out, uscc); n != 1 {
			t.Errorf("%s: the code printed %d times", lang, n)
		}
		for _, re := range []string{`<dd id="cert-holder" data-field="经营者名称" data-role="holder_name">衢州市建国食品有限公司</dd>`,
			`<dd id="cert-holder-id" data-field="统一社会信用代码" data-role="holder_id" class="code">` + uscc + `</dd>`,
			`<dd data-field="日常监督管理人员" data-role="" class="blank"></dd>`,
			`<span class="cert-sign-name">发证机关[：:] ?</span><span id="cert-issuer">衢州市柯城区市场监督管理局</span>`,
			`<span class="cert-sign-name">签发人[：:] ?</span><span class="blank"></span>`,
			`<span id="cert-date">2026-05-21</span>`} {
			if !regexp.MustCompile(re).MatchString(out) {
				t.Errorf("%s: no %s in\n%s", lang, re, out)
			}
		}
		for _, id := range []string{"cert-holder", "cert-holder-id", "cert-validity", "cert-issuer", "cert-date"} {
			if n := strings.Count(out, `id="`+id+`"`); n != 1 {
				t.Errorf("%s: %d elements #%s", lang, n, id)
			}
		}
	}
}
