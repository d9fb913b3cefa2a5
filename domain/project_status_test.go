package domain_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"hutong/domain"
)

func TestCanTransition(t *testing.T) {
	t.Parallel()
	tests := []struct {
		from, to domain.ProjectStatus
		want     bool
	}{
		{domain.StatusDraft, domain.StatusPublished, true},
		{domain.StatusDraft, domain.StatusCancelled, true},
		{domain.StatusDraft, domain.StatusBiddingClosed, false},
		{domain.StatusPublished, domain.StatusBiddingClosed, true},
		{domain.StatusPublished, domain.StatusCancelled, true},
		{domain.StatusPublished, domain.StatusDraft, false},
		{domain.StatusBiddingClosed, domain.StatusOpened, true},
		{domain.StatusBiddingClosed, domain.StatusFailed, true},
		{domain.StatusOpened, domain.StatusEvaluated, true},
		{domain.StatusEvaluated, domain.StatusAwarded, true},
		{domain.StatusAwarded, domain.StatusOpened, true},
		{domain.StatusAwarded, domain.StatusContracted, true},
		{domain.StatusContracted, domain.StatusInService, true},
		{domain.StatusContracted, domain.StatusCancelled, false},
		{domain.StatusInService, domain.StatusCompleted, true},
		{domain.StatusCompleted, domain.StatusCancelled, false},
		{domain.StatusCancelled, domain.StatusPublished, false},
		{domain.StatusFailed, domain.StatusPublished, false},
	}
	for _, tt := range tests {
		t.Run(string(tt.from)+"To"+string(tt.to), func(t *testing.T) {
			t.Parallel()
			if got := domain.CanTransition(tt.from, tt.to); got != tt.want {
				t.Errorf("CanTransition = %v, want %v", got, tt.want)
			}
			if err := domain.CheckTransition(tt.from, tt.to); (err == nil) != tt.want ||
				(err != nil && domain.ErrorCode(err) != domain.ECONFLICT) {
				t.Errorf("CheckTransition = %v", err)
			}
		})
	}
	t.Run("EveryStatusIsKnown", func(t *testing.T) {
		t.Parallel()
		for _, from := range domain.ProjectStatuses {
			for _, to := range domain.ProjectStatuses {
				if domain.CanTransition(from, to) && (!from.Valid() || !to.Valid() || from == to) {
					t.Errorf("bad transition %s → %s", from, to)
				}
			}
		}
	})
}

func TestNormalizeCancelReason(t *testing.T) {
	t.Parallel()
	if r, err := domain.NormalizeCancelReason("  预算调整 "); err != nil || r != "预算调整" {
		t.Errorf("OK: got %q, %v", r, err)
	}
	for _, bad := range []string{"", " 停 ", strings.Repeat("因", 1001)} {
		if _, err := domain.NormalizeCancelReason(bad); domain.ErrorCode(err) != domain.EINVALID {
			t.Errorf("reason of %d runes: want EINVALID, got %v", len([]rune(bad)), err)
		}
	}
}

func TestProjectVisibility(t *testing.T) {
	t.Parallel()
	bureau := uuid.New()
	published := time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC)
	member := &domain.Actor{User: &domain.User{ID: uuid.New()}, Memberships: []*domain.Membership{{OrganizationID: bureau}}}
	stranger := &domain.Actor{User: &domain.User{ID: uuid.New()}}
	tests := []struct {
		name    string
		project domain.Project
		public  bool
	}{
		{"Draft", domain.Project{Status: domain.StatusDraft}, false},
		{"CancelledDraft", domain.Project{Status: domain.StatusCancelled}, false},
		{"Published", domain.Project{Status: domain.StatusPublished, Timeline: domain.Timeline{PublishedAt: &published}}, true},
		{"CancelledAfterPublication", domain.Project{Status: domain.StatusCancelled, Timeline: domain.Timeline{PublishedAt: &published}}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := tt.project
			p.BureauID = bureau
			if p.Public() != tt.public || p.VisibleTo(nil) != tt.public || p.VisibleTo(stranger) != tt.public {
				t.Errorf("public = %v, want %v", p.Public(), tt.public)
			}
			if !p.VisibleTo(member) {
				t.Error("the bureau's member cannot see its own project")
			}
		})
	}
}
