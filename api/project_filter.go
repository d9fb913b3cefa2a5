package api

import (
	"strconv"

	"github.com/gin-gonic/gin"

	"hutong/domain"
)

// projectFilter reads and checks the list's query parameters, naming a
// bad one as the client spelled it.
func projectFilter(c *gin.Context) (domain.ProjectFilter, error) {
	var v domain.Validation
	f := domain.ProjectFilter{
		Status:       domain.ProjectStatus(c.Query("status")),
		RegionCode:   c.Query("region"),
		Category:     c.Query("category"),
		Method:       domain.ProjectMethod(c.Query("method")),
		BudgetMinFen: queryFen(&v, c, "budget_min_fen"),
		BudgetMaxFen: queryFen(&v, c, "budget_max_fen"),
	}
	bureau, err := queryID(c, "bureau_id")
	if bureau != nil {
		f.BureauID = *bureau
	}
	page, perr := queryPage(c)
	f.Page = page
	if err := joinInvalid(v.Err(), err, perr); err != nil {
		return f, err
	}
	return f, renameFields(f.Normalize(), map[string]string{
		"budget_min": "budget_min_fen", "budget_max": "budget_max_fen",
	})
}

// queryFen reads an optional amount in fen: a whole number, not negative.
func queryFen(v *domain.Validation, c *gin.Context, name string) int64 {
	s := c.Query(name)
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	v.Check(err == nil && n >= 0, name, "must be a whole number of fen, not negative")
	return n
}

// renameFields renames the fields of an EINVALID error, for a domain rule
// that names a parameter differently from the API.
func renameFields(err error, names map[string]string) error {
	e := domain.AsError(err)
	if e == nil || e.Code != domain.EINVALID {
		return err
	}
	out := *e
	out.Fields = make([]domain.FieldError, len(e.Fields))
	for i, fe := range e.Fields {
		if n, ok := names[fe.Field]; ok {
			fe.Field = n
		}
		out.Fields[i] = fe
	}
	return &out
}
