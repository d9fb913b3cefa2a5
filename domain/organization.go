package domain

import (
	"context"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
)

// OrgKind says what an organisation is.
type OrgKind string

// Organisation kinds.
const (
	KindBureau     OrgKind = "bureau"     // 民政局: publishes and buys services
	KindSocialOrg  OrgKind = "social_org" // 社会组织, 社工机构
	KindAlliance   OrgKind = "alliance"   // 联盟: has member organisations
	KindFoundation OrgKind = "foundation" // 基金会
	KindStation    OrgKind = "station"    // 未保站, 关爱之家
)

// OrgKinds lists every kind, in display order.
var OrgKinds = []OrgKind{KindBureau, KindSocialOrg, KindAlliance, KindFoundation, KindStation}

// Valid reports whether k is a known kind.
func (k OrgKind) Valid() bool {
	for _, x := range OrgKinds {
		if k == x {
			return true
		}
	}
	return false
}

// Verification states of an organisation, set by a platform admin.
const (
	VerificationPending  = "pending"
	VerificationVerified = "verified"
	VerificationRejected = "rejected"
)

// Evaluation ratings (社会组织等级评估). Empty means not rated.
var Ratings = []string{"", "1A", "2A", "3A", "4A", "5A"}

// ServiceAreas are the fields of child-protection work an organisation
// may serve. Keys are stable; pages show their translations.
var ServiceAreas = []string{
	"case_management",    // 个案管理
	"home_visits",        // 入户走访
	"psychological",      // 心理疏导
	"tutoring",           // 课业辅导
	"safety_education",   // 安全教育
	"emergency_rescue",   // 临时救助
	"temporary_care",     // 临时照料
	"family_guidance",    // 家庭教育指导
	"guardianship",       // 监护评估
	"community_activity", // 社区活动
	"legal_aid",          // 法律援助
	"training",           // 儿童主任培训
	"volunteer_services", // 志愿服务
	"migrant_children",   // 流动儿童关爱
	"left_behind",        // 留守儿童关爱
}

// Organization is a bureau, social organisation, alliance, foundation or
// station. Every field here is public except ContactPhone and
// ContactEmail, which the public profile shows only as the organisation
// chooses (they are an organisation's, never a child's).
type Organization struct {
	ID                 uuid.UUID  `json:"id"`
	Kind               OrgKind    `json:"kind"`
	Name               string     `json:"name"`
	CreditCode         string     `json:"credit_code"`
	RegionCode         string     `json:"region_code"`
	RegionName         string     `json:"region_name"`
	ServiceAreas       []string   `json:"service_areas"`
	Rating             string     `json:"rating"`
	PublicFundraising  bool       `json:"public_fundraising"`
	Description        string     `json:"description"`
	Website            string     `json:"website"`
	ContactEmail       string     `json:"contact_email"`
	ContactPhone       string     `json:"contact_phone"`
	VerificationStatus string     `json:"verification_status"`
	VerificationNote   string     `json:"verification_note,omitempty"`
	VerifiedAt         *time.Time `json:"verified_at"`
	CreatedAt          time.Time  `json:"created_at"`
	UpdatedAt          time.Time  `json:"updated_at"`
}

// Verified reports whether a platform admin has verified the organisation.
func (o *Organization) Verified() bool { return o.VerificationStatus == VerificationVerified }

// OrganizationInput is the editable part of an organisation. Kind and
// CreditCode are set at creation and not changed later (a change of legal
// identity is a new organisation).
type OrganizationInput struct {
	Kind              OrgKind  `json:"kind"`
	Name              string   `json:"name"`
	CreditCode        string   `json:"credit_code"`
	RegionCode        string   `json:"region_code"`
	ServiceAreas      []string `json:"service_areas"`
	Rating            string   `json:"rating"`
	PublicFundraising bool     `json:"public_fundraising"`
	Description       string   `json:"description"`
	Website           string   `json:"website"`
	ContactEmail      string   `json:"contact_email"`
	ContactPhone      string   `json:"contact_phone"`
}

// Normalize trims and validates the input for creation. The region code is
// checked against the region table by the service, which knows it.
func (in *OrganizationInput) Normalize() error {
	var v Validation
	v.Check(in.Kind.Valid(), "kind", "must be one of bureau, social_org, alliance, foundation, station")
	in.normalizeEditable(&v)
	var ok bool
	in.CreditCode, ok = NormalizeCreditCode(in.CreditCode)
	v.Check(ok, "credit_code", "not a valid unified social credit code (GB 32100)")
	return v.Err()
}

// NormalizeUpdate validates the fields an update may change.
func (in *OrganizationInput) NormalizeUpdate() error {
	var v Validation
	in.normalizeEditable(&v)
	return v.Err()
}

func (in *OrganizationInput) normalizeEditable(v *Validation) {
	in.Name = trimSpace(in.Name)
	n := utf8.RuneCountInString(in.Name)
	v.Check(n >= 2 && n <= 100, "name", "must be 2 to 100 characters")
	v.Check(len(in.RegionCode) == 6, "region_code", "must be a 6-digit administrative division code")
	in.ServiceAreas = dedupe(in.ServiceAreas)
	for _, a := range in.ServiceAreas {
		v.Check(contains(ServiceAreas, a), "service_areas", "unknown service area "+a)
	}
	v.Check(contains(Ratings, in.Rating), "rating", "must be empty or one of 1A to 5A")
	in.Description = trimSpace(in.Description)
	v.Check(utf8.RuneCountInString(in.Description) <= 4000, "description", "must be at most 4000 characters")
	in.Website = trimSpace(in.Website)
	v.Check(in.Website == "" || validWebsite(in.Website), "website", "must be an http or https address")
	if in.ContactEmail != "" {
		var ok bool
		in.ContactEmail, ok = NormalizeEmail(in.ContactEmail)
		v.Check(ok, "contact_email", "not a valid email address")
	}
	in.ContactPhone = trimSpace(in.ContactPhone)
	v.Check(len(in.ContactPhone) <= 32, "contact_phone", "must be at most 32 characters")
}

// OrganizationFilter selects organisations for a list.
type OrganizationFilter struct {
	Kind               OrgKind
	RegionCode         string // matches the region and everything under it
	VerificationStatus string
	Page               Page
}

// OrganizationService manages organisations and their verification.
type OrganizationService interface {
	// CreateOrganization creates an organisation; the actor becomes its
	// owner. A duplicate credit code is ECONFLICT.
	CreateOrganization(ctx context.Context, actor *Actor, in OrganizationInput) (*Organization, error)
	UpdateOrganization(ctx context.Context, actor *Actor, id uuid.UUID, in OrganizationInput) (*Organization, error)
	FindOrganizationByID(ctx context.Context, id uuid.UUID) (*Organization, error)
	FindOrganizations(ctx context.Context, f OrganizationFilter) ([]*Organization, string, error)
	// FindOrganizationsByIDs loads the verified organisations among ids in
	// one query, in the order of ids, skipping unknown and unverified ones:
	// search hits are hydrated through it, so a stale index never shows an
	// organisation that is no longer public.
	FindOrganizationsByIDs(ctx context.Context, ids []uuid.UUID) ([]*Organization, error)
	// CountOrganizations counts what f selects, ignoring its page.
	CountOrganizations(ctx context.Context, f OrganizationFilter) (int, error)
	// VerifyOrganization records a platform admin's decision: verified or
	// rejected, with a note.
	VerifyOrganization(ctx context.Context, actor *Actor, id uuid.UUID, status, note string) (*Organization, error)
}
