package domain_test

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"testing"

	"hutong/domain"
)

// jpegWithEXIF is a small JPEG carrying an APP1 EXIF block with a GPS
// marker string, as a phone camera writes.
func jpegWithEXIF(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 32, 24))
	for x := range 32 {
		img.Set(x, 5, color.RGBA{200, 30, 30, 255})
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	raw := b.Bytes()
	exif := append([]byte("Exif\x00\x00"), []byte("GPSLatitude 31.5747N GPSLongitude 120.2962E Canon EOS serial 0421")...)
	app1 := append([]byte{0xFF, 0xE1, byte((len(exif) + 2) >> 8), byte(len(exif) + 2)}, exif...)
	return append(append(append([]byte{}, raw[:2]...), app1...), raw[2:]...)
}

func TestCleanPhoto(t *testing.T) {
	t.Parallel()
	t.Run("OKMetadataStripped", func(t *testing.T) {
		in := jpegWithEXIF(t)
		if !bytes.Contains(in, []byte("GPSLatitude")) {
			t.Fatal("fixture lacks its EXIF")
		}
		out, ct, w, h, err := domain.CleanPhoto(in)
		if err != nil {
			t.Fatal(err)
		}
		if ct != "image/jpeg" || w != 32 || h != 24 {
			t.Errorf("got %s %dx%d", ct, w, h)
		}
		for _, secret := range []string{"Exif", "GPS", "Canon", "serial"} {
			if bytes.Contains(out, []byte(secret)) {
				t.Errorf("the cleaned photo still holds %q", secret)
			}
		}
	})
	for name, data := range map[string][]byte{
		"ErrEmpty":    nil,
		"ErrNotPhoto": []byte("%PDF-1.7 not a photo at all"),
		"ErrBroken":   append([]byte{0xFF, 0xD8, 0xFF, 0xE0}, bytes.Repeat([]byte{1}, 64)...),
	} {
		t.Run(name, func(t *testing.T) {
			_, _, _, _, err := domain.CleanPhoto(data)
			if e := domain.AsError(err); e == nil || e.Code != domain.EINVALID || e.Fields[0].Field != "photo" {
				t.Errorf("err = %v", err)
			}
		})
	}
	t.Run("ErrTooLarge", func(t *testing.T) {
		_, _, _, _, err := domain.CleanPhoto(make([]byte, domain.MaxEvidenceBytes+1))
		if domain.ErrorCode(err) != domain.ETOOLARGE {
			t.Errorf("err = %v", err)
		}
	})
}
