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

// giftEnv is a licensed foundation hosting a programme with a published
// wish of ¥200, and two of its finance officers.
type giftEnv struct {
	*env
	gifts      *postgres.OfflineGiftService
	host       *domain.Organization
	fin1, fin2 *domain.Actor
	programme  uuid.UUID
	wish       uuid.UUID
}

func newGiftEnv(tb testing.TB) *giftEnv {
	tb.Helper()
	ctx := context.Background()
	base := newEnv(tb)
	e := &giftEnv{env: servicesOnClock(tb, base, &clock{t: time.Date(2026, 5, 20, 2, 0, 0, 0, time.UTC)})}
	e.gifts = postgres.NewOfflineGiftService(e.db)
	owner := e.actor(tb, e.register(tb, "Foundation"))
	in := orgInput(domain.KindFoundation, "无锡市锡商公益基金会", "320200")
	in.PublicFundraising = true
	host, err := e.orgs.CreateOrganization(ctx, owner, in)
	must(tb, err)
	e.host = host
	for _, a := range []**domain.Actor{&e.fin1, &e.fin2} {
		u := e.register(tb, "Finance")
		_, err := e.members.AddMember(ctx, e.actor(tb, owner.User), host.ID, domain.MemberInput{UserID: u.ID, Roles: []domain.Role{domain.RoleFinance}})
		must(tb, err)
		*a = e.actor(tb, u)
	}
	station := e.createOrg(tb, e.actor(tb, e.register(tb, "Station")), domain.KindStation, "梁溪区未成年人救助保护中心", "320213")
	e.wish = insertWish(tb, e.env, station.ID, "goods", "一个新书包")
	must(tb, e.db.SQL().QueryRow(`UPDATE programmes SET host_id = $1, host_status = 'accepted'
		WHERE id = (SELECT programme_id FROM wishes WHERE id = $2) RETURNING id`, host.ID, e.wish).Scan(&e.programme))
	return e
}

func (e *giftEnv) input(amount int64) domain.OfflineGiftInput {
	return domain.OfflineGiftInput{ProgrammeID: e.programme, WishID: &e.wish, AmountFen: amount, Method: domain.OfflineBankTransfer,
		PayerName: "无锡某科技有限公司工会", ReceivedOn: domain.NewDate(2026, 5, 19), Evidence: "工商银行回单 2026-05-19 第 3 笔"}
}

func TestOfflineGift(t *testing.T) {
	t.Parallel()
	e := newGiftEnv(t)
	ctx := context.Background()
	t.Run("ErrStrangerIsNotFound", func(t *testing.T) {
		_, err := e.gifts.RecordGift(ctx, e.actor(t, e.register(t, "Stranger")), e.host.ID, e.input(5000))
		wantCode(t, err, domain.ENOTFOUND)
	})
	t.Run("ErrBadInput", func(t *testing.T) {
		in := e.input(50)
		in.Method = "alipay"
		_, err := e.gifts.RecordGift(ctx, e.fin1, e.host.ID, in)
		wantField(t, err, domain.EINVALID, "amount_fen")
		wantField(t, err, domain.EINVALID, "method")
	})
	t.Run("ErrMoreThanTheWishNeeds", func(t *testing.T) {
		_, err := e.gifts.RecordGift(ctx, e.fin1, e.host.ID, e.input(12_001))
		wantField(t, err, domain.EINVALID, "amount_fen")
	})
	g, err := e.gifts.RecordGift(ctx, e.fin1, e.host.ID, e.input(12_000))
	must(t, err)
	t.Run("ErrRecorderConfirms", func(t *testing.T) {
		_, err := e.gifts.ConfirmGift(ctx, e.fin1, g.ID)
		wantCode(t, err, domain.EFORBIDDEN)
	})
	t.Run("OKNothingCountsBeforeConfirmation", func(t *testing.T) {
		if n := e.count(t, `SELECT count(*) FROM ledger_entries`); n != 0 {
			t.Errorf("%d ledger entries before confirmation", n)
		}
	})
	got, err := e.gifts.ConfirmGift(ctx, e.fin2, g.ID)
	must(t, err)
	t.Run("OKCountsOnceConfirmed", func(t *testing.T) {
		var funded int64
		var status string
		must(t, e.db.SQL().QueryRow(`SELECT funded_fen, status FROM wishes WHERE id = $1`, e.wish).Scan(&funded, &status))
		if got.Status != domain.OfflineConfirmed || got.DonationID == nil || funded != 12_000 || status != "funded" {
			t.Errorf("gift %+v, wish %d %s", got, funded, status)
		}
		if n := e.count(t, `SELECT count(*) FROM donations WHERE id = $1 AND receipt_seq = 1 AND method = 'offline'`, *got.DonationID); n != 1 {
			t.Errorf("receipt not numbered")
		}
		bad, err := postgres.VerifyLedger(ctx, e.db)
		must(t, err)
		if len(bad) != 0 {
			t.Errorf("ledger mismatches: %v", bad)
		}
	})
	t.Run("ErrConfirmTwice", func(t *testing.T) {
		_, err := e.gifts.ConfirmGift(ctx, e.actor(t, e.register(t, "Third")), g.ID)
		wantCode(t, err, domain.ENOTFOUND)
		_, err = e.gifts.RejectGift(ctx, e.fin2, g.ID, "重复登记")
		wantCode(t, err, domain.ECONFLICT)
	})
}

