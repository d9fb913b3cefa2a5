package web

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"hutong/domain"
	"hutong/internal/httpx"
	"hutong/internal/i18n"
)

// microWish holds the services of the micro-wish pages (微心愿): the
// public's wish and programme pages, the donor's gifts and claims, and the
// station's children, wishes, review queue and deliveries.
type microWish struct {
	programmes domain.ProgrammeService
	children   domain.ChildService
	wishes     domain.WishService
	donations  domain.DonationService
	claims     domain.ClaimService
	// offline backs the host finance desk (offline gifts).
	offline domain.OfflineGiftService
	// cash says a payment gateway is configured.
	cash bool
}

// maxEvidenceUpload is the largest delivery form a page reads: one photo
// at its limit plus the form's other fields.
const maxEvidenceUpload = domain.MaxEvidenceBytes + 64<<10

// registerWishes adds the micro-wish routes: public pages first, then the
// donor's forms, then the station's pages.
func (s *Server) registerWishes(p *gin.RouterGroup, r *gin.Engine) {
	p.GET("/wishes", s.wishList)
	p.GET("/wishes/:id", s.wishPage)
	p.GET("/wishes/:id/evidence/:eid", s.evidencePhoto)
	p.POST("/wishes/:id/give", s.userForm, s.giveToWish)
	p.POST("/wishes/:id/claim", s.userForm, s.claimWish)
	p.POST("/claims/:id/bought", s.userForm, s.markBought)
	p.POST("/claims/:id/cancel", s.userForm, s.cancelClaim)
	p.GET("/programmes", s.programmeList)
	p.GET("/programmes/:id", s.programmePage)
	p.GET("/donations/:id/thanks", s.donationThanks)
	p.GET("/donations/:id/receipt", s.donationReceipt)
	p.GET("/me/receipts", s.yearReceipts)

	p.GET("/station", s.stationPage)
	p.GET("/station/children/new", s.childForm)
	p.POST("/station/children/new", s.userForm, s.registerChild)
	p.GET("/station/children/:id", s.childPage)
	p.POST("/station/children/:id/consents", s.userForm, s.recordConsent)
	p.GET("/station/wishes/new", s.newWishForm)
	p.POST("/station/wishes/new", s.userForm, s.createWish)
	p.GET("/station/wishes/:id/edit", s.editWishForm)
	p.POST("/station/wishes/:id/edit", s.userForm, s.updateWish)
	p.POST("/station/wishes/:id/submit", s.userForm, s.submitWish)
	p.POST("/station/wishes/:id/review", s.userForm, s.reviewWish)
	p.POST("/station/wishes/:id/purchased", s.userForm, s.markPurchased)
	p.POST("/station/claims/:id/received", s.userForm, s.markReceived)
	p.POST("/station/wishes/:id/cancel", s.userForm, s.cancelWish)
	p.POST("/station/wishes/:id/thanks", s.userForm, s.thankWish)
	p.POST("/station/wishes/:id/close", s.userForm, s.closeWish)
	p.GET("/host", s.hostPage)
	p.POST("/host/gifts", s.userForm, s.recordGift)
	p.POST("/host/gifts/:id/confirm", s.userForm, s.confirmGift)
	p.POST("/host/gifts/:id/reject", s.userForm, s.rejectGift)
	p.POST("/host/donations/:id/refund", s.userForm, s.refundDonation)
	up := r.Group("/", httpx.BodyLimit(maxEvidenceUpload), s.pageContext)
	up.POST("/station/wishes/:id/delivery", s.recordDelivery)
}

// wishesReady answers 503 itself when the pages have no wish services.
func (s *Server) wishesReady(c *gin.Context) bool {
	if s.mw.wishes == nil || s.mw.programmes == nil {
		s.renderError(c, http.StatusServiceUnavailable, "error.unavailable")
		return false
	}
	return true
}

