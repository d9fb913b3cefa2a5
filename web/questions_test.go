package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"hutong/domain"
	"hutong/postgres"
	"hutong/web"
)

// lateQuestions is the question service, filled in once the app's
// database exists (newAppWith opens it after the edit hook runs).
type lateQuestions struct{ domain.QuestionService }

// newQuestionApp is the pages with the real question service.
func newQuestionApp(tb testing.TB) *app {
	tb.Helper()
	late := &lateQuestions{}
	a := newAppWith(tb, func(d *web.Deps) { d.Questions = late })
	late.QuestionService = postgres.NewQuestionService(a.db)
	return a
}

// publishedProject creates and publishes a project through the editor,
// bidding open for 40 days, and returns its id.
func publishedProject(tb testing.TB, officer *client, bureau string) string {
	tb.Helper()
	id := officer.createProject(bureau, projectForm(bureau))
	edit := "/bureau/projects/" + id + "/edit"
	deadline := beijingLocal(40)
	res, body := officer.submit(edit, "/bureau/projects/"+id+"/publish", url.Values{"bid_deadline": {deadline}, "opening_at": {deadline}})
	if res.StatusCode != http.StatusSeeOther {
		tb.Fatalf("publish: %d\n%s", res.StatusCode, body)
	}
	return id
}

// mustNotContain fails when body holds any of secrets.
func mustNotContain(tb testing.TB, body string, secrets ...string) {
	tb.Helper()
	for _, s := range secrets {
		if strings.Contains(body, s) {
			tb.Fatalf("the page reveals %q", s)
		}
	}
}

func TestProjectQuestions(t *testing.T) {
	t.Parallel()
	a := newQuestionApp(t)
	n := tenderSeq.Add(1)
	officer := a.client(t)
	officer.register(fmt.Sprintf("q-officer%d@hutong.test", n), "王科长")
	bureau := officer.createBureau("无锡市梁溪区民政局")
	a.verify(t, bureau)
	id := publishedProject(t, officer, bureau)
	page := "/projects/" + id

	asker := a.client(t)
	asker.register(fmt.Sprintf("q-asker%d@hutong.test", n), "李提问")
	org := asker.createOrg("阳光提问社会工作服务中心", creditCode(t, fmt.Sprintf("52320213MJ%07d", n)))
	a.verify(t, org)
	loner := a.client(t)
	loner.register(fmt.Sprintf("q-loner%d@hutong.test", n), "赵未认证")
	unverified := loner.createOrg("未认证社工机构", creditCode(t, fmt.Sprintf("52320213MK%07d", n)))
	other := a.client(t)
	other.register(fmt.Sprintf("q-other%d@hutong.test", n), "济南科长")
	otherBureau := other.createBureau("济南市历下区民政局")
	a.verify(t, otherBureau)

	const text = "个案管理服务是否需要覆盖梁溪区全部街道?"
	const answer = "需要覆盖全部街道,以社区为单位开展。"
	secrets := []string{"阳光提问社会工作服务中心", "李提问", org}

	_, body := asker.get(page)
	mustContain(t, body, "向采购方提问", "阳光提问社会工作服务中心")
	t.Run("ErrBadText", func(t *testing.T) {
		res, body := asker.submit(page, page+"/questions", url.Values{"organization_id": {org}, "text": {"好"}})
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", res.StatusCode)
		}
		mustContain(t, body, "须为 5 至 2000 字")
	})
	res, _ := asker.submit(page, page+"/questions", url.Values{"organization_id": {org}, "text": {text}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("ask: %d", res.StatusCode)
	}

	t.Run("PendingOnlyForBureauAndAsker", func(t *testing.T) {
		_, body := a.client(t).get(page)
		mustNotContain(t, body, text)
		_, body = other.get(page)
		mustNotContain(t, body, text)
		_, body = officer.get(page)
		mustContain(t, body, text, "待答复的提问", "公开答复", "发布澄清")
		mustNotContain(t, body, secrets...)
		_, body = asker.get(page)
		mustContain(t, body, text, "本机构待答复的提问")
	})
	t.Run("ErrUnverifiedOrg", func(t *testing.T) {
		_, body := loner.get(page)
		mustNotContain(t, body, "向采购方提问")
		res, _ := loner.submit(page, page+"/questions", url.Values{"organization_id": {unverified}, "text": {"请问预算是否含税?"}})
		if res.StatusCode != http.StatusForbidden {
			t.Fatalf("status %d", res.StatusCode)
		}
	})
	_, body = officer.get(page)
	qid := between(body, `/questions/`, `/answer"`)
	t.Run("ErrOtherBureauCannotAnswer", func(t *testing.T) {
		res, _ := other.submit(page, page+"/questions/"+qid+"/answer", url.Values{"answer": {answer}})
		if res.StatusCode != http.StatusForbidden {
			t.Fatalf("status %d", res.StatusCode)
		}
	})
	res, body = officer.submit(page, page+"/questions/"+qid+"/answer", url.Values{"answer": {answer}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("answer: %d\n%s", res.StatusCode, body)
	}
	t.Run("AnsweredPublicWithAskerHidden", func(t *testing.T) {
		for _, c := range []*client{a.client(t), other, officer, loner} {
			_, body := c.get(page)
			mustContain(t, body, text, answer)
			mustNotContain(t, body, secrets...)
		}
		_, body := asker.get(page)
		mustContain(t, body, answer, "本机构提问")
	})
	t.Run("ErrAfterDeadline", func(t *testing.T) {
		_, err := a.db.SQL().ExecContext(t.Context(), `UPDATE projects SET published_at = now() - interval '30 days',
			bid_deadline = now() - interval '1 second', opening_at = now() WHERE id = $1`, id)
		if err != nil {
			t.Fatal(err)
		}
		_, body := asker.get(page)
		mustContain(t, body, "投标截止后不再接受提问")
		res, _ := asker.post(page+"/questions", url.Values{"organization_id": {org}, "text": {text}, "csrf_token": {asker.token(page)}})
		if res.StatusCode != http.StatusConflict {
			t.Fatalf("status %d", res.StatusCode)
		}
	})
}

// between returns the text of s between the first before and the after
// that follows it.
func between(s, before, after string) string {
	i := strings.Index(s, before)
	if i < 0 {
		return ""
	}
	s = s[i+len(before):]
	j := strings.Index(s, after)
	if j < 0 {
		return ""
	}
	return s[:j]
}
