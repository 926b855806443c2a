package casework

import (
	"time"

	"onetrip"
	"onetrip/intake"
	"onetrip/payment"
	"onetrip/workday"
)

// Clock is what a command runs with besides the case: the moment, the
// working-day calendar it counts in, and the ids it gives new records
// (made in Go, so they are known before any insert).
type Clock struct {
	Now      time.Time
	Calendar *workday.Calendar
	NewID    func() string
}

// Result is what a command did: the case as it is now and every record
// the store must write with it, in one transaction.
type Result struct {
	Case Case
	// At is the command's moment: its events are recorded at it, so that
	// replaying them gives the case's times exactly.
	At time.Time
	// Inserted: the command created the case.
	Inserted bool
	// Events are the new entries of the case's log, in order, not yet
	// chained (Chain.Append does that when they are written).
	Events []NewEvent
	// Notice is the correction notice or refusal the command issued.
	Notice *Notice
	// Trip is the in-person trip the command recorded (Seq set).
	Trip *intake.Trip
	// Judged: the checklist was judged again; Case.Materials is the new list.
	Judged bool
	// NewTasks are the tasks acceptance created.
	NewTasks []Task
	// Tasks are existing tasks the command changed, each with the version
	// it had when the case was read (the store writes it only if unchanged).
	Tasks []TaskChange
	// Suspension is the special procedure the command started or ended.
	Suspension *Suspension
	// Licences are the licences approved steps issue now; the store signs
	// each and records licence.issued right after the step's decision.
	Licences []LicenceDue
	// NewOrders are the payment orders the command made (fees falling due).
	NewOrders []payment.Order
	// Orders are existing payment orders the command changed.
	Orders []OrderChange
}

// TaskChange is a task as a command left it, with the version it was read at.
type TaskChange struct {
	Task Task
	Was  int
}

func (r *Result) event(typ string, data any) {
	r.Events = append(r.Events, NewEvent{Type: typ, Data: data})
}

// AfterDecision places an event right after the decision of a task that
// caused it and before the case-level events the same decision caused
// (decided, issued, closed): licence.issued belongs to its step.
func (r *Result) AfterDecision(taskID string, e NewEvent) {
	at := len(r.Events)
	for i := len(r.Events) - 1; i >= 0; i-- {
		if r.Events[i].Type == "task.decided" {
			if d, ok := r.Events[i].Data.(TaskDecidedData); ok && d.Task == taskID {
				at = i + 1
				for at < len(r.Events) && r.Events[at].Type == "licence.issued" {
					at++
				}
				break
			}
		}
	}
	r.Events = append(r.Events, NewEvent{})
	copy(r.Events[at+1:], r.Events[at:])
	r.Events[at] = e
}

// move changes the case's status through intake's transition table: the
// only place a command sets a status, so the diagram is what runs.
func move(c *Case, to intake.Status) error {
	if err := intake.Move(c.Status, to); err != nil {
		return err
	}
	c.Status = to
	return nil
}

// begin starts the result of a command on a copy of the case (slices the
// command changes are copied, so the caller's case is left as it was).
func begin(c Case, clk Clock) Result {
	c.Tasks = append([]Task(nil), c.Tasks...)
	c.Materials = append([]Material(nil), c.Materials...)
	c.Trips = append([]TripRecord(nil), c.Trips...)
	c.Suspensions = append([]Suspension(nil), c.Suspensions...)
	c.Licences = append([]LicenceRef(nil), c.Licences...)
	c.Fees = append([]payment.Order(nil), c.Fees...)
	c.UpdatedAt = clk.Now
	return Result{Case: c, At: clk.Now}
}

