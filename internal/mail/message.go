package mail

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"mime/multipart"
	"net/mail"
	"net/textproto"
	"strings"
	"time"
)

// base64LineLength keeps encoded body lines under the 78-character line
// length that RFC 5322 recommends.
const base64LineLength = 76

// Build renders m as an RFC 5322 message from sender, with CRLF line
// endings. Subjects are encoded words (RFC 2047) and bodies base64 in
// UTF-8, since Chinese text is not 7-bit and quoted-printable would triple
// its size.
func Build(from mail.Address, m Message, now time.Time) ([]byte, error) {
	to, err := mail.ParseAddress(m.To)
	if err != nil {
		return nil, fmt.Errorf("mail: bad recipient address: %w", err)
	}
	if m.Text == "" {
		return nil, errors.New("mail: message has no text")
	}
	var b bytes.Buffer
	header := func(k, v string) { fmt.Fprintf(&b, "%s: %s\r\n", k, v) }
	header("From", from.String())
	header("To", (&mail.Address{Address: to.Address}).String())
	header("Subject", mime.BEncoding.Encode("UTF-8", oneLine(m.Subject)))
	header("Date", now.Format(time.RFC1123Z))
	header("Message-ID", messageID(from.Address))
	header("MIME-Version", "1.0")
	if m.HTML == "" {
		err := writePart(&b, nil, "text/plain", m.Text)
		return b.Bytes(), err
	}
	mw := multipart.NewWriter(&b)
	// Folded, since the boundary alone is 60 characters.
	header("Content-Type", "multipart/alternative;\r\n boundary="+mw.Boundary())
	b.WriteString("\r\n")
	for _, p := range []struct{ kind, body string }{{"text/plain", m.Text}, {"text/html", m.HTML}} {
		if err := writePart(&b, mw, p.kind, p.body); err != nil {
			return nil, err
		}
	}
	if err := mw.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// writePart writes one UTF-8, base64-encoded body: as the whole message's
// body when mw is nil, or as a part of mw.
func writePart(b *bytes.Buffer, mw *multipart.Writer, kind, body string) error {
	h := textproto.MIMEHeader{}
	h.Set("Content-Type", mime.FormatMediaType(kind, map[string]string{"charset": "UTF-8"}))
	h.Set("Content-Transfer-Encoding", "base64")
	if mw != nil {
		pw, err := mw.CreatePart(h)
		if err != nil {
			return err
		}
		_, err = pw.Write(encodeBase64Lines(body))
		return err
	}
	for _, k := range []string{"Content-Type", "Content-Transfer-Encoding"} {
		fmt.Fprintf(b, "%s: %s\r\n", k, h.Get(k))
	}
	b.WriteString("\r\n")
	b.Write(encodeBase64Lines(body))
	return nil
}

// encodeBase64Lines encodes s as base64 in CRLF-terminated lines.
func encodeBase64Lines(s string) []byte {
	enc := base64.StdEncoding.EncodeToString([]byte(s))
	var b bytes.Buffer
	for len(enc) > base64LineLength {
		b.WriteString(enc[:base64LineLength] + "\r\n")
		enc = enc[base64LineLength:]
	}
	b.WriteString(enc + "\r\n")
	return b.Bytes()
}

// oneLine drops line breaks, which in a header would let a subject inject
// further headers.
func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.NewReplacer("\r", " ", "\n", " ").Replace(s)), " ")
}

// messageID returns a random Message-ID in the sender's domain, which
// mail servers and threading clients expect to be globally unique.
func messageID(sender string) string {
	var r [16]byte
	_, _ = rand.Read(r[:])
	domain := "hutong.invalid"
	if at := strings.LastIndexByte(sender, '@'); at >= 0 && at < len(sender)-1 {
		domain = sender[at+1:]
	}
	return "<" + hex.EncodeToString(r[:]) + "@" + domain + ">"
}
