package domain

// Actions on projects. Each is decided by Can on the project's bureau.
const (
	ActionProjectCreate  Action = "project.create"
	ActionProjectEdit    Action = "project.edit"
	ActionProjectPublish Action = "project.publish"
	ActionProjectCancel  Action = "project.cancel"
)

// tenderAllowed decides the tender actions: a verified bureau's owners,
// admins and staff run its projects (an unverified bureau may not spend
// public money through the platform yet), and only a platform admin edits
// the working-day calendar.
func tenderAllowed(a *Actor, action Action, org *Organization) bool {
	switch action {
	case ActionCalendarEdit:
		return a.PlatformAdmin()
	case ActionProjectCreate, ActionProjectEdit, ActionProjectPublish, ActionProjectCancel:
		return org != nil && org.Kind == KindBureau && org.Verified() &&
			a.HasRole(org.ID, RoleOwner, RoleAdmin, RoleStaff)
	}
	return false
}
