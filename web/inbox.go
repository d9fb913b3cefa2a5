package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"hutong/domain"
)

// inboxItem is a notification rendered in the reader's language.
type inboxItem struct {
	N       *domain.Notification
	Subject string
	Body    string
	Link    string // a local path, or ""
}

// inboxData is what the inbox shows.
type inboxData struct {
	Items   []inboxItem
	NextURL string
}

// inbox lists the reader's notifications, newest first.
func (s *Server) inbox(c *gin.Context) {
	st := stateOf(c)
	if st.Actor.Anonymous() {
		s.fail(c, domain.Errorf(domain.EUNAUTHORIZED, "sign in first"))
		return
	}
	ns, next, err := s.notifications.FindNotifications(c.Request.Context(), st.Actor, domain.Page{Cursor: c.Query("cursor")})
	if err != nil {
		s.fail(c, err)
		return
	}
	d := inboxData{Items: make([]inboxItem, 0, len(ns))}
	for _, n := range ns {
		d.Items = append(d.Items, s.inboxItem(st, n))
	}
	if next != "" {
		d.NextURL = "/inbox?" + url.Values{"cursor": {next}}.Encode()
	}
	s.render(c, http.StatusOK, "inbox", st.L.T("inbox.title"), d)
}

// inboxItem renders a notification from the notify.<kind> messages with
// its params. A kind the catalogue does not know (yet) gets a generic
// subject and no body rather than a raw message id.
func (s *Server) inboxItem(st *state, n *domain.Notification) inboxItem {
	data := make(map[string]any, len(n.Params)+1)
	for k, v := range n.Params {
		data[k] = v
	}
	if roles, ok := n.Params["roles"]; ok {
		data["roles"] = roleNames(st, roles)
	}
	data["recipient"] = st.user().DisplayName
	it := inboxItem{N: n, Subject: st.L.T("inbox.untitled")}
	if id := "notify." + n.Kind + ".subject"; st.L.Has(id) {
		it.Subject = st.L.T(id, data)
	}
	if id := "notify." + n.Kind + ".body"; st.L.Has(id) {
		it.Body = st.L.T(id, data)
	}
	if n.Link != "" && safeNext(n.Link) == n.Link {
		it.Link = n.Link
	}
	return it
}

// markRead marks one notification read and goes back to the inbox.
func (s *Server) markRead(c *gin.Context) {
	id, err := domain.ParseID(c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := s.notifications.MarkRead(c.Request.Context(), stateOf(c).Actor, id); err != nil {
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/inbox")
}

// roleNames turns a notification's comma-separated role keys into the
// reader's words; an unknown key passes through.
func roleNames(st *state, roles string) string {
	var out []string
	for _, r := range strings.Split(roles, ",") {
		if r = strings.TrimSpace(r); r == "" {
			continue
		}
		if id := "role." + r; st.L.Has(id) {
			r = st.L.T(id)
		}
		out = append(out, r)
	}
	return strings.Join(out, st.L.T("list.separator"))
}
