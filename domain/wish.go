package domain

import (
	"context"
	"time"

	"github.com/google/uuid"
)

// ProgrammeStatus is where a micro-wish programme stands.
type ProgrammeStatus string

// Programme statuses: a draft is the organisation's own; an active
// programme takes wishes and gifts; a closed one takes nothing new.
const (
	ProgrammeDraft  ProgrammeStatus = "draft"
	ProgrammeActive ProgrammeStatus = "active"
	ProgrammeClosed ProgrammeStatus = "closed"
)

// HostStatus is where a programme's fundraising host stands.
type HostStatus string

// Host statuses. Only an accepted host licensed for public fundraising
// (公募资格) lets a programme take cash: without one it takes in-kind
// claims only (Charity Law art. 22, 26).
const (
	HostNone     HostStatus = "none"
	HostInvited  HostStatus = "invited"
	HostAccepted HostStatus = "accepted"
	HostDeclined HostStatus = "declined"
)

// Programme is a micro-wish programme (e.g. the "113" programme) an
// organisation or station runs, hosted for money by a licensed
// organisation. Everything in it is public once active.
type Programme struct {
	ID               uuid.UUID       `json:"id"`
	OrganizationID   uuid.UUID       `json:"organization_id"`
	OrganizationName string          `json:"organization_name"`
	HostID           *uuid.UUID      `json:"host_id,omitempty"`
	HostName         string          `json:"host_name,omitempty"`
	HostStatus       HostStatus      `json:"host_status"`
	Title            string          `json:"title"`
	Description      string          `json:"description"`
	RegionCode       string          `json:"region_code"`
	StartsOn         Date            `json:"starts_on"`
	EndsOn           Date            `json:"ends_on"`
	GoalFen          int64           `json:"goal_fen"`
	RaisedFen        int64           `json:"raised_fen"`
	Status           ProgrammeStatus `json:"status"`
	CreatedAt        time.Time       `json:"created_at"`
	// UpdatedAt versions the programme's search document; not shown.
	UpdatedAt time.Time `json:"-"`
}

// TakesCash reports whether the programme may take cash gifts: only with
// an accepted host.
func (p *Programme) TakesCash() bool { return p.HostStatus == HostAccepted && p.HostID != nil }

// ProgrammeInput is what an organisation states to start a programme.
type ProgrammeInput struct {
	Title       string `json:"title"`
	Description string `json:"description"`
	RegionCode  string `json:"region_code"`
	StartsOn    Date   `json:"starts_on"`
	EndsOn      Date   `json:"ends_on"`
	GoalFen     int64  `json:"goal_fen"`
}

// AgeBands are the age bands a child is shown by; an exact birth date is
// never recorded.
var AgeBands = []string{"0-3", "4-6", "7-9", "10-12", "13-15", "16-17"}

// Child is a child registered by a station, as its child directors see
// it: a pseudonym (化名), an age band and the station's own file
// reference. The real name and ID-card number are never stored; a keyed
// hash of the ID-card number flags the same child registered by another
// station (PossibleDuplicate).
type Child struct {
	ID                uuid.UUID `json:"id"`
	StationID         uuid.UUID `json:"station_id"`
	Pseudonym         string    `json:"pseudonym"`
	AgeBand           string    `json:"age_band"`
	Gender            string    `json:"gender,omitempty"`
	FileRef           string    `json:"file_ref,omitempty"`
	PossibleDuplicate bool      `json:"possible_duplicate"`
	Consents          []Consent `json:"consents"`
	CreatedAt         time.Time `json:"created_at"`
}

// HasConsent reports whether a consent record is in force.
func (c *Child) HasConsent() bool {
	for _, k := range c.Consents {
		if k.RevokedAt == nil {
			return true
		}
	}
	return false
}

// ChildInput registers a child. IDCardNumber and RealName are entered so
// that the platform can flag duplicates and catch the name in wish text;
// they are kept only as keyed hashes (HMAC with the platform secret).
type ChildInput struct {
	Pseudonym    string `json:"pseudonym"`
	AgeBand      string `json:"age_band"`
	Gender       string `json:"gender"`
	FileRef      string `json:"file_ref"`
	IDCardNumber string `json:"id_card_number"`
	RealName     string `json:"real_name"`
}

