package postgres

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"

	"hutong/domain"
)

// conflictMessages words the unique constraints a person can run into.
var conflictMessages = map[string]string{
	"users_email_key":                         "this email is already registered",
	"users_phone_key":                         "this phone number is already registered",
	"organizations_credit_code_key":           "an organization with this credit code already exists",
	"memberships_pkey":                        "this person is already a member",
	"alliance_members_pkey":                   "this organization is already in the alliance",
	"awards_live_idx":                         "the project is already awarded",
	"complaints_award_id_organization_id_key": "the organisation has already complained about this award",
	"contract_reports_pending_idx":            "one report already awaits review: wait for the bureau to review it first",
	"contract_grades_pkey":                    "this stage is already graded",
}

// mapError is the one place where database errors become domain errors:
// a missing row is ENOTFOUND, a unique violation ECONFLICT, a check or
// foreign-key violation EINVALID naming the field, and a lost connection
// EUNAVAILABLE. Domain errors pass through; anything else stays internal.
// The original error stays in the chain for logs.
func mapError(err error) error {
	if err == nil || domain.AsError(err) != nil {
		return err
	}
	var de *domain.Error
	var pg *pgconn.PgError
	switch {
	case errors.Is(err, gorm.ErrRecordNotFound):
		de = domain.Errorf(domain.ENOTFOUND, "not found")
	case errors.As(err, &pg):
		de = mapPgError(pg)
	case unavailable(err):
		de = domain.Errorf(domain.EUNAVAILABLE, "the database is unavailable; try again")
	}
	if de == nil {
		return err
	}
	return fmt.Errorf("%w (%w)", de, err)
}

// mapPgError translates a server error by its SQLSTATE; nil means internal.
func mapPgError(pg *pgconn.PgError) *domain.Error {
	field := constraintField(pg)
	switch {
	case pg.Code == "23505":
		msg, ok := conflictMessages[pg.ConstraintName]
		if !ok {
			msg = "already exists"
		}
		e := domain.Errorf(domain.ECONFLICT, "%s", msg)
		if field != "" {
			e.Fields = []domain.FieldError{{Field: field, Message: msg}}
		}
		return e
	case pg.Code == "23503":
		return invalidField(field, "refers to something that does not exist")
	case pg.Code == "23514" || pg.Code == "23502" || strings.HasPrefix(pg.Code, "22"):
		return invalidField(field, "not an accepted value")
	case strings.HasPrefix(pg.Code, "08"), strings.HasPrefix(pg.Code, "53"),
		strings.HasPrefix(pg.Code, "57P"), pg.Code == "40001", pg.Code == "40P01":
		return domain.Errorf(domain.EUNAVAILABLE, "the database is busy or unavailable; try again")
	}
	return nil
}

func invalidField(field, msg string) *domain.Error {
	if field == "" {
		return domain.Errorf(domain.EINVALID, "%s", msg)
	}
	return domain.Invalid(field, msg)
}

// constraintField derives the field a constraint guards from PostgreSQL's
// default constraint names, <table>_<column>_key|fkey|check, so that
// "organizations_region_code_fkey" names region_code.
func constraintField(pg *pgconn.PgError) string {
	if pg.ColumnName != "" {
		return pg.ColumnName
	}
	name := pg.ConstraintName
	if pg.TableName == "" || !strings.HasPrefix(name, pg.TableName+"_") {
		return ""
	}
	name = strings.TrimPrefix(name, pg.TableName+"_")
	for _, suffix := range []string{"_key", "_fkey", "_check"} {
		if f, ok := strings.CutSuffix(name, suffix); ok {
			return f
		}
	}
	return ""
}

// unavailable reports errors that mean the database could not be reached
// or timed out, as opposed to a bug.
func unavailable(err error) bool {
	var ce *pgconn.ConnectError
	var ne net.Error
	return errors.As(err, &ce) || errors.As(err, &ne) || pgconn.Timeout(err) ||
		errors.Is(err, driver.ErrBadConn) || errors.Is(err, sql.ErrConnDone) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, context.DeadlineExceeded)
}
