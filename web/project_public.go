package web

import (
	"cmp"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"hutong/domain"
	"hutong/internal/i18n"
)

// projectListData is what the public list of projects shows.
type projectListData struct {
	// Form holds the filters as typed, with their problems.
	Form     *form
	Projects []*domain.Project
	Regions  []regionGroup
	NextURL  string
}

// projectFilterFields are the filters the list shows problems beside.
var projectFilterFields = []string{"budget_min", "budget_max"}

// projectList lists public projects, newest first, filtered by status,
// region (and everything under it), category, method and budget in yuan.
// An unknown filter value is ignored; a budget that does not read is
// shown as a problem, and the list is filtered without it.
func (s *Server) projectList(c *gin.Context) {
	if !s.projectsReady(c) {
		return
	}
	st, ctx := stateOf(c), c.Request.Context()
	groups, names, err := s.regions.tree(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	f, fm := publicFilter(c.Request.URL.Query(), names, st.L)
	status := http.StatusOK
	if err := f.Normalize(); err != nil {
		f.BudgetMinFen, f.BudgetMaxFen = 0, 0
		s.applyError(st, fm, projectFilterFields, domain.AsError(err))
	}
	if fm.Failed() {
		status = http.StatusUnprocessableEntity
	}
	ps, next, err := s.projects.FindProjects(ctx, st.Actor, f)
	if err != nil {
		s.fail(c, err)
		return
	}
	d := projectListData{Form: fm, Projects: ps, Regions: groups}
	if next != "" {
		q := filterQuery(fm.Values)
		q.Set("cursor", next)
		d.NextURL = "/projects?" + q.Encode()
	}
	s.render(c, status, "project_list", st.L.T("project_list.title"), d)
}

// publicFilter reads the list's filters from the query, keeping what was
// typed for the form.
func publicFilter(q url.Values, regions map[string]string, l *i18n.Localizer) (domain.ProjectFilter, *form) {
	fm := newForm(filterQuery(q))
	f := domain.ProjectFilter{Page: domain.Page{Cursor: q.Get("cursor")}}
	if st := domain.ProjectStatus(q.Get("status")); st.Valid() && st != domain.StatusDraft {
		f.Status = st
	}
	if _, ok := regions[q.Get("region")]; ok {
		f.RegionCode = q.Get("region")
	}
	if slices.Contains(domain.ServiceAreas, q.Get("category")) {
		f.Category = q.Get("category")
	}
	if m := domain.ProjectMethod(q.Get("method")); m.Valid() {
		f.Method = m
	}
	f.BudgetMinFen = filterYuan(fm, l, "budget_min", q.Get("budget_min"))
	f.BudgetMaxFen = filterYuan(fm, l, "budget_max", q.Get("budget_max"))
	if f.Page.Cursor != "" && f.Page.Normalize() != nil {
		f.Page.Cursor = ""
	}
	return f, fm
}

// filterYuan reads an optional budget bound in yuan, noting a problem on
// the form when it does not read.
func filterYuan(fm *form, l *i18n.Localizer, name, s string) int64 {
	if strings.TrimSpace(s) == "" {
		return 0
	}
	fen, ok := parseYuan(s)
	if !ok {
		fm.Errors[name] = append(fm.Errors[name], translateMessage(l, msgYuan))
		return 0
	}
	return fen
}

// filterQuery keeps the list's filter parameters, for the form and the
// next page's link.
func filterQuery(q url.Values) url.Values {
	out := url.Values{}
	for _, k := range []string{"status", "region", "category", "method", "budget_min", "budget_max"} {
		if v := q.Get(k); v != "" {
			out.Set(k, v)
		}
	}
	return out
}

// projectDetailData is what a project's page shows.
type projectDetailData struct {
	Project *domain.Project
	// CanEdit and CanCancel offer the bureau's staff their actions.
	CanEdit, CanCancel bool
	Published          bool
	// EligibleRegions names the regions bidders must come from.
	EligibleRegions []string
	// Questions is the questions section; nil hides it.
	Questions *questionData
	// CanBid offers the bid link; Opening is the opening record, empty
	// until the project is opened.
	CanBid  bool
	Opening []*domain.OpenedBid
	// Evaluation is the ranking once finalised, or the bureau's link to
	// the evaluation page; nil hides it.
	Evaluation *evaluationSectionData
	// Award is the award, its complaints and their forms; nil hides it.
	Award *awardData
	// OCDS is the address of the project's Open Contracting record.
	OCDS string
}

// projectDetail shows a project: to everyone once published, a draft
// only to its bureau (the service decides).
func (s *Server) projectDetail(c *gin.Context) {
	p, ok := s.loadProject(c)
	if !ok {
		return
	}
	s.renderProject(c, http.StatusOK, p, nil)
}

// renderProject renders a project's page; edit, when not nil, marks a
// failed question form on it.
func (s *Server) renderProject(c *gin.Context, status int, p *domain.Project, edit func(*questionData)) {
	st := stateOf(c)
	_, names, err := s.regions.tree(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	d := projectDetailData{Project: p, Published: c.Query("published") == "1", OCDS: s.ocdsRecord(p)}
	for _, code := range p.Eligibility.RegionCodes {
		d.EligibleRegions = append(d.EligibleRegions, cmp.Or(names[code], code))
	}
	if st.Actor.Membership(p.BureauID) != nil {
		bureau, err := s.orgs.FindOrganizationByID(c.Request.Context(), p.BureauID)
		if err != nil {
			s.fail(c, err)
			return
		}
		d.CanEdit = p.Status == domain.StatusDraft && domain.Can(st.Actor, domain.ActionProjectEdit, bureau) == nil
		d.CanCancel = domain.CanTransition(p.Status, domain.StatusCancelled) &&
			domain.Can(st.Actor, domain.ActionProjectCancel, bureau) == nil
	}
	if d.Questions, err = s.questionSection(c, p); err != nil {
		s.fail(c, err)
		return
	}
	if d.CanBid, d.Opening, err = s.bidSection(c, p); err != nil {
		s.fail(c, err)
		return
	}
	if d.Evaluation, err = s.evaluationSection(c, p, d.Opening); err != nil {
		s.fail(c, err)
		return
	}
	if d.Award, err = s.awardSection(c, p, d.Evaluation, d.Opening); err != nil {
		s.fail(c, err)
		return
	}
	if edit != nil && d.Questions != nil {
		edit(d.Questions)
	}
	s.render(c, status, "project_detail", p.Title, d)
}
