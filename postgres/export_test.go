package postgres

// Exported for tests in postgres_test only.
var (
	HashPassword  = hashPassword
	CheckPassword = checkPassword
)
