package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"onetrip"
	"onetrip/app/apptest"
	"onetrip/qa"
	"onetrip/sqlstore"
)

// TestKnowledgeAdminPages: the knowledge base's admin pages. A refused
// entry comes back with each problem at its field and what was typed,
// writing nothing; a city admin cannot write a province-wide entry nor
// touch one; the author cannot approve their own entry, another admin
// can; a stale edit is refused. Department data admins and supervisors
// are refused every page, posts without the CSRF token too. The entry
// page previews the answer from the guide.
func TestKnowledgeAdminPages(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		newUser(t, e, sqlstore.NewUser{Username: "zj.kb", Name: "浙江省知识库审核员", Role: onetrip.RoleAdmin, Region: "330000"})
		zj, zj2, qz := pageAs(t, e, "zj.admin"), pageAs(t, e, "zj.kb"), pageAs(t, e, "qz.admin")

		for _, user := range []string{"zj.police.admin", "qz.supervisor"} {
			c := pageAs(t, e, user)
			for _, path := range []string{"/admin/knowledge", "/admin/knowledge/new", "/admin/knowledge/unanswered", "/admin/synonyms"} {
				if st, _ := c.do("GET", path, nil); st != http.StatusForbidden {
					t.Errorf("%s opens %s: %d", user, path, st)
				}
			}
			if st, _ := c.do("POST", "/admin/synonyms", url.Values{"csrf": {c.csrf}, "term": {"开面馆"}, "targets": {"餐饮"}}); st != http.StatusForbidden {
				t.Errorf("%s sets a synonym: %d", user, st)
			}
		}

		st, page := zj.do("GET", "/admin/knowledge", nil)
		if st != 200 || !strings.Contains(page, `id="kb-guide-faq"`) || !strings.Contains(page, "办事指南的常见问题随指南发布，已自动纳入知识库") ||
			!strings.Contains(page, `href="/admin/knowledge/new"`) || !strings.Contains(page, "没有符合条件的条目") || !strings.Contains(page, `href="/admin/knowledge"`) {
			t.Fatalf("list: %d %s", st, page)
		}
		if st, _ := zj.do("GET", "/admin/knowledge?state=bogus", nil); st != http.StatusBadRequest {
			t.Errorf("a bad state filter: %d", st)
		}

		// Refused: every problem at its field, the typed text kept, nothing written.
		bad := url.Values{"csrf": {zj.csrf}, "question": {""}, "answer": {"收费80元，等材料"}, "services": {"330-XXXX-001"}, "region": {"123"},
			"valid_from": {"2026-05-01"}, "valid_to": {"2026-04-01"}}
		st, page = zj.do("POST", "/admin/knowledge/new", bad)
		if st != http.StatusBadRequest || !strings.Contains(page, `id="form-problems"`) {
			t.Fatalf("a bad entry: %d %s", st, page)
		}
		for _, want := range []string{"不能为空", "“80元”是指南的收费或时限", "目录中没有事项或一件事 330-XXXX-001", "区划代码“123”无效", "有效期止 2026-04-01 早于起 2026-05-01",
			`value="2026-05-01"`, "收费80元，等材料</textarea>", ">330-XXXX-001</textarea>"} {
			if !strings.Contains(page, want) {
				t.Errorf("the refused entry lacks %q", want)
			}
		}
		if strings.Contains(page, `id="kb-lint"`) {
			t.Error("a refused form lists its lint twice")
		}
		noCSRF := url.Values{"csrf": {"x"}, "question": {"开面馆要先办执照吗"}, "answer": {"先办{name}。"}, "services": {"330-SCJG-001"}}
		if st, _ := zj.do("POST", "/admin/knowledge/new", noCSRF); st != http.StatusForbidden {
			t.Errorf("a post without the CSRF token: %d", st)
		}
		// A city's admin writes for the city only: the form again, 403.
		st, page = qz.do("POST", "/admin/knowledge/new", url.Values{"csrf": {qz.csrf}, "question": {"开面馆要先办执照吗"}, "answer": {"先办{name}。"}, "services": {"330-SCJG-001"}})
		if st != http.StatusForbidden || !strings.Contains(page, "您只能为本地区") || !strings.Contains(page, `value="开面馆要先办执照吗"`) {
			t.Fatalf("a city admin writes for the province: %d %s", st, page)
		}
		if list, _ := e.Store.KnowledgeEntries(ctx, sqlstore.KnowledgeQuery{}); len(list) != 0 {
			t.Fatalf("a refused entry was written: %+v", list)
		}
		if _, page := qz.do("GET", "/admin/knowledge/new", nil); !strings.Contains(page, `name="region" id="kb-f-region" value="330800"`) {
			t.Error("a city admin's new entry is not for the city")
		}

		// Created: a draft, its answer previewed from the guide.
		good := url.Values{"csrf": {zj.csrf}, "question": {"开面馆要先办执照吗"}, "answer": {"先办{name}，{fee}。"}, "services": {"330-SCJG-001、B-RESTAURANT"}}
		if st, _ := zj.do("POST", "/admin/knowledge/new", good); st != http.StatusSeeOther {
			t.Fatalf("create: %d", st)
		}
		list, err := e.Store.KnowledgeEntries(ctx, sqlstore.KnowledgeQuery{})
		if err != nil || len(list) != 1 || list[0].State != qa.StateDraft || list[0].Author != "zj.admin" || len(list[0].Services) != 2 {
			t.Fatalf("created: %+v %v", list, err)
		}
		id := list[0].ID
		it, err := e.Store.Item(ctx, "330-SCJG-001", 0)
		if err != nil {
			t.Fatal(err)
		}
		st, page = zj.do("GET", "/admin/knowledge/"+id+"?saved=1", nil)
		if st != 200 || !strings.Contains(page, `id="kb-flash"`) || !strings.Contains(page, "先办"+it.Item.Name) || !strings.Contains(page, `id="kb-own"`) ||
			strings.Contains(page, `id="kb-to-reviewed"`) || !strings.Contains(page, `id="kb-to-retired"`) || !strings.Contains(page, "{promised_days}") {
			t.Fatalf("entry page: %d %s", st, page)
		}
		if st, page := zj.do("POST", "/admin/knowledge/"+id+"/state", url.Values{"csrf": {zj.csrf}, "state": {"reviewed"}}); st != http.StatusConflict ||
			!strings.Contains(page, "不能审核自己写的条目") {
			t.Fatalf("the author approves: %d %s", st, page)
		}

		// A city admin reads the province's entry and changes nothing.
		st, page = qz.do("GET", "/admin/knowledge/"+id, nil)
		if st != 200 || !strings.Contains(page, `id="kb-readonly"`) || !strings.Contains(page, "<fieldset disabled>") || strings.Contains(page, `id="kb-actions"`) {
			t.Fatalf("a city admin's view: %d %s", st, page)
		}
		if st, _ := qz.do("POST", "/admin/knowledge/"+id+"/state", url.Values{"csrf": {qz.csrf}, "state": {"reviewed"}}); st != http.StatusForbidden {
			t.Errorf("a city admin approves a province entry: %d", st)
		}
		if st, _ := qz.do("POST", "/admin/knowledge/"+id, url.Values{"csrf": {qz.csrf}, "revision": {"1"}, "question": {"x"}, "answer": {"y"}, "services": {"330-SCJG-001"}, "region": {"330800"}}); st != http.StatusForbidden {
			t.Errorf("a city admin edits a province entry: %d", st)
		}

		// Another admin approves; then it is published.
		if _, page := zj2.do("GET", "/admin/knowledge/"+id, nil); !strings.Contains(page, `id="kb-to-reviewed"`) {
			t.Fatal("another admin has no 审核通过")
		}
		for _, to := range []string{"reviewed", "published"} {
			if st, _ := zj2.do("POST", "/admin/knowledge/"+id+"/state", url.Values{"csrf": {zj2.csrf}, "state": {to}}); st != http.StatusSeeOther {
				t.Fatalf("%s: %d", to, st)
			}
		}
		st, page = zj.do("GET", "/admin/knowledge?state=published", nil)
		if st != 200 || !strings.Contains(page, `data-id="`+id+`" data-state="published"`) || !strings.Contains(page, "浙江省知识库审核员") || !strings.Contains(page, "B-RESTAURANT") {
			t.Fatalf("published list: %d %s", st, page)
		}
		if _, page := zj.do("GET", "/admin/knowledge?state=draft", nil); strings.Contains(page, id) {
			t.Error("the draft tab lists a published entry")
		}
		if _, page := zj.do("GET", "/admin/knowledge?q=执照&service=B-RESTAURANT", nil); !strings.Contains(page, id) {
			t.Error("the search does not find the entry")
		}

		// A stale edit is refused, a fresh one returns to draft.
		edit := url.Values{"csrf": {zj.csrf}, "revision": {"1"}, "question": {"开面馆要先办执照吗"}, "answer": {"先办{name}。"}, "services": {"330-SCJG-001"}}
		if st, page := zj.do("POST", "/admin/knowledge/"+id, edit); st != http.StatusConflict || !strings.Contains(page, "条目已被他人修改") {
			t.Fatalf("a stale edit: %d %s", st, page)
		}
		cur, _ := e.Store.KnowledgeEntry(ctx, id)
		rev := cur.Revision
		edit.Set("revision", strconv.Itoa(rev))
		if st, _ := zj.do("POST", "/admin/knowledge/"+id, edit); st != http.StatusSeeOther {
			t.Fatalf("edit: %d", st)
		}
		if got, _ := e.Store.KnowledgeEntry(ctx, id); got.State != qa.StateDraft || got.Answer != "先办{name}。" || got.ReviewedBy != "" {
			t.Fatalf("edited: %+v", got)
		}

		// Synonyms: the province's admins change the table.
		st, page = qz.do("GET", "/admin/synonyms", nil)
		if st != 200 || !strings.Contains(page, `id="syn-readonly"`) || strings.Contains(page, `id="syn-form"`) {
			t.Fatalf("a city admin's synonyms: %d", st)
		}
		if st, _ := qz.do("POST", "/admin/synonyms", url.Values{"csrf": {qz.csrf}, "term": {"开茶馆"}, "targets": {"餐饮"}}); st != http.StatusForbidden {
			t.Errorf("a city admin sets a synonym: %d", st)
		}
		st, page = zj.do("POST", "/admin/synonyms", url.Values{"csrf": {zj.csrf}, "term": {"开茶馆"}, "targets": {"开茶馆、" + strings.Repeat("长", 21)}})
		if st != http.StatusBadRequest || !strings.Contains(page, "与说法本身相同") || !strings.Contains(page, "最长 20 个字") || !strings.Contains(page, `value="开茶馆"`) {
			t.Fatalf("a bad synonym: %d %s", st, page)
		}
		st, page = zj.do("POST", "/admin/synonyms", url.Values{"csrf": {zj.csrf}, "term": {"开茶馆"}, "targets": {"餐饮、食品经营"}})
		if st != 200 || !strings.Contains(page, "已添加同义词“开茶馆”") || !strings.Contains(page, `<tr data-term="开茶馆"><td>开茶馆</td><td>餐饮、食品经营</td>`) {
			t.Fatalf("set: %d %s", st, page)
		}
		if _, page := zj.do("GET", "/admin/synonyms?term=开茶馆", nil); !strings.Contains(page, `value="餐饮、食品经营"`) {
			t.Error("修改 does not fill the form")
		}
		if st, page := zj.do("POST", "/admin/synonyms", url.Values{"csrf": {zj.csrf}, "term": {"开茶馆"}, "targets": {"餐饮"}}); st != 200 || !strings.Contains(page, "已替换同义词“开茶馆”") {
			t.Fatalf("replace: %d", st)
		}
		del := url.Values{"csrf": {zj.csrf}, "term": {"开茶馆"}}
		if st, page := zj.do("POST", "/admin/synonyms/delete", del); st != 200 || !strings.Contains(page, "已删除同义词“开茶馆”") || strings.Contains(page, `data-term="开茶馆"`) {
			t.Fatalf("delete: %d", st)
		}
		if st, _ := zj.do("POST", "/admin/synonyms/delete", del); st != http.StatusNotFound {
			t.Fatalf("delete twice: %d", st)
		}

		// Unanswered questions link to a new entry with the question.
		if err := e.Store.QA().QAUnanswered(ctx, "怎么给猫办证", "330802"); err != nil {
			t.Fatal(err)
		}
		st, page = zj.do("GET", "/admin/knowledge/unanswered", nil)
		href := "/admin/knowledge/new?" + url.Values{"question": {"怎么给猫办证"}}.Encode()
		if st != 200 || !strings.Contains(page, "怎么给猫办证") || !strings.Contains(page, `href="`+href+`"`) || !strings.Contains(page, "330802") {
			t.Fatalf("unanswered: %d %s", st, page)
		}
		if _, page := zj.do("GET", href, nil); !strings.Contains(page, `value="怎么给猫办证"`) {
			t.Error("the new entry lacks the question")
		}

		// English: English punctuation, plurals settled.
		zj.lang = "en"
		for _, path := range []string{"/admin/knowledge", "/admin/knowledge/new", "/admin/knowledge/" + id, "/admin/synonyms", "/admin/knowledge/unanswered"} {
			st, page := zj.do("GET", path, nil)
			text := pageTags.ReplaceAllString(page, " ")
			if st != 200 || fullWidthAfterLatin.MatchString(text) || strings.Contains(text, "(s)") {
				t.Errorf("%s in English: %d %q", path, st, fullWidthAfterLatin.FindAllString(text, 3))
			}
		}
		if st, page := zj.do("POST", "/admin/knowledge/new", bad); st != http.StatusBadRequest || fullWidthAfterLatin.MatchString(pageTags.ReplaceAllString(page, " ")) {
			t.Errorf("the refused entry in English: %d %q", st, fullWidthAfterLatin.FindAllString(pageTags.ReplaceAllString(page, " "), 3))
		}
	})
}
