package web

import "regexp"

// The messages of awards, complaints, reports and grades, in the pages'
// languages.
func init() {
	for msg, id := range map[string]string{
		"must be the first-ranked bid of the evaluation":                           "msg.award.not_winner",
		"a returned report needs a comment of 5 to 5000 characters":                "msg.report.comment",
		"unique persons (人数) cannot exceed person-times (人次)":                      "msg.report.persons",
		"must not be before period_start":                                          "msg.report.period_order",
		"must not be before the service starts":                                    "msg.report.before_service",
		"must not be after the service ends":                                       "msg.report.after_service",
		"must list at most 20 items":                                               "msg.report.evidence_max",
		"must not be negative":                                                     "msg.report.negative",
		"must be whole numbers":                                                    "msg.report.whole",
		"must be mid_term or final":                                                "msg.grade.stage",
		"must be excellent, good, pass or fail":                                    "msg.grade.level",
		"a 不合格 grade needs a comment":                                              "msg.grade.fail_comment",
		"there is no award open to complaints on this project":                     "msg.rule.no_award",
		"rule bidder: only an organisation whose bid was opened may complain":      "msg.rule.complaint_bidder",
		"the project is already awarded":                                           "msg.rule.already_awarded",
		"every milestone of the contract is released":                              "msg.rule.all_released",
		"one report already awaits review: wait for the bureau to review it first": "msg.rule.report_pending",
	} {
		messageIDs[msg] = id
	}
	for re, id := range map[string]string{
		`^"(.*)" needs an actual value$`:                 "msg.report.needs_actual",
		`^"(.*)" is reported twice$`:                     "msg.report.twice",
		`^"(.*)" is not a target of this contract$`:      "msg.report.not_target",
		`^"(.*)": must be a percentage from 0 to 100$`:   "msg.report.percent",
		`^"(.*)": must be a whole number, not negative$`: "msg.report.count",
		`^(.*): must be a number$`:                       "msg.report.number",
		`^the complaint window closed at (.*)$`:          "msg.rule.complaint_window",
	} {
		messagePatterns = append(messagePatterns, struct {
			re *regexp.Regexp
			id string
		}{regexp.MustCompile(re), id})
	}
}
