package catalog

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"onetrip"
)

// The Excel form of a catalogue, for admins who edit in a spreadsheet. One
// sheet per table, Chinese headers in row 1, one record per row:
//
//	事项        one row per item (lists in one cell, one entry per line)
//	材料        one row per material: item code, id, then the spec, in order
//	常见问题    one row per FAQ: item code, question, answer
//	一件事      one row per bundle
//	一件事步骤  one row per step: bundle code, item, after (one code per line)
//	证照类型 / 共享数据 / 部门类型   the reference tables
//	目录信息    version and note
//
// Enumerations are written with their Chinese labels (全程网办, 原件 …) and
// read back from the label or the code. Columns are found by header, so an
// admin may reorder them or add columns of their own (ignored). Every list
// entry is one line (Validate enforces it), which is what makes
// Demo → ExportXLSX → ImportXLSX give back the same Catalog.

const (
	sheetItems     = "事项"
	sheetMaterials = "材料"
	sheetFAQ       = "常见问题"
	sheetBundles   = "一件事"
	sheetSteps     = "一件事步骤"
	sheetLicences  = "证照类型"
	sheetData      = "共享数据"
	sheetDepts     = "部门类型"
	sheetMeta      = "目录信息"
)

// ExportXLSX writes the catalogue as an Excel workbook (see the sheet list
// above). It refuses what a cell cannot carry back: a list entry that is
// empty or spans lines (named by JSON path) and a text longer than Excel's
// 32,767 characters (named by cell).
func ExportXLSX(c *Catalog) ([]byte, error) {
	c = Clone(c)
	Normalize(c)
	var fs findings
	checkListCells(c, &fs)
	f := excelize.NewFile()
	defer f.Close()
	var mats []materialRow
	var faqs []faqRow
	for _, it := range c.Items {
		for _, m := range it.Materials {
			mats = append(mats, materialRow{it.Code, m})
		}
		for _, q := range it.FAQ {
			faqs = append(faqs, faqRow{it.Code, q})
		}
	}
	var steps []stepRow
	for _, b := range c.Bundles {
		for _, s := range b.Steps {
			steps = append(steps, stepRow{b.Code, s})
		}
	}
	head, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE7F7"}}})
	if err != nil {
		return nil, onetrip.Internal(err)
	}
	body, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return nil, onetrip.Internal(err)
	}
	st := styles{head, body}
	if err := f.SetSheetName("Sheet1", sheetItems); err != nil {
		return nil, onetrip.Internal(err)
	}
	errs := []error{
		writeSheet(f, st, sheetItems, itemCols, c.Items, &fs),
		writeSheet(f, st, sheetMaterials, materialCols, mats, &fs),
		writeSheet(f, st, sheetFAQ, faqCols, faqs, &fs),
		writeSheet(f, st, sheetBundles, bundleCols, c.Bundles, &fs),
		writeSheet(f, st, sheetSteps, stepCols, steps, &fs),
		writeSheet(f, st, sheetLicences, licenceCols, c.LicenceTypes, &fs),
		writeSheet(f, st, sheetData, dataCols, c.SharedData, &fs),
		writeSheet(f, st, sheetDepts, deptCols, c.DepartmentKinds, &fs),
		writeSheet(f, st, sheetMeta, metaCols, []Catalog{*c}, &fs),
	}
	for _, err := range errs {
		if err != nil {
			return nil, onetrip.Internal(err)
		}
	}
	if len(fs) > 0 {
		return nil, ToProblems(fs).Err("catalog.xlsx.unexportable", len(fs))
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, onetrip.Internal(err)
	}
	return buf.Bytes(), nil
}

type styles struct{ head, body int }

