package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"hutong/domain"
)

// wishFormData is the station's form of a new wish or a draft.
type wishFormData struct {
	Org        *domain.Organization
	Wish       *domain.Wish
	Programmes []*domain.Programme
	Children   []*domain.Child
	Form       *form
}

// wishFields are the wish form's fields, named as the service names them.
var wishFields = []string{"programme_id", "child_id", "kind", "title", "story", "category", "amount_fen",
	"quantity", "deadline", "experience_on", "experience_place"}

// wishInput reads the wish form; a value it cannot read goes on v.
func wishInput(pf url.Values, v *domain.Validation) domain.WishInput {
	in := domain.WishInput{Kind: domain.WishKind(pf.Get("kind")), Title: pf.Get("title"), Story: pf.Get("story"),
		Category: pf.Get("category"), ExperiencePlace: pf.Get("experience_place")}
	if id, err := domain.ParseID(strings.TrimSpace(pf.Get("child_id"))); err == nil {
		in.ChildID = id
	}
	if fen, ok := parseYuan(pf.Get("amount")); ok {
		in.AmountFen = fen
	} else {
		v.Add("amount_fen", "must be at least 100 fen (¥1)")
	}
	if n, err := strconv.Atoi(strings.TrimSpace(pf.Get("quantity"))); err == nil {
		in.Quantity = n
	}
	if s := strings.TrimSpace(pf.Get("deadline")); s != "" {
		d, err := domain.ParseDate(s)
		v.Check(err == nil, "deadline", "must be a date like 2026-06-01")
		in.Deadline = d
	}
	if s := strings.TrimSpace(pf.Get("experience_on")); s != "" {
		d, err := domain.ParseDate(s)
		v.Check(err == nil, "experience_on", "must be a date like 2026-06-01")
		in.ExperienceOn = d
	}
	return in
}

// wishValues fills the form from a draft.
func wishValues(w *domain.Wish) url.Values {
	v := url.Values{"programme_id": {w.ProgrammeID.String()}, "kind": {string(w.Kind)}, "title": {w.Title},
		"story": {w.Story}, "category": {w.Category}, "amount": {formatYuanInput(w.AmountFen)},
		"quantity": {strconv.Itoa(w.Quantity)}, "deadline": {w.Deadline.String()},
		"experience_place": {w.ExperiencePlace}}
	if w.ChildID != nil {
		v.Set("child_id", w.ChildID.String())
	}
	if !w.ExperienceOn.IsZero() {
		v.Set("experience_on", w.ExperienceOn.String())
	}
	return v
}

// renderWishForm renders the wish form with the station's programmes and,
// for its child directors, its children to choose from.
func (s *Server) renderWishForm(c *gin.Context, status int, org *domain.Organization, w *domain.Wish, f *form) {
	ctx, st := c.Request.Context(), stateOf(c)
	d := wishFormData{Org: org, Wish: w, Form: f}
	var err error
	if d.Programmes, _, err = s.mw.programmes.FindProgrammes(ctx, st.Actor, &org.ID, domain.Page{Limit: domain.MaxPageLimit}); err != nil {
		s.fail(c, err)
		return
	}
	if s.mw.children != nil && st.Actor.HasRole(org.ID, domain.RoleChildDirector) {
		if d.Children, _, err = s.mw.children.FindChildren(ctx, st.Actor, org.ID, domain.Page{Limit: domain.MaxPageLimit}); err != nil {
			s.fail(c, err)
			return
		}
	}
	title := wishT(st.L, "form.new")
	if w != nil {
		title = wishT(st.L, "form.edit")
	}
	s.render(c, status, "station_wish", title, d)
}

// newWishForm is the form of a new wish.
func (s *Server) newWishForm(c *gin.Context) {
	org, ok := s.stationOrg(c)
	if !ok {
		return
	}
	f := newForm(url.Values{"kind": {string(domain.WishGoods)}, "quantity": {"1"},
		"programme_id": {c.Query("programme")}, "child_id": {c.Query("child")}})
	s.renderWishForm(c, http.StatusOK, org, nil, f)
}

// createWish saves a new draft and, when asked, submits it; a submit that
// fails the privacy check shows the draft's form with the problems next
// to their fields.
func (s *Server) createWish(c *gin.Context) {
	org, ok := s.stationOrg(c)
	if !ok {
		return
	}
	ctx, st, pf := c.Request.Context(), stateOf(c), c.Request.PostForm
	var v domain.Validation
	in := wishInput(pf, &v)
	err := v.Err()
	var w *domain.Wish
	if err == nil {
		pid, perr := domain.ParseID(pf.Get("programme_id"))
		if perr != nil {
			err = domain.Invalid("programme_id", "is required")
		} else {
			w, err = s.mw.wishes.CreateWish(ctx, st.Actor, pid, in)
		}
	}
	if err != nil {
		s.wishFormFailed(c, org, nil, err)
		return
	}
	s.afterSave(c, org, w)
}

