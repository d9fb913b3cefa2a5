// Package ocds turns Hutong's tenders into Open Contracting Data Standard
// (OCDS 1.1.5) releases, release packages and records. It is pure: the
// postgres package loads a project's state in the transaction that
// changes it and hands it to Build, and the API wraps stored releases
// into packages. The official schema and codelists it is tested against
// are copied under schema/ (see schema/README.md).
//
// Sealed bids stay sealed here too: Build only names tenderers, counts
// them or shows their prices when its input carries an opening record,
// and the loader passes one only for a project that has been opened.
package ocds

import (
	"strconv"
	"time"
)

// Release tags (codelist releaseTag.csv) Hutong publishes.
const (
	TagTender               = "tender"
	TagTenderAmendment      = "tenderAmendment"
	TagTenderUpdate         = "tenderUpdate"
	TagTenderCancellation   = "tenderCancellation"
	TagAward                = "award"
	TagAwardUpdate          = "awardUpdate"
	TagAwardCancellation    = "awardCancellation"
	TagContract             = "contract"
	TagContractUpdate       = "contractUpdate"
	TagImplementation       = "implementation"
	TagImplementationUpdate = "implementationUpdate"
	TagCompiled             = "compiled"
)

// Version is the OCDS major.minor version every package declares.
const Version = "1.1"

// BidExtension is the OCDS bid extension, declared by every package
// because releases of opened tenders carry bids.details: the opening
// record (开标记录) of bidders and prices, which Chinese procurement
// publishes.
const BidExtension = "https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/v1.1.5/extension.json"

// Release is one OCDS release: the state of a contracting process when
// something changed. Fields follow release-schema.json; empty ones are
// left out rather than sent as null.
type Release struct {
	OCID           string           `json:"ocid"`
	ID             string           `json:"id"`
	Date           Time             `json:"date"`
	Tag            []string         `json:"tag"`
	InitiationType string           `json:"initiationType"`
	Language       string           `json:"language,omitempty"`
	Parties        []Party          `json:"parties,omitempty"`
	Buyer          *OrganizationRef `json:"buyer,omitempty"`
	Tender         *Tender          `json:"tender,omitempty"`
	Bids           *Bids            `json:"bids,omitempty"`
	Awards         []Award          `json:"awards,omitempty"`
	Contracts      []Contract       `json:"contracts,omitempty"`
}

// Time is a timestamp written in RFC 3339 (UTC, whole seconds or finer),
// as OCDS's date-time format requires.
type Time struct{ time.Time }

// MarshalJSON writes the time in RFC 3339 UTC.
func (t Time) MarshalJSON() ([]byte, error) {
	return []byte(strconv.Quote(t.UTC().Format(time.RFC3339Nano))), nil
}

// At wraps t; a zero time becomes nil so that it is left out.
func At(t time.Time) *Time {
	if t.IsZero() {
		return nil
	}
	return &Time{t}
}

// Party is an organisation taking part in the process, with its roles
// (codelist partyRole.csv).
type Party struct {
	ID         string      `json:"id"`
	Name       string      `json:"name"`
	Identifier *Identifier `json:"identifier,omitempty"`
	Address    *Address    `json:"address,omitempty"`
	Roles      []string    `json:"roles"`
}

// Identifier is an organisation's legal identifier; Hutong's are the
// unified social credit codes (统一社会信用代码), scheme CN-USCC in
// org-id.guide.
type Identifier struct {
	Scheme    string `json:"scheme"`
	ID        string `json:"id"`
	LegalName string `json:"legalName,omitempty"`
}

// Address is where an organisation is, to the region Hutong knows.
type Address struct {
	Region      string `json:"region,omitempty"`
	CountryName string `json:"countryName,omitempty"`
}

// OrganizationRef points at an entry of parties.
type OrganizationRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Value is an amount of money. Amount is written as an exact decimal of
// yuan from integer fen, never through a float.
type Value struct {
	Amount   Amount `json:"amount"`
	Currency string `json:"currency"`
}

// Period is a span of time; either end may be open.
type Period struct {
	StartDate *Time `json:"startDate,omitempty"`
	EndDate   *Time `json:"endDate,omitempty"`
}

// Classification names what an item is in a scheme of
// classificationScheme.csv.
type Classification struct {
	Scheme      string `json:"scheme"`
	ID          string `json:"id"`
	Description string `json:"description,omitempty"`
}

// Unit is the unit an item's quantity counts.
type Unit struct {
	Name string `json:"name"`
}

