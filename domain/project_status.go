package domain

// projectTransitions is the state machine of a project: from each status,
// the statuses it may move to. Later stages (opening, evaluation, award,
// contract) move along it; cancelled, failed and completed are final.
var projectTransitions = map[ProjectStatus][]ProjectStatus{
	StatusDraft:         {StatusPublished, StatusCancelled},
	StatusPublished:     {StatusBiddingClosed, StatusCancelled},
	StatusBiddingClosed: {StatusOpened, StatusFailed, StatusCancelled},
	StatusOpened:        {StatusEvaluated, StatusFailed, StatusCancelled},
	// An upheld complaint (质疑) sends an award back to evaluation.
	StatusEvaluated:  {StatusAwarded, StatusFailed, StatusCancelled},
	StatusAwarded:    {StatusContracted, StatusOpened, StatusCancelled},
	StatusContracted: {StatusInService},
	StatusInService:  {StatusCompleted},
}

// CanTransition reports whether a project may move from one status to
// another. Services check it before every status change, and the
// database's conditional updates repeat the from-status so that two
// concurrent changes cannot both apply.
func CanTransition(from, to ProjectStatus) bool {
	for _, s := range projectTransitions[from] {
		if s == to {
			return true
		}
	}
	return false
}

// CheckTransition returns nil when from → to is allowed, else ECONFLICT
// saying so.
func CheckTransition(from, to ProjectStatus) error {
	if CanTransition(from, to) {
		return nil
	}
	return Errorf(ECONFLICT, "a %s project cannot become %s", from, to)
}

// CancelReasonMaxRunes bounds a cancellation reason, which is published.
const CancelReasonMaxRunes = 1000

// NormalizeCancelReason trims the reason for a cancellation, which is
// required because a cancelled tender's bidders and the public are owed
// one; a bad reason is EINVALID on "reason".
func NormalizeCancelReason(reason string) (string, error) {
	reason = trimSpace(reason)
	n := len([]rune(reason))
	if n < 2 || n > CancelReasonMaxRunes {
		return "", Invalid("reason", "must be 2 to 1000 characters")
	}
	return reason, nil
}
