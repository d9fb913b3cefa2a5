package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"hutong/domain"
)

// hostData is the host finance desk (善款管理): the programmes the host
// keeps the money of, the offline gifts recorded, and the form to record
// one. Confirming is for another officer than the recorder.
type hostData struct {
	Org        *domain.Organization
	Programmes []domain.HostedProgramme
	Gifts      []*domain.OfflineGift
	// Donations are the gifts received, with a refund form for Stripe
	// gifts when a gateway is configured (CanRefund).
	Donations []*domain.Donation
	CanRefund bool
	// Ledger is the latest movements of money of the hosted programmes.
	Ledger []domain.LedgerEntry
	Me     string
	Form   *form
	Notice string
}

// hostOrg reads the host of ?org= (or the form's org) for one of its
// finance officers; anyone else gets 404.
func (s *Server) hostOrg(c *gin.Context) (*domain.Organization, bool) {
	if s.mw.offline == nil {
		s.renderError(c, http.StatusNotFound, "error.not_found")
		return nil, false
	}
	st := stateOf(c)
	if st.Actor.Anonymous() {
		s.fail(c, domain.Errorf(domain.EUNAUTHORIZED, "sign in first"))
		return nil, false
	}
	raw := c.Query("org")
	if c.Request.Method == http.MethodPost {
		raw = c.Request.PostForm.Get("org")
	}
	id, err := domain.ParseID(raw)
	var org *domain.Organization
	if err == nil {
		org, err = s.orgs.FindOrganizationByID(c.Request.Context(), id)
	}
	if err != nil || domain.Can(st.Actor, domain.ActionHostFinance, org) != nil {
		s.renderError(c, http.StatusNotFound, "error.not_found")
		return nil, false
	}
	return org, true
}

// hostPage shows the finance desk.
func (s *Server) hostPage(c *gin.Context) {
	org, ok := s.hostOrg(c)
	if !ok {
		return
	}
	s.renderHost(c, http.StatusOK, org, newForm(url.Values{"received_on": {domain.DateOf(time.Now()).String()}}))
}

func (s *Server) renderHost(c *gin.Context, status int, org *domain.Organization, f *form) {
	st := stateOf(c)
	ctx := c.Request.Context()
	d := hostData{Org: org, Form: f, Notice: c.Query("done"), Me: st.Actor.User.ID.String()}
	var err error
	if d.Programmes, err = s.mw.offline.FindHostedProgrammes(ctx, st.Actor, org.ID); err == nil {
		d.Gifts, err = s.mw.offline.FindGifts(ctx, st.Actor, org.ID)
	}
	if hd, ok := s.mw.offline.(domain.HostDonations); ok && err == nil {
		d.Donations, err = hd.FindHostDonations(ctx, st.Actor, org.ID)
	}
	if hl, ok := s.mw.offline.(domain.HostLedger); ok && err == nil {
		d.Ledger, err = hl.FindHostLedger(ctx, st.Actor, org.ID)
	}
	d.CanRefund = s.mw.donations != nil && s.mw.cash
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, status, "host", wishT(st.L, "host.title"), d)
}

// hostFields are the record form's fields that show their own errors.
var hostFields = []string{"programme_id", "wish_id", "amount", "amount_fen", "method", "payer_name", "received_on", "evidence"}

// recordGift records an offline gift from the form.
func (s *Server) recordGift(c *gin.Context) {
	org, ok := s.hostOrg(c)
	if !ok {
		return
	}
	pf := c.Request.PostForm
	var v domain.Validation
	in := domain.OfflineGiftInput{Method: pf.Get("method"), PayerName: pf.Get("payer_name"), Anonymous: pf.Get("anonymous") == "1",
		Evidence: pf.Get("evidence")}
	if id, err := domain.ParseID(pf.Get("programme_id")); err == nil {
		in.ProgrammeID = id
	} else {
		v.Add("programme_id", "choose a programme")
	}
	if w := strings.TrimSpace(pf.Get("wish_id")); w != "" {
		if id, err := domain.ParseID(w); err == nil {
			in.WishID = &id
		} else {
			v.Add("wish_id", "not a wish id")
		}
	}
	fen, okAmount := parseYuan(pf.Get("amount"))
	v.Check(okAmount, "amount", "must be an amount in yuan, like 200 or 199.50")
	in.AmountFen = fen
	in.ReceivedOn = parseDateField(&v, "received_on", pf.Get("received_on"))
	err := v.Err()
	if err == nil {
		_, err = s.mw.offline.RecordGift(c.Request.Context(), stateOf(c).Actor, org.ID, in)
	}
	s.hostDone(c, org, err, "recorded")
}

// confirmGift confirms a gift another officer recorded.
func (s *Server) confirmGift(c *gin.Context) {
	org, ok := s.hostOrg(c)
	if !ok {
		return
	}
	id, ok := s.pathUUID(c, "id")
	if !ok {
		return
	}
	_, err := s.mw.offline.ConfirmGift(c.Request.Context(), stateOf(c).Actor, id)
	s.hostDone(c, org, err, "confirmed")
}

// rejectGift rejects a gift with a note.
func (s *Server) rejectGift(c *gin.Context) {
	org, ok := s.hostOrg(c)
	if !ok {
		return
	}
	id, ok := s.pathUUID(c, "id")
	if !ok {
		return
	}
	_, err := s.mw.offline.RejectGift(c.Request.Context(), stateOf(c).Actor, id, c.Request.PostForm.Get("note"))
	s.hostDone(c, org, err, "rejected")
}

// refundDonation refunds part or all of a gift from the desk.
func (s *Server) refundDonation(c *gin.Context) {
	org, ok := s.hostOrg(c)
	if !ok {
		return
	}
	if s.mw.donations == nil || !s.mw.cash {
		s.renderError(c, http.StatusServiceUnavailable, "error.unavailable")
		return
	}
	id, ok := s.pathUUID(c, "id")
	if !ok {
		return
	}
	fen, okAmount := parseYuan(c.Request.PostForm.Get("amount"))
	var err error
	if !okAmount {
		err = domain.Invalid("amount", "must be an amount in yuan, like 200 or 199.50")
	} else {
		_, err = s.mw.donations.RefundDonation(c.Request.Context(), stateOf(c).Actor, id, fen)
	}
	s.hostDone(c, org, err, "refunded")
}

// hostDone goes back to the desk, or shows it again with the problem.
func (s *Server) hostDone(c *gin.Context, org *domain.Organization, err error, done string) {
	if err == nil {
		c.Redirect(http.StatusSeeOther, "/host?org="+org.ID.String()+"&done="+done)
		return
	}
	code := domain.ErrorCode(err)
	if code == domain.EFORBIDDEN || code == domain.ECONFLICT {
		s.ruleError(c, err)
		return
	}
	if formStatus[code] == 0 {
		s.fail(c, err)
		return
	}
	f := newForm(url.Values(c.Request.PostForm))
	s.applyError(stateOf(c), f, hostFields, domain.AsError(err))
	for _, msg := range f.Errors["amount_fen"] {
		f.Errors["amount"] = append(f.Errors["amount"], msg)
	}
	s.renderHost(c, formStatus[code], org, f)
}

// MethodName names an offline gift's method.
func (p *page) MethodName(m string) string { return p.W("host.method." + m) }

// GiftStatus names an offline gift's status.
func (p *page) GiftStatus(s domain.OfflineGiftStatus) string { return p.W("host.status." + string(s)) }
