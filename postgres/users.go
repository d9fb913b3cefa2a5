package postgres

import (
	"context"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"hutong/domain"
)

// UserService manages accounts.
type UserService struct{ db *DB }

var _ domain.UserService = (*UserService)(nil)

// NewUserService returns the account service.
func NewUserService(db *DB) *UserService { return &UserService{db: db} }

// Register opens an account and, in the same transaction, records it in
// the audit log and puts a welcome note in the new inbox. A taken email or
// phone is ECONFLICT naming the field.
func (s *UserService) Register(ctx context.Context, in domain.RegisterInput) (*domain.User, error) {
	if err := in.Normalize(); err != nil {
		return nil, err
	}
	hash, err := hashPassword(in.Password)
	if err != nil {
		return nil, err
	}
	var u *domain.User
	err = s.db.tx(ctx, func(tx *gorm.DB) error {
		if err := checkLoginFree(tx, in); err != nil {
			return err
		}
		u, err = s.insert(tx, in, hash, false, domain.AuditUserRegistered)
		return err
	})
	return u, err
}

// CreatePlatformAdmin registers an account with platform-admin rights, or
// grants them to the one existing account with that email or phone (whose
// password it leaves alone).
func (s *UserService) CreatePlatformAdmin(ctx context.Context, in domain.RegisterInput) (*domain.User, error) {
	if err := in.Normalize(); err != nil {
		return nil, err
	}
	hash, err := hashPassword(in.Password)
	if err != nil {
		return nil, err
	}
	var u *domain.User
	err = s.db.tx(ctx, func(tx *gorm.DB) error {
		var rows []userRow
		if err := loginQuery(tx, in).Clauses(clause.Locking{Strength: "UPDATE"}).Find(&rows).Error; err != nil {
			return err
		}
		switch len(rows) {
		case 0:
			u, err = s.insert(tx, in, hash, true, domain.AuditAdminCreated)
			return err
		case 1:
			u, err = s.grantAdmin(tx, &rows[0])
			return err
		}
		return domain.Errorf(domain.ECONFLICT, "the email and the phone belong to different accounts")
	})
	return u, err
}

func (s *UserService) insert(tx *gorm.DB, in domain.RegisterInput, hash string, admin bool, action string) (*domain.User, error) {
	row := userRow{
		ID: domain.NewID(), Email: nullable(in.Email), Phone: nullable(in.Phone), PasswordHash: hash,
		DisplayName: in.DisplayName, Locale: in.Locale, IsPlatformAdmin: admin,
	}
	if err := tx.Create(&row).Error; err != nil {
		return nil, err
	}
	u := row.domain()
	actor := &domain.Actor{User: u}
	data := map[string]any{"email": in.Email != "", "phone": in.Phone != "", "platform_admin": admin}
	if err := s.db.audit(tx, actor, nil, action, "user", u.ID.String(), data); err != nil {
		return nil, err
	}
	if err := s.db.notify(tx, u.ID, domain.NotifyWelcome, map[string]string{"name": u.DisplayName}, "/"); err != nil {
		return nil, err
	}
	return u, nil
}

func (s *UserService) grantAdmin(tx *gorm.DB, row *userRow) (*domain.User, error) {
	if err := tx.Model(row).Update("is_platform_admin", true).Error; err != nil {
		return nil, err
	}
	row.IsPlatformAdmin = true
	u := row.domain()
	data := map[string]any{"existing_account": true}
	if err := s.db.audit(tx, nil, nil, domain.AuditAdminCreated, "user", u.ID.String(), data); err != nil {
		return nil, err
	}
	return u, nil
}

// loginQuery selects the accounts holding the input's email or phone.
func loginQuery(tx *gorm.DB, in domain.RegisterInput) *gorm.DB {
	return tx.Where("email = ? OR phone = ?", nullable(in.Email), nullable(in.Phone))
}

// checkLoginFree answers ECONFLICT naming every contact field already
// taken, so the person learns about both at once. The unique constraints
// still decide when two registrations race.
func checkLoginFree(tx *gorm.DB, in domain.RegisterInput) error {
	var rows []userRow
	if err := loginQuery(tx, in).Select("email", "phone").Find(&rows).Error; err != nil {
		return err
	}
	e := &domain.Error{Code: domain.ECONFLICT}
	for _, r := range rows {
		if in.Email != "" && deref(r.Email) == in.Email {
			e.Fields = append(e.Fields, domain.FieldError{Field: "email", Message: conflictMessages["users_email_key"]})
		}
		if in.Phone != "" && deref(r.Phone) == in.Phone {
			e.Fields = append(e.Fields, domain.FieldError{Field: "phone", Message: conflictMessages["users_phone_key"]})
		}
	}
	if len(e.Fields) == 0 {
		return nil
	}
	e.Message = e.Fields[0].Message
	return e
}

// FindUserByID returns an account; an unknown id is ENOTFOUND.
func (s *UserService) FindUserByID(ctx context.Context, id uuid.UUID) (*domain.User, error) {
	var row userRow
	if err := s.db.conn(ctx).Where("id = ?", id).Take(&row).Error; err != nil {
		return nil, mapError(err)
	}
	return row.domain(), nil
}

// SetLocale records the language a person reads pages and mail in.
func (s *UserService) SetLocale(ctx context.Context, userID uuid.UUID, locale string) error {
	if locale != domain.LocaleZH && locale != domain.LocaleEN {
		return domain.Invalid("locale", "must be zh-CN or en")
	}
	res := s.db.conn(ctx).Model(&userRow{}).Where("id = ?", userID).Update("locale", locale)
	if res.Error != nil {
		return mapError(res.Error)
	}
	if res.RowsAffected == 0 {
		return domain.Errorf(domain.ENOTFOUND, "user not found")
	}
	return nil
}
