package api

import (
	"errors"
	"io"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"hutong/domain"
	"hutong/internal/httpx"
	"hutong/payments"
)

// stripeWebhook receives Stripe's events. It reads the raw body (the
// signature covers its exact bytes), verifies the Stripe-Signature header
// within 300 s of now, and only then hands the event to the donation
// service, which records it once with its effect. An unsigned, altered
// or stale request is 400 and writes nothing; an event whose payment is
// not known yet is 503, so that Stripe delivers it again later.
func (s *Server) stripeWebhook(c *gin.Context) {
	if s.donations == nil || s.gateway == nil {
		s.fail(c, domain.Errorf(domain.EUNAVAILABLE, "payments are not configured on this server"))
		return
	}
	payload, err := io.ReadAll(c.Request.Body)
	if err != nil {
		if httpx.TooLarge(err) {
			s.fail(c, tooLarge())
			return
		}
		s.fail(c, domain.Errorf(domain.EMALFORMED, "the request body could not be read"))
		return
	}
	ev, err := s.gateway.ParseEvent(payload, c.GetHeader("Stripe-Signature"), time.Now())
	if err != nil {
		httpx.Logger(c).Warn("webhook: refused an event", "err", err)
		s.fail(c, domain.Errorf(domain.EMALFORMED, "the webhook signature is missing, wrong or too old"))
		return
	}
	err = s.donations.HandleEvent(c.Request.Context(), ev)
	if errors.Is(err, payments.ErrUnmatchedEvent) {
		err = domain.Errorf(domain.EUNAVAILABLE, "this event's payment is not known yet; deliver it again later")
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"received": true})
}
