package catalog

import (
	"bytes"
	"strconv"
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

type materialRow struct {
	Item string
	MaterialSpec
}

type faqRow struct {
	Item string
	FAQ
}

type stepRow struct {
	Bundle string
	Step
}

// col is one column of a sheet: its header, how to write a record's value
// and how to read it back (a message key and args on a bad cell).
type col[T any] struct {
	head  string
	width float64
	get   func(*T) any
	set   func(*T, string) (string, []any)
}

func strCol[T any](head string, w float64, f func(*T) *string) col[T] {
	return col[T]{head, w, func(t *T) any { return *f(t) }, func(t *T, v string) (string, []any) { *f(t) = v; return "", nil }}
}

func intCol[T any](head string, f func(*T) *int) col[T] {
	return col[T]{head, 12, func(t *T) any { return *f(t) }, func(t *T, v string) (string, []any) {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil {
			return "catalog.xlsx.int", []any{v}
		}
		*f(t) = n
		return "", nil
	}}
}

func boolCol[T any](head string, f func(*T) *bool) col[T] {
	return col[T]{head, 10, func(t *T) any {
		if *f(t) {
			return "是"
		}
		return "否"
	}, func(t *T, v string) (string, []any) {
		switch strings.TrimSpace(v) {
		case "是", "TRUE", "true", "1":
			*f(t) = true
		case "否", "FALSE", "false", "0":
			*f(t) = false
		default:
			return "catalog.xlsx.bool", []any{v}
		}
		return "", nil
	}}
}

func amountCol[T any](head string, f func(*T) *Amount) col[T] {
	return col[T]{head, 12, func(t *T) any {
		a := *f(t)
		if a%100 == 0 {
			return int64(a / 100)
		}
		v, _ := strconv.ParseFloat(a.String(), 64)
		return v
	}, func(t *T, v string) (string, []any) {
		a, err := ParseAmount(strings.TrimSpace(v))
		if err != nil {
			return "catalog.xlsx.amount", []any{v}
		}
		*f(t) = a
		return "", nil
	}}
}

func listCol[T any](head string, w float64, f func(*T) *[]string) col[T] {
	return col[T]{head, w, func(t *T) any { return strings.Join(*f(t), "\n") },
		func(t *T, v string) (string, []any) { *f(t) = splitLines(v); return "", nil }}
}

func enumCol[T any, E ~string](head, ns string, codes []E, f func(*T) *E) col[T] {
	return col[T]{head, 14, func(t *T) any { return label(ns, string(*f(t)), onetrip.LangZH) },
		func(t *T, v string) (string, []any) { *f(t) = E(fromLabel(ns, v, strs(codes))); return "", nil }}
}

func splitLines(v string) []string {
	v = strings.ReplaceAll(v, "\r\n", "\n")
	if v == "" {
		return []string{}
	}
	return strings.Split(v, "\n")
}

var itemCols = []col[Item]{
	strCol("事项编码", 16, func(t *Item) *string { return &t.Code }),
	strCol("事项名称", 30, func(t *Item) *string { return &t.Name }),
	strCol("事项类型", 12, func(t *Item) *string { return &t.Kind }),
	strCol("部门类型", 20, func(t *Item) *string { return &t.DepartmentKind }),
	enumCol("行使层级", "level", Levels, func(t *Item) *Level { return &t.Level }),
	strCol("窗口分区", 14, func(t *Item) *string { return &t.Window }),
	listCol("设定依据", 50, func(t *Item) *[]string { return &t.LegalBasis }),
	listCol("受理条件", 50, func(t *Item) *[]string { return &t.Conditions }),
	intCol("法定时限（工作日）", func(t *Item) *int { return &t.StatutoryDays }),
	intCol("承诺时限（工作日）", func(t *Item) *int { return &t.PromisedDays }),
	amountCol("收费金额（元）", func(t *Item) *Amount { return &t.Fee.Yuan }),
	strCol("收费依据", 40, func(t *Item) *string { return &t.Fee.Basis }),
	enumCol("网办深度", "online", OnlineLevels, func(t *Item) *Online { return &t.Online }),
	intCol("最多跑次数", func(t *Item) *int { return &t.MaxVisits }),
	{"送达方式", 14, func(t *Item) any {
		var ls []string
		for _, d := range t.Delivery {
			ls = append(ls, d.Label(onetrip.LangZH))
		}
		return strings.Join(ls, "\n")
	}, func(t *Item, v string) (string, []any) {
		t.Delivery = []Delivery{}
		for _, s := range splitLines(v) {
			t.Delivery = append(t.Delivery, Delivery(fromLabel("delivery", s, strs(Deliveries))))
		}
		return "", nil
	}},
	strCol("结果证照", 16, func(t *Item) *string { return &t.Result.Licence }),
	strCol("结果文书", 30, func(t *Item) *string { return &t.Result.Document }),
	listCol("关键词", 20, func(t *Item) *[]string { return &t.Keywords }),
}

var materialCols = []col[materialRow]{
	strCol("事项编码", 16, func(t *materialRow) *string { return &t.Item }),
	strCol("材料编号", 20, func(t *materialRow) *string { return &t.ID }),
	strCol("材料名称", 36, func(t *materialRow) *string { return &t.Name }),
	boolCol("是否必需", func(t *materialRow) *bool { return &t.Required }),
	boolCol("可容缺", func(t *materialRow) *bool { return &t.Deferrable }),
	enumCol("材料形式", "form", Forms, func(t *materialRow) *Form { return &t.Form }),
	intCol("份数", func(t *materialRow) *int { return &t.Copies }),
	strCol("来源", 22, func(t *materialRow) *string { return &t.Source }),
	strCol("备注", 40, func(t *materialRow) *string { return &t.Note }),
}

var faqCols = []col[faqRow]{
	strCol("事项编码", 16, func(t *faqRow) *string { return &t.Item }),
	strCol("问题", 40, func(t *faqRow) *string { return &t.Q }),
	strCol("解答", 80, func(t *faqRow) *string { return &t.A }),
}

var bundleCols = []col[Bundle]{
	strCol("一件事编码", 18, func(t *Bundle) *string { return &t.Code }),
	strCol("名称", 36, func(t *Bundle) *string { return &t.Name }),
	strCol("牵头部门类型", 24, func(t *Bundle) *string { return &t.LeadKind }),
	intCol("承诺时限（工作日）", func(t *Bundle) *int { return &t.PromisedDays }),
	listCol("关键词", 20, func(t *Bundle) *[]string { return &t.Keywords }),
}

var stepCols = []col[stepRow]{
	strCol("一件事编码", 18, func(t *stepRow) *string { return &t.Bundle }),
	strCol("事项编码", 16, func(t *stepRow) *string { return &t.Item }),
	listCol("前置事项", 18, func(t *stepRow) *[]string { return &t.After }),
}

var licenceCols = []col[LicenceType]{
	strCol("证照类型编码", 18, func(t *LicenceType) *string { return &t.Code }),
	strCol("名称", 24, func(t *LicenceType) *string { return &t.Name }),
	strCol("发证部门类型", 22, func(t *LicenceType) *string { return &t.IssuerKind }),
	enumCol("持证主体", "subject", Subjects, func(t *LicenceType) *Subject { return &t.Holder }),
	intCol("有效期（年）", func(t *LicenceType) *int { return &t.ValidityYears }),
	listCol("照面信息项", 24, func(t *LicenceType) *[]string { return &t.Fields }),
}

var dataCols = []col[DataItem]{
	strCol("数据项编码", 18, func(t *DataItem) *string { return &t.Code }),
	strCol("名称", 24, func(t *DataItem) *string { return &t.Name }),
	strCol("提供部门类型", 22, func(t *DataItem) *string { return &t.ProviderKind }),
	enumCol("数据主体", "subject", Subjects, func(t *DataItem) *Subject { return &t.Subject }),
	listCol("信息项", 24, func(t *DataItem) *[]string { return &t.Fields }),
	enumCol("共享属性", "share", ShareLevels, func(t *DataItem) *ShareLevel { return &t.Level }),
}

var deptCols = []col[DepartmentKind]{
	strCol("部门类型标识", 30, func(t *DepartmentKind) *string { return &t.Kind }),
	strCol("名称", 24, func(t *DepartmentKind) *string { return &t.Name }),
	strCol("简称", 12, func(t *DepartmentKind) *string { return &t.Short }),
}

var metaCols = []col[Catalog]{
	strCol("版本", 12, func(t *Catalog) *string { return &t.Version }),
	strCol("说明", 80, func(t *Catalog) *string { return &t.Note }),
}

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
		return nil, toProblems(fs).Err("catalog.xlsx.unexportable", len(fs))
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
		return nil, toProblems(fs).Err("catalog.xlsx.invalid", len(fs))
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
