package domain_test

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"

	"github.com/google/uuid"

	"hutong/domain"
)

// ooxml builds a minimal Office Open XML package holding parts.
func ooxml(tb testing.TB, parts ...string) []byte {
	tb.Helper()
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	for _, p := range append([]string{"[Content_Types].xml"}, parts...) {
		w, err := z.Create(p)
		if err != nil {
			tb.Fatal(err)
		}
		_, _ = w.Write([]byte("<x/>"))
	}
	if err := z.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func TestSniffDocumentType(t *testing.T) {
	t.Parallel()
	var plainZip bytes.Buffer
	z := zip.NewWriter(&plainZip)
	_, _ = z.Create("readme.txt")
	_ = z.Close()
	for name, tc := range map[string]struct {
		data []byte
		want string
	}{
		"OKPDF":          {[]byte("%PDF-1.7\n..."), domain.DocTypePDF},
		"OKPNG":          {[]byte("\x89PNG\r\n\x1a\n\x00\x00"), domain.DocTypePNG},
		"OKJPEG":         {[]byte("\xff\xd8\xff\xe0\x00\x10JFIF"), domain.DocTypeJPEG},
		"OKDOCX":         {ooxml(t, "word/document.xml"), domain.DocTypeDOCX},
		"OKXLSX":         {ooxml(t, "xl/workbook.xml"), domain.DocTypeXLSX},
		"ErrPlainZip":    {plainZip.Bytes(), ""},
		"ErrBrokenZip":   {[]byte("PK\x03\x04garbage"), ""},
		"ErrExecutable":  {[]byte("MZ\x90\x00"), ""},
		"ErrHTML":        {[]byte("<html><script>alert(1)</script>"), ""},
		"ErrPDFLateSign": {[]byte(" %PDF-1.7"), ""},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if got := domain.SniffDocumentType(tc.data); got != tc.want {
				t.Errorf("type = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestSanitizeDocumentName(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct{ in, typ, want string }{
		"OKChinese":        {"服务方案.pdf", domain.DocTypePDF, "服务方案.pdf"},
		"OKPathDropped":    {`C:\Users\x\..\预算表.xlsx`, domain.DocTypeXLSX, "预算表.xlsx"},
		"OKUnixPath":       {"../../etc/passwd", domain.DocTypePDF, "passwd.pdf"},
		"OKWrongExtension": {"scan.exe", domain.DocTypePNG, "scan.exe.png"},
		"OKJPEGExtension":  {"photo.JPEG", domain.DocTypeJPEG, "photo.jpg"},
		"OKReserved":       {"a<b>:c\"|?*;.docx", domain.DocTypeDOCX, "a_b__c_____.docx"},
		"OKControls":       {"re\x00po\r\nrt.pdf", domain.DocTypePDF, "report.pdf"},
		"OKEmpty":          {"  ..  ", domain.DocTypePDF, "document.pdf"},
		"OKHidden":         {".htaccess", domain.DocTypePDF, "htaccess.pdf"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if got := domain.SanitizeDocumentName(tc.in, tc.typ); got != tc.want {
				t.Errorf("name = %q, want %q", got, tc.want)
			}
		})
	}
	t.Run("OKLongNameCut", func(t *testing.T) {
		t.Parallel()
		got := domain.SanitizeDocumentName(strings.Repeat("方", 300)+".pdf", domain.DocTypePDF)
		if n := len([]rune(got)); n != domain.BidDocumentNameMax || !strings.HasSuffix(got, ".pdf") {
			t.Errorf("name of %d runes: %q", n, got)
		}
	})
}

func TestCheckDocument(t *testing.T) {
	t.Parallel()
	t.Run("OK", func(t *testing.T) {
		in := domain.BidDocumentUpload{Name: "方案.pdf", Data: []byte("%PDF-1.4 x")}
		typ, name, err := in.CheckDocument()
		if err != nil || typ != domain.DocTypePDF || name != "方案.pdf" {
			t.Fatalf("= %q %q %v", typ, name, err)
		}
	})
	for name, tc := range map[string]struct {
		data []byte
		code string
	}{
		"ErrEmpty":    {nil, domain.EINVALID},
		"ErrType":     {[]byte("hello"), domain.EINVALID},
		"ErrTooLarge": {append([]byte("%PDF-"), make([]byte, domain.BidDocumentMaxBytes)...), domain.ETOOLARGE},
	} {
		t.Run(name, func(t *testing.T) {
			in := domain.BidDocumentUpload{Name: "x", Data: tc.data}
			_, _, err := in.CheckDocument()
			e := domain.AsError(err)
			if e == nil || e.Code != tc.code || len(e.Fields) != 1 || e.Fields[0].Field != "file" {
				t.Fatalf("err = %+v", err)
			}
		})
	}
}

func TestCanReadBidDocument(t *testing.T) {
	t.Parallel()
	bureau, bidder := uuid.New(), &domain.Organization{ID: uuid.New(), Kind: domain.KindSocialOrg}
	member := func(org uuid.UUID, roles ...domain.Role) *domain.Actor {
		return &domain.Actor{User: &domain.User{ID: uuid.New()},
			Memberships: []*domain.Membership{{OrganizationID: org, Roles: roles}}}
	}
	admin := &domain.Actor{User: &domain.User{ID: uuid.New(), IsPlatformAdmin: true}}
	for name, tc := range map[string]struct {
		actor     *domain.Actor
		inOpening bool
		want      bool
	}{
		"OKBidderBefore":          {member(bidder.ID, domain.RoleStaff), false, true},
		"OKBidderAfter":           {member(bidder.ID, domain.RoleOwner), true, true},
		"OKBureauStaffAfter":      {member(bureau, domain.RoleStaff), true, true},
		"OKEvaluatorAfter":        {member(bureau, domain.RoleEvaluator), true, true},
		"ErrBureauBefore":         {member(bureau, domain.RoleOwner), false, false},
		"ErrBidderFinanceOnly":    {member(bidder.ID, domain.RoleFinance), false, false},
		"ErrAdminBefore":          {admin, false, false},
		"ErrAdminAfter":           {admin, true, false},
		"ErrAnonymousAfter":       {nil, true, false},
		"ErrOtherOrgAfter":        {member(uuid.New(), domain.RoleOwner), true, false},
		"ErrBureauFinanceOnlyAft": {member(bureau, domain.RoleFinance), true, false},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if got := domain.CanReadBidDocument(tc.actor, bidder, bureau, tc.inOpening); got != tc.want {
				t.Errorf("may read = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestCanonicalBidDocuments: the receipt's hash covers the documents'
// names and hashes, in any order, and a bid without documents hashes as
// it did before documents existed.
func TestCanonicalBidDocuments(t *testing.T) {
	t.Parallel()
	a := domain.BidDocumentRef{ID: uuid.MustParse("00000000-0000-0000-0000-000000000001"), Name: "a.pdf", SHA256: strings.Repeat("a", 64)}
	b := domain.BidDocumentRef{ID: uuid.MustParse("00000000-0000-0000-0000-000000000002"), Name: "b.pdf", SHA256: strings.Repeat("b", 64)}
	bid := func(docs ...domain.BidDocumentRef) *domain.Bid {
		return &domain.Bid{ID: uuid.New(), Content: &domain.BidContent{PriceFen: 1, TechnicalProposal: "x", Documents: docs}}
	}
	base := bid()
	raw, _, err := domain.CanonicalBidContent(base)
	if err != nil || bytes.Contains(raw, []byte("documents")) {
		t.Fatalf("no documents: %s %v", raw, err)
	}
	one := bid(a, b)
	one.ID = base.ID
	two := bid(b, a)
	two.ID = base.ID
	rawOne, sumOne, _ := domain.CanonicalBidContent(one)
	_, sumTwo, _ := domain.CanonicalBidContent(two)
	t.Run("OKOrderFree", func(t *testing.T) {
		if sumOne != sumTwo {
			t.Error("document order changes the hash")
		}
	})
	t.Run("OKNamesAndHashesCovered", func(t *testing.T) {
		renamed := bid(a, domain.BidDocumentRef{ID: b.ID, Name: "c.pdf", SHA256: b.SHA256})
		renamed.ID = base.ID
		if _, s, _ := domain.CanonicalBidContent(renamed); s == sumOne {
			t.Error("a renamed document keeps the hash")
		}
		changed := bid(a, domain.BidDocumentRef{ID: b.ID, Name: b.Name, SHA256: strings.Repeat("c", 64)})
		changed.ID = base.ID
		if _, s, _ := domain.CanonicalBidContent(changed); s == sumOne {
			t.Error("a changed document keeps the hash")
		}
	})
	t.Run("OKParsedBack", func(t *testing.T) {
		c, err := domain.ParseCanonicalBid(rawOne)
		if err != nil || len(c.Documents) != 2 || c.Documents[0] != a || c.Documents[1] != b {
			t.Fatalf("parsed = %+v, %v", c, err)
		}
	})
}
