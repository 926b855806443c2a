package e2e

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"onetrip/app/apptest"
	"onetrip/demo"
	"onetrip/licence"
)

// TestLicenceCertificateContent is issue 17's licence: a 食品经营许可证
// issued through a case prints every field of its type once, in the order
// of the official form (the catalogue's), the company's code once, a blank
// for what the reviewer left empty; the seal is a real one — its texts
// inside the ring, none over the star, the serial on the lower arc — and no
// text of the page is drawn across it, on the page and in the print view.
func TestLicenceCertificateContent(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		var types []struct {
			Code   string
			Fields []string
		}
		e.Do("GET", "/api/v1/licence-types", "", nil).JSON(t, &types)
		var fields []string
		for _, lt := range types {
			if lt.Code == "L-FOOD" {
				fields = lt.Fields
			}
		}
		if len(fields) == 0 || fields[0] != "经营者名称" || !slices.Contains(fields, "日常监督管理机构") {
			t.Fatalf("L-FOOD fields %v", fields)
		}
		l := foodLicenceWith(t, e, map[string]string{"许可证编号": "JY13308020012345", "日常监督管理机构": "衢州市柯城区市场监督管理局府山所",
			"投诉举报电话": "12315", "签发人": "张志明"})

		b := apptest.NewBrowser(t)
		e.Login(b, "qz.reviewer")
		for _, path := range []string{"/licences/" + l.ID, "/licences/" + l.ID + "/print"} {
			b.Do(chromedp.Navigate(e.URL+path), chromedp.WaitVisible(chromedp.ID("cert-seal")))

			// The content: the type's fields, in order, each once.
			var lines []struct{ Field, Role, Text, Class string }
			if err := json.Unmarshal([]byte(b.Eval(`JSON.stringify([...document.querySelectorAll("#cert-fields dd[data-field], #cert-sign .cert-sign-line")].map(el => {
				const v = el.matches("dd") ? el : el.lastElementChild;
				return {field: el.dataset.field, role: el.dataset.role, text: v.textContent, class: v.className};
			}))`)), &lines); err != nil {
				t.Fatal(err)
			}
			var got []string
			byField := map[string]string{}
			for _, ln := range lines {
				if ln.Field != "" {
					got = append(got, ln.Field)
					byField[ln.Field] = ln.Text
				}
			}
			if !slices.Equal(got, fields) {
				t.Fatalf("%s: the certificate prints %v\nthe form's order is %v", path, got, fields)
			}
			for k, want := range map[string]string{"经营者名称": demo.QZCompany.Name, "统一社会信用代码": demo.QZCompany.IDNumber,
				"许可证编号": "JY13308020012345", "有效期至": l.ValidUntil, "日常监督管理机构": "衢州市柯城区市场监督管理局府山所", "投诉举报电话": "12315",
				"发证机关": l.Issuer.Name, "签发人": "张志明", "签发日期": l.IssuedOn, "日常监督管理人员": "", "经营场所": "浙江省衢州市柯城区府山街道坊门街18号"} {
				if byField[k] != want {
					t.Errorf("%s: %s printed %q, want %q", path, k, byField[k], want)
				}
			}
			if c := b.Attr(`#cert-fields dd[data-field="日常监督管理人员"]`, "class"); c != "blank" {
				t.Errorf("%s: an empty field is a blank line (class %q)", path, c)
			}
			if n := strings.Count(b.Text("#licence-cert"), demo.QZCompany.IDNumber); n != 1 {
				t.Errorf("%s: the USCC is printed %d times", path, n)
			}
			if b.Text("#cert-holder") != demo.QZCompany.Name || b.Text("#cert-issuer") != l.Issuer.Name || b.Text("#cert-date") != l.IssuedOn {
				t.Errorf("%s: holder, issuer, date: %q %q %q", path, b.Text("#cert-holder"), b.Text("#cert-issuer"), b.Text("#cert-date"))
			}

			// The seal as the browser lays it out, in screen pixels: each
			// text's em box (font size high, its advance wide, centred on its
			// point) inside the ring's inner edge and off the star; the
			// serial under the centre; the page's texts off the seal.
			var problems []string
			if err := json.Unmarshal([]byte(b.Eval(`(() => {
				const out = [], svg = document.querySelector("#cert-seal svg");
				const ring = svg.querySelector("circle"), star = svg.querySelector("polygon");
				const pt = (el, x, y) => new DOMPoint(x, y).matrixTransform(el.getScreenCTM());
				const m = ring.getScreenCTM(), c = pt(ring, ring.cx.baseVal.value, ring.cy.baseVal.value);
				const inner = (ring.r.baseVal.value - ring.getAttribute("stroke-width") / 2) * m.a;
				const sb = star.getBBox(), s0 = pt(star, sb.x, sb.y), s1 = pt(star, sb.x + sb.width, sb.y + sb.height);
				const overlaps = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
				const starBox = {left: s0.x, top: s0.y, right: s1.x, bottom: s1.y};
				const texts = [...svg.querySelectorAll("text")];
				if (texts.length < 10) out.push("only " + texts.length + " texts");
				if (Math.abs((s0.x + s1.x) / 2 - c.x) > 1) out.push("the star is not centred");
				for (const t of texts) {
					const size = parseFloat(t.getAttribute("font-size")), w = t.getComputedTextLength(), h = size;
					const corners = [[-w/2, -h/2], [w/2, -h/2], [w/2, h/2], [-w/2, h/2]].map(([x, y]) => pt(t, x, y));
					const box = {left: Math.min(...corners.map(p => p.x)), right: Math.max(...corners.map(p => p.x)),
						top: Math.min(...corners.map(p => p.y)), bottom: Math.max(...corners.map(p => p.y))};
					for (const p of corners) {
						const r = Math.hypot(p.x - c.x, p.y - c.y);
						if (r > inner - 1) out.push(t.textContent + " reaches " + r.toFixed(1) + "px, the ring's inner edge is at " + inner.toFixed(1));
					}
					if (overlaps(box, starBox)) out.push(t.textContent + " overlaps the star");
					// The browser centres the glyph on its point (dominant-baseline central).
					const bb = t.getBBox(), mid = pt(t, bb.x + bb.width / 2, bb.y + bb.height / 2), at = pt(t, 0, 0);
					if (Math.hypot(mid.x - at.x, mid.y - at.y) > size * m.a * 0.25) out.push(t.textContent + " is not centred on its point");
					if (t.classList.contains("seal-serial") && box.top <= c.y) out.push("serial " + t.textContent + " is not on the lower half");
				}
				const seal = svg.getBoundingClientRect();
				for (const el of document.querySelectorAll("#licence-cert dt, #licence-cert dd, #licence-cert p, #licence-cert span, #licence-cert h1, #licence-cert figure")) {
					const r = el.getBoundingClientRect();
					if (r.width > 0 && r.height > 0 && el.textContent.trim() !== "" && overlaps(r, seal)) out.push((el.id || el.className || el.tagName) + " " + JSON.stringify(el.textContent.slice(0, 20)) + " is drawn across the seal");
				}
				return JSON.stringify(out);
			})()`)), &problems); err != nil {
				t.Fatal(err)
			}
			for _, p := range problems {
				t.Errorf("%s: %s", path, p)
			}
		}
	})
}

