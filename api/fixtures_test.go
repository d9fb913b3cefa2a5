package api_test

import (
	"fmt"
	"strings"
	"sync/atomic"

	"hutong/domain"
)

var seq atomic.Int64

// user is a registered, signed-in test person.
type user struct {
	*client
	ID    string
	Email string
}

// signUp registers a person through the API and signs them in.
func (h *harness) signUp(name string) *user {
	h.tb.Helper()
	email := fmt.Sprintf("%s.%d@example.com", strings.ToLower(name), seq.Add(1))
	c := h.anon()
	var u domain.User
	c.do("POST", "/api/v1/auth/register", map[string]any{
		"email": email, "password": "correct horse battery", "display_name": name,
	}).want(201).decode(&u)
	var tok struct{ Token string }
	c.do("POST", "/api/v1/auth/tokens", map[string]any{"login": email, "password": "correct horse battery"}).want(201).decode(&tok)
	c.token = tok.Token
	return &user{client: c, ID: u.ID.String(), Email: email}
}

// admin creates a platform admin and signs them in.
func (h *harness) admin() *user {
	h.tb.Helper()
	email := fmt.Sprintf("admin.%d@example.com", seq.Add(1))
	_, err := h.users.CreatePlatformAdmin(h.tb.Context(), domain.RegisterInput{
		Email: email, Password: "correct horse battery", DisplayName: "平台管理员",
	})
	if err != nil {
		h.tb.Fatal(err)
	}
	c := h.anon()
	var tok struct{ Token string }
	c.do("POST", "/api/v1/auth/tokens", map[string]any{"login": email, "password": "correct horse battery"}).want(201).decode(&tok)
	c.token = tok.Token
	return &user{client: c, Email: email}
}

// creditCode makes a valid unified social credit code, different on each
// call, by computing the GB 32100 check character.
func creditCode() string {
	const chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	weights := []int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}
	body := fmt.Sprintf("52320200%09d", seq.Add(1))
	sum := 0
	for i := range 17 {
		sum += strings.IndexByte(chars, body[i]) * weights[i]
	}
	return body + string(chars[(31-sum%31)%31])
}

// org is an organisation as the API answers it.
type org struct {
	ID                 string   `json:"id"`
	Kind               string   `json:"kind"`
	Name               string   `json:"name"`
	CreditCode         string   `json:"credit_code"`
	RegionCode         string   `json:"region_code"`
	RegionName         string   `json:"region_name"`
	ServiceAreas       []string `json:"service_areas"`
	Description        string   `json:"description"`
	ContactEmail       *string  `json:"contact_email"`
	ContactPhone       *string  `json:"contact_phone"`
	PublicFundraising  bool     `json:"public_fundraising"`
	VerificationStatus string   `json:"verification_status"`
	VerificationNote   *string  `json:"verification_note"`
}

// createOrg creates an organisation of kind owned by u.
func (u *user) createOrg(kind, name string, extra map[string]any) org {
	u.tb.Helper()
	body := map[string]any{
		"kind": kind, "name": name, "credit_code": creditCode(), "region_code": "320213",
		"service_areas": []string{"psychological", "community_activity"},
	}
	for k, v := range extra {
		body[k] = v
	}
	var o org
	u.do("POST", "/api/v1/organizations", body).want(201).decode(&o)
	return o
}

// rowCounts counts the rows of every table a request could write, so a
// test can prove a failed request wrote nothing.
func (h *harness) rowCounts() map[string]int {
	h.tb.Helper()
	out := map[string]int{}
	for _, table := range []string{"users", "api_tokens", "organizations", "memberships",
		"alliance_members", "audit_log", "notifications", "river_job"} {
		var n int
		if err := h.db.SQL().QueryRowContext(h.tb.Context(), "SELECT count(*) FROM "+table).Scan(&n); err != nil {
			h.tb.Fatalf("count %s: %v", table, err)
		}
		out[table] = n
	}
	return out
}

// unchanged fails when any table's row count differs from before.
func (h *harness) unchanged(before map[string]int) {
	h.tb.Helper()
	after := h.rowCounts()
	for table, n := range before {
		if after[table] != n {
			h.tb.Errorf("%s has %d rows after a failed request, %d before", table, after[table], n)
		}
	}
}
