// Package demo seeds a database with realistic demo organisations and
// people for `hutong seed --demo` and `hutong serve --demo`. Seeding is
// idempotent: it looks everything up first and creates only what is
// missing, so running it again changes nothing.
package demo

import (
	"context"
	"errors"
	"fmt"

	"hutong/domain"
)

// Services are the domain services the seed goes through, so that demo
// data passes the same validation, policy and audit as anyone's.
type Services struct {
	Users domain.UserService
	// Auth finds demo accounts that already exist, by signing in with
	// the demo password: no service looks an account up by login.
	Auth      domain.AuthService
	Orgs      domain.OrganizationService
	Members   domain.MemberService
	Alliances domain.AllianceService
	Regions   domain.RegionService
	// Projects, Calendar and Questions seed the demo tenders; without
	// Projects no tender is seeded.
	Projects  domain.ProjectService
	Calendar  domain.CalendarService
	Questions domain.QuestionService
	// History replays the past demo tenders (opened, awarded,
	// contracted); nil leaves them out.
	History *History
	// WishServices seed the micro-wish programme, its children and
	// wishes at every stage; nil leaves them out.
	WishServices *WishServices
}

// Result is what a seed run found or made.
type Result struct {
	// Password is the one password of every demo account.
	Password string
	// SignIns lists the demo accounts, the administrator first.
	SignIns []SignIn
	// Organizations are the demo organisations, in seeding order.
	Organizations []*domain.Organization
	// Projects are the demo tender projects, in seeding order.
	Projects []*domain.Project
	// Created counts the accounts, organisations, memberships,
	// verifications, alliance steps, projects, publications and questions
	// this run made; 0 on a rerun.
	Created int
}

// SignIn is one demo account, for printing.
type SignIn struct {
	Login        string
	Phone        string
	Name         string
	Role         string // "platform_admin", or the roles held, comma-separated
	Organization string
}

// seeder carries one run's state.
type seeder struct {
	s       Services
	res     *Result
	users   map[string]*domain.User // by person handle
	admin   *domain.User
	orgs    map[string]*domain.Organization // by spec key
	byCode  map[string]*domain.Organization // existing, by credit code
	created int
}

// Seed creates whatever demo data is missing and reports the demo
// sign-ins.
func Seed(ctx context.Context, s Services) (*Result, error) {
	if s.Users == nil || s.Auth == nil || s.Orgs == nil || s.Members == nil || s.Alliances == nil || s.Regions == nil {
		return nil, errors.New("demo: every service must be set")
	}
	sd := &seeder{s: s, res: &Result{Password: Password}, users: map[string]*domain.User{}, orgs: map[string]*domain.Organization{}}
	steps := []func(context.Context) error{sd.ensurePeople, sd.ensureAdmin, sd.ensureOrgs, sd.ensureMembers, sd.ensureVerified, sd.ensureAlliance, sd.ensureProjects, sd.ensureHistory, sd.ensureWishes}
	for _, step := range steps {
		if err := step(ctx); err != nil {
			return nil, fmt.Errorf("demo: %w", err)
		}
	}
	sd.res.Created = sd.created
	sd.res.SignIns = sd.signIns()
	for _, spec := range orgs {
		sd.res.Organizations = append(sd.res.Organizations, sd.orgs[spec.Key])
	}
	return sd.res, nil
}

// actor builds the acting user with their current memberships, which
// change as the seed creates organisations.
func (sd *seeder) actor(ctx context.Context, u *domain.User) (*domain.Actor, error) {
	ms, err := sd.s.Members.FindMemberships(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	return &domain.Actor{User: u, Memberships: ms}, nil
}

// signIns lists the accounts with the roles they hold in the demo.
func (sd *seeder) signIns() []SignIn {
	out := []SignIn{{Login: admin.Email, Name: admin.Name, Role: "platform_admin"}}
	for _, spec := range orgs {
		add := func(who string, roles []domain.Role) {
			p := people[who]
			out = append(out, SignIn{Login: p.Email, Phone: p.Phone, Name: p.Name, Role: joinRoles(roles), Organization: spec.Input.Name})
		}
		add(spec.Owner, []domain.Role{domain.RoleOwner})
		for _, m := range spec.Members {
			add(m.Who, m.Roles)
		}
	}
	return out
}

func joinRoles(roles []domain.Role) string {
	s := ""
	for i, r := range roles {
		if i > 0 {
			s += ","
		}
		s += string(r)
	}
	return s
}
