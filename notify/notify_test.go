package notify

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"onetrip"
	"onetrip/idcode"
	"onetrip/intake"
)

var kase = Case{ID: "c1", Number: "330802-20261127-000042", Title: "食品经营许可", QueryCode: "X9QFYN"}

func ev(typ string, seq int, data string) Event {
	return Event{Type: typ, Seq: seq, Data: json.RawMessage(data)}
}

func TestNotes(t *testing.T) {
	items := map[string][]Item{"n1": {{Name: "营业执照", Problem: intake.ProblemMissing}, {Name: "食品安全管理制度", Problem: intake.ProblemDefective, ReasonZH: "未盖章", ReasonEN: "not stamped"}}}
	cases := []struct {
		name  string
		ev    Event
		want  Kind // "" for no note
		check func(t *testing.T, n Note)
	}{
		{"accepted", ev("case.accepted", 3, `{"deferred_due":"","due_date":"2026-12-07","tasks":3}`), KindAccepted,
			func(t *testing.T, n Note) {
				if n.DueDate != "2026-12-07" || n.Event != 3 {
					t.Errorf("%+v", n)
				}
			}},
		{"correction", ev("case.correction_notice", 2, `{"notice":"n1","seq":1,"items":2,"breaches":0}`), KindCorrection,
			func(t *testing.T, n Note) {
				if len(n.Items) != 2 {
					t.Errorf("%+v", n)
				}
			}},
		{"correction without its lines", ev("case.correction_notice", 2, `{"notice":"n2"}`), "", nil},
		{"joint rectification: one notice, every finding", ev("joint.rectification", 11, `{"step":"330-ZJJS-002","findings":[
			{"decision":"returned","department":"330802-fire-rescue","kind":"fire-rescue","opinion":"疏散指示标志未按图施工"},
			{"decision":"approved","department":"330802-archives","kind":"archives","opinion":"同意"},
			{"decision":"returned","department":"330802-civil-air-defence","kind":"civil-air-defence","opinion":"防护密闭门安装不合格"}]}`), KindCorrection,
			func(t *testing.T, n Note) {
				if len(n.Rectify) != 2 || n.Rectify[1] != "防护密闭门安装不合格" {
					t.Errorf("%+v", n)
				}
				if body := n.Inbox(onetrip.LangZH).Body; !strings.Contains(body, "需整改以下 2 项") || !strings.Contains(body, "2. 防护密闭门安装不合格") {
					t.Errorf("inbox: %s", body)
				}
				if sms := n.SMS(onetrip.LangZH); !strings.Contains(sms, "需整改2项") {
					t.Errorf("sms: %s", sms)
				}
			}},
		{"joint step all approved says nothing", ev("joint.rectification", 11, `{"step":"s","findings":[{"decision":"approved","opinion":"同意"}]}`), "", nil},
		{"deferred reminder", ev("case.deferred_reminder", 5, `{"due":"2026-12-01","materials":["房产证复印件"]}`), KindDeferredDue,
			func(t *testing.T, n Note) {
				if n.DueDate != "2026-12-01" || len(n.Materials) != 1 {
					t.Errorf("%+v", n)
				}
			}},
		{"payment due", ev("payment.due", 6, `{"order":"o1","code":"33080226000000000017","department":"d","amount":"80.00","due_date":"2026-12-10"}`), KindPaymentDue,
			func(t *testing.T, n Note) {
				if n.Amount != "80.00" || n.PayCode != "33080226000000000017" || n.DueDate != "2026-12-10" {
					t.Errorf("%+v", n)
				}
			}},
		{"approved", ev("case.decided", 7, `{"decision":"approved","lead_department":"d","reasons":[]}`), KindDecided,
			func(t *testing.T, n Note) {
				if !n.Approved {
					t.Errorf("%+v", n)
				}
			}},
		{"denied", ev("case.decided", 7, `{"decision":"denied","lead_department":"d","reasons":[{"department":"d","opinion":"选址不符合规划","step":"s"}]}`), KindDecided,
			func(t *testing.T, n Note) {
				if n.Approved || len(n.Reasons) != 1 {
					t.Errorf("%+v", n)
				}
			}},
		{"ready at the window", ev("case.issued", 8, `{"delivery":"window"}`), KindReady, nil},
		{"dispatched", ev("case.issued", 8, `{"delivery":"courier","waybill":"SF1234567890"}`), KindDispatched,
			func(t *testing.T, n Note) {
				if n.Waybill != "SF1234567890" {
					t.Errorf("%+v", n)
				}
			}},
		{"electronic issue says nothing", ev("case.issued", 8, `{"delivery":"electronic"}`), "", nil},
		{"delivered", ev("case.delivered", 9, `{"delivery":"courier","waybill":"SF1234567890"}`), KindDelivered, nil},
		{"delivered at the window says nothing", ev("case.delivered", 9, `{"delivery":"window"}`), "", nil},
		{"delivery failed", ev("case.delivery_failed", 9, `{"delivery":"courier","waybill":"SF1","reason":"拒收"}`), KindReady,
			func(t *testing.T, n Note) {
				if !n.Failed {
					t.Errorf("%+v", n)
				}
			}},
		{"closed asks for a rating", ev("case.closed", 10, `{}`), KindRating, nil},
		{"task events say nothing", ev("task.ready", 4, `{}`), "", nil},
		{"unreadable data says nothing", ev("case.accepted", 3, `[`), "", nil},
	}
	for _, c := range cases {
		got := Notes(kase, []Event{c.ev}, items)
		switch {
		case c.want == "" && len(got) != 0:
			t.Errorf("%s: %+v, want none", c.name, got)
		case c.want != "" && (len(got) != 1 || got[0].Kind != c.want):
			t.Errorf("%s: %+v, want %s", c.name, got, c.want)
		case c.check != nil && len(got) == 1:
			c.check(t, got[0])
		}
	}
	if !Relevant([]string{"task.ready", "case.accepted"}) || Relevant([]string{"task.ready", "case.submitted"}) {
		t.Error("Relevant")
	}
	if NoticeOf(ev("case.correction_notice", 1, `{"notice":"n1"}`)) != "n1" || NoticeOf(ev("case.accepted", 1, `{"notice":"n1"}`)) != "" {
		t.Error("NoticeOf")
	}
}

