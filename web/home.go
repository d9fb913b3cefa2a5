package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"hutong/domain"
)

// homeData is what the home page shows a signed-in reader.
type homeData struct {
	Unread      int
	Memberships []*domain.Membership
}

// home says what Hutong is and, for a signed-in reader, greets them with
// their inbox count and organisations.
func (s *Server) home(c *gin.Context) {
	st := stateOf(c)
	var d homeData
	if !st.Actor.Anonymous() {
		n, err := s.notifications.CountUnread(c.Request.Context(), st.Actor)
		if err != nil {
			s.fail(c, err)
			return
		}
		d = homeData{Unread: n, Memberships: st.Actor.Memberships}
	}
	s.render(c, http.StatusOK, "home", st.L.T("home.title"), d)
}

// myOrgs lists the signed-in reader's organisations.
func (s *Server) myOrgs(c *gin.Context) {
	st := stateOf(c)
	if st.Actor.Anonymous() {
		s.fail(c, domain.Errorf(domain.EUNAUTHORIZED, "sign in first"))
		return
	}
	s.render(c, http.StatusOK, "my_orgs", st.L.T("my_orgs.title"), st.Actor.Memberships)
}
