// Package notify is the one notification service's rules (消息通知): which
// events of a case tell its applicant something, what each says in zh-CN
// and English — in the in-app inbox (站内消息, a title and a body) and by
// SMS (short, signed 【一窗通】) — who receives it, and through which
// channels the applicant chose. Nothing that goes by SMS carries a full
// citizen ID or USCC. Pure functions: the store writes what they give in
// the transaction of the change and the job queue sends the SMS.
package notify

import (
	"encoding/json"
	"slices"
	"strings"

	"onetrip"
	"onetrip/casework"
	"onetrip/intake"
)

// Kind is what a notification is about; the applicant chooses its
// channels per kind.
type Kind string

const (
	KindCorrection  Kind = "correction"   // 一次性告知: materials to correct, every one listed
	KindAccepted    Kind = "accepted"     // 受理: case number, due date, query code
	KindDeferredDue Kind = "deferred_due" // 容缺材料到期未补
	KindDecided     Kind = "decided"      // 审批结果
	KindReady       Kind = "ready"        // 结果可到窗口领取
	KindDispatched  Kind = "dispatched"   // 结果已寄出
	KindDelivered   Kind = "delivered"    // 结果已签收
	KindPaymentDue  Kind = "payment_due"  // 待缴费
	KindRating      Kind = "rating"       // 邀请评价（好差评）
)

// Kinds lists every kind, in the order of a case's life.
var Kinds = []Kind{KindAccepted, KindCorrection, KindDeferredDue, KindPaymentDue, KindDecided, KindReady, KindDispatched, KindDelivered, KindRating}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return slices.Contains(Kinds, k) }

// Label names the kind for people.
func (k Kind) Label(lang onetrip.Lang) string { return onetrip.Render(lang, "notify.kind."+string(k)) }

// Events are the case events that may notify the applicant.
var Events = []string{"case.accepted", "case.correction_notice", "case.deferred_reminder", "payment.due", "case.decided",
	"case.issued", "case.delivered", "case.delivery_failed", "case.closed", "joint.rectification"}

// Case is what a notification says about its case.
type Case struct {
	ID, Number, Title string
	QueryCode         string // the public progress lookup's code; "" when there is none
}

// Event is one new event of a case's log, as the store has it.
type Event struct {
	Type string
	Seq  int
	Data json.RawMessage
}

// Item is one line of a correction notice as the notification lists it.
type Item struct {
	Name               string
	Problem            intake.Problem
	ReasonZH, ReasonEN string
}

// ItemsOf turns a notice's lines into the notification's.
func ItemsOf(items []intake.NoticeItem) []Item {
	out := make([]Item, len(items))
	for i, it := range items {
		out[i] = Item{Name: it.Name, Problem: it.Problem, ReasonZH: it.ReasonText(onetrip.LangZH), ReasonEN: it.ReasonText(onetrip.LangEN)}
	}
	return out
}

// Note is one notification of a case, before it is addressed.
type Note struct {
	Kind  Kind
	Case  Case
	Event int // the event's seq: a notification's identity within its case
	// What the kinds say, each set where its kind uses it.
	DueDate   string   // accepted: the promised date; deferred_due, payment_due: the date due
	Items     []Item   // correction: every material
	Rectify   []string // correction after a joint step (联合验收 …): every department's 需整改 finding
	Materials []string // deferred_due: the late materials
	Approved  bool     // decided
	Reasons   []string // decided, denied: the departments' opinions
	Waybill   string   // dispatched, delivered
	Failed    bool     // ready: the courier could not deliver, the result is back at the window
	Amount    string   // payment_due, in yuan
	PayCode   string   // payment_due: the payment code (缴款码)
}

// NoticeOf is the notice a correction event names ("" for other events),
// so the store loads its lines for Notes.
func NoticeOf(e Event) string {
	if e.Type != "case.correction_notice" {
		return ""
	}
	var d struct {
		Notice string `json:"notice"`
	}
	json.Unmarshal(e.Data, &d)
	return d.Notice
}

// Relevant reports whether any of the events may notify.
func Relevant(types []string) bool {
	for _, t := range types {
		if slices.Contains(Events, t) {
			return true
		}
	}
	return false
}

