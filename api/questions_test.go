package api_test

import (
	"strings"
	"testing"

	"hutong/api"
	"hutong/postgres"
)

// question is a question as the API answers it.
type question struct {
	ID            string `json:"id"`
	Text          string `json:"text"`
	Answer        string `json:"answer"`
	Status        string `json:"status"`
	Clarification bool   `json:"clarification"`
	Mine          bool   `json:"mine"`
}

// questionList is a project's questions.
type questionList struct {
	Items []question `json:"items"`
}

// newQuestionHarness is the API with projects and questions.
func newQuestionHarness(tb testing.TB) *harness {
	tb.Helper()
	return newHarnessWith(tb, func(db *postgres.DB, d *api.Deps) {
		d.Projects = postgres.NewProjectService(db)
		d.Calendar = postgres.NewCalendarService(db)
		d.Questions = postgres.NewQuestionService(db)
	})
}

// noAsker fails when a response body names the asking organisation or
// user in any way.
func noAsker(tb testing.TB, body []byte, secrets ...string) {
	tb.Helper()
	for _, s := range secrets {
		if s != "" && strings.Contains(string(body), s) {
			tb.Fatalf("response reveals the asker (%q): %s", s, body)
		}
	}
}

// count runs a counting query.
func (h *harness) count(query string, args ...any) int {
	h.tb.Helper()
	var n int
	if err := h.db.SQL().QueryRowContext(h.tb.Context(), query, args...).Scan(&n); err != nil {
		h.tb.Fatalf("%s: %v", query, err)
	}
	return n
}

