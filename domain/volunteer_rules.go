package domain

import (
	"math"
	"strings"
	"time"

	"github.com/google/uuid"
)

// Volunteering audit actions and notification kinds, so that the audit
// log and inboxes name what happened to a shift or a sign-up.
const (
	AuditVolunteerProfileSaved = "volunteer.profile_saved"
	AuditSafeguardingRecorded  = "safeguarding.recorded"
	AuditActivityCreated       = "activity.created"
	AuditActivityPublished     = "activity.published"
	AuditShiftMoved            = "shift.moved"
	AuditSignupCreated         = "signup.created"
	AuditSignupCancelled       = "signup.cancelled"
	AuditSignupPromoted        = "signup.promoted"
	AuditSignupDecided         = "signup.decided"

	NotifyShiftMoved     = "shift_moved"
	NotifySignupPromoted = "signup_promoted"
	NotifySignupDecided  = "signup_decided"
)

// Bounds of volunteering inputs, so that a profile or an activity stays a
// readable page and a cheap row.
const (
	MaxVolunteerTags   = 20
	MaxVolunteerTagLen = 30
	MaxAvailability    = 21
	MaxShiftsPerCreate = 50
	MaxShiftCapacity   = 10000
)

// VolunteerProfileInput is what a volunteer says about themself.
type VolunteerProfileInput struct {
	Skills            []string           `json:"skills"`
	Languages         []string           `json:"languages"`
	RegionCode        string             `json:"region_code"`
	Lat               *float64           `json:"lat,omitempty"`
	Lng               *float64           `json:"lng,omitempty"`
	Availability      []AvailabilitySlot `json:"availability"`
	Certificates      []string           `json:"certificates"`
	BirthYear         int                `json:"birth_year"`
	GuardianConsentOn *Date              `json:"guardian_consent_on,omitempty"`
}

// AgeIn is the age a person born in birthYear is sure to have all
// through year. Only the birth year is kept, so the rules that protect
// children take the lower of the two ages they may have that year.
func AgeIn(birthYear, year int) int { return year - birthYear - 1 }

// Normalize trims and bounds the profile, rounds the location to about
// 1 km, and asks for a guardian's consent when the volunteer is under
// AdultAge in today's year. Checking that the region exists is the
// store's job.
func (in *VolunteerProfileInput) Normalize(today Date) error {
	var v Validation
	in.Skills = cleanTags(&v, "skills", in.Skills)
	in.Languages = cleanTags(&v, "languages", in.Languages)
	in.Certificates = cleanTags(&v, "certificates", in.Certificates)
	in.RegionCode = strings.TrimSpace(in.RegionCode)
	v.Check(in.RegionCode != "", "region_code", "is required")
	in.Lat, in.Lng = roundCoord(&v, "lat", in.Lat, 90), roundCoord(&v, "lng", in.Lng, 180)
	v.Check((in.Lat == nil) == (in.Lng == nil), "lat", "lat and lng come together")
	v.Check(in.BirthYear >= today.Year-100 && in.BirthYear <= today.Year-8, "birth_year", "must be a real birth year (age 8 to 100)")
	v.Check(len(in.Availability) <= MaxAvailability, "availability", "at most 21 slots")
	for _, s := range in.Availability {
		if s.Weekday < 0 || s.Weekday > 6 || s.FromHour < 0 || s.UntilHour > 24 || s.FromHour >= s.UntilHour {
			v.Add("availability", "each slot needs a weekday 0-6 and hours 0-24, from before until")
			break
		}
	}
	if in.Availability == nil {
		in.Availability = []AvailabilitySlot{}
	}
	if AgeIn(in.BirthYear, today.Year) < AdultAge {
		v.Check(in.GuardianConsentOn != nil && !in.GuardianConsentOn.After(today), "guardian_consent_on",
			"a volunteer under 18 needs the date of a guardian's consent")
	}
	return v.Err()
}

// cleanTags trims, drops empties and duplicates, and bounds a tag list.
func cleanTags(v *Validation, field string, tags []string) []string {
	out := make([]string, 0, len(tags))
	seen := map[string]bool{}
	for _, t := range tags {
		t = strings.TrimSpace(t)
		if t == "" || seen[t] {
			continue
		}
		if len([]rune(t)) > MaxVolunteerTagLen {
			v.Add(field, "each entry is at most 30 characters")
			return out
		}
		seen[t] = true
		out = append(out, t)
	}
	v.Check(len(out) <= MaxVolunteerTags, field, "at most 20 entries")
	return out
}

// roundCoord checks a coordinate and rounds it to 2 decimals (about 1 km).
func roundCoord(v *Validation, field string, c *float64, limit float64) *float64 {
	if c == nil {
		return nil
	}
	if math.IsNaN(*c) || *c < -limit || *c > limit {
		v.Add(field, "out of range")
		return nil
	}
	r := math.Round(*c*100) / 100
	return &r
}