// Notes are what a command's new events tell the applicant, in the
// events' order; notices holds the lines of each correction notice named
// (NoticeOf). An event's data the notes cannot read gives no note rather
// than a wrong one.
func Notes(c Case, evs []Event, notices map[string][]Item) []Note {
	var out []Note
	for _, e := range evs {
		n := Note{Case: c, Event: e.Seq}
		switch e.Type {
		case "case.accepted":
			var d casework.CaseAcceptedData
			if json.Unmarshal(e.Data, &d) != nil {
				continue
			}
			n.Kind, n.DueDate = KindAccepted, d.DueDate
		case "case.correction_notice":
			items, ok := notices[NoticeOf(e)]
			if !ok || len(items) == 0 {
				continue
			}
			n.Kind, n.Items = KindCorrection, items
		case "joint.rectification": // one combined notice for every participant's findings
			var d casework.JointRectificationData
			if json.Unmarshal(e.Data, &d) != nil {
				continue
			}
			for _, f := range d.Findings {
				if f.Decision == casework.TaskReturned {
					n.Rectify = append(n.Rectify, f.Opinion)
				}
			}
			if len(n.Rectify) == 0 {
				continue
			}
			n.Kind = KindCorrection
		case "case.deferred_reminder":
			var d struct {
				Due       string   `json:"due"`
				Materials []string `json:"materials"`
			}
			if json.Unmarshal(e.Data, &d) != nil || len(d.Materials) == 0 {
				continue
			}
			n.Kind, n.DueDate, n.Materials = KindDeferredDue, d.Due, d.Materials
		case "payment.due":
			var d casework.PaymentData
			if json.Unmarshal(e.Data, &d) != nil {
				continue
			}
			n.Kind, n.Amount, n.PayCode, n.DueDate = KindPaymentDue, d.Amount, d.Code, d.DueDate
		case "case.decided":
			var d casework.CaseDecidedData
			if json.Unmarshal(e.Data, &d) != nil {
				continue
			}
			n.Kind, n.Approved = KindDecided, d.Decision == casework.CaseApproved
			for _, r := range d.Reasons {
				if r.Opinion != "" {
					n.Reasons = append(n.Reasons, r.Opinion)
				}
			}
		case "case.issued", "case.delivered", "case.delivery_failed":
			var d casework.CourierData
			if json.Unmarshal(e.Data, &d) != nil {
				continue
			}
			switch {
			case e.Type == "case.delivery_failed":
				n.Kind, n.Failed, n.Waybill = KindReady, true, d.Waybill
			case e.Type == "case.issued" && d.Delivery == "window":
				n.Kind = KindReady
			case e.Type == "case.issued" && d.Delivery == "courier":
				n.Kind, n.Waybill = KindDispatched, d.Waybill
			case e.Type == "case.delivered" && d.Delivery == "courier":
				n.Kind, n.Waybill = KindDelivered, d.Waybill
			default: // an electronic result: the decision said it, the licence is in the library
				continue
			}
		case "case.closed":
			n.Kind = KindRating
		default:
			continue
		}
		out = append(out, n)
	}
	return out
}

// Text is an inbox message in one language.
type Text struct{ Title, Body string }

