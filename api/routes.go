package api

import (
	"github.com/gin-gonic/gin"

	"hutong/internal/httpx"
)

// Register adds every API route to r, in one table readable top to
// bottom. Routes marked s.signedIn need a bearer token; the others accept
// anonymous callers and show them public data only.
func (s *Server) Register(r *gin.Engine) {
	r.GET("/healthz", s.healthz)
	r.GET("/readyz", s.readyz)
	r.GET("/metrics", s.metrics())
	r.GET("/api/openapi.json", s.openapi)

	v1 := r.Group("/api/v1", httpx.BodyLimit(maxBody), s.authenticate)
	// Stripe calls its webhook without a token: the signature on the raw
	// body is its proof, so the route skips authentication.
	r.POST("/api/v1/payments/stripe/webhook", httpx.BodyLimit(maxBody), s.stripeWebhook)

	v1.POST("/auth/register", s.register)
	v1.POST("/auth/tokens", s.createToken)
	v1.DELETE("/auth/tokens/current", s.signedIn, s.revokeToken)
	v1.GET("/me", s.signedIn, s.me)

	v1.GET("/organizations", s.listOrganizations)
	v1.POST("/organizations", s.signedIn, s.createOrganization)
	v1.GET("/organizations/:id", s.getOrganization)
	v1.PATCH("/organizations/:id", s.signedIn, s.updateOrganization)
	v1.POST("/organizations/:id/verification", s.signedIn, s.verifyOrganization)

	v1.GET("/organizations/:id/members", s.signedIn, s.listMembers)
	v1.POST("/organizations/:id/members", s.signedIn, s.addMember)
	v1.PATCH("/organizations/:id/members/:user_id", s.signedIn, s.updateMember)
	v1.DELETE("/organizations/:id/members/:user_id", s.signedIn, s.removeMember)

	v1.GET("/organizations/:id/alliance-members", s.listAllianceMembers)
	v1.POST("/organizations/:id/alliance-members", s.signedIn, s.inviteToAlliance)
	v1.POST("/organizations/:id/alliance-members/:org_id/confirm", s.signedIn, s.confirmAllianceMembership)
	v1.DELETE("/organizations/:id/alliance-members/:org_id", s.signedIn, s.leaveAlliance)
	v1.GET("/organizations/:id/alliances", s.listMemberAlliances)
	v1.GET("/organizations/:id/dashboard", s.signedIn, s.getDashboard)

	v1.GET("/notifications", s.signedIn, s.listNotifications)
	v1.POST("/notifications/:id/read", s.signedIn, s.markNotificationRead)

	v1.GET("/search", s.search)
	v1.GET("/admin/search/synonyms", s.signedIn, s.listSynonyms)
	v1.PUT("/admin/search/synonyms", s.signedIn, s.replaceSynonyms)

	v1.GET("/projects", s.listProjects)
	v1.POST("/projects", s.signedIn, s.createProject)
	v1.GET("/projects/:id", s.getProject)
	v1.PATCH("/projects/:id", s.signedIn, s.updateProject)
	v1.POST("/projects/:id/publish", s.signedIn, s.publishProject)
	v1.POST("/projects/:id/cancel", s.signedIn, s.cancelProject)
	v1.POST("/projects/:id/amendments", s.signedIn, s.amendProject)
	v1.GET("/projects/:id/questions", s.listQuestions)
	v1.POST("/projects/:id/questions", s.signedIn, s.askQuestion)
	v1.POST("/projects/:id/questions/:qid/answer", s.signedIn, s.answerQuestion)

	v1.POST("/projects/:id/bids", s.signedIn, s.submitBid)
	v1.GET("/projects/:id/bids", s.listProjectBids)
	v1.GET("/projects/:id/opening", s.listProjectBids)
	v1.GET("/bids", s.signedIn, s.listMyBids)
	v1.GET("/bids/:id", s.signedIn, s.getBid)
	v1.DELETE("/bids/:id", s.signedIn, s.withdrawBid)
	v1.GET("/bids/:id/receipt", s.signedIn, s.getBidReceipt)
	v1.POST("/bids/:id/confirm", s.signedIn, s.confirmBid)
	v1.GET("/bids/:id/documents", s.signedIn, s.listBidDocuments)
	v1.GET("/projects/:id/bid-documents", s.signedIn, s.listMyBidDocuments)
	v1.GET("/bid-documents/:id", s.signedIn, s.getBidDocument)
	v1.GET("/bid-documents/:id/content", s.signedIn, s.downloadBidDocument)
	v1.DELETE("/bid-documents/:id", s.signedIn, s.deleteBidDocument)
	// Uploads take documents up to 20 MiB, so they have a group of their
	// own with a larger body limit than the 1 MiB of every other route.
	uploads := r.Group("/api/v1", httpx.BodyLimit(maxDocumentBody), s.authenticate)
	uploads.POST("/projects/:id/bid-documents", s.signedIn, s.uploadBidDocument)
	v1.POST("/projects/:id/evaluations/declarations", s.signedIn, s.declareConflicts)
	v1.POST("/projects/:id/evaluations/scores", s.signedIn, s.submitScores)
	v1.POST("/projects/:id/evaluations/finalize", s.signedIn, s.finalizeEvaluation)
	v1.GET("/projects/:id/evaluations", s.getEvaluation)
	v1.POST("/projects/:id/retender", s.signedIn, s.retenderProject)
	v1.POST("/projects/:id/award", s.signedIn, s.publishAward)
	v1.GET("/projects/:id/award", s.getAward)
	v1.POST("/projects/:id/complaints", s.signedIn, s.fileComplaint)
	v1.GET("/projects/:id/complaints", s.listComplaints)
	v1.POST("/complaints/:id/answer", s.signedIn, s.answerComplaint)
	v1.GET("/contracts", s.listContracts)
	v1.GET("/contracts/:id", s.getContract)
	v1.POST("/contracts/:id/reports", s.signedIn, s.submitReport)
	v1.GET("/contracts/:id/reports", s.listReports)
	v1.POST("/contracts/:id/grades", s.signedIn, s.gradeContract)
	v1.GET("/reports/:id", s.getReport)
	v1.POST("/reports/:id/review", s.signedIn, s.reviewReport)
	v1.POST("/wishes/:id/claims", s.signedIn, s.claimWish)
	v1.GET("/wishes/:id/claims", s.listClaims)
	v1.POST("/wishes/:id/donations", s.signedIn, s.startDonation)
	v1.GET("/wishes/:id/donations", s.listDonorWall)
	v1.GET("/donations/:id", s.signedIn, s.getDonation)
	v1.GET("/donations/:id/receipt", s.signedIn, s.getDonationReceipt)
	v1.GET("/me/receipts", s.signedIn, s.listMyReceipts)
	v1.POST("/claims/:id/bought", s.signedIn, s.markBought)
	v1.POST("/claims/:id/cancel", s.signedIn, s.cancelClaim)
	v1.POST("/claims/:id/received", s.signedIn, s.markReceived)
	v1.POST("/wishes/:id/purchased", s.signedIn, s.markPurchased)
	v1.GET("/wishes/:id/evidence", s.listEvidence)
	v1.GET("/evidence/:id/photo", s.evidencePhoto)
	v1.POST("/organizations/:id/offline-gifts", s.signedIn, s.recordOfflineGift)
	v1.GET("/organizations/:id/offline-gifts", s.signedIn, s.listOfflineGifts)
	v1.POST("/offline-gifts/:id/confirm", s.signedIn, s.confirmOfflineGift)
	v1.POST("/offline-gifts/:id/reject", s.signedIn, s.rejectOfflineGift)
	v1.POST("/programmes/:id/match-pledges", s.signedIn, s.pledgeMatch)
	v1.GET("/programmes/:id/match-pledges", s.listPledges)
	photos := r.Group("/api/v1", httpx.BodyLimit(maxPhotoBody), s.authenticate)
	photos.POST("/wishes/:id/delivery", s.signedIn, s.recordDelivery)

	v1.GET("/calendar", s.listCalendar)
	v1.PUT("/calendar/:date", s.signedIn, s.setCalendarDay)
	v1.DELETE("/calendar/:date", s.signedIn, s.deleteCalendarDay)

	v1.GET("/ocds/release-packages", s.listReleasePackages)
	v1.GET("/ocds/records/:ocid", s.getRecord)

	v1.GET("/regions", s.listRegions)
	v1.GET("/audit", s.signedIn, s.listAudit)
}
