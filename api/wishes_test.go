package api_test

import (
	"net/url"
	"strings"
	"testing"

	"hutong/search/searchtest"
)

// Canary details of the child beyond searchtest's.
const (
	apiCanarySchool   = "扬名金丝雀小学"
	apiCanaryAddress  = "清扬路77号"
	apiCanaryGuardian = "张金丝雀"
)

type wishJSON struct {
	ID        string  `json:"id"`
	ChildID   *string `json:"child_id"`
	Pseudonym string  `json:"pseudonym"`
	AgeBand   string  `json:"age_band"`
	Status    string  `json:"status"`
	TakesCash bool    `json:"takes_cash"`
}

// TestWishesAPI walks a wish from programme to publication through the
// API: children for child directors only, the privacy check naming the
// field and the problem, the consent, four eyes, the public list and
// search; the canary child's details reach no public answer, search
// document or log line.
func TestWishesAPI(t *testing.T) {
	t.Parallel()
	w := newWishAPI(t)
	owner := w.watch(w.signUp("Owner"))
	station := owner.createOrg("station", "梁溪区未保站", nil)
	member := func(name, role string) *user {
		u := w.signUp(name)
		owner.do("POST", "/api/v1/organizations/"+station.ID+"/members", map[string]any{"login": u.Email, "roles": []string{role}}).want(201)
		return u
	}
	director, writer, reviewer := member("Director", "child_director"), member("Writer", "staff"), w.watch(member("Reviewer", "staff"))
	stranger := w.watch(w.signUp("Stranger"))
	hostOwner := w.watch(w.signUp("HostOwner"))
	host := hostOwner.createOrg("foundation", "无锡慈善基金会", map[string]any{"public_fundraising": true})
	anon := w.anon()

	programme := map[string]any{"organization_id": station.ID, "title": "113微心愿", "region_code": "320213",
		"starts_on": today().AddDays(-10).String(), "ends_on": today().AddDays(200).String(), "goal_fen": 1_000_000}
	bad := map[string]any{}
	for k, v := range programme {
		bad[k] = v
	}
	bad["starts_on"] = "2026-13-01"
	writer.do("POST", "/api/v1/programmes", bad).problem(422).field(t, "starts_on")
	var p struct {
		ID         string `json:"id"`
		Status     string `json:"status"`
		HostStatus string `json:"host_status"`
	}
	writer.do("POST", "/api/v1/programmes", programme).want(201).decode(&p)
	anon.do("GET", "/api/v1/programmes/"+p.ID, nil).problem(404)
	writer.do("POST", "/api/v1/programmes/"+p.ID+"/activate", nil).want(200).decode(&p)
	anon.do("GET", "/api/v1/programmes/"+p.ID, nil).want(200)
	anon.do("GET", "/api/v1/programmes/not-an-id", nil).problem(404)
	writer.do("POST", "/api/v1/programmes/"+p.ID+"/host", map[string]any{"host_id": host.ID}).want(200).decode(&p)
	hostOwner.do("POST", "/api/v1/programmes/"+p.ID+"/host/answer", map[string]any{"accept": true}).want(200).decode(&p)
	if p.Status != "active" || p.HostStatus != "accepted" {
		t.Fatalf("programme = %+v", p)
	}

	childPath := "/api/v1/organizations/" + station.ID + "/children"
	childBody := map[string]any{"pseudonym": "小明", "age_band": "10-12", "gender": "male", "file_ref": "LX-001",
		"real_name": searchtest.CanaryChildName, "id_card_number": searchtest.CanaryIDCard}
	for _, u := range []*user{writer, stranger, owner} {
		u.do("POST", childPath, childBody).problem(404)
		u.do("GET", childPath, nil).problem(404)
	}
	var child struct {
		ID string `json:"id"`
	}
	director.do("POST", childPath, childBody).want(201).decode(&child)
	for _, u := range []*user{writer, reviewer, stranger, owner} {
		u.do("GET", "/api/v1/children/"+child.ID, nil).problem(404)
	}
	consent := map[string]any{"guardian_name": apiCanaryGuardian, "relation": "父亲", "consented_on": today().AddDays(-1).String(),
		"scope": []string{"wish_publication"}, "evidence": "就读" + apiCanarySchool + "，家住" + apiCanaryAddress + "，电话" + searchtest.CanaryPhone}
	writer.do("POST", "/api/v1/children/"+child.ID+"/consents", consent).problem(404)
	consent["scope"] = []string{}
	director.do("POST", "/api/v1/children/"+child.ID+"/consents", consent).problem(422).field(t, "scope")
	consent["scope"] = []string{"wish_publication"}
	director.do("POST", "/api/v1/children/"+child.ID+"/consents", consent).want(201)
	director.do("GET", "/api/v1/children/"+child.ID, nil).want(200)
	var byQuery struct {
		Items []map[string]any `json:"items"`
	}
	director.do("GET", "/api/v1/children?organization_id="+station.ID, nil).want(200).decode(&byQuery)
	if len(byQuery.Items) != 1 {
		t.Errorf("children by query = %+v", byQuery.Items)
	}
	writer.do("GET", "/api/v1/children?organization_id="+station.ID, nil).problem(404)
	director.do("GET", "/api/v1/children", nil).problem(422).field(t, "organization_id")

	wishBody := map[string]any{"child_id": child.ID, "kind": "goods", "title": "一个新书包", "category": "school_supplies",
		"story": "小明喜欢读书，请联系家长 139-1234-5678 了解情况。", "amount_fen": 15_000, "quantity": 1,
		"deadline": today().AddDays(60).String()}
	var wish wishJSON
	writer.do("POST", "/api/v1/programmes/"+p.ID+"/wishes", wishBody).want(201).decode(&wish)
	res := writer.do("POST", "/api/v1/wishes/"+wish.ID+"/submit", nil).problem(422)
	res.field(t, "story")
	if !strings.Contains(res.Errors[0].Message, "手机号码") {
		t.Fatalf("the problem does not say why: %+v", res)
	}
	writer.do("PATCH", "/api/v1/wishes/"+wish.ID, map[string]any{"story": searchtest.CanaryChildName + "喜欢读书，旧书包已经破了。"}).want(200)
	writer.do("POST", "/api/v1/wishes/"+wish.ID+"/submit", nil).problem(422).field(t, "story")
	writer.do("PATCH", "/api/v1/wishes/"+wish.ID, map[string]any{"story": "小明喜欢读书，旧书包已经破了，想要一个结实的新书包。"}).want(200)
	anon.do("GET", "/api/v1/wishes/"+wish.ID, nil).problem(404)
	writer.do("POST", "/api/v1/wishes/"+wish.ID+"/submit", nil).want(200).decode(&wish)
	if wish.Status != "in_review" {
		t.Fatalf("submitted wish = %+v", wish)
	}
	four := writer.do("POST", "/api/v1/wishes/"+wish.ID+"/review", map[string]any{"approve": true}).problem(403)
	if !strings.Contains(four.Detail, "four-eyes") {
		t.Fatalf("403 does not name the four-eyes rule: %+v", four)
	}
	reviewer.do("POST", "/api/v1/wishes/"+wish.ID+"/review", map[string]any{"approve": true}).want(200).decode(&wish)
	if wish.Status != "published" || wish.ChildID == nil {
		t.Fatalf("published wish = %+v", wish)
	}

	var got wishJSON
	anon.do("GET", "/api/v1/wishes/"+wish.ID, nil).want(200).decode(&got)
	if got.ChildID != nil || got.Pseudonym != "小明" || got.AgeBand != "10-12" || !got.TakesCash {
		t.Fatalf("public wish = %+v", got)
	}
	var list struct {
		Items      []wishJSON `json:"items"`
		NextCursor string     `json:"next_cursor"`
	}
	q := url.Values{"region": {"320200"}, "category": {"school_supplies"}, "kind": {"goods"}, "status": {"published"}}
	stranger.do("GET", "/api/v1/wishes?"+q.Encode(), nil).want(200).decode(&list)
	if len(list.Items) != 1 || list.Items[0].ChildID != nil {
		t.Fatalf("public list = %+v", list)
	}
	anon.do("GET", "/api/v1/wishes?kind=money", nil).problem(422).field(t, "kind")
	anon.do("GET", "/api/v1/wishes?limit=0", nil).problem(422).field(t, "limit")
	anon.do("GET", "/api/v1/wishes/01a2092a-b452-7149-bf6a-a8be810675e2", nil).problem(404)

	w.reindex(t)
	var hits struct {
		Items []struct {
			Wish *wishJSON `json:"wish"`
		} `json:"items"`
	}
	anon.do("GET", "/api/v1/search?type=wishes&category=school_supplies&region=320200&q=书包", nil).want(200).decode(&hits)
	if len(hits.Items) != 1 || hits.Items[0].Wish == nil || hits.Items[0].Wish.ID != wish.ID || hits.Items[0].Wish.ChildID != nil {
		t.Fatalf("search hits = %+v", hits)
	}
	anon.do("GET", "/api/v1/search?type=programmes", nil).want(200)

	canaries := append(searchtest.Canaries(), apiCanarySchool, apiCanaryAddress, apiCanaryGuardian)
	w.index.AssertNoCanaries(t, canaries...)
	for _, c := range canaries {
		if strings.Contains(w.logs.String(), c) {
			t.Errorf("canary %q in a log line", c)
		}
		if strings.Contains(w.public.String(), c) {
			t.Errorf("canary %q in an answer to someone outside the child directors", c)
		}
	}
	if !strings.Contains(w.public.String(), "小明") {
		t.Fatal("the public record saw no wish, so it proves nothing")
	}
}

