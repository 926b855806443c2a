// Package intake holds the pure rules of one-window intake (一窗受理): the
// life of a case as a state machine, the evaluation of the material
// checklist, the one-notice rule (一次性告知), the counting of visits
// (跑动次数), case numbers, due dates and the checks of the parties.
//
// Nothing here touches a database or HTTP: the store and the API call these
// functions inside their transactions, so every rule of the reform that
// intake enforces is a table-driven test here.
package intake

import (
	"slices"

	"onetrip"
)

// Status is the state of a case (办件状态). See DESIGN "The life of a case".
type Status string

const (
	StatusDraft           Status = "draft"            // 草稿: online form not yet submitted
	StatusSubmitted       Status = "submitted"        // 已提交: waiting for the window's pre-review
	StatusNeedsCorrection Status = "needs_correction" // 待补正: a correction notice was issued
	StatusRefused         Status = "refused"          // 不予受理
	StatusAccepted        Status = "accepted"         // 已受理
	StatusInReview        Status = "in_review"        // 审查中
	StatusSuspended       Status = "suspended"        // 特别程序（暂停计时）
	StatusApproved        Status = "approved"         // 准予（审批通过）
	StatusDenied          Status = "denied"           // 不予批准
	StatusIssued          Status = "issued"           // 已出件: the result exists
	StatusDelivered       Status = "delivered"        // 已送达: by courier or electronically
	StatusClosed          Status = "closed"           // 已办结
	StatusArchived        Status = "archived"         // 已归档
	StatusWithdrawn       Status = "withdrawn"        // 已撤回
)

// Statuses lists every status in the order of a case's life.
var Statuses = []Status{
	StatusDraft, StatusSubmitted, StatusNeedsCorrection, StatusRefused,
	StatusAccepted, StatusInReview, StatusSuspended, StatusApproved,
	StatusDenied, StatusIssued, StatusDelivered, StatusClosed,
	StatusArchived, StatusWithdrawn,
}

// moves is the diagram of DESIGN, made explicit:
//
//   - needs_correction may go back to submitted (resubmitted online, waiting
//     for pre-review again) or be decided at once when the applicant brings
//     the correction to the window: accepted, refused, or another notice
//     (needs_correction → needs_correction; SecondNoticeBreaches judges it).
//   - accepted goes only to in_review: a decision needs a review.
//   - approved → issued (the result is produced); issued → delivered (courier
//     or electronic delivery) and delivered → closed; or issued → closed
//     directly when the applicant collects the result at the window, where
//     handing it over is the delivery.
//   - denied → closed: the decision letter is the whole result, nothing is
//     issued.
//   - closed → archived. refused, withdrawn and archived are final.
//   - every open state (see Open) → withdrawn.
var moves = map[Status][]Status{
	StatusDraft:           {StatusSubmitted},
	StatusSubmitted:       {StatusAccepted, StatusNeedsCorrection, StatusRefused},
	StatusNeedsCorrection: {StatusSubmitted, StatusAccepted, StatusNeedsCorrection, StatusRefused},
	StatusAccepted:        {StatusInReview},
	StatusInReview:        {StatusSuspended, StatusApproved, StatusDenied},
	StatusSuspended:       {StatusInReview},
	StatusApproved:        {StatusIssued},
	StatusDenied:          {StatusClosed},
	StatusIssued:          {StatusDelivered, StatusClosed},
	StatusDelivered:       {StatusClosed},
	StatusClosed:          {StatusArchived},
}

// Valid reports whether s is a known status.
func (s Status) Valid() bool { return slices.Contains(Statuses, s) }

// Open reports whether the case is still before its decision, so the
// applicant may withdraw it: draft, submitted, needs_correction, accepted,
// in_review, suspended. Once approved or denied a decision exists; undoing it
// is a different procedure (撤回申请 is no longer possible), and refused,
// closed, archived and withdrawn cases are over.
func (s Status) Open() bool {
	switch s {
	case StatusDraft, StatusSubmitted, StatusNeedsCorrection, StatusAccepted, StatusInReview, StatusSuspended:
		return true
	}
	return false
}

// Final reports whether no move leaves s: refused, withdrawn, archived.
func (s Status) Final() bool {
	return s == StatusRefused || s == StatusWithdrawn || s == StatusArchived
}

// Decided reports whether the case has its decision (approved or denied).
func (s Status) Decided() bool { return s == StatusApproved || s == StatusDenied }

// Key is the message key of the status name, e.g. "intake.status.accepted".
func (s Status) Key() string { return "intake.status." + string(s) }

// Label is the status name in a language (zh-CN: 已受理 …); an unknown status
// renders as its key so it is visible, never blank.
func (s Status) Label(lang onetrip.Lang) string { return onetrip.Render(lang, s.Key()) }

// CanMove reports whether a case may go from one status to another.
func CanMove(from, to Status) bool {
	if !from.Valid() || !to.Valid() {
		return false
	}
	if to == StatusWithdrawn {
		return from.Open()
	}
	return slices.Contains(moves[from], to)
}

// Move checks a status change: an unknown status is invalid, a move the
// diagram does not have is a conflict naming both statuses (the case changed
// under the clerk, or the action does not fit the case). The message carries
// the status codes; its two details ("from", "to") carry the status names, so
// a UI shows them in the clerk's language.
func Move(from, to Status) error {
	var p onetrip.Problems
	if !from.Valid() {
		p.Add("from", "intake.status.unknown", string(from))
	}
	if !to.Valid() {
		p.Add("to", "intake.status.unknown", string(to))
	}
	if err := p.Err("intake.status.invalid", len(p)); err != nil {
		return err
	}
	if !CanMove(from, to) {
		return onetrip.Conflict("intake.status.move", string(from), string(to)).
			WithDetail("from", from.Key()).WithDetail("to", to.Key())
	}
	return nil
}
