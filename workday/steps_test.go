package workday

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func TestStepLimits(t *testing.T) {
	for _, tc := range []struct {
		total   int
		steps   []int
		longest int
		want    []int
	}{
		{20, []int{5, 10, 3}, 15, []int{5, 10, 3}}, // fits: unchanged
		{15, []int{5, 10, 3}, 15, []int{5, 10, 3}}, // exactly fits
		{10, []int{5, 10, 3}, 15, []int{3, 6, 2}},  // 5·10/15=3.3, 10·10/15=6.6, 3·10/15=2
		{10, []int{20, 15, 5}, 35, []int{5, 4, 1}}, // chain 20→15: 5+4 <= 10
		{1, []int{1, 1, 1}, 3, []int{0, 0, 0}},     // rounded down to 即办
		{0, []int{4, 4}, 8, []int{0, 0}},           //
		{-3, []int{4}, 4, []int{0}},                // negative total counts as 0
		{10, []int{-2, 4}, 12, []int{0, 3}},        // negative step counts as 0
		{10, nil, 12, []int{}},                     //
		{10, []int{7, 8}, 0, []int{7, 8}},          // no chain length given: unchanged
		{30, []int{10, 10, 10, 10}, 40, []int{7, 7, 7, 7}},
	} {
		got := StepLimits(tc.total, tc.steps, tc.longest)
		if !slices.Equal(got, tc.want) {
			t.Errorf("StepLimits(%d, %v, %d) = %v, want %v", tc.total, tc.steps, tc.longest, got, tc.want)
		}
	}
	in := []int{1, 2}
	out := StepLimits(10, in, 3)
	out[0] = 99
	if in[0] != 1 {
		t.Error("StepLimits must not alias its input")
	}
}

// Any chain whose own days sum to at most the longest chain fits in total.
func TestStepLimitsChainsFit(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 5000; i++ {
		steps := make([]int, 1+r.IntN(6))
		longest := 0
		for j := range steps {
			steps[j] = r.IntN(40)
			longest += steps[j] // one chain through every step: the longest
		}
		total := r.IntN(80)
		got := StepLimits(total, steps, longest)
		sum := 0
		for j, d := range got {
			if d < 0 || d > steps[j] {
				t.Fatalf("step %d: %d from %d", j, d, steps[j])
			}
			sum += d
		}
		if sum > max(total, longest) || (longest > total && sum > total) {
			t.Fatalf("StepLimits(%d, %v, %d) = %v sums to %d", total, steps, longest, got, sum)
		}
	}
}
