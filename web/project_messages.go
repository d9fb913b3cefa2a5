package web

import "regexp"

// projectMessageIDs translate the messages of the tender's rules (domain
// project, period and calendar validation, and the project service) and
// of the editor's own reading of numbers and dates. They join the pages'
// one table in messages.go at start-up, so the tender's messages stay in
// the tender's files.
var projectMessageIDs = map[string]string{
	"must be a known service area":                                     "msg.project.category",
	"must be more than 0 and at most 100000000000 fen":                 "msg.project.budget_range",
	"must be open_tender, competitive_consultation or single_source":   "msg.project.method",
	"must be at most 50 regions":                                       "msg.project.regions_max",
	"must be 6-digit administrative division codes":                    "msg.region_invalid",
	"must be at most 20 items":                                         "msg.project.tech_max",
	"must be unique, 1 to 40 lowercase letters, digits or underscores": "msg.project.tech_key",
	"must be more than 0":                                              "msg.project.positive",
	"must be 1 to 30 targets":                                          "msg.project.targets_count",
	"must be person_count, person_times, count or percent":             "msg.project.target_kind",
	"must be more than 0 and at most 100":                              "msg.project.percent_value",
	"must be a whole number from 1 to 1000000000":                      "msg.project.count_value",
	"must be 1 to 24 milestones":                                       "msg.project.milestones_count",
	"must be from 1 to 100":                                            "msg.project.percent_range",
	"is required":                                                      "msg.required",
	"must not be before the service starts":                            "msg.project.before_service",
	"must be in date order":                                            "msg.project.date_order",
	"the service may last at most five years":                          "msg.project.five_years",
	"must be in the future":                                            "msg.project.future",
	"must not be before the bid deadline":                              "msg.project.opening_before_deadline",
	"the service must not start before the bids are opened":            "msg.project.service_before_opening",
	"only a draft can be edited":                                       "msg.project.draft_only",
	"project not found":                                                "msg.project.not_found",
	"must not be negative":                                             "msg.project.not_negative",
	"must not be below budget_min":                                     "msg.project.budget_max_below",
	"must be holiday or workday":                                       "msg.calendar.kind",
	"a make-up workday must fall on a Saturday or Sunday":              "msg.calendar.workday_weekend",
	"no calendar entry on this day":                                    "msg.calendar.not_found",
	msgYuan:                                                            "msg.project.yuan",
	msgNumber:                                                          "msg.number",
	msgWhole:                                                           "msg.whole_number",
	msgDate:                                                            "msg.date",
	msgTime:                                                            "msg.datetime",
}

// projectMessagePatterns translate the tender's messages that carry a
// number or a date.
var projectMessagePatterns = []struct {
	re *regexp.Regexp
	id string
}{
	{regexp.MustCompile(`^must be between (\d+) and (\d+) for this method$`), "msg.project.price_weight_range"},
	{regexp.MustCompile(`^price weight and technical points must total 100, not (\d+)$`), "msg.project.criteria_total"},
	{regexp.MustCompile(`^percents must total 100, not (\d+)$`), "msg.project.milestones_total"},
	{regexp.MustCompile(`^must be on or after (\S+): at least (\d+) days after publication$`), "msg.project.min_deadline"},
	{regexp.MustCompile(`^a (\S+) project cannot become (\S+)$`), "msg.project.transition"},
}

func init() {
	for msg, id := range projectMessageIDs {
		messageIDs[msg] = id
	}
	messagePatterns = append(messagePatterns, projectMessagePatterns...)
}
