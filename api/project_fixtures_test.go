package api_test

import (
	"testing"
	"time"

	"hutong/api"
	"hutong/domain"
	"hutong/postgres"
)

// newTenderHarness is the API with the project and calendar services.
func newTenderHarness(tb testing.TB) *harness {
	tb.Helper()
	return newHarnessWith(tb, func(db *postgres.DB, d *api.Deps) {
		d.Projects = postgres.NewProjectService(db)
		d.Calendar = postgres.NewCalendarService(db)
	})
}

// project is a project as the API answers it.
type project struct {
	ID           string `json:"id"`
	BureauID     string `json:"bureau_id"`
	Title        string `json:"title"`
	Status       string `json:"status"`
	BudgetFen    int64  `json:"budget_fen"`
	Method       string `json:"method"`
	CancelReason string `json:"cancel_reason"`
	Criteria     struct {
		PriceWeight int `json:"price_weight"`
		Technical   []struct {
			Key       string `json:"key"`
			MaxPoints int    `json:"max_points"`
		} `json:"technical"`
	} `json:"criteria"`
	Timeline struct {
		PublishedAt *time.Time `json:"published_at"`
		BidDeadline *time.Time `json:"bid_deadline"`
	} `json:"timeline"`
}

// projectList is a page of projects.
type projectList struct {
	Items      []project `json:"items"`
	NextCursor string    `json:"next_cursor"`
}

// has reports whether the page lists the project id.
func (l projectList) has(id string) bool {
	for _, p := range l.Items {
		if p.ID == id {
			return true
		}
	}
	return false
}

// verifiedOrg creates an organisation of kind owned by owner and has the
// admin verify it.
func verifiedOrg(owner, admin *user, kind, name string) org {
	owner.tb.Helper()
	o := owner.createOrg(kind, name, nil)
	admin.do("POST", "/api/v1/organizations/"+o.ID+"/verification", map[string]any{"status": "verified"}).want(200)
	return o
}

// addStaff makes member a staff member of o.
func addStaff(owner *user, o org, member *user) {
	owner.tb.Helper()
	owner.do("POST", "/api/v1/organizations/"+o.ID+"/members", map[string]any{"login": member.Email, "roles": []string{"staff"}}).want(201)
}

// day is a date n days from today in Beijing, as the API writes dates.
func day(n int) string { return domain.DateOf(time.Now()).AddDays(n).String() }

// projectContent is a valid draft's content: an open tender whose service
// starts well after any deadline a test publishes with.
func projectContent() map[string]any {
	return map[string]any{
		"title":       "梁溪区困境儿童关爱保护服务项目",
		"description": "为梁溪区困境儿童和留守儿童提供个案管理、心理疏导和安全教育服务。",
		"category":    "psychological",
		"region_code": "320213",
		"budget_fen":  80_000_000,
		"method":      "open_tender",
		"eligibility": map[string]any{"min_rating": "3A", "region_codes": []string{"320200"}, "verified_only": true},
		"criteria": map[string]any{"price_weight": 30, "technical": []map[string]any{
			{"key": "plan", "name": "服务方案", "max_points": 40},
			{"key": "team", "name": "团队资质", "max_points": 30},
		}},
		"targets": []map[string]any{
			{"indicator": "受益人次", "unit": "人次", "target": 5000, "kind": "person_times"},
			{"indicator": "满意度", "unit": "%", "target": 90, "kind": "percent"},
		},
		"milestones": []map[string]any{
			{"name": "首期", "percent": 40, "due": day(100)},
			{"name": "中期", "percent": 30, "due": day(280)},
			{"name": "尾款", "percent": 30, "due": day(450)},
		},
		"service_start": day(90),
		"service_end":   day(455),
	}
}

// projectCreate is projectContent for bureau.
func projectCreate(bureau string) map[string]any {
	b := projectContent()
	b["bureau_id"] = bureau
	return b
}

// createProject creates a draft through the API.
func (u *user) createProject(bureau string) project {
	u.tb.Helper()
	var p project
	u.do("POST", "/api/v1/projects", projectCreate(bureau)).want(201).decode(&p)
	return p
}

// rfc3339 writes a time n days from now, as a client sends it.
func rfc3339(days int) string {
	return time.Now().Add(time.Duration(days) * 24 * time.Hour).In(domain.Shanghai).Format(time.RFC3339)
}

// publishBody publishes with a deadline days from now and the opening an
// hour later.
func publishBody(days int) map[string]any {
	t := time.Now().Add(time.Duration(days) * 24 * time.Hour)
	return map[string]any{"bid_deadline": t.Format(time.RFC3339), "opening_at": t.Add(time.Hour).Format(time.RFC3339)}
}