// editWishForm is the form of a draft.
func (s *Server) editWishForm(c *gin.Context) {
	org, ok := s.stationOrg(c)
	if !ok {
		return
	}
	w, ok := s.stationWish(c, org)
	if !ok {
		return
	}
	s.renderWishForm(c, http.StatusOK, org, w, newForm(wishValues(w)))
}

// updateWish saves a draft and, when asked, submits it.
func (s *Server) updateWish(c *gin.Context) {
	org, ok := s.stationOrg(c)
	if !ok {
		return
	}
	w, ok := s.stationWish(c, org)
	if !ok {
		return
	}
	var v domain.Validation
	in := wishInput(c.Request.PostForm, &v)
	err := v.Err()
	if err == nil {
		w, err = s.mw.wishes.UpdateWish(c.Request.Context(), stateOf(c).Actor, w.ID, in)
	}
	if err != nil {
		s.wishFormFailed(c, org, w, err)
		return
	}
	s.afterSave(c, org, w)
}

// afterSave submits a saved draft when the station asked for it, then
// returns to the desk.
func (s *Server) afterSave(c *gin.Context, org *domain.Organization, w *domain.Wish) {
	if c.Request.PostForm.Get("action") != "submit" {
		c.Redirect(http.StatusSeeOther, stationURL(org.ID.String(), "saved"))
		return
	}
	if _, err := s.mw.wishes.SubmitWish(c.Request.Context(), stateOf(c).Actor, w.ID); err != nil {
		s.wishFormFailed(c, org, w, err)
		return
	}
	c.Redirect(http.StatusSeeOther, stationURL(org.ID.String(), "submitted"))
}

// wishFormFailed shows the wish form again with the problems next to
// their fields; a broken rule gets its page.
func (s *Server) wishFormFailed(c *gin.Context, org *domain.Organization, w *domain.Wish, err error) {
	code := domain.ErrorCode(err)
	if formStatus[code] == 0 {
		s.fail(c, err)
		return
	}
	f := newForm(c.Request.PostForm)
	if len(f.Values) == 0 && w != nil {
		f = newForm(wishValues(w))
	}
	s.wishApply(stateOf(c), f, wishFields, domain.AsError(err))
	s.renderWishForm(c, formStatus[code], org, w, f)
}

// stationWish reads the wish of the path, which must be org's.
func (s *Server) stationWish(c *gin.Context, org *domain.Organization) (*domain.Wish, bool) {
	id, ok := s.pathUUID(c, "id")
	if !ok {
		return nil, false
	}
	w, err := s.mw.wishes.FindWishByID(c.Request.Context(), stateOf(c).Actor, id)
	if err == nil && w.StationID != org.ID {
		err = domain.Errorf(domain.ENOTFOUND, "wish not found")
	}
	if err != nil {
		s.fail(c, err)
		return nil, false
	}
	return w, true
}

// submitWish sends a draft to review from the desk; a privacy problem
// shows the draft's form with it next to the field.
func (s *Server) submitWish(c *gin.Context) {
	org, ok := s.stationOrg(c)
	if !ok {
		return
	}
	w, ok := s.stationWish(c, org)
	if !ok {
		return
	}
	if _, err := s.mw.wishes.SubmitWish(c.Request.Context(), stateOf(c).Actor, w.ID); err != nil {
		if domain.ErrorCode(err) == domain.EINVALID {
			c.Request.PostForm = wishValues(w)
			s.wishFormFailed(c, org, w, err)
			return
		}
		s.stationDone(c, org, err, "")
		return
	}
	c.Redirect(http.StatusSeeOther, stationURL(org.ID.String(), "submitted"))
}

// reviewWish publishes a wish in review, or returns it with a note; the
// person who submitted it may not.
func (s *Server) reviewWish(c *gin.Context) {
	org, ok := s.stationOrg(c)
	if !ok {
		return
	}
	w, ok := s.stationWish(c, org)
	if !ok {
		return
	}
	pf := c.Request.PostForm
	approve := pf.Get("decision") == "approve"
	_, err := s.mw.wishes.ReviewWish(c.Request.Context(), stateOf(c).Actor, w.ID, approve, pf.Get("note"))
	done := "returned"
	if approve {
		done = "published"
	}
	s.stationDone(c, org, err, done)
}
