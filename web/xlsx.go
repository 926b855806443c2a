package web

import (
	"bytes"
	"fmt"
	"net/http"

	"github.com/xuri/excelize/v2"

	"onetrip"
)

// xlsxSheet is one table of an exported workbook: a bold header row, then
// the rows; Percent columns are formatted 0.0%; Widths set column widths
// ("A:B" → 26).
type xlsxSheet struct {
	Name    string
	Headers []any
	Rows    [][]any
	Percent []string
	Widths  map[string]float64
}

// workbook builds the .xlsx of tables officials take to meetings (coverage,
// licence lists, supervision lists): one place for the header style and
// the sheet plumbing.
func workbook(sheets ...xlsxSheet) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	head, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE7F7"}}})
	if err != nil {
		return nil, onetrip.Internal(err)
	}
	pctFmt := "0.0%"
	pct, err := f.NewStyle(&excelize.Style{CustomNumFmt: &pctFmt})
	if err != nil {
		return nil, onetrip.Internal(err)
	}
	for i, s := range sheets {
		if i == 0 {
			err = f.SetSheetName("Sheet1", s.Name)
		} else {
			_, err = f.NewSheet(s.Name)
		}
		if err != nil {
			return nil, onetrip.Internal(err)
		}
		if err := f.SetSheetRow(s.Name, "A1", &s.Headers); err != nil {
			return nil, onetrip.Internal(err)
		}
		for j := range s.Rows {
			if err := f.SetSheetRow(s.Name, fmt.Sprintf("A%d", j+2), &s.Rows[j]); err != nil {
				return nil, onetrip.Internal(err)
			}
		}
		lastCol, err := excelize.ColumnNumberToName(max(1, len(s.Headers)))
		if err != nil {
			return nil, onetrip.Internal(err)
		}
		if err := f.SetCellStyle(s.Name, "A1", lastCol+"1", head); err != nil {
			return nil, onetrip.Internal(err)
		}
		for _, col := range s.Percent {
			if err := f.SetCellStyle(s.Name, col+"2", fmt.Sprintf("%s%d", col, max(len(s.Rows)+1, 2)), pct); err != nil {
				return nil, onetrip.Internal(err)
			}
		}
		for cols, width := range s.Widths {
			from, to := cols, cols
			if len(cols) > 2 && cols[1] == ':' {
				from, to = cols[:1], cols[2:]
			}
			if err := f.SetColWidth(s.Name, from, to, width); err != nil {
				return nil, onetrip.Internal(err)
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, onetrip.Internal(err)
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
