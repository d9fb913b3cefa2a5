package web_test

import (
	"bytes"
	"context"
	"image"
	"image/jpeg"
	"mime/multipart"
	"net/http"
	"net/url"
	"testing"
	"time"

	"hutong/blobstore"
	"hutong/domain"
	"hutong/payments"
	"hutong/postgres"
	"hutong/web"
)

// Canary values of a child: none may ever reach a public page.
const (
	canaryName     = "林金雀"
	canaryIDCard   = "32021320150307123X"
	canarySchool   = "扬名金雀小学"
	canaryAddress  = "清扬路77号"
	canaryGuardian = "林守望"
	canaryPhone    = "13912345678"
)

// canaries are every canary value, for the leak checks.
var canaries = []string{canaryName, canaryIDCard, canarySchool, canaryAddress, canaryGuardian, canaryPhone}

// Late-bound services: the app opens its database itself, so the real
// services are put behind the dependencies once it exists.
type (
	latePrograms  struct{ domain.ProgrammeService }
	lateChildren  struct{ domain.ChildService }
	lateWishes    struct{ domain.WishService }
	lateClaims    struct{ domain.ClaimService }
	lateDonations struct{ domain.DonationService }
)

// wishScene is the pages over a station (梁溪区未保站) with its owner, a
// child director, two staff members, an active programme and the canary
// child with a guardian's consent, and a donor.
type wishScene struct {
	a          *app
	programmes *postgres.ProgrammeService
	children   *postgres.ChildService
	wishes     *postgres.WishService
	claims     *postgres.ClaimService
	donations  *postgres.DonationService
	station    *domain.Organization
	director   *client
	staffA     *client
	staffB     *client
	donor      *client
	directorA  *domain.Actor
	staffAA    *domain.Actor
	staffBA    *domain.Actor
	programme  *domain.Programme
	child      *domain.Child
}

// newWishScene builds the scene over the real services, without a
// payment gateway.
func newWishScene(t *testing.T) *wishScene {
	t.Helper()
	return newWishSceneWith(t, nil)
}

// newWishSceneWith builds the scene with gw as the payment gateway (nil
// for none, as without STRIPE_SECRET_KEY).
func newWishSceneWith(t *testing.T, gw payments.Gateway) *wishScene {
	t.Helper()
	ctx := context.Background()
	store, err := blobstore.Open(ctx, "mem://")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = store.Close() })
	lp, lc, lw, lcl, ld := &latePrograms{}, &lateChildren{}, &lateWishes{}, &lateClaims{}, &lateDonations{}
	a := newAppWith(t, func(d *web.Deps) {
		d.Programmes, d.Children, d.Wishes, d.Claims, d.Donations = lp, lc, lw, lcl, ld
		d.CashGiving = gw != nil
	})
	s := &wishScene{a: a, programmes: postgres.NewProgrammeService(a.db), children: postgres.NewChildService(a.db),
		wishes: postgres.NewWishService(a.db), claims: postgres.NewClaimService(a.db, store)}
	lp.ProgrammeService, lc.ChildService, lw.WishService, lcl.ClaimService = s.programmes, s.children, s.wishes, s.claims
	s.donations = postgres.NewDonationService(a.db, gw, "https://hutong.example")
	ld.DonationService = s.donations

	_, owner := a.signUp(t, "station-owner@hutong.test", "站长")
	s.station, err = a.orgs.CreateOrganization(ctx, a.actor(t, owner), domain.OrganizationInput{
		Kind: domain.KindStation, Name: "梁溪区未保站", CreditCode: creditCode(t, "52320213MJ0000001"),
		RegionCode: "320213", ServiceAreas: []string{"left_behind"}, Rating: "4A",
	})
	if err != nil {
		t.Fatal(err)
	}
	var du, au, bu *domain.User
	s.director, du = s.member(t, owner, "director@hutong.test", "儿童主任", domain.RoleChildDirector)
	s.staffA, au = s.member(t, owner, "staff-a@hutong.test", "社工甲", domain.RoleStaff)
	s.staffB, bu = s.member(t, owner, "staff-b@hutong.test", "社工乙", domain.RoleStaff)
	s.directorA, s.staffAA, s.staffBA = a.actor(t, du), a.actor(t, au), a.actor(t, bu)
	s.donor, _ = a.signUp(t, "donor@hutong.test", "王爱心")

	today := domain.DateOf(time.Now())
	p, err := s.programmes.CreateProgramme(ctx, s.staffAA, s.station.ID, domain.ProgrammeInput{
		Title: "113微心愿", Description: "为困境儿童圆一个小小的心愿。", RegionCode: "320213",
		StartsOn: today.AddDays(-30), EndsOn: today.AddDays(300), GoalFen: 10_000_000,
	})
	if err != nil {
		t.Fatal(err)
	}
	if s.programme, err = s.programmes.ActivateProgramme(ctx, s.staffAA, p.ID); err != nil {
		t.Fatal(err)
	}
	s.child = s.canaryChild(t)
	return s
}

