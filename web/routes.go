package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"hutong/internal/httpx"
)

// maxFormBody is the largest form body a page accepts (413 beyond).
const maxFormBody = 1 << 20

// Register adds every page route to r, in one table read top to bottom.
// Pages run behind pageContext (language, session); forms behind
// anonForm (sign-up, sign-in: signed double-submit token) or userForm
// (a signed-in user's session token).
func (s *Server) Register(r *gin.Engine) {
	r.GET("/static/*path", s.serveStatic)
	r.HEAD("/static/*path", s.serveStatic)

	p := r.Group("/", httpx.BodyLimit(maxFormBody), s.pageContext)
	p.GET("/", s.home)
	p.GET("/lang", s.switchLang)

	p.GET("/register", s.registerForm)
	p.POST("/register", s.anonForm, s.register)
	p.GET("/login", s.loginForm)
	p.POST("/login", s.anonForm, s.login)
	p.POST("/logout", s.logout)

	p.GET("/org", s.myOrgs)
	p.GET("/org/:id", s.orgHome)
	p.GET("/org/new", s.newOrgForm)
	p.POST("/org/new", s.userForm, s.createOrg)
	p.GET("/org/:id/edit", s.editOrgForm)
	p.POST("/org/:id/edit", s.userForm, s.updateOrg)
	p.GET("/org/:id/members", s.membersPage)
	p.POST("/org/:id/members", s.userForm, s.addMember)
	p.POST("/org/:id/members/:user", s.userForm, s.updateMember)
	p.POST("/org/:id/members/:user/remove", s.userForm, s.removeMember)
	p.GET("/org/:id/alliance", s.alliancePage)
	p.POST("/org/:id/alliance", s.userForm, s.inviteToAlliance)
	p.POST("/org/:id/alliance/:org/remove", s.userForm, s.removeFromAlliance)
	p.GET("/org/:id/alliances", s.memberAlliancesPage)
	p.POST("/org/:id/alliances/:alliance/confirm", s.userForm, s.confirmAlliance)
	p.POST("/org/:id/alliances/:alliance/leave", s.userForm, s.leaveAlliance)

	p.GET("/orgs", s.orgList)
	p.GET("/orgs/:id", s.orgProfile)

	p.GET("/search", s.searchPage)

	p.GET("/projects", s.projectList)
	p.GET("/projects/:id", s.projectDetail)
	p.POST("/projects/:id/questions", s.userForm, s.askQuestion)
	p.POST("/projects/:id/questions/:qid/answer", s.userForm, s.answerQuestion)
	p.GET("/projects/:id/bid", s.bidForm)
	p.POST("/projects/:id/bid", s.userForm, s.submitBid)
	p.GET("/bids", s.myBids)
	p.GET("/bids/:id", s.bidReceipt)
	p.POST("/bids/:id/withdraw", s.userForm, s.withdrawBid)
	p.POST("/bids/:id/confirm", s.userForm, s.confirmBid)
	p.GET("/bids/:id/documents", s.bidDocumentsPage)
	p.GET("/bid-documents/:id/download", s.downloadBidDocument)
	p.POST("/bid-documents/:id/delete", s.userForm, s.deleteBidDocument)
	// Uploads carry documents up to 20 MiB, past the 1 MiB of every other
	// form; the handler checks the session's CSRF token before the file.
	up := r.Group("/", httpx.BodyLimit(maxDocumentUpload), s.pageContext)
	up.POST("/projects/:id/bid/documents", s.uploadBidDocument)
	p.GET("/bureau/dashboard", s.dashboardPage)
	p.GET("/bureau/dashboard.xlsx", s.dashboardXLSX)
	p.GET("/bureau/projects", s.bureauProjects)
	p.GET("/bureau/projects/new", s.newProjectForm)
	p.POST("/bureau/projects/new", s.userForm, s.createProject)
	p.GET("/bureau/projects/:id/edit", s.editProjectForm)
	p.POST("/bureau/projects/:id/edit", s.userForm, s.updateProject)
	p.POST("/bureau/projects/:id/publish", s.userForm, s.publishProject)
	p.GET("/bureau/projects/:id/cancel", s.cancelForm)
	p.POST("/bureau/projects/:id/cancel", s.userForm, s.cancelProject)
	p.GET("/bureau/projects/:id/amend", s.amendForm)
	p.POST("/bureau/projects/:id/amend", s.userForm, s.amendProject)
	p.GET("/bureau/projects/:id/evaluation", s.evaluationPage)
	p.POST("/bureau/projects/:id/evaluation/declare", s.userForm, s.declareConflicts)
	p.POST("/bureau/projects/:id/evaluation/scores", s.userForm, s.submitScores)
	p.POST("/bureau/projects/:id/evaluation/finalize", s.userForm, s.finalizeEvaluation)
	p.POST("/bureau/projects/:id/retender", s.userForm, s.retender)
	p.POST("/bureau/projects/:id/award", s.userForm, s.publishAward)
	p.POST("/projects/:id/complaints", s.userForm, s.fileComplaint)
	p.POST("/bureau/projects/:id/complaints/:cid/answer", s.userForm, s.answerComplaint)
	p.GET("/contracts", s.myContracts)
	p.GET("/contracts/:id", s.contractPage)
	p.POST("/contracts/:id/reports", s.userForm, s.submitReport)
	p.POST("/contracts/:id/reports/:rid/review", s.userForm, s.reviewReport)
	p.POST("/contracts/:id/grades", s.userForm, s.gradeContract)

	p.GET("/admin/verification", s.verificationQueue)
	p.POST("/admin/verification/:id", s.userForm, s.verify)
	p.GET("/admin/search/synonyms", s.synonymsPage)
	p.POST("/admin/search/synonyms", s.userForm, s.saveSynonyms)
	p.GET("/admin/calendar", s.calendarPage)
	p.POST("/admin/calendar", s.userForm, s.setCalendarDay)
	p.POST("/admin/calendar/:date/delete", s.userForm, s.deleteCalendarDay)

	s.registerWishes(p, r)

	p.GET("/inbox", s.inbox)
	p.POST("/inbox/:id/read", s.userForm, s.markRead)
}

// NotFound renders the "not found" page in the reader's language. Gin has
// a single NoRoute chain for the whole engine, shared with the API, so main
// routes unknown paths outside /api/ here.
func (s *Server) NotFound(c *gin.Context) {
	if _, ok := c.Get(ctxState); !ok && !s.prepare(c) {
		return
	}
	s.renderError(c, http.StatusNotFound, "error.not_found")
}