func writeSheet[T any](f *excelize.File, st styles, name string, cols []col[T], recs []T, fs *findings) error {
	if name != sheetItems {
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
	}
	hs := make([]any, len(cols))
	for i, c := range cols {
		hs[i] = c.head
		cn, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(name, cn, cn, c.width); err != nil {
			return err
		}
	}
	if err := f.SetSheetRow(name, "A1", &hs); err != nil {
		return err
	}
	last, _ := excelize.CoordinatesToCellName(len(cols), 1)
	if err := f.SetCellStyle(name, "A1", last, st.head); err != nil {
		return err
	}
	for r := range recs {
		vs := make([]any, len(cols))
		for i, c := range cols {
			vs[i] = c.get(&recs[r])
			if s, ok := vs[i].(string); ok && utf8.RuneCountInString(s) > excelize.TotalCellChars {
				cell, _ := excelize.CoordinatesToCellName(i+1, r+2)
				fs.add(name+"!"+cell, "xlsx:too_long", utf8.RuneCountInString(s), excelize.TotalCellChars)
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, r+2)
		if err := f.SetSheetRow(name, cell, &vs); err != nil {
			return err
		}
	}
	if len(recs) > 0 {
		end, _ := excelize.CoordinatesToCellName(len(cols), len(recs)+1)
		if err := f.SetCellStyle(name, "A2", end, st.body); err != nil {
			return err
		}
	}
	return f.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}

// checkListCells finds list entries a one-line-per-entry cell cannot carry.
func checkListCells(c *Catalog, fs *findings) {
	list := func(path string, l []string) {
		for i, s := range l {
			if s == "" || strings.ContainsAny(s, "\r\n") {
				fs.add(idx(path, i), "xlsx:list_entry")
			}
		}
	}
	for i, l := range c.LicenceTypes {
		list(idx("licence_types", i)+".fields", l.Fields)
	}
	for i, d := range c.SharedData {
		list(idx("shared_data", i)+".fields", d.Fields)
	}
	for i, it := range c.Items {
		p := idx("items", i)
		list(p+".legal_basis", it.LegalBasis)
		list(p+".conditions", it.Conditions)
		list(p+".delivery", strs(it.Delivery))
		list(p+".keywords", it.Keywords)
	}
	for i, b := range c.Bundles {
		p := idx("bundles", i)
		list(p+".keywords", b.Keywords)
		for j, s := range b.Steps {
			list(idx(p+".steps", j)+".after", s.After)
		}
	}
}

// ImportXLSX reads a workbook written by ExportXLSX (or edited from one),
// normalises and validates it. Cell problems are all reported at once, each
// named by sheet and cell ("材料!F12"); a workbook that reads cleanly is then
// validated like Parse, with JSON paths.
func ImportXLSX(data []byte) (*Catalog, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, onetrip.Invalid("catalog.xlsx.open", err.Error())
	}
	defer f.Close()
	var fs findings
	items := readSheet(f, sheetItems, itemCols, &fs)
	mats := readSheet(f, sheetMaterials, materialCols, &fs)
	faqs := readSheet(f, sheetFAQ, faqCols, &fs)
	bundles := readSheet(f, sheetBundles, bundleCols, &fs)
	steps := readSheet(f, sheetSteps, stepCols, &fs)
	c := &Catalog{}
	for _, r := range readSheet(f, sheetMeta, metaCols, &fs) {
		c.Version, c.Note = r.v.Version, r.v.Note
	}
	for _, r := range readSheet(f, sheetDepts, deptCols, &fs) {
		c.DepartmentKinds = append(c.DepartmentKinds, r.v)
	}
	for _, r := range readSheet(f, sheetLicences, licenceCols, &fs) {
		c.LicenceTypes = append(c.LicenceTypes, r.v)
	}
	for _, r := range readSheet(f, sheetData, dataCols, &fs) {
		c.SharedData = append(c.SharedData, r.v)
	}
	itemAt := map[string]int{}
	for _, r := range items {
		if _, dup := itemAt[r.v.Code]; !dup {
			itemAt[r.v.Code] = len(c.Items)
		}
		c.Items = append(c.Items, r.v)
	}
	for _, r := range mats {
		i, ok := itemAt[r.v.Item]
		if !ok {
			fs.add(r.cell(0), "xlsx:unknown_item", r.v.Item)
			continue
		}
		c.Items[i].Materials = append(c.Items[i].Materials, r.v.MaterialSpec)
	}
	for _, r := range faqs {
		i, ok := itemAt[r.v.Item]
		if !ok {
			fs.add(r.cell(0), "xlsx:unknown_item", r.v.Item)
			continue
		}
		c.Items[i].FAQ = append(c.Items[i].FAQ, r.v.FAQ)
	}
	bundleAt := map[string]int{}
	for _, r := range bundles {
		if _, dup := bundleAt[r.v.Code]; !dup {
			bundleAt[r.v.Code] = len(c.Bundles)
		}
		c.Bundles = append(c.Bundles, r.v)
	}
	for _, r := range steps {
		i, ok := bundleAt[r.v.Bundle]
		if !ok {
			fs.add(r.cell(0), "xlsx:unknown_bundle", r.v.Bundle)
			continue
		}
		c.Bundles[i].Steps = append(c.Bundles[i].Steps, r.v.Step)
	}
	if len(fs) > 0 {
		return nil, ToProblems(fs).Err("catalog.xlsx.invalid", len(fs))
	}
	Normalize(c)
	if err := Validate(c); err != nil {
		return nil, err
	}
	return c, nil
}

// record is a row read from a sheet, with where it came from.
type record[T any] struct {
	v     T
	sheet string
	row   int   // 1-based Excel row
	cols  []int // 1-based Excel column of each col spec
}

func (r record[T]) cell(i int) string {
	c, _ := excelize.CoordinatesToCellName(r.cols[i], r.row)
	return r.sheet + "!" + c
}

func readSheet[T any](f *excelize.File, name string, cols []col[T], fs *findings) []record[T] {
	if idx, _ := f.GetSheetIndex(name); idx < 0 {
		fs.add(name, "xlsx:sheet", name)
		return nil
	}
	rows, err := f.GetRows(name, excelize.Options{RawCellValue: true})
	if err != nil {
		fs.add(name, "xlsx:sheet_unreadable", name, err.Error())
		return nil
	}
	var header []string
	if len(rows) > 0 {
		header = rows[0]
	}
	at := make([]int, len(cols))
	missing := false
	for i, c := range cols {
		at[i] = -1
		for j, h := range header {
			if strings.TrimSpace(h) == c.head {
				at[i] = j
				break
			}
		}
		if at[i] < 0 {
			fs.add(name+"!1:1", "xlsx:column", c.head)
			missing = true
		}
	}
	if missing {
		return nil
	}
	xcols := make([]int, len(cols))
	for i := range at {
		xcols[i] = at[i] + 1
	}
	var out []record[T]
	for r := 1; r < len(rows); r++ {
		row := rows[r]
		if strings.TrimSpace(strings.Join(row, "")) == "" {
			continue
		}
		rec := record[T]{sheet: name, row: r + 1, cols: xcols}
		for i, c := range cols {
			v := ""
			if at[i] < len(row) {
				v = row[at[i]]
			}
			if key, args := c.set(&rec.v, v); key != "" {
				*fs = append(*fs, Finding{Path: rec.cell(i), Rule: "xlsx", Key: key, Args: args})
			}
		}
		out = append(out, rec)
	}
	return out
}
