package web

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"hutong/domain"
)

// bidTeamRows is how many team rows the bid form offers; a bidder with a
// larger team names the others in the proposal.
const bidTeamRows = 6

// bidFormData is what the bid form shows.
type bidFormData struct {
	Project *domain.Project
	// Orgs are the reader's organisations that may bid.
	Orgs []*domain.Membership
	Form *form
	Rows []int
	// Documents are the reader's uploads for the project, offered as
	// checkboxes; DocsOn says the upload form is shown, and DocProblems
	// are the last upload's problems.
	Documents   []*domain.BidDocument
	DocsOn      bool
	DocProblems []string
	Uploaded    bool
}

// bidFormFields are the fields the bid form shows problems beside.
var bidFormFields = []string{"organization_id", "price", "technical_proposal", "document_ids"}

// bidMessageIDs translate the bid rules' messages.
var bidMessageIDs = map[string]string{
	"must be more than 0":                    "msg.bid.price_positive",
	"must not be above the project's budget": "msg.bid.price_budget",
	"bidding on this project is closed":      "msg.bid.closed",
	"must name at most 50 people":            "msg.bid.team_max",
}

func init() {
	for msg, id := range bidMessageIDs {
		messageIDs[msg] = id
	}
}

// bidsReady answers 503 itself when the server has no bid service.
func (s *Server) bidsReady(c *gin.Context) bool {
	if s.bids == nil {
		s.renderError(c, http.StatusServiceUnavailable, "error.unavailable")
		return false
	}
	return true
}

// bidOrgs lists the reader's organisations that may bid: verified
// bidders the reader manages (owner, admin or staff).
func (s *Server) bidOrgs(c *gin.Context) ([]*domain.Membership, error) {
	a := stateOf(c).Actor
	if a.Anonymous() {
		return nil, nil
	}
	var out []*domain.Membership
	for _, m := range a.Memberships {
		if m.OrganizationKind == domain.KindBureau {
			continue
		}
		o, err := s.orgs.FindOrganizationByID(c.Request.Context(), m.OrganizationID)
		if err != nil {
			return nil, err
		}
		if o.Verified() && domain.Can(a, domain.ActionBidSubmit, o) == nil {
			out = append(out, m)
		}
	}
	return out, nil
}

// bidProject loads the project of a bid form, answering itself when bids
// are not configured, the reader is not signed in or bidding is closed.
func (s *Server) bidProject(c *gin.Context) (*domain.Project, []*domain.Membership, bool) {
	if !s.bidsReady(c) {
		return nil, nil, false
	}
	if stateOf(c).Actor.Anonymous() {
		s.fail(c, domain.Errorf(domain.EUNAUTHORIZED, "sign in first"))
		return nil, nil, false
	}
	p, ok := s.loadProject(c)
	if !ok {
		return nil, nil, false
	}
	if err := domain.CheckBiddingOpen(p, time.Now()); err != nil {
		s.ruleError(c, err)
		return nil, nil, false
	}
	orgs, err := s.bidOrgs(c)
	if err != nil {
		s.fail(c, err)
		return nil, nil, false
	}
	if len(orgs) == 0 {
		s.renderError(c, http.StatusForbidden, "bid.no_org")
		return nil, nil, false
	}
	return p, orgs, true
}

// bidForm shows the form to bid on a project.
func (s *Server) bidForm(c *gin.Context) {
	p, orgs, ok := s.bidProject(c)
	if !ok {
		return
	}
	s.renderBidForm(c, http.StatusOK, p, orgs, newForm(nil))
}

func (s *Server) renderBidForm(c *gin.Context, status int, p *domain.Project, orgs []*domain.Membership, f *form) {
	s.renderBidFormWith(c, status, p, orgs, f, nil)
}

// renderBidFormWith renders the bid form with the reader's documents and
// the problems of a refused upload.
func (s *Server) renderBidFormWith(c *gin.Context, status int, p *domain.Project, orgs []*domain.Membership, f *form, docProblems []string) {
	d := bidFormData{Project: p, Orgs: orgs, Form: f, DocsOn: s.bidDocuments != nil, DocProblems: docProblems,
		Uploaded: c.Query("uploaded") == "1"}
	for i := range bidTeamRows {
		d.Rows = append(d.Rows, i)
	}
	docs, err := s.documentsOn(c, p)
	if err != nil {
		s.fail(c, err)
		return
	}
	d.Documents = docs
	s.render(c, status, "bid_form", stateOf(c).L.T("bid.title"), d)
}

