package postgres

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"hutong/domain"
)

// bidDocumentRow mirrors bid_documents (migrations/00009): where the
// sealed bytes are and the sealed details, nothing in the clear but ids.
type bidDocumentRow struct {
	ID             uuid.UUID `gorm:"primaryKey"`
	ProjectID      uuid.UUID
	OrganizationID uuid.UUID
	BidID          *uuid.UUID
	BlobKey        string
	SealedMeta     []byte
	CreatedAt      time.Time
}

func (bidDocumentRow) TableName() string { return "bid_documents" }

// docMeta is what a row seals of its document.
type docMeta struct {
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
	SHA256      string `json:"sha256"`
}

// blobKeyOf names a document's blob by ids only, so that the bucket's
// listing says nothing a reader could use beyond what the row says.
func blobKeyOf(projectID, docID uuid.UUID) string {
	return fmt.Sprintf("bid-documents/%s/%s", projectID, docID)
}

// sealDoc encrypts plain under the project key, bound to the document's
// and project's ids and to what the bytes are (part: "data" or "meta"),
// so that neither bytes nor details open in another row. The result is
// nonce || ciphertext.
func sealDoc(key []byte, part string, docID, projectID uuid.UUID, plain []byte) ([]byte, error) {
	aead, err := newGCM(key)
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, aead.NonceSize())
	_, _ = rand.Read(nonce)
	return aead.Seal(nonce, nonce, plain, docAAD(part, docID, projectID)), nil
}

// openDoc decrypts what sealDoc sealed.
func openDoc(key []byte, part string, docID, projectID uuid.UUID, sealed []byte) ([]byte, error) {
	aead, err := newGCM(key)
	if err != nil {
		return nil, err
	}
	n := aead.NonceSize()
	if len(sealed) < n+aead.Overhead() {
		return nil, fmt.Errorf("bid document %s: sealed %s too short", docID, part)
	}
	return aead.Open(nil, sealed[:n], sealed[n:], docAAD(part, docID, projectID))
}

func docAAD(part string, docID, projectID uuid.UUID) []byte {
	return append(append([]byte("bid-document:"+part+":"), docID[:]...), projectID[:]...)
}

// domain decrypts the row's details with the project key.
func (r *bidDocumentRow) domain(key []byte) (*domain.BidDocument, error) {
	plain, err := openDoc(key, "meta", r.ID, r.ProjectID, r.SealedMeta)
	if err != nil {
		return nil, domain.Errorf(domain.EINTERNAL, "bid document %s does not decrypt", r.ID)
	}
	var m docMeta
	if err := json.Unmarshal(plain, &m); err != nil {
		return nil, err
	}
	return &domain.BidDocument{ID: r.ID, ProjectID: r.ProjectID, OrganizationID: r.OrganizationID, BidID: r.BidID,
		Name: m.Name, ContentType: m.ContentType, Size: m.Size, SHA256: m.SHA256, CreatedAt: r.CreatedAt.UTC()}, nil
}

// docsOf decrypts rows of one project.
func (db *DB) docsOf(q *gorm.DB, projectID uuid.UUID, rows []bidDocumentRow) ([]*domain.BidDocument, error) {
	out := make([]*domain.BidDocument, 0, len(rows))
	if len(rows) == 0 {
		return out, nil
	}
	key, err := db.projectKey(q, projectID, false)
	if err != nil {
		return nil, err
	}
	for i := range rows {
		d, err := rows[i].domain(key)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// docNotFound is the one answer for a document the caller may not know
// about, the same as for an id never used.
func docNotFound() error { return domain.Errorf(domain.ENOTFOUND, "bid document not found") }
