package api

import (
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"hutong/domain"
	"hutong/internal/httpx"
)

// maxBody is the largest request body the API reads (1 MiB).
const maxBody = 1 << 20

// decode reads the request body into dst strictly: exactly one JSON object,
// no unknown fields (so a client cannot slip in verification_status or
// any other field the API does not take), nothing after it. Type mistakes
// are EINVALID naming the field; everything else unreadable is
// EMALFORMED; a body over the limit is ETOOLARGE.
func decode(c *gin.Context, dst any) error {
	dec := json.NewDecoder(c.Request.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return decodeError(err)
	}
	var rest json.RawMessage
	switch err := dec.Decode(&rest); {
	case errors.Is(err, io.EOF):
		return nil
	case httpx.TooLarge(err):
		return tooLarge()
	}
	return domain.Errorf(domain.EMALFORMED, "request body has more after the JSON object")
}

func decodeError(err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case httpx.TooLarge(err):
		return tooLarge()
	case errors.Is(err, io.EOF):
		return domain.Errorf(domain.EMALFORMED, "request body is empty; a JSON object is required")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return domain.Errorf(domain.EMALFORMED, "request body ends in the middle of the JSON")
	case errors.As(err, &syntax):
		return domain.Errorf(domain.EMALFORMED, "request body is not valid JSON (at byte %d)", syntax.Offset)
	case errors.As(err, &typ) && typ.Field != "":
		return domain.Invalid(typ.Field, "must be "+jsonKind(typ.Type))
	case errors.As(err, &typ):
		return domain.Errorf(domain.EMALFORMED, "request body must be a JSON object")
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		name, _ = strconv.Unquote(name)
		return &domain.Error{Code: domain.EMALFORMED, Message: "unknown field " + strconv.Quote(name),
			Fields: []domain.FieldError{{Field: name, Message: "unknown field"}}}
	}
	return domain.Errorf(domain.EMALFORMED, "request body could not be read")
}

func tooLarge() error {
	return domain.Errorf(domain.ETOOLARGE, "request body is larger than %d bytes", maxBody)
}

// jsonKind names the JSON type a Go type expects, for field messages.
func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Pointer:
		return jsonKind(t.Elem())
	}
	return "an object"
}
