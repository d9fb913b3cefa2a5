package postgres_test

import (
	"bytes"
	"context"
	"image"
	"image/jpeg"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"hutong/blobstore"
	"hutong/blobstore/blobtest"
	"hutong/domain"
	"hutong/postgres"
)

// claimEnv is a station with a published goods wish, a staff member, and
// a donor.
type claimEnv struct {
	*env
	claims  *postgres.ClaimService
	blobs   *blobstore.Store
	station *domain.Organization
	staff   *domain.Actor
	donor   *domain.Actor
	wish    uuid.UUID
}

func newClaimEnv(tb testing.TB) *claimEnv {
	tb.Helper()
	base := newEnv(tb)
	e := &claimEnv{env: servicesOnClock(tb, base, &clock{t: time.Date(2026, 5, 20, 2, 0, 0, 0, time.UTC)})}
	blobs, err := blobstore.Open(context.Background(), "mem://")
	must(tb, err)
	e.blobs, e.claims = blobs, postgres.NewClaimService(e.db, blobs)
	owner := e.actor(tb, e.register(tb, "Station"))
	e.station = e.createOrg(tb, owner, domain.KindStation, "梁溪区未成年人救助保护中心", "320213")
	e.staff = e.actor(tb, owner.User)
	e.donor = e.actor(tb, e.register(tb, "Donor"))
	e.wish = insertWish(tb, e.env, e.station.ID, "goods", "一个新书包")
	return e
}

