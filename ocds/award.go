package ocds

import (
	"fmt"
	"strconv"
	"time"

	"github.com/google/uuid"

	"hutong/domain"
)

// Award statuses (awardStatus.csv).
const (
	// AwardPending is an award published while its complaint window
	// (质疑期) is open: made, but its standstill period has not ended.
	AwardPending = "pending"
	// AwardActive is an award that became final.
	AwardActive = "active"
	// AwardCancelled is an award withdrawn after an upheld complaint.
	AwardCancelled = "cancelled"
)

// Contract statuses (contractStatus.csv).
const (
	ContractActive     = "active"
	ContractTerminated = "terminated"
)

// AwardState is one award as the caller loaded it, with its status
// already mapped to awardStatus.csv.
type AwardState struct {
	ID           uuid.UUID
	Status       string
	Date         time.Time
	SupplierID   uuid.UUID
	SupplierName string
	CreditCode   string
	PriceFen     int64
}

// ContractState is one contract as the caller loaded it, with its status
// already mapped to contractStatus.csv.
type ContractState struct {
	ID           uuid.UUID
	AwardID      uuid.UUID
	Status       string
	SignedAt     time.Time
	PriceFen     int64
	ServiceStart domain.Date
	ServiceEnd   domain.Date
	Milestones   []ContractMilestone
}

// ContractMilestone is one payment milestone of a contract; ReleasedAt is
// set once its report was accepted and the payment released.
type ContractMilestone struct {
	Name       string
	Percent    int
	AmountFen  int64
	Due        domain.Date
	ReleasedAt *time.Time
}

// addAwards adds the awards and contracts, their suppliers as parties.
func addAwards(r *Release, in Input) {
	suppliers := map[uuid.UUID]OrganizationRef{}
	for _, a := range in.Awards {
		party := organizationParty(a.SupplierID, a.SupplierName, a.CreditCode, "supplier")
		r.Parties = addParty(r.Parties, party)
		ref := OrganizationRef{ID: party.ID, Name: party.Name}
		suppliers[a.ID] = ref
		r.Awards = append(r.Awards, Award{
			ID: a.ID.String(), Title: in.Project.Title, Status: a.Status, Date: At(a.Date),
			Description: awardDescription(a.Status), Value: CNY(a.PriceFen), Suppliers: []OrganizationRef{ref},
			ContractPeriod: servicePeriod(in.Project.ServiceStart, in.Project.ServiceEnd),
		})
	}
	buyer := r.Buyer
	for _, c := range in.Contracts {
		var payee *OrganizationRef
		if ref, ok := suppliers[c.AwardID]; ok {
			payee = &ref
		}
		r.Contracts = append(r.Contracts, buildContract(in.Project.Title, c, buyer, payee))
	}
}

func awardDescription(status string) string {
	switch status {
	case AwardPending:
		return "中标结果公示中，质疑期内可提出质疑。"
	case AwardCancelled:
		return "质疑成立，中标结果撤销，项目重新评审。"
	}
	return "中标结果已生效。"
}

// buildContract is the contract with its milestones and, for each
// released milestone, the met milestone and the payment as a
// transaction.
func buildContract(title string, c ContractState, payer, payee *OrganizationRef) Contract {
	out := Contract{
		ID: c.ID.String(), AwardID: c.AwardID.String(), Title: title, Status: c.Status,
		DateSigned: At(c.SignedAt), Value: CNY(c.PriceFen), Period: servicePeriod(c.ServiceStart, c.ServiceEnd),
	}
	var impl Implementation
	for i, m := range c.Milestones {
		id := "payment-" + strconv.Itoa(i+1)
		ms := Milestone{ID: id, Title: m.Name, Type: "payment", DueDate: endOfDay(m.Due), Status: "scheduled",
			Description: fmt.Sprintf("支付合同价款的 %d%%", m.Percent), Value: CNY(m.AmountFen)}
		if m.ReleasedAt == nil {
			out.Milestones = append(out.Milestones, ms)
			continue
		}
		ms.Status, ms.DateMet = "met", At(*m.ReleasedAt)
		out.Milestones = append(out.Milestones, ms)
		impl.Milestones = append(impl.Milestones, ms)
		impl.Transactions = append(impl.Transactions, Transaction{ID: id, Date: At(*m.ReleasedAt),
			Value: CNY(m.AmountFen), Payer: payer, Payee: payee})
	}
	if len(impl.Milestones) > 0 {
		out.Implementation = &impl
	}
	return out
}
