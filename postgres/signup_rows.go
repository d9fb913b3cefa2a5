package postgres

import (
	"time"

	"github.com/google/uuid"

	"hutong/domain"
)

type signupRow struct {
	ID          uuid.UUID `gorm:"primaryKey"`
	ShiftID     uuid.UUID
	VolunteerID uuid.UUID
	Status      string
	Position    int64
	StartsAt    time.Time
	EndsAt      time.Time
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

func (signupRow) TableName() string { return "signups" }

func (r *signupRow) domain() *domain.Signup {
	return &domain.Signup{ID: r.ID, ShiftID: r.ShiftID, VolunteerID: r.VolunteerID, Status: domain.SignupStatus(r.Status),
		Position: r.Position, CreatedAt: r.CreatedAt.UTC()}
}

// liveStatuses are the sign-up statuses that hold or wait for a place.
const liveStatuses = `('pending', 'confirmed', 'waitlisted')`

func signupsOut(rows []signupRow) []*domain.Signup {
	out := make([]*domain.Signup, len(rows))
	for i := range rows {
		out[i] = rows[i].domain()
	}
	return out
}
