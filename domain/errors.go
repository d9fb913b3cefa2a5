package domain

import (
	"errors"
	"fmt"
	"time"
)

// Error codes. api/ holds the one map from code to HTTP status.
const (
	ECONFLICT     = "conflict"     // duplicate or wrong state (409)
	EFORBIDDEN    = "forbidden"    // signed in but not allowed (403)
	EINTERNAL     = "internal"     // a bug or an outage (500)
	EINVALID      = "invalid"      // input failed validation (422)
	EMALFORMED    = "malformed"    // the request could not be parsed (400)
	ENOTFOUND     = "not_found"    // missing, or not visible to the caller (404)
	ETOOLARGE     = "too_large"    // request body over the limit (413)
	ETOOMANY      = "too_many"     // rate limited (429)
	EUNAUTHORIZED = "unauthorized" // not signed in, or bad credentials (401)
	EUNAVAILABLE  = "unavailable"  // a dependency is down; try again (503)
)

// FieldError names one invalid input field and says what is wrong with it.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Error is the one error type of the domain. Services return it (wrapped
// with %w where context helps) and adapters translate its Code.
type Error struct {
	Code    string
	Message string
	// Fields lists invalid fields for EINVALID errors.
	Fields []FieldError
	// RetryAfter tells a rate-limited caller when to come back (ETOOMANY).
	RetryAfter time.Duration
}

// Error implements the error interface.
func (e *Error) Error() string {
	return fmt.Sprintf("hutong error: code=%s message=%s", e.Code, e.Message)
}

// Errorf builds an Error with a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Invalid builds an EINVALID error for a single field.
func Invalid(field, message string) *Error {
	return &Error{Code: EINVALID, Message: "invalid input", Fields: []FieldError{{Field: field, Message: message}}}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL
// for any other non-nil error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the human message of a domain error, and a generic
// message for internal errors so that no internal detail leaks to callers.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}

// AsError returns the *Error in err's chain, or nil.
func AsError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return nil
}

// Validation collects field errors while an input is checked, so that a
// caller learns every problem at once.
type Validation struct {
	fields []FieldError
}

// Add records a problem with a field.
func (v *Validation) Add(field, message string) {
	v.fields = append(v.fields, FieldError{Field: field, Message: message})
}

// Check records message for field when ok is false.
func (v *Validation) Check(ok bool, field, message string) {
	if !ok {
		v.Add(field, message)
	}
}

// Err returns an EINVALID error listing every problem, or nil.
func (v *Validation) Err() error {
	if len(v.fields) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Message: "invalid input", Fields: v.fields}
}
