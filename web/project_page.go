package web

import (
	"time"

	"hutong/domain"
)

// Yuan writes an amount in fen as yuan with thousands separators, e.g.
// "¥1,234.56".
func (p *page) Yuan(fen int64) string { return "¥" + formatYuan(fen) }

// ProjectStatus names a project status.
func (p *page) ProjectStatus(s domain.ProjectStatus) string {
	return p.st.L.T("project.status." + string(s))
}

// Method names a procurement method.
func (p *page) Method(m domain.ProjectMethod) string { return p.st.L.T("project.method." + string(m)) }

// TargetKind names how a performance target is counted.
func (p *page) TargetKind(k domain.TargetKind) string {
	return p.st.L.T("project.target_kind." + string(k))
}

// CalendarKind names a kind of calendar day.
func (p *page) CalendarKind(k domain.CalendarDayKind) string {
	return p.st.L.T("calendar.kind." + string(k))
}

// PublicStatuses lists the statuses the public list filters by: every one
// but draft, which the public never sees.
func (p *page) PublicStatuses() []domain.ProjectStatus {
	out := make([]domain.ProjectStatus, 0, len(domain.ProjectStatuses))
	for _, s := range domain.ProjectStatuses {
		if s != domain.StatusDraft {
			out = append(out, s)
		}
	}
	return out
}

// ProjectStatuses lists every status, for a bureau's own list.
func (p *page) ProjectStatuses() []domain.ProjectStatus { return domain.ProjectStatuses }

// Methods lists the procurement methods, for selects.
func (p *page) Methods() []domain.ProjectMethod { return domain.ProjectMethods }

// TargetKinds lists the kinds of target, for selects.
func (p *page) TargetKinds() []domain.TargetKind { return domain.TargetKinds }

// CalendarKinds lists the kinds of calendar day, for selects.
func (p *page) CalendarKinds() []domain.CalendarDayKind { return calendarKinds }

// Beijing writes a moment in Beijing time, where procurement deadlines
// are counted, or "" for none.
func (p *page) Beijing(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.In(domain.Shanghai).Format("2006-01-02 15:04")
}

// Weekday names a date's day of the week.
func (p *page) Weekday(d domain.Date) string { return p.st.L.T("weekday." + d.Weekday().String()) }

// Num numbers a table row from 1 for people, from its index.
func (p *page) Num(i int) int { return i + 1 }

// InBureau reports whether the reader belongs to a bureau, for the link to
// its projects.
func (p *page) InBureau() bool { return len(bureauMemberships(p.st.Actor)) > 0 }