func init() {
	onetrip.Register(onetrip.Messages{
		"casework.online.missing":      {"“%s”尚未上传（也无法由平台调取），上传后才能提交", "“%s” is not uploaded (and the platform cannot fetch it): upload it before submitting"},
		"casework.invalid":             {"申请有 %d 处问题，未受理", "the application has %d problem(s); nothing was recorded"},
		"casework.wrong_status":        {"办件当前状态为“%s”，不能执行此操作", "the case is %s; this action is not possible"},
		"casework.delivery":            {"该事项不提供“%s”送达方式", "the guide does not offer delivery by %s"},
		"casework.form_too_large":      {"表单内容过大", "the form is too large"},
		"casework.form_object":         {"表单（form）必须是 JSON 对象", "form must be a JSON object"},
		"casework.materials_required":  {"必须列出材料（materials），没有材料时请传空数组 []", "materials is required; send [] when there are none"},
		"casework.material_twice":      {"材料 %s 列出了两次（另见第 %d 项）", "material %s is listed twice (see also entry %d)"},
		"casework.nothing_deferred":    {"该办件没有待补交的容缺材料", "the case has no deferred material outstanding"},
		"casework.not_deferred":        {"材料 %s 不是本办件待补交的容缺材料", "material %s is not a deferred material of this case"},
		"casework.supply_received":     {"补交的容缺材料状态应为 received（已收取），实为 %q", "a supplied deferred material must be received, got %q"},
		"casework.task.not_found":      {"审批任务 %s 不属于该办件", "task %s is not a task of this case"},
		"casework.task.case_state":     {"办件当前状态为“%s”，不能审批", "the case is %s; its tasks cannot be decided now"},
		"casework.task.deferred":       {"本环节的容缺材料“%s”尚未补齐（应于 %s 前补交），暂不能通过", "this step's deferred material “%s” is still outstanding (due %s); it cannot be approved yet"},
		"casework.case.deferred":       {"容缺材料尚未补齐（应于 %s 前补交），办件暂不能作出决定", "deferred materials are still outstanding (due %s); the case cannot be decided yet"},
		"casework.susp.kind":           {"特别程序类型“%s”无效", "unknown suspension kind %q"},
		"casework.susp.reason":         {"特别程序必须写明原因", "a suspension must give its reason"},
		"casework.susp.closed":         {"办件已%s，不能启动特别程序", "the case is %s; no suspension is possible"},
		"casework.susp.open":           {"办件已处于特别程序中", "the case is already suspended"},
		"casework.susp.not_found":      {"特别程序 %s 不存在或已结束", "suspension %s does not exist or has ended"},
		"casework.susp.invalid":        {"特别程序有 %d 处问题", "the suspension has %d problem(s)"},
		"casework.handover.not_ready":  {"办件当前状态为“%s”，没有待领取的结果", "the case is %s; there is no result to hand over"},
		"casework.issue.not_ready":     {"办件当前状态为“%s”，没有可出具的结果", "the case is %s; there is no result to issue"},
		"casework.deliver.window":      {"该办件在窗口领取结果，请在窗口出件", "the result is collected at the window; hand it over there"},
		"casework.deliver.not_issued":  {"办件当前状态为“%s”，结果尚未出具，不能送达", "the case is %s; the result is not issued, so it cannot be delivered"},
		"casework.close.not_ready":     {"办件当前状态为“%s”，不能办结", "the case is %s and cannot be closed"},
		"casework.archive.not_closed":  {"办件当前状态为“%s”，办结后才能归档", "the case is %s; only a closed case is archived"},
		"casework.archive.no_packages": {"归档要有至少一个部门的归档包", "archiving needs at least one department's package"},
		"casework.uscc_confirm":        {"该统一社会信用代码校验未通过：请核对申请人的纸质营业执照，确认无误后勾选“已核对执照原件”（uscc_confirmed）", "the USCC fails its check: compare it with the applicant's paper licence and confirm (uscc_confirmed) if it matches"},
		"casework.reason_too_long":     {"原因不能超过 %d 字", "the reason may have at most %d characters"},
	})
}

// wrongStatus is the conflict of a command that does not fit the case's
// status, naming it in the reader's language through the detail.
func wrongStatus(key string, st intake.Status) error {
	return onetrip.Conflict(key, st.Label(onetrip.LangZH)).WithDetail("status", st.Key())
}