// TestCashWishWithoutHostAPI: a cash wish in a programme without an
// accepted licensed host is 422 naming kind.
func TestCashWishWithoutHostAPI(t *testing.T) {
	t.Parallel()
	w := newWishAPI(t)
	owner := w.signUp("Owner")
	station := owner.createOrg("station", "梁溪区未保站", nil)
	owner.do("PATCH", "/api/v1/organizations/"+station.ID+"/members/"+owner.ID, map[string]any{"roles": []string{"owner", "child_director"}}).want(200)
	var p, child struct {
		ID string `json:"id"`
	}
	owner.do("POST", "/api/v1/programmes", map[string]any{"organization_id": station.ID, "title": "助学金项目", "region_code": "320213",
		"starts_on": today().String(), "ends_on": today().AddDays(100).String()}).want(201).decode(&p)
	owner.do("POST", "/api/v1/programmes/"+p.ID+"/activate", nil).want(200)
	owner.do("POST", "/api/v1/organizations/"+station.ID+"/children", map[string]any{"pseudonym": "小华", "age_band": "13-15", "real_name": "李华"}).
		want(201).decode(&child)
	owner.do("POST", "/api/v1/programmes/"+p.ID+"/wishes", map[string]any{"child_id": child.ID, "kind": "cash", "title": "一学期助学金",
		"category": "study_grant", "story": "小华成绩很好，希望得到一学期的助学金。", "amount_fen": 100_000, "quantity": 1,
		"deadline": today().AddDays(30).String()}).problem(422).field(t, "kind")
}