// Inbox is the note as the inbox shows it in a language: a title and a
// body with every detail (a correction notice's whole list).
func (n Note) Inbox(lang onetrip.Lang) Text {
	c := n.Case
	k := "notify." + string(n.Kind)
	t := Text{Title: onetrip.Render(lang, k+".title", c.Title)}
	switch n.Kind {
	case KindAccepted:
		t.Body = onetrip.Render(lang, k+".body", c.Title, c.Number, n.DueDate)
		if c.QueryCode != "" {
			t.Body += "\n" + onetrip.Render(lang, "notify.query_code", c.QueryCode)
		}
	case KindCorrection:
		if len(n.Rectify) > 0 {
			lines := []string{onetrip.Render(lang, "notify.rectification.body", c.Title, c.Number, len(n.Rectify))}
			for i, f := range n.Rectify {
				lines = append(lines, onetrip.Render(lang, "notify.rectification.item", i+1, f))
			}
			t.Body = strings.Join(lines, "\n")
			break
		}
		lines := []string{onetrip.Render(lang, k+".body", c.Title, c.Number, len(n.Items))}
		for i, it := range n.Items {
			reason := it.ReasonZH
			if lang == onetrip.LangEN {
				reason = it.ReasonEN
			}
			line := onetrip.Render(lang, "notify.correction.item", i+1, it.Name, onetrip.Render(lang, "notify.problem."+string(it.Problem)))
			if reason != "" {
				line += onetrip.Colon(lang) + reason
			}
			lines = append(lines, line)
		}
		t.Body = strings.Join(lines, "\n")
	case KindDeferredDue:
		t.Body = onetrip.Render(lang, k+".body", c.Number, list(lang, n.Materials), n.DueDate)
	case KindPaymentDue:
		t.Body = onetrip.Render(lang, k+".body", c.Number, n.Amount, n.PayCode, n.DueDate)
	case KindDecided:
		if n.Approved {
			t.Body = onetrip.Render(lang, k+".approved", c.Title, c.Number)
		} else {
			t.Body = onetrip.Render(lang, k+".denied", c.Title, c.Number)
			for _, r := range n.Reasons {
				t.Body += "\n" + r
			}
		}
	case KindReady:
		if n.Failed {
			t.Body = onetrip.Render(lang, k+".failed", c.Number, n.Waybill)
		} else {
			t.Body = onetrip.Render(lang, k+".body", c.Number)
		}
	case KindDispatched, KindDelivered:
		t.Body = onetrip.Render(lang, k+".body", c.Number, n.Waybill)
	case KindRating:
		t.Body = onetrip.Render(lang, k+".body", c.Title, c.Number)
	}
	return t
}

// Signature opens every SMS: the platform's registered sender name.
const Signature = "【一窗通】"

// MaxSMS is the longest SMS a note becomes, in characters (a few
// concatenated parts; gateways take up to about 500).
const MaxSMS = 300

// SMS is the note's text message in a language: short, signed, and
// without any full ID number (MaskIDs). A correction notice lists every
// material when they fit, else says how many and points to the inbox,
// which lists them all.
func (n Note) SMS(lang onetrip.Lang) string {
	c := n.Case
	k := "notify." + string(n.Kind) + ".sms"
	var body string
	switch n.Kind {
	case KindAccepted:
		body = onetrip.Render(lang, k, c.Title, c.Number, n.DueDate)
		if c.QueryCode != "" {
			body += onetrip.Render(lang, "notify.accepted.sms_code", c.QueryCode)
		}
	case KindCorrection:
		if len(n.Rectify) > 0 { // the findings are free text: counted here, listed in the inbox
			body = onetrip.Render(lang, "notify.rectification.sms", c.Number, len(n.Rectify))
			break
		}
		names := make([]string, len(n.Items))
		for i, it := range n.Items {
			names[i] = it.Name
		}
		body = onetrip.Render(lang, k, c.Number, len(n.Items), list(lang, names))
		if len([]rune(Signature+body)) > MaxSMS {
			body = onetrip.Render(lang, "notify.correction.sms_short", c.Number, len(n.Items))
		}
	case KindDeferredDue:
		body = onetrip.Render(lang, k, c.Number, list(lang, n.Materials), n.DueDate)
		if len([]rune(Signature+body)) > MaxSMS {
			body = onetrip.Render(lang, "notify.deferred_due.sms_short", c.Number, len(n.Materials), n.DueDate)
		}
	case KindPaymentDue:
		body = onetrip.Render(lang, k, c.Number, n.Amount, n.PayCode, n.DueDate)
	case KindDecided:
		if n.Approved {
			body = onetrip.Render(lang, k+"_approved", c.Number)
		} else {
			body = onetrip.Render(lang, k+"_denied", c.Number)
		}
	case KindReady:
		if n.Failed {
			body = onetrip.Render(lang, k+"_failed", c.Number)
		} else {
			body = onetrip.Render(lang, k, c.Number)
		}
	case KindDispatched, KindDelivered:
		body = onetrip.Render(lang, k, c.Number, n.Waybill)
	case KindRating:
		body = onetrip.Render(lang, k, c.Number)
	}
	text := MaskIDs(Signature + body)
	if r := []rune(text); len(r) > MaxSMS {
		text = string(r[:MaxSMS-1]) + "…"
	}
	return text
}

// list joins names as a language lists them: 、 in Chinese, commas in
// English.
func list(lang onetrip.Lang, names []string) string {
	if lang == onetrip.LangEN {
		return strings.Join(names, ", ")
	}
	return strings.Join(names, "、")
}
