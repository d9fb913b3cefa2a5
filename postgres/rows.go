package postgres

import (
	"time"

	"github.com/google/uuid"

	"hutong/domain"
)

// The row types below mirror the tables of migrations/00001_foundation.sql
// for GORM. They stay private: services hand out domain types only.

type userRow struct {
	ID              uuid.UUID `gorm:"primaryKey"`
	Email           *string
	Phone           *string
	PasswordHash    string
	DisplayName     string
	Locale          string
	IsPlatformAdmin bool
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

func (userRow) TableName() string { return "users" }

func (r *userRow) domain() *domain.User {
	return &domain.User{
		ID:              r.ID,
		Email:           deref(r.Email),
		Phone:           deref(r.Phone),
		DisplayName:     r.DisplayName,
		Locale:          r.Locale,
		IsPlatformAdmin: r.IsPlatformAdmin,
		CreatedAt:       r.CreatedAt.UTC(),
		UpdatedAt:       r.UpdatedAt.UTC(),
	}
}

type orgRow struct {
	ID                 uuid.UUID `gorm:"primaryKey"`
	Kind               string
	Name               string
	CreditCode         string
	RegionCode         string
	RegionName         string `gorm:"->;-:migration"`
	ServiceAreas       textArray
	Rating             string
	PublicFundraising  bool
	Description        string
	Website            string
	ContactEmail       string
	ContactPhone       string
	VerificationStatus string
	VerificationNote   string
	VerifiedAt         *time.Time
	CreatedAt          time.Time
	UpdatedAt          time.Time
}

func (orgRow) TableName() string { return "organizations" }

func (r *orgRow) domain() *domain.Organization {
	areas := []string(r.ServiceAreas)
	if areas == nil {
		areas = []string{}
	}
	return &domain.Organization{
		ID:                 r.ID,
		Kind:               domain.OrgKind(r.Kind),
		Name:               r.Name,
		CreditCode:         r.CreditCode,
		RegionCode:         r.RegionCode,
		RegionName:         r.RegionName,
		ServiceAreas:       areas,
		Rating:             r.Rating,
		PublicFundraising:  r.PublicFundraising,
		Description:        r.Description,
		Website:            r.Website,
		ContactEmail:       r.ContactEmail,
		ContactPhone:       r.ContactPhone,
		VerificationStatus: r.VerificationStatus,
		VerificationNote:   r.VerificationNote,
		VerifiedAt:         utcPtr(r.VerifiedAt),
		CreatedAt:          r.CreatedAt.UTC(),
		UpdatedAt:          r.UpdatedAt.UTC(),
	}
}

type membershipRow struct {
	OrganizationID uuid.UUID `gorm:"primaryKey"`
	UserID         uuid.UUID `gorm:"primaryKey"`
	Roles          textArray
	CreatedAt      time.Time
}

func (membershipRow) TableName() string { return "memberships" }

type allianceMemberRow struct {
	AllianceID     uuid.UUID `gorm:"primaryKey"`
	OrganizationID uuid.UUID `gorm:"primaryKey"`
	Status         string
	InvitedAt      time.Time
	ConfirmedAt    *time.Time
}

func (allianceMemberRow) TableName() string { return "alliance_members" }

type tokenRow struct {
	ID         uuid.UUID `gorm:"primaryKey"`
	UserID     uuid.UUID
	SecretHash []byte
	Scopes     textArray
	ExpiresAt  time.Time
	RevokedAt  *time.Time
	LastUsedAt *time.Time
	CreatedAt  time.Time
}

func (tokenRow) TableName() string { return "api_tokens" }

type sessionRow struct {
	ID         uuid.UUID `gorm:"primaryKey"`
	UserID     uuid.UUID
	SecretHash []byte
	CSRFToken  string `gorm:"column:csrf_token"`
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
}

func (sessionRow) TableName() string { return "sessions" }

type notificationRow struct {
	ID        uuid.UUID `gorm:"primaryKey"`
	UserID    uuid.UUID
	Kind      string
	Params    string `gorm:"type:jsonb"`
	Link      string
	ReadAt    *time.Time
	EmailedAt *time.Time
	CreatedAt time.Time
}

func (notificationRow) TableName() string { return "notifications" }

type regionRow struct {
	Code       string `gorm:"primaryKey"`
	Name       string
	ParentCode *string
	Level      int
}

func (regionRow) TableName() string { return "regions" }

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// nullable maps "" to NULL, for the unique email and phone columns.
func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}
