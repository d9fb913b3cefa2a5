package web

import (
	"context"
	"strings"
	"sync"

	"hutong/domain"
)

// regionGroup is one province with its cities and districts, shown as an
// <optgroup> so the picker works without JavaScript.
type regionGroup struct {
	Label   string
	Options []regionOption
}

// regionOption is one region in a picker, indented by level.
type regionOption struct {
	Code  string
	Label string
}

// regionCache keeps the region table's tree once it has been read: the
// table changes only with a migration, which restarts the process.
type regionCache struct {
	svc    domain.RegionService
	mu     sync.Mutex
	groups []regionGroup
	names  map[string]string
}

func newRegionCache(svc domain.RegionService) *regionCache {
	return &regionCache{svc: svc}
}

// tree returns the picker's groups and a code→name map, reading the table
// on first use (a failed read is retried on the next request).
func (rc *regionCache) tree(ctx context.Context) ([]regionGroup, map[string]string, error) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if rc.groups != nil {
		return rc.groups, rc.names, nil
	}
	provinces, err := rc.svc.FindRegions(ctx, "")
	if err != nil {
		return nil, nil, err
	}
	names := map[string]string{}
	groups := make([]regionGroup, 0, len(provinces))
	for _, p := range provinces {
		g := regionGroup{Label: p.Name}
		if err := rc.walk(ctx, p, 0, &g, names); err != nil {
			return nil, nil, err
		}
		groups = append(groups, g)
	}
	rc.groups, rc.names = groups, names
	return groups, names, nil
}

// walk adds r and everything under it to g, depth first.
func (rc *regionCache) walk(ctx context.Context, r *domain.Region, depth int, g *regionGroup, names map[string]string) error {
	names[r.Code] = r.Name
	g.Options = append(g.Options, regionOption{Code: r.Code, Label: strings.Repeat("\u3000", depth) + r.Name})
	if r.Level >= 3 {
		return nil
	}
	children, err := rc.svc.FindRegions(ctx, r.Code)
	if err != nil {
		return err
	}
	for _, ch := range children {
		if err := rc.walk(ctx, ch, depth+1, g, names); err != nil {
			return err
		}
	}
	return nil
}
