package web

// ParseYuan and FormatYuan expose the editor's money conversion to the
// external tests.
var (
	ParseYuan  = parseYuan
	FormatYuan = formatYuan
)

// ProjectMessageIDs lists the catalogue ids the tender's pages pick at run
// time (families and field labels), for the tender's catalogue test.
func ProjectMessageIDs() []string {
	var ids []string
	for _, f := range append(append(append(append([]string{}, projectFields...), publishFields...), projectFilterFields...), "reason") {
		ids = append(ids, "field."+f)
	}
	for _, id := range projectMessageIDs {
		ids = append(ids, id)
	}
	for _, p := range projectMessagePatterns {
		ids = append(ids, p.id)
	}
	return ids
}
