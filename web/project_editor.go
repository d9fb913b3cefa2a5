package web

import (
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"hutong/domain"
)

// editorData is what the project editor shows: the content form, and for
// a saved draft the publish form below it.
type editorData struct {
	Form       *form
	Bureau     *domain.Organization
	Bureaus    []*domain.Membership // bureaus the reader belongs to, to choose from when creating
	Project    *domain.Project      // nil when creating
	Regions    []regionGroup
	Tech       []techRow
	Targets    []targetRow
	Milestones []milestoneRow
	Action     string
	Saved      bool
	Publish    *publishData
}

// newProjectForm shows a blank editor for one of the reader's bureaus
// (?bureau=, else the first); domain.Can decides who may create.
func (s *Server) newProjectForm(c *gin.Context) {
	bureau, ok := s.bureauFor(c, c.Query("bureau"), domain.ActionProjectCreate)
	if !ok {
		return
	}
	d := &editorData{Form: newForm(newProjectValues(bureau.ID.String())), Bureau: bureau}
	s.renderEditor(c, http.StatusOK, d)
}

// createProject saves a new draft and opens it in the editor.
func (s *Server) createProject(c *gin.Context) {
	bureau, ok := s.bureauFor(c, c.Request.PostForm.Get("bureau_id"), domain.ActionProjectCreate)
	if !ok {
		return
	}
	d := &editorData{Form: newForm(c.Request.PostForm), Bureau: bureau}
	in, err := readProjectForm(c.Request.PostForm)
	if err == nil {
		var p *domain.Project
		if p, err = s.projects.CreateProject(c.Request.Context(), stateOf(c).Actor, bureau.ID, in); err == nil {
			c.Redirect(http.StatusSeeOther, editURL(p)+"?saved=1")
			return
		}
	}
	s.editorFailed(c, d, err)
}

// editProjectForm shows a draft in the editor; a project past its draft
// has nothing left to edit and is shown on its public page.
func (s *Server) editProjectForm(c *gin.Context) {
	p, bureau, ok := s.projectFor(c, domain.ActionProjectEdit)
	if !ok {
		return
	}
	if p.Status != domain.StatusDraft {
		c.Redirect(http.StatusSeeOther, "/projects/"+p.ID.String())
		return
	}
	d := &editorData{Form: newForm(projectValues(p)), Bureau: bureau, Project: p, Saved: c.Query("saved") == "1"}
	s.renderEditor(c, http.StatusOK, d)
}

// updateProject saves the editor over a draft.
func (s *Server) updateProject(c *gin.Context) {
	p, bureau, ok := s.projectFor(c, domain.ActionProjectEdit)
	if !ok {
		return
	}
	d := &editorData{Form: newForm(c.Request.PostForm), Bureau: bureau, Project: p}
	in, err := readProjectForm(c.Request.PostForm)
	if err == nil {
		if _, err = s.projects.UpdateProject(c.Request.Context(), stateOf(c).Actor, p.ID, in); err == nil {
			c.Redirect(http.StatusSeeOther, editURL(p)+"?saved=1")
			return
		}
	}
	s.editorFailed(c, d, err)
}

// readProjectForm reads the editor. When a value cannot be read, the
// domain's own validation runs too, so the officer learns every problem
// at once; a field is reported once, with the reading problem.
func readProjectForm(f url.Values) (domain.ProjectInput, error) {
	in, v := projectInput(f)
	read := v.Err()
	if read == nil {
		return in, nil
	}
	bad := map[string]bool{}
	for _, fe := range domain.AsError(read).Fields {
		bad[fe.Field] = true
	}
	if e := domain.AsError(in.Normalize()); e != nil {
		for _, fe := range e.Fields {
			if !bad[fe.Field] {
				v.Add(fe.Field, fe.Message)
			}
		}
	}
	return in, v.Err()
}

// editorFailed shows the editor again with its problems, or the error page
// for anything the officer cannot fix in the form.
func (s *Server) editorFailed(c *gin.Context, d *editorData, err error) {
	code := domain.ErrorCode(err)
	if formStatus[code] == 0 {
		s.fail(c, err)
		return
	}
	s.applyError(stateOf(c), d.Form, projectFields, domain.AsError(err))
	s.renderEditor(c, formStatus[code], d)
}

// renderEditor renders the editor with its tables laid out from the form,
// and the publish form under a saved draft.
func (s *Server) renderEditor(c *gin.Context, status int, d *editorData) {
	st, ctx := stateOf(c), c.Request.Context()
	groups, _, err := s.regions.tree(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	f := d.Form.Values
	d.Regions, d.Tech, d.Targets, d.Milestones = groups, techRows(f), targetRows(f), milestoneRows(f)
	d.Bureaus = bureauMemberships(st.Actor)
	d.Action = "/bureau/projects/new"
	title := st.L.T("project_form.new_title")
	if p := d.Project; p != nil {
		d.Action, title = editURL(p), st.L.T("project_form.edit_title", map[string]any{"Title": p.Title})
		if d.Publish == nil {
			if d.Publish, err = s.newPublishData(ctx, p); err != nil {
				s.fail(c, err)
				return
			}
		}
	}
	s.render(c, status, "project_form", title, d)
}

// editURL is where a project's editor lives.
func editURL(p *domain.Project) string { return "/bureau/projects/" + p.ID.String() + "/edit" }