// pathUUID parses the named path parameter; a malformed id is a 404, as
// for an id that does not exist.
func (s *Server) pathUUID(c *gin.Context, name string) (uuid.UUID, bool) {
	id, err := domain.ParseID(c.Param(name))
	if err != nil {
		s.renderError(c, http.StatusNotFound, "error.not_found")
		return uuid.Nil, false
	}
	return id, true
}

// wishMessageIDs translate the micro-wish services' messages that a
// reader can act on; the privacy check's come first.
var wishMessageIDs = map[string]string{
	domain.PrivacyPhone:   "msg.privacy_phone",
	domain.PrivacyIDCard:  "msg.privacy_id_card",
	domain.PrivacyAddress: "msg.privacy_address",
	domain.PrivacySchool:  "msg.privacy_school",
	domain.PrivacyName:    "msg.privacy_name",
	"four-eyes rule: the person who submitted a wish may not review it (四眼原则：提交人不能审核自己提交的心愿)":      "msg.four_eyes",
	"the child has no guardian consent in force to publish wishes (须有监护人同意书)":                      "msg.no_consent",
	"the wish is already being claimed or funded":                                                  "msg.taken",
	"only a goods wish can be claimed in kind":                                                     "msg.not_goods",
	"cash giving is unavailable on this server; in-kind claims still work":                         "cash_unavailable",
	"this programme has no licensed fundraising host that takes cash; it takes in-kind gifts only": "cash_unavailable",
	"confirm that no child's face can be seen in the photo":                                        "msg.no_face",
	"must be 10 to 2000 characters":                                                                "msg.story_length",
	"must be 2 to 60 characters":                                                                   "msg.title_length",
	"must be in the future":                                                                        "msg.future",
	"must be within the programme's period":                                                        "msg.within_programme",
	"must be at least ¥1 (100 fen)":                                                                "msg.min_amount",
	"is required":                                                                                  "msg.required",
	"say what to change when returning a wish":                                                     "msg.return_note",
	"must not be the child's real name (化名不能是真实姓名)":                                                "msg.pseudonym_real_name",
	"is not a valid ID-card number (身份证号码无效)":                                                      "msg.id_card_invalid",
	"must be a date not in the future":                                                             "msg.consent_date",
}

// wishT renders a micro-wish message: id is within the area's own
// catalogue (wish.*.toml), without its "wish." prefix.
func wishT(l *i18n.Localizer, id string, data ...map[string]any) string {
	return l.T("wish."+id, data...)
}

// W renders a micro-wish message of the area's own catalogue, as T does;
// id is without the "wish." prefix.
func (p *page) W(id string, args ...any) string { return p.T("wish."+id, args...) }

// wishMessage translates a service message with the area's catalogue
// first, then the pages' own.
func wishMessage(l *i18n.Localizer, msg string) string {
	if id, ok := wishMessageIDs[msg]; ok {
		return wishT(l, id)
	}
	return translateMessage(l, msg)
}

// wishApply puts an error's messages on f as applyError does, translating
// the micro-wish services' messages with the area's catalogue.
func (s *Server) wishApply(st *state, f *form, fields []string, e *domain.Error) {
	for _, fe := range e.Fields {
		msg := wishMessage(st.L, fe.Message)
		if slices.Contains(fields, fe.Field) {
			f.Errors[fe.Field] = append(f.Errors[fe.Field], msg)
		} else {
			f.General = append(f.General, fieldLabel(st.L, fe.Field)+st.L.T("msg.colon")+msg)
		}
	}
	if len(e.Fields) > 0 {
		return
	}
	if id, ok := wishMessageIDs[e.Message]; ok {
		f.General = append(f.General, wishT(st.L, id))
		return
	}
	s.applyError(st, f, fields, e)
}

// WishKind names a wish kind.
func (p *page) WishKind(k domain.WishKind) string { return wishT(p.st.L, "kind."+string(k)) }

