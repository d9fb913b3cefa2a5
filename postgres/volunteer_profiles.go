package postgres

import (
	"context"
	"encoding/json"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"hutong/domain"
)

// VolunteerService keeps volunteers' own profiles and the safeguarding
// checks organisations record about them. Nothing of it is indexed, and
// only the volunteer (or, for checks, the recording organisation) reads it.
type VolunteerService struct{ db *DB }

// NewVolunteerService returns the volunteer service.
func NewVolunteerService(db *DB) *VolunteerService { return &VolunteerService{db: db} }

type volunteerProfileRow struct {
	UserID            uuid.UUID `gorm:"primaryKey"`
	Skills            textArray
	Languages         textArray
	RegionCode        *string
	Lat               *float64
	Lng               *float64
	Availability      string
	Certificates      textArray
	BirthYear         int
	GuardianConsentOn *domain.Date
	CreatedAt         time.Time
	UpdatedAt         time.Time
}

func (volunteerProfileRow) TableName() string { return "volunteer_profiles" }

func (r *volunteerProfileRow) domain() (*domain.VolunteerProfile, error) {
	p := &domain.VolunteerProfile{UserID: r.UserID, Skills: nonNil(r.Skills), Languages: nonNil(r.Languages),
		RegionCode: deref(r.RegionCode), Lat: r.Lat, Lng: r.Lng, Certificates: nonNil(r.Certificates),
		BirthYear: r.BirthYear, GuardianConsentOn: r.GuardianConsentOn, UpdatedAt: r.UpdatedAt.UTC()}
	if err := json.Unmarshal([]byte(r.Availability), &p.Availability); err != nil {
		return nil, err
	}
	return p, nil
}

func nonNil(a textArray) []string {
	if a == nil {
		return []string{}
	}
	return a
}

// SaveProfile creates or replaces the actor's own volunteer profile.
func (s *VolunteerService) SaveProfile(ctx context.Context, actor *domain.Actor, in domain.VolunteerProfileInput) (*domain.VolunteerProfile, error) {
	if actor.Anonymous() {
		return nil, domain.Errorf(domain.EUNAUTHORIZED, "sign in first")
	}
	if err := in.Normalize(domain.DateOf(s.db.now())); err != nil {
		return nil, err
	}
	slots, err := json.Marshal(in.Availability)
	if err != nil {
		return nil, err
	}
	var out *domain.VolunteerProfile
	err = s.db.tx(ctx, func(tx *gorm.DB) error {
		if err := checkRegion(tx, in.RegionCode); err != nil {
			return err
		}
		now := s.db.now()
		row := volunteerProfileRow{UserID: actor.User.ID, Skills: in.Skills, Languages: in.Languages, RegionCode: &in.RegionCode,
			Lat: in.Lat, Lng: in.Lng, Availability: string(slots), Certificates: in.Certificates, BirthYear: in.BirthYear,
			GuardianConsentOn: in.GuardianConsentOn, CreatedAt: now, UpdatedAt: now}
		if err := tx.Exec(`INSERT INTO volunteer_profiles (user_id, skills, languages, region_code, lat, lng, availability, certificates,
			birth_year, guardian_consent_on, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?)
			ON CONFLICT (user_id) DO UPDATE SET skills = EXCLUDED.skills, languages = EXCLUDED.languages,
			region_code = EXCLUDED.region_code, lat = EXCLUDED.lat, lng = EXCLUDED.lng, availability = EXCLUDED.availability,
			certificates = EXCLUDED.certificates, birth_year = EXCLUDED.birth_year,
			guardian_consent_on = EXCLUDED.guardian_consent_on, updated_at = EXCLUDED.updated_at`,
			row.UserID, row.Skills, row.Languages, row.RegionCode, row.Lat, row.Lng, row.Availability, row.Certificates,
			row.BirthYear, row.GuardianConsentOn, now, now).Error; err != nil {
			return mapError(err)
		}
		var err error
		if out, err = row.domain(); err != nil {
			return err
		}
		// The audit names the change, never the profile's personal data.
		return s.db.audit(tx, actor, nil, domain.AuditVolunteerProfileSaved, "volunteer_profile", actor.User.ID.String(), nil)
	})
	return out, err
}

// FindMyProfile returns the actor's own profile; there is no way to read
// another volunteer's.
func (s *VolunteerService) FindMyProfile(ctx context.Context, actor *domain.Actor) (*domain.VolunteerProfile, error) {
	if actor.Anonymous() {
		return nil, domain.Errorf(domain.EUNAUTHORIZED, "sign in first")
	}
	row, err := findProfile(s.db.conn(ctx), actor.User.ID)
	if err != nil {
		return nil, err
	}
	if row == nil {
		return nil, domain.Errorf(domain.ENOTFOUND, "profile not found")
	}
	return row.domain()
}

// findProfile loads a volunteer's profile row, nil when there is none.
func findProfile(q *gorm.DB, userID uuid.UUID) (*volunteerProfileRow, error) {
	var rows []volunteerProfileRow
	if err := q.Raw(`SELECT user_id, skills, languages, region_code, lat, lng, availability::text AS availability, certificates,
		birth_year, guardian_consent_on, created_at, updated_at FROM volunteer_profiles WHERE user_id = ?`, userID).
		Scan(&rows).Error; err != nil {
		return nil, mapError(err)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	return &rows[0], nil
}
