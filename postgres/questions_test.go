package postgres_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"hutong/domain"
	"hutong/postgres"
)

// questionEnv is a published project with a verified bidder and its
// owner, and the question service on the tender clock.
type questionEnv struct {
	*tenderEnv
	questions *postgres.QuestionService
	project   *domain.Project
	bidder    *domain.Organization
	asker     *domain.Actor
	deadline  time.Time
}

func newQuestionEnv(tb testing.TB) *questionEnv {
	tb.Helper()
	te := newTenderEnv(tb, shanghai(2025, 9, 12, 10))
	e := &questionEnv{tenderEnv: te, questions: postgres.NewQuestionService(te.db), deadline: shanghai(2025, 10, 9, 9)}
	e.project = te.publish(tb, te.create(tb, nil), e.deadline)
	owner := te.actor(tb, te.register(tb, "Asker"))
	e.bidder = te.createOrg(tb, owner, domain.KindSocialOrg, "梁溪区阳光社工服务中心", "320213")
	var err error
	e.bidder, err = te.orgs.VerifyOrganization(context.Background(), te.platform, e.bidder.ID, domain.VerificationVerified, "ok")
	must(tb, err)
	e.asker = te.actor(tb, owner.User)
	return e
}

func TestQuestionDeadline(t *testing.T) {
	t.Parallel()
	e := newQuestionEnv(t)
	ctx := context.Background()
	e.clock.Advance(e.deadline.Sub(e.clock.Now()) - time.Second)
	t.Run("OKOneSecondBefore", func(t *testing.T) {
		_, err := e.questions.AskQuestion(ctx, e.asker, e.project.ID, e.bidder.ID, "截止前一秒的提问可以提交吗?")
		must(t, err)
	})
	e.clock.Advance(time.Second)
	t.Run("ErrAtTheDeadline", func(t *testing.T) {
		_, err := e.questions.AskQuestion(ctx, e.asker, e.project.ID, e.bidder.ID, "截止时刻的提问不应提交。")
		wantCode(t, err, domain.ECONFLICT)
		_, err = e.questions.PublishClarification(ctx, e.staff, e.project.ID, "截止时刻的澄清不应发布。")
		wantCode(t, err, domain.ECONFLICT)
	})
	t.Run("OKAnswerAfterTheDeadline", func(t *testing.T) {
		qs, err := e.questions.FindQuestions(ctx, e.staff, e.project.ID)
		must(t, err)
		if len(qs) != 1 {
			t.Fatalf("%d questions, want 1", len(qs))
		}
		_, err = e.questions.AnswerQuestion(ctx, e.staff, e.project.ID, qs[0].ID, "可以,以服务器时间为准。")
		must(t, err)
	})
}

func TestQuestionAnswerRace(t *testing.T) {
	t.Parallel()
	e := newQuestionEnv(t)
	ctx := context.Background()
	q, err := e.questions.AskQuestion(ctx, e.asker, e.project.ID, e.bidder.ID, "两位工作人员同时答复会怎样?")
	must(t, err)
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, who := range []*domain.Actor{e.staff, e.owner} {
		wg.Go(func() {
			_, errs[i] = e.questions.AnswerQuestion(ctx, who, e.project.ID, q.ID, "只有一个答复会被发布。")
		})
	}
	wg.Wait()
	ok, conflict := 0, 0
	for _, err := range errs {
		switch domain.ErrorCode(err) {
		case "":
			ok++
		case domain.ECONFLICT:
			conflict++
		default:
			t.Fatalf("unexpected error %v", err)
		}
	}
	if ok != 1 || conflict != 1 {
		t.Fatalf("%d answered and %d conflicted, want 1 and 1", ok, conflict)
	}
	if n := e.audits(t, domain.AuditQuestionAnswered, q.ID.String()); n != 1 {
		t.Errorf("%d question.answered entries, want 1", n)
	}
	if n := e.count(t, `SELECT count(*) FROM notifications WHERE kind = $1 AND user_id = $2`, domain.NotifyQuestionAnswered, e.asker.User.ID); n != 1 {
		t.Errorf("the asker got %d answer notifications, want 1", n)
	}
}

func TestQuestionOtherProject(t *testing.T) {
	t.Parallel()
	e := newQuestionEnv(t)
	ctx := context.Background()
	q, err := e.questions.AskQuestion(ctx, e.asker, e.project.ID, e.bidder.ID, "这个问题属于第一个项目。")
	must(t, err)
	other := e.publish(t, e.create(t, func(in *domain.ProjectInput) { in.Title = "另一个项目的标题" }), e.deadline)
	t.Run("ErrAnswerThroughAnotherProject", func(t *testing.T) {
		_, err := e.questions.AnswerQuestion(ctx, e.staff, other.ID, q.ID, "通过另一个项目答复。")
		wantCode(t, err, domain.ENOTFOUND)
	})
	t.Run("ErrDraftProject", func(t *testing.T) {
		draft := e.create(t, func(in *domain.ProjectInput) { in.Title = "草稿项目的标题" })
		_, err := e.questions.AskQuestion(ctx, e.asker, draft.ID, e.bidder.ID, "草稿项目可以提问吗?")
		wantCode(t, err, domain.ENOTFOUND)
		_, err = e.questions.FindQuestions(ctx, nil, draft.ID)
		wantCode(t, err, domain.ENOTFOUND)
	})
}

func TestQuestionNotifiesBureauStaff(t *testing.T) {
	t.Parallel()
	e := newQuestionEnv(t)
	ctx := context.Background()
	evaluator := e.register(t, "Evaluator")
	_, err := e.members.AddMember(ctx, e.owner, e.bureau.ID, domain.MemberInput{UserID: evaluator.ID, Roles: []domain.Role{domain.RoleEvaluator}})
	must(t, err)
	_, err = e.questions.AskQuestion(ctx, e.asker, e.project.ID, e.bidder.ID, "谁会收到提问的通知?")
	must(t, err)
	count := func(u uuid.UUID) int {
		return e.count(t, `SELECT count(*) FROM notifications WHERE kind = $1 AND user_id = $2`, domain.NotifyQuestionAsked, u)
	}
	if count(e.owner.User.ID) != 1 || count(e.staff.User.ID) != 1 {
		t.Errorf("the bureau's owner and staff got %d and %d notifications, want 1 each", count(e.owner.User.ID), count(e.staff.User.ID))
	}
	if n := count(evaluator.ID); n != 0 {
		t.Errorf("an evaluator-only member got %d notifications", n)
	}
}
