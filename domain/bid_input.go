package domain

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"time"

	"github.com/google/uuid"
)

// Bounds of a bid's content. The proposal is plain text (documents come
// apart, through blob storage); the team list is bounded so that one bid
// cannot bloat the opening.
const (
	BidProposalMinRunes = 10
	BidProposalMaxRunes = 50000
	BidTeamMax          = 50
	BidTeamFieldMax     = 200
	BidConsortiumMax    = 20
)

// BidInput is what a bidder submits. OrganizationID is the bidding
// organisation, or an alliance with ConsortiumMemberIDs naming the member
// organisations of the consortium.
type BidInput struct {
	OrganizationID      uuid.UUID    `json:"organization_id"`
	ConsortiumMemberIDs []uuid.UUID  `json:"consortium_member_ids"`
	PriceFen            int64        `json:"price_fen"`
	TechnicalProposal   string       `json:"technical_proposal"`
	Team                []TeamMember `json:"team"`
	// DocumentIDs names the bidder's uploaded documents (see
	// BidDocumentService) that the bid carries; the service puts their
	// names and hashes into the sealed content, so the receipt covers them.
	DocumentIDs []uuid.UUID `json:"document_ids"`
}

// Normalize trims and validates the input against the project's budget:
// a price of zero or above the budget is EINVALID on "price_fen", and
// every other problem names its field too.
func (in *BidInput) Normalize(budgetFen int64) error {
	var v Validation
	v.Check(in.OrganizationID != uuid.Nil, "organization_id", "is required")
	v.Check(in.PriceFen > 0, "price_fen", "must be more than 0")
	v.Check(in.PriceFen <= budgetFen, "price_fen", "must not be above the project's budget")
	in.TechnicalProposal = trimSpace(in.TechnicalProposal)
	n := len([]rune(in.TechnicalProposal))
	v.Check(n >= BidProposalMinRunes && n <= BidProposalMaxRunes, "technical_proposal", "must be 10 to 50000 characters")
	v.Check(len(in.Team) <= BidTeamMax, "team", "must name at most 50 people")
	for i := range in.Team {
		in.Team[i].normalize(&v)
	}
	if in.Team == nil {
		in.Team = []TeamMember{}
	}
	in.ConsortiumMemberIDs = sortedIDs(in.ConsortiumMemberIDs)
	v.Check(len(in.ConsortiumMemberIDs) <= BidConsortiumMax, "consortium_member_ids", "must name at most 20 organisations")
	v.Check(!slices.Contains(in.ConsortiumMemberIDs, in.OrganizationID), "consortium_member_ids", "must not name the bidder itself")
	in.DocumentIDs = sortedIDs(in.DocumentIDs)
	v.Check(len(in.DocumentIDs) <= BidDocumentsPerBidMax, "document_ids", "must name at most 20 documents")
	return v.Err()
}

func (m *TeamMember) normalize(v *Validation) {
	m.Name, m.Role, m.Qualification = trimSpace(m.Name), trimSpace(m.Role), trimSpace(m.Qualification)
	v.Check(m.Name != "" && len([]rune(m.Name)) <= BidTeamFieldMax, "team.name", "must be 1 to 200 characters")
	v.Check(m.Role != "" && len([]rune(m.Role)) <= BidTeamFieldMax, "team.role", "must be 1 to 200 characters")
	v.Check(len([]rune(m.Qualification)) <= BidTeamFieldMax, "team.qualification", "must be at most 200 characters")
}

