package web

import (
	"bytes"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/xuri/excelize/v2"

	"hutong/domain"
	"hutong/internal/httpx"
	"hutong/internal/i18n"
)

// xlsxType is the media type of an Excel workbook.
const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// Excel's built-in number formats the workbook uses.
const (
	xlsxFmtInteger = 3 // #,##0
	xlsxFmtYuan    = 4 // #,##0.00
)

// dashboardXLSX sends the dashboard as a workbook with Chinese headers:
// a sheet by month, one by district and a note. Amounts are numbers in
// yuan with two decimals, converted from fen exactly; counts are whole
// numbers.
func (s *Server) dashboardXLSX(c *gin.Context) {
	dash, _, ok := s.loadDashboard(c)
	if !ok {
		return
	}
	b, err := dashboardWorkbook(s.i18n.Localizer(domain.LocaleZH), dash)
	if err != nil {
		httpx.Logger(c).LogAttrs(c.Request.Context(), slog.LevelError, "dashboard workbook", slog.String("error", err.Error()))
		s.renderError(c, http.StatusInternalServerError, "error.internal")
		return
	}
	name := "hutong-dashboard-" + strconv.Itoa(dash.Year)
	if dash.RegionCode != "" {
		name += "-" + dash.RegionCode
	}
	c.Header("Content-Disposition", `attachment; filename="`+name+`.xlsx"`)
	c.Header("Cache-Control", "private, no-store")
	c.Data(http.StatusOK, xlsxType, b)
}

// dashboardWorkbook writes the workbook in memory.
func dashboardWorkbook(l *i18n.Localizer, dash *domain.Dashboard) ([]byte, error) {
	f := excelize.NewFile()
	defer func() { _ = f.Close() }()
	w := &sheetWriter{f: f}
	var err error
	if w.yuan, err = f.NewStyle(&excelize.Style{NumFmt: xlsxFmtYuan}); err != nil {
		return nil, err
	}
	if w.integer, err = f.NewStyle(&excelize.Style{NumFmt: xlsxFmtInteger}); err != nil {
		return nil, err
	}
	if w.bold, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}}); err != nil {
		return nil, err
	}
	months, districts, notes := dashboardText(l, "sheet.months"), dashboardText(l, "sheet.districts"), dashboardText(l, "sheet.notes")
	if err := f.SetSheetName("Sheet1", months); err != nil {
		return nil, err
	}
	w.monthSheet(l, months, dash)
	if _, err := f.NewSheet(districts); err != nil {
		return nil, err
	}
	w.districtSheet(l, districts, dash)
	if _, err := f.NewSheet(notes); err != nil {
		return nil, err
	}
	w.notesSheet(l, notes, dash)
	if w.err != nil {
		return nil, w.err
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// sheetWriter writes cells, keeping the first error so the sheets read
// as a list of rows.
type sheetWriter struct {
	f                   *excelize.File
	yuan, integer, bold int
	err                 error
}

// cell writes v at (col, row), both from 1, with style (0 for none).
func (w *sheetWriter) cell(sheet string, col, row int, v any, style int) {
	if w.err != nil {
		return
	}
	ref, err := excelize.CoordinatesToCellName(col, row)
	if err == nil {
		err = w.f.SetCellValue(sheet, ref, v)
	}
	if err == nil && style != 0 {
		err = w.f.SetCellStyle(sheet, ref, ref, style)
	}
	w.err = err
}

// figures writes one row of columns from column first on.
func (w *sheetWriter) figures(sheet string, row, first int, cols []dashColumn, x *domain.DashboardDistrict) {
	for i, col := range cols {
		if col.Money {
			// Exact: fen and 100 are exact doubles, and IEEE division gives
			// the double nearest the true quotient, which is what parsing
			// the decimal "1234.56" would give.
			w.cell(sheet, first+i, row, float64(col.get(x))/100, w.yuan)
		} else {
			w.cell(sheet, first+i, row, col.get(x), w.integer)
		}
	}
}

// header writes a bold header row and widens the columns.
func (w *sheetWriter) header(sheet string, heads []string) {
	for i, h := range heads {
		w.cell(sheet, i+1, 1, h, w.bold)
	}
	if w.err == nil {
		last, _ := excelize.ColumnNumberToName(len(heads))
		w.err = w.f.SetColWidth(sheet, "A", last, 16)
	}
}

func columnHeads(l *i18n.Localizer, first []string, cols []dashColumn) []string {
	out := append([]string{}, first...)
	for _, col := range cols {
		out = append(out, dashboardText(l, "col."+col.ID))
	}
	return out
}

func (w *sheetWriter) monthSheet(l *i18n.Localizer, sheet string, dash *domain.Dashboard) {
	w.header(sheet, columnHeads(l, []string{dashboardText(l, "col.month")}, figureColumns))
	for i, m := range dash.Months {
		w.cell(sheet, 1, i+2, dashboardText(l, "month", "N", m.Month), 0)
		w.figures(sheet, i+2, 2, figureColumns, monthRow(m))
	}
	total := len(dash.Months) + 2
	w.cell(sheet, 1, total, dashboardText(l, "total"), w.bold)
	w.figures(sheet, total, 2, figureColumns, &dash.Total)
}

func (w *sheetWriter) districtSheet(l *i18n.Localizer, sheet string, dash *domain.Dashboard) {
	w.header(sheet, columnHeads(l, []string{dashboardText(l, "col.region_code"), dashboardText(l, "col.district")}, districtColumns))
	for i := range dash.Districts {
		x := &dash.Districts[i]
		w.cell(sheet, 1, i+2, x.RegionCode, 0)
		w.cell(sheet, 2, i+2, x.RegionName, 0)
		w.figures(sheet, i+2, 3, districtColumns, x)
	}
	total := len(dash.Districts) + 2
	w.cell(sheet, 1, total, dashboardText(l, "total"), w.bold)
	w.figures(sheet, total, 3, districtColumns, &dash.Total)
}

func (w *sheetWriter) notesSheet(l *i18n.Localizer, sheet string, dash *domain.Dashboard) {
	region := dash.RegionName
	if region == "" {
		region = dashboardText(l, "all_regions")
	}
	rows := [][2]string{
		{dashboardText(l, "note.bureau"), dash.BureauName},
		{dashboardText(l, "note.year"), strconv.Itoa(dash.Year)},
		{dashboardText(l, "note.region"), region},
		{dashboardText(l, "note.generated"), time.Now().In(domain.Shanghai).Format("2006-01-02 15:04")},
		{dashboardText(l, "note.amounts"), dashboardText(l, "note.amounts_text")},
		{dashboardText(l, "note.dates"), dashboardText(l, "note.dates_text")},
		{dashboardText(l, "note.persons"), dashboardText(l, "note.persons_text")},
		{dashboardText(l, "note.targets"), dashboardText(l, "note.targets_text")},
	}
	for i, r := range rows {
		w.cell(sheet, 1, i+1, r[0], w.bold)
		w.cell(sheet, 2, i+1, r[1], 0)
	}
	if w.err == nil {
		w.err = w.f.SetColWidth(sheet, "A", "A", 14)
	}
	if w.err == nil {
		w.err = w.f.SetColWidth(sheet, "B", "B", 90)
	}
}
