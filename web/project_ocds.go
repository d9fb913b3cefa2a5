package web

import (
	"hutong/domain"
	"hutong/ocds"
)

// ocdsRecord is the address of a public project's Open Contracting
// record, or "" when the export is not configured or the project is not
// public. The ocid follows the configured prefix, as the export's does
// for a project's first release.
func (s *Server) ocdsRecord(p *domain.Project) string {
	if s.ocdsPrefix == "" || !p.Public() {
		return ""
	}
	return "/api/v1/ocds/records/" + ocds.NewOCID(s.ocdsPrefix, p.ID)
}