// WishStatus names a wish status.
func (p *page) WishStatus(s domain.WishStatus) string { return wishT(p.st.L, "status."+string(s)) }

// WishCategory names a wish category.
func (p *page) WishCategory(c string) string { return wishT(p.st.L, "category."+c) }

// AgeBand shows an age band, e.g. "10-12岁".
func (p *page) AgeBand(b string) string { return wishT(p.st.L, "age", map[string]any{"Band": b}) }

// ClaimStatus names a claim status.
func (p *page) ClaimStatus(s domain.ClaimStatus) string {
	return wishT(p.st.L, "claim.status."+string(s))
}

// DonationStatus names a donation status.
func (p *page) DonationStatus(s domain.DonationStatus) string {
	return wishT(p.st.L, "donation.status."+string(s))
}

// Gender names a child's gender; "" is unstated.
func (p *page) Gender(g string) string {
	if g == "" {
		g = "unstated"
	}
	return wishT(p.st.L, "gender."+g)
}

// ConsentScope names what a guardian consented to.
func (p *page) ConsentScope(s string) string { return wishT(p.st.L, "scope."+s) }

// WishKinds lists the wish kinds, for selects.
func (p *page) WishKinds() []domain.WishKind {
	return []domain.WishKind{domain.WishGoods, domain.WishExperience, domain.WishCash}
}

// WishCategories lists the wish categories, for selects.
func (p *page) WishCategories() []string { return domain.WishCategories }

// PublicWishStatuses lists the statuses the public may filter by.
func (p *page) PublicWishStatuses() []domain.WishStatus { return publicWishStatuses }

// AgeBands lists the age bands, for selects.
func (p *page) AgeBands() []string { return domain.AgeBands }

// Genders lists the genders, for selects.
func (p *page) Genders() []string { return domain.Genders }

// ConsentScopes lists the consent scopes, for checkboxes.
func (p *page) ConsentScopes() []string { return domain.ConsentScopes }

// Percent is how much of total part is, 0 to 100, for progress bars.
func (p *page) Percent(part, total int64) int {
	if total <= 0 || part <= 0 {
		return 0
	}
	return int(min(part*100/total, 100))
}

// YuanInput writes fen for an input field.
func (p *page) YuanInput(fen int64) string { return formatYuanInput(fen) }

// Itoa writes an int for templates.
func (p *page) Itoa(n int) string { return strconv.Itoa(n) }

// publicWishStatuses are the statuses past review, which the public sees.
var publicWishStatuses = []domain.WishStatus{
	domain.WishPublished, domain.WishFunded, domain.WishClaimed, domain.WishPurchased,
	domain.WishDelivered, domain.WishThanked, domain.WishClosed, domain.WishCancelled,
}

// wishCard is one wish in a list, with the page for its messages.
type wishCard struct {
	P *page
	W *domain.Wish
}

// WishCard pairs a wish with the page, for the shared card template.
func (p *page) WishCard(w *domain.Wish) wishCard { return wishCard{P: p, W: w} }

// photoMaxWidth is the widest a delivery photo is shown, so that it fits
// a phone's screen without a style sheet rule.
const photoMaxWidth = 320

// PhotoWidth is the width a photo of width w is shown at.
func (p *page) PhotoWidth(w int) int { return min(w, photoMaxWidth) }

// PhotoHeight is the height a photo of w×h is shown at, keeping its shape.
func (p *page) PhotoHeight(w, h int) int {
	if w <= photoMaxWidth || w == 0 {
		return h
	}
	return h * photoMaxWidth / w
}

// InKind reports whether a wish went to a donor's in-kind claim rather
// than cash: its money progress would say nothing.
func (p *page) InKind(w *domain.Wish) bool {
	switch w.Status {
	case domain.WishClaimed, domain.WishPurchased, domain.WishDelivered, domain.WishThanked, domain.WishClosed:
		return w.FundedFen == 0 && w.Kind == domain.WishGoods
	}
	return false
}
