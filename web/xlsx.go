package web

import (
	"bytes"
	"fmt"
	"net/http"
	"time"

	"github.com/xuri/excelize/v2"

	"onetrip"
	"onetrip/workday"
)

// xlsxSheet is one table of an exported workbook: a bold header row, frozen
// and with an autofilter, then the rows; Percent columns are formatted
// 0.0%; Widths set column widths ("A:B" → 26).
//
// A row's cells are written by type: a time.Time is a real Excel date cell,
// formatted yyyy-mm-dd when it is midnight in its own zone (a date: see
// xlsxDate) and yyyy-mm-dd hh:mm otherwise (a timestamp: see xlsxTime);
// nil, "", a zero time.Time and a nil *time.Time leave the cell truly empty.
type xlsxSheet struct {
	Name    string
	Headers []any
	Rows    [][]any
	Percent []string
	Widths  map[string]float64
}

// Number formats of the date cells.
const (
	xlsxDateFmt     = "yyyy-mm-dd"
	xlsxDateTimeFmt = "yyyy-mm-dd hh:mm"
)

// xlsxTime is a timestamp cell: t in China's civil time, nil for none.
func xlsxTime(t *time.Time) any {
	if t == nil || t.IsZero() {
		return nil
	}
	return t.In(onetrip.China)
}

// xlsxDate is a date cell from a time (its day in China) or a YYYY-MM-DD
// string; nil for none. A string that is not a date stays text.
func xlsxDate(v any) any {
	switch d := v.(type) {
	case nil:
		return nil
	case *time.Time:
		if d == nil || d.IsZero() {
			return nil
		}
		return workday.DateOf(*d).Time()
	case time.Time:
		if d.IsZero() {
			return nil
		}
		return workday.DateOf(d).Time()
	case string:
		if d == "" {
			return nil
		}
		if day, err := workday.Parse(d); err == nil {
			return day.Time()
		}
		return d
	}
	return v
}

// xlsxText is a text cell, nil when empty.
func xlsxText(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// xlsxCell normalises a cell value: ok is false for a blank (no cell is
// written); isDate and withTime say how a time is formatted.
func xlsxCell(v any) (out any, ok, isDate, withTime bool) {
	switch x := v.(type) {
	case nil:
		return nil, false, false, false
	case string:
		return x, x != "", false, false
	case *time.Time:
		if x == nil {
			return nil, false, false, false
		}
		return xlsxCell(*x)
	case time.Time:
		if x.IsZero() {
			return nil, false, false, false
		}
		h, m, s := x.Clock()
		return x, true, true, h != 0 || m != 0 || s != 0 || x.Nanosecond() != 0
	}
	return v, true, false, false
}

// workbook builds the .xlsx of tables officials take to meetings (coverage,
// licence lists, supervision lists): one place for the header style, the
// cell types and the sheet plumbing.
func workbook(sheets ...xlsxSheet) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	b, err := buildWorkbook(f, sheets)
	if err != nil {
		return nil, onetrip.Internal(err)
	}
	return b, nil
}

func buildWorkbook(f *excelize.File, sheets []xlsxSheet) ([]byte, error) {
	head, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE7F7"}}})
	if err != nil {
		return nil, err
	}
	pctFmt, dateFmt, timeFmt := "0.0%", xlsxDateFmt, xlsxDateTimeFmt
	pct, err := f.NewStyle(&excelize.Style{CustomNumFmt: &pctFmt})
	if err != nil {
		return nil, err
	}
	date, err := f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
	if err != nil {
		return nil, err
	}
	stamp, err := f.NewStyle(&excelize.Style{CustomNumFmt: &timeFmt})
	if err != nil {
		return nil, err
	}
	for i, s := range sheets {
		if i == 0 {
			err = f.SetSheetName("Sheet1", s.Name)
		} else {
			_, err = f.NewSheet(s.Name)
		}
		if err != nil {
			return nil, err
		}
		if err := f.SetSheetRow(s.Name, "A1", &s.Headers); err != nil {
			return nil, err
		}
		lastCol, err := excelize.ColumnNumberToName(max(1, len(s.Headers)))
		if err != nil {
			return nil, err
		}
		lastRow := max(len(s.Rows)+1, 2)
		for _, col := range s.Percent {
			if err := f.SetCellStyle(s.Name, col+"2", fmt.Sprintf("%s%d", col, lastRow), pct); err != nil {
				return nil, err
			}
		}
		for j, row := range s.Rows {
			for k, v := range row {
				cell, err := excelize.CoordinatesToCellName(k+1, j+2)
				if err != nil {
					return nil, err
				}
				v, ok, isDate, withTime := xlsxCell(v)
				if !ok {
					continue // truly empty: no value, no type
				}
				if err := f.SetCellValue(s.Name, cell, v); err != nil {
					return nil, err
				}
				if isDate {
					style := date
					if withTime {
						style = stamp
					}
					if err := f.SetCellStyle(s.Name, cell, cell, style); err != nil {
						return nil, err
					}
				}
			}
		}
		if err := f.SetCellStyle(s.Name, "A1", lastCol+"1", head); err != nil {
			return nil, err
		}
		if err := f.SetPanes(s.Name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
			Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}); err != nil {
			return nil, err
		}
		if err := f.AutoFilter(s.Name, fmt.Sprintf("A1:%s%d", lastCol, len(s.Rows)+1), nil); err != nil {
			return nil, err
		}
		for cols, width := range s.Widths {
			from, to := cols, cols
			if len(cols) > 2 && cols[1] == ':' {
				from, to = cols[:1], cols[2:]
			}
			if err := f.SetColWidth(s.Name, from, to, width); err != nil {
				return nil, err
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// sendXLSX answers a workbook as a download, or the error page.
func (w *Web) sendXLSX(rw http.ResponseWriter, r *http.Request, filename string, sheets ...xlsxSheet) {
	b, err := workbook(sheets...)
	if err != nil {
		w.renderError(rw, r, err)
		return
	}
	rw.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	rw.Header().Set("Content-Disposition", `attachment; filename="`+filename+`"`)
	rw.Header().Set("Cache-Control", "no-store")
	rw.Write(b)
}
