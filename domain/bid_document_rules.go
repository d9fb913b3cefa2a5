package domain

import (
	"archive/zip"
	"bytes"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Bounds of bid documents. A file is at most 20 MiB; a bid names at most
// 20 files; an organisation keeps at most 40 uploads on one project, so
// that uploads no bid names cannot fill the disk before the prune.
const (
	BidDocumentMaxBytes   = 20 << 20
	BidDocumentsPerBidMax = 20
	BidDocumentUploadsMax = 40
	BidDocumentNameMax    = 120
)

// Document types a bid may carry, as sniffed from their bytes.
const (
	DocTypePDF  = "application/pdf"
	DocTypeDOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	DocTypeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	DocTypeJPEG = "image/jpeg"
	DocTypePNG  = "image/png"
)

// docExtensions is the file extension each type is stored under, so that
// a saved download opens with the right program whatever the upload was
// called.
var docExtensions = map[string]string{
	DocTypePDF: ".pdf", DocTypeDOCX: ".docx", DocTypeXLSX: ".xlsx", DocTypeJPEG: ".jpg", DocTypePNG: ".png",
}

// SniffDocumentType returns the type of data by its content, never by
// its name or a client's Content-Type: PDF, JPEG, PNG, or an Office Open
// XML (zip) package holding a Word document or an Excel workbook. Any
// other content is "" (not allowed).
func SniffDocumentType(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return DocTypePDF
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return DocTypePNG
	case bytes.HasPrefix(data, []byte("\xff\xd8\xff")):
		return DocTypeJPEG
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return sniffOOXML(data)
	}
	return ""
}

// sniffOOXML tells a .docx from a .xlsx by the parts the package holds;
// any other zip (or a broken one) is not a document.
func sniffOOXML(data []byte) string {
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return ""
	}
	has := map[string]bool{}
	for _, f := range z.File {
		has[f.Name] = true
	}
	switch {
	case !has["[Content_Types].xml"]:
		return ""
	case has["word/document.xml"]:
		return DocTypeDOCX
	case has["xl/workbook.xml"]:
		return DocTypeXLSX
	}
	return ""
}

// SanitizeDocumentName makes a client's file name safe to store and to
// send back in a Content-Disposition header: the last path element only,
// no control or reserved characters, at most BidDocumentNameMax
// characters, and the extension of its sniffed type.
func SanitizeDocumentName(name, contentType string) string {
	name = strings.ReplaceAll(name, "\\", "/")
	name = path.Base(strings.ToValidUTF8(name, ""))
	name = strings.Map(func(r rune) rune {
		switch {
		case unicode.IsControl(r) || r == utf8.RuneError:
			return -1
		case strings.ContainsRune(`<>:"/\|?*;`, r):
			return '_'
		}
		return r
	}, name)
	name = strings.Trim(trimSpace(name), ". ")
	ext := docExtensions[contentType]
	if low := strings.ToLower(name); strings.HasSuffix(low, ext) || (ext == ".jpg" && strings.HasSuffix(low, ".jpeg")) {
		name = name[:len(name)-len(path.Ext(name))]
	}
	if r := []rune(name); len(r) > BidDocumentNameMax-len(ext) {
		name = string(r[:BidDocumentNameMax-len(ext)])
	}
	if name = strings.Trim(name, ". "); name == "" {
		name = "document"
	}
	return name + ext
}

// CheckDocument checks an upload's bytes and returns its sniffed type
// and sanitised name. Every problem is EINVALID on "file", and a file
// over the limit is ETOOLARGE.
func (in *BidDocumentUpload) CheckDocument() (contentType, name string, err error) {
	if len(in.Data) > BidDocumentMaxBytes {
		msg := "must be at most 20 MiB"
		return "", "", &Error{Code: ETOOLARGE, Message: "the document is too large", Fields: []FieldError{{Field: "file", Message: msg}}}
	}
	if len(in.Data) == 0 {
		return "", "", Invalid("file", "is empty")
	}
	contentType = SniffDocumentType(in.Data)
	if contentType == "" {
		return "", "", Invalid("file", "must be a PDF, Word (.docx), Excel (.xlsx), JPEG or PNG file")
	}
	return contentType, SanitizeDocumentName(in.Name, contentType), nil
}
