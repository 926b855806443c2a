package intake

import (
	"slices"
	"strconv"
	"strings"

	"onetrip"
	"onetrip/catalog"
)

// MarkStatus is what the clerk (or the online form) says about one material.
type MarkStatus string

const (
	MarkReceived  MarkStatus = "received"  // 已收取
	MarkDeferred  MarkStatus = "deferred"  // 容缺: comes later, where the guide allows it
	MarkDefective MarkStatus = "defective" // 不符合要求: with a reason
	MarkMissing   MarkStatus = "missing"   // 未提交
)

// MarkStatuses lists the MarkStatus values.
var MarkStatuses = []MarkStatus{MarkReceived, MarkDeferred, MarkDefective, MarkMissing}

// Valid reports whether s is a known value.
func (s MarkStatus) Valid() bool { return slices.Contains(MarkStatuses, s) }

// Mark is one material line of a submission ("materials" of the API). Spec
// is a material spec id of the guide; a mark on any spec id of a merged
// checklist entry marks the entry. File is the blob id of an upload. Licence
// is the identifier of an electronic licence or data record the clerk or the
// applicant points at: on a fetched entry, a received mark with a Licence is
// taken as fetched with that reference (the caller has looked it up); on any
// other entry it is kept on the result as is.
type Mark struct {
	Spec    string     `json:"spec"`
	Status  MarkStatus `json:"status"`
	Reason  string     `json:"reason,omitempty"`
	File    string     `json:"file,omitempty"`
	Licence string     `json:"licence,omitempty"`
}

// Holdings answers whether the applicant holds a fetched material: source is
// the entry's source ("licence:L-REALTY", "shared:D-HOUSE-CONTRACT"), ref the
// record the library has (a licence number). A nil Holdings holds nothing.
type Holdings interface {
	// Holds gives the record to use for a source: the newest one held.
	Holds(source string) (ref string, ok bool)
	// HoldsRef reports whether one particular record of a source is held
	// (valid, not revoked) by the applicant.
	HoldsRef(source, ref string) bool
}

// Explained is a Holdings that can say why a shared source is not held:
// which data item and provider answered what.
type Explained interface {
	WhyNot(source string) (SharedMiss, bool)
}

// SharedMiss is why a shared-data material was not fetched: the data
// item, its provider and what came of the query.
type SharedMiss struct {
	Item, Provider string
	Why            MissWhy
}

// Text is the reason in a language, as the notice gives it.
func (m SharedMiss) Text(lang onetrip.Lang) string {
	return onetrip.Render(lang, missKeys[m.Why], m.Item, m.Provider)
}

// MissWhy is what came of a query for a shared-data material.
type MissWhy string

const (
	MissNoRecord    MissWhy = "no_record"   // the provider holds no record of the applicant
	MissNotGranted  MissWhy = "not_granted" // the centre holds no grant of the item
	MissUnavailable MissWhy = "unavailable" // the provider did not answer in time
)

// missKeys are the reasons intake gives for each.
var missKeys = map[MissWhy]string{
	MissNoRecord:    "intake.reason.shared_no_record",
	MissNotGranted:  "intake.reason.shared_not_granted",
	MissUnavailable: "intake.reason.shared_unavailable",
}

// HoldingsMap is a Holdings with one record per source, for tests.
type HoldingsMap map[string]string

// Holds implements Holdings.
func (m HoldingsMap) Holds(source string) (string, bool) {
	ref, ok := m[source]
	return ref, ok
}

// HoldsRef implements Holdings.
func (m HoldingsMap) HoldsRef(source, ref string) bool { r, ok := m[source]; return ok && r == ref }

// HeldRecords is a Holdings from source to every record held, oldest
// first, as the store looks them up for an applicant.
type HeldRecords map[string][]string

// Holds implements Holdings: the newest record.
func (m HeldRecords) Holds(source string) (string, bool) {
	refs := m[source]
	if len(refs) == 0 {
		return "", false
	}
	return refs[len(refs)-1], true
}

// HoldsRef implements Holdings.
func (m HeldRecords) HoldsRef(source, ref string) bool { return slices.Contains(m[source], ref) }

// EntryState is the resolved state of one checklist entry.
type EntryState string

const (
	StateReceived  EntryState = "received"
	StateDeferred  EntryState = "deferred"
	StateDefective EntryState = "defective"
	StateMissing   EntryState = "missing"
	StateFetched   EntryState = "fetched"    // 免提交: fetched from the licence library or shared data
	StatePriorStep EntryState = "prior_step" // 免提交: an earlier step of the bundle produces it
)