// Item is one thing bought: for Hutong, one performance target of the
// service (受益人次 5000 ...).
type Item struct {
	ID             string          `json:"id"`
	Description    string          `json:"description"`
	Classification *Classification `json:"classification,omitempty"`
	Quantity       *float64        `json:"quantity,omitempty"`
	Unit           *Unit           `json:"unit,omitempty"`
}

// Milestone is a payment milestone (milestoneType payment) and, in a
// contract's implementation, whether it was met.
type Milestone struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Type        string `json:"type,omitempty"`
	Description string `json:"description,omitempty"`
	DueDate     *Time  `json:"dueDate,omitempty"`
	DateMet     *Time  `json:"dateMet,omitempty"`
	Status      string `json:"status,omitempty"`
	Value       *Value `json:"value,omitempty"`
}

// Amendment records a change to the tender (变更公告).
type Amendment struct {
	ID          string `json:"id"`
	Date        *Time  `json:"date,omitempty"`
	Rationale   string `json:"rationale,omitempty"`
	Description string `json:"description,omitempty"`
}

// Tender is the tender section: what is bought, how, and when.
type Tender struct {
	ID                       string            `json:"id"`
	Title                    string            `json:"title"`
	Description              string            `json:"description,omitempty"`
	Status                   string            `json:"status"`
	FinalStatus              string            `json:"finalStatus,omitempty"`
	FinalStatusDetails       string            `json:"finalStatusDetails,omitempty"`
	Items                    []Item            `json:"items,omitempty"`
	Value                    *Value            `json:"value,omitempty"`
	ProcurementMethod        string            `json:"procurementMethod"`
	ProcurementMethodDetails string            `json:"procurementMethodDetails"`
	MainProcurementCategory  string            `json:"mainProcurementCategory"`
	AwardCriteria            string            `json:"awardCriteria"`
	AwardCriteriaDetails     string            `json:"awardCriteriaDetails"`
	SubmissionMethod         []string          `json:"submissionMethod,omitempty"`
	EligibilityCriteria      string            `json:"eligibilityCriteria,omitempty"`
	TenderPeriod             *Period           `json:"tenderPeriod,omitempty"`
	AwardPeriod              *Period           `json:"awardPeriod,omitempty"`
	ContractPeriod           *Period           `json:"contractPeriod,omitempty"`
	NumberOfTenderers        *int              `json:"numberOfTenderers,omitempty"`
	Tenderers                []OrganizationRef `json:"tenderers,omitempty"`
	Milestones               []Milestone       `json:"milestones,omitempty"`
	Amendments               []Amendment       `json:"amendments,omitempty"`
}

// Bids is the bid extension's section: the opening record.
type Bids struct {
	Details []Bid `json:"details"`
}

// Bid is one opened bid: who, when, at what price.
type Bid struct {
	ID        string            `json:"id"`
	Date      *Time             `json:"date,omitempty"`
	Tenderers []OrganizationRef `json:"tenderers"`
	Value     *Value            `json:"value,omitempty"`
}

// Award is the decision on the winner (中标), with its status
// (awardStatus.csv): pending during the complaint window (质疑期),
// active once final, cancelled when a complaint is upheld.
type Award struct {
	ID             string            `json:"id"`
	Title          string            `json:"title,omitempty"`
	Description    string            `json:"description,omitempty"`
	Status         string            `json:"status"`
	Date           *Time             `json:"date,omitempty"`
	Value          *Value            `json:"value,omitempty"`
	Suppliers      []OrganizationRef `json:"suppliers,omitempty"`
	ContractPeriod *Period           `json:"contractPeriod,omitempty"`
}

// Contract is the signed service contract, with its payment milestones
// and, once work starts, its implementation.
type Contract struct {
	ID             string          `json:"id"`
	AwardID        string          `json:"awardID"`
	Title          string          `json:"title,omitempty"`
	Status         string          `json:"status"`
	DateSigned     *Time           `json:"dateSigned,omitempty"`
	Value          *Value          `json:"value,omitempty"`
	Period         *Period         `json:"period,omitempty"`
	Milestones     []Milestone     `json:"milestones,omitempty"`
	Implementation *Implementation `json:"implementation,omitempty"`
}

// Implementation is what happened under the contract: milestones met and
// payments made.
type Implementation struct {
	Transactions []Transaction `json:"transactions,omitempty"`
	Milestones   []Milestone   `json:"milestones,omitempty"`
}

// Transaction is one payment released to the supplier.
type Transaction struct {
	ID    string           `json:"id"`
	Date  *Time            `json:"date,omitempty"`
	Value *Value           `json:"value,omitempty"`
	Payer *OrganizationRef `json:"payer,omitempty"`
	Payee *OrganizationRef `json:"payee,omitempty"`
}