// Every kind renders in both languages with its facts, and every SMS is
// signed, short and carries no full ID number.
func TestTexts(t *testing.T) {
	notes := []Note{
		{Kind: KindAccepted, Case: kase, DueDate: "2026-12-07"},
		{Kind: KindCorrection, Case: kase, Items: []Item{{Name: "营业执照", Problem: intake.ProblemMissing}, {Name: "食品安全管理制度", Problem: intake.ProblemDefective, ReasonZH: "未盖章", ReasonEN: "not stamped"}}},
		{Kind: KindDeferredDue, Case: kase, DueDate: "2026-12-01", Materials: []string{"房产证复印件"}},
		{Kind: KindPaymentDue, Case: kase, Amount: "80.00", PayCode: "33080226000000000017", DueDate: "2026-12-10"},
		{Kind: KindDecided, Case: kase, Approved: true},
		{Kind: KindDecided, Case: kase, Reasons: []string{"选址不符合规划"}},
		{Kind: KindReady, Case: kase},
		{Kind: KindReady, Case: kase, Failed: true, Waybill: "SF1"},
		{Kind: KindDispatched, Case: kase, Waybill: "SF1234567890"},
		{Kind: KindDelivered, Case: kase, Waybill: "SF1234567890"},
		{Kind: KindRating, Case: kase},
	}
	for _, n := range notes {
		for _, lang := range onetrip.Langs {
			in := n.Inbox(lang)
			s := n.SMS(lang)
			for _, text := range []string{in.Title, in.Body, s} {
				if strings.Contains(text, "%!") || strings.Contains(text, "notify.") {
					t.Errorf("%s %s: broken text %q", n.Kind, lang, text)
				}
			}
			if !strings.Contains(in.Title, kase.Title) || !strings.Contains(in.Body, kase.Number) {
				t.Errorf("%s %s: inbox %+v lacks the case", n.Kind, lang, in)
			}
			if !strings.HasPrefix(s, Signature) || !strings.Contains(s, kase.Number) || len([]rune(s)) > MaxSMS {
				t.Errorf("%s %s: SMS %q", n.Kind, lang, s)
			}
		}
	}
	acc := notes[0]
	if s := acc.SMS(onetrip.LangZH); s != "【一窗通】您申请的食品经营许可已受理，办件编号330802-20261127-000042，承诺2026-12-07前办结。查询码X9QFYN。" {
		t.Errorf("accepted SMS %q", s)
	}
	if b := acc.Inbox(onetrip.LangEN).Body; !strings.Contains(b, "2026-12-07") || !strings.Contains(b, "X9QFYN") {
		t.Errorf("accepted inbox %q", b)
	}
	noCode := acc
	noCode.Case.QueryCode = ""
	if strings.Contains(noCode.SMS(onetrip.LangZH), "查询码") {
		t.Error("a query code without one")
	}
	// The correction notice lists every material with its problem and
	// reason in the inbox, and every name by SMS.
	corr := notes[1]
	in := corr.Inbox(onetrip.LangZH).Body
	for _, want := range []string{"2 项", "1. 营业执照（缺少）", "2. 食品安全管理制度（不符合要求）：未盖章"} {
		if !strings.Contains(in, want) {
			t.Errorf("correction inbox lacks %q:\n%s", want, in)
		}
	}
	if en := corr.Inbox(onetrip.LangEN).Body; !strings.Contains(en, "2. 食品安全管理制度 (defective): not stamped") || !strings.Contains(en, "2 materials") {
		t.Errorf("correction inbox en:\n%s", en)
	}
	if s := corr.SMS(onetrip.LangZH); !strings.Contains(s, "营业执照、食品安全管理制度") {
		t.Errorf("correction SMS %q", s)
	}
	// Too many to text: the count, and the inbox has them all.
	long := corr
	long.Items = nil
	for i := 0; i < 40; i++ {
		long.Items = append(long.Items, Item{Name: "第" + strings.Repeat("十", 3) + "项很长的材料名称", Problem: intake.ProblemMissing})
	}
	if s := long.SMS(onetrip.LangZH); !strings.Contains(s, "40项") || strings.Contains(s, "很长") || len([]rune(s)) > MaxSMS {
		t.Errorf("long correction SMS %q", s)
	}
	if b := long.Inbox(onetrip.LangZH).Body; strings.Count(b, "很长的材料名称") != 40 {
		t.Error("the inbox must list every material")
	}
	denied := notes[5]
	if b := denied.Inbox(onetrip.LangZH).Body; !strings.Contains(b, "选址不符合规划") {
		t.Errorf("denied inbox %q", b)
	}
	if s := denied.SMS(onetrip.LangZH); strings.Contains(s, "选址") {
		t.Errorf("the denial's reasons go to the inbox, not by SMS: %q", s)
	}
}

