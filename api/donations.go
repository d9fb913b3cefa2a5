package api

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"hutong/domain"
	"hutong/payments"
)

// DonationService is the donation service the API needs: the domain's,
// the donor's yearly receipts and the webhook's events (postgres
// implements all three).
type DonationService interface {
	domain.DonationService
	HandleEvent(ctx context.Context, ev payments.Event) error
}

// PaymentGateway verifies the payment provider's webhooks; nil (no
// STRIPE_SECRET_KEY) answers the webhook 503.
type PaymentGateway = payments.Gateway

// donationsReady reads the id in the path once the donation service is
// configured, answering failures itself.
func (s *Server) donationsReady(c *gin.Context) (uuid.UUID, bool) {
	return s.configuredID(c, s.donations != nil, "cash giving is unavailable on this server; in-kind claims still work")
}

// donationBody is a donor's gift as a client sends it.
type donationBody struct {
	AmountFen   int64           `json:"amount_fen"`
	Anonymous   bool            `json:"anonymous"`
	DisplayName string          `json:"display_name"`
	Overflow    domain.Overflow `json:"overflow"`
}

// startDonation holds the amount on the wish and answers the pending
// donation with the checkout URL the donor pays at.
func (s *Server) startDonation(c *gin.Context) {
	id, ok := s.donationsReady(c)
	if !ok {
		return
	}
	var b donationBody
	if err := decode(c, &b); err != nil {
		s.fail(c, err)
		return
	}
	out, err := s.donations.StartDonation(c.Request.Context(), actor(c), domain.DonationInput{
		WishID: &id, AmountFen: b.AmountFen, Anonymous: b.Anonymous, DisplayName: b.DisplayName, Overflow: b.Overflow,
	})
	s.respond(c, http.StatusCreated, out, err)
}

// startProgrammeDonation gives to a programme itself, for the wishes its
// station decides: no hold, the same checkout.
func (s *Server) startProgrammeDonation(c *gin.Context) {
	id, ok := s.donationsReady(c)
	if !ok {
		return
	}
	var b donationBody
	if err := decode(c, &b); err != nil {
		s.fail(c, err)
		return
	}
	out, err := s.donations.StartDonation(c.Request.Context(), actor(c), domain.DonationInput{
		ProgrammeID: &id, AmountFen: b.AmountFen, Anonymous: b.Anonymous, DisplayName: b.DisplayName, Overflow: b.Overflow,
	})
	s.respond(c, http.StatusCreated, out, err)
}

// listDonorWall answers a wish's public donor wall: names (or 爱心人士),
// amounts and times, never contact details.
func (s *Server) listDonorWall(c *gin.Context) {
	id, ok := s.donationsReady(c)
	if !ok {
		return
	}
	page, err := queryPage(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	items, next, err := s.donations.FindDonorWall(c.Request.Context(), id, page)
	s.respond(c, http.StatusOK, newList(items, next), err)
}

// getDonation answers a donation to its donor or the host's finance staff.
func (s *Server) getDonation(c *gin.Context) {
	id, ok := s.donationsReady(c)
	if !ok {
		return
	}
	out, err := s.donations.FindDonationByID(c.Request.Context(), actor(c), id)
	s.respond(c, http.StatusOK, out, err)
}

// getDonationReceipt answers the numbered receipt of a received donation.
func (s *Server) getDonationReceipt(c *gin.Context) {
	id, ok := s.donationsReady(c)
	if !ok {
		return
	}
	out, err := s.donations.FindReceipt(c.Request.Context(), actor(c), id)
	s.respond(c, http.StatusOK, out, err)
}

// refundBody is a refund the host's finance staff ask for.
type refundBody struct {
	AmountFen int64 `json:"amount_fen"`
}

// refundDonation asks Stripe to refund part or all of a received gift;
// the ledger follows Stripe's charge.refunded event.
func (s *Server) refundDonation(c *gin.Context) {
	id, ok := s.donationsReady(c)
	if !ok {
		return
	}
	var b refundBody
	if err := decode(c, &b); err != nil {
		s.fail(c, err)
		return
	}
	out, err := s.donations.RefundDonation(c.Request.Context(), actor(c), id, b.AmountFen)
	s.respond(c, http.StatusAccepted, out, err)
}

// yearReceipts is a donor's combined receipts of one year.
type yearReceipts struct {
	Year  int              `json:"year"`
	Items []domain.Receipt `json:"items"`
}

// listMyReceipts answers the caller's combined receipts for ?year=
// (default: this year in Beijing time), one per host.
func (s *Server) listMyReceipts(c *gin.Context) {
	if _, ok := s.donationsReady(c); !ok {
		return
	}
	if err := onlyQuery(c, "year"); err != nil {
		s.fail(c, err)
		return
	}
	year := time.Now().In(domain.Shanghai).Year()
	if v := c.Query("year"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			s.fail(c, domain.Invalid("year", "must be a year like 2026"))
			return
		}
		year = n
	}
	items, err := s.donations.FindYearReceipts(c.Request.Context(), actor(c), year)
	s.respond(c, http.StatusOK, yearReceipts{Year: year, Items: items}, err)
}
