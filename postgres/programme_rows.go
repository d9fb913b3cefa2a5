package postgres

import (
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"hutong/domain"
)

// programmeRow is a programme joined with its organisation's and host's
// names.
type programmeRow struct {
	ID               uuid.UUID
	OrganizationID   uuid.UUID
	OrganizationName string
	HostID           *uuid.UUID
	HostStatus       string
	InvitedHostID    *uuid.UUID
	HostName         *string
	Title            string
	Description      string
	RegionCode       string
	StartsOn         domain.Date
	EndsOn           domain.Date
	GoalFen          int64
	RaisedFen        int64
	Status           string
	CreatedAt        time.Time
	UpdatedAt        time.Time
}

// programmeSelect reads programmes with the names the public sees; the
// host named is the accepted one or, while invited, the invitee.
const programmeSelect = `SELECT p.id, p.organization_id, o.name AS organization_name, p.host_id, p.host_status,
	p.invited_host_id, h.name AS host_name, p.title, p.description, p.region_code, p.starts_on, p.ends_on,
	p.goal_fen, p.raised_fen, p.status, p.created_at, p.updated_at
	FROM programmes p JOIN organizations o ON o.id = p.organization_id
	LEFT JOIN organizations h ON h.id = COALESCE(p.host_id, p.invited_host_id)`

func (r *programmeRow) domain() *domain.Programme {
	p := &domain.Programme{
		ID: r.ID, OrganizationID: r.OrganizationID, OrganizationName: r.OrganizationName,
		HostStatus: domain.HostStatus(r.HostStatus), HostName: deref(r.HostName),
		Title: r.Title, Description: r.Description, RegionCode: r.RegionCode,
		StartsOn: r.StartsOn, EndsOn: r.EndsOn, GoalFen: r.GoalFen, RaisedFen: r.RaisedFen,
		Status: domain.ProgrammeStatus(r.Status), CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
	}
	switch {
	case r.HostID != nil:
		p.HostID = r.HostID
	case r.HostStatus == string(domain.HostInvited):
		p.HostID = r.InvitedHostID
	default:
		p.HostName = ""
	}
	return p
}

// findProgrammeRow reads one programme; lock takes its row lock first.
func findProgrammeRow(q *gorm.DB, id uuid.UUID, lock bool) (*programmeRow, error) {
	if lock {
		var ids []uuid.UUID
		if err := q.Raw(`SELECT id FROM programmes WHERE id = ? FOR UPDATE`, id).Scan(&ids).Error; err != nil {
			return nil, mapError(err)
		}
	}
	var rows []programmeRow
	if err := q.Raw(programmeSelect+` WHERE p.id = ?`, id).Scan(&rows).Error; err != nil {
		return nil, mapError(err)
	}
	if len(rows) == 0 {
		return nil, domain.Errorf(domain.ENOTFOUND, "programme not found")
	}
	return &rows[0], nil
}

// programmeVisible reports whether actor may see the programme: everyone
// once it is active, its organisation's managers and an invited host's
// owners and admins before.
func programmeVisible(q *gorm.DB, actor *domain.Actor, r *programmeRow) bool {
	if r.Status != string(domain.ProgrammeDraft) {
		return true
	}
	if actor.Anonymous() {
		return false
	}
	if org, err := findOrg(q, r.OrganizationID); err == nil && domain.Can(actor, domain.ActionProgrammeManage, org) == nil {
		return true
	}
	if r.InvitedHostID != nil && actor.HasRole(*r.InvitedHostID, domain.RoleOwner, domain.RoleAdmin) {
		return true
	}
	return actor.PlatformAdmin()
}
