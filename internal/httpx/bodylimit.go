package httpx

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"
)

// BodyLimit caps the request body at n bytes with http.MaxBytesReader, so a
// huge body costs us at most n bytes of reading. Reads past the limit fail
// with *http.MaxBytesError, which TooLarge recognises; each surface then
// answers 413 in its own format.
func BodyLimit(n int64) gin.HandlerFunc {
	return func(c *gin.Context) {
		if c.Request.Body != nil {
			c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, n)
		}
		c.Next()
	}
}

// TooLarge reports whether err came from reading past a BodyLimit.
func TooLarge(err error) bool {
	var mb *http.MaxBytesError
	return errors.As(err, &mb)
}
