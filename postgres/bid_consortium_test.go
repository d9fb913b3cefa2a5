package postgres_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/uuid"

	"hutong/domain"
)

// TestConsortiumBid has an alliance bid for a consortium of its confirmed
// members; an invited-but-unconfirmed member, or a consortium named by a
// single organisation, is refused with the rule.
func TestConsortiumBid(t *testing.T) {
	t.Parallel()
	e := newBidEnv(t)
	ctx := context.Background()
	allianceOwner := e.actor(t, e.register(t, "Alliance"))
	alliance := e.createOrg(t, allianceOwner, domain.KindAlliance, "无锡市儿童关爱服务联盟", "320213")
	alliance, err := e.orgs.VerifyOrganization(ctx, e.platform, alliance.ID, domain.VerificationVerified, "ok")
	must(t, err)
	allianceOwner = e.actor(t, allianceOwner.User)
	member, memberOwner := e.newBidder(t, "联盟成员社工机构", "320213")
	invited, _ := e.newBidder(t, "受邀未确认机构", "320213")
	for _, id := range []uuid.UUID{member.ID, invited.ID} {
		_, err := e.alliance.InviteToAlliance(ctx, allianceOwner, alliance.ID, id)
		must(t, err)
	}
	_, err = e.alliance.ConfirmAllianceMembership(ctx, memberOwner, alliance.ID, member.ID)
	must(t, err)

	t.Run("OKConfirmedMembers", func(t *testing.T) {
		in := bidFor(alliance.ID, 48_000_000)
		in.ConsortiumMemberIDs = []uuid.UUID{member.ID}
		b, err := e.bids.SubmitBid(ctx, allianceOwner, e.project.ID, in)
		must(t, err)
		if len(b.ConsortiumMemberIDs) != 1 || b.ConsortiumMemberIDs[0] != member.ID {
			t.Errorf("members = %v", b.ConsortiumMemberIDs)
		}
	})
	t.Run("ErrUnconfirmedMember", func(t *testing.T) {
		in := bidFor(alliance.ID, 48_000_000)
		in.ConsortiumMemberIDs = []uuid.UUID{member.ID, invited.ID}
		_, err := e.bids.SubmitBid(ctx, allianceOwner, e.project.ID, in)
		if !strings.Contains(domain.ErrorMessage(wantCode(t, err, domain.EFORBIDDEN)), "consortium") {
			t.Errorf("message = %v", err)
		}
	})
	t.Run("ErrNotAnAlliance", func(t *testing.T) {
		in := bidFor(e.bidder.ID, 48_000_000)
		in.ConsortiumMemberIDs = []uuid.UUID{member.ID}
		_, err := e.bids.SubmitBid(ctx, e.bidStaff, e.project.ID, in)
		wantCode(t, err, domain.EFORBIDDEN)
	})
}
