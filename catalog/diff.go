package catalog

import (
	"strconv"
	"strings"
)

// Change is one difference between two versions of an item, for the admin
// UI's version history. Path is a JSON-like path (materials are named by id:
// "materials[330-SCJG-001.M02].form"); Old or New is empty when the value was
// added or removed. Values are as in the file (codes, yuan, true/false).
type Change struct {
	Path string
	Old  string
	New  string
}

// DiffItems lists what changed from a to b, field by field in file order.
// Text lists are aligned (longest common subsequence), so inserting a
// condition shows one addition, not every later line as changed; a line
// replaced in place shows as one change. Materials are matched by id, so a
// reorder shows as position changes and an edit as field changes of the same
// material.
func DiffItems(a, b Item) []Change {
	a, b = CloneItem(a), CloneItem(b)
	NormalizeItem(&a)
	NormalizeItem(&b)
	var d differ
	d.str("code", a.Code, b.Code)
	d.str("name", a.Name, b.Name)
	d.str("kind", a.Kind, b.Kind)
	d.str("department_kind", a.DepartmentKind, b.DepartmentKind)
	d.str("level", string(a.Level), string(b.Level))
	d.str("window", a.Window, b.Window)
	d.list("legal_basis", a.LegalBasis, b.LegalBasis)
	d.list("conditions", a.Conditions, b.Conditions)
	d.materials(a.Materials, b.Materials)
	d.int("statutory_days", a.StatutoryDays, b.StatutoryDays)
	d.int("promised_days", a.PromisedDays, b.PromisedDays)
	d.str("fee.yuan", a.Fee.Yuan.String(), b.Fee.Yuan.String())
	d.str("fee.basis", a.Fee.Basis, b.Fee.Basis)
	d.str("fee.due", string(a.Fee.Due), string(b.Fee.Due))
	d.str("fee.payer", string(a.Fee.Payer), string(b.Fee.Payer))
	d.str("online", string(a.Online), string(b.Online))
	d.int("max_visits", a.MaxVisits, b.MaxVisits)
	d.list("delivery", strs(a.Delivery), strs(b.Delivery))
	d.str("result.licence", a.Result.Licence, b.Result.Licence)
	d.str("result.document", a.Result.Document, b.Result.Document)
	d.list("keywords", a.Keywords, b.Keywords)
	alignDiff(&d, "faq", a.FAQ, b.FAQ, func(f FAQ) string { return "Q：" + f.Q + " A：" + f.A },
		func(p string, x, y FAQ) {
			d.str(p+".q", x.Q, y.Q)
			d.str(p+".a", x.A, y.A)
		})
	return d.out
}

type differ struct{ out []Change }

func (d *differ) str(path, a, b string) {
	if a != b {
		d.out = append(d.out, Change{Path: path, Old: a, New: b})
	}
}

func (d *differ) int(path string, a, b int) { d.str(path, strconv.Itoa(a), strconv.Itoa(b)) }

func (d *differ) bool(path string, a, b bool) {
	d.str(path, strconv.FormatBool(a), strconv.FormatBool(b))
}

func (d *differ) list(path string, a, b []string) {
	alignDiff(d, path, a, b, func(s string) string { return s }, func(p string, x, y string) { d.str(p, x, y) })
}

// alignDiff aligns two lists by their longest common subsequence. Between two
// kept elements, removed and added elements pair up as in-place changes
// (path index in b); the rest are removals (index in a) or additions.
func alignDiff[T comparable](d *differ, path string, a, b []T, show func(T) string, change func(p string, x, y T)) {
	keep := lcs(a, b)
	i, j := 0, 0
	for k := 0; k <= len(keep); k++ {
		ei, ej := len(a), len(b)
		if k < len(keep) {
			ei, ej = keep[k][0], keep[k][1]
		}
		for i < ei && j < ej {
			change(idx(path, j), a[i], b[j])
			i, j = i+1, j+1
		}
		for ; i < ei; i++ {
			d.out = append(d.out, Change{Path: idx(path, i), Old: show(a[i])})
		}
		for ; j < ej; j++ {
			d.out = append(d.out, Change{Path: idx(path, j), New: show(b[j])})
		}
		i, j = ei+1, ej+1
	}
}

// lcs returns index pairs of a longest common subsequence of a and b.
func lcs[T comparable](a, b []T) [][2]int {
	n, m := len(a), len(b)
	t := make([][]int, n+1)
	for i := range t {
		t[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				t[i][j] = t[i+1][j+1] + 1
			} else {
				t[i][j] = max(t[i+1][j], t[i][j+1])
			}
		}
	}
	var out [][2]int
	for i, j := 0, 0; i < n && j < m; {
		switch {
		case a[i] == b[j]:
			out = append(out, [2]int{i, j})
			i, j = i+1, j+1
		case t[i+1][j] >= t[i][j+1]:
			i++
		default:
			j++
		}
	}
	return out
}

// materials diffs material specs matched by id: additions and field changes
// in b's order, then position changes of materials that moved relative to the
// others, then removals in a's order.
func (d *differ) materials(a, b []MaterialSpec) {
	pos := func(ms []MaterialSpec) map[string]int {
		m := map[string]int{}
		for i, x := range ms {
			if _, dup := m[x.ID]; !dup {
				m[x.ID] = i
			}
		}
		return m
	}
	pa, pb := pos(a), pos(b)
	path := func(id string) string { return "materials[" + id + "]" }
	for _, y := range b {
		ia, ok := pa[y.ID]
		if !ok {
			d.out = append(d.out, Change{Path: path(y.ID), New: describe(y)})
			continue
		}
		x := a[ia]
		p := path(y.ID)
		d.str(p+".name", x.Name, y.Name)
		d.bool(p+".required", x.Required, y.Required)
		d.bool(p+".deferrable", x.Deferrable, y.Deferrable)
		d.str(p+".form", string(x.Form), string(y.Form))
		d.int(p+".copies", x.Copies, y.Copies)
		d.str(p+".source", x.Source, y.Source)
		d.str(p+".note", x.Note, y.Note)
	}
	var ca, cb []string // common ids in each order
	for _, x := range a {
		if _, ok := pb[x.ID]; ok {
			ca = append(ca, x.ID)
		}
	}
	for _, y := range b {
		if _, ok := pa[y.ID]; ok {
			cb = append(cb, y.ID)
		}
	}
	stay := map[string]bool{}
	for _, k := range lcs(ca, cb) {
		stay[ca[k[0]]] = true
	}
	for _, id := range cb {
		if !stay[id] {
			d.int(path(id)+".position", pa[id]+1, pb[id]+1)
		}
	}
	for _, x := range a {
		if _, ok := pb[x.ID]; !ok {
			d.out = append(d.out, Change{Path: path(x.ID), Old: describe(x)})
		}
	}
}

// describe summarises a whole material for an addition or removal.
func describe(m MaterialSpec) string {
	parts := []string{m.Name, string(m.Form), m.Source}
	if m.Required {
		parts = append(parts, "required")
	}
	return strings.Join(parts, " | ")
}
