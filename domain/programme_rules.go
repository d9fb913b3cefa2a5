package domain

import "unicode/utf8"

// Limits of a programme's content.
const (
	ProgrammeTitleMaxRunes       = 100
	ProgrammeDescriptionMaxRunes = 4000
	// MaxProgrammeGoalFen is ¥1 000 万: far beyond any micro-wish
	// programme, so a typo of extra zeros is caught.
	MaxProgrammeGoalFen = 1_000_000_000
)

// Normalize trims and validates a programme, naming each bad field.
func (in *ProgrammeInput) Normalize() error {
	var v Validation
	in.Title, in.Description, in.RegionCode = trimSpace(in.Title), trimSpace(in.Description), trimSpace(in.RegionCode)
	n := utf8.RuneCountInString(in.Title)
	v.Check(n >= 2 && n <= ProgrammeTitleMaxRunes, "title", "must be 2 to 100 characters")
	v.Check(utf8.RuneCountInString(in.Description) <= ProgrammeDescriptionMaxRunes, "description", "must be at most 4000 characters")
	v.Check(in.RegionCode != "", "region_code", "is required")
	v.Check(!in.StartsOn.IsZero(), "starts_on", "is required")
	v.Check(!in.EndsOn.IsZero(), "ends_on", "is required")
	v.Check(in.StartsOn.IsZero() || in.EndsOn.IsZero() || !in.EndsOn.Before(in.StartsOn), "ends_on", "must not be before starts_on")
	v.Check(in.GoalFen >= 0 && in.GoalFen <= MaxProgrammeGoalFen, "goal_fen", "must be 0 to 1000000000 fen")
	return v.Err()
}