// insertWish writes a published wish of kind with its programme and
// child straight into the tables, as the wish service would leave them.
func insertWish(tb testing.TB, e *env, station uuid.UUID, kind, title string) uuid.UUID {
	tb.Helper()
	prog, child, wish := domain.NewID(), domain.NewID(), domain.NewID()
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO programmes (id, organization_id, title, description, region_code, starts_on, ends_on, goal_fen, status, created_at, updated_at)
			VALUES ($1, $2, '“113”微心愿', '为困境儿童圆梦', '320213', '2026-05-01', '2026-12-31', 1000000, 'active', now(), now())`, []any{prog, station}},
		{`INSERT INTO children (id, station_id, pseudonym, age_band, created_at, updated_at) VALUES ($1, $2, '小禾', '7-9', now(), now())`, []any{child, station}},
		{`INSERT INTO wishes (id, programme_id, child_id, station_id, kind, title, story, category, region_code, amount_fen, quantity, deadline,
			status, published_at, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, '想要一个能装下课本的书包。', 'study', '320213', 12000, 1, '2026-07-01', 'published', now(), now(), now())`,
			[]any{wish, prog, child, station, kind, title}},
	} {
		if _, err := e.db.SQL().Exec(q.sql, q.args...); err != nil {
			tb.Fatal(err)
		}
	}
	return wish
}

func (e *claimEnv) wishStatus(tb testing.TB) string {
	tb.Helper()
	var s string
	if err := e.db.SQL().QueryRow(`SELECT status FROM wishes WHERE id = $1`, e.wish).Scan(&s); err != nil {
		tb.Fatal(err)
	}
	return s
}

func photo(tb testing.TB) []byte {
	tb.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, image.NewGray(image.Rect(0, 0, 40, 30)), nil); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

func TestClaimToDelivery(t *testing.T) {
	t.Parallel()
	e := newClaimEnv(t)
	ctx := context.Background()
	c, err := e.claims.ClaimWish(ctx, e.donor, e.wish, domain.ClaimInput{Anonymous: true})
	must(t, err)
	t.Run("OKClaimedWithDeadlineAndJobs", func(t *testing.T) {
		if c.Status != domain.ClaimClaimed || !c.Deadline.Equal(e.clock.Now().Add(domain.ClaimWindow)) || e.wishStatus(t) != "claimed" {
			t.Errorf("claim %+v, wish %s", c, e.wishStatus(t))
		}
		if n := e.count(t, `SELECT count(*) FROM river_job WHERE kind IN ('claim_deadline', 'claim_reminder')`); n != 2 {
			t.Errorf("jobs = %d", n)
		}
	})
	t.Run("ErrSecondClaim", func(t *testing.T) {
		other := e.actor(t, e.register(t, "Other"))
		_, err := e.claims.ClaimWish(ctx, other, e.wish, domain.ClaimInput{})
		wantCode(t, err, domain.ECONFLICT)
	})
	t.Run("OKPublicSeesNameOnly", func(t *testing.T) {
		list, err := e.claims.FindClaims(ctx, nil, e.wish)
		must(t, err)
		if len(list) != 1 || list[0].DonorName != domain.AnonymousDonor || list[0].DonorID != nil {
			t.Errorf("public claims = %+v", list[0])
		}
	})
	t.Run("ErrStrangerMarksBought", func(t *testing.T) {
		_, err := e.claims.MarkBought(ctx, e.staff, c.ID, "")
		wantCode(t, err, domain.ENOTFOUND)
	})
	t.Run("ErrDeliverBeforePurchase", func(t *testing.T) {
		_, err := e.claims.RecordDelivery(ctx, e.staff, e.wish, domain.DeliveryInput{Photo: photo(t), NoFaceConfirmed: true})
		wantCode(t, err, domain.ECONFLICT)
	})
	_, err = e.claims.MarkBought(ctx, e.donor, c.ID, "顺丰 SF1234567890")
	must(t, err)
	t.Run("ErrDonorMarksReceived", func(t *testing.T) {
		_, err := e.claims.MarkReceived(ctx, e.donor, c.ID)
		wantCode(t, err, domain.EFORBIDDEN)
	})
	_, err = e.claims.MarkReceived(ctx, e.staff, c.ID)
	must(t, err)
	t.Run("ErrPhotoWithoutNoFaceConfirmation", func(t *testing.T) {
		_, err := e.claims.RecordDelivery(ctx, e.staff, e.wish, domain.DeliveryInput{Photo: photo(t)})
		wantField(t, err, domain.EINVALID, "no_face_confirmed")
	})
	ev, err := e.claims.RecordDelivery(ctx, e.staff, e.wish, domain.DeliveryInput{Photo: photo(t), NoFaceConfirmed: true, Note: "书包已送到小禾手中"})
	must(t, err)
	t.Run("OKDeliveredWithPublicPhoto", func(t *testing.T) {
		list, err := e.claims.FindClaims(ctx, e.donor, e.wish)
		must(t, err)
		if e.wishStatus(t) != "delivered" || list[0].Status != domain.ClaimDelivered {
			t.Errorf("wish %s, claim %s", e.wishStatus(t), list[0].Status)
		}
		got, data, err := e.claims.EvidencePhoto(ctx, nil, ev.ID)
		must(t, err)
		if got.Width != 40 || len(data) == 0 || got.ContentType != "image/jpeg" {
			t.Errorf("evidence %+v, %d bytes", got, len(data))
		}
		if n := e.count(t, `SELECT count(*) FROM notifications WHERE kind = $1`, domain.NotifyWishDelivered); n != 1 {
			t.Errorf("delivery notifications = %d", n)
		}
	})
}

func TestClaimReleasedAtDeadline(t *testing.T) {
	t.Parallel()
	e := newClaimEnv(t)
	ctx := context.Background()
	c, err := e.claims.ClaimWish(ctx, e.donor, e.wish, domain.ClaimInput{})
	must(t, err)
	t.Run("OKReminderBeforeDeadline", func(t *testing.T) {
		sent, err := e.claims.RemindClaim(ctx, c.ID)
		must(t, err)
		if !sent || e.count(t, `SELECT count(*) FROM notifications WHERE kind = $1`, domain.NotifyClaimReminder) != 1 {
			t.Errorf("reminder sent %v", sent)
		}
	})
	t.Run("OKNotReleasedEarly", func(t *testing.T) {
		ok, err := e.claims.ReleaseClaim(ctx, c.ID)
		must(t, err)
		if ok || e.wishStatus(t) != "claimed" {
			t.Errorf("released early: %v", ok)
		}
	})
	e.clock.Advance(domain.ClaimWindow)
	ok, err := e.claims.ReleaseClaim(ctx, c.ID)
	must(t, err)
	again, err := e.claims.ReleaseClaim(ctx, c.ID)
	must(t, err)
	if !ok || again || e.wishStatus(t) != "published" {
		t.Fatalf("released %v then %v, wish %s", ok, again, e.wishStatus(t))
	}
	t.Run("OKAnotherDonorMayClaim", func(t *testing.T) {
		_, err := e.claims.ClaimWish(ctx, e.actor(t, e.register(t, "Next")), e.wish, domain.ClaimInput{})
		must(t, err)
	})
	t.Run("ErrBoughtAfterRelease", func(t *testing.T) {
		_, err := e.claims.MarkBought(ctx, e.donor, c.ID, "")
		wantCode(t, err, domain.ECONFLICT)
	})
}

func TestClaimRules(t *testing.T) {
	t.Parallel()
	e := newClaimEnv(t)
	ctx := context.Background()
	t.Run("ErrCashWishCannotBeClaimed", func(t *testing.T) {
		cash := insertWish(t, e.env, e.station.ID, "cash", "助学金")
		_, err := e.claims.ClaimWish(ctx, e.donor, cash, domain.ClaimInput{})
		wantCode(t, err, domain.ECONFLICT)
	})
	t.Run("ErrWishWithCashHeld", func(t *testing.T) {
		held := insertWish(t, e.env, e.station.ID, "goods", "冬衣")
		if _, err := e.db.SQL().Exec(`UPDATE wishes SET held_fen = 5000 WHERE id = $1`, held); err != nil {
			t.Fatal(err)
		}
		_, err := e.claims.ClaimWish(ctx, e.donor, held, domain.ClaimInput{})
		wantCode(t, err, domain.ECONFLICT)
	})
	t.Run("ErrDraftWishIsNotFound", func(t *testing.T) {
		draft := insertWish(t, e.env, e.station.ID, "goods", "文具")
		if _, err := e.db.SQL().Exec(`UPDATE wishes SET status = 'draft' WHERE id = $1`, draft); err != nil {
			t.Fatal(err)
		}
		_, err := e.claims.ClaimWish(ctx, e.donor, draft, domain.ClaimInput{})
		wantCode(t, err, domain.ENOTFOUND)
	})
	t.Run("ErrAnonymousClaimant", func(t *testing.T) {
		_, err := e.claims.ClaimWish(ctx, nil, e.wish, domain.ClaimInput{})
		wantCode(t, err, domain.EUNAUTHORIZED)
	})
	t.Run("OKCancelBeforeBuying", func(t *testing.T) {
		c, err := e.claims.ClaimWish(ctx, e.donor, e.wish, domain.ClaimInput{})
		must(t, err)
		got, err := e.claims.CancelClaim(ctx, e.donor, c.ID)
		must(t, err)
		if got.Status != domain.ClaimCancelled || e.wishStatus(t) != "published" {
			t.Errorf("claim %s, wish %s", got.Status, e.wishStatus(t))
		}
	})
}

func TestClaimRace(t *testing.T) {
	t.Parallel()
	e := newClaimEnv(t)
	ctx := context.Background()
	donors := make([]*domain.Actor, 20)
	for i := range donors {
		donors[i] = e.actor(t, e.register(t, "Racer"))
	}
	var wg sync.WaitGroup
	errs := make([]error, len(donors))
	for i, d := range donors {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = e.claims.ClaimWish(ctx, d, e.wish, domain.ClaimInput{})
		}()
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		if err == nil {
			won++
		} else if domain.ErrorCode(err) != domain.ECONFLICT {
			t.Errorf("err = %v", err)
		}
	}
	if won != 1 || e.count(t, `SELECT count(*) FROM wish_claims WHERE wish_id = $1`, e.wish) != 1 {
		t.Errorf("%d claims won", won)
	}
}

func TestDeliveryPhotoStorageFails(t *testing.T) {
	t.Parallel()
	e := newClaimEnv(t)
	ctx := context.Background()
	broken, _ := blobtest.Broken(t, t.TempDir())
	claims := postgres.NewClaimService(e.db, broken)
	c, err := claims.ClaimWish(ctx, e.donor, e.wish, domain.ClaimInput{})
	must(t, err)
	_, err = claims.MarkBought(ctx, e.donor, c.ID, "")
	must(t, err)
	_, err = claims.RecordDelivery(ctx, e.staff, e.wish, domain.DeliveryInput{Photo: photo(t), NoFaceConfirmed: true})
	wantCode(t, err, domain.EUNAVAILABLE)
	if n := e.count(t, `SELECT count(*) FROM wish_evidence`); n != 0 || e.wishStatus(t) != "purchased" {
		t.Errorf("%d evidence rows, wish %s after a failed upload", n, e.wishStatus(t))
	}
}

// wishService is the wish service on the claim env's database.
func (e *claimEnv) wishService() *postgres.WishService { return postgres.NewWishService(e.db) }