// sortedIDs drops duplicates and nil ids and sorts the rest, so that the
// same consortium always hashes the same.
func sortedIDs(ids []uuid.UUID) []uuid.UUID {
	out := make([]uuid.UUID, 0, len(ids))
	for _, id := range ids {
		if id != uuid.Nil && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	slices.SortFunc(out, func(a, b uuid.UUID) int { return bytes.Compare(a[:], b[:]) })
	return out
}

// Content returns the sealed part of the input; the service adds the
// documents named by DocumentIDs.
func (in *BidInput) Content() BidContent {
	return BidContent{PriceFen: in.PriceFen, TechnicalProposal: in.TechnicalProposal, Team: in.Team}
}

// canonicalBid is the canonical form of a bid: keys in lexicographic
// order at every level, times in UTC RFC 3339 with nanoseconds, ids in
// lower-case hex, no HTML escaping and no insignificant whitespace. Its
// field order is the byte order of its keys; do not reorder.
type canonicalBid struct {
	BidID               string          `json:"bid_id"`
	ConsortiumMemberIDs []string        `json:"consortium_member_ids"`
	Documents           []canonicalDoc  `json:"documents,omitempty"`
	OrganizationID      string          `json:"organization_id"`
	PriceFen            int64           `json:"price_fen"`
	ProjectID           string          `json:"project_id"`
	SubmittedAt         string          `json:"submitted_at"`
	Team                []canonicalTeam `json:"team"`
	TechnicalProposal   string          `json:"technical_proposal"`
}

// canonicalDoc is a document in the canonical bid, ordered by id. A bid
// without documents leaves the key out, so receipts issued before
// documents existed still verify.
type canonicalDoc struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
}

type canonicalTeam struct {
	Name          string `json:"name"`
	Qualification string `json:"qualification"`
	Role          string `json:"role"`
}

// CanonicalBidContent returns the canonical JSON bytes of a bid (its ids,
// submission time and content, which must not be nil) and their SHA-256
// in hex: the receipt's hash. The same bytes are what is sealed, so that
// at the opening the decrypted content is checked against the receipt.
func CanonicalBidContent(b *Bid) ([]byte, string, error) {
	if b.Content == nil {
		return nil, "", Errorf(EINTERNAL, "bid content missing")
	}
	c := canonicalBid{
		BidID: b.ID.String(), OrganizationID: b.OrganizationID.String(), ProjectID: b.ProjectID.String(),
		PriceFen: b.Content.PriceFen, TechnicalProposal: b.Content.TechnicalProposal,
		SubmittedAt:         b.Receipt.SubmittedAt.UTC().Format(time.RFC3339Nano),
		ConsortiumMemberIDs: []string{}, Team: []canonicalTeam{},
	}
	for _, id := range sortedIDs(b.ConsortiumMemberIDs) {
		c.ConsortiumMemberIDs = append(c.ConsortiumMemberIDs, id.String())
	}
	for _, m := range b.Content.Team {
		c.Team = append(c.Team, canonicalTeam{Name: m.Name, Qualification: m.Qualification, Role: m.Role})
	}
	c.Documents = canonicalDocs(b.Content.Documents)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(c); err != nil {
		return nil, "", err
	}
	out := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	sum := sha256.Sum256(out)
	return out, hex.EncodeToString(sum[:]), nil
}

// ParseCanonicalBid reads canonical bytes back into the bid's content,
// for the opening.
func ParseCanonicalBid(raw []byte) (*BidContent, error) {
	var c canonicalBid
	if err := json.Unmarshal(raw, &c); err != nil {
		return nil, err
	}
	out := &BidContent{PriceFen: c.PriceFen, TechnicalProposal: c.TechnicalProposal, Team: []TeamMember{}}
	for _, m := range c.Team {
		out.Team = append(out.Team, TeamMember{Name: m.Name, Role: m.Role, Qualification: m.Qualification})
	}
	for _, d := range c.Documents {
		id, err := uuid.Parse(d.ID)
		if err != nil {
			return nil, err
		}
		out.Documents = append(out.Documents, BidDocumentRef{ID: id, Name: d.Name, SHA256: d.SHA256})
	}
	return out, nil
}

// canonicalDocs orders a bid's documents by id, so that the same set
// always hashes the same.
func canonicalDocs(refs []BidDocumentRef) []canonicalDoc {
	sorted := slices.Clone(refs)
	slices.SortFunc(sorted, func(a, b BidDocumentRef) int { return bytes.Compare(a.ID[:], b.ID[:]) })
	var out []canonicalDoc
	for _, d := range sorted {
		out = append(out, canonicalDoc{ID: d.ID.String(), Name: d.Name, SHA256: d.SHA256})
	}
	return out
}
