package web

import (
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"hutong/domain"
)

// childFormData is the registration form of a child, or a child's page
// with its consent form. The real name and ID-card number are entered
// once and never shown again, not even on this form after a problem.
type childFormData struct {
	Org     *domain.Organization
	Child   *domain.Child
	Form    *form
	Consent *form
}

// childFields are the registration form's fields.
var childFields = []string{"pseudonym", "age_band", "gender", "file_ref", "id_card_number", "real_name"}

// consentFields are the consent form's fields.
var consentFields = []string{"guardian_name", "relation", "consented_on", "scope", "evidence"}

// childrenReady answers 404 itself unless the reader is a child director
// of org and the pages have the child service.
func (s *Server) childrenReady(c *gin.Context, org *domain.Organization) bool {
	if s.mw.children == nil {
		s.renderError(c, http.StatusServiceUnavailable, "error.unavailable")
		return false
	}
	if !stateOf(c).Actor.HasRole(org.ID, domain.RoleChildDirector) {
		s.renderError(c, http.StatusNotFound, "error.not_found")
		return false
	}
	return true
}

// childForm is the registration form.
func (s *Server) childForm(c *gin.Context) {
	org, ok := s.stationOrg(c)
	if !ok || !s.childrenReady(c, org) {
		return
	}
	d := childFormData{Org: org, Form: newForm(nil)}
	s.render(c, http.StatusOK, "station_child", wishT(stateOf(c).L, "child.new"), d)
}

// registerChild registers a child; on a problem the form comes back
// without the real name and ID-card number.
func (s *Server) registerChild(c *gin.Context) {
	org, ok := s.stationOrg(c)
	if !ok || !s.childrenReady(c, org) {
		return
	}
	st, pf := stateOf(c), c.Request.PostForm
	ch, err := s.mw.children.RegisterChild(c.Request.Context(), st.Actor, org.ID, domain.ChildInput{
		Pseudonym: pf.Get("pseudonym"), AgeBand: pf.Get("age_band"), Gender: pf.Get("gender"),
		FileRef: pf.Get("file_ref"), IDCardNumber: pf.Get("id_card_number"), RealName: pf.Get("real_name"),
	})
	if err == nil {
		c.Redirect(http.StatusSeeOther, childURL(ch, org, "registered"))
		return
	}
	code := domain.ErrorCode(err)
	if formStatus[code] == 0 {
		s.fail(c, err)
		return
	}
	kept := url.Values{}
	for _, k := range []string{"pseudonym", "age_band", "gender", "file_ref"} {
		kept.Set(k, pf.Get(k))
	}
	f := newForm(kept)
	s.wishApply(st, f, childFields, domain.AsError(err))
	s.render(c, formStatus[code], "station_child", wishT(st.L, "child.new"), childFormData{Org: org, Form: f})
}

// childURL is a child's page at its station.
func childURL(ch *domain.Child, org *domain.Organization, done string) string {
	v := url.Values{"org": {org.ID.String()}}
	if done != "" {
		v.Set("done", done)
	}
	return "/station/children/" + ch.ID.String() + "?" + v.Encode()
}

// childPage shows a child's record and consents to the station's child
// directors, with the consent form.
func (s *Server) childPage(c *gin.Context) {
	org, ok := s.stationOrg(c)
	if !ok || !s.childrenReady(c, org) {
		return
	}
	ch, ok := s.loadChild(c, org)
	if !ok {
		return
	}
	d := childFormData{Org: org, Child: ch, Consent: newForm(url.Values{"scope": {"wish_publication"}})}
	s.render(c, http.StatusOK, "station_child", ch.Pseudonym, d)
}

// loadChild reads the child of the path at org; any other is a 404.
func (s *Server) loadChild(c *gin.Context, org *domain.Organization) (*domain.Child, bool) {
	id, ok := s.pathUUID(c, "id")
	if !ok {
		return nil, false
	}
	ch, err := s.mw.children.FindChildByID(c.Request.Context(), stateOf(c).Actor, id)
	if err == nil && ch.StationID != org.ID {
		err = domain.Errorf(domain.ENOTFOUND, "child not found")
	}
	if err != nil {
		s.fail(c, err)
		return nil, false
	}
	return ch, true
}

// recordConsent records a guardian's consent for a child.
func (s *Server) recordConsent(c *gin.Context) {
	org, ok := s.stationOrg(c)
	if !ok || !s.childrenReady(c, org) {
		return
	}
	ch, ok := s.loadChild(c, org)
	if !ok {
		return
	}
	st, pf := stateOf(c), c.Request.PostForm
	in := domain.ConsentInput{GuardianName: pf.Get("guardian_name"), Relation: pf.Get("relation"),
		Scope: pf["scope"], Evidence: pf.Get("evidence")}
	var err error
	if in.ConsentedOn, err = domain.ParseDate(pf.Get("consented_on")); err != nil {
		err = domain.Invalid("consented_on", "must be a date not in the future")
	} else {
		_, err = s.mw.children.RecordConsent(c.Request.Context(), st.Actor, ch.ID, in)
	}
	if err == nil {
		c.Redirect(http.StatusSeeOther, childURL(ch, org, "consented"))
		return
	}
	code := domain.ErrorCode(err)
	if formStatus[code] == 0 {
		s.fail(c, err)
		return
	}
	f := newForm(pf)
	s.wishApply(st, f, consentFields, domain.AsError(err))
	s.render(c, formStatus[code], "station_child", ch.Pseudonym, childFormData{Org: org, Child: ch, Consent: f})
}
