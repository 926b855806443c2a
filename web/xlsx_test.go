package web

import (
	"bytes"
	"strconv"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"onetrip"
)

// TestWorkbookCells: what each kind of value becomes in the sheet — dates
// and timestamps real date cells with their number format, blanks no cell
// at all — and every sheet has a frozen header row and an autofilter.
func TestWorkbookCells(t *testing.T) {
	stamp := time.Date(2025, 5, 22, 9, 30, 0, 0, onetrip.China)
	day := time.Date(2025, 5, 22, 0, 0, 0, 0, onetrip.China)
	var none *time.Time
	cases := []struct {
		name   string
		value  any
		want   string // formatted value
		raw    string // raw value ("" for a blank; a date's is its serial number, checked against the wall clock)
		numFmt string // the cell style's number format ("" for none)
	}{
		{"timestamp", xlsxTime(&stamp), "2025-05-22 09:30", "2025-05-22T09:30", xlsxDateTimeFmt},
		{"timestamp from UTC", xlsxTime(ptr(stamp.UTC())), "2025-05-22 09:30", "2025-05-22T09:30", xlsxDateTimeFmt},
		{"date from a time", xlsxDate(&stamp), "2025-05-22", "2025-05-22T00:00", xlsxDateFmt},
		{"date from a string", xlsxDate("2025-05-22"), "2025-05-22", "2025-05-22T00:00", xlsxDateFmt},
		{"time at midnight", day, "2025-05-22", "2025-05-22T00:00", xlsxDateFmt},
		{"text that is no date", xlsxDate("长期"), "长期", "长期", ""},
		{"text", "柯城区", "柯城区", "柯城区", ""},
		{"number", 3, "3", "3", ""},
		{"nil", nil, "", "", ""},
		{"empty string", "", "", "", ""},
		{"empty text", xlsxText(""), "", "", ""},
		{"zero time", time.Time{}, "", "", ""},
		{"nil *time.Time", none, "", "", ""},
		{"no timestamp", xlsxTime(nil), "", "", ""},
		{"no date", xlsxDate(""), "", "", ""},
	}
	sh := xlsxSheet{Name: "表", Headers: []any{"值", "后"}}
	for _, c := range cases {
		sh.Rows = append(sh.Rows, []any{c.value, "after"})
	}
	b, err := workbook(sh, xlsxSheet{Name: "空", Headers: []any{"a", "b", "c"}})
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cell := "A" + strconv.Itoa(i+2)
			got, _ := f.GetCellValue("表", cell)
			raw, _ := f.GetCellValue("表", cell, excelize.Options{RawCellValue: true})
			typ, _ := f.GetCellType("表", cell)
			if c.numFmt != "" { // a real date: a serial number of days
				serial, err := strconv.ParseFloat(raw, 64)
				if err != nil {
					t.Fatalf("%s: raw value %q is no number", cell, raw)
				}
				at, err := excelize.ExcelDateToTime(serial, false)
				if err != nil {
					t.Fatal(err)
				}
				raw = at.Round(time.Second).Format("2006-01-02T15:04")
			}
			if got != c.want || raw != c.raw {
				t.Fatalf("%s = %q (raw %q), want %q (raw %q)", cell, got, raw, c.want, c.raw)
			}
			if fmt := numFmtOf(t, f, "表", cell); fmt != c.numFmt {
				t.Fatalf("%s number format %q, want %q", cell, fmt, c.numFmt)
			}
			switch {
			case c.raw == "" && typ != excelize.CellTypeUnset:
				t.Fatalf("a blank has cell type %v: it must be no cell", typ)
			case c.numFmt != "" && typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber:
				t.Fatalf("a date is of cell type %v, want a number", typ)
			}
			if after, _ := f.GetCellValue("表", "B"+strconv.Itoa(i+2)); after != "after" {
				t.Fatalf("the next cell moved: %q", after)
			}
		})
	}
	for sheet, ref := range map[string]string{"表": "'表'!$A$1:$B$" + strconv.Itoa(len(cases)+1), "空": "'空'!$A$1:$C$1"} {
		p, err := f.GetPanes(sheet)
		if err != nil || !p.Freeze || p.YSplit != 1 || p.XSplit != 0 || p.TopLeftCell != "A2" {
			t.Errorf("%s: panes %+v %v, want the header row frozen", sheet, p, err)
		}
		if got := autoFilterOf(f, sheet); got != ref {
			t.Errorf("%s: autofilter %q, want %q", sheet, got, ref)
		}
		if st, _ := f.GetCellStyle(sheet, "A1"); st == 0 {
			t.Errorf("%s: the header has no style", sheet)
		} else if s, _ := f.GetStyle(st); s.Font == nil || !s.Font.Bold {
			t.Errorf("%s: the header is not bold", sheet)
		}
	}
}

func ptr[T any](v T) *T { return &v }

// numFmtOf is the number format of a cell's style, "" for none.
func numFmtOf(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	if id == 0 {
		return ""
	}
	s, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if s.CustomNumFmt != nil {
		return *s.CustomNumFmt
	}
	return ""
}

// autoFilterOf is the range of a sheet's autofilter, "" for none.
func autoFilterOf(f *excelize.File, sheet string) string {
	for _, d := range f.GetDefinedName() {
		if d.Name == "_xlnm._FilterDatabase" && d.Scope == sheet {
			return d.RefersTo
		}
	}
	return ""
}
