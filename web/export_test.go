package web

// SafeNext exposes the redirect check to the external tests.
var SafeNext = safeNext

// MessageIDs lists the catalogue ids the Go code picks at run time (from
// tables rather than literal T calls), for the catalogue test.
func MessageIDs() []string {
	var ids []string
	for _, id := range messageIDs {
		ids = append(ids, id)
	}
	for _, p := range messagePatterns {
		ids = append(ids, p.id)
	}
	for _, p := range errorPages {
		ids = append(ids, p.id)
	}
	for _, f := range append(append(append(append(orgFields, registerFields...), loginFields...), addMemberFields...), inviteFields...) {
		ids = append(ids, "field."+f)
	}
	for _, f := range searchFields {
		ids = append(ids, "field."+f)
	}
	for _, n := range sortNames {
		ids = append(ids, sortLabel(n))
	}
	return append(ids, "field.groups", "field.type")
}

// SafeHighlight exposes the highlight sanitiser to the external tests.
var SafeHighlight = safeHighlight

// ParseSynonyms exposes the synonym page's parser to the external tests.
var ParseSynonyms = parseSynonyms