func TestQuestions(t *testing.T) {
	t.Parallel()
	h := newQuestionHarness(t)
	admin, officer, staff := h.admin(), h.signUp("Officer"), h.signUp("Staff")
	asker, colleague, rival := h.signUp("Asker"), h.signUp("Colleague"), h.signUp("Rival")
	loner, otherOfficer := h.signUp("Loner"), h.signUp("OtherOfficer")
	bureau := verifiedOrg(officer, admin, "bureau", "无锡市梁溪区民政局")
	addStaff(officer, bureau, staff)
	bidder := verifiedOrg(asker, admin, "social_org", "梁溪区阳光社会工作服务中心")
	addStaff(asker, bidder, colleague)
	verifiedOrg(rival, admin, "social_org", "无锡市禾苗社工事务所")
	unverified := loner.createOrg("social_org", "未认证的社工机构", nil)
	verifiedOrg(otherOfficer, admin, "bureau", "济南市历下区民政局")

	p := staff.createProject(bureau.ID)
	path := "/api/v1/projects/" + p.ID + "/questions"
	ask := map[string]any{"organization_id": bidder.ID, "text": "个案管理服务是否需要覆盖全部街道?"}
	secrets := []string{bidder.ID, bidder.Name, asker.ID, asker.Email, "Asker", colleague.ID}

	t.Run("ErrDraftNotFound", func(t *testing.T) {
		asker.do("POST", path, ask).problem(404)
		h.anon().do("GET", path, nil).problem(404)
	})
	staff.do("POST", "/api/v1/projects/"+p.ID+"/publish", publishBody(40)).want(200)

	var q question
	colleague.do("POST", path, ask).want(201).decode(&q)
	if q.Status != "pending" || !q.Mine || q.Clarification {
		t.Fatalf("asked %+v", q)
	}
	t.Run("PendingHiddenFromPublic", func(t *testing.T) {
		for _, c := range []*user{rival, otherOfficer} {
			var l questionList
			res := c.do("GET", path, nil).want(200)
			res.decode(&l)
			if len(l.Items) != 0 {
				t.Fatalf("an outsider sees a pending question: %s", res.Body)
			}
		}
		var l questionList
		h.anon().do("GET", path, nil).want(200).decode(&l)
		if len(l.Items) != 0 {
			t.Fatalf("anonymous sees a pending question: %+v", l)
		}
	})
	t.Run("BureauSeesTextNotAsker", func(t *testing.T) {
		res := staff.do("GET", path, nil).want(200)
		noAsker(t, res.Body, secrets...)
		var l questionList
		res.decode(&l)
		if len(l.Items) != 1 || l.Items[0].Text != ask["text"] || l.Items[0].Mine {
			t.Fatalf("the bureau sees %s", res.Body)
		}
	})
	t.Run("AskerSeesOwnPending", func(t *testing.T) {
		var l questionList
		asker.do("GET", path, nil).want(200).decode(&l)
		if len(l.Items) != 1 || !l.Items[0].Mine || l.Items[0].Status != "pending" {
			t.Fatalf("the asker sees %+v", l)
		}
	})
	t.Run("ErrUnverifiedOrg", func(t *testing.T) {
		before := h.rowCounts()
		loner.do("POST", path, map[string]any{"organization_id": unverified.ID, "text": "请问预算是否含税?"}).problem(403)
		h.unchanged(before)
	})
	t.Run("ErrNotAMember", func(t *testing.T) {
		rival.do("POST", path, ask).problem(403)
	})
	t.Run("ErrBadText", func(t *testing.T) {
		colleague.do("POST", path, map[string]any{"organization_id": bidder.ID, "text": "好"}).problem(422).field(t, "text")
	})
	answerPath := path + "/" + q.ID + "/answer"
	answer := map[string]any{"answer": "需要覆盖梁溪区全部街道,以社区为单位开展。"}
	t.Run("ErrOtherBureauCannotAnswer", func(t *testing.T) {
		otherOfficer.do("POST", answerPath, answer).problem(403)
		rival.do("POST", answerPath, answer).problem(403)
		h.anon().do("POST", answerPath, answer).problem(401)
	})
	t.Run("BureauAnswers", func(t *testing.T) {
		var got question
		res := staff.do("POST", answerPath, answer).want(200)
		noAsker(t, res.Body, secrets...)
		res.decode(&got)
		if got.Status != "answered" || got.Answer != answer["answer"] {
			t.Fatalf("answered %+v", got)
		}
		staff.do("POST", answerPath, answer).problem(409)
	})
	t.Run("AnsweredPublicWithAskerHidden", func(t *testing.T) {
		for _, c := range []*client{h.anon(), rival.client, otherOfficer.client, staff.client} {
			res := c.do("GET", path, nil).want(200)
			noAsker(t, res.Body, secrets...)
			var l questionList
			res.decode(&l)
			if len(l.Items) != 1 || l.Items[0].Answer != answer["answer"] || l.Items[0].Mine {
				t.Fatalf("sees %s", res.Body)
			}
		}
		var l questionList
		asker.do("GET", path, nil).want(200).decode(&l)
		if len(l.Items) != 1 || !l.Items[0].Mine {
			t.Fatalf("the asker sees %+v", l)
		}
	})
	t.Run("NotifiedAndAudited", func(t *testing.T) {
		if n := h.count(`SELECT count(*) FROM notifications WHERE kind = 'question_asked' AND user_id IN ($1, $2)`, officer.ID, staff.ID); n != 2 {
			t.Errorf("%d question_asked notifications for the bureau's two members", n)
		}
		if n := h.count(`SELECT count(*) FROM notifications WHERE kind = 'question_answered' AND user_id IN ($1, $2)`, asker.ID, colleague.ID); n != 2 {
			t.Errorf("%d question_answered notifications for the asking organisation's two members", n)
		}
		if n := h.count(`SELECT count(*) FROM notifications WHERE kind LIKE 'question_%' AND user_id = $1`, rival.ID); n != 0 {
			t.Errorf("an outsider got %d question notifications", n)
		}
		if n := h.count(`SELECT count(*) FROM audit_log WHERE action = 'question.asked' AND object_id = $1 AND data::text NOT LIKE '%街道%'`, q.ID); n != 1 {
			t.Errorf("%d question.asked entries without the text", n)
		}
		if n := h.count(`SELECT count(*) FROM audit_log WHERE action = 'question.answered' AND object_id = $1`, q.ID); n != 1 {
			t.Errorf("%d question.answered entries", n)
		}
	})
	t.Run("Clarification", func(t *testing.T) {
		var c question
		staff.do("POST", path, map[string]any{"text": "补充说明:服务期内须每月报送服务台账。"}).want(201).decode(&c)
		if !c.Clarification || c.Status != "answered" {
			t.Fatalf("clarification %+v", c)
		}
		otherOfficer.do("POST", path, map[string]any{"text": "另一个民政局的澄清。"}).problem(403)
		var l questionList
		h.anon().do("GET", path, nil).want(200).decode(&l)
		if len(l.Items) != 2 {
			t.Fatalf("the public sees %d entries", len(l.Items))
		}
	})
	t.Run("ErrAfterDeadline", func(t *testing.T) {
		_, err := h.db.SQL().ExecContext(t.Context(), `UPDATE projects SET published_at = now() - interval '30 days',
			bid_deadline = now() - interval '1 second', opening_at = now() WHERE id = $1`, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		before := h.rowCounts()
		colleague.do("POST", path, ask).problem(409)
		staff.do("POST", path, map[string]any{"text": "截止后的澄清不应发布。"}).problem(409)
		h.unchanged(before)
	})
}
