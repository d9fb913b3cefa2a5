package postgres_test

import (
	"testing"

	"hutong/internal/testkit"
)

// TestMain stops the package's test cluster when its tests are done.
func TestMain(m *testing.M) { testkit.Main(m) }
