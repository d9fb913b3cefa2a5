package domain

import (
	"context"
	"time"

	"github.com/google/uuid"
)

// BidDocument is a file a bidder attached to its bid: a proposal in PDF,
// a budget sheet, a licence scan. Its bytes, name, size and type are
// sealed like the bid's content: stored only encrypted under the
// project's data key, and shown before the opening to the bidder alone.
// BidID is set while a bid names the document; an upload no bid names is
// pruned once bidding closes.
type BidDocument struct {
	ID             uuid.UUID  `json:"id"`
	ProjectID      uuid.UUID  `json:"project_id"`
	OrganizationID uuid.UUID  `json:"organization_id"`
	BidID          *uuid.UUID `json:"bid_id"`
	Name           string     `json:"name"`
	ContentType    string     `json:"content_type"`
	Size           int64      `json:"size"`
	SHA256         string     `json:"sha256"`
	CreatedAt      time.Time  `json:"created_at"`
}

// Ref is what a bid's canonical content holds of the document, so that
// the receipt proves which files were submitted.
func (d *BidDocument) Ref() BidDocumentRef {
	return BidDocumentRef{ID: d.ID, Name: d.Name, SHA256: d.SHA256}
}

// BidDocumentRef names a document inside a bid's sealed content: its id,
// its (sanitised) file name and the SHA-256 (hex) of its bytes.
type BidDocumentRef struct {
	ID     uuid.UUID `json:"id"`
	Name   string    `json:"name"`
	SHA256 string    `json:"sha256"`
}

// BidDocumentUpload is one uploaded file, before it is checked: the
// organisation it is uploaded for, the name the client gave and the bytes.
type BidDocumentUpload struct {
	OrganizationID uuid.UUID
	Name           string
	Data           []byte
}

// Uploads and deletions of documents are not audited apart: an entry of
// its own would tell whoever reads the audit log that an organisation is
// bidding. The bid's submission entry carries the content hash, which
// covers every document's name and hash.

// BlobStore keeps opaque bytes under keys (gocloud.dev/blob in
// blobstore/). Callers encrypt sealed bytes before Put. Put writes all or
// nothing and fails with EUNAVAILABLE when the store is down or full; Get
// of a missing key is ENOTFOUND; Delete of a missing key succeeds.
type BlobStore interface {
	Put(ctx context.Context, key string, data []byte) error
	Get(ctx context.Context, key string) ([]byte, error)
	Delete(ctx context.Context, key string) error
}

// BidDocumentService keeps sealed bid documents. Before a project is
// opened, no method tells anyone but the bidder's own members that a
// document exists: every other caller gets the same ENOTFOUND as for an
// id that was never used.
type BidDocumentService interface {
	// UploadBidDocument checks, seals and stores a file for the
	// organisation's bid on a project while bidding is open, with the
	// same rights as submitting a bid. A bid then names it in
	// BidInput.DocumentIDs.
	UploadBidDocument(ctx context.Context, actor *Actor, projectID uuid.UUID, in BidDocumentUpload) (*BidDocument, error)
	// FindBidDocumentByID returns a document's details to whoever may
	// read it (CanReadBidDocument); to anyone else it is ENOTFOUND.
	FindBidDocumentByID(ctx context.Context, actor *Actor, id uuid.UUID) (*BidDocument, error)
	// OpenBidDocument returns a document and its decrypted bytes to
	// whoever may read it; to anyone else it is ENOTFOUND.
	OpenBidDocument(ctx context.Context, actor *Actor, id uuid.UUID) (*BidDocument, []byte, error)
	// DeleteBidDocument deletes an upload that no live bid names, while
	// bidding is open; a document a live bid names is ECONFLICT.
	DeleteBidDocument(ctx context.Context, actor *Actor, id uuid.UUID) error
	// FindBidDocuments lists the documents a bid names, to whoever may
	// read them; for anyone else the bid does not exist (ENOTFOUND).
	FindBidDocuments(ctx context.Context, actor *Actor, bidID uuid.UUID) ([]*BidDocument, error)
	// FindMyBidDocuments lists the documents the actor's organisations
	// uploaded for a project, named by a bid or not.
	FindMyBidDocuments(ctx context.Context, actor *Actor, projectID uuid.UUID) ([]*BidDocument, error)
	// PruneBidDocuments deletes, once bidding has closed, the documents no
	// live bid names (withdrawn, invalid or never named), rows first and
	// then their blobs, and says how many went.
	PruneBidDocuments(ctx context.Context) (int, error)
}

// CanReadBidDocument decides who reads a document: the bidding
// organisation's owners, admins and staff at any time, and the project's
// bureau (owners, admins, staff and evaluators) only once the document's
// bid is in the published opening record. Nobody else ever — platform
// admins and anonymous visitors included; the public record shows bidders
// and prices only.
func CanReadBidDocument(a *Actor, bidder *Organization, bureauID uuid.UUID, inOpening bool) bool {
	if a.Anonymous() {
		return false
	}
	if bidder != nil && Can(a, ActionBidView, bidder) == nil {
		return true
	}
	return inOpening && a.HasRole(bureauID, RoleOwner, RoleAdmin, RoleStaff, RoleEvaluator)
}
