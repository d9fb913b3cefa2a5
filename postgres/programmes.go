package postgres

import (
	"context"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"hutong/domain"
)

// ProgrammeService keeps micro-wish programmes and their fundraising
// hosts. Each write locks the programme row, so an invitation and its
// answer are applied one at a time.
type ProgrammeService struct{ db *DB }

var _ domain.ProgrammeService = (*ProgrammeService)(nil)

// NewProgrammeService returns the programme service.
func NewProgrammeService(db *DB) *ProgrammeService { return &ProgrammeService{db: db} }

// CreateProgramme starts a draft programme of an organisation, with no
// host yet.
func (s *ProgrammeService) CreateProgramme(ctx context.Context, actor *domain.Actor, orgID uuid.UUID, in domain.ProgrammeInput) (*domain.Programme, error) {
	if err := in.Normalize(); err != nil {
		return nil, err
	}
	id := domain.NewID()
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		org, err := findOrg(tx, orgID)
		if err != nil {
			return err
		}
		if err := domain.Can(actor, domain.ActionProgrammeManage, org); err != nil {
			return err
		}
		if err := checkRegion(tx, in.RegionCode); err != nil {
			return err
		}
		now := s.db.now()
		err = tx.Exec(`INSERT INTO programmes (id, organization_id, title, description, region_code, starts_on, ends_on,
			goal_fen, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?)`,
			id, org.ID, in.Title, in.Description, in.RegionCode, in.StartsOn, in.EndsOn, in.GoalFen, now, now).Error
		if err != nil {
			return mapError(err)
		}
		return s.db.audit(tx, actor, ptr(org.ID), domain.AuditProgrammeCreated, "programme", id.String(), nil)
	})
	if err != nil {
		return nil, err
	}
	return s.FindProgrammeByID(ctx, actor, id)
}

// manageProgramme locks a programme and checks that actor manages it.
func manageProgramme(tx *gorm.DB, actor *domain.Actor, id uuid.UUID) (*programmeRow, *domain.Organization, error) {
	r, err := findProgrammeRow(tx, id, true)
	if err != nil {
		return nil, nil, err
	}
	if !programmeVisible(tx, actor, r) {
		return nil, nil, domain.Errorf(domain.ENOTFOUND, "programme not found")
	}
	org, err := findOrg(tx, r.OrganizationID)
	if err != nil {
		return nil, nil, err
	}
	return r, org, domain.Can(actor, domain.ActionProgrammeManage, org)
}

// InviteHost asks an organisation licensed for public fundraising to
// receive the programme's money. The organisation itself, when licensed,
// hosts at once; any other host must accept.
func (s *ProgrammeService) InviteHost(ctx context.Context, actor *domain.Actor, programmeID, hostID uuid.UUID) (*domain.Programme, error) {
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		r, org, err := manageProgramme(tx, actor, programmeID)
		if err != nil {
			return err
		}
		switch {
		case r.Status == string(domain.ProgrammeClosed):
			return domain.Errorf(domain.ECONFLICT, "the programme is closed")
		case r.HostStatus == string(domain.HostAccepted):
			return domain.Errorf(domain.ECONFLICT, "the programme already has a host")
		}
		host, err := findOrg(tx, hostID)
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			return domain.Invalid("host_id", "no such organization")
		} else if err != nil {
			return err
		}
		if !host.PublicFundraising || host.Kind == domain.KindBureau {
			return domain.Invalid("host_id", "the host must be licensed for public fundraising (须具有公开募捐资格)")
		}
		if host.ID == org.ID {
			err = tx.Exec(`UPDATE programmes SET host_id = ?, invited_host_id = NULL, host_status = 'accepted', updated_at = ?
				WHERE id = ?`, host.ID, s.db.now(), r.ID).Error
		} else {
			err = tx.Exec(`UPDATE programmes SET host_id = NULL, invited_host_id = ?, host_status = 'invited', updated_at = ?
				WHERE id = ?`, host.ID, s.db.now(), r.ID).Error
		}
		if err != nil {
			return mapError(err)
		}
		data := map[string]any{"host_id": host.ID}
		if err := s.db.audit(tx, actor, ptr(org.ID), domain.AuditProgrammeHost, "programme", r.ID.String(), data); err != nil {
			return err
		}
		return s.reindexProgramme(tx, r)
	})
	if err != nil {
		return nil, err
	}
	return s.FindProgrammeByID(ctx, actor, programmeID)
}

// reindexProgramme queues the search update of an active programme and
// its public wishes, whose documents carry its host.
func (s *ProgrammeService) reindexProgramme(tx *gorm.DB, r *programmeRow) error {
	if r.Status == string(domain.ProgrammeDraft) {
		return nil
	}
	return reindexProgrammeDocs(s.db, tx, r.ID)
}

// reindexProgrammeDocs queues the programme's document and those of its
// public wishes.
func reindexProgrammeDocs(db *DB, tx *gorm.DB, id uuid.UUID) error {
	if err := db.reindex(tx, domain.SearchProgrammes, id.String()); err != nil {
		return err
	}
	var wishes []uuid.UUID
	if err := tx.Raw(`SELECT id FROM wishes WHERE programme_id = ? AND status NOT IN ('draft', 'in_review')`, id).
		Scan(&wishes).Error; err != nil {
		return mapError(err)
	}
	for _, w := range wishes {
		if err := db.reindex(tx, domain.SearchWishes, w.String()); err != nil {
			return err
		}
	}
	return nil
}

