package catalog

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"onetrip"
)

func bundle(steps ...string) Bundle {
	// "C<A,B" means step C after A and B
	b := Bundle{Code: "B-T", Name: "测试"}
	for _, s := range steps {
		item, after, _ := strings.Cut(s, "<")
		st := Step{Item: item, After: []string{}}
		if after != "" {
			st.After = strings.Split(after, ",")
		}
		b.Steps = append(b.Steps, st)
	}
	return b
}

func TestOrder(t *testing.T) {
	for _, tc := range []struct {
		b    Bundle
		want []string
		fail string
	}{
		{bundle("A", "B<A", "C<A", "D<B,C"), []string{"A", "B", "C", "D"}, ""},
		{bundle("D<B,C", "C<A", "B<A", "A"), []string{"A", "C", "B", "D"}, ""},
		{bundle("A", "B", "C"), []string{"A", "B", "C"}, ""},
		{bundle("A<X", "B<A"), []string{"A", "B"}, ""}, // X is not a step: ignored
		{bundle("A", "A<B", "B"), []string{"A", "B"}, ""},
		{bundle("A<C", "B<A", "C<B"), nil, "A → B → C → A"},
		{bundle("A<A"), nil, "A → A"},
	} {
		got, err := tc.b.Order()
		if tc.fail != "" {
			if err == nil || onetrip.AsError(err).Args[1] != tc.fail {
				t.Errorf("%v: want cycle %q, got %v", tc.b.Steps, tc.fail, err)
			}
			continue
		}
		if err != nil || !slices.Equal(got, tc.want) {
			t.Errorf("%v: got %v %v, want %v", tc.b.Steps, got, err, tc.want)
		}
	}
}

func TestCycles(t *testing.T) {
	got := Cycles(bundle("A", "B<A,D", "C<B", "D<C", "E<E"))
	want := [][]string{{"B", "C", "D", "B"}, {"E", "E"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if got := Cycles(bundle("A", "B<A", "C<A,B")); got != nil {
		t.Errorf("acyclic: %v", got)
	}
}

func TestReady(t *testing.T) {
	b := bundle("A", "B<A", "C<A", "D<B,C", "E")
	set := func(s ...string) map[string]bool {
		m := map[string]bool{}
		for _, x := range s {
			m[x] = true
		}
		return m
	}
	for _, tc := range []struct {
		done, started map[string]bool
		want          []string
	}{
		{nil, nil, []string{"A", "E"}},
		{nil, set("A"), []string{"E"}},
		{set("A"), set("A", "E"), []string{"B", "C"}},
		{set("A", "B"), set("A", "B", "E"), []string{"C"}},
		{set("A", "B", "C"), set("A", "B", "C", "E"), []string{"D"}},
		{set("A", "B", "C", "D", "E"), nil, nil},
	} {
		if got := Ready(b, tc.done, tc.started); !slices.Equal(got, tc.want) {
			t.Errorf("done %v started %v: got %v, want %v", tc.done, tc.started, got, tc.want)
		}
	}
}

func TestLongestChain(t *testing.T) {
	b := bundle("A", "B<A", "C<A", "D<B,C")
	for _, tc := range []struct {
		days map[string]int
		want int
	}{
		{map[string]int{"A": 1, "B": 2, "C": 5, "D": 1}, 7},
		{map[string]int{"A": 1, "B": 9, "C": 5, "D": 1}, 11},
		{map[string]int{}, 0},
		{map[string]int{"D": 3}, 3},
	} {
		if got := LongestChain(b, tc.days); got != tc.want {
			t.Errorf("%v: got %d, want %d", tc.days, got, tc.want)
		}
	}
	if got := LongestChain(bundle("A<B", "B<A"), map[string]int{"A": 2, "B": 3}); got != 5 {
		t.Errorf("cycle: got %d", got)
	}
	c := mustDemo(t)
	days := map[string]int{}
	for _, it := range c.Items {
		days[it.Code] = it.PromisedDays
	}
	for code, want := range map[string]int{"B-RESTAURANT": 3, "B-HOUSE-RESALE": 1} {
		b, _ := c.Bundle(code)
		if got := LongestChain(b, days); got != want {
			t.Errorf("%s: got %d, want %d", code, got, want)
		}
	}
}

func TestDepths(t *testing.T) {
	got := Depths(bundle("A", "B<A", "C<A", "D<B,C", "E", "F<D,E"))
	want := map[string]int{"A": 0, "B": 1, "C": 1, "D": 2, "E": 0, "F": 3}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v", got)
	}
}