// EntryStates lists the EntryState values.
var EntryStates = []EntryState{StateReceived, StateDeferred, StateDefective, StateMissing, StateFetched, StatePriorStep}

// EntryResult is one checklist entry after evaluation. Reason is the clerk's
// text; ReasonKey a message key when intake itself gives the reason (a
// fetched material the library does not have).
type EntryResult struct {
	Key       string     `json:"key"`
	SpecIDs   []string   `json:"spec_ids"`
	Name      string     `json:"name"`
	Required  bool       `json:"required"`
	State     EntryState `json:"state"`
	Reason    string     `json:"reason,omitempty"`
	ReasonKey string     `json:"reason_key,omitempty"`
	// ReasonArgs fill ReasonKey's message (the data item, its provider).
	ReasonArgs []string               `json:"reason_args,omitempty"`
	Ref        string                 `json:"ref,omitempty"` // fetched: the record used
	Files      []string               `json:"files,omitempty"`
	Licence    string                 `json:"licence,omitempty"`
	Entry      catalog.ChecklistEntry `json:"-"`
}

// Evaluation is the checklist of a submission, judged. Complete means the
// window can accept: no notice item. Deferred lists the entries accepted
// with deferred material (容缺), which get a due date (DeferredDue).
type Evaluation struct {
	Entries  []EntryResult `json:"entries"`
	Complete bool          `json:"complete"`
	Deferred []EntryResult `json:"deferred"`
	Notice   []NoticeItem  `json:"notice"`
}

// EntryKey is an entry's stable key: its first spec id (the name when it has
// none, which a normalised catalogue never gives).
func EntryKey(e catalog.ChecklistEntry) string {
	if len(e.SpecIDs) > 0 {
		return e.SpecIDs[0]
	}
	return e.Name
}

// Evaluate judges the marks of a submission against the checklist of its
// item or bundle (catalog.Checklist / BundleChecklist).
//
// It rejects, all findings at once under "materials[i]…": a mark without a
// spec or with a spec id in no entry (the material belongs to no step), an
// unknown status, a mark on a prior-step entry (an earlier step produces
// it), a deferral the guide does not allow, a defective mark without a
// reason, and two marks on one entry that disagree on its status.
//
// An entry resolves as follows:
//   - prior-step entries are prior_step;
//   - a fetched entry the applicant holds (held) is fetched with its ref,
//     unless the clerk marked it defective (the record is out of date, say):
//     data over paper, nothing need be handed in, so a missing or deferred
//     mark does not make it missing;
//   - otherwise the mark decides; an entry with no mark is missing (a
//     material the body leaves out counts as missing), and a fetched entry
//     not held must be handed in like any other, which its reason says.
//
// The notice lists every required entry that is missing or defective and
// every optional entry marked defective (the clerk found a problem with what
// was handed in); optional entries never cause a notice by being missing.
func Evaluate(entries []catalog.ChecklistEntry, marks []Mark, held Holdings) (Evaluation, error) {
	bySpec := map[string]int{}
	for i, e := range entries {
		for _, id := range e.SpecIDs {
			if _, dup := bySpec[id]; !dup {
				bySpec[id] = i
			}
		}
	}
	var p onetrip.Problems
	marked := make([][]int, len(entries)) // mark indexes per entry
	for i, m := range marks {
		path := "materials[" + strconv.Itoa(i) + "]"
		if !m.Status.Valid() {
			p.Add(path+".status", "intake.material.status_unknown", string(m.Status))
		}
		spec := strings.TrimSpace(m.Spec)
		if spec == "" {
			p.Add(path+".spec", "intake.material.spec_required")
			continue
		}
		if onetrip.TooLong(m.Reason, onetrip.MaxText) {
			p.Add(path+".reason", "err.too_long", onetrip.MaxText)
		}
		if len(m.File) > onetrip.MaxMarkRef || len(m.Licence) > onetrip.MaxMarkRef || len(spec) > onetrip.MaxMarkRef {
			p.Add(path, "err.too_long", onetrip.MaxMarkRef)
			continue
		}
		at, ok := bySpec[spec]
		if !ok {
			p.Add(path+".spec", "intake.material.unknown_spec", spec)
			continue
		}
		e := entries[at]
		if e.PriorStep {
			if e.FromItem != "" {
				p.Add(path+".spec", "intake.material.prior_step", spec, e.Name, e.FromItem)
			} else {
				p.Add(path+".spec", "intake.material.prior_step_any", spec, e.Name)
			}
			continue
		}
		if m.Status == MarkDeferred && !e.Deferrable {
			p.Add(path+".status", "intake.material.not_deferrable", e.Name)
		}
		if m.Status == MarkDefective && strings.TrimSpace(m.Reason) == "" {
			p.Add(path+".reason", "intake.material.reason_required", e.Name)
		}
		if m.Licence != "" && e.Fetched && m.Status == MarkReceived && (held == nil || !held.HoldsRef(e.Source, m.Licence)) {
			// A fetched material must name a valid record of the entry's
			// type held by this applicant: nothing else is 免提交.
			p.Add(path+".licence", "intake.material.not_held", m.Licence, e.Name)
		}
		for _, j := range marked[at] {
			if marks[j].Status != m.Status {
				p.Add(path+".status", "intake.material.disagree", e.Name, j, string(marks[j].Status), string(m.Status))
				break
			}
		}
		marked[at] = append(marked[at], i)
	}
	if err := p.Err("intake.materials_invalid", len(p)); err != nil {
		return Evaluation{}, err
	}

	ev := Evaluation{Entries: make([]EntryResult, 0, len(entries)), Deferred: []EntryResult{}, Notice: []NoticeItem{}}
	for i, e := range entries {
		r := resolve(e, marks, marked[i], held)
		ev.Entries = append(ev.Entries, r)
		switch {
		case r.State == StateDeferred:
			ev.Deferred = append(ev.Deferred, r)
		case r.State == StateDefective || (r.State == StateMissing && e.Required):
			ev.Notice = append(ev.Notice, noticeItem(r))
		}
	}
	ev.Complete = len(ev.Notice) == 0
	return ev, nil
}

