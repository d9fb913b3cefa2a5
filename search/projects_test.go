package search

import (
	"testing"
	"time"

	"github.com/google/uuid"

	"hutong/domain"
)

// TestProjectDocument: every field the document carries is described by
// the type, and the facets read as the filters expect.
func TestProjectDocument(t *testing.T) {
	t.Parallel()
	published, deadline := time.Now().Add(-time.Hour), time.Now().Add(480*time.Hour)
	p := &domain.Project{
		ID: uuid.New(), BureauName: "梁溪区民政局", Title: "困境儿童心理疏导服务", Description: "为困境儿童提供心理疏导。",
		Category: "psychological", RegionCode: "320213", RegionName: "梁溪区", BudgetFen: 30_000_000,
		Method: domain.MethodOpenTender, Status: domain.StatusPublished, UpdatedAt: published,
		Timeline: domain.Timeline{PublishedAt: &published, BidDeadline: &deadline, OpeningAt: &deadline},
	}
	doc := ProjectDocument(p, func(k string) string { return map[string]string{"psychological": "心理疏导"}[k] })
	for name := range doc.Fields {
		if _, ok := Projects.Field(name); !ok {
			t.Errorf("field %s is not described by the document type", name)
		}
	}
	if doc.Fields["category_name"] != "心理疏导" || doc.Fields["budget_fen"] != int64(30_000_000) ||
		doc.Fields["bid_deadline"] != deadline.UTC() || doc.Version != published.UnixMicro() {
		t.Errorf("document: %+v", doc)
	}
	if codes := doc.Fields["region_codes"].([]string); len(codes) != 3 || codes[0] != "320000" {
		t.Errorf("region_codes %v", codes)
	}
}

func TestProjectStatusPublic(t *testing.T) {
	t.Parallel()
	for _, s := range domain.ProjectStatuses {
		if ProjectStatusPublic(s) != (s != domain.StatusDraft) {
			t.Errorf("ProjectStatusPublic(%s) = %v", s, ProjectStatusPublic(s))
		}
	}
	if ProjectStatusPublic("open") {
		t.Error("an unknown status is public")
	}
}
