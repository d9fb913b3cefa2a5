package mailtest

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"strings"
)

// Decoded is a received message as a reader would see it.
type Decoded struct {
	Header  mail.Header
	Subject string
	Text    string
	HTML    string
}

// Decode parses a received message: it decodes the subject's encoded words
// and the base64 or 7-bit text and HTML bodies, single or
// multipart/alternative.
func Decode(raw []byte) (*Decoded, error) {
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	d := &Decoded{Header: m.Header}
	if d.Subject, err = new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject")); err != nil {
		return nil, err
	}
	mt, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if err != nil {
		return nil, err
	}
	if !strings.HasPrefix(mt, "multipart/") {
		return d, d.setPart(mt, m.Header.Get("Content-Transfer-Encoding"), m.Body)
	}
	mr := multipart.NewReader(m.Body, params["boundary"])
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			return d, nil
		} else if err != nil {
			return nil, err
		}
		pt, _, err := mime.ParseMediaType(p.Header.Get("Content-Type"))
		if err != nil {
			return nil, err
		}
		if err := d.setPart(pt, p.Header.Get("Content-Transfer-Encoding"), p); err != nil {
			return nil, err
		}
	}
}

func (d *Decoded) setPart(mediaType, encoding string, r io.Reader) error {
	if strings.EqualFold(encoding, "base64") {
		r = base64.NewDecoder(base64.StdEncoding, r)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	switch mediaType {
	case "text/plain":
		d.Text = string(b)
	case "text/html":
		d.HTML = string(b)
	default:
		return fmt.Errorf("unexpected part %s", mediaType)
	}
	return nil
}
