package catalog

import (
	"slices"
	"strings"

	"onetrip"
)

// A bundle's steps form a DAG: an edge runs from each item named in a step's
// After to the step. Rule 4 of DESIGN (parallel by default) is Ready: a step
// starts as soon as the steps it names are done, not when its neighbours are.
// Every helper here is total: names in After that are not steps are ignored
// (Validate reports them) and repeated steps count once.

// stepCodes lists the bundle's step items once each, in file order.
func stepCodes(b Bundle) []string {
	var out []string
	for _, s := range b.Steps {
		if !slices.Contains(out, s.Item) {
			out = append(out, s.Item)
		}
	}
	return out
}

// preds maps each step to the steps it waits for (first entry of a repeated
// step wins), and succs is the reverse, both in file order.
func graph(b Bundle) (codes []string, preds, succs map[string][]string) {
	codes = stepCodes(b)
	preds, succs = map[string][]string{}, map[string][]string{}
	isStep := map[string]bool{}
	for _, c := range codes {
		isStep[c] = true
	}
	seen := map[string]bool{}
	for _, s := range b.Steps {
		if seen[s.Item] {
			continue
		}
		seen[s.Item] = true
		for _, a := range s.After {
			if isStep[a] && !slices.Contains(preds[s.Item], a) {
				preds[s.Item] = append(preds[s.Item], a)
			}
		}
	}
	for _, c := range codes { // succs in file order of the successor
		for _, p := range preds[c] {
			succs[p] = append(succs[p], c)
		}
	}
	return codes, preds, succs
}

// Order returns the step items in a topological order; among steps that could
// go next, file order decides, so the order is stable. A cycle is an invalid
// error naming it.
func (b Bundle) Order() ([]string, error) {
	codes, preds, _ := graph(b)
	done := map[string]bool{}
	var out []string
	for len(out) < len(codes) {
		progressed := false
		for _, c := range codes {
			if done[c] {
				continue
			}
			ready := true
			for _, p := range preds[c] {
				ready = ready && done[p]
			}
			if ready {
				done[c] = true
				out = append(out, c)
				progressed = true
				break
			}
		}
		if !progressed {
			cyc := Cycles(b)
			return nil, onetrip.Invalid("catalog.bundle.cycle", b.Code, strings.Join(cyc[0], " → "))
		}
	}
	return out, nil
}

// Cycles returns the cycles of the bundle's steps, each as the items in
// dependency order with the first repeated at the end (A → B → A means B
// waits for A and A waits for B). A step naming itself is a cycle A → A.
func Cycles(b Bundle) [][]string {
	codes, _, succs := graph(b)
	const (
		white = iota
		grey
		black
	)
	colour := map[string]int{}
	var stack []string
	var out [][]string
	seen := map[string]bool{}
	var visit func(string)
	visit = func(u string) {
		colour[u] = grey
		stack = append(stack, u)
		for _, v := range succs[u] {
			switch colour[v] {
			case white:
				visit(v)
			case grey:
				i := slices.Index(stack, v)
				cyc := append(slices.Clone(stack[i:]), v)
				if k := cycleKey(cyc); !seen[k] {
					seen[k] = true
					out = append(out, cyc)
				}
			}
		}
		stack = stack[:len(stack)-1]
		colour[u] = black
	}
	for _, c := range codes {
		if colour[c] == white {
			visit(c)
		}
	}
	return out
}

// cycleKey identifies a cycle whatever step it starts at.
func cycleKey(cyc []string) string {
	ring := cyc[:len(cyc)-1]
	m := slices.Index(ring, slices.Min(ring))
	return strings.Join(append(slices.Clone(ring[m:]), ring[:m]...), ">")
}

// Ready returns the steps that may start now: not started (nor done) and
// every step in their After done. File order.
func Ready(b Bundle, done map[string]bool, started map[string]bool) []string {
	codes, preds, _ := graph(b)
	var out []string
	for _, c := range codes {
		if done[c] || started[c] {
			continue
		}
		ok := true
		for _, p := range preds[c] {
			ok = ok && done[p]
		}
		if ok {
			out = append(out, c)
		}
	}
	return out
}

// LongestChain is the largest sum of days along a path of the DAG: with steps
// running in parallel, the soonest the whole bundle can finish. Items missing
// from days count 0; on a cycle the closing edge is ignored.
func LongestChain(b Bundle, days map[string]int) int {
	n, _ := longestChain(b, days)
	return n
}

func longestChain(b Bundle, days map[string]int) (int, []string) {
	codes, preds, _ := graph(b)
	best := map[string]int{}
	via := map[string]string{}
	state := map[string]int{} // 1 visiting, 2 done
	var walk func(string) int
	walk = func(c string) int {
		if state[c] == 2 {
			return best[c]
		}
		state[c] = 1
		m, from := 0, ""
		for _, p := range preds[c] {
			if state[p] == 1 {
				continue
			}
			if v := walk(p); from == "" || v > m {
				m, from = v, p
			}
		}
		best[c], via[c], state[c] = m+days[c], from, 2
		return best[c]
	}
	top, end := 0, ""
	for _, c := range codes {
		if v := walk(c); end == "" || v > top {
			top, end = v, c
		}
	}
	var chain []string
	for c := end; c != ""; c = via[c] {
		chain = append([]string{c}, chain...)
	}
	return top, chain
}

// Depths gives each step its column in a drawing: 0 for steps that wait for
// nothing, otherwise one more than the deepest step it waits for.
func Depths(b Bundle) map[string]int {
	codes, preds, _ := graph(b)
	depth := map[string]int{}
	state := map[string]int{}
	var walk func(string) int
	walk = func(c string) int {
		if state[c] == 2 {
			return depth[c]
		}
		state[c] = 1
		d := 0
		for _, p := range preds[c] {
			if state[p] != 1 {
				d = max(d, walk(p)+1)
			}
		}
		depth[c], state[c] = d, 2
		return d
	}
	for _, c := range codes {
		walk(c)
	}
	return depth
}