// foodLicenceWith issues a 食品经营许可证 through a case, as foodLicenceCase
// does, with the reviewer's outputs given.
func foodLicenceWith(t *testing.T, e *apptest.Env, outputs map[string]string) licence.Licence {
	t.Helper()
	var item struct {
		Materials []struct{ ID, Name, Source string }
	}
	e.Do("GET", "/api/v1/items/330-SCJG-005", "", nil).JSON(t, &item)
	var marks []mark
	for _, m := range item.Materials {
		if m.Source != "licence:L-BIZ" {
			marks = append(marks, mark{Spec: m.ID, Status: "received"})
		}
	}
	r := e.Do("POST", "/api/v1/cases", "qz.clerk", map[string]any{"item": "330-SCJG-005", "region": "330802", "channel": "window",
		"applicant": map[string]any{"type": "org", "name": demo.QZCompany.Name, "id_number": demo.QZCompany.IDNumber}, "materials": marks,
		"form": map[string]any{"经营场所": "浙江省衢州市柯城区府山街道坊门街18号", "主体业态": "食品销售经营者", "经营项目": "预包装食品销售（含冷藏冷冻食品）"}})
	var c caseJSON
	r.JSON(t, &c)
	if r.Status != 201 || len(c.Tasks) != 1 {
		t.Fatalf("intake: %d %s", r.Status, r.Body)
	}
	r = e.Do("POST", "/api/v1/tasks/"+c.Tasks[0].ID+"/decision", "qz.reviewer", map[string]any{"decision": "approve", "opinion": "符合食品经营许可条件",
		"outputs": outputs, "version": c.Tasks[0].Version})
	if r.Status != 200 {
		t.Fatalf("decision: %d %s", r.Status, r.Body)
	}
	e.Do("GET", "/api/v1/cases/"+c.ID, "qz.clerk", nil).JSON(t, &c)
	if len(c.Licences) != 1 {
		t.Fatalf("licences %+v", c.Licences)
	}
	var l licence.Licence
	if r := e.Do("GET", "/api/v1/licences/"+c.Licences[0].ID, "qz.reviewer", nil); r.Status != 200 {
		t.Fatalf("licence: %d %s", r.Status, r.Body)
	} else {
		r.JSON(t, &l)
	}
	return l
}
