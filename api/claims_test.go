package api_test

import (
	"bytes"
	"context"
	"image"
	"image/jpeg"
	"mime/multipart"
	"testing"

	"github.com/google/uuid"

	"hutong/api"
	"hutong/blobstore"
	"hutong/domain"
	"hutong/postgres"
)

// claimScene is a station with a published goods wish and a donor.
type claimScene struct {
	h       *harness
	station *user
	donor   *user
	wish    string
}

func newClaimScene(t *testing.T) *claimScene {
	t.Helper()
	h := newHarnessWith(t, func(db *postgres.DB, d *api.Deps) {
		blobs, err := blobstore.Open(context.Background(), "mem://")
		must(t, err)
		d.Claims = postgres.NewClaimService(db, blobs)
	})
	s := &claimScene{h: h, station: h.signUp("Station"), donor: h.signUp("Donor")}
	o := s.station.createOrg("station", "梁溪区未成年人救助保护中心", nil)
	_, wish := insertWish(t, h, o.ID, "published")
	s.wish = wish.String()
	return s
}

// deliver posts the delivery form.
func deliver(c *client, wish string, photo []byte, noFace string) *response {
	c.tb.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	if photo != nil {
		f, err := w.CreateFormFile("photo", "delivery.jpg")
		must(c.tb, err)
		_, _ = f.Write(photo)
	}
	must(c.tb, w.WriteField("no_face_confirmed", noFace))
	must(c.tb, w.WriteField("note", "书包已送到小禾手中"))
	must(c.tb, w.Close())
	return c.send("POST", "/api/v1/wishes/"+wish+"/delivery", w.FormDataContentType(), &buf)
}

func TestClaimsAPI(t *testing.T) {
	t.Parallel()
	s := newClaimScene(t)
	claims := "/api/v1/wishes/" + s.wish + "/claims"
	t.Run("ErrAnonymous401", func(t *testing.T) {
		s.h.anon().do("POST", claims, map[string]any{}).problem(401)
	})
	t.Run("ErrLongName422", func(t *testing.T) {
		s.donor.do("POST", claims, map[string]any{"display_name": string(bytes.Repeat([]byte("名"), 41))}).problem(422).field(t, "display_name")
	})
	t.Run("ErrUnknownWish404", func(t *testing.T) {
		s.donor.do("POST", "/api/v1/wishes/"+uuid.NewString()+"/claims", map[string]any{}).problem(404)
	})
	var c struct {
		ID     string `json:"id"`
		Status string `json:"status"`
	}
	s.donor.do("POST", claims, map[string]any{"anonymous": true}).want(201).decode(&c)
	t.Run("ErrSecondClaim409", func(t *testing.T) {
		s.station.do("POST", claims, map[string]any{}).problem(409)
	})
	t.Run("OKPublicListHidesTheDonor", func(t *testing.T) {
		var list itemsOf[map[string]any]
		s.h.anon().do("GET", claims, nil).want(200).decode(&list)
		if len(list.Items) != 1 || list.Items[0]["donor_name"] != domain.AnonymousDonor || list.Items[0]["donor_id"] != nil {
			t.Errorf("public claims = %+v", list.Items)
		}
	})
	s.donor.do("POST", "/api/v1/claims/"+c.ID+"/bought", map[string]any{"tracking_note": "顺丰 SF1234567890"}).want(200)
	t.Run("ErrDonorReceives403", func(t *testing.T) {
		s.donor.do("POST", "/api/v1/claims/"+c.ID+"/received", nil).problem(403)
	})
	s.station.do("POST", "/api/v1/claims/"+c.ID+"/received", nil).want(200)
	var img bytes.Buffer
	must(t, jpeg.Encode(&img, image.NewGray(image.Rect(0, 0, 40, 30)), nil))
	t.Run("ErrNoFaceUnconfirmed422", func(t *testing.T) {
		deliver(s.station.client, s.wish, img.Bytes(), "false").problem(422).field(t, "no_face_confirmed")
	})
	t.Run("ErrNotAPhoto422", func(t *testing.T) {
		deliver(s.station.client, s.wish, []byte("%PDF-1.7"), "true").problem(422).field(t, "photo")
	})
	var ev struct {
		ID string `json:"id"`
	}
	deliver(s.station.client, s.wish, img.Bytes(), "true").want(201).decode(&ev)
	t.Run("OKPhotoPublic", func(t *testing.T) {
		var list itemsOf[map[string]any]
		s.h.anon().do("GET", "/api/v1/wishes/"+s.wish+"/evidence", nil).want(200).decode(&list)
		r := s.h.anon().do("GET", "/api/v1/evidence/"+ev.ID+"/photo", nil).want(200)
		if len(list.Items) != 1 || r.Header.Get("Content-Type") != "image/jpeg" || len(r.Body) == 0 {
			t.Errorf("evidence %+v, photo %s %d bytes", list.Items, r.Header.Get("Content-Type"), len(r.Body))
		}
	})
}
