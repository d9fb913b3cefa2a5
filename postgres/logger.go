package postgres

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// slowQuery is the duration past which a query is logged as a warning.
const slowQuery = 200 * time.Millisecond

// gormLogger sends GORM's messages to slog. Queries are logged with their
// placeholders only: bound values carry password hashes, token hashes and
// personal data, which never belong in a log at any level.
type gormLogger struct {
	log *slog.Logger
}

var (
	_ logger.Interface  = gormLogger{}
	_ gorm.ParamsFilter = gormLogger{}
)

// GORM's Scan traces its statement through a recorder whose filter keeps
// the bound values and inlines them into the SQL it hands our Trace.
// RecorderParamsFilter is GORM's hook for exactly this; dropping the
// values there keeps them out of logs for every Scan in the process.
func init() {
	logger.RecorderParamsFilter = func(_ context.Context, sql string, _ ...any) (string, []any) {
		return sql, nil
	}
}

func newGormLogger(l *slog.Logger) gormLogger {
	return gormLogger{log: l.With("component", "postgres")}
}

// LogMode is ignored: the slog handler's level decides what is kept.
func (l gormLogger) LogMode(logger.LogLevel) logger.Interface { return l }

// Info logs a GORM message at info level.
func (l gormLogger) Info(ctx context.Context, msg string, args ...any) {
	l.log.InfoContext(ctx, fmt.Sprintf(msg, args...))
}

// Warn logs a GORM message at warn level.
func (l gormLogger) Warn(ctx context.Context, msg string, args ...any) {
	l.log.WarnContext(ctx, fmt.Sprintf(msg, args...))
}

// Error logs a GORM message at error level.
func (l gormLogger) Error(ctx context.Context, msg string, args ...any) {
	l.log.ErrorContext(ctx, fmt.Sprintf(msg, args...))
}

// ParamsFilter drops the bound values before GORM renders the statement
// for Trace, so that the SQL keeps its $n placeholders.
func (l gormLogger) ParamsFilter(_ context.Context, sql string, _ ...any) (string, []any) {
	return sql, nil
}

// Trace logs each statement: at debug level normally, at warn level when
// slow or when it failed for a reason other than an expected one (a
// missing row or a constraint the service turns into a domain error).
func (l gormLogger) Trace(ctx context.Context, begin time.Time, fc func() (string, int64), err error) {
	elapsed := time.Since(begin)
	level := slog.LevelDebug
	if elapsed > slowQuery || (err != nil && !expectedError(err)) {
		level = slog.LevelWarn
	}
	if !l.log.Enabled(ctx, level) {
		return
	}
	query, rows := fc()
	attrs := []slog.Attr{slog.String("sql", query), slog.Duration("elapsed", elapsed), slog.Int64("rows", rows)}
	if err != nil {
		attrs = append(attrs, slog.String("error", err.Error()))
	}
	l.log.LogAttrs(ctx, level, "query", attrs...)
}

// expectedError reports errors that are part of normal operation: a
// missing row, a violated constraint, or a cancelled request.
func expectedError(err error) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.Code[:2] == "23"
	}
	return errors.Is(err, gorm.ErrRecordNotFound) || errors.Is(err, context.Canceled)
}
