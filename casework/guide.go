package casework

import (
	"slices"

	"onetrip/catalog"
)

// Guide is what a case applies for, as the catalogue says it for the
// case's region: the published item or bundle (or the versions a case was
// submitted under), its step items, the merged checklist, the
// implementations serving the region, and the licence types' holders. The
// store resolves it; commands only read it.
type Guide struct {
	Item      *catalog.Item
	Bundle    *catalog.Bundle
	Version   int
	Steps     []catalog.Item
	Versions  map[string]int // step item code → version
	Entries   []catalog.ChecklistEntry
	Impls     map[string]catalog.Implementation // step item code → the region's implementation
	Title     string
	Promised  int
	MaxVisits int
	Lead      string // department id of the lead step
	LeadStep  string
	// HolderKinds maps a licence type code to who holds it: "person" or
	// "org" (catalog.LicenceType.Holder).
	HolderKinds map[string]catalog.Subject
	// LicenceTypes are the catalogue's licence types by code: a step's
	// outputs are its licence's fields (StepOutputs).
	LicenceTypes map[string]catalog.LicenceType
	// Participants are the departments of each joint step (catalog.Joint)
	// in the case's region, by step item code.
	Participants map[string][]Participant
}

// Participant is one department taking part in a joint step.
type Participant struct {
	Kind       string `json:"kind"`
	Department string `json:"department"`
}

// StepOutputs are the outputs a step's decision may give (catalog.Outputs
// of its item).
func (g *Guide) StepOutputs(code string) []catalog.Output {
	it := g.Step(code)
	if it == nil {
		return nil
	}
	var lt *catalog.LicenceType
	if t, ok := g.LicenceTypes[it.Result.Licence]; ok {
		lt = &t
	}
	return catalog.Outputs(*it, lt)
}

// Parties are the roles of the case's parties (catalog.CaseParties of its
// steps): the applicant of record plays the first; nil when the guide
// names none and the applicant is the only party.
func (g *Guide) Parties() []catalog.PartyRole {
	items := make([]*catalog.Item, len(g.Steps))
	for i := range g.Steps {
		items[i] = &g.Steps[i]
	}
	return catalog.CaseParties(items)
}

// Step returns the step item of a code, or nil.
func (g *Guide) Step(code string) *catalog.Item {
	for i := range g.Steps {
		if g.Steps[i].Code == code {
			return &g.Steps[i]
		}
	}
	return nil
}

// ResultSteps are the items whose result the applicant receives by the
// case's delivery: the single item, or the bundle's lead step, which owns
// the case-level result (the other steps' results travel with it or
// electronically).
func (g *Guide) ResultSteps() []catalog.Item {
	if g.Bundle == nil {
		return g.Steps
	}
	if it := g.Step(g.LeadStep); it != nil {
		return []catalog.Item{*it}
	}
	return g.Steps
}

// DeliveryOffered reports whether every result step offers a delivery.
func DeliveryOffered(steps []catalog.Item, d string) bool {
	for _, it := range steps {
		if !slices.Contains(it.Delivery, catalog.Delivery(d)) {
			return false
		}
	}
	return len(steps) > 0
}

// DefaultDelivery is courier where every result step offers it (the promise
// is kept by courier), else electronic where all offer that, else the
// window.
func DefaultDelivery(steps []catalog.Item) string {
	for _, d := range []string{"courier", "electronic"} {
		if DeliveryOffered(steps, d) {
			return d
		}
	}
	return "window"
}

// stepDays is each step's own promised days: the region's local promise
// where the implementation gives one.
func (g *Guide) stepDays() map[string]int {
	days := map[string]int{}
	for _, it := range g.Steps {
		days[it.Code] = it.PromisedDays
		if m, ok := g.Impls[it.Code]; ok {
			days[it.Code] = m.PromisedDays
		}
	}
	return days
}

// stepPlan is the steps a case runs: the bundle's, or the one item.
func (g *Guide) stepPlan() []catalog.Step {
	if g.Bundle != nil {
		return g.Bundle.Steps
	}
	if g.Item != nil {
		return []catalog.Step{{Item: g.Item.Code}}
	}
	return nil
}

// longestChain is the largest sum of step days along a path of the DAG.
func longestChain(steps []catalog.Step, days map[string]int) int {
	memo := map[string]int{}
	var f func(code string) int
	f = func(code string) int {
		if v, ok := memo[code]; ok {
			return v
		}
		memo[code] = days[code] // guards against cycles, which lint forbids
		best := 0
		for _, st := range steps {
			if st.Item == code {
				for _, a := range st.After {
					best = max(best, f(a))
				}
			}
		}
		memo[code] = best + days[code]
		return memo[code]
	}
	m := 0
	for _, st := range steps {
		m = max(m, f(st.Item))
	}
	return m
}

// StepSpecs lists the material spec ids a step's item asks for.
func (g *Guide) StepSpecs(code string) []string {
	it := g.Step(code)
	if it == nil {
		return nil
	}
	out := make([]string, 0, len(it.Materials))
	for _, m := range it.Materials {
		out = append(out, m.ID)
	}
	return out
}
