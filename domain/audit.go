package domain

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"time"

	"github.com/google/uuid"
)

// Audit actions recorded by the foundation.
const (
	AuditUserRegistered    = "user.registered"
	AuditAdminCreated      = "user.admin_created"
	AuditOrgCreated        = "organization.created"
	AuditOrgUpdated        = "organization.updated"
	AuditOrgVerified       = "organization.verified"
	AuditMemberAdded       = "member.added"
	AuditMemberUpdated     = "member.updated"
	AuditMemberRemoved     = "member.removed"
	AuditAllianceInvited   = "alliance.invited"
	AuditAllianceConfirmed = "alliance.confirmed"
	AuditAllianceLeft      = "alliance.left"
)

// AuditEntry is one link of the append-only, hash-chained audit log. Hash
// covers every other field and the previous entry's hash, so altering or
// removing any row breaks the chain from there on.
type AuditEntry struct {
	Seq            int64           `json:"seq"`
	ActorID        *uuid.UUID      `json:"actor_id"`
	OrganizationID *uuid.UUID      `json:"organization_id"`
	Action         string          `json:"action"`
	ObjectType     string          `json:"object_type"`
	ObjectID       string          `json:"object_id"`
	Data           json.RawMessage `json:"data"`
	CreatedAt      time.Time       `json:"created_at"`
	PrevHash       []byte          `json:"-"`
	Hash           []byte          `json:"-"`
}

// ComputeHash returns SHA-256 over a length-prefixed encoding of the
// entry's fields and PrevHash. Data must already be in canonical form (see
// CanonicalJSON); CreatedAt is taken at microsecond precision, as stored.
func (e *AuditEntry) ComputeHash() []byte {
	var b bytes.Buffer
	field := func(p []byte) {
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], uint64(len(p)))
		b.Write(n[:])
		b.Write(p)
	}
	field(binary.BigEndian.AppendUint64(nil, uint64(e.Seq)))
	field(optionalID(e.ActorID))
	field(optionalID(e.OrganizationID))
	field([]byte(e.Action))
	field([]byte(e.ObjectType))
	field([]byte(e.ObjectID))
	field(e.Data)
	field([]byte(e.CreatedAt.UTC().Truncate(time.Microsecond).Format(time.RFC3339Nano)))
	field(e.PrevHash)
	sum := sha256.Sum256(b.Bytes())
	return sum[:]
}

func optionalID(id *uuid.UUID) []byte {
	if id == nil {
		return nil
	}
	return id[:]
}

// CanonicalJSON re-encodes JSON with object keys sorted and no spaces, the
// form that is hashed, so that the database's own re-ordering of JSONB
// keys cannot change a hash.
func CanonicalJSON(raw []byte) (json.RawMessage, error) {
	if len(raw) == 0 {
		return json.RawMessage("{}"), nil
	}
	var v any
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	return json.Marshal(v)
}

// AuditBreak describes the first entry where the chain does not hold.
type AuditBreak struct {
	Seq    int64  `json:"seq"`
	Reason string `json:"reason"`
}

// VerifyAuditChain checks entries, in sequence order, starting after an
// entry with hash prev (nil at the start of the log). It returns the first
// break, or nil when the chain holds: each hash matches its content, each
// PrevHash matches the entry before, and no sequence number is missing.
func VerifyAuditChain(prevSeq int64, prev []byte, entries []*AuditEntry) *AuditBreak {
	for _, e := range entries {
		switch {
		case e.Seq != prevSeq+1:
			return &AuditBreak{Seq: prevSeq + 1, Reason: "entry missing"}
		case !bytes.Equal(e.PrevHash, prev):
			return &AuditBreak{Seq: e.Seq, Reason: "previous hash does not match"}
		case !bytes.Equal(e.Hash, e.ComputeHash()):
			return &AuditBreak{Seq: e.Seq, Reason: "content does not match its hash"}
		}
		prevSeq, prev = e.Seq, e.Hash
	}
	return nil
}

// AuditService reads and verifies the audit log. Entries are written by
// the services themselves, inside the transaction of the change.
type AuditService interface {
	// VerifyAudit walks the whole chain; it returns the first break or nil,
	// with the number of entries checked.
	VerifyAudit(ctx context.Context) (*AuditBreak, int64, error)
	// FindAuditEntries lists an organisation's entries, newest first, for
	// its owners and admins, or every entry for a platform admin when
	// orgID is nil.
	FindAuditEntries(ctx context.Context, actor *Actor, orgID *uuid.UUID, page Page) ([]*AuditEntry, string, error)
}
