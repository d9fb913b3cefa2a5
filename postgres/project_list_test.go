package postgres_test

import (
	"context"
	"testing"

	"github.com/google/uuid"

	"hutong/domain"
)

func TestFindProjects(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := newTenderEnv(t, shanghai(2025, 9, 12, 10))
	deadline := shanghai(2025, 10, 9, 9)
	// Published in this order, so the list shows them newest first.
	a := e.publish(t, e.create(t, nil), deadline)
	e.clock.Advance(1)
	b := e.publish(t, e.create(t, func(in *domain.ProjectInput) {
		in.RegionCode, in.Category, in.BudgetFen = "320102", "tutoring", 10_000_000
	}), deadline)
	e.clock.Advance(1)
	c := e.publish(t, e.create(t, func(in *domain.ProjectInput) {
		in.Method, in.BudgetFen = domain.MethodSingleSource, 80_000_000
	}), deadline)
	draft := e.create(t, nil)
	cancelledDraft := e.create(t, nil)
	_, err := e.projects.CancelProject(ctx, e.staff, cancelledDraft.ID, "不再需要")
	must(t, err)

	ids := func(ps []*domain.Project) []string {
		out := make([]string, len(ps))
		for i, p := range ps {
			out[i] = p.ID.String()
		}
		return out
	}
	tests := []struct {
		name   string
		actor  *domain.Actor
		filter domain.ProjectFilter
		want   []*domain.Project
	}{
		{"PublicSeesPublished", nil, domain.ProjectFilter{}, []*domain.Project{c, b, a}},
		{"Province", nil, domain.ProjectFilter{RegionCode: "320000"}, []*domain.Project{c, b, a}},
		{"City", nil, domain.ProjectFilter{RegionCode: "320200"}, []*domain.Project{c, a}},
		{"District", nil, domain.ProjectFilter{RegionCode: "320102"}, []*domain.Project{b}},
		{"Category", nil, domain.ProjectFilter{Category: "tutoring"}, []*domain.Project{b}},
		{"Method", nil, domain.ProjectFilter{Method: domain.MethodSingleSource}, []*domain.Project{c}},
		{"Budget", nil, domain.ProjectFilter{BudgetMinFen: 20_000_000, BudgetMaxFen: 60_000_000}, []*domain.Project{a}},
		{"StatusDraftPublic", nil, domain.ProjectFilter{Status: domain.StatusDraft}, nil},
		{"StrangerOnBureau", e.stranger, domain.ProjectFilter{BureauID: e.bureau.ID}, []*domain.Project{c, b, a}},
		{"MemberSeesDrafts", e.staff, domain.ProjectFilter{BureauID: e.bureau.ID}, []*domain.Project{cancelledDraft, draft, c, b, a}},
		{"MemberDraftsOnly", e.staff, domain.ProjectFilter{BureauID: e.bureau.ID, Status: domain.StatusDraft}, []*domain.Project{draft}},
		{"MemberWithoutBureauFilter", e.staff, domain.ProjectFilter{}, []*domain.Project{c, b, a}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, next, err := e.projects.FindProjects(ctx, tt.actor, tt.filter)
			must(t, err)
			if g, w := ids(got), ids(tt.want); !equal(g, w) || next != "" {
				t.Errorf("got %v (next %q), want %v", g, next, w)
			}
			n, err := e.projects.CountProjects(ctx, tt.actor, tt.filter)
			must(t, err)
			if n != len(tt.want) {
				t.Errorf("count %d, want %d", n, len(tt.want))
			}
		})
	}
	t.Run("Pages", func(t *testing.T) {
		t.Parallel()
		f := domain.ProjectFilter{BureauID: e.bureau.ID, Page: domain.Page{Limit: 2}}
		var all []*domain.Project
		for {
			page, next, err := e.projects.FindProjects(ctx, e.owner, f)
			must(t, err)
			all = append(all, page...)
			if next == "" {
				break
			}
			f.Page.Cursor = next
		}
		if g, w := ids(all), ids([]*domain.Project{cancelledDraft, draft, c, b, a}); !equal(g, w) {
			t.Errorf("paged %v, want %v", g, w)
		}
	})
	t.Run("ErrFilter", func(t *testing.T) {
		t.Parallel()
		_, _, err := e.projects.FindProjects(ctx, nil, domain.ProjectFilter{Category: "x"})
		wantField(t, err, domain.EINVALID, "category")
	})
	t.Run("ByIDsSkipsPrivate", func(t *testing.T) {
		t.Parallel()
		got, err := e.projects.FindProjectsByIDs(ctx, []uuid.UUID{b.ID, draft.ID, uuid.New(), a.ID, b.ID, cancelledDraft.ID})
		must(t, err)
		if g, w := ids(got), ids([]*domain.Project{b, a}); !equal(g, w) {
			t.Errorf("got %v, want %v", g, w)
		}
	})
}
