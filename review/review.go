// Package review holds the rules of back-office parallel review (后台分类审批):
// which steps of a case are ready along the bundle's DAG, what a decision
// may be, and when the steps together decide the case. Pure functions; the
// store applies them in its transactions.
package review

import (
	"slices"
	"strings"

	"onetrip"
)

// Task statuses.
const (
	Waiting  = "waiting"  // some step it names in after is not approved yet
	Ready    = "ready"    // in its department's queue
	Approved = "approved" // done, with outputs
	Denied   = "denied"   // done, with the reason
	Returned = "returned" // sent back to the window for a material
	Canceled = "canceled" // the case ended before the step could run
)

// TaskStatuses lists the task statuses.
var TaskStatuses = []string{Waiting, Ready, Approved, Denied, Returned, Canceled}

// Decisions a reviewer or department system can take.
const (
	Approve = "approve"
	Deny    = "deny"
	Return  = "return"
)

// Decisions lists the decisions a task can be given.
var Decisions = []string{Approve, Deny, Return}

// Step is a task as the rules see it.
type Step struct {
	Code   string
	After  []string
	Status string
}

func init() {
	onetrip.Register(onetrip.Messages{
		"review.decision.unknown": {"审批决定“%s”无效，应为 approve（通过）、deny（不予批准）或 return（退回窗口补正）", "decision %q is invalid; use approve, deny or return"},
		"review.decision.opinion": {"不予批准和退回补正必须填写意见（理由）", "a denial or return must give the opinion (the reason)"},
		"review.decision.outputs": {"输出项名称不能为空，且不超过 %d 项", "output names may not be empty, and at most %d outputs"},
		"review.decision.invalid": {"审批决定有 %d 处问题", "the decision has %d problem(s)"},
		"review.task.not_ready":   {"该任务当前状态为“%s”，不能审批", "the task is %s and cannot be decided"},
		"review.task.stale":       {"任务已被他人处理（当前版本 %d），请刷新后重试", "the task was changed by someone else (now version %d); reload and try again"},
		"review.status.waiting":   {"等待前序环节", "waiting for earlier steps"},
		"review.status.ready":     {"待审批", "ready"},
		"review.status.approved":  {"已通过", "approved"},
		"review.status.denied":    {"不予批准", "denied"},
		"review.status.returned":  {"已退回窗口补正", "returned to the window"},
		"review.status.canceled":  {"已取消", "canceled"},
	})
}

// MaxOutputs bounds a decision's named outputs.
const MaxOutputs = 50

// CheckDecision validates a decision's content: its kind, an opinion for a
// denial or a return, and well-formed outputs.
func CheckDecision(decision, opinion string, outputs map[string]string) error {
	var p onetrip.Problems
	switch decision {
	case Approve, Deny, Return:
	default:
		p.Add("decision", "review.decision.unknown", decision)
	}
	if (decision == Deny || decision == Return) && strings.TrimSpace(opinion) == "" {
		p.Add("opinion", "review.decision.opinion")
	}
	if onetrip.TooLong(opinion, onetrip.MaxText) {
		p.Add("opinion", "err.too_long", onetrip.MaxText)
	}
	if len(outputs) > MaxOutputs {
		p.Add("outputs", "review.decision.outputs", MaxOutputs)
	}
	for k, v := range outputs {
		if strings.TrimSpace(k) == "" {
			p.Add("outputs", "review.decision.outputs", MaxOutputs)
			break
		}
		if onetrip.TooLong(k, onetrip.MaxShort) || onetrip.TooLong(v, onetrip.MaxOutput) {
			p.Add("outputs."+k[:min(len(k), 40)], "err.too_long", onetrip.MaxOutput)
			break
		}
	}
	return p.Err("review.decision.invalid", len(p))
}

// CanDecide says whether a task in a status at a version can take a
// decision made against version want.
func CanDecide(status string, version, want int) error {
	if status != Ready {
		return onetrip.Conflict("review.task.not_ready", onetrip.Render(onetrip.LangZH, "review.status."+status))
	}
	if want != version {
		return onetrip.Conflict("review.task.stale", version)
	}
	return nil
}

// JointLimits shares a joint step's limit: the participants review in
// parallel within all but one working day of it, and the lead consolidates
// their opinions in the last (a one-day step gives both the day).
func JointLimits(limit int) (participants, consolidation int) {
	if limit <= 1 {
		return limit, limit
	}
	return limit - 1, 1
}

// NextReady lists the waiting steps whose after steps are all approved:
// they join their departments' queues now (parallel by default).
func NextReady(steps []Step) []string {
	status := map[string]string{}
	for _, s := range steps {
		status[s.Code] = s.Status
	}
	var out []string
	for _, s := range steps {
		if s.Status != Waiting {
			continue
		}
		ok := true
		for _, a := range s.After {
			if status[a] != Approved {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, s.Code)
		}
	}
	return out
}

// Outcome tells whether the steps have decided the case: approved when
// every step is approved; denied as soon as no step can still run (a
// denial blocks the steps after it) and none is ready, returned or about
// to become ready. Blocked lists the waiting steps a denial has made
// impossible: they are canceled.
func Outcome(steps []Step) (done, approved bool, blocked []string) {
	status := map[string]string{}
	for _, s := range steps {
		status[s.Code] = s.Status
	}
	// A waiting step is blocked when some step it needs, directly or not,
	// is denied or canceled.
	var dead func(code string, seen map[string]bool) bool
	after := map[string][]string{}
	for _, s := range steps {
		after[s.Code] = s.After
	}
	dead = func(code string, seen map[string]bool) bool {
		if seen[code] {
			return false
		}
		seen[code] = true
		switch status[code] {
		case Denied, Canceled:
			return true
		}
		for _, a := range after[code] {
			if dead(a, seen) {
				return true
			}
		}
		return false
	}
	allApproved := true
	for _, s := range steps {
		switch s.Status {
		case Approved:
		case Denied, Canceled:
			allApproved = false
		case Waiting:
			allApproved = false
			if dead(s.Code, map[string]bool{}) {
				blocked = append(blocked, s.Code)
			} else {
				return false, false, nil
			}
		default: // ready, returned: still running
			return false, false, nil
		}
	}
	slices.Sort(blocked)
	return true, allApproved, blocked
}