// Consent is a guardian's consent to show a child's wishes, as recorded
// by the station.
type Consent struct {
	ID           uuid.UUID  `json:"id"`
	ChildID      uuid.UUID  `json:"child_id"`
	GuardianName string     `json:"guardian_name"`
	Relation     string     `json:"relation"`
	ConsentedOn  Date       `json:"consented_on"`
	Scope        []string   `json:"scope"`
	Evidence     string     `json:"evidence"`
	CreatedAt    time.Time  `json:"created_at"`
	RevokedAt    *time.Time `json:"revoked_at,omitempty"`
}

// ConsentInput records a guardian's consent.
type ConsentInput struct {
	GuardianName string   `json:"guardian_name"`
	Relation     string   `json:"relation"`
	ConsentedOn  Date     `json:"consented_on"`
	Scope        []string `json:"scope"`
	Evidence     string   `json:"evidence"`
}

// WishKind is what a wish asks for.
type WishKind string

// Wish kinds.
const (
	WishGoods      WishKind = "goods"      // claimed in kind or funded in cash
	WishExperience WishKind = "experience" // a day out, with a date and place
	WishCash       WishKind = "cash"       // e.g. a study grant
)

// WishStatus is where a wish stands.
type WishStatus string

// Wish statuses, in the order a wish moves through them.
const (
	WishDraft     WishStatus = "draft"
	WishInReview  WishStatus = "in_review"
	WishPublished WishStatus = "published"
	WishFunded    WishStatus = "funded"
	WishClaimed   WishStatus = "claimed"
	WishPurchased WishStatus = "purchased"
	WishDelivered WishStatus = "delivered"
	WishThanked   WishStatus = "thanked"
	WishClosed    WishStatus = "closed"
	WishCancelled WishStatus = "cancelled"
)

// Public reports whether a wish in this status is shown to everyone.
func (s WishStatus) Public() bool {
	switch s {
	case WishDraft, WishInReview:
		return false
	}
	return true
}

// Wish is a child's micro-wish. The public sees the child only by
// pseudonym and age band (ChildID is the station's only).
type Wish struct {
	ID              uuid.UUID  `json:"id"`
	ProgrammeID     uuid.UUID  `json:"programme_id"`
	ProgrammeTitle  string     `json:"programme_title"`
	StationID       uuid.UUID  `json:"station_id"`
	StationName     string     `json:"station_name"`
	ChildID         *uuid.UUID `json:"child_id,omitempty"`
	Pseudonym       string     `json:"pseudonym"`
	AgeBand         string     `json:"age_band"`
	Kind            WishKind   `json:"kind"`
	Title           string     `json:"title"`
	Story           string     `json:"story"`
	Category        string     `json:"category"`
	RegionCode      string     `json:"region_code"`
	AmountFen       int64      `json:"amount_fen"`
	FundedFen       int64      `json:"funded_fen"`
	HeldFen         int64      `json:"held_fen"`
	Quantity        int        `json:"quantity"`
	Deadline        Date       `json:"deadline"`
	ExperienceOn    Date       `json:"experience_on"`
	ExperiencePlace string     `json:"experience_place,omitempty"`
	Status          WishStatus `json:"status"`
	// ThanksNote is the child's thanks the station posted once the wish
	// was delivered; public, like the story.
	ThanksNote string `json:"thanks_note,omitempty"`
	// ReviewNote is the reviewer's note on a wish returned to draft, for
	// the station's staff only.
	ReviewNote  string     `json:"review_note,omitempty"`
	TakesCash   bool       `json:"takes_cash"`
	PublishedAt *time.Time `json:"published_at,omitempty"`
	CreatedAt   time.Time  `json:"created_at"`
	// UpdatedAt versions the wish's search document; not shown.
	UpdatedAt time.Time `json:"-"`
}

// RemainingFen is what the wish still needs beyond what is funded and
// held for donors paying now.
func (w *Wish) RemainingFen() int64 { return max(w.AmountFen-w.FundedFen-w.HeldFen, 0) }

// WishInput is what a station writes for a wish.
type WishInput struct {
	ChildID         uuid.UUID `json:"child_id"`
	Kind            WishKind  `json:"kind"`
	Title           string    `json:"title"`
	Story           string    `json:"story"`
	Category        string    `json:"category"`
	AmountFen       int64     `json:"amount_fen"`
	Quantity        int       `json:"quantity"`
	Deadline        Date      `json:"deadline"`
	ExperienceOn    Date      `json:"experience_on"`
	ExperiencePlace string    `json:"experience_place"`
}

