package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"hutong/domain"
)

// yearReceiptsData is a donor's combined receipts for a year.
type yearReceiptsData struct {
	Year     int
	Receipts []domain.Receipt
	Total    int64
}

// yearReceipts shows the signed-in donor one combined receipt per host
// for a year (default: this year in Beijing time), printable.
func (s *Server) yearReceipts(c *gin.Context) {
	st := stateOf(c)
	if s.mw.donations == nil {
		s.renderError(c, http.StatusServiceUnavailable, "error.unavailable")
		return
	}
	year := time.Now().In(domain.Shanghai).Year()
	if raw := c.Query("year"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil {
			s.fail(c, domain.Invalid("year", "must be a year like 2026"))
			return
		}
		year = n
	}
	list, err := s.mw.donations.FindYearReceipts(c.Request.Context(), st.Actor, year)
	if err != nil {
		s.fail(c, err)
		return
	}
	d := yearReceiptsData{Year: year, Receipts: list}
	for _, rc := range list {
		d.Total += rc.AmountFen
	}
	s.render(c, http.StatusOK, "receipts_year", wishT(st.L, "receipts.title", map[string]any{"Year": year}), d)
}
