package domain

import (
	"fmt"
	"time"
)

// Names of the minimum periods of a tender.
const (
	PeriodOpenTenderBidding              = "open_tender_bidding"
	PeriodCompetitiveConsultationBidding = "competitive_consultation_bidding"
	PeriodComplaintWindow                = "complaint_window"
)

// PeriodRule is a minimum period of procurement law: Days calendar days,
// or working days when Working is set, counted from the day after the
// period starts (Civil Code art. 201).
type PeriodRule struct {
	Name    string `json:"name"`
	Days    int    `json:"days"`
	Working bool   `json:"working"`
}

// DefaultPeriodRules are the statutory minimums: 20 days from publication
// to the bid deadline of an open tender (政府采购法 art. 35), 10 days for
// competitive consultation (财库〔2014〕214号 art. 10), and 7 working days
// to complain about an award (政府采购法 art. 52, 质疑期).
var DefaultPeriodRules = []PeriodRule{
	{Name: PeriodOpenTenderBidding, Days: 20},
	{Name: PeriodCompetitiveConsultationBidding, Days: 10},
	{Name: PeriodComplaintWindow, Days: 7, Working: true},
}

// EarliestEnd returns the first day the period may end on when it starts
// at from. A calendar-day period whose last day is not a working day runs
// on to the next working day (Civil Code art. 203); a working-day period
// ends on its n-th working day.
func (r PeriodRule) EarliestEnd(cal *Calendar, from time.Time) Date {
	if r.Working {
		return DateOf(cal.AddWorkingDays(from, r.Days))
	}
	end := DateOf(from).AddDays(r.Days)
	if r.Days > 0 {
		end = cal.NextWorkingDay(end)
	}
	return end
}

// Satisfied reports whether a period from from to to is long enough.
func (r PeriodRule) Satisfied(cal *Calendar, from, to time.Time) bool {
	return !DateOf(to).Before(r.EarliestEnd(cal, from))
}

// TenderRules are the configurable rules of tendering; services get them
// from their constructor so that a deployment (or a test) may change the
// periods without touching code.
type TenderRules struct {
	Periods []PeriodRule
}

// DefaultTenderRules returns the statutory rules.
func DefaultTenderRules() TenderRules {
	return TenderRules{Periods: append([]PeriodRule(nil), DefaultPeriodRules...)}
}

// Validate checks that every period has a name and a non-negative length.
func (r TenderRules) Validate() error {
	for _, p := range r.Periods {
		if p.Name == "" || p.Days < 0 {
			return fmt.Errorf("tender rules: bad period %+v", p)
		}
	}
	return nil
}

// Period returns the rule named name.
func (r TenderRules) Period(name string) (PeriodRule, bool) {
	for _, p := range r.Periods {
		if p.Name == name {
			return p, true
		}
	}
	return PeriodRule{}, false
}

// BiddingPeriod returns the minimum bidding period of a method; single
// source has none.
func (r TenderRules) BiddingPeriod(m ProjectMethod) (PeriodRule, bool) {
	switch m {
	case MethodOpenTender:
		return r.Period(PeriodOpenTenderBidding)
	case MethodCompetitiveConsultation:
		return r.Period(PeriodCompetitiveConsultationBidding)
	}
	return PeriodRule{}, false
}

// CheckPublish checks the timeline of a project published at now: the bid
// deadline in the future and at least the method's minimum period away
// (EINVALID on "bid_deadline"), the opening not before the deadline
// ("opening_at"), and the service not starting before the opening
// ("service_start").
func (r TenderRules) CheckPublish(cal *Calendar, p *Project, now, bidDeadline, openingAt time.Time) error {
	var v Validation
	v.Check(bidDeadline.After(now), "bid_deadline", "must be in the future")
	if rule, ok := r.BiddingPeriod(p.Method); ok && bidDeadline.After(now) {
		end := rule.EarliestEnd(cal, now)
		v.Check(!DateOf(bidDeadline).Before(end), "bid_deadline",
			fmt.Sprintf("must be on or after %s: at least %d days after publication", end, rule.Days))
	}
	v.Check(!openingAt.Before(bidDeadline), "opening_at", "must not be before the bid deadline")
	v.Check(p.ServiceStart.IsZero() || !p.ServiceStart.Before(DateOf(openingAt)), "service_start",
		"the service must not start before the bids are opened")
	return v.Err()
}