func TestOfflineGiftsRace(t *testing.T) {
	t.Parallel()
	e := newGiftEnv(t)
	ctx := context.Background()
	var ids []uuid.UUID
	for range 6 {
		g, err := e.gifts.RecordGift(ctx, e.fin1, e.host.ID, e.input(5_000))
		must(t, err)
		ids = append(ids, g.ID)
	}
	var wg sync.WaitGroup
	errs := make([]error, len(ids))
	for i, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = e.gifts.ConfirmGift(ctx, e.fin2, id)
		}()
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		if err == nil {
			ok++
		} else if domain.ErrorCode(err) != domain.ECONFLICT {
			t.Errorf("err = %v", err)
		}
	}
	var funded, ledger int64
	must(t, e.db.SQL().QueryRow(`SELECT funded_fen, (SELECT coalesce(sum(amount_fen), 0) FROM ledger_entries WHERE wish_id = $1)
		FROM wishes WHERE id = $1`, e.wish).Scan(&funded, &ledger))
	if ok != 2 || funded != 10_000 || ledger != funded {
		t.Errorf("%d confirmed, funded %d, ledger %d; want 2, 10000, 10000", ok, funded, ledger)
	}
}

func TestMatchingFunds(t *testing.T) {
	t.Parallel()
	e := newGiftEnv(t)
	ctx := context.Background()
	matching := postgres.NewMatchingService(e.db)
	t.Run("ErrStrangerPledges", func(t *testing.T) {
		_, err := matching.Pledge(ctx, e.actor(t, e.register(t, "Stranger")), e.programme,
			domain.MatchPledgeInput{FoundationID: e.host.ID, RatioPct: 100, CapFen: 5_000})
		wantCode(t, err, domain.EFORBIDDEN)
	})
	t.Run("ErrBadRatio", func(t *testing.T) {
		_, err := matching.Pledge(ctx, e.fin1, e.programme, domain.MatchPledgeInput{FoundationID: e.host.ID, RatioPct: 0, CapFen: 5_000})
		wantField(t, err, domain.EINVALID, "ratio_pct")
	})
	_, err := matching.Pledge(ctx, e.fin1, e.programme, domain.MatchPledgeInput{FoundationID: e.host.ID, RatioPct: 100, CapFen: 5_000})
	must(t, err)
	give := func(amount int64) {
		t.Helper()
		g, err := e.gifts.RecordGift(ctx, e.fin1, e.host.ID, e.input(amount))
		must(t, err)
		_, err = e.gifts.ConfirmGift(ctx, e.fin2, g.ID)
		must(t, err)
	}
	funded := func() (int64, string) {
		var f int64
		var s string
		must(t, e.db.SQL().QueryRow(`SELECT funded_fen, status FROM wishes WHERE id = $1`, e.wish).Scan(&f, &s))
		return f, s
	}
	give(3_000)
	if f, _ := funded(); f != 6_000 {
		t.Fatalf("funded after the first gift = %d, want 6000 (3000 + 3000 matched)", f)
	}
	give(2_000)
	f, s := funded()
	pledges, err := matching.FindPledges(ctx, e.programme)
	must(t, err)
	if f != 10_000 || s != "published" || pledges[0].MatchedFen != 5_000 {
		t.Errorf("funded %d %s, matched %d; want 10000 published, 5000 (the cap)", f, s, pledges[0].MatchedFen)
	}
	give(2_000)
	if f, s := funded(); f != 12_000 || s != "funded" {
		t.Errorf("funded %d %s after the last gift", f, s)
	}
	bad, err := postgres.VerifyLedger(ctx, e.db)
	must(t, err)
	if len(bad) != 0 {
		t.Errorf("ledger mismatches: %v", bad)
	}
	if n := e.count(t, `SELECT count(*) FROM ledger_entries WHERE kind = 'match'`); n != 2 {
		t.Errorf("%d match entries, want 2", n)
	}
}
