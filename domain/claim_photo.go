package domain

import (
	"bytes"
	"image"
	"image/jpeg"
	"image/png"
	"net/http"
)

// MaxEvidencePixels bounds a photo's size once decoded, so that a small
// file cannot expand into a huge image.
const MaxEvidencePixels = 40_000_000

// CleanPhoto re-encodes a JPEG or PNG delivery photo from its pixels
// alone, which drops every metadata block (EXIF with its GPS position and
// camera serial, XMP, comments). Anything else is EINVALID on "photo".
func CleanPhoto(data []byte) (clean []byte, contentType string, width, height int, err error) {
	if len(data) == 0 {
		return nil, "", 0, 0, Invalid("photo", "is required")
	}
	if len(data) > MaxEvidenceBytes {
		return nil, "", 0, 0, &Error{Code: ETOOLARGE, Message: "the photo is larger than 10 MiB",
			Fields: []FieldError{{Field: "photo", Message: "must be at most 10 MiB"}}}
	}
	contentType = http.DetectContentType(data)
	if contentType != "image/jpeg" && contentType != "image/png" {
		return nil, "", 0, 0, Invalid("photo", "must be a JPEG or PNG photo")
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > MaxEvidencePixels {
		return nil, "", 0, 0, Invalid("photo", "must be a readable photo of at most 40 megapixels")
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, "", 0, 0, Invalid("photo", "must be a readable photo of at most 40 megapixels")
	}
	var out bytes.Buffer
	if contentType == "image/png" {
		err = png.Encode(&out, img)
	} else {
		err = jpeg.Encode(&out, img, &jpeg.Options{Quality: 88})
	}
	if err != nil {
		return nil, "", 0, 0, err
	}
	b := img.Bounds()
	return out.Bytes(), contentType, b.Dx(), b.Dy(), nil
}
