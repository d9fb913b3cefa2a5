package search

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"hutong/domain"
)

func TestRegionAncestors(t *testing.T) {
	t.Parallel()
	for code, want := range map[string][]string{
		"320213": {"320000", "320200", "320213"},
		"320200": {"320000", "320200"},
		"320000": {"320000"},
		"bad":    nil,
	} {
		if got := RegionAncestors(code); !reflect.DeepEqual(got, want) {
			t.Errorf("RegionAncestors(%s) = %v, want %v", code, got, want)
		}
	}
}

// TestOrganizationDocumentHoldsNoContacts: the organisation's phone and
// email never reach the index, and every field the document carries is
// described by the type.
func TestOrganizationDocumentHoldsNoContacts(t *testing.T) {
	t.Parallel()
	now := time.Now()
	o := &domain.Organization{
		ID: uuid.New(), Kind: domain.KindSocialOrg, Name: "无锡市星火青少年社会心理服务中心",
		RegionCode: "320213", RegionName: "梁溪区", ServiceAreas: []string{"psychological"}, Rating: "4A",
		ContactEmail: "xinghuo@example.org", ContactPhone: "13912345678", VerificationStatus: domain.VerificationVerified,
		VerifiedAt: &now, UpdatedAt: now,
	}
	doc := OrganizationDocument(o, func(k string) string { return map[string]string{"psychological": "心理疏导"}[k] })
	for name, v := range doc.Fields {
		if _, ok := Organizations.Field(name); !ok {
			t.Errorf("field %s is not described by the document type", name)
		}
		if s, ok := v.(string); ok && (strings.Contains(s, "13912345678") || strings.Contains(s, "xinghuo@")) {
			t.Errorf("field %s carries a contact detail: %q", name, s)
		}
	}
	if doc.Fields["service_area_names"] != "心理疏导" || doc.Fields["rating_level"] != int64(4) || doc.Version != now.UnixMicro() {
		t.Errorf("document: %+v", doc)
	}
}
