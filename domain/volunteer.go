package domain

import (
	"context"
	"time"

	"github.com/google/uuid"
)

// AvailabilitySlot is a weekly time a volunteer is usually free: a day
// (0 Sunday .. 6 Saturday) and hours in Asia/Shanghai.
type AvailabilitySlot struct {
	Weekday   int `json:"weekday"`
	FromHour  int `json:"from_hour"`
	UntilHour int `json:"until_hour"`
}

// VolunteerProfile is a volunteer's own profile. Their location is
// approximate (about 1 km) and none of it is ever indexed.
type VolunteerProfile struct {
	UserID            uuid.UUID          `json:"user_id"`
	Skills            []string           `json:"skills"`
	Languages         []string           `json:"languages"`
	RegionCode        string             `json:"region_code"`
	Lat               *float64           `json:"lat,omitempty"`
	Lng               *float64           `json:"lng,omitempty"`
	Availability      []AvailabilitySlot `json:"availability"`
	Certificates      []string           `json:"certificates"`
	BirthYear         int                `json:"birth_year"`
	GuardianConsentOn *Date              `json:"guardian_consent_on,omitempty"`
	UpdatedAt         time.Time          `json:"updated_at"`
}

// SafeguardingResult is the outcome of a safeguarding check (入职查询).
type SafeguardingResult string

// Safeguarding results; only the result is stored, never the details.
const (
	SafeguardingClear    SafeguardingResult = "clear"
	SafeguardingNotClear SafeguardingResult = "not_clear"
)

// SafeguardingCheck is an organisation's record of a volunteer's check
// under the Minor Protection Law, article 62.
type SafeguardingCheck struct {
	ID             uuid.UUID          `json:"id"`
	VolunteerID    uuid.UUID          `json:"volunteer_id"`
	OrganizationID uuid.UUID          `json:"organization_id"`
	InquiringUnit  string             `json:"inquiring_unit"`
	CheckedOn      Date               `json:"checked_on"`
	Result         SafeguardingResult `json:"result"`
	ExpiresOn      Date               `json:"expires_on"`
	CreatedAt      time.Time          `json:"created_at"`
}

// ActivityStatus is where an activity stands.
type ActivityStatus string

// Activity statuses.
const (
	ActivityDraft     ActivityStatus = "draft"
	ActivityPublished ActivityStatus = "published"
	ActivityCancelled ActivityStatus = "cancelled"
)

// Activity is a volunteer activity of an organisation (课业辅导, 安全教育,
// home visits, camps), possibly delivering a contract.
type Activity struct {
	ID               uuid.UUID      `json:"id"`
	OrganizationID   uuid.UUID      `json:"organization_id"`
	OrganizationName string         `json:"organization_name"`
	ContractID       *uuid.UUID     `json:"contract_id,omitempty"`
	Title            string         `json:"title"`
	Description      string         `json:"description"`
	Category         string         `json:"category"`
	Skills           []string       `json:"skills"`
	RegionCode       string         `json:"region_code"`
	Address          string         `json:"address"`
	Lat              *float64       `json:"lat,omitempty"`
	Lng              *float64       `json:"lng,omitempty"`
	ChildFacing      bool           `json:"child_facing"`
	MinAge           int            `json:"min_age"`
	Approval         string         `json:"approval"`
	Status           ActivityStatus `json:"status"`
	Shifts           []Shift        `json:"shifts"`
	CreatedAt        time.Time      `json:"created_at"`
}

// Shift is a time slot of an activity with its capacity. PlacesLeft is
// capacity minus confirmed sign-ups.
type Shift struct {
	ID         uuid.UUID `json:"id"`
	ActivityID uuid.UUID `json:"activity_id"`
	StartsAt   time.Time `json:"starts_at"`
	EndsAt     time.Time `json:"ends_at"`
	Capacity   int       `json:"capacity"`
	Confirmed  int       `json:"confirmed"`
	PlacesLeft int       `json:"places_left"`
	TwoAdults  bool      `json:"two_adults"`
	Cancelled  bool      `json:"cancelled"`
}

// SignupStatus is where a sign-up stands. A full shift waitlists, which is
// not an error.
type SignupStatus string

// Sign-up statuses: pending is waiting for staff approval (approval
// mode "staff").
const (
	SignupPending    SignupStatus = "pending"
	SignupConfirmed  SignupStatus = "confirmed"
	SignupWaitlisted SignupStatus = "waitlisted"
	SignupCancelled  SignupStatus = "cancelled"
	SignupDeclined   SignupStatus = "declined"
)

// Signup is a volunteer's place on a shift, with their position on the
// waitlist when waitlisted.
type Signup struct {
	ID          uuid.UUID    `json:"id"`
	ShiftID     uuid.UUID    `json:"shift_id"`
	VolunteerID uuid.UUID    `json:"volunteer_id"`
	Status      SignupStatus `json:"status"`
	Position    int64        `json:"position"`
	CreatedAt   time.Time    `json:"created_at"`
}

// Safeguarding timing: checks expire; volunteers and organisations are
// told SafeguardingWarning before.
const SafeguardingWarning = 30 * 24 * time.Hour

// AdultAge is the age from which a volunteer may take roles that require
// adults.
const AdultAge = 18

// Actions of volunteering, decided by Can on the organisation.
const (
	// ActionActivityManage is creating and editing activities, shifts,
	// approvals, attendance and hours: owners, admins, staff.
	ActionActivityManage Action = "activity.manage"
	// ActionSafeguardingRecord is recording safeguarding checks: owners
	// and admins.
	ActionSafeguardingRecord Action = "safeguarding.record"
)

func volunteeringAllowed(a *Actor, action Action, org *Organization) bool {
	if org == nil || org.Kind == KindBureau {
		return false
	}
	switch action {
	case ActionActivityManage:
		return a.HasRole(org.ID, RoleOwner, RoleAdmin, RoleStaff)
	case ActionSafeguardingRecord:
		return a.HasRole(org.ID, RoleOwner, RoleAdmin)
	}
	return false
}

// ShiftSignups takes sign-ups without overbooking: confirmed while the
// shift has room, waitlisted after; a cancellation promotes the first in
// line once; a volunteer never holds two overlapping shifts (ECONFLICT);
// child-facing activities need a clear, unexpired safeguarding check and
// adults (EFORBIDDEN naming the rule).
type ShiftSignups interface {
	SignUp(ctx context.Context, actor *Actor, shiftID uuid.UUID) (*Signup, error)
	CancelSignup(ctx context.Context, actor *Actor, signupID uuid.UUID) (*Signup, error)
	FindShiftSignups(ctx context.Context, actor *Actor, shiftID uuid.UUID) ([]*Signup, error)
	FindMySignups(ctx context.Context, actor *Actor) ([]*Signup, error)
}
