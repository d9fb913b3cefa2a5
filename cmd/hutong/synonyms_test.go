package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"hutong/domain"
)

// TestServeAppliesSynonyms follows the synonym list through the running
// program: an admin's list saved before start is applied when serve opens
// the index, and a list saved through the API reaches searches (on Bleve,
// which expands synonyms at query time) once the settings job has run.
func TestServeAppliesSynonyms(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dsn, s, admin := seededDB(t, domain.OrganizationInput{
		Kind: domain.KindStation, Name: "梁溪区儿童主任之家", CreditCode: "91350100M000100Y43", RegionCode: "320213"})
	if _, err := s.synonyms.ReplaceSynonyms(ctx, admin, [][]string{{"儿童主任", "儿童督导员"}}); err != nil {
		t.Fatal(err)
	}

	addr, stop := startServe(t, externalEnv(t, dsn))
	defer stop()
	base := "http://" + addr
	waitFound(t, base, "儿童督导员", 1)

	token := apiToken(t, base, "admin@example.org", "long-enough-pw")
	body := strings.NewReader(`{"groups": [["儿童主任", "未保专干"]]}`)
	req, _ := http.NewRequest(http.MethodPut, base+"/api/v1/admin/search/synonyms", body)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("PUT synonyms: %d", resp.StatusCode)
	}
	waitFound(t, base, "未保专干", 1)
	waitFound(t, base, "儿童督导员", 0)
	if code, page := get(t, base+"/search?q="+url.QueryEscape("未保专干")); code != http.StatusOK || !strings.Contains(page, "梁溪区<mark>儿童主任</mark>之家") {
		t.Fatalf("search page: %d\n%s", code, page)
	}
}

// waitFound polls the search API until text finds want organisations.
func waitFound(t *testing.T, base, text string, want int) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		code, body := get(t, base+"/api/v1/search?type=organizations&q="+url.QueryEscape(text))
		var res struct{ Items []json.RawMessage }
		if code == http.StatusOK && json.Unmarshal([]byte(body), &res) == nil && len(res.Items) == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("search for %s: %d %s; want %d items", text, code, body, want)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// apiToken signs in through the API and returns a bearer token.
func apiToken(t *testing.T, base, login, password string) string {
	t.Helper()
	b, _ := json.Marshal(map[string]string{"login": login, "password": password})
	resp, err := http.Post(base+"/api/v1/auth/tokens", "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var tok struct{ Token string }
	if err := json.NewDecoder(resp.Body).Decode(&tok); err != nil || tok.Token == "" {
		t.Fatalf("sign in: %d, %v", resp.StatusCode, err)
	}
	return tok.Token
}
