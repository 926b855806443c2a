package catalog

import (
	"bytes"
	"encoding/json"
	"slices"

	"onetrip"
)

// Export writes a catalogue in the file format: keys in the file's order,
// two-space indent, Chinese unescaped, a final newline. A material id equal
// to its positional default is left out (Parse gives it back), so exporting
// the demo catalogue reproduces data/zhejiang-catalog.json byte for byte; an
// id that moved with its material (a reorder in the editor) is written.
func Export(c *Catalog) ([]byte, error) {
	out := Clone(c)
	Normalize(out)
	for i := range out.Items {
		it := &out.Items[i]
		for j := range it.Materials {
			if it.Materials[j].ID == DefaultMaterialID(it.Code, j) {
				it.Materials[j].ID = ""
			}
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return nil, onetrip.Internal(err)
	}
	return buf.Bytes(), nil
}

// Clone returns a deep copy of a catalogue: changing the copy never changes c.
func Clone(c *Catalog) *Catalog {
	out := *c
	out.DepartmentKinds = slices.Clone(c.DepartmentKinds)
	out.LicenceTypes = slices.Clone(c.LicenceTypes)
	for i := range out.LicenceTypes {
		out.LicenceTypes[i].Fields = slices.Clone(out.LicenceTypes[i].Fields)
	}
	out.SharedData = slices.Clone(c.SharedData)
	for i := range out.SharedData {
		out.SharedData[i].Fields = slices.Clone(out.SharedData[i].Fields)
	}
	out.Items = slices.Clone(c.Items)
	for i := range out.Items {
		out.Items[i] = CloneItem(out.Items[i])
	}
	out.Bundles = slices.Clone(c.Bundles)
	for i := range out.Bundles {
		b := &out.Bundles[i]
		b.Keywords = slices.Clone(b.Keywords)
		b.Steps = slices.Clone(b.Steps)
		for j := range b.Steps {
			b.Steps[j].After = slices.Clone(b.Steps[j].After)
		}
	}
	return &out
}

// CloneItem returns a deep copy of an item.
func CloneItem(it Item) Item {
	it.LegalBasis = slices.Clone(it.LegalBasis)
	it.Conditions = slices.Clone(it.Conditions)
	it.Materials = slices.Clone(it.Materials)
	it.Delivery = slices.Clone(it.Delivery)
	it.Keywords = slices.Clone(it.Keywords)
	it.FAQ = slices.Clone(it.FAQ)
	return it
}