// submitBid seals the bid typed on the form and shows its receipt.
func (s *Server) submitBid(c *gin.Context) {
	p, orgs, ok := s.bidProject(c)
	if !ok {
		return
	}
	st, pf := stateOf(c), c.Request.PostForm
	f := newForm(pf)
	in, err := bidInput(pf, orgs)
	if err == nil {
		var b *domain.Bid
		if b, err = s.bids.SubmitBid(c.Request.Context(), st.Actor, p.ID, in); err == nil {
			c.Redirect(http.StatusSeeOther, "/bids/"+b.ID.String()+"?submitted=1")
			return
		}
	}
	switch domain.ErrorCode(err) {
	case domain.EINVALID:
		s.applyError(st, f, bidFormFields, bidFieldNames(domain.AsError(err)))
		s.renderBidForm(c, http.StatusUnprocessableEntity, p, orgs, f)
	case domain.EFORBIDDEN, domain.ECONFLICT:
		s.ruleError(c, err)
	default:
		s.fail(c, err)
	}
}

// bidInput reads the form; the price is in yuan, read exactly into fen.
// Team rows left blank are skipped.
func bidInput(pf url.Values, orgs []*domain.Membership) (domain.BidInput, error) {
	var v domain.Validation
	in := domain.BidInput{TechnicalProposal: pf.Get("technical_proposal"), Team: []domain.TeamMember{}}
	org := pf.Get("organization_id")
	if org == "" && len(orgs) == 1 {
		org = orgs[0].OrganizationID.String()
	}
	id, err := uuid.Parse(org)
	v.Check(err == nil && slices.ContainsFunc(orgs, func(m *domain.Membership) bool { return m.OrganizationID == id }),
		"organization_id", "is required")
	in.OrganizationID = id
	fen, ok := parseYuan(pf.Get("price"))
	v.Check(ok, "price_fen", msgYuan)
	in.PriceFen = fen
	for _, raw := range pf["document_ids"] {
		doc, err := uuid.Parse(raw)
		v.Check(err == nil, "document_ids", "must name documents uploaded for this bid")
		in.DocumentIDs = append(in.DocumentIDs, doc)
	}
	for i := range bidTeamRows {
		m := domain.TeamMember{
			Name: pf.Get(fmt.Sprintf("team_name_%d", i)), Role: pf.Get(fmt.Sprintf("team_role_%d", i)),
			Qualification: pf.Get(fmt.Sprintf("team_qualification_%d", i)),
		}
		if strings.TrimSpace(m.Name+m.Role+m.Qualification) != "" {
			in.Team = append(in.Team, m)
		}
	}
	return in, v.Err()
}

// bidFieldNames renames the service's price_fen to the form's price.
func bidFieldNames(e *domain.Error) *domain.Error {
	out := *e
	out.Fields = nil
	for _, fe := range e.Fields {
		if fe.Field == "price_fen" {
			fe.Field = "price"
		}
		out.Fields = append(out.Fields, fe)
	}
	return &out
}

// ruleError answers a refused bid (403) or a closed project (409) with a
// page naming the rule the service says was broken.
func (s *Server) ruleError(c *gin.Context, err error) {
	e := domain.AsError(err)
	p, ok := errorPages[domain.ErrorCode(err)]
	if e == nil || !ok {
		s.fail(c, err)
		return
	}
	st := stateOf(c)
	msg, known := knownMessage(st.L, e.Message)
	if !known {
		msg = st.L.T("bid.rule_broken", map[string]any{"Message": e.Message})
	}
	d := errorData{Status: p.status, Message: msg}
	s.render(c, p.status, "error", msg, d)
}

// bidReceiptData is what a bid's page shows: never its price or content.
type bidReceiptData struct {
	Bid          *domain.Bid
	Project      *domain.Project
	Organization string
	CanWithdraw  bool
	Submitted    bool
	Withdrawn    bool
	// CanConfirm offers the confirmation form of a bid whose project was
	// amended substantively, while bidding is open; Confirmed follows it.
	CanConfirm bool
	Confirmed  bool
	// Documents are the files the bid names, shown with their hashes.
	Documents []*domain.BidDocument
}

