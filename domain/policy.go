package domain

import "github.com/google/uuid"

// Actor is who is acting: a signed-in user with their memberships, or
// nobody (a nil *Actor or a nil User is anonymous).
type Actor struct {
	User        *User
	Memberships []*Membership
	// Scopes limits what a bearer token may do; nil means a page session,
	// which may do everything its user may.
	Scopes []string
}

// Anonymous reports whether nobody is signed in.
func (a *Actor) Anonymous() bool { return a == nil || a.User == nil }

// Membership returns the actor's membership of org, or nil.
func (a *Actor) Membership(org uuid.UUID) *Membership {
	if a.Anonymous() {
		return nil
	}
	for _, m := range a.Memberships {
		if m.OrganizationID == org {
			return m
		}
	}
	return nil
}

// HasRole reports whether the actor holds any of roles in org.
func (a *Actor) HasRole(org uuid.UUID, roles ...Role) bool {
	m := a.Membership(org)
	if m == nil {
		return false
	}
	for _, r := range roles {
		if m.Has(r) {
			return true
		}
	}
	return false
}

// PlatformAdmin reports whether the actor administers the platform.
func (a *Actor) PlatformAdmin() bool { return !a.Anonymous() && a.User.IsPlatformAdmin }

// Action names something an actor may want to do to an object.
type Action string

// Actions on organisations.
const (
	ActionOrgCreate        Action = "org.create"
	ActionOrgUpdate        Action = "org.update"
	ActionOrgViewMembers   Action = "org.members.view"
	ActionOrgManageMembers Action = "org.members.manage"
	ActionOrgManageOwners  Action = "org.owners.manage"
	ActionOrgVerify        Action = "org.verify"
	ActionAllianceInvite   Action = "alliance.invite"
	ActionAllianceConfirm  Action = "alliance.confirm"
)

// Can answers whether actor may do action on org. It is the one place the
// rule lives: API handlers, pages and services all ask it. It returns nil,
// or EUNAUTHORIZED for anonymous actors and EFORBIDDEN for the rest.
func Can(actor *Actor, action Action, org *Organization) error {
	if actor.Anonymous() {
		return Errorf(EUNAUTHORIZED, "sign in first")
	}
	if allowed(actor, action, org) {
		return nil
	}
	return Errorf(EFORBIDDEN, "you may not do this")
}

func allowed(a *Actor, action Action, org *Organization) bool {
	switch action {
	case ActionOrgCreate:
		return true
	case ActionOrgVerify:
		return a.PlatformAdmin()
	case ActionSearchSynonyms:
		return a.PlatformAdmin()
	case ActionProjectCreate, ActionProjectEdit, ActionProjectPublish, ActionProjectCancel, ActionCalendarEdit:
		return tenderAllowed(a, action, org)
	case ActionBidSubmit, ActionBidWithdraw, ActionBidView:
		return bidAllowed(a, action, org)
	case ActionQuestionAsk, ActionQuestionAnswer:
		return questionAllowed(a, action, org)
	case ActionEvaluationScore, ActionEvaluationManage:
		return evaluationAllowed(a, action, org)
	case ActionAwardManage, ActionComplaintFile:
		return awardAllowed(a, action, org)
	case ActionContractReport, ActionContractReview:
		return contractAllowed(a, action, org)
	case ActionProgrammeManage, ActionHostAnswer, ActionChildManage, ActionWishWrite, ActionWishReview:
		return wishAllowed(a, action, org)
	case ActionHostFinance:
		return financeAllowed(a, org)
	case ActionMatchPledge:
		return matchAllowed(a, org)
	case ActionActivityManage, ActionSafeguardingRecord:
		return volunteeringAllowed(a, action, org)
	}
	if org == nil {
		return false
	}
	switch action {
	case ActionOrgUpdate, ActionOrgViewMembers, ActionOrgManageMembers:
		return a.HasRole(org.ID, RoleOwner, RoleAdmin)
	case ActionOrgManageOwners:
		return a.HasRole(org.ID, RoleOwner)
	case ActionAllianceInvite:
		return org.Kind == KindAlliance && a.HasRole(org.ID, RoleOwner, RoleAdmin)
	case ActionAllianceConfirm:
		return a.HasRole(org.ID, RoleOwner, RoleAdmin)
	}
	return false
}

// HasScope reports whether a token-bound actor carries scope; page sessions
// carry every scope.
func (a *Actor) HasScope(scope string) bool {
	if a == nil || a.Scopes == nil {
		return true
	}
	for _, s := range a.Scopes {
		if s == ScopeAll || s == scope {
			return true
		}
	}
	return false
}