// resolve gives one entry its state from its (agreeing) marks.
func resolve(e catalog.ChecklistEntry, marks []Mark, idx []int, held Holdings) EntryResult {
	r := EntryResult{
		Key: EntryKey(e), SpecIDs: slices.Clone(e.SpecIDs), Name: e.Name,
		Required: e.Required, Entry: e,
	}
	var reasons []string
	for _, j := range idx {
		m := marks[j]
		if m.File != "" && !slices.Contains(r.Files, m.File) {
			r.Files = append(r.Files, m.File)
		}
		if m.Licence != "" && r.Licence == "" {
			r.Licence = m.Licence
		}
		if why := strings.TrimSpace(m.Reason); why != "" && !slices.Contains(reasons, why) {
			reasons = append(reasons, why)
		}
	}
	r.Reason = strings.Join(reasons, "；")
	status := MarkMissing
	if len(idx) > 0 {
		status = marks[idx[0]].Status
	}
	if e.PriorStep {
		r.State, r.Reason = StatePriorStep, ""
		return r
	}
	if e.Fetched && status != MarkDefective && held != nil {
		if status == MarkReceived && r.Licence != "" && held.HoldsRef(e.Source, r.Licence) {
			r.State, r.Ref, r.Reason = StateFetched, r.Licence, "" // the record the clerk looked up
			return r
		}
		if ref, ok := held.Holds(e.Source); ok {
			r.State, r.Ref, r.Reason = StateFetched, ref, ""
			return r
		}
	}
	r.State = EntryState(status)
	if r.State == StateMissing && r.Reason == "" {
		r.ReasonKey = "intake.reason.missing"
		switch {
		case !e.Fetched:
		case strings.HasPrefix(e.Source, "shared:"):
			r.ReasonKey = "intake.reason.shared_not_found"
			if ex, ok := held.(Explained); ok {
				if m, ok := ex.WhyNot(e.Source); ok && missKeys[m.Why] != "" {
					r.ReasonKey, r.ReasonArgs = missKeys[m.Why], []string{m.Item, m.Provider}
				}
			}
		default:
			r.ReasonKey = "intake.reason.not_in_library"
		}
	}
	return r
}

// MissingOnline lists what an online application still lacks before it
// may be submitted: each required material that is neither uploaded (a
// received entry with a file), fetched by the platform, produced by an
// earlier step, nor deferred where 容缺 allows. Online there is no paper
// to hand over at a counter: "received" without a file is nothing.
func MissingOnline(ev Evaluation) []EntryResult {
	var out []EntryResult
	for _, r := range ev.Entries {
		if !r.Required {
			continue
		}
		switch r.State {
		case StateFetched, StatePriorStep, StateDeferred:
			continue
		case StateReceived:
			if len(r.Files) > 0 {
				continue
			}
		}
		out = append(out, r)
	}
	return out
}
