package postgres

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"hutong/domain"
	"hutong/ocds"
)

// publishRelease publishes an OCDS release of the project's current state
// inside tx, the transaction that changed it, so that the release exists
// exactly when the change does. Every service function that changes a
// public project's status, content, award or contract calls it last with
// the tags (ocds.Tag*) saying what changed. A project that is not public
// (a draft, or a draft cancelled before publication) publishes nothing.
//
// Tags by change: publication ocds.TagTender; amendment TagTenderAmendment;
// cancellation TagTenderCancellation; bidding closed, opening and
// evaluation TagTenderUpdate; an award published TagAward; an award made
// final, with its contract, TagAwardUpdate and TagContract; an award
// cancelled after an upheld complaint TagAwardCancellation; service
// started TagContractUpdate; a milestone released (payment) or the
// contract completed TagImplementation. TagContract and
// TagImplementation become their update tags by themselves once the
// project has published them.
//
// Releases are built only from what is public at that moment: the
// opening record is read only once the project has been opened, so no
// release made before the opening names a bidder, counts the bids or
// shows a price.
func (db *DB) publishRelease(tx *gorm.DB, projectID uuid.UUID, tags ...string) error {
	// The lock serialises releases of one project, which keeps their
	// numbering and dates in order; the callers already hold it.
	p, err := findProject(tx, projectID, true)
	if err != nil {
		return err
	}
	if !p.Public() {
		return nil
	}
	in, err := loadReleaseInput(tx, p)
	if err != nil {
		return err
	}
	ocid, n, err := db.releaseSequence(tx, p.ID)
	if err != nil {
		return err
	}
	if tags, err = followUpTags(tx, p.ID, tags); err != nil {
		return err
	}
	in.OCID, in.ReleaseID, in.Date, in.Tags = ocid, fmt.Sprintf("%s-%d", ocid, n+1), db.now(), tags
	body, err := json.Marshal(ocds.Build(in))
	if err != nil {
		return err
	}
	return tx.Exec(`INSERT INTO ocds_releases (id, release_id, ocid, project_id, tags, date, release)
		VALUES (?, ?, ?, ?, string_to_array(?, ','), ?, ?)`,
		domain.NewID(), in.ReleaseID, ocid, p.ID, strings.Join(tags, ","), in.Date, string(body)).Error
}

// releaseSequence returns the project's ocid and how many releases it
// has. The ocid is fixed by the first release, so that a later change of
// HUTONG_OCDS_PREFIX never splits a process in two.
func (db *DB) releaseSequence(tx *gorm.DB, projectID uuid.UUID) (string, int, error) {
	var rows []struct {
		OCID string `gorm:"column:ocid"`
		N    int
	}
	err := tx.Raw(`SELECT min(ocid) AS ocid, count(*) AS n FROM ocds_releases WHERE project_id = ?`, projectID).
		Scan(&rows).Error
	if err != nil {
		return "", 0, err
	}
	if len(rows) == 0 || rows[0].N == 0 {
		return ocds.NewOCID(db.ocdsPrefix(), projectID), 0, nil
	}
	return rows[0].OCID, rows[0].N, nil
}

// followUps are the tags that, once a process has had a release with
// them, become their update: the first release about the contract is
// "contract", later ones "contractUpdate"; likewise for implementation.
// Callers always pass the first form.
var followUps = map[string]string{
	ocds.TagContract:       ocds.TagContractUpdate,
	ocds.TagImplementation: ocds.TagImplementationUpdate,
}

// followUpTags turns the tags of followUps into their updates when the
// project already published them.
func followUpTags(tx *gorm.DB, projectID uuid.UUID, tags []string) ([]string, error) {
	out := make([]string, len(tags))
	for i, tag := range tags {
		out[i] = tag
		update, ok := followUps[tag]
		if !ok {
			continue
		}
		var n int64
		if err := tx.Table("ocds_releases").Where("project_id = ? AND ? = ANY(tags)", projectID, tag).Count(&n).Error; err != nil {
			return nil, err
		}
		if n > 0 {
			out[i] = update
		}
	}
	return out, nil
}

// ocdsPrefix is the configured ocid prefix or the default.
func (db *DB) ocdsPrefix() string {
	if db.opts.OCDSPrefix == "" {
		return ocds.DefaultPrefix
	}
	return db.opts.OCDSPrefix
}

