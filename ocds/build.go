package ocds

import (
	"slices"
	"time"

	"github.com/google/uuid"

	"hutong/domain"
)

// Input is everything one release says, loaded by the caller from the
// database in the transaction that changed the project, so that the
// release and the change commit together or not at all.
type Input struct {
	// OCID identifies the contracting process; see NewOCID.
	OCID string
	// ReleaseID is unique among the process's releases.
	ReleaseID string
	// Date is when the change happened.
	Date time.Time
	// Tags say what changed (releaseTag.csv).
	Tags []string
	// Project is the project as it now is; its bureau is the buyer.
	Project *domain.Project
	// Bureau is the project's bureau, for its party entry.
	Bureau *domain.Organization
	// Opening is the published opening record. It must be nil before the
	// project is opened: it is the only source of tenderers, their number
	// and their prices.
	Opening []*domain.OpenedBid
	// CreditCodes maps bidders' organisation ids to their unified social
	// credit codes, for their party identifiers.
	CreditCodes map[uuid.UUID]string
	// Evaluation is the finalised evaluation, nil before.
	Evaluation *domain.EvaluationOutcome
	// Amendments are the published amendments (变更公告), oldest first.
	Amendments []AmendmentNote
	// Awards and Contracts are the later stages, empty until they happen.
	Awards    []AwardState
	Contracts []ContractState
}

// AmendmentNote is one published amendment of a tender.
type AmendmentNote struct {
	ID      string
	Date    time.Time
	Reason  string
	Changed []string
}

// Build returns the release for in. It never reads anything else, so the
// same input always gives the same release.
func Build(in Input) *Release {
	buyer := bureauParty(in.Bureau)
	r := &Release{
		OCID: in.OCID, ID: in.ReleaseID, Date: Time{in.Date}, Tag: in.Tags,
		InitiationType: "tender", Language: "zh",
		Parties: []Party{buyer},
		Buyer:   &OrganizationRef{ID: buyer.ID, Name: buyer.Name},
		Tender:  buildTender(in),
	}
	if in.Opening != nil {
		addOpening(r, in)
	}
	addAwards(r, in)
	return r
}

// bureauParty is the bureau, which both pays for the service and runs the
// tender. The partyRole codelist says such an organisation takes the
// buyer role and not procuringEntity, so tender.procuringEntity is left
// out too (a reference to a party without that role would contradict
// it).
func bureauParty(o *domain.Organization) Party {
	p := organizationParty(o.ID, o.Name, o.CreditCode, "buyer")
	if o.RegionName != "" {
		p.Address = &Address{Region: o.RegionName, CountryName: "中国"}
	}
	return p
}

// organizationParty names an organisation by its unified social credit
// code (scheme CN-USCC in org-id.guide) when it has one, else by its
// Hutong id.
func organizationParty(id uuid.UUID, name, creditCode string, roles ...string) Party {
	p := Party{ID: "hutong-" + id.String(), Name: name, Roles: roles}
	if creditCode != "" {
		p.ID = "CN-USCC-" + creditCode
		p.Identifier = &Identifier{Scheme: "CN-USCC", ID: creditCode, LegalName: name}
	}
	return p
}

// addOpening publishes the opening record: the bidders as parties and
// tenderers, their number, and each bid's price in bids.details.
func addOpening(r *Release, in Input) {
	n := len(in.Opening)
	r.Tender.NumberOfTenderers = &n
	r.Tender.Tenderers = []OrganizationRef{}
	r.Bids = &Bids{Details: []Bid{}}
	for _, b := range in.Opening {
		party := organizationParty(b.OrganizationID, b.OrganizationName, in.CreditCodes[b.OrganizationID], "tenderer")
		ref := OrganizationRef{ID: party.ID, Name: party.Name}
		r.Parties = addParty(r.Parties, party)
		r.Tender.Tenderers = append(r.Tender.Tenderers, ref)
		r.Bids.Details = append(r.Bids.Details, Bid{ID: b.BidID.String(), Date: At(b.SubmittedAt),
			Tenderers: []OrganizationRef{ref}, Value: CNY(b.PriceFen)})
	}
}

// addParty adds p to parties, merging its roles into an entry with the
// same id, since an organisation appears once whatever its roles.
func addParty(parties []Party, p Party) []Party {
	for i := range parties {
		if parties[i].ID != p.ID {
			continue
		}
		for _, role := range p.Roles {
			if !slices.Contains(parties[i].Roles, role) {
				parties[i].Roles = append(parties[i].Roles, role)
			}
		}
		return parties
	}
	return append(parties, p)
}
