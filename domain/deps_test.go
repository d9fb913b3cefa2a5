package domain

import (
	"os/exec"
	"strings"
	"testing"
)

// TestDomainImportsNoAdapters keeps the core free of the web framework and
// the ORM (house style, rule 1).
func TestDomainImportsNoAdapters(t *testing.T) {
	t.Parallel()
	out, err := exec.Command("go", "list", "-deps", "hutong/domain").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		if strings.HasPrefix(dep, "github.com/gin-gonic/") || strings.HasPrefix(dep, "gorm.io/") {
			t.Errorf("domain depends on %s", dep)
		}
	}
}