// loadReleaseInput reads everything public about p that a release shows.
func loadReleaseInput(tx *gorm.DB, p *domain.Project) (ocds.Input, error) {
	in := ocds.Input{Project: p, CreditCodes: map[uuid.UUID]string{}}
	var err error
	if in.Bureau, err = findOrg(tx, p.BureauID); err != nil {
		return in, err
	}
	if in.Amendments, err = loadAmendments(tx, p.ID); err != nil {
		return in, err
	}
	published, err := openingPublished(tx, p)
	if err != nil {
		return in, err
	}
	if published {
		var rows []openingRow
		if err := tx.Where("project_id = ?", p.ID).Order("submitted_at, bid_id").Find(&rows).Error; err != nil {
			return in, err
		}
		in.Opening = openedBids(rows)
	}
	var results []resultRow
	if err := tx.Where("project_id = ?", p.ID).Limit(1).Find(&results).Error; err != nil {
		return in, err
	}
	if len(results) == 1 {
		in.Evaluation = &results[0].Outcome.V
	}
	if in.Awards, err = loadAwardStates(tx, p.ID); err != nil {
		return in, err
	}
	if in.Contracts, err = loadContractStates(tx, p.ID); err != nil {
		return in, err
	}
	return in, fillCreditCodes(tx, &in)
}

// openingPublished reports whether p's opening record is public: always
// once p is opened or later; for a failed or cancelled project only if
// it was opened before it ended, which the audit log records. Before the
// opening it never is, whatever rows exist.
func openingPublished(tx *gorm.DB, p *domain.Project) (bool, error) {
	switch p.Status {
	case domain.StatusDraft, domain.StatusPublished, domain.StatusBiddingClosed:
		return false, nil
	case domain.StatusFailed, domain.StatusCancelled:
		var n int64
		err := tx.Table("audit_log").Where("object_type = ? AND object_id = ? AND action = ?", "project",
			p.ID.String(), domain.AuditProjectOpened).Count(&n).Error
		return n > 0, err
	}
	return true, nil
}

// loadAmendments reads the published amendments (变更公告) from the
// audit log, which records each with its reason and changed fields.
func loadAmendments(tx *gorm.DB, projectID uuid.UUID) ([]ocds.AmendmentNote, error) {
	var rows []auditRow
	err := tx.Where("object_type = ? AND object_id = ? AND action = ?", "project", projectID.String(),
		domain.AuditProjectAmended).Order("seq").Find(&rows).Error
	if err != nil {
		return nil, err
	}
	out := make([]ocds.AmendmentNote, 0, len(rows))
	for _, r := range rows {
		var data struct {
			Reason  string   `json:"reason"`
			Changed []string `json:"changed"`
		}
		_ = json.Unmarshal([]byte(r.Data), &data) // a malformed entry still dates the amendment
		out = append(out, ocds.AmendmentNote{ID: fmt.Sprintf("amendment-%d", r.Seq), Date: r.CreatedAt.UTC(),
			Reason: data.Reason, Changed: data.Changed})
	}
	return out, nil
}

// fillCreditCodes looks up the credit codes of the bidders and suppliers,
// which name them in parties.
func fillCreditCodes(tx *gorm.DB, in *ocds.Input) error {
	var ids []uuid.UUID
	for _, b := range in.Opening {
		ids = append(ids, b.OrganizationID)
	}
	for _, a := range in.Awards {
		ids = append(ids, a.SupplierID)
	}
	if len(ids) == 0 {
		return nil
	}
	var rows []struct {
		ID         uuid.UUID
		CreditCode string
	}
	if err := tx.Table("organizations").Select("id, credit_code").Where("id IN ?", ids).Scan(&rows).Error; err != nil {
		return err
	}
	for _, r := range rows {
		in.CreditCodes[r.ID] = r.CreditCode
	}
	for i := range in.Awards {
		in.Awards[i].CreditCode = in.CreditCodes[in.Awards[i].SupplierID]
	}
	return nil
}

// releaseRow is a stored release as the feed reads it.
type releaseRow struct {
	ID        uuid.UUID
	ReleaseID string
	OCID      string `gorm:"column:ocid"`
	Date      time.Time
	Release   string
}

func (r *releaseRow) stored() ocds.StoredRelease {
	return ocds.StoredRelease{ID: r.ReleaseID, OCID: r.OCID, Date: r.Date.UTC(), JSON: json.RawMessage(r.Release)}
}