// bidReceipt shows a bid's receipt and status to its organisation.
func (s *Server) bidReceipt(c *gin.Context) {
	if !s.bidsReady(c) {
		return
	}
	b, ok := s.loadBid(c, s.bids.FindBidByID)
	if !ok {
		return
	}
	st := stateOf(c)
	p, err := s.projects.FindProjectByID(c.Request.Context(), st.Actor, b.ProjectID)
	if err != nil {
		s.fail(c, err)
		return
	}
	d := bidReceiptData{Bid: b, Project: p, Submitted: c.Query("submitted") == "1", Withdrawn: c.Query("withdrawn") == "1"}
	if m := st.Actor.Membership(b.OrganizationID); m != nil {
		d.Organization = m.OrganizationName
	}
	d.CanWithdraw = b.Live() && domain.CheckBiddingOpen(p, time.Now()) == nil
	_, confirmable := s.bids.(domain.BidConfirmer)
	d.CanConfirm = confirmable && d.CanWithdraw && b.Status == domain.BidNeedsConfirmation
	d.Confirmed = c.Query("confirmed") == "1"
	if s.bidDocuments != nil {
		if d.Documents, err = s.bidDocuments.FindBidDocuments(c.Request.Context(), st.Actor, b.ID); err != nil {
			s.fail(c, err)
			return
		}
	}
	s.render(c, http.StatusOK, "bid_receipt", st.L.T("bid.receipt_title"), d)
}

// withdrawBid withdraws a bid before the deadline.
func (s *Server) withdrawBid(c *gin.Context) {
	if !s.bidsReady(c) {
		return
	}
	b, ok := s.loadBid(c, s.bids.WithdrawBid)
	if ok {
		c.Redirect(http.StatusSeeOther, "/bids/"+b.ID.String()+"?withdrawn=1")
	}
}

// loadBid runs find on the bid in the path, answering failures itself;
// a bid of another organisation does not exist. Callers check bidsReady
// first: find is a method of the bid service.
func (s *Server) loadBid(c *gin.Context, find func(context.Context, *domain.Actor, uuid.UUID) (*domain.Bid, error)) (*domain.Bid, bool) {
	if !s.projectsReady(c) {
		return nil, false
	}
	st := stateOf(c)
	if st.Actor.Anonymous() {
		s.fail(c, domain.Errorf(domain.EUNAUTHORIZED, "sign in first"))
		return nil, false
	}
	id, err := domain.ParseID(c.Param("id"))
	var b *domain.Bid
	if err == nil {
		b, err = find(c.Request.Context(), st.Actor, id)
	}
	if err != nil {
		if domain.ErrorCode(err) == domain.ECONFLICT {
			s.ruleError(c, err)
		} else {
			s.fail(c, err)
		}
		return nil, false
	}
	return b, true
}

// myBidRow is one line of the reader's bids.
type myBidRow struct {
	Bid          *domain.Bid
	ProjectTitle string
	Organization string
}

// myBids lists the bids of the reader's organisations, sealed.
func (s *Server) myBids(c *gin.Context) {
	if !s.bidsReady(c) || !s.projectsReady(c) {
		return
	}
	st, ctx := stateOf(c), c.Request.Context()
	if st.Actor.Anonymous() {
		s.fail(c, domain.Errorf(domain.EUNAUTHORIZED, "sign in first"))
		return
	}
	bs, err := s.bids.FindMyBids(ctx, st.Actor, nil)
	if err != nil {
		s.fail(c, err)
		return
	}
	titles := map[uuid.UUID]string{}
	rows := make([]myBidRow, 0, len(bs))
	for _, b := range bs {
		title, seen := titles[b.ProjectID]
		if !seen {
			if p, err := s.projects.FindProjectByID(ctx, st.Actor, b.ProjectID); err == nil {
				title = p.Title
			}
			titles[b.ProjectID] = title
		}
		r := myBidRow{Bid: b, ProjectTitle: cmp.Or(title, b.ProjectID.String())}
		if m := st.Actor.Membership(b.OrganizationID); m != nil {
			r.Organization = m.OrganizationName
		}
		rows = append(rows, r)
	}
	s.render(c, http.StatusOK, "bid_list", st.L.T("bid.mine_title"), rows)
}

// bidSection is what a project's page shows about bids: the bid link
// while the reader may bid, and the opening record once published.
// Before the opening it shows nothing about bids at all.
func (s *Server) bidSection(c *gin.Context, p *domain.Project) (bool, []*domain.OpenedBid, error) {
	if s.bids == nil || !p.Public() {
		return false, nil, nil
	}
	if domain.CheckBiddingOpen(p, time.Now()) == nil {
		orgs, err := s.bidOrgs(c)
		return len(orgs) > 0, nil, err
	}
	if p.Status == domain.StatusPublished || p.Status == domain.StatusBiddingClosed || p.Status == domain.StatusCancelled {
		return false, nil, nil
	}
	rec, err := s.bids.FindOpening(c.Request.Context(), stateOf(c).Actor, p.ID)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return false, nil, nil
	}
	slices.SortStableFunc(rec, func(a, b *domain.OpenedBid) int { return cmp.Compare(a.PriceFen, b.PriceFen) })
	return false, rec, err
}