// AnswerHostInvitation lets the invited host's owners or admins accept or
// decline; only an acceptance lets the programme take cash.
func (s *ProgrammeService) AnswerHostInvitation(ctx context.Context, actor *domain.Actor, programmeID uuid.UUID, accept bool) (*domain.Programme, error) {
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		r, err := findProgrammeRow(tx, programmeID, true)
		if err != nil {
			return err
		}
		if !programmeVisible(tx, actor, r) {
			return domain.Errorf(domain.ENOTFOUND, "programme not found")
		}
		if r.HostStatus != string(domain.HostInvited) || r.InvitedHostID == nil {
			return domain.Errorf(domain.ECONFLICT, "no host invitation is open")
		}
		host, err := findOrg(tx, *r.InvitedHostID)
		if err != nil {
			return err
		}
		if err := domain.Can(actor, domain.ActionHostAnswer, host); err != nil {
			return err
		}
		if accept {
			err = tx.Exec(`UPDATE programmes SET host_id = invited_host_id, host_status = 'accepted', updated_at = ? WHERE id = ?`,
				s.db.now(), r.ID).Error
		} else {
			err = tx.Exec(`UPDATE programmes SET host_status = 'declined', updated_at = ? WHERE id = ?`, s.db.now(), r.ID).Error
		}
		if err != nil {
			return mapError(err)
		}
		data := map[string]any{"accepted": accept, "programme_organization_id": r.OrganizationID}
		if err := s.db.audit(tx, actor, ptr(host.ID), domain.AuditProgrammeAnswered, "programme", r.ID.String(), data); err != nil {
			return err
		}
		return s.reindexProgramme(tx, r)
	})
	if err != nil {
		return nil, err
	}
	return s.FindProgrammeByID(ctx, actor, programmeID)
}

// ActivateProgramme opens a draft programme to wishes and gifts and to
// the public.
func (s *ProgrammeService) ActivateProgramme(ctx context.Context, actor *domain.Actor, programmeID uuid.UUID) (*domain.Programme, error) {
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		r, org, err := manageProgramme(tx, actor, programmeID)
		if err != nil {
			return err
		}
		if r.Status != string(domain.ProgrammeDraft) {
			return domain.Errorf(domain.ECONFLICT, "only a draft programme can be activated")
		}
		if err := tx.Exec(`UPDATE programmes SET status = 'active', updated_at = ? WHERE id = ?`, s.db.now(), r.ID).Error; err != nil {
			return mapError(err)
		}
		if err := s.db.audit(tx, actor, ptr(org.ID), domain.AuditProgrammeActivated, "programme", r.ID.String(), nil); err != nil {
			return err
		}
		return s.db.reindex(tx, domain.SearchProgrammes, r.ID.String())
	})
	if err != nil {
		return nil, err
	}
	return s.FindProgrammeByID(ctx, actor, programmeID)
}

// FindProgrammeByID returns a programme the actor may see; a draft is
// ENOTFOUND to the public.
func (s *ProgrammeService) FindProgrammeByID(ctx context.Context, actor *domain.Actor, id uuid.UUID) (*domain.Programme, error) {
	q := s.db.conn(ctx)
	r, err := findProgrammeRow(q, id, false)
	if err != nil {
		return nil, err
	}
	if !programmeVisible(q, actor, r) {
		return nil, domain.Errorf(domain.ENOTFOUND, "programme not found")
	}
	return r.domain(), nil
}

// FindProgrammes lists programmes, newest first: every public one, or one
// organisation's (with its drafts to its managers).
func (s *ProgrammeService) FindProgrammes(ctx context.Context, actor *domain.Actor, orgID *uuid.UUID, page domain.Page) ([]*domain.Programme, string, error) {
	if err := page.Normalize(); err != nil {
		return nil, "", err
	}
	q := s.db.conn(ctx)
	sql, args := programmeSelect+` WHERE true`, []any{}
	drafts := false
	if orgID != nil {
		sql, args = sql+` AND p.organization_id = ?`, append(args, *orgID)
		org, err := findOrg(q, *orgID)
		drafts = err == nil && domain.Can(actor, domain.ActionProgrammeManage, org) == nil
	}
	if !drafts {
		sql += ` AND p.status <> 'draft'`
	}
	if page.Cursor != "" {
		c, err := domain.DecodeCursor(page.Cursor)
		if err != nil {
			return nil, "", err
		}
		sql, args = sql+` AND (p.created_at, p.id) < (?, ?)`, append(args, c.Time, c.ID)
	}
	var rows []programmeRow
	err := q.Raw(sql+` ORDER BY p.created_at DESC, p.id DESC LIMIT ?`, append(args, page.Limit+1)...).Scan(&rows).Error
	if err != nil {
		return nil, "", mapError(err)
	}
	next := ""
	if len(rows) > page.Limit {
		rows = rows[:page.Limit]
		last := rows[len(rows)-1]
		next = domain.Cursor{Time: last.CreatedAt, ID: last.ID}.Encode()
	}
	out := make([]*domain.Programme, len(rows))
	for i := range rows {
		out[i] = rows[i].domain()
	}
	return out, next, nil
}
