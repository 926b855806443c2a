package workday

// StepLimits gives each task of a bundle its share of the bundle's promised
// limit. stepDays are the steps' own promised limits (working days) and
// longestChainDays is the sum of stepDays along the longest chain of the
// bundle's DAG (the critical path), which the caller computes.
//
// When the longest chain fits within total, every step keeps its own limit
// (a copy of stepDays is returned). Otherwise every step is scaled by
// total/longestChainDays and rounded down, so any chain whose own days sum
// to at most longestChainDays, the longest one included, fits within total:
// the sum of floors never exceeds the floor of the sum. Rounding down can
// leave a step with 0 days (即办) when the ratio is small; negative inputs
// count as 0.
func StepLimits(total int, stepDays []int, longestChainDays int) []int {
	total = max(total, 0)
	out := make([]int, len(stepDays))
	for i, d := range stepDays {
		d = max(d, 0)
		if longestChainDays > total {
			d = d * total / longestChainDays
		}
		out[i] = d
	}
	return out
}
