package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"hutong/domain"
)

// getDashboard answers a bureau's dashboard (数据看板) for ?year= (the
// current year in Asia/Shanghai by default) and an optional ?region=
// under the bureau's region: the JSON twin of the page. A reader who may
// not see it gets 404; a bad year or region 400 naming the parameter.
func (s *Server) getDashboard(c *gin.Context) {
	if s.dashboard == nil {
		s.fail(c, domain.Errorf(domain.EUNAVAILABLE, "the dashboard is not configured on this server"))
		return
	}
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, domain.Errorf(domain.ENOTFOUND, "dashboard not found"))
		return
	}
	if err := onlyQuery(c, "year", "region"); err != nil {
		s.fail(c, err)
		return
	}
	year, err := domain.ParseDashboardYear(c.Query("year"), time.Now())
	if err == nil {
		err = domain.CheckDashboardRegion(c.Query("region"))
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	out, err := s.dashboard.BureauDashboard(c.Request.Context(), actor(c),
		domain.DashboardQuery{BureauID: id, Year: year, RegionCode: c.Query("region")})
	s.respond(c, http.StatusOK, out, err)
}