// member adds a signed-in user to the station with roles.
func (s *wishScene) member(t *testing.T, owner *domain.User, email, name string, roles ...domain.Role) (*client, *domain.User) {
	t.Helper()
	c, u := s.a.signUp(t, email, name)
	_, err := s.a.members.AddMember(context.Background(), s.a.actor(t, owner), s.station.ID, domain.MemberInput{UserID: u.ID, Roles: roles})
	if err != nil {
		t.Fatal(err)
	}
	return c, u
}

// canaryChild registers the canary child through the service, with its
// real name and ID-card number, and a consent naming the guardian, the
// school and the home address.
func (s *wishScene) canaryChild(t *testing.T) *domain.Child {
	t.Helper()
	ctx := context.Background()
	c, err := s.children.RegisterChild(ctx, s.directorA, s.station.ID, domain.ChildInput{
		Pseudonym: "小禾", AgeBand: "10-12", Gender: "female", FileRef: "LX-2026-007",
		IDCardNumber: canaryIDCard, RealName: canaryName,
	})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.children.RecordConsent(ctx, s.directorA, c.ID, domain.ConsentInput{
		GuardianName: canaryGuardian, Relation: "祖父", ConsentedOn: domain.DateOf(time.Now()).AddDays(-1),
		Scope:    []string{"wish_publication", "story", "photo_without_face"},
		Evidence: "同意书原件存档；孩子就读" + canarySchool + "，家住" + canaryAddress + "，电话" + canaryPhone,
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// wishInput is a valid goods wish for the canary child.
func (s *wishScene) wishInput(title string) domain.WishInput {
	return domain.WishInput{
		ChildID: s.child.ID, Kind: domain.WishGoods, Title: title,
		Story:    "小禾今年十一岁，喜欢读书，旧书包已经破了，想要一个结实的新书包。",
		Category: "school_supplies", AmountFen: 15_000, Quantity: 1, Deadline: domain.DateOf(time.Now()).AddDays(60),
	}
}

// publish creates a wish as staff A, submits it, and publishes it as
// staff B, all through the service.
func (s *wishScene) publish(t *testing.T, title string) *domain.Wish {
	t.Helper()
	ctx := context.Background()
	w, err := s.wishes.CreateWish(ctx, s.staffAA, s.programme.ID, s.wishInput(title))
	if err != nil {
		t.Fatal(err)
	}
	if _, err = s.wishes.SubmitWish(ctx, s.staffAA, w.ID); err != nil {
		t.Fatal(err)
	}
	if w, err = s.wishes.ReviewWish(ctx, s.staffBA, w.ID, true, ""); err != nil {
		t.Fatal(err)
	}
	return w
}

// stationURL is a station page of the scene's station.
func (s *wishScene) stationURL(path string) string {
	return path + "?org=" + s.station.ID.String()
}

// form is a station form's values with the station named.
func (s *wishScene) form(v url.Values) url.Values {
	v.Set("org", s.station.ID.String())
	return v
}

// mustNotLeak fails if body holds any canary value.
func mustNotLeak(t *testing.T, what, body string) {
	t.Helper()
	for _, c := range canaries {
		if bytes.Contains([]byte(body), []byte(c)) {
			t.Errorf("%s shows the canary %q", what, c)
		}
	}
}

// jpegPhoto is a small grey JPEG.
func jpegPhoto(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, image.NewGray(image.Rect(0, 0, 40, 30)), nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// uploadDelivery posts the delivery form of a wish from the station page.
func (s *wishScene) uploadDelivery(c *client, wishID string, photo []byte, noFace bool) (*http.Response, string) {
	c.tb.Helper()
	return s.uploadWith(c, wishID, c.token(s.stationURL("/station")), photo, noFace)
}

// uploadDeliveryToken posts the delivery form with a given CSRF token.
func (s *wishScene) uploadDeliveryToken(c *client, wishID, token string) (*http.Response, string) {
	c.tb.Helper()
	return s.uploadWith(c, wishID, token, []byte("not read"), true)
}

// uploadWith posts the multipart delivery form.
func (s *wishScene) uploadWith(c *client, wishID, token string, photo []byte, noFace bool) (*http.Response, string) {
	c.tb.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	fields := [][2]string{{"csrf_token", token}, {"org", s.station.ID.String()}, {"note", "书包已送到孩子手中"}}
	if noFace {
		fields = append(fields, [2]string{"no_face_confirmed", "1"})
	}
	for _, f := range fields {
		_ = w.WriteField(f[0], f[1])
	}
	fw, _ := w.CreateFormFile("photo", "delivery.jpg")
	_, _ = fw.Write(photo)
	_ = w.Close()
	req, err := http.NewRequest(http.MethodPost, c.app.srv.URL+"/station/wishes/"+wishID+"/delivery", &buf)
	if err != nil {
		c.tb.Fatal(err)
	}
	req.Header.Set("Content-Type", w.FormDataContentType())
	return c.do(req)
}