// SafeguardingCheckInput is an organisation's record of a check: only the
// result, never the details.
type SafeguardingCheckInput struct {
	InquiringUnit string             `json:"inquiring_unit"`
	CheckedOn     Date               `json:"checked_on"`
	Result        SafeguardingResult `json:"result"`
	ExpiresOn     Date               `json:"expires_on"`
}

// Normalize checks the record: a known result, a check not in the future
// and an expiry after it.
func (in *SafeguardingCheckInput) Normalize(today Date) error {
	var v Validation
	in.InquiringUnit = strings.TrimSpace(in.InquiringUnit)
	n := len([]rune(in.InquiringUnit))
	v.Check(n >= 2 && n <= 100, "inquiring_unit", "must be 2 to 100 characters")
	v.Check(in.Result == SafeguardingClear || in.Result == SafeguardingNotClear, "result", "must be clear or not_clear")
	v.Check(!in.CheckedOn.IsZero() && !in.CheckedOn.After(today), "checked_on", "must be a date not in the future")
	v.Check(!in.ExpiresOn.IsZero() && in.ExpiresOn.After(in.CheckedOn), "expires_on", "must be after checked_on")
	return v.Err()
}

// ShiftInput is one shift of an activity.
type ShiftInput struct {
	StartsAt  time.Time `json:"starts_at"`
	EndsAt    time.Time `json:"ends_at"`
	Capacity  int       `json:"capacity"`
	TwoAdults bool      `json:"two_adults"`
}

// check validates a shift against now: it starts in the future, ends
// after it starts, within a day, with a sane capacity.
func (s ShiftInput) check(v *Validation, field string, now time.Time) {
	v.Check(s.StartsAt.After(now), field, "must start in the future")
	v.Check(s.EndsAt.After(s.StartsAt) && s.EndsAt.Sub(s.StartsAt) <= 24*time.Hour, field, "must end after it starts, within 24 hours")
	v.Check(s.Capacity >= 1 && s.Capacity <= MaxShiftCapacity, field, "capacity must be 1 to 10000")
	v.Check(!s.TwoAdults || s.Capacity >= 2, field, "the two-adult rule needs a capacity of at least 2")
}

// ActivityInput creates an activity with its shifts.
type ActivityInput struct {
	ContractID  *uuid.UUID   `json:"contract_id,omitempty"`
	Title       string       `json:"title"`
	Description string       `json:"description"`
	Category    string       `json:"category"`
	Skills      []string     `json:"skills"`
	RegionCode  string       `json:"region_code"`
	Address     string       `json:"address"`
	Lat         *float64     `json:"lat,omitempty"`
	Lng         *float64     `json:"lng,omitempty"`
	ChildFacing bool         `json:"child_facing"`
	MinAge      int          `json:"min_age"`
	Approval    string       `json:"approval"`
	Shifts      []ShiftInput `json:"shifts"`
}

// Normalize trims and checks an activity and its shifts against now.
func (in *ActivityInput) Normalize(now time.Time) error {
	var v Validation
	in.Title, in.Description = strings.TrimSpace(in.Title), strings.TrimSpace(in.Description)
	in.Category, in.Address = strings.TrimSpace(in.Category), strings.TrimSpace(in.Address)
	in.RegionCode = strings.TrimSpace(in.RegionCode)
	n := len([]rune(in.Title))
	v.Check(n >= 2 && n <= 80, "title", "must be 2 to 80 characters")
	v.Check(len([]rune(in.Description)) <= 5000, "description", "must be at most 5000 characters")
	v.Check(in.Category != "" && len([]rune(in.Category)) <= 30, "category", "is required, at most 30 characters")
	v.Check(in.RegionCode != "", "region_code", "is required")
	v.Check(len([]rune(in.Address)) <= 200, "address", "must be at most 200 characters")
	in.Skills = cleanTags(&v, "skills", in.Skills)
	in.Lat, in.Lng = roundCoord(&v, "lat", in.Lat, 90), roundCoord(&v, "lng", in.Lng, 180)
	v.Check((in.Lat == nil) == (in.Lng == nil), "lat", "lat and lng come together")
	v.Check(in.MinAge >= 0 && in.MinAge <= 100, "min_age", "must be 0 to 100")
	if in.Approval == "" {
		in.Approval = "automatic"
	}
	v.Check(in.Approval == "automatic" || in.Approval == "staff", "approval", "must be automatic or staff")
	v.Check(len(in.Shifts) >= 1 && len(in.Shifts) <= MaxShiftsPerCreate, "shifts", "1 to 50 shifts")
	for _, s := range in.Shifts {
		s.check(&v, "shifts", now)
	}
	return v.Err()
}

// CheckShiftMove validates new times for a shift against now.
func CheckShiftMove(startsAt, endsAt, now time.Time) error {
	var v Validation
	ShiftInput{StartsAt: startsAt, EndsAt: endsAt, Capacity: 1}.check(&v, "starts_at", now)
	return v.Err()
}

// ActivityFilter narrows the public list of activities.
type ActivityFilter struct {
	RegionCode string
	Category   string
}
