package domain

import "context"

// Region is an administrative division (行政区划) with its six-digit code:
// province (xx0000), city (xxxx00) or district/county.
type Region struct {
	Code       string `json:"code"`
	Name       string `json:"name"`
	ParentCode string `json:"parent_code,omitempty"`
	Level      int    `json:"level"` // 1 province, 2 city, 3 district
}

// RegionService answers questions about the region table.
type RegionService interface {
	// FindRegion returns a region by code, ENOTFOUND when unknown.
	FindRegion(ctx context.Context, code string) (*Region, error)
	// FindRegions lists regions under parent ("" for provinces).
	FindRegions(ctx context.Context, parent string) ([]*Region, error)
}