func TestMaskIDs(t *testing.T) {
	id := idcode.MakeCitizenID("330802", mustDate("1986-05-14"), 123)
	uscc := "91330802MA2DK1KT1Y"
	if _, _, err := idcode.CheckUSCC(uscc); err != nil {
		t.Fatalf("test USCC: %v", err)
	}
	cases := []struct{ in, want string }{
		{"身份证" + id + "已核验", "身份证" + idcode.MaskCitizenID(id) + "已核验"},
		{"lower x 33010219200403064x end", "lower x 330***********064X end"},
		{"not checked 110105194912310021", "not checked 110***********0021"},
		{"企业" + uscc + "。", "企业" + idcode.MaskCitizenID(uscc) + "。"},
		{"缴款码33080226000000000017", "缴款码33080226000000000017"},       // 20 digits: a payment code
		{"办件编号330802-20261127-000042", "办件编号330802-20261127-000042"}, // hyphens: a case number
		{"运单SF1234567890123", "运单SF1234567890123"},
		{"19 digits 1234567890123456789", "19 digits 1234567890123456789"},
		{"ABCDEFGHJKLMNPQRTU is no USCC", "ABCDEFGHJKLMNPQRTU is no USCC"},
		{id, idcode.MaskCitizenID(id)},
	}
	for _, c := range cases {
		if got := MaskIDs(c.in); got != c.want {
			t.Errorf("MaskIDs(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	// A template that would carry an ID still leaves it masked.
	n := Note{Kind: KindDispatched, Case: kase, Waybill: id}
	if s := n.SMS(onetrip.LangZH); strings.Contains(s, id) {
		t.Errorf("SMS leaks an ID: %q", s)
	}
}

func TestPrefs(t *testing.T) {
	d := DefaultPrefs()
	for _, k := range Kinds {
		if !d.SMSFor(k) {
			t.Errorf("SMS is on by default for %s", k)
		}
	}
	p := Prefs{SMS: true, SMSOff: []Kind{KindRating}}
	if p.SMSFor(KindRating) || !p.SMSFor(KindAccepted) {
		t.Error("per kind")
	}
	if (Prefs{SMS: false}).SMSFor(KindAccepted) {
		t.Error("SMS off entirely")
	}
	got, err := Prefs{SMS: true, SMSOff: []Kind{KindRating, KindAccepted, KindRating}}.Check()
	if err != nil || len(got.SMSOff) != 2 || got.SMSOff[0] != KindAccepted || got.Lang != onetrip.LangZH {
		t.Fatalf("%+v %v", got, err)
	}
	_, err = Prefs{SMSOff: []Kind{"spam"}, Lang: "fr"}.Check()
	e := onetrip.AsError(err)
	if e == nil || e.Code != onetrip.CodeInvalid || len(e.Details) != 2 || e.Details[0].Path != "sms_off[0]" || e.Details[1].Path != "lang" {
		t.Fatalf("%+v", e)
	}
}

func TestAddress(t *testing.T) {
	notes := []Note{{Kind: KindAccepted, Case: kase, DueDate: "2026-12-07"}, {Kind: KindRating, Case: kase}}
	rs := []Recipient{
		{UserID: "u1", Mobile: "13800138000", Prefs: DefaultPrefs()},
		{UserID: "u2", Prefs: DefaultPrefs()}, // no mobile: inbox only
		{UserID: "u3", Mobile: "13900139000", Prefs: Prefs{SMS: true, SMSOff: []Kind{KindRating}, Lang: onetrip.LangEN}},
		{UserID: "u4", Mobile: "13700137000", Prefs: Prefs{SMS: false}},
		{UserID: "u1", Mobile: "13800138000", Prefs: DefaultPrefs()}, // named twice
	}
	ms := Address(notes, rs)
	if len(ms) != 8 {
		t.Fatalf("%d messages, want 8 (4 recipients × 2)", len(ms))
	}
	sms := map[string]int{}
	for _, m := range ms {
		if m.ZH.Title == "" || m.EN.Title == "" {
			t.Errorf("inbox text missing: %+v", m)
		}
		if m.SMS != "" {
			sms[m.UserID]++
			if m.Mobile == "" {
				t.Errorf("SMS without a number: %+v", m)
			}
		}
		if m.UserID == "u3" && m.SMS != "" && !strings.Contains(m.SMS, "was accepted") {
			t.Errorf("u3 reads English: %q", m.SMS)
		}
	}
	if sms["u1"] != 2 || sms["u2"] != 0 || sms["u3"] != 1 || sms["u4"] != 0 {
		t.Fatalf("SMS per recipient %v", sms)
	}
}

func mustDate(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}