// WishFilter narrows the public wish list.
type WishFilter struct {
	ProgrammeID *uuid.UUID
	StationID   *uuid.UUID
	Region      string
	Category    string
	Kind        WishKind
	Status      WishStatus
	Page        Page
}

// ProgrammeService keeps micro-wish programmes and their hosts.
type ProgrammeService interface {
	CreateProgramme(ctx context.Context, actor *Actor, orgID uuid.UUID, in ProgrammeInput) (*Programme, error)
	// InviteHost asks a licensed organisation to host the money; an
	// organisation licensed itself hosts its own programme at once.
	InviteHost(ctx context.Context, actor *Actor, programmeID, hostID uuid.UUID) (*Programme, error)
	AnswerHostInvitation(ctx context.Context, actor *Actor, programmeID uuid.UUID, accept bool) (*Programme, error)
	ActivateProgramme(ctx context.Context, actor *Actor, programmeID uuid.UUID) (*Programme, error)
	FindProgrammeByID(ctx context.Context, actor *Actor, id uuid.UUID) (*Programme, error)
	FindProgrammes(ctx context.Context, actor *Actor, orgID *uuid.UUID, page Page) ([]*Programme, string, error)
}

// ChildService keeps a station's children. Every method answers
// ENOTFOUND to anyone but the station's child directors.
type ChildService interface {
	RegisterChild(ctx context.Context, actor *Actor, stationID uuid.UUID, in ChildInput) (*Child, error)
	RecordConsent(ctx context.Context, actor *Actor, childID uuid.UUID, in ConsentInput) (*Consent, error)
	FindChildByID(ctx context.Context, actor *Actor, id uuid.UUID) (*Child, error)
	FindChildren(ctx context.Context, actor *Actor, stationID uuid.UUID, page Page) ([]*Child, string, error)
}

// WishService keeps wishes from draft through the four-eyes review to
// publication.
type WishService interface {
	CreateWish(ctx context.Context, actor *Actor, programmeID uuid.UUID, in WishInput) (*Wish, error)
	UpdateWish(ctx context.Context, actor *Actor, id uuid.UUID, in WishInput) (*Wish, error)
	// SubmitWish sends a draft to review after the privacy check passes
	// and the child has a consent in force.
	SubmitWish(ctx context.Context, actor *Actor, id uuid.UUID) (*Wish, error)
	// ReviewWish publishes a wish in review, or returns it to draft with
	// a note; the reviewer must not be the person who submitted it.
	ReviewWish(ctx context.Context, actor *Actor, id uuid.UUID, approve bool, note string) (*Wish, error)
	FindWishByID(ctx context.Context, actor *Actor, id uuid.UUID) (*Wish, error)
	FindWishes(ctx context.Context, actor *Actor, f WishFilter) ([]*Wish, string, error)
	WishThanker
}

// Actions on programmes, children and wishes, decided by Can on the
// organisation concerned.
const (
	ActionProgrammeManage Action = "programme.manage"
	ActionHostAnswer      Action = "programme.host"
	ActionChildManage     Action = "child.manage"
	ActionWishWrite       Action = "wish.write"
	ActionWishReview      Action = "wish.review"
)

// wishAllowed decides the micro-wish actions. Children's records are for
// the station's child directors alone; wishes are written and reviewed
// by its staff and child directors, two different people.
func wishAllowed(a *Actor, action Action, org *Organization) bool {
	if org == nil || org.Kind == KindBureau {
		return false
	}
	switch action {
	case ActionProgrammeManage:
		return a.HasRole(org.ID, RoleOwner, RoleAdmin, RoleStaff)
	case ActionHostAnswer:
		return org.PublicFundraising && a.HasRole(org.ID, RoleOwner, RoleAdmin)
	case ActionChildManage:
		return a.HasRole(org.ID, RoleChildDirector)
	case ActionWishWrite, ActionWishReview:
		return a.HasRole(org.ID, RoleOwner, RoleAdmin, RoleStaff, RoleChildDirector)
	}
	return false
}
