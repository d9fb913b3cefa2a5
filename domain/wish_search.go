package domain

// Searchable micro-wish document types: published wishes and active
// programmes, with public fields only.
const (
	SearchWishes     = "wishes"
	SearchProgrammes = "programmes"
)

// Audit actions of programmes, children and wishes. Their data carries
// ids and statuses only, never a child's details.
const (
	AuditProgrammeCreated   = "programme.created"
	AuditProgrammeHost      = "programme.host_invited"
	AuditProgrammeAnswered  = "programme.host_answered"
	AuditProgrammeActivated = "programme.activated"
	AuditChildRegistered    = "child.registered"
	AuditConsentRecorded    = "child.consent_recorded"
	AuditWishCreated        = "wish.created"
	AuditWishUpdated        = "wish.updated"
	AuditWishSubmitted      = "wish.submitted"
	AuditWishPublished      = "wish.published"
	AuditWishReturned       = "wish.returned"
)
