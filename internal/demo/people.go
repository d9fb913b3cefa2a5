package demo

import (
	"context"
	"fmt"
	"sort"

	"hutong/domain"
)

// ensurePeople registers every demo person, or finds them when they exist.
func (sd *seeder) ensurePeople(ctx context.Context) error {
	handles := make([]string, 0, len(people))
	for h := range people {
		handles = append(handles, h)
	}
	sort.Strings(handles) // a stable order keeps reruns and logs alike
	for _, h := range handles {
		u, err := sd.ensureUser(ctx, people[h])
		if err != nil {
			return err
		}
		sd.users[h] = u
	}
	return nil
}

// ensureAdmin makes sure admin@hutong.demo exists with platform-admin
// rights. The right is granted only when missing, since each grant is an
// audit entry.
func (sd *seeder) ensureAdmin(ctx context.Context) error {
	u, err := sd.ensureUser(ctx, admin)
	if err != nil {
		return err
	}
	if !u.IsPlatformAdmin {
		if u, err = sd.s.Users.CreatePlatformAdmin(ctx, registerInput(admin)); err != nil {
			return fmt.Errorf("grant platform admin to %s: %w", admin.Email, err)
		}
		sd.created++
	}
	sd.admin = u
	return nil
}

// ensureUser registers p; when the login is taken (ECONFLICT) the account
// is already there, and signing in with the demo password finds it.
func (sd *seeder) ensureUser(ctx context.Context, p person) (*domain.User, error) {
	u, err := sd.s.Users.Register(ctx, registerInput(p))
	if err == nil {
		sd.created++
		return u, nil
	}
	if domain.ErrorCode(err) != domain.ECONFLICT {
		return nil, fmt.Errorf("register %s: %w", p.Email, err)
	}
	u, err = sd.s.Auth.Authenticate(ctx, domain.Credentials{Login: p.Email, Password: Password})
	if err != nil {
		return nil, fmt.Errorf("demo account %s exists but does not take the demo password: %w", p.Email, err)
	}
	return u, nil
}

func registerInput(p person) domain.RegisterInput {
	return domain.RegisterInput{Email: p.Email, Phone: p.Phone, Password: Password, DisplayName: p.Name, Locale: domain.LocaleZH}
}
